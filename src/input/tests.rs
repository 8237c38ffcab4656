use super::*;
use crate::app::App;
use crate::dataset::Dataset;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn shifted_letters_and_control_keys_map() {
    assert_eq!(
        action_for(Mode::Browse, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::Last)
    );
    assert_eq!(
        action_for(
            Mode::Browse,
            press(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(Mode::Browse, press(KeyCode::Char('z'), KeyModifiers::NONE)),
        None
    );
}

#[test]
fn q_closes_help_before_it_quits() {
    let mut app = App::new(Dataset::default(), "t");
    app.update(Action::ToggleHelp);
    assert_eq!(
        action_for(app.mode(), press(KeyCode::Char('q'), KeyModifiers::NONE)),
        Some(Action::Close)
    );
    assert_eq!(
        action_for(app.mode(), press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
}

#[test]
fn the_loading_screen_reads_the_key_map() {
    let map = keymap("[keys]\nquit = [\"Q\"]\ndown = [\"ctrl-n\"]\n").expect("valid");
    let msg = |c, m| map.msg_for(Mode::Loading, press(c, m));
    assert!(matches!(
        msg(KeyCode::Char('n'), KeyModifiers::CONTROL),
        Some(Msg::Action(Action::Down))
    ));
    assert!(matches!(
        msg(KeyCode::Char('Q'), KeyModifiers::SHIFT),
        Some(Msg::Action(Action::Quit))
    ));
    assert!(msg(KeyCode::Char('q'), KeyModifiers::NONE).is_none());
    assert!(
        msg(KeyCode::Char('a'), KeyModifiers::NONE).is_none(),
        "review keys wait for the browser"
    );
}

#[test]
fn no_key_is_bound_twice_in_one_mode() {
    for (i, a) in BINDINGS.iter().enumerate() {
        for b in &BINDINGS[i + 1..] {
            let same_key = a.code == b.code && a.modifiers == b.modifiers;
            assert!(
                !(same_key && a.action.scope().overlaps(b.action.scope())),
                "{} bound twice",
                key_label(a)
            );
        }
    }
}

#[test]
fn help_lists_every_bound_action_with_its_keys() {
    let entries = Keymap::default().help_entries();
    assert!(entries.contains(&("↓ j".to_string(), Action::Down.describe().to_string())));
    assert!(entries.contains(&("q Ctrl-c".to_string(), Action::Quit.describe().to_string())));
    for b in BINDINGS {
        assert!(entries.iter().any(|(_, d)| *d == b.action.describe()));
    }
}

fn keymap(text: &str) -> Result<Keymap, ConfigError> {
    let path = Path::new("c.toml");
    let config = Config::parse(text, path)?;
    Keymap::from_config(&config, text, path).map_err(|mut all| all.swap_remove(0))
}

#[test]
fn config_replaces_an_actions_keys() {
    let map = keymap("[keys]\nquit = [\"Q\", \"ctrl-q\"]\n").expect("valid");
    let q = |c, m| map.action_for(Mode::Browse, press(c, m));
    assert_eq!(
        q(KeyCode::Char('Q'), KeyModifiers::SHIFT),
        Some(Action::Quit)
    );
    assert_eq!(
        q(KeyCode::Char('q'), KeyModifiers::CONTROL),
        Some(Action::Quit)
    );
    assert_eq!(
        q(KeyCode::Char('q'), KeyModifiers::NONE),
        None,
        "default key gone"
    );
    assert!(map
        .help_entries()
        .contains(&("Q Ctrl-q".to_string(), "quit".to_string())));
}

#[test]
fn duplicate_binding_is_an_error_naming_the_line() {
    let e = keymap("reviewer = \"a\"\n[keys]\nquit = \"j\"\n").expect_err("j is down's");
    assert_eq!(e.line, Some(3));
    assert!(
        e.message.contains("\"j\" is bound to both"),
        "{}",
        e.message
    );
}

#[test]
fn unknown_action_or_key_is_an_error() {
    let e = keymap("[keys]\nexplode = \"z\"\n").expect_err("no such action");
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("unknown action \"explode\""));
    let e = keymap("[keys]\nquit = \"hyper-q\"\n").expect_err("no such key");
    assert!(e.message.contains("unknown key"));
}

#[test]
fn every_default_key_round_trips_through_its_config_name() {
    for b in BINDINGS {
        assert_eq!(
            parse_key(&config_key_name(b)),
            Some((b.code, b.modifiers)),
            "{b:?}"
        );
    }
}

#[test]
fn the_default_config_text_parses_and_changes_nothing() {
    let text = Keymap::default_config_text();
    let uncommented: String = text
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| r.contains(" = "))
                .unwrap_or(l)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    // With every setting uncommented it is still a valid config
    // (colour and path values aside, which are examples).
    let path = Path::new("c.toml");
    let config = Config::parse(&uncommented, path).expect("uncommented default parses");
    let map = Keymap::from_config(&config, &uncommented, path).expect("no duplicates");
    assert_eq!(map, Keymap::default());
}

#[test]
fn a_key_means_one_thing_in_select_mode_and_another_outside() {
    let v = press(KeyCode::Char('v'), KeyModifiers::NONE);
    assert_eq!(action_for(Mode::Browse, v), Some(Action::ToggleExtracted));
    assert_eq!(action_for(Mode::Select, v), Some(Action::Extend));
    let w = press(KeyCode::Char('w'), KeyModifiers::NONE);
    assert_eq!(action_for(Mode::Browse, w), None);
    assert_eq!(action_for(Mode::Select, w), Some(Action::NextWord));
    // Accepting is about the incident: not while the cursor is in the text.
    let a = press(KeyCode::Char('a'), KeyModifiers::NONE);
    assert_ne!(action_for(Mode::Select, a), Some(Action::Accept));
    // Moving, undo and quitting work in both.
    for mode in [Mode::Browse, Mode::Select] {
        assert_eq!(
            action_for(mode, press(KeyCode::Char('u'), KeyModifiers::NONE)),
            Some(Action::Undo)
        );
        assert_eq!(
            action_for(mode, press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
    }
}

#[test]
fn a_config_may_share_a_key_between_modes_but_not_within_one() {
    let map = keymap("[keys]\nextend = [\"x\"]\n").expect("x rejects only while browsing");
    let x = press(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(map.action_for(Mode::Select, x), Some(Action::Extend));
    assert_eq!(map.action_for(Mode::Browse, x), Some(Action::Reject));
    let e = keymap("[keys]\nextend = [\"u\"]\n").expect_err("undo works in select mode too");
    assert!(e.message.contains("bound to both"), "{}", e.message);
}
