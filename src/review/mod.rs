//! Review of extractions by hand: decisions, corrections, the journal.

mod status;

pub use status::ReviewStatus;
