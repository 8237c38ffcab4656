//! Keys to actions. The table here is the single source for both the event
//! loop and the help overlay, so help can never disagree with the keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use std::path::Path;

use crate::app::text_input::InputKey;
use crate::app::{Action, Mode, Msg, ACTIONS};
use crate::config::{line_of, Config, ConfigError};

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
    key(KeyCode::Char('a'), Action::Accept),
    key(KeyCode::Char('x'), Action::Reject),
    key(KeyCode::Char('f'), Action::Flag),
    key(KeyCode::Char('u'), Action::Undo),
    ctrl('r', Action::Redo),
    key(KeyCode::Char('e'), Action::Edit),
    key(KeyCode::Char('m'), Action::Note),
    key(KeyCode::Char(']'), Action::NextUnreviewed),
    key(KeyCode::Char('['), Action::PrevUnreviewed),
    key(KeyCode::Char('T'), Action::ToggleRejected),
    key(KeyCode::Char('v'), Action::ToggleExtracted),
    key(KeyCode::Char('E'), Action::Export),
    key(KeyCode::Char('y'), Action::CopyOut),
    key(KeyCode::Char('/'), Action::Search),
    key(KeyCode::Char('s'), Action::CycleSort),
    key(KeyCode::Char('S'), Action::ReverseSort),
    key(KeyCode::Char('o'), Action::WeakestFirst),
    key(KeyCode::Char('?'), Action::ToggleHelp),
    key(KeyCode::F(1), Action::ToggleHelp),
    key(KeyCode::Esc, Action::Close),
    key(KeyCode::Char('q'), Action::Quit),
    ctrl('c', Action::Quit),
    key(KeyCode::Char('t'), Action::ToggleTimeline),
    key(KeyCode::Char('F'), Action::ToggleFrequency),
    key(KeyCode::Char('+'), Action::ZoomIn),
    key(KeyCode::Char('='), Action::ZoomIn),
    key(KeyCode::Char('-'), Action::ZoomOut),
    key(KeyCode::Left, Action::ChartPrev),
    key(KeyCode::Char('h'), Action::ChartPrev),
    key(KeyCode::Right, Action::ChartNext),
    key(KeyCode::Char('l'), Action::ChartNext),
    key(KeyCode::Enter, Action::ChartFilter),
    key(KeyCode::Char('c'), Action::ChartColumn),
    key(KeyCode::Char('C'), Action::ChartSort),
    key(KeyCode::Char('i'), Action::Select),
    key(KeyCode::Char('w'), Action::NextWord),
    key(KeyCode::Right, Action::NextWord),
    key(KeyCode::Char('b'), Action::PrevWord),
    key(KeyCode::Left, Action::PrevWord),
    key(KeyCode::Char(')'), Action::NextSentence),
    key(KeyCode::Char('('), Action::PrevSentence),
    key(KeyCode::Char('v'), Action::Extend),
    key(KeyCode::Char('e'), Action::AddEvidence),
    key(KeyCode::Enter, Action::AddEvidence),
    key(KeyCode::Char('a'), Action::AddIncident),
    key(KeyCode::Char('m'), Action::MoveEvidence),
    key(KeyCode::Char('d'), Action::RemoveEvidence),
    key(KeyCode::Delete, Action::RemoveEvidence),
    key(KeyCode::Char('D'), Action::DocumentDone),
    key(KeyCode::Char('}'), Action::NextOpenArticle),
    key(KeyCode::Char('d'), Action::ShowCluster),
    key(KeyCode::Char('O'), Action::CountOnce),
];

/// The key bindings in force: the defaults, with the config file's
/// `[keys]` table replacing the keys of the actions it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS.to_vec(),
        }
    }
}

