use super::*;
use crate::dataset::record;
use crate::dataset::{Anchor, Severity};

fn load(text: &str) -> Loaded {
    load_bytes("t", text.as_bytes())
}

fn messages(l: &Loaded) -> Vec<String> {
    l.diagnostics().iter().map(|d| d.render("f")).collect()
}

const JSONL: &str = r#"{"type": "incident", "id": "i1", "date": "2021-03-04", "province": "Kirkuk", "killed": 2, "wounded": null, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 7, "end": 12}]}]}
{"type": "document", "id": "d1", "title": "Blast", "text": "كركوك: two killed"}

{"type": "incident", "id": "i2", "province": "Diyala", "sources": [{"document": "d1", "evidence": [{"field": "province", "quote": "Diyala"}]}]}
"#;

#[test]
fn jsonl_in_any_order_with_non_ascii_offsets() {
    let l = load(JSONL);
    assert!(l.errors.is_empty(), "{:?}", messages(&l));
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 2);
    assert_eq!(ds.documents.len(), 1);
    let i1 = &ds.incidents[0];
    assert_eq!(i1.line, std::num::NonZeroU32::new(1));
    assert_eq!(i1.killed, Some(2));
    assert_eq!(i1.wounded, None);
    let doc = &ds.documents[i1.sources[0].document.expect("resolved")];
    let span = i1.sources[0].evidence[0].range().expect("located");
    assert_eq!(&doc.text[span], "two k");
    // A quote stays a quote until the evidence issue locates it.
    let ev = &ds.incidents[1].sources[0].evidence[0];
    assert_eq!(ev.anchor(), Anchor::Quote("Diyala"));
    assert!(ev.span.is_none());
    assert_eq!(l.records_read, 3);
    assert_eq!(l.rejected, 0);
}

#[test]
fn whole_file_json_is_detected_from_content() {
    let text = r#"{
  "name": "Test set",
  "documents": [{"id": "d1", "text": "Three soldiers were killed."}],
  "incidents": [{"id": "i1", "killed": 3, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 5}]}]}]
}"#;
    let l = load(text);
    assert!(l.errors.is_empty(), "{:?}", messages(&l));
    assert_eq!(l.dataset.name, "Test set");
    let i = &l.dataset.incidents[0];
    let span = i.sources[0].evidence[0].range().expect("located");
    assert_eq!(&l.dataset.documents[0].text[span], "Three");
}

#[test]
fn malformed_json_names_line_and_column() {
    let l = load("{\n  \"documents\": [\n    {\"id\": \"d1\" \"text\": \"x\"}\n  ]\n}");
    assert_eq!(l.errors.len(), 1);
    assert_eq!(
        l.errors[0].location,
        Location::Position {
            line: 3,
            column: 17
        }
    );
    assert!(l.errors[0].message.starts_with("malformed JSON"));
}

#[test]
fn malformed_jsonl_line_is_reported_and_the_rest_loads() {
    let text = "{\"type\": \"document\", \"id\": \"d1\", \"text\": \"x\"}\n{\"type\": \"incident\", \"id\": \"i1\",\n{\"type\": \"incident\", \"id\": \"i2\"}\n";
    let l = load(text);
    let m = messages(&l);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("f:2:"), "{m:?}");
    assert_eq!(l.dataset.incidents.len(), 1);
    assert_eq!(l.records_read, 3);
    assert_eq!(l.rejected, 1);
}

#[test]
fn schema_errors_name_the_line_or_the_record() {
    let text = "{\"type\": \"incident\", \"killed\": 1}\n{\"type\": \"incident\", \"id\": \"i2\", \"killed\": -1}\n{\"type\": \"incident\", \"id\": \"i3\", \"sources\": [{\"document\": \"nope\"}]}\n{\"type\": \"incident\", \"id\": \"i3\"}\n";
    let l = load(text);
    let m = messages(&l);
    assert_eq!(
        m,
        vec![
            "f:1:1: error: missing id",
            "f:2:1: error: record \"i2\": killed must be a non-negative integer or null, found -1",
            // In file order, line by line.
            "f:3:1: error: incident \"i3\": sources[0] names document \"nope\", which is not in the dataset",
            "f:4:1: error: duplicate incident id \"i3\"",
        ]
    );
    assert_eq!(l.dataset.incidents.len(), 0);
    assert_eq!(l.rejected, 4);

    let json = r#"{"incidents": [{"id": "a"}, {"id": "b", "killed": "two"}]}"#;
    let l = load(json);
    assert_eq!(
        messages(&l),
        vec!["f: incidents[1] (id \"b\"): error: killed must be a non-negative integer or null, found a string"]
    );
}

