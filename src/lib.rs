//! `incidents`: a terminal browser for incident datasets extracted from news
//! articles. The core (dataset, summary) knows nothing of terminals; `app`
//! holds the browser's state and how actions change it; `ui` draws it;
//! `tui` runs it in a real terminal.

pub mod app;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod config;
pub mod dataset;
pub mod dedup;
pub mod evidence;
pub mod extract;
pub mod input;
pub mod query;
pub mod review;
pub mod session;
pub mod settings;
pub mod summary;
pub mod tui;
pub mod ui;

/// The sample dataset compiled into the binary, opened when no path is given.
pub const SAMPLE_JSONL: &str = include_str!("../assets/sample.jsonl");

/// Loads the embedded sample dataset, with its evidence checked against
/// the built-in Iraq gazetteer.
pub fn load_sample() -> dataset::Loaded {
    let mut loaded = dataset::load_bytes(dataset::SAMPLE_NAME, SAMPLE_JSONL.as_bytes());
    evidence::apply(&mut loaded.dataset, &[evidence::Gazetteer::iraq()]);
    loaded
}
