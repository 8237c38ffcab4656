//! The subcommands, and opening a dataset for them and for the browser.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::dataset::{self, Loaded, Severity};
use crate::evidence::{self, Gazetteer};
use crate::summary::summarize;

pub mod articles;
mod check;
mod compare;
mod convert;
mod export;
mod journal;
mod search;
pub mod settings;
mod summary;

pub use check::check;
pub use compare::compare;
pub use convert::convert;

/// `incidents extract INPUT... -o OUT`: articles to a dataset of drafts.
pub fn extract(
    inputs: &[PathBuf],
    output: &Path,
    gazetteer_files: &[PathBuf],
    skip_invalid: bool,
    articles: &ArticleOptions,
) -> ExitCode {
    let Some(gazetteers) = gazetteers_or_report(gazetteer_files) else {
        return ExitCode::FAILURE;
    };
    convert::convert_paths(inputs, output, skip_invalid, &gazetteers, articles)
}
pub use export::{export, export_from_browser, ExportArgs};
pub use search::search;
pub use summary::summary;

pub use articles::{ArticleOptions, Drafted};

/// A loaded dataset and the name to print in messages for it.
pub struct Opened {
    pub loaded: Loaded,
    pub label: String,
    /// Set when the incidents are drafts the program extracted.
    pub drafted: Option<Drafted>,
}

/// Reads the gazetteers given with `--gazetteer`, then the built-in one (so
/// the user's win). The error names the file.
pub fn gazetteers(paths: &[PathBuf]) -> Result<Vec<Gazetteer>, String> {
    let mut out = Vec::with_capacity(paths.len() + 1);
    for p in paths {
        out.push(Gazetteer::load(p).map_err(|e| format!("gazetteer {}: {e}", p.display()))?);
    }
    out.push(Gazetteer::iraq());
    Ok(out)
}

/// The gazetteers, or `None` after saying on standard error why one of
/// the files could not be read.
pub fn gazetteers_or_report(paths: &[PathBuf]) -> Option<Vec<Gazetteer>> {
    gazetteers(paths)
        .map_err(|e| eprintln!("incidents: {e}"))
        .ok()
}

/// Loads PATH, or the embedded sample when there is none, and checks its
/// evidence (see [`crate::evidence::apply`]). Shows progress on standard
/// error for large files when it is a terminal.
pub fn open(path: Option<&Path>, gazetteers: &[Gazetteer], articles: &ArticleOptions) -> Opened {
    match path {
        Some(p) => open_paths(&[p.to_path_buf()], gazetteers, articles),
        None => open_paths(&[], gazetteers, articles),
    }
}

/// [`open`] for several paths: article files and folders of them (one
/// dataset file is one path). No path opens the embedded sample.
pub fn open_paths(
    paths: &[PathBuf],
    gazetteers: &[Gazetteer],
    articles: &ArticleOptions,
) -> Opened {
    if paths.is_empty() {
        let mut loaded = dataset::load_bytes(dataset::SAMPLE_NAME, crate::SAMPLE_JSONL.as_bytes());
        evidence::apply(&mut loaded.dataset, gazetteers);
        return Opened {
            loaded,
            label: "sample (built in)".into(),
            drafted: None,
        };
    }
    let label = articles::label(paths);
    let show = std::io::stderr().is_terminal();
    let mut last_mb = 0;
    let mut stderr = std::io::stderr();
    let drafting = articles::are_articles(paths);
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Ctrl-C stops a user's extractor, which runs in a process group of
    // its own (so the terminal's signal does not reach it): we hear the
    // signal, kill the command and report. The built-in rules need none.
    let hooks: Vec<signal_hook::SigId> = if articles.extractor.is_some() {
        [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM]
            .into_iter()
            .filter_map(|sig| signal_hook::flag::register(sig, std::sync::Arc::clone(&cancel)).ok())
            .collect()
    } else {
        Vec::new()
    };
    let opened = open_sharing(
        paths,
        gazetteers,
        articles,
        &mut |p| {
            let mb = p.bytes_read >> 20;
            if show && mb >= last_mb + if drafting { 1 } else { 16 } {
                last_mb = mb;
                let total = p
                    .total_bytes
                    .map_or(String::new(), |t| format!(" of {} MB", t >> 20));
                let what = if drafting {
                    "extracting from".to_string()
                } else {
                    format!("loading {label}:")
                };
                let _ = write!(stderr, "\r{what} {mb} MB{total}, {} incidents", p.incidents);
            }
        },
        None,
        &mut || {},
        &cancel,
    );
    for id in hooks {
        signal_hook::low_level::unregister(id);
    }
    if show && last_mb > 0 {
        let _ = writeln!(stderr);
    }
    opened
}

