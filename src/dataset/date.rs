//! Dates of varying precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.

use std::fmt;

/// A calendar date known to the year, the month, or the day.
///
/// Ordering puts a less precise date before any more precise date in the
/// same period (`2020 < 2020-01 < 2020-01-01`), which keeps sorting stable
/// and predictable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the month and
    /// the day exist (leap years included).
    pub fn parse(text: &str) -> Option<PartialDate> {
        // Read by position: a million records carry a date each, and
        // splitting the text cost ten times as much.
        let b = text.trim().as_bytes();
        let (year, month, day) = match b.len() {
            4 => (digits(b)?, None, None),
            7 if b[4] == b'-' => (digits(&b[..4])?, Some(digits(&b[5..])?), None),
            10 if b[4] == b'-' && b[7] == b'-' => (
                digits(&b[..4])?,
                Some(digits(&b[5..7])?),
                Some(digits(&b[8..])?),
            ),
            _ => return None,
        };
        let year = u16::try_from(year).ok()?;
        let month = month.map(u8::try_from).transpose().ok()?;
        let day = day.map(u8::try_from).transpose().ok()?;
        PartialDate::new(year, month, day)
    }

    /// The date of a year, month and day when it exists (the month 1–12,
    /// the day in its month, the year of at most four digits, as
    /// [`PartialDate::parse`] reads them); a day needs a month.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if year > 9999 {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        match (month, day) {
            (Some(m), Some(d)) if d == 0 || u32::from(d) > days_in_month(year, u32::from(m)) => {
                return None;
            }
            (None, Some(_)) => return None,
            _ => {}
        }
        Some(PartialDate { year, month, day })
    }

    /// The first and last day the date covers, as comparable numbers
    /// (`YYYYMMDD`; a month's last day is taken as 31, which no real date
    /// exceeds).
    pub fn period(self) -> (u32, u32) {
        let y = u32::from(self.year) * 10_000;
        let start = y + u32::from(self.month.unwrap_or(1)) * 100 + u32::from(self.day.unwrap_or(1));
        let end = y + u32::from(self.month.unwrap_or(12)) * 100 + u32::from(self.day.unwrap_or(31));
        (start, end)
    }
}

/// The number ASCII digits `b` write, if they are all digits.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

fn days_in_month(year: u16, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            PartialDate::parse("2020-05-01").map(|d| d.to_string()),
            Some("2020-05-01".into())
        );
        assert_eq!(
            PartialDate::parse("2020-05").map(|d| d.to_string()),
            Some("2020-05".into())
        );
        assert_eq!(
            PartialDate::parse("2020").map(|d| d.to_string()),
            Some("2020".into())
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2019-13-45",
            "2021-02-29",
            "2020-00",
            "20-01-01",
            "last Tuesday",
            "",
            "2020-01-01-01",
            "２０２０",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
        assert!(PartialDate::parse("2020-02-29").is_some());
    }

    /// The way dates were read before: split at each '-'.
    fn parse_by_splitting(text: &str) -> Option<PartialDate> {
        fn part(s: &str, len: usize) -> Option<u32> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        let mut parts = text.trim().split('-');
        let year = u16::try_from(part(parts.next()?, 4)?).ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) => Some(part(m, 2)?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => Some(part(d, 2)?),
        };
        if parts.next().is_some() || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d == 0 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(PartialDate {
            year,
            month: month.and_then(|m| u8::try_from(m).ok()),
            day: day.and_then(|d| u8::try_from(d).ok()),
        })
    }

    proptest::proptest! {
        #[test]
        fn reads_as_splitting_read(text in "[ 0-9-]{0,12}|[0-9]{4}-[0-9]{2}(-[0-9]{2})?") {
            proptest::prop_assert_eq!(PartialDate::parse(&text), parse_by_splitting(&text));
        }
    }

    #[test]
    fn less_precise_sorts_first() {
        let y = PartialDate::parse("2020");
        let m = PartialDate::parse("2020-01");
        let d = PartialDate::parse("2020-01-01");
        assert!(y < m && m < d);
    }
}
