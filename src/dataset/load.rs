//! Reads a dataset from a file or from memory.
//!
//! The format is detected from the content: a file whose first non-blank
//! line is a JSON object with a `"type"` key is JSON Lines; anything else is
//! one whole-file JSON object. The extension only breaks the tie when the
//! first line is not valid JSON (a `.jsonl` file with a broken first line is
//! still read line by line, so every other line's errors are reported too).
//! Before any of that, a first line naming the columns of an ACLED, UCDP
//! GED or GTD export makes the file CSV (`load/csv_rows.rs`); so does a
//! `.csv` name, unless the first line starts like JSON.

use std::fs::File;
use std::io::{self, BufRead};
use std::path::Path;

use serde_json::{Map, Value};

use super::diagnostic::{Diagnostic, Location};
use super::id_table::IdIndex;
use super::model::Dataset;
use super::record::RecordError;
use super::resolve::resolve;

/// Name of the sample dataset compiled into the binary.
pub const SAMPLE_NAME: &str = "sample";

/// The longest JSONL line (one record) we read. Longer lines are an error
/// for that line; reading goes on with the next one. Keeps memory bounded
/// on a file that is not JSONL after all.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// The largest whole-file JSON dataset we read: it is parsed in memory at
/// once (about three times its size at the peak).
pub const MAX_JSON_BYTES: u64 = 1024 * 1024 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How far a load has got, for a progress gauge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: Option<u64>,
    pub incidents: usize,
}

/// The result of a load: whatever could be read, and the errors that
/// rejected records or the file. Warnings live on the records themselves.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub errors: Vec<Diagnostic>,
    /// Records found in the file: documents and incidents, or a CSV
    /// export's rows (a row's text is part of its record).
    pub records_read: usize,
    /// Records rejected by a schema error.
    pub rejected: usize,
}

/// Incidents read so far, shared with another thread while a load goes on
/// (a list shown as records arrive). The loader appends to it at every
/// progress report; when the whole file is read it takes them all back
/// (the vector is then empty) to check and resolve them.
pub type Arrived = std::sync::Arc<std::sync::RwLock<Vec<super::Incident>>>;

/// Loads a dataset file, reporting progress as it goes.
pub fn load_path(path: &Path, progress: &mut dyn FnMut(Progress)) -> Loaded {
    load_path_sharing(path, progress, None)
}

/// [`load_path`], handing incidents over to `arrived` as they are read.
pub fn load_path_sharing(
    path: &Path,
    progress: &mut dyn FnMut(Progress),
    arrived: Option<&Arrived>,
) -> Loaded {
    let fail = |message: String| Loaded {
        errors: vec![Diagnostic::error(Location::File, message)],
        ..Loaded::default()
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fail("no such file".into());
        }
        Err(e) => return fail(format!("cannot read: {e}")),
    };
    if meta.is_dir() {
        return fail("is a directory, not a dataset file".into());
    }
    if !meta.is_file() {
        return fail(
            "is not a regular file (a fifo, socket or device); save it to a file first".into(),
        );
    }
    if meta.len() == 0 {
        return fail("the file is empty".into());
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return fail("permission denied: the file cannot be read".into())
        }
        Err(e) => return fail(format!("cannot open: {e}")),
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let jsonl_hint = matches!(ext.as_deref(), Some("jsonl" | "ndjson"));
    let csv_hint = ext.as_deref() == Some("csv");
    let fallback_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut loaded = load_reader(
        page_aligned::PageAligned::new(file, 1 << 20),
        Some(meta.len()),
        (jsonl_hint, csv_hint),
        &fallback_name,
        progress,
        arrived.cloned(),
    );
    let after = std::fs::metadata(path).ok();
    if after.is_none_or(|a| a.len() != meta.len() || a.modified().ok() != meta.modified().ok()) {
        loaded.dataset.warnings.push(
            "the file changed while it was being read; what is shown may mix old and new content (open it again)",
        );
    }
    loaded
}

/// Loads a dataset held in memory (the embedded sample, tests).
pub fn load_bytes(name: &str, bytes: &[u8]) -> Loaded {
    if bytes.is_empty() {
        return Loaded {
            errors: vec![Diagnostic::error(Location::File, "the file is empty")],
            ..Loaded::default()
        };
    }
    load_reader(
        io::Cursor::new(bytes),
        Some(bytes.len() as u64),
        (false, false),
        name,
        &mut |_| {},
        None,
    )
}

