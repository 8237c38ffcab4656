//! ACLED exports, current and pre-2023 column sets alike: the columns we map
//! have kept their names; the older set adds `data_id`, `event_id_no_cnty`
//! and `iso3`, which stay as extra fields, and writes dates as `12 March 2019`.

use super::{document, parse_count, put, put_count, strip_time, MappedRow, Row};

pub(super) fn map(row: &mut Row) -> Result<MappedRow, String> {
    let mut incident = row.incident("event_id_cnty")?;
    let killed = parse_count("fatalities", row.take("fatalities"))?;
    let date = row.take("event_date").map(|d| iso_date(strip_time(d)));
    put(&mut incident, "date", date.as_deref());
    put(&mut incident, "province", row.take("admin1"));
    put(&mut incident, "district", row.take("admin2"));
    put(&mut incident, "location", row.take("location"));
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

/// ACLED's older exports write `12 March 2019` (or `12-March-2019`); this
/// gives `2019-03-12`. A date in any other form is left as written, and
/// the loader warns that it does not parse.
pub(super) fn iso_date(raw: &str) -> String {
    let parts: Vec<&str> = raw.split([' ', '-']).filter(|p| !p.is_empty()).collect();
    if let [day, month, year] = parts[..] {
        let month = MONTHS
            .iter()
            .position(|m| {
                month.len() >= 3
                    && m.len() >= month.len()
                    && m[..month.len()].eq_ignore_ascii_case(month)
            })
            .map(|m| m + 1);
        let day_ok = day.len() <= 2 && day.bytes().all(|b| b.is_ascii_digit());
        let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
        if let (Some(m), true, true) = (month, day_ok, year_ok) {
            let d: u8 = day.parse().unwrap_or(0);
            return format!("{year}-{m:02}-{d:02}");
        }
    }
    raw.to_string()
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn older_acled_dates_become_iso() {
        assert_eq!(iso_date("12 March 2019"), "2019-03-12");
        assert_eq!(iso_date("3 Sep 2021"), "2021-09-03");
        assert_eq!(iso_date("03-September-2021"), "2021-09-03");
        assert_eq!(iso_date("2023-01-31"), "2023-01-31");
        // Not a date we know: left as written for the loader to warn about.
        assert_eq!(iso_date("12 Marsh 2019"), "12 Marsh 2019");
        assert_eq!(iso_date("last week"), "last week");
    }
}
