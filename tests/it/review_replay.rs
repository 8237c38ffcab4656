//! Replay of review journals: any sequence of decisions, corrections,
//! notes, undos and redos gives the same state however it is replayed, and
//! undo/redo behave as a stack.

use std::collections::BTreeMap;
use std::time::{Duration, UNIX_EPOCH};

use incidents::dataset::Incident;
use incidents::review::{
    Action, Entry, FieldValue, IncidentReview, ReviewField, ReviewJournal, ReviewState,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const IDS: [&str; 3] = ["inc-a", "inc-b", "inc-c"];

fn incident(id: &str) -> Incident {
    Incident {
        id: id.into(),
        date: Some("2019-03-11".into()),
        province: Some("Kirkuk".into()),
        killed: Some(4),
        wounded: None,
        ..Incident::default()
    }
}

fn value_for(field: ReviewField) -> impl Strategy<Value = Option<FieldValue>> {
    if field.is_count() {
        prop_oneof![
            Just(None),
            (0u64..6).prop_map(|n| Some(FieldValue::Count(n)))
        ]
        .boxed()
    } else if field == ReviewField::Date {
        prop_oneof![
            Just(None),
            Just(Some(FieldValue::Text("2019-03-11".into()))),
            Just(Some(FieldValue::Text("2019-03".into()))),
            Just(Some(FieldValue::Text("2020".into()))),
        ]
        .boxed()
    } else {
        prop_oneof![
            Just(None),
            Just(Some(FieldValue::Text("Kirkuk".into()))),
            Just(Some(FieldValue::Text("Diyala".into()))),
        ]
        .boxed()
    }
}

fn action() -> impl Strategy<Value = Action> {
    let correct = proptest::sample::select(ReviewField::ALL.to_vec()).prop_flat_map(|field| {
        value_for(field).prop_map(move |new| Action::Correct {
            field,
            old: None,
            new,
        })
    });
    prop_oneof![
        2 => Just(Action::Accept),
        2 => Just(Action::Reject),
        1 => proptest::option::of("[a-z ]{0,6}").prop_map(|reason| Action::Flag { reason }),
        1 => "[a-z\n]{0,6}".prop_map(|text| Action::Note { text }),
        3 => correct,
        3 => Just(Action::Undo),
        2 => Just(Action::Redo),
    ]
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    proptest::collection::vec((0..IDS.len(), action()), 0..40).prop_map(|ops| {
        ops.into_iter()
            .enumerate()
            .map(|(n, (i, a))| {
                let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000 + n as u64);
                Entry::at(time, "ana", &incident(IDS[i]), a)
            })
            .collect()
    })
}

fn records(state: &ReviewState) -> BTreeMap<String, IncidentReview> {
    state
        .records()
        .map(|(id, r)| (id.to_string(), r.clone()))
        .collect()
}

/// The reference model of undo/redo: two plain stacks of entries. Returns
/// the entries in effect, oldest first.
fn in_effect(entries: &[Entry]) -> Vec<Entry> {
    let mut applied: Vec<Entry> = Vec::new();
    let mut undone: Vec<Entry> = Vec::new();
    for e in entries {
        match e.action {
            Action::Undo => {
                if let Some(x) = applied.pop() {
                    undone.push(x);
                }
            }
            Action::Redo => {
                if let Some(x) = undone.pop() {
                    applied.push(x);
                }
            }
            _ => {
                applied.push(e.clone());
                undone.clear();
            }
        }
    }
    applied
}

fn undo_entry() -> Entry {
    Entry::new("ana", &incident(IDS[0]), Action::Undo)
}

fn redo_entry() -> Entry {
    Entry::new("ana", &incident(IDS[0]), Action::Redo)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn replay_equals_applying_one_by_one_and_the_undo_model(entries in entries()) {
        let (replayed, _) = ReviewState::replay(&entries);
        let mut stepwise = ReviewState::default();
        for e in &entries {
            let _ = stepwise.apply(e);
        }
        prop_assert_eq!(records(&replayed), records(&stepwise));
        // Undo and redo are equivalent to never having written what they undid.
        let (model, warnings) = ReviewState::replay(&in_effect(&entries));
        prop_assert!(warnings.is_empty());
        prop_assert_eq!(records(&replayed), records(&model));
    }

    #[test]
    fn n_undos_then_n_redos_return_to_the_same_state(entries in entries(), n in 0usize..12) {
        let (mut state, _) = ReviewState::replay(&entries);
        let before = records(&state);
        let available = in_effect(&entries).len();
        let n = n.min(available);
        for _ in 0..n {
            prop_assert!(state.apply(&undo_entry()).is_ok());
        }
        // After N undos the state is that of the actions in effect minus the last N.
        let effect = in_effect(&entries);
        let (prefix, _) = ReviewState::replay(&effect[..available - n]);
        prop_assert_eq!(records(&state), records(&prefix));
        for _ in 0..n {
            prop_assert!(state.apply(&redo_entry()).is_ok());
        }
        prop_assert_eq!(records(&state), before);
    }
}

#[test]
fn a_journal_written_and_read_back_replays_to_the_same_state() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-replay-roundtrip");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("journal.jsonl");
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..20 {
        let entries = entries().new_tree(&mut runner).expect("a value").current();
        let _ = std::fs::remove_file(&path);
        {
            let (mut j, read, warnings) = ReviewJournal::open(&path, "ana").expect("opens");
            assert!(read.is_empty() && warnings.is_empty());
            for e in &entries {
                j.append(e).expect("appends");
            }
        }
        let (_j, read, warnings) = ReviewJournal::open(&path, "ana").expect("reopens");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(read, entries);
        let (a, _) = ReviewState::replay(&entries);
        let (b, _) = ReviewState::replay(&read);
        assert_eq!(records(&a), records(&b));
    }
}
