//! The browser's one state type and the function that changes it.

use std::cell::RefCell;
use std::sync::Arc;

use super::action::Action;
use super::annotate::{FieldPicker, NewIncident};
use super::detail_view::{self, DetailView, Marks};
use super::edit_form::EditForm;
use super::effect::Effect;
use super::geometry::{self, Panes};
use super::msg::{Msg, Opening};
pub use super::scroll::keep_visible;
use super::scroll::{offset_by, page};
use super::selection::TextCursor;
use super::text_input::TextInput;
use crate::dataset::{Dataset, Incident};
use crate::extract::Extractor;
use crate::query::{sort_incidents, Query, SortKey, SortSpec};
use crate::review::ReviewState;
use crate::summary::{Summarizer, Summary};

/// A text the user is typing, which takes the keyboard until Enter or Esc.
#[derive(Debug, Clone, PartialEq)]
pub enum Editing {
    /// A note for the incident (dataset index).
    Note(usize, TextInput),
    /// Why the incident (dataset index) is flagged.
    FlagReason(usize, TextInput),
    /// The edit form.
    Form(Box<EditForm>),
    /// Which field a selection is evidence for.
    Picker(Box<FieldPicker>),
    /// The form of an incident being added from a selection.
    NewIncident(Box<NewIncident>),
}

/// Which pane the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// Everything the screen shows, and nothing the terminal owns.
#[derive(Debug, Clone)]
pub struct App {
    /// The dataset as reviewed: as loaded, with the incidents reviewers
    /// added and the evidence they edited (`review::with_edits`).
    pub dataset: Arc<Dataset>,
    /// The dataset as loaded: what the journal's entries describe and the
    /// export reads.
    pub base: Arc<Dataset>,
    /// The review's structure version `dataset` was built for.
    pub(super) structure: u64,
    /// The rules, for what a selection states.
    pub(super) extractor: Option<Arc<Extractor>>,
    /// The incident (by id) to select once the list shows it: one just added.
    pub(super) pending_select: Option<String>,
    /// Where the dataset came from, as shown to the user.
    pub source_label: String,
    /// Incident indices in list order: the incidents listed.
    pub rows: Vec<usize>,
    pub sort: SortSpec,
    /// Position of the selection in `rows`.
    pub selected: usize,
    /// First row shown in the list pane.
    pub list_offset: usize,
    pub focus: Focus,
    /// First row of the detail pane shown.
    pub detail_scroll: usize,
    /// The highlighted evidence span of the selected incident.
    pub evidence_cursor: Option<usize>,
    pub help_open: bool,
    pub help_scroll: usize,
    /// Terminal size in columns and rows.
    pub viewport: (u16, u16),
    /// Casualties per province for exactly the incidents in `rows`.
    pub summary: Summary,
    /// Compact per-incident columns that make `summary` cheap to redo over
    /// a million rows (after every search result and review decision).
    pub summarizer: Arc<Summarizer>,
    /// The dataset's problems (warnings that are not notes), counted once:
    /// the status line shows the number on every frame, and counting a
    /// million incidents' warnings took 0.25 s a frame.
    pub warning_count: usize,
    /// The dataset's notes, counted once likewise.
    pub note_count: usize,
    /// The dataset's own problems, before corrections are checked again.
    pub(super) dataset_warnings: usize,
    /// The dataset indices of the incidents the review state has a record
    /// for, and the review state's version they were found for.
    pub(super) reviewed: (u64, Vec<usize>),
    /// The status line's counts over the dataset, kept per review state.
    pub(super) figures: super::figures::Figures,
    pub should_quit: bool,
    /// Keys and what they do, from the keymap in force, for the help overlay.
    pub key_help: Vec<(String, String)>,
    /// A one-off message for the status line (a config error, a saved file).
    pub notice: Option<String>,
    /// Every message from opening, for the help overlay.
    pub opening_notices: Vec<String>,
    /// The replay of the review journal.
    pub review: ReviewState,
    /// The journal's path as shown, when there is one.
    pub journal_label: Option<String>,
    /// Why decisions cannot be recorded (the journal is locked elsewhere).
    pub read_only: Option<String>,
    /// Move to the next unreviewed incident after accepting.
    pub advance_on_accept: bool,
    /// Count rejected incidents in the summary bar too.
    pub include_rejected: bool,
    /// Show extracted values beside corrected ones in the detail pane.
    pub show_extracted: bool,
    /// What the user is typing, if anything.
    pub editing: Option<Editing>,
    /// The search box's text (kept when the box closes: it is the filter).
    pub search: TextInput,
    /// The search box has the keyboard.
    pub search_open: bool,
    /// Why the text in the box is not a valid query (the last good result
    /// stays listed).
    pub search_error: Option<String>,
    /// How many incidents the date filter or sort of the shown result
    /// could not place, for the list's title.
    pub undated: Option<crate::query::Undated>,
    /// The query the listed rows answer, for highlighting.
    pub query: Option<Arc<Query>>,
    /// The newest search asked for; older results are dropped.
    pub generation: u64,
    /// The generation the rows come from.
    pub shown_generation: u64,
    /// Weakest evidence first.
    pub weakest_first: bool,
    /// Select mode: the text cursor, in the article of the incident
    /// (dataset index) it was placed for.
    pub(super) selecting: Option<(usize, TextCursor)>,
    /// Where a press of the mouse button landed in an article's text
    /// (source, byte): a drag from there selects.
    pub(super) pressed_at: Option<(usize, usize)>,
    /// The detail pane as last laid out, and what it was laid out for:
    /// built once per incident, width and review state, not per frame.
    detail: RefCell<Option<(DetailKey, Arc<DetailView>)>>,
    /// The timeline and frequency-table views (see `charts.rs`).
    pub charts: super::charts::Charts,
    /// The likely duplicates, their cluster view and count-once (see `clusters.rs`).
    pub clusters: super::clusters::Clusters,
}

