//! Parsing a JSON value while noticing duplicate keys. serde_json keeps the
//! last of two equal keys silently; in a record that means `"killed": 3`
//! can hide behind a later `"killed": 0`, so we report it.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// A JSON value and the duplicate keys found anywhere inside it.
pub struct Checked {
    pub value: Value,
    pub duplicate_keys: Vec<String>,
}

/// Parses `text` as one JSON value, collecting duplicate keys.
pub fn parse(text: &str) -> Result<Checked, serde_json::Error> {
    DUPLICATES.with(|d| d.borrow_mut().clear());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = CheckedValue::deserialize(&mut de)?.0;
    de.end()?;
    let duplicate_keys = DUPLICATES.with(|d| std::mem::take(&mut *d.borrow_mut()));
    Ok(Checked {
        value,
        duplicate_keys,
    })
}

thread_local! {
    static DUPLICATES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

struct CheckedValue(Value);

impl<'de> Deserialize<'de> for CheckedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(CheckedValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(CheckedValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let CheckedValue(v) = map.next_value()?;
            // One hash per key: a duplicate keeps its first place and takes
            // the last value, as serde_json's own map does.
            match object.entry(key) {
                Entry::Occupied(mut slot) => {
                    DUPLICATES.with(|d| d.borrow_mut().push(slot.key().clone()));
                    slot.insert(v);
                }
                Entry::Vacant(slot) => {
                    slot.insert(v);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_at_any_depth() {
        let c = parse(r#"{"killed": 3, "a": {"x": 1, "x": 2}, "killed": 0}"#).expect("valid");
        assert_eq!(c.duplicate_keys, ["x", "killed"]);
        assert_eq!(c.value["killed"], 0, "the last one wins, as in serde_json");
    }

    #[test]
    fn same_values_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, "s", null, true, {"b": []}], "c": 18446744073709551615}"#;
        let ours = parse(text).expect("valid").value;
        let theirs: Value = serde_json::from_str(text).expect("valid");
        assert_eq!(ours, theirs);
        assert!(parse(r#"{"a": 1} x"#).is_err(), "trailing characters");
        assert!(parse("[NaN]").is_err());
    }
}
