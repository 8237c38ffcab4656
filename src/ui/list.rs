//! The list pane: one row per incident, built only for the rows on screen.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use ratatui::Frame;

use super::Theme;
use crate::app::{App, Focus};
use crate::dataset::Incident;
use crate::query::{highlight_chars, Query};
use crate::review::ReviewStatus;

const COLUMNS: [&str; 9] = [
    "",
    "",
    "Date",
    "Province",
    "Location",
    "Perpetrator",
    "Killed",
    "Wounded",
    "Dup",
];

/// The duplicates column: shown (last) only once clusters are known.
const DUP_COLUMN: usize = 8;

fn widths() -> [Constraint; 9] {
    [
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(3),
    ]
}

/// The narrowest a column of free text is drawn; narrower, it is dropped.
const MIN_TEXT_WIDTH: u16 = 7;

/// Columns a narrow pane drops, least important first: perpetrator,
/// location, wounded, killed, province. The markers and the date stay.
const DROP_ORDER: [usize; 5] = [5, 4, 7, 6, 3];

/// The columns (indices into [`COLUMNS`]) a table `width` columns wide
/// shows: all of them when each is readable, else whole columns dropped
/// rather than shrunk to a letter or two.
pub(crate) fn shown_columns(width: u16) -> Vec<usize> {
    let all = widths();
    let mut shown: Vec<usize> = (0..DUP_COLUMN).collect();
    let needed = |shown: &[usize]| -> u32 {
        let cells: u32 = shown
            .iter()
            .map(|&c| match all[c] {
                Constraint::Length(n) => u32::from(n),
                _ => u32::from(MIN_TEXT_WIDTH),
            })
            .sum();
        cells + u32::try_from(shown.len().saturating_sub(1)).unwrap_or(0)
    };
    for drop in DROP_ORDER {
        if needed(&shown) <= u32::from(width) {
            break;
        }
        shown.retain(|&c| c != drop);
    }
    shown
}

fn count_cell(n: Option<u64>, theme: &Theme) -> Cell<'static> {
    match n {
        Some(n) => Cell::from(Line::from(n.to_string()).right_aligned()),
        None => Cell::from(Line::from(Span::styled("?", theme.dim)).right_aligned()),
    }
}

/// The most characters of a field a cell draws: no screen drawn is wider
/// (the terminal loop bounds it at 1000 columns), and a field of hostile
/// length (100 KB in one cell) costs no more to draw or highlight than
/// what shows of it.
const CELL_CHARS: usize = 1000;