struct Loader<'p> {
    out: Loaded,
    /// Where incidents came from, for errors found after reading, when
    /// their line does not say it (records of a whole-file JSON dataset):
    /// (incident index, location), in index order. A million JSON Lines
    /// records need no entry here.
    incident_origins: Vec<(usize, Location)>,
    /// Incidents added so far (the index of the next one).
    added: usize,
    progress: &'p mut dyn FnMut(Progress),
    state: Progress,
    /// Where incidents go as they are read, when someone watches.
    arrived: Option<Arrived>,
    /// Whether the ids come in increasing order so far, noted as records
    /// arrive (while they are in the cache) so that the end of the load
    /// need not read them all again to know.
    document_order: IdOrder,
    incident_order: IdOrder,
    /// The id of the last incident added (they may have gone to `arrived`).
    last_incident_id: Option<super::model::CompactString>,
    /// Set while a CSV export is read: its rows are the records.
    csv: Option<csv_rows::CsvState>,
}

/// Whether each of the first `count` ids sorts after the one before.
#[derive(Debug, Clone, Copy)]
struct IdOrder {
    count: usize,
    increasing: bool,
}

impl Default for IdOrder {
    fn default() -> Self {
        IdOrder {
            count: 0,
            increasing: true,
        }
    }
}

impl IdOrder {
    /// Notes record `count`, its id `id`, the one before it `previous`.
    fn note(&mut self, previous: Option<&str>, id: &str) {
        if self.increasing && previous.is_some_and(|p| p >= id) {
            self.increasing = false;
        }
        self.count += 1;
    }

    /// The `len` records were all noted, in increasing order.
    fn known_increasing(self, len: usize) -> bool {
        self.increasing && self.count == len
    }
}

fn load_reader(
    mut reader: impl BufRead + Send,
    total: Option<u64>,
    hints: (bool, bool),
    fallback_name: &str,
    progress: &mut dyn FnMut(Progress),
    arrived: Option<Arrived>,
) -> Loaded {
    let mut loader = Loader {
        out: Loaded::default(),
        incident_origins: Vec::new(),
        added: 0,
        document_order: IdOrder::default(),
        incident_order: IdOrder::default(),
        last_incident_id: None,
        csv: None,
        arrived,
        progress,
        state: Progress {
            total_bytes: total,
            ..Progress::default()
        },
    };
    loader.out.dataset.name = fallback_name.to_string();
    match loader.read(&mut reader, hints) {
        Ok(()) => {}
        Err(e) => loader.file_error(format!("read failed: {e}")),
    }
    loader.finish()
}

