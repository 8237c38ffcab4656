//! The mouse: a click selects a list row or names the evidence under the
//! pointer (and, in an article, is where a drag selects from: see
//! `select_ops`); the wheel scrolls the pane under the pointer.

use super::detail_view;
use super::state::{App, Focus};

/// Rows one turn of the mouse wheel moves.
pub const WHEEL_ROWS: isize = 3;

impl App {
    pub(super) fn click(&mut self, col: u16, row: u16) {
        let Some(p) = self.panes() else { return };
        let list = p.list.inner();
        let detail = p.detail.inner();
        self.pressed_at = None;
        if list.contains(col, row) {
            self.focus = Focus::List;
            // Below the search box (if shown) comes the column header.
            let header = list.y + u16::try_from(self.search_rows()).unwrap_or(0);
            if row > header {
                let index = self.visible_offset() + usize::from(row - header - 1);
                if index < self.rows.len() {
                    let delta = index as isize - self.selected as isize;
                    self.move_selection(delta);
                }
            }
        } else if detail.contains(col, row) {
            self.focus = Focus::Detail;
            let Some(view) = self.detail_view() else {
                return;
            };
            let r = self.detail_scroll + usize::from(row - detail.y);
            let c = usize::from(col - detail.x);
            self.press_text(r, c);
            if let Some(span) = view.evidence_at(r, c) {
                self.evidence_cursor = Some(span);
                self.notice = self.describe_evidence(span);
            }
        }
    }

    /// "evidence for killed in doc-001: “killing four civilians”".
    fn describe_evidence(&self, span: usize) -> Option<String> {
        let incident = self.selected_incident()?;
        let (s, range, _) = detail_view::evidence_spans(incident)
            .into_iter()
            .nth(span)?;
        let source = incident.sources.get(s)?;
        let ev = source
            .evidence
            .iter()
            .find(|e| e.range().as_ref() == Some(&range))?;
        let doc = self.dataset.document(source.document?)?;
        let text = doc.text.get(range)?;
        Some(format!(
            "evidence for {} in {}: “{}”",
            ev.field,
            source.document_id,
            super::wrap::truncate(text, 60)
        ))
    }

    /// One turn of the wheel over `col`, `row`: up, or down.
    pub(super) fn wheel(&mut self, col: u16, row: u16, up: bool) {
        let delta = if up { -WHEEL_ROWS } else { WHEEL_ROWS };
        let Some(p) = self.panes() else { return };
        if p.list.contains(col, row) {
            self.move_selection(delta);
        } else if p.detail.contains(col, row) {
            self.scroll_detail(delta);
        }
    }
}