impl Keymap {
    /// The defaults with `config`'s overrides applied. `text` is the config
    /// file's text, for line numbers. Unknown actions, unknown key names and
    /// a key bound to two actions are errors, all of them reported at once.
    pub fn from_config(
        config: &Config,
        text: &str,
        path: &Path,
    ) -> Result<Keymap, Vec<ConfigError>> {
        let err = |offset: usize, message: String| ConfigError {
            path: path.to_path_buf(),
            line: Some(line_of(text, offset)),
            message,
        };
        let mut errors = Vec::new();
        let mut bindings: Vec<(Binding, Option<usize>)> =
            BINDINGS.iter().map(|b| (*b, None)).collect();
        for (name, keys) in &config.keys {
            let Some(action) = Action::from_name(name.get_ref()) else {
                let known: Vec<&str> = ACTIONS.iter().map(|(_, n, _)| *n).collect();
                errors.push(err(
                    name.span().start,
                    format!(
                        "unknown action {:?}; actions are: {}",
                        name.get_ref(),
                        known.join(", ")
                    ),
                ));
                continue;
            };
            bindings.retain(|(b, _)| b.action != action);
            for k in keys.get_ref().keys() {
                let Some((code, modifiers)) = parse_key(k) else {
                    errors.push(err(
                        keys.span().start,
                        format!("unknown key {k:?} (write keys like \"j\", \"G\", \"ctrl-r\", \"pgdn\", \"f1\")"),
                    ));
                    continue;
                };
                bindings.push((
                    Binding {
                        code,
                        modifiers,
                        action,
                    },
                    Some(keys.span().start),
                ));
            }
        }
        for (i, (a, at_a)) in bindings.iter().enumerate() {
            for (b, at_b) in &bindings[i + 1..] {
                let same_key = a.code == b.code && a.modifiers == b.modifiers;
                if same_key && a.action.scope().overlaps(b.action.scope()) {
                    let name = |x: &Binding| x.action.name().unwrap_or("?");
                    errors.push(err(
                        at_b.or(*at_a).unwrap_or(0),
                        format!(
                            "key {:?} is bound to both {} and {}",
                            key_label(a),
                            name(a),
                            name(b)
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(errors);
        }
        // Help lists actions in their usual order whatever the file's order.
        bindings.sort_by_key(|(b, _)| b.action.rank());
        Ok(Keymap {
            bindings: bindings.into_iter().map(|(b, _)| b).collect(),
        })
    }

    /// What a key press means in `mode`: the one place keys are routed.
    /// While a text has the keyboard keys are text (Ctrl-C still quits);
    /// otherwise the bindings decide.
    pub fn msg_for(&self, mode: Mode, event: KeyEvent) -> Option<Msg> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        if mode == Mode::Typing {
            let quit =
                event.modifiers.contains(KeyModifiers::CONTROL) && event.code == KeyCode::Char('c');
            return if quit {
                Some(Msg::Action(Action::Quit))
            } else {
                input_key(event).map(Msg::Input)
            };
        }
        self.action_for(mode, event).map(Msg::Action)
    }

    /// The action a key press asks for in `mode` (not while typing).
    pub fn action_for(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        // Shift is part of the character itself ('G', '?'), not a modifier to match.
        let modifiers = match event.code {
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        // A key may mean one thing in select mode and another outside it.
        let select_mode = mode == Mode::Select;
        let action = self
            .bindings
            .iter()
            .filter(|b| b.code == event.code && b.modifiers == modifiers)
            .map(|b| b.action)
            .find(|a| a.scope().works_in(select_mode))?;
        match mode {
            // In the help overlay `q` closes the overlay rather than the program.
            Mode::Help if action == Action::Quit && modifiers.is_empty() => Some(Action::Close),
            // While loading: move through the rows read so far, or cancel.
            Mode::Loading => matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::First
                    | Action::Last
                    | Action::Quit
            )
            .then_some(action),
            Mode::Typing => None,
            Mode::Help | Mode::Browse | Mode::Select => Some(action),
        }
    }

    /// Help entries: each action once, with all its keys, in binding order.
    pub fn help_entries(&self) -> Vec<(String, String)> {
        let mut out: Vec<(Action, Vec<String>)> = Vec::new();
        for b in &self.bindings {
            match out.iter_mut().find(|(a, _)| *a == b.action) {
                Some((_, keys)) => keys.push(key_label(b)),
                None => out.push((b.action, vec![key_label(b)])),
            }
        }
        out.into_iter()
            .map(|(a, keys)| (keys.join(" "), a.describe().to_string()))
            .collect()
    }

    /// A commented config file holding every action's current keys.
    pub fn default_config_text() -> String {
        let map = Keymap::default();
        let mut out = String::from(DEFAULT_CONFIG_HEAD);
        out.push_str("\n[keys]\n# Each action takes a list of keys; listing an action replaces its default keys.\n");
        for (action, name, _) in ACTIONS {
            let keys: Vec<String> = map
                .bindings
                .iter()
                .filter(|b| b.action == *action)
                .map(|b| format!("{:?}", config_key_name(b)))
                .collect();
            out.push_str(&format!(
                "# {}\n# {name} = [{}]\n",
                action.describe(),
                keys.join(", ")
            ));
        }
        out.push_str(DEFAULT_CONFIG_COLORS);
        out
    }
}

const DEFAULT_CONFIG_HEAD: &str = r##"# incidents configuration. Every setting is optional; remove the leading
# "# " of a line to use it. `incidents config --path` prints where this file
# is looked for.

# Name written in the review journal (default: your login name).
# reviewer = "your name"

# Dataset opened when no path is given (default: the built-in sample).
# default_dataset = "/path/to/incidents.jsonl"

# Extra gazetteers of province names and aliases, added to the built-in one.
# gazetteers = ["/path/to/syria.json"]

# Theme: "dark", "light" or "mono" (no colour; also chosen when NO_COLOR is set).
# theme = "dark"

# Mouse: click selects, the wheel scrolls the pane under the pointer.
# mouse = true

# After accepting an incident, move to the next unreviewed one.
# advance_on_accept = true

# Word lists added to the built-in extraction rules (see assets/lexicon/en.json).
# lexicons = ["/path/to/my-lexicon.json"]

# Extract draft incidents from articles with your own command instead of the
# built-in rules: documents as JSON Lines on its standard input, incident
# records on its standard output.
# extractor = "python3 /path/to/my_extractor.py"
"##;

const DEFAULT_CONFIG_COLORS: &str = r##"
[colors]
# Evidence highlight colours (background) by kind of field: a colour name
# ("red", "light-blue", "dark-gray"...), an index ("12") or "#rrggbb".
# casualties = "red"
# place = "green"
# actors = "blue"
# date = "yellow"
# other = "magenta"
"##;

/// A key press as a text field sees it, while the user is typing.
pub fn input_key(event: KeyEvent) -> Option<InputKey> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char('w') | KeyCode::Backspace if ctrl => InputKey::DeleteWord,
        KeyCode::Char('u') if ctrl => InputKey::DeleteToStart,
        KeyCode::Char('a') if ctrl => InputKey::Home,
        KeyCode::Char('e') if ctrl => InputKey::End,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => InputKey::Char(c),
        KeyCode::Backspace => InputKey::Backspace,
        KeyCode::Delete => InputKey::Delete,
        KeyCode::Left => InputKey::Left,
        KeyCode::Right => InputKey::Right,
        KeyCode::Home => InputKey::Home,
        KeyCode::End => InputKey::End,
        KeyCode::Enter => InputKey::Enter,
        KeyCode::Esc => InputKey::Esc,
        KeyCode::Tab => InputKey::Tab,
        KeyCode::BackTab => InputKey::BackTab,
        KeyCode::Up => InputKey::Up,
        KeyCode::Down => InputKey::Down,
        _ => return None,
    })
}

/// The action a key press asks for in `mode` under the default bindings.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    Keymap::default().action_for(mode, event)
}

