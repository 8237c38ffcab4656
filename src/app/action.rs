//! Everything a person can ask the browser to do.

/// One user intent. Keys and mouse events map to these; `App::update`
/// carries them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection (or scroll the detail pane, when focused) up one row.
    Up,
    /// Move the selection (or scroll the detail pane, when focused) down one row.
    Down,
    /// Move up one page in the focused pane.
    PageUp,
    /// Move down one page in the focused pane.
    PageDown,
    /// Go to the first row of the focused pane.
    First,
    /// Go to the last row of the focused pane.
    Last,
    /// Scroll the detail pane up, whichever pane has focus.
    DetailUp,
    /// Scroll the detail pane down, whichever pane has focus.
    DetailDown,
    /// Move focus between the list and the detail pane.
    FocusNext,
    /// Highlight the next evidence span and scroll it into view.
    NextEvidence,
    /// Highlight the previous evidence span and scroll it into view.
    PrevEvidence,
    /// Open or close the help overlay.
    ToggleHelp,
    /// Close whatever overlay is open.
    Close,
    /// Leave the browser.
    Quit,
    /// Accept the selected incident's extraction (and move to the next unreviewed one).
    Accept,
    /// Reject the selected incident's extraction.
    Reject,
    /// Flag the selected incident for a second look, with an optional reason.
    Flag,
    /// Undo the last review decision, correction or note.
    Undo,
    /// Redo the last undone one.
    Redo,
    /// Open the edit form to correct the selected incident's fields.
    Edit,
    /// Attach a note to the selected incident.
    Note,
    /// Jump to the next unreviewed incident in the list.
    NextUnreviewed,
    /// Jump to the previous unreviewed incident in the list.
    PrevUnreviewed,
    /// Show the summary with or without rejected incidents.
    ToggleRejected,
    /// Show or hide the extracted values beside corrected ones.
    ToggleExtracted,
    /// Export the reviewed dataset (JSONL) to the current directory.
    Export,
    /// Copy the selected incident out as JSON (a file, or stdout with --print-selected).
    CopyOut,
    /// Open the search box (keywords and filters; results update as you type).
    Search,
    /// Sort by the next column: date, province, killed, wounded, relevance.
    CycleSort,
    /// Reverse the sort.
    ReverseSort,
    /// Toggle "weakest evidence first": the most suspicious incidents on top.
    WeakestFirst,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A left click at this column and row: selects a list row, or shows
    /// which field the evidence span under the pointer supports.
    Click(u16, u16),
    /// The wheel turned up over this column and row: scrolls that pane.
    ScrollUp(u16, u16),
    /// The wheel turned down over this column and row: scrolls that pane.
    ScrollDown(u16, u16),
}

impl Action {
    /// The one-line description the help overlay shows.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "up one row (list, or detail when focused)",
            Action::Down => "down one row (list, or detail when focused)",
            Action::PageUp => "up one page",
            Action::PageDown => "down one page",
            Action::First => "first row",
            Action::Last => "last row",
            Action::DetailUp => "scroll the detail pane up",
            Action::DetailDown => "scroll the detail pane down",
            Action::FocusNext => "move focus between list and detail",
            Action::NextEvidence => "next evidence span in the text",
            Action::PrevEvidence => "previous evidence span in the text",
            Action::ToggleHelp => "show or hide this help",
            Action::Close => "close the help",
            Action::Quit => "quit",
            Action::Accept => "accept the extraction (then next unreviewed)",
            Action::Reject => "reject the extraction (shown dimmed, left out of the summary)",
            Action::Flag => "flag for a second look, with an optional reason",
            Action::Undo => "undo the last decision, correction or note",
            Action::Redo => "redo what was undone",
            Action::Edit => "correct the fields (edit form)",
            Action::Note => "attach a note",
            Action::NextUnreviewed => "next unreviewed incident",
            Action::PrevUnreviewed => "previous unreviewed incident",
            Action::ToggleRejected => "summary with / without rejected incidents",
            Action::ToggleExtracted => "show extracted values beside corrections",
            Action::Export => "export the reviewed dataset (JSONL, current directory)",
            Action::CopyOut => "copy the incident out as JSON",
            Action::Search => {
                "search: words (fuzzy), \"exact\", !exclude, province: killed>= date: has: status:"
            }
            Action::CycleSort => "sort by the next column",
            Action::ReverseSort => "reverse the sort",
            Action::WeakestFirst => "weakest evidence first (on / off)",
            Action::Resize(..) => "terminal resized",
            Action::Click(..) => "select the row or evidence under the pointer",
            Action::ScrollUp(..) | Action::ScrollDown(..) => "scroll the pane under the pointer",
        }
    }
}

/// Actions a person can bind keys to, with their names in the config file.
pub const BINDABLE: &[(Action, &str)] = &[
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::First, "first"),
    (Action::Last, "last"),
    (Action::FocusNext, "focus_next"),
    (Action::DetailUp, "detail_up"),
    (Action::DetailDown, "detail_down"),
    (Action::NextEvidence, "next_evidence"),
    (Action::PrevEvidence, "prev_evidence"),
    (Action::Accept, "accept"),
    (Action::Reject, "reject"),
    (Action::Flag, "flag"),
    (Action::Undo, "undo"),
    (Action::Redo, "redo"),
    (Action::Edit, "edit"),
    (Action::Note, "note"),
    (Action::NextUnreviewed, "next_unreviewed"),
    (Action::PrevUnreviewed, "prev_unreviewed"),
    (Action::ToggleRejected, "toggle_rejected"),
    (Action::ToggleExtracted, "toggle_extracted"),
    (Action::Export, "export"),
    (Action::CopyOut, "copy_out"),
    (Action::Search, "search"),
    (Action::CycleSort, "sort"),
    (Action::ReverseSort, "reverse_sort"),
    (Action::WeakestFirst, "weakest_first"),
    (Action::ToggleHelp, "help"),
    (Action::Close, "close"),
    (Action::Quit, "quit"),
];

impl Action {
    /// The action's name in the config file's `[keys]` table.
    pub fn name(self) -> Option<&'static str> {
        BINDABLE.iter().find(|(a, _)| *a == self).map(|(_, n)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }
}
