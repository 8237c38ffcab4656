//! Export of a reviewed dataset: the dataset with corrections applied and
//! a `review` object on every incident, as JSON, JSON Lines or CSV.
//!
//! JSON and JSON Lines are written from the dataset file as read from disk
//! (not from the cleaned model), so article text, evidence offsets and
//! unknown fields come out exactly as they went in, and the result is a
//! dataset (format version 1) that `incidents check` and the browser open.
//! Only the corrected fields and `review` change. An existing `review`
//! field is replaced. CSV is written from the loaded model (cleaned text),
//! one row per incident (see [`csv`]).
//!
//! The review's structural edits ([`super::with_edits`]) are written in:
//! an incident whose evidence was added, moved or removed gets its
//! `sources` written again (its own evidence items as they were in the
//! file, the added ones as `{field, start, end}` in code points of the
//! original text); added incidents follow the dataset's, written as
//! ordinary incidents with `review.status` `"added"`.
//!
//! The `review` object: `status`, `reviewer`, `time`, `corrections`
//! (`[{field, old, new}]`, `old` being the extracted value), `note`,
//! `flag_reason`, `changed_since_review` (the fields whose extracted value
//! changed since the decision, `"sources"` when only the sources or
//! evidence did; `null` when nothing changed), `cluster` (the id of the
//! first, by id, of the incidents reviewers decided are the same event as
//! this one, itself included) and `duplicate_of` (that id, when it is
//! another incident's). Absent values are `null`.

pub mod csv;

use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::field::FieldValue;
use super::overlay::{self, Edited, EvidenceOrigin, SourceOrigin};
use super::state::{ReviewState, StatusFilter};
use crate::dataset::sanitize::clean_inline;
use crate::dataset::{Dataset, Incident};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(ExportFormat::Json),
            "jsonl" | "ndjson" => Some(ExportFormat::Jsonl),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }

    /// The format an output file's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<ExportFormat> {
        ExportFormat::parse(path.extension()?.to_str()?)
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: ExportFormat,
    /// Only incidents with this status. Documents then come along only when
    /// an exported incident cites them.
    pub only: Option<StatusFilter>,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportStats {
    pub incidents: usize,
    pub documents: usize,
    /// Incidents in the dataset.
    pub total_incidents: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Io(io::Error),
    /// The file on disk does not match the dataset loaded from it.
    #[error("{0}; the dataset file changed since it was loaded, export again")]
    Mismatch(String),
}

impl From<io::Error> for ExportError {
    fn from(e: io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        ExportError::Io(e.into())
    }
}

/// The `review` object of one incident.
pub fn review_object(state: &ReviewState, id: &str) -> Value {
    let mut object = decided_object(state, id);
    if let Value::Object(o) = &mut object {
        let groups = state.same_groups();
        let cluster = groups.group_of(id).and_then(|g| g.first());
        o.insert("cluster".into(), cluster.map(String::as_str).into());
        o.insert("duplicate_of".into(), groups.duplicate_of(id).into());
    }
    object
}

fn decided_object(state: &ReviewState, id: &str) -> Value {
    let Some(r) = state.review(id) else {
        return json!({
            "status": "unreviewed", "reviewer": null, "time": null, "corrections": [],
            "note": null, "flag_reason": null, "changed_since_review": null,
        });
    };
    let corrections: Vec<Value> = r
        .corrections
        .iter()
        .map(|(field, c)| {
            json!({
                "field": field.name(),
                "old": FieldValue::to_json(c.old.as_ref()),
                "new": FieldValue::to_json(c.new.as_ref()),
            })
        })
        .collect();
    let changed = state.changed_since_review(id).map(|c| {
        let mut names: Vec<&str> = c.fields.iter().map(|f| f.field.name()).collect();
        if c.sources_or_evidence {
            names.push("sources");
        }
        names
    });
    json!({
        "status": r.status.name(),
        "reviewer": r.reviewer,
        "time": r.time,
        "corrections": corrections,
        "note": r.note,
        "flag_reason": r.flag_reason,
        "changed_since_review": changed,
    })
}

