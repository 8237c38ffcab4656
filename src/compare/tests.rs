//! `compare` on hand-made pairs of datasets whose answers are known.

use super::*;
use crate::dataset::load_bytes;
use crate::evidence::{self, Gazetteer};

const MARKET: &str = "KIRKUK - Two bombs exploded in Kirkuk on Monday. The first, in the Shorja market, killed four civilians and wounded 11. A second bomb at a police checkpoint killed one policeman and wounded three.";
const DIYALA: &str = "BAQUBA - Militants attacked a PMF post near Muqdadiyah in Diyala on Friday, killing three fighters.";
const TWIN: &str = "Two attacks on Wednesday. Gunmen stormed a PMF post in Dujail, killing five fighters. Hours later a mortar hit the village of Kola Jawi, killing two guards and wounding 14 people.";

/// A JSONL document record.
fn doc(id: &str, text: &str) -> String {
    serde_json::json!({"type": "document", "id": id, "text": text}).to_string()
}

/// An incident record from a JSON object of its fields, citing `document`
/// with evidence `(field, quote)` turned into offsets into `text`.
fn incident(
    id: &str,
    fields: serde_json::Value,
    document: &str,
    text: &str,
    evidence: &[(&str, &str)],
) -> String {
    let mut record = serde_json::json!({"type": "incident", "id": id});
    if let (Some(r), Some(f)) = (record.as_object_mut(), fields.as_object()) {
        r.extend(f.clone());
    }
    let evidence: Vec<_> = evidence
        .iter()
        .map(|(field, quote)| {
            let start = text.find(quote).expect("the quote is in the text");
            serde_json::json!({"field": field, "start": start, "end": start + quote.len()})
        })
        .collect();
    record["sources"] = serde_json::json!([{"document": document, "evidence": evidence}]);
    record.to_string()
}

/// Loaded and checked as the command line loads a dataset.
fn dataset(name: &str, lines: &[String]) -> Dataset {
    let text = lines.join("\n");
    let mut loaded = load_bytes(name, text.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    evidence::apply(&mut loaded.dataset, &[Gazetteer::iraq()]);
    loaded.dataset
}

fn run(reference: &Dataset, other: &Dataset) -> Report {
    let list = [Gazetteer::iraq()];
    compare(reference, other, &Gazetteers::new(&list))
}

fn field<'a>(r: &'a Report, name: &str) -> &'a FieldAgreement {
    r.fields
        .iter()
        .find(|f| f.field == name)
        .expect("every field is reported")
}

