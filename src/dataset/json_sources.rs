//! An incident's `sources`, read straight into their parts.
//!
//! Evidence spans are the most numerous objects in a dataset (several per
//! incident). Read as a general tree, each costs a vector of entries that is
//! built, searched by key and freed. Here each source and each span is a
//! small struct with a slot per key the format defines. Everything else
//! about the input is kept as the general tree would keep it: values of the
//! wrong type stay [`Raw`] values (so the record reader gives the same
//! messages), keys the format does not define are read (their duplicates
//! are reported) and dropped, as the record reader drops them, and a
//! repeated key is reported and its last value used.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::field::key;
use super::json_read::{self, keep_scalars, note_duplicate, Checked, Key, RawVisitor};
use super::json_value::{Object, Raw};

/// A parsed JSON Lines record, the duplicate keys found anywhere inside it,
/// and an incident's `sources` read into their parts (then not in `value`).
pub struct CheckedRecord<'a> {
    pub value: Raw<'a>,
    pub duplicate_keys: Vec<String>,
    pub sources: Option<Sources<'a>>,
}

/// Parses one JSON Lines record through serde_json: like
/// [`json_read::parse`], but once the record has said `"type": "incident"`,
/// its `sources` are read straight into their parts.
pub fn parse_record(text: &str) -> Result<CheckedRecord<'_>, serde_json::Error> {
    let (
        Checked {
            value,
            duplicate_keys,
        },
        sources,
    ) = json_read::parse_record_with(text, SourcesSeed)?;
    let (value, sources) = match (value, sources) {
        // A repeated "type" made it something else after all: its sources
        // are a field like any other.
        (Raw::Object(mut o), Some(sources))
            if o.get(key::TYPE).and_then(Raw::as_str) != Some("incident") =>
        {
            o.push(key::SOURCES, sources.into_raw());
            (Raw::Object(o), None)
        }
        other => other,
    };
    Ok(CheckedRecord {
        value,
        duplicate_keys,
        sources,
    })
}

/// A record's `sources` value.
#[derive(Debug, Clone, PartialEq)]
pub enum Sources<'a> {
    Array(Vec<Item<'a, SourceFields<'a>>>),
    /// Not an array: kept for the error message.
    Other(Raw<'a>),
}

/// An element of an array that should hold objects.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a, T> {
    Object(T),
    /// Not an object: kept for the error message.
    Other(Raw<'a>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceFields<'a> {
    pub document: Option<Raw<'a>>,
    pub evidence: Option<EvidenceList<'a>>,
}

/// A source's `evidence` value.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceList<'a> {
    Array(Vec<Item<'a, EvidenceFields<'a>>>),
    Other(Raw<'a>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvidenceFields<'a> {
    pub field: Option<Raw<'a>>,
    pub start: Option<Raw<'a>>,
    pub end: Option<Raw<'a>>,
    pub quote: Option<Raw<'a>>,
}

impl<'a> Sources<'a> {
    /// The same parts from a general tree (a whole-file JSON dataset, a
    /// CSV row, or a line whose `type` came after its `sources`).
    pub fn from_raw(raw: Raw<'a>) -> Sources<'a> {
        match raw {
            Raw::Array(items) => Sources::Array(
                items
                    .into_iter()
                    .map(|item| match item {
                        Raw::Object(mut o) => Item::Object(SourceFields {
                            document: o.remove(key::DOCUMENT),
                            evidence: o.remove(key::EVIDENCE).map(EvidenceList::from_raw),
                        }),
                        other => Item::Other(other),
                    })
                    .collect(),
            ),
            other => Sources::Other(other),
        }
    }
}

impl<'a> EvidenceList<'a> {
    fn from_raw(raw: Raw<'a>) -> EvidenceList<'a> {
        match raw {
            Raw::Array(items) => EvidenceList::Array(
                items
                    .into_iter()
                    .map(|item| match item {
                        Raw::Object(mut o) => Item::Object(EvidenceFields {
                            field: o.remove(key::FIELD),
                            start: o.remove(key::START),
                            end: o.remove(key::END),
                            quote: o.remove(key::QUOTE),
                        }),
                        other => Item::Other(other),
                    })
                    .collect(),
            ),
            other => EvidenceList::Other(other),
        }
    }
}

impl<'a> Sources<'a> {
    /// Back to a general tree (for a record that turned out not to be an
    /// incident, where `sources` is a field the format does not define).
    /// Keys the format does not define inside sources and spans were not
    /// kept.
    pub fn into_raw(self) -> Raw<'a> {
        let item = |item: Item<'a, SourceFields<'a>>| match item {
            Item::Object(s) => {
                let mut o = Object::default();
                if let Some(d) = s.document {
                    o.push(key::DOCUMENT, d);
                }
                if let Some(e) = s.evidence {
                    o.push(key::EVIDENCE, e.into_raw());
                }
                Raw::Object(o)
            }
            Item::Other(raw) => raw,
        };
        match self {
            Sources::Array(items) => Raw::Array(items.into_iter().map(item).collect()),
            Sources::Other(raw) => raw,
        }
    }
}

impl<'a> EvidenceList<'a> {
    fn into_raw(self) -> Raw<'a> {
        let item = |item: Item<'a, EvidenceFields<'a>>| match item {
            Item::Object(e) => {
                let mut o = Object::default();
                for (name, value) in [
                    (key::FIELD, e.field),
                    (key::START, e.start),
                    (key::END, e.end),
                    (key::QUOTE, e.quote),
                ] {
                    if let Some(v) = value {
                        o.push(name, v);
                    }
                }
                Raw::Object(o)
            }
            Item::Other(raw) => raw,
        };
        match self {
            EvidenceList::Array(items) => Raw::Array(items.into_iter().map(item).collect()),
            EvidenceList::Other(raw) => raw,
        }
    }
}

/// Reads a `sources` value.
#[derive(Clone, Copy)]
pub struct SourcesSeed;

impl<'de> DeserializeSeed<'de> for SourcesSeed {
    type Value = Sources<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Sources<'de>, D::Error> {
        deserializer.deserialize_any(ArrayOr {
            element: SourceSeed,
            array: Sources::Array,
            other: Sources::Other,
        })
    }
}

/// Reads an array of objects with `element`, or keeps any other value.
struct ArrayOr<S, A, O> {
    element: S,
    array: A,
    other: O,
}

impl<'de, S, A, O, T, V> Visitor<'de> for ArrayOr<S, A, O>
where
    S: DeserializeSeed<'de, Value = T> + Copy,
    A: FnOnce(Vec<T>) -> V,
    O: FnOnce(Raw<'de>) -> V,
{
    type Value = V;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<Q: SeqAccess<'de>>(self, mut seq: Q) -> Result<V, Q::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(4096));
        while let Some(item) = seq.next_element_seed(self.element)? {
            items.push(item);
        }
        Ok((self.array)(items))
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<V, M::Error> {
        let raw = RawVisitor.visit_map(map)?;
        Ok((self.other)(raw))
    }

    keep_scalars!('de);
}

impl<S, A, O> ArrayOr<S, A, O> {
    fn keep<'de, V>(self, raw: Raw<'de>) -> V
    where
        O: FnOnce(Raw<'de>) -> V,
    {
        (self.other)(raw)
    }
}

/// Reads one element of `sources`.
#[derive(Clone, Copy)]
struct SourceSeed;

impl<'de> DeserializeSeed<'de> for SourceSeed {
    type Value = Item<'de, SourceFields<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ObjectOr(SourceKeys))
    }
}

/// Reads one element of `evidence`.
#[derive(Clone, Copy)]
struct EvidenceSeed;

impl<'de> DeserializeSeed<'de> for EvidenceSeed {
    type Value = Item<'de, EvidenceFields<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(ObjectOr(EvidenceKeys))
    }
}

/// Fills the slots of a struct from an object's keys.
trait Slots<'de>: Copy {
    type Fields: Default;

    /// Reads the value of `key` into its slot; returns false (and reads
    /// nothing) for a key the format does not define here.
    fn read<M: MapAccess<'de>>(
        self,
        fields: &mut Self::Fields,
        key: &str,
        map: &mut M,
    ) -> Result<bool, M::Error>;
}

