//! Reading JSON with serde_json into the light tree of
//! [`super::json_value`], while noticing duplicate keys.
//!
//! serde_json keeps the last of two equal keys silently; in a record that
//! means `"killed": 3` can hide behind a later `"killed": 0`, so we report
//! it (and, like serde_json, use the last value at the first key's place).
//! Whatever the one-pass reader ([`super::json_value::plain`]) does not
//! read is read here, so messages, positions and duplicate-key reports
//! come from one place.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::field::key;
use super::json_value::{Object, Raw};

/// A parsed value and the duplicate keys found anywhere inside it.
pub struct Checked<'a> {
    pub value: Raw<'a>,
    pub duplicate_keys: Vec<String>,
}

/// Parses `text` as one JSON value, collecting duplicate keys.
pub fn parse(text: &str) -> Result<Checked<'_>, serde_json::Error> {
    DUPLICATES.with(|d| d.borrow_mut().clear());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Raw::deserialize(&mut de)?;
    de.end()?;
    let duplicate_keys = DUPLICATES.with(|d| std::mem::take(&mut *d.borrow_mut()));
    Ok(Checked {
        value,
        duplicate_keys,
    })
}

/// Parses one record like [`parse`], except that once the record has said
/// `"type": "incident"` its `sources` are read by `sources` (straight into
/// their parts) and returned beside it, not in the tree.
pub fn parse_record_with<'de, S>(
    text: &'de str,
    sources: S,
) -> Result<(Checked<'de>, Option<S::Value>), serde_json::Error>
where
    S: DeserializeSeed<'de> + Copy,
{
    DUPLICATES.with(|d| d.borrow_mut().clear());
    let mut de = serde_json::Deserializer::from_str(text);
    let (value, sources) = de.deserialize_any(RecordVisitor(sources))?;
    de.end()?;
    let duplicate_keys = DUPLICATES.with(|d| std::mem::take(&mut *d.borrow_mut()));
    Ok((
        Checked {
            value,
            duplicate_keys,
        },
        sources,
    ))
}

/// Records a repeated key.
pub(super) fn note_duplicate(key: &str) {
    DUPLICATES.with(|d| d.borrow_mut().push(key.to_owned()));
}

/// A record: its fields, and its sources when read into their parts by
/// the seed.
struct RecordVisitor<S>(S);

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for RecordVisitor<S> {
    type Value = (Raw<'de>, Option<S::Value>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        read_object(map, Some(self.0))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok((RawVisitor.visit_seq(seq)?, None))
    }

    keep_scalars!('de);
}

impl<S> RecordVisitor<S> {
    fn keep<T>(self, raw: Raw<'_>) -> (Raw<'_>, Option<T>) {
        (raw, None)
    }
}

thread_local! {
    static DUPLICATES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

impl<'de> Deserialize<'de> for Raw<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

/// A key or string that borrows from the input when it can.
pub(super) struct Key<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

pub(super) struct RawVisitor;

impl RawVisitor {
    fn keep(self, raw: Raw<'_>) -> Raw<'_> {
        raw
    }
}

/// The scalar `visit_*` methods of a visitor that keeps a scalar as a
/// [`Raw`] value through its own `keep(self, Raw) -> Self::Value`: the one
/// place JSON scalars become `Raw` values, for every visitor here.
macro_rules! keep_scalars {
    ($de:lifetime) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::Bool(v)))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::Number(v.into())))
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::Number(v.into())))
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            use $crate::dataset::json_value::Raw;
            Ok(self.keep(serde_json::Number::from_f64(v).map_or(Raw::Null, Raw::Number)))
        }

        fn visit_borrowed_str<E: serde::de::Error>(self, v: &$de str) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::String(
                std::borrow::Cow::Borrowed(v),
            )))
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::String(
                std::borrow::Cow::Owned(v.to_owned()),
            )))
        }

        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::String(
                std::borrow::Cow::Owned(v),
            )))
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::Null))
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.keep($crate::dataset::json_value::Raw::Null))
        }
    };
}
pub(super) use keep_scalars;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    keep_scalars!('de);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        // JSON gives no length: start with room for a record's few sources
        // or evidence spans rather than growing from nothing.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(4096));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Raw::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        Ok(read_object(map, None::<PhantomData<Raw<'de>>>)?.0)
    }
}

