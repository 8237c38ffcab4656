//! `apply` on whole datasets: the sample's real cases and small ones made
//! to show one problem each.

use super::*;
use crate::dataset::{load_bytes, Dataset, EvidenceFlags, LocateMethod};

fn sample() -> Dataset {
    crate::load_sample().dataset
}

fn incident<'a>(ds: &'a Dataset, id: &str) -> &'a Incident {
    ds.incidents
        .iter()
        .find(|i| i.id == id)
        .expect("incident in the dataset")
}

fn checked(jsonl: &str) -> Dataset {
    let mut l = load_bytes("t", jsonl.as_bytes());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    apply(&mut l.dataset, &[Gazetteer::iraq()]);
    l.dataset
}

/// The text of the first evidence for `field` and how it was located.
fn located<'a>(ds: &'a Dataset, inc: &Incident, field: &str) -> (Option<&'a str>, LocateMethod) {
    let source = &inc.sources[0];
    let doc = &ds.documents[source.document.expect("resolved")];
    let ev = source
        .evidence
        .iter()
        .find(|e| e.field == field)
        .expect("evidence for the field");
    (
        ev.range().and_then(|r| doc.text.get(r)),
        ev.located().expect("a quote").method,
    )
}

#[test]
fn sample_quotes_are_located_or_flagged() {
    let ds = sample();
    // Straight quotes, lower case and a double space against “Ashab al-Kahf”.
    let inc = incident(&ds, "inc-011");
    let (text, how) = located(&ds, inc, "perpetrator");
    assert_eq!(
        text,
        Some("group calling itself “Ashab al-Kahf” had claimed")
    );
    assert_eq!(how, LocateMethod::Normalised);
    assert!(!inc.flags.ungrounded);
    // A double space against the text's single one and its NBSP before "km".
    let inc = incident(&ds, "inc-033");
    let (text, how) = located(&ds, inc, "location");
    assert_eq!(
        text,
        Some("near Gwer, about 40\u{a0}km south-west of Erbil")
    );
    assert_eq!(how, LocateMethod::Normalised);
    assert_eq!(located(&ds, inc, "event_type").1, LocateMethod::Exact);
    // A target the article never mentions.
    let inc = incident(&ds, "inc-016");
    assert_eq!(located(&ds, inc, "target"), (None, LocateMethod::NotFound));
    assert!(inc.flags.ungrounded);
    assert!(
        inc.warnings
            .iter()
            .any(|w| w.starts_with("ungrounded: the quote for target is not in doc-008")),
        "{:?}",
        inc.warnings
    );
    // Arabic quote in an Arabic article.
    let inc = incident(&ds, "inc-025");
    assert_eq!(
        located(&ds, inc, "target"),
        (Some("استهدفت دوريتهم"), LocateMethod::Exact)
    );
}

#[test]
fn the_sample_has_no_false_number_mismatches() {
    let ds = sample();
    let flagged: Vec<&str> = ds
        .incidents
        .iter()
        .filter(|i| i.flags.mismatch)
        .map(|i| i.id.as_str())
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
}

#[test]
fn aliases_group_in_the_summary() {
    let ds = sample();
    let s = crate::summary::summarize(&ds.incidents);
    let names: Vec<&str> = s.provinces.iter().map(|p| p.province.as_str()).collect();
    for alias in ["Ninewa", "Salah al-Din", "Al Anbar", "al-Anbar", "Basrah"] {
        assert!(!names.contains(&alias), "{alias} in {names:?}");
    }
    let count = |name: &str| {
        s.provinces
            .iter()
            .find(|p| p.province == name)
            .map(|p| p.totals.incidents)
    };
    // 3 Ninewa + 4 Nineveh, 2 Salah al-Din + 5 Salahuddin, 1 + 1 + 3 Anbar, 1 + 2 Basra.
    assert_eq!(count("Nineveh"), Some(7));
    assert_eq!(count("Salahuddin"), Some(7));
    assert_eq!(count("Anbar"), Some(5));
    assert_eq!(count("Basra"), Some(3));
    // The raw value stays as written.
    let inc = incident(&ds, "inc-039");
    assert_eq!(inc.province.as_deref(), Some("Al Anbar"));
    assert_eq!(inc.province_canonical.as_deref(), Some("Anbar"));
    assert_eq!(
        ds.province_aliases.get("al anbar").map(String::as_str),
        Some("Anbar")
    );
    assert_eq!(
        ds.province_aliases.get("ninewa").map(String::as_str),
        Some("Nineveh")
    );
}

