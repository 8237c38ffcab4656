//! Writes a loaded dataset in our JSON Lines format, version 1: every
//! document, then every incident, one record a line with its `"type"`.
//!
//! What is written is the model as loaded: strings as cleaned at load time,
//! unknown (extra) fields written back under their own names, counts `null`
//! when unknown. Evidence offsets are written against the cleaned text, so
//! they select the same characters when the file is read again (cleaning is
//! idempotent, so the text does not change a second time). Derived state —
//! warnings, the canonical province, evidence flags — is not written.

use std::io::{self, Write};

use serde_json::{Map, Value};

use super::field::{key, Field, ValueKind, DOCUMENT_KEYS, INCIDENT_KEYS};
use super::model::{Anchor, Dataset, Document, Evidence, Extra, Incident};

/// Writes `dataset` as JSONL to `out`. Fails on an I/O error, or when an
/// extra field has the name of one of the record's own keys (no loader of
/// ours produces one; writing it would silently lose one of the two).
pub fn write_jsonl(dataset: &Dataset, out: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for doc in &dataset.documents {
        write_line(&mut out, document_record(doc)?)?;
    }
    for incident in &dataset.incidents {
        write_line(&mut out, incident_record(dataset, incident)?)?;
    }
    out.flush()
}

fn write_line(out: &mut impl Write, record: Map<String, Value>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Value::Object(record))?;
    out.write_all(b"\n")
}

fn put(record: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        record.insert(key.into(), Value::String(v.to_string()));
    }
}

fn put_extra(
    record: &mut Map<String, Value>,
    extra: &Extra,
    reserved: &[&str],
    what: &str,
    id: &str,
) -> io::Result<()> {
    for (key, value) in extra.to_map() {
        if reserved.contains(&key.as_str()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{what} {id:?}: extra field {key:?} has the name of one of the format's own fields"),
            ));
        }
        record.insert(key, value);
    }
    Ok(())
}

fn document_record(doc: &Document) -> io::Result<Map<String, Value>> {
    let mut r = Map::new();
    r.insert(key::TYPE.into(), "document".into());
    r.insert(key::ID.into(), doc.id.as_str().into());
    put(&mut r, "title", doc.title.as_deref());
    put(&mut r, "outlet", doc.outlet.as_deref());
    put(&mut r, "url", doc.url.as_deref());
    put(&mut r, "published", doc.published.as_deref());
    put(&mut r, "language", doc.language.as_deref());
    r.insert(key::TEXT.into(), doc.text.clone().into());
    put_extra(&mut r, &doc.extra, &DOCUMENT_KEYS, "document", &doc.id)?;
    Ok(r)
}

/// One incident as a JSONL record (with `"type": "incident"`).
pub fn incident_record(dataset: &Dataset, incident: &Incident) -> io::Result<Map<String, Value>> {
    let mut r = Map::new();
    r.insert(key::TYPE.into(), "incident".into());
    r.insert(key::ID.into(), incident.id.as_str().into());
    for field in Field::ALL {
        match field.kind() {
            ValueKind::Text | ValueKind::Date => put(&mut r, field.name(), field.text(incident)),
            // Written `null` when unknown, which is not zero.
            ValueKind::Count => {
                let count = field.count(incident).map_or(Value::Null, Value::from);
                r.insert(field.name().into(), count);
            }
        }
    }
    if let Some(c) = incident.confidence {
        r.insert(key::CONFIDENCE.into(), Value::from(c));
    }
    let sources: Vec<Value> = incident
        .sources
        .iter()
        .map(|s| {
            let doc = s.document.and_then(|d| dataset.document(d));
            let mut source = Map::new();
            source.insert(key::DOCUMENT.into(), s.document_id.as_str().into());
            if !s.evidence.is_empty() {
                let evidence = s.evidence.iter().map(|e| evidence(e, doc)).collect();
                source.insert(key::EVIDENCE.into(), Value::Array(evidence));
            }
            Value::Object(source)
        })
        .collect();
    if !sources.is_empty() {
        r.insert(key::SOURCES.into(), Value::Array(sources));
    }
    put_extra(
        &mut r,
        &incident.extra,
        &INCIDENT_KEYS,
        "incident",
        &incident.id,
    )?;
    Ok(r)
}

