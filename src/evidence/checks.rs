//! Consistency checks on one incident: its casualty counts against their
//! evidence, its place names against its sources, its date against their
//! publication, and which fields have no evidence. Findings are warnings,
//! never errors.

use super::casualty::{self, Casualty, Reading};
use super::fold::{fold_str, surely_found, FoldCache, Folded};
use super::gazetteer::Gazetteers;
use crate::dataset::COUNT_FIELDS;
use crate::dataset::{Anchor, Document, Field, FieldKind, Incident, LocateMethod, PartialDate};

/// A casualty count its evidence contradicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub field: &'static str,
    /// The count as given; `None`: unknown (null).
    pub value: Option<u64>,
    /// What the evidence says instead.
    pub reading: Reading,
}

impl Mismatch {
    pub fn message(&self) -> String {
        format!(
            "{} is {} but its evidence says {} (“{}”)",
            self.field,
            self.value.map_or("unknown".to_string(), |v| v.to_string()),
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
            let located = ev.range().zip(doc).and_then(|(r, d)| d.text.get(r));
            match (located, ev.anchor()) {
                (Some(text), _) => out.push(text),
                (None, Anchor::Quote(q)) => out.push(q),
                (None, Anchor::Offsets { .. }) => {}
            }
        }
    }
    out
}

/// Casualty counts that no evidence supports while some evidence states
/// another number. A count is supported when one evidence text's number
/// allows it, or when the numbers of all its texts add up to it. An
/// unknown count (null) whose evidence states a number is a mismatch too.
pub fn casualty_mismatches(incident: &Incident, documents: &[Document]) -> Vec<Mismatch> {
    count_findings(incident, documents).0
}

/// [`casualty_mismatches`], and the count fields whose evidence states no
/// number the casualty reader can read (evidence that supports nothing
/// it can check), each text read once.
pub fn count_findings(
    incident: &Incident,
    documents: &[Document],
) -> (Vec<Mismatch>, Vec<&'static str>) {
    let mut out = Vec::new();
    let mut unread = Vec::new();
    for field in COUNT_FIELDS {
        let Some(which) = Casualty::of(field) else {
            continue;
        };
        let value = field.count(incident);
        let field = field.name();
        let texts = evidence_texts(incident, documents, field);
        let readings: Vec<Reading> = texts
            .iter()
            .filter_map(|t| casualty::read(t, which))
            .collect();
        let Some(first) = readings.first() else {
            if !texts.is_empty() {
                unread.push(field);
            }
            continue;
        };
        let sum = readings
            .iter()
            .skip(1)
            .fold(first.count, |acc, r| acc.plus(r.count));
        if let Some(value) = value {
            if readings.iter().any(|r| r.count.contains(value)) || sum.contains(value) {
                continue;
            }
        }
        out.push(Mismatch {
            field,
            value,
            reading: first.clone(),
        });
    }
    (out, unread)
}

/// Checks an incident's casualty counts again after a reviewer corrected
/// them: `shown` (the corrected incident, with `raw`'s warnings) loses the
/// mismatches `raw` had and gets those its own values have.
pub fn recheck_counts(raw: &Incident, shown: &mut Incident, documents: &[Document]) {
    let before: Vec<String> = casualty_mismatches(raw, documents)
        .iter()
        .map(Mismatch::message)
        .collect();
    shown
        .warnings
        .retain(|w| !before.iter().any(|b| **b == **w));
    let now = casualty_mismatches(shown, documents);
    shown.flags.mismatch = !now.is_empty();
    shown.warnings.extend(now.iter().map(Mismatch::message));
}

/// Fields with a value and no evidence in any source.
pub fn fields_without_evidence(incident: &Incident) -> Vec<&'static str> {
    Field::ALL
        .into_iter()
        .filter(|f| f.has_value(incident))
        .filter(|f| {
            !incident
                .sources
                .iter()
                .any(|s| s.evidence.iter().any(|e| e.field.field() == Some(*f)))
        })
        .map(Field::name)
        .collect()
}

/// How many fields have a value.
pub fn fields_with_value(incident: &Incident) -> usize {
    Field::ALL
        .into_iter()
        .filter(|f| f.has_value(incident))
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
    let whole = value.trim();
    let pieces = name_pieces(value);
    let spellings = name_spellings(whole, &pieces, gazetteers);
    let owned = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
    [vec![whole.to_string()], owned(&pieces), owned(&spellings)]
}

/// Separators between the parts of a place value.
const PLACE_SEPARATORS: [char; 7] = [',', '/', '(', ')', ';', '–', '—'];

/// The second names of [`place_names`]: the parts and capitalised words of
/// `value`, sorted, without repeats.
fn name_pieces(value: &str) -> Vec<&str> {
    let seps = PLACE_SEPARATORS;
    let mut pieces: Vec<&str> = value
        .split(seps)
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != value.trim())
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
            }),
    );
    pieces.sort_unstable();
    pieces.dedup();
    pieces
}

