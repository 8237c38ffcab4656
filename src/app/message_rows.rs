//! Messages laid out into screen rows, so that a long one is read whole:
//! the status line's notice and the search box's parse error. `update`
//! needs the row counts (the panes make room for them), the renderer the
//! rows; both come from here.

use super::geometry::{self, Needs};
use super::wrap;
use super::App;

/// The most rows a search error takes under the search box.
pub const MAX_SEARCH_ERROR_ROWS: usize = 3;

/// `text` wrapped to `width` columns after `indent`, in at most `max`
/// rows; a text longer than that ends in `…`.
pub fn message_rows(text: &str, indent: &str, width: usize, max: usize) -> Vec<String> {
    let room = width.saturating_sub(wrap::width(indent)).max(1);
    let mut rows: Vec<String> = wrap::wrap(text, room, |_| ())
        .rows
        .iter()
        .map(|r| {
            format!(
                "{indent}{}",
                r.iter().map(|s| s.text.as_str()).collect::<String>()
            )
        })
        .collect();
    if rows.len() > max {
        rows.truncate(max);
        if let Some(last) = rows.last_mut() {
            *last = wrap::truncate(&format!("{last}…"), width);
            if !last.ends_with('…') {
                last.push('…');
            }
        }
    }
    rows
}

impl App {
    /// The notice in the status area on a screen `width` columns wide.
    pub fn notice_rows(&self, width: u16) -> Vec<String> {
        self.notice.as_deref().map_or_else(Vec::new, |notice| {
            message_rows(
                notice,
                " ",
                usize::from(width),
                usize::from(geometry::MAX_STATUS_ROWS),
            )
        })
    }

    /// Why the query does not parse, in rows of a list pane `inner`
    /// columns wide inside its border.
    pub fn search_error_rows(&self, inner: usize) -> Vec<String> {
        self.search_error.as_deref().map_or_else(Vec::new, |e| {
            message_rows(
                &format!("✗ {e} (showing the last good result)"),
                "  ",
                inner,
                MAX_SEARCH_ERROR_ROWS,
            )
        })
    }

    /// What the layout makes room for on a screen `width` columns wide.
    pub fn needs(&self, width: u16) -> Needs {
        let rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        Needs {
            search_rows: rows(self.search_rows_at(width)),
            status_rows: rows(self.notice_rows(width).len().max(1)),
        }
    }

    /// Rows the search box takes at the top of the list pane on a screen
    /// `width` columns wide: the box while it is open or filtering, and
    /// the rows of a malformed query's error.
    pub fn search_rows_at(&self, width: u16) -> usize {
        let shown = self.search_open || !self.search.text().is_empty();
        if !shown {
            return 0;
        }
        let inner = usize::from(geometry::list_width(width).saturating_sub(2));
        1 + self.search_error_rows(inner).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_wraps_and_a_too_long_one_ends_in_an_ellipsis() {
        let rows = message_rows("the review journal is in use by ben", " ", 20, 3);
        assert_eq!(rows, [" the review journal", " is in use by ben"]);
        let rows = message_rows(&"word ".repeat(40), " ", 20, 2);
        assert_eq!(rows.len(), 2);
        assert!(rows[1].ends_with('…'), "{rows:?}");
        assert!(rows.iter().all(|r| wrap::width(r) <= 20), "{rows:?}");
    }
}
