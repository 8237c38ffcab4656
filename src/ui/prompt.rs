//! The one-line prompt for a note (`m`) or a flag reason (`f`).

use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear};
use ratatui::Frame;

use super::{text_field, Theme};
use crate::app::text_input::TextInput;

pub fn render(frame: &mut Frame, area: Rect, title: &str, input: &TextInput, theme: &Theme) {
    let width = area.width.min(90);
    let height = 3.min(area.height);
    if width < 4 || height < 3 {
        return;
    }
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height + 3),
        width,
        height,
    );
    let block = Block::bordered()
        .title(format!(" {title} · Enter save · Esc cancel "))
        .border_style(theme.border(true));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    text_field::render(frame, inner, input, ratatui::style::Style::new(), true);
}
