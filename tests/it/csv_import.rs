//! ACLED, UCDP GED and GTD CSV exports, read through `load_path` as a user's
//! file would be: the fixtures under tests/fixtures/ were written for this
//! project (invented events in Iraq), one per layout, each with the odd
//! cases real exports have.

use crate::common::{self, extra, fixture, incident, load, per_province, row, scratch, text};
use incidents::dataset::{load_path, Loaded, Location, Progress, Severity};
use incidents::summary::{summarize, Totals};
use serde_json::json;
use std::num::NonZeroU32;

/// The file warnings, and the tally: read = loaded + rejected.
fn skipped_row_warning(l: &Loaded, line: usize, fields: usize, header: usize) {
    let want = format!(
        "line {line}: the row has {fields} fields where the header has {header}; it was skipped"
    );
    assert!(
        l.dataset.warnings.iter().any(|w| w.starts_with(&want)),
        "{want} in {:?}",
        l.dataset.warnings
    );
    assert_eq!(l.rejected, 1);
    // A row is one record, its text part of it.
    assert_eq!(l.records_read, l.dataset.incidents.len() + l.rejected);
}

#[test]
fn acled_current_export_maps_onto_the_model() {
    let l = load("acled.csv");
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 12);
    let i = incident(ds, "IRQ90001");
    assert_eq!(i.line, NonZeroU32::new(2));
    assert_eq!(i.date.as_deref(), Some("2023-03-12"));
    assert!(i.date_parsed.is_some());
    assert_eq!(i.province.as_deref(), Some("Kirkuk"));
    assert_eq!(i.district.as_deref(), Some("Kirkuk"));
    assert_eq!(i.location.as_deref(), Some("Daquq"));
    assert_eq!(i.perpetrator.as_deref(), Some("Islamic State (Iraq)"));
    assert_eq!(i.target.as_deref(), Some("Civilians (Iraq)"));
    assert_eq!(i.event_type.as_deref(), Some("Explosions/Remote violence"));
    assert_eq!(i.killed, Some(2));
    // ACLED records no injuries: unknown, not zero.
    assert_eq!(i.wounded, None);
    // Every other column is an extra field, numbers as written.
    assert_eq!(
        extra(i, "sub_event_type").as_deref(),
        Some("Remote explosive/landmine/IED")
    );
    assert_eq!(extra(i, "latitude").as_deref(), Some("35.1379"));
    assert_eq!(extra(i, "admin3").as_deref(), Some("Daquq"));
    assert_eq!(extra(i, "interaction").as_deref(), Some("27"));
    for mapped in [
        "event_id_cnty",
        "admin1",
        "notes",
        "fatalities",
        "source",
        "tags",
    ] {
        assert!(
            !i.extra.to_map().contains_key(mapped),
            "{mapped} kept twice"
        );
    }
    // The notes are the document, quoted line break and commas included,
    // cited without evidence spans; the source is its outlet.
    assert_eq!(i.sources.len(), 1);
    assert!(i.sources[0].evidence.is_empty());
    let doc = ds
        .document(i.sources[0].document.expect("resolved"))
        .expect("doc");
    assert_eq!(
        doc.text,
        "On 12 March 2023, an IED planted by IS militants exploded next to a minibus on the Daquq-Tuz road, Kirkuk.\nTwo civilians were killed, and four others, including a child, were injured."
    );
    assert_eq!(doc.outlet.as_deref(), Some("Shafaq News; Rudaw"));
    assert_eq!(incident(ds, "IRQ90002").line, NonZeroU32::new(4));
}

#[test]
fn acled_empty_fatalities_are_unknown_and_arabic_survives() {
    let l = load("acled.csv");
    let ds = &l.dataset;
    assert_eq!(incident(ds, "IRQ90002").killed, None);
    assert_eq!(incident(ds, "IRQ90012").killed, None);
    assert_eq!(incident(ds, "IRQ90008").killed, Some(0));
    assert!(text(ds, "IRQ90004")
        .expect("notes")
        .contains("chanting \"نريد ماء وكهرباء\" (\"we want water and electricity\")"));
    // No notes: no document, and the source stays with the incident.
    let quiet = incident(ds, "IRQ90008");
    assert!(quiet.sources.is_empty());
    assert_eq!(extra(quiet, "source").as_deref(), Some("Rudaw"));
    assert_eq!(ds.documents.len(), 11);
}

