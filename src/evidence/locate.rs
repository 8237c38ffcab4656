//! Finding a quoted piece of evidence in its document's text.
//!
//! Three steps, the first that succeeds wins:
//! 1. exact: the quote as written;
//! 2. normalised: both sides folded (see [`super::fold`]): case, runs of
//!    white space (non-breaking spaces included), typographic versus straight
//!    quotes and dashes, Arabic vowel marks and letter variants;
//! 3. approximate: the window of the folded text with the smallest edit
//!    distance to the folded quote (Sellers' algorithm); it counts when its
//!    similarity `1 - distance / quote length` is at least
//!    [`APPROXIMATE_THRESHOLD`]. Quotes shorter than
//!    [`APPROXIMATE_MIN_CHARS`] are not looked for approximately: a couple
//!    of edits would turn them into another word.
//!
//! Where a quote occurs several times, the first occurrence is the span and
//! the number of (non-overlapping) occurrences is recorded.

use std::ops::Range;

use super::fold::{fold_str, FoldCache};
use crate::dataset::{LocateMethod, Located};

/// Lowest similarity at which an approximate window counts as the quote.
pub const APPROXIMATE_THRESHOLD: f32 = 0.8;

/// Shortest folded quote, in characters, searched for approximately.
pub const APPROXIMATE_MIN_CHARS: usize = 8;

/// Largest quote length × text length (in characters) the approximate
/// search takes on; beyond it a quote not found by the first two steps is
/// reported as not found, with the reason.
pub const APPROXIMATE_MAX_CELLS: usize = 50_000_000;

/// An occurrence count as the model keeps it (saturating; a quote cannot
/// occur four billion times in a 64 MiB line).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where a quote was found (a byte range in `text`) and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub span: Option<Range<usize>>,
    pub located: Located,
    /// Set when the approximate step was skipped for the text's size.
    pub too_long: bool,
}

/// Locates `quote` in `text`, the text of document `key`; the text is
/// folded (through `cache`) only when the exact step fails.
pub fn locate(text: &str, quote: &str, cache: &mut FoldCache, key: usize) -> Found {
    let not_found = |too_long| Found {
        span: None,
        located: Located {
            method: LocateMethod::NotFound,
            occurrences: 0,
        },
        too_long,
    };
    if quote.trim().is_empty() {
        return not_found(false);
    }
    // Leftmost non-overlapping occurrences, as `str::match_indices` gives.
    let mut exact = memchr::memmem::find_iter(text.as_bytes(), quote.as_bytes());
    if let Some(at) = exact.next() {
        return Found {
            span: Some(at..at + quote.len()),
            located: Located {
                method: LocateMethod::Exact,
                occurrences: count(1 + exact.count()),
            },
            too_long: false,
        };
    }
    let needle = fold_str(quote);
    if needle.is_empty() {
        return not_found(false);
    }
    let hay = cache.get(key, text);
    let hits = hay.find(&needle, false);
    if let Some(first) = hits.first() {
        return Found {
            span: hay.source_of(first.clone()),
            located: Located {
                method: LocateMethod::Normalised,
                occurrences: count(hits.len()),
            },
            too_long: false,
        };
    }
    let q: Vec<char> = needle.chars().collect();
    if q.len() < APPROXIMATE_MIN_CHARS {
        return not_found(false);
    }
    let t = hay.chars();
    if q.len().saturating_mul(t.len()) > APPROXIMATE_MAX_CELLS {
        return not_found(true);
    }
    match best_window(&q, &t) {
        Some(w) if w.score >= APPROXIMATE_THRESHOLD => Found {
            span: hay.source_of_chars(w.chars),
            located: Located {
                method: LocateMethod::Approximate { score: w.score },
                occurrences: count(w.occurrences),
            },
            too_long: false,
        },
        _ => not_found(false),
    }
}

/// The best approximate window: character indices into the text, its
/// similarity, and how many non-overlapping windows are as good.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub chars: Range<usize>,
    pub score: f32,
    pub occurrences: usize,
}

