//! The word lists the rules read text with (`assets/lexicon/en.json`, plus
//! any the user adds), compiled into automata that find every entry of a
//! kind in one linear pass over an article's folded text.

use std::ops::Range;
use std::path::Path;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use crate::dataset::ReadError;
use crate::evidence::fold::{fold_str, Folded};
use crate::evidence::gazetteer::key;
use crate::evidence::Gazetteer;

/// The built-in lexicon's JSON.
pub const BUILT_IN_JSON: &str = include_str!("../../assets/lexicon/en.json");

/// A named entry and the words that name it (`Islamic State`: `ISIS`, …).
/// The name is what a draft's field gets; only the words are looked for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    #[serde(default)]
    pub words: Vec<String>,
}

/// The word lists, as the lexicon file writes them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    #[serde(default)]
    pub about: String,
    /// In order of precedence: an incident whose words name an earlier
    /// entry gets that type.
    #[serde(default)]
    pub event_types: Vec<Entry>,
    #[serde(default)]
    pub attack_words: Vec<String>,
    #[serde(default)]
    pub actors: Vec<Entry>,
    #[serde(default)]
    pub targets: Vec<Entry>,
    #[serde(default)]
    pub not_attack: Vec<String>,
    #[serde(default)]
    pub not_attack_without_casualties: Vec<String>,
    #[serde(default)]
    pub new_incident: Vec<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub boilerplate: Vec<String>,
}

fn merge_entries(into: &mut Vec<Entry>, from: Vec<Entry>) {
    for e in from {
        match into
            .iter_mut()
            .find(|x| fold_str(&x.name) == fold_str(&e.name))
        {
            Some(x) => x.words.extend(e.words),
            None => into.push(e),
        }
    }
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn built_in() -> Lexicon {
        // The asset is tested to parse; an empty lexicon would only find less.
        Lexicon::from_json(BUILT_IN_JSON).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Lexicon, ReadError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Reads a user's lexicon file; the error names what is wrong.
    pub fn load(path: &Path) -> Result<Lexicon, ReadError> {
        Lexicon::from_json(&std::fs::read_to_string(path)?)
    }

    /// Adds another lexicon's words: entries of the same name get its
    /// words, new names become new entries (after the built-in ones).
    pub fn extend(&mut self, other: Lexicon) {
        merge_entries(&mut self.event_types, other.event_types);
        merge_entries(&mut self.actors, other.actors);
        merge_entries(&mut self.targets, other.targets);
        self.attack_words.extend(other.attack_words);
        self.not_attack.extend(other.not_attack);
        self.not_attack_without_casualties
            .extend(other.not_attack_without_casualties);
        self.new_incident.extend(other.new_incident);
        self.summary.extend(other.summary);
        self.boilerplate.extend(other.boilerplate);
    }
}

/// What a match found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    EventType(u16),
    Attack,
    Actor(u16),
    Target(u16),
    NotAttack,
    NotAttackWeak,
    NewIncident,
    Summary,
    Boilerplate,
    /// A province (index into [`Matcher::provinces`]).
    Province(u16),
    /// A district: its province and its name's index in
    /// [`Matcher::districts`].
    District(u16, u16),
}

/// A match: what it is and the bytes of the original text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    pub bytes: Range<usize>,
}

/// One automaton for every word list: each pattern's list, kind, and the
/// exact text the original must show when case matters. Within a list,
/// matches are leftmost-longest and do not overlap (as if each list had
/// an automaton of its own); lists overlap one another freely.
struct Automaton {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    /// For each list: names written in Latin letters must be capitalised
    /// in the text (the town of Hit is not the verb).
    capitalised: Vec<bool>,
}

struct Pattern {
    list: usize,
    kind: Kind,
    exact: Option<String>,
}

