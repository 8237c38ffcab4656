//! Reviewing in the browser: decisions go through a real journal before
//! they show; corrections change what the list, detail and summary show;
//! rejected incidents are dimmed and left out of the summary.

use crate::common;

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Effect, Msg, Opening};
use incidents::review::{ReviewJournal, ReviewState, ReviewStatus};
use incidents::session::Session;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

struct Browser {
    app: App,
    session: Session,
    journal_path: std::path::PathBuf,
}

fn browser() -> Browser {
    let loaded = incidents::load_sample();
    let dir = common::temp_dir();
    let journal_path = dir.join("reviews.jsonl");
    let (journal, entries, _) = ReviewJournal::open(&journal_path, "tester").expect("journal");
    let mut app = App::new(loaded.dataset, "sample");
    app.update(Msg::Opened(Box::new(Opening {
        review: ReviewState::replay(&entries).0,
        // A fixed label: the real path holds the temp directory, which varies.
        journal_label: Some("reviews.jsonl".into()),
        ..Opening::default()
    })));
    app.update(Msg::Resize(120, 40));
    Browser {
        app,
        session: Session::new(Some(journal), None),
        journal_path,
    }
}

impl Browser {
    fn act(&mut self, action: Action) {
        self.session.send(&mut self.app, action);
    }

    /// Runs effects `update` asked for, handing back what came of them.
    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            for msg in self.session.run(&self.app, effect) {
                self.session.send(&mut self.app, msg);
            }
        }
    }

    /// Starts again on the same review with other preferences.
    fn reopen(&mut self, change: impl FnOnce(&mut Opening)) {
        let mut opening = Opening {
            review: self.app.review.clone(),
            journal_label: self.app.journal_label.clone(),
            read_only: self.app.read_only.clone(),
            advance_on_accept: self.app.advance_on_accept,
            ..Opening::default()
        };
        change(&mut opening);
        self.app.update(Msg::Opened(Box::new(opening)));
    }

    fn type_keys(&mut self, keys: &[InputKey]) {
        for k in keys {
            self.session.send(&mut self.app, Msg::Input(*k));
        }
    }

    fn type_text(&mut self, text: &str) {
        let keys: Vec<InputKey> = text.chars().map(InputKey::Char).collect();
        self.type_keys(&keys);
    }

    fn selected_id(&self) -> String {
        self.app
            .selected_incident()
            .expect("selected")
            .id
            .to_string()
    }

    fn journal_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.journal_path)
            .expect("journal")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    fn draw(&self) -> Terminal<TestBackend> {
        let (w, h) = self.app.viewport;
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
        t.draw(|f| ui::render(f, &self.app)).expect("draw");
        t
    }
}

#[test]
fn accept_is_journaled_then_shown_and_moves_on() {
    let mut b = browser();
    let first = b.selected_id();
    // update alone only asks for the journal: nothing is shown as done yet.
    let effects = b.app.update(Action::Accept);
    assert!(matches!(effects[..], [Effect::Journal { .. }]));
    assert_eq!(b.app.review.status(&first), ReviewStatus::Unreviewed);
    b.run(effects);
    assert_eq!(b.app.review.status(&first), ReviewStatus::Accepted);
    assert_ne!(b.selected_id(), first, "moved to the next unreviewed");
    assert_eq!(
        b.app.notice.as_deref(),
        Some(format!("saved: accepted {first}").as_str())
    );
    let lines = b.journal_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["action"], "accept");
    assert_eq!(lines[0]["incident"], first.as_str());
    assert_eq!(lines[0]["reviewer"], "tester");
    assert_eq!(b.app.progress().to_string(), "reviewed 1/46, 2%");
}

#[test]
fn advancing_can_be_turned_off() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    let first = b.selected_id();
    b.act(Action::Accept);
    assert_eq!(b.selected_id(), first);
}

