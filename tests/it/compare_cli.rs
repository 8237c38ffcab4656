//! `incidents compare` on two small hand-made files with known answers.

use std::process::{Command, Output};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compare");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("compare")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn paths() -> (String, String) {
    (
        format!("{DIR}/reference.jsonl"),
        format!("{DIR}/other.jsonl"),
    )
}

#[test]
fn the_text_report_shows_the_scores_and_what_is_unmatched() {
    let (reference, other) = paths();
    let out = run(&[&reference, &other]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for want in [
        "documents  0 of other's matched by id, 1 by identical text",
        "precision  1.000  (2 of 2 other incidents matched)",
        "recall     0.667  (2 of 3 reference incidents matched)",
        "F1         0.800",
        "unmatched in reference (1):",
        "unmatched in other: none",
        "g-kola = p-1: wounded \"14\" vs \"10\"",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let row = ["g-diyala", "diyala", "2019-05-03", "Diyala", "3", "?", "no"];
    assert!(text.lines().any(|l| l.split_whitespace().eq(row)), "{text}");
}

#[test]
fn json_has_the_same_numbers() {
    let (reference, other) = paths();
    let out = run(&["--json", &reference, &other]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["matched"], 2);
    assert_eq!(v["precision"], 1.0);
    assert!((v["recall"].as_f64().unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
    assert!((v["f1"].as_f64().unwrap_or(0.0) - 0.8).abs() < 1e-9);
    assert_eq!(v["documents"]["by_text"], 1);
    assert_eq!(v["reference"]["incidents_without_shared_document"], 1);
    let pairs: Vec<(String, String)> = v["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| (m["reference"].to_string(), m["other"].to_string()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("\"g-dujail\"".to_string(), "\"p-2\"".to_string()),
            ("\"g-kola\"".to_string(), "\"p-1\"".to_string())
        ]
    );
    let field = |name: &str| {
        v["fields"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["field"] == name))
            .cloned()
            .expect("the field is reported")
    };
    let province = field("province");
    assert_eq!(
        (province["compared"].clone(), province["agree"].clone()),
        (2.into(), 2.into())
    );
    let wounded = field("wounded");
    assert_eq!(
        (wounded["compared"].clone(), wounded["agree"].clone()),
        (1.into(), 0.into())
    );
    // One pair, 14 against 10: no agreement, none expected by chance.
    assert_eq!(wounded["kappa"], 0.0);
    assert_eq!(field("event_type")["kappa"], 1.0);
    assert_eq!(v["unmatched_reference"][0]["id"], "g-diyala");
}

#[test]
fn an_unreadable_dataset_exits_2() {
    let (reference, _) = paths();
    let out = run(&[&reference, &format!("{DIR}/no-such-file.jsonl")]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
}
