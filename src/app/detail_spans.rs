//! Where evidence and search matches fall in an article's wrapped text:
//! the tag of every byte, and the screen cells each evidence span covers.

use std::ops::Range;

use super::detail_tag::{EvidenceCell, Tag};
use super::wrap;
use crate::dataset::FieldKind;

/// The cells a byte range of wrapped text covers.
pub(super) fn span_cells(
    text: &str,
    wrapped: &wrap::Wrapped<Tag>,
    range: Range<usize>,
    first_row: usize,
    span: usize,
) -> Vec<EvidenceCell> {
    if range.is_empty() {
        return Vec::new();
    }
    let (r0, r1) = (wrapped.row_of(range.start), wrapped.row_of(range.end - 1));
    (r0..=r1)
        .filter_map(|r| {
            let row_start = *wrapped.row_starts.get(r)?;
            let row_end = wrapped.row_starts.get(r + 1).copied().unwrap_or(text.len());
            let s = range.start.max(row_start);
            let e = range.end.min(row_end).max(s);
            let c0 = wrap::width(text.get(row_start..s)?);
            let c1 = c0 + wrap::width(text.get(s..e)?);
            Some(EvidenceCell {
                row: first_row + r,
                columns: c0..c1,
                span,
                len: range.len(),
            })
        })
        .collect()
}

/// Sorted, non-overlapping runs of evidence tags over the text's bytes.
/// The selection (and the cursor's word in it), when there is one, is
/// drawn over everything else.
pub(super) fn paint_runs(
    len: usize,
    paint: &[(usize, Range<usize>, FieldKind)],
    current: Option<usize>,
    matches: &[Range<usize>],
    selection: Option<(Range<usize>, Range<usize>)>,
) -> Vec<(Range<usize>, Tag)> {
    if paint.is_empty() && matches.is_empty() && selection.is_none() {
        return Vec::new();
    }
    let mut by_byte: Vec<Option<Tag>> = vec![None; len];
    // Search matches first: evidence drawn over them wins.
    for r in matches {
        for slot in by_byte.get_mut(r.clone()).into_iter().flatten() {
            *slot = Some(Tag::Match);
        }
    }
    for (i, r, kind) in paint {
        let tag = Tag::Evidence(*kind, current == Some(*i));
        for slot in by_byte.get_mut(r.clone()).into_iter().flatten() {
            *slot = Some(tag);
        }
    }
    if let Some((selected, cursor)) = selection {
        for (r, tag) in [(selected, Tag::Selection), (cursor, Tag::Cursor)] {
            for slot in by_byte.get_mut(r).into_iter().flatten() {
                *slot = Some(tag);
            }
        }
    }
    let mut runs: Vec<(Range<usize>, Tag)> = Vec::new();
    for (b, t) in by_byte.into_iter().enumerate() {
        let Some(t) = t else { continue };
        match runs.last_mut() {
            Some((r, last)) if r.end == b && *last == t => r.end = b + 1,
            _ => runs.push((b..b + 1, t)),
        }
    }
    runs
}
