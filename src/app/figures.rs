//! The status line's counts over the whole dataset (`reviewed N/M`,
//! `articles done D/T`). Counting them is a pass over every incident or
//! article; they change only with the review state (or the dataset it
//! edits), so they are counted once per state and read on every frame.

use std::cell::Cell;
use std::sync::Arc;

use super::state::App;
use crate::review::Progress;

/// What the counts were taken for: the review state's version and the
/// dataset (its address and size: the review's edits make a new one).
type Key = (u64, usize, usize, usize);

/// The counts kept, each with what it was taken for.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    progress: Cell<Option<(Key, Progress)>>,
    documents_done: Cell<Option<(Key, (usize, usize))>>,
}

impl App {
    fn figures_key(&self) -> Key {
        (
            self.review.version(),
            Arc::as_ptr(&self.dataset) as usize,
            self.dataset.incidents.len(),
            self.dataset.documents.len(),
        )
    }

    /// `reviewed N/M` over the whole dataset, counted once per review state.
    pub(super) fn kept_progress(&self) -> Progress {
        let key = self.figures_key();
        match self.figures.progress.get() {
            Some((k, p)) if k == key => p,
            _ => {
                let p = self.review.progress(&self.dataset.incidents);
                self.figures.progress.set(Some((key, p)));
                p
            }
        }
    }

    /// `(done, total)` among the dataset's articles, counted once per
    /// review state.
    pub(super) fn kept_documents_done(&self) -> (usize, usize) {
        let key = self.figures_key();
        match self.figures.documents_done.get() {
            Some((k, d)) if k == key => d,
            _ => {
                let d = self.review.documents_done(&self.dataset);
                self.figures.documents_done.set(Some((key, d)));
                d
            }
        }
    }
}
