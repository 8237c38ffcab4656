//! A seeded generator of incidents with planted duplicates: distinct
//! events, some reported two or three times by other outlets, each report
//! with its own spellings (province and district aliases from the built-in
//! gazetteer, a location written another way, a synonym for the type and
//! the actors), sometimes a day later, a count off by one or unknown,
//! dated to the month only, without its district, placed by the town
//! nearby, or with a vaguer type ("explosion" for an IED). No network, no randomness crate.

use incidents::dataset::{Dataset, Document, Incident, PartialDate, Source};
use incidents::evidence::Gazetteer;

use crate::rng::Rng;

/// Event types: how each report may write them.
const TYPES: &[&[&str]] = &[
    &["IED", "roadside bomb", "improvised explosive device"],
    &["car bomb", "VBIED", "car bombing"],
    &["suicide bombing", "suicide attack"],
    &["mortar attack", "mortar shelling", "mortars"],
    &["rocket attack", "rockets", "Katyusha rockets"],
    &["armed attack", "gunmen attack", "shooting"],
    &["ambush"],
    &["kidnapping", "abduction"],
    &["assassination", "targeted killing"],
    &["armed clash", "clashes"],
];

const PERPETRATORS: &[&[&str]] = &[
    &["Islamic State", "ISIS", "IS", "Daesh"],
    &["Islamic State", "Islamic State (suspected)", "ISIL"],
    &["unidentified gunmen", "unknown gunmen"],
    &["PKK", "Kurdistan Workers' Party"],
    &["Asaib Ahl al-Haq", "Asa'ib Ahl al-Haq"],
    &["Kataib Hezbollah", "Kataib Hizbullah"],
];

const TARGETS: &[&[&str]] = &[
    &["civilians", "villagers", "residents"],
    &["Iraqi Army patrol", "soldiers", "army checkpoint"],
    &["police patrol", "policemen", "Federal Police"],
    &["PMF", "Hashd al-Shaabi", "Popular Mobilization Forces"],
    &["Peshmerga", "Kurdish forces"],
    &["local official", "mukhtar"],
];

const OUTLETS: &[&str] = &[
    "Northern Wire",
    "Rudaw",
    "Shafaq News",
    "Kurdistan 24",
    "INA",
    "Al Sumaria",
    "Reuters",
    "AFP",
];

const SYLLABLES: &[&str] = &[
    "ab", "bu", "dar", "ka", "mir", "sa", "tu", "zan", "ha", "qa", "ri", "ma", "sha", "wa", "jal",
    "kho", "na", "ba", "dan", "lu", "fa", "gh", "ya", "ra", "mu", "ti", "sul", "zu",
];

const KINDS: &[&str] = &[
    "village",
    "market",
    "checkpoint",
    "road",
    "orchards",
    "farm",
    "",
];

/// A place name no gazetteer has: two or three syllables, capitalised.
fn name(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let mut s: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

/// The same place written another way: a prefix, an `h` at the end or
/// dropped, another kind of place, "near".
fn respell(rng: &mut Rng, place: &str, kind: &str) -> String {
    let mut p = place.to_string();
    match rng.below(4) {
        0 => p = format!("al-{p}"),
        1 if p.ends_with('h') => {
            p.pop();
        }
        1 => p.push('h'),
        _ => {}
    }
    let kind = if rng.chance(30) {
        rng.pick(KINDS)
    } else {
        kind
    };
    let near = if rng.chance(20) { "near " } else { "" };
    format!("{near}{p} {kind}").trim().to_string()
}

/// A vaguer word for a type, as a brief report gives it.
fn vague(kind: &str) -> &'static str {
    match kind {
        "IED" | "car bomb" | "suicide bombing" => "explosion",
        "mortar attack" | "rocket attack" => "shelling",
        "kidnapping" => "abduction",
        _ => "attack",
    }
}

/// A count as one more report gives it.
fn count(rng: &mut Rng, n: Option<u64>, first: bool) -> Option<u64> {
    let n = n?;
    if first {
        return Some(n);
    }
    if rng.chance(10) {
        return None;
    }
    if rng.chance(30) {
        return Some(if n > 0 && rng.chance(50) {
            n - 1
        } else {
            n + 1
        });
    }
    Some(n)
}

fn toll(rng: &mut Rng, unknown: usize) -> Option<u64> {
    (!rng.chance(unknown)).then(|| rng.pick(&[0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30]))
}

