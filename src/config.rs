//! The config file: key bindings, theme, reviewer, gazetteers, default
//! dataset. Read when present, never created. Errors name the line; the
//! caller reports them and goes on with defaults.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// Environment variable naming a config file to use instead of the default.
pub const CONFIG_ENV: &str = "INCIDENTS_CONFIG";

/// One key or a list of keys, as written in `[keys]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Evidence colours by kind of field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    pub casualties: Option<Spanned<String>>,
    pub place: Option<Spanned<String>>,
    pub actors: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub other: Option<Spanned<String>>,
}

/// The config file as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Name written in the review journal.
    pub reviewer: Option<String>,
    /// Dataset opened when none is given.
    pub default_dataset: Option<PathBuf>,
    /// Extra gazetteers, added to the built-in one.
    #[serde(default)]
    pub gazetteers: Vec<PathBuf>,
    /// `dark`, `light` or `mono`.
    pub theme: Option<Spanned<String>>,
    /// Mouse capture (default on).
    pub mouse: Option<bool>,
    /// Move to the next unreviewed incident after accepting (default on).
    pub advance_on_accept: Option<bool>,
    /// Action name -> keys. An action listed here loses its default keys.
    #[serde(default)]
    pub keys: BTreeMap<Spanned<String>, Spanned<KeyList>>,
    #[serde(default)]
    pub colors: Colors,
    /// Word lists added to the built-in extraction rules.
    #[serde(default)]
    pub lexicons: Vec<PathBuf>,
    /// A command that extracts incidents instead of the built-in rules.
    pub extractor: Option<String>,
}

/// A problem in the config file, with its 1-based line when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map_or(String::new(), |l| format!(":{l}")))]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// The 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Config {
    /// Parses config text. `path` is only used in messages. The first
    /// problem found is the error; [`Config::parse_all`] finds them all.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let (config, mut problems) = Config::parse_all(text, path);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems.swap_remove(0))
        }
    }

    /// Parses config text and reports every problem at once, not only the
    /// first: each syntax error (the file is then not used at all), or each
    /// setting that is unknown or of the wrong type (those settings are left
    /// out and the rest is used). `path` is only used in messages.
    pub fn parse_all(text: &str, path: &Path) -> (Config, Vec<ConfigError>) {
        let error = |e: &toml::de::Error, text: &str| ConfigError {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        };
        let (document, syntax) = toml::de::DeTable::parse_recoverable(text);
        if !syntax.is_empty() {
            let problems = syntax.iter().map(|e| error(e, text)).collect();
            return (Config::default(), problems);
        }
        let mut entries = Vec::new();
        entry_ranges(document.get_ref(), &mut entries);
        // The settings read so far, with each one that failed blanked out
        // (same length, so every offset and line number stays right).
        let mut work = text.to_string();
        let mut problems = Vec::new();
        loop {
            let e = match toml::from_str::<Config>(&work) {
                Ok(config) => return (config, problems),
                Err(e) => e,
            };
            problems.push(error(&e, text));
            // The smallest setting that holds the error goes; a problem
            // no setting holds leaves nothing usable.
            let Some(range) = e.span().and_then(|at| {
                entries
                    .iter()
                    .filter(|r| r.start <= at.start && at.start < r.end.max(r.start + 1))
                    .min_by_key(|r| r.end - r.start)
                    .cloned()
            }) else {
                return (Config::default(), problems);
            };
            let blank: String = work[range.clone()]
                .chars()
                .map(|c| {
                    if c == '\n' {
                        "\n".to_string()
                    } else {
                        " ".repeat(c.len_utf8())
                    }
                })
                .collect();
            if blank == work[range.clone()] {
                return (Config::default(), problems);
            }
            work.replace_range(range.clone(), &blank);
            entries.retain(|r| r.end <= range.start || r.start >= range.end);
        }
    }
}

/// The byte range of every setting in `table` and in the tables under
/// it, from its key to the end of its value (a table's, to the end of its
/// last entry).
fn entry_ranges(table: &toml::de::DeTable<'_>, out: &mut Vec<std::ops::Range<usize>>) -> usize {
    let mut last = 0;
    for (key, value) in table {
        let start = key.span().start;
        let mut end = value.span().end.max(key.span().end);
        match value.get_ref() {
            toml::de::DeValue::Table(inner) => end = end.max(entry_ranges(inner, out)),
            toml::de::DeValue::Array(items) => {
                for item in items {
                    if let toml::de::DeValue::Table(inner) = item.get_ref() {
                        end = end.max(entry_ranges(inner, out));
                    }
                    end = end.max(item.span().end);
                }
            }
            _ => {}
        }
        out.push(start..end);
        last = last.max(end);
    }
    last
}

/// Where the config file is looked for: `$INCIDENTS_CONFIG`, else the
/// platform's config directory (`~/.config/incidents/config.toml` on Linux).
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "incidents").map(|d| d.config_dir().join("config.toml"))
}

/// A config file as read: what could be used of it, its text (for line
/// numbers in later checks), and every problem found in it.
pub struct Read {
    pub config: Config,
    pub text: String,
    pub problems: Vec<ConfigError>,
}

/// The config file read from `path`. A missing file is no config and no
/// error; a file that cannot be read is the error.
pub fn read(path: &Path) -> Result<Option<Read>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (config, problems) = Config::parse_all(&text, path);
            Ok(Some(Read {
                config,
                text,
                problems,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        }),
    }
}

/// The config at `path` (or the default place), or the defaults when it
/// is absent or broken (the browser reports what is wrong with it).
pub fn read_or_default(path: Option<&Path>) -> Config {
    path.map(Path::to_path_buf)
        .or_else(default_path)
        .and_then(|p| read(&p).ok().flatten())
        .map(|r| r.config)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("c.toml"))
    }

    #[test]
    fn a_full_config_parses() {
        let c = parse(
            r#"
reviewer = "amal"
theme = "light"
mouse = false
gazetteers = ["syria.json"]

[keys]
quit = ["q", "ctrl-q"]
down = "j"

[colors]
casualties = "light-red"
"#,
        )
        .expect("valid");
        assert_eq!(c.reviewer.as_deref(), Some("amal"));
        assert_eq!(c.theme.map(|t| t.into_inner()).as_deref(), Some("light"));
        assert_eq!(c.mouse, Some(false));
        assert_eq!(c.keys.len(), 2);
        assert_eq!(
            c.colors.casualties.map(|s| s.into_inner()).as_deref(),
            Some("light-red")
        );
    }

    #[test]
    fn unknown_key_names_its_line() {
        let e = parse("reviewer = \"a\"\n\ncolour = \"red\"\n").expect_err("unknown");
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.contains("unknown field `colour`"),
            "{}",
            e.message
        );
        assert!(e.to_string().starts_with("c.toml:3: "));
        let e = parse("[colors]\nblood = \"red\"\n").expect_err("unknown colour");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn bad_value_names_its_line() {
        let e = parse("mouse = \"yes\"\n").expect_err("not a bool");
        assert_eq!(e.line, Some(1));
        let e = parse("[keys]\nquit = 3\n").expect_err("not keys");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("").expect("empty is fine"), Config::default());
    }
}
