//! What the review journal changes about a search: each incident's status,
//! for `status:`, and the values reviewers corrected, which every other
//! test reads instead of the dataset's. The browser and `incidents search`
//! both build them here, from the same review state, so they list the same
//! incidents.

use std::collections::HashMap;
use std::sync::Arc;

use crate::dataset::{Dataset, Incident};
use crate::review::{ReviewState, ReviewStatus};

/// The review status of an incident, by its index in the dataset.
pub type StatusLookup = Arc<dyn Fn(usize) -> ReviewStatus + Send + Sync>;

/// A status lookup for a dataset nobody has reviewed yet.
pub fn all_unreviewed() -> StatusLookup {
    Arc::new(|_| ReviewStatus::Unreviewed)
}

/// The corrected incidents of a dataset, by index, with their corrections
/// applied. Reviews touch few incidents, so the matcher tests these few
/// from their records and every other one from the index.
#[derive(Debug, Default)]
pub struct CorrectedIncidents {
    by_index: HashMap<usize, Incident, foldhash::fast::RandomState>,
}

/// Shared between the UI and the search worker. As with [`StatusLookup`],
/// a new `Arc` tells the engine the corrections changed.
pub type Corrected = Arc<CorrectedIncidents>;

impl CorrectedIncidents {
    /// The incidents of `dataset` that `state` corrects, as corrected
    /// (a corrected province canonicalised through the dataset's aliases,
    /// as the browser shows it).
    pub fn of(dataset: &Dataset, state: &ReviewState) -> CorrectedIncidents {
        let corrected: std::collections::HashSet<&str, foldhash::fast::RandomState> = state
            .records()
            .filter(|(_, r)| !r.corrections.is_empty())
            .map(|(id, _)| id)
            .collect();
        let by_index = if corrected.is_empty() {
            HashMap::default()
        } else {
            dataset
                .incidents
                .iter()
                .enumerate()
                .filter(|(_, inc)| corrected.contains(inc.id.as_str()))
                .map(|(i, inc)| (i, state.effective_in(inc, &dataset.province_aliases)))
                .collect()
        };
        CorrectedIncidents { by_index }
    }

    /// Incident `i` as corrected, when a reviewer corrected it.
    pub fn get(&self, i: usize) -> Option<&Incident> {
        if self.by_index.is_empty() {
            return None;
        }
        self.by_index.get(&i)
    }

    pub fn is_empty(&self) -> bool {
        self.by_index.is_empty()
    }
}

/// No corrections: a dataset nobody has corrected.
pub fn uncorrected() -> Corrected {
    Arc::new(CorrectedIncidents::default())
}

/// A snapshot of every incident's review status in `state`.
pub fn statuses(dataset: &Dataset, state: &ReviewState) -> StatusLookup {
    let statuses: Arc<Vec<ReviewStatus>> = Arc::new(
        dataset
            .incidents
            .iter()
            .map(|i| state.status(&i.id))
            .collect(),
    );
    Arc::new(move |i: usize| statuses.get(i).copied().unwrap_or_default())
}
