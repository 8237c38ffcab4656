//! What the review journal changes about a search: each incident's status,
//! for `status:`, whether its article is done, for `doc:`, and the values
//! reviewers corrected, which every other
//! test reads instead of the dataset's. The browser and `incidents search`
//! both build them here, from the same review state, so they list the same
//! incidents.

use std::collections::HashMap;
use std::sync::Arc;

use crate::dataset::{Dataset, Incident};
use crate::review::{ReviewState, ReviewStatus};

/// What the review says of one incident for a search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewMarks {
    pub status: ReviewStatus,
    /// Its first source document is marked done.
    pub document_done: bool,
    /// Its cluster of duplicates, by number, after the reviewers'
    /// decisions (`dedup::resolve`); `None` when it is in none or the
    /// clusters were not asked for.
    pub cluster: Option<u32>,
}

impl From<ReviewStatus> for ReviewMarks {
    fn from(status: ReviewStatus) -> ReviewMarks {
        ReviewMarks {
            status,
            document_done: false,
            cluster: None,
        }
    }
}

/// The review marks of an incident, by its index in the dataset.
pub type StatusLookup = Arc<dyn Fn(usize) -> ReviewMarks + Send + Sync>;

/// A status lookup for a dataset nobody has reviewed yet.
pub fn all_unreviewed() -> StatusLookup {
    Arc::new(|_| ReviewMarks::default())
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

/// A snapshot of every incident's review status in `state`, and whether
/// its first source document is done. Pass the dataset the search runs on
/// (with the review's edits, `review::with_edits`, when there are any).
pub fn statuses(dataset: &Dataset, state: &ReviewState) -> StatusLookup {
    let any_done = state.any_done();
    let marks: Arc<Vec<ReviewMarks>> = Arc::new(
        dataset
            .incidents
            .iter()
            .map(|i| ReviewMarks {
                status: state.status(&i.id),
                document_done: any_done
                    && i.sources
                        .first()
                        .is_some_and(|s| state.is_done(&s.document_id)),
                cluster: None,
            })
            .collect(),
    );
    Arc::new(move |i: usize| marks.get(i).copied().unwrap_or_default())
}

/// Like [`statuses`], with each incident's cluster of duplicates from
/// `resolved` (`dedup::resolve` on the same dataset), for `has:duplicate`
/// and `dup:N`.
pub fn statuses_with_clusters(
    dataset: &Dataset,
    state: &ReviewState,
    resolved: &crate::dedup::Resolved,
) -> StatusLookup {
    let base = statuses(dataset, state);
    let clusters: HashMap<usize, u32, foldhash::fast::RandomState> = resolved
        .clusters
        .iter()
        .flat_map(|c| {
            let n = u32::try_from(c.number).unwrap_or(u32::MAX);
            c.members.iter().map(move |&m| (m, n))
        })
        .collect();
    Arc::new(move |i: usize| ReviewMarks {
        cluster: clusters.get(&i).copied(),
        ..base(i)
    })
}
