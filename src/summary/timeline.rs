//! Killed and wounded over time: the listed incidents in bins of a day,
//! a week, a month or a year, every period from the first to the last
//! shown (an empty one as empty). An incident is placed in a bin only when
//! its whole period fits in it (an incident dated `2020-05` has no day, so
//! it is in no day's bin); the others are counted apart, as are the
//! undated, so the bins and those two add up to the summary's total.

use std::collections::BTreeMap;

use serde::Serialize;

use super::calendar::{day_text, BinUnit};
use super::{Listed, Totals};

/// The most bins a timeline holds (273 years of days).
pub const MAX_BINS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    #[error(
        "the incidents listed span {bins} {unit}s, more than {MAX_BINS}: use a wider bin (week, month or year)"
    )]
    TooManyBins { unit: BinUnit, bins: u64 },
}

/// One bin: its period and what was placed in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// `2020-05-03`, a week's Monday, `2020-05` or `2020`.
    pub label: String,
    /// First and last day, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// The listed incidents over time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    pub unit: Option<BinUnit>,
    /// The number of the first bin (see [`BinUnit::bin_of`]).
    pub first_bin: i64,
    /// One per period from the first placed incident's to the last's.
    pub bins: Vec<Totals>,
    /// Dated incidents whose period is wider than a bin.
    pub not_placed: Totals,
    /// Incidents without a date.
    pub undated: Totals,
    /// Everything counted: the bins, `not_placed` and `undated`.
    pub total: Totals,
}

impl Listed<'_> {
    /// The timeline in bins of `unit`.
    pub fn timeline(&self, unit: BinUnit) -> Result<Timeline, TimelineError> {
        // One pass: the bins of the dataset's whole span are summed in
        // place (a corrected date outside it, apart), then the run from
        // the first bin with an incident to the last is kept.
        let bin_of = self.dates.bins(unit);
        let span = self
            .dates
            .span()
            .map(|(first, last)| (bin_of(first), bin_of(last)))
            .filter(|(a, b)| b - a < MAX_BINS as i64);
        let base = span.map_or(0, |(a, _)| a);
        let mut dense = vec![Totals::default(); span.map_or(0, |(a, b)| (b - a + 1) as usize)];
        let mut outside: BTreeMap<i64, Totals> = BTreeMap::new();
        let mut timeline = Timeline {
            unit: Some(unit),
            ..Timeline::default()
        };
        self.visit(|s| {
            let totals = match s.days {
                None => &mut timeline.undated,
                Some((start, end)) => {
                    let (a, b) = (bin_of(start), bin_of(end));
                    if a != b {
                        &mut timeline.not_placed
                    } else {
                        match usize::try_from(a - base)
                            .ok()
                            .and_then(|k| dense.get_mut(k))
                        {
                            Some(t) => t,
                            None => outside.entry(a).or_default(),
                        }
                    }
                }
            };
            totals.add_counts(s.killed, s.wounded);
            timeline.total.add_counts(s.killed, s.wounded);
        });
        let mut used = dense.iter().enumerate().filter(|(_, t)| t.incidents > 0);
        let first = used.next().map(|(k, _)| base + k as i64);
        let last = used.next_back().map(|(k, _)| base + k as i64).or(first);
        let first = first
            .into_iter()
            .chain(outside.keys().next().copied())
            .min();
        let last = last.into_iter().chain(outside.keys().last().copied()).max();
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(timeline);
        };
        let n = (last - first).unsigned_abs() + 1;
        if n > MAX_BINS as u64 {
            return Err(TimelineError::TooManyBins { unit, bins: n });
        }
        timeline.first_bin = first;
        timeline.bins = (first..=last)
            .map(|b| {
                let mut t = usize::try_from(b - base)
                    .ok()
                    .and_then(|k| dense.get(k))
                    .cloned()
                    .unwrap_or_default();
                if let Some(o) = outside.get(&b) {
                    t.absorb(o);
                }
                t
            })
            .collect();
        Ok(timeline)
    }

    /// The timeline in the finest unit that shows the listed range in at
    /// most `max_bins` bins.
    pub fn timeline_fitting(&self, max_bins: usize) -> Timeline {
        let unit = match self.date_range() {
            Some((first, last)) => BinUnit::pick(first, last, max_bins),
            None => BinUnit::Month,
        };
        // Years never exceed the limit (dates have four-digit years).
        self.timeline(unit)
            .or_else(|_| self.timeline(BinUnit::Year))
            .unwrap_or_default()
    }
}

impl Timeline {
    /// The bin number of the `k`th bin.
    pub fn bin_number(&self, k: usize) -> i64 {
        self.first_bin + k as i64
    }

