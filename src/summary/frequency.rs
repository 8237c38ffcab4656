//! Frequency tables: one row per value of a column (province, district,
//! perpetrator, outlet, review status, month...) with its incidents,
//! killed, wounded and unknown counts, and the change in killed between
//! the last four weeks of the listed range and the four weeks before (as
//! ACLED's Trendfinder shows it). Each incident counts in exactly one
//! row, a missing value under "(unknown)", so the rows add up to the
//! summary's total.

use std::collections::HashMap;

use serde::Serialize;

use super::{Listed, Totals, UNKNOWN_PROVINCE};
use crate::dataset::Dataset;
use crate::review::ReviewStatus;

mod change;
mod column;

pub use change::{Change, Windows};
pub use column::{Column, FrequencyColumn};

/// One value's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrequencyRow {
    /// The value as first written (provinces: the gazetteer's name);
    /// `(unknown)` for a missing one.
    pub value: String,
    /// False for the row of incidents without a value.
    #[serde(skip)]
    pub known: bool,
    #[serde(flatten)]
    pub totals: Totals,
    #[serde(flatten)]
    pub change: Change,
}

/// What a table is sorted by (largest first, then by value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Killed,
    Wounded,
    Incidents,
    Unknown,
    Change,
    /// The values in order (dates from the earliest).
    Value,
}

impl SortBy {
    pub const ALL: [SortBy; 6] = [
        SortBy::Killed,
        SortBy::Wounded,
        SortBy::Incidents,
        SortBy::Unknown,
        SortBy::Change,
        SortBy::Value,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortBy::Killed => "killed",
            SortBy::Wounded => "wounded",
            SortBy::Incidents => "incidents",
            SortBy::Unknown => "unknown",
            SortBy::Change => "change",
            SortBy::Value => "value",
        }
    }

    /// The next order in [`SortBy::ALL`], round again after the last.
    pub fn next(self) -> SortBy {
        let at = SortBy::ALL.iter().position(|&s| s == self).unwrap_or(0);
        SortBy::ALL[(at + 1) % SortBy::ALL.len()]
    }
}

/// A column's values over the listed incidents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrequencyTable {
    #[serde(skip)]
    pub column: Column,
    pub rows: Vec<FrequencyRow>,
    pub total: Totals,
    /// Killed in the last four weeks against the four before, over all.
    pub change: Change,
    /// The two four-week windows, when any incident is dated.
    pub windows: Option<Windows>,
    #[serde(skip)]
    pub sorted_by: SortBy,
}

impl Listed<'_> {
    /// The table of `column`'s values. `statuses`: the review status of
    /// each reviewed incident (dataset index), for the status column;
    /// any other is unreviewed.
    pub fn frequency<S: std::hash::BuildHasher>(
        &self,
        column: &FrequencyColumn,
        dataset: &Dataset,
        statuses: &HashMap<usize, ReviewStatus, S>,
    ) -> FrequencyTable {
        let windows = self.date_range().map(|(_, last)| Windows::ending(last));
        let mut totals = vec![Totals::default(); column.len()];
        let mut changes = vec![Change::default(); column.len()];
        // Values only a corrected incident has.
        let mut more: HashMap<String, usize> = HashMap::new();
        let mut more_names: Vec<Option<String>> = Vec::new();
        let mut total = Totals::default();
        let mut change = Change::default();
        self.visit(|s| {
            let g = match (column.column, s.changed) {
                (Column::Status, _) => column::status_group(
                    statuses
                        .get(&s.index)
                        .copied()
                        .unwrap_or(ReviewStatus::Unreviewed),
                ),
                (_, None) => column.group(s.index),
                (_, Some(changed)) => match column.group_of_value(changed, dataset) {
                    Ok(g) => g,
                    Err(value) => *more.entry(value.to_lowercase()).or_insert_with(|| {
                        totals.push(Totals::default());
                        changes.push(Change::default());
                        more_names.push(Some(value));
                        totals.len() - 1
                    }),
                },
            };
            let Some(t) = totals.get_mut(g) else {
                return;
            };
            t.add_counts(s.killed, s.wounded);
            total.add_counts(s.killed, s.wounded);
            if let (Some(w), Some(days), Some(k)) = (windows, s.days, s.killed) {
                changes[g].add(w, days, k);
                change.add(w, days, k);
            }
        });
        let mut rows: Vec<FrequencyRow> = totals
            .into_iter()
            .zip(changes)
            .enumerate()
            .filter(|(_, (t, _))| t.incidents > 0)
            .map(|(g, (totals, change))| {
                let name = if g < column.len() {
                    column.name(g)
                } else {
                    more_names.get(g - column.len()).cloned().flatten()
                };
                FrequencyRow {
                    known: name.is_some(),
                    value: name.unwrap_or_else(|| UNKNOWN_PROVINCE.to_string()),
                    totals,
                    change,
                }
            })
            .collect();
        let sorted_by = column.column.default_sort();
        sort_rows(&mut rows, sorted_by);
        FrequencyTable {
            column: column.column,
            rows,
            total,
            change,
            windows,
            sorted_by,
        }
    }
}

impl FrequencyTable {
    pub fn sort(&mut self, by: SortBy) {
        self.sorted_by = by;
        sort_rows(&mut self.rows, by);
    }

    /// The search term that lists a row's incidents; `None` for the row
    /// of missing values, which no term selects.
    pub fn filter_term(&self, row: usize) -> Option<String> {
        let row = self.rows.get(row)?;
        row.known.then(|| self.column.filter_term(&row.value))?
    }
}

fn sort_rows(rows: &mut [FrequencyRow], by: SortBy) {
    let key = |r: &FrequencyRow| -> i128 {
        let t = &r.totals;
        match by {
            SortBy::Killed => i128::from(t.killed),
            SortBy::Wounded => i128::from(t.wounded),
            SortBy::Incidents => i128::from(t.incidents),
            SortBy::Unknown => i128::from(t.unknown()),
            SortBy::Change => i128::from(r.change.recent) - i128::from(r.change.prior),
            SortBy::Value => 0,
        }
    };
    rows.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            // Missing values last, then by value.
            .then_with(|| b.known.cmp(&a.known))
            .then_with(|| a.value.to_lowercase().cmp(&b.value.to_lowercase()))
    });
}

#[cfg(test)]
mod tests;