impl Automaton {
    fn build(lists: Vec<(Vec<(String, Kind)>, bool)>) -> Option<Automaton> {
        let mut folded = Vec::new();
        let mut patterns = Vec::new();
        let mut capitalised = Vec::new();
        for (list, (words, caps)) in lists.into_iter().enumerate() {
            capitalised.push(caps);
            for (word, kind) in words {
                let (exact, word) = match word.strip_prefix('=') {
                    Some(w) => (Some(w.to_string()), w.to_string()),
                    None => (None, word),
                };
                let f = fold_str(&word);
                if f.is_empty() {
                    continue;
                }
                folded.push(f);
                patterns.push(Pattern { list, kind, exact });
            }
        }
        // A DFA: it reads several times faster than the default NFA, and
        // the text is read once for every list.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&folded)
            .ok()?;
        Some(Automaton {
            ac,
            patterns,
            capitalised,
        })
    }

    fn find(&self, text: &str, folded: &Folded, out: &mut Vec<Hit>) {
        let f = folded.text.as_str();
        let mut found: Vec<Vec<(usize, std::cmp::Reverse<usize>, usize)>> =
            vec![Vec::new(); self.capitalised.len()];
        for m in self.ac.find_overlapping_iter(f) {
            let id = m.pattern().as_usize();
            if let Some(p) = self.patterns.get(id) {
                found[p.list].push((m.start(), std::cmp::Reverse(m.end()), id));
            }
        }
        for (list, matches) in found.iter_mut().enumerate() {
            // Leftmost, then longest, then the pattern added first; the
            // next match starts where the last one ended.
            matches.sort_unstable();
            let mut at = 0;
            for &(start, std::cmp::Reverse(end), id) in matches.iter() {
                if start < at {
                    continue;
                }
                at = end;
                if let Some(hit) = self.hit(text, folded, start..end, id, list) {
                    out.push(hit);
                }
            }
        }
    }

    /// The hit a match makes, when it stands as a word in the text.
    fn hit(
        &self,
        text: &str,
        folded: &Folded,
        m: Range<usize>,
        id: usize,
        list: usize,
    ) -> Option<Hit> {
        let f = folded.text.as_str();
        let p = self.patterns.get(id)?;
        let needle = &f[m.clone()];
        // Latin words must stand alone ("isis" is not in "crisis");
        // Arabic attaches prefixes to words, so it is not held to it.
        let latin_start = needle
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let latin_end = needle
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let before = f[..m.start].chars().next_back();
        let after = f[m.end..].chars().next();
        if latin_start && before.is_some_and(char::is_alphanumeric)
            || latin_end && after.is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let bytes = folded.source_of(m)?;
        if self.capitalised.get(list).copied().unwrap_or(false)
            && text[bytes.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            return None;
        }
        if let Some(exact) = &p.exact {
            if text.get(bytes.clone()) != Some(exact.as_str()) {
                return None;
            }
        }
        Some(Hit {
            kind: p.kind,
            bytes,
        })
    }
}

/// A lexicon and gazetteers compiled for matching.
pub struct Matcher {
    pub lexicon: Lexicon,
    /// Canonical province names.
    pub provinces: Vec<String>,
    /// District names and the province (index) each belongs to.
    pub districts: Vec<(String, u16)>,
    /// Every province name and alias, by its gazetteer key.
    province_keys: HashMap<String, u16>,
    /// Every district name and alias, by its gazetteer key: its index.
    district_keys: HashMap<String, u16>,
    automaton: Option<Automaton>,
}

fn index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

