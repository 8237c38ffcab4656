//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::review::export::ExportFormat;
use crate::review::StatusFilter;

/// A terminal browser for incident datasets extracted from news articles.
///
/// Opens a dataset (JSON or JSON Lines, format version 1, or a CSV export of
/// ACLED, UCDP GED or the GTD) in a browser with a filterable list of
/// incidents, the source article of the selected one with each field's
/// evidence highlighted, and killed/wounded per province for the incidents
/// listed. Without PATH it opens the sample dataset built into the
/// program.
///
/// PATH may also be the articles themselves: a folder (every .txt, .md,
/// .html and .htm file in it, recursively), one or more article files, or a
/// dataset of documents that no incident cites. The built-in rules (or
/// --extractor) then propose draft incidents, each field with the words it
/// came from, to review. `incidents extract` writes the drafts to a file.
#[derive(Debug, Parser)]
#[command(name = "incidents", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Dataset to open (.json, .jsonl, or an ACLED / UCDP GED / GTD .csv
    /// export; the format is detected from the content), or articles to
    /// extract draft incidents from (folders, .txt, .md, .html, .htm).
    /// Default: the embedded sample dataset.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Open the browser even when some records have errors, showing the
    /// records that loaded (the errors are printed first).
    #[arg(long)]
    pub skip_invalid: bool,

    /// The review journal to write (a team keeps it beside the dataset).
    /// Default: one per dataset in the user's data directory.
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,

    /// Work as a picker: `y` prints the selected incident as JSON on
    /// standard output and quits (exit 1 if nothing was picked). The screen
    /// is drawn on the terminal, so output can be piped.
    #[arg(long)]
    pub print_selected: bool,

    /// Do not capture the mouse (leaves the terminal's own selection working).
    #[arg(long)]
    pub no_mouse: bool,

    /// Config file to read instead of the default one (see `incidents config --path`;
    /// the INCIDENTS_CONFIG environment variable does the same).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A gazetteer (JSON) of another country's provinces and districts, in
    /// addition to the built-in one for Iraq; repeatable; for the browser
    /// and every subcommand, before the config's `gazetteers`. A name in a
    /// gazetteer given here wins over the built-in one.
    #[arg(long = "gazetteer", global = true, value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    #[command(flatten)]
    pub articles: ArticleArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How articles become draft incidents; for the browser and every subcommand.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ArticleArgs {
    /// The publication date (YYYY-MM-DD) of every article given, which
    /// weekdays in the text ("on Sunday") are counted back from. Default:
    /// each file's front matter, HTML meta tags, a date in its file name
    /// (2021-11-25-kirkuk.txt), or a dateline in its text.
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub published: Option<String>,

    /// Word lists (JSON, like assets/lexicon/en.json) added to the built-in
    /// rules' attack words, actors, targets and event types; repeatable.
    #[arg(long = "lexicon", global = true, value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

    /// Extract with your own command instead of the built-in rules: it gets
    /// the documents as format-v1 JSON Lines on standard input and prints
    /// incident records on standard output (run without a shell; quote it
    /// as one argument: --extractor 'python3 my_model.py --fast').
    #[arg(long, global = true, value_name = "'CMD ARGS'")]
    pub extractor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset: print every error and warning, one per line in
    /// file order, then a tally.
    ///
    /// Errors look like `PATH:LINE:COL: error: ...` (or name the record's
    /// index and id in a whole-file JSON dataset); warnings like
    /// `PATH: incident ID: problem: ...` or `PATH: incident ID: note: ...`.
    /// Exits 0 when there are no errors, 1 when there are.
    Check {
        /// Dataset to check, or articles (folders, .txt, .md, .html files).
        /// Default: the embedded sample.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print errors and problems only, not notes (the tally still
        /// counts them).
        #[arg(long)]
        problems_only: bool,
    },
    /// Print killed and wounded per province: the summary bar's numbers.
    ///
    /// Provinces are sorted by killed, descending. Unknown counts (null) are
    /// not added; they are counted in killed_unknown / wounded_unknown.
    /// Incidents without a province count under "(unknown)".
    Summary {
        /// Dataset to summarise, or articles (folders, .txt, .md, .html
        /// files). Default: the embedded sample.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print JSON: {"provinces": [{"province", "incidents", "killed",
        /// "wounded", "killed_unknown", "wounded_unknown"}...], "total": {...}}.
        #[arg(long)]
        json: bool,
        /// The review journal whose decisions apply (rejected incidents left
        /// out, corrected values used), as in the browser's summary bar.
        /// Default: the dataset's journal in the data directory, if any.
        #[arg(long, value_name = "FILE")]
        reviews: Option<PathBuf>,
        /// Count rejected incidents too (the browser's `T`).
        #[arg(long)]
        include_rejected: bool,
        /// A table by another column instead of the province line:
        /// province (gazetteer names), district, location, perpetrator,
        /// target, event_type, outlet, status or month / year values, with
        /// killed in the last 4 weeks of the listed range against the 4
        /// before; or a timeline by day, week, month or year, every period
        /// from the first to the last (empty ones too), with the incidents
        /// whose date is wider than a bin and the undated counted apart.
        #[arg(long, value_name = "COLUMN", value_parser = parse_by)]
        by: Option<SummaryBy>,
        /// Count only the incidents this search lists (the search box's
        /// language: `province:kirkuk date:2021`).
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
        /// With --by: comma-separated values, one row a line, with a header.
        #[arg(long, conflicts_with = "json", requires = "by")]
        csv: bool,
        /// Count each group of incidents reviewers decided are the same
        /// event once, with the group's lowest known killed and wounded
        /// (ACLED's conservative figure).
        #[arg(long, conflicts_with_all = ["by", "query"])]
        count_clusters_once: bool,
    },
    /// Show where the config file is looked for, or print a commented default one.
    ///
    /// The config file sets key bindings (every action), the theme and
    /// evidence colours, the reviewer name, extra gazetteers and the default
    /// dataset. It is never created for you: `incidents config --default >
    /// "$(incidents config --path)"` writes one to edit.
    Config {
        /// Print the path the config file is read from.
        #[arg(long, conflicts_with = "default")]
        path: bool,
        /// Print a complete, commented default config file.
        #[arg(long)]
        default: bool,
    },
    /// Print shell completions for bash, zsh or fish.
    ///
    /// bash: `incidents completions bash > ~/.local/share/bash-completion/completions/incidents`;
    /// zsh: write to a directory on your `fpath` as `_incidents`;
    /// fish: `incidents completions fish > ~/.config/fish/completions/incidents.fish`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the dataset with its review applied: corrected values, and a
    /// "review" object on every incident (status, reviewer, time,
    /// corrections [{field, old, new}], note, flag_reason,
    /// changed_since_review).
    ///
    /// JSON and JSONL keep everything else as in the dataset file (unknown
    /// fields included) and open again in incidents. CSV has one row per
    /// incident with ACLED-like columns (event_id, event_date, year,
    /// event_type, actor1, actor2, admin1, admin2, location, fatalities,
    /// injuries, source, source_titles, ..., review_status, reviewer, note).
    /// The output file is replaced atomically; the dataset is never modified.
    Export {
        /// Dataset to export. Default: the embedded sample.
        path: Option<PathBuf>,
        /// The review journal. Default: the dataset's journal in the user's
        /// data directory.
        #[arg(long, value_name = "FILE")]
        reviews: Option<PathBuf>,
        /// Output file (`-` for standard output).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// json, jsonl or csv. Default: from OUT's extension, else jsonl.
        #[arg(long, value_parser = parse_format)]
        format: Option<ExportFormat>,
        /// Export only incidents that are accepted, rejected, flagged,
        /// corrected, added, unreviewed, or reviewed (any but unreviewed).
        #[arg(long, value_name = "STATUS", value_parser = parse_only)]
        only: Option<StatusFilter>,
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
    /// Extract draft incidents from articles and write them as a dataset.
    ///
    /// INPUT: folders (every .txt, .md, .html, .htm file in them,
    /// recursively, in name order), article files, or a dataset of
    /// documents only. Each file becomes a document (id from its file name,
    /// title from its first line or <title>/<h1>); the built-in rules (or
    /// --extractor) propose incidents with killed, wounded, date, province,
    /// district, location, perpetrator, target and event type, each with
    /// an evidence span on the words it came from, a confidence, and
    /// "extractor": "incidents-rules/N". Writes format-v1 JSON Lines:
    /// documents, then incidents, with ids DOC-1, DOC-2, ... in the order
    /// each article reports them. Open the output to review the drafts.
    Extract {
        /// Folders or article files (or one dataset of documents only).
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// File to write (replaced whole; `-` for standard output).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Write the drafts that validated even when others have errors
        /// (an external extractor's output).
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Print the incidents a query lists, in the browser's order.
    ///
    /// QUERY is what you would type in the browser's search box (see the
    /// README for the language): `incidents search data.jsonl 'kirkuk
    /// killed>=2'`. Without PATH the embedded sample is searched; a lone
    /// argument that is an existing file is PATH, and lists every incident.
    ///
    /// Prints `id<TAB>date<TAB>province<TAB>killed<TAB>wounded`, one incident
    /// per line; a missing date or province and an unknown count print as an
    /// empty field. With --json, one JSON object per line with every field.
    ///
    /// Exits like grep: 0 when something matched, 1 when nothing did, 2 on
    /// a malformed query or a dataset with errors (unless --skip-invalid).
    #[command(
        override_usage = "incidents search [OPTIONS] [PATH] QUERY\n       incidents search [OPTIONS] PATH"
    )]
    Search {
        /// [PATH] QUERY: the dataset (default: the embedded sample), then the
        /// query; a lone existing file is the dataset, with no query.
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
        /// Review journal whose statuses (`status:`) and corrected values
        /// the query sees, as the browser's would. Default: the dataset's
        /// journal in the data directory, if any.
        #[arg(long, value_name = "FILE")]
        reviews: Option<PathBuf>,
    },
    /// Match the incidents of two datasets over the same articles and
    /// measure OTHER against REFERENCE: incident precision, recall and F1,
    /// agreement per field, and the incidents left unmatched.
    ///
    /// For an extractor, REFERENCE is the reviewed export and OTHER the
    /// extractor's output; for two reviewers, either may be REFERENCE.
    ///
    /// Documents are matched by id, else by identical text. Two incidents
    /// can match when they cite a matched document, their provinces are the
    /// same (through the gazetteers) or one is unknown, and their killed
    /// counts are equal, close (within 1 or a quarter) or one is unknown;
    /// among those, the most alike pairs (killed, wounded, district,
    /// location words, date, overlapping evidence spans) are taken first,
    /// each incident at most once.
    ///
    /// precision: matched / OTHER's incidents (how much of what OTHER found
    /// is in REFERENCE). recall: matched / REFERENCE's incidents (how much
    /// of REFERENCE OTHER found). F1: their harmonic mean. Every incident
    /// counts, including those citing an article the other side lacks; the
    /// report says how many do.
    ///
    /// Per field, over the matched pairs: compared = pairs where both have
    /// a value; agreement = equal values / compared (killed and wounded as
    /// numbers, provinces and districts by canonical name, dates as dates,
    /// text ignoring case, spacing and punctuation); lenient = for location,
    /// perpetrator and target, one value's words all occur in the other,
    /// and for the date, equal as far as the less precise one goes;
    /// kappa = Cohen's kappa, agreement corrected for chance
    /// ((observed − expected) / (1 − expected); 1 is perfect, 0 is chance),
    /// for killed, wounded, province, district, perpetrator, target and
    /// event_type, shown as — when undefined (one category only); missing
    /// in other = REFERENCE has a value and OTHER none; extra in other = the
    /// reverse.
    ///
    /// --json prints one object: reference and other {name, documents,
    /// incidents, documents_matched, incidents_without_shared_document},
    /// documents {by_id, by_text, same_id_different_text}, matched,
    /// precision, recall, f1 (null when undefined), fields [{field,
    /// compared, agree, agreement, lenient_agree, lenient_agreement, kappa,
    /// missing_in_other, extra_in_other, neither}], matches [{reference,
    /// other, score, differences [{field, reference, other}]}],
    /// unmatched_reference and unmatched_other [{id, documents,
    /// shared_document, date, province, killed, wounded}].
    ///
    /// Exits 0 when the comparison is printed, 2 when a dataset or a
    /// gazetteer cannot be read, or has records with errors (unless
    /// --skip-invalid).
    Compare {
        /// The dataset taken as right (a reviewed export).
        reference: PathBuf,
        /// The dataset measured against it (an extractor's output, a second
        /// reviewer's export).
        other: PathBuf,
        /// Print the report as one JSON object (keys above).
        #[arg(long)]
        json: bool,
        /// Compare the records that loaded even when others have errors.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// List clusters of likely duplicates: incidents that report one event
    /// (several outlets, several datasets), with their scores and the
    /// fields they differ on.
    ///
    /// Two incidents are compared when their dates are within --days of
    /// each other (a partial date is the period it covers) and they are in
    /// one province (through the gazetteers), or within --km when both
    /// carry coordinates (the latitude and longitude columns of ACLED and
    /// UCDP exports). A pair is ruled out by districts the gazetteer tells
    /// apart, event types or actors the taxonomy tells apart, or one
    /// article giving two different tolls. The rest are scored from 0 to 1
    /// (0.25 date, 0.25 place, 0.2 type, 0.15 actors, 0.15 counts); pairs
    /// scoring at least --threshold join into clusters, transitively.
    ///
    /// Exits 0 when clusters are found, 1 when none are, 2 when the
    /// dataset has errors (unless --skip-invalid) or a taxonomy cannot be
    /// read. With --json, one object: options, incidents, clustered,
    /// scored_pairs, clusters [{cluster, members [{id, date, ..., outlets,
    /// matches [{id, score, duplicate}]}], pairs [{a, b, score, parts}],
    /// differences [{field, values}], killed and wounded {low, best, high,
    /// unknown}}].
    Duplicates {
        /// Dataset to look in. Default: the embedded sample.
        path: Option<PathBuf>,
        /// Days between two incidents' dates at most (0: the same day).
        #[arg(long, value_name = "N", default_value_t = 1)]
        days: u32,
        /// Km between two incidents that both carry coordinates at most.
        #[arg(long, value_name = "K", default_value_t = 10.0)]
        km: f64,
        /// The least score of a pair of duplicates (0 to 1).
        #[arg(long, value_name = "SCORE", default_value_t = crate::dedup::DEFAULT_THRESHOLD)]
        threshold: f32,
        /// A taxonomy (JSON, like assets/taxonomy/events.json) whose words
        /// and entries are added to the built-in one; repeatable.
        #[arg(long = "taxonomy", value_name = "FILE")]
        taxonomies: Vec<PathBuf>,
        /// Print the clusters as one JSON object (keys above).
        #[arg(long)]
        json: bool,
        /// Look in the records that loaded even when others have errors.
        #[arg(long)]
        skip_invalid: bool,
        /// The review journal whose "same event" and "not the same"
        /// decisions apply: the clusters then say which are confirmed,
        /// and which pairs were split. Default: the dataset's journal in
        /// the data directory, if any.
        #[arg(long, value_name = "FILE")]
        reviews: Option<PathBuf>,
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

fn parse_date(s: &str) -> Result<String, String> {
    crate::dataset::PartialDate::parse(s)
        .filter(|d| d.day.is_some())
        .map(|d| d.to_string())
        .ok_or_else(|| format!("{s:?} is not a date as YYYY-MM-DD"))
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s).ok_or_else(|| format!("{s:?} is not json, jsonl or csv"))
}

fn parse_only(s: &str) -> Result<StatusFilter, String> {
    StatusFilter::parse(s).ok_or_else(|| {
        format!(
            "{s:?} is not accepted, rejected, flagged, corrected, added, unreviewed or reviewed"
        )
    })
}

/// What `summary --by` tabulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryBy {
    Column(crate::summary::Column),
    Time(crate::summary::BinUnit),
}

/// Values `--by` takes, in the order `--help` lists them.
pub const SUMMARY_BY: [&str; 11] = [
    "province",
    "district",
    "perpetrator",
    "target",
    "event_type",
    "outlet",
    "status",
    "day",
    "week",
    "month",
    "year",
];

fn parse_by(text: &str) -> Result<SummaryBy, String> {
    use crate::summary::{BinUnit, Column};
    if let Some(unit) = BinUnit::from_name(text) {
        return Ok(SummaryBy::Time(unit));
    }
    match Column::from_name(text) {
        Some(c) => Ok(SummaryBy::Column(c)),
        None => Err(format!(
            "expected one of {}, or location",
            SUMMARY_BY.join(", ")
        )),
    }
}
