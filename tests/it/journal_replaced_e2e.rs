//! The real browser, in a pseudo-terminal, keeps deciding after its journal
//! is replaced by rename or deleted: every decision shown as saved is in
//! the file at the journal's path afterwards, and the screen says what
//! happened (issue 19: `a`, replace or `rm` the journal, `a`, `x`, `q` used
//! to leave it with none).
#![cfg(unix)]

use std::fs;
use std::path::Path;

use crate::common::{self, pty::Pty};

/// Wide enough for the notice with the long test path in it.
const COLS: u16 = 400;
const ROWS: u16 = 30;

fn lines(path: &Path) -> usize {
    fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

fn decide_around(change: impl FnOnce(&Path), said: &str) {
    let journal = common::temp_dir().join("j.jsonl");
    let arg = journal.to_str().expect("a UTF-8 temp path");
    let mut pty = Pty::spawn(&["--reviews", arg], COLS, ROWS);
    pty.send("a");
    pty.wait_for_text("saved: accepted");
    assert_eq!(lines(&journal), 1);

    change(&journal);
    pty.send("a");
    let screen = pty.wait_for_text(said);
    assert!(screen.contains("saved: accepted"), "{screen}");
    pty.send("x");
    pty.wait_for_text("saved: rejected");
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_eq!(lines(&journal), 3, "every decision shown as saved is there");
}

#[test]
fn decisions_after_the_journal_is_replaced_by_rename_are_kept() {
    decide_around(
        |journal| {
            let new = journal.with_extension("new");
            fs::write(&new, "").expect("write");
            fs::rename(&new, journal).expect("rename");
        },
        "was replaced by another file",
    );
}

#[test]
fn decisions_after_the_journal_is_deleted_are_kept() {
    decide_around(
        |journal| fs::remove_file(journal).expect("rm"),
        "was deleted; created it again",
    );
}