impl Matcher {
    pub fn new(lexicon: Lexicon, gazetteers: &[Gazetteer]) -> Matcher {
        let entries = |list: &[Entry], kind: fn(u16) -> Kind| -> Vec<(String, Kind)> {
            list.iter()
                .enumerate()
                .flat_map(|(i, e)| e.words.iter().map(move |w| (w.clone(), kind(index(i)))))
                .collect()
        };
        let words = |list: &[String], kind: Kind| -> Vec<(String, Kind)> {
            list.iter().map(|w| (w.clone(), kind)).collect()
        };
        let mut provinces = Vec::new();
        let mut districts = Vec::new();
        let mut places = Vec::new();
        let mut province_keys = HashMap::new();
        let mut district_keys = HashMap::new();
        for g in gazetteers {
            for p in &g.provinces {
                let pi = index(provinces.len());
                provinces.push(p.name.clone());
                for n in p.names() {
                    places.push((n.to_string(), Kind::Province(pi)));
                    province_keys.entry(key(n)).or_insert(pi);
                }
                for d in &p.districts {
                    let di = index(districts.len());
                    districts.push((d.name.clone(), pi));
                    for n in d.names() {
                        places.push((n.to_string(), Kind::District(pi, di)));
                        district_keys.entry(key(n)).or_insert(di);
                    }
                }
            }
        }
        let mut cues = words(&lexicon.not_attack, Kind::NotAttack);
        cues.extend(words(
            &lexicon.not_attack_without_casualties,
            Kind::NotAttackWeak,
        ));
        cues.extend(words(&lexicon.new_incident, Kind::NewIncident));
        cues.extend(words(&lexicon.summary, Kind::Summary));
        let sets = vec![
            entries(&lexicon.event_types, Kind::EventType),
            words(&lexicon.attack_words, Kind::Attack),
            entries(&lexicon.actors, Kind::Actor),
            entries(&lexicon.targets, Kind::Target),
            cues,
            words(&lexicon.boilerplate, Kind::Boilerplate),
        ];
        let mut lists: Vec<(Vec<(String, Kind)>, bool)> =
            sets.into_iter().map(|set| (set, false)).collect();
        lists.push((places, true));
        let automaton = Automaton::build(lists);
        Matcher {
            lexicon,
            provinces,
            districts,
            province_keys,
            district_keys,
            automaton,
        }
    }

    /// Whether `name` is a province's name or alias.
    pub fn is_province(&self, name: &str) -> bool {
        self.province_keys.contains_key(&key(name))
    }

    /// The province `name` names (an alias or the canonical name).
    pub fn province_named(&self, name: &str) -> Option<u16> {
        self.province_keys.get(&key(name)).copied()
    }

    /// The district `name` names, and its province.
    pub fn district_named(&self, name: &str) -> Option<(u16, u16)> {
        let d = *self.district_keys.get(&key(name))?;
        let (_, p) = self.districts.get(usize::from(d))?;
        Some((d, *p))
    }

