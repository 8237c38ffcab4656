//! Review of extractions by hand: decisions, corrections, the journal that
//! records them, its replay, and export of the reviewed dataset.
//!
//! The flow: [`ReviewJournal::open`] locks and reads the journal,
//! [`ReviewState::replay`] turns its entries into a state,
//! [`ReviewState::compare_with`] checks it against the dataset loaded; each
//! new action is an [`Entry`] that is [`ReviewJournal::append`]ed (durably)
//! and then [`ReviewState::apply`]d. [`with_edits`] gives the dataset with
//! the incidents reviewers added and the evidence they edited.

mod entry;
pub mod export;
mod field;
mod fingerprint;
mod journal;
mod lock;
pub mod overlay;
pub mod paths;
mod span;
mod state;
mod status;
mod time;

pub use entry::{Action, Entry, ENTRY_VERSION};
pub use field::{Extracted, FieldChange, FieldValue, ReviewField};
pub use fingerprint::{fnv1a64, Fingerprint};
pub use journal::{write_durably, JournalError, JournalWarning, Relocation, ReviewJournal};
pub use lock::LockHolder;
pub use overlay::{with_edits, Edited};
pub use span::SpanEdit;
pub use state::{
    Correction, DatasetChange, IncidentReview, Progress, ReplayWarning, ReviewState, SameGroups,
    StatusFilter,
};
pub use status::ReviewStatus;
pub use time::{now_rfc3339, rfc3339_utc};
