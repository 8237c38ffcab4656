//! The checks again, after a reviewer edited an incident's evidence.

use super::{checks, flags_of, late_message, ungrounded_message};
use crate::dataset::{Anchor, Document, Incident, LocateMethod};

/// Re-runs the checks that read an incident's evidence and sources on
/// `after`, which is `before` with its sources edited (an added incident:
/// `before` without sources): the warnings those checks gave `before` are
/// taken off `after` and its own added, and its flags and suspicion score
/// set again. Quotes keep how they were located. The place-name check
/// (which needs the gazetteers) is not run again: its warnings stay as
/// they were.
pub fn recheck_sources(before: &Incident, after: &mut Incident, documents: &[Document]) {
    let old = findings(before, documents);
    after.warnings.retain(|w| !old.iter().any(|o| **o == **w));
    let new = findings(after, documents);
    let missing = checks::fields_without_evidence(after).len();
    let mismatch = !checks::casualty_mismatches(after, documents).is_empty();
    after.flags = flags_of(after, mismatch, missing);
    after.warnings.extend(new);
}

/// The warnings the evidence checks give `incident`, but for place names.
fn findings(incident: &Incident, documents: &[Document]) -> Vec<String> {
    let mut out = Vec::new();
    for source in &incident.sources {
        for ev in &source.evidence {
            if let (Anchor::Quote(q), Some(l)) = (ev.anchor(), ev.located()) {
                if l.method == LocateMethod::NotFound {
                    // Whichever reason it gave.
                    for too_long in [false, true] {
                        out.push(ungrounded_message(
                            &ev.field,
                            &source.document_id,
                            q,
                            too_long,
                        ));
                    }
                }
            }
        }
    }
    out.extend(
        checks::casualty_mismatches(incident, documents)
            .iter()
            .map(checks::Mismatch::message),
    );
    let missing = checks::fields_without_evidence(incident);
    if !missing.is_empty() {
        out.push(format!("no evidence for: {}", missing.join(", ")));
    }
    for (doc, published) in checks::dated_after_sources(incident, documents) {
        out.push(late_message(incident, &doc, &published));
    }
    out
}
