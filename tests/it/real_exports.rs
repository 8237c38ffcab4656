//! Exports as analysts' files really have them, opened as the program opens
//! them (the built-in gazetteer applied): ACLED re-saved by spreadsheets,
//! UCDP GED from HDX with its HXL row, GTD converted from Excel, a
//! Windows-1252 file, and our own CSV export read back. The fixtures under
//! tests/fixtures/real-exports/ were written for this project (invented
//! events), one per variant; each test asserts the summary per province.

use std::path::Path;
use std::process::Command;

use crate::common::{extra, fixture, incident, per_province, row, scratch, text};
use incidents::dataset::{load_path, Dataset, Loaded};
use incidents::evidence::{self, Gazetteer};
use incidents::review::{Action, ReviewJournal};

/// Loads a fixture and checks its evidence as every command does.
fn open(name: &str) -> Loaded {
    open_path(&fixture(&format!("real-exports/{name}")))
}

fn open_path(path: &Path) -> Loaded {
    let mut l = load_path(path, &mut |_| {});
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    evidence::apply(&mut l.dataset, &[Gazetteer::iraq()]);
    l
}

fn date(ds: &Dataset, id: &str) -> Option<String> {
    incident(ds, id).date_parsed.map(|d| d.to_string())
}

/// The incidents the list marks `!`: those with a problem.
fn marked(ds: &Dataset) -> Vec<&str> {
    ds.incidents
        .iter()
        .filter(|i| i.warnings.has_problem())
        .map(|i| i.id.as_str())
        .collect()
}

/// The file's notes, as text.
fn file_notes(l: &Loaded) -> Vec<String> {
    l.dataset
        .warnings
        .iter()
        .filter(|w| w.is_note())
        .map(|w| w.to_string())
        .collect()
}

#[test]
fn acled_resaved_by_a_spreadsheet_reads_every_date_layout() {
    let l = open("acled-resaved.csv");
    let ds = &l.dataset;
    for (id, want) in [
        ("IRQ70001", "2020-12-31"), // 31-Dec-20
        ("IRQ70002", "2020-05-09"), // 9-May-20
        ("IRQ70003", "2024-08-05"), // 5-Aug-24
        ("IRQ70004", "2020-12-31"), // 20201231
        ("IRQ70005", "2015-01-01"), // 01-January-2015
        ("IRQ70006", "2020-12-31"), // 12/31/2020
        ("IRQ70007", "2019-03-12"), // 12 March 2019
        ("IRQ70008", "2019-03-12"), // 2019-03-12
        // 03/04/2020: month first, as 12/31/2020 in the same file says.
        ("IRQ70009", "2020-03-04"),
    ] {
        assert_eq!(date(ds, id).as_deref(), Some(want), "{id}");
    }
    assert!(file_notes(&l)
        .iter()
        .any(|n| n.contains("\"03/04/2020\" read month first")));
    // The one date no layout reads keeps its text and is the one problem.
    let unread = incident(ds, "IRQ70010");
    assert_eq!(unread.date.as_deref(), Some("sometime in May"));
    assert_eq!(unread.date_parsed, None);
    assert_eq!(unread.warnings.problems(), 1, "{:?}", unread.warnings);
    assert_eq!(marked(ds), ["IRQ70010"]);
    // No row can carry evidence: no "no evidence for" note at all.
    assert!(ds
        .incidents
        .iter()
        .all(|i| !i.warnings.iter().any(|w| w.contains("no evidence for"))));
    assert_eq!((l.records_read, l.rejected), (10, 0));
    // ACLED's spellings reach their gazetteer provinces.
    assert_eq!(
        per_province(ds),
        vec![
            row("Salahuddin", 2, 8, 0, 0, 2),
            row("Nineveh", 1, 8, 0, 0, 1),
            row("Anbar", 1, 7, 0, 0, 1),
            row("Duhok", 1, 5, 0, 0, 1),
            row("Babil", 1, 4, 0, 0, 1),
            row("Dhi Qar", 2, 3, 0, 1, 2),
            row("Maysan", 1, 1, 0, 0, 1),
            row("Basra", 1, 0, 0, 0, 1),
        ]
    );
}

#[test]
fn day_first_files_are_read_day_first_throughout() {
    let l = open("acled-day-first.csv");
    let ds = &l.dataset;
    assert_eq!(date(ds, "IRQ71001").as_deref(), Some("2021-12-25"));
    assert_eq!(date(ds, "IRQ71002").as_deref(), Some("2021-04-03"));
    assert_eq!(date(ds, "IRQ71003").as_deref(), Some("2021-01-12"));
    assert!(marked(ds).is_empty(), "{:?}", marked(ds));
    assert_eq!(
        per_province(ds),
        vec![row("Diyala", 2, 3, 0, 0, 2), row("Kirkuk", 1, 3, 0, 0, 1)]
    );
}

