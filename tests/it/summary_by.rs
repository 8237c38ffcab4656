//! `incidents summary --by`: the browser's frequency tables and timeline
//! on the command line, whose totals are the summary bar's for the same
//! search.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg};
use incidents::session::Session;
use incidents::summary::Totals;
use serde_json::Value;

/// The summary bar's total after typing `query` in the browser's search box.
fn summary_bar_total(query: &str) -> Totals {
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(120, 40));
    let mut session = Session::new(None, None);
    session.send(&mut app, Action::Search);
    for c in query.chars() {
        session.send(&mut app, Msg::Input(InputKey::Char(c)));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.search_pending() {
        assert!(Instant::now() < deadline, "search did not finish");
        session.receive(&mut app);
        std::thread::sleep(Duration::from_millis(2));
    }
    app.summary.total.clone()
}

fn summary_json(args: &[&str]) -> Value {
    let journal = common::temp_file("reviews.jsonl", b"");
    let out = Command::new(common::BIN)
        .arg("summary")
        .args(args)
        .args(["--json", "--reviews"])
        .arg(&journal)
        .output()
        .expect("run incidents");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn totals(v: &Value) -> Totals {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    Totals {
        incidents: n("incidents"),
        killed: n("killed"),
        wounded: n("wounded"),
        killed_unknown: n("killed_unknown"),
        wounded_unknown: n("wounded_unknown"),
    }
}

#[test]
fn totals_by_any_column_or_bin_are_the_summary_bars() {
    for query in [
        "",
        "killed>=1",
        "province:kirkuk",
        "date:2020 !wounded:unknown",
    ] {
        let bar = summary_bar_total(query);
        assert!(query.is_empty() || bar.incidents > 0, "{query} lists some");
        for by in [
            "province",
            "perpetrator",
            "outlet",
            "status",
            "day",
            "week",
            "year",
        ] {
            let v = summary_json(&["--by", by, "--query", query]);
            assert_eq!(totals(&v["total"]), bar, "--by {by} --query {query:?}");
            let rows = v
                .get("rows")
                .or_else(|| v.get("bins"))
                .expect("rows or bins");
            let mut sum = Totals::default();
            for r in rows.as_array().expect("array") {
                sum.absorb(&totals(r));
            }
            if v.get("bins").is_some() {
                sum.absorb(&totals(&v["not_placed"]));
                sum.absorb(&totals(&v["undated"]));
            }
            assert_eq!(sum, bar, "rows of --by {by} --query {query:?}");
        }
    }
}

#[test]
fn time_bins_run_from_first_to_last_with_the_empty_ones() {
    let v = summary_json(&["--by", "month", "--query", "date:2019..2020"]);
    let labels: Vec<&str> = v["bins"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["label"].as_str().expect("label"))
        .collect();
    assert!(labels.len() >= 12, "{labels:?}");
    // Consecutive months, none skipped.
    for pair in labels.windows(2) {
        let month = |l: &str| {
            let (y, m) = l.split_once('-').expect("YYYY-MM");
            y.parse::<u32>().expect("year") * 12 + m.parse::<u32>().expect("month")
        };
        assert_eq!(month(pair[1]), month(pair[0]) + 1, "{pair:?}");
    }
    assert!(v["bins"]
        .as_array()
        .expect("bins")
        .iter()
        .any(|b| b["incidents"] == 0));
}

#[test]
fn csv_and_text_have_a_header_and_a_total_row() {
    let run = |args: &[&str]| {
        let out = Command::new(common::BIN)
            .arg("summary")
            .args(args)
            .output()
            .expect("run incidents");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let csv = run(&["--by", "district", "--csv"]);
    let first = csv.lines().next().expect("header");
    assert_eq!(
        first,
        "district,incidents,killed,wounded,killed_unknown,wounded_unknown,killed_last_4_weeks,killed_prior_4_weeks,change"
    );
    assert!(csv.lines().last().expect("total").starts_with("total,"));
    let text = run(&["--by", "year"]);
    assert!(text.starts_with("year"), "{text}");
    assert!(text.contains("\nundated"), "{text}");
    let bad = Command::new(common::BIN)
        .args(["summary", "--by", "week", "--query", "date:>>"])
        .output()
        .expect("run incidents");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("malformed query"));
}
