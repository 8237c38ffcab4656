//! The summary bar: killed and wounded per province for the listed
//! incidents, largest first, as many as fit, then the total.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::Theme;
use crate::app::wrap::{truncate, width};
use crate::app::App;
use crate::summary::{ProvinceTotals, Summary, Totals};

fn entry(p: &ProvinceTotals) -> String {
    let unknown = if p.totals.killed_unknown + p.totals.wounded_unknown > 0 {
        "?"
    } else {
        ""
    };
    format!(
        "{} {}/{}{unknown}",
        p.province, p.totals.killed, p.totals.wounded
    )
}

/// The province line: as many entries as fit in `room` columns, then how
/// many provinces are not shown.
pub fn province_line(summary: &Summary, room: usize) -> String {
    let prefix = if room >= 60 {
        "Killed/wounded by province: "
    } else {
        "K/W: "
    };
    let n = summary.provinces.len();
    if n == 0 {
        return format!("{prefix}no incidents listed");
    }
    let mut line = prefix.to_string();
    for (i, p) in summary.provinces.iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        let candidate = format!("{line}{sep}{}", entry(p));
        let rest = n - i - 1;
        let suffix = if rest > 0 {
            format!(" +{rest} more")
        } else {
            String::new()
        };
        if width(&candidate) + width(&suffix) > room {
            return format!("{line} +{} more", n - i);
        }
        line = candidate;
    }
    line
}

/// The total line, long or short to fit, in words as long as they fit
/// (unknown counts as killed/wounded, the order of the province line).
pub fn total_line(t: &Totals, room: usize) -> String {
    let (n, k, w) = (t.incidents, t.killed, t.wounded);
    let unknown = format!("unknown {}/{}", t.killed_unknown, t.wounded_unknown);
    let candidates = [
        format!(
            "Total: {n} incidents · {k} killed · {w} wounded · unknown counts: {} killed, {} wounded (? marks a province with some)",
            t.killed_unknown, t.wounded_unknown
        ),
        format!(
            "Total: {n} incidents · {k} killed · {w} wounded · unknown: {} killed, {} wounded",
            t.killed_unknown, t.wounded_unknown
        ),
        format!("Total: {n} incidents · {k} killed · {w} wounded · {unknown}"),
        format!("{n} incidents · {k} killed · {w} wounded · {unknown}"),
        format!("{k} killed · {w} wounded · {unknown}"),
        format!("K/W {k}/{w} · {unknown}"),
    ];
    match candidates.iter().find(|c| width(c) <= room) {
        Some(line) => line.clone(),
        None => truncate(
            &format!("K/W {k}/{w} ?{}/{}", t.killed_unknown, t.wounded_unknown),
            room,
        ),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    render_summary(frame, area, &app.summary, theme);
    if app.clusters.count_once && area.height > 0 {
        // Over the end of the province line: the totals say what is counted.
        let note = truncate(" counting confirmed events once ", usize::from(area.width));
        let w = u16::try_from(width(&note))
            .unwrap_or(area.width)
            .min(area.width);
        frame.render_widget(
            Line::from(Span::styled(note, theme.heading)),
            Rect::new(area.x + area.width - w, area.y, w, 1),
        );
    }
}

/// The two lines of `summary` (the loading screen shows its running
/// totals the same way).
pub(crate) fn render_summary(frame: &mut Frame, area: Rect, summary: &Summary, theme: &Theme) {
    let room = usize::from(area.width).saturating_sub(2);
    let lines = vec![
        Line::from(Span::raw(format!(" {}", province_line(summary, room)))),
        Line::from(Span::raw(format!(" {}", total_line(&summary.total, room)))),
    ];
    frame.render_widget(Paragraph::new(lines).style(theme.bar), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(n: usize) -> Summary {
        Summary {
            provinces: (0..n)
                .map(|i| ProvinceTotals {
                    province: format!("Province{i}"),
                    totals: Totals {
                        incidents: 1,
                        killed: 10,
                        wounded: 2,
                        killed_unknown: u64::from(i == 0),
                        wounded_unknown: 0,
                    },
                })
                .collect(),
            total: Totals::default(),
        }
    }

    #[test]
    fn shows_what_fits_and_counts_the_rest() {
        let s = summary(10);
        let line = province_line(&s, 60);
        assert!(width(&line) <= 60, "{line}");
        assert!(line.contains("Province0 10/2?"), "{line}");
        assert!(line.ends_with("more"), "{line}");
        let shown = line.matches("Province").count();
        assert!(line.ends_with(&format!("+{} more", 10 - shown)), "{line}");
        let all = province_line(&s, 1000);
        assert_eq!(all.matches("Province").count(), 10);
        assert!(!all.contains("more"));
    }

    #[test]
    fn total_line_always_fits() {
        let t = Totals {
            incidents: 12345,
            killed: 999,
            wounded: 1000,
            killed_unknown: 3,
            wounded_unknown: 4,
        };
        for room in [0, 5, 20, 40, 80, 200] {
            assert!(width(&total_line(&t, room)) <= room.max(1), "{room}");
        }
    }

    #[test]
    fn total_line_stays_readable_when_narrow() {
        // A 50-column screen used to read "Σ 8 inc · 30k 4w · ?0k ?4w".
        let t = Totals {
            incidents: 8,
            killed: 30,
            wounded: 4,
            killed_unknown: 0,
            wounded_unknown: 4,
        };
        assert_eq!(
            total_line(&t, 49),
            "8 incidents · 30 killed · 4 wounded · unknown 0/4"
        );
        assert_eq!(total_line(&t, 48), "30 killed · 4 wounded · unknown 0/4");
        assert_eq!(total_line(&t, 28), "K/W 30/4 · unknown 0/4");
    }
}
