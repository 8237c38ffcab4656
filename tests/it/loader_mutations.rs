//! The loader and the browser survive mutated datasets: whatever the bytes,
//! loading returns errors or records, never a panic, and whatever loaded
//! draws at any size.

use incidents::app::{Action, App, Msg};
use incidents::dataset::load_bytes;
use incidents::ui;
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        b"\"".to_vec(),
        b"{".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b"\n".to_vec(),
        b"-1".to_vec(),
        b"null".to_vec(),
        b"1e999".to_vec(),
        b"\\u0000".to_vec(),
        b"\\ud800".to_vec(),
        vec![0xff, 0xfe],
        vec![0xe2, 0x80, 0xae],
        b"\x1b[2J".to_vec(),
        b"\"type\": \"document\"".to_vec(),
        b"\"start\": 99999999999".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 0usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 0usize..500).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |i: usize, len: usize| i % len.max(1);
    match m {
        Mutation::Flip(i, b) => {
            let i = at(*i, bytes.len());
            bytes[i] ^= b;
        }
        Mutation::Insert(i, v) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, v.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Duplicate(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            let copy = bytes[i..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Truncate(i) => {
            let i = at(*i, bytes.len());
            bytes.truncate(i);
        }
    }
}

fn draw(app: &App, w: u16, h: u16) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_sample_never_panics(mutations in prop::collection::vec(mutation(), 1..8), w in 0u16..160, h in 0u16..50) {
        let mut bytes = incidents::SAMPLE_JSONL.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let loaded = load_bytes("mutated", &bytes);
        // Nothing is dropped silently.
        prop_assert_eq!(
            loaded.records_read,
            loaded.dataset.incidents.len() + loaded.dataset.documents.len() + loaded.rejected
        );
        let _ = loaded.diagnostics();
        let mut app = App::new(loaded.dataset, "mutated");
        app.update(Msg::Resize(w, h));
        app.update(Action::NextEvidence);
        draw(&app, w, h);
    }

    #[test]
    fn mutated_whole_file_json_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut bytes = br#"{"name": "x", "documents": [{"id": "d", "text": "Two killed in Kirkuk"}], "incidents": [{"id": "i", "killed": 2, "sources": [{"document": "d", "evidence": [{"field": "killed", "start": 0, "end": 3}]}]}]}"#.to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let loaded = load_bytes("mutated", &bytes);
        let _ = loaded.diagnostics();
    }

    /// Every size from 0x0 to 300x100, after any sequence of actions.
    #[test]
    fn any_size_after_any_actions(
        w in 0u16..=300,
        h in 0u16..=100,
        actions in prop::collection::vec(prop::sample::select(vec![
            Action::Up, Action::Down, Action::PageUp, Action::PageDown, Action::First, Action::Last,
            Action::DetailUp, Action::DetailDown, Action::FocusNext, Action::NextEvidence,
            Action::PrevEvidence, Action::ToggleHelp, Action::Close,
        ]), 0..20),
    ) {
        let mut app = App::new(incidents::load_sample().dataset, "sample");
        app.update(Msg::Resize(w, h));
        for a in actions {
            app.update(a);
        }
        draw(&app, w, h);
    }
}
