//! Drawing: a pure function of [`App`]. One file per screen region.

mod detail;
mod help;
mod list;
mod status;
mod summary_bar;
pub mod theme;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::geometry::{self, Area};
use crate::app::App;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some(panes) = geometry::panes(area.width, area.height) else {
        too_small(frame, area);
        return;
    };
    list::render(frame, rect(panes.list), app);
    detail::render(frame, rect(panes.detail), app);
    summary_bar::render(frame, rect(panes.summary), app);
    status::render(frame, rect(panes.status), app);
    if app.help_open {
        help::render(frame, area, app);
    }
}

pub(crate) fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small: need {}x{}",
        geometry::MIN_WIDTH,
        geometry::MIN_HEIGHT
    );
    frame.render_widget(Paragraph::new(Line::from(msg)), area);
}
