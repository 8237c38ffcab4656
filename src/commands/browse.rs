//! The browser: opening what was asked (behind a gauge when large), the
//! review journal, then the terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::open::{open_sharing, print_errors};
use super::{articles, journal, Context};
use crate::app::{Msg, Opening};
use crate::dataset;

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
    pub skip_invalid: bool,
    /// The review journal; default: the dataset's in the data directory.
    pub reviews: Option<&'a Path>,
    pub print_selected: bool,
}

/// Loads (with a gauge when large) and opens the browser.
pub fn browse(args: BrowseArgs<'_>, ctx: &Context) -> ExitCode {
    let settings = &ctx.settings;
    let BrowseArgs {
        paths,
        skip_invalid,
        reviews,
        print_selected,
    } = args;
    for p in &settings.problems {
        say!("incidents: config: {p}");
    }
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
        let gazetteers = ctx.gazetteers.clone();
        let options = ctx.articles.clone();
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = std::sync::Arc::clone(&cancel);
        let loader: crate::tui::Loader<super::Opened> =
            Box::new(move |progress, arrived, checking| {
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
        let last_id = |o: &super::Opened| {
            let last = o.loaded.dataset.incidents.last();
            last.map(|i| i.id.to_string())
        };
        match crate::tui::load_with_gauge(
            &articles::label(paths),
            loader,
            last_id,
            cancel,
            settings,
        ) {
            Ok(crate::tui::Loading::Done(opened, picked)) => {
                chosen = picked;
                *opened
            }
            // The shell convention: 128 + the signal's number; 130 (as for
            // Ctrl-C) when the user cancelled.
            Ok(crate::tui::Loading::Cancelled(signal)) => {
                return ExitCode::from(u8::try_from(128 + signal.unwrap_or(2)).unwrap_or(1))
            }
            Err(e) => {
                say!("incidents: terminal error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        ctx.open(paths)
    };
    let fatal = opened
        .loaded
        .errors
        .iter()
        .any(|d| matches!(d.location, dataset::Location::File));
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        if fatal || !skip_invalid {
            say!(
                "incidents: {} in {}; the browser did not start. `incidents check` lists them all{}.",
                dataset::plural::of(opened.loaded.errors.len(), "error"),
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
        say!("incidents: {m}");
    }
    // Drafts have no dataset file for the export to read again: their
    // JSON Lines, written now, stand in for it.
    let drafts = match &opened.drafted {
        Some(_) => {
            let mut jsonl = Vec::new();
            match dataset::write_jsonl(&opened.loaded.dataset, &mut jsonl) {
                Ok(()) => Some(std::sync::Arc::new(jsonl)),
                Err(e) => {
                    say!("incidents: the drafts cannot be written out for export: {e}");
                    None
                }
            }
        }
        None => None,
    };
    let mut app = crate::app::App::new(opened.loaded.dataset, name);
    let (mut state, replay_warnings) = crate::review::ReviewState::replay(&opened_journal.entries);
    let orphans = state.compare_with(&app.dataset.incidents);
    let mut notices: Vec<String> = settings
        .problems
        .iter()
        .map(|p| format!("config: {p}"))
        .chain(opened_journal.messages)
        .chain(replay_warnings.iter().map(|w| w.to_string()))
        .collect();
    if !orphans.is_empty() {
        notices.push(format!(
            "{} {} no longer in the dataset (first: {})",
            dataset::plural::of(orphans.len(), "reviewed incident"),
            if orphans.len() == 1 { "is" } else { "are" },
            orphans[0]
        ));
    }
    app.update(Msg::Opened(Box::new(Opening {
        review: state,
        journal_label: opened_journal
            .journal
            .as_ref()
            .map(|j| j.path().display().to_string()),
        read_only: opened_journal.read_only,
        advance_on_accept: settings.config.advance_on_accept.unwrap_or(true),
        include_rejected: false,
        key_help: settings.keymap.help_entries(),
        notice: first_of(&notices),
        notices,
        select: chosen,
        extractor: browse_extractor(ctx),
    })));
    let mut session =
        crate::session::Session::new(opened_journal.journal, path.map(Path::to_path_buf));
    session.drafts = drafts;
    session.print_selected = print_selected;
    session.gazetteers = Some(std::sync::Arc::new(ctx.gazetteers.clone()));
    session.find_duplicates(&app);
    // Started now, the search index builds on its own thread while the
    // list is read (a second at a million incidents), so the first
    // keystroke in the search box does not wait for it.
    session.engine = Some(crate::query::SearchEngine::with_summarizer(
        std::sync::Arc::clone(&app.dataset),
        std::sync::Arc::clone(&app.summarizer),
    ));
    let ended = crate::tui::run(app, settings, &mut session);
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
            say!("incidents: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The rules with the user's word lists, for what a selection states in
/// select mode; without them (a list that cannot be read, said when the
/// articles were opened) the built-in lists serve.
fn browse_extractor(ctx: &Context) -> Option<std::sync::Arc<crate::extract::Extractor>> {
    let lexicon = super::articles::lexicon(&ctx.articles)
        .unwrap_or_else(|_| crate::extract::Lexicon::built_in());
    Some(std::sync::Arc::new(crate::extract::Extractor::new(
        lexicon,
        &ctx.gazetteers,
    )))
}

/// The first notice, and how to read the rest when there are more.
fn first_of(notices: &[String]) -> Option<String> {
    let first = notices.first()?;
    Some(match notices.len() {
        1 => first.clone(),
        n => format!("{first} · {} more: ? lists them", n - 1),
    })
}
