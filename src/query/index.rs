//! What a search scans, laid out for speed: every distinct short-field
//! value once, ASCII-lower-cased, each incident's fields as numbers of those
//! values, and each incident's province, counts, dates and flags as compact
//! columns.
//!
//! A dataset repeats its places, actors, event types, outlets and dates
//! over and over, so the distinct values are few: a query works out once per
//! value whether it matches (see `matcher`), and each incident is then a few
//! lookups. No pointer chasing into a million records, no lower-casing per
//! keystroke, and about 4 bytes per field instead of a copy of the text.

use std::collections::HashMap;

use crate::dataset::{Dataset, IdTable, Incident, PartialDate, TEXT_FIELDS};

/// Positions of fields in an incident's list of values: the text fields
/// ([`TEXT_FIELDS`], the date first) at their
/// [`Field::index`](crate::dataset::Field::index), then the
/// canonical province when it differs ([`CANONICAL_PROVINCE`]), and from
/// [`SOURCES_START`] on each source document's title and outlet.
pub const CANONICAL_PROVINCE: usize = TEXT_FIELDS.len();
pub const SOURCES_START: usize = CANONICAL_PROVINCE + 1;

// A text field's position is its index: the text fields come first.
const _: () = {
    let mut i = 0;
    while i < TEXT_FIELDS.len() {
        assert!(TEXT_FIELDS[i].index() == i);
        i += 1;
    }
};

/// The number of the empty value: a missing field.
pub const EMPTY: u32 = 0;

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

impl ProvinceEntry {
    /// The entry of `incident`'s province, with the dataset's aliases
    /// (lower-cased name to canonical name).
    pub fn of(incident: &Incident, aliases: &HashMap<String, String>) -> ProvinceEntry {
        let written = incident.province.as_deref().and_then(province_key);
        let name = incident
            .province_canonical
            .as_deref()
            .and_then(province_key)
            .or_else(|| {
                written
                    .as_ref()
                    .and_then(|w| aliases.get(w))
                    .and_then(|c| province_key(c))
            })
            .or_else(|| written.clone());
        ProvinceEntry { written, name }
    }
}

/// The distinct folded values of a dataset's short fields, one after
/// another in one buffer; value `EMPTY` is the empty string.
#[derive(Debug, Clone)]
struct Values {
    buffer: String,
    /// End of each value in `buffer` (value `k` starts where `k - 1` ends).
    ends: Vec<usize>,
}

impl Default for Values {
    fn default() -> Values {
        Values {
            buffer: String::new(),
            ends: vec![0],
        }
    }
}

impl Values {
    fn get(&self, k: u32) -> &str {
        let k = k as usize;
        let start = match k.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(k).copied().unwrap_or(start);
        self.buffer.get(start..end).unwrap_or("")
    }

    /// Adds `text` (folded); returns its number.
    fn push(&mut self, text: &str) -> u32 {
        self.buffer.push_str(text);
        self.ends.push(self.buffer.len());
        u32::try_from(self.ends.len() - 1).unwrap_or(EMPTY)
    }
}

/// The search index of one dataset.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    values: Values,
    /// Every incident's fields as value numbers, in the order of
    /// [`short_fields`], a slot for each (so positions are fixed).
    fields: Vec<u32>,
    /// Start of each incident's fields in `fields`, plus the end.
    starts: Vec<usize>,
    /// Each incident's entry in `provinces`.
    province_of: Vec<u32>,
    pub provinces: Vec<ProvinceEntry>,
    /// Killed and wounded, `UNKNOWN` for unknown; `None` when some count
    /// does not fit in 32 bits (then filters read the records).
    counts: Option<Vec<(u32, u32)>>,
    /// The days each incident's date covers (see [`PartialDate::period`]);
    /// `(0, 0)` when it has no date that parses.
    dates: Vec<(u32, u32)>,
    /// [`PROBLEM`], [`UNGROUNDED`], [`MISMATCH`], [`NOEVIDENCE`], [`NOTE`] bits.
    flags: Vec<u8>,
}

/// A count not known, in the compact count columns.
pub const UNKNOWN: u32 = u32::MAX;
pub const PROBLEM: u8 = 1;
pub const UNGROUNDED: u8 = 2;
pub const MISMATCH: u8 = 4;
pub const NOEVIDENCE: u8 = 8;
pub const NOTE: u8 = 16;

/// The short fields in the index's order, a slot for each (`None` when
/// missing), so positions stay fixed: [`SOURCES_START`] is where the
/// documents' titles and outlets begin.
pub(super) fn fields_in_order<'a>(
    dataset: &'a Dataset,
    incident: &'a Incident,
) -> Vec<Option<&'a str>> {
    let mut out = Vec::with_capacity(SOURCES_START + 2);
    fields_into(dataset, incident, &mut out);
    out
}

/// [`fields_in_order`] into `out` (emptied first), to reuse one vector.
fn fields_into<'a>(dataset: &'a Dataset, incident: &'a Incident, out: &mut Vec<Option<&'a str>>) {
    out.clear();
    out.extend(TEXT_FIELDS.map(|f| f.text(incident)));
    out.push(
        incident
            .province_canonical
            .as_deref()
            .filter(|c| Some(*c) != incident.province.as_deref()),
    );
    for doc in incident
        .sources
        .iter()
        .filter_map(|s| s.document.and_then(|d| dataset.documents.get(d)))
    {
        out.push(doc.title.as_deref());
        out.push(doc.outlet.as_deref());
    }
}