#[test]
fn reject_leaves_the_summary_until_toggled() {
    let mut b = browser();
    let killed_before = b.app.summary.total.killed;
    let incident = b.app.selected_incident().expect("selected").clone();
    b.act(Action::Reject);
    assert_eq!(b.app.review.status(&incident.id), ReviewStatus::Rejected);
    let k = incident.killed.unwrap_or(0);
    assert_eq!(b.app.summary.total.killed, killed_before - k);
    assert_eq!(b.app.summary.total.incidents, 45);
    b.act(Action::ToggleRejected);
    assert_eq!(b.app.summary.total.killed, killed_before);
    assert_eq!(b.app.summary.total.incidents, 46);
}

#[test]
fn undo_and_redo_go_through_the_journal() {
    let mut b = browser();
    let first = b.selected_id();
    b.act(Action::Accept);
    b.act(Action::Undo);
    assert_eq!(b.app.review.status(&first), ReviewStatus::Unreviewed);
    assert_eq!(b.selected_id(), first, "undo selects what it changed");
    b.act(Action::Redo);
    assert_eq!(b.app.review.status(&first), ReviewStatus::Accepted);
    let actions: Vec<String> = b
        .journal_lines()
        .iter()
        .map(|l| l["action"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(actions, ["accept", "undo", "redo"]);
    // The journal replays to the state shown.
    let (_, entries, _) = ReviewJournal::open_read_only(&b.journal_path).expect("read");
    let replayed = ReviewState::replay(&entries).0;
    assert_eq!(replayed.status(&first), ReviewStatus::Accepted);
}

#[test]
fn a_correction_changes_list_detail_and_summary() {
    let mut b = browser();
    let id = b.selected_id();
    let killed = b
        .app
        .selected_incident()
        .and_then(|i| i.killed)
        .expect("known");
    let total = b.app.summary.total.killed;
    b.act(Action::Edit);
    // Down to "killed" (the 8th field), clear it and type a new count.
    for _ in 0..7 {
        b.type_keys(&[InputKey::Down]);
    }
    b.type_keys(&[InputKey::End, InputKey::DeleteToStart]);
    b.type_text(&(killed + 10).to_string());
    b.type_keys(&[InputKey::Enter]);
    assert!(b.app.editing.is_none(), "the form closed");
    assert_eq!(b.app.review.status(&id), ReviewStatus::Corrected);
    assert_eq!(b.app.summary.total.killed, total + 10);
    let shown = b
        .app
        .shown(b.app.selected_incident().expect("selected"))
        .killed;
    assert_eq!(shown, Some(killed + 10));
    let view = b.app.detail_view().expect("detail");
    let text: Vec<String> = view
        .rows
        .iter()
        .map(|r| r.iter().map(|s| s.text.as_str()).collect())
        .collect();
    // Marked corrected (and, as the article says otherwise, doubtful).
    assert!(
        text.iter().any(|r| r.starts_with("Killed")
            && r.contains(&(killed + 10).to_string())
            && r.contains('✎')),
        "{text:#?}"
    );
    b.act(Action::ToggleExtracted);
    let view = b.app.detail_view().expect("detail");
    let text: String = view
        .rows
        .iter()
        .flatten()
        .map(|s| s.text.as_str())
        .collect();
    assert!(text.contains(&format!("extracted: {killed}")), "{text}");
    let lines = b.journal_lines();
    assert_eq!(lines[0]["action"], "correct");
    assert_eq!(lines[0]["field"], "killed");
}

#[test]
fn an_invalid_value_keeps_the_form_open() {
    let mut b = browser();
    b.act(Action::Edit);
    b.type_keys(&[InputKey::End, InputKey::DeleteToStart]);
    b.type_text("2021-02-30");
    b.type_keys(&[InputKey::Enter]);
    assert!(b.app.editing.is_some());
    assert!(b.journal_lines().is_empty());
    b.type_keys(&[InputKey::Esc]);
    assert!(b.app.editing.is_none());
    assert!(b.journal_lines().is_empty(), "cancel records nothing");
}

#[test]
fn notes_and_flag_reasons_are_typed_then_saved() {
    let mut b = browser();
    let id = b.selected_id();
    b.act(Action::Note);
    b.type_text("check the second source");
    b.type_keys(&[InputKey::Enter]);
    b.act(Action::Flag);
    b.type_text("count unclear");
    b.type_keys(&[InputKey::Enter]);
    let r = b.app.review.review(&id).expect("reviewed");
    assert_eq!(r.note.as_deref(), Some("check the second source"));
    assert_eq!(r.flag_reason.as_deref(), Some("count unclear"));
    assert_eq!(r.status, ReviewStatus::Flagged);
}

#[test]
fn next_unreviewed_skips_reviewed_rows() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    b.act(Action::Down);
    b.act(Action::Accept);
    b.act(Action::First);
    b.act(Action::NextUnreviewed);
    assert_eq!(b.app.selected, 2);
    b.act(Action::PrevUnreviewed);
    assert_eq!(b.app.selected, 0);
}

#[test]
fn read_only_records_nothing_and_says_why() {
    let mut b = browser();
    b.reopen(|o| o.read_only = Some("the review journal is in use by ana@desk7".into()));
    let effects = b.app.update(Action::Accept);
    assert!(effects.is_empty());
    assert!(b
        .app
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("in use by ana@desk7")));
}

