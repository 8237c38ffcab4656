//! Days, weeks, months and years as numbers: the arithmetic the timeline
//! bins by. A day is counted from 1970-01-01 (day 0); a week starts on a
//! Monday (ISO 8601); a month is counted from year 0's January.

use std::fmt;

use crate::dataset::PartialDate;

/// The days from 1970-01-01 to the given civil date (proleptic
/// Gregorian; H. Hinnant's `days_from_civil`).
pub fn day_number(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (the inverse of [`day_number`]).
pub fn civil(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// The first and last day a partial date covers, as day numbers.
pub fn days_of(date: PartialDate) -> (i32, i32) {
    let year = i32::from(date.year);
    match (date.month, date.day) {
        (Some(m), Some(d)) => {
            let n = day_number(year, u32::from(m), u32::from(d));
            (n, n)
        }
        (Some(m), None) => {
            let m = u32::from(m);
            let next = if m == 12 {
                day_number(year + 1, 1, 1)
            } else {
                day_number(year, m + 1, 1)
            };
            (day_number(year, m, 1), next - 1)
        }
        _ => (day_number(year, 1, 1), day_number(year + 1, 1, 1) - 1),
    }
}

/// `YYYY-MM-DD` of a day number.
pub fn day_text(days: i32) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// How wide a timeline's bins are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BinUnit {
    Day,
    Week,
    Month,
    Year,
}

impl BinUnit {
    pub const ALL: [BinUnit; 4] = [BinUnit::Day, BinUnit::Week, BinUnit::Month, BinUnit::Year];

    pub fn name(self) -> &'static str {
        match self {
            BinUnit::Day => "day",
            BinUnit::Week => "week",
            BinUnit::Month => "month",
            BinUnit::Year => "year",
        }
    }

    pub fn from_name(name: &str) -> Option<BinUnit> {
        BinUnit::ALL.into_iter().find(|u| u.name() == name)
    }

    /// One step narrower (zoom in); `None` at days.
    pub fn finer(self) -> Option<BinUnit> {
        match self {
            BinUnit::Day => None,
            BinUnit::Week => Some(BinUnit::Day),
            BinUnit::Month => Some(BinUnit::Week),
            BinUnit::Year => Some(BinUnit::Month),
        }
    }

    /// One step wider (zoom out); `None` at years.
    pub fn coarser(self) -> Option<BinUnit> {
        match self {
            BinUnit::Day => Some(BinUnit::Week),
            BinUnit::Week => Some(BinUnit::Month),
            BinUnit::Month => Some(BinUnit::Year),
            BinUnit::Year => None,
        }
    }

    /// The finest unit that covers the days `first..=last` in at most
    /// `max_bins` bins (years when none does).
    pub fn pick(first: i32, last: i32, max_bins: usize) -> BinUnit {
        let max = i64::try_from(max_bins.max(1)).unwrap_or(i64::MAX);
        BinUnit::ALL
            .into_iter()
            .find(|u| u.bin_of(last) - u.bin_of(first) < max)
            .unwrap_or(BinUnit::Year)
    }

    /// The bin a day falls in (bins of one unit are numbered in order).
    pub fn bin_of(self, day: i32) -> i64 {
        match self {
            BinUnit::Day => i64::from(day),
            // 1970-01-01 was a Thursday: day -3 was a Monday.
            BinUnit::Week => i64::from(day + 3).div_euclid(7),
            BinUnit::Month => {
                let (y, m, _) = civil(day);
                i64::from(y) * 12 + i64::from(m) - 1
            }
            BinUnit::Year => i64::from(civil(day).0),
        }
    }

    /// The first and last day of a bin.
    pub fn days(self, bin: i64) -> (i32, i32) {
        let clamp = |n: i64| i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX });
        match self {
            BinUnit::Day => (clamp(bin), clamp(bin)),
            BinUnit::Week => {
                let start = clamp(bin * 7 - 3);
                (start, start.saturating_add(6))
            }
            BinUnit::Month => {
                let (y, m) = (clamp(bin.div_euclid(12)), bin.rem_euclid(12) as u8 + 1);
                days_of(PartialDate {
                    year: u16::try_from(y).unwrap_or(0),
                    month: Some(m),
                    day: None,
                })
            }
            BinUnit::Year => {
                let y = clamp(bin);
                (day_number(y, 1, 1), day_number(y + 1, 1, 1) - 1)
            }
        }
    }

    /// The bin as the axis labels it: `2020-05-03`, `2020-05` (a week by
    /// its Monday), `2020`.
    pub fn label(self, bin: i64) -> String {
        let (start, _) = self.days(bin);
        let (y, m, _) = civil(start);
        match self {
            BinUnit::Day | BinUnit::Week => day_text(start),
            BinUnit::Month => format!("{y:04}-{m:02}"),
            BinUnit::Year => format!("{y:04}"),
        }
    }

    /// The search term that lists exactly the incidents placed in a bin
    /// (`date:` holds when an incident's whole period is within it, the
    /// rule the bins place incidents by).
    pub fn date_term(self, bin: i64) -> String {
        let (start, end) = self.days(bin);
        match self {
            BinUnit::Week => format!("date:{}..{}", day_text(start), day_text(end)),
            _ => format!("date:{}", self.label(bin)),
        }
    }
}

impl fmt::Display for BinUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_across_leap_years() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2000, 3, 1) - day_number(2000, 2, 28), 2);
        assert_eq!(day_number(1900, 3, 1) - day_number(1900, 2, 28), 1);
        for d in -800_000..800_000 {
            let (y, m, dd) = civil(d);
            assert_eq!(day_number(y, m, dd), d);
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2021-11-22 was a Monday.
        let monday = day_number(2021, 11, 22);
        let week = BinUnit::Week.bin_of(monday);
        assert_eq!(BinUnit::Week.bin_of(monday + 6), week);
        assert_eq!(BinUnit::Week.bin_of(monday - 1), week - 1);
        assert_eq!(BinUnit::Week.days(week), (monday, monday + 6));
        assert_eq!(BinUnit::Week.date_term(week), "date:2021-11-22..2021-11-28");
    }

    #[test]
    fn partial_dates_cover_their_whole_period() {
        let feb = PartialDate::parse("2020-02").expect("present");
        let (s, e) = days_of(feb);
        assert_eq!(
            (day_text(s), day_text(e)),
            ("2020-02-01".into(), "2020-02-29".into())
        );
        let year = PartialDate::parse("2021").expect("present");
        assert_eq!(days_of(year).1 - days_of(year).0, 364);
        let month = BinUnit::Month.bin_of(s);
        assert_eq!(BinUnit::Month.days(month), (s, e));
        assert_eq!(BinUnit::Month.date_term(month), "date:2020-02");
    }

    #[test]
    fn the_unit_picked_is_the_finest_that_fits() {
        let start = day_number(2020, 1, 1);
        assert_eq!(BinUnit::pick(start, start + 29, 60), BinUnit::Day);
        assert_eq!(BinUnit::pick(start, start + 200, 60), BinUnit::Week);
        assert_eq!(BinUnit::pick(start, start + 1000, 60), BinUnit::Month);
        assert_eq!(BinUnit::pick(start, start + 10_000, 60), BinUnit::Year);
        assert_eq!(BinUnit::pick(start, start + 100_000, 60), BinUnit::Year);
    }
}
