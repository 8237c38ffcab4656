//! The checks on many varied incidents: threads change nothing, and the
//! fast unnamed-place check agrees with folding everything.

use super::*;

/// A dataset of `incidents` incidents made to vary everything the checks
/// look at: names under aliases, in capitals, in Arabic with and without
/// vowel marks, with non-breaking and doubled spaces, glued to other
/// letters; quotes exact, re-cased, re-spaced and invented; offsets;
/// counts that agree and disagree; documents cited by runs of incidents.
fn varied_jsonl(incidents: usize, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let places = [
        "Kirkuk",
        "KIRKUK",
        "kirkuk",
        "Kerkuk",
        "Tameem",
        "كركوك",
        "Hawija",
        "HAWIJA",
        "al-Hawija",
        "Hawijan",
        "Abu Ghraib",
        "Abu\u{a0}Ghraib",
        "Abu  Ghraib",
        "نِينَوى",
        "نينوى",
        "تلعفر",
        "Tal Afar",
        "Mosul",
        "Mosuli",
        "Baghdad",
        "al-Bataween",
        "Ramadi",
        "Hit",
        "Hitman",
        "Erbil",
        "أربيل",
        "Basrah",
        "Zab bridge",
        "Zab–bridge",
        "Salah\u{a0}al-Din",
    ];
    let counts = ["three", "3", "two", "several", "no one", "four", "a dozen"];
    let fillers = [
        "Police said the road was closed.",
        "No group claimed it.",
        "The “attack” came at dawn.",
        "قُتل ثلاثة جنود في الهجوم.",
        "Residents fled towards the orchards.",
    ];
    let json = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let documents = incidents / 2 + 1;
    let mut texts = Vec::new();
    let mut out = String::new();
    for d in 0..documents {
        let mut text = String::new();
        for _ in 0..1 + next(3) {
            text.push_str(&format!(
                "In {} gunmen attacked, killing {} soldiers and wounding {}. {} ",
                places[next(places.len())],
                counts[next(counts.len())],
                counts[next(counts.len())],
                fillers[next(fillers.len())],
            ));
        }
        out.push_str(&format!(
            "{{\"type\": \"document\", \"id\": \"d{d}\", \"published\": \"2021-05-0{}\", \"text\": {}}}\n",
            1 + next(5),
            json(&text)
        ));
        texts.push(text);
    }
    let provinces = [
        "Kirkuk",
        "Kerkuk",
        "Tameem",
        "Nineveh",
        "Ninewa",
        "نينوى",
        "Al Anbar",
        "al-Anbar",
        "Basrah",
        "Atlantis",
        "Erbil",
        "أربيل",
        "Salah al-Din",
        "  kirkuk ",
    ];
    let districts = [
        "Hawija",
        "Tal Afar",
        "Abu Ghraib",
        "Hit",
        "Baladruz",
        "Mosul",
        "تلعفر",
    ];
    let locations = [
        "Zab bridge",
        "market near Hawija",
        "al-Bataween, Baghdad",
        "Hit (Anbar)",
        "checkpoint / Mosul",
        "Ramadi–Hit road",
        "the Hawijan farms",
    ];
    let mut doc = 0;
    for i in 0..incidents {
        if next(3) > 0 {
            doc = next(documents);
        }
        let text = &texts[doc];
        let words: Vec<&str> = text.split(' ').collect();
        let mut evidence = Vec::new();
        for field in ["killed", "wounded", "district", "location", "perpetrator"] {
            let from = next(words.len());
            let quote = words[from..(from + 1 + next(5)).min(words.len())].join(" ");
            let quote = match next(6) {
                0 => quote.to_lowercase(),
                1 => quote.replace(' ', "  "),
                2 => format!("invented words about {quote}"),
                3 => quote.replace('ُ', ""),
                _ => quote,
            };
            if next(4) == 0 {
                let start = next(text.chars().count());
                evidence.push(format!(
                    "{{\"field\": \"{field}\", \"start\": {start}, \"end\": {}}}",
                    start + next(20)
                ));
            } else {
                evidence.push(format!(
                    "{{\"field\": \"{field}\", \"quote\": {}}}",
                    json(&quote)
                ));
            }
        }
        let mut sources = vec![format!(
            "{{\"document\": \"d{doc}\", \"evidence\": [{}]}}",
            evidence.join(", ")
        )];
        if next(5) == 0 {
            sources.push(format!("{{\"document\": \"d{}\"}}", next(documents)));
        }
        let count = |n: usize| {
            if n > 4 {
                "null".to_string()
            } else {
                n.to_string()
            }
        };
        out.push_str(&format!(
            "{{\"type\": \"incident\", \"id\": \"i{i}\", \"date\": \"2021-05-0{}\", \"province\": {}, \"district\": {}, \"location\": {}, \"killed\": {}, \"wounded\": {}, \"sources\": [{}]}}\n",
            1 + next(5),
            json(provinces[next(provinces.len())]),
            json(districts[next(districts.len())]),
            json(locations[next(locations.len())]),
            count(next(6)),
            count(next(6)),
            sources.join(", ")
        ));
    }
    out
}

