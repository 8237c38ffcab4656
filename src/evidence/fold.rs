//! Text folding for comparisons that should not care about case, runs of
//! white space, quote and dash styles, or Arabic vowel marks and letter
//! variants — with a map back to the original text, so a match in the
//! folded text is a byte range in the original.

use std::ops::Range;

/// What folding does with one character.
enum Fold {
    Drop,
    Space,
    Char(char),
    Lower(char),
}

fn fold_char(c: char) -> Fold {
    match c {
        c if c.is_whitespace() => Fold::Space,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`'
        | '\u{02BC}' => Fold::Char('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Fold::Char('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            Fold::Char('-')
        }
        // Arabic short vowels, shadda, sukun, dagger alef, and tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => Fold::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' => Fold::Char('ا'),
        'ى' => Fold::Char('ي'),
        'ة' => Fold::Char('ه'),
        c => Fold::Lower(c),
    }
}

/// One character of folded text and the original bytes it stands for.
#[derive(Debug, Clone, Copy)]
struct Origin {
    folded: u32,
    start: u32,
    end: u32,
}

/// A folded text and where each of its characters came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    origins: Vec<Origin>,
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Folded {
    /// Folds `source`, remembering the origin of every folded character.
    pub fn new(source: &str) -> Folded {
        let mut out = Folded {
            text: String::with_capacity(source.len()),
            origins: Vec::with_capacity(source.len()),
        };
        for (at, c) in source.char_indices() {
            let end = u32_of(at + c.len_utf8());
            let push = |out: &mut Folded, ch: char| {
                out.origins.push(Origin {
                    folded: u32_of(out.text.len()),
                    start: u32_of(at),
                    end,
                });
                out.text.push(ch);
            };
            match fold_char(c) {
                Fold::Drop => {
                    if let Some(last) = out.origins.last_mut() {
                        last.end = end;
                    }
                }
                Fold::Space => match out.origins.last_mut() {
                    Some(last) if out.text.ends_with(' ') => last.end = end,
                    _ => push(&mut out, ' '),
                },
                Fold::Char(ch) => push(&mut out, ch),
                Fold::Lower(ch) => {
                    for l in ch.to_lowercase() {
                        push(&mut out, l);
                    }
                }
            }
        }
        out
    }

    /// The folded characters, in order.
    pub fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    /// Index of the folded character starting at folded byte `byte`.
    fn char_at(&self, byte: usize) -> usize {
        self.origins
            .partition_point(|o| (o.folded as usize) < byte)
            .min(self.origins.len())
    }

    /// The original byte range of folded characters `chars` (by index).
    pub fn source_of_chars(&self, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start >= chars.end {
            return None;
        }
        let first = self.origins.get(chars.start)?;
        let last = self.origins.get(chars.end - 1)?;
        Some(first.start as usize..last.end as usize)
    }

    /// The original byte range of a folded byte range.
    pub fn source_of(&self, folded: Range<usize>) -> Option<Range<usize>> {
        self.source_of_chars(self.char_at(folded.start)..self.char_at(folded.end))
    }

    /// Non-overlapping occurrences of an already folded `needle`, as folded
    /// byte ranges. With `whole_words`, a needle that starts (ends) with a
    /// Latin letter or digit must not have one just before (after) it;
    /// other scripts attach clitics to words, so they are not held to it.
    pub fn find(&self, needle: &str, whole_words: bool) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let check_start = whole_words && edge(needle.chars().next());
        let check_end = whole_words && edge(needle.chars().next_back());
        self.text
            .match_indices(needle)
            .map(|(at, m)| at..at + m.len())
            .filter(|r| {
                let before = self.text[..r.start].chars().next_back();
                let after = self.text[r.end..].chars().next();
                !(check_start && before.is_some_and(char::is_alphanumeric)
                    || check_end && after.is_some_and(char::is_alphanumeric))
            })
            .collect()
    }
}

/// The folded texts of the documents used most recently, so a document
/// cited by many incidents in a row is folded once.
#[derive(Debug, Default)]
pub struct FoldCache {
    recent: Vec<(usize, Folded)>,
}

impl FoldCache {
    const CAPACITY: usize = 8;

    /// The folded `text` of document `key`.
    pub fn get(&mut self, key: usize, text: &str) -> &Folded {
        match self.recent.iter().position(|(k, _)| *k == key) {
            Some(pos) => {
                let entry = self.recent.remove(pos);
                self.recent.push(entry);
            }
            None => {
                if self.recent.len() >= Self::CAPACITY {
                    self.recent.remove(0);
                }
                self.recent.push((key, Folded::new(text)));
            }
        }
        let last = self.recent.len() - 1;
        &self.recent[last].1
    }
}

/// Folds a needle (a quote, a place name): like [`Folded::new`] without the
/// map, trimmed.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            Fold::Drop => {}
            Fold::Space if out.is_empty() || out.ends_with(' ') => {}
            Fold::Space => out.push(' '),
            Fold::Char(ch) => out.push(ch),
            Fold::Lower(ch) => out.extend(ch.to_lowercase()),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_back_to_the_original_bytes() {
        let src = "Said “Ashab\u{a0}\u{a0}al–Kahf” ok";
        let f = Folded::new(src);
        assert_eq!(f.text, "said \"ashab al-kahf\" ok");
        let hits = f.find(&fold_str("\"ashab al-kahf\""), false);
        assert_eq!(hits.len(), 1);
        let r = f.source_of(hits[0].clone()).expect("maps");
        assert_eq!(&src[r], "“Ashab\u{a0}\u{a0}al–Kahf”");
    }

    #[test]
    fn arabic_marks_are_ignored_and_kept_in_the_span() {
        let src = "الموصل — قُتل ثلاثة جنود";
        let f = Folded::new(src);
        let hits = f.find(&fold_str("قتل ثلاثة"), false);
        let r = f.source_of(hits[0].clone()).expect("maps");
        assert_eq!(&src[r], "قُتل ثلاثة");
        assert_eq!(fold_str("أربيل"), fold_str("اربيل"));
    }

    #[test]
    fn needles_fold_like_texts() {
        for s in ["  Ashab\u{a0} al–Kahf ” ", "قُتل  ثلاثة", "İstanbul\n\tX"] {
            assert_eq!(fold_str(s), Folded::new(s).text.trim());
        }
    }

    #[test]
    fn whole_words_only_for_latin_edges() {
        let f = Folded::new("Hitman in Hit; بالموصل");
        assert_eq!(f.find("hit", true).len(), 1);
        assert_eq!(f.find("hit", false).len(), 2);
        assert_eq!(f.find(&fold_str("الموصل"), true).len(), 1);
    }
}