    /// Every hit in `text`, ordered by where it starts.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let folded = Folded::new(text);
        let mut out = Vec::new();
        if let Some(a) = &self.automaton {
            a.find(text, &folded, &mut out);
        }
        out.sort_by_key(|h| (h.bytes.start, std::cmp::Reverse(h.bytes.end)));
        out
    }

    pub fn actor_name(&self, i: u16) -> &str {
        self.lexicon
            .actors
            .get(usize::from(i))
            .map_or("", |e| e.name.as_str())
    }

    pub fn target_name(&self, i: u16) -> &str {
        self.lexicon
            .targets
            .get(usize::from(i))
            .map_or("", |e| e.name.as_str())
    }

    pub fn event_type_name(&self, i: u16) -> &str {
        self.lexicon
            .event_types
            .get(usize::from(i))
            .map_or("", |e| e.name.as_str())
    }

    pub fn province_name(&self, i: u16) -> &str {
        self.provinces
            .get(usize::from(i))
            .map_or("", String::as_str)
    }

    pub fn district_name(&self, i: u16) -> &str {
        self.districts
            .get(usize::from(i))
            .map_or("", |(n, _)| n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(m: &Matcher, text: &str) -> Vec<(Kind, String)> {
        m.find(text)
            .into_iter()
            .map(|h| (h.kind, text[h.bytes].to_string()))
            .collect()
    }

    #[test]
    fn the_built_in_lexicon_parses_and_has_every_list() {
        let l = Lexicon::from_json(BUILT_IN_JSON).expect("the asset parses");
        assert!(l.event_types.len() >= 7);
        assert!(!l.actors.is_empty() && !l.targets.is_empty());
        assert!(!l.boilerplate.is_empty() && !l.new_incident.is_empty());
    }

    #[test]
    fn words_match_whole_and_folded() {
        let m = Matcher::new(Lexicon::built_in(), &[Gazetteer::iraq()]);
        let found = kinds(&m, "A crisis in KIRKUK: Daesh struck.");
        assert!(found
            .iter()
            .any(|(k, t)| matches!(k, Kind::Actor(_)) && t == "Daesh"));
        assert!(found
            .iter()
            .any(|(k, t)| matches!(k, Kind::Province(_)) && t == "KIRKUK"));
        assert!(!found.iter().any(|(_, t)| t == "isis"), "{found:?}");
    }

    #[test]
    fn a_list_takes_its_longest_word_and_lists_overlap_each_other() {
        let mut l = Lexicon::built_in();
        l.attack_words = vec!["car bomb".into(), "bomb".into(), "bomb attack".into()];
        l.summary = vec!["bomb attack".into()];
        let m = Matcher::new(l, &[]);
        let found = kinds(&m, "a car bomb attack");
        let attacks: Vec<&str> = found
            .iter()
            .filter(|(k, _)| *k == Kind::Attack)
            .map(|(_, t)| t.as_str())
            .collect();
        // Leftmost first, then longest: `car bomb`, and not the `bomb`
        // or `bomb attack` inside or across it.
        assert_eq!(attacks, ["car bomb"]);
        // Another list reads the same words as its own.
        assert!(found
            .iter()
            .any(|(k, t)| *k == Kind::Summary && t == "bomb attack"));
    }

    #[test]
    fn an_exact_case_entry_needs_its_case() {
        let m = Matcher::new(Lexicon::built_in(), &[]);
        let group = kinds(&m, "IS fighters attacked");
        assert!(group
            .iter()
            .any(|(k, t)| matches!(k, Kind::Actor(_)) && t == "IS"));
        let verb = kinds(&m, "it is said");
        assert!(
            !verb.iter().any(|(k, _)| matches!(k, Kind::Actor(_))),
            "{verb:?}"
        );
    }

    #[test]
    fn a_user_lexicon_adds_words_to_an_entry_and_new_entries() {
        let mut l = Lexicon::built_in();
        l.extend(
            Lexicon::from_json(
                r#"{"actors": [{"name": "islamic state", "words": ["Tanzim"]},
                    {"name": "Ansar al-Sunna", "words": ["Ansar"]}]}"#,
            )
            .expect("parses"),
        );
        let m = Matcher::new(l, &[]);
        let found = kinds(&m, "Tanzim and Ansar fighters");
        let names: Vec<&str> = found
            .iter()
            .filter_map(|(k, _)| match k {
                Kind::Actor(i) => Some(m.actor_name(*i)),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["Islamic State", "Ansar al-Sunna"]);
    }

    #[test]
    fn latin_place_names_must_be_capitalised() {
        let m = Matcher::new(Lexicon::built_in(), &[Gazetteer::iraq()]);
        assert!(kinds(&m, "a rocket hit the base")
            .iter()
            .all(|(k, _)| !matches!(k, Kind::Province(_) | Kind::District(..))));
        assert!(kinds(&m, "a bomb in Hit killed two")
            .iter()
            .any(|(k, _)| matches!(k, Kind::District(..))));
    }

    #[test]
    fn arabic_place_names_match_inside_words() {
        let m = Matcher::new(Lexicon::built_in(), &[Gazetteer::iraq()]);
        let found = kinds(&m, "انفجار في كركوك");
        assert!(
            found.iter().any(|(k, _)| matches!(k, Kind::Province(_))),
            "{found:?}"
        );
    }
}
