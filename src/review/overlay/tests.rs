use super::*;
use crate::dataset::{load_bytes, Field};
use crate::evidence::{apply, Gazetteer};
use crate::review::{Entry, ReviewStatus};

/// The article has Arabic, an emoji and a bidi override before the words
/// the spans select, so code points, cleaned bytes and original offsets
/// all differ.
const DATA: &str = concat!(
    r#"{"type":"document","id":"d1","text":"كركوك 🙂 \u202eKIRKUK\u202c: a bomb exploded, killing two members of the police. Three were wounded."}"#,
    "\n",
    r#"{"type":"document","id":"d2","text":"Another article: four killed."}"#,
    "\n",
    r#"{"type":"incident","id":"i1","province":"Kirkuk","killed":2,"sources":[{"document":"d1","evidence":[{"field":"province","quote":"KIRKUK"}]}]}"#,
    "\n",
);

fn dataset() -> Dataset {
    let mut loaded = load_bytes("t", DATA.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    apply(&mut loaded.dataset, &[Gazetteer::iraq()]);
    loaded.dataset
}

fn select(ds: &Dataset, doc: usize, field: &str, words: &str) -> SpanEdit {
    let d = &ds.documents[doc];
    let at = d.text.find(words).expect("words in the text");
    SpanEdit::from_byte_range(d, field, at..at + words.len()).expect("a span")
}

fn state(entries: &[Entry]) -> ReviewState {
    let (state, warnings) = ReviewState::replay(entries);
    assert!(warnings.is_empty(), "{warnings:?}");
    state
}

fn shown(ds: &Dataset, incident: &Incident) -> Vec<(String, String)> {
    incident
        .sources
        .iter()
        .flat_map(|s| {
            let doc = &ds.documents[s.document.expect("resolved")];
            s.evidence.iter().map(move |e| {
                let r = e.range().expect("located");
                (e.field.to_string(), doc.text[r].to_string())
            })
        })
        .collect()
}

fn added(ds: &Dataset, st: &ReviewState, killed: u64, evidence: Vec<SpanEdit>) -> Entry {
    let incident = Incident {
        id: st.new_incident_id(ds, "ana").into(),
        killed: Some(killed),
        province: Some("kirkuk".into()),
        ..Incident::default()
    };
    Entry::added("ana", &incident, "d1", evidence)
}

#[test]
fn nothing_structural_is_no_new_dataset() {
    let ds = dataset();
    let accept = Entry::new("ana", &ds.incidents[0], Action::Accept);
    let done = Entry::document("ana", "d1", true);
    assert!(with_edits(&ds, &state(&[accept, done])).is_none());
}

#[test]
fn an_added_incident_follows_the_dataset_with_its_evidence_located() {
    let ds = dataset();
    let span = select(&ds, 0, "killed", "killing two members");
    let add = added(&ds, &ReviewState::default(), 2, vec![span]);
    let st = state(&[add]);
    let out = with_edits(&ds, &st).expect("edited");
    assert_eq!(out.incidents.len(), 2);
    let new = &out.incidents[1];
    assert!(new.id.starts_with("added-ana-"), "{}", new.id);
    assert_eq!(new.killed, Some(2));
    assert_eq!(new.province_canonical.as_deref(), Some("Kirkuk"));
    assert_eq!(
        shown(&out, new),
        [("killed".to_string(), "killing two members".to_string())]
    );
    // Killed has evidence that says two; the province has none.
    assert!(!new.flags.mismatch);
    assert!(new.flags.noevidence);
    assert!(
        new.warnings
            .iter()
            .any(|w| &**w == "no evidence for: province"),
        "{:?}",
        new.warnings
    );
    assert_eq!(st.status(&new.id), ReviewStatus::Added);
}

#[test]
fn evidence_is_added_moved_and_removed_and_the_checks_follow() {
    let ds = dataset();
    let i1 = &ds.incidents[0];
    assert!(i1.flags.noevidence, "killed has no evidence yet");
    let province =
        SpanEdit::of_evidence(&ds.documents[0], &i1.sources[0].evidence[0]).expect("located quote");
    let wrong = select(&ds, 0, "killed", "Three were wounded");
    let right = select(&ds, 0, "killed", "killing two members");
    let elsewhere = select(&ds, 1, "killed", "four killed");
    // Evidence saying four alone contradicts the count of two.
    let only_four = [Entry::new(
        "ana",
        i1,
        Action::AddEvidence {
            span: elsewhere.clone(),
        },
    )];
    let out = with_edits(&ds, &state(&only_four)).expect("edited");
    assert!(out.incidents[0].flags.mismatch);
    assert!(!out.incidents[0].flags.noevidence);
    let entries = [
        Entry::new(
            "ana",
            i1,
            Action::AddEvidence {
                span: wrong.clone(),
            },
        ),
        Entry::new(
            "ana",
            i1,
            Action::MoveEvidence {
                from: wrong,
                to: right,
            },
        ),
        Entry::new("ana", i1, Action::RemoveEvidence { span: province }),
        Entry::new("ana", i1, Action::AddEvidence { span: elsewhere }),
    ];
    let out = with_edits(&ds, &state(&entries)).expect("edited");
    let i = &out.incidents[0];
    assert_eq!(
        shown(&out, i),
        [
            ("killed".to_string(), "killing two members".to_string()),
            ("killed".to_string(), "four killed".to_string()),
        ]
    );
    assert_eq!(i.sources[1].document_id, "d2");
    assert!(i.flags.noevidence, "the province lost its evidence");
    assert!(!i.flags.mismatch, "one of its texts says two");
    // Undo the last two: the province's quote is back, d2 is gone.
    let mut st = state(&entries);
    for _ in 0..2 {
        st.apply(&Entry::new("ana", i1, Action::Undo))
            .expect("undo");
    }
    let out = with_edits(&ds, &st).expect("still edited");
    assert_eq!(
        shown(&out, &out.incidents[0]),
        [
            ("province".to_string(), "KIRKUK".to_string()),
            ("killed".to_string(), "killing two members".to_string()),
        ]
    );
    assert!(!out.incidents[0].flags.noevidence && !out.incidents[0].flags.mismatch);
}

#[test]
fn edits_that_do_not_fit_are_warnings_and_change_nothing() {
    let ds = dataset();
    let i1 = &ds.incidents[0];
    let mut past_end = select(&ds, 0, "killed", "killing");
    past_end.start = 500;
    past_end.end = 510;
    let mut other_words = select(&ds, 0, "killed", "killing");
    other_words.quote = "rescued".into();
    let mut unknown_doc = select(&ds, 0, "killed", "killing");
    unknown_doc.document = "nowhere".into();
    let absent = select(&ds, 0, "wounded", "Three were wounded");
    let mut lost = Incident {
        id: "added-ana-9".into(),
        ..Incident::default()
    };
    lost.killed = Some(1);
    let entries = [
        Entry::new("ana", i1, Action::AddEvidence { span: past_end }),
        Entry::new("ana", i1, Action::AddEvidence { span: other_words }),
        Entry::new("ana", i1, Action::AddEvidence { span: unknown_doc }),
        Entry::new(
            "ana",
            i1,
            Action::RemoveEvidence {
                span: absent.clone(),
            },
        ),
        Entry::added("ana", &lost, "missing-doc", Vec::new()),
        Entry::new("ana", &lost, Action::AddEvidence { span: absent }),
    ];
    let edited = edit(&ds, &state(&entries)).expect("edits to try");
    let positions: Vec<usize> = edited.warnings.iter().map(|w| w.entry).collect();
    assert_eq!(positions, [0, 1, 2, 3, 4, 5]);
    let text: Vec<String> = edited.warnings.iter().map(|w| w.to_string()).collect();
    assert!(text[0].contains("past the end of the text"), "{}", text[0]);
    assert!(
        text[1].contains("no longer selects its quote"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("\"nowhere\" is not in the dataset"),
        "{}",
        text[2]
    );
    assert!(text[3].contains("no evidence wounded"), "{}", text[3]);
    assert!(text[4].contains("missing-doc"), "{}", text[4]);
    assert!(text[5].contains("not in the dataset"), "{}", text[5]);
    let out = edited.dataset;
    assert_eq!(out.incidents.len(), 1);
    assert_eq!(shown(&out, &out.incidents[0]), shown(&ds, i1));
    assert_eq!(out.warnings.len(), ds.warnings.len() + 6);
}

#[test]
fn an_added_incident_is_corrected_like_any_other_and_stays_added() {
    let ds = dataset();
    let span = select(&ds, 0, "killed", "killing two members");
    let add = added(&ds, &ReviewState::default(), 2, vec![span]);
    let mut st = state(std::slice::from_ref(&add));
    let out = with_edits(&ds, &st).expect("edited");
    let new = &out.incidents[1];
    let fix = Entry::new(
        "ana",
        new,
        Action::Correct {
            field: Field::Killed,
            old: Some(crate::review::FieldValue::Count(2)),
            new: Some(crate::review::FieldValue::Count(3)),
        },
    );
    st.apply(&fix).expect("applies");
    assert_eq!(st.status(&new.id), ReviewStatus::Added);
    assert_eq!(st.effective(new).killed, Some(3));
    st.apply(&Entry::new("ana", new, Action::Reject))
        .expect("applies");
    assert_eq!(st.status(&new.id), ReviewStatus::Rejected);
    st.apply(&Entry::new("ana", new, Action::Accept))
        .expect("applies");
    assert_eq!(st.status(&new.id), ReviewStatus::Added);
    // Undoing everything takes the incident away again.
    for _ in 0..4 {
        st.apply(&Entry::new("ana", new, Action::Undo))
            .expect("undo");
    }
    assert!(with_edits(&ds, &st).is_none());
    assert_eq!(st.status(&new.id), ReviewStatus::Unreviewed);
}
