//! What a search scans, laid out for speed: every incident's short fields,
//! ASCII-lower-cased, in one contiguous buffer, and each incident's province
//! as a small number.
//!
//! Scanning one buffer front to back is what makes a keystroke over a million
//! incidents fast: no pointer chasing into a million records and their
//! documents, no lower-casing per keystroke. It costs about the size of the
//! short fields once more in memory (the articles' text is not copied).

use std::collections::HashMap;

use crate::dataset::{Dataset, Incident};

/// Separates fields in the buffer. Loading removes control characters from
/// every string and the parser turns them into spaces in queries, so it can
/// never be part of a field or a search term.
pub const FIELD_SEPARATOR: u8 = 0x1f;

/// Positions of fields in an incident's record in the buffer: 0 the date,
/// 1 the province, then the constants below; 7 is the canonical province
/// when it differs, and from [`SOURCES_START`] on come each source
/// document's title and outlet.
pub const DISTRICT: usize = 2;
pub const LOCATION: usize = 3;
pub const PERPETRATOR: usize = 4;
pub const TARGET: usize = 5;
pub const EVENT_TYPE: usize = 6;
pub const SOURCES_START: usize = 8;

/// The fields fuzzy words are matched against, in the index's order: date,
/// province, district, location, perpetrator, target, event type, the
/// canonical province (when it differs from the province as written), then
/// the title and outlet of each source document.
pub fn short_fields<'a>(
    dataset: &'a Dataset,
    incident: &'a Incident,
) -> impl Iterator<Item = &'a str> + 'a {
    fields_in_order(dataset, incident).into_iter().flatten()
}

/// A distinct pair of province as written and canonical province.
#[derive(Debug, Clone)]
pub struct ProvinceEntry {
    /// As written, trimmed and lower-cased; `None` when missing or blank.
    pub written: Option<String>,
    /// The canonical name, lower-cased: the incident's own canonical
    /// province, else the alias table's, else the name as written.
    pub name: Option<String>,
}

/// The search index of one dataset.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    buffer: String,
    /// Start of each incident's record in `buffer`, plus the end.
    starts: Vec<usize>,
    /// Each incident's entry in `provinces`.
    province_of: Vec<u32>,
    pub provinces: Vec<ProvinceEntry>,
    /// Killed and wounded, [`UNKNOWN`] for unknown; `None` when some count
    /// does not fit in 32 bits (then filters read the records).
    counts: Option<Vec<(u32, u32)>>,
    /// The days each incident's date covers (see `matcher::period`);
    /// `(0, 0)` when it has no date that parses.
    dates: Vec<(u32, u32)>,
    /// [`WARNING`], [`UNGROUNDED`], [`MISMATCH`], [`NOEVIDENCE`] bits.
    flags: Vec<u8>,
}

/// A count not known, in the compact count columns.
pub const UNKNOWN: u32 = u32::MAX;
pub const WARNING: u8 = 1;
pub const UNGROUNDED: u8 = 2;
pub const MISMATCH: u8 = 4;
pub const NOEVIDENCE: u8 = 8;

/// The short fields in the index's order, a slot for each (`None` when
/// missing), so positions stay fixed: [`SOURCES_START`] is where the
/// documents' titles and outlets begin.
fn fields_in_order<'a>(dataset: &'a Dataset, incident: &'a Incident) -> Vec<Option<&'a str>> {
    let mut out = vec![
        incident.date.as_deref(),
        incident.province.as_deref(),
        incident.district.as_deref(),
        incident.location.as_deref(),
        incident.perpetrator.as_deref(),
        incident.target.as_deref(),
        incident.event_type.as_deref(),
        incident
            .province_canonical
            .as_deref()
            .filter(|c| Some(*c) != incident.province.as_deref()),
    ];
    for doc in incident
        .sources
        .iter()
        .filter_map(|s| s.document.and_then(|d| dataset.documents.get(d)))
    {
        out.push(doc.title.as_deref());
        out.push(doc.outlet.as_deref());
    }
    out
}

/// Lower-cases (all of Unicode, as the alias table's keys are) and trims.
pub fn province_key(name: &str) -> Option<String> {
    let t = name.trim();
    (!t.is_empty()).then(|| t.to_lowercase())
}

