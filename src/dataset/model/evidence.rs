//! What an incident cites: its sources, and the evidence in each, held
//! small (several spans an incident, millions in a dataset).

use std::num::NonZeroU32;
use std::ops::Range;

#[cfg(doc)]
use super::Dataset;
use super::{CompactString, Field, FieldKind};

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
        self.field.field().map_or(FieldKind::Other, Field::group)
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

/// The name of the field a piece of evidence supports: one of the
/// [`Field`]s in a byte, any other name (the format allows them) in a box
/// of its own.
#[derive(Clone, PartialEq, Eq)]
pub struct FieldName(Name);

#[derive(Clone, PartialEq, Eq)]
enum Name {
    Known(Field),
    Other(Box<str>),
}

impl FieldName {
    /// The name when it is one of the [`Field`]s as written (which need
    /// no cleaning).
    pub fn known(name: &str) -> Option<FieldName> {
        Field::from_name(name).map(FieldName::from)
    }

    /// The field it names, when the format defines it.
    pub fn field(&self) -> Option<Field> {
        match self.0 {
            Name::Known(f) => Some(f),
            Name::Other(_) => None,
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Name::Known(f) => f.name(),
            Name::Other(name) => name,
        }
    }
}

impl From<Field> for FieldName {
    fn from(field: Field) -> FieldName {
        FieldName(Name::Known(field))
    }
}

impl From<&str> for FieldName {
    fn from(name: &str) -> FieldName {
        FieldName::known(name).unwrap_or_else(|| FieldName(Name::Other(name.into())))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