impl Loader<'_> {
    /// Hands the incidents read since the last report to whoever watches,
    /// then reports progress.
    fn report(&mut self) {
        if let Some(arrived) = &self.arrived {
            if !self.out.dataset.incidents.is_empty() {
                let mut shared = arrived
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                shared.append(&mut self.out.dataset.incidents);
            }
        }
        (self.progress)(self.state);
    }

    /// Takes every incident back from whoever watched.
    fn take_back(&mut self) {
        if let Some(arrived) = self.arrived.take() {
            let mut shared = arrived
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            shared.append(&mut self.out.dataset.incidents);
            self.out.dataset.incidents = std::mem::take(&mut *shared);
        }
    }

    fn file_error(&mut self, message: String) {
        self.out
            .errors
            .push(Diagnostic::error(Location::File, message));
    }

    /// `hints`: the file name says JSONL, says CSV.
    fn read(&mut self, reader: &mut (impl BufRead + Send), hints: (bool, bool)) -> io::Result<()> {
        let (jsonl_hint, csv_hint) = hints;
        // Read up to the first non-blank line to decide the format.
        let mut head: Vec<u8> = Vec::new();
        let mut line_no = 0;
        let mut first_line = Vec::new();
        loop {
            first_line.clear();
            let n = read_line(reader, &mut first_line, 0)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            self.state.bytes_read += n as u64;
            if line_no == 1 && first_line.starts_with(UTF8_BOM) {
                first_line.drain(..UTF8_BOM.len());
                self.out
                    .dataset
                    .warnings
                    .note("the file starts with a UTF-8 byte-order mark; it was ignored");
            }
            head.extend_from_slice(&first_line);
            if !first_line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if head.iter().all(u8::is_ascii_whitespace) {
            self.file_error("the file holds only white space; it is not a dataset".into());
            return Ok(());
        }
        if head.iter().take(8192).any(|&b| b == 0) {
            self.file_error(
                "this looks like a binary file (it holds NUL bytes), not a JSON or JSONL dataset"
                    .into(),
            );
            return Ok(());
        }
        let trimmed = trim_line(&first_line);
        if csv_rows::is_csv(trimmed, csv_hint) {
            return self.read_csv(reader, &first_line, line_no);
        }
        let first_is_record =
            serde_json::from_str::<Map<String, Value>>(&String::from_utf8_lossy(trimmed))
                .map(|m| m.contains_key("type"))
                .unwrap_or(false);
        // `{` or `[` alone on the first line of a `.jsonl` file: one JSON
        // value written over several lines (pretty-printed), not a record
        // a line. Read whole, said once, rather than an error a line.
        let pretty = !first_is_record && matches!(trimmed, b"{" | b"[" | b"[{");
        if jsonl_hint && pretty {
            self.out.dataset.warnings.note(
                "this looks like a whole-file JSON dataset written over several lines, not JSON Lines (one record a line); it was read as one JSON value",
            );
        }
        if first_is_record || jsonl_hint && !pretty {
            self.jsonl_line(line_no, &first_line);
            self.read_jsonl(reader, line_no)
        } else {
            if self.state.total_bytes.is_some_and(|t| t > MAX_JSON_BYTES) {
                self.file_error(format!(
                    "a whole-file JSON dataset larger than {} MiB is not read (it must be held in memory at once); convert it to JSON Lines, which is read record by record",
                    MAX_JSON_BYTES >> 20
                ));
                return Ok(());
            }
            reader.read_to_end(&mut head)?;
            self.state.bytes_read = self.state.total_bytes.unwrap_or(head.len() as u64);
            self.whole_json(&head);
            Ok(())
        }
    }

    fn jsonl_line(&mut self, line_no: usize, raw: &[u8]) {
        self.apply(line_no, jsonl::parse_line(line_no, raw));
    }

    fn add_incident(&mut self, incident: super::Incident, origin: Location) {
        // A line past u32::MAX (saturated in the incident) is noted as well.
        let from_line = matches!(origin, Location::Position { line, column: 1 }
            if incident.line.is_some_and(|l| l.get() as usize == line));
        if !from_line {
            self.incident_origins.push((self.added, origin));
        }
        self.added += 1;
        if self.incident_order.increasing {
            self.incident_order
                .note(self.last_incident_id.as_deref(), &incident.id);
            self.last_incident_id = Some(incident.id.clone());
        }
        self.out.dataset.incidents.push(incident);
        self.state.incidents += 1;
    }

    fn add_document(&mut self, document: super::Document) {
        let documents = &mut self.out.dataset.documents;
        self.document_order
            .note(documents.last().map(|d| d.id.as_str()), &document.id);
        documents.push(document);
    }

    fn reject(&mut self, location: Location, message: String) {
        self.out.rejected += 1;
        self.out.errors.push(Diagnostic::error(location, message));
    }

    /// Rejects duplicates and dangling sources, then locates evidence.
    fn finish(mut self) -> Loaded {
        self.take_back();
        // A CSV row is one record, its document part of it.
        let rows_are_records = self.csv.is_some();
        self.settle_dates();
        let ds = &mut self.out.dataset;
        let mut reject = vec![false; ds.incidents.len()];
        let mut errors = Vec::new();

        let docs = &ds.documents;
        let (mut doc_index, duplicates) = IdIndex::build(
            docs.len(),
            |k| docs.get(k as usize).map_or("", |d| &d.id),
            self.document_order.known_increasing(docs.len()),
        );
        if !duplicates.is_empty() {
            let mut duplicate = vec![false; docs.len()];
            for n in duplicates {
                duplicate[n] = true;
            }
            let mut duplicate = duplicate.into_iter();
            ds.documents.retain(|d| {
                if !duplicate.next().unwrap_or(false) {
                    return true;
                }
                let loc = d.line.map_or(Location::Document(d.id.to_string()), |line| {
                    Location::Position {
                        line: line.get() as usize,
                        column: 1,
                    }
                });
                // A CSV row's document has its incident's id: the
                // duplicate incident is the one error.
                if !rows_are_records {
                    errors.push(Diagnostic::error(
                        loc,
                        format!("duplicate document id {:?}", d.id),
                    ));
                }
                false
            });
            // The documents after a duplicate have new numbers.
            let docs = &ds.documents;
            doc_index = IdIndex::build(
                docs.len(),
                |k| docs.get(k as usize).map_or("", |d| &d.id),
                false,
            )
            .0;
        }

        let incidents = &ds.incidents;
        let id_of = |k: u32| incidents.get(k as usize).map_or("", |i| i.id.as_str());
        let known = self.incident_order.known_increasing(incidents.len());
        for n in IdIndex::build(incidents.len(), id_of, known).1 {
            reject[n] = true;
            errors.push(Diagnostic::error(
                origin(&self.incident_origins, &ds.incidents, n),
                format!("duplicate incident id {:?}", incidents[n].id),
            ));
        }
        for d in resolve(&ds.documents, &doc_index, &mut ds.incidents) {
            if !reject[d.incident] {
                reject[d.incident] = true;
                errors.push(Diagnostic::error(
                    origin(&self.incident_origins, &ds.incidents, d.incident),
                    format!("incident {:?}: {}", ds.incidents[d.incident].id, d.message),
                ));
            }
        }
        if reject.iter().any(|r| *r) {
            let mut flags = reject.into_iter();
            ds.incidents.retain(|_| !flags.next().unwrap_or(false));
        }
        // Nothing is dropped silently: read = loaded + rejected.
        let loaded = if rows_are_records {
            ds.incidents.len()
        } else {
            ds.incidents.len() + ds.documents.len()
        };
        self.out.rejected = self.out.records_read.saturating_sub(loaded);
        self.out.errors.extend(errors);
        self.state.incidents = ds.incidents.len();
        self.state.bytes_read = self.state.total_bytes.unwrap_or(self.state.bytes_read);
        (self.progress)(self.state);
        self.out
    }
}

