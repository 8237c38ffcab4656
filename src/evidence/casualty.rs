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

use std::ops::Range;

use super::fold::Folded;
use super::numbers::{phrase_at, tokenize, tokenize_chars, Count, Phrase, Tok};
use crate::dataset::Field;

/// One of the two casualty counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casualty {
    Killed,
    Wounded,
}

impl Casualty {
    /// The casualty count a field is, if it is one: the word lists below
    /// know what killed and wounded mean.
    pub fn of(field: Field) -> Option<Casualty> {
        match field {
            Field::Killed => Some(Casualty::Killed),
            Field::Wounded => Some(Casualty::Wounded),
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

/// Words that end the nouns after a count: a place or a time follows
/// ("10 on Saturday morning, a PMF official said" counts ten, not eleven).
const PLACE_OR_TIME: &[&str] = &[
    "in",
    "at",
    "on",
    "near",
    "from",
    "into",
    "during",
    "outside",
    "inside",
    "late",
    "early",
    "yesterday",
    "today",
];

fn skip_nouns(toks: &[Tok], mut k: usize) -> usize {
    let limit = k + MAX_NOUNS;
    while k < limit
        && toks.get(k).is_some_and(|t| {
            !breaks_nouns(t)
                && !matches!(t, Tok::Punct(','))
                && !t.word().is_some_and(|w| PLACE_OR_TIME.contains(&w))
        })
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
        let possessive = toks
            .get(k)
            .and_then(Tok::word)
            .is_some_and(|w| matches!(w, "his" | "her" | "their"));
        while toks
            .get(k)
            .and_then(Tok::word)
            .is_some_and(|w| DETERMINERS.contains(&w))
        {
            k += 1;
        }
        let Some(next) = phrase_at(toks, k).or_else(|| {
            // "a commander and his driver": one more person.
            let noun = toks.get(k).and_then(Tok::word)?;
            let one = possessive && !noun.ends_with('s') && keyword(noun).is_none();
            one.then_some(Phrase {
                count: Count::exact(1),
                next: k,
                weak: true,
            })
        }) else {
            break;
        };
        let subset = toks.get(next.next).is_some_and(|t| t.is("of"))
            && toks
                .get(next.next + 1)
                .is_some_and(|t| t.is("whom") || t.is("them") || t.is("which"));
        // "wounding three soldiers, an army officer said": the one who
        // speaks is not one more.
        let speaker = next.weak
            && toks
                .iter()
                .skip(next.next)
                .take(4)
                .filter_map(Tok::word)
                .any(|w| SPEECH.contains(&w));
        if subset || speaker {
            break;
        }
        g.count = g.count.plus(next.count);
        g.weak &= next.weak;
        g.num_end = next.next;
        g.end = skip_nouns(toks, next.next);
    }
    Some(g)
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "added",
    "stated",
    "confirmed",
    "explained",
    "noted",
    "announced",
];

/// The field a group speaks for and how far its casualty word is; `None`
/// when it has none, or is a part of another group.
fn belongs(toks: &[Tok], g: &Group) -> Option<(Casualty, usize, bool, usize)> {
    const REACH: usize = 8;
    // "two of the wounded are in critical condition": a part of a toll
    // given elsewhere, not a toll.
    if toks.get(g.num_end).is_some_and(|t| t.is("of"))
        && toks
            .get(g.num_end + 1)
            .is_some_and(|t| t.is("the") || t.is("those"))
        && toks
            .get(g.num_end + 2)
            .and_then(Tok::word)
            .is_some_and(|w| keyword(w).is_some())
    {
        return None;
    }
    let mut before = None;
    let mut k = g.start;
    while k > 0 && g.start - k < REACH {
        k -= 1;
        let t = &toks[k];
        // "those killed were a …", "their bodies were found two days
        // later": a verb between the word and the count parts them.
        if breaks_clause(t) || t.word().is_some_and(|w| AUX.contains(&w)) {
            break;
        }
        if t.is("including") || t.is("among") {
            return None;
        }
        if let Some(c) = t.word().and_then(stated) {
            before = Some((c, g.start - k, k));
            break;
        }
    }
    let mut after = None;
    let mut aux = false;
    // "At least 25 people, including the assailant, were killed": the
    // aside is skipped.
    let mut from = g.end;
    if toks.get(from) == Some(&Tok::Punct(','))
        && toks.get(from + 1).is_some_and(|t| t.is("including"))
    {
        if let Some(close) = toks[from + 1..]
            .iter()
            .take(8)
            .position(|t| *t == Tok::Punct(','))
        {
            from += close + 2;
        }
    }
    for (k, t) in toks.iter().enumerate().skip(from).take(4) {
        if breaks_clause(t) {
            break;
        }
        if let Some(c) = t.word().and_then(stated) {
            // Subject of a passive, or a headline's "three killed".
            if aux || k == g.num_end || k == g.end {
                after = Some((c, k - from + 1, k));
            }
            break;
        }
        match t.word() {
            Some(w) if AUX.contains(&w) => aux = true,
            // "four soldiers were left dead".
            Some("left") if aux => {}
            Some(
                "also" | "later" | "all" | "reportedly" | "both" | "seriously" | "slightly"
                | "critically",
            ) => {}
            _ => break,
        }
    }
    // "… were killed and three others wounded": after `and`, a count is
    // the subject of what follows it.
    let joined = g.start > 0 && toks[g.start - 1].is("and");
    match (before, after) {
        (Some(b), Some(a)) if a.1 < b.1 || joined && a.1 == b.1 => Some((a.0, a.1, true, a.2)),
        (Some(b), _) => Some((b.0, b.1, false, b.2)),
        (None, Some(a)) => Some((a.0, a.1, true, a.2)),
        (None, None) => None,
    }
}

/// Negations in the text and the fields they speak for.
fn negations(toks: &[Tok]) -> Vec<(Speaks, usize, usize)> {
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
                    out.push((speaks, i, k));
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
    read_tokens(&toks, field).map(|(reading, _)| reading)
}

/// [`read`], with the byte range of `text` the count was read from: the
/// count, the people it counts and the casualty word (`killing three
/// soldiers and two policemen`, `no casualties`), for evidence spans.
pub fn read_spanned(text: &str, field: Casualty) -> Option<(Reading, Range<usize>)> {
    let [killed, wounded] = read_both(text);
    match field {
        Casualty::Killed => killed,
        Casualty::Wounded => wounded,
    }
}

/// [`read_spanned`] for killed and wounded, the text read once.
pub fn read_both(text: &str) -> [Option<(Reading, Range<usize>)>; 2] {
    let folded = Folded::new(text);
    let chars = folded.chars();
    let (toks, spans): (Vec<Tok>, Vec<Range<usize>>) = tokenize_chars(&chars).into_iter().unzip();
    read_fields(&toks).map(|found| {
        let (reading, span) = found?;
        let first = spans.get(span.start)?.start;
        let last = spans.get(span.end.checked_sub(1)?)?.end;
        let bytes = folded.source_of_chars(first..last)?;
        Some((reading, bytes))
    })
}

/// Words that end the people a count counts, for its span.
const TRAILING: &[&str] = &[
    "in",
    "at",
    "on",
    "near",
    "of",
    "from",
    "to",
    "into",
    "during",
    "after",
    "with",
    "the",
    "outside",
    "inside",
    "late",
    "early",
    "last",
    "yesterday",
    "today",
];

/// The reading and the range of tokens it covers.
fn read_tokens(toks: &[Tok], field: Casualty) -> Option<(Reading, Range<usize>)> {
    let [killed, wounded] = read_fields(toks);
    match field {
        Casualty::Killed => killed,
        Casualty::Wounded => wounded,
    }
}

/// The readings of both fields, the count groups found once for both.
fn read_fields(toks: &[Tok]) -> [Option<(Reading, Range<usize>)>; 2] {
    type Best = Option<((bool, usize, bool), Group, usize)>;
    let mut best: [Best; 2] = [None, None];
    let slot = |c: Casualty| match c {
        Casualty::Killed => 0,
        Casualty::Wounded => 1,
    };
    let mut i = 0;
    while i < toks.len() {
        // "no one" is a negation, not a one.
        let negated = i > 0 && toks[i - 1].is("no");
        let group = if negated { None } else { group_at(toks, i) };
        let Some(g) = group else {
            i += 1;
            continue;
        };
        if let Some((c, distance, after, word)) = belongs(toks, &g) {
            let key = (g.weak, distance, after);
            let b = &mut best[slot(c)];
            if b.as_ref().is_none_or(|(k, _, _)| key < *k) {
                *b = Some((key, g.clone(), word));
            }
        }
        i = g.num_end.max(i + 1);
    }
    let negations = negations(toks);
    [Casualty::Killed, Casualty::Wounded].map(|field| {
        let mut best = best[slot(field)].take();
        let negated = negations
            .iter()
            .find(|(speaks, _, _)| matches!(speaks, Speaks::Both) || *speaks == Speaks::One(field));
        // "No one was killed in the attack, which damaged a hangar": a
        // bare `a` far from its word does not outweigh a negation.
        if best.as_ref().is_some_and(|(_, g, _)| g.weak) && negated.is_some() {
            best = None;
        }
        if let Some((_, g, word)) = best {
            let phrase = toks[g.start..g.end]
                .iter()
                .map(Tok::text)
                .collect::<Vec<_>>()
                .join(" ");
            // The people counted, without the place or time after them
            // ("two policemen in the town of …"), nor a number that starts
            // a count of its own (which would read as this one).
            let nouns_end = (g.num_end..g.end)
                .find(|&k| {
                    toks[k].word().is_some_and(|w| TRAILING.contains(&w))
                        || group_at(toks, k).is_some()
                })
                .unwrap_or(g.end);
            let span = g.start.min(word)..nouns_end.max(word + 1);
            return Some((
                Reading {
                    count: g.count,
                    phrase,
                },
                span,
            ));
        }
        negated.map(|&(_, at, word)| {
            (
                Reading {
                    count: Count::exact(0),
                    phrase: toks[at..(at + 4).min(toks.len())]
                        .iter()
                        .map(Tok::text)
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                at..word + 1,
            )
        })
    })
}

#[cfg(test)]
#[path = "casualty_tests.rs"]
mod spanned_tests;
