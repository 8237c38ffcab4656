//! The incident model as the rest of the program sees it: every string in it
//! has already been made safe for the terminal (see [`super::sanitize`]).

use std::num::NonZeroU32;
use std::ops::Range;

pub use compact_str::CompactString;
use serde_json::{Map, Value};

use super::code_points;
use super::date::PartialDate;
use super::field::{self, incident_fields, COUNT_FIELDS, FIELD_COUNT, FIELD_NAMES};

mod evidence;
mod warning;

pub use super::field::{Field, FieldKind, ValueKind};
pub use evidence::{Anchor, Evidence, FieldName, LocateMethod, Located, Source, Span};
pub use warning::{Warning, WarningKind, Warnings};

/// The incident fields evidence can support, in display order.
pub const INCIDENT_FIELDS: [&str; FIELD_COUNT] = FIELD_NAMES;

/// The two casualty counts.
pub const CASUALTY_FIELDS: [&str; COUNT_FIELDS.len()] = field::names(&COUNT_FIELDS);

/// A whole dataset: its documents, its incidents, and file-level warnings.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The dataset's `name`, or the file name when it has none.
    pub name: String,
    pub documents: Vec<Document>,
    pub incidents: Vec<Incident>,
    /// Warnings about the file as a whole (a byte-order mark, say).
    pub warnings: Warnings,
    /// Province aliases, lower-cased, to their canonical name (from the
    /// gazetteers). Empty until a gazetteer is applied.
    pub province_aliases: std::collections::HashMap<String, String>,
    /// The file's format cannot carry evidence (a CSV export: a row has no
    /// spans), so no field's missing evidence is worth a note.
    pub cannot_carry_evidence: bool,
}

impl Dataset {
    pub fn document(&self, index: usize) -> Option<&Document> {
        self.documents.get(index)
    }

    /// Warnings on incidents and documents and the file, all counted.
    pub fn warning_count(&self) -> usize {
        let (problems, notes) = self.problem_and_note_count();
        problems + notes
    }

    /// Problems and notes on incidents and documents and the file, each
    /// counted (the status line shows both).
    pub fn problem_and_note_count(&self) -> (usize, usize) {
        let all = std::iter::once(&self.warnings)
            .chain(self.incidents.iter().map(|i| &i.warnings))
            .chain(self.documents.iter().map(|d| &d.warnings));
        all.fold((0, 0), |(p, n), w| {
            let problems = w.problems();
            (p + problems, n + w.len() - problems)
        })
    }
}

/// A source article.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: CompactString,
    pub title: Option<CompactString>,
    pub outlet: Option<CompactString>,
    pub url: Option<CompactString>,
    pub published: Option<CompactString>,
    pub language: Option<CompactString>,
    /// The article text, cleaned for display.
    pub text: String,
    /// For text that cleaning changed: the byte offset in `text` of each
    /// code point of the original text (plus one for its end). `None` when
    /// cleaning changed nothing and original offsets map directly.
    pub original_offsets: Option<Box<[u32]>>,
    /// Fields the format does not define, kept as written (cleaned).
    pub extra: Extra,
    pub warnings: Warnings,
    /// How many characters cleaning removed from this record's strings
    /// (saturating).
    pub removed_chars: u32,
    /// 1-based line in a JSONL file; `None` for whole-file JSON. See
    /// [`line_number`].
    pub line: Option<NonZeroU32>,
}

/// A record's line number as [`Incident`] and [`Document`] keep it: 4
/// bytes a record, a million times over. Saturates past 4G lines.
pub fn line_number(line: usize) -> Option<NonZeroU32> {
    NonZeroU32::new(u32::try_from(line).unwrap_or(u32::MAX))
}

impl Document {
    /// Length of the original text in code points.
    pub fn original_len(&self) -> usize {
        match &self.original_offsets {
            Some(map) => map.len().saturating_sub(1),
            None => self.text.chars().count(),
        }
    }

    /// Converts code-point offsets into the original text to a byte range in
    /// the cleaned text. `None` when the range does not fit the text.
    pub fn byte_range(&self, start: usize, end: usize) -> Option<Range<usize>> {
        if start > end {
            return None;
        }
        match &self.original_offsets {
            Some(map) => {
                let s = *map.get(start)? as usize;
                let e = *map.get(end)? as usize;
                Some(s..e)
            }
            None => {
                let s = code_points::byte_offset(&self.text, start)?;
                let e = code_points::byte_offset_from(&self.text, (start, s), end)?;
                Some(s..e)
            }
        }
    }
}

impl Document {
    /// [`Document::byte_range`] for several spans at once: one walk over
    /// the text however many spans there are (an incident's evidence
    /// usually points into one document several times).
    pub fn byte_ranges(&self, spans: &[(usize, usize)]) -> Vec<Option<Range<usize>>> {
        let mut out = Vec::with_capacity(spans.len());
        self.byte_ranges_into(spans, &mut RangeScratch::default(), &mut out);
        out
    }

