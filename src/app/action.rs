//! Everything a person can ask the browser to do, written once: each
//! action's name in the config file's `[keys]` table and the description
//! help shows (also its documentation), in the order help lists them.

/// Declares [`Action`] and [`ACTIONS`] from one table.
macro_rules! actions {
    ($($variant:ident = $name:literal, $describe:literal;)*) => {
        /// One user intent. Keys map to these through the key map;
        /// `App::update` carries them out.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $(#[doc = $describe] $variant,)*
        }

        /// Every action with its config name and description, in help's order.
        pub const ACTIONS: &[(Action, &str, &str)] = &[$((Action::$variant, $name, $describe),)*];
    };
}

actions! {
    Up = "up", "up one row (list, or detail when focused)";
    Down = "down", "down one row (list, or detail when focused)";
    PageUp = "page_up", "up one page";
    PageDown = "page_down", "down one page";
    First = "first", "first row";
    Last = "last", "last row";
    FocusNext = "focus_next", "move focus between list and detail";
    DetailUp = "detail_up", "scroll the detail pane up";
    DetailDown = "detail_down", "scroll the detail pane down";
    NextEvidence = "next_evidence", "next evidence span in the text";
    PrevEvidence = "prev_evidence", "previous evidence span in the text";
    Accept = "accept", "accept the extraction (then next unreviewed)";
    Reject = "reject", "reject the extraction (shown dimmed, left out of the summary)";
    Flag = "flag", "flag for a second look, with an optional reason";
    Undo = "undo", "undo the last decision, correction or note";
    Redo = "redo", "redo what was undone";
    Edit = "edit", "correct the fields (edit form)";
    Note = "note", "attach a note";
    NextUnreviewed = "next_unreviewed", "next unreviewed incident";
    PrevUnreviewed = "prev_unreviewed", "previous unreviewed incident";
    ToggleRejected = "toggle_rejected", "summary with / without rejected incidents";
    ToggleExtracted = "toggle_extracted", "show extracted values beside corrections";
    Export = "export", "export the reviewed dataset (JSONL, current directory)";
    CopyOut = "copy_out", "copy the incident out as JSON";
    Search = "search", "search: words (fuzzy), \"exact\", !exclude, province: killed>= date: has: status: doc:";
    CycleSort = "sort", "sort by the next column";
    ReverseSort = "reverse_sort", "reverse the sort";
    WeakestFirst = "weakest_first", "weakest evidence first (on / off)";
    ToggleHelp = "help", "show or hide this help";
    Close = "close", "close the help";
    Quit = "quit", "quit";
    ToggleTimeline = "timeline", "timeline of killed/wounded for the incidents listed (in the detail pane)";
    ToggleFrequency = "frequency", "frequency table of a column for the incidents listed (in the detail pane)";
    ZoomIn = "zoom_in", "timeline: narrower bins (year, month, week, day)";
    ZoomOut = "zoom_out", "timeline: wider bins";
    ChartPrev = "chart_prev", "timeline / frequency table: cursor to the previous bin or row";
    ChartNext = "chart_next", "timeline / frequency table: cursor to the next bin or row";
    ChartFilter = "chart_filter", "list only the bin or value under the cursor (adds its term to the search)";
    ChartColumn = "chart_column", "frequency table: the next column (province, district, ..., month, status, outlet)";
    ChartSort = "chart_sort", "frequency table: sort by the next measure (killed, wounded, incidents, ...)";
    Select = "select", "select mode: a cursor in the article text, to mark what the extraction missed";
    NextWord = "next_word", "select mode: cursor to the next word (up/down: a line)";
    PrevWord = "prev_word", "select mode: cursor to the previous word";
    NextSentence = "next_sentence", "select mode: cursor to the next sentence";
    PrevSentence = "prev_sentence", "select mode: cursor to this sentence's start, or the previous one";
    Extend = "extend", "select mode: start (or stop) growing the selection from the cursor";
    AddEvidence = "add_evidence", "select mode: add the selection as evidence for a field (a picker opens)";
    AddIncident = "add_incident", "select mode: add an incident the extraction missed, from the selection (a form opens)";
    MoveEvidence = "move_evidence", "select mode: move the current evidence span (n/N) to the selection";
    RemoveEvidence = "remove_evidence", "select mode: remove the evidence span under the cursor";
    DocumentDone = "article_done", "mark the article done: every incident in it found (again: open)";
    NextOpenArticle = "next_open_article", "next incident whose article is not done";
    ShowCluster = "cluster", "duplicates: the incident's cluster side by side (h/l member, a same event, x not the same, Enter open it, Esc close)";
    CountOnce = "count_once", "count each confirmed duplicate event once in the summary bar and timeline (on / off)";
}

/// Where an action's key works: a key may be bound to one action of
/// each of the first two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Browsing the list and detail panes.
    Browse,
    /// In select mode (a cursor in the article text).
    Select,
    /// Both.
    Both,
}

impl Scope {
    /// Whether an action of this scope can run in select mode (`true`)
    /// or while browsing.
    pub fn works_in(self, select_mode: bool) -> bool {
        match self {
            Scope::Both => true,
            Scope::Select => select_mode,
            Scope::Browse => !select_mode,
        }
    }

    /// Whether one key may not serve both.
    pub fn overlaps(self, other: Scope) -> bool {
        !matches!(
            (self, other),
            (Scope::Browse, Scope::Select) | (Scope::Select, Scope::Browse)
        )
    }
}

impl Action {
    /// Where the action's keys work.
    pub fn scope(self) -> Scope {
        use Action::*;
        match self {
            NextWord | PrevWord | NextSentence | PrevSentence | Extend | AddEvidence
            | AddIncident | MoveEvidence | RemoveEvidence => Scope::Select,
            // Moving, scrolling, evidence, undo and help work in both; the
            // rest is about the incident as a whole.
            Up | Down | PageUp | PageDown | First | Last | DetailUp | DetailDown | NextEvidence
            | PrevEvidence | Undo | Redo | ToggleHelp | Close | Quit | Select => Scope::Both,
            _ => Scope::Browse,
        }
    }

    fn entry(self) -> Option<&'static (Action, &'static str, &'static str)> {
        ACTIONS.iter().find(|(a, _, _)| *a == self)
    }

    /// The one-line description the help overlay shows.
    pub fn describe(self) -> &'static str {
        self.entry().map_or("", |(_, _, d)| d)
    }

    /// The action's name in the config file's `[keys]` table.
    pub fn name(self) -> Option<&'static str> {
        self.entry().map(|(_, n, _)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, _, _)| *a)
    }

    /// Where the action stands in help's order.
    pub fn rank(self) -> usize {
        ACTIONS
            .iter()
            .position(|(a, _, _)| *a == self)
            .unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_name_and_a_description() {
        for (i, (action, name, describe)) in ACTIONS.iter().enumerate() {
            assert_eq!(Action::from_name(name), Some(*action));
            assert!(!describe.is_empty(), "{name}");
            assert!(
                ACTIONS[i + 1..]
                    .iter()
                    .all(|(a, n, _)| a != action && n != name),
                "{name} twice"
            );
        }
    }
}
