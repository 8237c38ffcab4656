//! The incidents listed, as the summary bar counts them: the rows of a
//! search, with reviewed incidents left out or counted with corrected
//! values. The timeline and the frequency tables read them through here,
//! from the summarizer's compact columns, so they always add up to the
//! summary bar's totals and never touch a million records per keystroke.

use super::calendar::{days_of, BinUnit};
use super::{Counted, Exceptions, Summarizer, Summary, UNKNOWN_COUNT};
use crate::dataset::{Incident, PartialDate};

/// Each incident's date as the first and last day it covers (day numbers,
/// see [`super::calendar`]) beside its casualty counts: 16 bytes an
/// incident, built once per dataset. The listed rows are in list order,
/// so each is a jump in memory; one record per incident is one cache
/// miss where separate columns cost one each.
#[derive(Debug, Clone, Default)]
pub struct DateColumn {
    packed: Vec<Packed>,
    /// Some count does not fit in 32 bits: counts are read from the records.
    wide: bool,
    /// The first and last day any incident covers (`first > last` when
    /// none is dated): the span bins are looked up in.
    first: i32,
    last: i32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Packed {
    start: i32,
    end: i32,
    /// `UNKNOWN_COUNT` for unknown.
    killed: u32,
    wounded: u32,
}

/// The most days a bin lookup table covers (27 years of days cost 40 KB
/// as `i32`s; a wider dataset works its bins out day by day).
const MAX_TABLE_DAYS: i64 = 1 << 20;

/// An undated incident (or one whose date does not parse).
const UNDATED: (i32, i32) = (i32::MAX, i32::MIN);

fn days(date: Option<PartialDate>) -> Option<(i32, i32)> {
    date.map(days_of)
}

impl DateColumn {
    pub fn new(incidents: &[Incident]) -> DateColumn {
        let mut wide = false;
        let mut narrow = |c: Option<u64>| match c {
            None => UNKNOWN_COUNT,
            Some(n) => match u32::try_from(n) {
                Ok(n) if n != UNKNOWN_COUNT => n,
                _ => {
                    wide = true;
                    0
                }
            },
        };
        let packed: Vec<Packed> = incidents
            .iter()
            .map(|i| {
                let (start, end) = days(i.date_parsed).unwrap_or(UNDATED);
                Packed {
                    start,
                    end,
                    killed: narrow(i.killed),
                    wounded: narrow(i.wounded),
                }
            })
            .collect();
        let dated = || packed.iter().filter(|p| p.start != UNDATED.0);
        let first = dated().map(|p| p.start).min().unwrap_or(i32::MAX);
        let last = dated().map(|p| p.end).max().unwrap_or(i32::MIN);
        DateColumn {
            packed,
            wide,
            first,
            last,
        }
    }

    /// The first and last day any incident of the dataset covers.
    pub(super) fn span(&self) -> Option<(i32, i32)> {
        (self.first <= self.last).then_some((self.first, self.last))
    }

    /// Each day's bin of `unit`, looked up in a table over the dataset's
    /// span: the calendar arithmetic of months and years is done once a
    /// day, not twice an incident (a million incidents per keystroke).
    pub(super) fn bins(&self, unit: BinUnit) -> impl Fn(i32) -> i64 + '_ {
        let span = i64::from(self.last) - i64::from(self.first) + 1;
        let table: Vec<i64> = if (1..=MAX_TABLE_DAYS).contains(&span) {
            (self.first..=self.last).map(|d| unit.bin_of(d)).collect()
        } else {
            Vec::new()
        };
        let first = self.first;
        move |day| {
            let at = i64::from(day) - i64::from(first);
            match usize::try_from(at).ok().and_then(|k| table.get(k)) {
                Some(&bin) => bin,
                None => unit.bin_of(day),
            }
        }
    }
}

/// One incident as shown: its casualty counts and date, and the incident
/// itself when it is counted otherwise than the dataset has it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shown<'a> {
    /// Index into the dataset's incidents.
    pub index: usize,
    pub killed: Option<u64>,
    pub wounded: Option<u64>,
    /// First and last day, when dated.
    pub days: Option<(i32, i32)>,
    /// The incident as corrected, when it is.
    pub changed: Option<&'a Incident>,
}

/// The listed incidents and what counts them.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub incidents: &'a [Incident],
    /// Dataset indices, in list order, each at most once.
    pub rows: &'a [usize],
    /// Reviewed incidents left out or counted with other values.
    pub except: &'a Exceptions,
    /// Built over `incidents`.
    pub summarizer: &'a Summarizer,
    /// Built over `incidents`.
    pub dates: &'a DateColumn,
}

impl<'a> Listed<'a> {
    /// The summary bar's numbers for these incidents.
    pub fn summary(&self) -> Summary {
        self.summarizer
            .summarize_except(self.incidents, self.rows, self.except)
    }

    /// Calls `f` for each incident counted (in list order, or the
    /// dataset's when every incident is listed).
    pub(super) fn visit(&self, f: impl FnMut(Shown<'a>)) {
        // Two copies of one loop: without exceptions the lookup leaves the
        // per-row path.
        if self.except.is_empty() {
            self.visit_with(|_| None, f);
        } else {
            let except = self.except;
            self.visit_with(|i| except.get(&i), f);
        }
    }

    fn visit_with(
        &self,
        exception: impl Fn(usize) -> Option<&'a Counted>,
        f: impl FnMut(Shown<'a>),
    ) {
        // Every incident listed (an empty search box): visited in the
        // dataset's order, which reads memory straight through instead of
        // jumping to each row of a list sorted by date. The sums do not
        // depend on the order, and a listing holds each incident once.
        if self.rows.len() == self.incidents.len() {
            self.visit_rows(0..self.incidents.len(), exception, f);
        } else {
            self.visit_rows(self.rows.iter().copied(), exception, f);
        }
    }

    fn visit_rows(
        &self,
        rows: impl Iterator<Item = usize>,
        exception: impl Fn(usize) -> Option<&'a Counted>,
        mut f: impl FnMut(Shown<'a>),
    ) {
        let widen = |c: u32| (c != UNKNOWN_COUNT).then_some(u64::from(c));
        let (packed, wide) = (&self.dates.packed, self.dates.wide);
        for i in rows {
            match exception(i) {
                Some(Counted::Not) => {}
                Some(Counted::As(changed)) => f(Shown {
                    index: i,
                    killed: changed.killed,
                    wounded: changed.wounded,
                    days: days(changed.date_parsed),
                    changed: Some(changed),
                }),
                None => {
                    let Some(p) = packed.get(i) else {
                        continue;
                    };
                    let (killed, wounded) = match (wide, self.incidents.get(i)) {
                        (false, _) => (widen(p.killed), widen(p.wounded)),
                        (true, Some(incident)) => (incident.killed, incident.wounded),
                        (true, None) => continue,
                    };
                    f(Shown {
                        index: i,
                        killed,
                        wounded,
                        days: (p.start != UNDATED.0).then_some((p.start, p.end)),
                        changed: None,
                    })
                }
            }
        }
    }

    /// The first and last day the dated incidents listed cover; `None`
    /// when none is dated.
    pub fn date_range(&self) -> Option<(i32, i32)> {
        let mut range: Option<(i32, i32)> = None;
        self.visit(|s| {
            if let Some((start, end)) = s.days {
                range = Some(match range {
                    None => (start, end),
                    Some((a, b)) => (a.min(start), b.max(end)),
                });
            }
        });
        range
    }
}
