//! `incidents export`: the dataset with its review applied, as JSON, JSON
//! Lines or CSV.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use super::print_errors;
use crate::review::export::{export as write_export, ExportFormat, ExportOptions};
use crate::review::write_durably;
use crate::review::{ReviewState, StatusFilter};

/// What `incidents export` was asked to do.
pub struct ExportArgs<'a> {
    pub path: Option<&'a Path>,
    pub reviews: Option<&'a Path>,
    /// `-` is standard output.
    pub output: &'a Path,
    pub format: Option<ExportFormat>,
    pub only: Option<StatusFilter>,
    pub ctx: &'a super::Context,
}

pub fn export(args: ExportArgs<'_>) -> ExitCode {
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            say!("incidents: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &ExportArgs<'_>) -> Result<(), String> {
    let opened = args.ctx.open_one(args.path);
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        return Err(format!(
            "{} in {}; nothing exported (`incidents check` lists them all)",
            crate::dataset::plural::of(opened.loaded.errors.len(), "error"),
            opened.label
        ));
    }
    let dataset = &opened.loaded.dataset;

    let journal_path = super::journal::journal_path(args.path, args.reviews)
        .map_err(|e| format!("cannot find the review journal: {e}"))?;
    let entries = match super::journal::read_entries(&journal_path, args.reviews.is_some())? {
        Some((entries, warnings)) => {
            for w in warnings {
                say!("incidents: {w}");
            }
            entries
        }
        None => {
            say!(
                "incidents: no reviews yet for {} (looked for {}); every incident is exported as unreviewed",
                opened.label,
                journal_path.display()
            );
            Vec::new()
        }
    };
    let (mut state, replay_warnings) = ReviewState::replay(&entries);
    for w in replay_warnings {
        say!("incidents: {}: {w}", journal_path.display());
    }
    let orphans = state.compare_with(&dataset.incidents);
    if !orphans.is_empty() {
        say!(
            "incidents: {} {} no longer in the dataset (first: {}); not exported",
            crate::dataset::plural::of(orphans.len(), "reviewed incident"),
            if orphans.len() == 1 { "is" } else { "are" },
            orphans[0]
        );
    }

    let to_stdout = args.output.as_os_str() == "-";
    // The dataset and the journal are never overwritten.
    let out_canonical = std::fs::canonicalize(args.output).ok();
    for (what, p) in [
        ("dataset", args.path),
        ("review journal", Some(&*journal_path)),
    ] {
        let same = p.and_then(|p| std::fs::canonicalize(p).ok());
        if !to_stdout && same.is_some() && same == out_canonical {
            return Err(format!(
                "{} is the {what}; export to another file",
                args.output.display()
            ));
        }
    }
    let format = args
        .format
        .or_else(|| ExportFormat::from_extension(args.output))
        .unwrap_or(ExportFormat::Jsonl);
    let options = ExportOptions {
        format,
        only: args.only,
    };
    let mut raw: Box<dyn BufRead> = match args.path {
        Some(p) => Box::new(BufReader::new(
            File::open(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(crate::SAMPLE_JSONL.as_bytes()),
    };
    let mut stats = None;
    let mut write = |out: &mut dyn Write| -> io::Result<()> {
        let s = write_export(&mut *raw, dataset, &state, options, out).map_err(|e| match e {
            // Kept whole, so a closed pipe is known as one.
            crate::review::export::ExportError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })?;
        stats = Some(s);
        Ok(())
    };
    let written = if to_stdout {
        let stdout = io::stdout();
        let mut lock = stdout.lock();
        write(&mut lock).and_then(|()| lock.flush())
    } else {
        write_durably(args.output, |w| write(w))
    };
    match written {
        // `| head`: the reader has what it wanted.
        Err(e) if to_stdout && super::out::closed_pipe(&e) => return Ok(()),
        other => other.map_err(|e| format!("{}: {e}", args.output.display()))?,
    }
    if let Some(s) = stats {
        say!(
            "incidents: exported {} of {}{} to {} with the reviews in {}",
            s.incidents,
            crate::dataset::plural::of(s.total_incidents, "incident"),
            if format == ExportFormat::Csv {
                String::new()
            } else {
                format!(
                    " and {}",
                    crate::dataset::plural::of(s.documents, "document")
                )
            },
            if to_stdout {
                "standard output".to_string()
            } else {
                args.output.display().to_string()
            },
            journal_path.display()
        );
    }
    Ok(())
}
