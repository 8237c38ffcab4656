//! The review part of the detail pane: status, who and when, note, flag
//! reason, what changed in the dataset since the decision, and which
//! fields were corrected.

use super::detail_tag::Tag;
use super::wrap::{self, Row};
use crate::review::ReviewStatus;

/// What the detail pane shows of an incident's review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewInfo {
    pub status: ReviewStatus,
    /// "amal, 2026-11-21T10:02:03Z"
    pub by: Option<String>,
    pub note: Option<String>,
    pub flag_reason: Option<String>,
    /// What changed in the dataset since the decision, when it did.
    pub changed: Option<String>,
    /// Corrected fields (by name) and their extracted values as shown.
    pub corrected: Vec<(&'static str, String)>,
    /// Show extracted values beside corrected ones.
    pub show_extracted: bool,
    /// The search, whose exact terms are highlighted in the text.
    pub query: Option<std::sync::Arc<crate::query::Query>>,
    /// For each of the incident's sources: its article is marked done.
    pub done: Vec<bool>,
}

impl ReviewInfo {
    /// The extracted value of a corrected field.
    pub fn extracted(&self, field: &str) -> Option<&str> {
        self.corrected
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// Rows for the review block (nothing for an unreviewed incident without a note).
pub fn rows(info: &ReviewInfo, width: usize) -> Vec<Row<Tag>> {
    let mut out = Vec::new();
    let mut line = |text: String, tag: Tag| out.extend(wrap::wrap(&text, width, |_| tag).rows);
    if info.status != ReviewStatus::Unreviewed {
        let by = info
            .by
            .as_deref()
            .map_or(String::new(), |b| format!(" by {b}"));
        line(
            format!("Review: {}{by}", info.status.name()),
            Tag::Corrected,
        );
    }
    if let Some(reason) = &info.flag_reason {
        line(format!("Flagged: {reason}"), Tag::Warning);
    }
    if let Some(note) = &info.note {
        line(format!("Note: {note}"), Tag::Plain);
    }
    if let Some(changed) = &info.changed {
        line(format!("⚠ changed since review: {changed}"), Tag::Warning);
    }
    if !info.corrected.is_empty() && !info.show_extracted {
        line(
            "✎ marks corrected values; v shows the extracted ones".to_string(),
            Tag::Dim,
        );
    }
    out
}
