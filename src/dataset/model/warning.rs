//! Warnings on records and files, each with its severity: a **problem**
//! (something may be wrong: an ungrounded quote, a casualty mismatch, a date
//! that does not parse, an unknown province, bytes replaced while decoding)
//! or a **note** (worth knowing, nothing wrong: fields without evidence,
//! characters removed by cleaning, a row read in a documented way). The
//! list's `!` and `has:problem` ask for problems only.

use std::sync::Arc;

/// How much a warning matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Something may be wrong with the record; a reviewer should look.
    Problem,
    /// Worth knowing; nothing is wrong.
    Note,
}

impl WarningKind {
    /// The word `incidents check` prints.
    pub fn name(self) -> &'static str {
        match self {
            WarningKind::Problem => "problem",
            WarningKind::Note => "note",
        }
    }
}

/// One warning: its text (shared: the evidence checks give the incidents
/// that lack the same fields' evidence one copy between them) and its kind.
/// It reads as its text wherever a `&str` is wanted.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    text: Arc<str>,
    kind: WarningKind,
}

impl Warning {
    pub fn problem(text: impl Into<Arc<str>>) -> Warning {
        Warning {
            text: text.into(),
            kind: WarningKind::Problem,
        }
    }

    pub fn note(text: impl Into<Arc<str>>) -> Warning {
        Warning {
            text: text.into(),
            kind: WarningKind::Note,
        }
    }

    pub fn kind(&self) -> WarningKind {
        self.kind
    }

    pub fn is_problem(&self) -> bool {
        self.kind == WarningKind::Problem
    }

    pub fn is_note(&self) -> bool {
        self.kind == WarningKind::Note
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The shared text itself.
    pub fn shared_text(&self) -> &Arc<str> {
        &self.text
    }
}

/// A bare message is a problem: the notes are the few kinds named above,
/// made with [`Warning::note`] where they are found.
impl From<String> for Warning {
    fn from(text: String) -> Warning {
        Warning::problem(text)
    }
}

impl From<&str> for Warning {
    fn from(text: &str) -> Warning {
        Warning::problem(text)
    }
}

impl From<Arc<str>> for Warning {
    fn from(text: Arc<str>) -> Warning {
        Warning::problem(text)
    }
}

impl std::ops::Deref for Warning {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for Warning {
    fn eq(&self, other: &str) -> bool {
        *self.text == *other
    }
}

impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        *self.text == **other
    }
}

impl AsRef<str> for Warning {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::fmt::Debug for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            WarningKind::Problem => write!(f, "{:?}", &*self.text),
            WarningKind::Note => write!(f, "note {:?}", &*self.text),
        }
    }
}

/// The warnings on one record, held at their exact size: once its evidence
/// is checked many an incident has one, few have more, and they are kept
/// for the life of the dataset, a million times over (a vector's spare room
/// and its capacity would be paid on each).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Warnings(Box<[Warning]>);

impl Warnings {
    /// Adds a warning; a bare message is a problem.
    pub fn push(&mut self, warning: impl Into<Warning>) {
        self.extend([warning.into()]);
    }

    /// Adds a note.
    pub fn note(&mut self, text: impl Into<Arc<str>>) {
        self.push(Warning::note(text));
    }

    /// Keeps the warnings `keep` says yes to.
    pub fn retain(&mut self, keep: impl FnMut(&Warning) -> bool) {
        let mut all = std::mem::take(&mut self.0).into_vec();
        all.retain(keep);
        self.0 = all.into_boxed_slice();
    }

    /// How many are problems.
    pub fn problems(&self) -> usize {
        self.0.iter().filter(|w| w.is_problem()).count()
    }

    /// Whether any is a problem.
    pub fn has_problem(&self) -> bool {
        self.0.iter().any(Warning::is_problem)
    }

    /// Whether any is a note.
    pub fn has_note(&self) -> bool {
        self.0.iter().any(Warning::is_note)
    }
}

impl Extend<Warning> for Warnings {
    fn extend<I: IntoIterator<Item = Warning>>(&mut self, warnings: I) {
        let mut warnings = warnings.into_iter().peekable();
        if warnings.peek().is_none() {
            return;
        }
        let mut all = std::mem::take(&mut self.0).into_vec();
        all.extend(warnings);
        self.0 = all.into_boxed_slice();
    }
}

impl Extend<Arc<str>> for Warnings {
    fn extend<I: IntoIterator<Item = Arc<str>>>(&mut self, warnings: I) {
        self.extend(warnings.into_iter().map(Warning::problem));
    }
}

impl Extend<String> for Warnings {
    fn extend<I: IntoIterator<Item = String>>(&mut self, warnings: I) {
        self.extend(warnings.into_iter().map(Warning::problem));
    }
}

impl From<Vec<String>> for Warnings {
    fn from(warnings: Vec<String>) -> Warnings {
        let mut out = Warnings::default();
        out.extend(warnings);
        out
    }
}

impl From<Vec<Warning>> for Warnings {
    fn from(warnings: Vec<Warning>) -> Warnings {
        Warnings(warnings.into_boxed_slice())
    }
}

impl std::ops::Deref for Warnings {
    type Target = [Warning];
    fn deref(&self) -> &[Warning] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Warnings {
    type Item = &'a Warning;
    type IntoIter = std::slice::Iter<'a, Warning>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: AsRef<str>, const N: usize> PartialEq<[T; N]> for Warnings {
    fn eq(&self, other: &[T; N]) -> bool {
        self.0.len() == N
            && self
                .0
                .iter()
                .zip(other)
                .all(|(a, b)| a.text() == b.as_ref())
    }
}

impl std::fmt::Debug for Warnings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_messages_are_problems_and_notes_are_counted_apart() {
        let mut w = Warnings::default();
        w.push("date \"soon\" does not parse".to_string());
        w.note("no evidence for: date");
        assert_eq!(w.len(), 2);
        assert_eq!(w.problems(), 1);
        assert!(w.has_problem() && w.has_note());
        assert!(w[0].is_problem() && w[1].is_note());
        assert!(w[1].contains("no evidence"));
        w.retain(Warning::is_note);
        assert!(!w.has_problem());
        assert_eq!(w, ["no evidence for: date"]);
    }
}