#[test]
fn a_short_row_is_a_warning_with_its_line_not_the_end_of_the_load() {
    let l = load("acled.csv");
    skipped_row_warning(&l, 11, 19, 31);
    assert!(l.dataset.incidents.iter().all(|i| i.id != "IRQ90099"));
    // The rows after it loaded.
    assert_eq!(incident(&l.dataset, "IRQ90009").line, NonZeroU32::new(12));
    assert!(l
        .diagnostics()
        .iter()
        .any(|d| d.severity == Severity::Problem && d.location == Location::File));
}

#[test]
fn acled_summary_per_province() {
    let l = load("acled.csv");
    assert_eq!(
        per_province(&l.dataset),
        vec![
            row("Kirkuk", 2, 8, 0, 0, 2),
            row("Salah al-Din", 2, 4, 0, 0, 2),
            row("Al Anbar", 1, 4, 0, 0, 1),
            row("Ninewa", 2, 3, 0, 0, 2),
            row("Baghdad", 2, 1, 0, 1, 2),
            row("Basrah", 1, 1, 0, 0, 1),
            row("Diyala", 2, 0, 0, 1, 2),
        ]
    );
}

#[test]
fn acled_pre_2023_export_with_its_older_dates_and_columns() {
    let l = load("acled-pre2023.csv");
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 11);
    // Saved by a spreadsheet: a byte-order mark, noted and ignored.
    assert!(ds.warnings.iter().any(|w| w.contains("byte-order mark")));
    let i = incident(ds, "IRQ80002");
    assert_eq!(i.date.as_deref(), Some("2019-03-12"));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    assert_eq!(extra(i, "data_id").as_deref(), Some("8810002"));
    assert_eq!(extra(i, "event_id_no_cnty").as_deref(), Some("80002"));
    assert_eq!(extra(i, "iso3").as_deref(), Some("IRQ"));
    assert_eq!(
        i.target.as_deref(),
        Some("Police Forces of Iraq (2014-2022)")
    );
    assert_eq!(
        text(ds, "IRQ80002"),
        Some("On 11 March 2019, a roadside bomb struck a Federal Police checkpoint on the Baghdad road, about 12 km south of Kirkuk,\nkilling 1 policeman and wounding 3.")
    );
    assert_eq!(incident(ds, "IRQ80009").date.as_deref(), Some("2019-12-15"));
    assert_eq!(incident(ds, "IRQ80007").killed, None);
    assert!(text(ds, "IRQ80006")
        .expect("notes")
        .contains("«الله أكبر، ساعدونا»"));
    // The unquoted commas in a row's notes make it two fields too long.
    skipped_row_warning(&l, 10, 33, 31);
    assert_eq!(incident(ds, "IRQ80008").line, NonZeroU32::new(11));
}

#[test]
fn acled_pre_2023_summary_per_province() {
    let l = load("acled-pre2023.csv");
    assert_eq!(
        per_province(&l.dataset),
        vec![
            row("Salah al-Din", 2, 7, 0, 0, 2),
            row("Ninewa", 1, 6, 0, 0, 1),
            row("Kirkuk", 3, 5, 0, 0, 3),
            row("Diyala", 2, 3, 0, 0, 2),
            row("Basrah", 1, 1, 0, 0, 1),
            row("Al Anbar", 1, 0, 0, 1, 1),
            row("Baghdad", 1, 0, 0, 1, 1),
        ]
    );
}