#[test]
fn content_problems_are_warnings_on_the_record() {
    let text = r#"{"type": "document", "id": "d1", "text": "short"}
{"type": "incident", "id": "i1", "date": "last Tuesday", "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 2, "end": 40}, {"field": "target", "start": 4, "end": 1}]}]}
"#;
    let l = load(text);
    assert!(l.errors.is_empty());
    let m = messages(&l);
    assert_eq!(
        m,
        vec![
            "f: incident i1: problem: date \"last Tuesday\" does not parse (expected YYYY-MM-DD, YYYY-MM or YYYY)",
            "f: incident i1: problem: evidence for killed in d1: span 2..40 is past the end of the text (5 code points)",
            "f: incident i1: problem: evidence for target in d1: end 1 is before start 4",
        ]
    );
}

#[test]
fn byte_order_mark_is_a_warning() {
    let l = load("\u{feff}{\"type\": \"incident\", \"id\": \"i1\"}\n");
    assert!(l.errors.is_empty());
    assert_eq!(l.dataset.incidents.len(), 1);
    assert!(l.dataset.warnings[0].contains("byte-order mark"));
}

#[test]
fn invalid_utf8_is_replaced_and_warned() {
    let mut bytes = b"{\"type\": \"incident\", \"id\": \"i1\", \"location\": \"a".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"b\"}\n");
    let l = load_bytes("t", &bytes);
    assert!(l.errors.is_empty());
    let i = &l.dataset.incidents[0];
    assert_eq!(i.location.as_deref(), Some("a\u{fffd}\u{fffd}b"));
    assert!(i.warnings[0].contains("invalid UTF-8"));
}

#[test]
fn empty_and_blank_input_are_clear_errors() {
    let l = load("");
    assert_eq!(messages(&l), vec!["f: error: the file is empty"]);
    let l = load("\n  \n");
    assert!(messages(&l)[0].contains("only white space"));
    let l = load("[1, 2]");
    assert!(messages(&l)[0].contains("a record must be a JSON object"));
    let l = load("\"just a string\"");
    assert!(messages(&l)[0].contains("expected a JSON object"));
}

