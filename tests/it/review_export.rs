//! `incidents export`, run as a user would: the real binary, a dataset and
//! a journal on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use incidents::dataset::{load_bytes, load_path, Dataset};
use incidents::review::{Action, FieldValue, ReviewField, ReviewJournal};
use serde_json::Value;

const DATASET: &str = r#"{"type": "document", "id": "d1", "title": "Blast, \"big\" one", "outlet": "Wire", "section": "Security", "text": "Four people were killed in Kirkuk.\u0007"}
{"type": "document", "id": "d2", "title": "Unrelated", "text": "Nothing happened."}
{"type": "incident", "id": "i1", "date": "2019-03-11", "province": "Kirkuk", "location": "Shorja market, \"old\" city", "killed": 4, "wounded": null, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 4}]}], "extractor": "llm-v2", "score": {"a": [1, 2]}}
{"type": "incident", "id": "i2", "province": "Kirkuk", "killed": 1, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 4}]}]}
{"type": "incident", "id": "i3", "province": "=cmd|' /C calc'!A0", "killed": null}
"#;

struct Fixture {
    dir: PathBuf,
    dataset: PathBuf,
    journal: PathBuf,
}

fn fixture(name: &str) -> Fixture {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("review-export-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("test dir");
    let dataset = dir.join("data.jsonl");
    fs::write(&dataset, DATASET).expect("dataset");
    let journal = dir.join("reviews.jsonl");
    let loaded = load_bytes("t", DATASET.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let ds = loaded.dataset;
    let (mut j, _, _) = ReviewJournal::open(&journal, "ana").expect("journal");
    let mut write = |i: usize, action: Action| {
        let e = j.entry(&ds.incidents[i], action);
        j.append(&e).expect("append");
    };
    write(
        0,
        Action::Correct {
            field: ReviewField::Killed,
            old: Some(FieldValue::Count(4)),
            new: Some(FieldValue::Count(5)),
        },
    );
    write(
        0,
        Action::Correct {
            field: ReviewField::Wounded,
            old: None,
            new: Some(FieldValue::Count(2)),
        },
    );
    write(
        0,
        Action::Note {
            text: "checked, \"twice\"\nsecond line".into(),
        },
    );
    write(1, Action::Reject);
    Fixture {
        dir,
        dataset,
        journal,
    }
}

fn export(f: &Fixture, out: &str, extra: &[&str]) -> PathBuf {
    let out = f.dir.join(out);
    let status = Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("export")
        .arg(&f.dataset)
        .arg("--reviews")
        .arg(&f.journal)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .status()
        .expect("runs");
    assert!(status.success());
    out
}

fn load(path: &Path) -> Dataset {
    let loaded = load_path(path, &mut |_| {});
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.dataset
}

fn check_ok(path: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("check")
        .arg(path)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn jsonl_and_json_exports_carry_corrections_reviews_and_unknown_fields() {
    let f = fixture("roundtrip");
    for (name, extra) in [
        ("out.jsonl", &[][..]),
        ("out.json", &[][..]),
        ("out.txt", &["--format", "json"][..]),
    ] {
        let out = export(&f, name, extra);
        check_ok(&out);
        let ds = load(&out);
        assert_eq!(ds.incidents.len(), 3);
        assert_eq!(ds.documents.len(), 2);
        let i1 = &ds.incidents[0];
        assert_eq!((i1.killed, i1.wounded), (Some(5), Some(2)));
        assert_eq!(i1.extra.to_map()["extractor"], Value::from("llm-v2"));
        assert_eq!(i1.extra.to_map()["score"], serde_json::json!({"a": [1, 2]}));
        let i1_extra = i1.extra.to_map();
        let review = &i1_extra["review"];
        assert_eq!(review["status"], "corrected");
        assert_eq!(review["reviewer"], "ana");
        assert_eq!(
            review["corrections"],
            serde_json::json!([
                {"field": "killed", "old": 4, "new": 5},
                {"field": "wounded", "old": null, "new": 2}
            ])
        );
        // The browser shows a note on one line; the file keeps its line break.
        assert_eq!(review["note"], "checked, \"twice\" second line");
        let note = serde_json::to_string("checked, \"twice\"\nsecond line").expect("json");
        assert!(
            fs::read_to_string(&out).expect("read").contains(&note),
            "{name}"
        );
        assert_eq!(review["changed_since_review"], Value::Null);
        assert_eq!(
            ds.incidents[1].extra.to_map()["review"]["status"],
            "rejected"
        );
        assert_eq!(
            ds.incidents[2].extra.to_map()["review"]["status"],
            "unreviewed"
        );
        // Documents come out as written: unknown fields and the raw text,
        // whose control character the browser cleans but the file keeps.
        assert_eq!(ds.documents[0].extra.to_map()["section"], "Security");
        let raw = fs::read_to_string(&out).expect("read");
        assert!(raw.contains(r"killed in Kirkuk.\u0007"), "{name}");
    }
}

#[test]
fn only_exports_the_status_asked_for_with_the_documents_it_cites() {
    let f = fixture("only");
    let out = export(&f, "rejected.jsonl", &["--only", "rejected"]);
    check_ok(&out);
    let ds = load(&out);
    let ids: Vec<_> = ds.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["i2"]);
    let docs: Vec<_> = ds.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(docs, ["d1"]);
    let out = export(&f, "reviewed.jsonl", &["--only", "reviewed"]);
    assert_eq!(load(&out).incidents.len(), 2);
}

#[test]
fn csv_quotes_commas_quotes_and_newlines_and_parses_back() {
    let f = fixture("csv");
    let out = export(&f, "out.csv", &[]);
    let raw = fs::read_to_string(&out).expect("read");
    // RFC 4180: quoted fields, doubled quotes, CRLF line ends.
    assert!(raw.contains(r#""Shorja market, ""old"" city""#), "{raw}");
    assert!(
        raw.contains("\"checked, \"\"twice\"\"\nsecond line\""),
        "{raw}"
    );
    assert!(raw.starts_with("event_id,event_date,year,event_type,actor1,actor2,admin1,admin2,location,fatalities,injuries,source,"));
    assert!(raw.contains("\r\n"));

    let mut reader = csv::Reader::from_path(&out).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    let cell = |row: usize, name: &str| {
        let col = headers.iter().position(|h| h == name).expect(name);
        rows[row][col].to_string()
    };
    assert_eq!(cell(0, "event_id"), "i1");
    assert_eq!(cell(0, "location"), "Shorja market, \"old\" city");
    assert_eq!(cell(0, "fatalities"), "5");
    assert_eq!(cell(0, "injuries"), "2");
    assert_eq!(cell(0, "year"), "2019");
    assert_eq!(cell(0, "source"), "Wire");
    assert_eq!(cell(0, "source_titles"), "Blast, \"big\" one");
    assert_eq!(cell(0, "note"), "checked, \"twice\"\nsecond line");
    assert_eq!(cell(0, "review_status"), "corrected");
    assert_eq!(cell(0, "corrected_fields"), "killed; wounded");
    assert_eq!(cell(1, "review_status"), "rejected");
    // Unknown is an empty cell, not zero; a formula from the web is defused.
    assert_eq!(cell(2, "fatalities"), "");
    assert_eq!(cell(2, "admin1"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell(2, "review_status"), "unreviewed");
}

#[test]
fn a_missing_journal_named_with_reviews_is_an_error_and_nothing_is_written() {
    let f = fixture("missing");
    let out = f.dir.join("out.jsonl");
    let result = Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("export")
        .arg(&f.dataset)
        .arg("--reviews")
        .arg(f.dir.join("nope.jsonl"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("no review journal at"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn export_never_overwrites_the_dataset_or_the_journal() {
    let f = fixture("overwrite");
    for target in [&f.dataset, &f.journal] {
        let before = fs::read(target).expect("read");
        let result = Command::new(env!("CARGO_BIN_EXE_incidents"))
            .arg("export")
            .arg(&f.dataset)
            .arg("--reviews")
            .arg(&f.journal)
            .arg("-o")
            .arg(target)
            .output()
            .expect("runs");
        assert!(!result.status.success());
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("export to another file"), "{stderr}");
        assert_eq!(fs::read(target).expect("read"), before);
    }
}
