//! CSV exports of the datasets conflict analysts already hold (ACLED, UCDP
//! GED, GTD), and our own `incidents export` CSV, recognised by their header
//! row and mapped onto the incident model.
//!
//! What every layout shares: a whole number written as a float (`1993.0`,
//! as files converted from Excel write every number) is that number, in
//! every column, ids included; a place written `Unknown` is no place; a
//! fractional count is rounded to the nearest whole person, halves up, and
//! its exact value kept as an extra field under the column's name.
//!
//! A row becomes the same JSON records the JSON loader reads — an incident,
//! and a document holding the row's text when it has any — so cleaning,
//! warnings and the count of removed characters are exactly those of JSON
//! loading (see [`super::record`]). This module only decides which column
//! goes where; reading the file is the loader's (`load/csv.rs`).

mod acled;
pub mod dates;
mod export;
mod gtd;
mod ucdp;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::sanitize::clean_inline;
use super::Warning;
use dates::{DateCell, DateOrder};

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
    /// Our own `incidents export --format csv`.
    Export,
}

/// Columns a header must hold to be taken for each export, in the order
/// detection tries them (the older ACLED set is the more specific one).
const SIGNATURES: [(Layout, &[&str]); 5] = [
    (
        Layout::Export,
        &[
            "event_id",
            "event_date",
            "admin1",
            "fatalities",
            "injuries",
            "review_status",
        ],
    ),
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
            Layout::Export => "incidents export",
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
            Layout::Export => "export",
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
        .filter(|(l, _)| !matches!(l, Layout::AcledPre2023 | Layout::Export))
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

    /// A column's name, cleaned (as its extra field is named).
    pub fn name(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }
}

/// One data row as the JSON records the JSON loader reads.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedRow {
    pub incident: Map<String, Value>,
    /// The document holding the row's text; `None` when the row has none.
    pub document: Option<Map<String, Value>>,
    /// What mapping found worth saying: a fractional count, an id built
    /// from another column, a year column that disagrees with the date.
    pub warnings: Vec<Warning>,
    /// A date whose order of day and month the whole file decides (see
    /// [`dates`]): the cell as written, then its two numbers and the year.
    pub undecided_date: Option<UndecidedDate>,
}

/// A date such as `03/04/2020`, read once the file says its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndecidedDate {
    pub written: String,
    pub first: u8,
    pub second: u8,
    pub year: u16,
}

/// Maps one data row (as many values as the header has columns). An error
/// means the row cannot form an incident (no id, a count that is not a
/// number); the message names the column. `order` gathers how the file
/// writes day and month.
pub fn map_row(
    header: &Header,
    values: &[String],
    order: &mut DateOrder,
) -> Result<MappedRow, String> {
    let mut row = Row {
        header,
        values,
        used: vec![false; values.len()],
        order,
        warnings: Vec::new(),
        exact: Vec::new(),
        undecided: None,
    };
    match header.layout {
        Layout::AcledCurrent | Layout::AcledPre2023 => acled::map(&mut row),
        Layout::UcdpGed => ucdp::map(&mut row),
        Layout::Gtd => gtd::map(&mut row),
        Layout::Export => export::map(&mut row),
    }
}

/// Is this data row HDX's HXL hashtag row (`#date+year`, `#adm1+name`),
/// which HDX files carry under the header? Every cell that holds anything
/// starts with `#`, and some cell does.
pub fn is_hxl_row(cells: &[&[u8]]) -> bool {
    let mut filled = cells
        .iter()
        .map(|c| c.trim_ascii())
        .filter(|c| !c.is_empty());
    let mut any = false;
    filled.all(|c| {
        any = true;
        c.len() > 1 && c[0] == b'#' && c[1].is_ascii_alphabetic()
    }) && any
}

