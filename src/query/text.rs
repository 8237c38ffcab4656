//! Case-insensitive text primitives shared by matching, narrowing and
//! highlighting.
//!
//! Case folds ASCII letters only, exactly as the skim matcher does with
//! `ignore_case` (`char::eq_ignore_ascii_case`): `Kirkuk` finds `KIRKUK`, and
//! letters outside ASCII match as written (Arabic and Kurdish script have no
//! case). Folding only ASCII bytes keeps every byte offset valid, so a match
//! in folded text is a match at the same offset in the original.

use std::ops::Range;

/// ASCII-lower-cases a string; other characters are kept as they are.
pub fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Whether `pattern` (already folded) is a subsequence of `hay` (folded or
/// not): the skim matcher's condition for a match.
pub fn is_subsequence(hay: &str, pattern: &str) -> bool {
    if pattern.is_ascii() {
        // An ASCII byte in UTF-8 is always a whole character, so a byte-wise
        // subsequence is a character-wise one.
        let pat = pattern.as_bytes();
        let mut at = 0;
        for &b in hay.as_bytes() {
            if at == pat.len() {
                break;
            }
            if b.to_ascii_lowercase() == pat[at] {
                at += 1;
            }
        }
        at == pat.len()
    } else {
        let mut pat = pattern.chars().peekable();
        for c in hay.chars() {
            match pat.peek() {
                Some(p) if c.eq_ignore_ascii_case(p) => {
                    pat.next();
                }
                Some(_) => {}
                None => break,
            }
        }
        pat.peek().is_none()
    }
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
    fn subsequence_ignores_ascii_case_only() {
        assert!(is_subsequence("Islamic State", "isst"));
        assert!(is_subsequence("KIRKUK", "kirkuk"));
        assert!(!is_subsequence("Kirkuk", "kirkukk"));
        assert!(is_subsequence("كركوك", "كك"));
        assert!(!is_subsequence("Ötzi", "ö"), "Ö is not ASCII: no folding");
        assert!(is_subsequence("anything", ""));
    }

    #[test]
    fn non_ascii_pattern_matches_whole_characters() {
        // "é" is C3 A9; "Ã©" is C3 83 C2 A9: the bytes are a subsequence, the
        // characters are not.
        assert!(!is_subsequence("Ã©", "é"));
        assert!(is_subsequence("café", "cé"));
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
