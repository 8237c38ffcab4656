//! What matching needs of each incident, worked out once: its period in
//! days, its province (the block it is compared within), district and
//! location, coordinates, the taxonomy classes of its event type and
//! actors, its counts and documents. Values repeat across a dataset
//! (a million incidents name a few hundred places and types), so each
//! distinct value is looked up once.

use std::collections::HashMap;

use foldhash::fast::RandomState;
use serde::Deserialize;

use super::taxonomy::{normalise, Class, Scheme, Taxonomy};
use crate::dataset::{Incident, PartialDate};
use crate::evidence::gazetteer::{key, Gazetteers};

/// No value (an id none is given).
pub(super) const NONE: u32 = u32::MAX;

/// How precisely an incident is dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Precision {
    Day,
    Month,
    Year,
}

/// A value of a field the taxonomy classifies: its class and its text
/// (normalised, interned), which decides when the taxonomy knows neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Coded {
    pub class: Class,
    pub text: u32,
}

impl Coded {
    pub const ABSENT: Coded = Coded {
        class: Class::EMPTY,
        text: NONE,
    };
}

#[derive(Debug, Clone)]
pub(super) struct Profile {
    /// First and last day of the period the date covers (days since
    /// 1970-01-01); `None` when the incident has no date that parses.
    pub days: Option<(i32, i32)>,
    pub precision: Precision,
    /// The canonical province, interned.
    pub block: u32,
    pub district: u32,
    pub location: u32,
    /// Latitude and longitude in degrees.
    pub coords: Option<(f64, f64)>,
    pub event: Coded,
    /// Perpetrator and target.
    pub actors: [Coded; 2],
    pub killed: Option<u64>,
    pub wounded: Option<u64>,
    /// The documents cited: a range of [`Profiles::docs`].
    pub docs: (u32, u32),
}

/// A district name as written, looked up once.
#[derive(Debug, Clone)]
pub(super) struct District {
    /// The gazetteer's district, interned, when it knows the name.
    pub known: Option<u32>,
    /// The gazetteer's province of that district.
    pub province: Option<String>,
    /// The name's words (as [`place_words`] gives them).
    pub words: Words,
}

/// Every incident's profile, and the tables their ids point into.
#[derive(Debug, Default)]
pub(super) struct Profiles {
    pub list: Vec<Profile>,
    pub districts: Vec<District>,
    /// Each distinct location's significant words.
    pub locations: Vec<Words>,
    pub docs: Vec<u32>,
}

/// Words that say what kind of place a location is, not which one: two
/// reports of one place share its name, not "road" or "market".
const GENERIC_PLACE_WORDS: &[&str] = &[
    "a",
    "al",
    "an",
    "and",
    "area",
    "at",
    "base",
    "between",
    "bridge",
    "camp",
    "center",
    "centre",
    "checkpoint",
    "city",
    "district",
    "east",
    "eastern",
    "el",
    "entrance",
    "farm",
    "farms",
    "fields",
    "from",
    "governorate",
    "highway",
    "house",
    "in",
    "junction",
    "km",
    "main",
    "market",
    "miles",
    "mosque",
    "mountains",
    "near",
    "neighborhood",
    "neighbourhood",
    "north",
    "northern",
    "of",
    "on",
    "orchard",
    "orchards",
    "outpost",
    "outside",
    "post",
    "province",
    "qadha",
    "road",
    "school",
    "south",
    "southern",
    "station",
    "street",
    "subdistrict",
    "the",
    "to",
    "town",
    "village",
    "west",
    "western",
];

/// The words of a place name that tell one place from another: folded,
/// split at anything not a letter or digit, generic words and numbers
/// left out, sorted and without repeats. Held as one string, words
/// apart by spaces: a million locations are a million allocations, not
/// several million.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Words(Box<str>);

