//! Errors and warnings found while loading, with where they were found.

use std::fmt;

/// How much a diagnostic matters: an error rejected a record or the file;
/// a problem or a note is a warning kept on what was loaded (see
/// [`super::WarningKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Problem,
    Note,
}

impl Severity {
    /// The word printed before the message.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Problem => "problem",
            Severity::Note => "note",
        }
    }

    /// An error or a problem: something to look at.
    pub fn is_problem(self) -> bool {
        self != Severity::Note
    }
}

impl From<super::WarningKind> for Severity {
    fn from(kind: super::WarningKind) -> Severity {
        match kind {
            super::WarningKind::Problem => Severity::Problem,
            super::WarningKind::Note => Severity::Note,
        }
    }
}

/// Where in the input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (missing, empty, a directory…).
    File,
    /// A line and column (both 1-based), for syntax errors and JSONL records.
    Position { line: usize, column: usize },
    /// A record of a whole-file JSON dataset, by collection and index.
    Record {
        collection: &'static str,
        index: usize,
        id: Option<String>,
    },
    /// A loaded incident (content warnings).
    Incident(String),
    /// A loaded document (content warnings).
    Document(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
        }
    }

    /// A problem kept on what was loaded.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Problem,
            location,
            message: message.into(),
        }
    }

    /// A warning of a record or the file, with its own severity.
    pub fn of_warning(location: Location, warning: &super::Warning) -> Self {
        Diagnostic {
            severity: warning.kind().into(),
            location,
            message: warning.text().to_string(),
        }
    }

    /// One line in the compiler-like format `incidents check` prints:
    /// `PATH:LINE:COL: error: ...` or `PATH: incident ID: problem: ...`.
    pub fn render(&self, path: &str) -> String {
        format!("{}", DisplayWithPath { path, diag: self })
    }
}

struct DisplayWithPath<'a> {
    path: &'a str,
    diag: &'a Diagnostic,
}

impl fmt::Display for DisplayWithPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path;
        match &self.diag.location {
            Location::File => write!(f, "{path}: ")?,
            Location::Position { line, column } => write!(f, "{path}:{line}:{column}: ")?,
            Location::Record {
                collection,
                index,
                id: Some(id),
            } => write!(f, "{path}: {collection}[{index}] (id {id:?}): ")?,
            Location::Record {
                collection,
                index,
                id: None,
            } => write!(f, "{path}: {collection}[{index}]: ")?,
            Location::Incident(id) => write!(f, "{path}: incident {id}: ")?,
            Location::Document(id) => write!(f, "{path}: document {id}: ")?,
        }
        write!(f, "{}: {}", self.diag.severity.name(), self.diag.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let e = Diagnostic::error(Location::Position { line: 3, column: 7 }, "expected `,`");
        assert_eq!(e.render("a.jsonl"), "a.jsonl:3:7: error: expected `,`");
        let w = Diagnostic::warning(Location::Incident("inc-1".into()), "date does not parse");
        assert_eq!(
            w.render("a.jsonl"),
            "a.jsonl: incident inc-1: problem: date does not parse"
        );
        let r = Diagnostic::error(
            Location::Record {
                collection: "incidents",
                index: 4,
                id: Some("x".into()),
            },
            "killed must be a non-negative integer",
        );
        assert_eq!(
            r.render("d.json"),
            "d.json: incidents[4] (id \"x\"): error: killed must be a non-negative integer"
        );
    }
}
