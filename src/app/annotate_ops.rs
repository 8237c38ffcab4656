//! Adding what the extraction missed: a selection becomes evidence for a
//! field (moved or removed evidence too) or a new incident; an article is
//! marked done. Every change goes through the journal first, like every
//! decision; the dataset shown is the one loaded with the review's
//! structural edits applied, rebuilt when they change.

use std::sync::Arc;

use super::action::Action;
use super::annotate::{self, FieldPicker, NewIncident, Picked};
use super::detail_view;
use super::edit_form::{EditForm, FormOutcome};
use super::effect::{Effect, NewEntry};
use super::selection;
use super::state::{App, Editing};
use super::text_input::InputKey;
use crate::dataset::{Document, Incident, PartialDate};
use crate::query::sort_incidents;
use crate::review::{self, Action as ReviewAction, SpanEdit};
use crate::summary::Summarizer;

impl App {
    /// The incident (dataset index) as the journal describes it: as
    /// loaded, without evidence edits; an added one as added.
    pub fn as_extracted(&self, incident: usize) -> Option<&Incident> {
        self.base
            .incidents
            .get(incident)
            .or_else(|| self.dataset.incidents.get(incident))
    }

    /// Builds the dataset shown again when the review's structure changed
    /// (an incident added, evidence edited, or one of those undone).
    /// Returns whether it did.
    fn restructure(&mut self) -> bool {
        let version = self.review.structure_version();
        if version == self.structure {
            return false;
        }
        self.structure = version;
        self.dataset = match review::with_edits(&self.base, &self.review) {
            Some(edited) => Arc::new(edited),
            None => Arc::clone(&self.base),
        };
        self.summarizer = Arc::new(Summarizer::new(&self.dataset.incidents));
        let (problems, notes) = self.dataset.problem_and_note_count();
        self.dataset_warnings = problems;
        self.warning_count = problems;
        self.note_count = notes;
        // The incidents the reviews touch are found again.
        self.reviewed = (0, Vec::new());
        let len = self.dataset.incidents.len();
        self.rows.retain(|&i| i < len);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        true
    }

    /// At opening: the review's structure applied, every incident listed.
    pub(super) fn rebuild_structure(&mut self) {
        if self.restructure() {
            self.rows = (0..self.dataset.incidents.len()).collect();
            sort_incidents(&self.dataset, &mut self.rows, self.sort);
        }
    }

    /// After an entry was applied: when the structure changed, the list
    /// is searched again (the new incidents listed, the removed ones gone).
    pub(super) fn refresh_structure(&mut self) -> Vec<Effect> {
        if self.restructure() {
            vec![self.search_effect()]
        } else {
            Vec::new()
        }
    }

    /// Selects the incident just added once the list shows it.
    pub(super) fn select_pending(&mut self) {
        let Some(id) = self.pending_select.take() else {
            return;
        };
        match self
            .rows
            .iter()
            .position(|&i| self.dataset.incidents[i].id == id)
        {
            Some(pos) => {
                let delta = pos as isize - self.selected as isize;
                self.move_selection(delta);
            }
            None => self.notice = Some(format!("{id} is not listed by the search")),
        }
    }

    /// The document of the selected incident's source `source`.
    fn source_document(&self, source: usize) -> Option<&Document> {
        let incident = self.selected_incident()?;
        self.dataset
            .document(incident.sources.get(source)?.document?)
    }

    fn read_only_refusal(&mut self) -> bool {
        match &self.read_only {
            Some(why) => {
                self.notice = Some(format!("read-only, nothing recorded: {why}"));
                true
            }
            None => false,
        }
    }

    /// Select mode's actions on the selection.
    pub(super) fn annotate(&mut self, action: Action) -> Vec<Effect> {
        if self.read_only_refusal() {
            return Vec::new();
        }
        match action {
            Action::AddEvidence => self.pick_field(),
            Action::AddIncident => self.start_incident(),
            Action::MoveEvidence => return self.move_evidence(),
            Action::RemoveEvidence => return self.remove_evidence(),
            _ => {}
        }
        Vec::new()
    }

    /// Opens the field picker for the selection.
    fn pick_field(&mut self) {
        let (Some(cursor), Some(&index)) =
            (self.text_cursor().cloned(), self.rows.get(self.selected))
        else {
            return;
        };
        let Some(quote) = self.selected_text().map(str::to_string) else {
            return;
        };
        let shown = self.shown(&self.dataset.incidents[index]).into_owned();
        let extractor = self.extractor.as_deref();
        let picker = FieldPicker::new(
            index,
            cursor.source,
            cursor.selection(),
            &quote,
            &shown,
            |f| annotate::offered_value(f, &quote, &self.dataset, extractor),
        );
        self.editing = Some(Editing::Picker(Box::new(picker)));
    }

