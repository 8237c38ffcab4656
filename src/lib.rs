//! `incidents`: a terminal browser for incident datasets extracted from news
//! articles. The core (dataset, summary) knows nothing of terminals; `app`
//! holds the browser's state and how actions change it; `ui` draws it;
//! `tui` runs it in a real terminal.

pub mod app;
pub mod cli;
pub mod commands;
pub mod dataset;
pub mod input;
pub mod query;
pub mod review;
pub mod summary;
pub mod tui;
pub mod ui;

/// The sample dataset compiled into the binary, opened when no path is given.
pub const SAMPLE_JSONL: &str = include_str!("../assets/sample.jsonl");

/// Loads the embedded sample dataset.
pub fn load_sample() -> dataset::Loaded {
    dataset::load_bytes(dataset::SAMPLE_NAME, SAMPLE_JSONL.as_bytes())
}
