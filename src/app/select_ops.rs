//! Select mode: a cursor in the article text of the selected incident,
//! moved by word, sentence and line from the keyboard or dragged with the
//! mouse, and the selection it grows.

use std::sync::Arc;

use super::action::Action;
use super::detail_view;
use super::effect::Effect;
use super::selection::{self, TextCursor};
use super::state::{App, Focus};

impl App {
    /// The text cursor, while select mode is on for the incident selected.
    pub fn text_cursor(&self) -> Option<&TextCursor> {
        let (incident, cursor) = self.selecting.as_ref()?;
        (self.rows.get(self.selected) == Some(incident)).then_some(cursor)
    }

    /// The selected text, when select mode is on.
    pub fn selected_text(&self) -> Option<&str> {
        let cursor = self.text_cursor()?;
        self.source_text(cursor.source)?.get(cursor.selection())
    }

    /// The article text of the selected incident's source `source`, as the
    /// detail pane lays it out.
    pub fn source_text(&self, source: usize) -> Option<&str> {
        let incident = self.selected_incident()?;
        let doc = self
            .dataset
            .document(incident.sources.get(source)?.document?)?;
        Some(detail_view::source_text(doc))
    }

    /// Turns select mode on, with the cursor on the current evidence span
    /// or else the first word of article text on screen; or off again.
    pub(super) fn enter_select(&mut self) {
        if self.text_cursor().is_some() {
            self.selecting = None;
            return;
        }
        let Some(&index) = self.rows.get(self.selected) else {
            return;
        };
        let Some(view) = self.detail_view() else {
            return;
        };
        let on_evidence = self.evidence_cursor.and_then(|c| {
            let incident = self.selected_incident()?;
            let (s, r, _) = detail_view::evidence_spans(incident).into_iter().nth(c)?;
            Some((s, r.start))
        });
        let place = on_evidence.or_else(|| {
            let layout = view
                .texts
                .iter()
                .find(|t| t.first_row + t.rows() > self.detail_scroll)
                .or(view.texts.first())?;
            let text = self.source_text(layout.source)?;
            let row = self.detail_scroll.max(layout.first_row);
            Some((layout.source, layout.byte_at(text, row, 0)?))
        });
        let cursor = place.and_then(|(s, at)| {
            Some(TextCursor::new(
                s,
                selection::word_at(self.source_text(s)?, at)?,
            ))
        });
        match cursor {
            Some(c) => {
                self.selecting = Some((index, c));
                self.focus = Focus::Detail;
                self.keep_cursor_visible();
            }
            None => self.notice = Some("this incident has no article text to select in".into()),
        }
    }

    /// An action in select mode. `None`: the action is not select mode's
    /// own and is carried out as usual (scrolling, help, undo, quit).
    pub(super) fn select_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        let (index, mut cursor) = self.selecting.clone()?;
        let dataset = Arc::clone(&self.dataset);
        let incident = dataset.incidents.get(index)?;
        let doc = dataset.document(incident.sources.get(cursor.source)?.document?)?;
        let text = detail_view::source_text(doc);
        let moved = match action {
            Action::NextWord | Action::PrevWord => {
                selection::step_word(text, &cursor.word, action == Action::NextWord)
            }
            Action::NextSentence | Action::PrevSentence => {
                selection::step_sentence(text, &cursor.word, action == Action::NextSentence)
            }
            Action::Up | Action::Down => self.detail_view()?.text(cursor.source)?.step_row(
                text,
                &cursor.word,
                action == Action::Down,
            ),
            Action::First => selection::words(text).first().cloned(),
            Action::Last => selection::words(text).last().cloned(),
            Action::NextEvidence | Action::PrevEvidence => {
                self.step_evidence(action == Action::NextEvidence);
                let (s, r, _) = detail_view::evidence_spans(incident)
                    .into_iter()
                    .nth(self.evidence_cursor?)?;
                if s != cursor.source {
                    let doc = dataset.document(incident.sources.get(s)?.document?)?;
                    cursor = TextCursor::new(s, cursor.word);
                    selection::word_at(detail_view::source_text(doc), r.start)
                } else {
                    selection::word_at(text, r.start)
                }
            }
            Action::Extend => {
                cursor.anchor = match cursor.anchor {
                    Some(_) => None,
                    None => Some(cursor.word.clone()),
                };
                self.selecting = Some((index, cursor));
                return Some(Vec::new());
            }
            Action::Close | Action::Select => {
                self.selecting = None;
                return Some(Vec::new());
            }
            _ => return None,
        };
        if let Some(word) = moved {
            cursor.word = word;
            self.selecting = Some((index, cursor));
            self.keep_cursor_visible();
        }
        Some(Vec::new())
    }

    /// Scrolls the detail pane so the cursor's row shows.
    fn keep_cursor_visible(&mut self) {
        let Some(c) = self.text_cursor() else { return };
        let Some(view) = self.detail_view() else {
            return;
        };
        if let Some(layout) = view.text(c.source) {
            let row = layout.row_of(c.word.start);
            self.scroll_to_row(row, view.rows.len());
        }
    }

    /// Where a detail pane cell falls in an article's text: (source, byte).
    /// Rows above or below the text clamp to its first or last row when
    /// `source` is given (a drag that left the text).
    pub(super) fn text_at(
        &self,
        row: usize,
        column: usize,
        source: Option<usize>,
    ) -> Option<(usize, usize)> {
        let view = self.detail_view()?;
        let layout = match source {
            Some(s) => view.text(s)?,
            None => view.texts.iter().find(|t| t.holds_row(row))?,
        };
        let last = (layout.first_row + layout.rows()).checked_sub(1)?;
        let row = row.clamp(layout.first_row, last);
        let text = self.source_text(layout.source)?;
        Some((layout.source, layout.byte_at(text, row, column)?))
    }

    /// A press in the article text: in select mode the cursor moves there.
    pub(super) fn press_text(&mut self, row: usize, column: usize) {
        self.pressed_at = self.text_at(row, column, None);
        let (Some((source, at)), Some(&index)) = (self.pressed_at, self.rows.get(self.selected))
        else {
            return;
        };
        if self.text_cursor().is_some() {
            if let Some(word) = self
                .source_text(source)
                .and_then(|t| selection::word_at(t, at))
            {
                self.selecting = Some((index, TextCursor::new(source, word)));
            }
        }
    }

    /// A drag with the button held: select mode, the selection from the
    /// word pressed on to the word under the pointer.
    pub(super) fn drag(&mut self, col: u16, row: u16) {
        let (Some((source, from)), Some(p), Some(&index)) =
            (self.pressed_at, self.panes(), self.rows.get(self.selected))
        else {
            return;
        };
        let detail = p.detail.inner();
        let r = (self.detail_scroll + usize::from(row.saturating_sub(detail.y)))
            .min(self.detail_scroll + usize::from(detail.height).saturating_sub(1));
        let c = usize::from(col.saturating_sub(detail.x));
        let Some((_, to)) = self.text_at(r, c, Some(source)) else {
            return;
        };
        let Some(text) = self.source_text(source) else {
            return;
        };
        let (Some(anchor), Some(word)) =
            (selection::word_at(text, from), selection::word_at(text, to))
        else {
            return;
        };
        self.selecting = Some((
            index,
            TextCursor {
                source,
                word,
                anchor: Some(anchor),
            },
        ));
        self.focus = Focus::Detail;
    }
}
