//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal browser for incident datasets extracted from news articles.
///
/// Opens a dataset (JSON or JSON Lines, format version 1, or a CSV export of
/// ACLED, UCDP GED or the GTD) in a browser with a filterable list of
/// incidents, the source article of the selected one with each field's
/// evidence highlighted, and killed/wounded per province for the incidents
/// listed. Without PATH it opens the sample dataset built into the
/// program.
#[derive(Debug, Parser)]
#[command(name = "incidents", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Dataset to open (.json, .jsonl, or an ACLED / UCDP GED / GTD .csv
    /// export; the format is detected from the content). Default: the
    /// embedded sample dataset.
    pub path: Option<PathBuf>,

    /// Open the browser even when some records have errors, showing the
    /// records that loaded (the errors are printed first).
    #[arg(long)]
    pub skip_invalid: bool,

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
    },
    /// Write a dataset in our JSON Lines format (version 1), for instance an
    /// ACLED, UCDP GED or GTD CSV export, so a pipeline can add evidence.
    ///
    /// Documents come first, then incidents, one record a line with its
    /// "type"; columns the model has no field for are kept as extra fields;
    /// unknown counts are written as null. Refuses to write when records
    /// have errors, unless --skip-invalid.
    Convert {
        /// Dataset to read (any format `incidents` opens).
        input: PathBuf,
        /// File to write (replaced whole; `-` for standard output).
        #[arg(short, long)]
        output: PathBuf,
        /// Write the records that loaded even when others have errors.
        #[arg(long)]
        skip_invalid: bool,
    },
}
