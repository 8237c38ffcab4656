//! The field picker: which field a selection in the article is evidence
//! for, each in its kind's colour, with the value the selection states.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::annotate::FieldPicker;
use crate::app::wrap::truncate;
use crate::review::FieldValue;

pub fn render(frame: &mut Frame, area: Rect, picker: &FieldPicker, theme: &Theme) {
    let width = area.width.min(64);
    let rows = u16::try_from(picker.choices.len()).unwrap_or(u16::MAX);
    let height = (rows + 3).min(area.height);
    if width < 20 || height < 4 {
        return;
    }
    let popup = super::centered(area, width, height);
    let inner = usize::from(width.saturating_sub(2));
    let quote = truncate(&picker.quote.replace('\n', " "), inner.saturating_sub(18));
    let block = Block::bordered()
        .title(format!(" Evidence for which field? “{quote}” "))
        .title_bottom(" 1-9 or Enter choose · ↑↓ move · Esc cancel ")
        .border_style(theme.border(true));
    let mut lines: Vec<Line> = Vec::new();
    for (i, c) in picker.choices.iter().enumerate() {
        let name = format!(" {} {:<12}", i + 1, c.field.name().replace('_', " "));
        let now = FieldValue::display(c.current.as_ref(), c.field);
        let what = match &c.offered {
            Some(v) if Some(v) != c.current.as_ref() => format!(
                "set to {} (read in the selection; now {})",
                FieldValue::display(Some(v), c.field),
                if now.is_empty() { "—" } else { &now }
            ),
            Some(v) => format!(
                "{} (the selection says so too)",
                FieldValue::display(Some(v), c.field)
            ),
            None if now.is_empty() => "—".to_string(),
            None => now,
        };
        let name_style = if i == picker.focus {
            theme
                .evidence(c.kind)
                .add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            theme.evidence(c.kind)
        };
        let pointer = if i == picker.focus { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(pointer, theme.key_hint),
            Span::styled(name, name_style),
            Span::raw(" "),
            Span::raw(truncate(&what, inner.saturating_sub(17))),
        ]));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
