//! `incidents summary --by COLUMN|UNIT [--query Q]`: the frequency table
//! or the timeline the browser shows, as text, CSV or JSON. The figures
//! come from the browser's own state after the same search, so they are
//! the browser's, and their totals are the summary bar's.

use std::sync::Arc;

use serde_json::{json, Value};

use super::summary::SummaryArgs;
use crate::app::{App, Msg, Opening};
use crate::cli::SummaryBy;
use crate::dataset::Dataset;
use crate::review::ReviewState;
use crate::session::Session;
use crate::summary::{FrequencyTable, Timeline, Totals};

/// The browser's state on `dataset` with `review`, listing what `query`
/// finds (every incident without one).
pub fn listed_app(
    dataset: Arc<Dataset>,
    review: ReviewState,
    include_rejected: bool,
    query: Option<&str>,
) -> App {
    let mut app = App::new(dataset, "");
    app.update(Msg::Opened(Box::new(Opening {
        review,
        include_rejected,
        ..Default::default()
    })));
    if let Some(query) = query.filter(|q| !q.trim().is_empty()) {
        let mut session = Session::new(None, None);
        app.search.set(query);
        let effect = app.search_effect();
        for msg in session.run(&app, effect) {
            session.send(&mut app, msg);
        }
        while app.search_pending() {
            let before = app.shown_generation;
            session.receive(&mut app);
            if app.shown_generation == before {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }
    app
}

const COUNTS: [&str; 5] = [
    "incidents",
    "killed",
    "wounded",
    "killed_unknown",
    "wounded_unknown",
];

fn counts(t: &Totals) -> [String; 5] {
    [
        t.incidents,
        t.killed,
        t.wounded,
        t.killed_unknown,
        t.wounded_unknown,
    ]
    .map(|n| n.to_string())
}

/// Prints the table asked for; false when it could not be made.
pub fn print(app: &App, by: SummaryBy, args: SummaryArgs<'_>) -> bool {
    let (header, rows, json) = match by {
        SummaryBy::Time(unit) => match app.timeline_by(unit) {
            Ok(t) => timeline_rows(&t),
            Err(e) => {
                say!("incidents: {e}");
                return false;
            }
        },
        SummaryBy::Column(column) => frequency_rows(&app.frequency_by(column)),
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&json) {
            Ok(t) => format!("{t}\n"),
            Err(e) => {
                say!("incidents: {e}");
                return false;
            }
        }
    } else if args.csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        let written = std::iter::once(&header)
            .chain(&rows)
            .try_for_each(|r| w.write_record(r));
        match (written, w.into_inner()) {
            (Ok(()), Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            _ => {
                say!("incidents: could not write CSV");
                return false;
            }
        }
    } else {
        aligned(&header, &rows)
    };
    super::out::print(&text);
    true
}

type Rows = (Vec<String>, Vec<Vec<String>>, Value);

fn timeline_rows(t: &Timeline) -> Rows {
    let unit = t.unit.map_or("bin", |u| u.name());
    let mut header = vec![unit.to_string(), "from".into(), "to".into()];
    header.extend(COUNTS.map(String::from));
    let mut rows = Vec::new();
    let mut bins = Vec::new();
    for k in 0..t.bins.len() {
        let Some(bin) = t.bin(k) else {
            continue;
        };
        let mut row = vec![bin.label.clone(), bin.from.clone(), bin.to.clone()];
        row.extend(counts(&bin.totals));
        rows.push(row);
        bins.push(bin);
    }
    for (name, totals) in [
        ("not placed", &t.not_placed),
        ("undated", &t.undated),
        ("total", &t.total),
    ] {
        let mut row = vec![name.to_string(), String::new(), String::new()];
        row.extend(counts(totals));
        rows.push(row);
    }
    let json = json!({
        "by": unit,
        "bins": bins,
        "not_placed": t.not_placed,
        "undated": t.undated,
        "total": t.total,
    });
    (header, rows, json)
}

fn frequency_rows(t: &FrequencyTable) -> Rows {
    let mut header = vec![t.column.name().to_string()];
    header.extend(COUNTS.map(String::from));
    header.extend(["killed_last_4_weeks", "killed_prior_4_weeks", "change"].map(String::from));
    let row = |name: &str, totals: &Totals, change: &crate::summary::frequency::Change| {
        let mut row = vec![name.to_string()];
        row.extend(counts(totals));
        row.push(change.recent.to_string());
        row.push(change.prior.to_string());
        row.push(
            change
                .percent()
                .map_or_else(|| change.text().replace('–', ""), |p| format!("{p:+}%")),
        );
        row
    };
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| row(&r.value, &r.totals, &r.change))
        .collect();
    rows.push(row("total", &t.total, &t.change));
    let mut json = serde_json::to_value(t).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut json {
        m.insert("by".into(), Value::String(t.column.name().into()));
    }
    (header, rows, json)
}

/// Columns padded to their widest cell, numbers on the right.
fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let width = crate::app::wrap::width;
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            std::iter::once(header)
                .chain(rows.iter().map(Vec::as_slice))
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, &w))| {
                let pad = " ".repeat(w.saturating_sub(width(s)));
                // The first columns name the row; the rest are numbers.
                if c == 0 || (c < 3 && header.get(1).is_some_and(|h| h == "from")) {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