#[test]
fn rejected_rows_are_dimmed_and_statuses_marked() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    b.act(Action::Accept);
    b.act(Action::Down);
    b.act(Action::Reject);
    b.act(Action::Down);
    b.act(Action::Flag);
    b.type_keys(&[InputKey::Enter]);
    b.act(Action::Down);
    b.act(Action::Edit);
    b.type_keys(&[InputKey::Down, InputKey::End, InputKey::DeleteToStart]);
    b.type_text("Kirkuk");
    b.type_keys(&[InputKey::Enter]);
    b.act(Action::Down);
    let t = b.draw();
    let list = b.app.panes().expect("fits").list.inner();
    let buffer = t.backend().buffer();
    // The second incident row (rejected) is dim across the row.
    let y = list.y + 2;
    assert!(buffer[(list.x + 4, y)]
        .style()
        .add_modifier
        .contains(Modifier::DIM));
    assert!(!buffer[(list.x + 4, list.y + 1)]
        .style()
        .add_modifier
        .contains(Modifier::DIM));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn edit_form_snapshot() {
    let mut b = browser();
    b.act(Action::Edit);
    b.type_keys(&[InputKey::Down, InputKey::End, InputKey::DeleteToStart]);
    b.type_text("K");
    b.type_keys(&[
        InputKey::Down,
        InputKey::Down,
        InputKey::Down,
        InputKey::Down,
        InputKey::Down,
        InputKey::Down,
    ]);
    b.type_keys(&[InputKey::End, InputKey::DeleteToStart]);
    b.type_text("-3");
    b.type_keys(&[
        InputKey::Up,
        InputKey::Up,
        InputKey::Up,
        InputKey::Up,
        InputKey::Up,
        InputKey::Up,
    ]);
    insta::assert_snapshot!(b.draw().backend());
}

#[test]
fn summary_command_gives_the_summary_bars_numbers_after_review() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    b.act(Action::Reject);
    b.act(Action::Down);
    b.act(Action::Edit);
    for _ in 0..7 {
        b.type_keys(&[InputKey::Down]);
    }
    b.type_keys(&[InputKey::End, InputKey::DeleteToStart]);
    b.type_text("40");
    b.type_keys(&[InputKey::Enter]);
    drop(b.session.journal.take());
    let journal_path = b.journal_path.clone();
    let journal = journal_path.to_str().expect("utf-8");
    for (flag, include) in [(None, false), (Some("--include-rejected"), true)] {
        let mut args = vec!["summary", "--json", "--reviews", journal];
        args.extend(flag);
        let out = std::process::Command::new(common::BIN)
            .args(&args)
            .env("INCIDENTS_CONFIG", "/nonexistent/config.toml")
            .output()
            .expect("run summary");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        if b.app.include_rejected != include {
            b.act(Action::ToggleRejected);
        }
        let want = serde_json::to_value(&b.app.summary).expect("serialises");
        assert_eq!(got, want, "include_rejected={include}");
    }
}