/// What the detail pane's layout depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DetailKey {
    incident: usize,
    width: usize,
    review_version: u64,
    marks: Marks,
    show_extracted: bool,
    /// The search the rows answer (its words are highlighted).
    generation: u64,
}

impl App {
    pub fn new(dataset: impl Into<Arc<Dataset>>, source_label: impl Into<String>) -> App {
        let dataset: Arc<Dataset> = dataset.into();
        let (warning_count, note_count) = dataset.problem_and_note_count();
        let mut rows: Vec<usize> = (0..dataset.incidents.len()).collect();
        let sort = SortSpec {
            key: SortKey::Date,
            descending: false,
        };
        sort_incidents(&dataset, &mut rows, sort);
        let summarizer = Summarizer::new(&dataset.incidents);
        let summary = summarizer.summarize(&dataset.incidents, &rows);
        App {
            base: Arc::clone(&dataset),
            dataset,
            structure: 0,
            extractor: None,
            pending_select: None,
            source_label: source_label.into(),
            rows,
            sort,
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            detail_scroll: 0,
            evidence_cursor: None,
            help_open: false,
            help_scroll: 0,
            viewport: (80, 24),
            summary,
            summarizer: Arc::new(summarizer),
            warning_count,
            note_count,
            dataset_warnings: warning_count,
            reviewed: (0, Vec::new()),
            figures: Default::default(),
            should_quit: false,
            key_help: Vec::new(),
            notice: None,
            opening_notices: Vec::new(),
            review: ReviewState::default(),
            journal_label: None,
            read_only: None,
            advance_on_accept: true,
            include_rejected: false,
            show_extracted: false,
            editing: None,
            search: TextInput::default(),
            search_open: false,
            search_error: None,
            undated: None,
            query: None,
            generation: 0,
            shown_generation: 0,
            weakest_first: false,
            selecting: None,
            pressed_at: None,
            detail: RefCell::new(None),
            charts: Default::default(),
            clusters: Default::default(),
        }
    }

    /// The selected incident, if the list is not empty.
    pub fn selected_incident(&self) -> Option<&Incident> {
        self.rows
            .get(self.selected)
            .and_then(|&i| self.dataset.incidents.get(i))
    }

    pub fn panes(&self) -> Option<Panes> {
        let (width, height) = self.viewport;
        geometry::panes(width, height, self.needs(width))
    }

    /// Rows the search box takes at the top of the list pane: the box
    /// while it is open or filtering, and the rows of a malformed query's
    /// error.
    pub fn search_rows(&self) -> usize {
        self.search_rows_at(self.viewport.0)
    }

    /// Rows of incidents the list pane shows.
    pub fn list_page(&self) -> usize {
        self.panes().map_or(1, |p| {
            geometry::list_rows(&p)
                .saturating_sub(self.search_rows())
                .max(1)
        })
    }

    /// Rows of text the detail pane shows.
    pub fn detail_page(&self) -> usize {
        self.panes()
            .map_or(1, |p| usize::from(p.detail.inner().height).max(1))
    }

    /// The detail pane laid out for the current width: the selected
    /// incident with its corrections applied and its review described.
    /// Laid out once per (incident, width, review state) and reused.
    pub fn detail_view(&self) -> Option<Arc<DetailView>> {
        let width = self
            .panes()
            .map_or(40, |p| usize::from(p.detail.inner().width));
        let index = *self.rows.get(self.selected)?;
        let incident = self.dataset.incidents.get(index)?;
        let key = DetailKey {
            incident: index,
            width,
            review_version: self.review.version(),
            marks: Marks {
                current: self.evidence_cursor,
                cursor: self.text_cursor().cloned(),
            },
            show_extracted: self.show_extracted,
            generation: self.shown_generation,
        };
        if let Some((built_for, view)) = &*self.detail.borrow() {
            if *built_for == key {
                return Some(Arc::clone(view));
            }
        }
        let shown = self.shown(incident);
        let info = self.review_info(incident);
        let view = Arc::new(detail_view::build_reviewed(
            &self.dataset,
            &shown,
            width,
            &key.marks,
            &info,
        ));
        *self.detail.borrow_mut() = Some((key, Arc::clone(&view)));
        Some(view)
    }

