//! `incidents check`: every error and warning in file order, each with its
//! severity (error, problem, note), then a tally.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::dataset::plural::of;
use crate::dataset::Severity;

/// `problems_only`: leave the notes out of the listing (not the tally).
pub fn check(paths: &[PathBuf], problems_only: bool, ctx: &super::Context) -> ExitCode {
    let opened = ctx.open(paths);
    let diagnostics = opened.loaded.diagnostics();
    let mut out = String::new();
    for d in diagnostics
        .iter()
        .filter(|d| !problems_only || d.severity.is_problem())
    {
        out.push_str(&d.render(&opened.label));
        out.push('\n');
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let errors = count(Severity::Error);
    let l = &opened.loaded;
    out.push_str(&format!(
        "{}: {}, {}, {}; {} read: {} and {} loaded, {} rejected\n",
        opened.label,
        of(errors, "error"),
        of(count(Severity::Problem), "problem"),
        of(count(Severity::Note), "note"),
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
