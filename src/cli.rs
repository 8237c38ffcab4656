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
    /// Print the incidents a query lists, in the browser's order.
    ///
    /// QUERY is what you would type in the browser's search box (see the
    /// README for the language): `incidents search data.jsonl 'kirkuk
    /// killed>=2'`. Without PATH the embedded sample is searched.
    ///
    /// Prints `id<TAB>date<TAB>province<TAB>killed<TAB>wounded`, one incident
    /// per line; a missing date or province and an unknown count print as an
    /// empty field. With --json, one JSON object per line with every field.
    ///
    /// Exits like grep: 0 when something matched, 1 when nothing did, 2 on
    /// a malformed query or a dataset with errors (unless --skip-invalid).
    #[command(override_usage = "incidents search [OPTIONS] [PATH] QUERY")]
    Search {
        /// [PATH] QUERY: the dataset (default: the embedded sample), then the query.
        #[arg(required = true, num_args = 1..=2, value_names = ["PATH", "QUERY"])]
        args: Vec<String>,
        /// One JSON object per line: id, date, province, province_canonical,
        /// district, location, perpetrator, target, event_type, killed,
        /// wounded (null = unknown), confidence, documents, extra, warnings.
        #[arg(long)]
        json: bool,
        /// The order: date, province, killed, wounded or relevance (best
        /// match first). Missing values come last either way.
        #[arg(long, value_enum, default_value_t = SortArg::Date)]
        sort: SortArg,
        /// Reverse the order.
        #[arg(long)]
        desc: bool,
        /// Search the records that loaded even when others had errors.
        #[arg(long)]
        skip_invalid: bool,
    },
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Date,
    Province,
    Killed,
    Wounded,
    Relevance,
}
