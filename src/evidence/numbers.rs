//! Reading counts of people from English text: digits (`27`, `1,200`),
//! number words (`two`, `twenty-one`, `one hundred and five`), modifiers
//! (`at least seven`, `more than 20`, `about 30`, `up to 12`) and vague
//! quantities, which become ranges:
//!
//! | phrase | range |
//! |---|---|
//! | `a`/`an` (`killing a guard`) | 1, weak: used only when nothing better is said |
//! | `both`, `a pair of` | 2 |
//! | `a couple of` | 2–3 |
//! | `a few`, `a handful of` | 2–5 |
//! | `several` | 3–9 |
//! | `half a dozen` | 5–7 |
//! | `a dozen` | 10–14 |
//! | `N dozen` | 12·N ± 20 % |
//! | `dozens` | 24–99 |
//! | `scores of` | 40–199 |
//! | `hundreds of` | 200–999 |
//! | `thousands of` | 2,000 or more |
//!
//! Modifiers: `at least`, `no fewer/less than`, `a minimum of` → that many
//! or more; `more than`, `over`, `upwards of` → more; `about`, `around`,
//! `approximately`, `roughly`, `some`, `an estimated` → ±20 % (at least ±1);
//! `nearly`, `almost`, `close to` → up to 20 % fewer; `up to`, `as many as`,
//! `at most` → 1 up to that; `fewer than`, `less than`, `under` → below it.
//!
//! Not counts: years (1900–2099 written as four digits), numbers followed
//! by a unit (`12 km`, `24 hours`, `27-year-old`), ordinals (`a fourth
//! fighter` is `a`, one more person).

use std::ops::Range;

use super::fold::fold_str;
use crate::dataset::CompactString;

/// A token of folded (lower-cased) text.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// Words are short: held inline, no allocation per word.
    Word(CompactString),
    /// Digits as written (commas between thousands allowed).
    Num(u64, bool),
    Punct(char),
}

impl Tok {
    pub fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn is(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    pub fn text(&self) -> String {
        match self {
            Tok::Word(w) => w.to_string(),
            Tok::Num(n, _) => n.to_string(),
            Tok::Punct(c) => c.to_string(),
        }
    }
}

/// Splits text into words, numbers and punctuation, folded first.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = fold_str(text).chars().collect();
    tokenize_chars(&chars).into_iter().map(|(t, _)| t).collect()
}

/// [`tokenize`] over already folded characters, with the range of
/// character indices each token was read from.
pub fn tokenize_chars(chars: &[char]) -> Vec<(Tok, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let from = i;
        if c.is_ascii_digit() {
            let mut n: u64 = 0;
            let mut commas = false;
            while i < chars.len() {
                if let Some(d) = chars[i].to_digit(10) {
                    n = n.saturating_mul(10).saturating_add(u64::from(d));
                    i += 1;
                } else if chars[i] == ','
                    && chars.get(i + 1..i + 4).is_some_and(|g| {
                        g.iter().all(char::is_ascii_digit)
                            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
                    })
                {
                    commas = true;
                    i += 1;
                } else {
                    break;
                }
            }
            // "27-year-old", "12-km": one word, not a count.
            if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
                let start = i;
                i += 1;
                while chars
                    .get(i)
                    .is_some_and(|ch| ch.is_alphanumeric() || *ch == '-')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push((
                    Tok::Word(compact_str::format_compact!("{n}{word}")),
                    from..i,
                ));
                continue;
            }
            // "45th", "3rd", "12km": an ordinal or a unit, not a count.
            if chars.get(i).is_some_and(|ch| ch.is_alphabetic()) {
                while chars.get(i).is_some_and(|ch| ch.is_alphanumeric()) {
                    i += 1;
                }
                out.push((Tok::Word(chars[from..i].iter().collect()), from..i));
                continue;
            }
            // A decimal ("1.5 km") is not a count of people.
            if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
                out.push((Tok::Word("(decimal)".into()), from..i));
                continue;
            }
            out.push((Tok::Num(n, commas), from..i));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() {
                let ch = chars[i];
                let joined = matches!(ch, '-' | '\'')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
                    && i > start;
                if ch.is_alphanumeric() || joined {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((Tok::Word(chars[start..i].iter().collect()), from..i));
        } else {
            if !c.is_whitespace() {
                out.push((Tok::Punct(c), from..i + 1));
            }
            i += 1;
        }
    }
    out
}

/// A number of people: `low` up to `high` (`None`: no upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub low: u64,
    pub high: Option<u64>,
}

impl Count {
    pub const fn exact(n: u64) -> Count {
        Count {
            low: n,
            high: Some(n),
        }
    }

    pub const fn range(low: u64, high: u64) -> Count {
        Count {
            low,
            high: Some(high),
        }
    }

    pub const fn at_least(n: u64) -> Count {
        Count { low: n, high: None }
    }

    pub fn contains(self, n: u64) -> bool {
        n >= self.low && self.high.is_none_or(|h| n <= h)
    }

