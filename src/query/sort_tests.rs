use super::*;
use crate::dataset::load_bytes;

fn dataset() -> Dataset {
    let mut text = String::new();
    // (id, date, province, killed): ties and missing values on purpose.
    for (id, date, province, killed) in [
        ("i0", Some("2020-05-01"), Some("Kirkuk"), Some(2)),
        ("i1", None, Some("anbar"), None),
        ("i2", Some("2020"), None, Some(2)),
        ("i3", Some("2019-12-31"), Some("Diyala"), Some(7)),
        ("i4", Some("2020-05-01"), Some("kirkuk"), Some(0)),
        ("i5", Some("not a date"), Some("Anbar"), None),
        ("i6", Some("2020-05"), Some("Basra"), Some(2)),
    ] {
        let field = |name: &str, v: Option<&str>| {
            v.map_or(String::new(), |v| format!(r#", "{name}": "{v}""#))
        };
        let killed = killed.map_or("null".to_string(), |k: u64| k.to_string());
        text.push_str(&format!(
            r#"{{"type": "incident", "id": "{id}"{}{}, "killed": {killed}}}"#,
            field("date", date),
            field("province", province)
        ));
        text.push('\n');
    }
    let loaded = load_bytes("t", text.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.dataset
}

fn order(key: SortKey, descending: bool) -> Vec<String> {
    let ds = dataset();
    let mut rows: Vec<usize> = (0..ds.incidents.len()).collect();
    sort_incidents(&ds, &mut rows, SortSpec { key, descending });
    rows.iter()
        .map(|&i| ds.incidents[i].id.to_string())
        .collect()
}

#[test]
fn date_order_puts_less_precise_first_and_undated_last() {
    assert_eq!(
        order(SortKey::Date, false),
        ["i3", "i2", "i6", "i0", "i4", "i1", "i5"]
    );
    assert_eq!(
        order(SortKey::Date, true),
        ["i0", "i4", "i6", "i2", "i3", "i1", "i5"],
        "reversed, but undated still last and ties still in file order"
    );
}

#[test]
fn killed_order_keeps_ties_in_file_order_and_unknown_last() {
    assert_eq!(
        order(SortKey::Killed, false),
        ["i4", "i0", "i2", "i6", "i3", "i1", "i5"]
    );
    assert_eq!(
        order(SortKey::Killed, true),
        ["i3", "i0", "i2", "i6", "i4", "i1", "i5"]
    );
}

#[test]
fn province_order_ignores_case_and_puts_missing_last() {
    assert_eq!(
        order(SortKey::Province, false),
        ["i1", "i5", "i6", "i3", "i0", "i4", "i2"]
    );
    assert_eq!(
        order(SortKey::Province, true),
        ["i0", "i4", "i3", "i6", "i1", "i5", "i2"]
    );
}

#[test]
fn relevance_without_scores_is_file_order() {
    assert_eq!(
        order(SortKey::Relevance, false),
        ["i0", "i1", "i2", "i3", "i4", "i5", "i6"]
    );
}

#[test]
fn relevance_puts_best_first_with_ties_in_file_order() {
    let ds = dataset();
    let mut rows = vec![0, 1, 2, 3];
    let scores = [5, 9, 5, -1];
    let spec = SortSpec {
        key: SortKey::Relevance,
        descending: false,
    };
    sort_rows(&ds, &mut rows, spec, &[], Some(&scores));
    assert_eq!(rows, [1, 0, 2, 3]);
    let mut rows = vec![0, 1, 2, 3];
    let reversed = SortSpec {
        descending: true,
        ..spec
    };
    sort_rows(&ds, &mut rows, reversed, &[], Some(&scores));
    assert_eq!(rows, [3, 0, 2, 1]);
}

#[test]
fn large_sorts_split_across_cores_give_the_same_order() {
    let ds = dataset();
    let n = 120_000u32;
    let mut rows: Vec<u32> = (0..n).collect();
    let scores: Vec<i64> = (0..n).map(|i| i64::from(i % 7)).collect();
    let spec = SortSpec {
        key: SortKey::Relevance,
        descending: false,
    };
    sort_rows(&ds, &mut rows, spec, &[], Some(&scores));
    let mut expected: Vec<u32> = (0..n).collect();
    expected.sort_by_key(|&i| std::cmp::Reverse(i % 7));
    assert_eq!(rows, expected);
}

#[test]
fn the_s_key_offers_relevance_only_when_searching() {
    assert_eq!(SortKey::Wounded.next(false), SortKey::Date);
    assert_eq!(SortKey::Wounded.next(true), SortKey::Relevance);
    assert_eq!(SortKey::Relevance.next(true), SortKey::Date);
    assert_eq!(SortKey::parse("KILLED"), Some(SortKey::Killed));
}
