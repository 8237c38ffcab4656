//! The place phrase of a sentence: `the town of Dujail`, `Ali Sarai
//! village`, `near Tuz Khurmatu`, `in the Zuhour neighbourhood`, and
//! whether a gazetteer name is the place of the event or only a reference
//! point (`30 miles north of Baghdad`, `the road between Daquq and Baghdad`).

use std::borrow::Cow;
use std::ops::Range;

use super::segment::Word;

/// A place phrase: the name it gives and the bytes of the whole phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacePhrase {
    pub name: String,
    pub bytes: Range<usize>,
}

/// Nouns that introduce a place name after `of` (`the village of X`).
const OF_NOUNS: &[&str] = &[
    "town",
    "village",
    "city",
    "district",
    "subdistrict",
    "sub-district",
    "area",
    "neighbourhood",
    "neighborhood",
    "region",
    "suburb",
    "outskirts",
    "hamlet",
    "township",
    "locality",
    "nahiya",
    "qadha",
];

/// Nouns that follow a place name (`Ali Sarai village`). Those in the
/// second list stay in the name (`Shorja market`).
const AFTER_NOUNS: &[&str] = &[
    "village",
    "town",
    "area",
    "district",
    "subdistrict",
    "sub-district",
    "neighbourhood",
    "neighborhood",
    "region",
];
const KEPT_NOUNS: &[&str] = &[
    "market",
    "mountains",
    "mountain",
    "desert",
    "valley",
    "bridge",
    "junction",
    "highway",
    "road",
    "camp",
    "airport",
    "base",
    "checkpoint",
    "square",
    "street",
    "island",
    "dam",
    "refinery",
    "wadi",
];

const LOCATIVE: &[&str] = &[
    "in", "near", "at", "outside", "around", "inside", "into", "on",
];

/// Capitalised words that are not place names.
const NOT_PLACES: &[&str] = &[
    "Iraq",
    "Iraqi",
    "Iraqis",
    "Syria",
    "Syrian",
    "Iran",
    "Iranian",
    "Turkey",
    "Turkish",
    "Kurdish",
    "Kurdistan",
    "The",
    "A",
    "An",
    "He",
    "She",
    "They",
    "It",
    "This",
    "That",
    "Islamic",
    "State",
    "ISIS",
    "ISIL",
    "IS",
    "Daesh",
    "PMF",
    "Army",
    "Police",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Reuters",
    "AFP",
    "AP",
    "Mr",
    "Ms",
    "Dr",
    "General",
    "Gen",
    "Colonel",
    "Col",
    "Lieutenant",
    "Major",
    "Captain",
    "Brigadier",
    "Sheikh",
    "US",
    "U.S.",
    "UN",
    "U.N.",
    "Baghdad's",
    "Prime",
    "Minister",
    "Ministry",
    "Interior",
    "Defence",
    "Defense",
    "Security",
    "Media",
    "Cell",
    "Command",
    "Operations",
    "Joint",
    "Federal",
    "Popular",
    "Mobilization",
    "Mobilisation",
    "Forces",
    "Peshmerga",
    "Counter",
    "Terrorism",
    "Service",
];

/// `w` lower-cased, borrowed when it already is (most words are).
fn lowered(w: &str) -> Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

fn words(text: &str) -> Vec<Word<'_>> {
    super::segment::words(text, &['-', '\'', '’', '.'])
}

/// Is this word a part of a name: capitalised, or an Arabic article or
/// particle joined to one (`al-Qaim`, `Abu Ghraib`, `bin`)?
fn name_word(w: &str) -> bool {
    // "Iraq's Tikrit": the possessive is not the place.
    if w.ends_with("'s") || w.ends_with("’s") {
        return false;
    }
    let first = w.chars().next();
    if first.is_some_and(char::is_uppercase) {
        return !NOT_PLACES.contains(&w);
    }
    for article in [
        "al-", "el-", "ad-", "an-", "as-", "ar-", "at-", "ash-", "az-",
    ] {
        if let Some(rest) = w.strip_prefix(article) {
            return rest.chars().next().is_some_and(char::is_uppercase);
        }
    }
    false
}

fn connector(w: &str) -> bool {
    matches!(w, "al" | "el" | "bin" | "ibn" | "abu" | "umm" | "of")
}

