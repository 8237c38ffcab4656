//! Work `update` asks for but does not do itself (it does no IO): the
//! terminal layer carries effects out and reports back to the app.

use crate::query::SortSpec;
use crate::review::Action as ReviewAction;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append a review entry for this incident (index into the dataset) to
    /// the journal, durably; then report with `App::journaled` or
    /// `App::journal_failed`. Nothing shows as saved before that.
    Journal {
        incident: usize,
        action: ReviewAction,
    },
    /// Export the reviewed dataset; report with `App::notice`.
    Export,
    /// Write this incident (index into the dataset) out as JSON.
    CopyOut { incident: usize },
    /// Run a search off the UI thread; results come back through
    /// `App::search_result`, and only the newest generation is used.
    Search {
        generation: u64,
        query_text: String,
        sort: SortSpec,
        /// Whether the query filters by review status (the engine then needs
        /// the current statuses).
        uses_status: bool,
    },
}
