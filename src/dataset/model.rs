//! The incident model as the rest of the program sees it: every string in it
//! has already been made safe for the terminal (see [`super::sanitize`]).

use std::num::NonZeroU32;
use std::ops::Range;
use std::sync::Arc;

pub use compact_str::CompactString;
use serde_json::{Map, Value};

use super::code_points;
use super::date::PartialDate;

/// The incident fields evidence can support, in display order.
pub const INCIDENT_FIELDS: [&str; 9] = [
    "date",
    "province",
    "district",
    "location",
    "perpetrator",
    "target",
    "event_type",
    "killed",
    "wounded",
];

/// The keys of an incident record in the format (with `type` in JSONL);
/// an unknown field cannot take one of these names.
pub const INCIDENT_KEYS: [&str; 13] = [
    "type",
    "id",
    "date",
    "province",
    "district",
    "location",
    "perpetrator",
    "target",
    "event_type",
    "killed",
    "wounded",
    "confidence",
    "sources",
];

/// The keys of a document record in the format.
pub const DOCUMENT_KEYS: [&str; 8] = [
    "type",
    "id",
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "text",
];

/// The two casualty counts.
pub const CASUALTY_FIELDS: [&str; 2] = ["killed", "wounded"];

/// A whole dataset: its documents, its incidents, and file-level warnings.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The dataset's `name`, or the file name when it has none.
    pub name: String,
    pub documents: Vec<Document>,
    pub incidents: Vec<Incident>,
    /// Warnings about the file as a whole (a byte-order mark, say).
    pub warnings: Vec<String>,
    /// Province aliases, lower-cased, to their canonical name (from the
    /// gazetteers). Empty until a gazetteer is applied.
    pub province_aliases: std::collections::HashMap<String, String>,
}

impl Dataset {
    pub fn document(&self, index: usize) -> Option<&Document> {
        self.documents.get(index)
    }

