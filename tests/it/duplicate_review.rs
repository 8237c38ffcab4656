//! Reviewers' "same event" and "not the same" decisions, read from a
//! journal by `incidents duplicates`, `summary --count-clusters-once` and
//! `export`, on the hand-made duplicates dataset.

use std::process::{Command, Output};

use crate::common::{fixture, temp_dir, temp_file, BIN};

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn dataset() -> String {
    fixture("duplicates.jsonl").display().to_string()
}

/// A journal: nw-1 is the same event as rd-1; acled-IRQ1 is not ged-77.
fn journal() -> String {
    let line = |incident: &str, action: &str, other: &str| {
        format!(
            r#"{{"v":1,"time":"2024-05-01T09:00:00.000Z","reviewer":"ana","incident":"{incident}","action":"{action}","other":"{other}"}}"#
        )
    };
    let text = [
        line("rd-1", "same_event", "nw-1"),
        line("ged-77", "not_same", "acled-IRQ1"),
    ]
    .join("\n")
        + "\n";
    temp_file("reviews.jsonl", text.as_bytes())
        .display()
        .to_string()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn duplicates_shows_the_confirmed_cluster_and_the_split_pair() {
    let reviews = journal();
    let out = run(&["duplicates", &dataset(), "--reviews", &reviews]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    assert!(text.contains("cluster 1 confirmed: nw-1, rd-1"), "{text}");
    assert!(
        text.contains("split: acled-IRQ1 is not ged-77")
            || text.contains("split: ged-77 is not acled-IRQ1"),
        "{text}"
    );
    let v = json(&run(&[
        "duplicates",
        "--json",
        &dataset(),
        "--reviews",
        &reviews,
    ]));
    assert_eq!(v["reviewed"]["clusters"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["reviewed"]["clusters"][0]["confirmed"], true);
    assert_eq!(v["reviewed"]["split"].as_array().map(Vec::len), Some(1));
}

#[test]
fn the_summary_counts_the_confirmed_event_once_with_its_lowest_toll() {
    let reviews = journal();
    let total = |extra: &[&str]| {
        let mut args = vec!["summary", "--json", "--reviews", &reviews];
        args.extend_from_slice(extra);
        let d = dataset();
        args.push(&d);
        json(&run(&args))["total"].clone()
    };
    let all = total(&[]);
    let once = total(&["--count-clusters-once"]);
    // nw-1 says 4 killed, rd-1 says 5: the event counts once, as 4.
    assert_eq!(
        all["killed"].as_u64().expect("killed") - once["killed"].as_u64().expect("killed"),
        5,
        "{all} / {once}"
    );
    assert_eq!(
        all["incidents"].as_u64().expect("n") - once["incidents"].as_u64().expect("n"),
        1
    );
}

#[test]
fn export_names_each_members_cluster_and_what_it_duplicates() {
    let reviews = journal();
    let dir = temp_dir();
    let jsonl = dir.join("out.jsonl");
    let csv = dir.join("out.csv");
    for out in [&jsonl, &csv] {
        let o = run(&[
            "export",
            &dataset(),
            "--reviews",
            &reviews,
            "--output",
            &out.display().to_string(),
        ]);
        assert!(o.status.success(), "{o:?}");
    }
    let text = std::fs::read_to_string(&jsonl).expect("the export");
    let review = |id: &str| -> serde_json::Value {
        text.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
            .find(|v| v["id"] == id)
            .map(|v| v["review"].clone())
            .expect("the incident")
    };
    assert_eq!(review("rd-1")["duplicate_of"], "nw-1");
    assert_eq!(review("rd-1")["cluster"], "nw-1");
    assert_eq!(review("nw-1")["cluster"], "nw-1");
    assert!(review("nw-1")["duplicate_of"].is_null());
    assert!(review("ged-77")["cluster"].is_null());
    let csv = std::fs::read_to_string(&csv).expect("the CSV");
    let header: Vec<&str> = csv.lines().next().expect("a header").split(',').collect();
    assert_eq!(header[header.len() - 2..], ["cluster", "duplicate_of"]);
    let rd = csv
        .lines()
        .find(|l| l.starts_with("rd-1,"))
        .expect("rd-1's row");
    assert!(rd.ends_with(",nw-1,nw-1"), "{rd}");
}

#[test]
fn search_filters_by_cluster_after_the_decisions() {
    let reviews = journal();
    let ids = |query: &str| -> Vec<String> {
        let out = run(&["search", "--json", "--reviews", &reviews, &dataset(), query]);
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
        let mut ids: Vec<String> = String::from_utf8(out.stdout)
            .expect("UTF-8")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
                v["id"].as_str().expect("an id").to_string()
            })
            .collect();
        ids.sort();
        ids
    };
    // The split pair is no cluster any more; the confirmed one is cluster 1.
    assert_eq!(ids("has:duplicate"), ["nw-1", "rd-1"]);
    assert_eq!(ids("dup:1"), ["nw-1", "rd-1"]);
    assert!(ids("dup:2").is_empty());
}
