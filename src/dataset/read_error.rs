//! Why a file of ours (a gazetteer, a lexicon) could not be read: the
//! message says what is wrong, the caller names the file.

/// Reading a JSON file of place names or words failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// It parsed, but says something impossible.
    #[error("{0}")]
    Invalid(String),
}
