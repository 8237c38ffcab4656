//! `incidents summary`: the summary bar's numbers, as a table or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{print_errors, summary_of};
use crate::summary::Summary;

pub fn summary(
    paths: &[PathBuf],
    json: bool,
    reviews: Option<&Path>,
    include_rejected: bool,
    ctx: &super::Context,
) -> ExitCode {
    let opened = ctx.open(paths);
    let path = paths.first().map(PathBuf::as_path);
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        eprintln!("incidents: the summary covers only the records that loaded");
    }
    let state = match super::journal::review_state(path, reviews) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("incidents: {e}");
            return ExitCode::FAILURE;
        }
    };
    let s = match state {
        None => summary_of(&opened.loaded),
        Some(state) => {
            // As the summary bar: corrections applied, rejected left out.
            // Incidents reviewers added count like the others.
            let dataset = super::journal::with_review_edits(opened.loaded.dataset.clone(), &state);
            let mut app = crate::app::App::new(dataset, "");
            app.update(crate::app::Msg::Opened(Box::new(crate::app::Opening {
                review: state,
                include_rejected,
                ..Default::default()
            })));
            app.summary
        }
    };
    if json {
        match serde_json::to_string_pretty(&s) {
            Ok(text) => {
                super::out::print(&format!("{text}\n"));
            }
            Err(e) => {
                eprintln!("incidents: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        super::out::print(&table(&s));
    }
    if opened.loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A plain-text table, aligned, with the total last.
pub fn table(s: &Summary) -> String {
    let name_width = s
        .provinces
        .iter()
        .map(|p| crate::app::wrap::width(&p.province))
        .chain([8])
        .max()
        .unwrap_or(8);
    let mut out = format!(
        "{:<name_width$}  {:>9}  {:>6}  {:>7}  {:>14}  {:>15}\n",
        "province", "incidents", "killed", "wounded", "killed_unknown", "wounded_unknown"
    );
    let row = |name: &str, t: &crate::summary::Totals| {
        let pad = name_width.saturating_sub(crate::app::wrap::width(name));
        format!(
            "{name}{}  {:>9}  {:>6}  {:>7}  {:>14}  {:>15}\n",
            " ".repeat(pad),
            t.incidents,
            t.killed,
            t.wounded,
            t.killed_unknown,
            t.wounded_unknown
        )
    };
    for p in &s.provinces {
        out.push_str(&row(&p.province, &p.totals));
    }
    out.push_str(&row("total", &s.total));
    out
}
