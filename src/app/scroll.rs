//! Moving by rows and pages, and keeping the selection on screen.

pub(super) fn page(rows: usize) -> isize {
    isize::try_from(rows.max(1)).unwrap_or(isize::MAX)
}

pub(super) fn offset_by(value: usize, delta: isize) -> usize {
    if delta < 0 {
        value.saturating_sub(delta.unsigned_abs())
    } else {
        value.saturating_add(delta.unsigned_abs())
    }
}

/// The smallest change to `offset` that shows `selected` in `page` rows.
pub fn keep_visible(offset: usize, selected: usize, page: usize) -> usize {
    let page = page.max(1);
    if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    }
}
