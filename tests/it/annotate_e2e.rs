//! Review of what the extraction missed, end to end in a real terminal:
//! an article opened, "killing two members" selected from the keyboard
//! and added as evidence for killed (2 offered), a sentence added as a new
//! incident, the article marked done; reopened, all there; exported, the
//! offsets slice to the selected words as Python slices code points, with
//! Arabic and an emoji before them.

use crate::common;
use crate::common::pty::Pty;

const ARTICLE: &str = "Bomb near Tuz\n\nبغداد 🙂 — A roadside bomb struck a patrol near Tuz Khurmatu on Monday, killing two members of the PMF and wounding three. Separately, gunmen attacked a checkpoint in Hawija.\n\nOfficials blamed ISIS.\n";

/// The status line's quote of the selection in `screen`.
fn quoted(screen: &str) -> Option<String> {
    let line = screen.lines().rev().find(|l| l.contains(" select: “"))?;
    let start = line.find('“')? + '“'.len_utf8();
    let end = line[start..].find('”')? + start;
    Some(line[start..end].to_string())
}

/// Presses `key` until the selection quoted ends with `word`, one press
/// at a time (each waits for the quote to change).
fn press_until(pty: &mut Pty, key: &str, word: &str) {
    for _ in 0..80 {
        let before = quoted(&pty.contents());
        if before.as_deref().is_some_and(|s| s.ends_with(word)) {
            return;
        }
        pty.send(key);
        pty.wait_for("the cursor to move", |s| {
            let now = quoted(&s.contents());
            now.is_some() && now != before
        });
    }
    panic!("the selection never reached {word:?}:\n{}", pty.contents());
}

/// Python's `text[start:end]`: code points.
fn slice(text: &str, start: u64, end: u64) -> String {
    let (start, end) = (start as usize, end as usize);
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn a_missed_incident_and_its_evidence_added_from_the_keyboard_survive_and_export() {
    let dir = common::scratch("annotate-e2e");
    let article = dir.join("tuz.txt");
    std::fs::write(&article, ARTICLE).expect("article");
    let journal = dir.join("reviews.jsonl");
    let (article_arg, journal_arg) = (
        article.to_str().expect("utf-8 path"),
        journal.to_str().expect("utf-8 path"),
    );
    let args = [article_arg, "--reviews", journal_arg];

    let mut pty = Pty::spawn(&args, 120, 40);
    pty.wait_for_text("Killed/wounded by province");
    let drafts = pty.contents();
    let listed = |screen: &str| {
        screen.lines().find_map(|l| {
            l.split(" incidents ·")
                .next()?
                .rsplit(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
    };
    let before = listed(&drafts).expect("the status line counts incidents");

    // "killing two members", as evidence for killed: 2 is offered.
    pty.send("i");
    pty.wait_for_text(" select: “");
    press_until(&mut pty, "w", "killing");
    pty.send("v");
    press_until(&mut pty, "w", "killing two members");
    pty.send("e");
    // The picker whole (a frame is drawn top to bottom), killed chosen
    // for the count the selection states.
    pty.wait_for_all(&[
        "Evidence for which field? “killing two members”",
        "▶ 8 killed       2 (the selection says so too)",
        "Esc cancel",
    ]);
    pty.send("8");
    pty.wait_for_text("saved: evidence added to");

    // A new incident from the Hawija sentence.
    pty.send("i");
    pty.wait_for_text(" select: “");
    press_until(&mut pty, ")", "Separately");
    pty.send("v");
    press_until(&mut pty, "w", "Hawija");
    pty.send("a");
    pty.wait_for_text("Add an incident the extraction missed");
    pty.send("\r");
    pty.wait_for_text("saved: added");

    pty.send("D");
    pty.wait_for_text("saved: article done: tuz");
    pty.send("q");
    assert!(pty.wait_exit().success());

    // Reopened: the incident, the evidence and the mark are there.
    let mut again = Pty::spawn(&args, 120, 40);
    again.wait_for_text("Killed/wounded by province");
    // The opening notice is read once (any key); then the status line
    // counts. (Not Esc: a key right after it would read as Alt.)
    again.send("g");
    let screen = again.wait_for_text("articles done 1/1");
    assert_eq!(listed(&screen), Some(before + 1), "{screen}");
    again.send("E");
    let saved = again.wait_for("the export's notice", |s| s.contents().contains("export"));
    assert!(saved.contains("exported"), "{saved}");
    again.send("q");
    assert!(again.wait_exit().success());
    let name = saved
        .split("exported ")
        .nth(1)
        .and_then(|s| s.split(" to ").nth(1))
        .map(|s| s.split_whitespace().next().unwrap_or(""))
        .expect("the export names its file");
    let exported = std::fs::read_to_string(again.home().join(name)).expect("the export");
    let records: Vec<serde_json::Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let text = records
        .iter()
        .find(|r| r["type"] == "document")
        .and_then(|d| d["text"].as_str())
        .expect("the article")
        .to_string();
    let spans = |record: &serde_json::Value, field: &str| -> Vec<String> {
        record["sources"][0]["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["field"] == field)
            .map(|e| {
                slice(
                    &text,
                    e["start"].as_u64().expect("start"),
                    e["end"].as_u64().expect("end"),
                )
            })
            .collect()
    };
    let added = records
        .iter()
        .find(|r| r["review"]["status"] == "added")
        .expect("the added incident is exported");
    assert!(added["id"].as_str().is_some_and(|id| id.contains("added")));
    assert_eq!(spans(added, "district"), ["Hawija"]);
    let with_killed = records
        .iter()
        .filter(|r| r["type"] == "incident")
        .flat_map(|r| spans(r, "killed"))
        .filter(|s| s == "killing two members")
        .count();
    assert!(with_killed >= 1, "{exported}");
    // The evidence added by hand is in the export, on the selected words.
    assert!(exported.contains("\"field\":\"killed\""), "{exported}");
}
