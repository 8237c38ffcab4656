//! How an incident's record follows from its actions in effect (see the
//! rules in the parent module).

use std::collections::BTreeMap;

use super::{Correction, Decision, IncidentReview};
use crate::review::entry::{Action, Entry};
use crate::review::field::Extracted;
use crate::review::fingerprint::Fingerprint;
use crate::review::ReviewStatus;

/// One incident's record from its actions in effect, oldest first; `None`
/// when there are none.
pub(super) fn fold<'a>(actions: impl Iterator<Item = &'a Entry>) -> Option<IncidentReview> {
    let mut record: Option<IncidentReview> = None;
    let mut decision = None;
    let mut decided = false;
    let mut added = false;
    for entry in actions {
        // Only an incident's actions are folded; none of them lacks a
        // fingerprint (a hand-written entry may, and then says nothing).
        let fingerprint = entry.fingerprint.unwrap_or(Fingerprint(0));
        let r = record.get_or_insert_with(|| IncidentReview {
            status: ReviewStatus::Unreviewed,
            corrections: BTreeMap::new(),
            note: None,
            flag_reason: None,
            reviewer: String::new(),
            time: String::new(),
            reviewed_fingerprint: fingerprint,
            reviewed_fields: Extracted::default(),
            added: false,
        });
        r.reviewer.clone_from(&entry.reviewer);
        r.time.clone_from(&entry.time);
        let is_decision = !matches!(entry.action, Action::Note { .. });
        if is_decision || !decided {
            r.reviewed_fingerprint = fingerprint;
            r.reviewed_fields.clone_from(&entry.extracted);
        }
        decided |= is_decision;
        match &entry.action {
            Action::Accept => decision = Some(Decision::Accept),
            // Adding an incident accepts it, with the fields given.
            Action::AddIncident { .. } => {
                added = true;
                decision = Some(Decision::Accept);
            }
            Action::Reject => decision = Some(Decision::Reject),
            Action::Flag { reason } => {
                decision = Some(Decision::Flag);
                r.flag_reason.clone_from(reason);
            }
            Action::Note { text } => {
                r.note = (!text.is_empty()).then(|| text.clone());
            }
            Action::Correct { field, new, .. } => {
                decision = Some(Decision::Correct);
                let extracted = entry.extracted.get(*field);
                if *new == extracted {
                    r.corrections.remove(field);
                } else {
                    r.corrections.insert(
                        *field,
                        Correction {
                            old: extracted,
                            new: new.clone(),
                        },
                    );
                }
            }
            Action::Undo
            | Action::Redo
            | Action::AddEvidence { .. }
            | Action::MoveEvidence { .. }
            | Action::RemoveEvidence { .. }
            | Action::DocumentDone { .. }
            | Action::DocumentOpen { .. }
            | Action::SameEvent { .. }
            | Action::NotSame { .. } => {}
        }
    }
    let mut r = record?;
    r.status = match decision {
        None => ReviewStatus::Unreviewed,
        Some(Decision::Reject) => ReviewStatus::Rejected,
        Some(Decision::Flag) => ReviewStatus::Flagged,
        Some(Decision::Accept | Decision::Correct) if r.corrections.is_empty() => {
            ReviewStatus::Accepted
        }
        Some(Decision::Accept | Decision::Correct) => ReviewStatus::Corrected,
    };
    r.added = added;
    if added && matches!(r.status, ReviewStatus::Accepted | ReviewStatus::Corrected) {
        r.status = ReviewStatus::Added;
    }
    if r.status != ReviewStatus::Flagged {
        r.flag_reason = None;
    }
    Some(r)
}
