use super::*;
use crate::dataset::PartialDate;

fn incident(id: &str, killed: Option<u64>) -> Incident {
    Incident {
        id: id.into(),
        date: Some("2019-03-11".into()),
        province: Some("Kirkuk".into()),
        killed,
        ..Incident::default()
    }
}

fn entry(i: &Incident, action: Action) -> Entry {
    Entry::new("ana", i, action)
}

fn correct(field: ReviewField, new: Option<FieldValue>) -> Action {
    Action::Correct {
        field,
        old: None,
        new,
    }
}

fn state_of(entries: &[Entry]) -> ReviewState {
    let (state, warnings) = ReviewState::replay(entries);
    assert!(warnings.is_empty(), "{warnings:?}");
    state
}

#[test]
fn the_last_decision_decides_and_a_correction_counts_as_one() {
    let i = incident("i1", Some(4));
    let five = || correct(ReviewField::Killed, Some(FieldValue::Count(5)));
    let cases: Vec<(Vec<Action>, ReviewStatus)> = vec![
        (vec![], ReviewStatus::Unreviewed),
        (
            vec![Action::Note { text: "n".into() }],
            ReviewStatus::Unreviewed,
        ),
        (vec![Action::Accept], ReviewStatus::Accepted),
        (vec![Action::Accept, five()], ReviewStatus::Corrected),
        (vec![five(), Action::Accept], ReviewStatus::Corrected),
        (vec![five(), Action::Reject], ReviewStatus::Rejected),
        (vec![Action::Reject, five()], ReviewStatus::Corrected),
        (
            vec![five(), Action::Reject, Action::Accept],
            ReviewStatus::Corrected,
        ),
        (
            vec![five(), Action::Flag { reason: None }],
            ReviewStatus::Flagged,
        ),
        // Setting the value back to the extracted one removes the correction.
        (
            vec![
                five(),
                correct(ReviewField::Killed, Some(FieldValue::Count(4))),
            ],
            ReviewStatus::Accepted,
        ),
    ];
    for (actions, expected) in cases {
        let entries: Vec<Entry> = actions.iter().map(|a| entry(&i, a.clone())).collect();
        assert_eq!(state_of(&entries).status("i1"), expected, "{actions:?}");
    }
}

#[test]
fn corrections_keep_the_extracted_value_and_apply_to_the_effective_incident() {
    let i = incident("i1", Some(4));
    let s = state_of(&[
        entry(&i, correct(ReviewField::Killed, Some(FieldValue::Count(5)))),
        entry(&i, correct(ReviewField::Killed, Some(FieldValue::Count(6)))),
        entry(
            &i,
            correct(
                ReviewField::Date,
                Some(FieldValue::Text("2019-03-12".into())),
            ),
        ),
        entry(&i, correct(ReviewField::Province, None)),
    ]);
    let c = s.corrected("i1", ReviewField::Killed).expect("corrected");
    assert_eq!(c.old, Some(FieldValue::Count(4)));
    assert_eq!(c.new, Some(FieldValue::Count(6)));
    let e = s.effective(&i);
    assert_eq!(e.killed, Some(6));
    assert_eq!(e.date.as_deref(), Some("2019-03-12"));
    assert_eq!(e.date_parsed, PartialDate::parse("2019-03-12"));
    assert_eq!(e.province, None);
    // Untouched incidents come back as they are.
    let other = incident("i2", Some(1));
    assert_eq!(s.effective(&other).killed, Some(1));
}

