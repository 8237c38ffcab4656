//! The headless command line, run as a user would: `incidents check`,
//! `incidents summary`, `--help`, on the sample and on broken files.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(common::BIN)
        .args(args)
        .output()
        .expect("run incidents")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Everything the program printed, for messages and the no-panic check.
fn all_output(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

fn assert_no_panic(o: &Output) {
    let text = all_output(o);
    assert!(!text.contains("panicked"), "the program panicked:\n{text}");
    // A panic exits with 101; a clean error with 1.
    assert_ne!(o.status.code(), Some(101), "{text}");
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

#[test]
fn check_on_the_sample_passes_with_its_warnings_and_a_tally() {
    let o = run(&["check"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let problems: Vec<&&str> = lines.iter().filter(|l| l.contains(": problem: ")).collect();
    let notes: Vec<&&str> = lines.iter().filter(|l| l.contains(": note: ")).collect();
    // The sample's deliberate faults, and the quote found nowhere.
    for expected in [
        "incident inc-009: problem: date \"2019-13-45\" does not parse",
        "incident inc-019: problem: evidence for location in doc-009: span 424..629 is past the end",
        "incident inc-028: problem: evidence for wounded in doc-013: end 299 is before start 320",
        "incident inc-016: problem: ungrounded: the quote for target is not in doc-008",
    ] {
        assert!(
            problems.iter().any(|w| w.contains(expected)),
            "missing {expected:?} in:\n{out}"
        );
    }
    // Missing evidence is a note, never a problem.
    assert!(notes.iter().any(|n| n.contains("note: no evidence for: ")));
    assert!(!problems.iter().any(|p| p.contains("no evidence for")));
    for w in problems.iter().chain(&notes) {
        assert!(
            w.contains(": incident inc-"),
            "not tied to an incident: {w}"
        );
    }
    assert!(!out.contains(": error: "), "{out}");
    let tally = lines.last().expect("a tally line");
    assert!(
        tally.contains(&format!(
            "0 errors, {} problems, {} notes",
            problems.len(),
            notes.len()
        )) && tally.contains("46 incidents")
            && tally.contains("0 rejected"),
        "tally: {tally}"
    );
    assert_eq!(
        lines.len(),
        problems.len() + notes.len() + 1,
        "one line per warning and the tally:\n{out}"
    );
    // In file order: the incidents' lines come one after another.
    let ids: Vec<&str> = problems
        .iter()
        .chain(&notes)
        .filter_map(|l| l.split("incident inc-").nth(1))
        .map(|rest| &rest[..3])
        .collect();
    let in_order: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split("incident inc-").nth(1))
        .map(|rest| &rest[..3])
        .collect();
    let mut sorted = in_order.clone();
    sorted.sort_unstable();
    assert_eq!(in_order, sorted, "file order:\n{out}");
    assert_eq!(ids.len(), in_order.len());

    // --problems-only leaves the notes out of the listing, not the tally.
    let o = run(&["check", "--problems-only"]);
    let only = stdout(&o);
    assert!(!only.contains(": note: "), "{only}");
    assert_eq!(only.lines().count(), problems.len() + 1, "{only}");
    assert_eq!(only.lines().last(), Some(*tally));
}

#[test]
fn check_reports_each_broken_record_with_path_line_and_column() {
    let path = common::temp_file(
        "broken.jsonl",
        concat!(
            r#"{"type": "document", "id": "d1", "text": "Two people were killed in Mosul."}"#,
            "\n",
            r#"{"type": "incident", "id": "i1", "province": "Ninewa", "killed": 2, "sources": [{"document": "d1", "evidence": []}]}"#,
            "\n",
            // Line 3: no comma after "i2"; the next key starts at column 33.
            r#"{"type": "incident", "id": "i2" "killed": 1}"#,
            "\n",
            r#"{"type": "incident", "id": "i3", "killed": -4, "sources": []}"#,
            "\n",
            r#"{"type": "incident", "id": "i1", "killed": 0, "sources": []}"#,
            "\n",
            r#"{"type": "incident", "id": "i4", "killed": 1, "sources": [{"document": "nope", "evidence": []}]}"#,
            "\n",
        )
        .as_bytes(),
    );
    let p = path_str(&path);
    let o = run(&["check", p]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert_no_panic(&o);
    let out = stdout(&o);
    let expect = [
        (format!("{p}:3:33: error: "), "malformed JSON"),
        (format!("{p}:4:1: error: "), "killed must be a non-negative"),
        (format!("{p}:5:1: error: "), "duplicate incident id \"i1\""),
        (format!("{p}:6:1: error: "), "\"nope\""),
    ];
    for (prefix, what) in &expect {
        assert!(
            out.lines()
                .any(|l| l.starts_with(prefix.as_str()) && l.contains(what)),
            "no line starting {prefix:?} and saying {what:?}:\n{out}"
        );
    }
    let tally = out.lines().last().expect("a tally line");
    assert!(
        tally.contains("4 errors") && tally.contains("6 records read"),
        "tally: {tally}"
    );
    // Nothing dropped silently: the good incident and document still load.
    assert!(
        tally.contains("1 incident and 1 document loaded, 4 rejected"),
        "tally: {tally}"
    );
}

#[test]
fn check_names_the_record_by_index_and_id_in_a_whole_file_dataset() {
    let path = common::temp_file(
        "schema.json",
        br#"{"documents": [], "incidents": [
            {"id": "ok", "killed": 1, "sources": []},
            {"id": "x7", "killed": -1, "sources": []}
        ]}"#,
    );
    let p = path_str(&path);
    let o = run(&["check", p]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{p}: incidents[1] (id \"x7\"): error: killed")),
        "{out}"
    );
}

#[test]
fn unreadable_inputs_get_a_clear_message_and_no_panic() {
    let dir = common::temp_dir();
    let missing = dir.join("missing.json");
    let empty = common::temp_file("empty.jsonl", b"");
    let cases: [(&Path, &str); 3] = [
        (&missing, "no such file"),
        // A folder is read as articles; this one has none.
        (&dir, "no articles"),
        (&empty, "the file is empty"),
    ];
    for (path, message) in cases {
        let p = path_str(path);
        for args in [vec!["check", p], vec!["summary", p], vec![p]] {
            let o = run(&args);
            assert_no_panic(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", all_output(&o));
            let text = all_output(&o);
            assert!(
                text.contains(&format!("{p}: error: {message}")),
                "{args:?} should say {message:?}:\n{text}"
            );
        }
    }
}

#[test]
fn a_byte_order_mark_is_skipped_with_a_warning() {
    let path = common::temp_file(
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"type\": \"incident\", \"id\": \"a\", \"province\": \"Basra\", \"killed\": 1, \"sources\": []}\n",
    );
    let p = path_str(&path);
    let o = run(&["check", p]);
    assert_no_panic(&o);
    assert!(o.status.success(), "{}", all_output(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "{p}: note: the file starts with a UTF-8 byte-order mark"
        )),
        "{out}"
    );
    assert!(
        out.contains("1 incident and"),
        "the record was lost:\n{out}"
    );
}

#[test]
fn invalid_utf8_is_a_warning_not_a_crash() {
    let path = common::temp_file(
        "latin1.jsonl",
        b"{\"type\": \"document\", \"id\": \"d1\", \"text\": \"caf\xE9 bomb\"}\n",
    );
    let p = path_str(&path);
    let o = run(&["check", p]);
    assert_no_panic(&o);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(stdout(&o).contains("invalid UTF-8"), "{}", stdout(&o));
}

/// The documented keys of one summary row (`province` only on provinces).
fn counts(row: &Value) -> [u64; 5] {
    [
        "incidents",
        "killed",
        "wounded",
        "killed_unknown",
        "wounded_unknown",
    ]
    .map(|k| {
        row[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} is not a count in {row}"))
    })
}

#[test]
fn summary_json_has_the_documented_shape_and_adds_up() {
    let o = run(&["summary", "--json"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("summary --json prints JSON");
    let provinces = v["provinces"].as_array().expect("a provinces array");
    assert!(provinces.len() >= 6, "{v}");
    let keys = [
        "province",
        "incidents",
        "killed",
        "wounded",
        "killed_unknown",
        "wounded_unknown",
    ];
    let mut sum = [0u64; 5];
    for p in provinces {
        let obj = p.as_object().expect("a province object");
        let mut found: Vec<&str> = obj.keys().map(String::as_str).collect();
        found.sort_unstable();
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(found, want, "keys of {p}");
        assert!(p["province"].is_string(), "{p}");
        for (s, n) in sum.iter_mut().zip(counts(p)) {
            *s += n;
        }
    }
    let killed: Vec<u64> = provinces.iter().map(|p| counts(p)[1]).collect();
    assert!(
        killed.windows(2).all(|w| w[0] >= w[1]),
        "not sorted by killed, descending: {killed:?}"
    );
    let total = v["total"].as_object().expect("a total object");
    assert_eq!(total.len(), 5, "total's keys: {total:?}");
    assert_eq!(sum, counts(&v["total"]), "provinces do not add up to total");
    assert_eq!(counts(&v["total"])[0], 46, "every sample incident counted");
}

#[test]
fn summary_counts_incidents_without_a_province_under_unknown() {
    let path = common::temp_file(
        "unknown.jsonl",
        concat!(
            r#"{"type": "incident", "id": "a", "killed": null, "wounded": 2, "sources": []}"#,
            "\n",
            r#"{"type": "incident", "id": "b", "province": "Basra", "killed": 1, "sources": []}"#,
            "\n",
        )
        .as_bytes(),
    );
    let o = run(&["summary", "--json", path_str(&path)]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let unknown = v["provinces"]
        .as_array()
        .expect("provinces")
        .iter()
        .find(|p| p["province"] == "(unknown)")
        .unwrap_or_else(|| panic!("no (unknown) province in {v}"));
    // killed is null: unknown, not zero, so it is counted apart.
    assert_eq!(counts(unknown), [1, 0, 2, 1, 0], "{unknown}");
    assert_eq!(counts(&v["total"]), [2, 1, 2, 1, 1], "{v}");
}

#[test]
fn summary_text_ends_with_a_total_row_matching_the_json() {
    let o = run(&["summary"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let out = stdout(&o);
    let header = out.lines().next().expect("a header row");
    assert!(
        header.contains("province") && header.contains("killed"),
        "{out}"
    );
    let total = out.lines().last().expect("a total row");
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(cells.first(), Some(&"total"), "{out}");
    let json: Value = serde_json::from_str(&stdout(&run(&["summary", "--json"]))).expect("JSON");
    let want: Vec<String> = counts(&json["total"]).iter().map(u64::to_string).collect();
    assert_eq!(cells[1..], want, "text and JSON totals differ:\n{out}");
}

#[test]
fn help_names_the_subcommands() {
    let o = run(&["--help"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let out = stdout(&o);
    for word in ["check", "summary", "PATH"] {
        assert!(out.contains(word), "--help lacks {word:?}:\n{out}");
    }
}

/// A dataset large enough that its output overflows a pipe's buffer.
fn large_dataset() -> std::path::PathBuf {
    let mut text = String::new();
    for n in 0..3000 {
        text.push_str(&format!(
            "{{\"type\": \"incident\", \"id\": \"i{n}\", \"date\": \"2021-01-01\", \"province\": \"Kirkuk\", \"killed\": {n}}}\n"
        ));
    }
    common::temp_file("large.jsonl", text.as_bytes())
}

/// Runs `args` with standard output read for one line, then closed (as
/// `| head -1` does).
fn run_into_head(args: &[&str]) -> (Option<i32>, String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(common::BIN)
        .args(args)
        .env(
            "INCIDENTS_CONFIG",
            "/nonexistent/incidents-test/config.toml",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a first line");
    // The reader is dropped here: the pipe is closed.
    let o = child.wait_with_output().expect("it ends");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let ds = large_dataset();
    let ds = path_str(&ds);
    let journal = common::temp_file("reviews.jsonl", b"");
    let journal = path_str(&journal);
    for args in [
        vec!["convert", ds, "-o", "-"],
        vec!["check", ds],
        vec!["export", ds, "--reviews", journal, "-o", "-"],
        vec!["search", ds, "kirkuk"],
    ] {
        let (code, stderr) = run_into_head(&args);
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
        assert_ne!(code, Some(101), "{args:?} panicked");
    }
}

#[test]
fn a_hostile_file_name_is_printed_escaped_in_every_message() {
    let dir = common::temp_dir();
    let name = "evil\u{1b}]0;TITLE\u{7}\u{202e}\u{9b}.json";
    let path = dir.join(name);
    std::fs::write(&path, b"[{\"id\": 1").expect("write");
    let o = run(&["check", path_str(&path)]);
    assert_no_panic(&o);
    let text = all_output(&o);
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(!text.contains(raw), "{raw:?} printed raw:\n{text:?}");
    }
    assert!(
        text.contains("evil\\e]0;TITLE\\u{7}\\u{202e}\\u{9b}.json"),
        "the name is not shown escaped:\n{text}"
    );
}

#[test]
fn a_config_key_with_an_escape_is_printed_escaped() {
    let dir = common::temp_dir();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[keys]\n\"x\u{1b}[2J\" = \"quit\"\n").expect("write");
    let o = Command::new(common::BIN)
        .args(["check"])
        .arg(incidents::dataset::SAMPLE_NAME)
        .env("INCIDENTS_CONFIG", &config)
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .expect("run");
    let text = all_output(&o);
    assert!(!text.contains('\u{1b}'), "ESC printed raw:\n{text:?}");
}
