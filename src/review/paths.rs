//! Where a dataset's journal lives by default, and who the reviewer is.
//!
//! One journal per dataset, in the user's data directory
//! (`directories::ProjectDirs::from("", "", "incidents")`, e.g.
//! `~/.local/share/incidents` on Linux), under `journals/`, named
//! `<dataset file stem>-<16 hex digits>.jsonl`. The digits are FNV-1a 64 of
//! the dataset's canonical path, so two datasets with one name in different
//! folders get different journals, and a dataset opened through a symlink
//! or a relative path gets the same one. The embedded sample's journal is
//! `sample-builtin.jsonl`.

use std::io;
use std::path::{Path, PathBuf};

use super::fingerprint::fnv1a64;
use super::lock::login_name;
use crate::dataset::sanitize::clean_inline;

/// The journal of the embedded sample dataset.
pub const SAMPLE_JOURNAL: &str = "sample-builtin.jsonl";

/// The directory holding the default journals (not created).
pub fn journals_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "incidents").map(|d| d.data_dir().join("journals"))
}

/// The journal file name for a dataset at `canonical` (already
/// canonicalised), or for the embedded sample with `None`.
pub fn journal_file_name(canonical: Option<&Path>) -> String {
    let Some(path) = canonical else {
        return SAMPLE_JOURNAL.to_string();
    };
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let stem = if stem.is_empty() {
        "dataset".to_string()
    } else {
        stem
    };
    format!("{stem}-{:016x}.jsonl", fnv1a64(path_bytes(path).as_ref()))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(path.to_string_lossy().into_owned().into_bytes())
}

/// The default journal for the dataset at `dataset` (`None`: the embedded
/// sample). Creates nothing; see [`prepare_default_journal`].
pub fn default_journal(dataset: Option<&Path>) -> io::Result<PathBuf> {
    let canonical = dataset.map(std::fs::canonicalize).transpose()?;
    let dir = journals_dir().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            "no home directory to keep review journals in; use --reviews FILE",
        )
    })?;
    Ok(dir.join(journal_file_name(canonical.as_deref())))
}

/// Like [`default_journal`], creating the journals directory so the
/// journal can be opened for writing.
pub fn prepare_default_journal(dataset: Option<&Path>) -> io::Result<PathBuf> {
    let path = default_journal(dataset)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(path)
}

/// The reviewer's name: the configured one, else the login name (`USER`,
/// `LOGNAME`), else `unknown`. Made safe for the terminal.
pub fn reviewer_name(configured: Option<&str>) -> String {
    configured
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(login_name)
        .map(|name| clean_inline(&name).0)
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_names_are_keyed_by_the_canonical_path() {
        let a = journal_file_name(Some(Path::new("/data/iraq 2019.jsonl")));
        let b = journal_file_name(Some(Path::new("/other/iraq 2019.jsonl")));
        assert!(a.starts_with("iraq_2019-"), "{a}");
        assert!(a.ends_with(".jsonl"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            journal_file_name(Some(Path::new("/data/iraq 2019.jsonl")))
        );
        // Pinned: the same dataset must find its journal in every release.
        assert_eq!(
            journal_file_name(Some(Path::new("/data/x.json"))),
            format!("x-{:016x}.jsonl", fnv1a64(b"/data/x.json"))
        );
        assert_eq!(journal_file_name(None), SAMPLE_JOURNAL);
    }

    #[test]
    fn a_configured_reviewer_wins() {
        assert_eq!(reviewer_name(Some("  ana ")), "ana");
        assert!(!reviewer_name(None).is_empty());
    }
}
