//! `incidents duplicates` on a small hand-made dataset: one event told by
//! two outlets, one event in an ACLED-like and a UCDP-like row, and the
//! incidents that look like them but are other events.

use std::process::{Command, Output};

use crate::common::{fixture, temp_file, BIN};

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("duplicates")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn dataset() -> String {
    fixture("duplicates.jsonl").display().to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

#[test]
fn the_report_lists_each_cluster_with_members_scores_and_differences() {
    let out = run(&[&dataset()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    for want in [
        "2 clusters of likely duplicates, 4 of 6 incidents",
        "cluster 1 · 2 incidents · killed 4–5 (best 4) · wounded 11",
        "differ: killed: \"4\" | \"5\"",
        "differ: perpetrator: \"Islamic State\" | \"ISIS\"",
        "cluster 2 · 2 incidents · killed 3, 1 unknown",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    // The two outlets' rows, each naming the other as its best match.
    for (id, outlet, best) in [("nw-1", "Northern", "rd-1"), ("rd-1", "Rudaw", "nw-1")] {
        assert!(
            text.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.first() == Some(&id) && w.contains(&outlet) && w.contains(&best)
            }),
            "{id} in\n{text}"
        );
    }
    assert!(text.contains("nw-1 = rd-1  0.8"), "{text}");
    // The attack of the same day and place, and the bomb in the next
    // district, are other events.
    for other in ["nw-2", "nw-3"] {
        assert!(!text.contains(other), "{other} in\n{text}");
    }
}

#[test]
fn json_gives_the_same_clusters_and_the_window_narrows_them() {
    let out = run(&["--json", &dataset()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let members = |v: &serde_json::Value| -> Vec<Vec<String>> {
        v["clusters"]
            .as_array()
            .expect("clusters")
            .iter()
            .map(|c| {
                c["members"]
                    .as_array()
                    .expect("members")
                    .iter()
                    .map(|m| m["id"].as_str().expect("an id").to_string())
                    .collect()
            })
            .collect()
    };
    assert_eq!(
        members(&v),
        [vec!["nw-1", "rd-1"], vec!["acled-IRQ1", "ged-77"]]
    );
    let first = &v["clusters"][0];
    assert_eq!(first["killed"]["low"], 4);
    assert_eq!(first["killed"]["high"], 5);
    assert_eq!(first["members"][0]["matches"][0]["id"], "rd-1");
    assert_eq!(first["members"][0]["matches"][0]["duplicate"], true);
    let fields: Vec<&str> = first["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"date") && !fields.contains(&"province"),
        "{fields:?}"
    );
    // The same day only: the outlets a day apart no longer meet.
    let same_day = run(&["--json", "--days", "0", &dataset()]);
    let v: serde_json::Value = serde_json::from_slice(&same_day.stdout).expect("JSON");
    assert_eq!(members(&v), [vec!["acled-IRQ1", "ged-77"]]);
    // The ACLED and UCDP points are 2 km apart.
    let near = run(&["--json", "--days", "0", "--km", "1", &dataset()]);
    assert_eq!(near.status.code(), Some(1), "{near:?}");
}

#[test]
fn a_users_taxonomy_can_tell_types_apart_and_a_bad_one_is_trouble() {
    // Calling a roadside bomb something else splits the outlets' cluster.
    let taxonomy = temp_file(
        "taxonomy.json",
        br#"{"event_types": {"entries": [{"path": ["roadside bomb", "roadside", "roadside"], "words": ["roadside bomb"]}]}}"#,
    );
    let out = run(&["--taxonomy", &taxonomy.display().to_string(), &dataset()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out).contains("1 cluster of likely duplicates"),
        "{out:?}"
    );
    let bad = temp_file("bad.json", br#"{"event_type": {}}"#);
    let out = run(&["--taxonomy", &bad.display().to_string(), &dataset()]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("event_type"),
        "{err}"
    );
}

#[test]
fn the_sample_has_no_duplicates_and_says_so() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stdout(&out)
            .starts_with("sample (built in): 0 clusters of likely duplicates, 0 of 46 incidents"),
        "{out:?}"
    );
}
