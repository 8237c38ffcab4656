use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::dataset::{Document, Incident, PartialDate, Source};
use crate::query::{all_unreviewed, parse, Matcher, SearchIndex};
use crate::summary::{BinUnit, Counted, DateColumn, Exceptions, Summarizer};

fn inc(province: Option<&str>, date: Option<&str>, killed: Option<u64>) -> Incident {
    Incident {
        province: province.map(Into::into),
        date: date.map(Into::into),
        date_parsed: date.and_then(PartialDate::parse),
        killed,
        wounded: killed.map(|k| k + 1),
        ..Incident::default()
    }
}

fn dataset(incidents: Vec<Incident>) -> Dataset {
    Dataset {
        incidents,
        province_aliases: HashMap::from([
            ("saladin".to_string(), "Salah al-Din".to_string()),
            ("salahuddin".to_string(), "Salah al-Din".to_string()),
        ]),
        ..Dataset::default()
    }
}

/// The table of `column` over `rows` of `ds`, with `except` applied.
fn table(ds: &Dataset, rows: &[usize], except: &Exceptions, column: Column) -> FrequencyTable {
    let summarizer = Summarizer::new(&ds.incidents);
    let dates = DateColumn::new(&ds.incidents);
    let listed = Listed {
        incidents: &ds.incidents,
        rows,
        except,
        summarizer: &summarizer,
        dates: &dates,
    };
    let statuses: HashMap<usize, ReviewStatus> = HashMap::new();
    listed.frequency(&FrequencyColumn::new(ds, column), ds, &statuses)
}

#[test]
fn aliases_of_a_province_are_one_row_under_the_gazetteer_name() {
    let ds = dataset(vec![
        inc(Some("Saladin"), Some("2020-01-01"), Some(1)),
        inc(Some("salahuddin "), Some("2020-01-02"), Some(2)),
        inc(Some("Kirkuk"), None, None),
        inc(None, Some("2020-01-03"), Some(0)),
    ]);
    let t = table(&ds, &[0, 1, 2, 3], &Exceptions::default(), Column::Province);
    let values: Vec<&str> = t.rows.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(values, ["Salah al-Din", "Kirkuk", "(unknown)"]);
    assert_eq!(t.rows[0].totals.killed, 3);
    assert_eq!(t.rows[0].totals.incidents, 2);
    assert_eq!(t.rows[1].totals.killed_unknown, 1);
    assert_eq!(
        t.filter_term(0).as_deref(),
        Some("province:\"Salah al-Din\"")
    );
    assert_eq!(t.filter_term(2), None, "no term lists missing values");
}

#[test]
fn the_change_compares_the_last_four_weeks_with_the_four_before() {
    let ds = dataset(vec![
        // The listed range ends on 30 June: the last four weeks start on 3 June.
        inc(Some("Anbar"), Some("2020-06-30"), Some(6)),
        inc(Some("Anbar"), Some("2020-06-03"), Some(3)),
        inc(Some("Anbar"), Some("2020-05-20"), Some(6)),
        // Before both windows.
        inc(Some("Anbar"), Some("2020-01-01"), Some(50)),
        // A month: wider than either window.
        inc(Some("Anbar"), Some("2020-06"), Some(7)),
        inc(Some("Basra"), Some("2020-06-10"), Some(2)),
    ]);
    let rows: Vec<usize> = (0..6).collect();
    let t = table(&ds, &rows, &Exceptions::default(), Column::Province);
    let anbar = &t.rows[0];
    assert_eq!(anbar.value, "Anbar");
    assert_eq!((anbar.change.recent, anbar.change.prior), (9, 6));
    assert_eq!(anbar.change.text(), "▲ 50%");
    assert_eq!(t.rows[1].change.text(), "new");
    assert_eq!(t.change.recent, 11);
    let json = serde_json::to_value(&t).expect("present");
    assert_eq!(
        json["windows"]["last_4_weeks"],
        serde_json::json!(["2020-06-03", "2020-06-30"])
    );
    assert_eq!(json["rows"][0]["killed_last_4_weeks"], 9);
}

#[test]
fn months_read_in_order_and_filter_by_date() {
    let ds = dataset(vec![
        inc(Some("A"), Some("2020-03-09"), Some(1)),
        inc(Some("A"), Some("2020-01"), Some(5)),
        inc(Some("A"), Some("2020"), Some(2)),
        inc(Some("A"), Some("2020-03-01"), Some(1)),
    ]);
    let t = table(&ds, &[0, 1, 2, 3], &Exceptions::default(), Column::Month);
    let values: Vec<&str> = t.rows.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(values, ["2020-01", "2020-03", "(unknown)"]);
    assert_eq!(t.filter_term(1).as_deref(), Some("date:2020-03"));
}