/// Writes the export. `raw` is the dataset file as on disk (JSON or JSON
/// Lines; read for JSON/JSONL output only), `dataset` what was loaded from
/// it (as loaded: not with the review's edits applied, which the export
/// applies itself) and `state` the review replayed and compared with it.
pub fn export(
    raw: &mut dyn BufRead,
    dataset: &Dataset,
    state: &ReviewState,
    options: ExportOptions,
    out: &mut dyn Write,
) -> Result<ExportStats, ExportError> {
    if let Some(i) = dataset.incidents.iter().find(|i| state.is_added(&i.id)) {
        return Err(ExportError::Mismatch(format!(
            "incident {:?} is one a reviewer added: the export needs the dataset as loaded, \
             without the review's edits",
            i.id
        )));
    }
    let edited = overlay::edit(dataset, state);
    let view = edited.as_ref().map_or(dataset, |e| &e.dataset);
    if options.format == ExportFormat::Csv {
        return csv::write(view, state, options.only, out);
    }
    let keep = |id: &str| options.only.is_none_or(|f| f.matches(state.status(id)));
    let cited: Option<HashSet<&str>> = options.only.map(|_| {
        view.incidents
            .iter()
            .filter(|i| keep(&i.id))
            .flat_map(|i| i.sources.iter().map(|s| s.document_id.as_str()))
            .collect()
    });
    let known: std::collections::HashMap<&str, usize> = dataset
        .incidents
        .iter()
        .enumerate()
        .map(|(n, i)| (i.id.as_str(), n))
        .collect();
    let mut stats = ExportStats {
        total_incidents: view.incidents.len(),
        ..ExportStats::default()
    };
    let mut seen = 0;
    let mut writer = RecordWriter::new(options.format, out);
    let mut each = |kind: Kind, mut fields: Map<String, Value>| -> Result<(), ExportError> {
        let id = fields
            .get("id")
            .and_then(Value::as_str)
            .map(|s| clean_inline(s).0)
            .unwrap_or_default();
        match kind {
            Kind::Document => {
                if cited.as_ref().is_some_and(|c| !c.contains(id.as_str())) {
                    return Ok(());
                }
                stats.documents += 1;
            }
            Kind::Incident => {
                let Some(&index) = known.get(id.as_str()) else {
                    return Err(ExportError::Mismatch(format!(
                        "incident {id:?} is in the file but was not loaded"
                    )));
                };
                seen += 1;
                if !keep(&id) {
                    return Ok(());
                }
                if let Some((e, origin)) = edited
                    .as_ref()
                    .and_then(|e| Some((e, e.origins.get(&index)?)))
                {
                    let raw = fields.remove("sources");
                    let sources = write_sources(raw, &e.dataset.incidents[index], origin);
                    fields.insert("sources".into(), sources);
                }
                reviewed(&mut fields, state, &id);
                stats.incidents += 1;
            }
        }
        writer.record(kind, fields)
    };
    let top = read_records(raw, &mut each)?;
    if seen != dataset.incidents.len() {
        return Err(ExportError::Mismatch(format!(
            "the file holds {}, {} loaded",
            crate::dataset::plural::of(seen, "incident"),
            match dataset.incidents.len() {
                1 => "1 was".to_string(),
                n => format!("{n} were"),
            }
        )));
    }
    if let Some(e) = &edited {
        stats.incidents += write_added(e, state, &keep, &mut writer)?;
    }
    writer.finish(top)?;
    Ok(stats)
}

/// Applies `id`'s corrections to its record and adds its `review`.
fn reviewed(fields: &mut Map<String, Value>, state: &ReviewState, id: &str) {
    if let Some(r) = state.review(id) {
        for (field, c) in &r.corrections {
            fields.insert(field.name().into(), FieldValue::to_json(c.new.as_ref()));
        }
    }
    fields.insert("review".into(), review_object(state, id));
}

/// Writes the added incidents `keep` keeps; returns how many.
fn write_added(
    edited: &Edited,
    state: &ReviewState,
    keep: &dyn Fn(&str) -> bool,
    writer: &mut RecordWriter<'_>,
) -> Result<usize, ExportError> {
    let mut n = 0;
    for i in edited.added.clone() {
        let incident = &edited.dataset.incidents[i];
        if !keep(&incident.id) {
            continue;
        }
        let mut fields = crate::dataset::incident_record(&edited.dataset, incident)?;
        fields.remove("type");
        if let Some(origin) = edited.origins.get(&i) {
            fields.insert("sources".into(), write_sources(None, incident, origin));
        }
        reviewed(&mut fields, state, &incident.id);
        writer.record(Kind::Incident, fields)?;
        n += 1;
    }
    Ok(n)
}

