//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal browser for incident datasets extracted from news articles.
///
/// Opens a dataset (JSON or JSON Lines, format version 1) in a browser with a
/// filterable list of incidents, the source article of the selected one with
/// each field's evidence highlighted, and killed/wounded per province for the
/// incidents listed. Without PATH it opens the sample dataset built into the
/// program.
#[derive(Debug, Parser)]
#[command(name = "incidents", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Dataset to open (.json or .jsonl; the format is detected from the
    /// content). Default: the embedded sample dataset.
    pub path: Option<PathBuf>,

    /// Open the browser even when some records have errors, showing the
    /// records that loaded (the errors are printed first).
    #[arg(long)]
    pub skip_invalid: bool,

    /// A gazetteer (JSON) of another country's provinces and districts, in
    /// addition to the built-in one for Iraq; repeatable. A name in a
    /// gazetteer given here wins over the built-in one.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset: print every error and warning, one per line, then a tally.
    ///
    /// Errors look like `PATH:LINE:COL: error: ...` (or name the record's
    /// index and id in a whole-file JSON dataset); warnings like
    /// `PATH: incident ID: warning: ...`. Exits 0 when there are no errors,
    /// 1 when there are.
    Check {
        /// Dataset to check. Default: the embedded sample.
        path: Option<PathBuf>,
        /// An extra gazetteer (JSON); repeatable.
        #[arg(long = "gazetteer", value_name = "FILE")]
        gazetteers: Vec<PathBuf>,
    },
    /// Print killed and wounded per province: the summary bar's numbers.
    ///
    /// Provinces are sorted by killed, descending. Unknown counts (null) are
    /// not added; they are counted in killed_unknown / wounded_unknown.
    /// Incidents without a province count under "(unknown)".
    Summary {
        /// Dataset to summarise. Default: the embedded sample.
        path: Option<PathBuf>,
        /// Print JSON: {"provinces": [{"province", "incidents", "killed",
        /// "wounded", "killed_unknown", "wounded_unknown"}...], "total": {...}}.
        #[arg(long)]
        json: bool,
        /// An extra gazetteer (JSON); repeatable.
        #[arg(long = "gazetteer", value_name = "FILE")]
        gazetteers: Vec<PathBuf>,
    },
}
