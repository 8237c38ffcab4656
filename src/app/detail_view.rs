//! What the detail pane shows for one incident, laid out into rows for a
//! given width, with each piece tagged by meaning rather than colour. The
//! renderer turns tags into styles; `update` uses the same layout to scroll
//! evidence into view.

use std::ops::Range;

use serde_json::Value;

use super::detail_review::ReviewInfo;
use super::detail_spans::{paint_runs, span_cells};
pub use super::detail_tag::{EvidenceCell, Tag};
use super::selection::{TextCursor, TextLayout};
use super::wrap::{self, tag_in_runs, Row, Segment};
use crate::dataset::{Anchor, Dataset, FieldKind, Incident, LocateMethod, INCIDENT_FIELDS};
use crate::evidence;

/// The most article text the detail pane lays out (it is laid out on every
/// frame): longer articles are cut here, with a note.
pub const DISPLAY_LIMIT: usize = 256 * 1024;

/// The part of a document's text the detail pane lays out.
pub fn source_text(doc: &crate::dataset::Document) -> &str {
    display_prefix(&doc.text)
}

/// The part of `text` the detail pane shows, cut at a character boundary.
fn display_prefix(text: &str) -> &str {
    if text.len() <= DISPLAY_LIMIT {
        return text;
    }
    let mut cut = DISPLAY_LIMIT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Width of the label column.
const LABEL_WIDTH: usize = 13;

/// The laid-out detail pane.
#[derive(Debug, Clone, Default)]
pub struct DetailView {
    pub rows: Vec<Row<Tag>>,
    /// Row of each evidence span, in the order `n` walks them.
    pub evidence_rows: Vec<usize>,
    /// Where each evidence span is drawn, one entry per row it covers.
    pub evidence_cells: Vec<EvidenceCell>,
    /// Where each source's article text was laid out.
    pub texts: Vec<TextLayout>,
}

/// What the detail pane marks in the text besides the evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    /// The evidence span (index into [`evidence_spans`]) `n`/`N` moved to.
    pub current: Option<usize>,
    /// The text cursor and its selection, in select mode.
    pub cursor: Option<TextCursor>,
}

impl DetailView {
    /// The layout of source `source`'s text.
    pub fn text(&self, source: usize) -> Option<&TextLayout> {
        self.texts.iter().find(|t| t.source == source)
    }

    /// The evidence span drawn at `row`, `column`, if any.
    pub fn evidence_at(&self, row: usize, column: usize) -> Option<usize> {
        self.evidence_cells
            .iter()
            .filter(|c| c.row == row && c.columns.contains(&column))
            .min_by_key(|c| c.len)
            .map(|c| c.span)
    }
}

/// Located evidence spans of an incident in walking order: by source, then
/// by position in the text. Each is (source index, byte range, field kind).
pub fn evidence_spans(incident: &Incident) -> Vec<(usize, Range<usize>, FieldKind)> {
    let mut spans: Vec<_> = incident
        .sources
        .iter()
        .enumerate()
        .flat_map(|(s, src)| {
            src.evidence
                .iter()
                .filter_map(move |e| e.range().map(|r| (s, r, e.kind())))
        })
        .collect();
    spans.sort_by_key(|(s, r, _)| (*s, r.start, r.end));
    spans
}

fn label_row(label: &str, value: &str, value_tag: Tag, width: usize) -> Vec<Row<Tag>> {
    label_row_by(label, value, |_| value_tag, width)
}

/// A labelled value whose tag may change along it (by byte offset).
fn label_row_by(
    label: &str,
    value: &str,
    tag_at: impl Fn(usize) -> Tag,
    width: usize,
) -> Vec<Row<Tag>> {
    let label_width = LABEL_WIDTH.min(width / 3);
    let value_width = width.saturating_sub(label_width).max(1);
    let wrapped = wrap::wrap(value, value_width, tag_at);
    wrapped
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            let head = if i == 0 {
                let l = wrap::truncate(label, label_width.saturating_sub(1));
                format!("{l:<label_width$}")
            } else {
                " ".repeat(label_width)
            };
            row.insert(
                0,
                Segment {
                    text: head,
                    tag: Tag::Label,
                },
            );
            row
        })
        .collect()
}

