//! Drawing: a pure function of [`App`]. One file per screen region.

mod cluster;
mod detail;
mod edit_form;
mod frequency;
mod help;
mod list;
pub mod loading;
mod picker;
mod prompt;
mod status;
mod summary_bar;
mod text_field;
pub mod theme;
mod timeline;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::geometry::{self, Area};
use crate::app::{App, ChartKind, Editing, Screen};
pub use theme::Theme;

/// Draws the whole screen in the default theme.
pub fn render(frame: &mut Frame, app: &App) {
    render_with(frame, app, &Theme::default());
}

/// Draws the screen the terminal shows: loading, or the browser.
pub fn render_screen(frame: &mut Frame, screen: &Screen, theme: &Theme) {
    match screen {
        Screen::Loading(loading) => loading::render(frame, &loading.label, &loading.state, theme),
        Screen::Browsing(app) => render_with(frame, app, theme),
    }
}

/// Draws the whole screen in `theme`.
pub fn render_with(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let Some(panes) = geometry::panes(area.width, area.height, app.needs(area.width)) else {
        too_small(frame, area);
        return;
    };
    list::render(frame, rect(panes.list), app, theme);
    match app.charts.open {
        Some(ChartKind::Timeline) => timeline::render(frame, rect(panes.detail), app, theme),
        Some(ChartKind::Frequency) => frequency::render(frame, rect(panes.detail), app, theme),
        None => detail::render(frame, rect(panes.detail), app, theme),
    }
    summary_bar::render(frame, rect(panes.summary), app, theme);
    status::render(frame, rect(panes.status), app, theme);
    if let Some(view) = &app.clusters.view {
        // The status line stays in sight: it says what was saved.
        let above = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
        cluster::render(frame, above, app, view, theme);
    }
    if app.help_open {
        help::render(frame, area, app, theme);
    }
    match &app.editing {
        Some(Editing::Form(form)) => edit_form::render(frame, area, form, theme),
        Some(Editing::Picker(picker)) => picker::render(frame, area, picker, theme),
        Some(Editing::NewIncident(adding)) => {
            let doc = app
                .dataset
                .document(adding.document)
                .map_or("", |d| d.id.as_str());
            let title = format!(
                "Add an incident the extraction missed · from {doc} · {}",
                crate::dataset::plural::of(adding.spans.len(), "evidence span")
            );
            edit_form::render_as(frame, area, &adding.form, &title, theme);
        }
        Some(Editing::Note(i, text)) => {
            let id = &app.dataset.incidents[*i].id;
            prompt::render(frame, area, &format!("Note for {id}"), text, theme);
        }
        Some(Editing::FlagReason(i, text)) => {
            let id = &app.dataset.incidents[*i].id;
            prompt::render(
                frame,
                area,
                &format!("Flag {id}: reason (optional)"),
                text,
                theme,
            );
        }
        None => {}
    }
}

/// A `width` x `height` box in the middle of `area` (no larger than it).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub(crate) fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// Says how big the terminal must be, wrapped so that it can be read
/// whole however narrow the terminal is.
fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small: need {}x{}",
        geometry::MIN_WIDTH,
        geometry::MIN_HEIGHT
    );
    let rows = crate::app::wrap::wrap(&msg, usize::from(area.width), |_| ()).rows;
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|r| Line::from(r.into_iter().map(|s| s.text).collect::<String>()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
