//! The incident fields a reviewer can correct, their values, and a compact
//! copy of an incident's extracted fields kept in every journal entry (so
//! "changed since review" can say which field changed).

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dataset::{CompactString, Field, Incident, PartialDate, ValueKind, FIELD_COUNT};

/// A correctable field of an incident, in display order: every field of
/// the format (its journal name is [`Field::name`]).
pub type ReviewField = Field;

/// What review asks of a field.
impl Field {
    /// The field of a name in the journal.
    pub fn parse(name: &str) -> Option<Field> {
        Field::from_name(name)
    }

    /// The field's value in an incident; `None` is empty text or an unknown count.
    pub fn value_of(self, incident: &Incident) -> Option<FieldValue> {
        match self.kind() {
            ValueKind::Count => self.count(incident).map(FieldValue::Count),
            ValueKind::Text | ValueKind::Date => {
                self.text(incident).map(|s| FieldValue::Text(s.to_string()))
            }
        }
    }

    /// Sets the field in an incident to a corrected value, keeping what is
    /// derived from it (the parsed date, the canonical province) in step.
    pub fn set_value(self, incident: &mut Incident, value: Option<&FieldValue>) {
        let text = match value {
            Some(FieldValue::Text(t)) => Some(CompactString::from(t.as_str())),
            _ => None,
        };
        let count = match value {
            Some(FieldValue::Count(n)) => Some(*n),
            _ => None,
        };
        match self.kind() {
            ValueKind::Count => self.set_count(incident, count),
            ValueKind::Date => {
                incident.date_parsed = text.as_deref().and_then(PartialDate::parse);
                self.set_text(incident, text);
            }
            ValueKind::Text => self.set_text(incident, text),
        }
        if self == Field::Province {
            incident.province_canonical = None;
        }
    }

    /// Validates what a person typed for this field (the edit form).
    ///
    /// Dates must be `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and exist; counts
    /// must be a non-negative integer or `unknown` (also an empty input).
    /// Text is trimmed; empty text clears the field.
    pub fn parse_input(self, input: &str) -> Result<Option<FieldValue>, String> {
        let input = input.trim();
        if self.is_count() {
            if input.is_empty() || input.eq_ignore_ascii_case("unknown") {
                return Ok(None);
            }
            return input
                .parse::<u64>()
                .map(|n| Some(FieldValue::Count(n)))
                .map_err(|_| {
                    format!(
                        "{} must be a non-negative whole number or \"unknown\", not {input:?}",
                        self.name()
                    )
                });
        }
        if input.is_empty() {
            return Ok(None);
        }
        if self.kind() == ValueKind::Date && PartialDate::parse(input).is_none() {
            return Err(format!(
                "{} must be YYYY, YYYY-MM or YYYY-MM-DD (a real date), not {input:?}",
                self.name()
            ));
        }
        Ok(Some(FieldValue::Text(input.to_string())))
    }

    /// Whether a stored value fits this field (journal entries are checked
    /// on replay with the same rules as the edit form).
    pub fn accepts(self, value: Option<&FieldValue>) -> bool {
        match (self.kind(), value) {
            (_, None) => true,
            (kind, Some(FieldValue::Count(_))) => kind == ValueKind::Count,
            (ValueKind::Date, Some(FieldValue::Text(t))) => PartialDate::parse(t).is_some(),
            (kind, Some(FieldValue::Text(t))) => kind != ValueKind::Count && !t.trim().is_empty(),
        }
    }
}

/// A field value as stored in the journal: text (JSON string) or a count
/// (JSON number). The absence of a value (`Option::None`, JSON `null`) is
/// empty text or an unknown count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Count(u64),
    Text(String),
}

impl FieldValue {
    /// As shown to a person: counts as numbers, text as is.
    pub fn display(value: Option<&FieldValue>, field: ReviewField) -> String {
        match value {
            Some(FieldValue::Count(n)) => n.to_string(),
            Some(FieldValue::Text(t)) => t.clone(),
            None if field.is_count() => "unknown".into(),
            None => String::new(),
        }
    }

    /// The JSON value written into an exported dataset.
    pub fn to_json(value: Option<&FieldValue>) -> serde_json::Value {
        match value {
            Some(FieldValue::Count(n)) => serde_json::Value::from(*n),
            Some(FieldValue::Text(t)) => serde_json::Value::from(t.as_str()),
            None => serde_json::Value::Null,
        }
    }
}

