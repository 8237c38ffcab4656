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

    /// Puts `unit` (at byte `at`) on the current row, or on a new one when
    /// it does not fit there, splitting it only when it is wider than a row.
    fn place(
        &mut self,
        unit: &str,
        uw: usize,
        at: usize,
        width: usize,
        tag_at: impl Fn(usize) -> T,
    ) {
        if self.used > 0 && self.used + uw > width {
            self.start_row(at);
        }
        for (i, g) in unit.grapheme_indices(true) {
            let gw = UnicodeWidthStr::width(g);
            if self.used > 0 && self.used + gw > width {
                self.start_row(at + i);
            }
            self.push(g, tag_at(at + i), gw, at + i);
        }
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
/// wrap point is dropped. A row breaks at white space, or between two
/// ideographs; punctuation, quotes and brackets stay with the word they
/// touch (so `child.`, `(SMC).`, `Iranian-backed` and `2019-05-05` are
/// one unit), and a unit is split only when it alone is wider than a row.
/// Tags play no part in where rows break.
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
        for (unit_start, unit) in units(paragraph) {
            let at = base + unit_start;
            let ww = self::width(unit);
            let blank = unit.chars().all(char::is_whitespace);
            if blank {
                if b.used > 0 && b.used + ww <= width {
                    for (i, g) in unit.grapheme_indices(true) {
                        b.push(g, tag_at(at + i), UnicodeWidthStr::width(g), at + i);
                    }
                } else if b.used > 0 {
                    b.start_row(at + unit.len());
                }
                continue;
            }
            if ww <= width {
                b.place(unit, ww, at, width, &tag_at);
                continue;
            }
            // Wider than a row: split after its punctuation (a URL after a
            // `/`, a date after a `-`), and inside a piece only when that
            // piece alone is too wide.
            for (piece_start, piece) in pieces(unit) {
                b.place(piece, self::width(piece), at + piece_start, width, &tag_at);
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

/// The pieces a row may break between, with their byte offsets: runs of
/// white space, and the text between them cut only between ideographs.
/// UAX#29 word bounds alone would make every punctuation mark a word of
/// its own, free to start a row.
fn units(paragraph: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut bounds = paragraph.split_word_bound_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = bounds.next()?;
        let mut end = start + first.len();
        let blank = first.chars().all(char::is_whitespace);
        while let Some(&(next_start, next)) = bounds.peek() {
            let next_blank = next.chars().all(char::is_whitespace);
            if next_blank != blank || blank || breaks_between(&paragraph[..end], next) {
                break;
            }
            end = next_start + next.len();
            bounds.next();
        }
        Some((start, &paragraph[start..end]))
    })
}

/// The pieces of a unit wider than a row: its word bounds, each mark of
/// punctuation joined to the piece before it and each opening bracket or
/// quote to the piece after.
fn pieces(unit: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut glue_next = false;
    for (start, bound) in unit.split_word_bound_indices() {
        let end = start + bound.len();
        let first = bound.chars().next().unwrap_or(' ');
        let punct = !first.is_alphanumeric() && !is_opening(first);
        match out.last_mut() {
            Some(last) if glue_next || punct => last.1 = end,
            _ => out.push((start, end)),
        }
        glue_next = bound.chars().next_back().is_some_and(is_opening);
    }
    out.into_iter().map(|(s, e)| (s, &unit[s..e])).collect()
}

/// Whether a row may break between `before` and `after` (neither white
/// space): only between ideographs and the like, which are written
/// without spaces, and never before closing or after opening punctuation.
fn breaks_between(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let wide_letter =
        |c: char| c.is_alphanumeric() && unicode_width::UnicodeWidthChar::width(c) == Some(2);
    (wide_letter(last) && (first.is_alphanumeric() || is_opening(first)))
        || (wide_letter(first) && !is_opening(last))
}

/// Opening quotes and brackets, which belong to the word after them.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '«' | '‹' | '“' | '‘' | '„' | '「' | '『' | '（' | '【' | '〈' | '《'
    )
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

    fn plain_tagged(w: &Wrapped<u8>) -> Vec<String> {
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
    fn punctuation_stays_with_the_word_before_it() {
        let cases: [(&str, usize, &[&str]); 4] = [
            (
                "wounding a child. Separately, Islamic State fighters",
                27,
                &["wounding a child.", "Separately, Islamic State", "fighters"],
            ),
            (
                "reported by Kurdistan 24.",
                24,
                &["reported by Kurdistan", "24."],
            ),
            (
                "forces of the Iranian-backed militias",
                21,
                &["forces of the", "Iranian-backed", "militias"],
            ),
            (
                "Military Council (SMC). It noted",
                22,
                &["Military Council", "(SMC). It noted"],
            ),
        ];
        for (text, width, rows) in cases {
            assert_eq!(
                plain(&wrap(text, width, |_| ())),
                rows,
                "{text:?} at {width}"
            );
        }
    }

    #[test]
    fn a_highlight_boundary_is_not_a_break() {
        // "child" is highlighted and its full stop is not.
        let text = "wounding a child. Separately";
        let runs = [(11..16, 1u8)];
        let w = wrap(text, 16, |b| tag_in_runs(&runs, b, 0));
        assert_eq!(plain_tagged(&w), ["wounding a", "child.", "Separately"]);
        assert_eq!(w.row_of(16), 1, "the full stop is on the word's row");
        let w = wrap("said \"no\" twice (then left)", 9, |_| ());
        assert_eq!(plain(&w), ["said \"no\"", "twice", "(then", "left)"]);
    }

    #[test]
    fn values_break_only_when_wider_than_the_row() {
        let w = wrap("2019-05-05", 9, |_| ());
        assert_eq!(
            plain(&w),
            ["2019-05-", "05"],
            "too wide: split after a mark"
        );
        let w = wrap("see https://example.org/a/kirkuk-twin", 16, |_| ());
        assert_eq!(plain(&w), ["see https://", "example.org/a/", "kirkuk-twin"]);
        let w = wrap("abcdefghij", 4, |_| ());
        assert_eq!(plain(&w), ["abcd", "efgh", "ij"]);
        let w = wrap("on 2019-05-05", 10, |_| ());
        assert_eq!(plain(&w), ["on", "2019-05-05"]);
        let w = wrap("at 2019-05-05T10:30:00Z", 20, |_| ());
        assert_eq!(plain(&w), ["at", "2019-05-05T10:30:00Z"]);
    }

    #[test]
    fn ideographs_still_break_between_characters() {
        let w = wrap("北京市北京市。", 8, |_| ());
        assert_eq!(plain(&w), ["北京市北", "京市。"]);
    }

    #[test]
    fn truncates_by_width() {
        assert_eq!(truncate("Salahuddin", 6), "Salah…");
        assert_eq!(truncate("北京市", 4), "北…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