/// A data row being mapped: each column taken into a field is marked, and
/// what is left becomes extra fields.
struct Row<'a, 'o> {
    header: &'a Header,
    values: &'a [String],
    used: Vec<bool>,
    order: &'o mut DateOrder,
    warnings: Vec<Warning>,
    /// Exact values of fractional counts: (column, value as written).
    exact: Vec<(String, &'a str)>,
    undecided: Option<UndecidedDate>,
}

impl<'a> Row<'a, '_> {
    /// The value of a column, trimmed, a whole number written as a float
    /// read as the number; `None` when the column is missing or the cell is
    /// empty. The column is consumed either way.
    fn take(&mut self, column: &str) -> Option<&'a str> {
        let index = *self.header.by_lower.get(column)?;
        self.used[index] = true;
        self.cell(index)
    }

    /// The value of a column as [`Row::take`] reads it, leaving the column
    /// to be kept as an extra field.
    fn peek(&self, column: &str) -> Option<&'a str> {
        self.cell(*self.header.by_lower.get(column)?)
    }

    fn cell(&self, index: usize) -> Option<&'a str> {
        let value = whole_number(self.values.get(index)?.trim());
        (!value.is_empty()).then_some(value)
    }

    /// Starts an incident with its id, or fails naming the id column.
    fn incident(&mut self, id_column: &str) -> Result<Map<String, Value>, String> {
        let Some(id) = self.take(id_column) else {
            return Err(format!(
                "the row has no {id_column} (the incident id); it cannot be loaded"
            ));
        };
        Ok(with_id(id))
    }

    /// Reads a casualty count: empty is unknown (not zero); a whole number
    /// is the count; a fractional one (GTD's proportional attribution) is
    /// rounded to the nearest whole person, halves up, with a note and its
    /// exact value kept as an extra field; anything else makes the row
    /// unusable.
    fn count(&mut self, column: &str, value: Option<&'a str>) -> Result<Option<u64>, String> {
        let Some(raw) = value else {
            return Ok(None);
        };
        if let Ok(n) = raw.parse::<u64>() {
            return Ok(Some(n));
        }
        let fractional = raw
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0 && *x < 1e15 && raw.contains('.'));
        let Some(x) = fractional else {
            let (shown, _) = clean_inline(raw);
            return Err(format!(
                "{column} must be a number of people or empty, found {shown:?}"
            ));
        };
        // Halves up; `x < 1e15` keeps the conversion exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let rounded = (x + 0.5).floor() as u64;
        self.warnings.push(Warning::note(format!(
            "{column} is {raw}, a fraction of a person (a share of an attack's count); summed as {rounded}, the exact value kept as {column}"
        )));
        self.exact.push((column.to_string(), raw));
        Ok(Some(rounded))
    }

    /// Reads a date cell into the incident's `date`: the date it reads as
    /// (`YYYY-MM-DD`), or the text as written when it reads as none (the
    /// loader then warns). A date whose day and month order the file
    /// decides is held back. `year`: the row's year column, which must agree.
    fn date(&mut self, incident: &mut Map<String, Value>, raw: Option<&str>, year: Option<&str>) {
        let Some(raw) = raw else {
            return;
        };
        let year = year.and_then(|y| y.parse::<u16>().ok());
        match dates::read(raw, year, self.order) {
            DateCell::Date(d) => {
                if let Some(y) = year.filter(|y| *y != d.year) {
                    self.warnings.push(Warning::problem(format!(
                        "the date {:?} is in {} but the year column says {y}",
                        clean_inline(raw).0,
                        d.year
                    )));
                }
                put(incident, "date", Some(&d.to_string()));
            }
            DateCell::DayOrMonth {
                first,
                second,
                year,
            } => {
                self.undecided = Some(UndecidedDate {
                    written: raw.to_string(),
                    first,
                    second,
                    year,
                });
            }
            DateCell::Unreadable => put(incident, "date", Some(raw)),
        }
    }

    /// The columns not taken into a field, as extra fields (string values,
    /// as written; empty cells are left out: they hold nothing), then the
    /// incident's own fields. Extras come first so they keep the column
    /// order: the record reader takes its own fields out of the map by
    /// swapping in the last entry, which only reorders what follows them.
    fn finish(
        &mut self,
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
            let whole = whole_number(value.trim());
            let value = if whole.len() < value.trim().len() {
                whole.to_string()
            } else {
                value.clone()
            };
            record.insert(name.clone(), Value::String(value));
        }
        for (column, exact) in &self.exact {
            record.insert(column.clone(), Value::String((*exact).to_string()));
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
            warnings: std::mem::take(&mut self.warnings),
            undecided_date: self.undecided.take(),
        }
    }
}

/// A new incident with its id.
fn with_id(id: &str) -> Map<String, Value> {
    let mut incident = Map::new();
    incident.insert("id".into(), Value::String(id.into()));
    incident
}

/// `1993.0`, `-99.00` to `1993`, `-99`: a whole number as spreadsheets
/// write it. Anything else is returned as it is.
fn whole_number(s: &str) -> &str {
    let Some((int, frac)) = s.split_once('.') else {
        return s;
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    let whole = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b == b'0');
    if whole {
        int
    } else {
        s
    }
}

/// Puts a place into a record, unless it is written `Unknown` (as the GTD
/// does): that is no place, not a place of that name.
fn put_place(record: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    put(
        record,
        key,
        value.filter(|v| !v.eq_ignore_ascii_case("unknown")),
    );
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

#[cfg(test)]
mod tests;
