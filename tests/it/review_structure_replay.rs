//! Replay of journals with the structural entries (added incidents,
//! evidence added, moved and removed, articles done) among decisions,
//! undos and redos: the journal written replays to the state built step by
//! step, undoing everything gives the dataset back, and the dataset with
//! the edits never panics and locates every span inside its text.

use std::collections::BTreeMap;
use std::path::Path;

use incidents::dataset::{load_bytes, Dataset, Incident};
use incidents::review::{
    with_edits, Action, Edited, Entry, IncidentReview, ReviewJournal, ReviewState, SpanEdit,
};
use proptest::prelude::*;

const DATA: &str = concat!(
    r#"{"type":"document","id":"d1","text":"بغداد 🙂 \u202bخبر\u202c: a bomb in Kirkuk,\tkilling two members. Three were wounded."}"#,
    "\n",
    r#"{"type":"document","id":"d2","text":"Two killed near Mosul."}"#,
    "\n",
    r#"{"type":"incident","id":"i1","killed":2,"sources":[{"document":"d1","evidence":[{"field":"killed","start":0,"end":5},{"field":"wounded","quote":"Three were wounded"}]}]}"#,
    "\n",
    r#"{"type":"incident","id":"i2","sources":[{"document":"d2","evidence":[{"field":"killed","start":0,"end":3}]}]}"#,
    "\n",
);

fn dataset() -> Dataset {
    let mut loaded = load_bytes("t", DATA.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    incidents::evidence::apply(&mut loaded.dataset, &[]);
    loaded.dataset
}

/// One step of a reviewer's session; numbers pick among what exists then.
#[derive(Debug, Clone)]
enum Op {
    Add {
        doc: usize,
        spans: Vec<(usize, usize, usize)>,
    },
    AddEvidence {
        target: usize,
        span: (usize, usize, usize),
    },
    Move {
        target: usize,
        which: usize,
        to: (usize, usize, usize),
    },
    Remove {
        target: usize,
        which: usize,
    },
    Done {
        doc: usize,
        done: bool,
    },
    Accept {
        target: usize,
    },
    Undo,
    Redo,
}

fn span() -> impl Strategy<Value = (usize, usize, usize)> {
    (0usize..2, 0usize..400, 0usize..40)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0usize..3, proptest::collection::vec(span(), 0..3))
            .prop_map(|(doc, spans)| Op::Add { doc, spans }),
        3 => (0usize..8, span()).prop_map(|(target, span)| Op::AddEvidence { target, span }),
        2 => (0usize..8, 0usize..4, span()).prop_map(|(target, which, to)| Op::Move { target, which, to }),
        2 => (0usize..8, 0usize..5).prop_map(|(target, which)| Op::Remove { target, which }),
        2 => (0usize..3, any::<bool>()).prop_map(|(doc, done)| Op::Done { doc, done }),
        1 => (0usize..8).prop_map(|target| Op::Accept { target }),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
    ]
}

const FIELDS: [&str; 3] = ["killed", "wounded", "location"];

/// A span of document `doc` around code points `at`: a selection of the
/// cleaned text when it fits, else raw offsets that may not fit at all
/// (a journal edited by hand, a dataset that changed).
fn span_edit(ds: &Dataset, (doc, at, len): (usize, usize, usize)) -> SpanEdit {
    let d = &ds.documents[doc];
    let bounds: Vec<usize> = d
        .text
        .char_indices()
        .map(|(b, _)| b)
        .chain([d.text.len()])
        .collect();
    let field = FIELDS[at % FIELDS.len()];
    let (s, e) = (
        at.min(bounds.len() - 1),
        (at + len + 1).min(bounds.len() - 1),
    );
    SpanEdit::from_byte_range(d, field, bounds[s]..bounds[e]).unwrap_or(SpanEdit {
        field: field.into(),
        document: d.id.to_string(),
        start: at,
        end: at + len,
        quote: String::new(),
    })
}

