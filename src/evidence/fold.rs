//! Text folding for comparisons that should not care about case, runs of
//! white space, quote and dash styles, or Arabic vowel marks and letter
//! variants — with a map back to the original text, so a match in the
//! folded text is a byte range in the original.

use std::ops::Range;

/// What folding does with one character.
#[derive(Debug, PartialEq)]
enum Fold {
    Drop,
    Space,
    Char(char),
    Lower(char),
}

fn fold_char(c: char) -> Fold {
    if c.is_ascii() {
        // The same as below, without the table lookups.
        return match c {
            ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' => Fold::Space,
            '`' => Fold::Char('\''),
            c => Fold::Char(c.to_ascii_lowercase()),
        };
    }
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
        // Transliteration's ʿayn and hamza marks are apostrophes.
        '\u{02BB}' | '\u{02BE}' | '\u{02BF}' => Fold::Char('\''),
        c if is_combining_mark(c) => Fold::Drop,
        c => Fold::Lower(without_marks(c)),
    }
}

/// `c` without its diacritics, as [`fold_str`] compares it (`ū` → `u`),
/// for matchers that must keep one character for each character.
pub fn base_letter(c: char) -> char {
    if c.is_ascii() {
        c
    } else {
        without_marks(c)
    }
}

/// A letter with diacritics as its base letter (`ū` → `u`, `Ş` → `S`,
/// `ḩ` → `h`): its canonical decomposition, when that is one letter and
/// combining marks. Anything else is itself (Hangul syllables decompose
/// into letters, not marks, and stay whole).
fn without_marks(c: char) -> char {
    use unicode_normalization::char::decompose_canonical;
    let mut base = None;
    let mut only_marks = true;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !is_combining_mark(d) {
            only_marks = false;
        }
    });
    match base {
        Some(b) if only_marks && !is_combining_mark(b) => b,
        _ => c,
    }
}

fn is_combining_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
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
            if c.is_ascii() {
                // Most text is ASCII: folded without the general rules'
                // table lookups, the same as they would.
                let end = u32_of(at + 1);
                let ch = match c {
                    ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' => match out.origins.last_mut() {
                        Some(last) if out.text.ends_with(' ') => {
                            last.end = end;
                            continue;
                        }
                        _ => ' ',
                    },
                    '`' => '\'',
                    c => c.to_ascii_lowercase(),
                };
                out.origins.push(Origin {
                    folded: u32_of(out.text.len()),
                    start: u32_of(at),
                    end,
                });
                out.text.push(ch);
                continue;
            }
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

/// The last character folding puts out for the text before byte `at`
/// (`None` when it puts out nothing), worked out from the original text.
fn folded_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().rev().find_map(|c| match fold_char(c) {
        Fold::Drop => None,
        Fold::Space => Some(Some(' ')),
        Fold::Char(ch) => Some(Some(ch)),
        Fold::Lower(ch) => Some(ch.to_lowercase().last()),
    })?
}

/// The first character folding puts out for the text from byte `at`, when
/// what it puts out just before is not a space.
fn folded_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().find_map(|c| match fold_char(c) {
        Fold::Drop => None,
        Fold::Space => Some(Some(' ')),
        Fold::Char(ch) => Some(Some(ch)),
        Fold::Lower(ch) => Some(ch.to_lowercase().next()),
    })?
}

