//! Opening what is not yet a dataset: a folder of articles, article files,
//! or a dataset of documents that no incident cites. The articles become
//! documents and the extractor (the built-in rules, or the user's command)
//! proposes draft incidents, which then load like any dataset.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::dataset::{self, Diagnostic, Loaded, Location, Progress};
use crate::evidence::Gazetteer;
use crate::extract::article::{is_article_path, read_articles, ReadOptions};
use crate::extract::external::{self, ExternalExtractor};
use crate::extract::{drafts_jsonl, prepare, Article, Extractor, Lexicon, Prepared};

/// How articles are turned into drafts (`--published`, `--lexicon`,
/// `--extractor`, and the config's `lexicons` and `extractor`).
#[derive(Debug, Clone, Default)]
pub struct ArticleOptions {
    /// The publication date of every article given (weekdays in the text
    /// are worked out from it).
    pub published: Option<String>,
    /// Word lists added to the built-in lexicon.
    pub lexicons: Vec<PathBuf>,
    /// A command to run instead of the built-in rules.
    pub extractor: Option<String>,
}

impl ArticleOptions {
    /// The command line's options, with the config's lexicons and
    /// extractor where the command line gives none.
    pub fn from_args(args: &crate::cli::ArticleArgs, config: &crate::config::Config) -> Self {
        ArticleOptions {
            published: args.published.clone(),
            lexicons: args
                .lexicons
                .iter()
                .chain(&config.lexicons)
                .cloned()
                .collect(),
            extractor: args.extractor.clone().or_else(|| config.extractor.clone()),
        }
    }
}

/// Where a dataset's incidents came from, when the program made them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drafted {
    /// The built-in rules (their version).
    Rules(&'static str),
    /// The user's command.
    External(String),
}

impl Drafted {
    /// For the status line and messages.
    pub fn describe(&self) -> String {
        match self {
            Drafted::Rules(v) => format!("drafts from the built-in rules ({v})"),
            Drafted::External(cmd) => format!("drafts from `{cmd}`"),
        }
    }
}

/// Whether these paths are articles to read rather than one dataset.
pub fn are_articles(paths: &[PathBuf]) -> bool {
    !paths.is_empty() && paths.iter().all(|p| is_article_path(p))
}

/// Bytes of article text the paths hold, for deciding on a progress gauge
/// (directories are walked; a file that cannot be read counts nothing).
pub fn total_bytes(paths: &[PathBuf]) -> u64 {
    fn walk(p: &Path, depth: usize) -> u64 {
        let Ok(meta) = std::fs::metadata(p) else {
            return 0;
        };
        if meta.is_file() {
            return meta.len();
        }
        if !meta.is_dir() || depth > 32 {
            return 0;
        }
        std::fs::read_dir(p)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| walk(&e.path(), depth + 1))
                    .sum()
            })
            .unwrap_or(0)
    }
    paths.iter().map(|p| walk(p, 0)).sum()
}

/// The label messages name the input by.
pub fn label(paths: &[PathBuf]) -> String {
    match paths {
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} (and {} more)", first.display(), rest.len()),
        [] => String::new(),
    }
}

fn fatal(message: String) -> Loaded {
    Loaded {
        errors: vec![Diagnostic::error(Location::File, message)],
        ..Loaded::default()
    }
}

/// The built-in lexicon with the user's lists added.
pub fn lexicon(options: &ArticleOptions) -> Result<Lexicon, String> {
    let mut lexicon = Lexicon::built_in();
    for p in &options.lexicons {
        lexicon.extend(Lexicon::load(p).map_err(|e| format!("lexicon {}: {e}", p.display()))?);
    }
    Ok(lexicon)
}