/// Lower-cases (all of Unicode, as the alias table's keys are) and trims.
pub fn province_key(name: &str) -> Option<String> {
    let t = name.trim();
    (!t.is_empty()).then(|| t.to_lowercase())
}

impl SearchIndex {
    pub fn build(dataset: &Dataset) -> SearchIndex {
        let mut values = Values::default();
        let mut numbers = IdTable::with_capacity(0);
        let mut folded = String::new();
        // Sized exactly: growing a vector of tens of megabytes by doubling
        // would briefly need twice that.
        let mut slots = Vec::new();
        let size: usize = dataset
            .incidents
            .iter()
            .map(|i| {
                fields_into(dataset, i, &mut slots);
                slots.len()
            })
            .sum();
        let mut fields = Vec::with_capacity(size);
        let mut starts = Vec::with_capacity(dataset.incidents.len() + 1);
        let mut province_of = Vec::with_capacity(dataset.incidents.len());
        let mut provinces = Vec::new();
        let mut entry_of: HashMap<(Option<&str>, Option<&str>), u32> = HashMap::new();
        for incident in &dataset.incidents {
            starts.push(fields.len());
            fields_into(dataset, incident, &mut slots);
            for &field in &slots {
                fields.push(match field {
                    None | Some("") => EMPTY,
                    Some(f) => {
                        folded.clear();
                        if f.is_ascii() {
                            folded.push_str(f);
                            folded.make_ascii_lowercase();
                        } else {
                            folded.extend(f.chars().map(super::text::fold_char));
                        }
                        let next = values.ends.len();
                        match numbers.insert(next, &folded, |k| values.get(k)) {
                            Some(k) => k,
                            None => values.push(&folded),
                        }
                    }
                });
            }
            let pair = (
                incident.province.as_deref(),
                incident.province_canonical.as_deref(),
            );
            let id = *entry_of.entry(pair).or_insert_with(|| {
                provinces.push(ProvinceEntry::of(incident, &dataset.province_aliases));
                u32::try_from(provinces.len() - 1).unwrap_or(u32::MAX)
            });
            province_of.push(id);
        }
        starts.push(fields.len());
        values.buffer.shrink_to_fit();
        values.ends.shrink_to_fit();
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
            .map(|i| i.date_parsed.map_or((0, 0), PartialDate::period))
            .collect();
        let flags = dataset
            .incidents
            .iter()
            .map(|i| {
                let bit = |on: bool, b: u8| if on { b } else { 0 };
                bit(i.warnings.has_problem(), PROBLEM)
                    | bit(i.warnings.has_note(), NOTE)
                    | bit(i.flags.ungrounded, UNGROUNDED)
                    | bit(i.flags.mismatch, MISMATCH)
                    | bit(i.flags.noevidence, NOEVIDENCE)
            })
            .collect();
        SearchIndex {
            values,
            fields,
            starts,
            province_of,
            provinces,
            counts,
            dates,
            flags,
        }
    }

    /// Incident `i`'s killed and wounded (`UNKNOWN` for unknown), when
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
        self.values.buffer.capacity()
            + self.values.ends.capacity() * std::mem::size_of::<usize>()
            + self.fields.capacity() * 4
            + self.starts.capacity() * std::mem::size_of::<usize>()
            + self.province_of.capacity() * 4
            + self.counts.as_ref().map_or(0, |c| c.capacity() * 8)
            + self.dates.capacity() * 8
            + self.flags.capacity()
    }

    /// How many distinct values there are (value numbers are below it).
    pub fn value_count(&self) -> usize {
        self.values.ends.len()
    }

    /// Value number `k`, folded; `""` for `EMPTY`.
    pub fn value(&self, k: u32) -> &str {
        self.values.get(k)
    }

    /// Incident `i`'s fields as value numbers (see [`short_fields`]).
    pub fn fields(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&s), Some(&e)) => self.fields.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The value number of field `n` of incident `i` (see the position
    /// constants).
    pub fn field(&self, i: usize, n: usize) -> u32 {
        self.fields(i).get(n).copied().unwrap_or(EMPTY)
    }

    /// The value numbers of incident `i`'s documents' outlets.
    pub fn outlets(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        self.fields(i)
            .iter()
            .copied()
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
    use crate::dataset::Field;
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
        let field = |n| index.value(index.field(0, n));
        assert_eq!(field(1), "kirkuk", "the province");
        assert_eq!(field(Field::Target.index()), "police");
        assert_eq!(field(Field::District.index()), "");
        assert_eq!(field(SOURCES_START), "blast in kirkuk");
        let outlets: Vec<&str> = index.outlets(0).map(|k| index.value(k)).collect();
        assert_eq!(outlets, ["northern wire"]);
        let fields: Vec<_> = short_fields(&dataset, &dataset.incidents[0]).collect();
        assert_eq!(
            fields,
            ["Kirkuk", "Police", "Blast in KIRKUK", "Northern Wire"]
        );
    }
}
