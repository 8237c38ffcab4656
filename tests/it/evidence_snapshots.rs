//! The detail pane showing what the evidence checks found: an ungrounded
//! quote (listed above the article, its field marked with ⚠) and a casualty
//! count its evidence contradicts.

use incidents::app::{Action, App, Focus, Msg, Opening};
use incidents::dataset::{load_bytes, Dataset};
use incidents::evidence::{apply, Gazetteer};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

fn screen(dataset: Dataset, id: &str, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut app = App::new(dataset, "test");
    app.update(Msg::Resize(width, height));
    app.update(Msg::Opened(Box::new(Opening {
        select: Some(id.to_string()),
        ..Opening::default()
    })));
    assert_eq!(app.selected_incident().map(|i| i.id.as_str()), Some(id));
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Focus::Detail);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|f| incidents::ui::render(f, &app))
        .expect("draws");
    terminal
}

#[test]
fn sample_incident_with_an_ungrounded_quote() {
    let dataset = incidents::load_sample().dataset;
    let terminal = screen(dataset, "inc-016", 120, 40);
    let text = format!("{}", terminal.backend());
    assert!(text.contains("Ungrounded"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

const MISMATCH: &str = r#"{"type": "document", "id": "d1", "title": "Checkpoint attack in Hawija", "published": "2021-05-02", "text": "KIRKUK — Gunmen attacked an army checkpoint in Hawija on Saturday, killing three soldiers and wounding two, police said."}
{"type": "incident", "id": "i1", "date": "2021-05-01", "province": "Kerkuk", "district": "Hawija", "target": "army checkpoint", "killed": 4, "wounded": 2, "confidence": 0.9, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "killing three soldiers"}, {"field": "wounded", "quote": "wounding two"}, {"field": "district", "quote": "in hawija"}, {"field": "target", "quote": "a police checkpoint"}]}]}
"#;

#[test]
fn a_number_mismatch_and_an_ungrounded_quote() {
    let mut loaded = load_bytes("t", MISMATCH.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    apply(&mut loaded.dataset, &[Gazetteer::iraq()]);
    let terminal = screen(loaded.dataset, "i1", 120, 44);
    let text = format!("{}", terminal.backend());
    assert!(
        text.contains("killed is 4 but its evidence says 3"),
        "{text}"
    );
    // The mark after the contradicted count is styled as a warning.
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let killed_row = buffer
        .content
        .chunks(width)
        .find(|row| {
            let line: String = row.iter().map(|c| c.symbol()).collect();
            line.contains("Killed       4 ⚠")
        })
        .expect("the killed row");
    let mark = killed_row
        .iter()
        .find(|c| c.symbol() == "⚠")
        .expect("the mark");
    assert_eq!(mark.fg, Color::Yellow);
    insta::assert_snapshot!(terminal.backend());
}
