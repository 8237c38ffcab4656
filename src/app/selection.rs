//! A cursor in an article's text and the selection it grows: the words a
//! reviewer marks as evidence, or as the start of an incident the
//! extraction missed. The cursor stands on a word (a run of text holding a
//! letter or digit, by Unicode word bounds); the selection runs from the
//! word extending started at to the cursor's, whichever comes first, so it
//! always starts and ends on whole words. Positions are byte offsets in
//! the document's cleaned text, as laid out; the journal turns them into
//! code points of the original text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::wrap;

/// The cursor in the text of one of the selected incident's sources.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextCursor {
    /// The source (index into the incident's sources) whose article it is in.
    pub source: usize,
    /// The word the cursor is on.
    pub word: Range<usize>,
    /// The word extending started from, while the selection is on.
    pub anchor: Option<Range<usize>>,
}

impl TextCursor {
    pub fn new(source: usize, word: Range<usize>) -> TextCursor {
        TextCursor {
            source,
            word,
            anchor: None,
        }
    }

    /// The selected bytes: from the anchor's word to the cursor's, or the
    /// cursor's word alone.
    pub fn selection(&self) -> Range<usize> {
        match &self.anchor {
            Some(a) => a.start.min(self.word.start)..a.end.max(self.word.end),
            None => self.word.clone(),
        }
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Range<usize>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| i..i + w.len())
        .collect()
}

/// The word holding byte `at`, or else the first one after it, or else the
/// last one.
pub fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    let words = words(text);
    let i = words.partition_point(|w| w.end <= at);
    words.get(i).or(words.last()).cloned()
}

/// The next word after `word` (forward) or the one before it.
pub fn step_word(text: &str, word: &Range<usize>, forward: bool) -> Option<Range<usize>> {
    let words = words(text);
    if forward {
        words.into_iter().find(|w| w.start > word.start)
    } else {
        words.into_iter().rev().find(|w| w.start < word.start)
    }
}

/// Moving by sentence: forward, the first word of the next sentence;
/// back, the first word of this sentence, or of the one before when the
/// cursor is already there.
pub fn step_sentence(text: &str, word: &Range<usize>, forward: bool) -> Option<Range<usize>> {
    let sentences: Vec<Range<usize>> = text
        .split_sentence_bound_indices()
        .map(|(i, s)| i..i + s.len())
        .collect();
    let here = sentences.partition_point(|s| s.end <= word.start);
    let first_word_in = |s: &Range<usize>| {
        words(text)
            .into_iter()
            .find(|w| w.start >= s.start && w.start < s.end)
    };
    if forward {
        sentences.get(here + 1..)?.iter().find_map(first_word_in)
    } else {
        let start_of_this = sentences.get(here).and_then(first_word_in);
        match start_of_this {
            Some(w) if w.start < word.start => Some(w),
            _ => sentences.get(..here)?.iter().rev().find_map(first_word_in),
        }
    }
}

/// The sentences the bytes `range` touch, whole.
pub fn sentences_around(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut out: Option<Range<usize>> = None;
    for (i, s) in text.split_sentence_bound_indices() {
        let r = i..i + s.len();
        if r.end > range.start && r.start < range.end.max(range.start + 1) {
            out = Some(match out {
                Some(o) => o.start..r.end,
                None => r,
            });
        }
    }
    out.unwrap_or_else(|| range.clone())
}

/// An article's text as the detail pane laid it out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextLayout {
    /// The source (index into the incident's sources) it is the text of.
    pub source: usize,
    /// The detail pane row its first line is on.
    pub first_row: usize,
    /// The byte where each of its rows starts.
    pub row_starts: Vec<usize>,
    /// Bytes of the text laid out (long articles are cut for display).
    pub len: usize,
}

impl TextLayout {
    /// Rows the text takes.
    pub fn rows(&self) -> usize {
        self.row_starts.len()
    }

    /// Whether detail pane row `row` is one of the text's.
    pub fn holds_row(&self, row: usize) -> bool {
        row >= self.first_row && row < self.first_row + self.rows()
    }

    fn row_bytes(&self, r: usize) -> Option<Range<usize>> {
        let start = *self.row_starts.get(r)?;
        let end = self.row_starts.get(r + 1).copied().unwrap_or(self.len);
        Some(start..end.max(start))
    }

    /// The detail pane row holding byte `at`.
    pub fn row_of(&self, at: usize) -> usize {
        self.first_row
            + self
                .row_starts
                .partition_point(|&s| s <= at)
                .saturating_sub(1)
    }

    /// The byte drawn at detail pane `row`, `column` (the row's last byte
    /// when the column lies past its end).
    pub fn byte_at(&self, text: &str, row: usize, column: usize) -> Option<usize> {
        let bytes = self.row_bytes(row.checked_sub(self.first_row)?)?;
        let line = text.get(bytes.clone())?;
        let mut used = 0;
        let mut last = bytes.start;
        for (i, g) in line.grapheme_indices(true) {
            let w = wrap::width(g);
            if column < used + w.max(1) {
                return Some(bytes.start + i);
            }
            used += w;
            last = bytes.start + i;
        }
        Some(last)
    }

