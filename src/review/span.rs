//! An evidence span as the journal records it: code points of a document's
//! original text (the format's offsets), and the words they select.
//!
//! The browser selects bytes of the cleaned text it shows; the journal
//! keeps the original text's code points, so an entry means the same words
//! whatever cleaning lies between (removed bidi marks, expanded tabs).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::dataset::sanitize::clean_inline;
use crate::dataset::{Anchor, Document, Evidence};

/// One evidence span in a journal entry: `{field, document, start, end,
/// quote}`. `start`/`end` are Unicode code points of the document's
/// original text, end exclusive (Python's `text[start:end]`); `quote` is
/// the text they select, for a person reading the journal and as a check
/// that the document is still the one the span was made on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpanEdit {
    /// The incident field the span supports (`killed`, `province`, ...).
    pub field: String,
    /// The document's id.
    pub document: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub quote: String,
}

impl SpanEdit {
    /// The span of `bytes` of `doc`'s cleaned text (what the screen shows
    /// and selects), in code points of the original text, with the quote
    /// filled in. `None` for an empty range, one past the text's end, or
    /// one that does not fall on character boundaries.
    ///
    /// Characters cleaning removed at the edges of the selection are left
    /// out of it; a selection that starts or ends inside an expanded tab
    /// takes the whole tab.
    pub fn from_byte_range(doc: &Document, field: &str, bytes: Range<usize>) -> Option<SpanEdit> {
        let text = &doc.text;
        if bytes.start >= bytes.end
            || !text.is_char_boundary(bytes.start)
            || !text.is_char_boundary(bytes.end)
            || bytes.end > text.len()
        {
            return None;
        }
        let (start, end) = match &doc.original_offsets {
            Some(map) => {
                let at = |b: usize| u32::try_from(b).ok();
                let (b, e) = (at(bytes.start)?, at(bytes.end)?);
                // The last original code point at or before the start, the
                // first at or after the end (the map never decreases).
                let start = map.partition_point(|&m| m <= b).checked_sub(1)?;
                let end = map.partition_point(|&m| m < e);
                (start, end.min(map.len().saturating_sub(1)))
            }
            None => {
                let start = text[..bytes.start].chars().count();
                (start, start + text[bytes.clone()].chars().count())
            }
        };
        (start < end).then(|| SpanEdit {
            field: field.to_string(),
            document: doc.id.to_string(),
            start,
            end,
            quote: quote_of(&text[bytes]),
        })
    }

    /// The span of an incident's evidence in `doc`: its offsets as the file
    /// gives them, or for a quote where it was located (`None` when it was
    /// not). This is the `from` of a move or a removal.
    pub fn of_evidence(doc: &Document, evidence: &Evidence) -> Option<SpanEdit> {
        match evidence.anchor() {
            Anchor::Offsets { start, end } => {
                let bytes = doc.byte_range(start, end)?;
                Some(SpanEdit {
                    field: evidence.field.to_string(),
                    document: doc.id.to_string(),
                    start,
                    end,
                    quote: quote_of(doc.text.get(bytes)?),
                })
            }
            Anchor::Quote(_) => SpanEdit::from_byte_range(doc, &evidence.field, evidence.range()?),
        }
    }

    /// Back to a byte range of `doc`'s cleaned text; `None` when the span
    /// does not fit the text.
    pub fn byte_range(&self, doc: &Document) -> Option<Range<usize>> {
        doc.byte_range(self.start, self.end)
    }

    /// Whether the text the span selects in `doc` is still its quote (an
    /// empty quote, as a hand-written entry may have, checks nothing).
    pub fn quote_matches(&self, doc: &Document) -> bool {
        self.quote.is_empty()
            || self
                .byte_range(doc)
                .and_then(|r| doc.text.get(r))
                .is_some_and(|t| quote_of(t) == self.quote)
    }