const BASE_DOC: &str = r#"{"type": "document", "id": "d1", "published": "2021-05-02", "text": "KIRKUK — Gunmen attacked a checkpoint in Hawija on Saturday, killing three soldiers and wounding two, police said."}"#;

#[test]
fn a_count_its_evidence_contradicts_is_a_mismatch() {
    let ds = checked(&format!(
        "{BASE_DOC}\n{}\n",
        r#"{"type": "incident", "id": "i1", "date": "2021-05-01", "province": "Kirkuk", "killed": 4, "wounded": 2, "confidence": 0.9, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "killing three soldiers"}, {"field": "wounded", "quote": "wounding two"}, {"field": "province", "quote": "KIRKUK"}, {"field": "date", "quote": "on Saturday"}]}]}"#
    ));
    let inc = &ds.incidents[0];
    assert!(inc.flags.mismatch);
    assert!(!inc.flags.ungrounded);
    assert!(!inc.flags.noevidence);
    assert_eq!(
        inc.warnings,
        ["killed is 4 but its evidence says 3 (“three soldiers”)"]
    );
    // 0.3 for the mismatch, 0.1 × (1 − 0.9) for confidence.
    assert!(
        (inc.flags.suspicion - 0.31).abs() < 1e-4,
        "{}",
        inc.flags.suspicion
    );
}

#[test]
fn missing_evidence_late_dates_and_unknown_places_are_warned() {
    let ds = checked(&format!(
        "{BASE_DOC}\n{}\n",
        r#"{"type": "incident", "id": "i1", "date": "2021-05-03", "province": "Atlantis", "district": "Hawija", "location": "Zab bridge", "killed": 3, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 62, "end": 84}]}]}"#
    ));
    let inc = &ds.incidents[0];
    assert_eq!(
        inc.warnings,
        [
            "province \"Atlantis\" is not in the gazetteer; kept as written",
            "no evidence for: date, province, district, location",
            "province \"Atlantis\" is not named in its sources, under any spelling",
            "location \"Zab bridge\" is not named in its sources, under any spelling",
            "dated 2021-05-03, after its source d1 was published (2021-05-02)",
        ]
    );
    assert!(inc.flags.noevidence);
    assert_eq!(inc.province_canonical, None);
    // 4 of 5 fields lack evidence; no confidence given.
    assert!((inc.flags.suspicion - (0.2 * 0.8 + 0.05)).abs() < 1e-4);
}

#[test]
fn offsets_stay_right_after_control_characters_are_removed() {
    // ESC sequences and a BEL before the quote; the offsets evidence names
    // the original text, the quote is found in the cleaned one.
    let ds = checked(concat!(
        r#"{"type": "document", "id": "d1", "text": "\u001b[31mKIRKUK\u0007 \u202e— two soldiers were killed in Hawija."}"#,
        "\n",
        r#"{"type": "incident", "id": "i1", "killed": 2, "district": "Hawija", "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "two soldiers were killed"}, {"field": "district", "start": 44, "end": 50}]}]}"#,
        "\n"
    ));
    let inc = &ds.incidents[0];
    let doc = &ds.documents[0];
    assert!(!doc.text.contains('\u{1b}'));
    let spans: Vec<&str> = inc.sources[0]
        .evidence
        .iter()
        .map(|e| &doc.text[e.range().expect("located")])
        .collect();
    assert_eq!(spans, ["two soldiers were killed", "Hawija"]);
    assert!(!inc.flags.mismatch && !inc.flags.ungrounded);
    assert!(inc.warnings.is_empty(), "{:?}", inc.warnings);
}

