//! A seeded generator of realistic-looking incident datasets: one short
//! source article per incident (about 1.1 KB of JSONL per incident in all),
//! Iraqi provinces under several spellings, partial dates, unknown counts,
//! evidence offsets (code points) and quotes. No network, no randomness crate.

use std::io::{self, Write};

pub use crate::rng::Rng;

/// (spellings, Arabic name, districts)
const PROVINCES: &[(&[&str], &str, &[&str])] = &[
    (
        &["Kirkuk", "Kirkuk", "Tamim"],
        "كركوك",
        &["Kirkuk", "Hawija", "Daquq", "Dibis"],
    ),
    (
        &["Diyala", "Diyala"],
        "ديالى",
        &["Baqubah", "Muqdadiyah", "Khanaqin", "Balad Ruz"],
    ),
    (
        &["Salah al-Din", "Salahuddin", "Saladin"],
        "صلاح الدين",
        &["Tikrit", "Samarra", "Tuz Khurmatu", "Baiji"],
    ),
    (
        &["Nineveh", "Ninawa"],
        "نينوى",
        &["Mosul", "Sinjar", "Tal Afar", "Hamdaniya"],
    ),
    (
        &["Anbar", "Al Anbar"],
        "الأنبار",
        &["Ramadi", "Fallujah", "Haditha", "Al-Qa'im"],
    ),
    (
        &["Baghdad"],
        "بغداد",
        &["Karkh", "Rusafa", "Abu Ghraib", "Tarmiyah"],
    ),
    (
        &["Babil", "Babylon"],
        "بابل",
        &["Hillah", "Musayyib", "Jurf al-Sakhar"],
    ),
    (
        &["Basra", "Basrah"],
        "البصرة",
        &["Basra", "Zubair", "Qurna"],
    ),
    (&["Erbil", "Arbil"], "أربيل", &["Erbil", "Makhmur", "Soran"]),
    (&["Duhok", "Dohuk"], "دهوك", &["Zakho", "Amedi", "Duhok"]),
    (
        &["Sulaymaniyah"],
        "السليمانية",
        &["Penjwen", "Halabja", "Chamchamal"],
    ),
    (&["Wasit"], "واسط", &["Kut", "Suwaira"]),
    (&["Maysan"], "ميسان", &["Amarah", "Majar al-Kabir"]),
    (&["Dhi Qar"], "ذي قار", &["Nasiriyah", "Shatra"]),
    (&["Karbala"], "كربلاء", &["Karbala", "Ain al-Tamr"]),
    (&["Najaf"], "النجف", &["Najaf", "Kufa"]),
];

const PERPETRATORS: &[&str] = &[
    "Islamic State",
    "Islamic State (suspected)",
    "unknown gunmen",
    "unidentified assailants",
    "PKK",
    "Turkish Armed Forces",
    "Popular Mobilization Forces",
    "Iraqi Security Forces",
    "tribal militia",
    "Asa'ib Ahl al-Haq",
];

const TARGETS: &[&str] = &[
    "civilians",
    "Iraqi Army patrol",
    "Federal Police checkpoint",
    "PMF post",
    "Peshmerga positions",
    "shepherds",
    "a village mukhtar",
    "police patrol",
    "truck drivers",
    "a wedding party",
];

const EVENT_TYPES: &[&str] = &[
    "IED",
    "armed attack",
    "suicide bombing",
    "mortar attack",
    "airstrike",
    "abduction",
    "assassination",
    "ambush",
    "clash",
];

const PLACES: &[&str] = &[
    "market",
    "checkpoint",
    "mosque",
    "farm",
    "highway",
    "village",
    "orchards",
    "bridge",
    "football pitch",
    "oil field",
];

const OUTLETS: &[&str] = &[
    "Northern Wire Service",
    "Mesopotamia Press Agency",
    "Tigris Daily",
    "Euphrates Observer",
    "Kurdistan Ledger",
    "Baghdad Evening Post",
    "Gulf Regional News",
    "Desert Frontier Report",
];

const FILLER: &[&str] = &[
    "Security forces sealed off the area and began a search operation.",
    "No group immediately claimed responsibility for the attack.",
    "Local officials called for more protection for the villages along the road.",
    "The area has seen repeated attacks by sleeper cells in recent months.",
    "Witnesses said the attackers fled towards the orchards before reinforcements arrived.",
    "A hospital source confirmed the casualty figures to reporters.",
    "The provincial council condemned the attack in a statement on its website.",
    "Residents said electricity and water supplies were cut for several hours.",
    "Military spokesmen did not respond to requests for comment.",
    "Farmers in the district have complained of extortion by armed groups.",
    "The checkpoint had been set up last year after a similar incident.",
    "Two of the wounded were later transferred to a hospital in the provincial capital.",
];

const NUMBERS: &[&str] = &[
    "no one",
    "one person",
    "two people",
    "three people",
    "four people",
    "five people",
    "six people",
    "seven people",
    "eight people",
    "nine people",
    "ten people",
];

