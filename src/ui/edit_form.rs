//! The edit form overlay (`e`): one row per field, the error of an invalid
//! value beside it, province completions under the province.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use ratatui::Frame;

use super::{text_field, Theme};
use crate::app::edit_form::EditForm;
use crate::app::wrap::truncate;

const LABEL: u16 = 13;

pub fn render(frame: &mut Frame, area: Rect, form: &EditForm, theme: &Theme) {
    render_as(
        frame,
        area,
        form,
        &format!("Correct {}", form.incident_id),
        theme,
    );
}

/// The form under another title (an incident being added).
pub fn render_as(frame: &mut Frame, area: Rect, form: &EditForm, title: &str, theme: &Theme) {
    let suggestions = form.suggestions();
    let rows = form.fields.len() as u16 + 4 + u16::from(!suggestions.is_empty());
    let width = area.width.min(76);
    let height = (rows + 2).min(area.height);
    if width < 20 || height < 5 {
        return;
    }
    let popup = super::centered(area, width, height);
    let block = Block::bordered()
        .title(format!(
            " {} ",
            truncate(title, usize::from(width.saturating_sub(4)))
        ))
        .title_bottom(" Enter save · Esc cancel · ↑↓ field · Tab complete/next ")
        .border_style(theme.border(true));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for (i, f) in form.fields.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { theme.header } else { theme.label };
        let name = f.field.name().replace('_', " ");
        frame.render_widget(
            Line::from(Span::styled(
                format!("{name:<w$}", w = usize::from(LABEL)),
                label_style,
            )),
            Rect::new(inner.x, y, LABEL.min(inner.width), 1),
        );
        let value_width = inner.width.saturating_sub(LABEL);
        let error_width = if f.error.is_some() {
            value_width / 2
        } else {
            0
        };
        let field_area = Rect::new(inner.x + LABEL, y, value_width - error_width, 1);
        let style = if focused {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        text_field::render(frame, field_area, &f.input, style, focused);
        if let Some(e) = &f.error {
            frame.render_widget(
                Line::from(Span::styled(
                    truncate(&format!(" ✗ {e}"), usize::from(error_width)),
                    theme.warning,
                )),
                Rect::new(field_area.x + field_area.width, y, error_width, 1),
            );
        }
        y += 1;
        if focused && !suggestions.is_empty() && y < bottom {
            let text = format!("Tab: {}", suggestions.join(" · "));
            frame.render_widget(
                Line::from(Span::styled(
                    truncate(&text, usize::from(value_width)),
                    theme.dim,
                )),
                Rect::new(inner.x + LABEL, y, value_width, 1),
            );
            y += 1;
        }
    }
    y += 1;
    if let Some(m) = &form.message {
        if y < bottom {
            frame.render_widget(
                Line::from(Span::styled(
                    truncate(m, usize::from(inner.width)),
                    theme.warning,
                )),
                Rect::new(inner.x, y, inner.width, 1),
            );
        }
    } else if y < bottom {
        frame.render_widget(
            Line::from(Span::styled(
                truncate(
                    "Counts: a number or \"unknown\". Dates: YYYY, YYYY-MM or YYYY-MM-DD.",
                    usize::from(inner.width),
                ),
                theme.dim,
            )),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
}