    /// [`Document::byte_ranges`] into `out` (cleared first), with working
    /// space a caller resolving many sources keeps from one to the next.
    pub fn byte_ranges_into(
        &self,
        spans: &[(usize, usize)],
        scratch: &mut RangeScratch,
        out: &mut Vec<Option<Range<usize>>>,
    ) {
        out.clear();
        if self.original_offsets.is_some() || spans.len() < 2 {
            out.extend(spans.iter().map(|&(s, e)| self.byte_range(s, e)));
            return;
        }
        // The byte offset of every code point a span starts or ends at,
        // walking on from one to the next.
        let RangeScratch { wanted, found } = scratch;
        wanted.clear();
        wanted.extend(spans.iter().flat_map(|&(s, e)| [s, e]));
        wanted.sort_unstable();
        wanted.dedup();
        found.clear();
        let mut from = (0, 0);
        for &cp in wanted.iter() {
            let Some(byte) = code_points::byte_offset_from(&self.text, from, cp) else {
                break;
            };
            found.push((cp, byte));
            from = (cp, byte);
        }
        let at = |cp: usize| {
            found
                .binary_search_by_key(&cp, |&(c, _)| c)
                .ok()
                .map(|i| found[i].1)
        };
        out.extend(spans.iter().map(|&(s, e)| {
            if s > e {
                return None;
            }
            Some(at(s)?..at(e)?)
        }));
    }
}

/// Working space for [`Document::byte_ranges_into`].
#[derive(Debug, Default)]
pub struct RangeScratch {
    wanted: Vec<usize>,
    found: Vec<(usize, usize)>,
}

/// The fields of a record the format does not define, kept as written
/// (cleaned) and in order. They are held as the compact JSON text of an
/// object: a pipeline's metadata on every one of a million records costs a
/// few bytes each this way, where a map per record costs hundreds. They are
/// parsed back when shown or written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra(Option<Box<str>>);

impl Extra {
    pub fn from_map(map: &Map<String, Value>) -> Extra {
        if map.is_empty() {
            return Extra(None);
        }
        Extra(serde_json::to_string(map).ok().map(String::into_boxed_str))
    }

    /// From the JSON text of an object (as [`Extra::json`] gives it),
    /// copied at its exact size.
    pub fn from_json(json: &str) -> Extra {
        Extra((json != "{}").then(|| Box::from(json)))
    }

    /// The fields, in order.
    pub fn to_map(&self) -> Map<String, Value> {
        self.0
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }

    /// The JSON text of the object (`{}` when there are no fields).
    pub fn json(&self) -> &str {
        self.0.as_deref().unwrap_or("{}")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

/// One extracted incident.
#[derive(Debug, Clone, Default)]
pub struct Incident {
    pub id: CompactString,
    /// The date as written.
    pub date: Option<CompactString>,
    /// The date when it parses.
    pub date_parsed: Option<PartialDate>,
    pub province: Option<CompactString>,
    /// The province's canonical name through the gazetteer, when known.
    /// Summaries and filters group by this; `province` stays as written.
    pub province_canonical: Option<CompactString>,
    pub district: Option<CompactString>,
    pub location: Option<CompactString>,
    pub perpetrator: Option<CompactString>,
    pub target: Option<CompactString>,
    pub event_type: Option<CompactString>,
    /// `None` is unknown, which is not zero.
    pub killed: Option<u64>,
    pub wounded: Option<u64>,
    pub confidence: Option<f64>,
    pub sources: Vec<Source>,
    pub extra: Extra,
    pub warnings: Warnings,
    /// What the evidence checks found (see `crate::evidence`).
    pub flags: EvidenceFlags,
    /// As in [`Document`].
    pub removed_chars: u32,
    pub line: Option<NonZeroU32>,
}

/// Findings of the evidence checks on one incident, for filters
/// (`has:ungrounded`...) and the "weakest evidence first" order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EvidenceFlags {
    /// A quote was found nowhere in its document.
    pub ungrounded: bool,
    /// A casualty count disagrees with the number its evidence states.
    pub mismatch: bool,
    /// Some field with a value has no evidence at all.
    pub noevidence: bool,
    /// The documented suspicion score; higher is weaker evidence.
    pub suspicion: f32,
}

impl Incident {
    /// The value of a named text field, for display and search.
    pub fn text_field(&self, name: &str) -> Option<&str> {
        Field::from_name(name).and_then(|f| f.text(self))
    }

