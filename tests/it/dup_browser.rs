//! Duplicates in the browser: the clusters found off the UI thread, the
//! list's marker, `has:duplicate`, the cluster view and its decisions.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::common::{fixture, temp_dir};
use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg, Opening};
use incidents::evidence::gazetteer::Gazetteer;
use incidents::review::{ReviewJournal, ReviewState};
use incidents::session::Session;

/// The browser on the fixture with planted duplicates, its clusters found,
/// deciding into `journal` when given.
fn browser(journal: Option<&Path>) -> (App, Session) {
    let loaded = incidents::dataset::load_path(&fixture("duplicates.jsonl"), &mut |_| {});
    let mut app = App::new(loaded.dataset, "duplicates.jsonl");
    let journal = journal.map(|p| ReviewJournal::open(p, "tester").expect("journal").0);
    app.update(Msg::Opened(Box::new(Opening {
        review: ReviewState::default(),
        journal_label: Some("journal".into()),
        ..Opening::default()
    })));
    app.update(Msg::Resize(120, 40));
    let mut session = Session::new(journal, None);
    session.gazetteers = Some(Arc::new(vec![Gazetteer::iraq()]));
    session.find_duplicates(&app);
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.duplicates().is_none() {
        assert!(Instant::now() < deadline, "duplicates were not found");
        session.receive(&mut app);
        std::thread::sleep(Duration::from_millis(2));
    }
    (app, session)
}

fn select(app: &mut App, session: &mut Session, id: &str) {
    session.send(app, Action::First);
    while app.selected_incident().map(|i| i.id.as_str()) != Some(id) {
        let before = app.selected;
        session.send(app, Action::Down);
        assert_ne!(before, app.selected, "{id} is not listed");
    }
}

fn screen(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut app = app.clone();
    app.update(Msg::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|f| incidents::ui::render(f, &app))
        .expect("draw");
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    format!("{}", terminal.backend())
}