    /// A key in the field picker.
    pub(super) fn picker_input(
        &mut self,
        mut picker: Box<FieldPicker>,
        key: InputKey,
    ) -> Vec<Effect> {
        let choice = match picker.input(key) {
            Picked::Picking => {
                self.editing = Some(Editing::Picker(picker));
                return Vec::new();
            }
            Picked::Cancelled => return Vec::new(),
            Picked::Chosen(choice) => choice,
        };
        let Some(doc) = self.source_document(picker.source) else {
            return Vec::new();
        };
        let Some(span) = SpanEdit::from_byte_range(doc, choice.field.name(), picker.range.clone())
        else {
            self.notice = Some("the selection cannot be evidence (outside the article)".into());
            return Vec::new();
        };
        self.leave_select();
        let mut effects = vec![Effect::Journal {
            incident: picker.incident,
            action: ReviewAction::AddEvidence { span },
        }];
        // The value the selection states, when it is not the value now.
        if let Some(value) = choice
            .offered
            .filter(|v| Some(v) != choice.current.as_ref())
        {
            effects.push(Effect::Journal {
                incident: picker.incident,
                action: ReviewAction::Correct {
                    field: choice.field,
                    old: choice.current,
                    new: Some(value),
                },
            });
        }
        effects
    }

    /// Opens the form of a new incident from the selection, prefilled by
    /// the rules over the selected sentences.
    fn start_incident(&mut self) {
        let Some(cursor) = self.text_cursor().cloned() else {
            return;
        };
        let Some(document) = self
            .selected_incident()
            .and_then(|i| i.sources.get(cursor.source)?.document)
        else {
            return;
        };
        let Some(doc) = self.dataset.document(document) else {
            return;
        };
        let text = detail_view::source_text(doc);
        let chosen = cursor.selection();
        let sentences = selection::sentences_around(text, &chosen);
        let published = doc.published.as_deref().and_then(PartialDate::parse);
        let (mut prefill, spans) = annotate::prefill(
            self.extractor.as_deref(),
            text,
            sentences,
            chosen,
            published.as_ref(),
        );
        prefill.id = format!("new incident from {}", doc.id).into();
        let mut provinces: Vec<String> = self.dataset.province_aliases.values().cloned().collect();
        provinces.sort();
        provinces.dedup();
        let index = self.rows.get(self.selected).copied().unwrap_or(0);
        let form = EditForm::new(index, &prefill, provinces);
        self.editing = Some(Editing::NewIncident(Box::new(NewIncident {
            form: Box::new(form),
            document,
            prefill: Box::new(prefill),
            spans,
        })));
    }

    /// A key in the new incident's form: saving adds it, with the
    /// evidence of every prefilled value the reviewer kept.
    pub(super) fn new_incident_input(
        &mut self,
        mut adding: Box<NewIncident>,
        key: InputKey,
    ) -> Vec<Effect> {
        let changes = match adding.form.input(key) {
            FormOutcome::Editing => {
                self.editing = Some(Editing::NewIncident(adding));
                return Vec::new();
            }
            FormOutcome::Cancelled => return Vec::new(),
            FormOutcome::Saved(changes) => changes,
        };
        let dataset = Arc::clone(&self.dataset);
        let Some(doc) = dataset.document(adding.document) else {
            return Vec::new();
        };
        let mut incident = (*adding.prefill).clone();
        for (field, _, new) in &changes {
            field.set_value(&mut incident, new.as_ref());
        }
        let changed: Vec<_> = changes.iter().map(|(f, _, _)| *f).collect();
        let evidence: Vec<SpanEdit> = adding
            .spans
            .iter()
            // A value the reviewer changed is not what its span says.
            .filter(|(f, _)| !changed.contains(f) || f.value_of(&adding.prefill).is_none())
            .filter_map(|(f, r)| SpanEdit::from_byte_range(doc, f.name(), r.clone()))
            .collect();
        self.leave_select();
        vec![Effect::JournalNew(NewEntry::Incident {
            incident: Box::new(incident),
            document: doc.id.to_string(),
            evidence,
        })]
    }

    /// The evidence span `n`/`N` is on, as the journal names it, with
    /// the incident's source it is in.
    fn current_span(&self) -> Option<(usize, SpanEdit)> {
        let incident = self.selected_incident()?;
        let (s, range, _) = detail_view::evidence_spans(incident)
            .into_iter()
            .nth(self.evidence_cursor?)?;
        self.span_of(s, &range)
    }