    /// Whether `evidence` is this span: the same field and offsets, or
    /// located on the same bytes. The document is the caller's to match.
    pub fn is(&self, evidence: &Evidence, doc: &Document) -> bool {
        if evidence.field.as_str() != self.field {
            return false;
        }
        match evidence.anchor() {
            Anchor::Offsets { start, end } if (start, end) == (self.start, self.end) => true,
            _ => evidence
                .range()
                .is_some_and(|r| Some(r) == self.byte_range(doc)),
        }
    }

    /// Makes every string safe for the terminal (see `Entry::sanitized`).
    pub fn sanitize(&mut self) {
        for s in [&mut self.field, &mut self.document, &mut self.quote] {
            *s = clean_inline(s).0;
        }
    }

    /// `killed 12..31 in doc-1`, for messages.
    pub fn describe(&self) -> String {
        format!(
            "{} {}..{} in {}",
            self.field, self.start, self.end, self.document
        )
    }
}

/// The quote of a span: its text on one line.
fn quote_of(text: &str) -> String {
    clean_inline(text).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::sanitize::clean_text;

    /// A document as the loader makes it from `original`.
    fn doc(original: &str) -> Document {
        let clean = clean_text(original);
        Document {
            id: "d".into(),
            text: clean.text,
            original_offsets: clean.offsets,
            ..Document::default()
        }
    }

    fn python_slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    fn select(d: &Document, words: &str) -> SpanEdit {
        let at = d.text.find(words).expect("in the text");
        SpanEdit::from_byte_range(d, "killed", at..at + words.len()).expect("a span")
    }

    #[test]
    fn a_selection_becomes_code_points_of_the_original_text() {
        let original = "كركوك 🙂: a bomb \u{202E}exploded\u{202C}\tkilling two members.";
        let d = doc(original);
        assert!(d.original_offsets.is_some(), "cleaning changed the text");
        for words in ["killing two members", "exploded", "كركوك", "🙂"] {
            let s = select(&d, words);
            assert_eq!(python_slice(original, s.start, s.end), words);
            assert_eq!(s.quote, words);
            assert_eq!(s.byte_range(&d).map(|r| &d.text[r]), Some(words));
        }
    }

    #[test]
    fn text_cleaning_left_alone_maps_directly() {
        let original = "Two 🙂 killed in كركوك";
        let d = doc(original);
        assert!(d.original_offsets.is_none());
        let s = select(&d, "كركوك");
        assert_eq!((s.start, s.end), (16, 21));
        assert_eq!(python_slice(original, s.start, s.end), "كركوك");
    }

    #[test]
    fn empty_or_broken_selections_are_refused() {
        let d = doc("كركوك killed");
        assert_eq!(SpanEdit::from_byte_range(&d, "killed", 3..3), None);
        assert_eq!(
            SpanEdit::from_byte_range(&d, "killed", 1..4),
            None,
            "inside a letter"
        );
        assert_eq!(SpanEdit::from_byte_range(&d, "killed", 0..999), None);
    }

    #[test]
    fn evidence_is_matched_by_offsets_or_by_where_it_was_located() {
        let d = doc("two killed");
        let by_offsets = Evidence::new("killed", Anchor::Offsets { start: 0, end: 3 });
        let s = SpanEdit::of_evidence(&d, &by_offsets).expect("fits");
        assert_eq!((s.start, s.end, s.quote.as_str()), (0, 3, "two"));
        assert!(s.is(&by_offsets, &d));
        let mut quoted = Evidence::new("killed", Anchor::Quote("two"));
        assert_eq!(SpanEdit::of_evidence(&d, &quoted), None, "not located yet");
        quoted.span = crate::dataset::Span::new(0..3);
        assert!(s.is(&quoted, &d));
        let other = Evidence::new("wounded", Anchor::Offsets { start: 0, end: 3 });
        assert!(!s.is(&other, &d));
        assert!(s.quote_matches(&d));
        assert!(!s.quote_matches(&doc("six killed")));
    }
}
