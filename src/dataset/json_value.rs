//! Parsing a JSON record into a light tree that borrows its strings from the
//! input, while noticing duplicate keys.
//!
//! A record's strings are copied once, when they are cleaned into the model,
//! not once into a `serde_json::Value` and again into the model; objects are
//! small vectors of pairs, not hash maps. serde_json keeps the last of two
//! equal keys silently; in a record that means `"killed": 3` can hide behind
//! a later `"killed": 0`, so we report it (and, like serde_json, use the
//! last value at the first key's place).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::json_sources::{Sources, SourcesSeed};

pub(super) mod plain;

/// A parsed JSON value whose strings borrow from the input when they hold
/// no escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Raw<'a>>),
    Object(Object<'a>),
}

/// A JSON object: its keys in order, each once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object<'a> {
    entries: Vec<(Cow<'a, str>, Raw<'a>)>,
}

impl<'a> Object<'a> {
    /// Takes a key's value out, keeping the order of the others.
    pub fn remove(&mut self, key: &str) -> Option<Raw<'a>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }

    pub fn get(&self, key: &str) -> Option<&Raw<'a>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a key known not to be there yet.
    pub(super) fn push(&mut self, key: &'static str, value: Raw<'a>) {
        self.entries.push((Cow::Borrowed(key), value));
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// Adds a key, or replaces its value in place when it is there already
    /// (returning true).
    fn insert(&mut self, key: Cow<'a, str>, value: Raw<'a>) -> bool {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => {
                slot.1 = value;
                true
            }
            None => {
                self.entries.push((key, value));
                false
            }
        }
    }
}

impl Raw<'_> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Raw::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a `serde_json::Value`, every string passed through
    /// `clean` (keys included).
    pub fn into_value(self, clean: &mut impl FnMut(&str) -> String) -> Value {
        match self {
            Raw::Null => Value::Null,
            Raw::Bool(b) => Value::Bool(b),
            Raw::Number(n) => Value::Number(n),
            Raw::String(s) => Value::String(clean(&s)),
            Raw::Array(items) => {
                Value::Array(items.into_iter().map(|v| v.into_value(clean)).collect())
            }
            Raw::Object(o) => Value::Object(o.into_map(clean)),
        }
    }
}

impl<'a> Object<'a> {
    /// The object as a `serde_json` map, every string passed through `clean`.
    pub fn into_map(self, clean: &mut impl FnMut(&str) -> String) -> Map<String, Value> {
        let mut map = Map::with_capacity(self.entries.len());
        for (k, v) in self.entries {
            let key = clean(&k);
            let value = v.into_value(clean);
            map.insert(key, value);
        }
        map
    }

    /// A `serde_json` map as an object (the CSV importer builds maps).
    pub fn from_map(map: Map<String, Value>) -> Object<'static> {
        Object {
            entries: map
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Raw::from_value(v)))
                .collect(),
        }
    }
}

impl Raw<'static> {
    pub fn from_value(value: Value) -> Raw<'static> {
        match value {
            Value::Null => Raw::Null,
            Value::Bool(b) => Raw::Bool(b),
            Value::Number(n) => Raw::Number(n),
            Value::String(s) => Raw::String(Cow::Owned(s)),
            Value::Array(items) => Raw::Array(items.into_iter().map(Raw::from_value).collect()),
            Value::Object(map) => Raw::Object(Object::from_map(map)),
        }
    }
}

impl Raw<'_> {
    /// Appends the value as compact JSON, every string (keys included)
    /// passed through `clean`.
    pub fn write_json(&self, out: &mut String, clean: &mut impl FnMut(&str) -> Cow<'_, str>) {
        match self {
            Raw::Null => out.push_str("null"),
            Raw::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Raw::Number(n) => out.push_str(&n.to_string()),
            Raw::String(s) => push_json_string(out, &clean(s)),
            Raw::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out, clean);
                }
                out.push(']');
            }
            Raw::Object(o) => o.write_json(out, clean),
        }
    }
}

impl Object<'_> {
    /// Appends the object as compact JSON; see [`Raw::write_json`].
    pub fn write_json(&self, out: &mut String, clean: &mut impl FnMut(&str) -> Cow<'_, str>) {
        out.push('{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(out, &clean(k));
            out.push(':');
            v.write_json(out, clean);
        }
        out.push('}');
    }
}

/// Appends `s` as a JSON string, escaped exactly as serde_json does
/// (`"`, `\\`, the short escapes, other control characters as `\u00xx`),
/// without a copy when nothing needs escaping.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    if plain::special_byte(s.as_bytes()).is_none() {
        // Nothing to escape (most strings), told eight bytes at a time.
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut from = 0;
    for (at, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(s.get(from..at).unwrap_or(""));
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escape);
        }
        from = at + 1;
    }
    out.push_str(s.get(from..).unwrap_or(""));
    out.push('"');
}