/// The entries a session of `ops` writes, built against the state as it
/// goes (new ids, evidence that exists now), that state, and the edited
/// dataset as the browser keeps it: refreshed in place after each entry.
fn session(ds: &Dataset, ops: &[Op]) -> (Vec<Entry>, ReviewState, Option<Edited>) {
    let mut live: Option<Edited> = None;
    let mut state = ReviewState::default();
    let mut entries = Vec::new();
    let mut added: Vec<Incident> = Vec::new();
    for op in ops {
        let now = with_edits(ds, &state).unwrap_or_else(|| ds.clone());
        let target = |t: usize| -> Incident {
            let known: Vec<&Incident> = ds.incidents.iter().chain(&added).collect();
            known.get(t).map_or_else(
                || Incident {
                    id: "nobody".into(),
                    ..Incident::default()
                },
                |i| (*i).clone(),
            )
        };
        let existing = |i: &Incident, which: usize| -> SpanEdit {
            let current = now.incidents.iter().find(|c| c.id == i.id);
            let spans: Vec<SpanEdit> = current
                .into_iter()
                .flat_map(|c| &c.sources)
                .flat_map(|s| {
                    let doc = s.document.and_then(|d| now.documents.get(d));
                    s.evidence
                        .iter()
                        .filter_map(move |e| SpanEdit::of_evidence(doc?, e))
                })
                .collect();
            spans
                .get(which)
                .cloned()
                .unwrap_or_else(|| span_edit(ds, (0, which * 7, 3)))
        };
        let entry = match op {
            Op::Add { doc, spans } => {
                let incident = Incident {
                    id: state.new_incident_id(ds, "ana").into(),
                    killed: Some(2),
                    ..Incident::default()
                };
                let document = ds.documents.get(*doc).map_or("gone", |d| d.id.as_str());
                let spans = spans.iter().map(|s| span_edit(ds, *s)).collect();
                added.push(incident.clone());
                Entry::added("ana", &incident, document, spans)
            }
            Op::AddEvidence { target: t, span } => Entry::new(
                "ana",
                &target(*t),
                Action::AddEvidence {
                    span: span_edit(ds, *span),
                },
            ),
            Op::Move {
                target: t,
                which,
                to,
            } => {
                let i = target(*t);
                let from = existing(&i, *which);
                Entry::new(
                    "ana",
                    &i,
                    Action::MoveEvidence {
                        from,
                        to: span_edit(ds, *to),
                    },
                )
            }
            Op::Remove { target: t, which } => {
                let i = target(*t);
                let span = existing(&i, *which);
                Entry::new("ana", &i, Action::RemoveEvidence { span })
            }
            Op::Done { doc, done } => {
                let document = ds.documents.get(*doc).map_or("gone", |d| d.id.as_str());
                Entry::document("ana", document, *done)
            }
            Op::Accept { target: t } => Entry::new("ana", &target(*t), Action::Accept),
            Op::Undo => Entry::document("ana", "", true).with_action(Action::Undo),
            Op::Redo => Entry::document("ana", "", true).with_action(Action::Redo),
        };
        let _ = state.apply(&entry);
        match &mut live {
            Some(edited) => edited.refresh(ds, &state),
            None => live = incidents::review::overlay::edit(ds, &state),
        }
        entries.push(entry);
    }
    (entries, state, live)
}

fn records(state: &ReviewState) -> BTreeMap<String, IncidentReview> {
    state
        .records()
        .map(|(id, r)| (id.to_string(), r.clone()))
        .collect()
}

/// A piece of evidence as a person sees it: its document, its field and
/// the text it is located on.
type Seen = (String, String, Option<String>);

/// What a person sees of a dataset's incidents: id, killed, evidence.
fn seen(ds: &Dataset) -> Vec<(String, String, Vec<Seen>)> {
    ds.incidents
        .iter()
        .map(|i| {
            let evidence = i
                .sources
                .iter()
                .flat_map(|s| {
                    let doc = s.document.and_then(|d| ds.documents.get(d));
                    s.evidence.iter().map(move |e| {
                        let text = doc.zip(e.range()).and_then(|(d, r)| d.text.get(r));
                        (
                            s.document_id.to_string(),
                            e.field.to_string(),
                            text.map(str::to_string),
                        )
                    })
                })
                .collect();
            (i.id.to_string(), format!("{:?}", i.killed), evidence)
        })
        .collect()
}

fn every_span_in_bounds(ds: &Dataset) -> Result<(), TestCaseError> {
    for i in &ds.incidents {
        for s in &i.sources {
            let Some(doc) = s.document.and_then(|d| ds.documents.get(d)) else {
                continue;
            };
            for e in &s.evidence {
                if let Some(r) = e.range() {
                    prop_assert!(r.start <= r.end && r.end <= doc.text.len(), "{r:?}");
                    prop_assert!(doc.text.is_char_boundary(r.start), "{r:?}");
                    prop_assert!(doc.text.is_char_boundary(r.end), "{r:?}");
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_journal_written_replays_to_the_state_built_step_by_step(
        ops in proptest::collection::vec(op(), 0..30),
    ) {
        let ds = dataset();
        let (entries, mut stepped, live) = session(&ds, &ops);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-structure-replay");
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join(format!("j-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            let (mut j, _, _) = ReviewJournal::open(&path, "ana").expect("journal");
            for e in &entries {
                j.append(e).expect("append");
            }
        }
        let (_, read, warnings) = ReviewJournal::open_read_only(&path).expect("reads");
        prop_assert!(warnings.is_empty(), "{warnings:?}");
        let read: Vec<Entry> = read.into_iter().map(Entry::sanitized).collect();
        let (replayed, _) = ReviewState::replay(&read);
        prop_assert_eq!(records(&replayed), records(&stepped));
        prop_assert_eq!(replayed.documents_done(&ds), stepped.documents_done(&ds));
        let a = with_edits(&ds, &replayed);
        let b = with_edits(&ds, &stepped);
        prop_assert_eq!(a.as_ref().map(seen), b.as_ref().map(seen));
        // Refreshed in place step by step, it is the dataset built afresh.
        if let Some(live) = &live {
            prop_assert_eq!(seen(&live.dataset), seen(b.as_ref().unwrap_or(&ds)));
            prop_assert_eq!(
                live.dataset.warnings.len(),
                b.as_ref().unwrap_or(&ds).warnings.len()
            );
        }
        if let Some(edited) = &a {
            every_span_in_bounds(edited)?;
            prop_assert!(edited.incidents.len() >= ds.incidents.len());
        }

        // Undo everything: the dataset as loaded, nothing reviewed or done.
        let undo = Entry::document("ana", "", true).with_action(Action::Undo);
        while stepped.undo_entry().is_some() {
            prop_assert!(stepped.apply(&undo).is_ok());
        }
        prop_assert!(with_edits(&ds, &stepped).is_none());
        prop_assert!(records(&stepped).is_empty());
        prop_assert_eq!(stepped.documents_done(&ds), (0, ds.documents.len()));
        let _ = std::fs::remove_file(&path);
    }
}
