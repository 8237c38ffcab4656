//! Styles by meaning. Colours come from the 16-colour palette so they work
//! in any terminal.

use ratatui::style::{Color, Modifier, Style};

use crate::app::detail_view::Tag;
use crate::dataset::FieldKind;

/// Background and foreground for evidence of one kind of field.
pub fn evidence(kind: FieldKind) -> Style {
    let (bg, fg) = match kind {
        FieldKind::Casualties => (Color::Red, Color::White),
        FieldKind::Place => (Color::Green, Color::Black),
        FieldKind::Actors => (Color::Blue, Color::White),
        FieldKind::Date => (Color::Yellow, Color::Black),
        FieldKind::Other => (Color::Magenta, Color::White),
    };
    Style::new().bg(bg).fg(fg)
}

/// The evidence span `n`/`N` has moved to.
pub fn current_evidence(kind: FieldKind) -> Style {
    evidence(kind).add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn tag(tag: Tag) -> Style {
    match tag {
        Tag::Plain => Style::new(),
        Tag::Heading => Style::new().add_modifier(Modifier::BOLD),
        Tag::Label => Style::new().fg(Color::Cyan),
        Tag::Dim => Style::new().add_modifier(Modifier::DIM),
        Tag::Warning => Style::new().fg(Color::Yellow),
        Tag::Evidence(kind, false) | Tag::Swatch(kind) => evidence(kind),
        Tag::Evidence(kind, true) => current_evidence(kind),
    }
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().add_modifier(Modifier::DIM)
    }
}

pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn selected_row() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn bar() -> Style {
    Style::new().bg(Color::DarkGray).fg(Color::White)
}

pub fn key_hint() -> Style {
    Style::new().fg(Color::Cyan)
}
