//! From a folder of articles to a reviewed export, as a user would: extract
//! the drafts, open them in the browser in a real pseudo-terminal, accept
//! one, quit, export. And open the folder itself in the browser.

use crate::common;

use std::process::Command;

use crate::common::pty::Pty;
use serde_json::Value;

const COLS: u16 = 120;
const ROWS: u16 = 36;

fn folder() -> std::path::PathBuf {
    let dir = common::temp_dir().join("articles");
    std::fs::create_dir_all(&dir).expect("a folder");
    std::fs::write(
        dir.join("2022-01-21-hawija.txt"),
        "Roadside bomb kills two soldiers in Hawija\n\nKIRKUK, Iraq — Two Iraqi army soldiers were killed and three others wounded on Thursday night when a roadside bomb struck their vehicle near the village of Zanqar, security sources said.\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("2021-06-11-sadr-city.txt"),
        "Bomb rips through Baghdad market\n\nBAGHDAD (AP) — A bomb hidden in a vegetable cart exploded in a crowded market in Sadr City on Thursday, killing four people and wounding 14, officials said.\n",
    )
    .expect("write");
    dir
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn extract_open_accept_and_export() {
    let dir = folder();
    let work = dir.parent().expect("a parent").to_path_buf();
    let draft = work.join("draft.jsonl");
    let journal = work.join("reviews.jsonl");
    let out = work.join("reviewed.jsonl");
    let o = Command::new(common::BIN)
        .args(["extract", s(&dir), "-o", s(&draft)])
        .output()
        .expect("run extract");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut pty = Pty::spawn(&[s(&draft), "--reviews", s(&journal)], COLS, ROWS);
    // The list shows the drafts, the detail pane the first one's article.
    pty.wait_for_all(&[
        "Incident 2021-06-11-sadr-city-1",
        "Zanqar",
        "vegetable cart",
    ]);
    pty.send("a");
    pty.wait_for_text("saved: accepted 2021-06-11-sadr-city-1");
    pty.send("q");
    assert!(pty.wait_exit().success());

    let o = Command::new(common::BIN)
        .args(["export", s(&draft), "--reviews", s(&journal), "-o", s(&out)])
        .output()
        .expect("run export");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let exported: Vec<Value> = std::fs::read_to_string(&out)
        .expect("the export")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let accepted = exported
        .iter()
        .find(|r| r["id"] == "2021-06-11-sadr-city-1")
        .expect("the accepted draft");
    assert_eq!(accepted["review"]["status"], "accepted");
    assert_eq!(accepted["killed"], 4);
    assert_eq!(accepted["extractor"], "incidents-rules/1");
}

#[test]
fn a_folder_opens_in_the_browser_as_drafts() {
    let dir = folder();
    // The folder's review journal goes to the data directory, as a
    // dataset's does.
    let mut pty = Pty::spawn(&[s(&dir)], COLS, ROWS);
    pty.wait_for_all(&[
        "drafts from the built-in rules",
        "Zanqar",
        "vegetable cart",
        "journal:",
    ]);
    // `E` exports the reviewed drafts, named after the folder (there is
    // no dataset file to read again: the drafts stand in for it).
    pty.send("a");
    pty.wait_for_text("saved: accepted");
    pty.send("E");
    pty.wait_for_text("to articles-reviewed.jsonl");
    pty.send("q");
    assert!(pty.wait_exit().success());
}
