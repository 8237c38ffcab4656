//! `incidents search` reads the review journal the browser would, so
//! `status:` and corrected values list what the browser lists.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg, Opening};
use incidents::review::{Action as Review, FieldValue, ReviewField, ReviewJournal, ReviewState};
use incidents::session::Session;

/// On the sample: inc-004 corrected from 2 killed to 3, inc-021 moved to
/// Kirkuk, inc-001 accepted.
fn write_journal(path: &Path) {
    let ds = incidents::load_sample().dataset;
    let at = |id: &str| {
        ds.incidents
            .iter()
            .position(|i| i.id == id)
            .expect("in the sample")
    };
    std::fs::create_dir_all(path.parent().expect("a directory")).expect("journal directory");
    let (mut journal, _, _) = ReviewJournal::open(path, "tester").expect("journal");
    for (id, action) in [
        (
            "inc-004",
            Review::Correct {
                field: ReviewField::Killed,
                old: Some(FieldValue::Count(2)),
                new: Some(FieldValue::Count(3)),
            },
        ),
        (
            "inc-021",
            Review::Correct {
                field: ReviewField::Province,
                old: Some(FieldValue::Text("Diyala".into())),
                new: Some(FieldValue::Text("Kirkuk".into())),
            },
        ),
        ("inc-001", Review::Accept),
    ] {
        let entry = journal.entry(&ds.incidents[at(id)], action);
        journal.append(&entry).expect("append");
    }
}

/// What the browser lists for `query` with the reviews of `journal`.
fn browser_ids(journal: &Path, query: &str) -> Vec<String> {
    let (_, entries, _) = ReviewJournal::open_read_only(journal).expect("journal");
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Opened(Box::new(Opening {
        review: ReviewState::replay(&entries).0,
        ..Opening::default()
    })));
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
    app.rows
        .iter()
        .map(|&i| app.dataset.incidents[i].id.to_string())
        .collect()
}

/// `incidents search ARGS` with its data directory under `data_home`.
fn cli_ids(data_home: &Path, args: &[&str]) -> Vec<String> {
    let out = Command::new(common::BIN)
        .arg("search")
        .args(args)
        .env("XDG_DATA_HOME", data_home)
        .env("INCIDENTS_CONFIG", "/nonexistent/config.toml")
        .output()
        .expect("run incidents search");
    assert!(
        out.status.code() != Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

const QUERIES: [&str; 5] = [
    "status:corrected",
    "status:reviewed",
    "killed>=3",
    "killed=2 province:salahuddin",
    "province:kirkuk",
];

fn expected(query: &str) -> Vec<&'static str> {
    match query {
        "status:corrected" => vec!["inc-004", "inc-021"],
        "status:reviewed" => vec!["inc-001", "inc-004", "inc-021"],
        "killed>=3" => vec![
            "inc-001", "inc-003", "inc-004", "inc-008", "inc-010", "inc-020", "inc-025", "inc-030",
            "inc-040", "inc-041", "inc-043",
        ],
        "killed=2 province:salahuddin" => vec!["inc-018"],
        "province:kirkuk" => vec![
            "inc-001", "inc-002", "inc-006", "inc-021", "inc-022", "inc-023", "inc-024", "inc-040",
        ],
        _ => unreachable!(),
    }
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn search_with_reviews_lists_what_the_browser_lists() {
    let dir = common::temp_dir();
    let journal = dir.join("reviews.jsonl");
    write_journal(&journal);
    let journal_arg = journal.to_str().expect("UTF-8 path");
    for query in QUERIES {
        let cli = cli_ids(&dir.join("no-data"), &["--reviews", journal_arg, query]);
        assert_eq!(cli, browser_ids(&journal, query), "{query}");
        assert_eq!(sorted(cli), expected(query), "{query}");
    }
}

#[test]
fn search_reads_the_datasets_default_journal() {
    let data_home = common::temp_dir();
    // Where the browser keeps the sample's journal.
    let journal: PathBuf = data_home
        .join("incidents/journals")
        .join(incidents::review::paths::SAMPLE_JOURNAL);
    write_journal(&journal);
    for query in QUERIES {
        let cli = cli_ids(&data_home, &[query]);
        assert_eq!(sorted(cli), expected(query), "{query}");
    }
    // Without a journal, nothing is reviewed.
    assert!(cli_ids(&common::temp_dir(), &["status:reviewed"]).is_empty());
}

#[test]
fn a_missing_journal_named_with_reviews_is_an_error() {
    let out = Command::new(common::BIN)
        .args([
            "search",
            "--reviews",
            "/nonexistent/reviews.jsonl",
            "kirkuk",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/reviews.jsonl"));
}