#[test]
fn ucdp_ged_export_maps_onto_the_model() {
    let l = load("ucdp-ged.csv");
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 11);
    let i = incident(ds, "310502");
    assert_eq!(i.date.as_deref(), Some("2017-03-09"));
    assert_eq!(i.province.as_deref(), Some("Nineveh governorate"));
    assert_eq!(i.district.as_deref(), Some("Mosul district"));
    assert_eq!(i.location.as_deref(), Some("Mosul city, western part"));
    assert_eq!(i.perpetrator.as_deref(), Some("Government of Iraq"));
    assert_eq!(i.target.as_deref(), Some("IS"));
    assert_eq!(i.event_type.as_deref(), Some("state-based conflict"));
    assert_eq!(i.killed, Some(27));
    assert_eq!(i.wounded, None);
    // UCDP's range around the best estimate, shown in the detail pane.
    assert_eq!(extra(i, "low").as_deref(), Some("20"));
    assert_eq!(extra(i, "high").as_deref(), Some("45"));
    assert_eq!(extra(i, "relid").as_deref(), Some("IRQ-2017-259-310502-1"));
    assert_eq!(extra(i, "deaths_b").as_deref(), Some("18"));
    assert_eq!(
        extra(i, "source_date").as_deref(),
        Some("2017-03-10;2017-03-10")
    );
    // In the export's column order, as the detail pane lists them.
    let map = i.extra.to_map();
    let keys: Vec<&str> = map.keys().map(String::as_str).take(5).collect();
    assert_eq!(
        keys,
        [
            "relid",
            "year",
            "active_year",
            "code_status",
            "conflict_dset_id"
        ]
    );
    let doc = ds
        .document(i.sources[0].document.expect("resolved"))
        .expect("doc");
    assert_eq!(doc.outlet.as_deref(), Some("AFP;Amaq"));
    assert_eq!(
        doc.text,
        "Iraqi forces push into old city of west Mosul\n\nIraqi Joint Operations Command; IS (Amaq)\n\nAFP,2017-03-10,\"Iraqi forces push into old city of west Mosul\";\nAmaq,2017-03-10,\"Soldiers killed in west Mosul\""
    );
    assert_eq!(
        incident(ds, "310504").event_type.as_deref(),
        Some("one-sided violence")
    );
    assert!(text(ds, "310504")
        .expect("text")
        .starts_with("مقتل ثلاثة مدنيين بهجوم مسلح في المقدادية"));
    // An empty best estimate is unknown; its range is still there.
    let unclear = incident(ds, "310503");
    assert_eq!(unclear.killed, None);
    assert_eq!(
        (extra(unclear, "low"), extra(unclear, "high")),
        (Some("0".into()), Some("12".into()))
    );
    // No source text: no document.
    assert!(incident(ds, "310510").sources.is_empty());
    skipped_row_warning(&l, 9, 19, 49);
}

#[test]
fn ucdp_ged_summary_per_province() {
    let l = load("ucdp-ged.csv");
    assert_eq!(
        per_province(&l.dataset),
        vec![
            row("Nineveh governorate", 2, 30, 0, 0, 2),
            row("Anbar governorate", 1, 12, 0, 0, 1),
            row("Baghdad governorate", 1, 7, 0, 0, 1),
            row("Kirkuk governorate", 2, 5, 0, 1, 2),
            row("Salah al-Din governorate", 2, 5, 0, 0, 2),
            row("Diyala governorate", 2, 3, 0, 0, 2),
            row("Basra governorate", 1, 2, 0, 0, 1),
        ]
    );
}

#[test]
fn gtd_export_maps_onto_the_model() {
    let l = load("gtd.csv");
    let ds = &l.dataset;
    assert_eq!(ds.incidents.len(), 11);
    let i = incident(ds, "201701080014");
    assert_eq!(i.date.as_deref(), Some("2017-01-08"));
    assert_eq!(i.province.as_deref(), Some("Baghdad"));
    assert_eq!(i.district, None);
    assert_eq!(i.location.as_deref(), Some("Baghdad"));
    assert_eq!(
        i.perpetrator.as_deref(),
        Some("Islamic State of Iraq and the Levant (ISIL)")
    );
    assert_eq!(i.target.as_deref(), Some("Private Citizens & Property"));
    assert_eq!(i.event_type.as_deref(), Some("Bombing/Explosion"));
    assert_eq!((i.killed, i.wounded), (Some(13), Some(50)));
    // GTD's own `location` column is kept, under a name that does not
    // clash with the model's location (GTD's city).
    assert_eq!(
        extra(i, "gtd_location").as_deref(),
        Some("The attack took place in Jamila market, Sadr City.")
    );
    assert_eq!(
        extra(i, "target1").as_deref(),
        Some("Shoppers at Jamila market")
    );
    assert_eq!(extra(i, "nkillter").as_deref(), Some("1"));
    for mapped in [
        "iyear",
        "imonth",
        "iday",
        "provstate",
        "city",
        "nkill",
        "summary",
    ] {
        assert!(
            !i.extra.to_map().contains_key(mapped),
            "{mapped} kept twice"
        );
    }
    // Day 0: a month-precision date; month 0: a year-precision date.
    let month = incident(ds, "201703000007");
    assert_eq!(month.date.as_deref(), Some("2017-03"));
    assert_eq!(
        month.date_parsed.map(|d| (d.month, d.day)),
        Some((Some(3), None))
    );
    let year = incident(ds, "201700000003");
    assert_eq!(year.date.as_deref(), Some("2017"));
    assert_eq!(year.date_parsed.map(|d| d.month), Some(None));
    assert!(month.warnings.is_empty() && year.warnings.is_empty());
    // Empty counts are unknown.
    let hawija = incident(ds, "201704110022");
    assert_eq!((hawija.killed, hawija.wounded), (None, None));
    assert_eq!(
        text(ds, "201704110022"),
        Some("04/11/2017: Assailants opened fire on a police checkpoint near Hawija, Kirkuk, Iraq.\nCasualty figures were not reported.")
    );
    assert!(text(ds, "201705200031")
        .expect("summary")
        .contains("«قتلوا ثلاثة من جيراننا أمام أعيننا»"));
    // CRLF line ends, a quoted line break before it: still the right line.
    skipped_row_warning(&l, 10, 53, 52);
}

