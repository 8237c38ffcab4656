//! The terminal fits its user: NO_COLOR, the keymap in the help overlay,
//! shell completions, the config commands.

use std::process::Command;

use incidents::app::{App, Msg};
use incidents::dataset::FieldKind;
use incidents::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_incidents"));
    // Never read the developer's own config in tests.
    c.env(
        "INCIDENTS_CONFIG",
        "/nonexistent/incidents-test/config.toml",
    );
    c
}

/// The detail pane's text with, under each line, a letter per cell for the
/// emphasis it is drawn with: R reverse, B bold, U underline, I italic
/// (first that applies), `.` none.
fn emphasis_mask(t: &Terminal<TestBackend>, app: &App) -> String {
    let inner = app.panes().expect("fits").detail.inner();
    let buffer = t.backend().buffer();
    let mut out = String::new();
    for y in inner.y..inner.y + inner.height {
        let mut text = String::new();
        let mut mask = String::new();
        for x in inner.x..inner.x + inner.width {
            let cell = &buffer[(x, y)];
            text.push_str(cell.symbol());
            let m = cell.style().add_modifier;
            mask.push(if m.contains(Modifier::REVERSED) {
                'R'
            } else if m.contains(Modifier::ITALIC) && m.contains(Modifier::UNDERLINED) {
                'J'
            } else if m.contains(Modifier::BOLD) && m.contains(Modifier::UNDERLINED) {
                'V'
            } else if m.contains(Modifier::UNDERLINED) {
                'U'
            } else if m.contains(Modifier::ITALIC) {
                'I'
            } else if m.contains(Modifier::BOLD) {
                'B'
            } else {
                '.'
            });
            let style = cell.style();
            assert!(style.fg.is_none() || style.fg == Some(ratatui::style::Color::Reset));
            assert!(style.bg.is_none() || style.bg == Some(ratatui::style::Color::Reset));
        }
        out.push_str(text.trim_end());
        out.push('\n');
        out.push_str(mask.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

#[test]
fn no_color_theme_keeps_evidence_distinguishable() {
    let mut app = App::new(incidents::load_sample().dataset, "sample");
    app.update(Msg::Resize(120, 60));
    let mut t = Terminal::new(TestBackend::new(120, 60)).expect("backend");
    t.draw(|f| ui::render_with(f, &app, &Theme::mono()))
        .expect("draw");
    let mask = emphasis_mask(&t, &app);
    // Casualties, place and actors evidence are all in the first article.
    for letter in ['R', 'U', 'J'] {
        assert!(mask.contains(letter), "no {letter} in\n{mask}");
    }
    insta::assert_snapshot!(mask);
}

#[test]
fn mono_current_evidence_differs_from_the_rest() {
    let t = Theme::mono();
    for k in FieldKind::ALL {
        assert_ne!(t.current_evidence(k), t.evidence(k));
    }
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef incidents"),
        ("fish", "complete -c incidents"),
    ] {
        let out = bin().args(["completions", shell]).output().expect("runs");
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            text.contains(marker),
            "{shell}: {}",
            &text[..text.len().min(200)]
        );
        for sub in ["check", "summary", "config", "completions"] {
            assert!(text.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let out = bin().args(["completions", "tcsh"]).output().expect("runs");
    assert!(!out.status.success());
}

#[test]
fn config_commands() {
    let out = bin().args(["config", "--path"]).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "/nonexistent/incidents-test/config.toml"
    );
    let out = bin().args(["config", "--default"]).output().expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("# quit = [\"q\", \"ctrl-c\"]"), "{text}");
    assert!(text.contains("[colors]"));
}

#[test]
fn a_bad_config_is_reported_and_the_defaults_used() {
    let dir = std::env::temp_dir().join(format!("incidents-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("config.toml");
    std::fs::write(&path, "reviewer = \"x\"\nshortcuts = 1\n").expect("write");
    // `check` does not use the browser's config, so drive the browser's
    // settings loader directly.
    let s = incidents::settings::load(Some(&path), false);
    assert_eq!(s.problems.len(), 1);
    assert!(s.problems[0].contains("config.toml:2:"), "{:?}", s.problems);
    std::fs::remove_dir_all(&dir).ok();
}
