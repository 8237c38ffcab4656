//! The loading screen for a large dataset: a gauge of bytes and incidents
//! read, the incidents read so far in the browser's columns, and running
//! totals per province.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::arriving::{Arriving, Phase};
use crate::app::wrap::truncate;
use crate::review::ReviewStatus;

/// Where each part goes; `None` when the terminal is too small for more
/// than a word.
struct Parts {
    gauge: Rect,
    list: Rect,
    summary: Option<Rect>,
    footer: Rect,
}

fn parts(area: Rect) -> Option<Parts> {
    if area.width < 10 || area.height < 5 {
        return None;
    }
    // The summary only when the list keeps a few rows.
    let summary_rows = if area.height >= 12 { 2 } else { 0 };
    let list_rows = area.height - 2 - summary_rows;
    let row = |y: u16, height: u16| Rect::new(area.x, area.y + y, area.width, height);
    Some(Parts {
        gauge: row(0, 1),
        list: row(1, list_rows),
        summary: (summary_rows > 0).then(|| row(1 + list_rows, summary_rows)),
        footer: row(area.height - 1, 1),
    })
}

/// Rows of incidents the loading screen shows in a terminal this size.
pub fn list_rows(width: u16, height: u16) -> usize {
    // Two borders and the column headings.
    parts(Rect::new(0, 0, width, height))
        .map_or(0, |p| usize::from(p.list.height.saturating_sub(3)))
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn render(frame: &mut Frame, label: &str, state: &Arriving, theme: &Theme) {
    let area = frame.area();
    let Some(parts) = parts(area) else {
        frame.render_widget(Paragraph::new(Line::from("Loading…")), area);
        return;
    };
    gauge(frame, parts.gauge, label, state, theme);
    list(frame, parts.list, state, theme);
    if let Some(summary) = parts.summary {
        super::summary_bar::render_summary(frame, summary, state.summary(), theme);
    }
    footer(frame, parts.footer, state, theme);
}

fn gauge(frame: &mut Frame, area: Rect, label: &str, state: &Arriving, theme: &Theme) {
    let progress = state.progress;
    let mb = |b: u64| b as f64 / 1_048_576.0;
    let (ratio, of) = match progress.total_bytes {
        Some(t) if t > 0 => (
            (progress.bytes_read as f64 / t as f64).clamp(0.0, 1.0),
            format!(" of {:.0} MB", mb(t)),
        ),
        _ => (0.0, String::new()),
    };
    let checking = if state.phase == Phase::Checking {
        " · checking evidence…"
    } else {
        ""
    };
    let counts = format!(
        "{:.0} MB{of} · {} incidents read{checking}",
        mb(progress.bytes_read),
        grouped(progress.incidents as u64),
    );
    // The numbers matter more than the file's name.
    let room = usize::from(area.width);
    let full = format!("Loading {label} · {counts}");
    let text = if crate::app::wrap::width(&full) <= room {
        full
    } else {
        truncate(&counts, room)
    };
    let gauge = Gauge::default()
        .gauge_style(theme.corrected)
        .ratio(if checking.is_empty() { ratio } else { 1.0 })
        .label(text);
    frame.render_widget(gauge, area);
}

fn list(frame: &mut Frame, area: Rect, state: &Arriving, theme: &Theme) {
    let title = format!(" Incidents {} so far ", grouped(state.seen() as u64));
    let block = Block::bordered()
        .title(truncate(&title, usize::from(area.width).saturating_sub(2)))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Only the rows on screen are at hand, and only they are built.
    let columns = super::list::shown_columns(inner.width);
    let rows = state.visible().map(|(i, incident)| {
        let row = super::list::row(
            incident,
            ReviewStatus::Unreviewed,
            false,
            false,
            None,
            theme,
            &columns,
            None,
        );
        if i == state.selected() {
            row.style(theme.selected)
        } else {
            row
        }
    });
    frame.render_widget(super::list::table(rows, theme, &columns), inner);
}

fn footer(frame: &mut Frame, area: Rect, state: &Arriving, theme: &Theme) {
    let (keys, rest) = if state.phase == Phase::Checking {
        (
            " q cancel · j/k move on screen · ".to_string(),
            "search, filters, the article and review open when the checks end",
        )
    } else {
        let follow = if state.following() {
            " · following new rows"
        } else {
            " (G follows new rows)"
        };
        (
            format!(" q cancel · j/k PgDn/PgUp g/G move{follow} · "),
            "search, filters, the article and review open when loading ends",
        )
    };
    let width = usize::from(area.width);
    let full = crate::app::wrap::width(&keys) + crate::app::wrap::width(rest);
    let (keys, rest) = if full <= width {
        (keys, rest)
    } else {
        (" q cancel · j/k G move · ".to_string(), "more after load")
    };
    let keys = truncate(&keys, width);
    let rest = truncate(rest, width.saturating_sub(crate::app::wrap::width(&keys)));
    let line = Line::from(vec![
        Span::styled(keys, theme.key_hint),
        Span::styled(rest, theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.bar), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(123_456), "123,456");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn rows_fit_the_screen() {
        assert_eq!(list_rows(100, 20), 13);
        assert_eq!(list_rows(40, 10), 5);
        assert_eq!(list_rows(9, 40), 0);
        assert_eq!(list_rows(80, 5), 0);
    }
}
