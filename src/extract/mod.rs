//! From articles to draft incidents: reading article files (plain text,
//! Markdown with front matter, HTML saved from a browser) into documents,
//! and the built-in rules that propose incidents from them, each field with
//! the span of text it came from. Pure core: no terminal code.

/// One article as read from a file: its text decoded to UTF-8 but not yet
/// cleaned for the terminal (the dataset's sanitising does that, once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The document id: the file name without its extension.
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The publication date as the format writes it (`YYYY-MM-DD`, or
    /// `YYYY-MM` / `YYYY` when only that much is known).
    pub published: Option<String>,
    pub language: Option<String>,
    pub text: String,
}
pub mod external;
