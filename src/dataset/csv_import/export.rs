//! Our own CSV export (`incidents export --format csv`), so that a file we
//! wrote opens again: the same incidents and counts, and the review columns
//! (`review_status`, `reviewer`, ...) and the source columns kept as extra
//! fields. The export marks a text cell a spreadsheet would run as a
//! formula with a leading `'`; reading it back removes that mark.

use super::{put, put_count, put_place, with_id, MappedRow, Row};

pub(super) fn map(row: &mut Row) -> Result<MappedRow, String> {
    let mut incident = match row.take("event_id").map(unmark) {
        Some(id) => with_id(id),
        None => row.incident("event_id")?,
    };
    let fatalities = row.take("fatalities");
    let killed = row.count("fatalities", fatalities)?;
    let injuries = row.take("injuries");
    let wounded = row.count("injuries", injuries)?;
    // `year` is the date's own year, written for spreadsheets.
    let (date, year) = (row.take("event_date").map(unmark), row.take("year"));
    row.date(&mut incident, date, year);
    let mut text = |row: &mut Row, field: &str, column: &str| {
        let value = row.take(column).map(unmark);
        if matches!(field, "province" | "district" | "location") {
            put_place(&mut incident, field, value);
        } else {
            put(&mut incident, field, value);
        }
    };
    text(row, "province", "admin1");
    text(row, "district", "admin2");
    text(row, "location", "location");
    text(row, "perpetrator", "actor1");
    text(row, "target", "actor2");
    text(row, "event_type", "event_type");
    put_count(&mut incident, "killed", killed);
    put_count(&mut incident, "wounded", wounded);
    Ok(row.finish(incident, None))
}

/// A cell as the user wrote it: without the `'` the export put before a
/// leading `=`, `+`, `-`, `@`, tab or carriage return.
fn unmark(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::unmark;

    #[test]
    fn the_formula_mark_comes_off_and_nothing_else() {
        assert_eq!(unmark("'=HYPERLINK(1)"), "=HYPERLINK(1)");
        assert_eq!(unmark("'-3"), "-3");
        assert_eq!(unmark("'Ali's"), "'Ali's");
        assert_eq!(unmark("Kirkuk"), "Kirkuk");
    }
}
