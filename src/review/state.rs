//! The review state: the replay of a journal's entries.
//!
//! How an incident's status follows from its actions (the ones in effect,
//! i.e. not undone, oldest first):
//!
//! - the last of accept, reject, flag and correct decides; a note alone
//!   leaves the incident unreviewed;
//! - a correction is an acceptance with changes: accept or correct with
//!   corrections in effect is **corrected**, without any (every corrected
//!   field set back to its extracted value) it is **accepted**;
//! - reject after a correction is **rejected** (the corrections are kept,
//!   and come back if it is accepted again); a correction after a reject or
//!   a flag makes it **corrected** again: correcting means keeping it;
//! - the flag reason is the last flag's, shown only while flagged.
//!
//! - an added incident is **added**: adding it accepts it with the fields
//!   given, so accepting and correcting it keep it added (its corrections
//!   apply as on any incident); reject and flag work as on any other, and
//!   accepting it again makes it added again.
//!
//! Undo takes the last action in effect (of any incident or document) off
//! a stack, redo puts back the last one undone; any new action empties the
//! redo stack. Undo and redo work across sessions, because the stack is
//! part of the replay. Undoing an added incident removes it (its later
//! actions were undone before it), undoing an evidence edit puts the
//! evidence back, undoing a document done opens it again.
//!
//! The structural actions (added incidents, evidence edits) in effect are
//! kept in order for `review::with_edits`, which applies them to a dataset;
//! whether each fits the dataset (a known document, a span inside its
//! text) is known only there.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::entry::{Action, Entry};
use super::field::{Extracted, FieldChange, FieldValue, ReviewField};
use super::fingerprint::Fingerprint;
use super::ReviewStatus;
use crate::dataset::Incident;

mod fold;
mod pairs;
mod structure;

pub use pairs::SameGroups;

use fold::fold;

/// A corrected field: the extracted value and the reviewer's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub old: Option<FieldValue>,
    pub new: Option<FieldValue>,
}

/// The last decision in effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
    Flag,
    Correct,
}

/// Where one incident stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentReview {
    pub status: ReviewStatus,
    /// Corrected fields, in display order.
    pub corrections: BTreeMap<ReviewField, Correction>,
    pub note: Option<String>,
    /// Why it was flagged, while it is flagged.
    pub flag_reason: Option<String>,
    /// Who wrote the last action in effect, and when (UTC, RFC 3339).
    pub reviewer: String,
    pub time: String,
    /// The incident as extracted when its status was last decided (or, with
    /// only a note, when the note was written).
    pub reviewed_fingerprint: Fingerprint,
    pub reviewed_fields: Extracted,
    /// A reviewer added the incident (see [`ReviewStatus::Added`]).
    pub added: bool,
}

/// How the dataset differs from what a reviewer decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetChange {
    /// Fields whose extracted value differs now.
    pub fields: Vec<FieldChange>,
    /// True when no field differs, so the sources or evidence changed.
    pub sources_or_evidence: bool,
}

/// Why an entry could not be applied. Replay skips it and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayWarning {
    /// Position of the entry among those replayed (0-based).
    pub entry: usize,
    pub message: String,
}

impl fmt::Display for ReplayWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "journal entry {}: {}", self.entry + 1, self.message)
    }
}

/// `reviewed N/M, P%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub reviewed: usize,
    pub total: usize,
}

impl Progress {
    /// Whole percent, rounded down (100% only when everything is reviewed).
    pub fn percent(self) -> usize {
        (self.reviewed * 100).checked_div(self.total).unwrap_or(0)
    }
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "reviewed {}/{}, {}%",
            self.reviewed,
            self.total,
            self.percent()
        )
    }
}

/// Which incidents `--only` (and `status:` filters) select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Is(ReviewStatus),
    /// Anything but unreviewed.
    Reviewed,
}

impl StatusFilter {
    pub fn parse(name: &str) -> Option<StatusFilter> {
        if name.eq_ignore_ascii_case("reviewed") {
            return Some(StatusFilter::Reviewed);
        }
        ReviewStatus::parse(name).map(StatusFilter::Is)
    }

