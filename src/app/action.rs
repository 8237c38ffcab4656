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
    Search = "search", "search: words (fuzzy), \"exact\", !exclude, province: killed>= date: has: status:";
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
}

impl Action {
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