/// Everything `apply` decides, for comparing two runs.
type Outcome = (
    Vec<(
        Vec<String>,
        EvidenceFlags,
        Option<String>,
        Vec<(
            Option<std::ops::Range<usize>>,
            Option<crate::dataset::Located>,
        )>,
    )>,
    HashMap<String, String>,
);

fn outcome(ds: &Dataset) -> Outcome {
    let incidents = ds
        .incidents
        .iter()
        .map(|i| {
            let evidence = i
                .sources
                .iter()
                .flat_map(|s| &s.evidence)
                .map(|e| (e.range(), e.located()))
                .collect();
            (
                i.warnings.iter().map(|w| w.to_string()).collect(),
                i.flags,
                i.province_canonical.as_deref().map(str::to_string),
                evidence,
            )
        })
        .collect();
    (incidents, ds.province_aliases.clone())
}

fn varied(incidents: usize, threads: usize) -> Dataset {
    let mut l = load_bytes("t", varied_jsonl(incidents, 7).as_bytes());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    apply_in(&mut l.dataset, &[Gazetteer::iraq()], threads);
    l.dataset
}

#[test]
fn threads_change_nothing_in_the_results() {
    let serial = outcome(&varied(2_000, 1));
    // The data shows every kind of finding, so there is something to differ.
    let warned = |what: &str| {
        serial
            .0
            .iter()
            .filter(|i| i.0.iter().any(|w| w.contains(what)))
            .count()
    };
    for what in [
        "ungrounded",
        "its evidence says",
        "no evidence for",
        "is not named in its sources",
        "is not in the gazetteer",
        "after its source",
    ] {
        assert!(warned(what) > 10, "{what}: {}", warned(what));
    }
    assert!(serial.0.iter().any(|i| i.2.is_some()));
    for threads in [2, 3] {
        let parallel = outcome(&varied(2_000, threads));
        assert_eq!(parallel.1, serial.1, "aliases with {threads} threads");
        assert_eq!(parallel.0.len(), serial.0.len());
        for (n, (p, s)) in parallel.0.iter().zip(&serial.0).enumerate() {
            assert_eq!(p, s, "incident {n} with {threads} threads");
        }
    }
    // `apply` itself splits a dataset this size and agrees too.
    let mut l = load_bytes("t", varied_jsonl(2_000, 7).as_bytes());
    apply(&mut l.dataset, &[Gazetteer::iraq()]);
    assert!(outcome(&l.dataset) == serial);
}

/// `checks::unnamed_places` as it was before it looked in the original
/// texts first: every name folded and looked for in the folded texts.
fn unnamed_places_folded(
    incident: &Incident,
    documents: &[crate::dataset::Document],
    gazetteers: &Gazetteers,
) -> Vec<(&'static str, String)> {
    use crate::dataset::Anchor;
    use fold::{fold_str, Folded};
    let quotes: Vec<Folded> = incident
        .sources
        .iter()
        .flat_map(|s| &s.evidence)
        .filter_map(|e| match (e.anchor(), e.located()) {
            (Anchor::Quote(q), Some(l)) if l.method == LocateMethod::NotFound => {
                Some(Folded::new(q))
            }
            _ => None,
        })
        .collect();
    let docs: Vec<Folded> = incident
        .sources
        .iter()
        .filter_map(|s| s.document.and_then(|d| documents.get(d)))
        .map(|d| Folded::new(&d.text))
        .collect();
    if docs.is_empty() && quotes.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in ["province", "district", "location"] {
        let Some(value) = incident.text_field(field).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let found = checks::place_names(value, gazetteers).iter().any(|names| {
            let needles: Vec<String> = names
                .iter()
                .map(|n| fold_str(n))
                .filter(|n| n.chars().count() >= 3)
                .collect();
            quotes
                .iter()
                .chain(&docs)
                .any(|t| needles.iter().any(|n| !t.find(n, true).is_empty()))
        });
        if !found {
            out.push((field, value.to_string()));
        }
    }
    out
}

#[test]
fn unnamed_places_agrees_with_folding_everything() {
    let ds = varied(3_000, 1);
    let list = [Gazetteer::iraq()];
    let gaz = Gazetteers::new(&list);
    let mut cache = FoldCache::default();
    let (mut named, mut unnamed) = (0, 0);
    for inc in &ds.incidents {
        let expected = unnamed_places_folded(inc, &ds.documents, &gaz);
        let got = checks::unnamed_places(inc, &ds.documents, &gaz, &mut cache);
        assert_eq!(got, expected, "{}", inc.id);
        unnamed += expected.len();
        named += 3 - expected.len();
    }
    assert!(named > 1_000 && unnamed > 1_000, "{named} {unnamed}");
}
