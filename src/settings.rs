//! What the config file and the environment decide for the browser: keys,
//! theme, mouse. A bad config is reported and the defaults are used.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;

use crate::config::{self, Config, ConfigError};
use crate::dataset::FieldKind;
use crate::input::Keymap;
use crate::ui::Theme;

/// The browser's settings, and the problems found while reading them.
pub struct Settings {
    pub config: Config,
    pub keymap: Keymap,
    pub theme: Theme,
    pub mouse: bool,
    pub problems: Vec<String>,
}

/// `NO_COLOR` set to anything but the empty string turns colour off.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Reads the config at `path` (or the default path) and builds settings.
pub fn load(path: Option<&Path>, no_mouse: bool) -> Settings {
    let path: Option<PathBuf> = path.map(Path::to_path_buf).or_else(config::default_path);
    let mut problems = Vec::new();
    // Every problem in the file, told in the order of its lines.
    let mut found: Vec<(ConfigError, &str)> = Vec::new();
    let (config, text) = match path.as_deref().map(config::read) {
        Some(Ok(Some(read))) => {
            let ignored = if read.config == Config::default() {
                "using the defaults"
            } else {
                "that setting is ignored"
            };
            found.extend(read.problems.into_iter().map(|e| (e, ignored)));
            (read.config, read.text)
        }
        Some(Ok(None)) | None => (Config::default(), String::new()),
        Some(Err(e)) => {
            problems.push(format!("{e}; using the defaults"));
            (Config::default(), String::new())
        }
    };
    let shown_path = path.clone().unwrap_or_default();
    let keymap = match Keymap::from_config(&config, &text, &shown_path) {
        Ok(k) => k,
        Err(errors) => {
            found.extend(errors.into_iter().map(|e| (e, "using the default keys")));
            Keymap::default()
        }
    };
    let theme = match theme(&config, &text, &shown_path) {
        Ok(t) => t,
        Err(errors) => {
            found.extend(errors.into_iter().map(|e| (e, "using the default theme")));
            Theme::default()
        }
    };
    found.sort_by_key(|(e, _)| e.line);
    problems.extend(found.iter().map(|(e, then)| format!("{e}; {then}")));
    let theme = if no_color() { Theme::mono() } else { theme };
    let mouse = !no_mouse && config.mouse.unwrap_or(true);
    Settings {
        config,
        keymap,
        theme,
        mouse,
        problems,
    }
}

/// The theme the config names, with its evidence colours; every unknown
/// name or colour is an error, all of them reported.
fn theme(config: &Config, text: &str, path: &Path) -> Result<Theme, Vec<ConfigError>> {
    let err = |offset: usize, message: String| ConfigError {
        path: path.to_path_buf(),
        line: Some(config::line_of(text, offset)),
        message,
    };
    let mut errors = Vec::new();
    let mut theme = match &config.theme {
        None => Theme::default(),
        Some(name) => Theme::named(name.get_ref()).unwrap_or_else(|| {
            errors.push(err(
                name.span().start,
                format!("unknown theme {:?} (dark, light or mono)", name.get_ref()),
            ));
            Theme::default()
        }),
    };
    let c = &config.colors;
    for (kind, value) in [
        (FieldKind::Casualties, &c.casualties),
        (FieldKind::Place, &c.place),
        (FieldKind::Actors, &c.actors),
        (FieldKind::Date, &c.date),
        (FieldKind::Other, &c.other),
    ] {
        let Some(value) = value else { continue };
        let Ok(color) = Color::from_str(value.get_ref()) else {
            errors.push(err(
                value.span().start,
                format!("unknown colour {:?}", value.get_ref()),
            ));
            continue;
        };
        let i = FieldKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        theme.evidence[i] = theme.evidence[i].bg(color);
    }
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_from(text: &str) -> Settings {
        let dir = std::env::temp_dir().join(format!(
            "incidents-settings-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("config.toml");
        std::fs::write(&path, text).expect("write");
        let s = load(Some(&path), false);
        std::fs::remove_dir_all(&dir).ok();
        s
    }

    #[test]
    fn a_bad_config_falls_back_to_defaults_and_says_why() {
        let s = settings_from("theme = \"sepia\"\n");
        assert_eq!(s.problems.len(), 1);
        assert!(
            s.problems[0].contains(":1: unknown theme \"sepia\""),
            "{:?}",
            s.problems
        );
        let s = settings_from("colour = 1\n");
        assert!(
            s.problems[0].contains("unknown field `colour`"),
            "{:?}",
            s.problems
        );
        assert_eq!(s.keymap, Keymap::default());
    }

    /// Every problem of a readable file at once, each on its line; what
    /// is right in the file is still used.
    #[test]
    fn every_problem_of_a_config_is_reported_at_once() {
        let s = settings_from(concat!(
            "theme = \"sepia\"\n",
            "colour = 1\n",
            "mouse = \"yes\"\n",
            "reviewer = \"amal\"\n",
            "[colors]\n",
            "place = \"nocolour\"\n",
            "blood = \"red\"\n",
            "[keys]\n",
            "explode = \"z\"\n",
            "quit = \"hyper-q\"\n",
        ));
        let lines: Vec<&str> = s
            .problems
            .iter()
            .map(|p| {
                let at = p.find(".toml:").expect("a line") + 6;
                &p[at..at + p[at..].find(':').expect("line:")]
            })
            .collect();
        assert_eq!(
            lines,
            ["1", "2", "3", "6", "7", "9", "10"],
            "{:#?}",
            s.problems
        );
        assert!(
            s.problems[0].contains("unknown theme \"sepia\""),
            "{:?}",
            s.problems
        );
        assert!(
            s.problems[1].contains("unknown field `colour`"),
            "{:?}",
            s.problems
        );
        assert!(
            s.problems[1].ends_with("that setting is ignored"),
            "{:?}",
            s.problems
        );
        assert!(s.problems[5].contains("unknown action \"explode\""));
        assert!(s.problems[6].contains("unknown key \"hyper-q\""));
        assert_eq!(
            s.config.reviewer.as_deref(),
            Some("amal"),
            "the rest is used"
        );
        // Syntax errors: each one, and the file is not used.
        let s = settings_from("reviewer = \"amal\"\nmouse = = 2\ntheme = \"dark\nx = [\n");
        assert!(s.problems.len() >= 2, "{:#?}", s.problems);
        assert!(s.problems[0].contains(":2:"), "{:?}", s.problems);
        assert!(s.problems.iter().all(|p| p.ends_with("using the defaults")));
        assert_eq!(s.config, Config::default());
    }

    #[test]
    fn colours_and_mouse_come_from_the_file() {
        let s = settings_from("mouse = false\ntheme = \"light\"\n[colors]\nplace = \"#00ff00\"\n");
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert!(!s.mouse);
        if !no_color() {
            assert_eq!(
                s.theme.evidence(FieldKind::Place).bg,
                Some(Color::Rgb(0, 255, 0))
            );
            assert_eq!(s.theme.name, "light");
        }
        let s = settings_from("[colors]\nplace = \"blurple\"\n");
        assert!(
            s.problems[0].contains(":2: unknown colour"),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn a_missing_file_is_no_problem() {
        let s = load(Some(Path::new("/nonexistent/incidents/config.toml")), true);
        assert!(s.problems.is_empty());
        assert!(!s.mouse);
    }
}
