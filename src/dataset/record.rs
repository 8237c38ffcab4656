//! Turns one parsed JSON object into a [`Document`] or an [`Incident`],
//! checking it against the format's rules. A broken rule is an error that
//! rejects the record; a content problem that still lets us show the record
//! is a warning attached to it.

use std::cell::RefCell;

use super::json_sources::{EvidenceFields, EvidenceList, Item, SourceFields, Sources};
use super::json_value::{Object, Raw};

use super::date::PartialDate;
use super::field::{key, Field, ValueKind};
use super::model::{
    Anchor, CompactString, Document, Evidence, Extra, FieldName, Incident, Source, Warning,
};
use super::sanitize::{clean_inline, clean_inline_cow, clean_short, clean_text};

/// A schema error: the message, and the record's id when it had one.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    pub id: Option<String>,
    pub message: String,
}

/// A record's fields, taken out by name as the record is built: from the
/// general tree (whole-file JSON, CSV rows, any unusual line), or from the
/// slots [`plain_line`] fills for a plain JSON Lines record.
pub trait Fields<'a> {
    /// Takes a field's value out.
    fn take(&mut self, name: &str) -> Option<Raw<'a>>;
    /// The fields nobody took (those the format does not define), in the
    /// order written.
    fn rest(self) -> Object<'a>;
}

impl<'a> Fields<'a> for Object<'a> {
    fn take(&mut self, name: &str) -> Option<Raw<'a>> {
        self.remove(name)
    }

    fn rest(self) -> Object<'a> {
        self
    }
}

fn err(id: Option<&str>, message: impl Into<String>) -> RecordError {
    RecordError {
        id: id.map(str::to_owned),
        message: message.into(),
    }
}

/// Reads and removes the record's `id`, which must be a non-empty string.
fn take_id<'a>(fields: &mut impl Fields<'a>) -> Result<CompactString, RecordError> {
    match fields.take(key::ID) {
        Some(Raw::String(s)) if !s.trim().is_empty() => Ok(clean_short(&s).0),
        Some(Raw::String(_)) => Err(err(None, "id is empty")),
        Some(Raw::Null) | None => Err(err(None, "missing id")),
        Some(other) => {
            let kind = kind_of(&other);
            Err(err(
                Some(&plain_json(other)),
                format!("id must be a string, found {kind}"),
            ))
        }
    }
}

fn kind_of(v: &Raw) -> &'static str {
    match v {
        Raw::Null => "null",
        Raw::Bool(_) => "a boolean",
        Raw::Number(_) => "a number",
        Raw::String(_) => "a string",
        Raw::Array(_) => "an array",
        Raw::Object(_) => "an object",
    }
}

/// Removes an optional string field, cleaning it. Null counts as absent.
fn take_string<'a>(
    fields: &mut impl Fields<'a>,
    name: &str,
    id: &str,
    removed: &mut usize,
) -> Result<Option<CompactString>, RecordError> {
    match fields.take(name) {
        None | Some(Raw::Null) => Ok(None),
        Some(Raw::String(s)) => {
            let (clean, r) = clean_short(&s);
            *removed += r;
            Ok(Some(clean))
        }
        Some(other) => Err(err(
            Some(id),
            format!("{name} must be a string, found {}", kind_of(&other)),
        )),
    }
}

/// Removes a casualty count: a non-negative integer, or null/absent for unknown.
fn take_count<'a>(
    fields: &mut impl Fields<'a>,
    name: &str,
    id: &str,
) -> Result<Option<u64>, RecordError> {
    match fields.take(name) {
        None | Some(Raw::Null) => Ok(None),
        Some(Raw::Number(n)) => n.as_u64().map(Some).ok_or_else(|| {
            err(
                Some(id),
                format!("{name} must be a non-negative integer or null, found {n}"),
            )
        }),
        Some(other) => Err(err(
            Some(id),
            format!(
                "{name} must be a non-negative integer or null, found {}",
                kind_of(&other)
            ),
        )),
    }
}

/// The fields the format does not define, cleaned.
fn take_extra<'a>(fields: impl Fields<'a>, removed: &mut usize) -> Extra {
    let fields = fields.rest();
    if fields.is_empty() {
        return Extra::default();
    }
    thread_local! {
        /// The JSON text is written here, then copied once at its size
        /// (a string grown from nothing is reallocated several times).
        static JSON: RefCell<String> = const { RefCell::new(String::new()) };
    }
    let mut write = |json: &mut String| {
        json.clear();
        fields.write_json(json, &mut |s: &str| {
            let (clean, r) = clean_inline_cow(s);
            *removed += r;
            clean
        });
        Extra::from_json(json)
    };
    JSON.with(|json| match json.try_borrow_mut() {
        Ok(mut json) => write(&mut json),
        Err(_) => write(&mut String::new()),
    })
}

