//! The likely duplicates as the browser knows them: what the detector
//! found for the dataset shown (found off the UI thread, by the session),
//! resolved with the reviewers' decisions once per review state, the
//! cluster view's state and the count-once toggle.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use super::effect::Effect;
use super::state::App;
use crate::dataset::Dataset;
use crate::dedup::{Decided, Duplicates, Resolved};

/// What the browser holds about duplicates.
#[derive(Debug, Clone, Default)]
pub struct Clusters {
    /// The detector's clusters and the dataset they were found in (weakly:
    /// its address is never reused while held): stale once review edits
    /// give the browser a new dataset.
    found: Option<(Weak<Dataset>, Arc<Duplicates>)>,
    /// `found` with the decisions applied, and the review state's version
    /// they were applied for: resolved again only when the reviews change.
    resolved: RefCell<Option<(u64, Arc<Resolved>)>>,
    /// Count each confirmed event once in the summary bar and timeline.
    pub count_once: bool,
    /// The cluster shown side by side, when open.
    pub view: Option<ClusterView>,
}

/// The cluster view: the members as it opened (a member split off stays
/// shown, so the split can be seen and undone) and the one selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterView {
    /// The cluster's number when it opened.
    pub number: usize,
    /// Dataset indices, by id.
    pub members: Vec<usize>,
    /// Position in `members`.
    pub selected: usize,
}

impl ClusterView {
    /// The selected member's dataset index.
    pub fn member(&self) -> usize {
        self.members[self.selected.min(self.members.len() - 1)]
    }
}

/// Whether a query's text filters by cluster (`has:duplicate`, `dup:N`).
pub fn uses_clusters(text: &str) -> bool {
    text.contains("has:dup") || text.contains("dup:")
}

impl App {
    /// The detector's clusters for the dataset shown, once found.
    pub fn duplicates(&self) -> Option<&Arc<Duplicates>> {
        match &self.clusters.found {
            Some((at, found)) if Weak::ptr_eq(at, &Arc::downgrade(&self.dataset)) => Some(found),
            _ => None,
        }
    }

    /// Whether the duplicates of the dataset shown are still being looked for.
    pub fn finding_duplicates(&self) -> bool {
        self.duplicates().is_none()
    }

    /// The clusters after the reviewers' decisions, when the detector's
    /// are known: resolved once per review state, not per frame.
    pub fn resolved_clusters(&self) -> Option<Arc<Resolved>> {
        let found = self.duplicates()?;
        let version = self.review.version();
        if let Some((v, r)) = &*self.clusters.resolved.borrow() {
            if *v == version {
                return Some(Arc::clone(r));
            }
        }
        let r = Arc::new(crate::dedup::resolve(&self.dataset, found, &self.review));
        *self.clusters.resolved.borrow_mut() = Some((version, Arc::clone(&r)));
        Some(r)
    }

    /// The cluster incident `i` (dataset index) is in, after the decisions.
    pub fn cluster_of(&self, i: usize) -> Option<Decided> {
        self.resolved_clusters()?.cluster_of(i).cloned()
    }

    /// The session found the duplicates of `dataset`: kept if it is still
    /// the one shown; a search by cluster runs again with them.
    pub(super) fn duplicates_found(
        &mut self,
        dataset: &Arc<Dataset>,
        found: Arc<Duplicates>,
    ) -> Vec<Effect> {
        if !Arc::ptr_eq(dataset, &self.dataset) {
            return Vec::new();
        }
        self.clusters.found = Some((Arc::downgrade(dataset), found));
        *self.clusters.resolved.borrow_mut() = None;
        if self.clusters.count_once {
            self.refresh_summary();
        }
        self.search_again_for_clusters()
    }

    /// A search by cluster, again, when the listed rows answer one (the
    /// clusters arrived or a decision changed them).
    pub(super) fn search_again_for_clusters(&mut self) -> Vec<Effect> {
        if uses_clusters(self.search.text()) {
            vec![self.search_effect()]
        } else {
            Vec::new()
        }
    }
}