/// The ASCII names of a gazetteer entry (Arabic spellings are there
/// too; reports here are in English).
fn latin<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    names.filter(|n| n.is_ascii()).collect()
}

/// A day of the calendar.
#[derive(Clone, Copy)]
struct Day {
    year: u16,
    month: u8,
    day: u8,
}

impl Day {
    /// A day of 2004–2023 (the 29th to the 31st left out, so every month
    /// has them all).
    fn random(rng: &mut Rng) -> Day {
        Day {
            year: 2004 + rng.below(20) as u16,
            month: 1 + rng.below(12) as u8,
            day: 1 + rng.below(28) as u8,
        }
    }

    /// The day after (the 29th of February included in leap years).
    fn next(self) -> Day {
        let leap = self.year.is_multiple_of(4);
        let last = match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        match (self.day < last, self.month < 12) {
            (true, _) => Day {
                day: self.day + 1,
                ..self
            },
            (false, true) => Day {
                month: self.month + 1,
                day: 1,
                ..self
            },
            (false, false) => Day {
                year: self.year + 1,
                month: 1,
                day: 1,
            },
        }
    }

    fn text(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `n` incidents (reports) over 2004–2023, and for each the event it
/// reports: reports of one event are its planted duplicates.
pub fn generate(n: usize, seed: u64) -> (Dataset, Vec<u32>) {
    let mut rng = Rng::new(seed);
    let gazetteer = Gazetteer::iraq();
    let mut ds = Dataset {
        name: format!("generated duplicates, seed {seed}"),
        incidents: Vec::with_capacity(n),
        documents: Vec::with_capacity(n),
        ..Dataset::default()
    };
    let mut events = Vec::with_capacity(n);
    let mut event = 0u32;
    while ds.incidents.len() < n {
        let province = &gazetteer.provinces[rng.below(gazetteer.provinces.len())];
        let district = &province.districts[rng.below(province.districts.len())];
        let place = name(&mut rng);
        let kind = rng.pick(KINDS);
        let day = Day::random(&mut rng);
        let kinds = (rng.pick(TYPES), rng.pick(PERPETRATORS), rng.pick(TARGETS));
        let killed = toll(&mut rng, 15);
        let wounded = toll(&mut rng, 30);
        let reports = match rng.below(100) {
            0..=79 => 1,
            80..=94 => 2,
            _ => 3,
        };
        for r in 0..reports.min(n - ds.incidents.len()) {
            let first = r == 0;
            let pick = |rng: &mut Rng, words: &[&str]| {
                if first {
                    words[0].to_string()
                } else {
                    rng.pick(words).to_string()
                }
            };
            let province_name = pick(&mut rng, &latin(province.names()));
            let district_name = pick(&mut rng, &latin(district.names()));
            let location = if first {
                format!("{place} {kind}").trim().to_string()
            } else if rng.chance(15) {
                // Placed by the town nearby instead.
                format!("near {district_name}")
            } else {
                respell(&mut rng, &place, kind)
            };
            let district_name = (first || !rng.chance(15)).then_some(district_name);
            let mut date = if !first && rng.chance(30) {
                day.next().text()
            } else {
                day.text()
            };
            if rng.chance(5) {
                date.truncate(7);
            }
            let optional = |rng: &mut Rng, words: &[&str]| {
                (first || !rng.chance(10)).then(|| pick(rng, words).into())
            };
            let (types, perpetrators, targets) = kinds;
            let doc = ds.documents.len();
            ds.documents.push(Document {
                id: format!("d{doc}").into(),
                outlet: Some(OUTLETS[(event as usize + r) % OUTLETS.len()].into()),
                ..Document::default()
            });
            ds.incidents.push(Incident {
                id: format!("r{}", ds.incidents.len()).into(),
                date_parsed: PartialDate::parse(&date),
                date: Some(date.into()),
                province: Some(province_name.into()),
                district: district_name.map(Into::into),
                location: Some(location.into()),
                event_type: Some(if !first && rng.chance(10) {
                    vague(types[0]).into()
                } else {
                    pick(&mut rng, types).into()
                }),
                perpetrator: optional(&mut rng, perpetrators),
                target: optional(&mut rng, targets),
                killed: count(&mut rng, killed, first),
                wounded: count(&mut rng, wounded, first),
                sources: vec![Source {
                    document: Some(doc),
                    ..Source::default()
                }],
                ..Incident::default()
            });
            events.push(event);
        }
        event += 1;
    }
    (ds, events)
}