/// One evidence item. Located offsets are rewritten as code points of the
/// cleaned text that is written; offsets that did not fit the text are
/// written as they were read, so the same warning comes back.
fn evidence(e: &Evidence, doc: Option<&Document>) -> Value {
    let mut r = Map::new();
    r.insert(key::FIELD.into(), e.field.as_str().into());
    match e.anchor() {
        Anchor::Quote(q) => {
            r.insert(key::QUOTE.into(), q.into());
        }
        Anchor::Offsets { start, end } => {
            let located = doc.zip(e.range()).and_then(|(d, span)| {
                let start = d.text.get(..span.start)?.chars().count();
                Some((start, start + d.text.get(span)?.chars().count()))
            });
            let (start, end) = located.unwrap_or((start, end));
            r.insert(key::START.into(), start.into());
            r.insert(key::END.into(), end.into());
        }
    }
    Value::Object(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::load_bytes;

    fn round_trip(dataset: &Dataset) -> crate::dataset::Loaded {
        let mut out = Vec::new();
        write_jsonl(dataset, &mut out).expect("writes to memory");
        let mut loaded = load_bytes("again", &out);
        // Checked like every dataset that is opened (quotes located).
        crate::evidence::apply(&mut loaded.dataset, &[crate::evidence::Gazetteer::iraq()]);
        loaded
    }

    /// The text each evidence item of an incident selects, in order.
    fn evidence_texts(ds: &Dataset, i: &Incident) -> Vec<(String, Option<String>)> {
        i.sources
            .iter()
            .flat_map(|s| {
                let doc = s.document.and_then(|d| ds.document(d));
                s.evidence.iter().map(move |e| {
                    let text = doc.zip(e.range()).map(|(d, span)| d.text[span].to_string());
                    (e.field.to_string(), text)
                })
            })
            .collect()
    }

    #[test]
    fn the_sample_survives_a_round_trip() {
        let first = crate::load_sample();
        assert!(first.errors.is_empty());
        let again = round_trip(&first.dataset);
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        let (a, b) = (&first.dataset, &again.dataset);
        assert_eq!(a.incidents.len(), b.incidents.len());
        assert_eq!(a.documents.len(), b.documents.len());
        let mut located = 0;
        for (x, y) in a.incidents.iter().zip(&b.incidents) {
            assert_eq!(x.id, y.id);
            for field in crate::dataset::INCIDENT_FIELDS {
                assert_eq!(x.display_field(field), y.display_field(field), "{}", x.id);
            }
            assert_eq!((x.killed, x.wounded), (y.killed, y.wounded), "{}", x.id);
            assert_eq!(x.confidence, y.confidence);
            assert_eq!(x.extra, y.extra, "{}", x.id);
            let (ex, ey) = (evidence_texts(a, x), evidence_texts(b, y));
            located += ex.iter().filter(|(_, t)| t.is_some()).count();
            assert_eq!(ex, ey, "{}", x.id);
        }
        assert!(located > 10, "the sample has located evidence to compare");
        for (x, y) in a.documents.iter().zip(&b.documents) {
            assert_eq!(
                (&x.id, &x.text, &x.title, &x.extra),
                (&y.id, &y.text, &y.title, &y.extra)
            );
        }
    }

    #[test]
    fn offsets_follow_text_that_cleaning_changed() {
        // Two removed characters before "Kirkuk" and a tab expanded to four
        // spaces: original offsets 11..17 select "Kirkuk" in the original.
        let text = "\u{1b}\u{202E}Blast\tin Kirkuk";
        let jsonl = format!(
            "{}\n{}\n",
            serde_json::json!({"type": "document", "id": "d", "text": text}),
            serde_json::json!({"type": "incident", "id": "i", "killed": null,
                "sources": [{"document": "d", "evidence": [
                    {"field": "location", "start": 11, "end": 17},
                    {"field": "province", "quote": "Kirkuk"},
                    {"field": "date", "start": 40, "end": 44}]}]})
        );
        let first = load_bytes("t", jsonl.as_bytes());
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        let mut out = Vec::new();
        write_jsonl(&first.dataset, &mut out).expect("writes");
        let written = String::from_utf8(out.clone()).expect("UTF-8");
        let lines: Vec<Value> = written
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines[0]["text"], "Blast    in Kirkuk");
        let ev = &lines[1]["sources"][0]["evidence"];
        assert_eq!(
            ev[0],
            serde_json::json!({"field": "location", "start": 12, "end": 18})
        );
        assert_eq!(
            ev[1],
            serde_json::json!({"field": "province", "quote": "Kirkuk"})
        );
        // Past the end: written as read, so reading it again warns again.
        assert_eq!(
            ev[2],
            serde_json::json!({"field": "date", "start": 40, "end": 44})
        );
        assert_eq!(lines[1]["killed"], Value::Null);
        assert_eq!(lines[1]["wounded"], Value::Null);
        let again = load_bytes("again", &out);
        let i = &again.dataset.incidents[0];
        assert_eq!(
            evidence_texts(&again.dataset, i)[0],
            ("location".to_string(), Some("Kirkuk".to_string()))
        );
        assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
    }

    #[test]
    fn an_extra_field_named_like_a_key_is_refused() {
        let mut ds = Dataset::default();
        let mut extra = Map::new();
        extra.insert("province".into(), "Kirkuk".into());
        ds.incidents.push(Incident {
            id: "i".into(),
            extra: Extra::from_map(&extra),
            ..Incident::default()
        });
        let e = write_jsonl(&ds, Vec::new()).expect_err("clash");
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("\"province\""), "{e}");
    }
}
