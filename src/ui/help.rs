//! The help overlay: every action with its keys, read from the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::App;
use crate::input::Keymap;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // The keys in force; an app built without a keymap uses the defaults.
    let entries = if app.key_help.is_empty() {
        Keymap::default().help_entries()
    } else {
        app.key_help.clone()
    };
    let key_width = entries
        .iter()
        .map(|(k, _)| crate::app::wrap::width(k))
        .max()
        .unwrap_or(0);
    let width = area.width.min(72);
    // Inside the border: the keys, two spaces, then the description,
    // wrapped under itself so that a long one is read whole.
    let inner = usize::from(width.saturating_sub(2));
    let what_width = inner.saturating_sub(key_width + 3).max(12);
    let mut lines: Vec<Line> = Vec::new();
    if !app.opening_notices.is_empty() {
        lines.push(Line::styled(" Messages from opening:", theme.heading));
        for notice in &app.opening_notices {
            for (n, row) in crate::app::wrap::wrap(notice, inner.saturating_sub(4), |_| ())
                .rows
                .into_iter()
                .enumerate()
            {
                let text: String = row.into_iter().map(|s| s.text).collect();
                let head = if n == 0 { "  • " } else { "    " };
                lines.push(Line::styled(format!("{head}{text}"), theme.warning));
            }
        }
        lines.push(Line::raw(""));
    }
    for (keys, what) in entries {
        let rows = crate::app::wrap::wrap(&what, what_width, |_| ()).rows;
        for (n, row) in rows.into_iter().enumerate() {
            let head = if n == 0 {
                format!(" {keys:<key_width$}  ")
            } else {
                " ".repeat(key_width + 3)
            };
            let text: String = row.into_iter().map(|s| s.text).collect();
            lines.push(Line::from(vec![
                Span::styled(head, theme.key_hint),
                Span::raw(text),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Evidence colours: see the legend in the detail pane.",
        theme.dim,
    ));
    let height = area
        .height
        .min(u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let popup = super::centered(area, width, height);
    let max_scroll = lines
        .len()
        .saturating_sub(usize::from(height.saturating_sub(2)));
    let scroll = u16::try_from(app.help_scroll.min(max_scroll)).unwrap_or(0);
    let block = Block::bordered()
        .title(" Keys · Esc, ? or q to close ")
        .border_style(theme.border(true));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}