#[test]
fn a_row_without_its_event_id_loads_under_its_data_id_and_a_copy_is_one_rejection() {
    let l = open("acled-pre2023-data-id.csv");
    let ds = &l.dataset;
    let built = incident(ds, "data_id-8820002");
    assert_eq!(built.killed, Some(3));
    assert!(built
        .warnings
        .iter()
        .any(|w| w.is_note() && w.contains("no event_id_cnty; loaded as \"data_id-8820002\"")));
    // Four rows: three loaded, the copy rejected once, with one note.
    assert_eq!((l.records_read, l.rejected), (4, 1));
    assert_eq!(ds.incidents.len(), 3);
    let copies: Vec<String> = file_notes(&l)
        .into_iter()
        .filter(|n| n.contains("the same row as"))
        .collect();
    assert_eq!(
        copies,
        ["line 5: the same row as line 4 (\"8820003\"); skipped, as a copy"]
    );
    assert!(marked(ds).is_empty(), "{:?}", marked(ds));
    assert_eq!(
        per_province(ds),
        vec![row("Kirkuk", 2, 5, 0, 0, 2), row("Erbil", 1, 1, 0, 0, 1)]
    );
}

#[test]
fn two_rows_with_one_id_and_different_cells_stay_an_error() {
    let dir = scratch("real-exports-same-id");
    let path = dir.join("gtd.csv");
    std::fs::write(
        &path,
        "eventid,iyear,imonth,iday,provstate,gname,nkill\n1,2017,1,1,Basra,X,2\n1,2017,1,1,Basra,X,3\n",
    )
    .expect("write");
    let l = load_path(&path, &mut |_| {});
    assert_eq!(l.errors.len(), 1, "{:?}", l.errors);
    assert!(l.errors[0].message.contains("duplicate incident id"));
    assert_eq!((l.records_read, l.rejected), (2, 1));
}

#[test]
fn ucdp_from_hdx_skips_its_hxl_row_and_folds_its_place_names() {
    let l = open("ucdp-hdx.csv");
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 6);
    assert_eq!((l.records_read, l.rejected), (6, 0));
    let notes = file_notes(&l);
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("line 2: HXL hashtag row (#id, #date+year")),
        "{notes:?}"
    );
    assert_eq!(incident(ds, "320001").line.map(|l| l.get()), Some(3));
    assert_eq!(
        incident(ds, "320003").province_canonical.as_deref(),
        Some("Kirkuk")
    );
    assert_eq!(date(ds, "320005").as_deref(), Some("2018-03-02"));
    assert!(marked(ds).is_empty(), "{:?}", marked(ds));
    assert_eq!(
        per_province(ds),
        vec![
            row("Kirkuk", 2, 8, 0, 0, 2),
            row("Nineveh", 2, 6, 0, 0, 2),
            row("Najaf", 1, 2, 0, 0, 1),
            row("Karbala", 1, 1, 0, 0, 1),
        ]
    );
}

#[test]
fn gtd_converted_from_excel_reads_its_floats_and_fractions() {
    let l = open("gtd-excel.csv");
    let ds = &l.dataset;
    let first = incident(ds, "199301010001");
    assert_eq!(first.date.as_deref(), Some("1993-03"));
    assert_eq!((first.killed, first.wounded), (Some(2), Some(5)));
    assert_eq!(extra(first, "country").as_deref(), Some("95"));
    // A share of an attack's count: rounded, halves up, the exact kept.
    let shared = incident(ds, "201501020001");
    assert_eq!((shared.killed, shared.wounded), (Some(20), Some(0)));
    assert_eq!(extra(shared, "nkill").as_deref(), Some("19.8"));
    assert_eq!(extra(shared, "nwound").as_deref(), Some("0.33"));
    assert_eq!(incident(ds, "201501020002").killed, Some(3));
    assert!(shared
        .warnings
        .iter()
        .any(|w| w.is_note() && w.contains("summed as 20")));
    // `Unknown` is no province, and no place.
    let nowhere = incident(ds, "201602030001");
    assert_eq!(
        (nowhere.province.as_deref(), nowhere.location.as_deref()),
        (None, None)
    );
    assert!(marked(ds).is_empty(), "{:?}", marked(ds));
    assert_eq!((l.records_read, l.rejected), (5, 0));
    assert_eq!(
        per_province(ds),
        vec![
            row("Anbar", 2, 23, 0, 0, 1),
            row("Baghdad", 1, 2, 5, 0, 0),
            row("(unknown)", 1, 1, 0, 0, 0),
            row("Salahuddin", 1, 0, 0, 1, 1),
        ]
    );
}