    pub fn plus(self, other: Count) -> Count {
        Count {
            low: self.low.saturating_add(other.low),
            high: match (self.high, other.high) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            },
        }
    }

    /// `3`, `at least 7`, `24–99`.
    pub fn describe(self) -> String {
        match self.high {
            Some(h) if h == self.low => h.to_string(),
            Some(h) => format!("{}–{h}", self.low),
            None => format!("at least {}", self.low),
        }
    }
}

/// A count phrase found at some token: what it says, the token after it,
/// and whether it is only an article (`a guard`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phrase {
    pub count: Count,
    pub next: usize,
    pub weak: bool,
}

fn small(word: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|u| *u == word) {
        return Some(n as u64);
    }
    if let Some(n) = TENS.iter().position(|t| *t == word) {
        return Some(20 + 10 * n as u64);
    }
    // "twenty-one"
    let (tens, unit) = word.split_once('-')?;
    let t = TENS.iter().position(|x| *x == tens)?;
    let u = UNITS[1..10].iter().position(|x| *x == unit)?;
    Some(20 + 10 * t as u64 + 1 + u as u64)
}

const UNIT_WORDS: &[&str] = &[
    "km",
    "kms",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "mile",
    "miles",
    "m",
    "metres",
    "meters",
    "metre",
    "meter",
    "mm",
    "kg",
    "tonnes",
    "tons",
    "hour",
    "hours",
    "minute",
    "minutes",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "percent",
    "per",
    "am",
    "pm",
    "times",
    "o'clock",
];

/// Number words from `i`: `two`, `twenty-one`, `twenty one`, `a hundred`,
/// `one hundred and five`, `two thousand`. Returns the value and the next
/// token.
fn number_words(toks: &[Tok], i: usize) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut j = i;
    let mut any = false;
    while let Some(w) = toks.get(j).and_then(Tok::word) {
        let scale = match w {
            "hundred" => 100,
            "thousand" => 1000,
            "million" => 1_000_000,
            _ => 0,
        };
        if scale > 0 {
            if !(any || j > i && toks[j - 1].is("a")) {
                break;
            }
            let base = current.max(1);
            if scale == 100 {
                current = base * 100;
            } else {
                total += base * scale;
                current = 0;
            }
            any = true;
            j += 1;
            // "one hundred and five": "and" inside a number.
            if toks.get(j).is_some_and(|t| t.is("and"))
                && toks
                    .get(j + 1)
                    .and_then(Tok::word)
                    .and_then(small)
                    .is_some()
            {
                j += 1;
            }
            continue;
        }
        if w == "a" && !any {
            if toks
                .get(j + 1)
                .is_some_and(|t| t.is("hundred") || t.is("thousand"))
            {
                j += 1;
                continue;
            }
            break;
        }
        let Some(n) = small(w) else { break };
        if any {
            // "twenty one", "hundred (and) five", "thousand five"; not "five six".
            let r = current % 100;
            let fits = (r >= 20 && r.is_multiple_of(10) && (1..10).contains(&n))
                || (r == 0 && (current > 0 || total > 0));
            if !fits {
                break;
            }
        }
        current += n;
        any = true;
        j += 1;
    }
    any.then_some((total + current, j))
}

fn tolerance(n: u64) -> u64 {
    (n / 5).max(1)
}

/// Looks for a count phrase starting at token `i`.
pub fn phrase_at(toks: &[Tok], i: usize) -> Option<Phrase> {
    // Most tokens cannot start a count: say so before trying each
    // modifier and vague phrase in turn (read at every token of a sentence).
    if !may_start_phrase(toks.get(i)?) {
        return None;
    }
    let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.is(w));
    let seq = |k: usize, words: &[&str]| words.iter().enumerate().all(|(n, w)| is(k + n, w));
    #[derive(Clone, Copy)]
    enum Modifier {
        None,
        AtLeast,
        MoreThan,
        About,
        Nearly,
        UpTo,
        Below,
    }
    const MODIFIERS: &[(&[&str], Modifier)] = &[
        (&["at", "least"], Modifier::AtLeast),
        (&["no", "fewer", "than"], Modifier::AtLeast),
        (&["no", "less", "than"], Modifier::AtLeast),
        (&["not", "less", "than"], Modifier::AtLeast),
        (&["a", "minimum", "of"], Modifier::AtLeast),
        (&["more", "than"], Modifier::MoreThan),
        (&["over"], Modifier::MoreThan),
        (&["upwards", "of"], Modifier::MoreThan),
        (&["in", "excess", "of"], Modifier::MoreThan),
        (&["about"], Modifier::About),
        (&["around"], Modifier::About),
        (&["approximately"], Modifier::About),
        (&["roughly"], Modifier::About),
        (&["some"], Modifier::About),
        (&["an", "estimated"], Modifier::About),
        (&["estimated"], Modifier::About),
        (&["nearly"], Modifier::Nearly),
        (&["almost"], Modifier::Nearly),
        (&["close", "to"], Modifier::Nearly),
        (&["up", "to"], Modifier::UpTo),
        (&["as", "many", "as"], Modifier::UpTo),
        (&["at", "most"], Modifier::UpTo),
        (&["fewer", "than"], Modifier::Below),
        (&["less", "than"], Modifier::Below),
        (&["under"], Modifier::Below),
        (&["a", "total", "of"], Modifier::None),
        (&["total", "of"], Modifier::None),
    ];
    let (modifier, j) = MODIFIERS
        .iter()
        .find(|(words, _)| seq(i, words))
        .map_or((Modifier::None, i), |(words, m)| (*m, i + words.len()));
    let (base, next, weak) = base_at(toks, j)?;
    if weak && !matches!(modifier, Modifier::None) {
        return None;
    }
    let high = base.high.unwrap_or(base.low);
    let count = match modifier {
        Modifier::None => base,
        Modifier::AtLeast => Count::at_least(base.low),
        Modifier::MoreThan => Count::at_least(base.low.saturating_add(1)),
        Modifier::About => Count {
            low: base.low.saturating_sub(tolerance(base.low)),
            high: base.high.map(|h| h + tolerance(h)),
        },
        Modifier::Nearly => Count {
            low: base.low.saturating_sub(tolerance(base.low)),
            high: Some(high),
        },
        Modifier::UpTo => Count::range(1.min(high), high),
        Modifier::Below => Count::range(0, high.saturating_sub(1)),
    };
    Some(Phrase { count, next, weak })
}

