//! The Global Terrorism Database. Dates come in three columns, with 0 for an
//! unknown month or day; counts may be empty (unknown), or fractional where
//! the GTD shares an attack's count between the incidents it spans.

use super::{document, put, put_count, put_place, MappedRow, Row};

pub(super) fn map(row: &mut Row) -> Result<MappedRow, String> {
    let mut incident = row.incident("eventid")?;
    let nkill = unknown_code(row.take("nkill"));
    let killed = row.count("nkill", nkill)?;
    let nwound = unknown_code(row.take("nwound"));
    let wounded = row.count("nwound", nwound)?;
    let date = date(row.take("iyear"), row.take("imonth"), row.take("iday"));
    put(&mut incident, "date", date.as_deref());
    put_place(&mut incident, "province", row.take("provstate"));
    put_place(&mut incident, "location", row.take("city"));
    put(&mut incident, "perpetrator", row.take("gname"));
    put(&mut incident, "target", row.take("targtype1_txt"));
    put(&mut incident, "event_type", row.take("attacktype1_txt"));
    put_count(&mut incident, "killed", killed);
    put_count(&mut incident, "wounded", wounded);
    let doc = row
        .take("summary")
        .and_then(|text| document(&incident, text.to_owned()));
    Ok(row.finish(incident, doc))
}

/// A month or day column's value, unless it is 0 (unknown).
fn known(value: Option<&str>) -> Option<&str> {
    value.filter(|v| v.parse::<u32>() != Ok(0))
}

/// GTD's codebook writes -99 (and -9) for "unknown" in numeric columns.
fn unknown_code(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !matches!(*v, "-99" | "-9"))
}

/// `iyear`, `imonth`, `iday` to `YYYY-MM-DD`, or `YYYY-MM` when the day is
/// 0 (unknown), or `YYYY` when the month is. No year, no date. Values that
/// are not numbers are kept as written, so the loader warns about them.
pub(super) fn date(year: Option<&str>, month: Option<&str>, day: Option<&str>) -> Option<String> {
    let year = year?;
    let pad = |v: &str| match v.parse::<u32>() {
        Ok(n) => format!("{n:02}"),
        Err(_) => v.to_string(),
    };
    Some(match (known(month), known(day)) {
        (None, _) => year.to_string(),
        (Some(m), None) => format!("{year}-{}", pad(m)),
        (Some(m), Some(d)) => format!("{year}-{}-{}", pad(m), pad(d)),
    })
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn zero_month_or_day_lowers_the_precision() {
        assert_eq!(
            date(Some("2017"), Some("3"), Some("9")).as_deref(),
            Some("2017-03-09")
        );
        assert_eq!(
            date(Some("2017"), Some("3"), Some("0")).as_deref(),
            Some("2017-03")
        );
        assert_eq!(
            date(Some("2017"), Some("0"), Some("0")).as_deref(),
            Some("2017")
        );
        // A day without a month says nothing more than the year.
        assert_eq!(
            date(Some("2017"), Some("0"), Some("12")).as_deref(),
            Some("2017")
        );
        assert_eq!(date(Some("2017"), None, None).as_deref(), Some("2017"));
        assert_eq!(date(None, Some("3"), Some("9")), None);
    }
}