/// Reads an object's keys in order. A record has a dozen keys: finding a
/// repeated one by a linear scan is cheaper than hashing; past 64 keys (a
/// hostile object) the rest is read with a hash index. With a
/// `sources_seed`, once the object has said `"type": "incident"` its
/// `sources` are read by the seed and returned beside it.
fn read_object<'de, A: MapAccess<'de>, S: DeserializeSeed<'de> + Copy>(
    mut map: A,
    sources_seed: Option<S>,
) -> Result<(Raw<'de>, Option<S::Value>), A::Error> {
    // Room for a record's keys at once (an incident has about a dozen).
    let mut object = Object::with_capacity(map.size_hint().unwrap_or(16).min(64));
    let mut incident = None;
    let mut sources = None;
    while let Some(Key(key)) = map.next_key()? {
        if let (Some(seed), key::SOURCES) = (incident, key.as_ref()) {
            let typed = map.next_value_seed(seed)?;
            if sources.replace(typed).is_some() || object.remove(key::SOURCES).is_some() {
                note_duplicate(key::SOURCES);
            }
            continue;
        }
        let value: Raw<'de> = map.next_value()?;
        if key == key::TYPE {
            incident = sources_seed.filter(|_| value.as_str() == Some("incident"));
        }
        if object.len() > 64 {
            let rest = visit_big_map(object, key, value, map)?;
            return Ok((rest, sources));
        }
        let name = key.clone();
        if object.insert(key, value) {
            note_duplicate(&name);
        }
    }
    Ok((Raw::Object(object), sources))
}

/// The rest of an object with many keys, with a hash index of its keys.
fn visit_big_map<'de, A: MapAccess<'de>>(
    mut object: Object<'de>,
    key: Cow<'de, str>,
    value: Raw<'de>,
    mut map: A,
) -> Result<Raw<'de>, A::Error> {
    let mut index: std::collections::HashMap<String, usize> = object
        .keys()
        .enumerate()
        .map(|(i, k)| (k.to_string(), i))
        .collect();
    let mut next = Some((key, value));
    while let Some((key, value)) = next.take() {
        match index.get(key.as_ref()) {
            Some(&at) => {
                note_duplicate(&key);
                object.set_at(at, value);
            }
            None => {
                index.insert(key.to_string(), object.len());
                object.push(key, value);
            }
        }
        if let Some(Key(key)) = map.next_key()? {
            next = Some((key, map.next_value()?));
        }
    }
    Ok(Raw::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    fn plain(raw: Raw) -> Value {
        raw.into_value(&mut |s: &str| s.to_owned())
    }

    #[test]
    fn finds_duplicates_at_any_depth() {
        let c = parse(r#"{"killed": 3, "a": {"x": 1, "x": 2}, "killed": 0}"#).expect("valid");
        assert_eq!(c.duplicate_keys, ["x", "killed"]);
        let v = plain(c.value);
        assert_eq!(v["killed"], 0, "the last one wins, as in serde_json");
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["killed", "a"], "at the first one's place");
    }

    #[test]
    fn duplicates_in_objects_with_many_keys() {
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k3\": \"again\", \"k99\": null}");
        let c = parse(&text).expect("valid");
        assert_eq!(c.duplicate_keys, ["k3", "k99"]);
        let v = plain(c.value);
        assert_eq!(v["k3"], "again");
        assert_eq!(v.as_object().map(Map::len), Some(100));
    }

    #[test]
    fn same_values_as_serde_json() {
        let text =
            r#"{"a": [1, -2, 3.5, "s\n\u00e9", null, true, {"b": []}], "c": 18446744073709551615}"#;
        let ours = plain(parse(text).expect("valid").value);
        let theirs: Value = serde_json::from_str(text).expect("valid");
        assert_eq!(ours, theirs);
        assert!(parse(r#"{"a": 1} x"#).is_err(), "trailing characters");
        assert!(parse("[NaN]").is_err());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let c = parse(r#"{"text": "plain", "q": "with \" escape"}"#).expect("valid");
        let Raw::Object(o) = c.value else {
            panic!("an object")
        };
        assert!(matches!(
            o.get("text"),
            Some(Raw::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(o.get("q"), Some(Raw::String(Cow::Owned(_)))));
    }
}