    /// The word a row up or down from `word`, nearest the column it is at;
    /// rows without a word (blank lines) are passed over.
    pub fn step_row(&self, text: &str, word: &Range<usize>, down: bool) -> Option<Range<usize>> {
        let here = self.row_of(word.start) - self.first_row;
        let start = self.row_bytes(here)?.start;
        let column = wrap::width(text.get(start..word.start)?);
        let words = words(text);
        let mut r = here;
        loop {
            r = if down { r + 1 } else { r.checked_sub(1)? };
            let bytes = self.row_bytes(r)?;
            let on_row = words
                .iter()
                .filter(|w| w.start >= bytes.start && w.start < bytes.end);
            let best = on_row
                .map(|w| {
                    let c = wrap::width(text.get(bytes.start..w.start).unwrap_or(""));
                    (c.abs_diff(column), w)
                })
                .min_by_key(|(d, _)| *d);
            if let Some((_, w)) = best {
                return Some(w.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "A roadside bomb struck a patrol, killing two members of the PMF. \
Officials said (SMC) it was ISIS.\n\nمقتل ثلاثة 🙂 near Tuz.";

    fn word<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    #[test]
    fn words_skip_punctuation_and_space_in_every_script() {
        let w: Vec<&str> = words(TEXT).iter().map(|r| word(TEXT, r)).collect();
        assert_eq!(
            &w[..8],
            ["A", "roadside", "bomb", "struck", "a", "patrol", "killing", "two"]
        );
        assert!(w.contains(&"SMC") && w.contains(&"مقتل") && w.contains(&"ثلاثة"));
        assert!(!w.iter().any(|x| x.contains('🙂') || x.contains('(')));
    }

    #[test]
    fn the_selection_grows_and_shrinks_from_the_anchor() {
        let killing = word_at(TEXT, TEXT.find("killing").expect("present")).expect("present");
        let mut c = TextCursor::new(0, killing);
        c.anchor = Some(c.word.clone());
        for _ in 0..2 {
            c.word = step_word(TEXT, &c.word, true).expect("present");
        }
        assert_eq!(word(TEXT, &c.selection()), "killing two members");
        c.word = step_word(TEXT, &c.word, false).expect("present");
        assert_eq!(word(TEXT, &c.selection()), "killing two");
        // Back past the anchor: the selection runs the other way.
        for _ in 0..3 {
            c.word = step_word(TEXT, &c.word, false).expect("present");
        }
        assert_eq!(word(TEXT, &c.selection()), "a patrol, killing");
    }

    #[test]
    fn sentences_move_to_their_first_word() {
        let bomb = word_at(TEXT, TEXT.find("bomb").expect("present")).expect("present");
        let next = step_sentence(TEXT, &bomb, true).expect("present");
        assert_eq!(word(TEXT, &next), "Officials");
        let third = step_sentence(TEXT, &next, true).expect("present");
        assert_eq!(word(TEXT, &third), "مقتل");
        let said = step_word(TEXT, &next, true).expect("present");
        assert_eq!(
            word(TEXT, &step_sentence(TEXT, &said, false).expect("present")),
            "Officials"
        );
        assert_eq!(
            word(TEXT, &step_sentence(TEXT, &next, false).expect("present")),
            "A"
        );
        assert_eq!(step_sentence(TEXT, &bomb, false).map(|r| r.start), Some(0));
        let two = word_at(TEXT, TEXT.find("two").expect("present")).expect("present");
        let s = sentences_around(TEXT, &two);
        assert!(word(TEXT, &s).starts_with("A roadside") && word(TEXT, &s).contains("PMF."));
    }

    #[test]
    fn rows_map_cells_to_bytes_and_move_by_column() {
        let text = "one two three\n\nfour five six";
        let layout = TextLayout {
            source: 0,
            first_row: 10,
            row_starts: vec![0, 14, 15],
            len: text.len(),
        };
        assert_eq!(layout.byte_at(text, 10, 4), Some(4));
        assert_eq!(layout.byte_at(text, 12, 5), Some(20));
        assert_eq!(layout.byte_at(text, 9, 0), None);
        let two = word_at(text, 4).expect("present");
        // Down passes over the blank line to the word nearest column 4.
        let down = layout.step_row(text, &two, true).expect("present");
        assert_eq!(&text[down.clone()], "five");
        assert_eq!(
            &text[layout.step_row(text, &down, false).expect("present")],
            "two"
        );
        assert_eq!(layout.step_row(text, &down, true), None);
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let text = "中文 word";
        let layout = TextLayout {
            source: 0,
            first_row: 0,
            row_starts: vec![0],
            len: text.len(),
        };
        // Columns 0-1 are 中, 2-3 文, 4 the space, 5.. "word".
        assert_eq!(layout.byte_at(text, 0, 3), Some(3));
        assert_eq!(layout.byte_at(text, 0, 5), Some(7));
    }
}
