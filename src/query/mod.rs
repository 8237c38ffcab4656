//! Finding incidents: the query language typed in the search box, matching,
//! sorting, and the search engine that runs off the UI thread.
//!
//! The UI side needs only:
//! - [`SearchEngine`] with [`SearchRequest`] / [`SearchResult`] for the list
//!   and the summary bar;
//! - [`highlight_chars`] for the matched characters of a visible cell, and
//!   [`exact_ranges`] for the exact phrases in an article;
//! - [`SortKey`] / [`SortSpec`] for the header and the `s` / `S` keys.
//!
//! Nothing here knows about terminals.

mod ast;
mod engine;
mod index;
mod matcher;
mod narrow;
mod parse;
mod reviewed;
mod sort;
mod text;
mod undated;

pub use ast::{
    Cmp, CountField, CountTest, DateTest, DocumentTest, DuplicateTest, Flag, Query, QueryError,
    StatusTest, Term, TermKind, TextField,
};
pub use engine::{SearchEngine, SearchRequest, SearchResult, PIECE};
pub use index::{short_fields, SearchIndex};
pub use matcher::{
    all_unreviewed, exact_ranges, highlight_chars, matched_beyond, Matcher, StatusLookup,
};
pub use narrow::refines;
pub use parse::parse;
pub use reviewed::{
    statuses, statuses_with_clusters, uncorrected, Corrected, CorrectedIncidents, ReviewMarks,
};
pub use sort::{province_ranks, sort_incidents, sort_rows, SortKey, SortSpec};
pub use undated::Undated;