/// The named keys, each once: the code, its name in the config file, how
/// help writes it, and other names the config file accepts.
const KEY_NAMES: &[(KeyCode, &str, &str, &[&str])] = &[
    (KeyCode::Up, "up", "↑", &[]),
    (KeyCode::Down, "down", "↓", &[]),
    (KeyCode::Left, "left", "←", &[]),
    (KeyCode::Right, "right", "→", &[]),
    (KeyCode::PageUp, "pgup", "PgUp", &["pageup"]),
    (KeyCode::PageDown, "pgdn", "PgDn", &["pagedown"]),
    (KeyCode::Home, "home", "Home", &[]),
    (KeyCode::End, "end", "End", &[]),
    (KeyCode::Tab, "tab", "Tab", &[]),
    (KeyCode::BackTab, "shift-tab", "Shift-Tab", &["backtab"]),
    (KeyCode::Esc, "esc", "Esc", &["escape"]),
    (KeyCode::Enter, "enter", "Enter", &["return"]),
    (KeyCode::Char(' '), "space", "Space", &[]),
    (KeyCode::Backspace, "backspace", "Backspace", &[]),
    (KeyCode::Delete, "delete", "Delete", &["del"]),
];

fn named(
    code: KeyCode,
) -> Option<&'static (KeyCode, &'static str, &'static str, &'static [&'static str])> {
    KEY_NAMES.iter().find(|(c, ..)| *c == code)
}