#[test]
fn has_duplicate_lists_the_cluster_members_in_the_browser() {
    let (mut app, mut session) = browser(None);
    session.send(&mut app, Action::Search);
    for c in "has:duplicate".chars() {
        session.send(&mut app, Msg::Input(InputKey::Char(c)));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.search_pending() {
        assert!(Instant::now() < deadline, "search did not finish");
        session.receive(&mut app);
        std::thread::sleep(Duration::from_millis(2));
    }
    let mut ids: Vec<&str> = app
        .rows
        .iter()
        .map(|&i| app.dataset.incidents[i].id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["acled-IRQ1", "ged-77", "nw-1", "rd-1"]);
}

#[test]
fn the_list_marks_cluster_members_with_the_cluster_size() {
    let (app, _) = browser(None);
    let terminal = screen(&app, 120, 40);
    let shown = text(&terminal);
    assert_eq!(shown.matches("~2").count(), 4, "{shown}");
    insta::assert_snapshot!("dup_list_markers_120x40", terminal.backend());
}

#[test]
fn the_cluster_view_shows_members_side_by_side_at_any_size() {
    let (mut app, mut session) = browser(None);
    select(&mut app, &mut session, "nw-1");
    session.send(&mut app, Action::ShowCluster);
    let view = app.clusters.view.as_ref().expect("the cluster view opens");
    assert_eq!(view.members.len(), 2);
    let big = screen(&app, 120, 40);
    let shown = text(&big);
    for expected in [
        "Shorja market",
        "al-Shorja market",
        "Rudaw",
        "0.89",
        "4 / 4 / 5",
    ] {
        assert!(shown.contains(expected), "{expected}: {shown}");
    }
    insta::assert_snapshot!("dup_cluster_view_120x40", big.backend());
    let small = screen(&app, 60, 20);
    insta::assert_snapshot!("dup_cluster_view_60x20", small.backend());
    // Smaller still, it says what it leaves out.
    let tiny = text(&screen(&app, 40, 12));
    assert!(tiny.contains("cut:"), "{tiny}");
    session.send(&mut app, Action::ChartNext);
    assert_eq!(app.clusters.view.as_ref().map(|v| v.selected), Some(1));
    session.send(&mut app, Action::ChartFilter);
    assert!(app.clusters.view.is_none(), "Enter opens the member");
    assert_eq!(app.selected_incident().map(|i| i.id.as_str()), Some("rd-1"));
}

#[test]
fn not_the_same_removes_the_marker_is_journaled_and_undo_brings_it_back() {
    let journal = temp_dir().join("reviews.jsonl");
    let (mut app, mut session) = browser(Some(&journal));
    let nw = app
        .dataset
        .incidents
        .iter()
        .position(|i| i.id == "nw-1")
        .expect("nw-1");
    select(&mut app, &mut session, "nw-1");
    session.send(&mut app, Action::ShowCluster);
    session.send(&mut app, Action::Reject);
    assert!(app.cluster_of(nw).is_none(), "split: {:?}", app.notice);
    let view = text(&screen(&app, 120, 40));
    assert!(view.contains("split"), "{view}");
    session.send(&mut app, Action::Close);
    assert_eq!(text(&screen(&app, 120, 40)).matches("~2").count(), 2);
    let written = std::fs::read_to_string(&journal).expect("journal");
    assert!(written.contains("not_same"), "{written}");
    session.send(&mut app, Action::Undo);
    assert!(app.cluster_of(nw).is_some(), "undone: {:?}", app.notice);
    assert_eq!(text(&screen(&app, 120, 40)).matches("~2").count(), 4);
    // Confirmed: the marker says so, and count-once counts the event once.
    session.send(&mut app, Action::ShowCluster);
    session.send(&mut app, Action::Accept);
    assert!(app.cluster_of(nw).is_some_and(|c| c.confirmed));
    session.send(&mut app, Action::Close);
    assert!(text(&screen(&app, 120, 40)).contains("=2"));
    let before = app.summary.total.incidents;
    // The timeline open, the toggle changes its figures too.
    session.send(&mut app, Action::ToggleTimeline);
    let timeline_before = app.timeline_view().total.incidents;
    assert_eq!(timeline_before, before);
    session.send(&mut app, Action::CountOnce);
    assert_eq!(app.summary.total.incidents, before - 1);
    assert_eq!(app.timeline_view().total.incidents, timeline_before - 1);
    assert_eq!(app.timeline_view().total.killed, app.summary.total.killed);
    session.send(&mut app, Action::ToggleTimeline);
    assert!(text(&screen(&app, 120, 40)).contains("counting confirmed events once"));
}

/// The real binary in a terminal: the marker shows once the clusters are
/// found, `d` opens the cluster, `a` confirms, and the journal has it.
#[cfg(unix)]
#[test]
fn confirming_in_the_cluster_view_writes_a_same_event_line() {
    use crate::common::pty::Pty;
    let journal = temp_dir().join("reviews.jsonl");
    let data = fixture("duplicates.jsonl");
    let mut pty = Pty::spawn(
        &[
            data.to_str().expect("UTF-8 path"),
            "--reviews",
            journal.to_str().expect("UTF-8 path"),
        ],
        120,
        40,
    );
    // The first row (nw-1, the earliest) is in a cluster of two.
    pty.wait_for_text("~2");
    pty.send("d");
    pty.wait_for_all(&["Cluster", "al-Shorja market", "a same event"]);
    pty.send("a");
    pty.wait_for_text("saved: same event");
    pty.send("\x1b");
    pty.wait_for_text("=2");
    pty.send("q");
    assert!(pty.wait_exit().success());
    let written = std::fs::read_to_string(&journal).expect("journal");
    assert!(
        written.lines().any(|l| l.contains("\"same_event\"")),
        "{written}"
    );
}
