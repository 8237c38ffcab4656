//! The integration tests, in one binary: each module was a test binary of
//! its own, and linking the crate with its dev-dependencies 24 times
//! dominated a fresh `cargo test`.

mod common;

mod annotate_e2e;
mod annotate_ui;
mod charts_ui;
mod cli;
mod compare_cli;
mod convert;
mod csv_import;
mod dup_browser;
mod duplicate_review;
mod duplicates_cli;
mod e2e_pty;
mod evidence_snapshots;
mod external_extractor;
mod extract_cli;
mod extract_e2e;
mod extract_hostile;
mod gazetteer_cli;
mod hangup;
mod hostile_render;
mod hostile_snapshots;
mod huge_terminal;
mod journal_lock;
mod journal_replaced;
mod journal_replaced_e2e;
mod layers;
mod loader_mutations;
mod loading_snapshots;
mod notices_e2e;
mod real_exports;
mod review_annot;
mod review_crash;
mod review_crash_browser;
mod review_export;
mod review_journal;
mod review_replay;
mod review_structure_replay;
mod review_ui;
mod search_cli;
mod search_echo;
mod search_reviews;
mod search_ui;
mod select_ui;
mod settings_ui;
mod small_screens;
mod snapshots;
mod summary_by;
