//! Two datasets over the same articles, compared: which incidents of one
//! are which of the other's, incident precision, recall and F1 of OTHER
//! against REFERENCE, and per-field agreement (with Cohen's kappa) on the
//! matched pairs. It serves measuring an extractor against a reviewed
//! export, and agreement between two reviewers' exports.
//!
//! Documents are matched by id, else by identical cleaned text. An
//! incident can only match one citing a matched document, with a
//! compatible place (same canonical province, or one unknown) and toll
//! (same killed, close, or one unknown); see [`matching`] for the score.
//!
//! Every incident counts in precision and recall, also one that cites no
//! document the other side has; the report says how many do, so a reader
//! can tell missed incidents from missing articles.
//!
//! Pure: no terminal, no files.

use serde::Serialize;

use crate::dataset::{Dataset, Incident};
use crate::evidence::gazetteer::Gazetteers;

mod fields;
mod matching;
#[cfg(test)]
mod tests;
mod text;

pub use text::table;

use fields::{agreement, ratio, value};
pub use fields::{cohen_kappa, FieldAgreement, COMPARED_FIELDS};
use matching::{cited, match_documents, match_incidents};

/// What [`compare`] found, serialisable as the `--json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub reference: Side,
    pub other: Side,
    pub documents: DocumentMatching,
    /// Incident pairs matched one to one.
    pub matched: usize,
    /// matched / OTHER's incidents (`None` when OTHER has none).
    pub precision: Option<f64>,
    /// matched / REFERENCE's incidents (`None` when REFERENCE has none).
    pub recall: Option<f64>,
    /// The harmonic mean of precision and recall (`None` when either is).
    pub f1: Option<f64>,
    /// Agreement per field on the matched pairs, in [`COMPARED_FIELDS`] order.
    pub fields: Vec<FieldAgreement>,
    /// The matched pairs, in REFERENCE's order, with the fields that differ.
    pub matches: Vec<MatchedPair>,
    pub unmatched_reference: Vec<UnmatchedIncident>,
    pub unmatched_other: Vec<UnmatchedIncident>,
}

/// One of the two datasets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The dataset's name (the command line puts the path here).
    pub name: String,
    pub documents: usize,
    pub incidents: usize,
    /// Documents with a counterpart on the other side.
    pub documents_matched: usize,
    /// Incidents none of whose documents the other side has: they cannot
    /// match, and are counted as unmatched all the same.
    pub incidents_without_shared_document: usize,
}

/// How OTHER's documents found REFERENCE's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentMatching {
    /// OTHER's documents matched by id.
    pub by_id: usize,
    /// OTHER's documents matched by identical text (their ids differ).
    pub by_text: usize,
    /// Matched by id although the texts differ: evidence spans in them are
    /// not compared.
    pub same_id_different_text: usize,
}

/// A matched pair of incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedPair {
    pub reference: String,
    pub other: String,
    /// How alike the two are (see the matching rules); higher is closer.
    pub score: f64,
    /// The compared fields whose values are not equal (one side missing
    /// included), with each side's value as written.
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub field: &'static str,
    pub reference: Option<String>,
    pub other: Option<String>,
}

/// An incident with no counterpart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedIncident {
    pub id: String,
    /// The ids of the documents it cites, as written.
    pub documents: Vec<String>,
    /// Whether the other side has one of those documents.
    pub shared_document: bool,
    pub date: Option<String>,
    pub province: Option<String>,
    pub killed: Option<u64>,
    pub wounded: Option<u64>,
}

/// Compares OTHER against REFERENCE (see the module's documentation).
pub fn compare(reference: &Dataset, other: &Dataset, gazetteers: &Gazetteers) -> Report {
    let docs = match_documents(reference, other);
    let pairs = match_incidents(reference, other, &docs, gazetteers);
    let mut ref_matched = vec![false; reference.incidents.len()];
    let mut other_matched = vec![false; other.incidents.len()];
    for p in &pairs {
        ref_matched[p.reference] = true;
        other_matched[p.other] = true;
    }
    let ref_shares = |i: &Incident| {
        cited(i)
            .into_iter()
            .any(|d| docs.reference_matched.get(d).copied().unwrap_or(false))
    };
    let other_shares = |i: &Incident| {
        cited(i)
            .into_iter()
            .any(|d| matches!(docs.to_reference.get(d), Some(Some(_))))
    };

    let fields = COMPARED_FIELDS
        .iter()
        .map(|&field| {
            let values: Vec<_> = pairs
                .iter()
                .map(|p| {
                    (
                        value(field, &reference.incidents[p.reference], gazetteers),
                        value(field, &other.incidents[p.other], gazetteers),
                    )
                })
                .collect();
            agreement(field, &values)
        })
        .collect();

    let matches = pairs
        .iter()
        .map(|p| {
            let (r, o) = (&reference.incidents[p.reference], &other.incidents[p.other]);
            MatchedPair {
                reference: r.id.to_string(),
                other: o.id.to_string(),
                score: p.score,
                differences: COMPARED_FIELDS
                    .iter()
                    .filter(|&&f| value(f, r, gazetteers) != value(f, o, gazetteers))
                    .map(|&field| Difference {
                        field,
                        reference: written(r, field),
                        other: written(o, field),
                    })
                    .collect(),
            }
        })
        .collect();

    let unmatched = |ds: &Dataset, taken: &[bool], shares: &dyn Fn(&Incident) -> bool| {
        ds.incidents
            .iter()
            .zip(taken)
            .filter(|(_, &t)| !t)
            .map(|(i, _)| UnmatchedIncident {
                id: i.id.to_string(),
                documents: i
                    .sources
                    .iter()
                    .map(|s| s.document_id.to_string())
                    .collect(),
                shared_document: shares(i),
                date: i.date.as_deref().map(str::to_string),
                province: i.province.as_deref().map(str::to_string),
                killed: i.killed,
                wounded: i.wounded,
            })
            .collect::<Vec<_>>()
    };

    let matched = pairs.len();
    let precision = ratio(matched, other.incidents.len());
    let recall = ratio(matched, reference.incidents.len());
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    };
    Report {
        reference: Side {
            name: reference.name.clone(),
            documents: reference.documents.len(),
            incidents: reference.incidents.len(),
            documents_matched: docs.reference_matched.iter().filter(|&&m| m).count(),
            incidents_without_shared_document: reference
                .incidents
                .iter()
                .filter(|i| !ref_shares(i))
                .count(),
        },
        other: Side {
            name: other.name.clone(),
            documents: other.documents.len(),
            incidents: other.incidents.len(),
            documents_matched: docs.to_reference.iter().filter(|m| m.is_some()).count(),
            incidents_without_shared_document: other
                .incidents
                .iter()
                .filter(|i| !other_shares(i))
                .count(),
        },
        documents: DocumentMatching {
            by_id: docs.by_id,
            by_text: docs.by_text,
            same_id_different_text: docs.same_id_different_text,
        },
        matched,
        precision,
        recall,
        f1,
        fields,
        matches,
        unmatched_reference: unmatched(reference, &ref_matched, &ref_shares),
        unmatched_other: unmatched(other, &other_matched, &other_shares),
    }
}

/// A field's value as the dataset writes it (`None`: no value).
fn written(incident: &Incident, field: &str) -> Option<String> {
    match field {
        "killed" => incident.killed.map(|n| n.to_string()),
        "wounded" => incident.wounded.map(|n| n.to_string()),
        f => incident.text_field(f).map(str::to_string),
    }
}
