//! The built-in rules: which sentences of an article report an attack,
//! which of them report the same one, and each draft's fields.
//!
//! A sentence reports an attack when it has an attack word and a toll
//! (`killing two soldiers`, `no casualties`), or an attack verb and a place.
//! Sentences that sum several attacks up (`in two separate attacks`, `twin
//! blasts`) are read for the article's date and actor only; one that
//! declares a victory, passes a sentence or gives a statistic is skipped.
//! A new sentence joins the draft it agrees with (same toll, place and
//! date, as a lead restates a headline), unless it opens with a cue for
//! another attack (`in a separate attack`, `last month`); a draft whose toll
//! is the sum of later drafts' is a summary and is dropped.

use std::ops::Range;

use super::dates::FoundDate;
use super::facts::{self, overlaps, Facts, Toll};
use super::lexicon::{Kind, Matcher};
use super::segment::{is_boilerplate, paragraphs, sentences, Repeats};
use crate::dataset::PartialDate;
use crate::evidence::Count;

/// Names the rules in each draft (`"extractor"`), so a comparison knows
/// which rules made it. Raise it when the rules change what they find.
pub const RULES_VERSION: &str = "incidents-rules/1";

/// How many of the latest drafts a sentence may restate.
const RECENT: usize = 8;

/// A value and the bytes of the article that support it.
#[derive(Debug, Clone, PartialEq)]
pub struct Valued<T> {
    pub value: T,
    pub spans: Vec<Range<usize>>,
}

impl<T> Valued<T> {
    fn new(value: T, span: Range<usize>) -> Valued<T> {
        Valued {
            value,
            spans: vec![span],
        }
    }
}

/// A draft incident. Spans are byte ranges of the article's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub date: Option<Valued<PartialDate>>,
    pub province: Option<Valued<String>>,
    pub district: Option<Valued<String>>,
    pub location: Option<Valued<String>>,
    pub perpetrator: Option<Valued<String>>,
    pub target: Option<Valued<String>>,
    pub event_type: Option<Valued<String>>,
    pub killed: Option<Valued<u64>>,
    pub wounded: Option<Valued<u64>>,
    /// From 0 to 1: how much of an incident the rules found.
    pub confidence: f64,
    /// The sentences it was read from, in order: why it is there.
    pub sentences: Vec<Range<usize>>,
}

/// A draft being built: the sentences that make it up.
#[derive(Debug, Default)]
struct Building {
    sentences: Vec<Facts>,
    killed: Option<Toll>,
    wounded: Option<Toll>,
    province: Option<u16>,
    location: Option<String>,
    date: Option<PartialDate>,
    /// Opened by a cue for an earlier attack: the article's date is not its date.
    background: bool,
}

fn tolls_agree(a: &Option<Toll>, b: &Option<Toll>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => counts_meet(a.count, b.count),
        _ => true,
    }
}

fn counts_meet(a: Count, b: Count) -> bool {
    let below = |x: Count, y: Count| x.high.is_some_and(|h| h < y.low);
    !below(a, b) && !below(b, a)
}

fn same_toll(a: &Option<Toll>, b: &Option<Toll>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if counts_meet(a.count, b.count))
}

fn first_place(f: &Facts) -> Option<u16> {
    f.places.iter().find(|p| !p.reference).map(|p| p.province)
}

fn first_date(f: &Facts) -> Option<&FoundDate> {
    // Years alone ("in 2017") are background, not the day of an attack.
    f.dates.iter().find(|d| d.date.month.is_some())
}

impl Building {
    fn start(f: Facts) -> Building {
        let mut b = Building {
            background: f.new_incident
                && f.dates.iter().any(|d| d.relative && d.date.day.is_none()),
            ..Building::default()
        };
        b.add(f);
        b
    }

    fn agrees(&self, f: &Facts) -> bool {
        tolls_agree(&self.killed, &f.killed)
            && tolls_agree(&self.wounded, &f.wounded)
            && match (self.province, first_place(f)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
            // A restatement may name the place more precisely.
            && (same_toll(&self.killed, &f.killed)
                || same_toll(&self.wounded, &f.wounded)
                || match (&self.location, &f.phrase) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(&b.name),
                    _ => true,
                })
            && match (&self.date, first_date(f)) {
                (Some(a), Some(b)) => *a == b.date,
                _ => true,
            }
    }