/// The third names of [`place_names`]: every gazetteer spelling of the
/// value or one of its pieces, sorted, without repeats.
fn name_spellings<'g>(whole: &str, pieces: &[&str], gazetteers: &Gazetteers<'g>) -> Vec<&'g str> {
    let mut spellings: Vec<&'g str> = std::iter::once(&whole)
        .chain(pieces)
        .flat_map(|n| gazetteers.spellings(n))
        .collect();
    spellings.sort_unstable();
    spellings.dedup();
    spellings
}

/// Place values (province, district, location) that appear under none of
/// their names in the incident's sources or quotes.
pub fn unnamed_places(
    incident: &Incident,
    documents: &[Document],
    gazetteers: &Gazetteers,
    cache: &mut FoldCache,
) -> Vec<(&'static str, String)> {
    let unfound_quotes = || {
        incident
            .sources
            .iter()
            .flat_map(|s| &s.evidence)
            .filter_map(|e| match (e.anchor(), e.located()) {
                (Anchor::Quote(q), Some(l)) if l.method == LocateMethod::NotFound => Some(q),
                _ => None,
            })
    };
    let docs: Vec<usize> = incident
        .sources
        .iter()
        .filter_map(|s| s.document)
        .filter(|d| *d < documents.len())
        .collect();
    if docs.is_empty() && unfound_quotes().next().is_none() {
        return Vec::new();
    }
    // Folded only when a name is not surely found in the original texts.
    let mut quotes: Option<Vec<Folded>> = None;
    let mut out = Vec::new();
    let places = Field::ALL
        .into_iter()
        .filter(|f| f.group() == FieldKind::Place);
    for field in places {
        let Some(value) = field.text(incident).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let field = field.name();
        // Cheapest names first; most values are found as written. Each
        // list is made only when the one before finds nothing.
        let whole = value.trim();
        let mut named_in =
            |names: &[&str]| named(names, &docs, documents, cache, &mut quotes, &unfound_quotes);
        let mut found = named_in(&[whole]);
        if !found {
            let pieces = name_pieces(value);
            found = named_in(&pieces) || named_in(&name_spellings(whole, &pieces, gazetteers));
        }
        if !found {
            out.push((field, value.to_string()));
        }
    }
    out
}

/// Whether one of `names` (of at least three folded characters) is in one
/// of the quotes or documents, as a whole word where it starts or ends
/// with a Latin letter or digit. The documents' original texts are tried
/// first; texts are folded only when that does not settle it.
fn named<'q, Q: Iterator<Item = &'q str>>(
    names: &[&str],
    docs: &[usize],
    documents: &[Document],
    cache: &mut FoldCache,
    quotes: &mut Option<Vec<Folded>>,
    unfound_quotes: &impl Fn() -> Q,
) -> bool {
    let needles: Vec<(&str, String)> = names
        .iter()
        .map(|n| (*n, fold_str(n)))
        .filter(|(_, n)| n.chars().count() >= 3)
        .collect();
    if needles.is_empty() {
        return false;
    }
    if docs.iter().any(|&d| {
        needles
            .iter()
            .any(|(name, n)| surely_found(&documents[d].text, name, n, true))
    }) {
        return true;
    }
    let quotes = quotes.get_or_insert_with(|| unfound_quotes().map(Folded::new).collect());
    quotes
        .iter()
        .any(|q| needles.iter().any(|(_, n)| !q.find(n, true).is_empty()))
        || docs.iter().any(|&d| {
            let folded = cache.get(d, &documents[d].text);
            needles
                .iter()
                .any(|(_, n)| !folded.find(n, true).is_empty())
        })
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
    Suspicion::of(
        ungrounded,
        approximate,
        mismatch,
        without_evidence,
        with_value,
        confidence,
    )
    .score()
}

/// The parts of the suspicion score, each already weighted: the score is
/// their sum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suspicion {
    /// 0.4·U: a quote ungrounded (or only found approximately).
    pub quotes: f32,
    /// 0.3·M: a count its evidence contradicts.
    pub mismatch: f32,
    /// 0.2·E: the share of fields with a value but no evidence.
    pub without_evidence: f32,
    /// 0.1·C: the extraction's own doubt.
    pub doubt: f32,
}

impl Suspicion {
    pub fn of(
        ungrounded: bool,
        approximate: bool,
        mismatch: bool,
        without_evidence: usize,
        with_value: usize,
        confidence: Option<f64>,
    ) -> Suspicion {
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
        Suspicion {
            quotes: 0.4 * u,
            mismatch: 0.3 * m,
            without_evidence: 0.2 * e,
            doubt: 0.1 * c,
        }
    }

    pub fn score(self) -> f32 {
        self.quotes + self.mismatch + self.without_evidence + self.doubt
    }

    /// `0.45 (quote 0.40, doubt 0.05)`: the score and its parts that are
    /// not zero.
    pub fn describe(self) -> String {
        let parts: Vec<String> = [
            ("quote", self.quotes),
            ("count mismatch", self.mismatch),
            ("no evidence", self.without_evidence),
            ("doubt", self.doubt),
        ]
        .into_iter()
        .filter(|(_, v)| *v > 0.0)
        .map(|(name, v)| format!("{name} {v:.2}"))
        .collect();
        if parts.is_empty() {
            format!("{:.2}", self.score())
        } else {
            format!("{:.2} ({})", self.score(), parts.join(", "))
        }
    }
}