/// Sellers' approximate substring match: the substring of `text` with the
/// smallest Levenshtein distance to `quote`. O(|quote| × |text|) time,
/// O(|quote| + |text|) memory.
pub fn best_window(quote: &[char], text: &[char]) -> Option<Window> {
    let m = quote.len();
    if m == 0 || text.is_empty() {
        return None;
    }
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut prev_start: Vec<usize> = vec![0; m + 1];
    let mut cur = vec![0usize; m + 1];
    let mut cur_start = vec![0usize; m + 1];
    // Distance and start of the best window ending at each text position.
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (j, &tc) in text.iter().enumerate() {
        cur[0] = 0;
        cur_start[0] = j + 1;
        for i in 1..=m {
            let sub = prev[i - 1] + usize::from(quote[i - 1] != tc);
            let skip_text = prev[i] + 1;
            let skip_quote = cur[i - 1] + 1;
            let (d, s) = if sub <= skip_text && sub <= skip_quote {
                (sub, prev_start[i - 1])
            } else if skip_quote <= skip_text {
                (skip_quote, cur_start[i - 1])
            } else {
                (skip_text, prev_start[i])
            };
            cur[i] = d;
            cur_start[i] = s;
        }
        ends.push((cur[m], cur_start[m]));
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    let best = ends.iter().map(|(d, _)| *d).min()?;
    let mut first = None;
    let mut occurrences = 0;
    let mut taken_to = 0;
    for (j, &(d, s)) in ends.iter().enumerate() {
        if d == best && s >= taken_to && s <= j {
            first.get_or_insert(s..j + 1);
            occurrences += 1;
            taken_to = j + 1;
        }
    }
    let chars = first?;
    let score = 1.0 - best as f32 / m as f32;
    Some(Window {
        chars,
        score,
        occurrences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, quote: &str) -> (Option<String>, LocateMethod, usize) {
        let f = locate(text, quote, &mut FoldCache::default(), 0);
        (
            f.span.map(|r| text[r].to_string()),
            f.located.method,
            f.located.occurrences as usize,
        )
    }

    #[test]
    fn exact_counts_occurrences_and_takes_the_first() {
        let text = "two killed; later two killed again";
        let f = locate(text, "two killed", &mut FoldCache::default(), 0);
        assert_eq!(f.span, Some(0..10));
        assert_eq!(f.located.method, LocateMethod::Exact);
        assert_eq!(f.located.occurrences, 2);
    }

    #[test]
    fn typographic_quotes_dashes_case_and_spaces_are_normalised() {
        let text = "a group calling itself “Ashab al-Kahf” had claimed the Hawija–Zab road attack";
        let (span, how, n) = find(text, "group calling itself \"ashab al-kahf\"  had claimed");
        assert_eq!(
            span.as_deref(),
            Some("group calling itself “Ashab al-Kahf” had claimed")
        );
        assert_eq!((how, n), (LocateMethod::Normalised, 1));
        let (span, how, _) = find(text, "Hawija-Zab road");
        assert_eq!(span.as_deref(), Some("Hawija–Zab road"));
        assert_eq!(how, LocateMethod::Normalised);
    }

    #[test]
    fn non_breaking_spaces_match_plain_spaces() {
        let text = "near Gwer, about 40\u{a0}km south-west of Erbil";
        let (span, how, _) = find(text, "near  Gwer, about 40 km south-west of Erbil");
        assert_eq!(span.as_deref(), Some(text));
        assert_eq!(how, LocateMethod::Normalised);
        // And the other way round: an NBSP in the quote, a space in the text.
        let (span, _, _) = find("about 40 km south", "40\u{a0}km");
        assert_eq!(span.as_deref(), Some("40 km"));
    }

    #[test]
    fn arabic_quotes_are_found_with_or_without_vowel_marks() {
        let text = "الموصل — قُتل ثلاثة جنود من الجيش العراقي وأصيب اثنان آخران";
        let (span, how, _) = find(text, "قُتل ثلاثة جنود");
        assert_eq!(span.as_deref(), Some("قُتل ثلاثة جنود"));
        assert_eq!(how, LocateMethod::Exact);
        let (span, how, _) = find(text, "قتل ثلاثة جنود");
        assert_eq!(span.as_deref(), Some("قُتل ثلاثة جنود"));
        assert_eq!(how, LocateMethod::Normalised);
        let (span, how, _) = find(text, "واصيب اثنان اخران");
        assert_eq!(span.as_deref(), Some("وأصيب اثنان آخران"));
        assert_eq!(how, LocateMethod::Normalised);
    }

    #[test]
    fn a_close_paraphrase_is_found_approximately_with_its_score() {
        let text = "Gunmen killed four shepherds and wounded one in the Hamrin mountains.";
        let (span, how, n) = find(text, "gunmen killed four shepherd and wounded one");
        assert_eq!(
            span.as_deref(),
            Some("Gunmen killed four shepherds and wounded one")
        );
        let LocateMethod::Approximate { score } = how else {
            panic!("expected approximate, got {how:?}");
        };
        assert!(score > 0.95 && score < 1.0, "{score}");
        assert_eq!(n, 1);
    }

    #[test]
    fn an_invented_quote_is_not_found() {
        let text = "A volley of rockets struck near Erbil International Airport late on Monday.";
        let (span, how, n) = find(
            text,
            "rockets aimed at the coalition base inside the airport compound",
        );
        assert_eq!((span, how, n), (None, LocateMethod::NotFound, 0));
        // Short quotes are not stretched to fit.
        assert_eq!(find(text, "Erbel").1, LocateMethod::NotFound);
        assert_eq!(find(text, "   ").1, LocateMethod::NotFound);
    }

    #[test]
    fn best_window_scores_edits_against_quote_length() {
        let q: Vec<char> = "abcdefghij".chars().collect();
        let t: Vec<char> = "xxabcdXfghijxx".chars().collect();
        let w = best_window(&q, &t).expect("window");
        assert_eq!(w.chars, 2..12);
        assert!((w.score - 0.9).abs() < 1e-6);
    }
}
