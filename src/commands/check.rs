//! `incidents check`: every error and warning, then a tally.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::dataset::plural::of;
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
        "{}: {}, {}; {} read: {} and {} loaded, {} rejected\n",
        opened.label,
        of(errors, "error"),
        of(warnings, "warning"),
        of(l.records_read, "record"),
        of(l.dataset.incidents.len(), "incident"),
        of(l.dataset.documents.len(), "document"),
        l.rejected
    ));
    super::out::print(&out);
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