#[test]
fn gtd_summary_per_province() {
    let l = load("gtd.csv");
    let s = summarize(&l.dataset.incidents);
    assert_eq!(
        per_province(&l.dataset),
        vec![
            row("Baghdad", 2, 15, 53, 0, 0),
            row("Kirkuk", 3, 9, 11, 1, 2),
            row("Diyala", 1, 3, 0, 0, 0),
            row("Saladin", 2, 1, 2, 0, 1),
            row("Nineveh", 2, 1, 0, 0, 0),
            row("Al Anbar", 1, 1, 0, 0, 1),
        ]
    );
    assert_eq!(
        s.total,
        Totals {
            incidents: 11,
            killed: 30,
            wounded: 66,
            killed_unknown: 1,
            wounded_unknown: 4
        }
    );
}

#[test]
fn an_unknown_header_is_a_clear_error_naming_the_columns() {
    let dir = scratch("csv-unknown-header");
    let path = dir.join("casualties.csv");
    std::fs::write(&path, "date,place,dead,injured\n2020-01-01,Kirkuk,2,3\n").expect("write");
    let l = load_path(&path, &mut |_| {});
    assert_eq!(l.errors.len(), 1);
    assert_eq!(l.errors[0].location, Location::File);
    let m = &l.errors[0].message;
    assert!(m.starts_with("unrecognised CSV header"), "{m}");
    for column in ["event_id_cnty", "date_start", "best", "eventid", "iyear"] {
        assert!(m.contains(column), "{column} in {m}");
    }
    assert!(l.dataset.incidents.is_empty());
}

#[test]
fn the_header_decides_not_the_extension() {
    let dir = scratch("csv-by-content");
    let path = dir.join("export.txt");
    std::fs::copy(fixture("gtd.csv"), &path).expect("copy");
    let l = load_path(&path, &mut |_| {});
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.dataset.incidents.len(), 11);
    // And a JSONL file named .csv is still JSONL.
    let path = dir.join("mislabelled.csv");
    std::fs::write(
        &path,
        "{\"type\": \"incident\", \"id\": \"i1\", \"province\": \"Basra\"}\n",
    )
    .expect("write");
    let l = load_path(&path, &mut |_| {});
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.dataset.incidents[0].province.as_deref(), Some("Basra"));
}

#[test]
fn rows_that_cannot_form_an_incident_are_errors_on_their_line() {
    let dir = scratch("csv-bad-rows");
    let path = dir.join("gtd.csv");
    std::fs::write(
        &path,
        "eventid,iyear,imonth,iday,provstate,gname,nkill\n\
         1,2017,1,1,Basra,Unknown,2\n\
         ,2017,1,2,Basra,Unknown,1\n\
         3,2017,1,3,Basra,Unknown,a few\n\
         1,2017,1,4,Basra,Unknown,0\n\
         5,2017,1,5,Basra,Unknown,\n",
    )
    .expect("write");
    let l = load_path(&path, &mut |_| {});
    let errors: Vec<String> = l.errors.iter().map(|d| d.render("gtd.csv")).collect();
    assert_eq!(
        errors,
        [
            "gtd.csv:3:1: error: the row has no eventid (the incident id); it cannot be loaded",
            "gtd.csv:4:1: error: nkill must be a number of people or empty, found \"a few\"",
            "gtd.csv:5:1: error: duplicate incident id \"1\"",
        ]
    );
    let ids: Vec<&str> = l.dataset.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "5"]);
    assert_eq!((l.records_read, l.rejected), (5, 3));
}

