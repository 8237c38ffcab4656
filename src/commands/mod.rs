//! The subcommands, and opening a dataset for them and for the browser.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::dataset::{self, Loaded, Severity};
use crate::summary::summarize;

mod check;
mod search;
mod summary;

pub use check::check;
pub use search::search;
pub use summary::summary;

/// A loaded dataset and the name to print in messages for it.
pub struct Opened {
    pub loaded: Loaded,
    pub label: String,
}

/// Loads PATH, or the embedded sample when there is none. Shows progress on
/// standard error for large files when it is a terminal.
pub fn open(path: Option<&Path>) -> Opened {
    let Some(path) = path else {
        return Opened {
            loaded: crate::load_sample(),
            label: "sample (built in)".into(),
        };
    };
    let label = path.display().to_string();
    let show = std::io::stderr().is_terminal();
    let mut last_mb = 0;
    let mut stderr = std::io::stderr();
    let loaded = dataset::load_path(path, &mut |p| {
        let mb = p.bytes_read >> 20;
        if show && mb >= last_mb + 16 {
            last_mb = mb;
            let total = p
                .total_bytes
                .map_or(String::new(), |t| format!(" of {} MB", t >> 20));
            let _ = write!(
                stderr,
                "\rloading {label}: {mb} MB{total}, {} incidents",
                p.incidents
            );
        }
    });
    if show && last_mb > 0 {
        let _ = writeln!(stderr);
    }
    Opened { loaded, label }
}

/// Prints the errors of a load to standard error, at most `limit` of them.
pub fn print_errors(opened: &Opened, limit: usize) {
    let errors: Vec<_> = opened
        .loaded
        .errors
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    for d in errors.iter().take(limit) {
        eprintln!("{}", d.render(&opened.label));
    }
    if errors.len() > limit {
        eprintln!("… and {} more errors", errors.len() - limit);
    }
}

/// Loads and opens the browser.
pub fn browse(path: Option<&Path>, skip_invalid: bool) -> ExitCode {
    let opened = open(path);
    let fatal = opened
        .loaded
        .errors
        .iter()
        .any(|d| matches!(d.location, dataset::Location::File));
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        if fatal || !skip_invalid {
            eprintln!(
                "incidents: {} error(s) in {}; the browser did not start. `incidents check` lists them all{}.",
                opened.loaded.errors.len(),
                opened.label,
                if fatal { "" } else { "; --skip-invalid opens the records that loaded" }
            );
            return ExitCode::FAILURE;
        }
    }
    let name = opened.label.clone();
    let app = crate::app::App::new(opened.loaded.dataset, name);
    match crate::tui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("incidents: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Sums the incidents of a loaded dataset (all of them).
pub fn summary_of(loaded: &Loaded) -> crate::summary::Summary {
    summarize(&loaded.dataset.incidents)
}
