use super::{read, Record};
use crate::dataset::json_sources::parse_record;
use crate::dataset::json_value::plain::tests::{mutate, value, Rng};
use crate::dataset::json_value::Raw;
use crate::dataset::{field, record};

/// The record the general path builds from `text` (tree, then the record
/// checks), as its debug text; `None` when it rejects the line or would
/// attach a note to it (a repeated key).
fn general(text: &str) -> Option<String> {
    let checked = parse_record(text).ok()?;
    if !checked.duplicate_keys.is_empty() {
        return None;
    }
    let Raw::Object(mut fields) = checked.value else {
        return None;
    };
    match fields.remove("type")?.as_str()? {
        "incident" => record::incident(fields, checked.sources)
            .ok()
            .map(|i| format!("{i:?}")),
        "document" => record::document(fields).ok().map(|d| format!("{d:?}")),
        _ => None,
    }
}

/// The direct path either leaves `text` to the general path or builds
/// exactly the record the general path builds. Returns whether it built it.
fn agrees(text: &str) -> bool {
    let Some(direct) = read(text) else {
        return false;
    };
    let direct = match direct {
        Record::Incident(i) => format!("{i:?}"),
        Record::Document(d) => format!("{d:?}"),
    };
    assert_eq!(Some(direct), general(text), "{text:?}");
    true
}

/// As the benchmark generator writes them.
const INCIDENT: &str = r#"{"type": "incident", "id": "inc-0000000", "date": "2015-07-17", "province": "Baghdad", "district": "Abu Ghraib", "location": "football pitch near Abu Ghraib", "perpetrator": "Turkish Armed Forces", "target": "Peshmerga positions", "event_type": "clash", "killed": 4, "wounded": 1, "confidence": 0.8, "sources": [{"document": "doc-0000000", "evidence": [{"field": "province", "start": 133, "end": 140}, {"field": "target", "start": 49, "end": 68}, {"field": "date", "start": 161, "end": 171}, {"field": "killed", "start": 173, "end": 192}, {"field": "perpetrator", "quote": "Turkish Armed Forces attacked"}]}], "extractor": "bench-v1"}"#;
const DOCUMENT: &str = r#"{"type": "document", "id": "doc-0000000", "title": "Clash kills 4 in Baghdad", "outlet": "Desert Frontier Report", "published": "2015-07-17", "language": "en", "text": "ABU GHRAIB, Iraq — Turkish Armed Forces attacked Peshmerga positions in Baghdad province (بغداد) on 2015-07-17."}"#;

