use serde_json::json;

use super::*;

fn cols(line: &str) -> Vec<String> {
    split_header_line(line.as_bytes()).expect("a CSV line")
}

fn row(header: &str, values: &[&str]) -> Result<MappedRow, String> {
    let header = Header::new(&cols(header)).expect("known header");
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    map_row(&header, &values, &mut DateOrder::default())
}

const ACLED: &str = "event_id_cnty,event_date,year,disorder_type,event_type,sub_event_type,actor1,actor2,admin1,admin2,location,source,notes,fatalities,tags";

#[test]
fn each_export_is_recognised_by_its_columns() {
    assert_eq!(detect(&cols(ACLED)), Ok(Layout::AcledCurrent));
    assert_eq!(
        detect(&cols("data_id,iso,event_id_cnty,event_id_no_cnty,event_date,actor1,admin1,notes,fatalities,iso3")),
        Ok(Layout::AcledPre2023)
    );
    assert_eq!(
        detect(&cols(
            "id,relid,year,side_a,side_b,adm_1,adm_2,date_start,best,low,high"
        )),
        Ok(Layout::UcdpGed)
    );
    assert_eq!(
        detect(&cols(
            "eventid,iyear,imonth,iday,country_txt,provstate,city,gname,nkill,nwound"
        )),
        Ok(Layout::Gtd)
    );
    // Header names are matched whatever their case and padding.
    assert_eq!(
        detect(&cols("EventID, iYear ,IMONTH,iday,provstate,gname")),
        Ok(Layout::Gtd)
    );
}

#[test]
fn an_unknown_header_names_the_columns_we_looked_for() {
    let e = detect(&cols("date,place,dead,injured")).expect_err("unknown");
    assert!(e.starts_with("unrecognised CSV header"), "{e}");
    for column in [
        "event_id_cnty",
        "fatalities",
        "date_start",
        "best",
        "eventid",
        "iyear",
    ] {
        assert!(e.contains(column), "{column} missing from {e}");
    }
    // A near miss says what is lacking.
    let e =
        detect(&cols("event_id_cnty,event_date,actor1,admin1,notes")).expect_err("no fatalities");
    assert!(
        e.ends_with("It looks like ACLED but lacks fatalities."),
        "{e}"
    );
}

