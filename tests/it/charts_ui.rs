//! The timeline and the frequency table in the browser: drawn from the
//! listed incidents, following the search and the review, and filtering
//! the list with a visible search term.

use crate::common;

use std::time::{Duration, Instant};

use incidents::app::{Action, App, Msg, Opening};
use incidents::review::{ReviewJournal, ReviewState};
use incidents::session::Session;
use incidents::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Browser {
    app: App,
    session: Session,
}

fn browser(width: u16, height: u16) -> Browser {
    let path = common::temp_dir().join("reviews.jsonl");
    let (journal, entries, _) = ReviewJournal::open(&path, "tester").expect("journal");
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Opened(Box::new(Opening {
        review: ReviewState::replay(&entries).0,
        ..Opening::default()
    })));
    app.update(Msg::Resize(width, height));
    Browser {
        app,
        session: Session::new(Some(journal), None),
    }
}

impl Browser {
    /// Sends the action and waits for the search it may start.
    fn act(&mut self, action: Action) {
        self.session.send(&mut self.app, action);
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.app.search_pending() {
            assert!(Instant::now() < deadline, "search did not finish");
            self.session.receive(&mut self.app);
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn screen(&self, theme: &Theme) -> Terminal<TestBackend> {
        let (w, h) = self.app.viewport;
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
        t.draw(|f| ui::render_with(f, &self.app, theme))
            .expect("draw");
        t
    }
}

/// The screen's text, then the chart pane's styles: each distinct style a
/// letter (in the order first seen), the default a space. The cursor row,
/// killed and wounded bars and unknown marks must each stand apart, in
/// colour and under NO_COLOR alike.
fn text_and_styles(b: &Browser, theme: &Theme) -> String {
    let t = b.screen(theme);
    let buffer = t.backend().buffer();
    let panes = b.app.panes().expect("panes");
    let pane = panes.detail;
    let mut seen: Vec<ratatui::style::Style> = Vec::new();
    let mut mask = String::new();
    for y in pane.y + 1..pane.y + pane.height - 1 {
        for x in pane.x + 1..pane.x + pane.width - 1 {
            let style = buffer[(x, y)].style();
            if style == ratatui::style::Style::default() {
                mask.push(' ');
                continue;
            }
            let n = seen.iter().position(|s| *s == style).unwrap_or_else(|| {
                seen.push(style);
                seen.len() - 1
            });
            mask.push(char::from(b'a' + (n % 26) as u8));
        }
        mask.push('\n');
    }
    format!("{}\n{mask}", t.backend())
}

fn timeline_browser(width: u16, height: u16) -> Browser {
    let mut b = browser(width, height);
    b.act(Action::ToggleTimeline);
    // The cursor two bins on from the selected incident's.
    b.act(Action::ChartNext);
    b.act(Action::ChartNext);
    b
}

fn frequency_browser(width: u16, height: u16) -> Browser {
    let mut b = browser(width, height);
    b.act(Action::ToggleFrequency);
    b.act(Action::ChartNext);
    b
}

#[test]
fn timeline_at_120x40() {
    let b = timeline_browser(120, 40);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::dark()));
}

#[test]
fn timeline_at_60x20() {
    let b = timeline_browser(60, 20);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::dark()));
}

#[test]
fn timeline_at_120x40_no_color() {
    let b = timeline_browser(120, 40);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::mono()));
}

#[test]
fn timeline_at_60x20_no_color() {
    let b = timeline_browser(60, 20);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::mono()));
}

#[test]
fn frequency_at_120x40() {
    let b = frequency_browser(120, 40);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::dark()));
}

#[test]
fn frequency_at_60x20() {
    let b = frequency_browser(60, 20);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::dark()));
}

#[test]
fn frequency_at_120x40_no_color() {
    let b = frequency_browser(120, 40);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::mono()));
}

#[test]
fn frequency_at_60x20_no_color() {
    let b = frequency_browser(60, 20);
    insta::assert_snapshot!(text_and_styles(&b, &Theme::mono()));
}

