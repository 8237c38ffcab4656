//! Consistency checks on one incident: its casualty counts against their
//! evidence, its place names against its sources, its date against their
//! publication, and which fields have no evidence. Findings are warnings,
//! never errors.

use super::casualty::{self, Casualty, Reading};
use super::fold::{fold_str, FoldCache, Folded};
use super::gazetteer::Gazetteers;
use crate::dataset::{Anchor, Document, Incident, LocateMethod, PartialDate, INCIDENT_FIELDS};

/// A casualty count its evidence contradicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub field: &'static str,
    pub value: u64,
    /// What the evidence says instead.
    pub reading: Reading,
}

impl Mismatch {
    pub fn message(&self) -> String {
        format!(
            "{} is {} but its evidence says {} (“{}”)",
            self.field,
            self.value,
            self.reading.count.describe(),
            self.reading.phrase
        )
    }
}

/// The texts given as evidence for `field`: each located span, or the
/// quote itself when it was not found (it is still what the extractor
/// claimed).
pub fn evidence_texts<'a>(
    incident: &'a Incident,
    documents: &'a [Document],
    field: &str,
) -> Vec<&'a str> {
    let mut out = Vec::new();
    for source in &incident.sources {
        let doc = source.document.and_then(|d| documents.get(d));
        for ev in source.evidence.iter().filter(|e| e.field == field) {
            let located = ev.span.clone().zip(doc).and_then(|(r, d)| d.text.get(r));
            match (located, &ev.anchor) {
                (Some(text), _) => out.push(text),
                (None, Anchor::Quote(q)) => out.push(q.as_str()),
                (None, Anchor::Offsets { .. }) => {}
            }
        }
    }
    out
}

/// Casualty counts that no evidence supports while some evidence states
/// another number. A count is supported when one evidence text's number
/// allows it, or when the numbers of all its texts add up to it.
pub fn casualty_mismatches(incident: &Incident, documents: &[Document]) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for (field, value) in [("killed", incident.killed), ("wounded", incident.wounded)] {
        let (Some(value), Some(which)) = (value, Casualty::of(field)) else {
            continue;
        };
        let readings: Vec<Reading> = evidence_texts(incident, documents, field)
            .into_iter()
            .filter_map(|t| casualty::read(t, which))
            .collect();
        let Some(first) = readings.first() else {
            continue;
        };
        let sum = readings
            .iter()
            .skip(1)
            .fold(first.count, |acc, r| acc.plus(r.count));
        if readings.iter().any(|r| r.count.contains(value)) || sum.contains(value) {
            continue;
        }
        out.push(Mismatch {
            field,
            value,
            reading: first.clone(),
        });
    }
    out
}

/// Fields with a value and no evidence in any source.
pub fn fields_without_evidence(incident: &Incident) -> Vec<&'static str> {
    INCIDENT_FIELDS
        .into_iter()
        .filter(|f| has_value(incident, f))
        .filter(|f| {
            !incident
                .sources
                .iter()
                .any(|s| s.evidence.iter().any(|e| e.field == *f))
        })
        .collect()
}

fn has_value(incident: &Incident, field: &str) -> bool {
    match field {
        "killed" => incident.killed.is_some(),
        "wounded" => incident.wounded.is_some(),
        f => incident.text_field(f).is_some_and(|v| !v.trim().is_empty()),
    }
}

/// How many fields have a value.
pub fn fields_with_value(incident: &Incident) -> usize {
    INCIDENT_FIELDS
        .into_iter()
        .filter(|f| has_value(incident, f))
        .count()
}

/// Words that do not make a place name on their own.
const NOT_PLACES: &[&str] = &[
    "The",
    "Iraqi",
    "Iraq",
    "Army",
    "Police",
    "Federal",
    "Province",
    "District",
    "Governorate",
    "Street",
    "Road",
    "Market",
    "Village",
    "City",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Near",
    "Highway",
    "Mountains",
    "Valley",
    "Area",
    "Subdistrict",
    "Post",
    "House",
    "Office",
    "Base",
    "Airport",
    "International",
    "Junction",
    "Camp",
    "Bridge",
    "Checkpoint",
];

