//! `incidents convert IN -o OUT.jsonl`: any dataset we read (JSON, JSONL,
//! an ACLED / UCDP GED / GTD CSV export) written in our JSONL format, so a
//! pipeline can add evidence to it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use super::print_errors;
use crate::dataset::{self, Location};

pub fn convert(input: &Path, output: &Path, skip_invalid: bool, ctx: &super::Context) -> ExitCode {
    convert_paths(&[input.to_path_buf()], output, skip_invalid, ctx)
}

/// [`convert`] of several inputs (articles): also `incidents extract`.
pub fn convert_paths(
    inputs: &[std::path::PathBuf],
    output: &Path,
    skip_invalid: bool,
    ctx: &super::Context,
) -> ExitCode {
    let to_stdout = output.as_os_str() == "-";
    if let Some(input) = inputs.iter().find(|i| !to_stdout && same_file(i, output)) {
        say!(
            "incidents: {} is the input; write the JSONL to another file",
            input.display()
        );
        return ExitCode::FAILURE;
    }
    let opened = ctx.open(inputs);
    let loaded = &opened.loaded;
    if !loaded.errors.is_empty() {
        print_errors(&opened, 20);
        let fatal = loaded
            .errors
            .iter()
            .any(|d| matches!(d.location, Location::File));
        if fatal || !skip_invalid {
            say!(
                "incidents: {} in {}; nothing was written{}.",
                dataset::plural::of(loaded.errors.len(), "error"),
                opened.label,
                if fatal {
                    ""
                } else {
                    "; --skip-invalid writes the records that loaded"
                }
            );
            return ExitCode::FAILURE;
        }
    }
    let ds = &loaded.dataset;
    // Articles skipped or read with a warning are worth seeing at once.
    if opened.drafted.is_some() {
        for w in &ds.warnings {
            say!("incidents: {w}");
        }
    }
    let written = if to_stdout {
        dataset::write_jsonl(ds, io::stdout().lock())
    } else {
        write_atomically(output, |file| dataset::write_jsonl(ds, file))
    };
    if let Err(e) = written {
        if to_stdout && super::out::closed_pipe(&e) {
            // `| head`: the reader has what it wanted.
            return ExitCode::SUCCESS;
        }
        say!("incidents: cannot write {}: {e}", output.display());
        return ExitCode::FAILURE;
    }
    let warnings = ds.warning_count();
    let drafted = opened
        .drafted
        .as_ref()
        .map_or(String::new(), |d| format!(" ({})", d.describe()));
    say!(
        "incidents: wrote {}{drafted} and {} from {} to {}{}",
        dataset::plural::of(ds.incidents.len(), "incident"),
        dataset::plural::of(ds.documents.len(), "document"),
        opened.label,
        if to_stdout {
            "standard output".to_string()
        } else {
            output.display().to_string()
        },
        if warnings > 0 {
            format!(
                "; {}, listed by `incidents check`",
                dataset::plural::of(warnings, "warning")
            )
        } else {
            String::new()
        }
    );
    ExitCode::SUCCESS
}

/// Both paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes a file so that a crash leaves either the old file or the whole
/// new one: a temporary file beside it (removed on any error), flushed to
/// disk, then renamed.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".incidents-convert.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is synced (Unix;
    // elsewhere a directory cannot be opened, and the rename stands).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