#[test]
fn the_summary_after_a_search_still_leaves_out_rejected_incidents() {
    let mut b = browser();
    let rejected = b.app.selected_incident().expect("selected").clone();
    b.act(Action::Reject);
    // Search for the rejected incident's province: the engine sums every
    // listed incident; the browser must still leave the rejected one out.
    let province = rejected.province.clone().expect("a province").to_string();
    b.act(Action::Search);
    b.type_text(&province);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while b.app.search_pending() {
        assert!(
            std::time::Instant::now() < deadline,
            "search did not finish"
        );
        b.session.receive(&mut b.app);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let listed: Vec<&incidents::dataset::Incident> = b
        .app
        .rows
        .iter()
        .map(|&i| &b.app.dataset.incidents[i])
        .collect();
    assert!(listed.iter().any(|i| i.id == rejected.id), "still listed");
    let counted = incidents::summary::summarize(
        listed
            .iter()
            .copied()
            .filter(|i| b.app.review.status(&i.id) != ReviewStatus::Rejected),
    );
    assert_eq!(b.app.summary, counted);
    assert_eq!(b.app.summary.total.incidents as usize, listed.len() - 1);
}

#[test]
fn a_corrected_count_is_checked_again_against_its_evidence() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    // The first incident whose killed count its evidence supports.
    let has_supported_killed = |i: &incidents::dataset::Incident| {
        i.killed.is_some_and(|k| k > 0)
            && !i.flags.mismatch
            && i.sources
                .iter()
                .flat_map(|s| &s.evidence)
                .any(|e| e.field == "killed")
    };
    while !has_supported_killed(b.app.selected_incident().expect("selected")) {
        let before = b.app.selected;
        b.act(Action::Down);
        assert_ne!(b.app.selected, before, "the sample has such an incident");
    }
    let killed = b
        .app
        .selected_incident()
        .and_then(|i| i.killed)
        .expect("a count");
    let warnings = b.app.warning_count;
    let detail = |b: &Browser| -> String {
        b.app
            .detail_view()
            .expect("detail")
            .rows
            .iter()
            .map(|r| r.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let said = format!("killed is {} but its evidence says", killed + 5);
    assert!(!detail(&b).contains(&said));
    b.act(Action::Edit);
    for _ in 0..7 {
        b.type_keys(&[InputKey::Down]);
    }
    b.type_keys(&[InputKey::End, InputKey::DeleteToStart]);
    b.type_text(&(killed + 5).to_string());
    b.type_keys(&[InputKey::Enter]);
    assert!(b
        .app
        .notice
        .as_deref()
        .is_some_and(|n| n.starts_with("saved: corrected")));
    assert!(detail(&b).contains(&said), "{}", detail(&b));
    assert_eq!(
        b.app.warning_count,
        warnings + 1,
        "the status line counts it"
    );
    b.act(Action::Undo);
    assert!(!detail(&b).contains(&said));
    assert_eq!(b.app.warning_count, warnings);
}

#[test]
fn a_reviewed_incident_that_changed_since_is_marked_in_the_list() {
    let mut b = browser();
    b.reopen(|o| o.advance_on_accept = false);
    b.act(Action::Accept);
    let id = b.selected_id();
    let row_of = |b: &Browser, id: &str| -> String {
        let t = b.draw();
        let buffer = t.backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            // The only accepted incident's row.
            .find(|line| line.contains('✓'))
            .unwrap_or_else(|| panic!("the row of {id}"))
    };
    assert!(!row_of(&b, &id).contains('Δ'), "unchanged: no mark");
    // The extraction is re-run and the count changes: the decision was made
    // on other data.
    let mut changed: Vec<incidents::dataset::Incident> = b.app.dataset.incidents.clone();
    let i = changed.iter().position(|i| i.id == id).expect("listed");
    changed[i].killed = Some(changed[i].killed.unwrap_or(0) + 7);
    let mut review = b.app.review.clone();
    review.compare_with(&changed);
    assert!(review.changed_since_review(&id).is_some());
    b.reopen(|o| o.review = review);
    assert!(row_of(&b, &id).contains('Δ'), "{}", row_of(&b, &id));
}
