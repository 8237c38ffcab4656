//! Styles by meaning. Built-in themes use the 16-colour palette so they work
//! in any terminal; with `NO_COLOR` set, the mono theme uses only bold,
//! underline, italic and reverse, and the five evidence kinds stay apart.

use ratatui::style::{Color, Modifier, Style};

use crate::app::detail_view::Tag;
use crate::dataset::FieldKind;

/// Every style the screen uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: &'static str,
    /// Evidence of each kind, in [`FieldKind::ALL`] order.
    pub evidence: [Style; 5],
    pub label: Style,
    pub heading: Style,
    pub dim: Style,
    pub warning: Style,
    pub header: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focused: Style,
    pub bar: Style,
    pub key_hint: Style,
    /// Characters a search matched (distinct from evidence).
    pub matched: Style,
    /// Corrected values and review status.
    pub corrected: Style,
    /// Text selected in select mode (distinct from evidence and matches).
    pub selection: Style,
}

fn kind_index(kind: FieldKind) -> usize {
    FieldKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Theme {
    pub fn dark() -> Theme {
        let ev = |bg, fg| Style::new().bg(bg).fg(fg);
        Theme {
            name: "dark",
            evidence: [
                ev(Color::Red, Color::White),
                ev(Color::Green, Color::Black),
                ev(Color::Blue, Color::White),
                ev(Color::Yellow, Color::Black),
                ev(Color::Magenta, Color::White),
            ],
            label: Style::new().fg(Color::Cyan),
            heading: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().add_modifier(Modifier::DIM),
            warning: Style::new().fg(Color::Yellow),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().add_modifier(Modifier::DIM),
            border_focused: Style::new().fg(Color::Cyan),
            bar: Style::new().bg(Color::DarkGray).fg(Color::White),
            key_hint: Style::new().fg(Color::Cyan),
            matched: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            corrected: Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::White).fg(Color::Black),
        }
    }

    pub fn light() -> Theme {
        let ev = |bg, fg| Style::new().bg(bg).fg(fg);
        Theme {
            name: "light",
            evidence: [
                ev(Color::LightRed, Color::Black),
                ev(Color::LightGreen, Color::Black),
                ev(Color::LightBlue, Color::Black),
                ev(Color::LightYellow, Color::Black),
                ev(Color::LightMagenta, Color::Black),
            ],
            label: Style::new().fg(Color::Blue),
            heading: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            warning: Style::new().fg(Color::Red),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            bar: Style::new().bg(Color::Gray).fg(Color::Black),
            key_hint: Style::new().fg(Color::Blue),
            matched: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            corrected: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::DarkGray).fg(Color::White),
        }
    }

    /// No colour at all (`NO_COLOR`): emphasis only.
    pub fn mono() -> Theme {
        let m = |mods| Style::new().add_modifier(mods);
        Theme {
            name: "mono",
            evidence: [
                m(Modifier::REVERSED | Modifier::BOLD),
                m(Modifier::UNDERLINED),
                m(Modifier::ITALIC | Modifier::UNDERLINED),
                m(Modifier::BOLD | Modifier::UNDERLINED),
                m(Modifier::ITALIC),
            ],
            label: m(Modifier::BOLD),
            heading: m(Modifier::BOLD),
            dim: m(Modifier::DIM),
            warning: m(Modifier::BOLD),
            header: m(Modifier::BOLD | Modifier::UNDERLINED),
            selected: m(Modifier::REVERSED),
            border: Style::new(),
            border_focused: m(Modifier::BOLD),
            bar: m(Modifier::REVERSED),
            key_hint: m(Modifier::BOLD),
            matched: m(Modifier::BOLD | Modifier::UNDERLINED | Modifier::ITALIC),
            corrected: m(Modifier::BOLD | Modifier::ITALIC),
            // Reverse and italic: no evidence kind, current span or match
            // has exactly these.
            selection: m(Modifier::REVERSED | Modifier::ITALIC),
        }
    }

    /// A built-in theme by name.
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "mono" | "none" => Some(Theme::mono()),
            _ => None,
        }
    }

    pub fn evidence(&self, kind: FieldKind) -> Style {
        self.evidence[kind_index(kind)]
    }

    /// The evidence span `n`/`N` has moved to: the kind's style with its
    /// reverse flipped, plus bold and underline, so it stands out in every
    /// theme.
    pub fn current_evidence(&self, kind: FieldKind) -> Style {
        let base = self.evidence(kind);
        let flipped = if base.add_modifier.contains(Modifier::REVERSED) {
            base.remove_modifier(Modifier::REVERSED)
        } else {
            base.add_modifier(Modifier::REVERSED)
        };
        flipped.add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn tag(&self, tag: Tag) -> Style {
        match tag {
            Tag::Plain => Style::new(),
            Tag::Heading => self.heading,
            Tag::Label => self.label,
            Tag::Dim => self.dim,
            Tag::Warning => self.warning,
            Tag::Evidence(kind, false) | Tag::Swatch(kind) => self.evidence(kind),
            Tag::Evidence(kind, true) => self.current_evidence(kind),
            Tag::Corrected => self.corrected,
            Tag::Match => self.matched,
            Tag::Selection => self.selection,
            // The cursor's word: the selection, underlined.
            Tag::Cursor => self.selection.add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.border_focused
        } else {
            self.border
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_kinds_are_distinct_in_every_theme() {
        for theme in [Theme::dark(), Theme::light(), Theme::mono()] {
            for (i, a) in theme.evidence.iter().enumerate() {
                assert_ne!(
                    *a,
                    Style::new(),
                    "{}: kind {i} looks like plain text",
                    theme.name
                );
                for b in &theme.evidence[i + 1..] {
                    assert_ne!(a, b, "{}", theme.name);
                }
                let kind = FieldKind::ALL[i];
                assert_ne!(theme.current_evidence(kind), *a, "{}", theme.name);
            }
        }
    }

    #[test]
    fn the_selection_looks_like_no_evidence_span_or_match_in_any_theme() {
        for theme in [Theme::dark(), Theme::light(), Theme::mono()] {
            let mut others = vec![theme.matched, theme.selected, Style::new()];
            for kind in FieldKind::ALL {
                others.push(theme.evidence(kind));
                others.push(theme.current_evidence(kind));
            }
            for style in [theme.tag(Tag::Selection), theme.tag(Tag::Cursor)] {
                assert!(!others.contains(&style), "{}: {style:?}", theme.name);
            }
            assert_ne!(theme.tag(Tag::Selection), theme.tag(Tag::Cursor));
        }
    }

    #[test]
    fn mono_has_no_colour() {
        let t = Theme::mono();
        let all = t.evidence.iter().chain([
            &t.label,
            &t.dim,
            &t.warning,
            &t.bar,
            &t.matched,
            &t.selected,
            &t.selection,
        ]);
        for s in all {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
    }
}
