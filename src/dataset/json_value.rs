//! A light JSON tree that borrows its strings from the input: what a
//! record is read into (by serde_json in [`super::json_read`], or by the
//! one-pass [`plain`] reader), and its writing back as compact JSON.
//!
//! A record's strings are copied once, when they are cleaned into the model,
//! not once into a `serde_json::Value` and again into the model; objects are
//! small vectors of pairs, not hash maps.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

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

    /// Room for `n` keys at once.
    pub(super) fn with_capacity(n: usize) -> Object<'a> {
        Object {
            entries: Vec::with_capacity(n),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds a key known not to be there yet.
    pub(super) fn push(&mut self, key: impl Into<Cow<'a, str>>, value: Raw<'a>) {
        self.entries.push((key.into(), value));
    }

    /// Replaces the value of the key at `at` (as [`Object::keys`] counts).
    pub(super) fn set_at(&mut self, at: usize, value: Raw<'a>) {
        if let Some(slot) = self.entries.get_mut(at) {
            slot.1 = value;
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// Adds a key, or replaces its value in place when it is there already
    /// (returning true).
    pub(super) fn insert(&mut self, key: Cow<'a, str>, value: Raw<'a>) -> bool {
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
    if special_byte(s.as_bytes()).is_none() {
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

/// Where the first `"`, `\` or control character of `bytes` is (eight bytes
/// at a time, as serde_json looks for them); `None` when there is none.
pub(super) fn special_byte(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let control = v.wrapping_sub(ONES * 0x20) & !v;
        let q = v ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let s = v ^ (ONES * u64::from(b'\\'));
        let slash = s.wrapping_sub(ONES) & !s;
        let found = (control | quote | slash) & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::json_read::parse;

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
}