#[test]
fn a_pretty_printed_dataset_named_jsonl_is_read_whole_and_said_once() {
    let dir = std::env::temp_dir().join(format!("incidents-pretty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // An array of typed records over several lines (`jq -s .` writes this).
    let records: Vec<serde_json::Value> = JSONL
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a record"))
        .collect();
    let array = dir.join("array.jsonl");
    std::fs::write(
        &array,
        serde_json::to_string_pretty(&records).expect("JSON"),
    )
    .expect("write");
    let l = load_path(&array, &mut |_| {});
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.dataset.incidents.len(), 2);
    let said: Vec<_> = l
        .dataset
        .warnings
        .iter()
        .filter(|w| w.contains("looks like a whole-file JSON dataset"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", l.dataset.warnings);
    // The same records as one object, pretty-printed.
    let object = dir.join("object.jsonl");
    let (documents, incidents): (Vec<_>, Vec<_>) =
        records.into_iter().partition(|r| r["type"] == "document");
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().map(|o| o.remove("type"));
        v
    };
    let whole = serde_json::json!({
        "documents": documents.into_iter().map(strip).collect::<Vec<_>>(),
        "incidents": incidents.into_iter().map(strip).collect::<Vec<_>>(),
    });
    std::fs::write(&object, serde_json::to_string_pretty(&whole).expect("JSON")).expect("write");
    let l = load_path(&object, &mut |_| {});
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.dataset.incidents.len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn files_that_are_not_datasets() {
    let dir = std::env::temp_dir().join(format!("incidents-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let l = load_path(&dir, &mut |_| {});
    assert!(l.errors[0].message.contains("is a directory"));
    let l = load_path(&dir.join("missing.jsonl"), &mut |_| {});
    assert_eq!(l.errors[0].message, "no such file");
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").expect("write");
    let l = load_path(&empty, &mut |_| {});
    assert_eq!(l.errors[0].message, "the file is empty");
    let jsonl = dir.join("d.jsonl");
    std::fs::write(&jsonl, JSONL).expect("write");
    let mut last = Progress::default();
    let l = load_path(&jsonl, &mut |p| last = p);
    assert!(l.errors.is_empty());
    assert_eq!(l.dataset.name, "d");
    assert_eq!(last.incidents, 2);
    assert_eq!(last.bytes_read, JSONL.len() as u64);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let l = load(&format!("{{\"incidents\": {deep}}}"));
    assert_eq!(l.errors[0].severity, Severity::Error);
    assert!(l.errors[0].message.contains("recursion limit"));
}

#[test]
fn duplicate_keys_are_a_warning_on_the_record() {
    let l = load("{\"type\": \"incident\", \"id\": \"i1\", \"killed\": 3, \"killed\": 0}\n");
    assert!(l.errors.is_empty());
    let i = &l.dataset.incidents[0];
    assert_eq!(i.killed, Some(0));
    assert_eq!(
        i.warnings,
        ["duplicate key \"killed\": the last value of each was used"]
    );
}

#[test]
fn binary_and_non_json_files_are_clear_errors() {
    let l = load_bytes("t", b"\x7fELF\x02\x01\x01\x00\x00\x00binary");
    assert!(
        l.errors[0].message.contains("binary file"),
        "{:?}",
        l.errors
    );
    let l = load("name,killed\nKirkuk,3\n");
    assert!(l.errors[0].message.starts_with("malformed JSON"));
    let l = load("{\"incidents\": [{\"id\": \"a\", \"killed\": NaN}]}");
    assert!(l.errors[0].message.starts_with("malformed JSON"));
    let l = load("{\"incidents\": [{\"id\": \"a\", \"killed\": 1e400}]}");
    assert_eq!(l.errors.len(), 1, "{:?}", l.errors);
}

#[test]
fn huge_numbers_are_schema_errors() {
    let l = load("{\"type\": \"incident\", \"id\": \"a\", \"killed\": 123456789012345678901234567890}\n{\"type\": \"document\", \"id\": \"d\", \"text\": \"x\"}\n{\"type\": \"incident\", \"id\": \"b\", \"sources\": [{\"document\": \"d\", \"evidence\": [{\"field\": \"killed\", \"start\": 18446744073709551615, \"end\": 18446744073709551615}]}]}\n");
    assert_eq!(l.errors.len(), 1, "{:?}", l.errors);
    assert!(l.errors[0]
        .message
        .contains("killed must be a non-negative integer"));
    // An offset that fits u64 but not the text is only a warning.
    assert!(l.dataset.incidents[0].warnings[0].contains("past the end"));
}

#[test]
fn long_lines_and_strings_load() {
    let text = "x".repeat(10 * 1024 * 1024);
    let line = format!("{{\"type\": \"document\", \"id\": \"d\", \"text\": \"{text}\"}}\n");
    let l = load(&line);
    assert!(l.errors.is_empty());
    assert_eq!(l.dataset.documents[0].text.len(), text.len());
}

#[test]
fn large_files_resolve_on_two_threads_with_errors_in_file_order() {
    // Enough incidents for the parallel path; every 1,000th names a
    // document that does not exist, every 7th has a span past the end.
    let mut text =
        String::from("{\"type\": \"document\", \"id\": \"d\", \"text\": \"كركوك: two killed\"}\n");
    for n in 0..6000 {
        let doc = if n % 1000 == 999 { "missing" } else { "d" };
        let end = if n % 7 == 0 { 40 } else { 12 };
        text.push_str(&format!(
            "{{\"type\": \"incident\", \"id\": \"i{n}\", \"sources\": [{{\"document\": \"{doc}\", \"evidence\": [{{\"field\": \"killed\", \"start\": 7, \"end\": {end}}}, {{\"field\": \"province\", \"start\": 0, \"end\": 5}}]}}]}}\n"
        ));
    }
    let l = load(&text);
    let rejected: Vec<String> = l.errors.iter().map(|d| d.render("f")).collect();
    let expected: Vec<String> = (1..=6)
        .map(|k| {
            let n = k * 1000 - 1;
            format!(
                "f:{}:1: error: incident \"i{n}\": sources[0] names document \"missing\", which is not in the dataset",
                n + 2
            )
        })
        .collect();
    assert_eq!(rejected, expected);
    assert_eq!(l.dataset.incidents.len(), 5994);
    for i in &l.dataset.incidents {
        let n: usize = i.id[1..].parse().expect("numbered");
        let doc = &l.dataset.documents[0];
        let ev = &i.sources[0].evidence;
        assert_eq!(ev[1].range().map(|r| &doc.text[r]), Some("كركوك"));
        if n.is_multiple_of(7) {
            assert_eq!(ev[0].span, None, "{}", i.id);
            assert_eq!(i.warnings.len(), 1, "{}", i.id);
        } else {
            assert_eq!(ev[0].range().map(|r| &doc.text[r]), Some("two k"));
            assert!(i.warnings.is_empty(), "{}", i.id);
        }
    }
}

#[test]
fn incidents_are_handed_over_as_they_are_read_and_taken_back_at_the_end() {
    let mut text =
        String::from("{\"type\": \"document\", \"id\": \"d\", \"text\": \"two killed\"}\n");
    for n in 0..10_000 {
        text.push_str(&format!(
            "{{\"type\": \"incident\", \"id\": \"i{n}\", \"killed\": {n}, \"sources\": [{{\"document\": \"d\"}}]}}\n"
        ));
    }
    let dir = std::env::temp_dir().join(format!("incidents-arrived-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join("arrived.jsonl");
    std::fs::write(&path, &text).expect("write");
    let arrived = Arrived::default();
    let watcher = std::sync::Arc::clone(&arrived);
    // What a watcher sees at each progress report: the incidents so far,
    // in file order.
    let mut seen = Vec::new();
    let l = load_path_sharing(
        &path,
        &mut |p| {
            let shared = watcher.read().expect("not poisoned");
            seen.push((
                p.incidents,
                shared.len(),
                shared.last().map(|i| i.id.to_string()),
            ));
        },
        Some(&arrived),
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(l.errors.is_empty(), "{:?}", messages(&l));
    assert_eq!(l.dataset.incidents.len(), 10_000);
    assert!(
        arrived.read().expect("not poisoned").is_empty(),
        "taken back"
    );
    let during: Vec<_> = seen.iter().filter(|s| s.1 > 0 && s.1 < 10_000).collect();
    assert!(during.len() >= 2, "seen while reading: {seen:?}");
    for (count, shown, last) in during {
        assert_eq!(count, shown);
        assert_eq!(last.as_deref(), Some(format!("i{}", shown - 1).as_str()));
    }
}

/// An incident line read the fast way (sources straight into their parts)
/// and the general way (a tree, then the parts) gives the same record, the
/// same error and the same duplicate-key note.
#[test]
fn sources_read_into_parts_match_the_general_reading() {
    let lines = [
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": [{"field": "killed", "start": 1, "end": 4}, {"field": "province", "quote": "Kirkuk", "note": "x"}]}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": [{"field": "a", "field": "b", "quote": "q", "x": 1, "x": {"y": 1, "y": 2}}]}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "document": "e", "evidence": null}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": {"field": "a"}}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [3, {"document": "d"}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": [7]}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"evidence": []}]}"#,
        r#"{"type": "incident", "id": "i", "sources": "d"}"#,
        r#"{"type": "incident", "id": "i", "sources": {"document": "d"}}"#,
        r#"{"type": "incident", "id": "i", "sources": null}"#,
        r#"{"type": "incident", "id": "i", "sources": [], "sources": [{"document": "d"}]}"#,
        r#"{"sources": [{"document": "d"}], "type": "incident", "id": "i", "sources": [{"document": "e"}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": [{"field": "killed", "start": 1}]}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d", "evidence": [{"field": "killed", "start": -1, "end": 2}]}]}"#,
        r#"{"type": "incident", "id": "i", "sources": [{"document": "d\u001b[2J", "evidence": [{"field": "k\u202eilled", "quote": "a\u0007b"}]}]}"#,
    ];
    for line in lines {
        let (fast, general) = read_both_ways(line);
        assert_eq!(fast, general, "{line}");
    }
}

/// An incident line read the fast way (as the loader reads it) and the
/// general way (a tree, then the record code): its sources and warnings,
/// or its error, each way.
fn read_both_ways(line: &str) -> (Result<String, String>, Result<String, String>) {
    let fast = match super::jsonl::parse_line(1, line.as_bytes()) {
        super::jsonl::Parsed::Incident(i) => Ok(format!("{:?} {:?}", i.sources, i.warnings)),
        super::jsonl::Parsed::Rejected(d) => Err(d.render("f")),
        _ => Err("not an incident".into()),
    };
    let checked = crate::dataset::json_read::parse(line).expect("valid JSON");
    let crate::dataset::json_value::Raw::Object(mut fields) = checked.value else {
        panic!("an object")
    };
    fields.remove("type");
    let general = match record::incident(fields, None) {
        Ok(mut i) => {
            if !checked.duplicate_keys.is_empty() {
                i.warnings.push(duplicate_note(&checked.duplicate_keys));
            }
            Ok(format!("{:?} {:?}", i.sources, i.warnings))
        }
        Err(e) => Err(
            Diagnostic::error(Location::Position { line: 1, column: 1 }, with_id(e)).render("f"),
        ),
    };
    (fast, general)
}

#[test]
fn whole_file_errors_found_after_reading_name_the_record() {
    let l = load(
        r#"{"documents": [{"id": "d", "text": "x"}], "incidents": [
            {"id": "a", "sources": [{"document": "d"}]},
            {"id": "b", "sources": [{"document": "gone"}]},
            {"id": "a"}
        ]}"#,
    );
    let mut errors: Vec<String> = l.errors.iter().map(|d| d.render("f")).collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "f: incidents[1] (id \"b\"): error: incident \"b\": sources[0] names document \"gone\", which is not in the dataset",
            "f: incidents[2] (id \"a\"): error: duplicate incident id \"a\"",
        ]
    );
}