impl SearchIndex {
    pub fn build(dataset: &Dataset) -> SearchIndex {
        // Size the buffer exactly first: growing a buffer of hundreds of
        // megabytes by doubling would briefly need twice that.
        let size: usize = dataset
            .incidents
            .iter()
            .map(|i| {
                fields_in_order(dataset, i)
                    .iter()
                    .map(|f| f.map_or(0, str::len) + 1)
                    .sum::<usize>()
            })
            .sum();
        let mut buffer = String::with_capacity(size);
        let mut starts = Vec::with_capacity(dataset.incidents.len() + 1);
        let mut province_of = Vec::with_capacity(dataset.incidents.len());
        let mut provinces = Vec::new();
        let mut entry_of: HashMap<(Option<&str>, Option<&str>), u32> = HashMap::new();
        for incident in &dataset.incidents {
            starts.push(buffer.len());
            for field in fields_in_order(dataset, incident) {
                if let Some(f) = field {
                    let at = buffer.len();
                    buffer.push_str(f);
                    if let Some(tail) = buffer.get_mut(at..) {
                        tail.make_ascii_lowercase();
                    }
                }
                buffer.push(char::from(FIELD_SEPARATOR));
            }
            let pair = (
                incident.province.as_deref(),
                incident.province_canonical.as_deref(),
            );
            let id = *entry_of.entry(pair).or_insert_with(|| {
                let written = incident.province.as_deref().and_then(province_key);
                let name = incident
                    .province_canonical
                    .as_deref()
                    .and_then(province_key)
                    .or_else(|| {
                        written
                            .as_ref()
                            .and_then(|w| dataset.province_aliases.get(w))
                            .and_then(|c| province_key(c))
                    })
                    .or_else(|| written.clone());
                provinces.push(ProvinceEntry { written, name });
                u32::try_from(provinces.len() - 1).unwrap_or(u32::MAX)
            });
            province_of.push(id);
        }
        starts.push(buffer.len());
        let narrow = |c: Option<u64>| match c {
            None => Some(UNKNOWN),
            Some(n) => u32::try_from(n).ok().filter(|&n| n != UNKNOWN),
        };
        let counts = dataset
            .incidents
            .iter()
            .map(|i| Some((narrow(i.killed)?, narrow(i.wounded)?)))
            .collect();
        let dates = dataset
            .incidents
            .iter()
            .map(|i| i.date_parsed.map_or((0, 0), super::matcher::period))
            .collect();
        let flags = dataset
            .incidents
            .iter()
            .map(|i| {
                let bit = |on: bool, b: u8| if on { b } else { 0 };
                bit(!i.warnings.is_empty(), WARNING)
                    | bit(i.flags.ungrounded, UNGROUNDED)
                    | bit(i.flags.mismatch, MISMATCH)
                    | bit(i.flags.noevidence, NOEVIDENCE)
            })
            .collect();
        SearchIndex {
            buffer,
            starts,
            province_of,
            provinces,
            counts,
            dates,
            flags,
        }
    }

    /// Incident `i`'s killed and wounded ([`UNKNOWN`] for unknown), when
    /// every count of the dataset fits the compact form.
    pub fn counts(&self, i: usize) -> Option<(u32, u32)> {
        self.counts.as_ref().and_then(|c| c.get(i).copied())
    }

    /// The days incident `i`'s date covers, if it has a date.
    pub fn date(&self, i: usize) -> Option<(u32, u32)> {
        self.dates.get(i).copied().filter(|d| d.0 != 0)
    }

    pub fn flags(&self, i: usize) -> u8 {
        self.flags.get(i).copied().unwrap_or(0)
    }

    /// Incidents indexed.
    pub fn len(&self) -> usize {
        self.province_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.province_of.is_empty()
    }

    /// Bytes the index holds (for the benchmark's memory report).
    pub fn heap_bytes(&self) -> usize {
        self.buffer.capacity()
            + self.starts.capacity() * std::mem::size_of::<usize>()
            + self.province_of.capacity() * 4
            + self.counts.as_ref().map_or(0, |c| c.capacity() * 8)
            + self.dates.capacity() * 8
            + self.flags.capacity()
    }

    /// Incident `i`'s folded fields, each followed by a separator.
    pub fn record(&self, i: usize) -> &str {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&s), Some(&e)) => self.buffer.get(s..e).unwrap_or(""),
            _ => "",
        }
    }

    /// Field number `n` of incident `i` (see the position constants).
    pub fn field(&self, i: usize, n: usize) -> &str {
        self.record(i)
            .split(char::from(FIELD_SEPARATOR))
            .nth(n)
            .unwrap_or("")
    }

    /// The outlets of incident `i`'s documents.
    pub fn outlets(&self, i: usize) -> impl Iterator<Item = &str> {
        self.record(i)
            .split(char::from(FIELD_SEPARATOR))
            .skip(SOURCES_START + 1)
            .step_by(2)
    }

    pub fn province_entry(&self, i: usize) -> usize {
        self.province_of.get(i).map_or(usize::MAX, |&p| p as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Document, Source};

    #[test]
    fn fields_are_folded_in_fixed_positions() {
        let dataset = Dataset {
            documents: vec![Document {
                title: Some("Blast in KIRKUK".into()),
                outlet: Some("Northern Wire".into()),
                ..Document::default()
            }],
            incidents: vec![Incident {
                province: Some("Kirkuk".into()),
                target: Some("Police".into()),
                sources: vec![Source {
                    document: Some(0),
                    ..Source::default()
                }],
                ..Incident::default()
            }],
            ..Dataset::default()
        };
        let index = SearchIndex::build(&dataset);
        assert_eq!(index.field(0, 1), "kirkuk", "the province");
        assert_eq!(index.field(0, TARGET), "police");
        assert_eq!(index.field(0, DISTRICT), "");
        assert_eq!(index.field(0, SOURCES_START), "blast in kirkuk");
        assert_eq!(index.outlets(0).collect::<Vec<_>>(), ["northern wire"]);
        let fields: Vec<_> = short_fields(&dataset, &dataset.incidents[0]).collect();
        assert_eq!(
            fields,
            ["Kirkuk", "Police", "Blast in KIRKUK", "Northern Wire"]
        );
    }
}