/// One incident's facts.
struct Facts {
    date: Option<String>,
    province: &'static str,
    arabic: &'static str,
    district: &'static str,
    location: String,
    perpetrator: &'static str,
    target: &'static str,
    event_type: &'static str,
    killed: Option<u64>,
    wounded: Option<u64>,
}

fn facts(rng: &mut Rng) -> Facts {
    let (spellings, arabic, districts) = rng.pick(PROVINCES);
    let year = 2014 + rng.below(10);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let date = match rng.below(100) {
        0 => None,
        1..=5 => Some(format!("{year}")),
        6..=15 => Some(format!("{year}-{month:02}")),
        _ => Some(format!("{year}-{month:02}-{day:02}")),
    };
    let district = rng.pick(districts);
    let count = |rng: &mut Rng| -> Option<u64> {
        if rng.chance(15) {
            None
        } else if rng.chance(60) {
            Some(rng.below(4) as u64)
        } else {
            Some(rng.below(11) as u64)
        }
    };
    Facts {
        date,
        province: rng.pick(spellings),
        arabic,
        district,
        location: format!("{} near {district}", rng.pick(PLACES)),
        perpetrator: rng.pick(PERPETRATORS),
        target: rng.pick(TARGETS),
        event_type: rng.pick(EVENT_TYPES),
        killed: count(rng),
        wounded: count(rng),
    }
}

/// Code-point offsets of `part` in `text` (its first occurrence).
fn offsets(text: &str, part: &str) -> Option<(usize, usize)> {
    let byte = text.find(part)?;
    let start = text[..byte].chars().count();
    Some((start, start + part.chars().count()))
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Writes `n` incidents, each after its document, and returns bytes written.
pub fn write_dataset(out: &mut impl Write, n: usize, seed: u64) -> io::Result<u64> {
    let mut rng = Rng::new(seed);
    let mut written = 0u64;
    for i in 0..n {
        let f = facts(&mut rng);
        let killed_words = f
            .killed
            .map_or("an unknown number of people", |k| NUMBERS[k as usize]);
        let wounded_words = match f.wounded {
            Some(w) => format!("wounding {}", NUMBERS[w as usize]),
            None => "wounding others".to_string(),
        };
        let when = f.date.clone().unwrap_or_else(|| "recently".into());
        let lead = format!(
            "{}, Iraq — {} attacked {} at the {} in {} district of {} province ({}) on {when}, killing {killed_words} and {wounded_words}, officials said.",
            f.district.to_uppercase(),
            f.perpetrator,
            f.target,
            f.location,
            f.district,
            f.province,
            f.arabic,
        );
        let mut text = lead.clone();
        let description = format!(
            " The {} was the latest in a series of incidents.",
            f.event_type.to_lowercase()
        );
        text.push_str(&description);
        while text.len() < 330 {
            text.push(' ');
            text.push_str(rng.pick(FILLER));
        }
        let doc_id = format!("doc-{i:07}");
        let title = format!(
            "{} kills {} in {}",
            capitalise(f.event_type),
            f.killed.map_or("several".to_string(), |k| k.to_string()),
            f.province
        );
        let doc_line = format!(
            r#"{{"type": "document", "id": "{doc_id}", "title": {}, "outlet": {}, "published": "{}", "language": "en", "text": {}}}"#,
            json(&title),
            json(rng.pick(OUTLETS)),
            f.date.clone().unwrap_or_else(|| "2020".into()),
            json(&text)
        );
        let mut evidence = Vec::new();
        for (field, part) in [
            ("province", Some(f.province.to_string())),
            ("target", Some(f.target.to_string())),
            ("date", f.date.clone()),
            ("killed", Some(format!("killing {killed_words}"))),
        ] {
            if let Some((s, e)) = part.as_deref().and_then(|p| offsets(&text, p)) {
                evidence.push(format!(
                    r#"{{"field": "{field}", "start": {s}, "end": {e}}}"#
                ));
            }
        }
        evidence.push(format!(
            r#"{{"field": "perpetrator", "quote": {}}}"#,
            json(&format!("{} attacked", f.perpetrator))
        ));
        let field = |name: &str, v: Option<&str>| {
            format!(r#""{name}": {}"#, v.map_or("null".to_string(), json))
        };
        let count = |c: Option<u64>| c.map_or("null".to_string(), |n| n.to_string());
        let incident_line = format!(
            r#"{{"type": "incident", "id": "inc-{i:07}", {}, {}, {}, {}, {}, {}, {}, "killed": {}, "wounded": {}, "confidence": 0.{}, "sources": [{{"document": "{doc_id}", "evidence": [{}]}}], "extractor": "bench-v1"}}"#,
            field("date", f.date.as_deref()),
            field("province", Some(f.province)),
            field("district", Some(f.district)),
            field("location", Some(&f.location)),
            field("perpetrator", Some(f.perpetrator)),
            field("target", Some(f.target)),
            field("event_type", Some(f.event_type)),
            count(f.killed),
            count(f.wounded),
            5 + rng.below(5),
            evidence.join(", ")
        );
        writeln!(out, "{doc_line}")?;
        writeln!(out, "{incident_line}")?;
        written += doc_line.len() as u64 + incident_line.len() as u64 + 2;
    }
    Ok(written)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
