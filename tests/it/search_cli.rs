//! `incidents search` lists what the browser's engine lists, in its order.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use incidents::dataset::load_path;
use incidents::query::{all_unreviewed, uncorrected, SearchEngine, SearchRequest, SortKey};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample.jsonl");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("search")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Ids the engine lists for a query on the sample file, as the browser would.
fn engine_ids(
    engine: &SearchEngine,
    generation: u64,
    query: &str,
    sort: SortKey,
    desc: bool,
) -> Vec<String> {
    // Loaded and checked as every command loads a dataset.
    let mut dataset = load_path(Path::new(SAMPLE), &mut |_| {}).dataset;
    incidents::evidence::apply(&mut dataset, &[incidents::evidence::Gazetteer::iraq()]);
    let dataset = Arc::new(dataset);
    let r = engine
        .search_blocking(SearchRequest {
            generation,
            query_text: query.into(),
            sort,
            descending: desc,
            status: all_unreviewed(),
            corrected: uncorrected(),
        })
        .expect("worker alive");
    assert!(r.error.is_none(), "{query}: {:?}", r.error);
    r.rows
        .iter()
        .map(|&i| dataset.incidents[i].id.to_string())
        .collect()
}

#[test]
fn search_lists_what_the_engine_lists_in_the_same_order() {
    // Loaded and checked as every command loads a dataset.
    let mut dataset = load_path(Path::new(SAMPLE), &mut |_| {}).dataset;
    incidents::evidence::apply(&mut dataset, &[incidents::evidence::Gazetteer::iraq()]);
    let dataset = Arc::new(dataset);
    let engine = SearchEngine::new(dataset);
    let cases: [(&str, SortKey, bool); 9] = [
        ("kirkuk", SortKey::Date, false),
        ("islamic state", SortKey::Relevance, false),
        ("province:diyala killed>=2", SortKey::Killed, true),
        ("\"checkpoint\"", SortKey::Province, false),
        ("!ied date:2019..2021", SortKey::Wounded, true),
        ("killed:unknown", SortKey::Date, true),
        ("", SortKey::Killed, false),
        ("perp:\"islamic state\" wounded>0", SortKey::Date, false),
        ("ambush", SortKey::Relevance, true),
    ];
    for (n, (query, sort, desc)) in cases.into_iter().enumerate() {
        let want = engine_ids(&engine, n as u64 + 1, query, sort, desc);
        let mut args = vec![SAMPLE, query, "--sort", sort.name()];
        if desc {
            args.push("--desc");
        }
        let out = run(&args);
        let got: Vec<String> = stdout(&out)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect();
        assert_eq!(got, want, "{query:?} --sort {} desc={desc}", sort.name());
        let code = if want.is_empty() { 1 } else { 0 };
        assert_eq!(out.status.code(), Some(code), "{query:?}");

        args.push("--json");
        let json = run(&args);
        let ids: Vec<String> = stdout(&json)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a JSON object per line");
                v["id"].as_str().expect("an id").to_string()
            })
            .collect();
        assert_eq!(ids, want, "--json {query:?}");
    }
}

#[test]
fn tsv_prints_unknown_counts_as_empty_fields() {
    let out = run(&[SAMPLE, "killed:unknown wounded:unknown"]);
    let text = stdout(&out);
    assert!(!text.is_empty());
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), 5, "{line}");
        assert_eq!((cells[3], cells[4]), ("", ""), "{line}");
    }
}

#[test]
fn json_lines_hold_every_field() {
    let out = run(&["--json", "\"Shorja market\""]);
    assert_eq!(out.status.code(), Some(0));
    let first = stdout(&out);
    let v: serde_json::Value =
        serde_json::from_str(first.lines().next().expect("one line")).expect("JSON");
    for key in [
        "id",
        "date",
        "province",
        "province_canonical",
        "district",
        "location",
        "perpetrator",
        "target",
        "event_type",
        "killed",
        "wounded",
        "confidence",
        "documents",
        "extra",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "{key} missing from {v}");
    }
    assert_eq!(v["id"], "inc-001");
    assert_eq!(v["extra"]["extractor"], "llm-v2");
    assert_eq!(v["documents"][0], "doc-001");
}

#[test]
fn exit_codes_follow_grep() {
    assert_eq!(run(&["zzzzqqqq"]).status.code(), Some(1), "nothing found");
    let bad = run(&["kirkuk killed>=x"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("killed needs a number"), "{err}");
    assert!(
        err.contains("       ^^^^^^^^^"),
        "underlines the bad term: {err}"
    );
    let missing = run(&["/nonexistent/data.jsonl", "kirkuk"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_lone_argument_that_is_a_file_is_the_dataset() {
    let dataset = crate::common::temp_file(
        "seeds.json",
        br#"{"documents": [], "incidents": [
            {"id": "s1", "province": "Kirkuk", "killed": 1},
            {"id": "s2", "province": "Anbar", "killed": null}]}"#,
    );
    let out = run(&[dataset.to_str().expect("UTF-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["s1", "s2"]);
    // A word that is no file is still a query on the sample.
    let word = run(&["no-such-file.json"]);
    assert_eq!(
        word.status.code(),
        Some(1),
        "nothing in the sample says that"
    );
}

/// The ids `incidents search QUERY` lists on the sample, sorted.
fn sample_ids(query: &str) -> Vec<String> {
    let out = run(&[SAMPLE, query]);
    let mut ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn fuzzy_words_match_close_letters_and_title_words_only() {
    // Incidents in Kirkuk, and inc-041 and inc-042 from an article titled
    // "… south of Kirkuk …"; no scattered letters of long titles.
    assert_eq!(
        sample_ids("kirk"),
        [
            "inc-001", "inc-002", "inc-006", "inc-022", "inc-023", "inc-024", "inc-040", "inc-041",
            "inc-042"
        ]
    );
    let ied = [
        "inc-001", "inc-002", "inc-005", "inc-009", "inc-012", "inc-015", "inc-017", "inc-021",
        "inc-024", "inc-025", "inc-031", "inc-035", "inc-037", "inc-039", "inc-041", "inc-044",
    ];
    // IEDs, not the letters of "killed" in titles.
    assert_eq!(sample_ids("ied"), ied);
    // `!ied` hides exactly those: an exact word-prefix test.
    let all = sample_ids("");
    let hidden: Vec<String> = all
        .iter()
        .filter(|id| !sample_ids("!ied").contains(id))
        .cloned()
        .collect();
    assert_eq!(hidden, ied);
    assert_eq!(sample_ids("hawija"), ["inc-022", "inc-023", "inc-024"]);
    assert_eq!(
        sample_ids("!krk").len(),
        all.len(),
        "exclusions are not fuzzy"
    );
}