    fn add(&mut self, f: Facts) {
        for (mine, theirs) in [
            (&mut self.killed, &f.killed),
            (&mut self.wounded, &f.wounded),
        ] {
            match (mine.as_mut(), theirs) {
                (None, Some(t)) => *mine = Some(t.clone()),
                // An exact figure beats a bound; a later "rose to" beats both.
                (Some(m), Some(t)) if t.updated || exact(t.count) && !exact(m.count) => {
                    *m = t.clone();
                }
                _ => {}
            }
        }
        if self.province.is_none() {
            self.province = first_place(&f);
        }
        if self.location.is_none() {
            self.location = f.phrase.as_ref().map(|p| p.name.clone());
        }
        if self.date.is_none() {
            self.date = first_date(&f).map(|d| d.date);
        }
        self.sentences.push(f);
    }
}

/// "No one was killed in the attack" after "wounding two": a toll of
/// nobody for a field the draft does not have yet.
fn fills_with_zero(b: &Building, f: &Facts) -> bool {
    let zero_or_none = |t: &Option<Toll>, mine: &Option<Toll>| match t {
        None => true,
        Some(t) => t.count == Count::exact(0) && mine.is_none(),
    };
    f.has_toll() && zero_or_none(&f.killed, &b.killed) && zero_or_none(&f.wounded, &b.wounded)
}

fn exact(c: Count) -> bool {
    c.high == Some(c.low)
}

/// What the whole article says, for drafts whose own sentences do not.
#[derive(Default)]
struct ArticleDefaults {
    date: Option<FoundDate>,
    actor: Option<(u16, Range<usize>)>,
    /// The dateline's place (`KIRKUK, Iraq —`): for the first draft, when
    /// its own sentences name no place.
    dateline: Option<(u16, Range<usize>)>,
}

/// Whether an actor named in a sentence is whoever attacked: not one of
/// the victims (`killing three ISIS militants`), nor what was attacked.
fn attacking_actors<'a>(
    f: &'a Facts,
    text: &'a str,
) -> impl Iterator<Item = &'a (u16, Range<usize>)> {
    f.actors.iter().filter(move |(_, r)| {
        let in_toll = [&f.killed, &f.wounded]
            .iter()
            .any(|t| t.as_ref().is_some_and(|t| overlaps(&t.bytes, r)));
        let before = text[f.bytes.start..r.start].to_lowercase();
        let last = before.split_whitespace().next_back().unwrap_or("");
        // "the Iraqi air force's jets": an owner, not an attacker.
        let owner = text[r.end..].starts_with("'s") || text[r.end..].starts_with("’s");
        !in_toll && !owner && !matches!(last, "against" | "targeting" | "on" | "targeted")
    })
}

