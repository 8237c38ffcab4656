//! `incidents summary`: the summary bar's numbers, as a table or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::{print_errors, summary_of};
use crate::cli::SummaryBy;
use crate::summary::Summary;

/// What `incidents summary` was asked for besides the dataset.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryArgs<'a> {
    pub json: bool,
    pub csv: bool,
    pub reviews: Option<&'a Path>,
    pub include_rejected: bool,
    pub by: Option<SummaryBy>,
    pub query: Option<&'a str>,
    /// Each group decided the same event counted once.
    pub count_clusters_once: bool,
}

/// The summary with each group reviewers decided the same event counted
/// once (`dedup::count_once`), rejected incidents left out unless asked.
fn counted_once(
    dataset: crate::dataset::Dataset,
    state: &crate::review::ReviewState,
    include_rejected: bool,
) -> Summary {
    let dataset = super::journal::with_review_edits(dataset, state);
    let incidents: Vec<std::borrow::Cow<'_, crate::dataset::Incident>> = if include_rejected {
        dataset
            .incidents
            .iter()
            .map(|i| std::borrow::Cow::Owned(state.effective_in(i, &dataset.province_aliases)))
            .collect()
    } else {
        state.summary_incidents(&dataset.incidents)
    };
    let once = crate::dedup::count_once(incidents, &state.same_groups());
    crate::summary::summarize(once.iter().map(|i| i.as_ref()))
}

pub fn summary(paths: &[PathBuf], args: SummaryArgs<'_>, ctx: &super::Context) -> ExitCode {
    let SummaryArgs {
        json,
        reviews,
        include_rejected,
        ..
    } = args;
    // A typo in the query should not wait for a gigabyte to load.
    if let Some(Err(e)) = args.query.map(crate::query::parse) {
        say!("incidents: malformed query: {e}");
        return ExitCode::from(2);
    }
    let opened = ctx.open(paths);
    let path = paths.first().map(PathBuf::as_path);
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        say!("incidents: the summary covers only the records that loaded");
    }
    let state = match super::journal::review_state(path, reviews) {
        Ok(state) => state,
        Err(e) => {
            say!("incidents: {e}");
            return ExitCode::FAILURE;
        }
    };
    let printed = if args.by.is_some() || args.query.is_some() {
        let app = super::summary_by::listed_app(
            Arc::new(opened.loaded.dataset),
            state.unwrap_or_default(),
            include_rejected,
            args.query,
        );
        match args.by {
            Some(by) => super::summary_by::print(&app, by, args),
            None => print_summary(&app.summary, json),
        }
    } else {
        let s = match state {
            Some(state) if args.count_clusters_once => {
                counted_once(opened.loaded.dataset, &state, include_rejected)
            }
            None => summary_of(&opened.loaded),
            Some(state) => {
                // As the summary bar: corrections applied, rejected left out.
                let mut app = crate::app::App::new(opened.loaded.dataset.clone(), "");
                app.update(crate::app::Msg::Opened(Box::new(crate::app::Opening {
                    review: state,
                    include_rejected,
                    ..Default::default()
                })));
                app.summary
            }
        };
        print_summary(&s, json)
    };
    if !printed {
        return ExitCode::FAILURE;
    }
    if opened.loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints the province summary; false when it could not be written.
fn print_summary(s: &Summary, json: bool) -> bool {
    if json {
        match serde_json::to_string_pretty(s) {
            Ok(text) => {
                super::out::print(&format!("{text}\n"));
            }
            Err(e) => {
                say!("incidents: {e}");
                return false;
            }
        }
    } else {
        super::out::print(&table(s));
    }
    true
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
