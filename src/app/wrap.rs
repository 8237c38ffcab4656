//! Word wrapping by display width, one grapheme cluster at a time, so that
//! Arabic, CJK, emoji sequences and combining marks keep their width and
//! styled runs stay on the right characters.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A run of text with one meaning (and so one style).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<T> {
    pub text: String,
    pub tag: T,
}

/// One screen row.
pub type Row<T> = Vec<Segment<T>>;

/// Display width of a string, summed over grapheme clusters.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts a string to at most `max` columns, adding `…` when it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w + 1 > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// Wrapped text: its rows and the byte offset where each row starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped<T> {
    pub rows: Vec<Row<T>>,
    pub row_starts: Vec<usize>,
}

impl<T> Wrapped<T> {
    /// The row holding the byte at `offset`.
    pub fn row_of(&self, offset: usize) -> usize {
        self.row_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

struct RowBuilder<T> {
    rows: Vec<Row<T>>,
    row_starts: Vec<usize>,
    current: Row<T>,
    used: usize,
}

impl<T: Copy + PartialEq> RowBuilder<T> {
    fn push(&mut self, g: &str, tag: T, gw: usize, at: usize) {
        if self.current.is_empty() && self.rows.len() == self.row_starts.len() {
            self.row_starts.push(at);
        }
        match self.current.last_mut() {
            Some(seg) if seg.tag == tag => seg.text.push_str(g),
            _ => self.current.push(Segment {
                text: g.to_string(),
                tag,
            }),
        }
        self.used += gw;
    }

    fn start_row(&mut self, at: usize) {
        if self.rows.len() == self.row_starts.len() {
            self.row_starts.push(at);
        }
        // White space at a wrap point is not shown.
        loop {
            let only = self.current.len() == 1;
            let Some(last) = self.current.last_mut() else {
                break;
            };
            let kept = last.text.trim_end().len();
            if kept > 0 || only {
                last.text.truncate(kept);
                break;
            }
            self.current.pop();
        }
        self.rows.push(std::mem::take(&mut self.current));
        self.used = 0;
    }
}

/// Wraps `text` to `width` columns. `tag_at(byte)` gives each grapheme's tag
/// (by its first byte). Paragraph breaks (`\n`) are kept; white space at a
/// wrap point is dropped; a word longer than a row is split.
pub fn wrap<T: Copy + PartialEq>(
    text: &str,
    width: usize,
    tag_at: impl Fn(usize) -> T,
) -> Wrapped<T> {
    let width = width.max(1);
    let mut b = RowBuilder {
        rows: Vec::new(),
        row_starts: Vec::new(),
        current: Vec::new(),
        used: 0,
    };
    let mut offset = 0;
    for (p, paragraph) in text.split('\n').enumerate() {
        if p > 0 {
            b.start_row(offset);
        }
        let base = offset;
        for (word_start, word) in paragraph.split_word_bound_indices() {
            let at = base + word_start;
            let ww = self::width(word);
            let blank = word.chars().all(char::is_whitespace);
            if blank {
                if b.used > 0 && b.used + ww <= width {
                    for (i, g) in word.grapheme_indices(true) {
                        b.push(g, tag_at(at + i), UnicodeWidthStr::width(g), at + i);
                    }
                } else if b.used > 0 {
                    b.start_row(at + word.len());
                }
                continue;
            }
            if b.used > 0 && b.used + ww > width && ww <= width {
                b.start_row(at);
            }
            for (i, g) in word.grapheme_indices(true) {
                let gw = UnicodeWidthStr::width(g);
                if b.used > 0 && b.used + gw > width {
                    b.start_row(at + i);
                }
                b.push(g, tag_at(at + i), gw, at + i);
            }
        }
        offset += paragraph.len() + 1;
    }
    if b.rows.len() == b.row_starts.len() {
        b.row_starts.push(text.len());
    }
    b.rows.push(b.current);
    Wrapped {
        rows: b.rows,
        row_starts: b.row_starts,
    }
}

/// Range helper: the tag of a byte given sorted, non-overlapping runs.
pub fn tag_in_runs<T: Copy>(runs: &[(Range<usize>, T)], byte: usize, default: T) -> T {
    let i = runs.partition_point(|(r, _)| r.end <= byte);
    match runs.get(i) {
        Some((r, t)) if r.contains(&byte) => *t,
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(w: &Wrapped<()>) -> Vec<String> {
        w.rows
            .iter()
            .map(|r| r.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_words_and_keeps_paragraphs() {
        let w = wrap("Three soldiers were killed\nin Kirkuk.", 12, |_| ());
        assert_eq!(
            plain(&w),
            ["Three", "soldiers", "were killed", "in Kirkuk."]
        );
        assert_eq!(w.row_of(0), 0);
        assert_eq!(w.row_of("Three soldiers were ".len()), 2);
        assert_eq!(w.row_of("Three soldiers were killed\nin".len()), 3);
    }

    #[test]
    fn every_row_fits_for_wide_and_combining_text() {
        let text = "كركوك 北京市 👨‍👩‍👧 e\u{301}te\u{301} supercalifragilistic";
        for width in 1..30 {
            let w = wrap(text, width, |_| ());
            for row in plain(&w) {
                let rw = super::width(&row);
                // A single grapheme wider than the row is allowed alone.
                assert!(rw <= width || row.chars().count() <= 8, "{width}: {row:?}");
            }
            let joined: String = plain(&w).concat();
            assert_eq!(
                joined.replace(' ', ""),
                text.replace(' ', ""),
                "nothing lost at width {width}"
            );
        }
    }

    #[test]
    fn tags_follow_bytes() {
        let text = "aa bb cc";
        let runs = [(3..5, 1u8)];
        let w = wrap(text, 80, |b| tag_in_runs(&runs, b, 0));
        let segs: Vec<_> = w.rows[0].iter().map(|s| (s.text.as_str(), s.tag)).collect();
        assert_eq!(segs, [("aa ", 0), ("bb", 1), (" cc", 0)]);
    }

    #[test]
    fn truncates_by_width() {
        assert_eq!(truncate("Salahuddin", 6), "Salah…");
        assert_eq!(truncate("北京市", 4), "北…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
