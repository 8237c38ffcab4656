//! The detail pane: the selected incident's fields and its source articles
//! with evidence highlighted.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::{App, Focus};

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut block = Block::bordered().border_style(theme.border(app.focus == Focus::Detail));
    let Some(view) = app.detail_view() else {
        let block = block.title(" Detail ");
        frame.render_widget(
            Paragraph::new(Line::styled("No incident selected.", theme.dim)).block(block),
            area,
        );
        return;
    };
    let page = usize::from(block.inner(area).height);
    let scroll = app.detail_scroll.min(view.rows.len().saturating_sub(1));
    let mut title = String::from(" Detail ");
    if let Some(c) = app.evidence_cursor {
        title.push_str(&format!(
            "· evidence {}/{} ",
            c + 1,
            view.evidence_rows.len()
        ));
    } else if !view.evidence_rows.is_empty() {
        title.push_str(&format!(
            "· {} evidence spans (n/N) ",
            view.evidence_rows.len()
        ));
    }
    if view.rows.len() > page {
        title.push_str(&format!(
            "· {}-{}/{} ",
            scroll + 1,
            (scroll + page).min(view.rows.len()),
            view.rows.len()
        ));
    }
    block = block.title(title);
    let lines: Vec<Line> = view
        .rows
        .iter()
        .skip(scroll)
        .take(page)
        .map(|row| {
            Line::from(
                row.iter()
                    .map(|s| Span::styled(s.text.as_str(), theme.tag(s.tag)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
