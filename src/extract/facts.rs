//! What one sentence says: its tolls, dates, places, actors, targets and
//! event words, each with the bytes it was read from, and the cues that
//! tell how it relates to the sentences around it.

use std::ops::Range;

use super::dates::{find_dates, FoundDate};
use super::lexicon::{Hit, Kind, Matcher};
use super::places::{is_reference, place_phrase, PlacePhrase};
use crate::dataset::PartialDate;
use crate::evidence::casualty::read_both;
use crate::evidence::Count;

/// A toll and the bytes (of the article) it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toll {
    pub count: Count,
    pub bytes: Range<usize>,
    /// The sentence says the toll rose (`the death toll rose to 9`).
    pub updated: bool,
}

/// A gazetteer name in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub province: u16,
    pub district: Option<u16>,
    pub bytes: Range<usize>,
    /// Only a reference point (`north of Baghdad`), or the dateline.
    pub reference: bool,
    /// Where the story was filed (`KIRKUK, Iraq —`).
    pub dateline: bool,
}

/// Everything the rules read from one sentence. Byte ranges are of the
/// whole article.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub bytes: Range<usize>,
    pub killed: Option<Toll>,
    pub wounded: Option<Toll>,
    pub dates: Vec<FoundDate>,
    pub places: Vec<Place>,
    pub phrase: Option<PlacePhrase>,
    pub actors: Vec<(u16, Range<usize>)>,
    pub targets: Vec<(u16, Range<usize>)>,
    pub types: Vec<(u16, Range<usize>)>,
    /// An attack word (`attacked`, `exploded`, `killing`).
    pub attack: bool,
    /// An attack verb in the past (`exploded`, `opened fire`): an event
    /// that happened, not a noun that could name any attack.
    pub attack_verb: bool,
    pub new_incident: bool,
    pub summary: bool,
    pub not_attack: bool,
    pub not_attack_weak: bool,
}

impl Facts {
    pub fn has_toll(&self) -> bool {
        self.killed.is_some() || self.wounded.is_some()
    }

    /// A toll of more than nobody.
    pub fn has_victims(&self) -> bool {
        [&self.killed, &self.wounded]
            .iter()
            .any(|t| t.as_ref().is_some_and(|t| t.count.high != Some(0)))
    }

    /// Whether the sentence reports no attack at all (a victory, a
    /// sentence passed, a rescue without casualties).
    pub fn vetoed(&self) -> bool {
        self.not_attack || self.not_attack_weak && !self.has_victims()
    }
}

const VERBS: &[&str] = &[
    "went off",
    "blew up",
    "opened fire",
    "open fire",
    "shot",
    "shot dead",
    "struck",
    "hit",
    "fell",
    "stormed",
    "kill",
    "kills",
    "killing",
    "wounding",
    "injuring",
    "launched",
];

fn is_verb(word: &str) -> bool {
    let w = word.to_lowercase();
    w.ends_with("ed") || VERBS.contains(&w.as_str())
}

const UPDATE_WORDS: &[&str] = &[
    "rose to",
    "risen to",
    "climbed to",
    "increased to",
    "reached",
];