/// A parsed value and the duplicate keys found anywhere inside it.
pub struct Checked<'a> {
    pub value: Raw<'a>,
    pub duplicate_keys: Vec<String>,
    /// With [`parse_record`]: an incident's `sources`, read into their
    /// parts (then not in `value`).
    pub sources: Option<Sources<'a>>,
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
        sources: None,
    })
}

/// Parses one JSON Lines record: like [`parse`], but once the record has
/// said `"type": "incident"`, its `sources` are read straight into their
/// parts (see [`super::json_sources`]). A plain record is read in one pass
/// by [`plain`]; any other by serde_json.
pub fn parse_record(text: &str) -> Result<Checked<'_>, serde_json::Error> {
    match plain::parse_record(text) {
        Some(checked) => Ok(checked),
        None => parse_record_by_serde(text),
    }
}

/// [`parse_record`] through serde_json, whatever the record holds.
fn parse_record_by_serde(text: &str) -> Result<Checked<'_>, serde_json::Error> {
    DUPLICATES.with(|d| d.borrow_mut().clear());
    let mut de = serde_json::Deserializer::from_str(text);
    let (value, sources) = de.deserialize_any(RecordVisitor)?;
    de.end()?;
    let duplicate_keys = DUPLICATES.with(|d| std::mem::take(&mut *d.borrow_mut()));
    let (value, sources) = match (value, sources) {
        // A repeated "type" made it something else after all: its sources
        // are a field like any other.
        (Raw::Object(mut o), Some(sources))
            if o.get("type").and_then(Raw::as_str) != Some("incident") =>
        {
            o.push("sources", sources.into_raw());
            (Raw::Object(o), None)
        }
        other => other,
    };
    Ok(Checked {
        value,
        duplicate_keys,
        sources,
    })
}

/// Records a repeated key.
pub(super) fn note_duplicate(key: &str) {
    DUPLICATES.with(|d| d.borrow_mut().push(key.to_owned()));
}

/// A record: its fields, and its sources when read into their parts.
struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = (Raw<'de>, Option<Sources<'de>>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        read_object(map, true)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok((RawVisitor.visit_seq(seq)?, None))
    }

    keep_scalars!('de);
}

impl RecordVisitor {
    fn keep<'de>(self, raw: Raw<'de>) -> (Raw<'de>, Option<Sources<'de>>) {
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
        Ok(read_object(map, false)?.0)
    }
}

/// Reads an object's keys in order. A record has a dozen keys: finding a
/// repeated one by a linear scan is cheaper than hashing; past 64 keys (a
/// hostile object) the rest is read with a hash index. With
/// `typed_sources`, once the object has said `"type": "incident"` its
/// `sources` are read straight into their parts and returned beside it.
fn read_object<'de, A: MapAccess<'de>>(
    mut map: A,
    typed_sources: bool,
) -> Result<(Raw<'de>, Option<Sources<'de>>), A::Error> {
    // Room for a record's keys at once (an incident has about a dozen).
    let mut object = Object {
        entries: Vec::with_capacity(map.size_hint().unwrap_or(16).min(64)),
    };
    let mut incident = false;
    let mut sources = None;
    while let Some(Key(key)) = map.next_key()? {
        if incident && key == "sources" {
            let typed = map.next_value_seed(SourcesSeed)?;
            if sources.replace(typed).is_some() || object.remove("sources").is_some() {
                note_duplicate("sources");
            }
            continue;
        }
        let value: Raw<'de> = map.next_value()?;
        if typed_sources && key == "type" {
            incident = value.as_str() == Some("incident");
        }
        if object.entries.len() > 64 {
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
        .entries
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.to_string(), i))
        .collect();
    let mut next = Some((key, value));
    while let Some((key, value)) = next.take() {
        match index.get(key.as_ref()) {
            Some(&at) => {
                note_duplicate(&key);
                object.entries[at].1 = value;
            }
            None => {
                index.insert(key.to_string(), object.entries.len());
                object.entries.push((key, value));
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
    fn written_json_reads_back_as_the_same_value() {
        let text = r#"{"a": [1, -2, 3.5, 1e300, "s\n\u00e9\"", null, true, {"b": []}], "c": 18446744073709551615, "é\t": {}}"#;
        let Raw::Object(o) = parse(text).expect("valid").value else {
            panic!("an object")
        };
        let mut out = String::new();
        o.write_json(&mut out, &mut |s: &str| Cow::Borrowed(s));
        let back: Value = serde_json::from_str(&out).expect("valid JSON");
        let theirs: Value = serde_json::from_str(text).expect("valid");
        assert_eq!(back, theirs);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = (0..=0x7F_u8).map(|b| char::from(b).to_string()).collect();
        cases.extend(
            ["", "plain", "a\"b\\c", "é\u{202e}كركوك\u{7f}", "\n\n\u{1}x"].map(String::from),
        );
        for s in cases {
            let mut out = String::new();
            push_json_string(&mut out, &s);
            assert_eq!(out, serde_json::to_string(&s).expect("a string"), "{s:?}");
        }
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
