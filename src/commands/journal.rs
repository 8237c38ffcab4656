//! Opening the review journal: for the browser, and for the commands that
//! only read it (summary, export, search).

use std::path::{Path, PathBuf};

use crate::dataset::Dataset;
use crate::review::{overlay, paths, Entry, JournalError, ReviewJournal, ReviewState};

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

/// Where a command that only reads the reviews finds them: `reviews`, else
/// the dataset's default journal in the data directory (`None`: the
/// sample's), as the browser does.
pub fn journal_path(dataset: Option<&Path>, reviews: Option<&Path>) -> std::io::Result<PathBuf> {
    match reviews {
        Some(p) => Ok(p.to_path_buf()),
        None => paths::default_journal(dataset),
    }
}

/// A journal's entries, and its warnings (each naming the file).
pub type JournalRead = (Vec<Entry>, Vec<String>);

/// Reads the journal at `path` without taking its lock: its entries and
/// its warnings (each naming the file). `None` when it does not exist and
/// was not asked for by name (`explicit`): nobody has reviewed yet.
pub fn read_entries(path: &Path, explicit: bool) -> Result<Option<JournalRead>, String> {
    match ReviewJournal::open_read_only(path) {
        Ok((_, entries, warnings)) => Ok(Some((
            entries,
            warnings
                .iter()
                .map(|w| format!("{}: {w}", path.display()))
                .collect(),
        ))),
        Err(JournalError::NotFound { .. }) if !explicit => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The review state the browser would open `dataset` with: `reviews`, else
/// the default journal, replayed; `None` when there is no journal (or no
/// data directory to hold one). Warnings go to standard error.
pub fn review_state(
    dataset: Option<&Path>,
    reviews: Option<&Path>,
) -> Result<Option<ReviewState>, String> {
    let Ok(path) = journal_path(dataset, reviews) else {
        return Ok(None);
    };
    let Some((entries, warnings)) = read_entries(&path, reviews.is_some())? else {
        return Ok(None);
    };
    let (state, replayed) = ReviewState::replay(&entries);
    for w in warnings
        .into_iter()
        .chain(replayed.iter().map(|w| format!("{}: {w}", path.display())))
    {
        say!("incidents: {w}");
    }
    Ok(Some(state))
}

/// The dataset as reviewed structurally (`review::with_edits`): with the
/// incidents reviewers added and the evidence they edited. Edits that do
/// not fit the dataset are reported on standard error.
pub fn with_review_edits(dataset: Dataset, state: &ReviewState) -> Dataset {
    match overlay::edit(&dataset, state) {
        None => dataset,
        Some(edited) => {
            for w in &edited.warnings {
                say!("incidents: review journal: {w}");
            }
            edited.dataset
        }
    }
}
