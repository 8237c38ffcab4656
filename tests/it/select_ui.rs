//! Select mode: a cursor in the article text moved by word, sentence and
//! line, a selection grown from it by keyboard or mouse drag, drawn
//! distinctly from evidence in every theme.

use incidents::app::{Action, App, Mode, Msg};
use incidents::dataset::load_bytes;
use incidents::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

/// Arabic, an emoji and a control character (removed by cleaning) come
/// before the words selected, so byte, code point and column all differ.
pub const ARTICLE: &str = r#"{"type": "document", "id": "tuz", "title": "Bomb near Tuz", "text": "بغداد 🙂 — A roadside bomb\u0007 struck a patrol near Tuz Khurmatu on Monday, killing two members of the PMF and wounding three. Separately, gunmen attacked a checkpoint in Hawija.\n\nOfficials blamed ISIS."}
{"type": "incident", "id": "tuz-1", "district": "Tuz Khurmatu", "killed": 2, "sources": [{"document": "tuz", "evidence": [{"field": "district", "quote": "Tuz Khurmatu"}]}]}
"#;

pub fn app(width: u16, height: u16) -> App {
    let loaded = load_bytes("tuz.jsonl", ARTICLE.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut dataset = loaded.dataset;
    incidents::evidence::apply(&mut dataset, &[incidents::evidence::Gazetteer::iraq()]);
    let mut app = App::new(dataset, "tuz");
    app.update(Msg::Resize(width, height));
    app
}

fn draw(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = app.viewport;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
    terminal
        .draw(|f| ui::render_with(f, app, theme))
        .expect("draw");
    terminal
}

/// Moves the cursor word by word until it is on `word`.
pub fn cursor_to(app: &mut App, word: &str) {
    for _ in 0..100 {
        if app.selected_text() == Some(word) {
            return;
        }
        app.update(Action::NextWord);
    }
    panic!("the cursor never reached {word:?}");
}

/// Selects "killing two members" from the keyboard.
pub fn select_killing_two_members(app: &mut App) {
    app.update(Action::Select);
    assert_eq!(app.mode(), Mode::Select);
    cursor_to(app, "killing");
    app.update(Action::Extend);
    app.update(Action::NextWord);
    app.update(Action::NextWord);
    assert_eq!(app.selected_text(), Some("killing two members"));
}

/// The screen's text with `#` over every cell drawn in the selection's
/// style (the cursor's word included) and `.` elsewhere, row by row, for
/// the rows that hold any.
fn selection_mask(terminal: &Terminal<TestBackend>, theme: &Theme) -> String {
    let buffer = terminal.backend().buffer();
    let selection = theme.selection;
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let (mut text, mut mask) = (String::new(), String::new());
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            text.push_str(cell.symbol());
            let style = cell.style();
            // A cell's colours are `Reset` where a style sets none.
            let colour = |c: Option<Color>| c.unwrap_or(Color::Reset);
            let selected = colour(style.bg) == colour(selection.bg)
                && colour(style.fg) == colour(selection.fg)
                && style.add_modifier.contains(selection.add_modifier);
            mask.push(if selected { '#' } else { '.' });
        }
        if mask.contains('#') {
            out.push_str(&format!("{text}\n{mask}\n"));
        }
    }
    out
}

#[test]
fn the_cursor_moves_by_word_sentence_and_line() {
    let mut app = app(120, 40);
    app.update(Action::Select);
    assert_eq!(
        app.selected_text(),
        Some("بغداد"),
        "starts on the first word"
    );
    app.update(Action::NextWord);
    assert_eq!(
        app.selected_text(),
        Some("A"),
        "the emoji and dash are not words"
    );
    app.update(Action::NextSentence);
    assert_eq!(app.selected_text(), Some("Separately"));
    app.update(Action::NextSentence);
    assert_eq!(app.selected_text(), Some("Officials"));
    app.update(Action::PrevSentence);
    assert_eq!(app.selected_text(), Some("Separately"));
    cursor_to(&mut app, "Hawija");
    app.update(Action::Down);
    assert_eq!(
        app.selected_text(),
        Some("ISIS"),
        "down passes the blank line to the word nearest the column"
    );
    app.update(Action::Up);
    assert_eq!(app.selected_text(), Some("Hawija"));
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(app.selected_text(), None);
}

