//! The status line: dataset, counts, position, key hints; or a notice,
//! on as many rows as it needs.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Theme;
use crate::app::wrap::{truncate, width};
use crate::app::App;

const HINTS: &str = "?:help  q:quit  Tab:focus  n/N:evidence  i:select";

/// Select mode's keys (its actions' default keys).
const SELECT_HINTS: &str =
    "w/b:word )/(:sentence v:extend e:evidence a:incident m:move d:remove D:done Esc:leave";

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let ds = &app.dataset;
    let position = if app.rows.is_empty() {
        "0/0".to_string()
    } else {
        format!("{}/{}", app.selected + 1, app.rows.len())
    };
    // Each part with how much it matters: a narrow screen drops whole
    // parts, least important first, and keeps the position and progress.
    let mut parts: Vec<(u8, String)> = vec![
        (1, format!("{} incidents", ds.incidents.len())),
        (2, crate::dataset::plural::of(app.warning_count, "problem")),
        (0, crate::dataset::plural::of(app.note_count, "note")),
        (4, position.clone()),
        (3, app.progress().to_string()),
    ];
    if let Some(done) = app.articles_done() {
        parts.push((2, done.to_string()));
    }
    let total = usize::from(area.width);
    let joined = |parts: &[(u8, String)]| {
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
        texts.join(" · ")
    };
    // A long name (a path, the extractor's) gives way to the counts.
    const NAME_MIN: usize = 12;
    let mut counts = joined(&parts);
    while width(&counts) + NAME_MIN.min(width(&ds.name)) + 4 > total && parts.len() > 1 {
        let least = parts
            .iter()
            .enumerate()
            .min_by_key(|(_, (rank, _))| *rank)
            .map_or(0, |(n, _)| n);
        parts.remove(least);
        counts = joined(&parts);
    }
    let name_room = total.saturating_sub(width(&counts) + 4).max(NAME_MIN);
    let left = match app.chart_status() {
        // The cursor's bin or value, while a chart is open.
        Some(chart) => format!(" {chart} · {position}"),
        None => format!(" {} · {counts}", truncate(&ds.name, name_room)),
    };
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
    let (left, hints) = match app.selected_text() {
        Some(text) => (
            format!(
                " select: “{}”",
                middle_cut(&text.replace('\n', " "), total / 3)
            ),
            SELECT_HINTS,
        ),
        None => (left, HINTS),
    };
    let left = truncate(&left, total);
    let room = total.saturating_sub(width(&left) + 2);
    let mut spans = vec![Span::raw(left)];
    if room >= 8 {
        let hints = truncate(hints, room);
        let pad = total.saturating_sub(width(&spans[0].content) + width(&hints) + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(hints, theme.key_hint));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `text` in `max` columns, cut in the middle so both ends show (where a
/// selection starts and where it has grown to).
fn middle_cut(text: &str, max: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width(text) <= max {
        return text.to_string();
    }
    let half = max.saturating_sub(1) / 2;
    let head = truncate(text, half + 1);
    let head = head.trim_end_matches('…');
    let mut tail: Vec<&str> = Vec::new();
    let mut used = 0;
    for g in text.graphemes(true).rev() {
        used += width(g);
        if used > half {
            break;
        }
        tail.push(g);
    }
    tail.reverse();
    format!("{head}…{}", tail.concat())
}

#[cfg(test)]
mod tests {
    use super::middle_cut;

    #[test]
    fn a_long_selection_shows_both_ends() {
        assert_eq!(middle_cut("short", 10), "short");
        let cut = middle_cut("Separately, gunmen attacked a checkpoint in Hawija", 21);
        assert_eq!(cut, "Separately… in Hawija");
    }
}
