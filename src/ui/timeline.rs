//! The timeline, in the detail pane: one row per day, week, month or year
//! from the first listed incident's to the last's (empty periods too),
//! the date on the left, killed (█) and wounded (▒) as a bar, the counts,
//! and how many counts are unknown (`?`, apart: unknown is not zero).
//! Drawing reads the kept timeline and the rows on screen only.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::wrap::{truncate, width};
use crate::app::{App, Focus};
use crate::dataset::plural;
use crate::summary::{BinUnit, Totals};

/// Right-aligns `text` in `w` columns.
pub(super) fn right(text: &str, w: usize) -> String {
    format!("{}{text}", " ".repeat(w.saturating_sub(width(text))))
}

/// Left-aligns `text` in `w` columns, cut to fit.
pub(super) fn left(text: &str, w: usize) -> String {
    let cut = truncate(text, w);
    let pad = w.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Digits of the largest number, at least `min`.
pub(super) fn digits(max: u64, min: usize) -> usize {
    max.to_string().len().max(min)
}

/// Cells of a bar of `value` against `max` in `room` cells: at least one
/// for any value above zero.
pub(super) fn cells(value: u64, max: u64, room: usize) -> usize {
    if value == 0 || max == 0 {
        return 0;
    }
    let n = (value as f64 / max as f64 * room as f64).round() as usize;
    n.clamp(1, room)
}

/// The first of `page` rows to show so the cursor is on screen.
pub(super) fn offset_for(cursor: usize, page: usize) -> usize {
    cursor.saturating_sub(page.saturating_sub(1))
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let timeline = app.timeline_view();
    let unit = timeline.unit.unwrap_or(BinUnit::Month);
    let room = usize::from(area.width).saturating_sub(4);
    let title = [
        format!(" Timeline by {unit} · +/- zoom · ←/→ bin · Enter lists it "),
        format!(" Timeline by {unit} · +/- · Enter "),
        format!(" by {unit} "),
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
    let mut lines: Vec<Line> = Vec::new();
    if timeline.bins.is_empty() {
        lines.push(Line::styled(
            truncate("No dated incident is listed.", w),
            theme.dim,
        ));
    }
    let label_w = match unit {
        BinUnit::Day | BinUnit::Week => 10,
        BinUnit::Month => 7,
        BinUnit::Year => 4,
    };
    let most = |f: fn(&Totals) -> u64| timeline.bins.iter().map(f).max().unwrap_or(0);
    let (kw, ww) = (
        digits(most(|t| t.killed), 1),
        digits(most(|t| t.wounded), 1),
    );
    let uw = digits(most(Totals::unknown), 1) + 1;
    let scale = most(|t| t.killed.saturating_add(t.wounded));
    let fixed = 1 + label_w + 1 + kw + 1 + ww + 1 + uw;
    let bar_w = w.saturating_sub(fixed + 1);
    let bar_w = if bar_w >= 3 { bar_w } else { 0 };
    // Header, footer and the rows between.
    let footer = footer(&timeline, unit);
    let page = h.saturating_sub(1 + usize::from(!footer.is_empty())).max(1);
    if !timeline.bins.is_empty() {
        let mut head = format!("{} ", left("", 1 + label_w));
        if bar_w > 0 {
            head.push_str(&left("█ killed ▒ wounded", bar_w + 1));
        }
        head.push_str(&format!(
            "{} {} {}",
            right("K", kw),
            right("W", ww),
            right("?", uw)
        ));
        lines.push(Line::styled(truncate(&head, w), theme.header));
    }
    let cursor = app.timeline_cursor(&timeline);
    let marked = app.selected_bin(&timeline);
    let offset = cursor.map_or(0, |c| offset_for(c, page));
    for k in offset..timeline.bins.len().min(offset + page) {
        let t = &timeline.bins[k];
        let mark = if marked == Some(k) { "●" } else { " " };
        let label = left(&unit.label(timeline.bin_number(k)), label_w);
        let mut spans = vec![Span::raw(format!("{mark}{label} "))];
        if bar_w > 0 {
            let killed = cells(t.killed, scale, bar_w);
            let both = cells(t.killed.saturating_add(t.wounded), scale, bar_w).max(killed);
            spans.push(Span::styled("█".repeat(killed), theme.warning));
            spans.push(Span::styled("▒".repeat(both - killed), theme.label));
            spans.push(Span::raw(" ".repeat(bar_w - both + 1)));
        }
        let unknown = if t.unknown() > 0 {
            format!("?{}", t.unknown())
        } else {
            String::new()
        };
        spans.push(Span::raw(format!(
            "{} {} ",
            right(&t.killed.to_string(), kw),
            right(&t.wounded.to_string(), ww)
        )));
        spans.push(Span::styled(right(&unknown, uw), theme.warning));
        let mut line = Line::from(spans);
        if cursor == Some(k) {
            line = line.style(theme.selected);
        } else if t.incidents == 0 {
            line = line.style(theme.dim);
        }
        lines.push(line);
    }
    let shown = lines.len();
    if !footer.is_empty() && h > 1 {
        lines.extend(std::iter::repeat_n(
            Line::raw(""),
            h.saturating_sub(shown + 1),
        ));
        lines.push(Line::styled(truncate(&footer, w), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What the bins leave out: dated incidents wider than a bin, undated ones.
fn footer(timeline: &crate::summary::Timeline, unit: BinUnit) -> String {
    let mut parts = Vec::new();
    if timeline.not_placed.incidents > 0 {
        parts.push(format!(
            "{} dated wider than a {unit} ({} killed)",
            plural::count(timeline.not_placed.incidents, "incident"),
            timeline.not_placed.killed
        ));
    }
    if timeline.undated.incidents > 0 {
        parts.push(format!("{} undated", timeline.undated.incidents));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("not placed: {}", parts.join(" · "))
    }
}