/// The names a place value may appear under, in the order they are tried:
/// the value; its parts (split at commas, slashes, brackets and dashes)
/// and its capitalised words; then every gazetteer spelling of any of them.
pub fn place_names(value: &str, gazetteers: &Gazetteers) -> [Vec<String>; 3] {
    let whole = vec![value.trim().to_string()];
    let seps = [',', '/', '(', ')', ';', '–', '—'];
    let mut pieces: Vec<String> = value
        .split(seps)
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != value.trim())
        .map(str::to_string)
        .collect();
    pieces.extend(
        value
            .split(|c: char| c.is_whitespace() || seps.contains(&c))
            .filter(|w| {
                // "al-Bataween" is as much a name as "Bataween".
                let bare = ["al-", "Al-", "el-", "El-"]
                    .iter()
                    .find_map(|p| w.strip_prefix(p))
                    .unwrap_or(w);
                bare.chars().next().is_some_and(char::is_uppercase)
                    && bare.chars().count() >= 3
                    && !NOT_PLACES.contains(&bare)
            })
            .map(str::to_string),
    );
    pieces.sort();
    pieces.dedup();
    let mut spellings: Vec<String> = whole
        .iter()
        .chain(&pieces)
        .flat_map(|n| gazetteers.spellings(n))
        .map(str::to_string)
        .collect();
    spellings.sort();
    spellings.dedup();
    [whole, pieces, spellings]
}

/// Place values (province, district, location) that appear under none of
/// their names in the incident's sources or quotes.
pub fn unnamed_places(
    incident: &Incident,
    documents: &[Document],
    gazetteers: &Gazetteers,
    cache: &mut FoldCache,
) -> Vec<(&'static str, String)> {
    let quotes: Vec<Folded> = incident
        .sources
        .iter()
        .flat_map(|s| &s.evidence)
        .filter_map(|e| match (&e.anchor, e.located) {
            (Anchor::Quote(q), Some(l)) if l.method == LocateMethod::NotFound => {
                Some(Folded::new(q))
            }
            _ => None,
        })
        .collect();
    let docs: Vec<usize> = incident
        .sources
        .iter()
        .filter_map(|s| s.document)
        .filter(|d| *d < documents.len())
        .collect();
    if docs.is_empty() && quotes.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in ["province", "district", "location"] {
        let Some(value) = incident.text_field(field).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let mut found = false;
        // Cheapest names first; most values are found as written.
        for names in place_names(value, gazetteers) {
            let needles: Vec<String> = names
                .iter()
                .map(|n| fold_str(n))
                .filter(|n| n.chars().count() >= 3)
                .collect();
            found = quotes
                .iter()
                .any(|q| needles.iter().any(|n| !q.find(n, true).is_empty()))
                || docs.iter().any(|&d| {
                    let folded = cache.get(d, &documents[d].text);
                    needles.iter().any(|n| !folded.find(n, true).is_empty())
                });
            if found {
                break;
            }
        }
        if !found {
            out.push((field, value.to_string()));
        }
    }
    out
}

/// The publication date of a document, when it parses (a time after the
/// date is ignored).
pub fn published(doc: &Document) -> Option<PartialDate> {
    let p = doc.published.as_deref()?.trim();
    let date = p.split(['T', ' ']).next().unwrap_or(p);
    PartialDate::parse(date)
}

/// Sources published before the incident's date (by id, with the date).
/// An incident known only to the month is after a publication only when
/// its month starts after the publication's period ends.
pub fn dated_after_sources(incident: &Incident, documents: &[Document]) -> Vec<(String, String)> {
    let Some(date) = incident.date_parsed else {
        return Vec::new();
    };
    let earliest = (date.year, date.month.unwrap_or(1), date.day.unwrap_or(1));
    incident
        .sources
        .iter()
        .filter_map(|s| s.document.and_then(|d| documents.get(d)))
        .filter_map(|doc| {
            let p = published(doc)?;
            let latest = (p.year, p.month.unwrap_or(12), p.day.unwrap_or(31));
            (earliest > latest).then(|| {
                (
                    doc.id.to_string(),
                    doc.published.as_deref().unwrap_or_default().to_string(),
                )
            })
        })
        .collect()
}

/// The suspicion score, 0 (well supported) to 1:
/// `0.4·U + 0.3·M + 0.2·E + 0.1·C`, where U is 1 when a quote is
/// ungrounded (0.5 when the weakest was only found approximately), M is 1
/// when a casualty count disagrees with its evidence, E is the share of
/// fields with a value that have no evidence, and C is 1 − confidence
/// (0.5 when the incident gives none).
pub fn suspicion(
    ungrounded: bool,
    approximate: bool,
    mismatch: bool,
    without_evidence: usize,
    with_value: usize,
    confidence: Option<f64>,
) -> f32 {
    let u = if ungrounded {
        1.0
    } else if approximate {
        0.5
    } else {
        0.0
    };
    let m = if mismatch { 1.0 } else { 0.0 };
    let e = if with_value == 0 {
        0.0
    } else {
        without_evidence as f32 / with_value as f32
    };
    let c = match confidence {
        Some(c) if c.is_finite() => 1.0 - c.clamp(0.0, 1.0) as f32,
        _ => 0.5,
    };
    0.4 * u + 0.3 * m + 0.2 * e + 0.1 * c
}
