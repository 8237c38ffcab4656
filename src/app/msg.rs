//! Everything that changes the browser: one message type that
//! [`App::update`](super::App::update) takes. Keys become messages through
//! the key map (`crate::input`), work done off the UI thread reports back
//! with messages (`crate::session`, `crate::tui`), and nothing else writes
//! the state.

use super::action::Action;
use super::text_input::InputKey;
use std::sync::Arc;

use crate::dataset::Progress;
use crate::extract::Extractor;
use crate::query::SearchResult;
use crate::review::{Entry, Relocation, ReviewState};

#[derive(Debug, Clone)]
pub enum Msg {
    /// A user intent, from the key map.
    Action(Action),
    /// A key while a text has the keyboard (search box, note, reason, edit form).
    Input(InputKey),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A left click at this column and row: selects a list row, or shows
    /// which field the evidence span under the pointer supports.
    Click(u16, u16),
    /// The pointer moved with the left button held, to this column and
    /// row: selects the article text from where the button went down.
    Drag(u16, u16),
    /// The wheel turned up over this column and row: scrolls that pane.
    ScrollUp(u16, u16),
    /// The wheel turned down over this column and row: scrolls that pane.
    ScrollDown(u16, u16),
    /// A search finished (only the newest one asked for is used).
    SearchResult(SearchResult),
    /// The journal durably recorded `entry` for `incident` (dataset index;
    /// none for an incident added or an article marked):
    /// only now does the decision show, as saved. `moved`: the journal's
    /// path named another file, reloaded first (its decisions come before
    /// this one).
    Journaled {
        incident: Option<usize>,
        entry: Box<Entry>,
        moved: Option<Box<Relocation>>,
    },
    /// The journal could not record a decision: nothing changes, and the
    /// user is told why.
    JournalFailed(String),
    /// A one-off message for the status line (a saved file, an error).
    Notice(String),
    /// The review journal as opened, and how the browser starts.
    Opened(Box<Opening>),
    /// The loader's progress (loading screen).
    Progress(Progress),
    /// The file is read; the evidence checks run (loading screen).
    Checking,
    /// Look at the incidents read so far (loading screen).
    Arrived,
    /// The likely duplicates in `dataset` (the one the browser showed when
    /// they were looked for, off the UI thread).
    DuplicatesFound {
        dataset: Arc<crate::dataset::Dataset>,
        found: Arc<crate::dedup::Duplicates>,
    },
}

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Action(action)
    }
}

/// How the browser starts on a dataset: its review, where the review is
/// kept, preferences, what to say first, and which incident to select.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The replay of the review journal.
    pub review: ReviewState,
    /// The journal's path as shown, when there is one.
    pub journal_label: Option<String>,
    /// Why decisions cannot be recorded (the journal is locked elsewhere).
    pub read_only: Option<String>,
    /// Move to the next unreviewed incident after accepting.
    pub advance_on_accept: bool,
    /// Count rejected incidents in the summary too.
    pub include_rejected: bool,
    /// Keys and what they do, for the help overlay.
    pub key_help: Vec<(String, String)>,
    /// The first notice to show.
    pub notice: Option<String>,
    /// Every message from opening (config, journal, dataset), which help
    /// lists until the browser closes.
    pub notices: Vec<String>,
    /// The incident to select, by id (the one picked while loading).
    pub select: Option<String>,
    /// The rules, for what a selection in the article states (and to
    /// prefill an incident added from it).
    pub extractor: Option<Arc<Extractor>>,
}

impl Default for Opening {
    fn default() -> Opening {
        Opening {
            review: ReviewState::default(),
            journal_label: None,
            read_only: None,
            advance_on_accept: true,
            include_rejected: false,
            key_help: Vec::new(),
            notice: None,
            notices: Vec::new(),
            select: None,
            extractor: None,
        }
    }
}
