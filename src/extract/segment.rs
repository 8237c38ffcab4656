//! An article's text cut into paragraphs and sentences, with what the
//! reader should skip: boilerplate (share buttons, "Read More:" links,
//! comment forms, photo captions) and paragraphs the site printed twice.

use std::collections::HashSet;
use std::ops::Range;

use crate::evidence::fold::fold_str;

/// Sentences longer than this are read in pieces of this size (a 1 MB
/// line without a full stop is not one sentence anyone wrote).
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "brig", "st", "no", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "approx",
    "gov", "sen", "rep", "prof", "cpl", "pvt", "adm", "inc", "co", "corp", "ltd",
];

/// The paragraphs of `text` (its lines; blank lines between them are
/// nothing), as byte ranges without surrounding white space.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at + (line.len() - line.trim_start().len());
        let end = at + line.trim_end().len();
        if end > start {
            out.push(start..end);
        }
        at += line.len();
    }
    out
}

/// Whether a paragraph is boilerplate: short and opening with (or mostly
/// made of) a phrase of the lexicon's boilerplate list, or a photo
/// caption. Long paragraphs are article text whatever they mention.
pub fn is_boilerplate(
    paragraph: &str,
    boilerplate_hits: usize,
    first_hit_at: Option<usize>,
) -> bool {
    let len = paragraph.chars().count();
    if boilerplate_hits == 0 || len > 400 {
        return false;
    }
    // A cue at the very start ("Read More: …", "Photo: …") marks the
    // paragraph whatever its length; elsewhere only a short one.
    first_hit_at.is_some_and(|at| at <= 3) || len <= 160
}

/// Splits a paragraph into sentences (byte ranges into `text`).
pub fn sentences(text: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let p = &text[paragraph.clone()];
    let base = paragraph.start;
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if at - start >= MAX_SENTENCE_BYTES {
            // Cut a run-on "sentence" at the next space, or here.
            let cut = p[at..].find(' ').map_or(at, |s| at + s);
            out.push(base + start..base + cut.max(at));
            start = cut.max(at);
            while i < chars.len() && chars[i].0 < start {
                i += 1;
            }
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '؟' | '۔') && ends_sentence(p, &chars, i) {
            let mut end = at + c.len_utf8();
            // Closing quotes and brackets stay with the sentence.
            let mut k = i + 1;
            while let Some(&(a, q)) = chars.get(k) {
                if matches!(q, '"' | '\'' | '”' | '’' | ')' | '»') {
                    end = a + q.len_utf8();
                    k += 1;
                } else {
                    break;
                }
            }
            out.push(base + start..base + end);
            // Skip the space(s) to the next sentence.
            while let Some(&(a, q)) = chars.get(k) {
                if q.is_whitespace() {
                    k += 1;
                } else {
                    start = a;
                    break;
                }
            }
            if k >= chars.len() {
                start = p.len();
            }
            i = k;
            continue;
        }
        i += 1;
    }
    if start < p.len() {
        out.push(base + start..base + p.len());
    }
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

fn ends_sentence(p: &str, chars: &[(usize, char)], i: usize) -> bool {
    let (at, c) = chars[i];
    // What follows: end of paragraph, or space then a capital, digit or quote.
    let mut k = i + 1;
    while chars
        .get(k)
        .is_some_and(|&(_, q)| matches!(q, '"' | '\'' | '”' | '’' | ')' | '»'))
    {
        k += 1;
    }
    match chars.get(k) {
        None => return true,
        Some(&(_, q)) if !q.is_whitespace() => return false,
        _ => {}
    }
    while chars.get(k).is_some_and(|&(_, q)| q.is_whitespace()) {
        k += 1;
    }
    let Some(&(_, next)) = chars.get(k) else {
        return true;
    };
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '«')
        || !next.is_ascii()
            && next.is_alphabetic()
            && next.to_lowercase().eq(std::iter::once(next));
    if !opens {
        return false;
    }
    if c != '.' {
        return true;
    }
    // The word before the full stop: an abbreviation or an initial
    // ("U.N.", "Gen.", "J.") does not end the sentence.
    let before = &p[..at];
    let word = before
        .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_matches(|ch: char| !ch.is_alphanumeric());
    if bare.chars().count() == 1 && bare.chars().all(char::is_uppercase) {
        return false;
    }
    if word.contains('.') && word.chars().filter(|ch| ch.is_alphabetic()).count() <= 4 {
        return false;
    }
    !ABBREVIATIONS.contains(&bare.to_ascii_lowercase().as_str())
}

