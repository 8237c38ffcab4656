use super::*;
use crate::dataset::load_bytes;

fn app() -> App {
    let mut lines = String::new();
    lines.push_str(r#"{"type": "document", "id": "d1", "text": "One two three four five six seven eight nine ten. Kirkuk. Anbar."}"#);
    lines.push('\n');
    for n in 0..30 {
        lines.push_str(&format!(
            r#"{{"type": "incident", "id": "i{n:02}", "date": "2021-01-{:02}", "province": "P{}", "killed": {n}, "sources": [{{"document": "d1", "evidence": [{{"field": "province", "start": 50, "end": 56}}, {{"field": "killed", "start": 0, "end": 3}}]}}]}}"#,
            30 - n,
            n % 3
        ));
        lines.push('\n');
    }
    let l = load_bytes("t", lines.as_bytes());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let mut app = App::new(l.dataset, "t");
    app.update(Msg::Resize(120, 40));
    app
}

#[test]
fn list_is_sorted_by_date() {
    let a = app();
    assert_eq!(a.selected_incident().map(|i| i.id.as_str()), Some("i29"));
}

#[test]
fn an_incident_is_selected_by_id_and_kept_on_screen() {
    let mut a = app();
    assert!(a.select_id("i00"));
    assert_eq!(a.selected_incident().map(|i| i.id.as_str()), Some("i00"));
    assert_eq!(a.selected, 29);
    assert!(a.visible_offset() <= 29 && 29 < a.visible_offset() + a.list_page());
    assert!(!a.select_id("nope"));
    assert_eq!(a.selected, 29, "an unknown id changes nothing");
}

#[test]
fn moving_keeps_the_selection_visible() {
    let mut a = app();
    a.update(Msg::Resize(60, 20));
    let page = a.list_page();
    for _ in 0..page + 3 {
        a.update(Action::Down);
    }
    assert_eq!(a.selected, page + 3);
    assert!(a.list_offset <= a.selected && a.selected < a.list_offset + page);
    a.update(Action::Last);
    assert_eq!(a.selected, 29);
    a.update(Action::Down);
    assert_eq!(a.selected, 29, "stops at the end");
    a.update(Action::First);
    assert_eq!((a.selected, a.list_offset), (0, 0));
    a.update(Action::PageDown);
    assert_eq!(a.selected, page);
}

#[test]
fn focus_moves_detail_not_selection() {
    let mut a = app();
    a.update(Action::FocusNext);
    a.update(Action::Down);
    assert_eq!(a.selected, 0);
    a.update(Action::FocusNext);
    a.update(Action::Down);
    assert_eq!(a.selected, 1);
}

#[test]
fn evidence_cursor_cycles_in_text_order() {
    let mut a = app();
    a.update(Action::NextEvidence);
    assert_eq!(a.evidence_cursor, Some(0));
    a.update(Action::NextEvidence);
    assert_eq!(a.evidence_cursor, Some(1));
    a.update(Action::NextEvidence);
    assert_eq!(a.evidence_cursor, Some(0), "wraps around");
    a.update(Action::PrevEvidence);
    assert_eq!(a.evidence_cursor, Some(1));
    a.update(Action::Down);
    assert_eq!(a.evidence_cursor, None, "a new incident starts afresh");
}

#[test]
fn evidence_is_scrolled_into_view_in_a_short_pane() {
    let mut a = app();
    a.update(Msg::Resize(60, 14));
    a.update(Action::NextEvidence);
    let view = a.detail_view().expect("selected");
    let row = view.evidence_rows[0];
    assert!(
        row >= a.detail_scroll && row < a.detail_scroll + a.detail_page(),
        "row {row} scroll {} page {}",
        a.detail_scroll,
        a.detail_page()
    );
}

#[test]
fn help_swallows_movement_and_closes() {
    let mut a = app();
    a.update(Action::ToggleHelp);
    a.update(Action::Down);
    assert_eq!(a.selected, 0);
    assert_eq!(a.help_scroll, 1);
    a.update(Action::Close);
    assert!(!a.help_open);
    a.update(Action::Quit);
    assert!(a.should_quit);
}

#[test]
fn summary_describes_the_listed_incidents() {
    let a = app();
    assert_eq!(a.summary.total.incidents, 30);
    assert_eq!(a.summary.total.killed, (0..30).sum::<u64>());
}

#[test]
fn click_selects_the_row_under_the_pointer() {
    let mut a = app();
    let list = a.panes().expect("fits").list.inner();
    // Third incident row: below the border and the header.
    a.update(Msg::Click(list.x + 3, list.y + 3));
    assert_eq!(a.selected, 2);
    // The header row selects nothing.
    a.update(Msg::Click(list.x + 3, list.y));
    assert_eq!(a.selected, 2);
    a.update(Msg::ScrollDown(list.x + 3, list.y + 3));
    assert_eq!(a.selected, 5);
    let detail = a.panes().expect("fits").detail.inner();
    a.update(Msg::ScrollDown(detail.x + 1, detail.y + 1));
    assert_eq!(a.selected, 5, "the wheel over detail scrolls detail");
    assert_eq!(a.focus, Focus::List, "the wheel does not move focus");
}

#[test]
fn click_on_evidence_says_which_field_it_supports() {
    let mut a = app();
    let view = a.detail_view().expect("selected");
    let cell = view
        .evidence_cells
        .iter()
        .find(|c| c.span == 1)
        .cloned()
        .expect("the second span is drawn");
    let detail = a.panes().expect("fits").detail.inner();
    let col = detail.x + u16::try_from(cell.columns.start).expect("fits");
    let row = detail.y + u16::try_from(cell.row).expect("fits");
    a.update(Msg::Click(col, row));
    assert_eq!(a.evidence_cursor, Some(1));
    assert_eq!(a.focus, Focus::Detail);
    assert_eq!(
        a.notice.as_deref(),
        Some("evidence for province in d1: “Kirkuk”")
    );
}

#[test]
fn the_detail_view_is_built_once_and_reused_until_it_changes() {
    let mut a = app();
    let first = a.detail_view().expect("selected");
    a.update(Action::DetailDown);
    a.update(Action::DetailUp);
    assert!(
        Arc::ptr_eq(&first, &a.detail_view().expect("selected")),
        "scrolling reuses the layout"
    );
    a.update(Msg::Resize(100, 40));
    let narrower = a.detail_view().expect("selected");
    assert!(!Arc::ptr_eq(&first, &narrower), "a new width lays out anew");
    a.update(Action::NextEvidence);
    assert!(!Arc::ptr_eq(&narrower, &a.detail_view().expect("selected")));
    a.update(Action::Down);
    let other = a.detail_view().expect("selected");
    assert!(other.rows[0].iter().any(|s| s.text.contains("i28")));
}

#[test]
fn the_title_says_the_order_in_force() {
    let mut a = app();
    assert_eq!(a.order(), "sorted by date ↑");
    a.update(Action::WeakestFirst);
    assert_eq!(a.order(), "weakest evidence first");
    a.update(Action::CycleSort);
    assert_eq!(
        a.order(),
        "sorted by province ↑",
        "a column replaces weakest-first"
    );
    a.update(Action::ReverseSort);
    a.update(Action::CycleSort);
    assert_eq!(
        a.order(),
        "sorted by killed ↑",
        "each column starts in its own direction"
    );
    a.sort.key = SortKey::Relevance;
    assert_eq!(a.order(), "sorted by relevance, best first");
}

#[test]
fn empty_dataset_does_not_panic() {
    let mut a = App::new(Dataset::default(), "empty");
    for action in [
        Action::Down,
        Action::Last,
        Action::PageDown,
        Action::NextEvidence,
        Action::DetailDown,
    ] {
        a.update(action);
    }
    assert!(a.selected_incident().is_none());
}
