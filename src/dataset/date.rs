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
        let mut parts = text.trim().split('-');
        let year = parse_digits(parts.next()?, 4)?;
        let month = match parts.next() {
            None => None,
            Some(m) => Some(parse_digits(m, 2)?),
        };
        let day = match parts.next() {
            None => None,
            Some(d) => Some(parse_digits(d, 2)?),
        };
        if parts.next().is_some() {
            return None;
        }
        let year = u16::try_from(year).ok()?;
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
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
}

fn parse_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
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

    #[test]
    fn less_precise_sorts_first() {
        let y = PartialDate::parse("2020");
        let m = PartialDate::parse("2020-01");
        let d = PartialDate::parse("2020-01-01");
        assert!(y < m && m < d);
    }
}