/// A word of a sentence and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub bytes: Range<usize>,
}

/// The words of `text`: runs of letters and digits, with `inner`
/// characters allowed inside a word (`/` in `04/30/1993`, `'` in
/// `Ba'aj`) but not at its end.
pub fn words<'a>(text: &'a str, inner: &[char]) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |s: usize, e: usize, out: &mut Vec<Word<'a>>| {
        let w = text[s..e].trim_end_matches(inner);
        if !w.is_empty() {
            out.push(Word {
                text: w,
                bytes: s..s + w.len(),
            });
        }
    };
    for (at, c) in text.char_indices() {
        let part = c.is_alphanumeric() || inner.contains(&c) && start.is_some();
        match (part, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                push(s, at, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

/// Whether a paragraph repeats one seen before (folded), so its sentences
/// are not read twice; short ones ("Kirkuk", a by-line) may repeat.
pub struct Repeats {
    seen: HashSet<String>,
}

impl Repeats {
    pub fn new() -> Repeats {
        Repeats {
            seen: HashSet::new(),
        }
    }

    pub fn seen_before(&mut self, paragraph: &str) -> bool {
        let key = fold_str(paragraph);
        if key.chars().count() < 25 {
            return false;
        }
        !self.seen.insert(key)
    }
}

impl Default for Repeats {
    fn default() -> Self {
        Repeats::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        paragraphs(text)
            .into_iter()
            .flat_map(|p| sentences(text, p))
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn sentences_end_at_stops_before_a_capital() {
        assert_eq!(
            split("Two were killed. Police said so! Was it? Yes."),
            ["Two were killed.", "Police said so!", "Was it?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_end_sentences() {
        assert_eq!(
            split("U.N. experts met Gen. Ali on Jan. 5. It was 1.5 km away."),
            [
                "U.N. experts met Gen. Ali on Jan. 5.",
                "It was 1.5 km away."
            ]
        );
    }

    #[test]
    fn a_closing_quote_stays_with_its_sentence() {
        assert_eq!(
            split("He said “it was a blow.” Then he left."),
            ["He said “it was a blow.”", "Then he left."]
        );
    }

    #[test]
    fn lines_are_paragraphs_and_blank_lines_nothing() {
        let text = "Headline\n\n  First para. Second.\n\nLast";
        assert_eq!(split(text), ["Headline", "First para.", "Second.", "Last"]);
    }

    #[test]
    fn a_long_line_without_stops_is_cut_in_pieces() {
        let text = "word ".repeat(2000);
        let parts = split(&text);
        assert!(parts.len() > 2);
        assert!(parts.iter().all(|p| p.len() <= MAX_SENTENCE_BYTES + 10));
    }

    #[test]
    fn a_repeated_paragraph_is_noticed_but_not_a_short_one() {
        let mut r = Repeats::new();
        assert!(!r.seen_before("Gunmen killed two soldiers in Hawija on Monday."));
        assert!(r.seen_before("Gunmen  killed two soldiers in HAWIJA on Monday."));
        assert!(!r.seen_before("Kirkuk"));
        assert!(!r.seen_before("Kirkuk"));
    }

    #[test]
    fn boilerplate_is_short_or_opens_with_a_cue() {
        assert!(is_boilerplate(
            "Read More: Iraqi forces make arrests",
            1,
            Some(0)
        ));
        assert!(!is_boilerplate("Gunmen killed two soldiers.", 0, None));
        let long = format!("{} read more", "word ".repeat(100));
        assert!(!is_boilerplate(&long, 1, Some(500)));
    }
}
