//! Whether two incidents may be one event, and how alike they are: the
//! criteria that rule a pair out (dates apart, places apart, types or
//! actors the taxonomy tells apart, one document with two tolls) and a
//! score from 0 to 1 over date, place, type, actors and counts.

use serde::Serialize;

use super::profile::{Coded, Precision, Profile, Profiles, Words, NONE};
use super::taxonomy::{Scheme, Taxonomy};
use super::Options;

/// How well each criterion agrees, from 0 to 1 (0.5 where one side says
/// nothing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Parts {
    pub date: f32,
    pub place: f32,
    pub event_type: f32,
    pub actors: f32,
    pub counts: f32,
}

/// The weight of each part in the score (they add up to 1).
pub const WEIGHTS: Parts = Parts {
    date: 0.25,
    place: 0.25,
    event_type: 0.2,
    actors: 0.15,
    counts: 0.15,
};

/// What a criterion scores when one side has no value.
const NEUTRAL: f32 = 0.5;

impl Parts {
    /// The weighted sum.
    pub fn score(&self) -> f32 {
        WEIGHTS.date * self.date
            + WEIGHTS.place * self.place
            + WEIGHTS.event_type * self.event_type
            + WEIGHTS.actors * self.actors
            + WEIGHTS.counts * self.counts
    }
}

/// Edit distance of `a` and `b` when it is at most `limit` (bytes for
/// ASCII words, characters otherwise; no allocation for short words).
fn within_edits(a: &str, b: &str, limit: usize) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return within(a.as_bytes(), b.as_bytes(), limit);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within(&a, &b, limit)
}

fn within<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> bool {
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let mut stack = [0usize; 33];
    let mut heap = Vec::new();
    let row: &mut [usize] = if b.len() < stack.len() {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0);
        &mut heap
    };
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
            best = best.min(next);
        }
        if best > limit {
            return false;
        }
    }
    row[b.len()] <= limit
}

/// Two spellings of one name: equal, or (for words of four letters or
/// more) a letter or two apart, as transliterations are (`Hawija`,
/// `Hawijah`; `Mutaibija`, `Mutaibijah`).
pub(super) fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    n >= 4 && within_edits(a, b, if n >= 8 { 2 } else { 1 })
}

/// How many of `a`'s words have a spelling in `b`.
fn found_in(a: &Words, b: &Words) -> usize {
    a.iter()
        .filter(|w| b.iter().any(|v| same_word(w, v)))
        .count()
}

/// Whether every one of `a`'s words (there is one at least) has a
/// spelling in `b`.
fn all_found_in(a: &Words, b: &Words) -> bool {
    !a.is_empty() && found_in(a, b) == a.len()
}

/// The share of both lists' words that the other list has (symmetric).
pub(super) fn overlap(a: &Words, b: &Words) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    (found_in(a, b) + found_in(b, a)) as f32 / (a.len() + b.len()) as f32
}

/// Great-circle distance in km.
pub(super) fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la, lb) = (a.0.to_radians(), b.0.to_radians());
    let dlat = lb - la;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The date part, `None` when the periods (widened by the window) do not
/// meet.
fn date(a: &Profile, b: &Profile, days: u32) -> Option<f32> {
    let ((sa, ea), (sb, eb)) = (a.days?, b.days?);
    let gap = (sa.max(sb) - ea.min(eb)).max(0);
    let window = i32::try_from(days).unwrap_or(i32::MAX);
    if gap > window {
        return None;
    }
    // A partial date overlaps many days: it says less.
    let base = match a.precision.max(b.precision) {
        Precision::Day => 1.0,
        Precision::Month => 0.4,
        Precision::Year => 0.15,
    };
    Some(base * (1.0 - 0.3 * gap as f32 / window.max(1) as f32))
}

/// Where two incidents are, as far as the place part goes.
enum Place {
    /// Both carry coordinates, this close (the part's value).
    Near(f32),
    /// Named in one province: how well the districts agree.
    Named(f32),
}

/// The first half of the place part, `None` when the places are apart:
/// coordinates further than `km`, another province, or districts the
/// gazetteer (or their spelling) tells apart.
fn place(p: &Profiles, a: &Profile, b: &Profile, km: f64) -> Option<Place> {
    if let (Some(ca), Some(cb)) = (a.coords, b.coords) {
        let d = km_between(ca, cb);
        if d > km {
            return None;
        }
        return Some(Place::Near(if km > 0.0 {
            1.0 - 0.5 * (d / km) as f32
        } else {
            1.0
        }));
    }
    if a.block == NONE || a.block != b.block {
        return None;
    }
    let district = |x: &Profile| p.districts.get(x.district as usize);
    let location = |x: &Profile| p.locations.get(x.location as usize);
    Some(Place::Named(match (district(a), district(b)) {
        (Some(da), Some(db)) => match (da.known, db.known) {
            (Some(x), Some(y)) if x == y => 1.0,
            (Some(_), Some(_)) => return None,
            _ if all_found_in(&da.words, &db.words) || all_found_in(&db.words, &da.words) => 0.85,
            _ => return None,
        },
        // One names a district, the other perhaps in its location.
        (Some(d), None) | (None, Some(d)) => {
            let other = if a.district == NONE { a } else { b };
            match location(other) {
                Some(l) if all_found_in(&d.words, l) => 0.8,
                _ => NEUTRAL,
            }
        }
        (None, None) => NEUTRAL,
    }))
}

