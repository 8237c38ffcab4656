//! The status line: dataset, counts, position, key hints; or a notice,
//! on as many rows as it needs.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Theme;
use crate::app::wrap::{truncate, width};
use crate::app::App;

const HINTS: &str = "?:help  q:quit  Tab:focus  n/N:evidence";

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let ds = &app.dataset;
    let position = if app.rows.is_empty() {
        "0/0".to_string()
    } else {
        format!("{}/{}", app.selected + 1, app.rows.len())
    };
    let left = match app.chart_status() {
        // The cursor's bin or value, while a chart is open.
        Some(chart) => format!(" {chart} · {position}"),
        None => format!(
            " {} · {} incidents · {} warnings · {} · {}",
            ds.name,
            ds.incidents.len(),
            app.warning_count,
            position,
            app.progress()
        ),
    };
    let total = usize::from(area.width);
    if app.notice.is_some() {
        // As many rows as the layout gave the notice (it makes room for
        // a long one).
        let lines: Vec<Line> = app
            .notice_rows(area.width)
            .into_iter()
            .map(|row| Line::from(Span::styled(row, theme.warning)))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let left = truncate(&left, total);
    let room = total.saturating_sub(width(&left) + 2);
    let mut spans = vec![Span::raw(left)];
    if room >= 8 {
        let hints = truncate(HINTS, room);
        let pad = total.saturating_sub(width(&spans[0].content) + width(&hints) + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(hints, theme.key_hint));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
