//! Snapshot tests of the loading screen of a large file: the gauge, the
//! incidents read so far, their running totals and the footer, drawn
//! through the real renderer into ratatui's TestBackend.

use incidents::app::arriving::{Arriving, Move};
use incidents::dataset::{self, Incident, Progress};
use incidents::ui::{loading, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The sample's incidents as the loader hands them over: in file order,
/// before the evidence checks.
fn arrived() -> Vec<Incident> {
    let loaded = dataset::load_bytes("sample", incidents::SAMPLE_JSONL.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.dataset.incidents
}

fn state(width: u16, height: u16, shared: &[Incident]) -> Arriving {
    let mut state = Arriving::new(loading::list_rows(width, height));
    state.progress = Progress {
        bytes_read: 40 << 20,
        total_bytes: Some(250 << 20),
        incidents: shared.len(),
    };
    state.take_in(shared);
    state
}

fn draw(width: u16, height: u16, state: &Arriving) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| loading::render(f, "big.jsonl", state, &Theme::default()))
        .expect("draw");
    terminal
}

#[test]
fn incidents_so_far_at_100x20() {
    let shared = arrived();
    let mut state = state(100, 20, &shared);
    state.apply(Move::Down);
    state.apply(Move::Down);
    state.take_in(&shared);
    let terminal = draw(100, 20, &state);
    let buffer = terminal.backend().buffer();
    // The selected row (the third incident) is drawn highlighted, and
    // only it.
    let reversed = |y: u16| {
        buffer[(10, y)]
            .style()
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED)
    };
    assert!(reversed(5));
    assert!(!reversed(4) && !reversed(6));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn incidents_so_far_at_40x10() {
    let shared = arrived();
    let state = state(40, 10, &shared);
    insta::assert_snapshot!(draw(40, 10, &state).backend());
}

#[test]
fn the_list_stays_while_the_evidence_is_checked() {
    let mut shared = arrived();
    let mut state = state(100, 20, &shared);
    state.apply(Move::Bottom);
    state.take_in(&shared);
    assert!(state.following());
    // The loader takes the incidents back, then checks them.
    shared.clear();
    state.take_in(&shared);
    state.checking();
    state.progress.bytes_read = 250 << 20;
    let text = draw(100, 20, &state).backend().to_string();
    assert!(text.contains("checking evidence…"), "{text}");
    assert!(text.contains("Incidents 46 so far"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_tiny_terminal_says_loading() {
    let shared = arrived();
    let state = state(9, 4, &shared);
    let text = draw(9, 4, &state).backend().to_string();
    assert!(text.contains("Loading…"), "{text}");
}
