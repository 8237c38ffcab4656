//! Snapshot tests of whole screens on the sample dataset, drawn through the
//! real renderer into ratatui's TestBackend.

use incidents::app::{Action, App, Msg};
use incidents::dataset::FieldKind;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

fn sample_app(width: u16, height: u16) -> App {
    let loaded = incidents::load_sample();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut app = App::new(loaded.dataset, "sample");
    app.update(Msg::Resize(width, height));
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.viewport;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
    terminal
}

#[test]
fn sample_at_120x40() {
    let app = sample_app(120, 40);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn sample_at_60x20_stacks_the_panes() {
    let mut app = sample_app(60, 20);
    app.update(Action::Down);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn help_overlay_lists_the_keys() {
    let mut app = sample_app(120, 40);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn too_small_terminal_says_so() {
    let app = sample_app(20, 5);
    insta::assert_snapshot!(draw(&app).backend());
}

/// One letter per cell of the detail pane's text for the evidence colour it
/// is drawn in: C casualties, P place, A actors, D date, O other; upper
/// case for the current span (`n`), `.` for no evidence.
fn evidence_mask(terminal: &Terminal<TestBackend>, x0: u16, x1: u16, y0: u16, y1: u16) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in y0..y1 {
        let mut text = String::new();
        let mut mask = String::new();
        for x in x0..x1 {
            let cell = &buffer[(x, y)];
            text.push_str(cell.symbol());
            let style = cell.style();
            let current = style
                .add_modifier
                .contains(ratatui::style::Modifier::REVERSED);
            let letter = FieldKind::ALL
                .iter()
                .find(|k| {
                    incidents::ui::Theme::dark().evidence(**k).bg == style.bg && style.bg.is_some()
                })
                .map(|k| match k {
                    FieldKind::Casualties => 'c',
                    FieldKind::Place => 'p',
                    FieldKind::Actors => 'a',
                    FieldKind::Date => 'd',
                    FieldKind::Other => 'o',
                })
                .map(|c| if current { c.to_ascii_uppercase() } else { c })
                .unwrap_or('.');
            mask.push(letter);
        }
        out.push_str(text.trim_end());
        out.push('\n');
        out.push_str(mask.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

#[test]
fn evidence_is_highlighted_by_field_kind() {
    let mut app = sample_app(120, 40);
    // The first incident's article, with the first evidence span current.
    app.update(Action::NextEvidence);
    let terminal = draw(&app);
    let panes = app.panes().expect("fits");
    let inner = panes.detail.inner();
    let mask = evidence_mask(
        &terminal,
        inner.x,
        inner.x + inner.width,
        inner.y,
        inner.y + inner.height,
    );
    // Every evidence kind in the legend has its own colour, and text outside
    // evidence keeps the default background.
    assert!(mask.contains('C') || mask.contains('P') || mask.contains('A') || mask.contains('D'));
    insta::assert_snapshot!(mask);
}

#[test]
fn evidence_spans_are_on_the_exact_characters() {
    // Tall enough to show the whole article.
    let app = sample_app(120, 100);
    let incident = app.selected_incident().expect("selected");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let panes = app.panes().expect("fits");
    let inner = panes.detail.inner();
    // Collect the characters drawn with an evidence colour, below the
    // source heading (above it is the legend, whose swatches are coloured).
    let mut highlighted = String::new();
    let mut in_text = false;
    for y in inner.y..inner.y + inner.height {
        let row: String = (inner.x..inner.x + inner.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        in_text |= row.contains("Source 1 of");
        for x in inner.x..inner.x + inner.width {
            let cell = &buffer[(x, y)];
            if in_text && cell.style().bg.is_some_and(|bg| bg != Color::Reset) {
                highlighted.push_str(cell.symbol());
            }
        }
        highlighted.push('|');
    }
    // Each located span's text appears highlighted (line breaks aside).
    let dataset = &app.dataset;
    for source in &incident.sources {
        let doc = &dataset.documents[source.document.expect("resolved")];
        for ev in &source.evidence {
            if let Some(span) = &ev.range() {
                let words: Vec<&str> = doc.text[span.clone()].split_whitespace().collect();
                for w in words {
                    assert!(
                        highlighted.contains(w),
                        "{:?} of {} not highlighted in {highlighted:?}",
                        w,
                        ev.field
                    );
                }
            }
        }
    }
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = sample_app(10, 10);
    app.update(Action::NextEvidence);
    for w in (0..=300).step_by(7) {
        for h in (0..=100).step_by(5) {
            app.update(Msg::Resize(w, h));
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
            terminal.draw(|f| ui::render(f, &app)).expect("draw");
        }
    }
}
