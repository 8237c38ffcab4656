use super::super::chart_keys::with_term;
use super::*;
use crate::app::Action;
use crate::dataset::{Incident, PartialDate};

#[test]
fn a_new_term_replaces_the_one_of_its_kind_and_keeps_the_rest() {
    assert_eq!(with_term("", "date:2020-05"), "date:2020-05");
    assert_eq!(
        with_term("kirkuk date:2020 killed>=1", "date:2020-05"),
        "kirkuk  killed>=1 date:2020-05"
    );
    // A negated term is the user's own exclusion: kept.
    assert_eq!(
        with_term("!date:2019 province:anbar", "province:\"Salah al-Din\""),
        "!date:2019 province:\"Salah al-Din\""
    );
    assert_eq!(
        with_term("status:accepted", "date:2020-05-04..2020-05-10"),
        "status:accepted date:2020-05-04..2020-05-10"
    );
    // A text that does not parse is kept as typed.
    assert_eq!(with_term("date:>>", "date:2020"), "date:>> date:2020");
}

fn dated(date: &str, killed: u64) -> Incident {
    Incident {
        id: format!("i{date}").into(),
        date: Some(date.into()),
        date_parsed: PartialDate::parse(date),
        killed: Some(killed),
        wounded: Some(0),
        ..Incident::default()
    }
}

#[test]
fn zooming_keeps_the_cursor_on_the_same_days_and_stops_at_days_and_years() {
    let dataset = crate::dataset::Dataset {
        incidents: vec![dated("2020-01-10", 1), dated("2020-02-20", 2)],
        ..Default::default()
    };
    let mut app = App::new(dataset, "t");
    app.update(Action::ToggleTimeline);
    assert_eq!(app.timeline_view().unit, Some(BinUnit::Day), "42 days fit");
    app.update(Action::ZoomOut);
    let t = app.timeline_view();
    assert_eq!(t.unit, Some(BinUnit::Week));
    // The cursor was on the first incident's day (the selected one's bin).
    let at = app.timeline_cursor(&t).expect("present");
    assert_eq!(t.bins[at].killed, 1);
    app.update(Action::ZoomOut);
    app.update(Action::ZoomOut);
    assert_eq!(app.timeline_view().unit, Some(BinUnit::Year));
    app.update(Action::ZoomOut);
    assert_eq!(
        app.notice.as_deref(),
        Some("the timeline is already by year")
    );
    for _ in 0..3 {
        app.update(Action::ZoomIn);
    }
    assert_eq!(app.timeline_view().unit, Some(BinUnit::Day));
    app.update(Action::ZoomIn);
    assert_eq!(
        app.notice.as_deref(),
        Some("the timeline is already by day")
    );
    app.update(Action::ChartNext);
    let t = app.timeline_view();
    assert_eq!(app.timeline_cursor(&t), Some(1));
    assert_eq!(t.bins[1].incidents, 0, "the empty day after the first");
}

#[test]
fn enter_puts_the_bins_term_in_the_search_box() {
    let dataset = crate::dataset::Dataset {
        incidents: vec![dated("2020-01-10", 1), dated("2021-03-20", 2)],
        ..Default::default()
    };
    let mut app = App::new(dataset, "t");
    app.update(Action::ToggleTimeline);
    assert_eq!(app.timeline_view().unit, Some(BinUnit::Month));
    app.update(Action::ChartNext);
    app.update(Action::ChartNext);
    let effects = app.update(Action::ChartFilter);
    assert_eq!(app.search.text(), "date:2020-03");
    assert!(matches!(
        effects.as_slice(),
        [crate::app::Effect::Search { query_text, .. }] if query_text == "date:2020-03"
    ));
    // Without a view open, Enter does nothing.
    app.update(Action::ToggleTimeline);
    assert!(app.update(Action::ChartFilter).is_empty());
}