    /// Warnings on incidents and documents and the file, all counted.
    pub fn warning_count(&self) -> usize {
        self.warnings.len()
            + self
                .incidents
                .iter()
                .map(|i| i.warnings.len())
                .sum::<usize>()
            + self
                .documents
                .iter()
                .map(|d| d.warnings.len())
                .sum::<usize>()
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
        if self.original_offsets.is_some() || spans.len() < 2 {
            return spans.iter().map(|&(s, e)| self.byte_range(s, e)).collect();
        }
        // The byte offset of every code point a span starts or ends at,
        // walking on from one to the next.
        let mut wanted: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found: Vec<(usize, usize)> = Vec::with_capacity(wanted.len());
        let mut from = (0, 0);
        for &cp in &wanted {
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
        spans
            .iter()
            .map(|&(s, e)| {
                if s > e {
                    return None;
                }
                Some(at(s)?..at(e)?)
            })
            .collect()
    }
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

    /// From the JSON text of an object (as [`Extra::json`] gives it).
    pub fn from_json(json: String) -> Extra {
        Extra((json != "{}").then(|| json.into_boxed_str()))
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

/// The warnings on one record, held at their exact size in 16 bytes: once
/// its evidence is checked nearly every incident has one, few have more,
/// and they are kept for the life of the dataset, a million times over (a
/// vector's spare room and its capacity would be paid on each). A warning
/// is shared text: the evidence checks give the incidents that lack the
/// same fields' evidence one copy of the message between them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Warnings(Box<[Arc<str>]>);

impl Warnings {
    pub fn push(&mut self, warning: String) {
        self.extend([warning]);
    }
}

impl Extend<Arc<str>> for Warnings {
    fn extend<I: IntoIterator<Item = Arc<str>>>(&mut self, warnings: I) {
        let mut warnings = warnings.into_iter().peekable();
        if warnings.peek().is_none() {
            return;
        }
        let mut all = std::mem::take(&mut self.0).into_vec();
        all.extend(warnings);
        self.0 = all.into_boxed_slice();
    }
}

impl Extend<String> for Warnings {
    fn extend<I: IntoIterator<Item = String>>(&mut self, warnings: I) {
        self.extend(warnings.into_iter().map(Arc::<str>::from));
    }
}

impl From<Vec<String>> for Warnings {
    fn from(warnings: Vec<String>) -> Warnings {
        let mut out = Warnings::default();
        out.extend(warnings);
        out
    }
}

impl std::ops::Deref for Warnings {
    type Target = [Arc<str>];
    fn deref(&self) -> &[Arc<str>] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Warnings {
    type Item = &'a Arc<str>;
    type IntoIter = std::slice::Iter<'a, Arc<str>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: AsRef<str>, const N: usize> PartialEq<[T; N]> for Warnings {
    fn eq(&self, other: &[T; N]) -> bool {
        self.0.len() == N
            && self
                .0
                .iter()
                .zip(other)
                .all(|(a, b)| a.as_ref() == b.as_ref())
    }
}

impl std::fmt::Debug for Warnings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
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
        match name {
            "date" => self.date.as_deref(),
            "province" => self.province.as_deref(),
            "district" => self.district.as_deref(),
            "location" => self.location.as_deref(),
            "perpetrator" => self.perpetrator.as_deref(),
            "target" => self.target.as_deref(),
            "event_type" => self.event_type.as_deref(),
            _ => None,
        }
    }

    /// A field's value as shown to a person; counts print `unknown` when null.
    pub fn display_field(&self, name: &str) -> String {
        match name {
            "killed" => count_text(self.killed),
            "wounded" => count_text(self.wounded),
            other => self.text_field(other).unwrap_or("").to_string(),
        }
    }
}

pub fn count_text(count: Option<u64>) -> String {
    count.map_or_else(|| "unknown".to_string(), |n| n.to_string())
}

/// A document an incident cites, with the evidence found in it.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub document_id: CompactString,
    /// Index into [`Dataset::documents`], once resolved.
    pub document: Option<usize>,
    pub evidence: Vec<Evidence>,
}

/// Text supporting one field of an incident.
///
/// A dataset holds several per incident, millions in all, so it is kept
/// in 48 bytes: the anchor and, for a quote, how it was located share one
/// enum (evidence anchored by offsets is never looked for).
#[derive(Clone)]
pub struct Evidence {
    pub field: FieldName,
    anchor: Anchoring,
    /// Byte range in the cleaned document text, once located (see
    /// [`Evidence::range`]).
    pub span: Option<Span>,
}

const _: () = assert!(std::mem::size_of::<Evidence>() <= 48);

impl Evidence {
    /// Evidence for `field`, not yet located in its document.
    pub fn new(field: impl Into<FieldName>, anchor: Anchor<'_>) -> Evidence {
        Evidence::from_parts(field.into(), anchor.into())
    }

    /// [`Evidence::new`] for a quote already held as a boxed string.
    pub fn quote(field: impl Into<FieldName>, quote: Box<str>) -> Evidence {
        Evidence::from_parts(
            field.into(),
            Anchoring::Quote {
                text: quote,
                located: PackedLocated::NONE,
            },
        )
    }

    fn from_parts(field: FieldName, anchor: Anchoring) -> Evidence {
        Evidence {
            field,
            anchor,
            span: None,
        }
    }

    /// How the file points at the evidence.
    pub fn anchor(&self) -> Anchor<'_> {
        match &self.anchor {
            Anchoring::Offsets { start, end } => Anchor::Offsets {
                start: *start,
                end: *end,
            },
            Anchoring::Quote { text, .. } => Anchor::Quote(text),
        }
    }

    /// For a quote: how the evidence checks looked for it (`None` until
    /// they have run, and for offsets).
    pub fn located(&self) -> Option<Located> {
        match &self.anchor {
            Anchoring::Offsets { .. } => None,
            Anchoring::Quote { located, .. } => located.get(),
        }
    }

    /// Records how the quote was looked for. Evidence anchored by offsets
    /// is not looked for, and keeps `None`.
    pub fn set_located(&mut self, found: Located) {
        if let Anchoring::Quote { located, .. } = &mut self.anchor {
            *located = PackedLocated::new(found);
        }
    }

    pub fn kind(&self) -> FieldKind {
        FieldKind::of(&self.field)
    }

    /// The byte range in the cleaned document text, once located.
    pub fn range(&self) -> Option<Range<usize>> {
        self.span.map(Span::range)
    }
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("field", &self.field)
            .field("anchor", &self.anchor())
            .field("span", &self.span)
            .field("located", &self.located())
            .finish()
    }
}