#[test]
fn the_selection_grows_and_shrinks_from_where_extending_started() {
    let mut app = app(120, 40);
    select_killing_two_members(&mut app);
    app.update(Action::PrevWord);
    assert_eq!(app.selected_text(), Some("killing two"));
    app.update(Action::Extend);
    assert_eq!(
        app.selected_text(),
        Some("two"),
        "extending off: the cursor's word"
    );
}

#[test]
fn select_mode_starts_on_the_current_evidence_span() {
    let mut app = app(120, 40);
    app.update(Action::NextEvidence);
    app.update(Action::Select);
    assert_eq!(app.selected_text(), Some("Tuz"));
}

#[test]
fn choosing_another_incident_leaves_select_mode() {
    let text = format!(
        "{ARTICLE}{}",
        r#"{"type": "incident", "id": "tuz-2", "sources": [{"document": "tuz"}]}"#
    );
    let mut app = App::new(load_bytes("t", text.as_bytes()).dataset, "t");
    app.update(Msg::Resize(120, 40));
    app.update(Action::Select);
    assert_eq!(app.mode(), Mode::Select);
    let list = app.panes().expect("panes").list.inner();
    // The header, then the first row, then the second.
    app.update(Msg::Click(list.x + 3, list.y + 2));
    assert_eq!(app.selected, 1);
    assert_eq!(app.mode(), Mode::Browse);
}

/// Where `needle` is drawn: its first cell's column and row.
fn cell_of(terminal: &Terminal<TestBackend>, needle: &str) -> (u16, u16) {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut columns = Vec::new();
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            for _ in 0..symbol.len() {
                columns.push(x);
            }
            line.push_str(symbol);
        }
        if let Some(at) = line.find(needle) {
            return (columns[at], y);
        }
    }
    panic!("{needle:?} is not on screen");
}

#[test]
fn dragging_the_mouse_selects_whole_words() {
    let mut app = app(120, 40);
    let terminal = draw(&app, &Theme::dark());
    let (x0, y0) = cell_of(&terminal, "killing");
    let (x1, y1) = cell_of(&terminal, "members");
    app.update(Msg::Click(x0 + 2, y0));
    app.update(Msg::Drag(x1 + 3, y1));
    assert_eq!(app.mode(), Mode::Select);
    assert_eq!(app.selected_text(), Some("killing two members"));
    // A click while selecting puts the cursor there, extending off.
    app.update(Msg::Click(x0, y0));
    assert_eq!(app.selected_text(), Some("killing"));
}

#[test]
fn the_selection_snapshot_at_120x40_and_60x20() {
    for (w, h) in [(120, 40), (60, 20)] {
        let mut app = app(w, h);
        select_killing_two_members(&mut app);
        let dark = draw(&app, &Theme::dark());
        insta::assert_snapshot!(format!("selection_{w}x{h}"), dark.backend());
        insta::assert_snapshot!(
            format!("selection_mask_{w}x{h}"),
            selection_mask(&dark, &Theme::dark())
        );
    }
}

#[test]
fn the_selection_shows_in_every_theme() {
    for theme in [Theme::dark(), Theme::light(), Theme::mono()] {
        let mut app = app(120, 40);
        select_killing_two_members(&mut app);
        let mask = selection_mask(&draw(&app, &theme), &theme);
        let marked: usize = mask
            .lines()
            .skip(1)
            .step_by(2)
            .map(|l| l.matches('#').count())
            .sum();
        assert_eq!(
            marked,
            "killing two members".len(),
            "{}: {mask}",
            theme.name
        );
    }
}
