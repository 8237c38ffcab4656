//! `incidents summary`: the summary bar's numbers, as a table or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{open, print_errors, summary_of};
use crate::summary::Summary;

pub fn summary(path: Option<&Path>, json: bool, gazetteer_files: &[PathBuf]) -> ExitCode {
    let gazetteers = match super::gazetteers(gazetteer_files) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("incidents: {e}");
            return ExitCode::FAILURE;
        }
    };
    let opened = open(path, &gazetteers);
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        eprintln!("incidents: the summary covers only the records that loaded");
    }
    let s = summary_of(&opened.loaded);
    if json {
        match serde_json::to_string_pretty(&s) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("incidents: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", table(&s));
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
