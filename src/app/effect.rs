//! Work `update` asks for but does not do itself (it does no IO): the
//! terminal layer carries effects out and reports back to the app.

use crate::dataset::Incident;
use crate::query::SortSpec;
use crate::review::{Action as ReviewAction, SpanEdit};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Append a review entry for this incident (index into the dataset) to
    /// the journal, durably; then report with `App::journaled` or
    /// `App::journal_failed`. Nothing shows as saved before that.
    Journal {
        incident: usize,
        action: ReviewAction,
    },
    /// Append an entry that belongs to no incident of the dataset yet:
    /// the session builds it (it knows the reviewer), then reports as for
    /// [`Effect::Journal`].
    JournalNew(NewEntry),
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

/// An entry the session builds: an incident the reviewer adds, or an
/// article marked done or open (or the undo or redo of one).
#[derive(Debug, Clone)]
pub enum NewEntry {
    /// `incident`'s fields (its id is given by the session) from the
    /// article `document`, with `evidence`.
    Incident {
        incident: Box<Incident>,
        document: String,
        evidence: Vec<SpanEdit>,
    },
    /// `action` (done, open, undo or redo) on the article `document`.
    Document {
        document: String,
        action: ReviewAction,
    },
}

impl PartialEq for NewEntry {
    fn eq(&self, other: &NewEntry) -> bool {
        match (self, other) {
            (
                NewEntry::Incident {
                    incident: a,
                    document: da,
                    evidence: ea,
                },
                NewEntry::Incident {
                    incident: b,
                    document: db,
                    evidence: eb,
                },
            ) => {
                // Incidents compare by their values (they hold no
                // comparable warnings or flags).
                crate::review::Extracted::of(a) == crate::review::Extracted::of(b)
                    && da == db
                    && ea == eb
            }
            (
                NewEntry::Document {
                    document: a,
                    action: x,
                },
                NewEntry::Document {
                    document: b,
                    action: y,
                },
            ) => a == b && x == y,
            _ => false,
        }
    }
}
