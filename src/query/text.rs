//! Case-insensitive text primitives shared by matching, narrowing and
//! highlighting: substrings, word prefixes and close fuzzy matches.
//!
//! Case folds ASCII letters only, exactly as the skim matcher does with
//! `ignore_case` (`char::eq_ignore_ascii_case`): `Kirkuk` finds `KIRKUK`, and
//! letters outside ASCII match as written (Arabic and Kurdish script have no
//! case), except that [`fold`] drops diacritics (`Kirkūk` is `kirkuk`). A
//! folded text has one character for each character of the original, so a
//! match's character indices are the original's; for ASCII text its byte
//! offsets are too.

use std::ops::Range;

/// ASCII-lower-cases a string and drops diacritics (see
/// [`crate::evidence::fold::base_letter`]); other characters are kept.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// One character as [`fold`] folds it.
pub fn fold_char(c: char) -> char {
    crate::evidence::fold::base_letter(c).to_ascii_lowercase()
}

/// Whether byte offset `at` of `hay` begins a word: the text's start, or
/// a letter or digit after a character that is neither.
pub fn word_starts_at(hay: &str, at: usize) -> bool {
    let after = hay.get(at..).and_then(|s| s.chars().next());
    let before = hay.get(..at).and_then(|s| s.chars().next_back());
    match (before, after) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(b), Some(a)) => !a.is_alphanumeric() || !b.is_alphanumeric(),
    }
}

/// Whether `pattern` (folded) occurs in `hay` where a word begins (ASCII
/// case ignored): `kirk` in "Blast in Kirkuk", not in "Kill 7 … Attacks".
/// The test for titles, outlets and exclusions.
pub fn starts_a_word(hay: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return true;
    }
    let needle = Needle::new(pattern.as_bytes());
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes.get(from..).and_then(|h| needle.find(h)) {
        let start = from + at;
        if word_starts_at(hay, start) {
            return true;
        }
        // The next character: a needle never starts inside one.
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Letters a fuzzy match may skip between two of its letters, unless the
/// next one begins a word.
pub const FUZZY_GAP: usize = 2;

/// The fuzzy test for short fields: `pattern`'s letters (folded) appear in
/// order in `hay`, the first beginning a word, and each next one either
/// within [`FUZZY_GAP`] characters of the one before or beginning a word
/// (`krk` in "Kirkuk", `isst` in "Islamic State"). This is the score floor:
/// letters scattered over a long string, which fzf and skim score lowest,
/// are no match. Adding a letter to the pattern never turns a non-match
/// into a match, so a search may narrow the last result as one types.
pub fn fuzzy_matches(hay: &str, pattern: &str) -> bool {
    let pat: Vec<char> = pattern.chars().collect();
    if pat.is_empty() {
        return true;
    }
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    let starts: Vec<bool> = chars.iter().map(|&(b, _)| word_starts_at(hay, b)).collect();
    // Where the pattern's first j letters can end, for the row before.
    let mut ends: Vec<bool> = chars
        .iter()
        .zip(&starts)
        .map(|(&(_, c), &s)| s && c.eq_ignore_ascii_case(&pat[0]))
        .collect();
    for &p in &pat[1..] {
        let mut next = vec![false; chars.len()];
        let mut last: Option<usize> = None;
        for (e, &(_, c)) in chars.iter().enumerate() {
            if c.eq_ignore_ascii_case(&p) {
                next[e] = match last {
                    Some(l) => starts[e] || e - l - 1 <= FUZZY_GAP,
                    None => false,
                };
            }
            if ends[e] {
                last = Some(e);
            }
        }
        if !next.contains(&true) {
            return false;
        }
        ends = next;
    }
    ends.contains(&true)
}

/// Byte offset of the first case-insensitive occurrence of `needle` (already
/// folded) in `hay`. An empty needle is found at 0.
///
/// Works on bytes: folding touches only ASCII, a needle never starts with a
/// UTF-8 continuation byte, so a byte match is a character match.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    Needle::new(needle).find(hay)
}

