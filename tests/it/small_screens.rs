//! Small screens and long messages (issue 21): searching at 50x15 keeps
//! incidents listed in readable columns, and every message (a malformed
//! filter, the lock, help, "too small") is read whole at 80 columns.

use std::time::{Duration, Instant};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg, Opening};
use incidents::session::Session;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn browser(width: u16, height: u16) -> (App, Session) {
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(width, height));
    let session = Session::new(None, None);
    (app, session)
}

/// Opens the box and types `query` (the box stays open).
fn type_search(app: &mut App, session: &mut Session, query: &str) {
    session.send(app, Action::Search);
    for c in query.chars() {
        session.send(app, Msg::Input(InputKey::Char(c)));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.search_pending() {
        assert!(Instant::now() < deadline, "search did not finish");
        session.receive(app);
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.viewport;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
    terminal
}

/// The screen's rows as text.
fn screen_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    columns(terminal, 0, terminal.backend().buffer().area.width)
}

/// The text of columns `x0..x1` of each row.
fn columns(terminal: &Terminal<TestBackend>, x0: u16, x1: u16) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (x0..x1).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

/// The screen's text with borders and runs of spaces made single spaces,
/// so that a wrapped message reads as one line.
fn flowing(terminal: &Terminal<TestBackend>) -> String {
    let width = terminal.backend().buffer().area.width;
    flowing_in(terminal, 0, width)
}

/// [`flowing`] for columns `x0..x1` (one pane).
fn flowing_in(terminal: &Terminal<TestBackend>, x0: u16, x1: u16) -> String {
    columns(terminal, x0, x1)
        .join(" ")
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn searching_at_50x15_keeps_incidents_listed() {
    let (mut app, mut session) = browser(50, 15);
    type_search(&mut app, &mut session, "kirkuk");
    assert!(app.rows.len() >= 3, "{}", app.rows.len());
    let terminal = draw(&app);
    let rows = screen_rows(&terminal);
    let listed = rows.iter().filter(|r| r.contains(" 20")).count();
    assert!(listed >= 3, "{rows:#?}");
    assert!(rows.iter().all(|r| !r.contains(" Lo ")), "{rows:#?}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_malformed_filter_is_read_whole_at_140_columns() {
    let (mut app, mut session) = browser(140, 30);
    type_search(&mut app, &mut session, "province:diyala killed>=x");
    let error = app.search_error.clone().expect("malformed");
    let terminal = draw(&app);
    // The list pane, left of the detail pane.
    let text = flowing_in(&terminal, 0, 77);
    let whole = format!("✗ {error} (showing the last good result)");
    let whole = whole.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(&whole), "{whole:?} in {text:?}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn the_lock_message_is_read_whole_at_80_columns() {
    let (mut app, _) = browser(80, 24);
    let why = "the review journal /home/ana/incidents/reviews/seed_articles.reviews.jsonl \
               is in use by ben@field-laptop (process 4242, since 2024-05-01T10:30:00Z); \
               close that browser first";
    app.update(Msg::Opened(Box::new(Opening {
        read_only: Some(why.to_string()),
        ..Opening::default()
    })));
    app.update(Action::Accept);
    let notice = app.notice.clone().expect("a notice");
    assert!(notice.contains(why), "{notice}");
    let terminal = draw(&app);
    let text = flowing(&terminal);
    assert!(text.contains(&notice), "{notice:?} in {text:?}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn help_lines_are_read_whole_at_80_columns() {
    let (mut app, _) = browser(80, 80);
    app.update(Action::ToggleHelp);
    // The overlay, 72 columns in the middle.
    let text = flowing_in(&draw(&app), 4, 76);
    for (keys, what) in incidents::input::Keymap::default().help_entries() {
        assert!(text.contains(&what), "{keys}: {what:?}");
    }
    let (mut app, _) = browser(80, 24);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn too_small_is_read_whole_at_25_columns() {
    let (app, _) = browser(25, 6);
    let terminal = draw(&app);
    assert!(flowing(&terminal).contains("Terminal too small: need 30x8"));
    insta::assert_snapshot!(terminal.backend());
}

/// Below 60 columns the status line drops whole parts, least important
/// first (notes, then the incident count), so the position in the list
/// and the review progress stay readable instead of being cut off.
#[test]
fn the_status_line_keeps_position_and_progress_at_50_and_40_columns() {
    for width in [50, 40] {
        let (app, _session) = browser(width, 15);
        let terminal = draw(&app);
        let rows = screen_rows(&terminal);
        let status = rows.last().expect("a status line");
        assert!(status.contains("1/46"), "{width}: {status:?}");
        assert!(status.contains("reviewed 0/46"), "{width}: {status:?}");
        assert!(!status.contains('…'), "whole parts, not cut: {status:?}");
    }
}