#[test]
fn json_lines_are_never_taken_for_a_header() {
    assert_eq!(
        split_header_line(br#"{"type": "incident", "id": "a,b"}"#),
        None
    );
    assert_eq!(split_header_line(b"  [1, 2]"), None);
    assert_eq!(split_header_line(b"just one field"), None);
}

#[test]
fn acled_row_maps_onto_the_model() {
    let m = row(
        ACLED,
        &[
            "IRQ1",
            "2023-05-02",
            "2023",
            "Political violence",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
            "Islamic State (Iraq)",
            "Civilians (Iraq)",
            "Kirkuk",
            "Kirkuk",
            "Daquq",
            "Shafaq News",
            "An IED, planted by IS, killed two.",
            "2",
            "",
        ],
    )
    .expect("maps");
    assert_eq!(
        Value::Object(m.incident),
        json!({
            "id": "IRQ1", "date": "2023-05-02", "province": "Kirkuk", "district": "Kirkuk",
            "location": "Daquq", "perpetrator": "Islamic State (Iraq)", "target": "Civilians (Iraq)",
            "event_type": "Explosions/Remote violence", "killed": 2, "wounded": null,
            "year": "2023", "disorder_type": "Political violence",
            "sub_event_type": "Remote explosive/landmine/IED",
            "sources": [{"document": "IRQ1"}]
        })
    );
    assert_eq!(
        m.document.map(Value::Object),
        Some(
            json!({"id": "IRQ1", "text": "An IED, planted by IS, killed two.", "outlet": "Shafaq News"})
        )
    );
}

#[test]
fn a_row_without_text_has_no_document_and_keeps_its_source() {
    let m = row(
        ACLED,
        &[
            "IRQ2",
            "2023-05-03",
            "2023",
            "",
            "Battles",
            "Armed clash",
            "A",
            "B",
            "Diyala",
            "",
            "",
            "Rudaw",
            "",
            "",
            "",
        ],
    )
    .expect("maps");
    assert!(m.document.is_none());
    assert_eq!(m.incident.get("killed"), Some(&Value::Null));
    assert_eq!(m.incident.get("source"), Some(&json!("Rudaw")));
    assert!(m.incident.get("sources").is_none());
    assert!(m.incident.get("district").is_none());
}

#[test]
fn rows_that_cannot_form_an_incident_say_why() {
    let values = [
        "",
        "2023-05-03",
        "2023",
        "",
        "Battles",
        "",
        "A",
        "B",
        "Diyala",
        "",
        "",
        "",
        "x",
        "1",
        "",
    ];
    let e = row(ACLED, &values).expect_err("no id");
    assert!(e.contains("event_id_cnty"), "{e}");
    let values = [
        "IRQ3",
        "2023-05-03",
        "2023",
        "",
        "Battles",
        "",
        "A",
        "B",
        "Diyala",
        "",
        "",
        "",
        "x",
        "two",
        "",
    ];
    let e = row(ACLED, &values).expect_err("words for a count");
    assert_eq!(
        e,
        "fatalities must be a number of people or empty, found \"two\""
    );
}

const GTD: &str = "eventid,iyear,imonth,iday,provstate,city,gname,nkill,nwound,country";

#[test]
fn floats_are_read_as_whole_numbers_in_every_column() {
    let m = row(
        GTD,
        &[
            "199301010001.0",
            "1993.0",
            "3.0",
            "0.0",
            "Baghdad",
            "Unknown",
            "X",
            "3.0",
            "-99.0",
            "95.0",
        ],
    )
    .expect("maps");
    assert_eq!(m.incident["id"], json!("199301010001"));
    assert_eq!(m.incident["date"], json!("1993-03"));
    assert_eq!(m.incident["killed"], json!(3));
    assert_eq!(m.incident["wounded"], json!(null));
    assert_eq!(m.incident["country"], json!("95"));
    // GTD's `Unknown` is no place.
    assert!(!m.incident.contains_key("location"));
    assert!(m.warnings.is_empty());
}

#[test]
fn fractional_counts_are_rounded_with_a_note_and_kept_exact() {
    let values = [
        "1", "2015", "1", "2", "Anbar", "Ramadi", "X", "19.8", "0.33", "95",
    ];
    let m = row(GTD, &values).expect("a fractional count is no error");
    assert_eq!(m.incident["killed"], json!(20));
    assert_eq!(m.incident["wounded"], json!(0));
    assert_eq!(m.incident["nkill"], json!("19.8"));
    assert_eq!(m.incident["nwound"], json!("0.33"));
    assert_eq!(m.warnings.len(), 2);
    assert!(m.warnings.iter().all(|w| w.is_note()), "{:?}", m.warnings);
    assert!(m.warnings[0].contains("summed as 20"), "{:?}", m.warnings);
    let half = [
        "1", "2015", "1", "2", "Anbar", "Ramadi", "X", "2.5", "", "95",
    ];
    assert_eq!(row(GTD, &half).expect("maps").incident["killed"], json!(3));
    for bad in ["-1", "2.5e", "many", "-0.5"] {
        let values = ["1", "2015", "1", "2", "Anbar", "Ramadi", "X", bad, "", "95"];
        assert!(row(GTD, &values).is_err(), "{bad}");
    }
}

#[test]
fn ucdp_row_keeps_the_range_and_joins_the_source_text() {
    let header = "id,relid,type_of_violence,side_a,side_b,source_article,source_office,source_headline,source_original,where_description,adm_1,adm_2,date_start,best,high,low";
    let m = row(
        header,
        &[
            "501",
            "IRQ-2017-1-501-3",
            "3",
            "IS",
            "Civilians",
            "Reuters,2017-03-04,\"Bomb kills 4\"",
            "Reuters",
            "Bomb kills 4 in Tikrit",
            "Iraqi police",
            "Tikrit town",
            "Salah al-Din governorate",
            "Tikrit district",
            "2017-03-04 00:00:00.000",
            "4",
            "6",
            "3",
        ],
    )
    .expect("maps");
    let i = &m.incident;
    assert_eq!(i.get("date"), Some(&json!("2017-03-04")));
    assert_eq!(i.get("event_type"), Some(&json!("one-sided violence")));
    assert_eq!(i.get("killed"), Some(&json!(4)));
    assert_eq!(i.get("low"), Some(&json!("3")));
    assert_eq!(i.get("high"), Some(&json!("6")));
    assert_eq!(i.get("relid"), Some(&json!("IRQ-2017-1-501-3")));
    let doc = m.document.expect("has text");
    assert_eq!(
        doc.get("text"),
        Some(&json!(
            "Bomb kills 4 in Tikrit\n\nIraqi police\n\nReuters,2017-03-04,\"Bomb kills 4\""
        ))
    );
    assert_eq!(doc.get("outlet"), Some(&json!("Reuters")));
}

#[test]
fn a_column_named_like_a_model_field_is_kept_under_a_prefix() {
    let header = "eventid,iyear,imonth,iday,provstate,city,location,gname,nkill,nwound,summary";
    let m = row(
        header,
        &[
            "201701010001",
            "2017",
            "1",
            "0",
            "Nineveh",
            "Mosul",
            "Near the old bridge",
            "ISIL",
            "-99",
            "",
            "",
        ],
    )
    .expect("maps");
    assert_eq!(m.incident.get("location"), Some(&json!("Mosul")));
    assert_eq!(
        m.incident.get("gtd_location"),
        Some(&json!("Near the old bridge"))
    );
    assert_eq!(m.incident.get("date"), Some(&json!("2017-01")));
    assert_eq!(m.incident.get("killed"), Some(&Value::Null));
    assert_eq!(m.incident.get("wounded"), Some(&Value::Null));
    assert!(m.document.is_none());
}

#[test]
fn repeated_column_names_stay_apart() {
    let h = Header::new(&cols("eventid,iyear,imonth,iday,provstate,gname,note,note")).expect("gtd");
    let values: Vec<String> = ["1", "2017", "0", "0", "Basra", "Unknown", "first", "second"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let m = map_row(&h, &values, &mut DateOrder::default()).expect("maps");
    assert_eq!(m.incident.get("note"), Some(&json!("first")));
    assert_eq!(m.incident.get("note_2"), Some(&json!("second")));
}
