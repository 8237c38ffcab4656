//! Place names of one country: provinces with their aliases and their
//! districts. Read from JSON (see the README for the format); Iraq's is
//! built in.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::fold::fold_str;
use crate::dataset::sanitize::clean_inline;
use crate::dataset::ReadError;

/// The built-in gazetteer's JSON.
pub const IRAQ_JSON: &str = include_str!("../../assets/gazetteer/iraq.json");

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gazetteer {
    pub country: String,
    pub provinces: Vec<Province>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// The canonical name, which summaries show.
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub districts: Vec<District>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Province {
    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

impl District {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The key names are compared by: folded (case, diacritics, quotes, dashes,
/// Arabic letter variants; `’`, `ʿ` and `'` alike), hyphens and apostrophes
/// as spaces, a leading Arabic article (`al`/`el` and the assimilated `an`,
/// `at`, `ad`, `as`, `ar`, `ash`, `az`) and a trailing `province`/
/// `governorate` dropped. So `al-Anbar`, `Al Anbar` and `Anbar Province`
/// are one key, and so are `Kirkūk province` and `Kirkuk`.
pub fn key(name: &str) -> String {
    let folded = fold_str(name).replace(['-', '\'', '_', '.'], " ");
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() > 1 && ARTICLES.contains(&words[0]) {
        words.remove(0);
    }
    if words.len() > 1 && matches!(words[words.len() - 1], "province" | "governorate") {
        words.pop();
    }
    words.join(" ")
}

/// The Arabic article as transliterations write it before a name.
const ARTICLES: [&str; 9] = ["al", "el", "an", "at", "ad", "as", "ar", "ash", "az"];

impl Gazetteer {
    /// Reads a gazetteer from JSON text. Every name is cleaned like dataset
    /// text, since a gazetteer is as untrusted as a dataset.
    pub fn from_json(text: &str) -> Result<Gazetteer, ReadError> {
        let mut g: Gazetteer = serde_json::from_str(text)?;
        let clean = |s: &mut String| *s = clean_inline(s).0.trim().to_string();
        clean(&mut g.country);
        for p in &mut g.provinces {
            clean(&mut p.name);
            p.aliases.iter_mut().for_each(clean);
            for d in &mut p.districts {
                clean(&mut d.name);
                d.aliases.iter_mut().for_each(clean);
            }
        }
        if let Some(p) = g.provinces.iter().find(|p| key(&p.name).is_empty()) {
            return Err(ReadError::Invalid(format!(
                "a province has an empty name (aliases {:?})",
                p.aliases
            )));
        }
        Ok(g)
    }

    /// Reads a gazetteer file.
    pub fn load(path: &Path) -> Result<Gazetteer, ReadError> {
        Gazetteer::from_json(&std::fs::read_to_string(path)?)
    }

    /// Iraq's governorates and main districts (`assets/gazetteer/iraq.json`).
    pub fn iraq() -> Gazetteer {
        // The file is compiled in and a test parses it; an empty gazetteer
        // here would show as every province being unknown.
        Gazetteer::from_json(IRAQ_JSON).unwrap_or_default()
    }

    /// The province one of whose names has the key of `name`.
    pub fn province(&self, name: &str) -> Option<&Province> {
        let k = key(name);
        self.provinces
            .iter()
            .find(|p| p.names().any(|n| key(n) == k))
    }

    /// The district one of whose names has the key of `name`, and its province.
    pub fn district(&self, name: &str) -> Option<(&Province, &District)> {
        let k = key(name);
        self.provinces.iter().find_map(|p| {
            p.districts
                .iter()
                .find(|d| d.names().any(|n| key(n) == k))
                .map(|d| (p, d))
        })
    }
}

/// Several gazetteers consulted in order, indexed by name key: the first
/// that knows a name wins.
#[derive(Debug, Clone, Default)]
pub struct Gazetteers<'a> {
    provinces: HashMap<String, &'a Province>,
    districts: HashMap<String, (&'a Province, &'a District)>,
}

impl<'a> Gazetteers<'a> {
    pub fn new(list: &'a [Gazetteer]) -> Gazetteers<'a> {
        let mut out = Gazetteers::default();
        for g in list {
            for p in &g.provinces {
                for n in p.names() {
                    out.provinces.entry(key(n)).or_insert(p);
                }
                for d in &p.districts {
                    for n in d.names() {
                        out.districts.entry(key(n)).or_insert((p, d));
                    }
                }
            }
        }
        out
    }

    pub fn province(&self, name: &str) -> Option<&'a Province> {
        self.provinces.get(&key(name)).copied()
    }

    pub fn district(&self, name: &str) -> Option<(&'a Province, &'a District)> {
        self.districts.get(&key(name)).copied()
    }

    /// Every spelling the gazetteers know for `name`, as a province or a
    /// district (empty when they know none).
    pub fn spellings(&self, name: &str) -> Vec<&'a str> {
        let k = key(name);
        let mut out: Vec<&str> = Vec::new();
        if let Some(p) = self.provinces.get(&k) {
            out.extend(p.names());
        }
        if let Some((_, d)) = self.districts.get(&k) {
            out.extend(d.names());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_gazetteer_has_all_of_iraq() {
        let g = Gazetteer::from_json(IRAQ_JSON).expect("the built-in gazetteer parses");
        assert_eq!(g.country, "Iraq");
        let names: Vec<&str> = g.provinces.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Kirkuk",
                "Salahuddin",
                "Nineveh",
                "Anbar",
                "Diyala",
                "Baghdad",
                "Babil",
                "Basra",
                "Dhi Qar",
                "Maysan",
                "Muthanna",
                "Najaf",
                "Karbala",
                "Qadisiyah",
                "Wasit",
                "Erbil",
                "Duhok",
                "Sulaymaniyah",
                "Halabja"
            ]
        );
        assert!(g.provinces.iter().all(|p| !p.districts.is_empty()));
        // No name is claimed by two provinces.
        let mut seen = std::collections::HashMap::new();
        for p in &g.provinces {
            for n in p.names() {
                if let Some(other) = seen.insert(key(n), &p.name) {
                    assert_eq!(other, &p.name, "{n:?} is in two provinces");
                }
            }
        }
    }

    #[test]
    fn aliases_and_spellings_find_their_province() {
        let g = Gazetteer::iraq();
        for (alias, canonical) in [
            ("Kerkuk", "Kirkuk"),
            ("Tameem", "Kirkuk"),
            ("Salah al-Din", "Salahuddin"),
            ("saladin", "Salahuddin"),
            ("Ninewa", "Nineveh"),
            ("Ninawa", "Nineveh"),
            ("Al Anbar", "Anbar"),
            ("al-Anbar", "Anbar"),
            ("Anbar Province", "Anbar"),
            ("Basrah", "Basra"),
            ("Arbil", "Erbil"),
            ("أربيل", "Erbil"),
            ("اربيل", "Erbil"),
            ("نينوى", "Nineveh"),
            ("Dohuk", "Duhok"),
            ("Halabjah", "Halabja"),
            // UCDP's spellings, diacritics and all.
            ("Kirkūk province", "Kirkuk"),
            ("An Najaf province", "Najaf"),
            ("At-Ta'mim province", "Kirkuk"),
            ("Karbalā’ province", "Karbala"),
            ("Nīnawá province", "Nineveh"),
            ("Şalāḩ ad Dīn province", "Salahuddin"),
            ("As Sulaymānīyah province", "Sulaymaniyah"),
            ("Al Qādisīyah province", "Qadisiyah"),
            ("Al Başrah province", "Basra"),
            ("Dahūk province", "Duhok"),
            ("Arbīl province", "Erbil"),
            ("Wāsiţ province", "Wasit"),
            ("Maysān province", "Maysan"),
            ("Al Muthanná province", "Muthanna"),
            ("Dhī Qār province", "Dhi Qar"),
            ("Diyālá province", "Diyala"),
            ("Bābil province", "Babil"),
            ("Ḩalabjah", "Halabja"),
            ("Taʿmim", "Kirkuk"),
            // Other files' spellings.
            ("Sala al-Din", "Salahuddin"),
            ("Thi-Qar", "Dhi Qar"),
            ("Missan", "Maysan"),
            ("Babylon", "Babil"),
            ("Dahuk", "Duhok"),
            ("Dihok", "Duhok"),
            ("Al Anbar", "Anbar"),
            ("Al Qadisiyah", "Qadisiyah"),
            ("Ninewa Governorate", "Nineveh"),
        ] {
            assert_eq!(
                g.province(alias).map(|p| p.name.as_str()),
                Some(canonical),
                "{alias}"
            );
        }
        assert!(g.province("Idlib").is_none());
        let (p, d) = g.district("Tal Afar").expect("a district");
        assert_eq!((p.name.as_str(), d.name.as_str()), ("Nineveh", "Tal Afar"));
        assert!(Gazetteers::new(std::slice::from_ref(&g))
            .spellings("Tal Afar")
            .contains(&"تلعفر"));
    }

    #[test]
    fn a_user_gazetteer_is_cleaned_and_checked() {
        let g = Gazetteer::from_json(
            r#"{"country": "Syria", "provinces": [{"name": "Idlib\u001b[31m", "aliases": ["Idleb"]}]}"#,
        )
        .expect("valid");
        assert_eq!(g.provinces[0].name, "Idlib[31m");
        let e = Gazetteer::from_json(r#"{"country": "X", "provinces": [{"nam": "Y"}]}"#)
            .expect_err("typo in a key");
        assert!(e.to_string().contains("nam"), "{e}");
    }
}
