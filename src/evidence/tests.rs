//! `apply` on whole datasets: the sample's real cases and small ones made
//! to show one problem each.

use super::*;
use crate::dataset::{load_bytes, Dataset, EvidenceFlags, LocateMethod};

mod varied;

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
        r#"{"type": "incident", "id": "i1", "date": "2021-05-03", "province": "Atlantis", "district": "Hawija", "location": "Zab bridge", "killed": 3, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 61, "end": 83}]}]}"#
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

#[test]
fn count_evidence_without_a_readable_number_gets_a_note() {
    let ds = checked(
        r#"{"type": "document", "id": "d", "text": "A car bomb went off, killing its driver. Two policemen were wounded."}
{"type": "incident", "id": "i", "killed": 1, "wounded": 2, "sources": [{"document": "d", "evidence": [{"field": "killed", "quote": "killing its driver"}, {"field": "wounded", "quote": "Two policemen were wounded"}]}]}
"#,
    );
    let i = incident(&ds, "i");
    let notes: Vec<&str> = i
        .warnings
        .iter()
        .filter(|w| w.is_note())
        .map(|w| w.text())
        .collect();
    assert!(
        notes.contains(&"no number can be read in the evidence for killed"),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.ends_with("for wounded")),
        "two is read: {notes:?}"
    );
    assert!(!i.warnings.has_problem(), "a note, not a problem");
}

/// The warnings of the only incident, as text.
fn warnings_of(jsonl: &str) -> Vec<String> {
    let ds = checked(jsonl);
    ds.incidents[0]
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect()
}

#[test]
fn blank_quotes_say_what_is_wrong_with_them() {
    let doc =
        r#"{"type": "document", "id": "d1", "text": "Two soldiers were killed.  In Kirkuk."}"#;
    for (quote, expected) in [
        ("\\u2003\\u2003", "is only white space"),
        (
            "\\u200b\\u202e",
            "is empty (or held only control and invisible characters",
        ),
    ] {
        let jsonl = format!(
            "{doc}\n{{\"type\": \"incident\", \"id\": \"i1\", \"killed\": 2, \"sources\": [{{\"document\": \"d1\", \"evidence\": [{{\"field\": \"killed\", \"quote\": \"{quote}\"}}]}}]}}\n"
        );
        let warnings = warnings_of(&jsonl);
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "{quote}: {warnings:?}"
        );
        assert!(!warnings.iter().any(|w| w.contains("“”")), "{warnings:?}");
    }
}

#[test]
fn evidence_for_an_unknown_field_is_a_problem() {
    let doc = r#"{"type": "document", "id": "d1", "text": "Two soldiers were killed in Kirkuk."}"#;
    let jsonl = format!(
        "{doc}\n{}\n",
        r#"{"type": "incident", "id": "i1", "killed": 2, "district": "Hawija", "sources": [{"document": "d1", "evidence": [{"field": "nonsense", "quote": "Two soldiers"}, {"field": "district", "quote": "Kirkuk"}]}]}"#
    );
    let warnings = warnings_of(&jsonl);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("evidence for \"nonsense\", which is not a field")),
        "{warnings:?}"
    );
    // A field the record has among its own is not unknown.
    assert!(
        !warnings.iter().any(|w| w.contains("\"district\", which")),
        "{warnings:?}"
    );
}

#[test]
fn counts_beyond_ten_million_are_a_problem_and_the_total_says_so_through_them() {
    let doc = r#"{"type": "document", "id": "d1", "text": "Many were killed."}"#;
    let jsonl = format!(
        "{doc}\n{}\n{}\n{}\n",
        r#"{"type": "incident", "id": "i1", "killed": 18446744073709551615, "wounded": 10000000, "sources": [{"document": "d1"}]}"#,
        r#"{"type": "incident", "id": "i2", "killed": 10000001, "sources": [{"document": "d1"}]}"#,
        r#"{"type": "incident", "id": "i3", "killed": 5, "sources": [{"document": "d1"}]}"#,
    );
    let ds = checked(&jsonl);
    let said = |i: usize| -> Vec<String> {
        ds.incidents[i]
            .warnings
            .iter()
            .map(|w| w.to_string())
            .filter(|w| w.contains("more than 10,000,000"))
            .collect()
    };
    assert_eq!(
        said(0).len(),
        1,
        "only killed is beyond the bound: {:?}",
        said(0)
    );
    assert!(
        said(0)[0].starts_with("killed is 18446744073709551615"),
        "{:?}",
        said(0)
    );
    assert_eq!(said(1).len(), 1);
    assert!(said(2).is_empty());
    // The sum saturates instead of wrapping to a small number.
    let s = crate::summary::summarize(&ds.incidents);
    assert_eq!(s.total.killed, u64::MAX);
}
