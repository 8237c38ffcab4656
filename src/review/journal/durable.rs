//! Writing files so that they exist whole or not at all, for the journal
//! and for every file the review writes beside a dataset.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Creates an empty file at `path` so that it either exists whole or not
/// at all: temporary name, sync, rename, sync of the directory. Fails with
/// `AlreadyExists` rather than replace a file another opener just created.
pub fn create_durably(path: &Path) -> io::Result<()> {
    let tmp = temp_beside(path)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(path)
}

/// Writes a file atomically and durably: `fill` writes it under a
/// temporary name beside `path`, then it is synced, renamed over `path`,
/// and the directory synced. The temporary file is removed on failure.
pub fn write_durably(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_beside(path)?;
    let mut w = io::BufWriter::new(tmp.as_file());
    fill(&mut w)?;
    w.flush()?;
    drop(w);
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(path)
}

/// A new temporary file in `path`'s directory (so the rename stays on one
/// file system), named after it for whoever sees it in a listing.
fn temp_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let prefix = match path.file_name() {
        Some(name) => {
            let mut p = std::ffi::OsString::from(".");
            p.push(name);
            p.push(".");
            p
        }
        None => ".incidents.".into(),
    };
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(parent_dir(path))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn sync_dir(path: &Path) -> io::Result<()> {
    if !cfg!(unix) {
        return Ok(());
    }
    File::open(parent_dir(path))?.sync_all()
}
