//! Which document of one dataset is which of the other's, and which
//! incident is which: candidates share a document and are compatible in
//! place and toll; the best-scoring pairs are taken one to one.

use std::collections::HashMap;
use std::ops::Range;

use super::fields::{district, province, words};
use crate::dataset::{Dataset, Incident};
use crate::evidence::gazetteer::Gazetteers;

/// OTHER's documents mapped to REFERENCE's.
#[derive(Debug, Clone, Default)]
pub(super) struct DocumentMap {
    /// For each of OTHER's documents, REFERENCE's document, if any.
    pub to_reference: Vec<Option<usize>>,
    /// For each of OTHER's documents: whether its text is the same as
    /// its counterpart's (so evidence spans in the two can be compared).
    pub same_text: Vec<bool>,
    /// For each of REFERENCE's documents: whether some document of OTHER
    /// maps to it.
    pub reference_matched: Vec<bool>,
    pub by_id: usize,
    pub by_text: usize,
    /// Matched by id although the texts differ (spans are then not compared).
    pub same_id_different_text: usize,
}

/// By id, else by identical cleaned text (the first REFERENCE document
/// with that text). An empty text matches nothing.
pub(super) fn match_documents(reference: &Dataset, other: &Dataset) -> DocumentMap {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for (i, d) in reference.documents.iter().enumerate() {
        by_id.entry(d.id.as_str()).or_insert(i);
        if !d.text.is_empty() {
            by_text.entry(d.text.as_str()).or_insert(i);
        }
    }
    let mut map = DocumentMap {
        reference_matched: vec![false; reference.documents.len()],
        ..DocumentMap::default()
    };
    for d in &other.documents {
        let (found, same_text) = if let Some(&r) = by_id.get(d.id.as_str()) {
            map.by_id += 1;
            let same = reference.documents[r].text == d.text;
            map.same_id_different_text += usize::from(!same);
            (Some(r), same)
        } else if let Some(&r) = by_text.get(d.text.as_str()) {
            map.by_text += 1;
            (Some(r), true)
        } else {
            (None, false)
        };
        if let Some(r) = found {
            map.reference_matched[r] = true;
        }
        map.to_reference.push(found);
        map.same_text.push(same_text);
    }
    map
}

/// The documents an incident cites (resolved sources), without repeats.
pub(super) fn cited(incident: &Incident) -> Vec<usize> {
    let mut out: Vec<usize> = incident.sources.iter().filter_map(|s| s.document).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Fields whose evidence spans, overlapping in the same text, say that two
/// incidents are one. Date and province spans are left out: two attacks
/// told in one article often share them.
const SPAN_FIELDS: [(&str, f64); 4] = [
    ("killed", 2.0),
    ("wounded", 2.0),
    ("location", 2.0),
    ("target", 1.0),
];

/// What matching needs of an incident, worked out once.
struct Profile {
    province: Option<String>,
    district: Option<String>,
    location: Vec<String>,
}

fn profile(incident: &Incident, gaz: &Gazetteers) -> Profile {
    let district_name = incident.district.as_deref();
    // A district the gazetteers know says the province when none is given.
    let province = incident
        .province
        .as_deref()
        .and_then(|p| province(p, gaz))
        .or_else(|| {
            district_name
                .and_then(|d| gaz.district(d))
                .map(|(p, _)| p.name.clone())
        });
    Profile {
        province,
        district: district_name.and_then(|d| district(d, gaz)),
        location: incident.location.as_deref().map(words).unwrap_or_default(),
    }
}

/// Counts close enough to be one report read two ways: within 1, or
/// within a quarter of the larger.
fn close(a: u64, b: u64) -> bool {
    let diff = a.abs_diff(b);
    diff <= 1 || diff.saturating_mul(4) <= a.max(b)
}

/// A matched pair: indices into REFERENCE's and OTHER's incidents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Pair {
    pub reference: usize,
    pub other: usize,
    pub score: f64,
}

