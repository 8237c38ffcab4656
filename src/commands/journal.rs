//! Opening the review journal for the browser.

use std::path::Path;

use crate::review::{paths, Entry, ReviewJournal};

/// The journal the browser writes (or only reads), its entries, and what
/// the user should be told.
pub struct OpenedJournal {
    pub journal: Option<ReviewJournal>,
    pub entries: Vec<Entry>,
    /// Why decisions cannot be recorded, when they cannot.
    pub read_only: Option<String>,
    pub messages: Vec<String>,
}

/// Opens `reviews`, or the dataset's default journal (`None`: the sample's),
/// taking its lock. A journal locked by another browser, or one that
/// cannot be written here, opens read-only, saying why.
pub fn open(dataset: Option<&Path>, reviews: Option<&Path>, reviewer: &str) -> OpenedJournal {
    let mut out = OpenedJournal {
        journal: None,
        entries: Vec::new(),
        read_only: None,
        messages: Vec::new(),
    };
    let path = match reviews {
        Some(p) => p.to_path_buf(),
        None => match paths::prepare_default_journal(dataset) {
            Ok(p) => p,
            Err(e) => {
                out.read_only = Some(format!("no place for a review journal: {e}"));
                out.messages.push(format!(
                    "cannot create the review journal directory ({e}); reviewing is off, use --reviews FILE"
                ));
                return out;
            }
        },
    };
    match ReviewJournal::open(&path, reviewer) {
        Ok((journal, entries, warnings)) => {
            out.messages
                .extend(warnings.iter().map(|w| format!("{}: {w}", path.display())));
            out.journal = Some(journal);
            out.entries = entries;
        }
        Err(e) if e.allows_reading() => {
            out.messages.push(format!("{e}; opening it read-only"));
            out.read_only = Some(e.to_string());
            if let Ok((journal, entries, warnings)) = ReviewJournal::open_read_only(&path) {
                out.messages
                    .extend(warnings.iter().map(|w| format!("{}: {w}", path.display())));
                out.journal = Some(journal);
                out.entries = entries;
            }
        }
        Err(e) => {
            out.read_only = Some(e.to_string());
            out.messages
                .push(format!("{}: {e}; reviewing is off", path.display()));
        }
    }
    out
}
