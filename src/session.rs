//! What the browser holds besides its state: the open review journal, where
//! the dataset came from, and what to print on exit. The event loop runs
//! the app's effects here; what comes of them goes back to the app as
//! messages (the session reads the app, never writes it).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::{Action, App, Effect, Msg, NewEntry};
use crate::query::{
    all_unreviewed, statuses, Corrected, CorrectedIncidents, SearchEngine, SearchRequest,
    StatusLookup,
};
use crate::review::{Entry, ReviewJournal};

pub struct Session {
    pub journal: Option<ReviewJournal>,
    /// The dataset file; `None` for the embedded sample.
    pub dataset_path: Option<PathBuf>,
    /// The incidents as JSON Lines when they were extracted from articles:
    /// there is no dataset file to read again for the export.
    pub drafts: Option<Arc<Vec<u8>>>,
    /// `--print-selected`: `y` picks the incident and quits; it is printed
    /// on standard output once the terminal is restored.
    pub print_selected: bool,
    pub selected_json: Option<String>,
    /// Searches run here, off the UI thread.
    pub engine: Option<SearchEngine>,
    /// The corrected incidents searches test, and the review state's
    /// version they were taken from.
    pub corrected: Option<(u64, Corrected)>,
    /// The statuses `status:` and `doc:` searches read, and the review
    /// state's version and dataset they were taken from: taking them is a
    /// pass over every incident, so not one per keystroke.
    statuses: Option<((u64, usize, usize), StatusLookup)>,
    /// The dataset the engine searches (a new one when the review adds an
    /// incident or edits evidence).
    engine_dataset: Option<Arc<crate::dataset::Dataset>>,
    /// Where places are looked up to find duplicates; `None`: duplicates
    /// are not looked for.
    pub gazetteers: Option<Arc<Vec<crate::evidence::gazetteer::Gazetteer>>>,
    /// The duplicates being found off the UI thread, for the dataset (its
    /// address) shown when they were asked for.
    finding: Option<(
        std::sync::Weak<crate::dataset::Dataset>,
        std::sync::mpsc::Receiver<Msg>,
    )>,
}

impl Session {
    /// A session on `journal` (none: decisions are refused) for the
    /// dataset at `dataset_path` (none: the embedded sample); searches
    /// start their engine when first asked.
    pub fn new(journal: Option<ReviewJournal>, dataset_path: Option<PathBuf>) -> Session {
        Session {
            journal,
            dataset_path,
            drafts: None,
            print_selected: false,
            selected_json: None,
            engine: None,
            corrected: None,
            statuses: None,
            engine_dataset: None,
            gazetteers: None,
            finding: None,
        }
    }

    /// Every search result that has arrived, for the app.
    pub fn results(&mut self) -> Vec<Msg> {
        let mut out = Vec::new();
        if let Some(engine) = &self.engine {
            while let Some(result) = engine.try_recv() {
                out.push(Msg::SearchResult(result));
            }
        }
        if let Some((_, rx)) = &self.finding {
            out.extend(rx.try_recv().ok());
        }
        out
    }

