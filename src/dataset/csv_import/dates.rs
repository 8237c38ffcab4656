//! Dates as exports really write them: the codebooks' `2019-03-12` and
//! `12 March 2019`, and what spreadsheets make of them on re-saving:
//! `31-Dec-20`, `01-January-2015`, `20201231`, `12/31/2020`, with or
//! without a time after them.
//!
//! A two-digit year is 20YY, unless the row's own `year` column (ACLED's)
//! says which century. Whether `03/04/2020` is the 3rd of April or the 4th
//! of March is not decided here, row by row: [`DateOrder`] gathers what the
//! whole file says (a `31/12/2020` somewhere settles it) and the loader
//! reads such dates once the file is read.

use crate::dataset::PartialDate;

/// What one cell's date reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    /// A date, whatever way it was written.
    Date(PartialDate),
    /// Day and month in some order, both 12 or less: the file decides.
    DayOrMonth { first: u8, second: u8, year: u16 },
    /// Not a date we can read.
    Unreadable,
}

/// Which order the file writes day and month in, from the dates that can
/// only be read one way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateOrder {
    /// Dates whose first number is over 12 (`31/12/2020`).
    pub day_first: usize,
    /// Dates whose second number is over 12 (`12/31/2020`).
    pub month_first: usize,
}

/// How the file's undecided dates are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    DayFirst,
    /// Nothing in the file says; month first, as spreadsheets in US
    /// English (the common ACLED re-save) write them.
    MonthFirstByDefault,
    MonthFirst,
    /// The file writes both orders: no undecided date can be read.
    Mixed,
}

impl DateOrder {
    pub fn decide(self) -> Decided {
        match (self.day_first > 0, self.month_first > 0) {
            (true, false) => Decided::DayFirst,
            (false, true) => Decided::MonthFirst,
            (false, false) => Decided::MonthFirstByDefault,
            (true, true) => Decided::Mixed,
        }
    }
}

impl Decided {
    /// Reads an undecided date the way the file writes them.
    pub fn read(self, first: u8, second: u8, year: u16) -> Option<PartialDate> {
        let (day, month) = match self {
            Decided::DayFirst => (first, second),
            Decided::MonthFirst | Decided::MonthFirstByDefault => (second, first),
            Decided::Mixed => return None,
        };
        ymd(year, month, day)
    }
}

/// Reads a date cell. `year_column`: the row's `year`, which settles a
/// two-digit year's century. Dates that can only be read one way are
/// counted into `order`.
pub fn read(raw: &str, year_column: Option<u16>, order: &mut DateOrder) -> DateCell {
    let text = without_time(raw.trim());
    if let Some(d) = PartialDate::parse(text) {
        return DateCell::Date(d);
    }
    let b = text.as_bytes();
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        let n = |r: std::ops::Range<usize>| text[r].parse::<u16>().ok();
        return match (n(0..4), n(4..6), n(6..8)) {
            (Some(y), Some(m), Some(d)) => date_or_not(ymd(y, m as u8, d as u8)),
            _ => DateCell::Unreadable,
        };
    }
    let parts: Vec<&str> = text
        .split([' ', '-', '/', '.', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else {
        return DateCell::Unreadable;
    };
    let year = |y: &str| full_year(y, year_column);
    if let Some(m) = month_name(b) {
        // 12 March 2019, 31-Dec-20, 01-January-2015
        return match (number(a), year(c)) {
            (Some(d), Some(y)) => date_or_not(ymd(y, m, d)),
            _ => DateCell::Unreadable,
        };
    }
    if let Some(m) = month_name(a) {
        // March 12, 2019
        return match (number(b), year(c)) {
            (Some(d), Some(y)) => date_or_not(ymd(y, m, d)),
            _ => DateCell::Unreadable,
        };
    }
    if a.len() == 4 {
        // 2019/03/12
        return match (a.parse::<u16>().ok(), number(b), number(c)) {
            (Some(y), Some(m), Some(d)) => date_or_not(ymd(y, m, d)),
            _ => DateCell::Unreadable,
        };
    }
    let (Some(first), Some(second), Some(y)) = (number(a), number(b), year(c)) else {
        return DateCell::Unreadable;
    };
    match (first > 12, second > 12) {
        (true, false) => {
            order.day_first += 1;
            date_or_not(ymd(y, second, first))
        }
        (false, true) => {
            order.month_first += 1;
            date_or_not(ymd(y, first, second))
        }
        (false, false) if first == second => date_or_not(ymd(y, first, first)),
        (false, false) => DateCell::DayOrMonth {
            first,
            second,
            year: y,
        },
        (true, true) => DateCell::Unreadable,
    }
}

fn date_or_not(d: Option<PartialDate>) -> DateCell {
    d.map_or(DateCell::Unreadable, DateCell::Date)
}

/// A day, a month and a year as a date, if that day exists.
pub fn ymd(year: u16, month: u8, day: u8) -> Option<PartialDate> {
    PartialDate::parse(&format!("{year:04}-{month:02}-{day:02}"))
}

/// `12/31/2020 00:00`, `2019-03-12T00:00:00`, `12/31/2020 12:00 AM`: the
/// date without the time.
fn without_time(text: &str) -> &str {
    let iso_then_time = text.len() > 10
        && matches!(text.as_bytes()[10], b'T' | b' ')
        && text.is_char_boundary(10)
        && PartialDate::parse(&text[..10]).is_some();
    if iso_then_time {
        return &text[..10];
    }
    let mut end = text.len();
    for word in text.rsplit(' ').filter(|w| !w.is_empty()) {
        let time = word.contains(':') || ["am", "pm"].iter().any(|t| word.eq_ignore_ascii_case(t));
        if !time {
            break;
        }
        end = text[..end]
            .trim_end()
            .strip_suffix(word)
            .map_or(end, str::len);
    }
    text[..end].trim_end()
}

/// One or two digits naming a day or a month (so never 0).
fn number(s: &str) -> Option<u8> {
    (s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|&n| n >= 1)
}

/// A four-digit year, or a two-digit one in the century the row's `year`
/// column says (or 20YY when it has none, or names another year).
fn full_year(s: &str, year_column: Option<u16>) -> Option<u16> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        4 => s.parse().ok(),
        2 => {
            let yy: u16 = s.parse().ok()?;
            Some(match year_column {
                Some(y) if y % 100 == yy => y,
                _ => 2000 + yy,
            })
        }
        _ => None,
    }
}