/// A value as compact JSON, for an error message.
fn plain_json(value: Raw) -> String {
    value.into_value(&mut |s: &str| s.to_owned()).to_string()
}

/// Builds a document. `fields` must not hold the `type` key any more.
pub fn document<'a>(mut fields: impl Fields<'a>) -> Result<Document, RecordError> {
    let id = take_id(&mut fields)?;
    let text = match fields.take(key::TEXT) {
        Some(Raw::String(s)) => s,
        None | Some(Raw::Null) => return Err(err(Some(&id), "missing text")),
        Some(other) => {
            return Err(err(
                Some(&id),
                format!("text must be a string, found {}", kind_of(&other)),
            ))
        }
    };
    let mut removed = 0;
    let title = take_string(&mut fields, "title", &id, &mut removed)?;
    let outlet = take_string(&mut fields, "outlet", &id, &mut removed)?;
    let url = take_string(&mut fields, "url", &id, &mut removed)?;
    let published = take_string(&mut fields, "published", &id, &mut removed)?;
    let language = take_string(&mut fields, "language", &id, &mut removed)?;
    let mut warnings = Vec::<Warning>::new();
    if let Some(p) = &published {
        if PartialDate::parse(p).is_none() {
            warnings.push(Warning::problem(format!(
                "published date {p:?} does not parse (expected YYYY-MM-DD, YYYY-MM or YYYY)"
            )));
        }
    }
    let clean = clean_text(&text);
    removed += clean.removed;
    let extra = take_extra(fields, &mut removed);
    if removed > 0 {
        warnings.push(Warning::note(format!(
            "{} removed from the text",
            super::plural::of(removed, "control or invisible character")
        )));
    }
    Ok(Document {
        id,
        title,
        outlet,
        url,
        published,
        language,
        text: clean.text,
        original_offsets: clean.offsets,
        extra,
        warnings: warnings.into(),
        removed_chars: u32::try_from(removed).unwrap_or(u32::MAX),
        line: None,
    })
}

/// Builds an incident, with its `sources` when they were read into their
/// parts already (else they are among `fields`). Its sources are resolved
/// against the documents later, once every record has been read.
pub fn incident<'a>(
    fields: impl Fields<'a>,
    sources: Option<Sources<'a>>,
) -> Result<Incident, RecordError> {
    build_incident(fields, |fields, id, removed| {
        // A `sources` left among the fields came last (or there are no
        // typed ones): it is the one that counts.
        match fields.take(key::SOURCES).map(Sources::from_raw).or(sources) {
            None | Some(Sources::Other(Raw::Null)) => Ok(Vec::new()),
            Some(Sources::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| source(v, id, i, removed))
                .collect::<Result<Vec<_>, _>>()
                .map(exact),
            Some(Sources::Other(other)) => Err(err(
                Some(id),
                format!("sources must be an array, found {}", kind_of(&other)),
            )),
        }
    })
}

/// Builds an incident whose sources were built already, `removed`
/// characters having been cleaned out of them.
fn incident_with_sources<'a>(
    fields: impl Fields<'a>,
    sources: Vec<Source>,
    removed: usize,
) -> Result<Incident, RecordError> {
    build_incident(fields, |_, _, total| {
        *total += removed;
        Ok(sources)
    })
}

