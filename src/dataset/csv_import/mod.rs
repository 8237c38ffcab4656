//! CSV exports of the datasets conflict analysts already hold (ACLED, UCDP
//! GED, GTD), recognised by their header row and mapped onto the incident
//! model.
//!
//! A row becomes the same JSON records the JSON loader reads — an incident,
//! and a document holding the row's text when it has any — so cleaning,
//! warnings and the count of removed characters are exactly those of JSON
//! loading (see [`super::record`]). This module only decides which column
//! goes where; reading the file is the loader's (`load/csv.rs`).

mod acled;
mod gtd;
mod ucdp;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::sanitize::clean_inline;

/// The CSV layouts we recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ACLED's export since 2023 (`disorder_type`, `civilian_targeting`, `tags`).
    AcledCurrent,
    /// ACLED's earlier export (`data_id`, `event_id_no_cnty`, `iso3`).
    AcledPre2023,
    /// UCDP's Georeferenced Event Dataset.
    UcdpGed,
    /// The Global Terrorism Database.
    Gtd,
}

/// Columns a header must hold to be taken for each export, in the order
/// detection tries them (the older ACLED set is the more specific one).
const SIGNATURES: [(Layout, &[&str]); 4] = [
    (
        Layout::AcledPre2023,
        &[
            "data_id",
            "event_id_cnty",
            "event_id_no_cnty",
            "event_date",
            "actor1",
            "admin1",
            "fatalities",
            "notes",
        ],
    ),
    (
        Layout::AcledCurrent,
        &[
            "event_id_cnty",
            "event_date",
            "actor1",
            "admin1",
            "fatalities",
            "notes",
        ],
    ),
    (
        Layout::UcdpGed,
        &["id", "date_start", "side_a", "side_b", "best", "adm_1"],
    ),
    (
        Layout::Gtd,
        &["eventid", "iyear", "imonth", "iday", "provstate", "gname"],
    ),
];

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::AcledCurrent => "ACLED",
            Layout::AcledPre2023 => "ACLED (pre-2023 columns)",
            Layout::UcdpGed => "UCDP GED",
            Layout::Gtd => "GTD",
        }
    }

    /// Prefix for a column whose name is one of the model's own fields
    /// (GTD's `location`), so it can be kept as an extra field without
    /// clashing with the field it would otherwise overwrite.
    fn prefix(self) -> &'static str {
        match self {
            Layout::AcledCurrent | Layout::AcledPre2023 => "acled",
            Layout::UcdpGed => "ucdp",
            Layout::Gtd => "gtd",
        }
    }
}

/// Can an extra field take this (lower-cased) name? Not one of the
/// record's own keys in our format, incident and document alike.
fn reserved(name: &str) -> bool {
    use crate::dataset::field::{DOCUMENT_KEYS, INCIDENT_KEYS};
    INCIDENT_KEYS.contains(&name) || DOCUMENT_KEYS.contains(&name)
}

/// Splits a line as one CSV record. `None` when it does not look like a
/// header: fewer than two fields, or a line that starts like JSON.
pub fn split_header_line(line: &[u8]) -> Option<Vec<String>> {
    let first = line.iter().find(|b| !b.is_ascii_whitespace())?;
    if matches!(first, b'{' | b'[') {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) if record.len() >= 2 => Some(
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        ),
        _ => None,
    }
}

/// Which export a header row belongs to, or an error naming the columns we
/// looked for.
pub fn detect(columns: &[String]) -> Result<Layout, String> {
    let have: std::collections::HashSet<String> =
        columns.iter().map(|c| c.trim().to_lowercase()).collect();
    let mut closest: Option<(Layout, Vec<&str>)> = None;
    for (layout, needed) in SIGNATURES {
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|c| !have.contains(*c))
            .collect();
        if missing.is_empty() {
            return Ok(layout);
        }
        // A near miss (most columns present) is worth naming.
        let better = closest
            .as_ref()
            .is_none_or(|(_, m)| missing.len() < m.len());
        if missing.len() * 2 < needed.len() && better {
            closest = Some((layout, missing));
        }
    }
    let expected = SIGNATURES
        .iter()
        .filter(|(l, _)| *l != Layout::AcledPre2023)
        .map(|(l, cols)| format!("{} ({})", l.name(), cols.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    let hint = match closest {
        Some((layout, missing)) => format!(
            " It looks like {} but lacks {}.",
            layout.name(),
            missing.join(", ")
        ),
        None => String::new(),
    };
    Err(format!(
        "unrecognised CSV header: expected the columns of an ACLED, UCDP GED or GTD export: {expected}.{hint}"
    ))
}

/// A recognised header row: the column names (cleaned, made unique) and
/// where each one is.
#[derive(Debug, Clone)]
pub struct Header {
    pub layout: Layout,
    /// Each column's name as an extra field: cleaned, made unique, and
    /// prefixed when it is one of the record's own keys.
    names: Vec<String>,
    by_lower: HashMap<String, usize>,
    /// Characters cleaning removed from the column names.
    pub removed: usize,
}

impl Header {
    /// Recognises a header row.
    pub fn new(raw: &[String]) -> Result<Header, String> {
        let layout = detect(raw)?;
        let mut names: Vec<String> = Vec::with_capacity(raw.len());
        let mut by_lower = HashMap::with_capacity(raw.len());
        let mut removed = 0;
        for (index, name) in raw.iter().enumerate() {
            let (clean, r) = clean_inline(name.trim());
            removed += r;
            let mut unique = clean.clone();
            let mut n = 1;
            while names.contains(&unique) {
                n += 1;
                unique = format!("{clean}_{n}");
            }
            // The first of two same-named columns is the one mapped.
            by_lower.entry(clean.to_lowercase()).or_insert(index);
            if reserved(&unique.to_lowercase()) {
                unique = format!("{}_{unique}", layout.prefix());
            }
            names.push(unique);
        }
        Ok(Header {
            layout,
            names,
            by_lower,
            removed,
        })
    }

    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.names.len()
    }
}