/// `Dec`, `December`, `Sept` (three letters at least, any case) as 1..=12.
fn month_name(s: &str) -> Option<u8> {
    if s.len() < 3 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.len() >= s.len() && m[..s.len()].eq_ignore_ascii_case(s))
        .and_then(|m| u8::try_from(m + 1).ok())
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
    use super::*;

    fn one(raw: &str, year: Option<u16>) -> Option<String> {
        match read(raw, year, &mut DateOrder::default()) {
            DateCell::Date(d) => Some(d.to_string()),
            _ => None,
        }
    }

    #[test]
    fn every_layout_the_exports_write() {
        for (raw, want) in [
            ("2019-03-12", "2019-03-12"),
            ("12 March 2019", "2019-03-12"),
            ("3 Sep 2021", "2021-09-03"),
            ("03-September-2021", "2021-09-03"),
            ("01-January-2015", "2015-01-01"),
            ("31-Dec-20", "2020-12-31"),
            ("9-May-20", "2020-05-09"),
            ("5-Aug-24", "2024-08-05"),
            ("20201231", "2020-12-31"),
            ("12/31/2020", "2020-12-31"),
            ("31/12/2020", "2020-12-31"),
            ("2019/03/12", "2019-03-12"),
            ("March 12, 2019", "2019-03-12"),
            ("12/31/2020 00:00", "2020-12-31"),
            ("12/31/2020 12:00 AM", "2020-12-31"),
            ("2017-01-02 00:00:00.000", "2017-01-02"),
            ("2019-03-12T00:00:00", "2019-03-12"),
            ("2020-05", "2020-05"),
        ] {
            assert_eq!(one(raw, None).as_deref(), Some(want), "{raw}");
        }
        for bad in [
            "1-0-0000",
            "0/12/2020",
            "12 Marsh 2019",
            "last week",
            "31/31/2020",
            "20201331",
            "30-Feb-20",
            "12/31",
            "",
        ] {
            assert_eq!(one(bad, None), None, "{bad}");
        }
    }

    proptest::proptest! {
        /// Any cell, however odd, reads as a real date or as none, and
        /// never panics (a time after a multi-byte character, say).
        #[test]
        fn any_cell_reads_as_a_real_date_or_none(
            raw in "\\PC{0,24}|[0-9]{1,2}[-/. ][0-9A-Za-z]{1,9}[-/. ][0-9]{2,4}( [0-9:]{0,8})?",
            year in proptest::option::of(1900u16..2100),
        ) {
            match read(&raw, year, &mut DateOrder::default()) {
                DateCell::Date(d) => {
                    proptest::prop_assert_eq!(PartialDate::parse(&d.to_string()), Some(d));
                }
                DateCell::DayOrMonth { first, second, .. } => {
                    proptest::prop_assert!((1..=12).contains(&first) && (1..=12).contains(&second));
                }
                DateCell::Unreadable => {}
            }
        }
    }

    #[test]
    fn the_year_column_settles_a_two_digit_year() {
        assert_eq!(one("31-Dec-98", Some(1998)).as_deref(), Some("1998-12-31"));
        assert_eq!(one("31-Dec-98", None).as_deref(), Some("2098-12-31"));
        assert_eq!(one("31-Dec-20", Some(2020)).as_deref(), Some("2020-12-31"));
    }

    #[test]
    fn day_and_month_order_comes_from_the_file() {
        let mut order = DateOrder::default();
        let undecided = read("03/04/2020", None, &mut order);
        assert_eq!(
            undecided,
            DateCell::DayOrMonth {
                first: 3,
                second: 4,
                year: 2020
            }
        );
        assert_eq!(order.decide(), Decided::MonthFirstByDefault);
        read("25/04/2020", None, &mut order);
        assert_eq!(order.decide(), Decided::DayFirst);
        let d = Decided::DayFirst.read(3, 4, 2020).map(|d| d.to_string());
        assert_eq!(d.as_deref(), Some("2020-04-03"));
        read("04/25/2020", None, &mut order);
        assert_eq!(order.decide(), Decided::Mixed);
        assert_eq!(Decided::Mixed.read(3, 4, 2020), None);
        let m = Decided::MonthFirst.read(3, 4, 2020).map(|d| d.to_string());
        assert_eq!(m.as_deref(), Some("2020-03-04"));
    }
}
