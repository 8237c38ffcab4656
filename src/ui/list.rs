//! The list pane: one row per incident, built only for the rows on screen.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::Theme;
use crate::app::{App, Focus};
use crate::dataset::Incident;
use crate::review::ReviewStatus;

const COLUMNS: [&str; 8] = [
    "",
    "",
    "Date",
    "Province",
    "Location",
    "Perpetrator",
    "Killed",
    "Wounded",
];

fn widths() -> [Constraint; 8] {
    [
        Constraint::Length(1),
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

/// The status column: nothing for unreviewed, then ✓ ✗ ⚑ ✎.
pub fn status_mark(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Unreviewed => "",
        ReviewStatus::Accepted => "✓",
        ReviewStatus::Rejected => "✗",
        ReviewStatus::Flagged => "⚑",
        ReviewStatus::Corrected => "✎",
    }
}

fn row(incident: &Incident, status: ReviewStatus, theme: &Theme) -> Row<'static> {
    let marker = if incident.warnings.is_empty() {
        Cell::from("")
    } else {
        Cell::from(Span::styled("!", theme.warning))
    };
    let mark_style = match status {
        ReviewStatus::Flagged => theme.warning,
        _ => theme.corrected,
    };
    let row = Row::new(vec![
        marker,
        Cell::from(Span::styled(status_mark(status), mark_style)),
        text_cell(incident.date.as_deref()),
        text_cell(incident.province.as_deref()),
        text_cell(incident.location.as_deref()),
        text_cell(incident.perpetrator.as_deref()),
        count_cell(incident.killed, theme),
        count_cell(incident.wounded, theme),
    ]);
    // Rejected incidents stay listed, dimmed.
    if status == ReviewStatus::Rejected {
        row.style(theme.dim)
    } else {
        row
    }
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
    let mut block = Block::bordered()
        .title(title)
        .border_style(theme.border(app.focus == Focus::List));
    if let Some(journal) = &app.journal_label {
        let room = usize::from(area.width).saturating_sub(4);
        let label = match &app.read_only {
            Some(_) => format!(" journal (read-only): {journal} "),
            None => format!(" journal: {journal} "),
        };
        block = block
            .title_bottom(Line::from(crate::app::wrap::truncate(&label, room)).style(theme.dim));
    }
    let page = usize::from(block.inner(area).height.saturating_sub(1));
    let offset = app.visible_offset();
    let end = (offset + page).min(app.rows.len());
    let rows = app.rows[offset.min(end)..end]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let incident = &app.dataset.incidents[i];
            let r = row(&app.shown(incident), app.status_of(incident), theme);
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