    /// The `k`th bin with its period, for printing.
    pub fn bin(&self, k: usize) -> Option<Bin> {
        let unit = self.unit?;
        let totals = self.bins.get(k)?.clone();
        let n = self.bin_number(k);
        let (from, to) = unit.days(n);
        Some(Bin {
            label: unit.label(n),
            from: day_text(from),
            to: day_text(to),
            totals,
        })
    }

    /// The bin an incident's date is placed in, if any.
    pub fn bin_of_days(&self, (start, end): (i32, i32)) -> Option<usize> {
        let unit = self.unit?;
        let (a, b) = (unit.bin_of(start), unit.bin_of(end));
        if a != b || a < self.first_bin {
            return None;
        }
        let k = usize::try_from(a - self.first_bin).ok()?;
        (k < self.bins.len()).then_some(k)
    }

    /// The search term that lists the `k`th bin's incidents.
    pub fn date_term(&self, k: usize) -> Option<String> {
        let unit = self.unit?;
        (k < self.bins.len()).then(|| unit.date_term(self.bin_number(k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Incident, PartialDate};
    use crate::summary::{DateColumn, Exceptions, Summarizer};

    fn inc(date: Option<&str>, killed: Option<u64>, wounded: Option<u64>) -> Incident {
        Incident {
            date_parsed: date.and_then(PartialDate::parse),
            killed,
            wounded,
            ..Incident::default()
        }
    }

    fn timeline_of(incidents: &[Incident], unit: BinUnit) -> Timeline {
        let rows: Vec<usize> = (0..incidents.len()).collect();
        let summarizer = Summarizer::new(incidents);
        let dates = DateColumn::new(incidents);
        let except = Exceptions::default();
        let listed = Listed {
            incidents,
            rows: &rows,
            except: &except,
            summarizer: &summarizer,
            dates: &dates,
        };
        listed.timeline(unit).expect("present")
    }

    #[test]
    fn empty_days_are_bins_and_partial_dates_are_placed_only_where_they_fit() {
        let incidents = [
            inc(Some("2020-05-01"), Some(2), Some(1)),
            inc(Some("2020-05-04"), None, Some(3)),
            inc(Some("2020-05"), Some(7), Some(0)),
            inc(None, Some(1), None),
            inc(Some("2020-05-04"), Some(1), Some(1)),
        ];
        let days = timeline_of(&incidents, BinUnit::Day);
        assert_eq!(days.bins.len(), 4, "1 May to 4 May, the empty days too");
        assert_eq!(days.bin(0).expect("present").label, "2020-05-01");
        assert_eq!(days.bins[1], Totals::default());
        assert_eq!(days.bins[3].incidents, 2);
        assert_eq!(days.bins[3].killed, 1);
        assert_eq!(days.bins[3].killed_unknown, 1);
        assert_eq!(days.not_placed.killed, 7, "the month-only date has no day");
        assert_eq!(days.undated.incidents, 1);
        assert_eq!(days.total.incidents, 5);
        assert_eq!(days.date_term(3).as_deref(), Some("date:2020-05-04"));

        let months = timeline_of(&incidents, BinUnit::Month);
        assert_eq!(months.bins.len(), 1);
        assert_eq!(months.bins[0].killed, 10);
        assert_eq!(months.not_placed, Totals::default());
        assert_eq!(months.date_term(0).as_deref(), Some("date:2020-05"));
    }

    #[test]
    fn years_apart_give_every_year_between() {
        let incidents = [
            inc(Some("2017-03-02"), Some(1), Some(0)),
            inc(Some("2020"), Some(4), Some(0)),
        ];
        let years = timeline_of(&incidents, BinUnit::Year);
        let labels: Vec<String> = (0..years.bins.len())
            .map(|k| years.bin(k).expect("present").label)
            .collect();
        assert_eq!(labels, ["2017", "2018", "2019", "2020"]);
        assert_eq!(years.bins[3].killed, 4);
        assert_eq!(years.bin(3).expect("present").to, "2020-12-31");
    }

    #[test]
    fn a_corrected_date_outside_the_datasets_span_is_binned_too() {
        let incidents = [
            inc(Some("2020-05-01"), Some(1), Some(0)),
            inc(Some("2020-05-20"), Some(2), Some(0)),
        ];
        let summarizer = Summarizer::new(&incidents);
        let dates = DateColumn::new(&incidents);
        let mut except = Exceptions::default();
        except.insert(
            1,
            crate::summary::Counted::As(Box::new(inc(Some("2021-02-03"), Some(5), Some(0)))),
        );
        let listed = Listed {
            incidents: &incidents,
            rows: &[0, 1],
            except: &except,
            summarizer: &summarizer,
            dates: &dates,
        };
        let months = listed.timeline(BinUnit::Month).expect("bins");
        assert_eq!(months.bins.len(), 10, "May 2020 to February 2021");
        assert_eq!(months.bin(9).expect("last").label, "2021-02");
        assert_eq!(months.bins[9].killed, 5);
        assert_eq!(months.bins[0].killed, 1);
    }
}