/// Reads article files (and folders of them) and extracts drafts.
pub fn open_articles(
    paths: &[PathBuf],
    gazetteers: &[Gazetteer],
    options: &ArticleOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> (Loaded, Option<Drafted>) {
    let inputs = read_articles(
        paths,
        &ReadOptions {
            published: options.published.clone(),
        },
    );
    let mut notes: Vec<String> = Vec::new();
    for (p, w) in &inputs.warnings {
        notes.push(format!("{}: {w}", p.display()));
    }
    if !inputs.skipped.is_empty() {
        let names: Vec<String> = inputs
            .skipped
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = inputs.skipped.len().saturating_sub(5);
        notes.push(format!(
            "skipped {} that {} not articles (.txt, .md, .html, .htm): {}{}",
            crate::dataset::plural::of(inputs.skipped.len(), "file"),
            if inputs.skipped.len() == 1 {
                "is"
            } else {
                "are"
            },
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if inputs.articles.is_empty() {
        let mut loaded = fatal(if inputs.errors.is_empty() {
            "no articles (.txt, .md, .html, .htm files) found".to_string()
        } else {
            "no article could be read".to_string()
        });
        for (p, e) in &inputs.errors {
            loaded.errors.push(Diagnostic::error(
                Location::File,
                format!("{}: {e}", p.display()),
            ));
        }
        return (loaded, None);
    }
    // Files that could not be read are reported; the others open.
    for (p, e) in &inputs.errors {
        notes.push(format!("{}: {e}", p.display()));
    }
    let articles: Vec<&Article> = inputs.articles.iter().map(|a| &a.article).collect();
    let prepared: Vec<Prepared> = articles.iter().map(|a| prepare(a)).collect();
    let (mut loaded, drafted) = extract_prepared(
        &label(paths),
        &prepared,
        gazetteers,
        options,
        progress,
        cancel,
    );
    loaded.dataset.warnings.extend(notes);
    (loaded, drafted)
}

/// Extracts drafts from documents of a dataset that no incident cites.
pub fn extract_documents(
    name: &str,
    loaded: &Loaded,
    gazetteers: &[Gazetteer],
    options: &ArticleOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> (Loaded, Option<Drafted>) {
    let prepared: Vec<Prepared> = loaded
        .dataset
        .documents
        .iter()
        .map(|d| {
            let mut p = prepare(&Article {
                id: d.id.to_string(),
                title: d.title.as_deref().map(str::to_string),
                outlet: d.outlet.as_deref().map(str::to_string),
                url: d.url.as_deref().map(str::to_string),
                published: d.published.as_deref().map(str::to_string),
                language: d.language.as_deref().map(str::to_string),
                text: d.text.clone(),
            });
            // The document's own fields the format does not define stay.
            for (k, v) in d.extra.to_map() {
                p.record.entry(k).or_insert(v);
            }
            p
        })
        .collect();
    let (mut out, drafted) =
        extract_prepared(name, &prepared, gazetteers, options, progress, cancel);
    // What the first load found stays: file warnings, and each
    // document's own (invalid UTF-8, cleaned characters).
    out.dataset
        .warnings
        .extend(loaded.dataset.warnings.iter().cloned());
    for (doc, before) in out
        .dataset
        .documents
        .iter_mut()
        .zip(&loaded.dataset.documents)
    {
        if doc.id == before.id {
            doc.warnings = before.warnings.clone();
            doc.removed_chars = doc.removed_chars.max(before.removed_chars);
        }
    }
    (out, drafted)
}

fn extract_prepared(
    name: &str,
    prepared: &[Prepared],
    gazetteers: &[Gazetteer],
    options: &ArticleOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> (Loaded, Option<Drafted>) {
    let total: u64 = prepared.iter().map(|p| p.text.len() as u64).sum();
    if let Some(command) = &options.extractor {
        let extractor = match ExternalExtractor::parse(command) {
            Ok(e) => e,
            Err(e) => return (fatal(format!("extractor: {e}")), None),
        };
        let mut documents = Vec::new();
        for p in prepared {
            if serde_json::to_writer(&mut documents, &p.record).is_ok() {
                documents.push(b'\n');
            }
        }
        progress(Progress {
            bytes_read: 0,
            total_bytes: Some(total),
            incidents: 0,
        });
        return match extractor.run(&documents, cancel) {
            Ok(output) => (
                external::load_output(&extractor.label(), &documents, &output),
                Some(Drafted::External(command.clone())),
            ),
            Err(e) => (fatal(e.to_string()), None),
        };
    }
    let lexicon = match lexicon(options) {
        Ok(l) => l,
        Err(e) => return (fatal(e), None),
    };
    let extractor = Extractor::new(lexicon, gazetteers);
    let (mut done, mut counted): (u64, usize) = (0, 0);
    let jsonl = drafts_jsonl(prepared, &extractor, &mut |n| {
        done += prepared
            .get(counted..n)
            .map_or(0, |ps| ps.iter().map(|p| p.text.len() as u64).sum());
        counted = n.max(counted);
        progress(Progress {
            bytes_read: done,
            total_bytes: Some(total),
            incidents: 0,
        });
    });
    if jsonl.is_empty() {
        return (fatal("no articles to extract from".into()), None);
    }
    (
        dataset::load_bytes(name, &jsonl),
        Some(Drafted::Rules(crate::extract::RULES_VERSION)),
    )
}

/// Whether a loaded dataset holds documents and no incidents at all: the
/// articles of a pipeline that has not extracted anything yet.
pub fn documents_only(loaded: &Loaded) -> bool {
    loaded.errors.is_empty()
        && loaded.dataset.incidents.is_empty()
        && !loaded.dataset.documents.is_empty()
}
