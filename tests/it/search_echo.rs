//! Typing in the search box never waits for the search: the typed text is
//! on screen, and the next key taken, while the search is still running.

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Msg};
use incidents::session::Session;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A dataset of hostile strings, many times over.
fn hostile_dataset() -> std::sync::Arc<incidents::dataset::Dataset> {
    let fixture = include_str!("../fixtures/hostile.jsonl");
    let mut jsonl = String::new();
    for copy in 0..300 {
        for line in fixture.lines() {
            // Each copy with its own ids, its incidents citing its documents.
            let line = line
                .replace("\"id\": \"", &format!("\"id\": \"c{copy}-"))
                .replace("\"document\": \"", &format!("\"document\": \"c{copy}-"));
            jsonl.push_str(&line);
            jsonl.push('\n');
        }
    }
    std::sync::Arc::new(incidents::dataset::load_bytes("hostile", jsonl.as_bytes()).dataset)
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| incidents::ui::render(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn typed_text_is_shown_before_the_search_result_arrives() {
    let mut app = App::new(hostile_dataset(), "hostile");
    app.update(Msg::Resize(100, 30));
    let listed = app.rows.len();
    assert!(listed > 100, "the dataset loaded: {listed} incidents");
    let mut session = Session::new(None, None);
    session.send(&mut app, Action::Search);
    // No result is handed to the app while typing: every key is taken and
    // echoed with the searches still owed.
    for c in "soldiers kirk".chars() {
        session.send(&mut app, Msg::Input(InputKey::Char(c)));
    }
    assert!(app.search_pending(), "no result was waited for");
    let shown = screen(&app);
    assert!(
        shown.contains("soldiers kirk"),
        "the typed text is on screen at once:\n{shown}"
    );
    assert_eq!(
        app.rows.len(),
        listed,
        "the list is the last result's until the new one arrives"
    );
    // Then the result follows.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.search_pending() {
        assert!(std::time::Instant::now() < deadline, "the search finished");
        session.receive(&mut app);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(app.rows.len() < listed, "the result narrowed the list");
}