    pub fn matches(self, status: ReviewStatus) -> bool {
        match self {
            StatusFilter::Is(s) => s == status,
            StatusFilter::Reviewed => status != ReviewStatus::Unreviewed,
        }
    }
}

/// The replay of a journal.
#[derive(Debug, Clone, Default)]
pub struct ReviewState {
    /// Every decision, correction and note applied, in order.
    actions: Vec<Entry>,
    /// Indices into `actions` in effect, oldest first: the undo stack.
    undo: Vec<usize>,
    /// Indices undone, most recently undone last.
    redo: Vec<usize>,
    /// Per incident, its indices in effect, oldest first.
    by_incident: HashMap<String, Vec<usize>>,
    records: HashMap<String, IncidentReview>,
    /// The dataset's incidents now, for those with a record (see
    /// [`ReviewState::compare_with`]).
    current: HashMap<String, (Fingerprint, Extracted)>,
    /// Changes with every entry applied, unique across states (0: none
    /// applied), so a cache of what the records say can tell it is stale.
    version: u64,
    /// Entries applied (or refused) so far: the next entry's position.
    applied: usize,
    /// Each action's position among the entries applied, for warnings.
    positions: Vec<usize>,
    /// Structural actions in effect, oldest first (a subsequence of `undo`).
    structure: Vec<usize>,
    /// Like `version`, but changed only when `structure` changes.
    structure_version: u64,
    /// Added incidents in effect, to the index of their `add_incident`.
    added: HashMap<String, usize>,
    /// Every id an `add_incident` ever used, undone or not.
    ever_added: std::collections::HashSet<String>,
    /// Per document, its done/open actions in effect, oldest first.
    by_document: HashMap<String, Vec<usize>>,
    /// Per pair of incident ids (the lesser first), its duplicate
    /// decisions in effect, oldest first.
    by_pair: BTreeMap<(String, String), Vec<usize>>,
    /// The groups of incidents decided the same event, built on first
    /// need after the decisions change.
    same_groups: std::sync::OnceLock<std::sync::Arc<pairs::SameGroups>>,
}

