//! Keys to actions. The table here is the single source for both the event
//! loop and the help overlay, so help can never disagree with the keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Action, App};

/// One key (with modifiers) bound to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
}

const fn key(code: KeyCode, action: Action) -> Binding {
    Binding {
        code,
        modifiers: KeyModifiers::NONE,
        action,
    }
}

const fn ctrl(c: char, action: Action) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        action,
    }
}

/// The default key bindings, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    key(KeyCode::Up, Action::Up),
    key(KeyCode::Char('k'), Action::Up),
    key(KeyCode::Down, Action::Down),
    key(KeyCode::Char('j'), Action::Down),
    key(KeyCode::PageUp, Action::PageUp),
    ctrl('b', Action::PageUp),
    key(KeyCode::PageDown, Action::PageDown),
    ctrl('f', Action::PageDown),
    key(KeyCode::Home, Action::First),
    key(KeyCode::Char('g'), Action::First),
    key(KeyCode::End, Action::Last),
    key(KeyCode::Char('G'), Action::Last),
    key(KeyCode::Tab, Action::FocusNext),
    key(KeyCode::BackTab, Action::FocusNext),
    key(KeyCode::Char('K'), Action::DetailUp),
    key(KeyCode::Char('J'), Action::DetailDown),
    key(KeyCode::Char('n'), Action::NextEvidence),
    key(KeyCode::Char('N'), Action::PrevEvidence),
    key(KeyCode::Char('?'), Action::ToggleHelp),
    key(KeyCode::F(1), Action::ToggleHelp),
    key(KeyCode::Esc, Action::Close),
    key(KeyCode::Char('q'), Action::Quit),
    ctrl('c', Action::Quit),
];

/// The action a key press asks for in the app's current state.
pub fn action_for(app: &App, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    // Shift is part of the character itself ('G', '?'), not a modifier to match.
    let modifiers = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    let action = BINDINGS
        .iter()
        .find(|b| b.code == event.code && b.modifiers == modifiers)
        .map(|b| b.action)?;
    // In the help overlay `q` closes the overlay rather than the program.
    if app.help_open && action == Action::Quit && modifiers.is_empty() {
        return Some(Action::Close);
    }
    Some(action)
}

/// How a key is written in help: `k`, `Ctrl-f`, `PgDn`.
pub fn key_label(b: &Binding) -> String {
    let name = match b.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if b.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// Help entries: each action once, with all its keys, in binding order.
pub fn help_entries() -> Vec<(String, &'static str)> {
    let mut out: Vec<(Action, Vec<String>)> = Vec::new();
    for b in BINDINGS {
        match out.iter_mut().find(|(a, _)| *a == b.action) {
            Some((_, keys)) => keys.push(key_label(b)),
            None => out.push((b.action, vec![key_label(b)])),
        }
    }
    out.into_iter()
        .map(|(a, keys)| (keys.join(" "), a.describe()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn shifted_letters_and_control_keys_map() {
        let app = App::new(Dataset::default(), "t");
        assert_eq!(
            action_for(&app, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            action_for(&app, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&app, press(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn q_closes_help_before_it_quits() {
        let mut app = App::new(Dataset::default(), "t");
        app.update(Action::ToggleHelp);
        assert_eq!(
            action_for(&app, press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Close)
        );
        assert_eq!(
            action_for(&app, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn no_key_is_bound_twice() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.code == b.code && a.modifiers == b.modifiers),
                    "{} bound twice",
                    key_label(a)
                );
            }
        }
    }

    #[test]
    fn help_lists_every_bound_action_with_its_keys() {
        let entries = help_entries();
        assert!(entries.contains(&("↓ j".to_string(), Action::Down.describe())));
        assert!(entries.contains(&("q Ctrl-c".to_string(), Action::Quit.describe())));
        for b in BINDINGS {
            assert!(entries.iter().any(|(_, d)| *d == b.action.describe()));
        }
    }
}
