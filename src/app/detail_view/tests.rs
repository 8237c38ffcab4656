use super::*;
use crate::dataset::load_bytes;

const DATA: &str = r#"{"type": "document", "id": "d1", "title": "Twin blasts", "text": "كركوك — Two bombs killed three soldiers in Kirkuk on Monday."}
{"type": "incident", "id": "i1", "province": "Kirkuk", "killed": 3, "sources": [{"document": "d1", "evidence": [{"field": "killed", "start": 18, "end": 39}, {"field": "province", "start": 43, "end": 49}, {"field": "target", "quote": "the soldiers"}]}]}
"#;

fn row_text(r: &Row<Tag>) -> String {
    r.iter().map(|s| s.text.as_str()).collect()
}

#[test]
fn a_field_value_keeps_a_date_or_timestamp_whole() {
    // 21 columns: a 7-column label, 14 for the value, which
    // "about 2019-05-" exactly fills.
    let rows: Vec<String> = label_row("Published", "about 2019-05-05", Tag::Plain, 21)
        .iter()
        .map(row_text)
        .collect();
    assert_eq!(rows, ["Publi… about", "       2019-05-05"]);
    let rows: Vec<String> = label_row("Seen", "at 2019-05-05T10:30Z", Tag::Plain, 27)
        .iter()
        .map(row_text)
        .collect();
    assert_eq!(rows, ["Seen     at", "         2019-05-05T10:30Z"]);
}

#[test]
fn evidence_is_tagged_on_the_right_characters() {
    let l = load_bytes("t", DATA.as_bytes());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let inc = &l.dataset.incidents[0];
    let v = build(&l.dataset, inc, 80, Some(1));
    let tagged: Vec<(String, Tag)> = v
        .rows
        .iter()
        .flatten()
        .filter(|s| matches!(s.tag, Tag::Evidence(..)))
        .map(|s| (s.text.clone(), s.tag))
        .collect();
    assert_eq!(
        tagged,
        [
            (
                "killed three soldiers".to_string(),
                Tag::Evidence(FieldKind::Casualties, false)
            ),
            ("Kirkuk".to_string(), Tag::Evidence(FieldKind::Place, true)),
        ]
    );
    assert_eq!(v.evidence_rows.len(), 2);
    assert!(row_text(&v.rows[v.evidence_rows[1]]).contains("Kirkuk"));
    let all: Vec<String> = v.rows.iter().map(row_text).collect();
    assert!(all.iter().any(|r| r.contains("“the soldiers”")), "{all:#?}");
}

const CHECKED: &str = r#"{"type": "document", "id": "d1", "text": "Two soldiers were killed in Hawija. Later, in Hawija, a third died."}
{"type": "incident", "id": "i1", "district": "Hawija", "target": "soldiers", "killed": 5, "sources": [{"document": "d1", "evidence": [{"field": "killed", "quote": "two soldiers were killed"}, {"field": "district", "quote": "in Hawija"}, {"field": "target", "quote": "the police"}]}]}
"#;

#[test]
fn checked_evidence_is_explained_above_the_text() {
    let mut l = load_bytes("t", CHECKED.as_bytes());
    crate::evidence::apply(&mut l.dataset, &[crate::evidence::Gazetteer::iraq()]);
    let inc = &l.dataset.incidents[0];
    let v = build(&l.dataset, inc, 100, None);
    let all: Vec<String> = v.rows.iter().map(row_text).collect();
    let at = |needle: &str| {
        all.iter()
            .position(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {all:#?}"))
    };
    let text_row = at("Two soldiers were killed in Hawija.");
    assert!(at("Quote for killed: found ignoring case") < text_row);
    assert!(
        at("Quote for district: found exactly; occurs 2 times, the first is highlighted")
            < text_row
    );
    let ungrounded = at("⚠ Ungrounded: the quote for target is not in this article: “the police”");
    assert!(ungrounded < text_row);
    assert!(v.rows[ungrounded].iter().all(|s| s.tag == Tag::Warning));
    // The contradicted count and the ungrounded target are marked, the
    // district is not.
    for (label, marked) in [("Killed", true), ("Target", true), ("District", false)] {
        let row = &v.rows[at(&format!("{label:<13}"))];
        let mark = row
            .iter()
            .any(|s| s.text.contains('⚠') && s.tag == Tag::Warning);
        assert_eq!(mark, marked, "{label}: {row:?}");
    }
    // No "not yet located" list once the checks have run.
    assert!(!all.iter().any(|r| r.contains("not yet located")));
}

#[test]
fn narrow_layout_keeps_evidence_rows_right() {
    let l = load_bytes("t", DATA.as_bytes());
    let inc = &l.dataset.incidents[0];
    for width in [10, 17, 25, 40] {
        let v = build(&l.dataset, inc, width, None);
        for &r in &v.evidence_rows {
            assert!(
                v.rows[r].iter().any(|s| matches!(s.tag, Tag::Evidence(..))),
                "width {width}: row {r} has no evidence"
            );
        }
    }
}

mod limit_tests {
    use super::super::*;
    use crate::dataset::load_bytes;

    #[test]
    fn a_huge_article_is_cut_for_display() {
        let text = "word ".repeat(DISPLAY_LIMIT / 2);
        let data = format!(
            "{{\"type\": \"document\", \"id\": \"d\", \"text\": \"{text}\"}}\n{{\"type\": \"incident\", \"id\": \"i\", \"sources\": [{{\"document\": \"d\", \"evidence\": [{{\"field\": \"killed\", \"start\": 0, \"end\": {}}}]}}]}}\n",
            text.chars().count()
        );
        let l = load_bytes("t", data.as_bytes());
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let v = build(&l.dataset, &l.dataset.incidents[0], 80, None);
        let last: String = v
            .rows
            .iter()
            .rev()
            .flatten()
            .map(|s| s.text.as_str())
            .take(1)
            .collect();
        assert!(last.contains("text cut here for display"), "{last}");
        let shown: usize = v.rows.iter().flatten().map(|s| s.text.len()).sum();
        assert!(shown < DISPLAY_LIMIT + 10_000);
    }
}

#[test]
fn the_suspicion_score_is_shown_with_parts_that_sum_to_it() {
    let loaded = crate::load_sample();
    for incident in &loaded.dataset.incidents {
        let parts = evidence::suspicion_parts(incident);
        assert!(
            (parts.score() - incident.flags.suspicion).abs() < 1e-6,
            "{}: {parts:?} vs {}",
            incident.id,
            incident.flags.suspicion
        );
    }
    let weakest = loaded
        .dataset
        .incidents
        .iter()
        .max_by(|a, b| a.flags.suspicion.total_cmp(&b.flags.suspicion))
        .expect("incidents");
    let v = build(&loaded.dataset, weakest, 200, None);
    let all: Vec<String> = v.rows.iter().map(row_text).collect();
    let row = all
        .iter()
        .find(|r| r.starts_with("Suspicion"))
        .expect("a suspicion row");
    assert!(
        row.contains(&format!("{:.2} (", weakest.flags.suspicion)) && row.contains("quote"),
        "{row}"
    );
}
