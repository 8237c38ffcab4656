//! What the browser holds besides its state: the open review journal, where
//! the dataset came from, and what to print on exit. The terminal layer
//! runs the app's effects against it.

use std::path::PathBuf;
use std::sync::Arc;

use crate::app::{App, Effect};
use crate::query::{all_unreviewed, SearchEngine, SearchRequest, StatusLookup};
use crate::review::{ReviewJournal, ReviewStatus};

pub struct Session {
    pub journal: Option<ReviewJournal>,
    /// The dataset file; `None` for the embedded sample.
    pub dataset_path: Option<PathBuf>,
    /// `--print-selected`: `y` picks the incident and quits; it is printed
    /// on standard output once the terminal is restored.
    pub print_selected: bool,
    pub selected_json: Option<String>,
    /// Searches run here, off the UI thread.
    pub engine: Option<SearchEngine>,
}

impl Session {
    /// Hands every search result that has arrived to the app.
    pub fn deliver_results(&mut self, app: &mut App) {
        if let Some(engine) = &self.engine {
            while let Some(result) = engine.try_recv() {
                app.search_result(result);
            }
        }
    }

    /// Carries out effects, reporting each result to the app.
    pub fn run(&mut self, app: &mut App, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Journal { incident, action } => {
                    let Some(journal) = self.journal.as_mut() else {
                        app.journal_failed("no review journal is open");
                        continue;
                    };
                    let entry = journal.entry(&app.dataset.incidents[incident], action);
                    match journal.append(&entry) {
                        Ok(()) => app.journaled(incident, &entry),
                        Err(e) => app.journal_failed(&format!("{}: {e}", journal.path().display())),
                    }
                    // The journal's path named another file: say so too.
                    if let Some(moved) = journal.take_relocation() {
                        let outcome = app.notice.take().unwrap_or_default();
                        app.notice = Some(format!("{outcome} · {moved}"));
                    }
                }
                Effect::Export => {
                    let name = file_safe(&app.dataset.name);
                    let out = PathBuf::from(format!("{name}-reviewed.jsonl"));
                    app.notice = Some(
                        match crate::commands::export_from_browser(
                            self.dataset_path.as_deref(),
                            &app.dataset,
                            &app.review,
                            &out,
                        ) {
                            Ok(msg) => msg,
                            Err(e) => format!("export failed: {e}"),
                        },
                    );
                }
                Effect::CopyOut { incident } => self.copy_out(app, incident),
                Effect::Search {
                    generation,
                    query_text,
                    sort,
                    uses_status,
                } => {
                    let engine = self.engine.get_or_insert_with(|| {
                        SearchEngine::with_summarizer(
                            Arc::clone(&app.dataset),
                            Arc::clone(&app.summarizer),
                        )
                    });
                    let status = if uses_status {
                        // A snapshot of the statuses now (a new Arc each
                        // time, so the engine never narrows across a change).
                        let statuses: Arc<Vec<ReviewStatus>> = Arc::new(
                            app.dataset
                                .incidents
                                .iter()
                                .map(|i| app.review.status(&i.id))
                                .collect(),
                        );
                        let lookup: StatusLookup =
                            Arc::new(move |i: usize| statuses.get(i).copied().unwrap_or_default());
                        lookup
                    } else {
                        all_unreviewed()
                    };
                    engine.submit(SearchRequest {
                        generation,
                        query_text,
                        sort: sort.key,
                        descending: sort.descending,
                        status,
                    });
                }
            }
        }
    }

    fn copy_out(&mut self, app: &mut App, incident: usize) {
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
            Err(e) => {
                app.notice = Some(format!("cannot copy {}: {e}", raw.id));
                return;
            }
        };
        if self.print_selected {
            self.selected_json = Some(json);
            app.should_quit = true;
            return;
        }
        let path = PathBuf::from(format!("incident-{}.json", file_safe(&raw.id)));
        app.notice = Some(
            match crate::review::write_durably(&path, |w| {
                use std::io::Write;
                writeln!(w, "{json}")
            }) {
                Ok(()) => format!("wrote {} as JSON to {}", raw.id, path.display()),
                Err(e) => format!("cannot write {}: {e}", path.display()),
            },
        );
    }
}

/// A name safe to use in a file name: letters, digits, `-`, `_`, `.`.
fn file_safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "dataset".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(file_safe("inc-001"), "inc-001");
        assert_eq!(file_safe("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_safe(""), "dataset");
        assert_eq!(file_safe("كركوك 1"), "كركوك_1");
    }
}