    /// Starts finding the duplicates of the dataset the app shows, on a
    /// thread of their own (seconds at a million incidents), unless they
    /// are found or being found already; the result comes back as
    /// [`Msg::DuplicatesFound`].
    pub fn find_duplicates(&mut self, app: &App) {
        let Some(gazetteers) = &self.gazetteers else {
            return;
        };
        let at = Arc::downgrade(&app.dataset);
        if self
            .finding
            .as_ref()
            .is_some_and(|(a, _)| std::sync::Weak::ptr_eq(a, &at))
        {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let dataset = Arc::clone(&app.dataset);
        let gazetteers = Arc::clone(gazetteers);
        std::thread::spawn(move || {
            let found = crate::dedup::find(
                &dataset,
                &gazetteers,
                &crate::dedup::Taxonomy::built_in(),
                &crate::dedup::Options::default(),
            );
            // The browser may have quit meanwhile: nobody to tell.
            let _ = tx.send(Msg::DuplicatesFound {
                dataset,
                found: Arc::new(found),
            });
        });
        self.finding = Some((at, rx));
    }

    /// Hands `msg` to the app, runs the effects it asks for and hands the
    /// app what came of them, in order (what the event loop does with
    /// every message; for callers without a terminal).
    pub fn send(&mut self, app: &mut App, msg: impl Into<Msg>) {
        let mut queue = std::collections::VecDeque::from([msg.into()]);
        while let Some(msg) = queue.pop_front() {
            for effect in app.update(msg) {
                queue.extend(self.run(app, effect));
            }
        }
    }

    /// Hands the app every search result that has arrived.
    pub fn receive(&mut self, app: &mut App) {
        for msg in self.results() {
            self.send(app, msg);
        }
    }

    /// Carries out one effect; what came of it is for the app.
    pub fn run(&mut self, app: &App, effect: Effect) -> Vec<Msg> {
        // A review edit gave the app a new dataset: its duplicates, anew.
        self.find_duplicates(app);
        match effect {
            Effect::Journal { incident, action } => {
                let Some(journal) = self.journal.as_mut() else {
                    return vec![Msg::JournalFailed("no review journal is open".into())];
                };
                // The entry describes the incident as loaded (or as added).
                let Some(described) = app.as_extracted(incident) else {
                    return vec![Msg::JournalFailed(format!("no incident {incident}"))];
                };
                let entry = journal.entry(described, action);
                vec![append(journal, entry, Some(incident))]
            }
            Effect::JournalNew(new) => {
                let Some(journal) = self.journal.as_mut() else {
                    return vec![Msg::JournalFailed("no review journal is open".into())];
                };
                let entry = match new {
                    NewEntry::Incident {
                        mut incident,
                        document,
                        evidence,
                    } => {
                        incident.id = app
                            .review
                            .new_incident_id(&app.dataset, journal.reviewer())
                            .into();
                        Entry::added(journal.reviewer(), &incident, &document, evidence)
                    }
                    NewEntry::Document { document, action } => {
                        Entry::document(journal.reviewer(), &document, true).with_action(action)
                    }
                };
                vec![append(journal, entry, None)]
            }
            Effect::Export => {
                // Named after the file opened (`ds.jsonl` -> `ds-reviewed.jsonl`).
                let stem = self
                    .dataset_path
                    .as_deref()
                    .and_then(Path::file_stem)
                    .map(|s| s.to_string_lossy().into_owned());
                let name = file_safe(stem.as_deref().unwrap_or(&app.dataset.name));
                let out = PathBuf::from(format!("{name}-reviewed.jsonl"));
                vec![Msg::Notice(
                    match export_beside(
                        self.dataset_path.as_deref(),
                        self.drafts.as_deref().map(Vec::as_slice),
                        // As loaded: the export applies the review's edits.
                        &app.base,
                        &app.review,
                        &out,
                    ) {
                        Ok(msg) => msg,
                        Err(e) => format!("export failed: {e}"),
                    },
                )]
            }
            Effect::CopyOut { incident } => self.copy_out(app, incident),
            Effect::Search {
                generation,
                query_text,
                sort,
                uses_status,
            } => {
                let current = self
                    .engine_dataset
                    .as_ref()
                    .is_some_and(|d| Arc::ptr_eq(d, &app.dataset));
                if !current {
                    self.engine = None;
                    self.engine_dataset = Some(Arc::clone(&app.dataset));
                }
                let engine = self.engine.get_or_insert_with(|| {
                    SearchEngine::with_summarizer(
                        Arc::clone(&app.dataset),
                        Arc::clone(&app.summarizer),
                    )
                });
                let status = if uses_status {
                    kept_statuses(&mut self.statuses, app)
                } else {
                    all_unreviewed()
                };
                // The same Arc while the reviews stay the same, so typing
                // still narrows.
                let version = app.review.version();
                let corrected = match &self.corrected {
                    Some((v, c)) if *v == version => Arc::clone(c),
                    _ => {
                        let c = Arc::new(CorrectedIncidents::of(&app.dataset, &app.review));
                        self.corrected = Some((version, Arc::clone(&c)));
                        c
                    }
                };
                engine.submit(SearchRequest {
                    generation,
                    query_text,
                    sort: sort.key,
                    descending: sort.descending,
                    status,
                    corrected,
                });
                Vec::new()
            }
        }
    }

    fn copy_out(&mut self, app: &App, incident: usize) -> Vec<Msg> {
        let raw = &app.dataset.incidents[incident];
        let shown = app.shown(raw).into_owned();
        let json = match crate::dataset::incident_record(&app.dataset, &shown) {
            Ok(mut record) => {
                record.remove("type");
                record.insert(
                    "review".into(),
                    crate::review::export::review_object(&app.review, &raw.id),
                );
                serde_json::to_string(&record).unwrap_or_default()
            }
            Err(e) => return vec![Msg::Notice(format!("cannot copy {}: {e}", raw.id))],
        };
        if self.print_selected {
            self.selected_json = Some(json);
            return vec![Msg::Action(Action::Quit)];
        }
        let path = PathBuf::from(format!("incident-{}.json", file_safe(&raw.id)));
        vec![Msg::Notice(
            match crate::review::write_durably(&path, |w| {
                use std::io::Write;
                writeln!(w, "{json}")
            }) {
                Ok(()) => format!("wrote {} as JSON to {}", raw.id, path.display()),
                Err(e) => format!("cannot write {}: {e}", path.display()),
            },
        )]
    }
}

/// A snapshot of the statuses of the app's reviews, kept in `kept`: the
/// same `Arc` while they stay the same (so typing narrows), a new one after
/// any change (so the engine never narrows across it).
/// With the clusters once they are known, for `has:duplicate` and `dup:N`.
fn kept_statuses(
    kept: &mut Option<((u64, usize, usize), StatusLookup)>,
    app: &App,
) -> StatusLookup {
    let resolved = app.resolved_clusters();
    let key = (
        app.review.version(),
        Arc::as_ptr(&app.dataset) as usize,
        resolved.as_ref().map_or(0, |r| Arc::as_ptr(r) as usize),
    );
    match kept {
        Some((k, s)) if *k == key => Arc::clone(s),
        _ => {
            let s = match &resolved {
                Some(r) => crate::query::statuses_with_clusters(&app.dataset, &app.review, r),
                None => statuses(&app.dataset, &app.review),
            };
            *kept = Some((key, Arc::clone(&s)));
            s
        }
    }
}

/// The browser's `E`: writes the reviewed dataset as JSONL to `out`
/// (atomically), reading the dataset file again (or the embedded sample)
/// so unknown fields and raw text survive exactly.
fn export_beside(
    dataset_path: Option<&Path>,
    drafts: Option<&[u8]>,
    dataset: &crate::dataset::Dataset,
    state: &crate::review::ReviewState,
    out: &Path,
) -> Result<String, String> {
    use crate::review::export::{export, ExportFormat, ExportOptions};
    use std::io::BufRead;
    let mut raw: Box<dyn BufRead> = match (drafts, dataset_path) {
        (Some(jsonl), _) => Box::new(jsonl),
        (None, Some(p)) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        (None, None) => Box::new(crate::SAMPLE_JSONL.as_bytes()),
    };
    let options = ExportOptions {
        format: ExportFormat::Jsonl,
        only: None,
    };
    let mut stats = None;
    crate::review::write_durably(out, |w| {
        let s = export(&mut *raw, dataset, state, options, w)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        stats = Some(s);
        Ok(())
    })
    .map_err(|e| format!("{}: {e}", out.display()))?;
    let n = stats.map_or(0, |s| s.incidents);
    Ok(format!(
        "exported {} to {}",
        crate::dataset::plural::of(n, "incident"),
        out.display()
    ))
}

/// The most bytes of a name kept in a file name: with a prefix, the hash
/// and an extension it stays well under the usual 255-byte limit.
const FILE_NAME_BYTES: usize = 120;

/// A name safe to use in a file name: letters, digits, `-`, `_`, `.`, not
/// starting with a dot, at most [`FILE_NAME_BYTES`]. A name that had to be
/// changed gets a hash of the original, so two ids (`.` and `..`, or two
/// long ids alike at the start) never share a file.
fn file_safe(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut s = mapped.trim_start_matches('.').to_string();
    if s.len() > FILE_NAME_BYTES {
        let mut cut = FILE_NAME_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    if !s.is_empty() && s == name {
        return s;
    }
    let stem = if s.is_empty() { "id" } else { s.as_str() };
    format!("{stem}-{:016x}", fnv1a(name.as_bytes()))
}

/// FNV-1a, 64 bits: a hash that stays the same across runs and versions,
/// so the same id always writes the same file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Appends `entry` durably and says what came of it (`incident`: the
/// dataset index it is for, if any).
fn append(journal: &mut ReviewJournal, entry: Entry, incident: Option<usize>) -> Msg {
    let appended = journal.append(&entry);
    // The journal's path named another file: it was reloaded.
    let moved = journal.take_relocation().map(Box::new);
    match appended {
        Ok(()) => Msg::Journaled {
            incident,
            entry: Box::new(entry),
            moved,
        },
        Err(e) => {
            let also = moved.map_or(String::new(), |m| format!(" · {m}"));
            Msg::JournalFailed(format!("{}: {e}{also}", journal.path().display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(file_safe("inc-001"), "inc-001");
        assert_eq!(file_safe("كركوك"), "كركوك");
        let escaped = file_safe("../../etc/passwd");
        assert!(escaped.starts_with("_.._etc_passwd-"), "{escaped}");
        assert!(file_safe("").starts_with("id-"));
        assert!(file_safe("كركوك 1").starts_with("كركوك_1-"));
    }

    #[test]
    fn dot_ids_and_long_ids_get_unique_names_within_the_limit() {
        let (one, two) = (file_safe("."), file_safe(".."));
        assert_ne!(one, two);
        for name in [&one, &two] {
            assert!(!name.starts_with('.') && name != "dataset", "{name}");
        }
        let long_a = format!("{}a", "x".repeat(5000));
        let long_b = format!("{}b", "x".repeat(5000));
        let (a, b) = (file_safe(&long_a), file_safe(&long_b));
        assert_ne!(a, b);
        assert!(format!("incident-{a}.json").len() < 255, "{}", a.len());
        // Multi-byte characters are cut at a character boundary.
        let arabic = file_safe(&"ك".repeat(1000));
        assert!(arabic.len() <= FILE_NAME_BYTES + 17);
    }
}
