//! Which number an evidence text gives for `killed` or `wounded`.
//!
//! The text is split into count groups (see [`super::numbers`]); counts
//! joined by `and` or a comma add up (`three soldiers and two policemen` is
//! 5, `a woman and her two children` is 3), unless the second is a subset
//! (`three soldiers, two of whom ...`). Each group belongs to the nearest
//! casualty word in its clause: one before it (`killing four civilians`), or
//! one after it when the group is the subject of a passive or a headline
//! (`seven passengers were wounded`, `four wounded`); a group after
//! `including` or `among` is a part of another and is skipped. When several
//! groups belong to the field, a real number beats a bare `a`, then the
//! nearest wins.
//!
//! Negations give 0: `no one was killed`, `nobody was hurt`, `none were
//! hurt`, `no soldiers were hurt`, `no casualties`, `no deaths were
//! reported`, `without casualties`. `hurt`, `harmed` and `casualties` speak
//! for both fields when negated. `no casualty figures`, `no reports of
//! casualties` say nothing.

use super::numbers::{phrase_at, tokenize, Count, Tok};

/// One of the two casualty counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casualty {
    Killed,
    Wounded,
}

impl Casualty {
    pub fn of(field: &str) -> Option<Casualty> {
        match field {
            "killed" => Some(Casualty::Killed),
            "wounded" => Some(Casualty::Wounded),
            _ => None,
        }
    }
}

/// What an evidence text says about one casualty field.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub count: Count,
    /// The words it was read from, folded.
    pub phrase: String,
}

/// Which field a casualty word speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speaks {
    One(Casualty),
    /// Negated, it speaks for both; stated, for neither.
    Both,
}

fn keyword(word: &str) -> Option<Speaks> {
    const KILLED: &[&str] = &[
        "kill",
        "kills",
        "killed",
        "killing",
        "dead",
        "death",
        "deaths",
        "died",
        "die",
        "dies",
        "dying",
        "fatalities",
        "fatality",
        "fatally",
        "slain",
        "lives",
        "bodies",
        "assassinated",
        "assassinating",
        "executed",
        "executing",
        "beheaded",
        "murdered",
        "martyred",
        "massacred",
        "perished",
    ];
    const WOUNDED: &[&str] = &[
        "wounded",
        "wounding",
        "wounds",
        "injured",
        "injuring",
        "injuries",
        "injury",
        "injures",
        "hospitalised",
        "hospitalized",
        "maimed",
    ];
    const BOTH: &[&str] = &["hurt", "harmed", "casualties", "casualty"];
    if KILLED.contains(&word) {
        Some(Speaks::One(Casualty::Killed))
    } else if WOUNDED.contains(&word) {
        Some(Speaks::One(Casualty::Wounded))
    } else if BOTH.contains(&word) {
        Some(Speaks::Both)
    } else {
        None
    }
}

/// A stated `hurt` means wounded; stated `casualties` could be either.
fn stated(word: &str) -> Option<Casualty> {
    match keyword(word)? {
        Speaks::One(c) => Some(c),
        Speaks::Both if word == "hurt" || word == "harmed" => Some(Casualty::Wounded),
        Speaks::Both => None,
    }
}

const AUX: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "has", "have", "had",
];

/// Words that end a run of nouns after a number.
fn breaks_nouns(t: &Tok) -> bool {
    match t {
        Tok::Punct(',') => false,
        Tok::Punct(_) | Tok::Num(..) => true,
        Tok::Word(w) => {
            AUX.contains(&w.as_str())
                || keyword(w).is_some()
                || [
                    "and",
                    "or",
                    "including",
                    "among",
                    "while",
                    "but",
                    "who",
                    "which",
                    "when",
                    "after",
                    "before",
                    "as",
                    "were",
                    "by",
                ]
                .contains(&w.as_str())
        }
    }
}

fn breaks_clause(t: &Tok) -> bool {
    match t {
        Tok::Punct(c) => matches!(c, '.' | ';' | ':' | '(' | ')' | '"' | '!' | '?'),
        Tok::Word(w) => ["but", "while", "whereas", "although"].contains(&w.as_str()),
        Tok::Num(..) => false,
    }
}

/// A run of counts that add up.
#[derive(Debug, Clone)]
struct Group {
    count: Count,
    weak: bool,
    start: usize,
    /// After the last number phrase.
    num_end: usize,
    /// After the nouns following it.
    end: usize,
}

const DETERMINERS: &[&str] = &["her", "his", "their", "its", "the", "another"];
const MAX_NOUNS: usize = 5;

fn skip_nouns(toks: &[Tok], mut k: usize) -> usize {
    let limit = k + MAX_NOUNS;
    while k < limit
        && toks
            .get(k)
            .is_some_and(|t| !breaks_nouns(t) && !matches!(t, Tok::Punct(',')))
    {
        k += 1;
    }
    k
}