/// Stores a value in its slot, reporting a repeated key.
fn put<T>(slot: &mut Option<T>, key: &str, value: T) {
    if slot.replace(value).is_some() {
        note_duplicate(key);
    }
}

#[derive(Clone, Copy)]
struct SourceKeys;

impl<'de> Slots<'de> for SourceKeys {
    type Fields = SourceFields<'de>;

    fn read<M: MapAccess<'de>>(
        self,
        fields: &mut SourceFields<'de>,
        key: &str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        match key {
            key::DOCUMENT => put(&mut fields.document, key, map.next_value()?),
            key::EVIDENCE => put(
                &mut fields.evidence,
                key,
                map.next_value_seed(EvidenceListSeed)?,
            ),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Clone, Copy)]
struct EvidenceKeys;

impl<'de> Slots<'de> for EvidenceKeys {
    type Fields = EvidenceFields<'de>;

    fn read<M: MapAccess<'de>>(
        self,
        fields: &mut EvidenceFields<'de>,
        key: &str,
        map: &mut M,
    ) -> Result<bool, M::Error> {
        let slot = match key {
            key::FIELD => &mut fields.field,
            key::START => &mut fields.start,
            key::END => &mut fields.end,
            key::QUOTE => &mut fields.quote,
            _ => return Ok(false),
        };
        put(slot, key, map.next_value()?);
        Ok(true)
    }
}

/// Reads a source's `evidence` value.
struct EvidenceListSeed;

impl<'de> DeserializeSeed<'de> for EvidenceListSeed {
    type Value = EvidenceList<'de>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<EvidenceList<'de>, D::Error> {
        deserializer.deserialize_any(ArrayOr {
            element: EvidenceSeed,
            array: EvidenceList::Array,
            other: EvidenceList::Other,
        })
    }
}

/// An object read into slots, or any other value kept as it is.
struct ObjectOr<K>(K);

impl<'de, K: Slots<'de>> Visitor<'de> for ObjectOr<K> {
    type Value = Item<'de, K::Fields>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut fields = K::Fields::default();
        // Keys the format does not define here: only their duplicates matter.
        let mut others: Vec<Cow<'de, str>> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            if self.0.read(&mut fields, &key, &mut map)? {
                continue;
            }
            // Read the value as a tree for the duplicates inside it.
            let _: Raw<'de> = map.next_value()?;
            if others.contains(&key) {
                note_duplicate(&key);
            } else {
                others.push(key);
            }
        }
        Ok(Item::Object(fields))
    }

    fn visit_seq<Q: SeqAccess<'de>>(self, seq: Q) -> Result<Self::Value, Q::Error> {
        Ok(Item::Other(RawVisitor.visit_seq(seq)?))
    }

    keep_scalars!('de);
}

impl<K> ObjectOr<K> {
    fn keep<'de, F>(self, raw: Raw<'de>) -> Item<'de, F> {
        Item::Other(raw)
    }
}