    /// Evidence of the selected incident on `range` of source `s`.
    fn span_of(&self, s: usize, range: &std::ops::Range<usize>) -> Option<(usize, SpanEdit)> {
        let incident = self.selected_incident()?;
        let source = incident.sources.get(s)?;
        let doc = self.dataset.document(source.document?)?;
        let evidence = source
            .evidence
            .iter()
            .find(|e| e.range().as_ref() == Some(range))?;
        Some((s, SpanEdit::of_evidence(doc, evidence)?))
    }

    /// Moves the current evidence span (`n`/`N`) to the selection.
    fn move_evidence(&mut self) -> Vec<Effect> {
        let (Some(cursor), Some(&index)) =
            (self.text_cursor().cloned(), self.rows.get(self.selected))
        else {
            return Vec::new();
        };
        let Some((_, from)) = self.current_span() else {
            self.notice = Some("no evidence span chosen to move: n/N chooses one".into());
            return Vec::new();
        };
        let Some(doc) = self.source_document(cursor.source) else {
            return Vec::new();
        };
        let Some(to) = SpanEdit::from_byte_range(doc, &from.field, cursor.selection()) else {
            return Vec::new();
        };
        self.leave_select();
        vec![Effect::Journal {
            incident: index,
            action: ReviewAction::MoveEvidence { from, to },
        }]
    }

    /// Removes the evidence span under the cursor (the shortest, when
    /// spans overlap there).
    fn remove_evidence(&mut self) -> Vec<Effect> {
        let (Some(cursor), Some(&index), Some(incident)) = (
            self.text_cursor().cloned(),
            self.rows.get(self.selected),
            self.selected_incident(),
        ) else {
            return Vec::new();
        };
        let under = detail_view::evidence_spans(incident)
            .into_iter()
            .filter(|(s, r, _)| {
                *s == cursor.source && r.start < cursor.word.end && r.end > cursor.word.start
            })
            .min_by_key(|(_, r, _)| r.len());
        let Some((_, span)) = under.and_then(|(s, r, _)| self.span_of(s, &r)) else {
            self.notice = Some("no evidence under the cursor".into());
            return Vec::new();
        };
        vec![Effect::Journal {
            incident: index,
            action: ReviewAction::RemoveEvidence { span },
        }]
    }

    fn leave_select(&mut self) {
        self.selecting = None;
    }

    /// The selected incident's article (its first source with a text, or
    /// the one the cursor is in).
    fn current_document(&self) -> Option<&Document> {
        let incident = self.selected_incident()?;
        let source = self.text_cursor().map_or(0, |c| c.source);
        incident
            .sources
            .get(source)
            .or_else(|| incident.sources.iter().find(|s| s.document.is_some()))
            .and_then(|s| self.dataset.document(s.document?))
    }

    /// Marks the selected incident's article done, or open again.
    pub(super) fn toggle_done(&mut self) -> Vec<Effect> {
        if self.read_only_refusal() {
            return Vec::new();
        }
        let Some(doc) = self.current_document() else {
            self.notice = Some("this incident cites no article".into());
            return Vec::new();
        };
        let document = doc.id.to_string();
        let action = if self.review.is_done(&document) {
            ReviewAction::DocumentOpen {
                document: document.clone(),
            }
        } else {
            ReviewAction::DocumentDone {
                document: document.clone(),
            }
        };
        vec![Effect::JournalNew(NewEntry::Document { document, action })]
    }

    /// Moves to the next listed incident whose article is not done.
    pub(super) fn next_open_document(&mut self) {
        let n = self.rows.len();
        let here = self.current_document().map(|d| d.id.clone());
        for step in 1..=n {
            let pos = (self.selected + step) % n;
            let incident = &self.dataset.incidents[self.rows[pos]];
            let doc = incident
                .sources
                .iter()
                .find_map(|s| self.dataset.document(s.document?));
            if let Some(doc) = doc {
                if Some(&doc.id) != here.as_ref() && !self.review.is_done(&doc.id) {
                    let delta = pos as isize - self.selected as isize;
                    self.move_selection(delta);
                    return;
                }
            }
        }
        self.notice = Some("every article listed is done".into());
    }

    /// `articles done 3/22`, once any article is marked.
    pub fn articles_done(&self) -> Option<String> {
        self.review.any_done().then(|| {
            let (done, total) = self.kept_documents_done();
            format!("articles done {done}/{total}")
        })
    }
}