/// Parses a key as written in the config file: `j`, `G`, `?`, `ctrl-r`,
/// `shift-tab`, `pgdn`, `f1`, `space`, `esc`...
pub fn parse_key(text: &str) -> Option<(KeyCode, KeyModifiers)> {
    let lower = text.to_ascii_lowercase();
    let (modifiers, rest) = if let Some(r) = lower.strip_prefix("ctrl-") {
        (KeyModifiers::CONTROL, &text[text.len() - r.len()..])
    } else if let Some(r) = lower.strip_prefix("alt-") {
        (KeyModifiers::ALT, &text[text.len() - r.len()..])
    } else {
        (KeyModifiers::NONE, text)
    };
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let c = if modifiers == KeyModifiers::CONTROL {
            c.to_ascii_lowercase()
        } else {
            c
        };
        return Some((KeyCode::Char(c), modifiers));
    }
    let lower = rest.to_ascii_lowercase();
    let code = match KEY_NAMES
        .iter()
        .find(|(_, name, _, aliases)| *name == lower || aliases.contains(&lower.as_str()))
    {
        Some((code, ..)) => *code,
        None => KeyCode::F(
            lower
                .strip_prefix('f')?
                .parse()
                .ok()
                .filter(|n| (1..=24).contains(n))?,
        ),
    };
    Some((code, modifiers))
}

/// A binding as written in the config file (the inverse of [`parse_key`]).
pub fn config_key_name(b: &Binding) -> String {
    let name = match (b.code, named(b.code)) {
        (_, Some((_, name, ..))) => name.to_string(),
        (KeyCode::Char(c), None) => c.to_string(),
        (KeyCode::F(n), None) => format!("f{n}"),
        (other, None) => format!("{other:?}").to_ascii_lowercase(),
    };
    if b.modifiers.contains(KeyModifiers::CONTROL) {
        format!("ctrl-{name}")
    } else if b.modifiers.contains(KeyModifiers::ALT) {
        format!("alt-{name}")
    } else {
        name
    }
}

/// How a key is written in help: `k`, `Ctrl-f`, `PgDn`.
pub fn key_label(b: &Binding) -> String {
    let name = match (b.code, named(b.code)) {
        (_, Some((_, _, label, _))) => label.to_string(),
        (KeyCode::Char(c), None) => c.to_string(),
        (KeyCode::F(n), None) => format!("F{n}"),
        (other, None) => format!("{other:?}"),
    };
    if b.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests;
