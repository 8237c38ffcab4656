//! The incidents listed, as the summary bar counts them: the rows of a
//! search, with reviewed incidents left out or counted with corrected
//! values. The timeline and the frequency tables read them through here,
//! from the summarizer's compact columns, so they always add up to the
//! summary bar's totals and never touch a million records per keystroke.

use super::calendar::days_of;
use super::{Counted, Exceptions, Summarizer, Summary, UNKNOWN_COUNT};
use crate::dataset::{Incident, PartialDate};

/// Each incident's date as the first and last day it covers (day numbers,
/// see [`super::calendar`]): 8 bytes an incident, built once per dataset.
#[derive(Debug, Clone, Default)]
pub struct DateColumn {
    days: Vec<(i32, i32)>,
}

/// An undated incident (or one whose date does not parse).
const UNDATED: (i32, i32) = (i32::MAX, i32::MIN);

fn days(date: Option<PartialDate>) -> Option<(i32, i32)> {
    date.map(days_of)
}

impl DateColumn {
    pub fn new(incidents: &[Incident]) -> DateColumn {
        DateColumn {
            days: incidents
                .iter()
                .map(|i| days(i.date_parsed).unwrap_or(UNDATED))
                .collect(),
        }
    }

    fn get(&self, i: usize) -> Option<(i32, i32)> {
        self.days.get(i).copied().filter(|&d| d != UNDATED)
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
    /// Dataset indices, in list order.
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

    /// Calls `f` for each incident counted, in list order.
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
        mut f: impl FnMut(Shown<'a>),
    ) {
        let counts = self.summarizer.counts.as_deref();
        let widen = |c: u32| (c != UNKNOWN_COUNT).then_some(u64::from(c));
        for &i in self.rows {
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
                    let (killed, wounded) = match counts {
                        Some(c) => match c.get(i) {
                            Some(&(k, w)) => (widen(k), widen(w)),
                            None => continue,
                        },
                        None => match self.incidents.get(i) {
                            Some(incident) => (incident.killed, incident.wounded),
                            None => continue,
                        },
                    };
                    f(Shown {
                        index: i,
                        killed,
                        wounded,
                        days: self.dates.get(i),
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