/// Reads one article (its text already cleaned) into draft incidents.
pub fn extract(text: &str, published: Option<&PartialDate>, matcher: &Matcher) -> Vec<Draft> {
    let hits = matcher.find(text);
    let mut repeats = Repeats::new();
    let mut built: Vec<Building> = Vec::new();
    let mut summaries: Vec<Facts> = Vec::new();
    let mut defaults = ArticleDefaults::default();
    let mut current: Option<usize> = None;
    // The sentence before, when it names an attack without a toll
    // ("clashes between the PMF and IS in Al-Dour."), for a toll that
    // follows it ("At least 12 fatalities.").
    let mut pending: Option<Facts> = None;
    for (pi, para) in paragraphs(text).into_iter().enumerate() {
        let from = hits.partition_point(|h| h.bytes.start < para.start);
        let cues: Vec<_> = hits[from..]
            .iter()
            .take_while(|h| h.bytes.end <= para.end)
            .filter(|h| h.kind == Kind::Boilerplate)
            .collect();
        let ptext = &text[para.clone()];
        let first_cue = cues
            .first()
            .map(|h| text[para.start..h.bytes.start].chars().count());
        if is_boilerplate(ptext, cues.len(), first_cue) || repeats.seen_before(ptext) {
            continue;
        }
        for s in sentences(text, para.clone()) {
            let f = facts::read(text, s, &hits, matcher, published);
            if f.vetoed() {
                continue;
            }
            // A headline restates the article's main attack, less
            // precisely: read only when the body reports none.
            if pi == 0 && is_headline(&text[f.bytes.clone()]) {
                if f.attack && f.has_toll() || f.summary {
                    remember_defaults(&mut defaults, &f, text, matcher, true);
                    summaries.push(f);
                }
                continue;
            }
            let event = f.attack && f.has_toll()
                || f.attack_verb && !f.places.is_empty() && !f.types.is_empty();
            if pi < 4 || built.is_empty() {
                remember_defaults(&mut defaults, &f, text, matcher, event);
            }
            if !event && current.is_none() && f.has_toll() && !f.new_incident {
                if let Some(p) = pending.take() {
                    let mut b = Building::start(p);
                    b.add(f);
                    built.push(b);
                    current = Some(built.len() - 1);
                    continue;
                }
            }
            pending =
                (!event && !f.has_toll() && (f.attack || !f.types.is_empty())).then(|| f.clone());
            if !event {
                // A toll alone ("The statement confirmed the two deaths")
                // restates the draft being read, or updates it.
                if f.has_toll() && !f.new_incident {
                    if let Some(b) = current.and_then(|i| built.get_mut(i)) {
                        if b.agrees(&f) || f.killed.as_ref().is_some_and(|t| t.updated) {
                            b.add(f);
                        }
                    }
                }
                continue;
            }
            if f.summary && !f.new_incident {
                summaries.push(f);
                continue;
            }
            // "The death toll rose to 9": the draft being read, updated.
            if f.killed.as_ref().is_some_and(|t| t.updated) && !f.new_incident {
                if let Some(b) = current.and_then(|i| built.get_mut(i)) {
                    b.add(f);
                    continue;
                }
            }
            let joins = if f.new_incident {
                None
            } else {
                // A restatement comes soon after what it restates: the
                // last few drafts are looked at, so a long text is read
                // in linear time.
                let recent = built.len().saturating_sub(RECENT)..built.len();
                let order = current.into_iter().chain(recent.rev());
                order.filter(|&i| built[i].agrees(&f)).find(|&i| {
                    !f.has_toll()
                        || same_toll(&built[i].killed, &f.killed)
                        || same_toll(&built[i].wounded, &f.wounded)
                        || built[i].killed.is_none() && built[i].wounded.is_none()
                        || fills_with_zero(&built[i], &f)
                })
            };
            match joins {
                Some(i) => {
                    built[i].add(f);
                    current = Some(i);
                }
                None if f.has_toll() || f.attack_verb => {
                    built.push(Building::start(f));
                    current = Some(built.len() - 1);
                }
                None => {}
            }
        }
    }
    drop_summaries(&mut built);
    if built.is_empty() {
        // Only a summary: it is the one incident the article reports.
        if let Some(f) = summaries.into_iter().next() {
            built.push(Building::start(f));
        }
    }
    let mut drafts: Vec<Draft> = built
        .iter()
        .map(|b| finish(b, text, matcher, &defaults))
        .collect();
    // A local wire's dateline is where its one story happened; with
    // several stories it says nothing about the later ones.
    if let (Some(first), Some((p, r))) = (drafts.first_mut(), &defaults.dateline) {
        if first.province.is_none() {
            first.province = Some(Valued::new(
                matcher.province_name(*p).to_string(),
                r.clone(),
            ));
        }
    }
    drafts
}

/// A first line without a full stop, short enough to be a title.
fn is_headline(line: &str) -> bool {
    let t = line.trim_end();
    t.chars().count() <= 200 && !t.ends_with(['.', '!', '?', '"', '”'])
}

fn remember_defaults(
    d: &mut ArticleDefaults,
    f: &Facts,
    text: &str,
    matcher: &Matcher,
    event: bool,
) {
    if d.dateline.is_none() {
        d.dateline = f
            .places
            .iter()
            .find(|p| p.dateline)
            .map(|p| (p.province, p.bytes.clone()));
    }
    if !event && !f.summary {
        return;
    }
    if d.date.is_none() && !f.new_incident {
        d.date = first_date(f).cloned();
    }
    if d.actor.is_none() {
        d.actor = attacking_actors(f, text)
            .find(|(i, _)| specific_actor(matcher, *i))
            .cloned();
    }
}

/// Whether an actor is a named one: `unknown` and `gunmen` are what the
/// text says when it names none.
fn specific_actor(matcher: &Matcher, i: u16) -> bool {
    !matches!(matcher.actor_name(i), "unknown" | "gunmen")
}