/// Builds an incident, its sources built by `sources(fields, id, removed)`
/// after the fields the format defines are taken and before the rest are.
fn build_incident<'a, F: Fields<'a>>(
    mut fields: F,
    sources: impl FnOnce(&mut F, &str, &mut usize) -> Result<Vec<Source>, RecordError>,
) -> Result<Incident, RecordError> {
    let id = take_id(&mut fields)?;
    let mut incident = Incident::default();
    let mut removed = 0;
    let mut warnings = Vec::<Warning>::new();
    for field in Field::ALL {
        match field.kind() {
            ValueKind::Text => {
                let value = take_string(&mut fields, field.name(), &id, &mut removed)?;
                field.set_text(&mut incident, value);
            }
            ValueKind::Date => {
                let value = take_string(&mut fields, field.name(), &id, &mut removed)?;
                let parsed = value.as_deref().and_then(PartialDate::parse);
                if let (Some(d), None) = (&value, parsed) {
                    warnings.push(Warning::problem(format!(
                        "{} {d:?} does not parse (expected YYYY-MM-DD, YYYY-MM or YYYY)",
                        field.name()
                    )));
                }
                // The one date field is the one whose parse is kept.
                incident.date_parsed = parsed;
                field.set_text(&mut incident, value);
            }
            ValueKind::Count => {
                let value = take_count(&mut fields, field.name(), &id)?;
                field.set_count(&mut incident, value);
            }
        }
    }
    let confidence = match fields.take(key::CONFIDENCE) {
        None | Some(Raw::Null) => None,
        Some(Raw::Number(n)) => match n.as_f64() {
            Some(c) if (0.0..=1.0).contains(&c) => Some(c),
            _ => {
                return Err(err(
                    Some(&id),
                    format!("confidence must be between 0 and 1, found {n}"),
                ))
            }
        },
        Some(other) => {
            return Err(err(
                Some(&id),
                format!("confidence must be a number, found {}", kind_of(&other)),
            ))
        }
    };
    let sources = sources(&mut fields, &id, &mut removed)?;
    let extra = take_extra(fields, &mut removed);
    if removed > 0 {
        warnings.push(Warning::note(format!(
            "{} removed from its fields",
            super::plural::of(removed, "control or invisible character")
        )));
    }
    Ok(Incident {
        id,
        confidence,
        sources,
        extra,
        warnings: warnings.into(),
        removed_chars: u32::try_from(removed).unwrap_or(u32::MAX),
        ..incident
    })
}

/// A vector at its exact size. Collecting sources and evidence from the
/// parsed items reuses the items' allocation, which is two to three times
/// the size the records need; a dataset keeps millions of these vectors.
fn exact<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

fn source(
    value: Item<'_, SourceFields<'_>>,
    id: &str,
    index: usize,
    removed: &mut usize,
) -> Result<Source, RecordError> {
    let Item::Object(fields) = value else {
        return Err(err(Some(id), format!("sources[{index}] must be an object")));
    };
    let document_id = source_document(fields.document).ok_or_else(|| {
        err(
            Some(id),
            format!("sources[{index}] needs a \"document\" id (a string)"),
        )
    })?;
    let evidence = match fields.evidence {
        None | Some(EvidenceList::Other(Raw::Null)) => Vec::new(),
        Some(EvidenceList::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(j, v)| evidence(v, id, index, j, removed))
            .collect::<Result<Vec<_>, _>>()
            .map(exact)?,
        Some(_) => {
            return Err(err(
                Some(id),
                format!("sources[{index}].evidence must be an array"),
            ))
        }
    };
    Ok(Source {
        document_id,
        document: None,
        evidence,
    })
}

/// A source's document id, when it is a string.
fn source_document(document: Option<Raw<'_>>) -> Option<CompactString> {
    match document {
        Some(Raw::String(s)) => Some(clean_short(&s).0),
        _ => None,
    }
}

fn evidence(
    value: Item<'_, EvidenceFields<'_>>,
    id: &str,
    source: usize,
    index: usize,
    removed: &mut usize,
) -> Result<Evidence, RecordError> {
    // Only an error names the evidence's place in the record.
    let at = Place(source, index);
    let Item::Object(fields) = value else {
        return Err(err(Some(id), format!("{at} must be an object")));
    };
    let Some(Raw::String(field)) = fields.field else {
        return Err(err(Some(id), format!("{at} needs a \"field\" name")));
    };
    let name = span_field(&field, removed);
    let offset = |v: Option<Raw>, name: &str| -> Result<Option<usize>, RecordError> {
        match v {
            None | Some(Raw::Null) => Ok(None),
            Some(Raw::Number(n)) => n
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| {
                    err(
                        Some(id),
                        format!("{at}.{name} must be a non-negative integer, found {n}"),
                    )
                }),
            Some(other) => Err(err(
                Some(id),
                format!(
                    "{at}.{name} must be a non-negative integer, found {}",
                    kind_of(&other)
                ),
            )),
        }
    };
    let start = offset(fields.start, key::START)?;
    let end = offset(fields.end, key::END)?;
    let quote = fields.quote.as_ref().and_then(Raw::as_str);
    span(name, start, end, quote, removed)
        .map_err(|(name, problem)| err(Some(id), format!("{at} ({name}) {problem}")))
}

/// A span's field name, cleaned. A name the format defines is held as a
/// number: cleaned without a copy when there is nothing to clean.
fn span_field(field: &str, removed: &mut usize) -> FieldName {
    // Nearly every name is a field's name as written: nothing to clean.
    if let Some(known) = FieldName::known(field) {
        return known;
    }
    let (clean, r) = clean_inline_cow(field);
    *removed += r;
    FieldName::from(clean.as_ref())
}