/// The source of [`ReviewState::version`]s.
static NEXT_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_version() -> u64 {
    NEXT_VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Why a journal entry changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("undo with nothing to undo")]
    NothingToUndo,
    #[error("redo with nothing to redo")]
    NothingToRedo,
    #[error("correction of {field} to {value} does not fit the field; skipped")]
    DoesNotFit { field: ReviewField, value: String },
    #[error("incident {0:?} was added already; skipped")]
    AlreadyAdded(String),
    #[error("{0} without an incident id; skipped")]
    NoIncident(&'static str),
    #[error("{0} without a document id; skipped")]
    NoDocument(&'static str),
    #[error("span {0} ends before it starts; skipped")]
    BackwardSpan(String),
    #[error("incident {0:?} decided a duplicate of itself; skipped")]
    WithItself(String),
}

impl ReviewState {
    /// Applies entries in order; entries that cannot apply are skipped and
    /// reported.
    pub fn replay<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> (Self, Vec<ReplayWarning>) {
        let mut state = ReviewState::default();
        let mut warnings = Vec::new();
        for (n, entry) in entries.into_iter().enumerate() {
            if let Err(e) = state.apply(entry) {
                warnings.push(ReplayWarning {
                    entry: n,
                    message: e.to_string(),
                });
            }
        }
        (state, warnings)
    }

    /// Applies one entry. An undo with nothing to undo, a redo with nothing
    /// to redo, or a correction whose value does not fit its field changes
    /// nothing and says why.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), ApplyError> {
        self.version = next_version();
        self.applied += 1;
        match &entry.action {
            Action::Undo => {
                let index = self.undo.pop().ok_or(ApplyError::NothingToUndo)?;
                self.redo.push(index);
                self.take_effect(index, false);
            }
            Action::Redo => {
                let index = self.redo.pop().ok_or(ApplyError::NothingToRedo)?;
                self.undo.push(index);
                self.take_effect(index, true);
            }
            Action::Correct { field, new, .. } => {
                if !field.accepts(new.as_ref()) {
                    return Err(ApplyError::DoesNotFit {
                        field: *field,
                        value: serde_json::to_string(new).unwrap_or_default(),
                    });
                }
                self.push(entry);
            }
            Action::Accept | Action::Reject | Action::Flag { .. } | Action::Note { .. } => {
                self.push(entry);
            }
            other => {
                self.check_new(entry, other)?;
                self.push(entry);
            }
        }
        Ok(())
    }

    fn push(&mut self, entry: &Entry) {
        let index = self.actions.len();
        self.actions.push(entry.clone());
        self.positions.push(self.applied.saturating_sub(1));
        self.undo.push(index);
        self.redo.clear();
        if let Action::AddIncident { .. } = entry.action {
            self.ever_added.insert(entry.incident.clone());
        }
        self.take_effect(index, true);
    }

    /// Puts action `index` in effect (`on`) or takes it out, as the last
    /// of its incident's or document's: new, redone, or undone.
    fn take_effect(&mut self, index: usize, on: bool) {
        let action = &self.actions[index].action;
        if action.is_structural() {
            if on {
                self.structure.push(index);
            } else if let Some(at) = self.structure.iter().rposition(|&i| i == index) {
                self.structure.remove(at);
            }
            self.structure_version = next_version();
        }
        if let Some((other, _)) = action.pair() {
            let key = pairs::key(&self.actions[index].incident, other);
            let stack = self.by_pair.entry(key.clone()).or_default();
            if on {
                stack.push(index);
            } else {
                stack.pop();
                if stack.is_empty() {
                    self.by_pair.remove(&key);
                }
            }
            self.same_groups = std::sync::OnceLock::new();
            return;
        }
        if let Some(document) = action.document() {
            let stack = self.by_document.entry(document.to_string()).or_default();
            if on {
                stack.push(index);
            } else {
                stack.pop();
                if stack.is_empty() {
                    self.by_document.remove(document);
                }
            }
            return;
        }
        let id = self.actions[index].incident.clone();
        if let Action::AddIncident { .. } = self.actions[index].action {
            if on {
                self.added.insert(id.clone(), index);
            } else {
                self.added.remove(&id);
            }
        }
        // Evidence edits are the dataset's business, not the record's.
        if matches!(
            self.actions[index].action,
            Action::AddEvidence { .. }
                | Action::MoveEvidence { .. }
                | Action::RemoveEvidence { .. }
        ) {
            return;
        }
        if on {
            self.by_incident.entry(id.clone()).or_default().push(index);
        } else if let Some(stack) = self.by_incident.get_mut(&id) {
            stack.pop();
        }
        self.rebuild(&id);
    }

    /// Recomputes one incident's record from its actions in effect.
    fn rebuild(&mut self, id: &str) {
        let indices = self.by_incident.get(id).map_or(&[][..], Vec::as_slice);
        match fold(indices.iter().map(|&i| &self.actions[i])) {
            Some(record) => {
                self.records.insert(id.to_string(), record);
            }
            None => {
                self.records.remove(id);
                self.by_incident.remove(id);
            }
        }
    }

    /// Records how each reviewed incident looks in the dataset now, so
    /// [`ReviewState::changed_since_review`] can tell what changed. Returns
    /// the ids with a review but no incident in the dataset.
    ///
    /// Pass the incidents as loaded, not with the review's edits applied:
    /// a reviewer's own evidence edits are no change in the dataset. Added
    /// incidents are never orphans and never changed.
    pub fn compare_with(&mut self, incidents: &[Incident]) -> Vec<String> {
        self.current.clear();
        for incident in incidents {
            if self.records.contains_key(incident.id.as_str())
                && !self.added.contains_key(incident.id.as_str())
            {
                self.current.insert(
                    incident.id.to_string(),
                    (Fingerprint::of(incident), Extracted::of(incident)),
                );
            }
        }
        let mut orphans: Vec<String> = self
            .records
            .keys()
            .filter(|id| !self.current.contains_key(*id) && !self.added.contains_key(*id))
            .cloned()
            .collect();
        orphans.sort();
        orphans
    }

    /// When the incident changed in the dataset since its status was
    /// decided: which fields, with the values then and now. The decision
    /// stands; this is for the reviewer to look again.
    pub fn changed_since_review(&self, id: &str) -> Option<DatasetChange> {
        let record = self.records.get(id)?;
        let (fingerprint, now) = self.current.get(id)?;
        if *fingerprint == record.reviewed_fingerprint {
            return None;
        }
        let fields = record.reviewed_fields.diff(now);
        let sources_or_evidence = fields.is_empty();
        Some(DatasetChange {
            fields,
            sources_or_evidence,
        })
    }

    /// Different after every entry applied; 0 before any.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn review(&self, id: &str) -> Option<&IncidentReview> {
        self.records.get(id)
    }

    pub fn status(&self, id: &str) -> ReviewStatus {
        self.records
            .get(id)
            .map_or(ReviewStatus::Unreviewed, |r| r.status)
    }

    /// Every incident with a record, in no particular order.
    pub fn records(&self) -> impl Iterator<Item = (&str, &IncidentReview)> {
        self.records.iter().map(|(id, r)| (id.as_str(), r))
    }

    /// The incident an undo would affect, if there is anything to undo
    /// (empty for an action on a document: see [`ReviewState::undo_entry`]).
    pub fn undo_target(&self) -> Option<&str> {
        self.undo_entry().map(|e| e.incident.as_str())
    }

    /// The incident a redo would affect, if there is anything to redo
    /// (empty for an action on a document).
    pub fn redo_target(&self) -> Option<&str> {
        self.redo_entry().map(|e| e.incident.as_str())
    }

    /// The action an undo would take back.
    pub fn undo_entry(&self) -> Option<&Entry> {
        self.undo.last().map(|&i| &self.actions[i])
    }

    /// The action a redo would put back.
    pub fn redo_entry(&self) -> Option<&Entry> {
        self.redo.last().map(|&i| &self.actions[i])
    }

    /// Reviewed (any status but unreviewed) among `incidents`.
    pub fn progress<'a>(&self, incidents: impl IntoIterator<Item = &'a Incident>) -> Progress {
        let mut p = Progress::default();
        for incident in incidents {
            p.total += 1;
            if self.status(&incident.id) != ReviewStatus::Unreviewed {
                p.reviewed += 1;
            }
        }
        p
    }

    /// Rejected incidents do not count in the summary.
    pub fn counts_in_summary(&self, id: &str) -> bool {
        self.status(id) != ReviewStatus::Rejected
    }

    /// The incidents the summary should add up: rejected ones left out,
    /// corrected values applied. Pass the result to `summary::summarize`
    /// as `v.iter().map(|i| i.as_ref())`.
    pub fn summary_incidents<'a>(
        &self,
        incidents: impl IntoIterator<Item = &'a Incident>,
    ) -> Vec<Cow<'a, Incident>> {
        incidents
            .into_iter()
            .filter(|i| self.counts_in_summary(&i.id))
            .map(|i| self.effective_cow(i))
            .collect()
    }

    /// The incident with its corrections applied. A corrected province
    /// loses its gazetteer name (use [`ReviewState::effective_in`] to look
    /// it up again).
    pub fn effective(&self, incident: &Incident) -> Incident {
        self.effective_cow(incident).into_owned()
    }

    /// Like [`ReviewState::effective`], canonicalising a corrected province
    /// through the dataset's aliases (lower-cased name to canonical name).
    pub fn effective_in(&self, incident: &Incident, aliases: &HashMap<String, String>) -> Incident {
        let mut out = self.effective(incident);
        if self
            .corrected(&incident.id, ReviewField::Province)
            .is_some()
        {
            out.province_canonical = out.province.as_deref().and_then(|p| {
                aliases
                    .get(&p.trim().to_lowercase())
                    .map(|c| c.as_str().into())
            });
        }
        out
    }

    /// The correction of one field, if it was corrected.
    pub fn corrected(&self, id: &str, field: ReviewField) -> Option<&Correction> {
        self.records.get(id)?.corrections.get(&field)
    }

    fn effective_cow<'a>(&self, incident: &'a Incident) -> Cow<'a, Incident> {
        let Some(record) = self.records.get(incident.id.as_str()) else {
            return Cow::Borrowed(incident);
        };
        if record.corrections.is_empty() {
            return Cow::Borrowed(incident);
        }
        let mut out = incident.clone();
        for (field, c) in &record.corrections {
            field.set_value(&mut out, c.new.as_ref());
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests;
