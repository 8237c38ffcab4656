//! The timeline and the frequency table: which is open, its bin width or
//! column, and its cursor. What they show is worked out from the listed
//! incidents exactly as the summary bar counts them (reviews included),
//! once per search result or review change, and kept: drawing a frame
//! reads the kept aggregate, whose size does not grow with the dataset.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::state::App;
use crate::review::ReviewStatus;
use crate::summary::calendar::days_of;
use crate::summary::{
    BinUnit, Column, DateColumn, Exceptions, FrequencyColumn, FrequencyTable, Listed, SortBy,
    Timeline, TimelineError,
};

/// The most bins the timeline picks by itself: the finest unit that shows
/// the listed range in at most this many rows.
pub const AUTO_BINS: usize = 60;

/// Which view takes the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Timeline,
    Frequency,
}

/// What a kept aggregate was worked out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ListingKey {
    generation: u64,
    review_version: u64,
    include_rejected: bool,
    /// Counting confirmed duplicate events once changes every figure.
    count_once: bool,
    rows: usize,
    first_row: Option<usize>,
}

/// A kept aggregate and what it was worked out for.
type Kept<K, T> = RefCell<Option<(K, Arc<T>)>>;

/// The views' state. Aggregates are kept here (behind `RefCell`s, like
/// the detail pane's layout) so drawing stays a read of the state.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub open: Option<ChartKind>,
    /// The timeline's bin width from the zoom keys; `None` picks it from
    /// the listed range.
    pub zoom: Option<BinUnit>,
    /// The bin the timeline's cursor is on (a bin number of the unit
    /// shown); `None`: the selected incident's bin.
    pub cursor_bin: Option<i64>,
    /// The frequency table's column, order and cursor row.
    pub column: Column,
    pub sort: Option<SortBy>,
    pub row: usize,
    dates: OnceLock<Arc<DateColumn>>,
    columns: RefCell<HashMap<Column, Arc<FrequencyColumn>>>,
    timeline: Kept<(ListingKey, Option<BinUnit>), Timeline>,
    table: Kept<(ListingKey, Column, Option<SortBy>), FrequencyTable>,
}

impl App {
    fn listing_key(&self) -> ListingKey {
        ListingKey {
            generation: self.shown_generation,
            review_version: self.review.version(),
            include_rejected: self.include_rejected,
            count_once: self.clusters.count_once,
            rows: self.rows.len(),
            first_row: self.rows.first().copied(),
        }
    }

    /// The summary's exceptions without changing the state: the reviewed
    /// incidents found for the current reviews when they are up to date.
    fn chart_exceptions(&self) -> Exceptions {
        if self.reviewed.0 == self.review.version() {
            self.exceptions_of(&self.reviewed.1).0
        } else {
            self.exceptions_of(&self.reviewed_indices()).0
        }
    }

    fn dates(&self) -> Arc<DateColumn> {
        Arc::clone(
            self.charts
                .dates
                .get_or_init(|| Arc::new(DateColumn::new(&self.dataset.incidents))),
        )
    }

    /// The listed incidents as the summary bar counts them.
    fn with_listed<R>(&self, f: impl FnOnce(&Listed) -> R) -> R {
        let except = self.chart_exceptions();
        let dates = self.dates();
        f(&Listed {
            incidents: &self.dataset.incidents,
            rows: &self.rows,
            except: &except,
            summarizer: &self.summarizer,
            dates: &dates,
        })
    }

    /// The timeline of the listed incidents in bins of `unit`.
    pub fn timeline_by(&self, unit: BinUnit) -> Result<Timeline, TimelineError> {
        self.with_listed(|l| l.timeline(unit))
    }

    /// The frequency table of the listed incidents on `column`.
    pub fn frequency_by(&self, column: Column) -> FrequencyTable {
        let col = self.frequency_column(column);
        let statuses = self.statuses();
        self.with_listed(|l| l.frequency(&col, &self.dataset, &statuses))
    }