#[test]
fn a_windows_1252_file_is_decoded_with_one_note_and_a_note_where_the_bytes_were() {
    let path = fixture("real-exports/gtd-windows-1252.csv");
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let l = open_path(&path);
    let ds = &l.dataset;
    let about_file: Vec<String> = file_notes(&l)
        .into_iter()
        .filter(|n| n.contains("Windows-1252"))
        .collect();
    assert_eq!(about_file.len(), 1, "{about_file:?}");
    let karbala = incident(ds, "201801010001");
    assert_eq!(karbala.province.as_deref(), Some("Karbala’"));
    assert!(text(ds, "201801010001").is_some_and(|t| t.contains("café on Karbala’s")));
    assert!(karbala.warnings.iter().any(|w| w.is_note()
        && w.contains("columns provstate, summary were not UTF-8; read as Windows-1252")));
    assert!(text(ds, "201801030001").is_some_and(|t| t.contains("Château")));
    // Nothing became U+FFFD, and nothing was decoded where it was UTF-8.
    assert!(ds.documents.iter().all(|d| !d.text.contains('\u{FFFD}')));
    assert!(incident(ds, "201801020001").warnings.is_empty());
    assert!(marked(ds).is_empty(), "{:?}", marked(ds));
    assert_eq!(
        per_province(ds),
        vec![
            row("Karbala", 1, 3, 4, 0, 0),
            row("Erbil", 1, 2, 1, 0, 0),
            row("Baghdad", 1, 1, 0, 0, 1),
        ]
    );
}

#[test]
fn our_own_csv_export_opens_again_with_its_review_columns() {
    let dir = scratch("real-exports-round-trip");
    let out = dir.join("out.csv");
    let journal = dir.join("reviews.jsonl");
    let before = open("ucdp-hdx.csv");
    let (mut j, _, _) = ReviewJournal::open(&journal, "ana").expect("journal");
    let e = j.entry(incident(&before.dataset, "320002"), Action::Reject);
    j.append(&e).expect("append");
    drop(j);
    let status = Command::new(env!("CARGO_BIN_EXE_incidents"))
        .arg("export")
        .arg(fixture("real-exports/ucdp-hdx.csv"))
        .arg("--reviews")
        .arg(&journal)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let after = open_path(&out);
    // Id, date, killed and wounded of each incident, in order.
    let fields = |ds: &Dataset| -> Vec<String> {
        ds.incidents
            .iter()
            .map(|i| {
                let date = i.date_parsed.map(|d| d.to_string());
                format!("{} {date:?} {:?} {:?}", i.id, i.killed, i.wounded)
            })
            .collect()
    };
    assert_eq!(fields(&after.dataset), fields(&before.dataset));
    assert_eq!(per_province(&after.dataset), per_province(&before.dataset));
    let first = incident(&after.dataset, "320001");
    assert_eq!(extra(first, "review_status").as_deref(), Some("unreviewed"));
    assert_eq!(first.province.as_deref(), Some("Kirkuk"));
    assert_eq!(first.perpetrator.as_deref(), Some("IS"));
    let rejected = incident(&after.dataset, "320002");
    assert_eq!(
        extra(rejected, "review_status").as_deref(),
        Some("rejected")
    );
    assert_eq!(extra(rejected, "reviewer").as_deref(), Some("ana"));
    assert_eq!((after.records_read, after.rejected), (6, 0));
    assert!(marked(&after.dataset).is_empty());
}

#[test]
fn search_says_how_many_incidents_a_date_filter_could_not_place() {
    let file = fixture("real-exports/acled-resaved.csv");
    let run = |query: &str| {
        Command::new(env!("CARGO_BIN_EXE_incidents"))
            .arg("search")
            .arg(&file)
            .arg(query)
            .output()
            .expect("runs")
    };
    let o = run("date:2020");
    let found = String::from_utf8_lossy(&o.stdout).lines().count();
    assert_eq!(
        found, 5,
        "31-Dec-20, 9-May-20, 20201231, 12/31/2020, 03/04/2020"
    );
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("1 incident has no date that parses")
            && said.contains("date: filters leave them out"),
        "{said}"
    );
    // Sorted by date, the one unplaced incident comes last, and is said.
    let o = run("thi-qar");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.starts_with("IRQ70010")),
        "{out}"
    );
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("sorted by date, they come last"), "{said}");
    // Nothing to say when every listed incident has a date.
    let o = run("missan");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