fn pairs(r: &Report) -> Vec<(&str, &str)> {
    r.matches
        .iter()
        .map(|m| (m.reference.as_str(), m.other.as_str()))
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Three incidents over two documents, with varied values so that kappa
/// is defined on every categorical field.
fn three(prefix: &str) -> Vec<String> {
    vec![
        doc("doc-1", MARKET),
        doc("doc-2", DIYALA),
        incident(
            &format!("{prefix}1"),
            serde_json::json!({"date": "2019-03-11", "province": "Kirkuk", "district": "Kirkuk",
                "location": "Shorja market", "perpetrator": "Islamic State", "target": "civilians",
                "event_type": "IED", "killed": 4, "wounded": 11}),
            "doc-1",
            MARKET,
            &[
                ("killed", "killed four civilians"),
                ("location", "Shorja market"),
            ],
        ),
        incident(
            &format!("{prefix}2"),
            serde_json::json!({"date": "2019-03-11", "province": "Kirkuk", "district": "Kirkuk",
                "location": "police checkpoint", "perpetrator": "unknown", "target": "police",
                "event_type": "IED", "killed": 1, "wounded": 3}),
            "doc-1",
            MARKET,
            &[
                ("killed", "killed one policeman"),
                ("location", "police checkpoint"),
            ],
        ),
        incident(
            &format!("{prefix}3"),
            serde_json::json!({"date": "2019-05-03", "province": "Diyala", "district": "Muqdadiyah",
                "location": "PMF post near Muqdadiyah", "perpetrator": "militants", "target": "PMF",
                "event_type": "armed attack", "killed": 3, "wounded": null}),
            "doc-2",
            DIYALA,
            &[("killed", "killing three fighters")],
        ),
    ]
}

#[test]
fn identical_datasets_agree_on_everything() {
    let a = dataset("a", &three("inc-"));
    let r = run(&a, &a);
    assert_eq!(r.matched, 3);
    assert_eq!(
        (r.precision, r.recall, r.f1),
        (Some(1.0), Some(1.0), Some(1.0))
    );
    assert_eq!(
        pairs(&r),
        [("inc-1", "inc-1"), ("inc-2", "inc-2"), ("inc-3", "inc-3")]
    );
    assert!(r.unmatched_reference.is_empty() && r.unmatched_other.is_empty());
    assert_eq!(r.documents.by_id, 2);
    for f in &r.fields {
        assert_eq!(f.agreement, Some(1.0), "{}", f.field);
        assert_eq!(f.agree, f.compared, "{}", f.field);
        assert_eq!(
            (f.missing_in_other, f.extra_in_other),
            (0, 0),
            "{}",
            f.field
        );
        if f.lenient_agree.is_some() {
            assert_eq!(f.lenient_agreement, Some(1.0), "{}", f.field);
        }
        let categorical = !matches!(f.field, "date" | "location");
        assert_eq!(f.kappa.is_some(), categorical, "{}", f.field);
        if categorical {
            assert!(close(f.kappa, 1.0), "{}: {:?}", f.field, f.kappa);
        }
    }
    assert_eq!(field(&r, "wounded").compared, 2);
    assert_eq!(field(&r, "wounded").neither, 1);
    assert!(r.matches.iter().all(|m| m.differences.is_empty()));
}

#[test]
fn a_missing_incident_lowers_recall_only() {
    let reference = dataset("gold", &three("inc-"));
    let mut lines = three("x-");
    lines.remove(3); // x-2
    let other = dataset("pred", &lines);
    let r = run(&reference, &other);
    assert_eq!(pairs(&r), [("inc-1", "x-1"), ("inc-3", "x-3")]);
    assert_eq!(r.precision, Some(1.0));
    assert!(close(r.recall, 2.0 / 3.0));
    assert!(close(r.f1, 0.8));
    assert_eq!(r.unmatched_reference.len(), 1);
    let missed = &r.unmatched_reference[0];
    assert_eq!(missed.id, "inc-2");
    assert_eq!(missed.documents, ["doc-1"]);
    assert!(missed.shared_document, "its article is on both sides");
    assert_eq!((missed.killed, missed.wounded), (Some(1), Some(3)));
}

#[test]
fn an_extra_incident_lowers_precision_and_one_in_a_missing_article_is_told_apart() {
    let reference = dataset("gold", &three("inc-"));
    let mut lines = three("x-");
    lines.push(incident(
        "x-4",
        serde_json::json!({"province": "Kirkuk", "killed": 9}),
        "doc-1",
        MARKET,
        &[],
    ));
    lines.push(doc("doc-9", "An article the reference does not have."));
    lines.push(incident(
        "x-5",
        serde_json::json!({"killed": 1}),
        "doc-9",
        "",
        &[],
    ));
    let other = dataset("pred", &lines);
    let r = run(&reference, &other);
    assert_eq!(r.matched, 3);
    assert!(close(r.precision, 3.0 / 5.0));
    assert_eq!(r.recall, Some(1.0));
    let ids: Vec<(&str, bool)> = r
        .unmatched_other
        .iter()
        .map(|u| (u.id.as_str(), u.shared_document))
        .collect();
    assert_eq!(ids, [("x-4", true), ("x-5", false)]);
    assert_eq!(r.other.incidents_without_shared_document, 1);
    assert_eq!(r.reference.incidents_without_shared_document, 0);
    assert_eq!((r.other.documents, r.other.documents_matched), (3, 2));
}

#[test]
fn twin_attacks_in_one_article_meet_their_own_counterparts() {
    let reference = dataset(
        "gold",
        &[
            doc("twin", TWIN),
            incident(
                "dujail",
                serde_json::json!({"province": "Salah al-Din", "location": "Dujail", "killed": 5, "wounded": null}),
                "twin",
                TWIN,
                &[("killed", "killing five fighters")],
            ),
            incident(
                "kola",
                serde_json::json!({"location": "Kola Jawi", "killed": 2, "wounded": 14}),
                "twin",
                TWIN,
                &[
                    ("killed", "killing two guards"),
                    ("wounded", "wounding 14 people"),
                ],
            ),
        ],
    );
    // Listed the other way round, with other wounded counts.
    let other = dataset(
        "pred",
        &[
            doc("twin", TWIN),
            incident(
                "p-1",
                serde_json::json!({"province": "Salahuddin", "location": "village of Kola Jawi", "killed": 2, "wounded": 10}),
                "twin",
                TWIN,
                &[],
            ),
            incident(
                "p-2",
                serde_json::json!({"province": "Salahuddin", "location": "Dujail", "killed": 5, "wounded": 3}),
                "twin",
                TWIN,
                &[],
            ),
        ],
    );
    let r = run(&reference, &other);
    assert_eq!(pairs(&r), [("dujail", "p-2"), ("kola", "p-1")]);
    let w = field(&r, "wounded");
    assert_eq!((w.compared, w.agree, w.extra_in_other), (1, 0, 1));
    assert_eq!(field(&r, "killed").agreement, Some(1.0));
    // `Salah al-Din` is `Salahuddin`.
    let p = field(&r, "province");
    assert_eq!((p.compared, p.agree, p.extra_in_other), (1, 1, 1));
    let l = field(&r, "location");
    assert_eq!((l.agree, l.lenient_agree), (1, Some(2)));
}

#[test]
fn overlapping_evidence_tells_apart_twins_alike_in_every_value() {
    let lines = |prefix: &str, first: &str, second: &str| {
        vec![
            doc("d", MARKET),
            incident(
                &format!("{prefix}-a"),
                serde_json::json!({"killed": null}),
                "d",
                MARKET,
                &[("killed", first)],
            ),
            incident(
                &format!("{prefix}-b"),
                serde_json::json!({"killed": null}),
                "d",
                MARKET,
                &[("killed", second)],
            ),
        ]
    };
    let reference = dataset("gold", &lines("g", "killed four", "killed one"));
    // Other's first incident points at the second bomb's words.
    let other = dataset("pred", &lines("p", "one policeman", "four civilians"));
    let r = run(&reference, &other);
    assert_eq!(pairs(&r), [("g-a", "p-b"), ("g-b", "p-a")]);
}

#[test]
fn different_provinces_or_tolls_do_not_match() {
    let reference = dataset(
        "gold",
        &[
            doc("d", MARKET),
            incident(
                "g",
                serde_json::json!({"province": "Kirkuk", "killed": 4}),
                "d",
                MARKET,
                &[],
            ),
        ],
    );
    for (fields, matches) in [
        (
            serde_json::json!({"province": "Diyala", "killed": 4}),
            false,
        ),
        (
            serde_json::json!({"province": "Kirkuk", "killed": 12}),
            false,
        ),
        (serde_json::json!({"province": "Kirkuk", "killed": 5}), true),
        (serde_json::json!({"killed": null}), true),
    ] {
        let other = dataset(
            "pred",
            &[
                doc("d", MARKET),
                incident("p", fields.clone(), "d", MARKET, &[]),
            ],
        );
        assert_eq!(run(&reference, &other).matched == 1, matches, "{fields}");
    }
}

#[test]
fn documents_with_other_ids_but_the_same_text_are_one() {
    let reference = dataset("gold", &three("inc-"));
    let renamed: Vec<String> = three("x-")
        .into_iter()
        .map(|l| {
            l.replace("\"doc-1\"", "\"article-A\"")
                .replace("\"doc-2\"", "\"article-B\"")
        })
        .collect();
    let other = dataset("pred", &renamed);
    let r = run(&reference, &other);
    assert_eq!((r.documents.by_id, r.documents.by_text), (0, 2));
    assert_eq!(r.matched, 3);
    // Different text under the same id: matched by id, and said so.
    let changed: Vec<String> = three("x-")
        .into_iter()
        .map(|l| l.replace("on Friday", "on Saturday"))
        .collect();
    let r = run(&reference, &dataset("pred", &changed));
    assert_eq!(
        (r.documents.by_id, r.documents.same_id_different_text),
        (2, 1)
    );
    assert_eq!(r.matched, 3);
}

#[test]
fn dates_and_free_text_have_a_lenient_agreement() {
    let one = |id: &str, fields: serde_json::Value| {
        vec![doc("d", DIYALA), incident(id, fields, "d", DIYALA, &[])]
    };
    let reference = dataset(
        "gold",
        &one(
            "g",
            serde_json::json!({"date": "2019-05", "location": "PMF post", "perpetrator": "Islamic State",
                "target": "PMF", "event_type": "Armed attack", "killed": 3}),
        ),
    );
    let other = dataset(
        "pred",
        &one(
            "p",
            serde_json::json!({"date": "2019-05-03", "location": "a PMF post near Muqdadiyah",
                "perpetrator": "islamic  state.", "target": "Iraqi army", "event_type": "armed-attack", "killed": 3}),
        ),
    );
    let r = run(&reference, &other);
    assert_eq!(r.matched, 1);
    let got = |name| {
        let f = field(&r, name);
        (f.agree, f.lenient_agree)
    };
    assert_eq!(got("date"), (0, Some(1)));
    assert_eq!(got("location"), (0, Some(1)));
    assert_eq!(
        got("perpetrator"),
        (1, Some(1)),
        "case and punctuation do not count"
    );
    assert_eq!(got("target"), (0, Some(0)));
    assert_eq!(got("event_type"), (1, None));
    let differs: Vec<&str> = r.matches[0].differences.iter().map(|d| d.field).collect();
    assert_eq!(differs, ["location", "date", "target"]);
}

#[test]
fn kappa_of_the_classic_two_by_two_table() {
    // 50 items: both yes 20, yes/no 5, no/yes 10, both no 15. Observed
    // agreement 0.7; chance 0.5 × 0.6 + 0.5 × 0.4 = 0.5; kappa 0.4.
    let mut ratings = Vec::new();
    for (a, b, n) in [
        ("yes", "yes", 20),
        ("yes", "no", 5),
        ("no", "yes", 10),
        ("no", "no", 15),
    ] {
        ratings.extend(std::iter::repeat_n((a, b), n));
    }
    assert!(close(cohen_kappa(&ratings), 0.4));
    assert_eq!(cohen_kappa::<&str>(&[]), None);
    assert_eq!(
        cohen_kappa(&[("Kirkuk", "Kirkuk"); 4]),
        None,
        "one category"
    );
    // Agreement worse than chance is negative.
    assert!(close(cohen_kappa(&[("a", "b"), ("b", "a")]), -1.0));
}

#[test]
fn kappa_through_compare_matches_the_hand_computed_value() {
    // Four incidents in four articles; event types yes/no-like:
    // (IED, IED), (IED, shooting), (shooting, shooting), (shooting, shooting).
    // p_o = 3/4; reference 2 IED 2 shooting, other 1 IED 3 shooting:
    // p_e = (2·1 + 2·3) / 16 = 1/2; kappa = (3/4 − 1/2) / (1/2) = 1/2.
    let side = |name: &str, types: [&str; 4]| {
        let mut lines = Vec::new();
        for (i, t) in types.iter().enumerate() {
            let text = format!("Article {i}: an attack killed {i}.");
            lines.push(doc(&format!("d{i}"), &text));
            lines.push(incident(
                &format!("{name}{i}"),
                serde_json::json!({"event_type": t, "killed": i}),
                &format!("d{i}"),
                &text,
                &[],
            ));
        }
        dataset(name, &lines)
    };
    let r = run(
        &side("g", ["IED", "IED", "shooting", "shooting"]),
        &side("p", ["IED", "shooting", "shooting", "shooting"]),
    );
    assert_eq!(r.matched, 4);
    let e = field(&r, "event_type");
    assert_eq!((e.compared, e.agree), (4, 3));
    assert!(close(e.kappa, 0.5), "{:?}", e.kappa);
    assert_eq!(
        field(&r, "province").kappa,
        None,
        "no province on either side"
    );
}

#[test]
fn empty_sides_leave_undefined_ratios_undefined() {
    let a = dataset("a", &[doc("d", DIYALA)]);
    let r = run(&a, &a);
    assert_eq!((r.precision, r.recall, r.f1), (None, None, None));
    let b = dataset("b", &three("x-"));
    let r = run(&a, &b);
    assert_eq!((r.precision, r.recall, r.f1), (Some(0.0), None, None));
    let text = r.to_text();
    assert!(text.contains("recall     —"), "{text}");
    let json = serde_json::to_value(&r).expect("serialises");
    assert!(json["recall"].is_null());
    assert_eq!(json["unmatched_other"].as_array().map(Vec::len), Some(3));
}

#[test]
fn the_text_report_has_the_numbers() {
    let reference = dataset("gold", &three("inc-"));
    let mut lines = three("x-");
    lines.remove(3);
    let r = run(&reference, &dataset("pred", &lines));
    let text = r.to_text();
    for want in [
        "precision  1.000  (2 of 2 other incidents matched)",
        "recall     0.667  (2 of 3 reference incidents matched)",
        "F1         0.800",
        "unmatched in reference (1):",
        "unmatched in other: none",
        "matched pairs that differ: none",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let row = ["inc-2", "doc-1", "2019-03-11", "Kirkuk", "1", "3", "yes"];
    assert!(text.lines().any(|l| l.split_whitespace().eq(row)), "{text}");
}

#[test]
fn every_incident_field_is_compared() {
    // The report keeps its own order (counts first); a field added to the
    // format must be added to it too.
    for field in crate::dataset::Field::ALL {
        assert!(
            super::COMPARED_FIELDS.contains(&field.name()),
            "{} is not compared",
            field.name()
        );
    }
    assert_eq!(
        super::COMPARED_FIELDS.len(),
        crate::dataset::Field::ALL.len()
    );
}