/// An edited incident's `sources` as written: each source and evidence
/// item the file had as it had them (unknown keys too), and the ones the
/// review added as `{field, start, end}` (code points of the original
/// text, as in the journal).
fn write_sources(raw: Option<Value>, incident: &Incident, origin: &[SourceOrigin]) -> Value {
    let raw: Vec<Value> = match raw {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let sources = incident.sources.iter().zip(origin).map(|(source, o)| {
        let mut obj = match o.base.and_then(|s| raw.get(s)) {
            Some(Value::Object(obj)) => obj.clone(),
            _ => Map::new(),
        };
        let raw_evidence = match obj.remove("evidence") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let evidence: Vec<Value> = o
            .evidence
            .iter()
            .filter_map(|e| match e {
                EvidenceOrigin::Base(k) => raw_evidence.get(*k).cloned(),
                EvidenceOrigin::Edit(span) => Some(json!({
                    "field": span.field, "start": span.start, "end": span.end,
                })),
            })
            .collect();
        // A source of the file keeps its document id as written.
        obj.entry("document")
            .or_insert_with(|| Value::from(source.document_id.as_str()));
        obj.insert("evidence".into(), Value::Array(evidence));
        Value::Object(obj)
    });
    Value::Array(sources.collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Incident,
}

/// Reads the records of a dataset file in order, calling `each` with each
/// record's fields (without `type`). Returns the other top-level fields of
/// a whole-file JSON dataset (`name`...), empty for JSON Lines.
fn read_records(
    raw: &mut dyn BufRead,
    each: &mut dyn FnMut(Kind, Map<String, Value>) -> Result<(), ExportError>,
) -> Result<Map<String, Value>, ExportError> {
    let mut head = Vec::new();
    let mut line = Vec::new();
    let mut line_no = 0;
    // Up to the first non-blank line, as the loader decides the format.
    loop {
        line.clear();
        if raw.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        line_no += 1;
        if head.is_empty() && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        head.extend_from_slice(&line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let first: Option<Map<String, Value>> = serde_json::from_slice(trim(&line)).ok();
    if first.as_ref().is_some_and(|m| m.contains_key("type")) {
        loop {
            if !trim(&line).iter().all(u8::is_ascii_whitespace) {
                let value: Value = serde_json::from_str(&String::from_utf8_lossy(trim(&line)))
                    .map_err(|e| ExportError::Mismatch(format!("line {line_no}: {e}")))?;
                let (kind, fields) = split_type(value).ok_or_else(|| {
                    ExportError::Mismatch(format!("line {line_no}: not a record"))
                })?;
                each(kind, fields)?;
            }
            line.clear();
            line_no += 1;
            if raw.read_until(b'\n', &mut line)? == 0 {
                return Ok(Map::new());
            }
        }
    }
    raw.read_to_end(&mut head)?;
    let Value::Object(mut top) = serde_json::from_str(&String::from_utf8_lossy(&head))
        .map_err(|e| ExportError::Mismatch(e.to_string()))?
    else {
        return Err(ExportError::Mismatch("not a dataset object".into()));
    };
    for (key, kind) in [("documents", Kind::Document), ("incidents", Kind::Incident)] {
        if let Some(Value::Array(items)) = top.remove(key) {
            for item in items {
                match item {
                    Value::Object(fields) => each(kind, fields)?,
                    _ => return Err(ExportError::Mismatch(format!("a non-object in {key}"))),
                }
            }
        }
    }
    Ok(top)
}

fn split_type(value: Value) -> Option<(Kind, Map<String, Value>)> {
    let Value::Object(mut fields) = value else {
        return None;
    };
    let kind = match fields.remove("type")?.as_str()? {
        "document" => Kind::Document,
        "incident" => Kind::Incident,
        _ => return None,
    };
    Some((kind, fields))
}

fn trim(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

/// Writes records as JSON Lines as they come, or gathers them for one JSON
/// object.
struct RecordWriter<'w> {
    format: ExportFormat,
    out: &'w mut dyn Write,
    documents: Vec<Value>,
    incidents: Vec<Value>,
}

impl<'w> RecordWriter<'w> {
    fn new(format: ExportFormat, out: &'w mut dyn Write) -> Self {
        RecordWriter {
            format,
            out,
            documents: Vec::new(),
            incidents: Vec::new(),
        }
    }

    fn record(&mut self, kind: Kind, fields: Map<String, Value>) -> Result<(), ExportError> {
        if self.format == ExportFormat::Json {
            match kind {
                Kind::Document => self.documents.push(Value::Object(fields)),
                Kind::Incident => self.incidents.push(Value::Object(fields)),
            }
            return Ok(());
        }
        let mut record = Map::with_capacity(fields.len() + 1);
        let name = match kind {
            Kind::Document => "document",
            Kind::Incident => "incident",
        };
        record.insert("type".into(), Value::from(name));
        record.extend(fields);
        serde_json::to_writer(&mut *self.out, &record)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(self, mut top: Map<String, Value>) -> Result<(), ExportError> {
        if self.format == ExportFormat::Json {
            top.insert("documents".into(), Value::Array(self.documents));
            top.insert("incidents".into(), Value::Array(self.incidents));
            serde_json::to_writer_pretty(&mut *self.out, &top)?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()?;
        Ok(())
    }
}