/// The name of the field a piece of evidence supports: one of
/// [`INCIDENT_FIELDS`] in a byte, any other name (the format allows them)
/// in a box of its own.
#[derive(Clone, PartialEq, Eq)]
pub struct FieldName(Name);

#[derive(Clone, PartialEq, Eq)]
enum Name {
    Known(u8),
    Other(Box<str>),
}

impl FieldName {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Name::Known(i) => INCIDENT_FIELDS[usize::from(*i)],
            Name::Other(name) => name,
        }
    }
}

impl From<&str> for FieldName {
    fn from(name: &str) -> FieldName {
        FieldName(match INCIDENT_FIELDS.iter().position(|f| *f == name) {
            // Fewer than ten known names: the index fits a byte.
            Some(i) => Name::Known(i as u8),
            None => Name::Other(name.into()),
        })
    }
}

impl std::ops::Deref for FieldName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for FieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for FieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for FieldName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for FieldName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<FieldName> for str {
    fn eq(&self, other: &FieldName) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<FieldName> for &str {
    fn eq(&self, other: &FieldName) -> bool {
        *self == other.as_str()
    }
}

/// How the file points at the evidence, as [`Evidence::anchor`] shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor<'a> {
    /// Code-point offsets into the original text, end exclusive.
    Offsets { start: usize, end: usize },
    /// A quotation to be found in the text.
    Quote(&'a str),
}

/// The anchor as [`Evidence`] holds it: a quote carries how it was
/// located. Both variants fit in 24 bytes (the offsets sit beside the
/// quote's pointer, whose null value tells the variants apart).
#[derive(Clone)]
enum Anchoring {
    Offsets {
        start: usize,
        end: usize,
    },
    Quote {
        text: Box<str>,
        located: PackedLocated,
    },
}

impl From<Anchor<'_>> for Anchoring {
    fn from(anchor: Anchor<'_>) -> Anchoring {
        match anchor {
            Anchor::Offsets { start, end } => Anchoring::Offsets { start, end },
            Anchor::Quote(text) => Anchoring::Quote {
                text: text.into(),
                located: PackedLocated::NONE,
            },
        }
    }
}

/// How a quote was looked for in its document's text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    pub method: LocateMethod,
    /// How many times the quote occurs; the first occurrence is the span.
    pub occurrences: u32,
}

/// Which step of the quote search found it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LocateMethod {
    /// Character for character.
    Exact,
    /// Ignoring case, runs of white space, quote and dash styles (and
    /// Arabic vowel marks and letter variants).
    Normalised,
    /// The closest window of the text, with its similarity (0 to 1).
    Approximate { score: f32 },
    /// Found nowhere: the quote is ungrounded.
    NotFound,
}

/// An `Option<Located>` in 8 bytes: the other methods are told apart from
/// an approximate match's score by NaN bit patterns no similarity takes.
#[derive(Debug, Clone, Copy)]
struct PackedLocated {
    /// The score's bits, or one of the tags below.
    method: u32,
    occurrences: u32,
}

impl PackedLocated {
    const NOT_LOOKED: u32 = 0xFFFF_FFFF;
    const EXACT: u32 = 0xFFFF_FFFE;
    const NORMALISED: u32 = 0xFFFF_FFFD;
    const NOT_FOUND: u32 = 0xFFFF_FFFC;

    const NONE: PackedLocated = PackedLocated {
        method: PackedLocated::NOT_LOOKED,
        occurrences: 0,
    };

    fn new(located: Located) -> PackedLocated {
        let method = match located.method {
            LocateMethod::Exact => PackedLocated::EXACT,
            LocateMethod::Normalised => PackedLocated::NORMALISED,
            LocateMethod::NotFound => PackedLocated::NOT_FOUND,
            LocateMethod::Approximate { score } => {
                let bits = score.to_bits();
                // Only a NaN could take a tag's bits; any NaN prints alike.
                if bits >= PackedLocated::NOT_FOUND {
                    f32::NAN.to_bits()
                } else {
                    bits
                }
            }
        };
        PackedLocated {
            method,
            occurrences: located.occurrences,
        }
    }