/// Whether folding `name` is a character-by-character map whatever comes
/// before it: no vowel marks or other dropped characters, no white space
/// but single plain spaces between other characters.
fn folds_alone(name: &str) -> bool {
    if name.is_ascii() {
        let b = name.as_bytes();
        return !b.is_empty()
            && b[0] != b' '
            && b[b.len() - 1] != b' '
            && !b.windows(2).any(|w| w == b"  ")
            && !b
                .iter()
                .any(|&c| matches!(c, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'));
    }
    let mut after_space = true;
    for c in name.chars() {
        match fold_char(c) {
            Fold::Drop => return false,
            Fold::Space if c != ' ' || after_space => return false,
            Fold::Space => after_space = true,
            Fold::Char(_) | Fold::Lower(_) => after_space = false,
        }
    }
    !after_space
}

/// Whether an occurrence of `needle` can overlap an earlier one that
/// `match_indices`, which reports non-overlapping occurrences only, would
/// report instead of it. An earlier occurrence `d` bytes before needs
/// `needle[d..]` to start `needle` (`d` is then a character boundary, as
/// the first byte of a character starts `needle`) and puts the character
/// ending at `d` just before this one; with `before_not_alphanumeric`,
/// this occurrence is known to follow no alphanumeric, so only such a
/// character can do it.
fn may_overlap(needle: &str, before_not_alphanumeric: bool) -> bool {
    let bytes = needle.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    memchr::memchr_iter(first, &bytes[1..])
        .map(|d| d + 1)
        .filter(|&d| bytes.starts_with(&bytes[d..]))
        .any(|d| {
            !before_not_alphanumeric
                || needle
                    .get(..d)
                    .and_then(|head| head.chars().next_back())
                    .is_none_or(|c| !c.is_alphanumeric())
        })
}

/// Decides on the original `text`, without folding it, that
/// `Folded::new(text).find(&fold_str(name), whole_words)` would find
/// something. `true` is certain; `false` means "undecided: fold and look".
/// `needle` is `fold_str(name)`.
pub fn surely_found(text: &str, name: &str, needle: &str, whole_words: bool) -> bool {
    let name = name.trim();
    if needle.is_empty() || name.is_empty() || !folds_alone(name) {
        return false;
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let check_start = whole_words && edge(needle.chars().next());
    let check_end = whole_words && edge(needle.chars().next_back());
    if (check_start || check_end) && may_overlap(needle, check_start) {
        return false;
    }
    // Any occurrence, overlapping or not: each is one in the folded text.
    let (hay, first) = (text.as_bytes(), name.as_bytes()[0]);
    memchr::memchr_iter(first, hay)
        .filter(|&at| hay[at..].starts_with(name.as_bytes()))
        .any(|at| {
            !(check_start && folded_before(text, at).is_some_and(char::is_alphanumeric)
                || check_end
                    && folded_after(text, at + name.len()).is_some_and(char::is_alphanumeric))
        })
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
    fn ascii_folds_as_the_general_rules_say() {
        for c in (0..128u8).map(char::from) {
            let general = if c.is_whitespace() {
                Fold::Space
            } else if c == '`' {
                Fold::Char('\'')
            } else {
                let mut lower = c.to_lowercase();
                assert_eq!(lower.len(), 1);
                Fold::Char(lower.next().expect("one"))
            };
            assert_eq!(fold_char(c), general, "{c:?}");
        }
    }

    #[test]
    fn needles_fold_like_texts() {
        for s in ["  Ashab\u{a0} al–Kahf ” ", "قُتل  ثلاثة", "İstanbul\n\tX"] {
            assert_eq!(fold_str(s), Folded::new(s).text.trim());
        }
    }

    /// What the folded search says, and what the shortcut says (which
    /// may only ever add "surely").
    fn both(text: &str, name: &str, whole_words: bool) -> (bool, bool) {
        let needle = fold_str(name);
        let folded = !Folded::new(text).find(&needle, whole_words).is_empty();
        (folded, surely_found(text, name, &needle, whole_words))
    }

    #[test]
    fn the_shortcut_on_original_text_agrees_with_the_folded_search() {
        // (text, name, whole words, the shortcut decides it)
        let cases = [
            ("Gunmen in Kirkuk killed two", "Kirkuk", true, true),
            ("Gunmen in KIRKUK killed two", "Kirkuk", true, false),
            ("Gunmen in Kirkuk killed two", "KIRKUK", true, false),
            ("in Kirkukian villages", "Kirkuk", true, false),
            ("in Kirkuk, near Hit", "Hit", true, true),
            ("Hitman in Hitland", "Hit", true, false),
            ("Hitman in Hit", "Hit", true, true),
            ("Hitman", "Hit", false, true),
            // Glued to letters of other scripts and to accented letters.
            ("éHit", "Hit", true, false),
            ("Hité", "Hit", true, false),
            ("بالموصل", "الموصل", true, true),
            ("الموصلي", "الموصل", true, true),
            // A vowel mark between the name and a letter is dropped.
            ("xَHit", "Hit", true, false),
            ("Hitَx", "Hit", true, false),
            ("Hitَ x", "Hit", true, true),
            ("قُتل ثلاثة", "قتل ثلاثة", false, false),
            ("قتل ثلاثة", "قُتل ثلاثة", false, false),
            ("اربيل", "أربيل", true, false),
            ("ar Abu\u{a0}Ghraib", "Abu Ghraib", true, false),
            ("in Abu  Ghraib", "Abu Ghraib", true, false),
            ("in Abu Ghraib", "Abu\u{a0}Ghraib", true, false),
            ("in Abu Ghraib", "Abu  Ghraib", true, false),
            ("in Abu Ghraib", " Abu Ghraib ", true, true),
            ("the Hawija–Zab road", "Hawija-Zab", true, false),
            ("the Hawija–Zab road", "Hawija–Zab", true, true),
            ("İstanbul", "İstanbul", true, true),
            ("Kirkuk\u{a0}x", "Kirkuk", true, true),
            // Overlapping occurrences: the folded search reports the first
            // and never sees the second.
            ("ba A a", "A a", true, false),
            ("ba A a", "a a", true, false),
            ("Xkirkirk kirkirk", "kirkirk", true, true),
            // Checked at the end only, and the needle overlaps itself.
            ("in -a-a-a", "-a-a", true, false),
            ("in -a-b", "-a-b", true, true),
        ];
        for (text, name, whole_words, decided) in cases {
            let (folded, surely) = both(text, name, whole_words);
            assert!(
                folded || !surely,
                "{text:?} {name:?}: the shortcut says found"
            );
            assert_eq!(surely, decided, "{text:?} {name:?}");
        }
    }

    #[test]
    fn the_shortcut_never_finds_what_the_folded_search_does_not() {
        // Every short text and name from pieces that fold in every way.
        let pieces = [
            "a", "A", "b", "k", " ", "  ", "\u{a0}", "\u{64e}", "ا", "أ", "ى", "ي", "-", "–", "'",
            "’", "İ", "1", ",", "é",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut agreed, mut decided) = (0, 0);
        for _ in 0..200_000 {
            let mut text = String::new();
            for _ in 0..next(10) {
                text.push_str(pieces[next(pieces.len())]);
            }
            let mut name = String::new();
            for _ in 0..1 + next(4) {
                name.push_str(pieces[next(pieces.len())]);
            }
            // Names often come from the text itself.
            if next(2) == 0 && !text.is_empty() {
                let chars: Vec<char> = text.chars().collect();
                let from = next(chars.len());
                let to = from + 1 + next(chars.len() - from);
                name = chars[from..to].iter().collect();
            }
            for whole_words in [true, false] {
                let (folded, surely) = both(&text, &name, whole_words);
                assert!(
                    folded || !surely,
                    "{text:?} {name:?} {whole_words}: the shortcut says found"
                );
                agreed += usize::from(folded);
                decided += usize::from(surely);
            }
        }
        // The shortcut settles most of what is there to find.
        assert!(decided * 2 > agreed, "{decided} of {agreed}");
    }

    #[test]
    fn whole_words_only_for_latin_edges() {
        let f = Folded::new("Hitman in Hit; بالموصل");
        assert_eq!(f.find("hit", true).len(), 1);
        assert_eq!(f.find("hit", false).len(), 2);
        assert_eq!(f.find(&fold_str("الموصل"), true).len(), 1);
    }
}