/// A span from its parts as read: both offsets win over a quote. An error
/// gives the name back and says what is missing.
fn span(
    name: FieldName,
    start: Option<usize>,
    end: Option<usize>,
    quote: Option<&str>,
    removed: &mut usize,
) -> Result<Evidence, (FieldName, &'static str)> {
    match (start, end, quote) {
        (Some(start), Some(end), _) => Ok(Evidence::new(name, Anchor::Offsets { start, end })),
        (None, None, Some(q)) => {
            let (clean, r) = clean_inline(q);
            *removed += r;
            Ok(Evidence::quote(name, clean.into_boxed_str()))
        }
        (Some(_), None, _) | (None, Some(_), _) => Err((name, "needs both start and end")),
        _ => Err((name, "needs start and end offsets or a quote")),
    }
}

/// `sources[S].evidence[E]`, formatted only when an error needs it.
struct Place(usize, usize);

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "sources[{}].evidence[{}]", self.0, self.1)
    }
}

pub(super) mod plain_line;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn incident_of(fields: Object<'static>) -> Result<Incident, RecordError> {
        incident(fields, None)
    }

    fn obj(v: Value) -> Object<'static> {
        match v {
            Value::Object(m) => Object::from_map(m),
            _ => Object::default(),
        }
    }

    #[test]
    fn missing_id_is_an_error() {
        let e = incident_of(obj(json!({"killed": 1}))).expect_err("no id");
        assert_eq!(e.message, "missing id");
    }

    #[test]
    fn negative_count_is_an_error_naming_the_field() {
        let e = incident_of(obj(json!({"id": "i1", "killed": -2}))).expect_err("negative");
        assert_eq!(e.id.as_deref(), Some("i1"));
        assert!(
            e.message.contains("killed must be a non-negative integer"),
            "{}",
            e.message
        );
        let e = incident_of(obj(json!({"id": "i1", "wounded": 1.5}))).expect_err("fraction");
        assert!(e.message.contains("wounded"));
    }

    #[test]
    fn null_counts_are_unknown_not_zero() {
        let i = incident_of(obj(json!({"id": "i1", "killed": null}))).expect("valid");
        assert_eq!(i.killed, None);
        assert_eq!(i.wounded, None);
    }

    #[test]
    fn bad_date_is_a_warning_not_an_error() {
        let i = incident_of(obj(json!({"id": "i1", "date": "2019-13-45"}))).expect("valid");
        assert_eq!(i.date.as_deref(), Some("2019-13-45"));
        assert!(i.date_parsed.is_none());
        assert_eq!(i.warnings.len(), 1);
        assert!(i.warnings[0].contains("does not parse"));
    }

    #[test]
    fn unknown_fields_are_kept() {
        let i = incident_of(obj(
            json!({"id": "i1", "extractor": "llm-v2", "score": {"a": 1}}),
        ))
        .expect("valid");
        let extra = i.extra.to_map();
        assert_eq!(extra.get("extractor"), Some(&json!("llm-v2")));
        assert_eq!(extra.get("score"), Some(&json!({"a": 1})));
        let keys: Vec<&String> = extra.keys().collect();
        assert_eq!(keys, ["extractor", "score"], "in the order written");
    }

    #[test]
    fn evidence_as_offsets_or_quote() {
        let i = incident_of(obj(
            json!({"id": "i1", "sources": [{"document": "d1", "evidence": [
                {"field": "killed", "start": 3, "end": 9},
                {"field": "province", "quote": "in Kirkuk"}
            ]}]}),
        ))
        .expect("valid");
        let ev = &i.sources[0].evidence;
        assert_eq!(ev[0].anchor(), Anchor::Offsets { start: 3, end: 9 });
        assert_eq!(ev[1].anchor(), Anchor::Quote("in Kirkuk"));
        let e = incident_of(obj(
            json!({"id": "i1", "sources": [{"document": "d1", "evidence": [
                {"field": "killed", "start": 3}
            ]}]}),
        ))
        .expect_err("half an offset pair");
        assert!(e.message.contains("needs both start and end"));
    }

    #[test]
    fn confidence_out_of_range_is_an_error() {
        let e = incident_of(obj(json!({"id": "i1", "confidence": 1.5}))).expect_err("range");
        assert!(e.message.contains("confidence"));
    }

    #[test]
    fn document_needs_text() {
        let e = document(obj(json!({"id": "d1"}))).expect_err("no text");
        assert_eq!(e.message, "missing text");
        let d = document(obj(json!({"id": "d1", "text": "a\u{1b}[2Jb"}))).expect("valid");
        assert_eq!(d.text, "a[2Jb");
        assert_eq!(d.removed_chars, 1);
    }
}