/// A folded phrase prepared for searching many texts.
#[derive(Debug, Clone)]
pub struct Needle {
    bytes: Vec<u8>,
    /// Positions of the two rarest bytes (for needles of two bytes or more).
    pair: (usize, usize),
}

impl Needle {
    pub fn new(folded: &[u8]) -> Needle {
        let mut by_rarity: Vec<usize> = (0..folded.len()).collect();
        by_rarity.sort_by_key(|&i| (rarity_rank(folded[i]), i));
        let pair = match by_rarity[..] {
            [a, b, ..] => (a, b),
            _ => (0, 0),
        };
        Needle {
            bytes: folded.to_vec(),
            pair,
        }
    }

    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        let needle = &self.bytes[..];
        if needle.len() > hay.len() {
            return None;
        }
        match needle.len() {
            0 => Some(0),
            1 => find_one(hay, needle[0]),
            _ => find_pair(hay, needle, self.pair),
        }
    }
}

fn find_one(hay: &[u8], b: u8) -> Option<usize> {
    let upper = b.to_ascii_uppercase();
    if upper == b {
        memchr::memchr(b, hay)
    } else {
        memchr::memchr2(b, upper, hay)
    }
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A byte of the needle to test eight haystack positions at once: the
/// value to compare with, and the bits to set first so that both cases of
/// a letter compare equal (`x | 0x20` is `c` only for `c` and `C`).
fn lane(b: u8) -> (u64, u64) {
    let fold = if b.is_ascii_lowercase() { 0x20 } else { 0 };
    (LOW_BITS * u64::from(b), LOW_BITS * fold)
}

/// High bit set in each byte of `v` that may be zero (never misses one;
/// may flag a byte above a zero one, which the full comparison rejects).
fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(LOW_BITS) & !v & HIGH_BITS
}

fn load(hay: &[u8], at: usize) -> Option<u64> {
    hay.get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}