    fn frequency_column(&self, column: Column) -> Arc<FrequencyColumn> {
        let mut columns = self.charts.columns.borrow_mut();
        Arc::clone(
            columns
                .entry(column)
                .or_insert_with(|| Arc::new(FrequencyColumn::new(&self.dataset, column))),
        )
    }

    /// The review status of every reviewed incident (dataset index).
    fn statuses(&self) -> HashMap<usize, ReviewStatus> {
        let reviewed = if self.reviewed.0 == self.review.version() {
            std::borrow::Cow::Borrowed(&self.reviewed.1)
        } else {
            std::borrow::Cow::Owned(self.reviewed_indices())
        };
        reviewed
            .iter()
            .map(|&i| (i, self.review.status(&self.dataset.incidents[i].id)))
            .collect()
    }

    /// The timeline as the view shows it (kept until the listing, the
    /// reviews or the zoom change).
    pub fn timeline_view(&self) -> Arc<Timeline> {
        let key = (self.listing_key(), self.charts.zoom);
        if let Some((k, t)) = &*self.charts.timeline.borrow() {
            if *k == key {
                return Arc::clone(t);
            }
        }
        let timeline = Arc::new(self.with_listed(|l| {
            match self.charts.zoom {
                Some(unit) => l
                    .timeline(unit)
                    .unwrap_or_else(|_| l.timeline_fitting(AUTO_BINS)),
                None => l.timeline_fitting(AUTO_BINS),
            }
        }));
        *self.charts.timeline.borrow_mut() = Some((key, Arc::clone(&timeline)));
        timeline
    }

    /// The frequency table as the view shows it, in the order asked for.
    pub fn frequency_view(&self) -> Arc<FrequencyTable> {
        let key = (self.listing_key(), self.charts.column, self.charts.sort);
        if let Some((k, t)) = &*self.charts.table.borrow() {
            if *k == key {
                return Arc::clone(t);
            }
        }
        let mut table = self.frequency_by(self.charts.column);
        if let Some(by) = self.charts.sort {
            table.sort(by);
        }
        let table = Arc::new(table);
        *self.charts.table.borrow_mut() = Some((key, Arc::clone(&table)));
        table
    }

    /// The timeline bin the selected incident is placed in.
    pub fn selected_bin(&self, timeline: &Timeline) -> Option<usize> {
        let incident = self.selected_incident()?;
        let shown = self.shown(incident);
        timeline.bin_of_days(days_of(shown.date_parsed?))
    }

    /// The bin the timeline's cursor is on.
    pub fn timeline_cursor(&self, timeline: &Timeline) -> Option<usize> {
        let last = timeline.bins.len().checked_sub(1)?;
        Some(match self.charts.cursor_bin {
            Some(b) => usize::try_from((b - timeline.first_bin).max(0))
                .unwrap_or(0)
                .min(last),
            None => self.selected_bin(timeline).unwrap_or(0),
        })
    }

    /// The frequency table's cursor row.
    pub fn frequency_cursor(&self, table: &FrequencyTable) -> Option<usize> {
        let last = table.rows.len().checked_sub(1)?;
        Some(self.charts.row.min(last))
    }

    /// What the status line says about the cursor of the open view.
    pub fn chart_status(&self) -> Option<String> {
        let counts = |t: &crate::summary::Totals| {
            format!(
                "{} · {} killed · {} wounded · unknown {}/{}",
                crate::dataset::plural::count(t.incidents, "incident"),
                t.killed,
                t.wounded,
                t.killed_unknown,
                t.wounded_unknown
            )
        };
        match self.charts.open? {
            ChartKind::Timeline => {
                let t = self.timeline_view();
                let bin = t.bin(self.timeline_cursor(&t)?)?;
                let range = if bin.from == bin.to {
                    bin.from.clone()
                } else {
                    format!("{} – {}", bin.from, bin.to)
                };
                Some(format!("{range} · {}", counts(&bin.totals)))
            }
            ChartKind::Frequency => {
                let t = self.frequency_view();
                let row = t.rows.get(self.frequency_cursor(&t)?)?;
                Some(format!(
                    "{} · {} · 4 weeks {}",
                    row.value,
                    counts(&row.totals),
                    row.change.text()
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests;