/// Candidates share a document and are compatible: their provinces are
/// equal or one is unknown, and their killed counts are equal, close, or
/// one is unknown. Pairs are taken best score first (ties: REFERENCE's
/// order, then OTHER's), each incident at most once.
pub(super) fn match_incidents(
    reference: &Dataset,
    other: &Dataset,
    docs: &DocumentMap,
    gaz: &Gazetteers,
) -> Vec<Pair> {
    let mut citing: Vec<Vec<usize>> = vec![Vec::new(); reference.documents.len()];
    for (i, inc) in reference.incidents.iter().enumerate() {
        for d in cited(inc) {
            if let Some(list) = citing.get_mut(d) {
                list.push(i);
            }
        }
    }
    let ref_profiles: Vec<Profile> = reference
        .incidents
        .iter()
        .map(|i| profile(i, gaz))
        .collect();
    let mut candidates = Vec::new();
    let mut seen_for: Vec<usize> = vec![usize::MAX; reference.incidents.len()];
    for (o, inc) in other.incidents.iter().enumerate() {
        let op = profile(inc, gaz);
        for d in cited(inc) {
            let Some(Some(rd)) = docs.to_reference.get(d) else {
                continue;
            };
            for &r in &citing[*rd] {
                if seen_for[r] == o {
                    continue;
                }
                seen_for[r] = o;
                let ri = &reference.incidents[r];
                if let Some(score) = score(ri, &ref_profiles[r], inc, &op, docs) {
                    candidates.push(Pair {
                        reference: r,
                        other: o,
                        score,
                    });
                }
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.reference.cmp(&b.reference))
            .then(a.other.cmp(&b.other))
    });
    let mut ref_taken = vec![false; reference.incidents.len()];
    let mut other_taken = vec![false; other.incidents.len()];
    let mut pairs = Vec::new();
    for c in candidates {
        if ref_taken[c.reference] || other_taken[c.other] {
            continue;
        }
        ref_taken[c.reference] = true;
        other_taken[c.other] = true;
        pairs.push(c);
    }
    pairs.sort_by_key(|p| (p.reference, p.other));
    pairs
}

/// How alike two incidents citing a shared document are, or `None` when
/// they cannot be one incident.
fn score(
    r: &Incident,
    rp: &Profile,
    o: &Incident,
    op: &Profile,
    docs: &DocumentMap,
) -> Option<f64> {
    let mut score = 1.0;
    match (&rp.province, &op.province) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(_), Some(_)) => score += 1.0,
        _ => {}
    }
    match (r.killed, o.killed) {
        (Some(a), Some(b)) if a == b => score += 3.0,
        (Some(a), Some(b)) if close(a, b) => score += 1.0,
        (Some(_), Some(_)) => return None,
        _ => {}
    }
    match (r.wounded, o.wounded) {
        (Some(a), Some(b)) if a == b => score += 1.0,
        (Some(a), Some(b)) if close(a, b) => score += 0.5,
        _ => {}
    }
    if rp.district.is_some() && rp.district == op.district {
        score += 1.0;
    }
    score += 2.0 * jaccard(&rp.location, &op.location);
    if r.date_parsed.is_some() && r.date_parsed == o.date_parsed {
        score += 0.5;
    }
    score += span_overlap(r, o, docs);
    Some(score)
}

/// Shared words over all words of two word lists (0 when both are empty).
fn jaccard(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let all = a.len() + b.len() - shared;
    if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    }
}

/// The weights of [`SPAN_FIELDS`] whose evidence overlaps in a document
/// both incidents cite with the same text on both sides.
fn span_overlap(r: &Incident, o: &Incident, docs: &DocumentMap) -> f64 {
    let spans = |inc: &Incident, doc: usize, field: &str| -> Vec<Range<usize>> {
        inc.sources
            .iter()
            .filter(|s| s.document == Some(doc))
            .flat_map(|s| &s.evidence)
            .filter(|e| e.field == field)
            .filter_map(|e| e.range())
            .collect()
    };
    let mut total = 0.0;
    for (field, weight) in SPAN_FIELDS {
        let overlaps = cited(o).into_iter().any(|od| {
            let Some(&Some(rd)) = docs.to_reference.get(od) else {
                return false;
            };
            if !docs.same_text[od] {
                return false;
            }
            let theirs = spans(o, od, field);
            spans(r, rd, field)
                .iter()
                .any(|a| theirs.iter().any(|b| overlap(a, b)))
        });
        if overlaps {
            total += weight;
        }
    }
    total
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a == b || (a.start < b.end && b.start < a.end)
}
