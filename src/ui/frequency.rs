//! The frequency table, in the detail pane: one row per value of a column
//! with incidents, killed, wounded, unknown counts, the change in killed
//! over the last four weeks, and a bar in proportion to the order's
//! measure. Drawing reads the kept table and the rows on screen only.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::timeline::{cells, digits, left, offset_for, right};
use super::Theme;
use crate::app::wrap::{truncate, width};
use crate::app::{App, Focus};
use crate::summary::{FrequencyRow, SortBy};

fn measure(row: &FrequencyRow, by: SortBy) -> u64 {
    let t = &row.totals;
    match by {
        SortBy::Wounded => t.wounded,
        SortBy::Incidents => t.incidents,
        SortBy::Unknown => t.unknown(),
        SortBy::Killed | SortBy::Change | SortBy::Value => t.killed,
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let table = app.frequency_view();
    let column = table.column.name();
    let by = table.sorted_by.name();
    let room = usize::from(area.width).saturating_sub(4);
    let title = [
        format!(" Frequency of {column} · by {by} · c column · C order · Enter lists it "),
        format!(" {column} · by {by} · c/C · Enter "),
        format!(" {column} "),
    ]
    .into_iter()
    .find(|t| width(t) <= room)
    .unwrap_or_default();
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border(app.focus == Focus::Detail));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if w == 0 || h == 0 {
        return;
    }
    let most = |f: fn(&FrequencyRow) -> u64| table.rows.iter().map(f).max().unwrap_or(0);
    let nw = digits(most(|r| r.totals.incidents), 3);
    let kw = digits(most(|r| r.totals.killed), 6);
    let ww = digits(most(|r| r.totals.wounded), 7);
    let uw = digits(most(|r| r.totals.unknown()), 1);
    let cw = 7;
    let values = table
        .rows
        .iter()
        .map(|r| width(&r.value))
        .max()
        .unwrap_or(5);
    let numbers = nw + kw + ww + uw + 4;
    // The value column gets what it needs up to a third; the change and
    // the bar go first when there is no room.
    let value_w = values
        .clamp(5, (w / 3).max(8))
        .min(w.saturating_sub(numbers + 1));
    let mut rest = w.saturating_sub(value_w + 1 + numbers);
    let show_change = rest > cw;
    if show_change {
        rest -= cw + 1;
    }
    let bar_w = if rest >= 4 { rest - 1 } else { 0 };
    let numbers_of = |r: [String; 4]| {
        format!(
            "{} {} {} {}",
            right(&r[0], nw),
            right(&r[1], kw),
            right(&r[2], ww),
            right(&r[3], uw)
        )
    };
    let mut head = format!(
        "{} {}",
        left(&table.column.name().replace('_', " "), value_w),
        numbers_of(["inc".into(), "killed".into(), "wounded".into(), "?".into()])
    );
    if show_change {
        head.push_str(&format!(" {}", right("4 wks", cw)));
    }
    let mut lines = vec![Line::styled(truncate(&head, w), theme.header)];
    let footer = format!(
        "total {} · {} killed · {} wounded · 4 weeks {}",
        table.total.incidents,
        table.total.killed,
        table.total.wounded,
        table.change.text()
    );
    let page = h.saturating_sub(2).max(1);
    let cursor = app.frequency_cursor(&table);
    let offset = cursor.map_or(0, |c| offset_for(c, page));
    let scale = table
        .rows
        .iter()
        .map(|r| measure(r, table.sorted_by))
        .max()
        .unwrap_or(0);
    for (k, row) in table.rows.iter().enumerate().skip(offset).take(page) {
        let t = &row.totals;
        let mut text = format!(
            "{} {}",
            left(&row.value, value_w),
            numbers_of([
                t.incidents.to_string(),
                t.killed.to_string(),
                t.wounded.to_string(),
                if t.unknown() > 0 {
                    t.unknown().to_string()
                } else {
                    String::new()
                },
            ])
        );
        if show_change {
            text.push_str(&format!(" {}", right(&row.change.text(), cw)));
        }
        let mut spans = vec![Span::raw(text)];
        if bar_w > 0 {
            let n = cells(measure(row, table.sorted_by), scale, bar_w);
            spans.push(Span::raw(" "));
            spans.push(Span::styled("█".repeat(n), theme.warning));
        }
        let mut line = Line::from(spans);
        if cursor == Some(k) {
            line = line.style(theme.selected);
        } else if !row.known {
            line = line.style(theme.dim);
        }
        lines.push(line);
    }
    if h > 1 {
        let shown = lines.len();
        lines.extend(std::iter::repeat_n(
            Line::raw(""),
            h.saturating_sub(shown + 1),
        ));
        lines.push(Line::styled(truncate(&footer, w), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
