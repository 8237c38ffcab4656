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
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    if needle.len() > hay.len() {
        return None;
    }
    // Search for the needle's rarest byte (by English letter frequency), then
    // check the whole needle around it: far fewer false starts than the
    // first letter when the needle starts with a common letter.
    let (pos, rare) = needle
        .iter()
        .enumerate()
        .min_by_key(|(_, &b)| rarity_rank(b))
        .map_or((0, first), |(i, &b)| (i, b));
    let upper = rare.to_ascii_uppercase();
    let last_start = hay.len() - needle.len();
    let mut from = pos;
    while from < hay.len() {
        let found = if upper == rare {
            memchr::memchr(rare, &hay[from..])
        } else {
            memchr::memchr2(rare, upper, &hay[from..])
        }?;
        let at = from + found;
        if at >= pos {
            let start = at - pos;
            if start > last_start {
                return None;
            }
            if hay[start..start + needle.len()].eq_ignore_ascii_case(needle) {
                return Some(start);
            }
        }
        from = at + 1;
    }
    None
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
    fn find_all_gives_byte_ranges_in_non_ascii_text() {
        let hay = "كركوك: Checkpoint hit; checkpoint closed";
        let found = find_all(hay, "checkpoint");
        assert_eq!(found.len(), 2);
        assert_eq!(&hay[found[0].clone()], "Checkpoint");
        assert_eq!(&hay[found[1].clone()], "checkpoint");
        assert!(find_all(hay, "").is_empty());
    }
}
