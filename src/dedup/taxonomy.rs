//! The levelled taxonomy event types and actors are compared through, as
//! MELTT's: each entry is a path from its most specific name to its
//! broadest class (`IED` → `bombing` → `explosions`), and two values agree
//! at the first level where their paths meet. The built-in one is
//! `assets/taxonomy/events.json`; a user's file adds words and entries.

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::dataset::sanitize::clean_inline;
use crate::dataset::ReadError;
use crate::evidence::fold::fold_str;

/// The built-in taxonomy's JSON.
pub const BUILT_IN_JSON: &str = include_str!("../../assets/taxonomy/events.json");

/// The most levels a scheme may have.
pub const MAX_LEVELS: usize = 4;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    event_types: Option<SchemeFile>,
    actors: Option<SchemeFile>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemeFile {
    #[serde(default)]
    levels: Vec<String>,
    #[serde(default)]
    entries: Vec<EntryFile>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    path: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
}

/// Where a value sits in a scheme: an id per level (0 where its entry
/// starts at a broader level, or the value is unknown), most specific first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Class([u16; MAX_LEVELS]);

impl Class {
    /// The class of a value the taxonomy does not know.
    pub const EMPTY: Class = Class([0; MAX_LEVELS]);

    /// The most specific level known (0 is the most specific of all);
    /// [`MAX_LEVELS`] when none is.
    pub fn specificity(self) -> usize {
        self.0.iter().position(|&id| id != 0).unwrap_or(MAX_LEVELS)
    }

    /// No level known.
    pub fn is_unknown(self) -> bool {
        self.0.iter().all(|&id| id == 0)
    }

    /// The most specific level at which `self` and `other` agree, `None`
    /// when they meet at none.
    pub fn agreement(self, other: Class) -> Option<usize> {
        (0..MAX_LEVELS).find(|&l| self.0[l] != 0 && self.0[l] == other.0[l])
    }
}

/// Event types or actors: named levels, entries and the words that name them.
#[derive(Debug, Clone)]
pub struct Scheme {
    pub levels: Vec<String>,
    /// The names at each level, by id (id 0 is no name).
    names: Vec<Vec<String>>,
    /// Each entry's class.
    classes: Vec<Class>,
    /// The words, normalised, and the entry each names.
    words: Vec<(String, usize)>,
    matcher: Option<AhoCorasick>,
}

/// The two schemes.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub event_types: Scheme,
    pub actors: Scheme,
}