#[test]
fn undo_is_a_stack_across_incidents_and_a_new_action_clears_redo() {
    let a = incident("a", Some(1));
    let b = incident("b", Some(1));
    let mut s = ReviewState::default();
    let apply = |s: &mut ReviewState, e: Entry| s.apply(&e).expect("applies");
    apply(&mut s, entry(&a, Action::Accept));
    apply(&mut s, entry(&b, Action::Reject));
    assert_eq!(s.undo_target(), Some("b"));
    apply(&mut s, entry(&b, Action::Undo));
    assert_eq!(s.status("b"), ReviewStatus::Unreviewed);
    assert_eq!(s.redo_target(), Some("b"));
    apply(&mut s, entry(&a, Action::Undo));
    assert_eq!(s.status("a"), ReviewStatus::Unreviewed);
    apply(&mut s, entry(&a, Action::Redo));
    assert_eq!(s.status("a"), ReviewStatus::Accepted);
    assert_eq!(s.redo_target(), Some("b"));
    apply(
        &mut s,
        entry(
            &a,
            Action::Flag {
                reason: Some("why".into()),
            },
        ),
    );
    assert_eq!(s.redo_target(), None);
    let err = s
        .apply(&entry(&a, Action::Redo))
        .expect_err("nothing to redo");
    assert!(err.to_string().contains("nothing to redo"));
    assert_eq!(
        s.review("a").and_then(|r| r.flag_reason.clone()).as_deref(),
        Some("why")
    );
}

#[test]
fn entries_that_cannot_apply_are_reported_and_skipped() {
    let i = incident("i1", Some(4));
    let (s, warnings) = ReviewState::replay(&[
        entry(&i, Action::Undo),
        entry(
            &i,
            correct(ReviewField::Killed, Some(FieldValue::Text("five".into()))),
        ),
        entry(&i, Action::Accept),
    ]);
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0].entry, 0);
    assert!(warnings[1]
        .to_string()
        .starts_with("journal entry 2: correction of killed"));
    assert_eq!(s.status("i1"), ReviewStatus::Accepted);
}

#[test]
fn a_changed_incident_keeps_its_decision_and_says_what_changed() {
    let then = incident("i1", Some(4));
    let mut s = state_of(&[entry(&then, Action::Accept)]);
    let mut now = then.clone();
    now.killed = Some(7);
    let orphans = s.compare_with(&[now.clone(), incident("new", None)]);
    assert!(orphans.is_empty());
    assert_eq!(s.status("i1"), ReviewStatus::Accepted);
    let change = s.changed_since_review("i1").expect("changed");
    assert_eq!(change.fields.len(), 1);
    assert_eq!(change.fields[0].field, ReviewField::Killed);
    assert_eq!(change.fields[0].reviewed, Some(FieldValue::Count(4)));
    assert_eq!(change.fields[0].now, Some(FieldValue::Count(7)));
    // Deciding again on the incident as it is now clears the mark.
    s.apply(&entry(&now, Action::Accept)).expect("applies");
    assert_eq!(s.changed_since_review("i1"), None);
    // A review of an incident no longer in the dataset is reported.
    assert_eq!(s.compare_with(&[]), vec!["i1".to_string()]);
}

#[test]
fn progress_and_summary_leave_out_what_they_should() {
    let a = incident("a", Some(4));
    let b = incident("b", Some(10));
    let c = incident("c", None);
    let s = state_of(&[
        entry(&a, correct(ReviewField::Killed, Some(FieldValue::Count(5)))),
        entry(&b, Action::Reject),
        entry(
            &c,
            Action::Note {
                text: "look".into(),
            },
        ),
    ]);
    let all = [a, b, c];
    let p = s.progress(&all);
    assert_eq!((p.reviewed, p.total), (2, 3));
    assert_eq!(p.to_string(), "reviewed 2/3, 66%");
    let summed = s.summary_incidents(&all);
    let killed: Vec<_> = summed.iter().map(|i| (i.id.as_str(), i.killed)).collect();
    assert_eq!(killed, vec![("a", Some(5)), ("c", None)]);
    assert_eq!(Progress::default().to_string(), "reviewed 0/0, 0%");
}

#[test]
fn status_filters_parse() {
    assert_eq!(
        StatusFilter::parse("reviewed"),
        Some(StatusFilter::Reviewed)
    );
    let f = StatusFilter::parse("Flagged").expect("a status");
    assert!(f.matches(ReviewStatus::Flagged));
    assert!(!f.matches(ReviewStatus::Accepted));
    assert!(StatusFilter::Reviewed.matches(ReviewStatus::Rejected));
    assert!(!StatusFilter::Reviewed.matches(ReviewStatus::Unreviewed));
    assert_eq!(StatusFilter::parse("done"), None);
}
