//! Drawing a one-line text field with its cursor, scrolled so the cursor
//! stays visible.

use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::app::text_input::TextInput;

/// The visible part of `input` in `width` columns, and the cursor's column.
pub fn visible(input: &TextInput, width: usize) -> (String, usize) {
    let text = input.text();
    let before: String = text.chars().take(input.cursor()).collect();
    let mut skip = 0;
    let mut cursor_col = crate::app::wrap::width(&before);
    // Drop graphemes from the left until the cursor fits.
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    while cursor_col >= width.max(1) && skip < graphemes.len() {
        cursor_col -= UnicodeWidthStr::width(graphemes[skip]);
        skip += 1;
    }
    let shown: String = graphemes[skip..].concat();
    (crate::app::wrap::truncate(&shown, width), cursor_col)
}

/// Draws the field in `area` (one row) and puts the terminal cursor in it
/// when `focused`.
pub fn render(frame: &mut Frame, area: Rect, input: &TextInput, style: Style, focused: bool) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (shown, col) = visible(input, usize::from(area.width));
    frame.render_widget(Line::from(Span::styled(shown, style)), area);
    if focused {
        let x = area.x + u16::try_from(col).unwrap_or(0).min(area.width - 1);
        frame.set_cursor_position(Position::new(x, area.y));
    }
}