/// Text as words are matched in it: folded (case, quotes, dashes, Arabic
/// letter forms), every run of other characters a space, a space at each
/// end so that a pattern matches whole words.
pub fn normalise(text: &str) -> String {
    let folded = fold_str(text);
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

impl Scheme {
    /// The names of a class's levels, most specific first (`None` where
    /// the class has no name).
    pub fn names(&self, class: Class) -> Vec<Option<&str>> {
        (0..self.levels.len())
            .map(|l| {
                let id = usize::from(class.0[l]);
                (id != 0).then(|| self.names[l][id - 1].as_str())
            })
            .collect()
    }

    /// The class of a value: the entry of its leftmost, longest word.
    pub fn classify(&self, value: &str) -> Class {
        let Some(matcher) = &self.matcher else {
            return Class::default();
        };
        let text = normalise(value);
        matcher.find(&text).map_or_else(Class::default, |m| {
            self.classes[self.words[m.pattern().as_usize()].1]
        })
    }

    /// How alike two classes are, as MELTT scores them: 1 at the most
    /// specific level, falling by equal steps to 0 at the broadest (where
    /// they are compatible but agreeing says nothing); `None` when they do
    /// not meet.
    pub fn similarity(&self, a: Class, b: Class) -> Option<f32> {
        let steps = self.levels.len().saturating_sub(1).max(1);
        a.agreement(b).map(|l| 1.0 - l as f32 / steps as f32)
    }

    fn build(files: &[&SchemeFile], what: &str) -> Result<Scheme, ReadError> {
        // The built-in scheme (the first) names the levels.
        let levels = files.first().map(|f| f.levels.clone()).unwrap_or_default();
        if levels.is_empty() || levels.len() > MAX_LEVELS {
            return Err(ReadError::Invalid(format!(
                "{what}: between 1 and {MAX_LEVELS} levels are needed, not {}",
                levels.len()
            )));
        }
        if let Some(f) = files
            .iter()
            .find(|f| !f.levels.is_empty() && f.levels.len() != levels.len())
        {
            return Err(ReadError::Invalid(format!(
                "{what}: {} levels ({}) where the built-in taxonomy has {}",
                f.levels.len(),
                f.levels.join(", "),
                levels.len()
            )));
        }
        let mut scheme = Scheme {
            names: vec![Vec::new(); levels.len()],
            levels,
            classes: Vec::new(),
            words: Vec::new(),
            matcher: None,
        };
        let mut ids: Vec<HashMap<String, u16>> = vec![HashMap::new(); scheme.levels.len()];
        let mut by_path: HashMap<Class, usize> = HashMap::new();
        let mut claimed: HashMap<String, ()> = HashMap::new();
        // The user's files come first, so their words win.
        for file in files.iter().rev() {
            for entry in &file.entries {
                let class = scheme.class_of(&entry.path, &mut ids, what)?;
                let index = *by_path.entry(class).or_insert_with(|| {
                    scheme.classes.push(class);
                    scheme.classes.len() - 1
                });
                for word in entry.path.iter().take(1).chain(&entry.words) {
                    let w = normalise(&clean_inline(word).0);
                    if w.trim().is_empty() || claimed.insert(w.clone(), ()).is_some() {
                        continue;
                    }
                    scheme.words.push((w, index));
                }
            }
        }
        if !scheme.words.is_empty() {
            let matcher = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(scheme.words.iter().map(|(w, _)| w.as_str()))
                .map_err(|e| ReadError::Invalid(format!("{what}: {e}")))?;
            scheme.matcher = Some(matcher);
        }
        Ok(scheme)
    }

    /// The class of a path, giving new names their ids. A path shorter
    /// than the levels names the broadest ones.
    fn class_of(
        &mut self,
        path: &[String],
        ids: &mut [HashMap<String, u16>],
        what: &str,
    ) -> Result<Class, ReadError> {
        let levels = self.levels.len();
        if path.is_empty() || path.len() > levels {
            return Err(ReadError::Invalid(format!(
                "{what}: the path {path:?} must name 1 to {levels} levels"
            )));
        }
        let mut class = Class::default();
        for (k, name) in path.iter().enumerate() {
            let level = levels - path.len() + k;
            let name = clean_inline(name).0.trim().to_string();
            let key = normalise(&name);
            if key.trim().is_empty() {
                return Err(ReadError::Invalid(format!(
                    "{what}: the path {path:?} has an empty name"
                )));
            }
            let next = self.names[level].len() + 1;
            let id = *ids[level].entry(key).or_insert_with(|| {
                self.names[level].push(name);
                u16::try_from(next).unwrap_or(u16::MAX)
            });
            class.0[level] = id;
        }
        Ok(class)
    }
}

impl Taxonomy {
    /// The built-in taxonomy.
    pub fn built_in() -> Taxonomy {
        // The asset is compiled in and a test reads it; an empty
        // taxonomy would only leave every type unknown.
        Taxonomy::with_files(&[]).unwrap_or_else(|_| Taxonomy {
            event_types: empty("event types"),
            actors: empty("actors"),
        })
    }

    /// The built-in taxonomy extended by users' files (JSON texts), in
    /// order; a later file's words win over an earlier one's.
    pub fn with_texts(texts: &[&str]) -> Result<Taxonomy, ReadError> {
        let mut files = vec![serde_json::from_str::<TaxonomyFile>(BUILT_IN_JSON)?];
        for text in texts {
            files.push(serde_json::from_str(text)?);
        }
        let schemes = |pick: fn(&TaxonomyFile) -> Option<&SchemeFile>, what: &str| {
            let list: Vec<&SchemeFile> = files.iter().filter_map(pick).collect();
            Scheme::build(&list, what)
        };
        Ok(Taxonomy {
            event_types: schemes(|f| f.event_types.as_ref(), "event_types")?,
            actors: schemes(|f| f.actors.as_ref(), "actors")?,
        })
    }

    /// [`Taxonomy::with_texts`] of files; the error names the file.
    pub fn with_files(paths: &[&Path]) -> Result<Taxonomy, String> {
        let mut texts = Vec::with_capacity(paths.len());
        for p in paths {
            texts.push(
                std::fs::read_to_string(p).map_err(|e| format!("taxonomy {}: {e}", p.display()))?,
            );
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Taxonomy::with_texts(&refs).map_err(|e| match paths {
            [] => format!("the built-in taxonomy: {e}"),
            _ => format!(
                "taxonomy {}: {e}",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
}

fn empty(what: &str) -> Scheme {
    Scheme {
        levels: vec![what.to_string()],
        names: vec![Vec::new()],
        classes: Vec::new(),
        words: Vec::new(),
        matcher: None,
    }
}
