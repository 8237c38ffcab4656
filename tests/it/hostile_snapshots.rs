//! Snapshots of a dataset of hostile and multilingual strings: escape
//! sequences, bidi overrides, control characters, Arabic, Kurdish (Sorani),
//! CJK, emoji ZWJ sequences and combining marks. Borders stay in place,
//! nothing spills between panes, highlights stay on their characters.

use incidents::app::{Action, App, Msg};
use incidents::dataset::load_bytes;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const HOSTILE: &str = include_str!("../fixtures/hostile.jsonl");

fn app(w: u16, h: u16, select: usize) -> App {
    let loaded = load_bytes("hostile", HOSTILE.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut app = App::new(loaded.dataset, "hostile");
    app.update(Msg::Resize(w, h));
    for _ in 0..select {
        app.update(Action::Down);
    }
    app
}

fn screen(app: &App) -> Terminal<TestBackend> {
    let (w, h) = app.viewport;
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| ui::render(f, app)).expect("draw");
    t
}

#[test]
fn hostile_record_at_120x40() {
    insta::assert_snapshot!(screen(&app(120, 40, 0)).backend());
}

#[test]
fn multilingual_record_at_120x40() {
    insta::assert_snapshot!(screen(&app(120, 40, 1)).backend());
}

#[test]
fn hostile_record_at_50x15() {
    insta::assert_snapshot!(screen(&app(50, 15, 0)).backend());
}

#[test]
fn multilingual_record_at_50x15() {
    let mut a = app(50, 15, 1);
    a.update(Action::NextEvidence);
    insta::assert_snapshot!(screen(&a).backend());
}

#[test]
fn cleaning_is_counted_and_reported() {
    let loaded = load_bytes("hostile", HOSTILE.as_bytes());
    let doc = &loaded.dataset.documents[0];
    assert!(doc.removed_chars >= 10, "{}", doc.removed_chars);
    assert!(!doc.text.contains('\u{1b}'));
    assert!(doc.warnings.iter().any(|w| w.contains("removed")));
    let inc = &loaded.dataset.incidents[0];
    assert!(inc.removed_chars > 0);
    // The evidence offsets, given against the raw text, still land on the
    // right words after cleaning.
    let span = inc.sources[0].evidence[0].range().expect("located");
    assert_eq!(&doc.text[span], "Two soldiers were killed");
}

#[test]
fn borders_stay_in_their_columns_with_wide_text() {
    for (w, h) in [(120, 40), (50, 15), (77, 23)] {
        for select in 0..2 {
            let t = screen(&app(w, h, select));
            let buffer = t.backend().buffer();
            let panes = app(w, h, select).panes().expect("fits");
            for pane in [panes.list, panes.detail] {
                let right = pane.x + pane.width - 1;
                for y in pane.y + 1..pane.y + pane.height - 1 {
                    assert_eq!(
                        buffer[(pane.x, y)].symbol(),
                        "│",
                        "left border at {w}x{h} row {y}"
                    );
                    assert_eq!(
                        buffer[(right, y)].symbol(),
                        "│",
                        "right border at {w}x{h} row {y}"
                    );
                }
            }
        }
    }
}