/// The correctable fields of an incident as extracted: a compact copy kept
/// in each journal entry, written as an object with a key per field that
/// has a value (text as a string, a count as a number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted([Option<FieldValue>; FIELD_COUNT]);

impl Extracted {
    pub fn of(incident: &Incident) -> Extracted {
        Extracted(Field::ALL.map(|f| f.value_of(incident)))
    }

    pub fn get(&self, field: ReviewField) -> Option<FieldValue> {
        self.0[field.index()].clone()
    }

    /// No field has a value.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// Every field's value, in display order.
    pub fn values(&self) -> impl Iterator<Item = (ReviewField, Option<&FieldValue>)> {
        Field::ALL
            .into_iter()
            .zip(self.0.iter().map(Option::as_ref))
    }

    /// The text values, to clean them (see `Entry::sanitized`).
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().filter_map(|v| match v {
            Some(FieldValue::Text(t)) => Some(t),
            _ => None,
        })
    }

    /// The fields whose values differ, in display order.
    pub fn diff(&self, now: &Extracted) -> Vec<FieldChange> {
        ReviewField::ALL
            .into_iter()
            .filter_map(|field| {
                let (then, current) = (self.get(field), now.get(field));
                (then != current).then_some(FieldChange {
                    field,
                    reviewed: then,
                    now: current,
                })
            })
            .collect()
    }
}

impl Serialize for Extracted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = || {
            Field::ALL
                .into_iter()
                .zip(&self.0)
                .filter(|(_, v)| v.is_some())
        };
        let mut map = serializer.serialize_map(Some(present().count()))?;
        for (field, value) in present() {
            map.serialize_entry(field.name(), value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Extracted {
    /// As a struct with a member per field would read: each value of the
    /// field's type or `null`, a repeated field an error, keys that are no
    /// field ignored.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Extracted, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Extracted;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Extracted")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Extracted, M::Error> {
                let mut out = Extracted::default();
                let mut seen = [false; FIELD_COUNT];
                while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let Some(field) = Field::from_name(&name) else {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    };
                    if std::mem::replace(&mut seen[field.index()], true) {
                        return Err(de::Error::duplicate_field(field.name()));
                    }
                    out.0[field.index()] = match field.kind() {
                        ValueKind::Count => map.next_value::<Option<u64>>()?.map(FieldValue::Count),
                        ValueKind::Text | ValueKind::Date => {
                            map.next_value::<Option<String>>()?.map(FieldValue::Text)
                        }
                    };
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// One field that differs between the incident as reviewed and as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: ReviewField,
    /// The extracted value when the decision was made.
    pub reviewed: Option<FieldValue>,
    /// The extracted value in the dataset now.
    pub now: Option<FieldValue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_form_input_is_validated_per_field() {
        let f = ReviewField::Killed;
        assert_eq!(f.parse_input(" 12 "), Ok(Some(FieldValue::Count(12))));
        assert_eq!(f.parse_input("Unknown"), Ok(None));
        assert!(f.parse_input("-3").is_err());
        assert!(f.parse_input("2.5").is_err());
        let d = ReviewField::Date;
        assert_eq!(
            d.parse_input("2019-03"),
            Ok(Some(FieldValue::Text("2019-03".into())))
        );
        let e = d.parse_input("2019-02-30").expect_err("no such day");
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert_eq!(ReviewField::Province.parse_input("  "), Ok(None));
    }

    #[test]
    fn stored_values_must_fit_the_field() {
        assert!(!ReviewField::Killed.accepts(Some(&FieldValue::Text("4".into()))));
        assert!(!ReviewField::Location.accepts(Some(&FieldValue::Count(4))));
        assert!(!ReviewField::Date.accepts(Some(&FieldValue::Text("last week".into()))));
        assert!(ReviewField::Wounded.accepts(None));
    }

    #[test]
    fn values_serialise_as_plain_json() {
        let v: Vec<Option<FieldValue>> =
            serde_json::from_str(r#"[3, "Kirkuk", null]"#).expect("parses");
        assert_eq!(
            v,
            vec![
                Some(FieldValue::Count(3)),
                Some(FieldValue::Text("Kirkuk".into())),
                None
            ]
        );
        for f in ReviewField::ALL {
            assert_eq!(ReviewField::parse(f.name()), Some(f));
        }
    }
}
