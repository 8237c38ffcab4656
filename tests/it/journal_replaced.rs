//! No decision is lost when the journal's file changes under an open
//! journal: replaced by rename (`git checkout`, a sync tool), deleted, made
//! a directory, or given a partial line by something else; and a journal's
//! last line is torn only when it is incomplete.
#![cfg(unix)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use incidents::dataset::Incident;
use incidents::review::{Action, Entry, ReviewJournal};

fn dir(name: &str) -> PathBuf {
    crate::common::scratch(&format!("journal-replaced-{name}"))
}

fn incident(id: &str) -> Incident {
    crate::common::one_killed(id)
}

fn line(reviewer: &str, id: &str, action: Action) -> String {
    let mut l = Entry::new(reviewer, &incident(id), action)
        .to_line()
        .expect("line");
    l.push('\n');
    l
}

fn accept(j: &mut ReviewJournal, id: &str) {
    let e = j.entry(&incident(id), Action::Accept);
    j.append(&e).expect("acknowledged");
}

/// (reviewer, incident) of each entry in the journal at `path`.
fn decisions(path: &Path) -> Vec<(String, String)> {
    let (_, entries, _) = ReviewJournal::open_read_only(path).expect("reads");
    entries
        .into_iter()
        .map(|e| (e.reviewer, e.incident))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(r, i)| (r.to_string(), i.to_string()))
        .collect()
}

/// Replaces `path` by rename with a file holding `content`.
fn replace(path: &Path, content: &str) {
    let new = path.with_extension("new");
    fs::write(&new, content).expect("write");
    fs::rename(&new, path).expect("rename");
}

#[test]
fn a_journal_replaced_by_rename_is_reloaded_and_both_sides_kept() {
    let d = dir("rename");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    accept(&mut j, "a");
    assert!(j.take_relocation().is_none());
    // A pull brings another reviewer's decisions, one on the same incident.
    let theirs = line("ben", "z", Action::Accept) + &line("ben", "a", Action::Reject);
    replace(&path, &theirs);

    accept(&mut j, "b");
    let moved = j.take_relocation().expect("the replacement is reported");
    assert!(!moved.deleted);
    assert_eq!(moved.found.len(), 2);
    assert_eq!(moved.copied, 1);
    assert_eq!(moved.conflicts, ["a"]);
    let said = moved.to_string();
    assert!(said.contains("replaced"), "{said}");
    assert!(said.contains("both decided on a"), "{said}");
    // Theirs, then ours (so ours stand), then the new decision.
    assert_eq!(
        decisions(&path),
        pairs(&[("ben", "z"), ("ben", "a"), ("ana", "a"), ("ana", "b")])
    );
    // It goes on writing there, and holds the new file's lock.
    accept(&mut j, "c");
    assert!(j.take_relocation().is_none());
    assert_eq!(decisions(&path).len(), 5);
    assert!(ReviewJournal::open(&path, "ben").is_err(), "still locked");
}

#[test]
fn articles_done_on_both_sides_are_copied_and_name_no_conflict() {
    let d = dir("articles");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    j.append(&Entry::document("ana", "doc-1", true))
        .expect("acknowledged");
    let mut theirs = Entry::document("ben", "doc-2", true)
        .to_line()
        .expect("line");
    theirs.push('\n');
    replace(&path, &theirs);
    accept(&mut j, "a");
    let moved = j.take_relocation().expect("the replacement is reported");
    assert_eq!((moved.found.len(), moved.copied), (1, 1));
    assert!(moved.conflicts.is_empty(), "{:?}", moved.conflicts);
    assert_eq!(
        decisions(&path),
        pairs(&[("ben", ""), ("ana", ""), ("ana", "a")])
    );
}

#[test]
fn an_emptied_or_deleted_journal_gets_every_decision_back() {
    let d = dir("deleted");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    accept(&mut j, "a");
    // `: > j.new && mv j.new j.jsonl`
    replace(&path, "");
    accept(&mut j, "b");
    let moved = j.take_relocation().expect("reported");
    assert_eq!((moved.found.len(), moved.copied), (0, 1));
    assert_eq!(decisions(&path), pairs(&[("ana", "a"), ("ana", "b")]));

    fs::remove_file(&path).expect("rm");
    accept(&mut j, "c");
    let moved = j.take_relocation().expect("reported");
    assert!(moved.deleted);
    assert!(moved.to_string().contains("deleted"), "{moved}");
    assert_eq!(
        decisions(&path),
        pairs(&[("ana", "a"), ("ana", "b"), ("ana", "c")])
    );
}

#[test]
fn a_journal_become_a_directory_refuses_the_decision_until_it_is_a_file_again() {
    let d = dir("directory");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    accept(&mut j, "a");
    fs::remove_file(&path).expect("rm");
    fs::create_dir(&path).expect("mkdir");
    let e = j.entry(&incident("b"), Action::Accept);
    let err = j.append(&e).expect_err("not acknowledged");
    assert!(err.to_string().contains("directory"), "{err}");
    assert!(j.take_relocation().is_none());

    fs::remove_dir(&path).expect("rmdir");
    accept(&mut j, "c");
    assert_eq!(decisions(&path), pairs(&[("ana", "a"), ("ana", "c")]));
}

#[test]
fn a_replacement_another_browser_holds_refuses_the_decision() {
    let d = dir("taken");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    accept(&mut j, "a");
    replace(&path, &line("ben", "z", Action::Accept));
    let (_other, _, _) = ReviewJournal::open(&path, "ben").expect("ben opens the new file");
    let e = j.entry(&incident("b"), Action::Accept);
    let err = j.append(&e).expect_err("not acknowledged");
    assert!(err.to_string().contains("in use by"), "{err}");
    assert_eq!(decisions(&path), pairs(&[("ben", "z")]));
}

#[test]
fn an_entry_is_never_glued_to_a_partial_line_left_by_something_else() {
    let d = dir("partial");
    let path = d.join("reviews.jsonl");
    let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    accept(&mut j, "a");
    let mut other = fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("opens");
    other.write_all(br#"{"partial"#).expect("writes");
    accept(&mut j, "b");
    drop(j);
    let (_j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("reopens");
    let ids: Vec<_> = entries.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(2));
}

#[test]
fn a_whole_last_entry_without_its_newline_is_kept_and_completed() {
    let d = dir("no-newline");
    let path = d.join("reviews.jsonl");
    let text = line("ana", "a", Action::Accept) + line("ana", "b", Action::Accept).trim_end();
    fs::write(&path, &text).expect("write");
    let (mut j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("opens");
    assert_eq!(entries.len(), 2);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(!d.join("reviews.jsonl.torn").exists());
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        text.clone() + "\n"
    );
    accept(&mut j, "c");
    assert_eq!(decisions(&path).len(), 3);
}

#[test]
fn a_complete_last_line_that_is_no_entry_is_reported_and_left_in_place() {
    let d = dir("not-entry");
    let path = d.join("reviews.jsonl");
    let text = line("ana", "a", Action::Accept) + "{\"hello\":\"world\"}\n";
    fs::write(&path, &text).expect("write");
    let (mut j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("opens");
    assert_eq!(entries.len(), 1);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("not a journal entry"),
        "{warnings:?}"
    );
    assert!(!d.join("reviews.jsonl.torn").exists());
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    accept(&mut j, "b");
    assert_eq!(decisions(&path).len(), 2);
}