/// Loads PATHS and checks the evidence, reporting progress to `progress`,
/// handing incidents over to `arrived` as they are read (a list shown
/// while loading) and calling `checking` when the file is read and the
/// evidence checks, which take seconds on a million incidents, begin.
/// Articles (and a dataset of documents only) are extracted from first;
/// `cancel` stops an external extractor.
pub fn open_sharing(
    paths: &[PathBuf],
    gazetteers: &[Gazetteer],
    articles: &ArticleOptions,
    progress: &mut dyn FnMut(dataset::Progress),
    arrived: Option<&dataset::Arrived>,
    checking: &mut dyn FnMut(),
    cancel: &std::sync::atomic::AtomicBool,
) -> Opened {
    let label = articles::label(paths);
    let (mut loaded, drafted) = match paths {
        _ if articles::are_articles(paths) => {
            articles::open_articles(paths, gazetteers, articles, progress, cancel)
        }
        [one] => {
            let loaded = dataset::load_path_sharing(one, progress, arrived);
            if articles::documents_only(&loaded) {
                articles::extract_documents(&label, &loaded, gazetteers, articles, progress, cancel)
            } else {
                (loaded, None)
            }
        }
        _ => (
            Loaded {
                errors: vec![dataset::Diagnostic::error(
                    dataset::Location::File,
                    "one dataset at a time: several paths are read only as articles (folders, .txt, .md, .html, .htm files)",
                )],
                ..Loaded::default()
            },
            None,
        ),
    };
    if let Some(d) = &drafted {
        loaded.dataset.name = format!("{label} · {}", d.describe());
    }
    checking();
    evidence::apply(&mut loaded.dataset, gazetteers);
    Opened {
        loaded,
        label,
        drafted,
    }
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
/// Files this large load in the background while the browser shows a
/// progress gauge (smaller ones load before it opens, in well under a second).
pub const BACKGROUND_LOAD_BYTES: u64 = 16 * 1024 * 1024;

/// `INCIDENTS_BACKGROUND_LOAD_BYTES` overrides [`BACKGROUND_LOAD_BYTES`]
/// (a slow disk may want the gauge sooner).
pub fn background_load_bytes() -> u64 {
    std::env::var("INCIDENTS_BACKGROUND_LOAD_BYTES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(BACKGROUND_LOAD_BYTES)
}

/// Articles this large (in bytes of files) are extracted from in the
/// background with a gauge: the rules read about 20 MB a second.
pub const BACKGROUND_EXTRACT_BYTES: u64 = 4 * 1024 * 1024;

/// `INCIDENTS_BACKGROUND_LOAD_BYTES` overrides this too.
pub fn background_extract_bytes() -> u64 {
    std::env::var("INCIDENTS_BACKGROUND_LOAD_BYTES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(BACKGROUND_EXTRACT_BYTES)
}

/// What the browser is asked to open.
pub struct BrowseArgs<'a> {
    /// A dataset, or articles; none: the config's default dataset, else
    /// the sample.
    pub paths: &'a [PathBuf],
    pub articles: ArticleOptions,
    pub skip_invalid: bool,
    pub gazetteers: &'a [PathBuf],
    /// The review journal; default: the dataset's in the data directory.
    pub reviews: Option<&'a Path>,
    pub print_selected: bool,
}

pub fn browse(args: BrowseArgs<'_>, settings: settings::Settings) -> ExitCode {
    let BrowseArgs {
        paths,
        articles,
        skip_invalid,
        gazetteers: gazetteer_files,
        reviews,
        print_selected,
    } = args;
    for p in &settings.problems {
        eprintln!("incidents: config: {p}");
    }
    // Gazetteers named on the command line come before the config's.
    let files: Vec<PathBuf> = gazetteer_files
        .iter()
        .chain(&settings.config.gazetteers)
        .cloned()
        .collect();
    let Some(gazetteers) = gazetteers_or_report(&files) else {
        return ExitCode::FAILURE;
    };
    let default: Vec<PathBuf> = settings.config.default_dataset.iter().cloned().collect();
    let paths: &[PathBuf] = if paths.is_empty() { &default } else { paths };
    let path = paths.first().map(PathBuf::as_path);
    // Large inputs load (or are extracted from) in the background while
    // the browser shows a progress gauge; small ones before it opens.
    let big = if articles::are_articles(paths) {
        articles::total_bytes(paths) >= background_extract_bytes()
    } else {
        paths.len() == 1
            && std::fs::metadata(&paths[0])
                .is_ok_and(|m| m.is_file() && m.len() >= background_load_bytes())
    };
    // The incident the user picked in the list shown while loading.
    let mut chosen: Option<String> = None;
    let opened = if big {
        let owned = paths.to_vec();
        let options = articles.clone();
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = std::sync::Arc::clone(&cancel);
        let loader: crate::tui::Loader = Box::new(move |progress, arrived, checking| {
            open_sharing(
                &owned,
                &gazetteers,
                &options,
                progress,
                arrived,
                checking,
                &stop,
            )
        });
        match crate::tui::load_with_gauge(
            &articles::label(paths),
            loader,
            cancel,
            settings.mouse,
            &settings.theme,
        ) {
            Ok(crate::tui::Loading::Done(opened, picked)) => {
                chosen = picked;
                *opened
            }
            Ok(crate::tui::Loading::Cancelled) => return ExitCode::from(130),
            Err(e) => {
                eprintln!("incidents: terminal error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        open_paths(paths, &gazetteers, &articles)
    };
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
    let reviewer = crate::review::paths::reviewer_name(settings.config.reviewer.as_deref());
    let opened_journal = journal::open(path, reviews, &reviewer);
    for m in &opened_journal.messages {
        eprintln!("incidents: {m}");
    }
    let mut app = crate::app::App::new(opened.loaded.dataset, name);
    let (mut state, replay_warnings) = crate::review::ReviewState::replay(&opened_journal.entries);
    let orphans = state.compare_with(&app.dataset.incidents);
    app.review = state;
    app.journal_label = opened_journal
        .journal
        .as_ref()
        .map(|j| j.path().display().to_string());
    app.read_only = opened_journal.read_only;
    app.advance_on_accept = settings.config.advance_on_accept.unwrap_or(true);
    app.key_help = settings.keymap.help_entries();
    app.refresh_summary();
    if let Some(id) = &chosen {
        // Not listed (rejected by the final checks): the first row, as usual.
        app.select_id(id);
    }
    let mut notices: Vec<String> = settings
        .problems
        .iter()
        .map(|p| format!("config: {p}"))
        .chain(opened_journal.messages)
        .chain(replay_warnings.iter().map(|w| w.to_string()))
        .collect();
    if !orphans.is_empty() {
        notices.push(format!(
            "{} reviewed incident(s) are no longer in the dataset (first: {})",
            orphans.len(),
            orphans[0]
        ));
    }
    app.notice = notices.into_iter().next();
    let mut session = crate::session::Session {
        journal: opened_journal.journal,
        dataset_path: path.map(Path::to_path_buf),
        print_selected,
        selected_json: None,
        // Started now, the search index builds on its own thread while the
        // list is read (a second at a million incidents), so the first
        // keystroke in the search box does not wait for it.
        engine: Some(crate::query::SearchEngine::with_summarizer(
            std::sync::Arc::clone(&app.dataset),
            std::sync::Arc::clone(&app.summarizer),
        )),
    };
    let ended = crate::tui::run(app, &settings, &mut session);
    drop(session.journal.take());
    if let Some(json) = &session.selected_json {
        println!("{json}");
    }
    match ended {
        Ok(crate::tui::Ended::Quit) if print_selected && session.selected_json.is_none() => {
            // Like fzf: nothing picked is exit status 1.
            ExitCode::FAILURE
        }
        Ok(crate::tui::Ended::Quit) => ExitCode::SUCCESS,
        // The shell convention: 128 + the signal's number (143 for SIGTERM).
        Ok(crate::tui::Ended::Signal(n)) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
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

/// `incidents config`: where the file is looked for, or a default one.
pub fn config(path_flag: bool, default: bool, explicit: Option<&Path>) -> ExitCode {
    if default {
        print!("{}", crate::input::Keymap::default_config_text());
        return ExitCode::SUCCESS;
    }
    let path = explicit
        .map(Path::to_path_buf)
        .or_else(crate::config::default_path);
    match path {
        Some(p) => {
            println!("{}", p.display());
            if !path_flag {
                let state = if p.exists() {
                    "present"
                } else {
                    "not present: defaults are used"
                };
                eprintln!("({state}; `incidents config --default` prints a commented default)");
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("incidents: no home directory, so no config directory");
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
