//! `incidents check`: every error and warning, then a tally.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::dataset::Severity;

pub fn check(paths: &[PathBuf], ctx: &super::Context) -> ExitCode {
    let opened = ctx.open(paths);
    let diagnostics = opened.loaded.diagnostics();
    let mut out = String::new();
    for d in &diagnostics {
        out.push_str(&d.render(&opened.label));
        out.push('\n');
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let l = &opened.loaded;
    out.push_str(&format!(
        "{}: {} error(s), {} warning(s); {} record(s) read: {} incident(s) and {} document(s) loaded, {} rejected\n",
        opened.label,
        errors,
        warnings,
        l.records_read,
        l.dataset.incidents.len(),
        l.dataset.documents.len(),
        l.rejected
    ));
    super::out::print(&out);
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