#[test]
fn a_quote_found_several_times_counts_them_and_takes_the_first() {
    let ds = checked(concat!(
        r#"{"type": "document", "id": "d1", "text": "A bomb in Hawija. Later, another bomb in Hawija."}"#,
        "\n",
        r#"{"type": "incident", "id": "i1", "district": "Hawija", "sources": [{"document": "d1", "evidence": [{"field": "district", "quote": "bomb in hawija"}]}]}"#,
        "\n"
    ));
    let ev = &ds.incidents[0].sources[0].evidence[0];
    assert_eq!(ev.range(), Some(2..16));
    let l = ev.located().expect("looked for");
    assert_eq!((l.method, l.occurrences), (LocateMethod::Normalised, 2));
}

#[test]
fn a_user_gazetteer_adds_places_and_wins_over_the_built_in_one() {
    let mut l = load_bytes(
        "t",
        br#"{"type": "document", "id": "d1", "text": "Shelling in Idleb killed two."}
{"type": "incident", "id": "i1", "province": "Idlib", "killed": 2, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "killed two"}, {"field": "province", "quote": "Idleb"}]}]}
"#,
    );
    let syria = Gazetteer::from_json(
        r#"{"country": "Syria", "provinces": [{"name": "Idlib", "aliases": ["Idleb", "إدلب"]}]}"#,
    )
    .expect("valid");
    apply(&mut l.dataset, &[syria, Gazetteer::iraq()]);
    let inc = &l.dataset.incidents[0];
    assert_eq!(inc.province_canonical.as_deref(), Some("Idlib"));
    assert!(inc.warnings.is_empty(), "{:?}", inc.warnings);
    assert_eq!(inc.flags.suspicion, 0.05);
}

#[test]
fn place_names_are_found_through_arabic_aliases() {
    let ds = sample();
    // An Arabic article: Nineveh is نينوى there, Tal Afar is تلعفر.
    let inc = incident(&ds, "inc-025");
    assert!(
        !inc.warnings.iter().any(|w| w.contains("not named")),
        "{:?}",
        inc.warnings
    );
    // A district the article never names is caught.
    let inc = incident(&ds, "inc-020");
    assert!(inc
        .warnings
        .iter()
        .any(|w| &**w == "district \"Baladruz\" is not named in its sources, under any spelling"));
}

#[test]
fn weaker_evidence_scores_higher() {
    let ds = sample();
    let score = |id| incident(&ds, id).flags.suspicion;
    // inc-016 has an ungrounded quote; inc-001 is fully supported.
    assert!(score("inc-016") > 0.4);
    assert!(score("inc-016") > score("inc-009"));
    assert!(score("inc-009") > score("inc-001"));
}

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

#[test]
fn incidents_lacking_the_same_evidence_share_one_message() {
    let ds = checked(
        r#"{"type": "incident", "id": "a", "province": "Kirkuk", "killed": 2}
{"type": "incident", "id": "b", "province": "Diyala", "killed": 1}
{"type": "incident", "id": "c", "province": "Diyala"}
"#,
    );
    let no_evidence = |id: &str| {
        incident(&ds, id)
            .warnings
            .iter()
            .find(|w| w.starts_with("no evidence for"))
            .cloned()
            .expect("a no-evidence warning")
    };
    let (a, b, c) = (no_evidence("a"), no_evidence("b"), no_evidence("c"));
    assert_eq!(&*a, "no evidence for: province, killed");
    assert!(
        Arc::ptr_eq(a.shared_text(), b.shared_text()),
        "one copy for the same fields"
    );
    assert!(a.is_note(), "missing evidence is a note, not a problem");
    assert_eq!(&*c, "no evidence for: province");
}

#[test]
fn an_unknown_count_whose_evidence_states_a_number_is_a_mismatch() {
    let ds = checked(concat!(
        r#"{"type": "document", "id": "d1", "text": "Two policemen were killed and nobody else was hurt."}"#,
        "\n",
        r#"{"type": "incident", "id": "i1", "killed": null, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "Two policemen were killed"}]}]}"#,
        "\n",
        r#"{"type": "incident", "id": "i2", "killed": null, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "policemen"}]}]}"#,
        "\n"
    ));
    let stated = &ds.incidents[0];
    assert!(stated.flags.mismatch);
    assert!(
        stated
            .warnings
            .iter()
            .any(|w| &**w == "killed is unknown but its evidence says 2 (“two policemen”)"),
        "{:?}",
        stated.warnings
    );
    assert!(!ds.incidents[1].flags.mismatch, "no number, no mismatch");
}
