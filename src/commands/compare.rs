//! `incidents compare`: OTHER's incidents against REFERENCE's, as a
//! report or JSON (see [`crate::compare`]).

use std::path::Path;
use std::process::ExitCode;

use super::{print_errors, Opened};
use crate::dataset::Location;
use crate::evidence::Gazetteers;

/// A dataset that could not be loaded, a gazetteer that could not be read.
const TROUBLE: u8 = 2;

pub fn compare(
    reference: &Path,
    other: &Path,
    json: bool,
    skip_invalid: bool,
    ctx: &super::Context,
) -> ExitCode {
    let (Some(reference), Some(other)) = (
        loaded(ctx.open_one(Some(reference)), skip_invalid, "compared"),
        loaded(ctx.open_one(Some(other)), skip_invalid, "compared"),
    ) else {
        return ExitCode::from(TROUBLE);
    };
    let mut report = crate::compare::compare(
        &reference.loaded.dataset,
        &other.loaded.dataset,
        &Gazetteers::new(&ctx.gazetteers),
    );
    // The paths as typed say which is which better than the datasets' names.
    report.reference.name = reference.label;
    report.other.name = other.label;
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                super::out::print(&format!("{text}\n"));
            }
            Err(e) => {
                say!("incidents: {e}");
                return ExitCode::from(TROUBLE);
            }
        }
    } else {
        super::out::print(&report.to_text());
    }
    ExitCode::SUCCESS
}

/// The dataset, or `None` after printing why nothing is `done` with it
/// ("compared"): an unreadable file, or records with errors without
/// --skip-invalid.
pub(super) fn loaded(opened: Opened, skip_invalid: bool, done: &str) -> Option<Opened> {
    if opened.loaded.errors.is_empty() {
        return Some(opened);
    }
    print_errors(&opened, 20);
    let fatal = opened
        .loaded
        .errors
        .iter()
        .any(|d| matches!(d.location, Location::File));
    if fatal || !skip_invalid {
        say!(
            "incidents: {} in {}; nothing {done}{}.",
            crate::dataset::plural::of(opened.loaded.errors.len(), "error"),
            opened.label,
            if fatal {
                String::new()
            } else {
                format!("; with --skip-invalid the records that loaded are {done}")
            }
        );
        return None;
    }
    Some(opened)
}