/// The run of name words from `i` (at most four, connectors inside it
/// only), as word indices.
fn name_at(ws: &[Word<'_>], i: usize) -> Option<Range<usize>> {
    if !ws.get(i).is_some_and(|w| name_word(w.text)) {
        return None;
    }
    let mut end = i + 1;
    while end < ws.len() && end - i < 4 {
        let w = ws[end].text;
        if name_word(w) {
            end += 1;
        } else if connector(w) && w != "of" && ws.get(end + 1).is_some_and(|n| name_word(n.text)) {
            end += 2;
        } else {
            break;
        }
    }
    Some(i..end.min(ws.len()))
}

fn joined(text: &str, ws: &[Word<'_>], r: Range<usize>) -> String {
    text[ws[r.start].bytes.start..ws[r.end - 1].bytes.end].to_string()
}

/// The first place phrase of `text`, if it has one. `is_province` tells
/// names that are a whole province (`in Kirkuk province` is not a
/// location).
pub fn place_phrase(text: &str, is_province: &dyn Fn(&str) -> bool) -> Option<PlacePhrase> {
    let ws = words(text);
    let lower: Vec<Cow<'_, str>> = ws.iter().map(|w| lowered(w.text)).collect();
    let mut fallback = None;
    for i in 0..ws.len() {
        // the town of X
        if OF_NOUNS.contains(&&*lower[i]) && lower.get(i + 1).is_some_and(|w| w == "of") {
            if let Some(r) = name_at(&ws, i + 2) {
                let name = joined(text, &ws, r.clone());
                if !is_province(&name) {
                    let from = if i > 0 && lower[i - 1] == "the" {
                        i - 1
                    } else {
                        i
                    };
                    return Some(PlacePhrase {
                        name,
                        bytes: ws[from].bytes.start..ws[r.end - 1].bytes.end,
                    });
                }
            }
        }
        // X village, X market
        if let Some(r) = name_at(&ws, i) {
            let noun = lower.get(r.end).map(|n| &**n);
            let preceded = i > 0 && (LOCATIVE.contains(&&*lower[i - 1]) || lower[i - 1] == "the");
            if let Some(n) = noun {
                let name = joined(text, &ws, r.clone());
                if preceded && AFTER_NOUNS.contains(&n) && !is_province(&name) {
                    return Some(PlacePhrase {
                        name,
                        bytes: ws[r.start].bytes.start..ws[r.end].bytes.end,
                    });
                }
                if preceded && KEPT_NOUNS.contains(&n) {
                    return Some(PlacePhrase {
                        name: text[ws[r.start].bytes.start..ws[r.end].bytes.end].to_string(),
                        bytes: ws[r.start].bytes.start..ws[r.end].bytes.end,
                    });
                }
            }
            // near X / in X: kept in case nothing better comes.
            if fallback.is_none() && i > 0 && LOCATIVE.contains(&&*lower[i - 1]) {
                let name = joined(text, &ws, r.clone());
                let relative = i >= 2 && is_direction(&lower[i - 2]);
                if !is_province(&name) && !relative && noun != Some("province") {
                    let from = if lower[i - 1] == "near" { i - 1 } else { i };
                    fallback = Some(PlacePhrase {
                        name,
                        bytes: ws[from].bytes.start..ws[r.end - 1].bytes.end,
                    });
                }
            }
        }
    }
    fallback
}

fn is_direction(w: &str) -> bool {
    matches!(
        w,
        "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "northwest"
            | "southeast"
            | "southwest"
            | "north-east"
            | "north-west"
            | "south-east"
            | "south-west"
    )
}

/// Whether the place name at `bytes` of `text` is only a reference point:
/// `(km|miles) (north|…) of X`, `north of X`, `between A and X`, `from X`,
/// `capital of X`.
pub fn is_reference(text: &str, bytes: &Range<usize>) -> bool {
    let before: Vec<String> = text[..bytes.start]
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .rev()
        .take(5)
        .map(str::to_lowercase)
        .collect();
    let at = |k: usize| before.get(k).map(String::as_str);
    match (at(0), at(1)) {
        (Some("of"), Some(d)) if is_direction(d) || d == "capital" || d == "west" => true,
        (Some("from"), _) => true,
        (Some("and"), _) => before.iter().take(4).any(|w| w == "between"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str) -> Option<(String, String)> {
        let provinces = |n: &str| ["Kirkuk", "Salahuddin", "Diyala", "Nineveh"].contains(&n);
        place_phrase(text, &provinces).map(|p| (p.name, text[p.bytes].to_string()))
    }

    #[test]
    fn the_x_of_name() {
        assert_eq!(
            phrase("killed five in the town of Dujail in the Salahuddin district"),
            Some(("Dujail".into(), "the town of Dujail".into()))
        );
        assert_eq!(
            phrase("fired a mortar into the village of Kola Jawi at midnight"),
            Some(("Kola Jawi".into(), "the village of Kola Jawi".into()))
        );
    }

    #[test]
    fn name_then_noun() {
        assert_eq!(
            phrase("attacked Ali Sarai village on Monday"),
            None,
            "no locative before it"
        );
        assert_eq!(
            phrase("an attack in Ali Sarai village"),
            Some(("Ali Sarai".into(), "Ali Sarai village".into()))
        );
        assert_eq!(
            phrase("a bomb in the crowded Shorja market"),
            None,
            "an adjective breaks it"
        );
        assert_eq!(
            phrase("a bomb in Shorja market"),
            Some(("Shorja market".into(), "Shorja market".into()))
        );
    }

    #[test]
    fn near_a_name_and_arabic_articles() {
        assert_eq!(
            phrase("a post near Tuz Khurmatu on Saturday"),
            Some(("Tuz Khurmatu".into(), "near Tuz Khurmatu".into()))
        );
        assert_eq!(
            phrase("a border post near al-Qaim"),
            Some(("al-Qaim".into(), "near al-Qaim".into()))
        );
    }

    #[test]
    fn provinces_countries_and_directions_are_no_location() {
        assert_eq!(phrase("an attack in Kirkuk province"), None);
        assert_eq!(phrase("an attack in Iraq on Monday"), None);
        assert_eq!(phrase("the Islamic State attack in Diyala"), None);
    }

    #[test]
    fn reference_points() {
        let t = "some 30 miles north of Baghdad";
        assert!(is_reference(t, &(t.len() - 7..t.len())));
        let t = "on the road between Daquq and Baghdad";
        assert!(is_reference(t, &(t.len() - 7..t.len())));
        let t = "an attack in Baghdad";
        assert!(!is_reference(t, &(t.len() - 7..t.len())));
    }
}