    /// The order the list is in, as its title says it.
    pub fn order(&self) -> String {
        if self.weakest_first {
            "weakest evidence first".to_string()
        } else {
            format!("sorted by {}", self.sort)
        }
    }

    /// Selects the listed incident with this id (the one picked while the
    /// file loaded). False, and nothing changes, when none is listed.
    fn select_id(&mut self, id: &str) -> bool {
        let Some(pos) = self
            .rows
            .iter()
            .position(|&i| self.dataset.incidents[i].id == id)
        else {
            return false;
        };
        self.move_selection(pos as isize - self.selected as isize);
        true
    }

    /// The list offset that keeps the selection on screen.
    pub fn visible_offset(&self) -> usize {
        keep_visible(self.list_offset, self.selected, self.list_page())
    }

    /// The one way the state changes: carries out one message. Pure state
    /// change, no IO: what needs IO (the journal, files, searches) comes
    /// back as effects for the caller to run, whose results come back as
    /// messages.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        match msg.into() {
            Msg::Action(action) => return self.act(action),
            Msg::Input(key) => return self.input(key),
            Msg::Resize(w, h) => self.resize(w, h),
            Msg::Click(col, row) => self.pointer(|app| app.click(col, row)),
            Msg::Drag(col, row) => self.pointer(|app| app.drag(col, row)),
            Msg::ScrollUp(col, row) => self.pointer(|app| app.wheel(col, row, true)),
            Msg::ScrollDown(col, row) => self.pointer(|app| app.wheel(col, row, false)),
            Msg::SearchResult(result) => self.search_result(result),
            Msg::Journaled {
                incident,
                entry,
                moved,
            } => return self.journaled(incident, &entry, moved.as_deref()),
            Msg::JournalFailed(message) => self.journal_failed(&message),
            Msg::Notice(text) => self.notice = Some(text),
            Msg::Opened(opening) => self.open(*opening),
            Msg::DuplicatesFound { dataset, found } => {
                return self.duplicates_found(&dataset, found)
            }
            // The loading screen's; the browser has its incidents.
            Msg::Progress(_) | Msg::Checking | Msg::Arrived => {}
        }
        Vec::new()
    }

    /// The browser starts on its review (see [`Opening`]).
    fn open(&mut self, opening: Opening) {
        let Opening {
            review,
            journal_label,
            read_only,
            advance_on_accept,
            include_rejected,
            key_help,
            notice,
            notices,
            select,
            extractor,
        } = opening;
        self.opening_notices = notices;
        self.review = review;
        self.extractor = extractor;
        self.rebuild_structure();
        self.journal_label = journal_label;
        self.read_only = read_only;
        self.advance_on_accept = advance_on_accept;
        self.include_rejected = include_rejected;
        self.key_help = key_help;
        self.refresh_summary();
        if let Some(id) = select {
            // Not listed (rejected by the final checks): the first row, as usual.
            self.select_id(&id);
        }
        self.notice = notice;
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.viewport = (w, h);
        if self.editing.is_none() && !self.search_open && !self.help_open {
            self.list_offset = self.visible_offset();
            self.scroll_detail(0);
        }
    }

    /// A click or wheel turn, ignored while an overlay or a text has the
    /// screen.
    fn pointer(&mut self, act: impl FnOnce(&mut App)) {
        self.notice = None;
        if self.editing.is_none() && !self.search_open && !self.help_open {
            act(self);
        }
    }

    /// Carries out one user intent.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        // A notice is read once: the next action clears it.
        self.notice = None;
        if self.editing.is_some() || self.search_open {
            // Keys reach a text being typed as `Msg::Input`; only quit passes.
            if action == Action::Quit {
                self.should_quit = true;
            }
            return Vec::new();
        }
        if self.help_open {
            match action {
                Action::ToggleHelp | Action::Close => self.help_open = false,
                Action::Quit => self.should_quit = true,
                Action::Up | Action::DetailUp => {
                    self.help_scroll = self.help_scroll.saturating_sub(1)
                }
                Action::Down | Action::DetailDown => self.help_scroll += 1,
                Action::First => self.help_scroll = 0,
                _ => {}
            }
            return Vec::new();
        }
        if self.text_cursor().is_some() {
            if let Some(effects) = self.select_act(action) {
                return effects;
            }
        }
        if let Some(effects) = self.cluster_view_act(action) {
            return effects;
        }
        if self.chart_takes(action) {
            return self.chart_action(action);
        }
        match action {
            Action::Up => self.move_focused(-1),
            Action::Down => self.move_focused(1),
            Action::PageUp => self.move_focused(-page(self.focused_page())),
            Action::PageDown => self.move_focused(page(self.focused_page())),
            Action::First => self.move_focused(isize::MIN),
            Action::Last => self.move_focused(isize::MAX),
            Action::DetailUp => self.scroll_detail(-1),
            Action::DetailDown => self.scroll_detail(1),
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::List => Focus::Detail,
                    Focus::Detail => Focus::List,
                }
            }
            Action::NextEvidence => self.step_evidence(true),
            Action::PrevEvidence => self.step_evidence(false),
            Action::ToggleHelp => {
                self.help_open = true;
                self.help_scroll = 0;
            }
            Action::Close => {}
            Action::Quit => self.should_quit = true,
            Action::Accept
            | Action::Reject
            | Action::Flag
            | Action::Undo
            | Action::Redo
            | Action::Edit
            | Action::Note
            | Action::NextUnreviewed
            | Action::PrevUnreviewed
            | Action::ToggleRejected
            | Action::ToggleExtracted
            | Action::Export
            | Action::CopyOut => return self.review_action(action),
            Action::Search => self.search_open = true,
            Action::Select => self.enter_select(),
            Action::NextWord
            | Action::PrevWord
            | Action::NextSentence
            | Action::PrevSentence
            | Action::Extend => {}
            Action::AddEvidence
            | Action::AddIncident
            | Action::MoveEvidence
            | Action::RemoveEvidence => return self.annotate(action),
            Action::DocumentDone => return self.toggle_done(),
            Action::NextOpenArticle => self.next_open_document(),
            Action::ShowCluster | Action::CountOnce => return self.cluster_action(action),
            // A column asked for replaces weakest-first; each new column
            // starts in its natural direction (earliest, A-Z, best first).
            Action::CycleSort => {
                let relevance = self.query.as_ref().is_some_and(|q| q.has_fuzzy_words());
                self.sort.key = self.sort.key.next(relevance);
                self.sort.descending = false;
                self.weakest_first = false;
                return vec![self.search_effect()];
            }
            Action::ReverseSort => {
                self.sort.descending = !self.sort.descending;
                self.weakest_first = false;
                return vec![self.search_effect()];
            }
            Action::WeakestFirst => {
                self.weakest_first = !self.weakest_first;
                self.notice = Some(if self.weakest_first {
                    "weakest evidence first".into()
                } else {
                    format!("sorted by {}", self.sort)
                });
                return vec![self.search_effect()];
            }
            // Taken by `chart_action` above.
            Action::ToggleTimeline
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ChartPrev
            | Action::ChartNext
            | Action::ChartFilter
            | Action::ToggleFrequency
            | Action::ChartColumn
            | Action::ChartSort => {}
        }
        Vec::new()
    }

    fn focused_page(&self) -> usize {
        match self.focus {
            Focus::List => self.list_page(),
            Focus::Detail => self.detail_page(),
        }
    }

    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.move_selection(delta),
            Focus::Detail => self.scroll_detail(delta),
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        let target = offset_by(self.selected, delta).min(last);
        if target != self.selected {
            self.selected = target;
            self.detail_scroll = 0;
            self.evidence_cursor = None;
            self.selecting = None;
        }
        self.list_offset = self.visible_offset();
    }

    pub(super) fn scroll_detail(&mut self, delta: isize) {
        let rows = self.detail_view().map_or(0, |v| v.rows.len());
        let max = rows.saturating_sub(self.detail_page());
        self.detail_scroll = offset_by(self.detail_scroll, delta).min(max);
    }

    pub(super) fn step_evidence(&mut self, forward: bool) {
        let Some(view) = self.detail_view() else {
            return;
        };
        let n = view.evidence_rows.len();
        if n == 0 {
            return;
        }
        let next = match (self.evidence_cursor, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        self.evidence_cursor = Some(next);
        self.scroll_to_row(view.evidence_rows[next], view.rows.len());
    }

    /// Scrolls the detail pane (of `rows` rows) to show `row`, when it is
    /// off screen: a third of the way down, with context above it.
    pub(super) fn scroll_to_row(&mut self, row: usize, rows: usize) {
        let page = self.detail_page();
        if row < self.detail_scroll || row >= self.detail_scroll + page {
            let max = rows.saturating_sub(page);
            self.detail_scroll = row.saturating_sub(page / 3).min(max);
        }
    }
}

#[cfg(test)]
mod tests;
