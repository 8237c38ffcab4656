//! The loading screen for a large dataset: a gauge of bytes read, and the
//! incidents read so far.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::wrap::truncate;
use crate::dataset::Progress;

pub fn render(frame: &mut Frame, label: &str, progress: Progress, theme: &Theme) {
    let area = frame.area();
    if area.width < 10 || area.height < 5 {
        frame.render_widget(Paragraph::new(Line::from("Loading…")), area);
        return;
    }
    let width = area.width.min(80);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height / 2 - 2,
        width,
        4,
    );
    let mb = |b: u64| b as f64 / 1_048_576.0;
    let (ratio, of) = match progress.total_bytes {
        Some(t) if t > 0 => (
            (progress.bytes_read as f64 / t as f64).clamp(0.0, 1.0),
            format!(" of {:.0} MB", mb(t)),
        ),
        _ => (0.0, String::new()),
    };
    let text = format!(
        "{:.0} MB{of} · {} incidents read",
        mb(progress.bytes_read),
        progress.incidents
    );
    let block = Block::bordered()
        .title(truncate(
            &format!(" Loading {label} "),
            usize::from(width) - 2,
        ))
        .title_bottom(" q to cancel ")
        .border_style(theme.border(true));
    let gauge = Gauge::default()
        .block(block)
        .gauge_style(theme.corrected)
        .ratio(ratio)
        .label(text);
    frame.render_widget(gauge, popup);
}