/// A JSON value of any kind for a slot of a source or evidence span
/// (right or wrong type), with a key repeated now and then.
fn any_slot_value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        (0u32..400).prop_map(|n| n.to_string()),
        Just("-3".to_string()),
        Just("2.5".to_string()),
        "[a-z \\u{1b}\\u{202e}\"]{0,8}".prop_map(|s| serde_json::Value::from(s).to_string()),
        Just("[]".to_string()),
        Just("[1, {\"x\": 2, \"x\": 3}]".to_string()),
        Just("{\"a\": 1}".to_string()),
    ]
}

fn evidence_object() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let key = prop_oneof![
        Just("field"),
        Just("start"),
        Just("end"),
        Just("quote"),
        Just("note"),
        Just("x")
    ];
    // Usually a well-formed span (a field, and a quote or two offsets)
    // among random pairs, so the reading gets past the first error.
    let base = prop_oneof![
        1 => Just(vec![]),
        3 => Just(vec![("field", "\"killed\"".to_string()), ("quote", "\"two killed\"".to_string())]),
        3 => Just(vec![("field", "\"province\"".to_string()), ("start", "0".to_string()), ("end", "3".to_string())]),
    ];
    (
        base,
        prop::collection::vec((key, any_slot_value()), 0..3),
        0usize..4,
    )
        .prop_map(|(base, extra, at)| {
            let mut pairs: Vec<(&str, String)> = base;
            let at = at.min(pairs.len());
            for (n, pair) in extra.into_iter().enumerate() {
                pairs.insert((at + n).min(pairs.len()), pair);
            }
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", body.join(", "))
        })
}

