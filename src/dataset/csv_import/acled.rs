//! ACLED exports, current and pre-2023 column sets alike: the columns we map
//! have kept their names; the older set adds `data_id`, `event_id_no_cnty`
//! and `iso3`, which stay as extra fields, and writes dates as `12 March 2019`.
//! Spreadsheets re-saving either write dates their own way (see
//! [`super::dates`]); the `year` column, kept as an extra field, must agree
//! with the date and settles a two-digit year.

use super::{clean_inline, document, put, put_count, put_place, with_id, MappedRow, Row, Warning};

pub(super) fn map(row: &mut Row) -> Result<MappedRow, String> {
    let mut incident = match (row.take("event_id_cnty"), row.peek("data_id")) {
        (Some(id), _) => with_id(id),
        // Some re-saved files lose the id column's values but keep data_id.
        (None, Some(data_id)) => {
            let id = format!("data_id-{data_id}");
            row.warnings.push(Warning::note(format!(
                "the row has no event_id_cnty; loaded as {:?}, built from its data_id",
                clean_inline(&id).0
            )));
            with_id(&id)
        }
        (None, None) => row.incident("event_id_cnty")?,
    };
    let fatalities = row.take("fatalities");
    let killed = row.count("fatalities", fatalities)?;
    let (date, year) = (row.take("event_date"), row.peek("year"));
    row.date(&mut incident, date, year);
    put_place(&mut incident, "province", row.take("admin1"));
    put_place(&mut incident, "district", row.take("admin2"));
    put_place(&mut incident, "location", row.take("location"));
    put(&mut incident, "perpetrator", row.take("actor1"));
    put(&mut incident, "target", row.take("actor2"));
    put(&mut incident, "event_type", row.take("event_type"));
    put_count(&mut incident, "killed", killed);
    // ACLED records fatalities only: injuries are not known, which is not zero.
    put_count(&mut incident, "wounded", None);
    let doc = row
        .take("notes")
        .and_then(|notes| document(&incident, notes.to_owned()))
        .map(|mut doc| {
            put(&mut doc, "outlet", row.take("source"));
            doc
        });
    Ok(row.finish(incident, doc))
}
