//! A load's errors and warnings as one list, in file order.

use super::Loaded;
use crate::dataset::diagnostic::{Diagnostic, Location};

impl Loaded {
    /// Every error and warning, in file order: the file's own first, then
    /// by line and column (a record's warnings at its line). What has no
    /// line (records of a whole-file JSON dataset) follows, as found.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let ds = &self.dataset;
        let at = |line: Option<std::num::NonZeroU32>| line.map_or(usize::MAX, |l| l.get() as usize);
        let mut out: Vec<((usize, usize), Diagnostic)> = self
            .errors
            .iter()
            .map(|e| {
                let key = match e.location {
                    Location::File => (0, 0),
                    Location::Position { line, column } => (line, column),
                    _ => (usize::MAX, 0),
                };
                (key, e.clone())
            })
            .collect();
        // A file warning about one line (`line 5: ...`) goes at that line.
        let file_key = |w: &str| {
            w.strip_prefix("line ")
                .and_then(|r| r.split_once(':'))
                .and_then(|(n, _)| n.parse::<usize>().ok())
                .map_or((0, 0), |n| (n, 0))
        };
        out.extend(
            ds.warnings
                .iter()
                .map(|w| (file_key(w), Diagnostic::of_warning(Location::File, w))),
        );
        for d in &ds.documents {
            let loc = || Location::Document(d.id.to_string());
            out.extend(
                d.warnings
                    .iter()
                    .map(|w| ((at(d.line), 1), Diagnostic::of_warning(loc(), w))),
            );
        }
        for i in &ds.incidents {
            let loc = || Location::Incident(i.id.to_string());
            out.extend(
                i.warnings
                    .iter()
                    .map(|w| ((at(i.line), 1), Diagnostic::of_warning(loc(), w))),
            );
        }
        out.sort_by_key(|(key, _)| *key);
        out.into_iter().map(|(_, d)| d).collect()
    }
}