/// Reads the facts of sentence `bytes` of `text`, given the article's
/// hits (sorted by start).
pub fn read(
    text: &str,
    bytes: Range<usize>,
    hits: &[Hit],
    matcher: &Matcher,
    published: Option<&PartialDate>,
) -> Facts {
    let sentence = &text[bytes.clone()];
    let base = bytes.start;
    let mut f = Facts {
        bytes: bytes.clone(),
        ..Facts::default()
    };
    let from = hits.partition_point(|h| h.bytes.start < bytes.start);
    for h in hits[from..].iter().take_while(|h| h.bytes.end <= bytes.end) {
        let r = h.bytes.clone();
        match h.kind {
            Kind::EventType(i) => f.types.push((i, r)),
            Kind::Attack => {
                f.attack = true;
                f.attack_verb |= is_verb(&text[r]);
            }
            Kind::Actor(i) => f.actors.push((i, r)),
            Kind::Target(i) => f.targets.push((i, r)),
            Kind::NotAttack => f.not_attack = true,
            Kind::NotAttackWeak => f.not_attack_weak = true,
            Kind::NewIncident => f.new_incident = true,
            Kind::Summary => f.summary = true,
            Kind::Boilerplate => {}
            Kind::Province(p) | Kind::District(p, _) => {
                let district = match h.kind {
                    Kind::District(_, d) => Some(d),
                    _ => None,
                };
                let local = r.start - base..r.end - base;
                let dateline = is_dateline(text, &r);
                f.places.push(Place {
                    province: p,
                    district,
                    reference: dateline || is_reference(sentence, &local),
                    dateline,
                    bytes: r,
                });
            }
        }
    }
    let lower = sentence.to_lowercase();
    let mentions_casualties = f.attack
        || [
            "casualt",
            "dead",
            "death",
            "died",
            "hurt",
            "injur",
            "wound",
            "kill",
            "bodies",
            "lives",
            "fatal",
            "slain",
            "murder",
            "martyr",
            "execut",
            "behead",
            "assassinat",
            "perish",
        ]
        .iter()
        .any(|w| lower.contains(w));
    if mentions_casualties {
        let updated = UPDATE_WORDS.iter().any(|w| lower.contains(w));
        // "6 IS militants were killed": the group's name is not the verb
        // `is` (same length, so every offset holds).
        let mut plain = sentence.to_string();
        for (_, r) in &f.actors {
            if &text[r.clone()] == "IS" {
                plain.replace_range(r.start - base..r.end - base, "I5");
            }
        }
        let [killed, wounded] = read_both(&plain).map(|t| {
            t.map(|(reading, r)| Toll {
                count: reading.count,
                bytes: r.start + base..r.end + base,
                updated,
            })
        });
        f.killed = killed;
        f.wounded = wounded;
    }
    if is_statistic(&lower, &f) {
        f.not_attack = true;
    }
    // Dates and the place phrase are read only where the rules use them:
    // in a sentence that may report an attack or a toll, or sums attacks
    // up. Most of a long article is none of these.
    if !(f.attack || f.has_toll() || !f.types.is_empty() || f.summary) {
        return f;
    }
    f.dates = find_dates(sentence, published)
        .into_iter()
        .filter(|d| !reported_on(sentence, d.bytes.start))
        .map(|d| FoundDate {
            bytes: d.bytes.start + base..d.bytes.end + base,
            ..d
        })
        .collect();
    let provinces = |name: &str| matcher.is_province(name);
    f.phrase = place_phrase(sentence, &provinces).map(|p| PlacePhrase {
        bytes: p.bytes.start + base..p.bytes.end + base,
        ..p
    });
    // A place phrase that is a district is that district.
    if let Some(p) = &f.phrase {
        if !f.places.iter().any(|pl| overlaps(&pl.bytes, &p.bytes)) {
            if let Some((d, prov)) = matcher.district_named(&p.name) {
                f.places.push(Place {
                    province: prov,
                    district: Some(d),
                    bytes: p.bytes.clone(),
                    reference: false,
                    dateline: false,
                });
            }
        }
    }
    f
}

/// Whether the date at `at` is when something was said (`police said on
/// Thursday`, `told AFP Friday`), not when it happened.
fn reported_on(sentence: &str, at: usize) -> bool {
    const SAID: &[&str] = &[
        "said",
        "says",
        "told",
        "reported",
        "announced",
        "added",
        "stated",
        "confirmed",
        "statement",
    ];
    let before: Vec<String> = sentence[..at]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(str::to_lowercase)
        .collect();
    let skip = before
        .iter()
        .take_while(|w| {
            matches!(
                w.as_str(),
                "on" | "late" | "early" | "this" | "afp" | "reuters" | "ap" | "xinhua"
            )
        })
        .count();
    before.get(skip).is_some_and(|w| SAID.contains(&w.as_str()))
}

/// A statistic, not an attack: a toll counted `since 2014`, or one as
/// vague and large as `thousands of people`.
fn is_statistic(lower: &str, f: &Facts) -> bool {
    let since_year = lower.match_indices("since ").any(|(at, m)| {
        let rest = &lower[at + m.len()..];
        rest.chars().take(4).filter(char::is_ascii_digit).count() == 4
    });
    let vague_and_large = [&f.killed, &f.wounded].iter().any(|t| {
        t.as_ref()
            .is_some_and(|t| t.count.low >= 200 && t.count.high != Some(t.count.low))
    });
    since_year && f.has_toll() || vague_and_large
}

/// Whether a place name is a dateline (`ERBIL (Kurdistan 24) –`,
/// `KIRKUK, Iraq —`): where the story was filed, not where it happened.
fn is_dateline(text: &str, r: &Range<usize>) -> bool {
    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..r.start];
    let name = &text[r.clone()];
    let capitals = name.chars().any(char::is_uppercase) && !name.chars().any(char::is_lowercase);
    let after = text[r.end..].trim_start();
    before.trim().is_empty()
        && (after.starts_with('(')
            || capitals && after.starts_with([',', '—', '–', '-', ':'])
            || after.starts_with(['—', '–']))
}

pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
