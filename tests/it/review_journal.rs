//! The review journal on disk: torn tails, locking, and a dataset that
//! changed under its decisions.

use std::fs;
use std::path::{Path, PathBuf};

use incidents::dataset::{load_bytes, Incident};
use incidents::review::{
    Action, FieldValue, JournalError, ReviewField, ReviewJournal, ReviewState, ReviewStatus,
};

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("review-journal-{name}"));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("test dir");
    d
}

fn incident(id: &str, killed: Option<u64>) -> Incident {
    Incident {
        id: id.into(),
        killed,
        ..Incident::default()
    }
}

#[test]
fn a_new_journal_is_created_empty_and_a_missing_folder_is_an_error_naming_it() {
    let d = dir("create");
    let path = d.join("reviews.jsonl");
    let (j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("created");
    assert!(entries.is_empty() && warnings.is_empty());
    assert_eq!(fs::read(&path).expect("exists").len(), 0);
    assert!(d.join("reviews.jsonl.lock").exists());
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(&d)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    drop(j);
    assert!(
        !d.join("reviews.jsonl.lock").exists(),
        "lock released on drop"
    );

    let missing = d.join("no-such-folder").join("reviews.jsonl");
    let e = ReviewJournal::open(&missing, "ana").expect_err("no folder");
    assert!(e.to_string().contains("no-such-folder"), "{e}");
}

#[test]
fn a_torn_last_line_is_reported_kept_aside_and_the_next_append_starts_clean() {
    let d = dir("torn");
    let path = d.join("reviews.jsonl");
    {
        let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
        for id in ["a", "b", "c"] {
            let e = j.entry(&incident(id, Some(1)), Action::Accept);
            j.append(&e).expect("appends");
        }
    }
    // A crash half way through the fourth line.
    let fourth = {
        let e = incidents::review::Entry::new("ana", &incident("d", None), Action::Reject);
        e.to_line().expect("line")
    };
    let torn = &fourth.as_bytes()[..fourth.len() / 2];
    let mut bytes = fs::read(&path).expect("read");
    let good_len = bytes.len();
    bytes.extend_from_slice(torn);
    fs::write(&path, &bytes).expect("write");

    // Read-only opening reports it and changes nothing.
    let (_, entries, warnings) = ReviewJournal::open_read_only(&path).expect("reads");
    assert_eq!(entries.len(), 3);
    assert_eq!(warnings.len(), 1);
    assert_eq!(fs::read(&path).expect("read").len(), bytes.len());

    let (mut j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("opens");
    let ids: Vec<_> = entries.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].to_string();
    assert!(w.starts_with("line 4: the last line was incomplete"), "{w}");
    assert!(w.contains("reviews.jsonl.torn"), "{w}");
    // The torn bytes are kept, not lost.
    let saved = fs::read(d.join("reviews.jsonl.torn")).expect("torn file");
    assert_eq!(&saved[..torn.len()], torn);
    assert_eq!(fs::read(&path).expect("read").len(), good_len);

    let e = j.entry(&incident("e", Some(2)), Action::Accept);
    j.append(&e).expect("appends");
    drop(j);
    let (_j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("reopens");
    assert!(warnings.is_empty(), "{warnings:?}");
    let ids: Vec<_> = entries.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "e"]);
}

#[test]
fn a_second_writer_is_refused_with_the_holder_named_and_may_read() {
    let d = dir("lock");
    let path = d.join("reviews.jsonl");
    let (mut first, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    let e = first.entry(&incident("a", Some(1)), Action::Accept);
    first.append(&e).expect("appends");

    let err = ReviewJournal::open(&path, "ben").expect_err("locked");
    let JournalError::Locked {
        holder: Some(holder),
        path: locked,
    } = &err
    else {
        panic!("expected Locked naming the holder, got {err:?}");
    };
    assert_eq!(holder.pid, std::process::id());
    assert_eq!(locked, &path);
    let message = err.to_string();
    assert!(
        message.contains(&format!("process {}", std::process::id())),
        "{message}"
    );
    assert!(message.contains(&holder.host), "{message}");
    assert!(message.contains("in use by"), "{message}");

    // Reading while someone writes is fine; writing through it is not.
    let (mut ro, entries, _) = ReviewJournal::open_read_only(&path).expect("reads");
    assert_eq!(entries.len(), 1);
    assert!(ro.is_read_only());
    let e = ro.entry(&incident("b", Some(1)), Action::Accept);
    assert!(ro.append(&e).is_err());
    assert_eq!(fs::read_to_string(&path).expect("read").lines().count(), 1);

    drop(first);
    ReviewJournal::open(&path, "ben").expect("free once the first is closed");
}

const V1: &str = r#"{"type": "document", "id": "d1", "text": "Four people were killed in Kirkuk."}
{"type": "incident", "id": "i1", "province": "Kirkuk", "killed": 4, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 4}]}]}
{"type": "incident", "id": "i2", "province": "Kirkuk", "killed": 1, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 4}]}]}
"#;

#[test]
fn decisions_on_a_changed_dataset_are_kept_and_say_what_changed() {
    let d = dir("changed");
    let path = d.join("reviews.jsonl");
    let v1 = load_bytes("v1", V1.as_bytes()).dataset;
    {
        let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
        let e = j.entry(&v1.incidents[0], Action::Accept);
        j.append(&e).expect("appends");
        let e = j.entry(
            &v1.incidents[1],
            Action::Correct {
                field: ReviewField::Province,
                old: Some(FieldValue::Text("Kirkuk".into())),
                new: Some(FieldValue::Text("Diyala".into())),
            },
        );
        j.append(&e).expect("appends");
    }
    // The extraction was re-run: i1's count changed, i2's evidence moved.
    let v2_text = V1
        .replace(r#""killed": 4"#, r#""killed": 5"#)
        .replace(
            r#""killed": 1, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 4}"#,
            r#""killed": 1, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 0, "end": 11}"#,
        );
    let v2 = load_bytes("v2", v2_text.as_bytes()).dataset;
    assert!(v2.incidents.len() == 2);

    let (_j, entries, _) = ReviewJournal::open(&path, "ana").expect("reopens");
    let (mut state, warnings) = ReviewState::replay(&entries);
    assert!(warnings.is_empty());
    assert!(state.compare_with(&v2.incidents).is_empty());

    assert_eq!(state.status("i1"), ReviewStatus::Accepted);
    let change = state.changed_since_review("i1").expect("i1 changed");
    assert_eq!(change.fields.len(), 1);
    assert_eq!(change.fields[0].field, ReviewField::Killed);
    assert_eq!(change.fields[0].reviewed, Some(FieldValue::Count(4)));
    assert_eq!(change.fields[0].now, Some(FieldValue::Count(5)));
    assert!(!change.sources_or_evidence);

    assert_eq!(state.status("i2"), ReviewStatus::Corrected);
    let change = state.changed_since_review("i2").expect("i2 changed");
    assert!(change.fields.is_empty());
    assert!(change.sources_or_evidence);
    // The correction still applies to the new extraction.
    assert_eq!(
        state.effective(&v2.incidents[1]).province.as_deref(),
        Some("Diyala")
    );
    // Against the dataset it was made on, nothing changed.
    state.compare_with(&v1.incidents);
    assert_eq!(state.changed_since_review("i1"), None);
}
