//! Work `update` asks for but does not do itself (it does no IO): the
//! terminal layer carries effects out and reports back to the app.

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
}
