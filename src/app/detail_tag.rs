//! The pieces the detail pane is laid out from, by meaning rather than
//! colour: what each run of text is, and where evidence spans are drawn.

use std::ops::Range;

use crate::dataset::FieldKind;

/// The meaning of a piece of the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Plain,
    Heading,
    Label,
    Dim,
    Warning,
    /// Evidence for a field of this kind; `true` when it is the current span.
    Evidence(FieldKind, bool),
    /// The colour swatch of a legend entry.
    Swatch(FieldKind),
    /// A value a reviewer corrected, and review status lines.
    Corrected,
    /// Words the search's quoted terms matched.
    Match,
    /// Text selected in select mode.
    Selection,
    /// The word the text cursor is on.
    Cursor,
}

/// The columns one evidence span covers on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceCell {
    pub row: usize,
    pub columns: Range<usize>,
    /// Index into [`evidence_spans`].
    pub span: usize,
    /// Length of the span in bytes (a shorter span is drawn on top).
    pub len: usize,
}
