//! Opening what the user names, in one place for the browser and every
//! subcommand: datasets, articles (extracted from first), the sample.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::articles::{self, ArticleOptions, Drafted};
use crate::cli::ArticleArgs;
use crate::dataset::{self, Loaded, Severity};
use crate::evidence::{self, Gazetteer};
use crate::settings::Settings;

/// A loaded dataset and the name to print in messages for it.
pub struct Opened {
    pub loaded: Loaded,
    pub label: String,
    /// Set when the incidents are drafts the program extracted.
    pub drafted: Option<Drafted>,
}

/// What every command opens data with, built once from the command line
/// and the config: the gazetteers (the command line's, then the config's,
/// then the built-in one), how articles become drafts, and the settings.
/// The browser and every subcommand open through [`Context::open`], so
/// they agree on provinces and evidence flags.
pub struct Context {
    pub settings: Settings,
    pub gazetteers: Vec<Gazetteer>,
    pub articles: ArticleOptions,
}

impl Context {
    /// Reads the gazetteer files; the error names the one that failed.
    pub fn new(
        gazetteer_files: &[PathBuf],
        articles: &ArticleArgs,
        settings: Settings,
    ) -> Result<Context, String> {
        let files: Vec<PathBuf> = gazetteer_files
            .iter()
            .chain(&settings.config.gazetteers)
            .cloned()
            .collect();
        Ok(Context {
            gazetteers: gazetteers(&files)?,
            articles: ArticleOptions::from_args(articles, &settings.config),
            settings,
        })
    }

    /// Opens PATHS (none: the embedded sample), showing progress on
    /// standard error for large inputs.
    pub fn open(&self, paths: &[PathBuf]) -> Opened {
        open_paths(paths, &self.gazetteers, &self.articles)
    }

    /// [`Context::open`] of one path, or of the sample.
    pub fn open_one(&self, path: Option<&Path>) -> Opened {
        match path {
            Some(p) => self.open(&[p.to_path_buf()]),
            None => self.open(&[]),
        }
    }
}

/// Reads the gazetteers given with `--gazetteer`, then the built-in one (so
/// the user's win). The error names the file.
fn gazetteers(paths: &[PathBuf]) -> Result<Vec<Gazetteer>, String> {
    let mut out = Vec::with_capacity(paths.len() + 1);
    for p in paths {
        out.push(Gazetteer::load(p).map_err(|e| format!("gazetteer {}: {e}", p.display()))?);
    }
    out.push(Gazetteer::iraq());
    Ok(out)
}

/// Loads PATHS, or the embedded sample when there are none, and checks
/// the evidence (see [`crate::evidence::apply`]): article files and
/// folders of them, or one dataset file. Shows progress on standard error
/// for large inputs when it is a terminal.
fn open_paths(paths: &[PathBuf], gazetteers: &[Gazetteer], articles: &ArticleOptions) -> Opened {
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
        // The folder's or file's name, as for a dataset: the status line
        // has room for it beside the counts, where a whole path has not.
        let short = Path::new(&label)
            .file_name()
            .map_or(label.to_string(), |n| n.to_string_lossy().into_owned());
        loaded.dataset.name = format!("{short} · {}", d.describe());
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
        say!("{}", d.render(&opened.label));
    }
    if errors.len() > limit {
        say!("… and {} more errors", errors.len() - limit);
    }
}