    /// A field's value as shown to a person; counts print `unknown` when null.
    pub fn display_field(&self, name: &str) -> String {
        Field::from_name(name).map_or_else(String::new, |f| f.display(self))
    }
}

/// How a field is held in [`Incident`]: the getters and setters of
/// [`Field`] reach its member through this, whatever the member's type.
trait Member {
    fn text(&self) -> Option<&str>;
    fn count(&self) -> Option<u64>;
    fn set_text(&mut self, value: Option<CompactString>);
    fn set_count(&mut self, value: Option<u64>);
}

impl Member for Option<CompactString> {
    #[inline]
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
    #[inline]
    fn count(&self) -> Option<u64> {
        None
    }
    #[inline]
    fn set_text(&mut self, value: Option<CompactString>) {
        *self = value;
    }
    #[inline]
    fn set_count(&mut self, _: Option<u64>) {}
}

impl Member for Option<u64> {
    #[inline]
    fn text(&self) -> Option<&str> {
        None
    }
    #[inline]
    fn count(&self) -> Option<u64> {
        *self
    }
    #[inline]
    fn set_text(&mut self, _: Option<CompactString>) {}
    #[inline]
    fn set_count(&mut self, value: Option<u64>) {
        *self = value;
    }
}

/// Each field's getters and setters, from the rows of the field table.
macro_rules! field_members {
    ($($variant:ident { name: $name:literal, member: $member:ident, $($rest:tt)* }),* $(,)?) => {
        impl Field {
            /// The value of a text or date field as written; `None` when
            /// absent, and for counts.
            #[inline]
            pub fn text(self, incident: &Incident) -> Option<&str> {
                match self {
                    $(Field::$variant => Member::text(&incident.$member),)*
                }
            }

            /// The value of a count; `None` when unknown, and for text.
            #[inline]
            pub fn count(self, incident: &Incident) -> Option<u64> {
                match self {
                    $(Field::$variant => Member::count(&incident.$member),)*
                }
            }

            /// Sets a text or date field (does nothing for a count). What
            /// is derived from it (the parsed date, the canonical province)
            /// is the caller's to update.
            #[inline]
            pub fn set_text(self, incident: &mut Incident, value: Option<CompactString>) {
                match self {
                    $(Field::$variant => Member::set_text(&mut incident.$member, value),)*
                }
            }

            /// Sets a count (does nothing for a text field).
            #[inline]
            pub fn set_count(self, incident: &mut Incident, value: Option<u64>) {
                match self {
                    $(Field::$variant => Member::set_count(&mut incident.$member, value),)*
                }
            }
        }
    };
}

incident_fields!(field_members);

impl Field {
    /// Whether the field has a value: text that is not blank, or a known
    /// count.
    pub fn has_value(self, incident: &Incident) -> bool {
        match self.kind() {
            ValueKind::Count => self.count(incident).is_some(),
            ValueKind::Text | ValueKind::Date => {
                self.text(incident).is_some_and(|v| !v.trim().is_empty())
            }
        }
    }

    /// The value as shown to a person; counts print `unknown` when null.
    pub fn display(self, incident: &Incident) -> String {
        match self.kind() {
            ValueKind::Count => count_text(self.count(incident)),
            ValueKind::Text | ValueKind::Date => self.text(incident).unwrap_or("").to_string(),
        }
    }
}

pub fn count_text(count: Option<u64>) -> String {
    count.map_or_else(|| "unknown".to_string(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn code_points_map_to_bytes_in_non_ascii_text() {
        let d = doc("كركوك: three killed");
        // "three" starts after 5 Arabic letters, a colon and a space.
        let r = d.byte_range(7, 12).expect("in range");
        assert_eq!(&d.text[r], "three");
        assert_eq!(d.original_len(), 19);
        let r = d.byte_range(13, 19).expect("end of text");
        assert_eq!(&d.text[r], "killed");
        assert_eq!(d.byte_range(13, 20), None);
        assert_eq!(d.byte_range(5, 3), None);
        let r = d.byte_range(19, 19).expect("empty at end");
        assert!(r.is_empty());
    }

    #[test]
    fn many_spans_at_once_map_like_one_at_a_time() {
        for text in [
            "كركوك: three killed",
            "two killed",
            "ab\u{e9}cd\u{1F600}ef",
            "",
        ] {
            let d = doc(text);
            let n = text.chars().count();
            let spans: Vec<(usize, usize)> = (0..=n + 1)
                .flat_map(|s| (0..=n + 1).map(move |e| (s, e)))
                .collect();
            let one: Vec<_> = spans.iter().map(|&(s, e)| d.byte_range(s, e)).collect();
            assert_eq!(d.byte_ranges(&spans), one, "{text:?}");
            for pair in spans.chunks(3) {
                let one: Vec<_> = pair.iter().map(|&(s, e)| d.byte_range(s, e)).collect();
                assert_eq!(d.byte_ranges(pair), one, "{text:?} {pair:?}");
            }
        }
    }

    #[test]
    fn getters_and_setters_reach_their_member() {
        let mut i = Incident::default();
        for (n, f) in Field::ALL.into_iter().enumerate() {
            let n = n as u64;
            f.set_text(&mut i, Some(CompactString::from(format!("v{n}"))));
            f.set_count(&mut i, Some(n));
            match f.kind() {
                ValueKind::Count => {
                    assert_eq!((f.text(&i), f.count(&i)), (None, Some(n)));
                }
                _ => assert_eq!((f.text(&i), f.count(&i)), (Some(&*format!("v{n}")), None)),
            }
        }
        assert_eq!(i.event_type.as_deref(), Some("v6"));
        assert_eq!(i.wounded, Some(8));
    }

    #[test]
    fn ascii_text_maps_directly() {
        let d = doc("two killed");
        assert_eq!(d.byte_range(0, 3).map(|r| &d.text[r]), Some("two"));
        assert_eq!(d.byte_range(0, 11), None);
    }
}
