//! The cluster view: a cluster's members side by side, one column each,
//! values they agree on plain and values they differ on highlighted, the
//! tolls' low / best / high and the scores of its pairs.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::Theme;
use crate::app::clusters::ClusterView;
use crate::app::wrap::{truncate, width};
use crate::app::App;
use crate::dataset::{Field, Incident};

/// The rows compared, with their labels.
const FIELDS: [(&str, Field); 9] = [
    ("date", Field::Date),
    ("province", Field::Province),
    ("district", Field::District),
    ("location", Field::Location),
    ("perpetrator", Field::Perpetrator),
    ("target", Field::Target),
    ("event type", Field::EventType),
    ("killed", Field::Killed),
    ("wounded", Field::Wounded),
];

const LABEL: usize = 12;
/// The narrowest a member's column is drawn.
const MIN_COLUMN: usize = 14;

fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn source_of(app: &App, incident: &Incident) -> String {
    incident
        .sources
        .first()
        .and_then(|s| app.dataset.documents.iter().find(|d| d.id == s.document_id))
        .map(|d| {
            let title = d.title.as_deref().unwrap_or("");
            match d.outlet.as_deref() {
                Some(outlet) => format!("{title} ({outlet})"),
                None => title.to_string(),
            }
        })
        .unwrap_or_default()
}

/// Draws the open cluster over `area`.
pub fn render(frame: &mut Frame, area: Rect, app: &App, view: &ClusterView, theme: &Theme) {
    let block = Block::bordered()
        .title(truncate(
            &format!(
                " Cluster {} · {} likely duplicates ",
                view.number,
                view.members.len()
            ),
            usize::from(area.width).saturating_sub(2),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let room = usize::from(inner.width);
    // Which members fit beside the labels, the selected one always among them.
    let fit = (room.saturating_sub(LABEL) / MIN_COLUMN).max(1);
    let first = view.selected.saturating_sub(fit - 1);
    let shown: Vec<usize> = view.members.iter().copied().skip(first).take(fit).collect();
    let col = (room.saturating_sub(LABEL) / shown.len().max(1)).max(1);
    let incidents: Vec<std::borrow::Cow<'_, Incident>> = shown
        .iter()
        .map(|&i| app.shown(&app.dataset.incidents[i]))
        .collect();
    let differs = theme
        .warning
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let cell = |text: &str, style: Style| {
        Span::styled(
            format!("{:<col$}", truncate(text, col.saturating_sub(1))),
            style,
        )
    };
    let mut lines: Vec<Line> = Vec::new();
    let cluster = app.cluster_of(view.member());
    let header: Vec<Span> = std::iter::once(cell_label("member"))
        .chain(shown.iter().enumerate().map(|(n, &i)| {
            let mut mark = if first + n == view.selected {
                "▶ "
            } else {
                "  "
            }
            .to_string();
            if cluster.as_ref().is_none_or(|c| !c.members.contains(&i)) {
                mark.push_str("split ");
            }
            let style = if first + n == view.selected {
                theme.selected
            } else {
                theme.header
            };
            cell(&format!("{mark}{}", first + n + 1), style)
        }))
        .collect();
    lines.push(Line::from(header));
    let mut rows: Vec<(String, Vec<String>)> = FIELDS
        .iter()
        .map(|(label, f)| {
            let values = incidents
                .iter()
                .map(|i| {
                    if f.has_value(i) {
                        f.display(i)
                    } else {
                        "?".into()
                    }
                })
                .collect();
            (label.to_string(), values)
        })
        .collect();
    rows.insert(
        0,
        (
            "id".into(),
            incidents.iter().map(|i| i.id.to_string()).collect(),
        ),
    );
    rows.push((
        "source".into(),
        incidents.iter().map(|i| source_of(app, i)).collect(),
    ));
    let found = app.duplicates();
    rows.push((
        "best score".into(),
        shown
            .iter()
            .map(|&i| {
                found
                    .and_then(|d| {
                        d.matches(i)
                            .iter()
                            .find(|m| view.members.contains(&m.other))
                    })
                    .map_or("-".into(), |m| format!("{:.2}", m.score))
            })
            .collect(),
    ));
    // Fields agree as duplicate detection compares them (Kirkuk and
    // Tameem are one province); the other rows by their text.
    let members: Vec<&Incident> = incidents.iter().map(AsRef::as_ref).collect();
    for (label, values) in rows {
        let agree = match FIELDS.iter().find(|(l, _)| *l == label) {
            Some((_, field)) => crate::dedup::agree_on(*field, &members),
            None => label == "id" || values.windows(2).all(|w| folded(&w[0]) == folded(&w[1])),
        };
        let style = if agree { Style::new() } else { differs };
        let spans: Vec<Span> = std::iter::once(cell_label(&label))
            .chain(values.iter().map(|v| cell(v, style)))
            .collect();
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(tolls(app, view)));
    if let Some(d) = found {
        for c in d.clusters() {
            for p in c.pairs() {
                if view.members.contains(&p.a) && view.members.contains(&p.b) {
                    let (a, b) = (
                        &app.dataset.incidents[p.a].id,
                        &app.dataset.incidents[p.b].id,
                    );
                    lines.push(Line::from(format!("pair {a} ~ {b}: score {:.2}", p.score)));
                }
            }
        }
    }
    let status = match &cluster {
        Some(c) if c.confirmed => "confirmed: reviewers decided these are one event",
        Some(_) => "candidate: not every pair decided",
        None => "this member is split from the cluster",
    };
    lines.push(Line::from(Span::styled(status, theme.dim)));
    let keys = "h/l member · a same event · x not the same · Enter open it · u undo · Esc close";
    let height = usize::from(inner.height);
    let cut_members = shown.len() < view.members.len();
    let mut footer = keys.to_string();
    if lines.len() + 1 > height || cut_members {
        footer = format!(
            "cut: {} of {} rows, {} of {} members shown · {keys}",
            lines.len().min(height.saturating_sub(1)),
            lines.len(),
            shown.len(),
            view.members.len()
        );
    }
    lines.truncate(height.saturating_sub(1));
    let footer_line = Line::from(Span::styled(truncate(&footer, room), theme.key_hint));
    frame.render_widget(Paragraph::new(lines), inner);
    if inner.height > 0 && width(&footer) > 0 {
        frame.render_widget(
            footer_line,
            Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1),
        );
    }
}

fn cell_label(label: &str) -> Span<'static> {
    Span::raw(format!("{:<LABEL$}", truncate(label, LABEL - 1)))
}

/// `killed 4 / 5 / 5 (low / best / high)` over the members.
fn tolls(app: &App, view: &ClusterView) -> String {
    let range = |count: fn(&Incident) -> Option<u64>| {
        let mut known: Vec<u64> = view
            .members
            .iter()
            .filter_map(|&i| count(&app.shown(&app.dataset.incidents[i])))
            .collect();
        known.sort_unstable();
        let show = |n: Option<&u64>| n.map_or("?".to_string(), u64::to_string);
        format!(
            "{} / {} / {}",
            show(known.first()),
            show(known.get(known.len().saturating_sub(1) / 2)),
            show(known.last())
        )
    };
    format!(
        "killed {} · wounded {} (low / best / high)",
        range(|i| i.killed),
        range(|i| i.wounded)
    )
}