/// The number itself (after any modifier): value, next token, weak.
/// Whether a count can start at this token: a number, a number word, or
/// the first word of a modifier or a vague count. Exactly the tokens on
/// which [`phrase_at`] can find something.
fn may_start_phrase(t: &Tok) -> bool {
    match t {
        Tok::Num(..) => true,
        Tok::Punct(_) => false,
        Tok::Word(w) => {
            matches!(
                w.as_str(),
                // Modifiers' first words.
                "at" | "no" | "not" | "a" | "more" | "over" | "upwards" | "in" | "about"
                    | "around" | "approximately" | "roughly" | "some" | "an" | "estimated"
                    | "nearly" | "almost" | "close" | "up" | "as" | "fewer" | "less"
                    | "under" | "total"
                    // Vague counts' first words.
                    | "half" | "dozens" | "scores" | "hundreds" | "thousands" | "several"
                    | "both"
            ) || small(w).is_some()
        }
    }
}

fn base_at(toks: &[Tok], j: usize) -> Option<(Count, usize, bool)> {
    let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.is(w));
    let of = |k: usize| if is(k, "of") { k + 1 } else { k };
    let vague: &[(&[&str], Count, bool)] = &[
        (&["half", "a", "dozen"], Count::range(5, 7), false),
        (&["a", "dozen"], Count::range(10, 14), false),
        (&["dozens"], Count::range(24, 99), false),
        (&["scores"], Count::range(40, 199), true),
        (&["hundreds"], Count::range(200, 999), true),
        (&["thousands"], Count::at_least(2000), true),
        (&["several"], Count::range(3, 9), false),
        (&["a", "few"], Count::range(2, 5), false),
        (&["a", "handful"], Count::range(2, 5), true),
        (&["a", "couple"], Count::range(2, 3), false),
        (&["a", "pair"], Count::exact(2), true),
        (&["both"], Count::exact(2), false),
    ];
    for (words, count, needs_of) in vague {
        if words.iter().enumerate().all(|(n, w)| is(j + n, w)) {
            let after = j + words.len();
            if *needs_of && !is(after, "of") {
                continue;
            }
            return Some((*count, of(after), false));
        }
    }
    // "a number of", "a lot of", "a total" (without "of"): no count.
    if is(j, "a")
        && ["number", "lot", "series", "string", "wave", "spate"]
            .iter()
            .any(|w| is(j + 1, w))
    {
        return None;
    }
    let (value, next) = match toks.get(j)? {
        Tok::Num(n, commas) => {
            let year = !commas && (1900..=2099).contains(n);
            let after_unit_word = j > 0
                && toks[j - 1].word().is_some_and(|w| {
                    ["kilo", "km", "route", "no", "number", "highway"].contains(&w)
                });
            if year || after_unit_word {
                return None;
            }
            (*n, j + 1)
        }
        Tok::Word(_) => match number_words(toks, j) {
            Some((n, next)) => (n, next),
            None if is(j, "a") || is(j, "an") => {
                return Some((Count::exact(1), j + 1, true));
            }
            None => return None,
        },
        Tok::Punct(_) => return None,
    };
    // Units: "12 km", "24 hours", "20%".
    let unit = match toks.get(next) {
        Some(Tok::Word(w)) => UNIT_WORDS.contains(&w.as_str()),
        Some(Tok::Punct('%')) => true,
        _ => false,
    };
    if unit {
        return None;
    }
    // "two dozen"
    if is(next, "dozen") {
        let n = value.saturating_mul(12);
        return Some((
            Count::range(n.saturating_sub(tolerance(n)), n + tolerance(n)),
            of(next + 1),
            false,
        ));
    }
    Some((Count::exact(value), next, false))
}