#[test]
fn enter_on_a_bin_lists_exactly_its_incidents_and_the_timeline_follows() {
    let mut b = browser(120, 40);
    b.act(Action::ToggleTimeline);
    let timeline = b.app.timeline_view();
    // The busiest month.
    let (k, busiest) = timeline
        .bins
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| t.incidents)
        .expect("bins");
    let expected = busiest.clone();
    let start = b.app.timeline_cursor(&timeline).expect("cursor");
    for _ in start..k {
        b.act(Action::ChartNext);
    }
    b.act(Action::ChartFilter);
    let term = timeline.date_term(k).expect("term");
    assert_eq!(b.app.search.text(), term);
    assert_eq!(b.app.rows.len() as u64, expected.incidents);
    assert_eq!(b.app.summary.total, expected);
    // The timeline now shows that month alone.
    let now = b.app.timeline_view();
    assert_eq!(now.total, expected);
    assert!(b.app.notice.as_deref().is_some_and(|n| n.contains(&term)));
}

#[test]
fn a_rejected_incident_leaves_the_timeline_and_the_table_until_toggled() {
    let mut b = browser(120, 40);
    b.act(Action::ToggleTimeline);
    let before = b.app.timeline_view().total.clone();
    let killed = b
        .app
        .selected_incident()
        .and_then(|i| i.killed)
        .unwrap_or(0);
    b.act(Action::Reject);
    let after = b.app.timeline_view().total.clone();
    assert_eq!(after.incidents + 1, before.incidents);
    assert_eq!(after.killed + killed, before.killed);
    assert_eq!(after, b.app.summary.total);
    b.act(Action::ToggleFrequency);
    let sum: u64 = b
        .app
        .frequency_view()
        .rows
        .iter()
        .map(|r| r.totals.incidents)
        .sum();
    assert_eq!(sum, after.incidents);
    b.act(Action::ToggleRejected);
    assert_eq!(b.app.frequency_view().total, before);
    // The status column now has the rejected one in a row of its own.
    for _ in 0..8 {
        b.act(Action::ChartColumn);
    }
    let table = b.app.frequency_view();
    assert_eq!(table.column.name(), "status");
    let rejected = table
        .rows
        .iter()
        .find(|r| r.value == "rejected")
        .expect("row");
    assert_eq!(rejected.totals.incidents, 1);
}

#[test]
fn enter_on_a_province_row_adds_a_visible_province_term() {
    let mut b = browser(120, 40);
    b.act(Action::ToggleFrequency);
    let table = b.app.frequency_view();
    let first = table.rows[0].clone();
    b.act(Action::ChartFilter);
    assert_eq!(b.app.search.text(), format!("province:{}", first.value));
    assert_eq!(b.app.summary.total, first.totals);
    // Picking another province replaces the term rather than adding one.
    b.act(Action::ChartNext);
    let second = b.app.frequency_view().rows.get(1).cloned();
    assert!(second.is_none(), "one province listed now");
    b.act(Action::ToggleFrequency);
    assert!(b.app.charts.open.is_none());
}

/// The real binary in a terminal: `t` opens the timeline, `l` moves the
/// cursor on, Enter lists that month alone with its term in the search box.
#[test]
fn in_a_terminal_the_timeline_filters_the_list_to_a_bin() {
    let mut pty = common::pty::Pty::spawn(&[], 120, 40);
    pty.wait_for_text("Killed/wounded by province");
    pty.send("t");
    pty.wait_for_text("Timeline by month");
    // From the first incident's month (2019-03) two months on.
    pty.send("ll");
    pty.wait_for_text("2019-05-01 – 2019-05-31 · 1 incident");
    pty.send("\r");
    let screen = pty.wait_for_all(&["Incidents 1 of 46", "date:2019-05"]);
    assert!(
        screen.contains("Diyala"),
        "the May 2019 incident:\n{screen}"
    );
    assert!(
        !screen.contains("2019-03-11"),
        "March is no longer listed:\n{screen}"
    );
    pty.send("q");
    assert!(pty.wait_exit().success());
}
