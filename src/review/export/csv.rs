//! CSV export: one row per incident, with ACLED-like column names so the
//! file pastes into the spreadsheets analysts already keep.
//!
//! Columns, in order: `event_id`, `event_date`, `year`, `event_type`,
//! `actor1` (perpetrator), `actor2` (target), `admin1` (province, the
//! gazetteer's name when known), `admin2` (district), `location`,
//! `fatalities`, `injuries` (empty when unknown, which is not zero),
//! `source` (outlets), `source_titles`, `source_urls`, `source_documents`
//! (each `; `-separated, one per source), `review_status`, `reviewer`,
//! `review_time`, `corrected_fields` (`; `-separated), `note`,
//! `flag_reason`, `changed_since_review`, `cluster` and `duplicate_of`
//! (as in the JSON `review` object: empty when not decided the same event
//! as another incident).
//!
//! Incidents reviewers added are rows like any other (`review_status`
//! `added`). Values are corrected values. Quoting follows RFC 4180 (fields with
//! commas, quotes or line breaks are quoted, quotes doubled; lines end in
//! CRLF). Text cells that a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`:
//! this text comes from the web.

use std::io::Write;

use super::{ExportError, ExportStats};
use crate::dataset::{Dataset, Incident};
use crate::review::state::{ReviewState, SameGroups, StatusFilter};

pub const COLUMNS: [&str; 24] = [
    "event_id",
    "event_date",
    "year",
    "event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "fatalities",
    "injuries",
    "source",
    "source_titles",
    "source_urls",
    "source_documents",
    "review_status",
    "reviewer",
    "review_time",
    "corrected_fields",
    "note",
    "flag_reason",
    "changed_since_review",
    "cluster",
    "duplicate_of",
];

/// Writes the CSV export.
pub fn write(
    dataset: &Dataset,
    state: &ReviewState,
    only: Option<StatusFilter>,
    out: &mut dyn Write,
) -> Result<ExportStats, ExportError> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS).map_err(csv_error)?;
    let groups = state.same_groups();
    let mut stats = ExportStats {
        total_incidents: dataset.incidents.len(),
        ..ExportStats::default()
    };
    for incident in &dataset.incidents {
        if only.is_some_and(|f| !f.matches(state.status(&incident.id))) {
            continue;
        }
        w.write_record(row(dataset, state, &groups, incident))
            .map_err(csv_error)?;
        stats.incidents += 1;
    }
    w.flush()?;
    Ok(stats)
}

fn csv_error(e: ::csv::Error) -> ExportError {
    ExportError::Io(e.into())
}

fn row(
    dataset: &Dataset,
    state: &ReviewState,
    groups: &SameGroups,
    original: &Incident,
) -> Vec<String> {
    let i = state.effective_in(original, &dataset.province_aliases);
    let text = |v: Option<&str>| safe_cell(v.unwrap_or(""));
    let count = |n: Option<u64>| n.map_or_else(String::new, |n| n.to_string());
    let docs: Vec<_> = i
        .sources
        .iter()
        .map(|s| (s, s.document.and_then(|d| dataset.document(d))))
        .collect();
    let joined = |f: &dyn Fn(&crate::dataset::Document) -> Option<String>| {
        let parts: Vec<String> = docs
            .iter()
            .map(|(_, d)| d.and_then(f).unwrap_or_default())
            .collect();
        if parts.iter().all(String::is_empty) {
            String::new()
        } else {
            safe_cell(&parts.join("; "))
        }
    };
    let review = state.review(&i.id);
    let corrected: Vec<&str> = review
        .map(|r| r.corrections.keys().map(|f| f.name()).collect())
        .unwrap_or_default();
    let changed = state.changed_since_review(&i.id).map(|c| {
        let mut names: Vec<&str> = c.fields.iter().map(|f| f.field.name()).collect();
        if c.sources_or_evidence {
            names.push("sources");
        }
        names.join("; ")
    });
    vec![
        safe_cell(&i.id),
        text(i.date.as_deref()),
        i.date_parsed
            .map_or_else(String::new, |d| d.year.to_string()),
        text(i.event_type.as_deref()),
        text(i.perpetrator.as_deref()),
        text(i.target.as_deref()),
        text(i.province_canonical.as_deref().or(i.province.as_deref())),
        text(i.district.as_deref()),
        text(i.location.as_deref()),
        count(i.killed),
        count(i.wounded),
        joined(&|d| d.outlet.as_deref().map(str::to_owned)),
        joined(&|d| d.title.as_deref().map(str::to_owned)),
        joined(&|d| d.url.as_deref().map(str::to_owned)),
        safe_cell(
            &docs
                .iter()
                .map(|(s, _)| s.document_id.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        state.status(&i.id).name().to_string(),
        text(review.map(|r| r.reviewer.as_str())),
        text(review.map(|r| r.time.as_str())),
        corrected.join("; "),
        text(review.and_then(|r| r.note.as_deref())),
        text(review.and_then(|r| r.flag_reason.as_deref())),
        changed.unwrap_or_default(),
        text(
            groups
                .group_of(&i.id)
                .and_then(|g| g.first())
                .map(String::as_str),
        ),
        text(groups.duplicate_of(&i.id)),
    ]
}

/// Keeps a spreadsheet from running a cell as a formula.
pub fn safe_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("Kirkuk"), "Kirkuk");
        assert_eq!(safe_cell(""), "");
    }
}
