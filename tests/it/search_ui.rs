//! Searching in the browser: the box drives the same engine as
//! `incidents search`, newer searches win, a malformed query keeps the last
//! good list, the summary follows the list, and matches are highlighted.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg};
use incidents::query::{all_unreviewed, uncorrected, SearchEngine, SearchRequest, SortKey};
use incidents::session::Session;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn browser() -> (App, Session) {
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(120, 40));
    let session = Session::new(None, None);
    (app, session)
}

fn act(app: &mut App, session: &mut Session, action: Action) {
    session.send(app, action);
    settle(app, session);
}

fn type_in(app: &mut App, session: &mut Session, text: &str) {
    for c in text.chars() {
        session.send(app, Msg::Input(InputKey::Char(c)));
    }
    settle(app, session);
}

/// Waits until the newest search asked for has been shown.
fn settle(app: &mut App, session: &mut Session) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.search_pending() {
        assert!(Instant::now() < deadline, "search did not finish");
        session.receive(app);
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn search(app: &mut App, session: &mut Session, query: &str) {
    act(app, session, Action::Search);
    for _ in 0..app.search.text().chars().count() {
        app.update(Msg::Input(InputKey::Backspace));
    }
    type_in(app, session, query);
    session.send(app, Msg::Input(InputKey::Enter));
}

fn listed_ids(app: &App) -> Vec<String> {
    app.rows
        .iter()
        .map(|&i| app.dataset.incidents[i].id.to_string())
        .collect()
}

fn cli_ids(query: &str, sort: &str, desc: bool) -> Vec<String> {
    let mut args = vec!["search", query, "--sort", sort];
    if desc {
        args.push("--desc");
    }
    let out = Command::new(common::BIN)
        .args(&args)
        .env("INCIDENTS_CONFIG", "/nonexistent/config.toml")
        .output()
        .expect("run incidents search");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn browser_and_search_command_agree() {
    let (mut app, mut session) = browser();
    for query in [
        "kirk",
        "province:kirkuk",
        "province:tameem",
        "islamic killed>=2",
        "\"checkpoint\"",
        "!baghdad date:2021",
        "has:ungrounded",
        "killed:unknown",
    ] {
        search(&mut app, &mut session, query);
        assert!(
            app.search_error.is_none(),
            "{query}: {:?}",
            app.search_error
        );
        assert_eq!(listed_ids(&app), cli_ids(query, "date", false), "{query}");
        // The summary describes exactly the incidents listed.
        assert_eq!(
            app.summary.total.incidents as usize,
            app.rows.len(),
            "{query}"
        );
    }
    // Sorting: `s` to province, `S` to descending, the same as --sort --desc.
    search(&mut app, &mut session, "islamic");
    act(&mut app, &mut session, Action::CycleSort);
    assert_eq!(app.sort.key, SortKey::Province);
    act(&mut app, &mut session, Action::ReverseSort);
    assert_eq!(listed_ids(&app), cli_ids("islamic", "province", true));
}

#[test]
fn a_malformed_query_keeps_the_last_good_list() {
    let (mut app, mut session) = browser();
    search(&mut app, &mut session, "province:diyala");
    let good = listed_ids(&app);
    assert!(!good.is_empty());
    search(&mut app, &mut session, "province:diyala killed>=x");
    assert!(app.search_error.is_some());
    assert_eq!(listed_ids(&app), good);
    assert_eq!(
        app.search_rows(),
        3,
        "the box and the error, wrapped to two lines"
    );
}

#[test]
fn escape_clears_the_filter() {
    let (mut app, mut session) = browser();
    search(&mut app, &mut session, "province:erbil");
    assert!(app.rows.len() < 46);
    act(&mut app, &mut session, Action::Search);
    session.send(&mut app, Msg::Input(InputKey::Esc));
    settle(&mut app, &mut session);
    assert_eq!(app.rows.len(), 46);
    assert_eq!(app.search.text(), "");
}

#[test]
fn an_older_result_never_replaces_a_newer_one() {
    let (mut app, _) = browser();
    let engine = SearchEngine::new(std::sync::Arc::clone(&app.dataset));
    let request = |generation, text: &str| SearchRequest {
        generation,
        query_text: text.to_string(),
        sort: SortKey::Date,
        descending: false,
        status: all_unreviewed(),
        corrected: uncorrected(),
    };
    let old = engine
        .search_blocking(request(1, "province:kirkuk"))
        .expect("result");
    let new = engine
        .search_blocking(request(2, "province:anbar"))
        .expect("result");
    // The app asked for generation 2 after 1 (two sorts, each a search).
    app.update(Action::ReverseSort);
    app.update(Action::ReverseSort);
    assert_eq!(app.generation, 2);
    app.update(Msg::SearchResult(new));
    let anbar = listed_ids(&app);
    app.update(Msg::SearchResult(old));
    assert_eq!(listed_ids(&app), anbar, "the stale result was dropped");
}

#[test]
fn weakest_evidence_first_puts_the_most_suspicious_on_top() {
    let (mut app, mut session) = browser();
    act(&mut app, &mut session, Action::WeakestFirst);
    let scores: Vec<f32> = app
        .rows
        .iter()
        .map(|&i| app.dataset.incidents[i].flags.suspicion)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[0] > scores[scores.len() - 1]);
}

#[test]
fn matched_characters_are_highlighted() {
    let (mut app, mut session) = browser();
    search(&mut app, &mut session, "kirk \"checkpoint\"");
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("backend");
    let theme = ui::Theme::dark();
    t.draw(|f| ui::render_with(f, &app, &theme)).expect("draw");
    let buffer = t.backend().buffer();
    let panes = app.panes().expect("fits");
    // A mask of the list and detail panes: `^` under each character drawn
    // in the search-match style.
    let mut out = String::new();
    for pane in [panes.list.inner(), panes.detail.inner()] {
        for y in pane.y..pane.y + pane.height {
            let mut text = String::new();
            let mut mask = String::new();
            for x in pane.x..pane.x + pane.width {
                let cell = &buffer[(x, y)];
                text.push_str(cell.symbol());
                mask.push(
                    if cell.style().fg == theme.matched.fg && theme.matched.fg.is_some() {
                        '^'
                    } else {
                        ' '
                    },
                );
            }
            if mask.contains('^') {
                out.push_str(text.trim_end());
                out.push('\n');
                out.push_str(mask.trim_end());
                out.push('\n');
            }
        }
    }
    assert!(out.contains('^'), "nothing highlighted");
    insta::assert_snapshot!(out);
}

#[test]
fn a_row_listed_only_for_its_articles_title_says_so() {
    let data = r#"{"type": "document", "id": "d", "title": "Attack near Zanqar village", "text": "Gunmen attacked a checkpoint."}
{"type": "incident", "id": "i1", "province": "Kirkuk", "location": "checkpoint", "sources": [{"document": "d"}]}
"#;
    let loaded = incidents::dataset::load_bytes("t", data.as_bytes());
    let mut app = App::new(loaded.dataset, "t");
    app.update(Msg::Resize(100, 20));
    let mut session = Session::new(None, None);
    let marker = |app: &App| {
        let mut t = Terminal::new(TestBackend::new(100, 20)).expect("backend");
        t.draw(|f| ui::render(f, app)).expect("draw");
        // The first column of the row that shows the incident.
        let buffer = t.backend().buffer();
        let y = (0..20)
            .find(|&y| {
                (0..50)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .contains("Kirkuk")
            })
            .expect("the row is drawn");
        buffer[(1, y)].symbol().to_string()
    };
    search(&mut app, &mut session, "zanqar");
    settle(&mut app, &mut session);
    assert_eq!(listed_ids(&app), ["i1"]);
    assert_eq!(marker(&app), "¶", "listed for its title");
    search(&mut app, &mut session, "kirk");
    settle(&mut app, &mut session);
    assert_eq!(listed_ids(&app), ["i1"]);
    assert_eq!(marker(&app), " ", "the province shows why");
}

/// The list's title says how many incidents a `date:` filter left out,
/// or the date sort put last, as `incidents search` does on stderr.
#[test]
fn the_list_says_how_many_incidents_the_date_filter_or_sort_could_not_place() {
    let mut l = incidents::dataset::load_path(
        &common::fixture("real-exports/acled-resaved.csv"),
        &mut |_| {},
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    incidents::evidence::apply(&mut l.dataset, &[incidents::evidence::Gazetteer::iraq()]);
    let mut app = App::new(l.dataset, "acled");
    app.update(Msg::Resize(120, 40));
    let mut session = Session::new(None, None);
    let title = |app: &App| {
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("backend");
        t.draw(|f| ui::render(f, app)).expect("draw");
        let buffer = t.backend().buffer();
        let mut text = String::new();
        for y in 0..40 {
            for x in 0..120 {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push('\n');
        }
        text
    };
    search(&mut app, &mut session, "date:2020");
    settle(&mut app, &mut session);
    assert_eq!(app.rows.len(), 5);
    assert!(
        title(&app).contains("· 1 undated left out"),
        "{}",
        title(&app)
    );
    // Without the filter, sorted by date: the unplaced one is last, and said.
    search(&mut app, &mut session, "thi-qar");
    settle(&mut app, &mut session);
    assert!(app.order().contains("date"), "the default order");
    assert!(title(&app).contains("· 1 undated last"), "{}", title(&app));
    // Sorted by date, a list of only dated incidents says nothing.
    search(&mut app, &mut session, "tikrit");
    settle(&mut app, &mut session);
    assert!(!title(&app).contains("undated"), "{}", title(&app));
}