#[test]
fn outlets_and_statuses_come_from_documents_and_reviews() {
    let mut ds = dataset(vec![
        inc(Some("A"), None, Some(1)),
        inc(Some("A"), None, Some(2)),
        inc(Some("A"), None, Some(3)),
    ]);
    ds.documents = vec![
        Document {
            outlet: Some("Rudaw".into()),
            ..Document::default()
        },
        Document::default(),
    ];
    let source = |d: usize| Source {
        document_id: "d".into(),
        document: Some(d),
        evidence: Vec::new(),
    };
    ds.incidents[0].sources = vec![source(0)];
    // The first source has no outlet; the second does.
    ds.incidents[1].sources = vec![source(1), source(0)];
    let t = table(&ds, &[0, 1, 2], &Exceptions::default(), Column::Outlet);
    assert_eq!(t.rows[0].value, "Rudaw");
    assert_eq!(t.rows[0].totals.incidents, 2);
    assert_eq!(t.filter_term(0).as_deref(), Some("outlet:Rudaw"));

    let summarizer = Summarizer::new(&ds.incidents);
    let dates = DateColumn::new(&ds.incidents);
    let except = Exceptions::default();
    let listed = Listed {
        incidents: &ds.incidents,
        rows: &[0, 1, 2],
        except: &except,
        summarizer: &summarizer,
        dates: &dates,
    };
    let statuses = HashMap::from([(1, ReviewStatus::Flagged)]);
    let s = listed.frequency(&FrequencyColumn::new(&ds, Column::Status), &ds, &statuses);
    let values: Vec<(&str, u64)> = s
        .rows
        .iter()
        .map(|r| (r.value.as_str(), r.totals.incidents))
        .collect();
    assert_eq!(values, [("unreviewed", 2), ("flagged", 1)]);
    assert_eq!(s.filter_term(1).as_deref(), Some("status:flagged"));
}

const PROVINCES: [&str; 5] = ["Kirkuk", "kirkuk", "Saladin", "Salahuddin", "Diyala"];

fn arb_incident() -> impl Strategy<Value = Incident> {
    (
        proptest::option::of(0..PROVINCES.len()),
        proptest::option::of((0u8..3, 1u8..=12, 1u8..=28)),
        proptest::option::of(0u64..20),
        proptest::option::of(0u64..20),
        proptest::option::of(0..3usize),
    )
        .prop_map(|(p, date, killed, wounded, district)| {
            let date = date.map(|(precision, m, d)| match precision {
                0 => "2021".to_string(),
                1 => format!("2021-{m:02}"),
                _ => format!("2021-{m:02}-{d:02}"),
            });
            let mut i = inc(p.map(|p| PROVINCES[p]), date.as_deref(), killed);
            i.wounded = wounded;
            i.district = district.map(|d| ["Hawija", "Tuz", "Baquba"][d].into());
            i
        })
}

fn arb_query() -> impl Strategy<Value = String> {
    let term = prop_oneof![
        (0..PROVINCES.len()).prop_map(|p| format!("province:{}", PROVINCES[p])),
        (0u64..10).prop_map(|n| format!("killed>={n}")),
        (1u8..=12).prop_map(|m| format!("date:2021-{m:02}")),
        (1u8..=12).prop_map(|m| format!("!date:<=2021-{m:02}")),
        Just("wounded:unknown".to_string()),
        Just("!district:tuz".to_string()),
    ];
    proptest::collection::vec(term, 0..3).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever is listed and however it was reviewed, the timeline's bins
    /// with the incidents they could not place, and each frequency table's
    /// rows, add up to the summary bar's totals.
    #[test]
    fn bins_and_rows_add_up_to_the_summary(
        incidents in proptest::collection::vec(arb_incident(), 0..60),
        query in arb_query(),
        reviews in proptest::collection::vec((0usize..60, 0u8..3, 0u64..9), 0..8),
    ) {
        let ds = dataset(incidents);
        let index = SearchIndex::build(&ds);
        let status = all_unreviewed();
        let parsed = parse(&query).expect("present");
        let m = Matcher::new(&parsed, &ds, &index, &status);
        let rows: Vec<usize> = (0..ds.incidents.len()).filter(|&i| m.matches(i)).collect();
        let mut except = Exceptions::default();
        for (i, kind, n) in reviews {
            let Some(original) = ds.incidents.get(i) else { continue };
            let counted = match kind {
                0 => Counted::Not,
                1 => Counted::As(Box::new(inc(Some("Basra"), Some("2021-02-03"), Some(n)))),
                _ => {
                    let mut changed = original.clone();
                    changed.killed = None;
                    changed.date_parsed = PartialDate::parse("2021-07");
                    Counted::As(Box::new(changed))
                }
            };
            except.insert(i, counted);
        }
        let summarizer = Summarizer::new(&ds.incidents);
        let dates = DateColumn::new(&ds.incidents);
        let listed = Listed {
            incidents: &ds.incidents,
            rows: &rows,
            except: &except,
            summarizer: &summarizer,
            dates: &dates,
        };
        let total = listed.summary().total;
        for unit in BinUnit::ALL {
            let t = listed.timeline(unit).expect("present");
            let mut sum = t.not_placed.clone();
            sum.absorb(&t.undated);
            for b in &t.bins {
                sum.absorb(b);
            }
            prop_assert_eq!(&sum, &total, "{}", unit);
            prop_assert_eq!(&t.total, &total);
        }
        let statuses: HashMap<usize, ReviewStatus> = HashMap::new();
        for column in Column::ALL {
            let table = listed.frequency(&FrequencyColumn::new(&ds, column), &ds, &statuses);
            let mut sum = Totals::default();
            for r in &table.rows {
                sum.absorb(&r.totals);
            }
            prop_assert_eq!(&sum, &total, "{:?}", column);
            prop_assert_eq!(&table.total, &total);
        }
    }
}
