//! What the keys do to the timeline and the frequency table: open and
//! close them, zoom, move the cursor, and filter the list to the bin or
//! value under it by putting its term in the search box, where it is
//! seen and can be removed.

use super::action::Action;
use super::charts::ChartKind;
use super::effect::Effect;
use super::state::{App, Focus};
use crate::query::{parse, TermKind};

impl App {
    /// Whether the open view takes this action: its own actions, and the
    /// movement keys while the view (in the detail pane) has the focus.
    pub(super) fn chart_takes(&self, action: Action) -> bool {
        let movement = matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::First
                | Action::Last
        );
        let own = matches!(
            action,
            Action::ToggleTimeline
                | Action::ToggleFrequency
                | Action::ZoomIn
                | Action::ZoomOut
                | Action::ChartPrev
                | Action::ChartNext
                | Action::ChartFilter
                | Action::ChartColumn
                | Action::ChartSort
        );
        own || (movement && self.charts.open.is_some() && self.focus == Focus::Detail)
    }

    /// Carries out an action [`App::chart_takes`].
    pub(super) fn chart_action(&mut self, action: Action) -> Vec<Effect> {
        let page = isize::try_from(self.detail_page().saturating_sub(2).max(1)).unwrap_or(1);
        match action {
            Action::ToggleTimeline => self.toggle_chart(ChartKind::Timeline),
            Action::ToggleFrequency => self.toggle_chart(ChartKind::Frequency),
            Action::ZoomIn => self.zoom(true),
            Action::ZoomOut => self.zoom(false),
            Action::ChartPrev | Action::Up => self.move_chart_cursor(-1),
            Action::ChartNext | Action::Down => self.move_chart_cursor(1),
            Action::PageUp => self.move_chart_cursor(-page),
            Action::PageDown => self.move_chart_cursor(page),
            Action::First => self.move_chart_cursor(isize::MIN / 2),
            Action::Last => self.move_chart_cursor(isize::MAX / 2),
            Action::ChartColumn => {
                if self.charts.open == Some(ChartKind::Frequency) {
                    self.charts.column = self.charts.column.next();
                    self.charts.sort = None;
                    self.charts.row = 0;
                } else {
                    self.notice = Some("c picks the frequency table's column (F opens it)".into());
                }
            }
            Action::ChartSort if self.charts.open == Some(ChartKind::Frequency) => {
                let now = self
                    .charts
                    .sort
                    .unwrap_or_else(|| self.charts.column.default_sort());
                let next = now.next();
                self.charts.sort = Some(next);
                self.charts.row = 0;
                self.notice = Some(format!("frequency table sorted by {}", next.name()));
            }
            Action::ChartFilter => return self.filter_to_cursor(),
            _ => {}
        }
        Vec::new()
    }

    fn toggle_chart(&mut self, kind: ChartKind) {
        if self.charts.open == Some(kind) {
            self.charts.open = None;
            return;
        }
        self.charts.open = Some(kind);
        self.charts.cursor_bin = None;
        self.charts.row = 0;
    }

    fn zoom(&mut self, finer: bool) {
        if self.charts.open != Some(ChartKind::Timeline) {
            self.notice = Some("+ and - zoom the timeline (t opens it)".into());
            return;
        }
        let timeline = self.timeline_view();
        let Some(unit) = timeline.unit else {
            return;
        };
        let next = if finer { unit.finer() } else { unit.coarser() };
        let Some(next) = next else {
            self.notice = Some(format!("the timeline is already by {unit}"));
            return;
        };
        if let Err(e) = self.timeline_by(next) {
            self.notice = Some(e.to_string());
            return;
        }
        // The cursor stays on the same days.
        let cursor = self
            .timeline_cursor(&timeline)
            .map(|k| next.bin_of(unit.days(timeline.bin_number(k)).0));
        self.charts.zoom = Some(next);
        self.charts.cursor_bin = cursor;
    }

    fn move_chart_cursor(&mut self, delta: isize) {
        match self.charts.open {
            Some(ChartKind::Timeline) => {
                let timeline = self.timeline_view();
                let Some(at) = self.timeline_cursor(&timeline) else {
                    return;
                };
                let last = timeline.bins.len() - 1;
                let to = at.saturating_add_signed(delta).min(last);
                self.charts.cursor_bin = Some(timeline.bin_number(to));
            }
            Some(ChartKind::Frequency) => {
                let table = self.frequency_view();
                let last = table.rows.len().saturating_sub(1);
                self.charts.row = self
                    .charts
                    .row
                    .min(last)
                    .saturating_add_signed(delta)
                    .min(last);
            }
            None => {}
        }
    }

    /// Enter: the list filtered to the bin or value under the cursor.
    fn filter_to_cursor(&mut self) -> Vec<Effect> {
        let term = match self.charts.open {
            Some(ChartKind::Timeline) => {
                let timeline = self.timeline_view();
                self.timeline_cursor(&timeline)
                    .and_then(|k| timeline.date_term(k))
            }
            Some(ChartKind::Frequency) => {
                let table = self.frequency_view();
                match self.frequency_cursor(&table) {
                    Some(row) if table.rows[row].known => table.filter_term(row),
                    Some(_) => {
                        self.notice = Some("no search term lists missing values".into());
                        return Vec::new();
                    }
                    None => None,
                }
            }
            None => return Vec::new(),
        };
        let Some(term) = term else {
            return Vec::new();
        };
        let text = with_term(self.search.text(), &term);
        self.search.set(&text);
        self.search_error = None;
        self.notice = Some(format!("listing {term} (/ to edit the search)"));
        // The new listing starts the cursor on its own range.
        self.charts.cursor_bin = None;
        self.charts.row = 0;
        vec![self.search_effect()]
    }
}

/// What a term filters on: terms of one kind replace each other, so
/// picking one bin after another lists each in turn.
fn kind_of(kind: &TermKind) -> Option<String> {
    match kind {
        TermKind::Date(_) => Some("date".into()),
        TermKind::Status(_) => Some("status".into()),
        TermKind::Text(field, _) => Some(field.key().into()),
        _ => None,
    }
}

/// The search text with `term` added, replacing the terms (not negated)
/// that filter on the same thing. A malformed text is kept as typed.
pub fn with_term(text: &str, term: &str) -> String {
    let replaced = parse(term)
        .ok()
        .and_then(|q| q.terms.first().and_then(|t| kind_of(&t.kind)));
    let mut out = text.to_string();
    if let (Some(kind), Ok(query)) = (replaced, parse(text)) {
        let mut spans: Vec<_> = query
            .terms
            .iter()
            .filter(|t| !t.negated && kind_of(&t.kind).as_deref() == Some(kind.as_str()))
            .map(|t| t.span.clone())
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse(s.start));
        for span in spans {
            if out.get(span.clone()).is_some() {
                out.replace_range(span, "");
            }
        }
    }
    match out.trim() {
        "" => term.to_string(),
        rest => format!("{rest} {term}"),
    }
}
