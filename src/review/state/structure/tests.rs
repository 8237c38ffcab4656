use crate::dataset::{Dataset, Document, Incident};
use crate::review::{Action, Entry, ReviewState, ReviewStatus, SpanEdit};

fn dataset() -> Dataset {
    let doc = |id: &str| Document {
        id: id.into(),
        text: "two killed".into(),
        ..Document::default()
    };
    Dataset {
        documents: vec![doc("d1"), doc("d2"), doc("d3")],
        incidents: vec![Incident {
            id: "added-ana-1".into(),
            ..Incident::default()
        }],
        ..Dataset::default()
    }
}

fn undo() -> Entry {
    Entry::document("ana", "", true).with_action(Action::Undo)
}

fn redo() -> Entry {
    Entry::document("ana", "", true).with_action(Action::Redo)
}

fn apply(state: &mut ReviewState, e: &Entry) {
    state.apply(e).expect("applies");
}

#[test]
fn articles_are_done_and_open_again_with_undo_and_redo() {
    let ds = dataset();
    let mut st = ReviewState::default();
    assert_eq!(st.documents_done(&ds), (0, 3));
    apply(&mut st, &Entry::document("ana", "d1", true));
    apply(&mut st, &Entry::document("ana", "d2", true));
    apply(&mut st, &Entry::document("ana", "d1", false));
    assert!(!st.is_done("d1") && st.is_done("d2"));
    assert_eq!(st.documents_done(&ds), (1, 3));
    apply(&mut st, &undo());
    assert!(
        st.is_done("d1"),
        "undoing the reopening makes it done again"
    );
    assert_eq!(st.documents_done(&ds), (2, 3));
    apply(&mut st, &undo());
    apply(&mut st, &undo());
    assert_eq!(st.documents_done(&ds), (0, 3));
    apply(&mut st, &redo());
    assert_eq!(st.documents_done(&ds), (1, 3));
    assert_eq!(
        st.redo_entry().and_then(|e| e.action.document()),
        Some("d2")
    );
    // Articles are not structure: the dataset does not change.
    assert_eq!(st.structure_version(), 0);
    assert!(!st.has_structural_edits());
}

#[test]
fn new_ids_say_added_and_never_meet_the_dataset_or_an_earlier_one() {
    let ds = dataset();
    let mut st = ReviewState::default();
    let first = st.new_incident_id(&ds, "ana");
    assert_eq!(first, "added-ana-2", "added-ana-1 is in the dataset");
    let inc = Incident {
        id: first.as_str().into(),
        ..Incident::default()
    };
    apply(&mut st, &Entry::added("ana", &inc, "d1", Vec::new()));
    assert!(st.is_added(&first));
    apply(&mut st, &undo());
    assert!(!st.is_added(&first));
    let second = st.new_incident_id(&ds, "ana");
    assert_ne!(second, first, "an undone id is not used again");
    assert_eq!(st.new_incident_id(&ds, "a b/c"), "added-a_b_c-2");
    assert!(st.new_incident_id(&ds, "").starts_with("added-reviewer-"));
}

#[test]
fn the_structure_version_moves_only_with_structural_edits() {
    let ds = dataset();
    let mut st = ReviewState::default();
    let inc = Incident {
        id: st.new_incident_id(&ds, "ana").into(),
        ..Incident::default()
    };
    apply(&mut st, &Entry::added("ana", &inc, "d1", Vec::new()));
    let v1 = st.structure_version();
    assert_ne!(v1, 0);
    apply(&mut st, &Entry::new("ana", &inc, Action::Accept));
    apply(&mut st, &Entry::document("ana", "d1", true));
    assert_eq!(st.structure_version(), v1);
    assert_eq!(st.status(&inc.id), ReviewStatus::Added);
    apply(&mut st, &undo());
    apply(&mut st, &undo());
    assert_eq!(st.structure_version(), v1);
    apply(&mut st, &undo());
    assert_ne!(st.structure_version(), v1, "the added incident is gone");
    assert!(!st.has_structural_edits());
    assert_eq!(st.status(&inc.id), ReviewStatus::Unreviewed);
}

#[test]
fn entries_that_cannot_apply_are_refused_with_a_reason() {
    let ds = dataset();
    let inc = Incident {
        id: "added-ana-7".into(),
        ..Incident::default()
    };
    let span = SpanEdit {
        field: "killed".into(),
        document: "d1".into(),
        start: 4,
        end: 2,
        quote: String::new(),
    };
    let mut no_id = Entry::new("ana", &ds.incidents[0], Action::Accept);
    no_id.incident.clear();
    let mut bad_date = Entry::added("ana", &inc, "d1", Vec::new());
    bad_date.incident = "added-ana-8".into();
    bad_date.extracted = serde_json::from_str(r#"{"date":"last week"}"#).expect("parses");
    let entries = [
        Entry::added("ana", &inc, "d1", Vec::new()),
        Entry::added("ana", &inc, "d2", Vec::new()),
        Entry::new("ana", &inc, Action::AddEvidence { span }),
        no_id.with_action(Action::RemoveEvidence {
            span: SpanEdit {
                end: 9,
                ..Default::default()
            },
        }),
        Entry::document("ana", "", true),
        bad_date,
    ];
    let (st, warnings) = ReviewState::replay(&entries);
    let said: Vec<(usize, String)> = warnings
        .iter()
        .map(|w| (w.entry, w.message.clone()))
        .collect();
    assert_eq!(said.len(), 5, "{said:?}");
    assert!(said[0].1.contains("added already"), "{said:?}");
    assert!(said[1].1.contains("ends before it starts"), "{said:?}");
    assert!(said[2].1.contains("without an incident id"), "{said:?}");
    assert!(said[3].1.contains("without a document id"), "{said:?}");
    assert!(said[4].1.contains("does not fit"), "{said:?}");
    assert!(st.is_added("added-ana-7") && !st.is_added("added-ana-8"));
}