/// Tests two of the needle's rarest bytes at eight positions per step
/// (plain integer arithmetic, no `unsafe`), then compares the whole needle
/// only where both agree. Several times faster than jumping from one
/// occurrence of a common letter to the next.
fn find_pair(hay: &[u8], needle: &[u8], (i1, i2): (usize, usize)) -> Option<usize> {
    let ((t1, f1), (t2, f2)) = (lane(needle[i1]), lane(needle[i2]));
    let last_start = hay.len() - needle.len();
    let matches_at = |start: usize| {
        hay.get(start..start + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    };
    let mut p = 0;
    while p + 8 <= last_start + 1 {
        let (Some(w1), Some(w2)) = (load(hay, p + i1), load(hay, p + i2)) else {
            break;
        };
        let mut hits = zero_bytes((w1 | f1) ^ t1) & zero_bytes((w2 | f2) ^ t2);
        while hits != 0 {
            let start = p + (hits.trailing_zeros() / 8) as usize;
            if matches_at(start) {
                return Some(start);
            }
            hits &= hits - 1;
        }
        p += 8;
    }
    (p..=last_start).find(|&start| matches_at(start))
}

/// Whether `needle` (folded) occurs in `hay`, ignoring ASCII case.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Every non-overlapping occurrence of `needle` (folded) in `hay`, as byte
/// ranges, left to right. Empty for an empty needle.
pub fn find_all(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let mut from = 0;
    while let Some(at) = find(&h[from..], n) {
        let start = from + at;
        out.push(start..start + n.len());
        from = start + n.len();
    }
    out
}

/// Lower rank = rarer in English text. Bytes that are not letters are rare.
fn rarity_rank(b: u8) -> u8 {
    const COMMON: &[u8] = b"zqxjkvbpygfwmucldrhsnioate ";
    match COMMON.iter().position(|&c| c == b.to_ascii_lowercase()) {
        Some(i) => u8::try_from(i + 1).unwrap_or(u8::MAX),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_prefixes_begin_words() {
        assert!(starts_a_word("Twin blasts hit Kirkuk market", "kirk"));
        assert!(starts_a_word("IED (sticky bomb)", "ied"));
        assert!(!starts_a_word("VBIED", "ied"));
        assert!(!starts_a_word("PMF fighters killed", "ied"));
        assert!(!starts_a_word("Kill 7 Security Forces in Attacks", "kirk"));
        assert!(starts_a_word("Tal Afar–Sinjar road", "sinj"));
        assert!(starts_a_word("مقتل ثلاثة جنود", "ثلا"));
        assert!(!starts_a_word("مقتل ثلاثة جنود", "لاث"));
        assert!(starts_a_word("al-Anbar", "anb"));
    }

    #[test]
    fn fuzzy_matches_reject_scattered_letters() {
        assert!(fuzzy_matches("kirkuk", "krk"));
        assert!(fuzzy_matches("islamic state", "isst"));
        assert!(fuzzy_matches("baghdad road, 12 km south of kirkuk", "kirk"));
        assert!(!fuzzy_matches("kill 7 security forces in attacks", "kirk"));
        assert!(!fuzzy_matches("killed", "ied"), "not from a word's start");
        assert!(!fuzzy_matches("khanaqin", "kq"), "too far inside one word");
        assert!(fuzzy_matches("anything", ""));
        // A better occurrence later in the text is found.
        assert!(fuzzy_matches("kxxxxxi kid", "kid"));
    }

    #[test]
    fn non_ascii_pattern_matches_whole_characters() {
        // "é" is C3 A9; "Ã©" is C3 83 C2 A9: the bytes are a subsequence, the
        // characters are not.
        assert!(!fuzzy_matches("Ã©", "é"));
        assert!(fuzzy_matches("café", "cé"));
        assert!(fuzzy_matches("KIRKUK", "kirkuk"));
        assert!(fuzzy_matches("كركوك", "كك"));
        assert!(!fuzzy_matches("Ötzi", "ö"), "Ö is not ASCII: no folding");
    }

    #[test]
    fn find_is_case_insensitive_and_exact() {
        let hay = b"A roadside bomb struck a Federal Police CHECKPOINT.";
        assert_eq!(find(hay, b"checkpoint"), Some(40));
        assert_eq!(find(hay, b"police checkpoint"), Some(33));
        assert_eq!(find(hay, b"checkpoints"), None);
        assert_eq!(find(hay, b""), Some(0));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"zzz", b"zz"), Some(0));
        assert_eq!(find(b"xaz", b"az"), Some(1));
    }

    #[test]
    fn find_agrees_with_a_plain_search_everywhere() {
        let hay = b"The CheckPoint at the checkpoint; check-point, CHECKPOINT. \xc3\xa9t\xc3\xa9 z";
        let plain = |needle: &[u8]| {
            (0..=hay.len().saturating_sub(needle.len()))
                .find(|&s| hay[s..s + needle.len()].eq_ignore_ascii_case(needle))
                .filter(|_| needle.len() <= hay.len())
        };
        for start in 0..hay.len() {
            for len in 1..=12 {
                let Some(bytes) = hay.get(start..start + len) else {
                    continue;
                };
                let needle = bytes.to_ascii_lowercase();
                assert_eq!(
                    find(hay, &needle),
                    plain(&needle),
                    "{:?}",
                    String::from_utf8_lossy(&needle)
                );
            }
        }
        assert_eq!(find(hay, b"pointz"), None);
        assert_eq!(
            find(hay, b"@"),
            None,
            "'@' | 0x20 is '`': no folding of non-letters"
        );
        assert_eq!(find(b"a`b", b"`b"), Some(1));
        assert_eq!(find(b"a@b", b"`b"), None);
    }

    #[test]
    fn find_all_gives_byte_ranges_in_non_ascii_text() {
        let hay = "كركوك: Checkpoint hit; checkpoint closed";
        let found = find_all(hay, "checkpoint");
        assert_eq!(found.len(), 2);
        assert_eq!(&hay[found[0].clone()], "Checkpoint");
        assert_eq!(&hay[found[1].clone()], "checkpoint");
        assert!(find_all(hay, "").is_empty());
    }
}