fn group_at(toks: &[Tok], i: usize) -> Option<Group> {
    let first = phrase_at(toks, i)?;
    let mut g = Group {
        count: first.count,
        weak: first.weak,
        start: i,
        num_end: first.next,
        end: skip_nouns(toks, first.next),
    };
    loop {
        let mut k = g.end;
        let joins = |t: Option<&Tok>| t.is_some_and(|t| t.is("and") || *t == Tok::Punct(','));
        if !joins(toks.get(k)) {
            break;
        }
        k += 1;
        if toks.get(k).is_some_and(|t| t.is("and")) {
            k += 1;
        }
        while toks
            .get(k)
            .and_then(Tok::word)
            .is_some_and(|w| DETERMINERS.contains(&w))
        {
            k += 1;
        }
        let Some(next) = phrase_at(toks, k) else {
            break;
        };
        let subset = toks.get(next.next).is_some_and(|t| t.is("of"))
            && toks
                .get(next.next + 1)
                .is_some_and(|t| t.is("whom") || t.is("them") || t.is("which"));
        if subset {
            break;
        }
        g.count = g.count.plus(next.count);
        g.weak &= next.weak;
        g.num_end = next.next;
        g.end = skip_nouns(toks, next.next);
    }
    Some(g)
}

/// The field a group speaks for and how far its casualty word is; `None`
/// when it has none, or is a part of another group.
fn belongs(toks: &[Tok], g: &Group) -> Option<(Casualty, usize, bool)> {
    const REACH: usize = 8;
    let mut before = None;
    let mut k = g.start;
    while k > 0 && g.start - k < REACH {
        k -= 1;
        let t = &toks[k];
        if breaks_clause(t) {
            break;
        }
        if t.is("including") || t.is("among") {
            return None;
        }
        if let Some(c) = t.word().and_then(stated) {
            before = Some((c, g.start - k));
            break;
        }
    }
    let mut after = None;
    let mut aux = false;
    for (k, t) in toks.iter().enumerate().skip(g.end).take(4) {
        if breaks_clause(t) {
            break;
        }
        if let Some(c) = t.word().and_then(stated) {
            // Subject of a passive, or a headline's "three killed".
            if aux || k == g.num_end {
                after = Some((c, k - g.num_end + 1));
            }
            break;
        }
        match t.word() {
            Some(w) if AUX.contains(&w) => aux = true,
            Some(
                "also" | "later" | "all" | "reportedly" | "both" | "seriously" | "slightly"
                | "critically",
            ) => {}
            _ => break,
        }
    }
    match (before, after) {
        (Some(b), Some(a)) if a.1 < b.1 => Some((a.0, a.1, true)),
        (Some(b), _) => Some((b.0, b.1, false)),
        (None, Some(a)) => Some((a.0, a.1, true)),
        (None, None) => None,
    }
}

/// Negations in the text and the fields they speak for.
fn negations(toks: &[Tok]) -> Vec<(Speaks, usize)> {
    const SAY_NOTHING: &[&str] = &[
        "reports",
        "report",
        "word",
        "information",
        "figures",
        "figure",
        "details",
        "news",
        "confirmation",
        "toll",
        "number",
        "numbers",
        "indication",
        "immediate",
        "official",
    ];
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(w) = t.word() else { continue };
        let (from, reach, nouns_only) = match w {
            "nobody" | "none" | "no-one" => (i + 1, 6, false),
            "no" if toks.get(i + 1).is_some_and(|t| t.is("one")) => (i + 2, 6, false),
            "no" | "without" | "zero" => (i + 1, 4, true),
            _ => continue,
        };
        for k in from..(from + reach).min(toks.len()) {
            let t = &toks[k];
            if breaks_clause(t) || matches!(t, Tok::Punct(',')) {
                break;
            }
            let Some(word) = t.word() else { break };
            if SAY_NOTHING.contains(&word) {
                break;
            }
            if let Some(speaks) = keyword(word) {
                let says_nothing_after = toks
                    .get(k + 1)
                    .and_then(Tok::word)
                    .is_some_and(|w| SAY_NOTHING.contains(&w));
                if !says_nothing_after {
                    out.push((speaks, i));
                }
                break;
            }
            // "no soldiers were hurt": nouns, then a verb.
            if nouns_only && k > from + 2 && !AUX.contains(&word) {
                break;
            }
        }
    }
    out
}

/// Reads the count `text` gives for `field`, if it gives one.
pub fn read(text: &str, field: Casualty) -> Option<Reading> {
    let toks = tokenize(text);
    let mut best: Option<((bool, usize, bool), Group)> = None;
    let mut i = 0;
    while i < toks.len() {
        // "no one" is a negation, not a one.
        let negated = i > 0 && toks[i - 1].is("no");
        let group = if negated { None } else { group_at(&toks, i) };
        let Some(g) = group else {
            i += 1;
            continue;
        };
        if let Some((c, distance, after)) = belongs(&toks, &g) {
            let key = (g.weak, distance, after);
            if c == field && best.as_ref().is_none_or(|(k, _)| key < *k) {
                best = Some((key, g.clone()));
            }
        }
        i = g.num_end.max(i + 1);
    }
    if let Some((_, g)) = best {
        let phrase = toks[g.start..g.end]
            .iter()
            .map(Tok::text)
            .collect::<Vec<_>>()
            .join(" ");
        return Some(Reading {
            count: g.count,
            phrase,
        });
    }
    negations(&toks)
        .into_iter()
        .find(|(speaks, _)| matches!(speaks, Speaks::Both) || *speaks == Speaks::One(field))
        .map(|(_, at)| Reading {
            count: Count::exact(0),
            phrase: toks[at..(at + 4).min(toks.len())]
                .iter()
                .map(Tok::text)
                .collect::<Vec<_>>()
                .join(" "),
        })
}