/// One data row as the JSON records the JSON loader reads.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedRow {
    pub incident: Map<String, Value>,
    /// The document holding the row's text; `None` when the row has none.
    pub document: Option<Map<String, Value>>,
}

/// Maps one data row (as many values as the header has columns). An error
/// means the row cannot form an incident (no id, a count that is not a
/// number); the message names the column.
pub fn map_row(header: &Header, values: &[String]) -> Result<MappedRow, String> {
    let mut row = Row {
        header,
        values,
        used: vec![false; values.len()],
    };
    match header.layout {
        Layout::AcledCurrent | Layout::AcledPre2023 => acled::map(&mut row),
        Layout::UcdpGed => ucdp::map(&mut row),
        Layout::Gtd => gtd::map(&mut row),
    }
}

/// A data row being mapped: each column taken into a field is marked, and
/// what is left becomes extra fields.
struct Row<'a> {
    header: &'a Header,
    values: &'a [String],
    used: Vec<bool>,
}

impl<'a> Row<'a> {
    /// The value of a column, trimmed; `None` when the column is missing or
    /// the cell is empty. The column is consumed either way.
    fn take(&mut self, column: &str) -> Option<&'a str> {
        let index = *self.header.by_lower.get(column)?;
        self.used[index] = true;
        let value = self.values.get(index)?.trim();
        (!value.is_empty()).then_some(value)
    }

    /// Starts an incident with its id, or fails naming the id column.
    fn incident(&mut self, id_column: &str) -> Result<Map<String, Value>, String> {
        let Some(id) = self.take(id_column) else {
            return Err(format!(
                "the row has no {id_column} (the incident id); it cannot be loaded"
            ));
        };
        let mut incident = Map::new();
        incident.insert("id".into(), Value::String(id.into()));
        Ok(incident)
    }

    /// The columns not taken into a field, as extra fields (string values,
    /// as written; empty cells are left out: they hold nothing), then the
    /// incident's own fields. Extras come first so they keep the column
    /// order: the record reader takes its own fields out of the map by
    /// swapping in the last entry, which only reorders what follows them.
    fn finish(
        &self,
        incident: Map<String, Value>,
        document: Option<Map<String, Value>>,
    ) -> MappedRow {
        let mut record = Map::new();
        for (index, name) in self.header.names.iter().enumerate() {
            if self.used[index] {
                continue;
            }
            let Some(value) = self.values.get(index).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            record.insert(name.clone(), Value::String(value.clone()));
        }
        record.extend(incident);
        if let Some(doc) = &document {
            record.insert(
                "sources".into(),
                serde_json::json!([{ "document": doc.get("id").cloned().unwrap_or(Value::Null) }]),
            );
        }
        MappedRow {
            incident: record,
            document,
        }
    }
}

/// Puts an optional string into a record.
fn put(record: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        record.insert(key.into(), Value::String(v.into()));
    }
}

/// Puts a count into an incident: a number, or null for unknown.
fn put_count(record: &mut Map<String, Value>, key: &str, value: Option<u64>) {
    record.insert(key.into(), value.map_or(Value::Null, Value::from));
}

/// Reads a casualty count: empty is unknown (not zero); a whole number,
/// also written as `3.0` by spreadsheet tools, is the count; anything else
/// makes the row unusable.
fn parse_count(column: &str, value: Option<&str>) -> Result<Option<u64>, String> {
    let Some(raw) = value else {
        return Ok(None);
    };
    let whole = raw
        .strip_suffix(".0")
        .or_else(|| raw.strip_suffix(".00"))
        .unwrap_or(raw);
    whole.parse::<u64>().map(Some).map_err(|_| {
        let (shown, _) = clean_inline(raw);
        format!("{column} must be a whole number of people or empty, found {shown:?}")
    })
}

/// Builds the document for a row's text, if it has any. Its id is the
/// incident's: documents and incidents are told apart by their type.
fn document(id: &Map<String, Value>, text: String) -> Option<Map<String, Value>> {
    if text.trim().is_empty() {
        return None;
    }
    let mut doc = Map::new();
    doc.insert("id".into(), id.get("id").cloned().unwrap_or(Value::Null));
    doc.insert("text".into(), Value::String(text));
    Some(doc)
}

/// `2017-01-02 00:00:00.000` (a timestamp, as UCDP and some spreadsheet
/// exports write dates) to `2017-01-02`; anything else is left as written.
fn strip_time(raw: &str) -> &str {
    match raw.split_once([' ', 'T']) {
        Some((date, _)) if date.len() == 10 && super::PartialDate::parse(date).is_some() => date,
        _ => raw,
    }
}

#[cfg(test)]
mod tests;
