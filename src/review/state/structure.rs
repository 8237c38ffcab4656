//! What the review state says about the dataset's structure: incidents
//! reviewers added, evidence they edited, and the articles they finished.

use super::{ApplyError, ReviewState};
use crate::dataset::Dataset;
use crate::review::entry::{Action, Entry};

/// A structural action in effect, with its entry's position among the
/// entries applied (for warnings).
pub struct StructuralEdit<'a> {
    pub position: usize,
    pub entry: &'a Entry,
}

impl ReviewState {
    /// Why a new structural or document action cannot apply, if it cannot.
    pub(super) fn check_new(&self, entry: &Entry, action: &Action) -> Result<(), ApplyError> {
        if let Some(document) = action.document() {
            return if document.is_empty() {
                Err(ApplyError::NoDocument(action.name()))
            } else {
                Ok(())
            };
        }
        if entry.incident.is_empty() {
            return Err(ApplyError::NoIncident(action.name()));
        }
        if let Some((other, _)) = action.pair() {
            return if other.is_empty() {
                Err(ApplyError::NoIncident(action.name()))
            } else if other == entry.incident {
                Err(ApplyError::WithItself(other.to_string()))
            } else {
                Ok(())
            };
        }
        let spans: Vec<&crate::review::SpanEdit> = match action {
            Action::AddIncident { document, evidence } => {
                if document.is_empty() {
                    return Err(ApplyError::NoDocument(action.name()));
                }
                if self.added.contains_key(&entry.incident) {
                    return Err(ApplyError::AlreadyAdded(entry.incident.clone()));
                }
                if let Some((field, value)) = entry
                    .extracted
                    .values()
                    .find(|(field, value)| !field.accepts(*value))
                {
                    return Err(ApplyError::DoesNotFit {
                        field,
                        value: serde_json::to_string(&value).unwrap_or_default(),
                    });
                }
                evidence.iter().collect()
            }
            Action::AddEvidence { span } | Action::RemoveEvidence { span } => vec![span],
            Action::MoveEvidence { from, to } => vec![from, to],
            _ => Vec::new(),
        };
        for span in spans {
            if span.document.is_empty() {
                return Err(ApplyError::NoDocument(action.name()));
            }
            if span.end < span.start {
                return Err(ApplyError::BackwardSpan(span.describe()));
            }
        }
        Ok(())
    }

    /// Whether the article `document_id` is marked done.
    pub fn is_done(&self, document_id: &str) -> bool {
        self.by_document
            .get(document_id)
            .and_then(|stack| stack.last())
            .is_some_and(|&i| matches!(self.actions[i].action, Action::DocumentDone { .. }))
    }

    /// Whether any article is marked done (the `doc:` filters then have
    /// something to look up).
    pub fn any_done(&self) -> bool {
        self.by_document.keys().any(|d| self.is_done(d))
    }

    /// `(done, total)` among the dataset's documents, for `articles done
    /// 3/22`.
    pub fn documents_done(&self, dataset: &Dataset) -> (usize, usize) {
        let total = dataset.documents.len();
        if !self.any_done() {
            return (0, total);
        }
        let done = dataset
            .documents
            .iter()
            .filter(|d| self.is_done(&d.id))
            .count();
        (done, total)
    }

    /// An id for a new incident: `added-REVIEWER-N`, which says it was
    /// added and by whom, and is neither in `dataset` nor used by any
    /// incident added in this journal before (undone ones too, so a redo
    /// never meets a namesake).
    pub fn new_incident_id(&self, dataset: &Dataset, reviewer: &str) -> String {
        let who: String = reviewer
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let who = if who.is_empty() { "reviewer" } else { &who };
        (self.ever_added.len() + 1..)
            .map(|n| format!("added-{who}-{n}"))
            .find(|id| {
                !self.ever_added.contains(id) && !dataset.incidents.iter().any(|i| i.id == *id)
            })
            .unwrap_or_else(|| format!("added-{who}"))
    }

    /// Whether `id` is an incident a reviewer added (and did not undo).
    pub fn is_added(&self, id: &str) -> bool {
        self.added.contains_key(id)
    }

    /// Whether the state holds structural edits: added incidents or
    /// evidence edits in effect.
    pub fn has_structural_edits(&self) -> bool {
        !self.structure.is_empty()
    }

    /// Changes only when the structural edits in effect change (added
    /// incidents, evidence edits, their undo and redo), so a dataset built
    /// by `review::with_edits` can tell it is stale; 0 before any.
    pub fn structure_version(&self) -> u64 {
        self.structure_version
    }

    /// The structural actions in effect, oldest first.
    pub fn structural_edits(&self) -> impl Iterator<Item = StructuralEdit<'_>> {
        self.structure.iter().map(|&i| StructuralEdit {
            position: self.positions[i],
            entry: &self.actions[i],
        })
    }
}

#[cfg(test)]
mod tests;
