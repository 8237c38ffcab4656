//! The review side of the app: decisions become journal effects, the
//! journal's answer changes the state, corrected values are what is shown.

use std::borrow::Cow;

use super::action::Action;
use super::detail_review::ReviewInfo;
use super::edit_form::{EditForm, FormOutcome};
use super::effect::Effect;
use super::state::{App, Editing};
use super::text_input::{InputKey, TextInput};
use crate::dataset::Incident;
use crate::review::{
    Action as ReviewAction, Entry, FieldValue, Progress, Relocation, ReviewStatus,
};
use crate::summary::{Counted, Exceptions};

impl App {
    /// The selected incident's index in the dataset.
    fn selected_index(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// The incident as shown: with its corrections applied.
    /// Its counts' evidence is checked again on the corrected values.
    pub fn shown<'a>(&self, incident: &'a Incident) -> Cow<'a, Incident> {
        match self.review.review(&incident.id) {
            Some(r) if !r.corrections.is_empty() => {
                let mut shown = self
                    .review
                    .effective_in(incident, &self.dataset.province_aliases);
                let counts_corrected = r.corrections.keys().any(|f| f.is_count());
                if counts_corrected {
                    crate::evidence::recheck_counts(incident, &mut shown, &self.dataset.documents);
                }
                Cow::Owned(shown)
            }
            _ => Cow::Borrowed(incident),
        }
    }

    pub fn status_of(&self, incident: &Incident) -> ReviewStatus {
        self.review.status(&incident.id)
    }

    /// `reviewed N/M, P%` over the whole dataset (drawn on every frame:
    /// counted once per review state).
    pub fn progress(&self) -> Progress {
        self.kept_progress()
    }

    /// What the detail pane says about an incident's review.
    pub fn review_info(&self, incident: &Incident) -> ReviewInfo {
        let record = self.review.review(&incident.id);
        ReviewInfo {
            status: self.status_of(incident),
            by: record
                .filter(|r| !r.reviewer.is_empty())
                .map(|r| format!("{}, {}", r.reviewer, r.time)),
            note: record.and_then(|r| r.note.clone()),
            flag_reason: record.and_then(|r| r.flag_reason.clone()),
            changed: self.review.changed_since_review(&incident.id).map(|c| {
                if c.fields.is_empty() {
                    "its sources or evidence".to_string()
                } else {
                    c.fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{} was {}, now {}",
                                f.field.name(),
                                FieldValue::display(f.reviewed.as_ref(), f.field),
                                FieldValue::display(f.now.as_ref(), f.field)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            }),
            corrected: record
                .map(|r| {
                    r.corrections
                        .iter()
                        .map(|(f, c)| (f.name(), FieldValue::display(c.old.as_ref(), *f)))
                        .collect()
                })
                .unwrap_or_default(),
            show_extracted: self.show_extracted,
            query: self.query.clone(),
            done: incident
                .sources
                .iter()
                .map(|s| self.review.is_done(&s.document_id))
                .collect(),
        }
    }

    /// Recomputes the summary bar for exactly the incidents listed:
    /// corrected values, and rejected ones left out unless asked for.
    pub(super) fn refresh_summary(&mut self) {
        let except = self.summary_exceptions();
        self.summary =
            self.summarizer
                .summarize_except(&self.dataset.incidents, &self.rows, &except);
    }

    /// The incidents the summary counts otherwise than the dataset has
    /// them: rejected ones (left out unless asked for) and corrected ones.
    pub(super) fn summary_exceptions(&mut self) -> Exceptions {
        // Reviews touch few incidents: those are the exceptions to the
        // dataset's own values, found again only when the reviews change.
        let version = self.review.version();
        if self.reviewed.0 != version {
            self.reviewed = (version, self.reviewed_indices());
        }
        let (except, warnings) = self.exceptions_of(&self.reviewed.1);
        self.warning_count = warnings;
        except
    }

    /// The dataset indices of the incidents the review state has a record
    /// for (a pass over the dataset: callers keep the answer).
    pub(super) fn reviewed_indices(&self) -> Vec<usize> {
        let ids: std::collections::HashSet<&str, foldhash::fast::RandomState> =
            self.review.records().map(|(id, _)| id).collect();
        if ids.is_empty() {
            return Vec::new();
        }
        (0..self.dataset.incidents.len())
            .filter(|&i| ids.contains(self.dataset.incidents[i].id.as_str()))
            .collect()
    }

    /// The exceptions among the `reviewed` incidents, and the warning
    /// count with corrected counts checked again.
    pub(super) fn exceptions_of(&self, reviewed: &[usize]) -> (Exceptions, usize) {
        let mut except = Exceptions::default();
        // Corrected counts are checked again: the warning count follows.
        let mut warnings = self.dataset_warnings;
        for &i in reviewed {
            let incident = &self.dataset.incidents[i];
            let shown = self.shown(incident);
            if let Cow::Owned(changed) = &shown {
                warnings = (warnings + changed.warnings.problems())
                    .saturating_sub(incident.warnings.problems());
            }
            if !self.include_rejected && !self.review.counts_in_summary(&incident.id) {
                except.insert(i, Counted::Not);
            } else if let Cow::Owned(changed) = shown {
                except.insert(i, Counted::As(Box::new(changed)));
            }
        }
        self.count_once_into(&mut except);
        (except, warnings)
    }

    pub(super) fn record(&mut self, incident: usize, action: ReviewAction) -> Vec<Effect> {
        if let Some(why) = &self.read_only {
            self.notice = Some(format!("read-only, nothing recorded: {why}"));
            return Vec::new();
        }
        vec![Effect::Journal { incident, action }]
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.dataset.incidents.iter().position(|i| i.id == id)
    }

    pub(super) fn review_action(&mut self, action: Action) -> Vec<Effect> {
        let selected = self.selected_index();
        match action {
            Action::Accept | Action::Reject => {
                let Some(i) = selected else { return Vec::new() };
                let a = if action == Action::Accept {
                    ReviewAction::Accept
                } else {
                    ReviewAction::Reject
                };
                return self.record(i, a);
            }
            Action::Flag => {
                if let Some(i) = selected {
                    self.editing = Some(Editing::FlagReason(i, TextInput::default()));
                }
            }
            Action::Note => {
                if let Some(i) = selected {
                    let note = self
                        .review
                        .review(&self.dataset.incidents[i].id)
                        .and_then(|r| r.note.clone())
                        .unwrap_or_default();
                    self.editing = Some(Editing::Note(i, TextInput::new(&note)));
                }
            }
            Action::Edit => {
                if let Some(i) = selected {
                    let shown = self.shown(&self.dataset.incidents[i]).into_owned();
                    let mut provinces: Vec<String> =
                        self.dataset.province_aliases.values().cloned().collect();
                    provinces.sort();
                    provinces.dedup();
                    self.editing =
                        Some(Editing::Form(Box::new(EditForm::new(i, &shown, provinces))));
                }
            }
            Action::Undo | Action::Redo => {
                let (entry, step) = if action == Action::Undo {
                    (self.review.undo_entry(), ReviewAction::Undo)
                } else {
                    (self.review.redo_entry(), ReviewAction::Redo)
                };
                // An article marked done is undone like a decision.
                if let Some(document) = entry.and_then(|e| e.action.document()) {
                    if let Some(why) = &self.read_only {
                        self.notice = Some(format!("read-only, nothing recorded: {why}"));
                        return Vec::new();
                    }
                    return vec![Effect::JournalNew(crate::app::NewEntry::Document {
                        document: document.to_string(),
                        action: step,
                    })];
                }
                let target = entry.map(|e| e.incident.as_str());
                let Some(i) = target.and_then(|id| self.index_of(id)) else {
                    self.notice = Some(format!(
                        "nothing to {}",
                        if action == Action::Undo {
                            "undo"
                        } else {
                            "redo"
                        }
                    ));
                    return Vec::new();
                };
                let a = if action == Action::Undo {
                    ReviewAction::Undo
                } else {
                    ReviewAction::Redo
                };
                return self.record(i, a);
            }
            Action::NextUnreviewed => {
                self.jump_unreviewed(true);
            }
            Action::PrevUnreviewed => {
                self.jump_unreviewed(false);
            }
            Action::ToggleRejected => {
                self.include_rejected = !self.include_rejected;
                self.refresh_summary();
                self.notice = Some(
                    if self.include_rejected {
                        "summary includes rejected incidents"
                    } else {
                        "summary leaves rejected incidents out"
                    }
                    .into(),
                );
            }
            Action::ToggleExtracted => self.show_extracted = !self.show_extracted,
            Action::Export => return vec![Effect::Export],
            Action::CopyOut => {
                if let Some(i) = selected {
                    return vec![Effect::CopyOut { incident: i }];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Moves to the next (or previous) unreviewed incident in list order,
    /// wrapping around. Returns false when there is none.
    fn jump_unreviewed(&mut self, forward: bool) -> bool {
        let n = self.rows.len();
        if n == 0 {
            return false;
        }
        for step in 1..=n {
            let pos = if forward {
                (self.selected + step) % n
            } else {
                (self.selected + n - step % n) % n
            };
            let incident = &self.dataset.incidents[self.rows[pos]];
            if self.review.status(&incident.id) == ReviewStatus::Unreviewed {
                let delta = pos as isize - self.selected as isize;
                self.move_selection(delta);
                return true;
            }
        }
        self.notice = Some("every incident listed is reviewed".into());
        false
    }

    /// A key while typing a note, a flag reason or in the edit form.
    pub(super) fn input(&mut self, key: InputKey) -> Vec<Effect> {
        self.notice = None;
        let Some(editing) = self.editing.take() else {
            if self.search_open {
                return self.search_input(key);
            }
            return Vec::new();
        };
        match editing {
            Editing::Note(i, mut text) => match key {
                InputKey::Esc => Vec::new(),
                InputKey::Enter => {
                    let text = text.text().trim().to_string();
                    self.record(i, ReviewAction::Note { text })
                }
                other => {
                    text.edit(other);
                    self.editing = Some(Editing::Note(i, text));
                    Vec::new()
                }
            },
            Editing::FlagReason(i, mut text) => match key {
                InputKey::Esc => Vec::new(),
                InputKey::Enter => {
                    let reason = text.text().trim();
                    let reason = (!reason.is_empty()).then(|| reason.to_string());
                    self.record(i, ReviewAction::Flag { reason })
                }
                other => {
                    text.edit(other);
                    self.editing = Some(Editing::FlagReason(i, text));
                    Vec::new()
                }
            },
            Editing::Picker(picker) => self.picker_input(picker, key),
            Editing::NewIncident(adding) => self.new_incident_input(adding, key),
            Editing::Form(mut form) => match form.input(key) {
                FormOutcome::Editing => {
                    self.editing = Some(Editing::Form(form));
                    Vec::new()
                }
                FormOutcome::Cancelled => Vec::new(),
                FormOutcome::Saved(changes) if changes.is_empty() => {
                    self.notice = Some("no field changed".into());
                    Vec::new()
                }
                FormOutcome::Saved(changes) => {
                    let i = form.incident;
                    changes
                        .into_iter()
                        .flat_map(|(field, old, new)| {
                            self.record(i, ReviewAction::Correct { field, old, new })
                        })
                        .collect()
                }
            },
        }
    }

    /// Selects the incident (dataset index) if it is listed.
    fn select_incident(&mut self, incident: usize) {
        if let Some(pos) = self.rows.iter().position(|&i| i == incident) {
            let delta = pos as isize - self.selected as isize;
            self.move_selection(delta);
        }
    }

    /// The journal has durably recorded `entry` for `incident`: only now
    /// does the decision show, as saved.
    pub(super) fn journaled(
        &mut self,
        incident: Option<usize>,
        entry: &Entry,
        moved: Option<&Relocation>,
    ) -> Vec<Effect> {
        // What the file now at the journal's path held comes first: our
        // entry was written after it.
        let found = moved.map_or(0, |m| {
            m.found
                .iter()
                .filter(|e| self.review.apply(e).is_ok())
                .count()
        });
        let moved_note = moved.map(|m| format!(" · {m}")).unwrap_or_default();
        if found > 0 {
            self.refresh_summary();
        }
        if let Err(e) = self.review.apply(entry) {
            self.notice = Some(format!("recorded, but could not be applied: {e}"));
            return self.refresh_structure();
        }
        if let ReviewAction::AddIncident { .. } = entry.action {
            self.pending_select = Some(entry.incident.clone());
        }
        let done = match &entry.action {
            ReviewAction::Accept => "accepted",
            ReviewAction::Reject => "rejected",
            ReviewAction::Flag { .. } => "flagged",
            ReviewAction::Note { text } if text.is_empty() => "note removed from",
            ReviewAction::Note { .. } => "note saved on",
            ReviewAction::Correct { .. } => "corrected",
            ReviewAction::Undo => "undone on",
            ReviewAction::Redo => "redone on",
            ReviewAction::AddIncident { .. } => "added",
            ReviewAction::AddEvidence { .. } => "evidence added to",
            ReviewAction::MoveEvidence { .. } => "evidence moved on",
            ReviewAction::RemoveEvidence { .. } => "evidence removed from",
            ReviewAction::DocumentDone { .. } => "article done:",
            ReviewAction::DocumentOpen { .. } => "article open again:",
            ReviewAction::SameEvent { .. } => "same event:",
            ReviewAction::NotSame { .. } => "not the same event:",
        };
        let what = match entry.action.document() {
            Some(document) => document,
            // The undo or redo of an article's mark.
            None if entry.incident.is_empty() => "an article's done mark",
            None => &entry.incident,
        };
        let mut notice = format!("saved: {done} {what}");
        let advance = entry.action == ReviewAction::Accept
            && self.advance_on_accept
            && incident.is_some()
            && self.selected_index() == incident;
        if advance && !self.jump_unreviewed(true) {
            notice.push_str(" · every incident listed is reviewed");
        }
        let mut effects = self.refresh_structure();
        if effects.is_empty() {
            effects.extend(self.search_again_for_clusters());
        }
        if matches!(entry.action, ReviewAction::Undo | ReviewAction::Redo) {
            if let Some(i) = incident.filter(|&i| i < self.dataset.incidents.len()) {
                self.select_incident(i);
            }
        }
        notice.push_str(&moved_note);
        self.notice = Some(notice);
        self.refresh_summary();
        effects
    }

    /// The journal could not record a decision: nothing changes, and the
    /// user is told so.
    pub(super) fn journal_failed(&mut self, message: &str) {
        self.notice = Some(format!("NOT SAVED: {message}"));
    }
}