/// The part of a field a cell can show: its first [`CELL_CHARS`].
fn shown_part(text: &str) -> &str {
    match text.char_indices().nth(CELL_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A text cell, with the characters the search matched highlighted.
fn text_cell(s: Option<&str>, query: Option<&Query>, theme: &Theme) -> Cell<'static> {
    let text = shown_part(s.unwrap_or(""));
    let hits = query.map(|q| highlight_chars(q, text)).unwrap_or_default();
    if hits.is_empty() {
        return Cell::from(text.to_string());
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in text.chars().enumerate() {
        let hit = hits.binary_search(&i).is_ok();
        if hit != run_hit && !run.is_empty() {
            let style = if run_hit { theme.matched } else { Style::new() };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = hit;
        run.push(c);
    }
    let style = if run_hit { theme.matched } else { Style::new() };
    spans.push(Span::styled(run, style));
    Cell::from(Line::from(spans))
}

/// The columns shown with the duplicates column: it takes its room first.
fn shown_with_clusters(width: u16) -> Vec<usize> {
    let mut shown = shown_columns(width.saturating_sub(4));
    shown.push(DUP_COLUMN);
    shown
}

/// The duplicates column: `~3` for a candidate cluster of three, `=3`
/// once reviewers confirmed it is one event; text, so it reads without
/// colour.
fn cluster_cell(cluster: Option<(usize, bool)>, theme: &Theme) -> Cell<'static> {
    match cluster {
        Some((n, confirmed)) => {
            let n = if n > 99 {
                "99".to_string()
            } else {
                n.to_string()
            };
            let (mark, style) = if confirmed {
                ("=", theme.corrected)
            } else {
                ("~", theme.warning)
            };
            Cell::from(Span::styled(format!("{mark}{n}"), style))
        }
        None => Cell::from(""),
    }
}

/// The status column: nothing for unreviewed, then ✓ ✗ ⚑ ✎ +.
pub fn status_mark(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Unreviewed => "",
        ReviewStatus::Accepted => "✓",
        ReviewStatus::Rejected => "✗",
        ReviewStatus::Flagged => "⚑",
        ReviewStatus::Corrected => "✎",
        ReviewStatus::Added => "+",
    }
}

/// One incident's row: warning marker, review mark, date, province,
/// location, perpetrator, killed, wounded.
/// `changed`: the incident changed since it was reviewed (the first
/// column then shows `Δ`, before its problems' `!`); `title_match`: it is
/// listed for a word only its article's title or outlet holds (`¶`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn row(
    incident: &Incident,
    status: ReviewStatus,
    changed: bool,
    title_match: bool,
    query: Option<&Query>,
    theme: &Theme,
    columns: &[usize],
    cluster: Option<(usize, bool)>,
) -> Row<'static> {
    let marker = if changed {
        Cell::from(Span::styled("Δ", theme.warning))
    } else if incident.warnings.has_problem() {
        Cell::from(Span::styled("!", theme.warning))
    } else if title_match {
        // Listed for words of its article's title or outlet, not shown here.
        Cell::from(Span::styled("¶", theme.dim))
    } else {
        Cell::from("")
    };
    let mark_style = match status {
        ReviewStatus::Flagged => theme.warning,
        _ => theme.corrected,
    };
    let cells = vec![
        marker,
        Cell::from(Span::styled(status_mark(status), mark_style)),
        text_cell(incident.date.as_deref(), query, theme),
        text_cell(incident.province.as_deref(), query, theme),
        text_cell(incident.location.as_deref(), query, theme),
        text_cell(incident.perpetrator.as_deref(), query, theme),
        count_cell(incident.killed, theme),
        count_cell(incident.wounded, theme),
        cluster_cell(cluster, theme),
    ];
    let cells: Vec<Cell> = cells
        .into_iter()
        .enumerate()
        .filter(|(c, _)| columns.contains(c))
        .map(|(_, cell)| cell)
        .collect();
    let row = Row::new(cells);
    // Rejected incidents stay listed, dimmed.
    if status == ReviewStatus::Rejected {
        row.style(theme.dim)
    } else {
        row
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let total = app.dataset.incidents.len();
    let mut title = if app.rows.len() == total {
        format!(" Incidents {total} · {}", app.order())
    } else {
        format!(" Incidents {} of {total} · {}", app.rows.len(), app.order())
    };
    if let Some(undated) = &app.undated {
        title.push_str(&format!(" · {}", undated.short()));
    }
    title.push(' ');
    let mut block = Block::bordered()
        .title(title)
        .border_style(theme.border(app.focus == Focus::List));
    if let Some(journal) = &app.journal_label {
        let room = usize::from(area.width).saturating_sub(4);
        let label = match &app.read_only {
            Some(_) => format!(" journal (read-only): {journal} "),
            None => format!(" journal: {journal} "),
        };
        block = block
            .title_bottom(Line::from(crate::app::wrap::truncate(&label, room)).style(theme.dim));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let search_rows = u16::try_from(app.search_rows())
        .unwrap_or(0)
        .min(inner.height);
    if search_rows > 0 {
        search_box(
            frame,
            Rect::new(inner.x, inner.y, inner.width, search_rows),
            app,
            theme,
        );
    }
    let table_area = Rect::new(
        inner.x,
        inner.y + search_rows,
        inner.width,
        inner.height - search_rows,
    );
    let page = usize::from(table_area.height.saturating_sub(1));
    let offset = app.visible_offset();
    let end = (offset + page).min(app.rows.len());
    let query = app.query.as_deref();
    let resolved = app.resolved_clusters().filter(|r| !r.clusters.is_empty());
    let columns = if resolved.is_some() {
        shown_with_clusters(table_area.width)
    } else {
        shown_columns(table_area.width)
    };
    let rows = app.rows[offset.min(end)..end]
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let incident = &app.dataset.incidents[i];
            let shown = app.shown(incident);
            let title_match = query.is_some_and(|q| {
                let fields: Vec<&str> = crate::dataset::Field::ALL
                    .iter()
                    .filter_map(|f| f.text(&shown))
                    .chain(shown.province_canonical.as_deref())
                    .collect();
                crate::query::matched_beyond(q, &fields)
            });
            let r = row(
                &shown,
                app.status_of(incident),
                app.review.changed_since_review(&incident.id).is_some(),
                title_match,
                query,
                theme,
                &columns,
                resolved
                    .as_ref()
                    .and_then(|r| r.cluster_of(i))
                    .map(|c| (c.members.len(), c.confirmed)),
            );
            if offset + n == app.selected {
                r.style(theme.selected)
            } else {
                r
            }
        });
    frame.render_widget(table(rows, theme, &columns), table_area);
}

/// The table of incident rows under the column headings, in the list's
/// widths, showing `columns` (the loading screen shows its rows the same
/// way).
pub(crate) fn table<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    theme: &Theme,
    columns: &[usize],
) -> Table<'a> {
    let all = widths();
    let widths: Vec<Constraint> = columns.iter().map(|&c| all[c]).collect();
    let headings: Vec<&str> = columns.iter().map(|&c| COLUMNS[c]).collect();
    Table::new(rows, widths)
        .header(Row::new(headings).style(theme.header))
        .column_spacing(1)
}

/// The search box: `/ query`, and under it why the query does not parse.
fn search_box(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let prompt = Rect::new(area.x, area.y, 2.min(area.width), 1);
    frame.render_widget(Line::from(Span::styled("/ ", theme.key_hint)), prompt);
    let field = Rect::new(area.x + prompt.width, area.y, area.width - prompt.width, 1);
    let style = if app.search_open {
        theme.header
    } else {
        Style::new()
    };
    super::text_field::render(frame, field, &app.search, style, app.search_open);
    let errors = app.search_error_rows(usize::from(area.width));
    for (n, text) in (1..area.height).zip(errors) {
        frame.render_widget(
            Line::from(Span::styled(text, theme.warning)),
            Rect::new(area.x, area.y + n, area.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_hostile_length_is_cut_to_what_a_screen_can_show() {
        let long = "ك".repeat(100_000);
        assert_eq!(shown_part(&long).chars().count(), CELL_CHARS);
        assert_eq!(shown_part("Kirkuk"), "Kirkuk");
        let exact = "x".repeat(CELL_CHARS);
        assert_eq!(shown_part(&exact), exact);
    }

    #[test]
    fn a_narrow_list_drops_whole_columns_least_important_first() {
        assert_eq!(shown_columns(118).len(), 8, "all fit");
        assert_eq!(shown_columns(60).len(), 8, "all fit");
        // 48 columns (a 50-column screen) used to give Location and
        // Perpetrator two letters each.
        assert_eq!(shown_columns(48), [0, 1, 2, 3, 6, 7]);
        assert_eq!(shown_columns(38), [0, 1, 2, 3, 6]);
        assert_eq!(shown_columns(5), [0, 1, 2]);
    }
}