fn source_value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let evidence = prop_oneof![
        6 => prop::collection::vec(prop_oneof![6 => evidence_object(), 1 => any_slot_value()], 0..4)
            .prop_map(|items| format!("[{}]", items.join(", "))),
        1 => any_slot_value(),
    ];
    // Usually a document id and evidence, among random pairs.
    let extra = prop_oneof![
        (Just("document"), any_slot_value()),
        (Just("evidence"), any_slot_value()),
        (Just("other"), any_slot_value()),
    ];
    (
        evidence,
        prop::collection::vec(extra, 0..3),
        0usize..3,
        prop::bool::weighted(0.8),
    )
        .prop_map(|(evidence, extra, at, base)| {
            let mut pairs: Vec<(&str, String)> = if base {
                vec![("document", "\"d\"".to_string()), ("evidence", evidence)]
            } else {
                vec![("evidence", evidence)]
            };
            if extra.len() < 2 {
                for (n, pair) in extra.into_iter().enumerate() {
                    pairs.insert((at + n).min(pairs.len()), pair);
                }
            }
            let body: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", body.join(", "))
        })
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    /// However an incident's sources are written (any order, repeated keys,
    /// wrong types, keys the format does not define), reading them straight
    /// into their parts gives what the general reading gives.
    #[test]
    fn sources_read_into_parts_match_the_general_reading_on_any_input(
        sources in proptest::prop_oneof![
            3 => proptest::collection::vec(source_value(), 0..3).prop_map(|s| format!("[{}]", s.join(", "))),
            1 => any_slot_value(),
        ],
        twice in proptest::bool::ANY,
        type_first in proptest::bool::ANY,
    ) {
        let mut line = String::from("{");
        if type_first {
            line.push_str("\"type\": \"incident\", ");
        }
        line.push_str(&format!("\"id\": \"i\", \"sources\": {sources}"));
        if twice {
            line.push_str(", \"sources\": [{\"document\": \"d\"}]");
        }
        if !type_first {
            line.push_str(", \"type\": \"incident\"");
        }
        line.push('}');
        let (fast, general) = read_both_ways(&line);
        proptest::prop_assert_eq!(fast, general, "{}", line);
    }
}