#[test]
fn reads_the_records_of_a_generated_dataset_directly() {
    assert!(agrees(INCIDENT));
    assert!(agrees(DOCUMENT));
    assert!(agrees(r#"{"type":"incident","id":"a","sources":null}"#));
    assert!(agrees(
        r#"{"type":"incident","id":"a","killed":null,"sources":[{"document":"d","evidence":null}]}"#
    ));
    assert!(agrees(
        r#"{"type":"document","id":"d","text":"a\u001b[2Jb\u202e","x":{"y":[1,"\u0007"]}}"#
    ));
}

#[test]
fn leaves_what_it_cannot_build_to_the_general_path() {
    for text in [
        // Rejected by the format: the general path says why.
        r#"{"type": "incident"}"#,
        r#"{"type": "incident", "id": "  "}"#,
        r#"{"type": "incident", "id": 7}"#,
        r#"{"type": "incident", "id": "a", "killed": -1}"#,
        r#"{"type": "incident", "id": "a", "killed": "3"}"#,
        r#"{"type": "incident", "id": "a", "confidence": 2}"#,
        r#"{"type": "incident", "id": "a", "sources": {}}"#,
        r#"{"type": "incident", "id": "a", "sources": [{"evidence": []}]}"#,
        r#"{"type": "incident", "id": "a", "sources": [{"document": "d", "evidence": [{"field": "x", "start": 1}]}]}"#,
        r#"{"type": "document", "id": "d"}"#,
        r#"{"type": "document", "id": "d", "text": "t", "title": 3}"#,
        // Not plain: repeated, out of place or escaped keys.
        r#"{"type": "incident", "id": "a", "id": "b"}"#,
        r#"{"type": "incident", "id": "a", "type": "incident"}"#,
        r#"{"type": "incident", "id": "a", "x": 1, "x": 2}"#,
        r#"{"type": "incident", "id": "a", "sources": [], "sources": []}"#,
        r#"{"type": "incident", "id": "a", "killed": 1, "killed": null}"#,
        r#"{"id": "a", "type": "incident"}"#,
        r#"{"type": "incident", "i\u0064": "a"}"#,
        // Malformed.
        r#"{"type": "incident", "id": "a"} x"#,
        r#"{"type": "incident", "id": "a",}"#,
        r#"{"type": "document", "id": "d", "text": "t""#,
    ] {
        assert!(!agrees(text), "{text:?} should be left to the general path");
    }
}

/// The format's string fields: the keys of both record types but `type`,
/// `sources` and the numbers.
fn string_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = field::DOCUMENT_KEYS
        .iter()
        .chain(&field::INCIDENT_KEYS)
        .copied()
        .filter(|k| !["type", "sources", "killed", "wounded", "confidence"].contains(k))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}
const OTHER_KEYS: &[&str] = &["killed", "wounded", "confidence", "extractor", "x"];
const STRINGS: &[&str] = &[
    "\"inc-1\"",
    "\"2020-05-01\"",
    "\"2020-13\"",
    "\"Kirkuk\"",
    "\" \"",
    "\"\"",
    "\"كركوك \\u202e\\u0007 x\"",
    "\"a\\tb\\r\\nc\\u00ad\"",
    "\"\\ud83d\\ude00 \\\" \\\\\"",
    "\"zwj\\u200d\\u200dx\"",
];
const COUNTS: &[&str] = &["0", "4", "null", "0.5", "1", "-2", "3.0", "1e2"];

/// A record the format nearly accepts: its own keys with values mostly of
/// the right type, other keys with any value, sources with spans.
fn record(rng: &mut Rng, string_keys: &[&'static str]) -> String {
    let kind = rng.pick(&["incident", "incident", "document"]);
    let mut out = format!("{{\"type\": \"{kind}\", \"id\": ");
    out.push_str(rng.pick(STRINGS));
    for _ in 0..rng.below(9) {
        out.push_str(", ");
        let key = if rng.below(2) == 0 {
            rng.pick(string_keys)
        } else {
            rng.pick(OTHER_KEYS)
        };
        out.push_str(&format!("\"{key}\": "));
        match rng.below(10) {
            0 => value(rng, 2, &mut out),
            _ if string_keys.contains(&key) => out.push_str(rng.pick(STRINGS)),
            _ => out.push_str(rng.pick(COUNTS)),
        }
    }
    if kind == "incident" && rng.below(4) > 0 {
        out.push_str(", \"sources\": [");
        for i in 0..rng.below(3) {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"document\": \"d1\", \"evidence\": [");
            for j in 0..rng.below(6) {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"field\": ");
                out.push_str(rng.pick(&["\"killed\"", "\"province\"", "\"other\"", "\"\""]));
                match rng.below(4) {
                    0 => out.push_str(", \"quote\": "),
                    1 => out.push_str(", \"start\": 3, \"end\": "),
                    2 => out.push_str(", \"start\": 0, \"end\": 9, \"quote\": "),
                    _ => out.push_str(", \"end\": "),
                }
                out.push_str(rng.pick(&["\"in \\u202eKirkuk\"", "12", "null"]));
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// Generated records and each with one character changed: every record
/// built directly is the one the general path builds, and most records the
/// format accepts are built directly (else the fast path would be dead).
#[test]
fn builds_what_the_general_path_builds_on_generated_and_broken_records() {
    let mut rng = Rng(20_261_122);
    let string_keys = string_keys();
    let (mut accepted, mut direct, mut broken_direct) = (0, 0, 0);
    for _ in 0..20_000 {
        let text = record(&mut rng, &string_keys);
        let built = agrees(&text);
        if general(&text).is_some() {
            accepted += 1;
            if built {
                direct += 1;
            }
        }
        if agrees(&mutate(&mut rng, &text)) {
            broken_direct += 1;
        }
    }
    assert!(
        accepted > 2_000,
        "only {accepted} generated records accepted"
    );
    assert!(
        direct * 10 > accepted * 9,
        "only {direct} of {accepted} accepted records built directly"
    );
    assert!(broken_direct > 0, "no changed record was built directly");
}
