//! The list pane: one row per incident, built only for the rows on screen.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::Theme;
use crate::app::{App, Focus};
use crate::dataset::Incident;

const COLUMNS: [&str; 7] = [
    "",
    "Date",
    "Province",
    "Location",
    "Perpetrator",
    "Killed",
    "Wounded",
];

fn widths() -> [Constraint; 7] {
    [
        Constraint::Length(1),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(7),
    ]
}

fn count_cell(n: Option<u64>, theme: &Theme) -> Cell<'static> {
    match n {
        Some(n) => Cell::from(Line::from(n.to_string()).right_aligned()),
        None => Cell::from(Line::from(Span::styled("?", theme.dim)).right_aligned()),
    }
}

fn text_cell(s: Option<&str>) -> Cell<'static> {
    Cell::from(s.unwrap_or("").to_string())
}

fn row(incident: &Incident, theme: &Theme) -> Row<'static> {
    let marker = if incident.warnings.is_empty() {
        Cell::from("")
    } else {
        Cell::from(Span::styled("!", theme.warning))
    };
    Row::new(vec![
        marker,
        text_cell(incident.date.as_deref()),
        text_cell(incident.province.as_deref()),
        text_cell(incident.location.as_deref()),
        text_cell(incident.perpetrator.as_deref()),
        count_cell(incident.killed, theme),
        count_cell(incident.wounded, theme),
    ])
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let total = app.dataset.incidents.len();
    let title = if app.rows.len() == total {
        format!(" Incidents {total} · sorted by {} ", app.sort.label())
    } else {
        format!(
            " Incidents {} of {total} · sorted by {} ",
            app.rows.len(),
            app.sort.label()
        )
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border(app.focus == Focus::List));
    let page = usize::from(block.inner(area).height.saturating_sub(1));
    let offset = app.visible_offset();
    let end = (offset + page).min(app.rows.len());
    let rows = app.rows[offset.min(end)..end]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let r = row(&app.dataset.incidents[i], theme);
            if offset + n == app.selected {
                r.style(theme.selected)
            } else {
                r
            }
        });
    let table = Table::new(rows, widths())
        .header(Row::new(COLUMNS).style(theme.header))
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}