fn text_rows(text: &str, tag: Tag, width: usize) -> Vec<Row<Tag>> {
    wrap::wrap(text, width, |_| tag).rows
}

fn seg(text: impl Into<String>, tag: Tag) -> Segment<Tag> {
    Segment {
        text: text.into(),
        tag,
    }
}

fn field_label(name: &str) -> String {
    let mut s = name.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Lays out the detail pane for `incident` at `width` columns.
/// `current` is the evidence span (index into [`evidence_spans`]) to mark.
pub fn build(
    dataset: &Dataset,
    incident: &Incident,
    width: usize,
    current: Option<usize>,
) -> DetailView {
    let marks = Marks {
        current,
        cursor: None,
    };
    build_reviewed(dataset, incident, width, &marks, &ReviewInfo::default())
}

/// Like [`build`], for an incident shown with its corrections applied and
/// its review described by `review`.
pub fn build_reviewed(
    dataset: &Dataset,
    incident: &Incident,
    width: usize,
    marks: &Marks,
    review: &ReviewInfo,
) -> DetailView {
    let current = marks.current;
    let width = width.max(1);
    let mut rows: Vec<Row<Tag>> = Vec::new();
    rows.extend(text_rows(
        &format!("Incident {}", incident.id),
        Tag::Heading,
        width,
    ));
    rows.extend(super::detail_review::rows(review, width));
    let doubtful = doubtful_fields(dataset, incident);
    for name in INCIDENT_FIELDS {
        let value = incident.display_field(name);
        let (mut value, tag) = if value.is_empty() {
            ("—".to_string(), Tag::Dim)
        } else if value == "unknown" && matches!(name, "killed" | "wounded") {
            (value, Tag::Dim)
        } else {
            (value, Tag::Plain)
        };
        let plain_len = value.len();
        if name == "province" {
            if let Some(c) = incident
                .province_canonical
                .as_deref()
                .filter(|c| Some(*c) != incident.province.as_deref())
            {
                value.push_str(&format!(" → {c}"));
            }
        }
        let shown_len = value.len();
        if doubtful.contains(&name) {
            value.push_str(" ⚠");
        }
        let warned_len = value.len();
        let extracted = review.extracted(name);
        let tag = if extracted.is_some() {
            Tag::Corrected
        } else {
            tag
        };
        if let Some(old) = extracted {
            value.push_str(" ✎");
            if review.show_extracted {
                let old = if old.is_empty() { "—" } else { old };
                value.push_str(&format!(" extracted: {old}"));
            }
        }
        rows.extend(label_row_by(
            &field_label(name),
            &value,
            |b| {
                if b >= warned_len {
                    Tag::Dim
                } else if b >= shown_len {
                    Tag::Warning
                } else if b >= plain_len {
                    Tag::Dim
                } else {
                    tag
                }
            },
            width,
        ));
    }
    if let Some(c) = incident.confidence {
        rows.extend(label_row(
            "Confidence",
            &format!("{c:.2}"),
            Tag::Plain,
            width,
        ));
    }
    // Why `o` (weakest first) puts it where it is.
    rows.extend(label_row(
        "Suspicion",
        &evidence::suspicion_parts(incident).describe(),
        Tag::Dim,
        width,
    ));
    for (k, v) in &incident.extra.to_map() {
        rows.extend(label_row(k, &value_text(v), Tag::Plain, width));
    }
    if !incident.warnings.is_empty() {
        rows.push(Vec::new());
        // Problems (the list's `!`) stand out; notes are said quietly.
        let problems = incident.warnings.problems();
        let notes = incident.warnings.len() - problems;
        let plural = crate::dataset::plural::of;
        let heading = match (problems, notes) {
            (0, n) => (format!("· {}", plural(n, "note")), Tag::Dim),
            (p, 0) => (format!("⚠ {}", plural(p, "problem")), Tag::Warning),
            (p, n) => (
                format!("⚠ {} · {}", plural(p, "problem"), plural(n, "note")),
                Tag::Warning,
            ),
        };
        rows.extend(text_rows(&heading.0, heading.1, width));
        for w in incident.warnings.iter().filter(|w| w.is_problem()) {
            rows.extend(text_rows(&format!("  • {w}"), Tag::Warning, width));
        }
        for w in incident.warnings.iter().filter(|w| !w.is_problem()) {
            rows.extend(text_rows(&format!("  • {w}"), Tag::Dim, width));
        }
    }
    rows.push(Vec::new());
    let mut legend = vec![seg("Evidence: ", Tag::Dim)];
    for kind in FieldKind::ALL {
        legend.push(seg(" ", Tag::Plain));
        legend.push(seg(format!(" {} ", kind.label()), Tag::Swatch(kind)));
    }
    rows.extend(rewrap_row(legend, width));

    let spans = evidence_spans(incident);
    let mut evidence_rows = vec![0; spans.len()];
    let mut evidence_cells = Vec::new();
    let mut texts = Vec::new();
    let total_sources = incident.sources.len();
    for (s, source) in incident.sources.iter().enumerate() {
        rows.push(Vec::new());
        let done = if review.done.get(s) == Some(&true) {
            "· article done ✓ "
        } else {
            ""
        };
        let heading = format!(
            "── Source {} of {}: {} {done}",
            s + 1,
            total_sources,
            source.document_id
        );
        let fill = width.saturating_sub(wrap::width(&heading));
        rows.extend(text_rows(
            &format!("{heading}{}", "─".repeat(fill)),
            Tag::Heading,
            width,
        ));
        let Some(doc) = source.document.and_then(|d| dataset.document(d)) else {
            continue;
        };
        if let Some(t) = &doc.title {
            rows.extend(label_row("Title", t, Tag::Plain, width));
        }
        let meta: Vec<&str> = [&doc.outlet, &doc.published, &doc.language]
            .into_iter()
            .filter_map(|o| o.as_deref())
            .collect();
        if !meta.is_empty() {
            rows.extend(label_row("Outlet", &meta.join(" · "), Tag::Plain, width));
        }
        if let Some(u) = &doc.url {
            rows.extend(label_row("URL", u, Tag::Dim, width));
        }
        for (k, v) in &doc.extra.to_map() {
            rows.extend(label_row(k, &value_text(v), Tag::Plain, width));
        }
        for w in &doc.warnings {
            rows.extend(text_rows(&format!("⚠ {w}"), Tag::Warning, width));
        }
        for e in &source.evidence {
            let (Anchor::Quote(q), Some(located)) = (e.anchor(), e.located()) else {
                continue;
            };
            let (text, tag) = match located.method {
                LocateMethod::NotFound => (
                    format!(
                        "⚠ Ungrounded: the quote for {} is not in this article: “{q}”",
                        e.field
                    ),
                    Tag::Warning,
                ),
                method => (
                    format!(
                        "Quote for {}: {}",
                        e.field,
                        how_found(method, located.occurrences)
                    ),
                    Tag::Dim,
                ),
            };
            rows.extend(text_rows(&text, tag, width));
        }
        rows.push(Vec::new());

        // Longer spans first, so a shorter span inside a longer one wins.
        let mut paint: Vec<(usize, Range<usize>, FieldKind)> = spans
            .iter()
            .enumerate()
            .filter(|(_, (src, _, _))| *src == s)
            .map(|(i, (_, r, k))| (i, r.clone(), *k))
            .collect();
        paint.sort_by_key(|(_, r, _)| std::cmp::Reverse(r.len()));
        let shown = source_text(doc);
        for (_, r, _) in &mut paint {
            r.end = r.end.min(shown.len());
            r.start = r.start.min(r.end);
        }
        let matches = review
            .query
            .as_deref()
            .map(|q| crate::query::exact_ranges(q, shown))
            .unwrap_or_default();
        let selection = marks
            .cursor
            .as_ref()
            .filter(|c| c.source == s)
            .map(|c| (c.selection(), c.word.clone()));
        let runs = paint_runs(shown.len(), &paint, current, &matches, selection);
        let wrapped = wrap::wrap(shown, width, |b| tag_in_runs(&runs, b, Tag::Plain));
        let first_row = rows.len();
        for (i, r, _) in &paint {
            evidence_rows[*i] = first_row + wrapped.row_of(r.start);
            evidence_cells.extend(span_cells(shown, &wrapped, r.clone(), first_row, *i));
        }
        texts.push(TextLayout {
            source: s,
            first_row,
            row_starts: wrapped.row_starts,
            len: shown.len(),
        });
        rows.extend(wrapped.rows);
        if shown.len() < doc.text.len() {
            rows.extend(text_rows(
                &format!(
                    "[text cut here for display: {} of {} KiB shown]",
                    shown.len() >> 10,
                    doc.text.len() >> 10
                ),
                Tag::Warning,
                width,
            ));
        }

        let quotes: Vec<_> = source
            .evidence
            .iter()
            .filter_map(|e| match e.anchor() {
                Anchor::Quote(q) if e.span.is_none() && e.located().is_none() => {
                    Some((e.field.as_str(), q))
                }
                _ => None,
            })
            .collect();
        if !quotes.is_empty() {
            rows.push(Vec::new());
            rows.extend(text_rows(
                "Quotes not yet located in the text:",
                Tag::Dim,
                width,
            ));
            for (field, q) in quotes {
                rows.extend(label_row(field, &format!("“{q}”"), Tag::Plain, width));
            }
        }
    }
    DetailView {
        rows,
        evidence_rows,
        evidence_cells,
        texts,
    }
}

/// Fields whose evidence is ungrounded or states another number: the
/// field list marks them.
fn doubtful_fields(dataset: &Dataset, incident: &Incident) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = evidence::casualty_mismatches(incident, &dataset.documents)
        .into_iter()
        .map(|m| m.field)
        .collect();
    for e in incident.sources.iter().flat_map(|s| &s.evidence) {
        let ungrounded = e
            .located()
            .is_some_and(|l| l.method == LocateMethod::NotFound);
        if let Some(f) = INCIDENT_FIELDS.iter().find(|f| **f == e.field) {
            if ungrounded && !out.contains(f) {
                out.push(f);
            }
        }
    }
    out
}

/// How a located quote was found, for a person.
fn how_found(method: LocateMethod, occurrences: u32) -> String {
    let how = match method {
        LocateMethod::Exact => "found exactly".to_string(),
        LocateMethod::Normalised => {
            "found ignoring case, spacing, quote and dash styles".to_string()
        }
        LocateMethod::Approximate { score } => {
            format!("found approximately (similarity {score:.2})")
        }
        LocateMethod::NotFound => "not found".to_string(),
    };
    if occurrences > 1 {
        format!("{how}; occurs {occurrences} times, the first is highlighted")
    } else {
        how
    }
}

/// Wraps a row made of segments (the legend) to the width.
fn rewrap_row(row: Row<Tag>, width: usize) -> Vec<Row<Tag>> {
    let mut out: Vec<Row<Tag>> = vec![Vec::new()];
    let mut used = 0;
    for s in row {
        let w = wrap::width(&s.text);
        if used + w > width && used > 0 {
            out.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(last) = out.last_mut() {
            last.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests;
