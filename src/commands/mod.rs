//! The subcommands, and opening a dataset for them and for the browser.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::dataset::Loaded;
use crate::summary::summarize;

/// `eprintln!` for everything the commands print on standard error: the
/// message is [`escaped`](crate::dataset::sanitize::escaped), so a path or
/// config text from outside cannot send a terminal escape sequence.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::out::say(&format!($($arg)*))
    };
}

/// `eprint!`, escaped as [`say!`] is.
macro_rules! say_part {
    ($($arg:tt)*) => {
        $crate::commands::out::say_part(&format!($($arg)*))
    };
}

pub mod articles;
mod browse;
mod check;
mod compare;
mod convert;
mod duplicates;
mod export;
mod journal;
mod open;
pub mod out;
mod search;
mod summary;
mod summary_by;

pub use check::check;
pub use compare::compare;
pub use convert::convert;
pub use duplicates::{duplicates, DuplicatesArgs};

/// `incidents extract INPUT... -o OUT`: articles to a dataset of drafts.
pub fn extract(inputs: &[PathBuf], output: &Path, skip_invalid: bool, ctx: &Context) -> ExitCode {
    convert::convert_paths(inputs, output, skip_invalid, ctx)
}
pub use browse::{browse, BrowseArgs};
pub use export::{export, ExportArgs};
pub use open::{open_sharing, print_errors, Context, Opened};
pub use search::{search, SearchArgs};
pub use summary::{summary, SummaryArgs};

pub use articles::{ArticleOptions, Drafted};

/// Sums the incidents of a loaded dataset (all of them).
pub fn summary_of(loaded: &Loaded) -> crate::summary::Summary {
    summarize(&loaded.dataset.incidents)
}

/// `incidents config`: where the file is looked for, or a default one.
pub fn config(path_flag: bool, default: bool, explicit: Option<&Path>) -> ExitCode {
    if default {
        out::print(&crate::input::Keymap::default_config_text());
        return ExitCode::SUCCESS;
    }
    let path = explicit
        .map(Path::to_path_buf)
        .or_else(crate::config::default_path);
    match path {
        Some(p) => {
            out::print(&format!("{}\n", crate::dataset::sanitize::shown_path(&p)));
            if !path_flag {
                let state = if p.exists() {
                    "present"
                } else {
                    "not present: defaults are used"
                };
                say!("({state}; `incidents config --default` prints a commented default)");
            }
            ExitCode::SUCCESS
        }
        None => {
            say!("incidents: no home directory, so no config directory");
            ExitCode::FAILURE
        }
    }
}

/// `incidents completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut cmd, "incidents", &mut std::io::stdout());
    ExitCode::SUCCESS
}