impl Words {
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        self.0.split(' ').filter(|w| !w.is_empty())
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub(super) fn place_words(text: &str) -> Words {
    let normal = normalise(text);
    let mut words: Vec<&str> = normal
        .split(' ')
        .filter(|w| {
            !w.is_empty()
                && !w.bytes().all(|c| c.is_ascii_digit())
                && !GENERIC_PLACE_WORDS.contains(w)
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    Words(words.join(" ").into_boxed_str())
}

/// Days since 1970-01-01 of a calendar date (the proleptic Gregorian
/// calendar; Howard Hinnant's `days_from_civil`).
pub(super) fn day_number(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::try_from(month).unwrap_or(1);
    let d = i32::try_from(day).unwrap_or(1);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first and last day a date covers, and how precise it is.
pub(super) fn period(date: PartialDate) -> ((i32, i32), Precision) {
    let year = i32::from(date.year);
    match (date.month, date.day) {
        (Some(m), Some(d)) => {
            let n = day_number(year, u32::from(m), u32::from(d));
            ((n, n), Precision::Day)
        }
        (Some(m), None) => {
            let first = day_number(year, u32::from(m), 1);
            let next = if m == 12 {
                day_number(year + 1, 1, 1)
            } else {
                day_number(year, u32::from(m) + 1, 1)
            };
            ((first, next - 1), Precision::Month)
        }
        _ => (
            (day_number(year, 1, 1), day_number(year + 1, 1, 1) - 1),
            Precision::Year,
        ),
    }
}

/// The coordinates and ACLED's sub-event type, from a record's extra
/// fields (an export's `latitude` and `longitude` columns are kept there,
/// as text).
#[derive(Debug, Default, Deserialize)]
struct ExtraFields {
    latitude: Option<serde_json::Value>,
    longitude: Option<serde_json::Value>,
    sub_event_type: Option<String>,
}

fn degrees(value: Option<&serde_json::Value>, limit: f64) -> Option<f64> {
    let x = match value? {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (x.is_finite() && x.abs() <= limit).then_some(x)
}

fn extra_fields(incident: &Incident) -> ExtraFields {
    let json = incident.extra.json();
    if incident.extra.is_empty()
        || !(json.contains("\"latitude\"") || json.contains("\"sub_event_type\""))
    {
        return ExtraFields::default();
    }
    serde_json::from_str(json).unwrap_or_default()
}

/// Distinct values of one field and what each was found to be.
struct Lookup<'a, T> {
    seen: HashMap<&'a str, T, RandomState>,
}

impl<'a, T: Clone> Lookup<'a, T> {
    fn new() -> Self {
        Lookup {
            seen: HashMap::default(),
        }
    }

    fn get(&mut self, value: &'a str, work: impl FnOnce(&'a str) -> T) -> T {
        if let Some(found) = self.seen.get(value) {
            return found.clone();
        }
        let found = work(value);
        self.seen.insert(value, found.clone());
        found
    }
}

/// Gives each distinct string a number.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32, RandomState>,
}

impl Interner {
    fn id(&mut self, value: String) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(NONE - 1);
        *self.ids.entry(value).or_insert(next)
    }
}

fn coded(scheme: &Scheme, texts: &mut Interner, value: &str) -> Coded {
    Coded {
        class: scheme.classify(value),
        text: texts.id(normalise(value)),
    }
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// Profiles of `incidents`, their places through `gaz` and their types
/// and actors through `taxonomy`.
pub(super) fn profiles(incidents: &[Incident], gaz: &Gazetteers, taxonomy: &Taxonomy) -> Profiles {
    let mut out = Profiles {
        list: Vec::with_capacity(incidents.len()),
        ..Profiles::default()
    };
    let mut provinces = Interner::default();
    let mut known_districts = Interner::default();
    let mut texts = Interner::default();
    let mut canonical_of: Lookup<u32> = Lookup::new();
    let mut province_of: Lookup<u32> = Lookup::new();
    let mut district_of: Lookup<u32> = Lookup::new();
    let mut location_of: Lookup<u32> = Lookup::new();
    let mut event_of: Lookup<Coded> = Lookup::new();
    let mut actor_of: Lookup<Coded> = Lookup::new();
    for incident in incidents {
        let district = match non_blank(incident.district.as_deref()) {
            None => NONE,
            Some(d) => district_of.get(d, |d| {
                let found = gaz.district(d);
                out.districts.push(District {
                    known: found.map(|(p, dist)| {
                        known_districts.id(format!("{}\u{1f}{}", p.name, dist.name))
                    }),
                    province: found.map(|(p, _)| p.name.clone()),
                    words: place_words(d),
                });
                u32::try_from(out.districts.len() - 1).unwrap_or(NONE)
            }),
        };
        let block = match (
            incident.province_canonical.as_deref(),
            non_blank(incident.province.as_deref()),
        ) {
            (Some(p), _) => canonical_of.get(p, |p| provinces.id(p.to_string())),
            (None, Some(p)) => province_of.get(p, |p| {
                let name = gaz.province(p).map_or_else(|| key(p), |q| q.name.clone());
                if name.is_empty() {
                    NONE
                } else {
                    provinces.id(name)
                }
            }),
            // A district the gazetteers know says the province.
            (None, None) => match out.districts.get(district as usize) {
                Some(District {
                    province: Some(p), ..
                }) => provinces.id(p.clone()),
                _ => NONE,
            },
        };
        let location = match non_blank(incident.location.as_deref()) {
            None => NONE,
            Some(l) => location_of.get(l, |l| {
                out.locations.push(place_words(l));
                u32::try_from(out.locations.len() - 1).unwrap_or(NONE)
            }),
        };
        let extra = extra_fields(incident);
        let mut event = match non_blank(incident.event_type.as_deref()) {
            Some(t) => event_of.get(t, |t| coded(&taxonomy.event_types, &mut texts, t)),
            None => Coded::ABSENT,
        };
        // ACLED's event type is a broad class; its sub-event type says more.
        if let Some(sub) = non_blank(extra.sub_event_type.as_deref()) {
            let finer = coded(&taxonomy.event_types, &mut texts, sub);
            if finer.class.specificity() < event.class.specificity() {
                event = finer;
            }
        }
        let actors =
            [incident.perpetrator.as_deref(), incident.target.as_deref()].map(
                |a| match non_blank(a) {
                    Some(a) => actor_of.get(a, |a| coded(&taxonomy.actors, &mut texts, a)),
                    None => Coded::ABSENT,
                },
            );
        let first_doc = u32::try_from(out.docs.len()).unwrap_or(NONE);
        let at = out.docs.len();
        out.docs.extend(
            incident
                .sources
                .iter()
                .filter_map(|s| s.document)
                .filter_map(|d| u32::try_from(d).ok()),
        );
        out.docs[at..].sort_unstable();
        let (days, precision) = match incident.date_parsed {
            Some(d) => {
                let (days, precision) = period(d);
                (Some(days), precision)
            }
            None => (None, Precision::Day),
        };
        let coords =
            degrees(extra.latitude.as_ref(), 90.0).zip(degrees(extra.longitude.as_ref(), 180.0));
        out.list.push(Profile {
            days,
            precision,
            block,
            district,
            location,
            coords,
            event,
            actors,
            killed: incident.killed,
            wounded: incident.wounded,
            docs: (first_doc, u32::try_from(out.docs.len()).unwrap_or(NONE)),
        });
    }
    out
}