/// The place part of two incidents named in one province: the districts'
/// agreement and their locations' words, half each.
fn named_place(p: &Profiles, a: &Profile, b: &Profile, district_part: f32) -> f32 {
    let location = |x: &Profile| p.locations.get(x.location as usize);
    let location_part = match (location(a), location(b)) {
        (Some(la), Some(lb)) if !la.is_empty() && !lb.is_empty() => {
            let shared = overlap(la, lb);
            if shared == 0.0 {
                0.0
            } else {
                0.5 + 0.5 * shared
            }
        }
        _ => NEUTRAL,
    };
    0.5 * district_part + 0.5 * location_part
}

/// How two coded values agree: `Some(Some(x))` a similarity, `Some(None)`
/// nothing to go on, `None` values the taxonomy tells apart.
fn coded(scheme: &Scheme, a: Coded, b: Coded) -> Option<Option<f32>> {
    if a.text == NONE || b.text == NONE {
        return Some(None);
    }
    if !a.class.is_unknown() && !b.class.is_unknown() {
        return scheme.similarity(a.class, b.class).map(Some);
    }
    Some((a.text == b.text).then_some(1.0))
}

/// The event type part, `None` for types the taxonomy tells apart.
fn event_type(scheme: &Scheme, a: Coded, b: Coded) -> Option<f32> {
    if a.text == NONE || b.text == NONE {
        return Some(NEUTRAL);
    }
    match coded(scheme, a, b)? {
        Some(s) => Some(s),
        // Two types the taxonomy does not know, written differently.
        None if a.class.is_unknown() && b.class.is_unknown() => Some(0.3),
        // One it knows (UCDP's types say who fought, not how).
        None => Some(NEUTRAL),
    }
}

/// The actors part: perpetrator with perpetrator and target with target,
/// or crossed (ACLED's actor 1 and 2 and UCDP's sides have no direction),
/// whichever agrees better; `None` when both ways name actors the
/// taxonomy tells apart.
fn actors(scheme: &Scheme, a: &[Coded; 2], b: &[Coded; 2]) -> Option<f32> {
    let align = |pairs: [(Coded, Coded); 2]| -> Option<(usize, f32)> {
        let mut known = 0;
        let mut sum = 0.0;
        for (x, y) in pairs {
            if let Some(s) = coded(scheme, x, y)? {
                known += 1;
                sum += s;
            }
        }
        Some((known, sum))
    };
    let straight = align([(a[0], b[0]), (a[1], b[1])]);
    let crossed = align([(a[0], b[1]), (a[1], b[0])]);
    let mean = |(known, sum): (usize, f32)| {
        if known == 0 {
            NEUTRAL
        } else {
            sum / known as f32
        }
    };
    match (straight.map(mean), crossed.map(mean)) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

/// Counts close enough to be one report read two ways: within 1, or a
/// quarter of the larger.
pub(super) fn close(a: u64, b: u64) -> bool {
    let diff = a.abs_diff(b);
    diff <= 1 || diff.saturating_mul(4) <= a.max(b)
}

fn counts(a: &Profile, b: &Profile) -> f32 {
    let mut known = 0;
    let mut sum = 0.0;
    for (x, y) in [(a.killed, b.killed), (a.wounded, b.wounded)] {
        if let (Some(x), Some(y)) = (x, y) {
            known += 1;
            sum += if x == y {
                1.0
            } else if close(x, y) {
                0.6
            } else {
                0.0
            };
        }
    }
    if known == 0 {
        NEUTRAL
    } else {
        sum / known as f32
    }
}

/// Whether the two cite a document in common.
fn share_a_document(p: &Profiles, a: &Profile, b: &Profile) -> bool {
    let docs = |x: &Profile| &p.docs[x.docs.0 as usize..x.docs.1 as usize];
    let (da, db) = (docs(a), docs(b));
    da.iter().any(|d| db.binary_search(d).is_ok())
}

/// The parts of a candidate pair, `None` when a criterion rules it out.
pub(super) fn compare(
    p: &Profiles,
    a: usize,
    b: usize,
    options: &Options,
    taxonomy: &Taxonomy,
) -> Option<Parts> {
    let (x, y) = (&p.list[a], &p.list[b]);
    let date = date(x, y, options.days)?;
    let near = place(p, x, y, options.km)?;
    // One article reports two incidents unless it gives the same toll twice.
    if share_a_document(p, x, y)
        && !(x.killed.is_some() && x.killed == y.killed && x.wounded == y.wounded)
    {
        return None;
    }
    let event_type = event_type(&taxonomy.event_types, x.event, y.event)?;
    let actors = actors(&taxonomy.actors, &x.actors, &y.actors)?;
    // Words last: they cost the most to compare.
    let place = match near {
        Place::Near(part) => part,
        Place::Named(district) => named_place(p, x, y, district),
    };
    Some(Parts {
        date,
        place,
        event_type,
        actors,
        counts: counts(x, y),
    })
}