/// Where incident `n` came from: noted when it was added, or its line.
fn origin(noted: &[(usize, Location)], incidents: &[super::Incident], n: usize) -> Location {
    match noted.binary_search_by_key(&n, |(i, _)| *i) {
        Ok(at) => noted[at].1.clone(),
        Err(_) => Location::Position {
            line: incidents
                .get(n)
                .and_then(|i| i.line)
                .map_or(0, |l| l.get() as usize),
            column: 1,
        },
    }
}

fn duplicate_note(keys: &[String]) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|k| format!("{:?}", super::sanitize::clean_inline(k).0))
        .collect();
    format!(
        "{} {}: the last value of each was used",
        if keys.len() == 1 {
            "duplicate key"
        } else {
            "duplicate keys"
        },
        keys.join(", ")
    )
}

const INVALID_UTF8: &str = "invalid UTF-8 on this line was replaced with U+FFFD";

fn with_id(e: RecordError) -> String {
    match e.id {
        Some(id) => format!("record {id:?}: {}", e.message),
        None => e.message,
    }
}

/// serde_json's message without its trailing " at line L column C" (we
/// print the position ourselves).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => format!("malformed JSON: {}", &full[..i]),
        None => format!("malformed JSON: {full}"),
    }
}

/// Appends one line including its terminator to `buf`, whose line starts at
/// `start`: at most `MAX_LINE_BYTES + 1` bytes of it kept; the rest of an
/// over-long line is skipped. Returns the number of bytes consumed.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, start: usize) -> io::Result<usize> {
    let mut consumed = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(consumed);
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = (MAX_LINE_BYTES + 1).saturating_sub(buf.len() - start);
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        consumed += used;
        reader.consume(used);
        if done {
            return Ok(consumed);
        }
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

mod csv_rows;
mod diagnostics;
mod jsonl;
mod page_aligned;
#[cfg(test)]
mod tests;
mod whole_json;