/// A draft whose toll is the sum of the two or more drafts right after it
/// (the lead's "killing five" before the two attacks that killed four and
/// one) is a summary of them.
fn drop_summaries(built: &mut Vec<Building>) {
    let killed: Vec<Option<Count>> = built
        .iter()
        .map(|b| b.killed.as_ref().map(|t| t.count))
        .collect();
    let keep: Vec<bool> = (0..built.len())
        .map(|i| {
            let Some(k) = killed[i].filter(|k| k.low > 0) else {
                return true;
            };
            let mut sum = 0u64;
            let mut parts = 0;
            for later in killed.iter().skip(i + 1).take(RECENT) {
                let Some(l) = later else { continue };
                sum = sum.saturating_add(l.low);
                parts += 1;
                if parts >= 2 && k.contains(sum) {
                    return false;
                }
            }
            true
        })
        .collect();
    let mut i = 0;
    built.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

fn finish(b: &Building, text: &str, matcher: &Matcher, defaults: &ArticleDefaults) -> Draft {
    let mut d = Draft {
        sentences: b.sentences.iter().map(|f| f.bytes.clone()).collect(),
        ..Draft::default()
    };
    let toll = |t: &Option<Toll>| {
        t.as_ref()
            .map(|t| Valued::new(t.count.low, t.bytes.clone()))
    };
    d.killed = toll(&b.killed);
    d.wounded = toll(&b.wounded);
    // Restatements of the same toll are evidence too.
    let restated = |toll: &Option<Toll>, of: fn(&Facts) -> &Option<Toll>| -> Vec<Range<usize>> {
        let Some(t) = toll else { return Vec::new() };
        b.sentences
            .iter()
            .filter_map(|f| of(f).as_ref())
            .filter(|m| m.count == t.count && m.bytes != t.bytes)
            .map(|m| m.bytes.clone())
            .collect()
    };
    if let Some(v) = d.killed.as_mut() {
        v.spans.extend(restated(&b.killed, |f| &f.killed));
    }
    if let Some(v) = d.wounded.as_mut() {
        v.spans.extend(restated(&b.wounded, |f| &f.wounded));
    }
    let all = || b.sentences.iter();
    // Date: the draft's own, else the article's (unless it is a background attack).
    d.date = all()
        .find_map(first_date)
        .or(if b.background {
            None
        } else {
            defaults.date.as_ref()
        })
        .map(|f| Valued::new(f.date, f.bytes.clone()));
    // Place: the first place that is not a reference point.
    if let Some(p) = all().flat_map(|f| f.places.iter()).find(|p| !p.reference) {
        let prov = p.province;
        d.province = Some(Valued::new(
            matcher.province_name(prov).to_string(),
            p.bytes.clone(),
        ));
        let district = all()
            .flat_map(|f| f.places.iter())
            .filter(|q| !q.reference && q.province == prov)
            .find_map(|q| q.district.map(|di| (di, q.bytes.clone())));
        if let Some((di, r)) = district {
            d.district = Some(Valued::new(matcher.district_name(di).to_string(), r));
        }
    }
    if let Some(p) = all().find_map(|f| f.phrase.as_ref()) {
        d.location = Some(Valued::new(p.name.clone(), p.bytes.clone()));
    }
    // Perpetrator: a named group in the draft's sentences, else the
    // article's, else what the draft's sentences call the attackers.
    let own: Vec<&(u16, Range<usize>)> = all().flat_map(|f| attacking_actors(f, text)).collect();
    let actor = own
        .iter()
        .find(|(i, _)| specific_actor(matcher, *i))
        .copied()
        .or(defaults.actor.as_ref())
        .or_else(|| own.iter().min_by_key(|(i, _)| *i).copied());
    if let Some((i, r)) = actor {
        d.perpetrator = Some(Valued::new(matcher.actor_name(*i).to_string(), r.clone()));
    }
    // Target: the victims of the first toll, else what was attacked.
    let first = b.sentences.first();
    let victims = first.and_then(|f| {
        let toll = f.killed.as_ref().or(f.wounded.as_ref())?;
        f.targets.iter().find(|(_, r)| overlaps(r, &toll.bytes))
    });
    let target = victims
        .or_else(|| {
            first.and_then(|f| {
                f.targets
                    .iter()
                    .find(|(_, r)| !actor.is_some_and(|a| overlaps(&a.1, r)))
            })
        })
        .or_else(|| all().flat_map(|f| f.targets.iter()).next());
    if let Some((i, r)) = target {
        d.target = Some(Valued::new(matcher.target_name(*i).to_string(), r.clone()));
    }
    // Event type: a weapon named anywhere in the draft (an airstrike, a
    // mortar, a bomb, a kidnapping), else the first sentence's word.
    const WEAPONS: u16 = 4;
    let weapon = all()
        .flat_map(|f| f.types.iter())
        .filter(|(i, _)| *i < WEAPONS)
        .min_by_key(|(i, _)| *i);
    let kind = weapon.or_else(|| first.and_then(|f| f.types.first()));
    if let Some((i, r)) = kind {
        d.event_type = Some(Valued::new(
            matcher.event_type_name(*i).to_string(),
            r.clone(),
        ));
    }
    let found = [
        d.killed.is_some() || d.wounded.is_some(),
        d.date.is_some(),
        d.province.is_some(),
        d.location.is_some(),
        d.perpetrator.is_some(),
        d.target.is_some(),
        d.event_type.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    d.confidence = ((0.25 + 0.1 * found as f64).min(0.95) * 100.0).round() / 100.0;
    d
}