/// Documents in id order, out of order, or with a duplicate: every source
/// finds the document with its id (the first of a duplicate), whether it is
/// next to the incident or not, and its evidence is located in that text.
#[test]
fn sources_find_their_documents_in_any_order() {
    let doc = |id: &str, word: &str| {
        format!(r#"{{"type": "document", "id": "{id}", "text": "{word} was hit"}}"#)
    };
    let incident = |id: &str, cites: &str| {
        format!(
            r#"{{"type": "incident", "id": "{id}", "sources": [{{"document": "{cites}", "evidence": [{{"field": "location", "start": 0, "end": 4}}]}}]}}"#
        )
    };
    let increasing = [
        doc("a", "Amara"),
        incident("i1", "a"),
        doc("b", "Basra"),
        incident("i2", "b"),
        incident("i3", "a"),
        doc("c", "Czech"),
        incident("i4", "c"),
        incident("i5", "b"),
    ];
    let shuffled = [
        doc("c", "Czech"),
        incident("i4", "c"),
        doc("a", "Amara"),
        incident("i1", "a"),
        incident("i5", "b"),
        doc("b", "Basra"),
        doc("a", "Again"),
        incident("i2", "b"),
        incident("i3", "a"),
    ];
    for lines in [&increasing[..], &shuffled[..]] {
        let l = load(&lines.join("\n"));
        let ds = &l.dataset;
        let found: Vec<String> = ds
            .incidents
            .iter()
            .map(|i| {
                let source = &i.sources[0];
                let doc = &ds.documents[source.document.expect("resolved")];
                assert_eq!(doc.id, source.document_id);
                let span = source.evidence[0].range().expect("located");
                format!("{}:{}", i.id, &doc.text[span])
            })
            .collect();
        let mut found = found;
        found.sort();
        assert_eq!(
            found,
            ["i1:Amar", "i2:Basr", "i3:Amar", "i4:Czec", "i5:Basr"]
        );
    }
    let l = load(&shuffled.join("\n"));
    assert_eq!(messages(&l), ["f:7:1: error: duplicate document id \"a\""]);
}