    fn get(self) -> Option<Located> {
        let method = match self.method {
            PackedLocated::NOT_LOOKED => return None,
            PackedLocated::EXACT => LocateMethod::Exact,
            PackedLocated::NORMALISED => LocateMethod::Normalised,
            PackedLocated::NOT_FOUND => LocateMethod::NotFound,
            bits => LocateMethod::Approximate {
                score: f32::from_bits(bits),
            },
        };
        Some(Located {
            method,
            occurrences: self.occurrences,
        })
    }
}

/// A byte range of an article, in 8 bytes even as an `Option`: a dataset
/// holds several per incident, millions in all, and a record line (so an
/// article) is at most 64 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    /// The end plus one, so that `None` costs no space.
    end_plus_one: NonZeroU32,
}

impl Span {
    /// `None` for a range reaching 4 GiB (no article is that long).
    pub fn new(range: Range<usize>) -> Option<Span> {
        let end = u32::try_from(range.end).ok()?;
        Some(Span {
            start: u32::try_from(range.start).ok()?,
            end_plus_one: NonZeroU32::new(end.checked_add(1)?)?,
        })
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..(self.end_plus_one.get() - 1) as usize
    }
}

/// Fields grouped by what they describe; each group has its own colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Casualties,
    Place,
    Actors,
    Date,
    Other,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Casualties,
        FieldKind::Place,
        FieldKind::Actors,
        FieldKind::Date,
        FieldKind::Other,
    ];

    pub fn of(field: &str) -> FieldKind {
        match field {
            "killed" | "wounded" => FieldKind::Casualties,
            "province" | "district" | "location" => FieldKind::Place,
            "perpetrator" | "target" => FieldKind::Actors,
            "date" => FieldKind::Date,
            _ => FieldKind::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Casualties => "casualties",
            FieldKind::Place => "place",
            FieldKind::Actors => "actors",
            FieldKind::Date => "date",
            FieldKind::Other => "other",
        }
    }
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
    fn evidence_keeps_what_it_was_given_in_its_small_form() {
        let ev = Evidence::new("killed", Anchor::Offsets { start: 3, end: 9 });
        assert_eq!(
            (ev.field.as_str(), ev.kind()),
            ("killed", FieldKind::Casualties)
        );
        let wide = usize::MAX - 1;
        let ev = Evidence::new(
            "casualties_note",
            Anchor::Offsets {
                start: wide,
                end: 0,
            },
        );
        assert_eq!(ev.field, "casualties_note");
        assert_eq!(
            ev.anchor(),
            Anchor::Offsets {
                start: wide,
                end: 0
            }
        );
        let mut ev = Evidence::new("date", Anchor::Quote("on 11 March"));
        assert_eq!(ev.anchor(), Anchor::Quote("on 11 March"));
        assert_eq!(ev.located(), None, "not looked for yet");
        for method in [
            LocateMethod::Exact,
            LocateMethod::Normalised,
            LocateMethod::Approximate { score: 0.8125 },
            LocateMethod::Approximate { score: 1.0 },
            LocateMethod::NotFound,
        ] {
            let found = Located {
                method,
                occurrences: u32::MAX,
            };
            ev.set_located(found);
            assert_eq!(ev.located(), Some(found));
        }
        let nan = f32::from_bits(0xFFFF_FFFE);
        ev.set_located(Located {
            method: LocateMethod::Approximate { score: nan },
            occurrences: 1,
        });
        assert!(matches!(
            ev.located().map(|l| l.method),
            Some(LocateMethod::Approximate { score }) if score.is_nan()
        ));
        let mut offsets = Evidence::new("date", Anchor::Offsets { start: 0, end: 1 });
        offsets.set_located(Located {
            method: LocateMethod::Exact,
            occurrences: 1,
        });
        assert_eq!(offsets.located(), None, "offsets are not looked for");
    }

    #[test]
    fn spans_reach_to_just_under_four_gib() {
        let top = u32::MAX as usize;
        assert_eq!(Span::new(0..top - 1).map(Span::range), Some(0..top - 1));
        assert_eq!(
            Span::new(top - 1..top - 1).map(Span::range),
            Some(top - 1..top - 1)
        );
        assert_eq!(Span::new(0..top), None);
    }

    #[test]
    fn ascii_text_maps_directly() {
        let d = doc("two killed");
        assert_eq!(d.byte_range(0, 3).map(|r| &d.text[r]), Some("two"));
        assert_eq!(d.byte_range(0, 11), None);
    }
}