#[test]
fn hostile_text_is_cleaned_and_counted_as_in_json() {
    let dir = scratch("csv-hostile");
    let csv_path = dir.join("acled.csv");
    let notes = "Blast\u{1b}[2J in \u{202E}Kirkuk\u{7}";
    let actor = "IS\u{1b}]0;owned\u{7}";
    std::fs::write(
        &csv_path,
        format!(
            "event_id_cnty,event_date,actor1,admin1,fatalities,notes,extra\u{9b}col\n\
             IRQ1,2023-01-01,\"{actor}\",Kirkuk,1,\"{notes}\",x\u{202E}y\n"
        ),
    )
    .expect("write");
    let jsonl_path = dir.join("same.jsonl");
    std::fs::write(
        &jsonl_path,
        format!(
            "{}\n{}\n",
            json!({"type": "document", "id": "IRQ1", "text": notes}),
            json!({"type": "incident", "id": "IRQ1", "perpetrator": actor, "extra\u{9b}col": "x\u{202E}y",
                   "sources": [{"document": "IRQ1"}]})
        ),
    )
    .expect("write");
    let from_csv = load_path(&csv_path, &mut |_| {});
    let from_json = load_path(&jsonl_path, &mut |_| {});
    assert!(from_csv.errors.is_empty(), "{:?}", from_csv.errors);
    let (c, j) = (&from_csv.dataset, &from_json.dataset);
    assert_eq!(c.documents[0].text, "Blast[2J in Kirkuk");
    assert_eq!(c.documents[0].text, j.documents[0].text);
    assert_eq!(c.documents[0].removed_chars, j.documents[0].removed_chars);
    assert_eq!(c.documents[0].warnings, j.documents[0].warnings);
    let (ci, ji) = (&c.incidents[0], &j.incidents[0]);
    assert_eq!(ci.perpetrator.as_deref(), Some("IS]0;owned"));
    assert_eq!(ci.perpetrator, ji.perpetrator);
    assert_eq!(extra(ci, "extracol").as_deref(), Some("xy"));
    // The header's stray character is counted once, on the file; the rest
    // on the record, as JSON loading counts them.
    assert_eq!(ci.removed_chars + 1, ji.removed_chars);
    assert!(
        c.warnings.iter().any(|w| w.contains("header row")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn progress_reports_bytes_and_incidents_as_it_streams() {
    let dir = scratch("csv-progress");
    let path = dir.join("big.csv");
    let mut text = String::from("event_id_cnty,event_date,actor1,admin1,fatalities,notes\n");
    for n in 0..20_000 {
        text.push_str(&format!(
            "IRQ{n},2023-01-01,IS,Kirkuk,1,\"Row {n}, with a comma\nand a line break\"\n"
        ));
    }
    std::fs::write(&path, &text).expect("write");
    let mut reports: Vec<Progress> = Vec::new();
    let l = load_path(&path, &mut |p| reports.push(p));
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.dataset.incidents.len(), 20_000);
    assert!(reports.len() >= 4, "{} reports", reports.len());
    assert!(reports
        .windows(2)
        .all(|w| w[0].bytes_read <= w[1].bytes_read && w[0].incidents <= w[1].incidents));
    let mid = &reports[1];
    assert!(
        mid.incidents > 0 && mid.bytes_read < text.len() as u64,
        "{mid:?}"
    );
    let last = reports.last().expect("a final report");
    assert_eq!(last.bytes_read, text.len() as u64);
    assert_eq!(last.total_bytes, Some(text.len() as u64));
    assert_eq!(last.incidents, 20_000);
    assert_eq!(
        incident(&l.dataset, "IRQ19999").line,
        NonZeroU32::new(2 + 2 * 19_999)
    );
}

#[test]
fn a_stray_quote_that_swallows_the_rows_after_it_is_a_problem_and_counted() {
    // The fixture's header and first three rows, the first row's last
    // field opening a quote it never closes.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(fixture("acled.csv"))
        .expect("fixture");
    let rows: Vec<csv::StringRecord> = reader.records().take(4).map(|r| r.expect("row")).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    for (n, row) in rows.iter().enumerate() {
        // No quotes after the stray one: each field plain.
        let mut fields: Vec<String> = row
            .iter()
            .map(|f| f.replace([',', '"', '\n'], " "))
            .collect();
        if n == 1 {
            *fields.last_mut().expect("fields") = "STRAYMARK".into();
        }
        out.write_record(&fields).expect("write");
    }
    let text = String::from_utf8(out.into_inner().expect("bytes"))
        .expect("utf-8")
        .replace("STRAYMARK", "\"1700000000");
    let path = common::temp_file("stray.csv", text.as_bytes());
    let l = load_path(&path, &mut |_| {});
    assert_eq!(l.dataset.incidents.len(), 1, "the quote swallowed two rows");
    assert_eq!(l.records_read, 3, "the swallowed rows are counted as read");
    assert_eq!(l.rejected, 2);
    let said = l
        .dataset
        .warnings
        .iter()
        .find(|w| w.contains("a stray quote?"))
        .unwrap_or_else(|| panic!("no warning: {:?}", l.dataset.warnings));
    assert!(
        said.starts_with("line 2:"),
        "names the line the quote opened on: {said}"
    );
    assert!(said.contains("2 rows"), "{said}");
    assert!(said.is_problem());
}
