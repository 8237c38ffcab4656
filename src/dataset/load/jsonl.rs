//! Reading JSON Lines on every core, with the result exactly as if read one
//! line at a time.
//!
//! The reading thread gathers a batch of whole lines (a few MB), the batch
//! is cut into one contiguous share per worker, each worker parses its lines
//! into records (JSON, schema checks, sanitising: the costly part), and the
//! reading thread then applies the results in file order. Ids, duplicate
//! detection, line numbers, errors, warnings and progress reports therefore
//! come out the same as with one thread.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::ops::Range;

use crate::dataset::json_value::Raw;

use super::{
    duplicate_note, json_message, read_line, trim_line, with_id, Loader, INVALID_UTF8,
    MAX_LINE_BYTES,
};
use crate::dataset::diagnostic::{Diagnostic, Location};
use crate::dataset::model::{Document, Incident};
use crate::dataset::record::{self, RecordError};

/// Bytes of lines gathered before a batch is parsed. Large enough that
/// starting the workers costs nothing next to the parsing, small enough to
/// keep memory flat and progress reports frequent.
const BATCH_BYTES: usize = 4 << 20;

/// At most this many threads parse a batch (the reading thread is one).
const MAX_WORKERS: usize = 2;

/// What one line turned into.
pub(super) enum Parsed {
    /// Only white space: not a record.
    Blank,
    Document(Document),
    Incident(Incident),
    /// Read but rejected: malformed JSON or a schema error.
    Rejected(Diagnostic),
}

/// Parses and checks one line (terminator included or not).
pub(super) fn parse_line(line_no: usize, raw: &[u8]) -> Parsed {
    let bytes = trim_line(raw);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Parsed::Blank;
    }
    let at = |column| Location::Position {
        line: line_no,
        column,
    };
    let (text, lossy) = match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let (value, duplicates) = match crate::dataset::json_value::parse(&text) {
        Ok(c) => (c.value, c.duplicate_keys),
        Err(e) => return Parsed::Rejected(Diagnostic::error(at(e.column()), json_message(&e))),
    };
    let mut notes: Vec<String> = Vec::new();
    if lossy {
        notes.push(INVALID_UTF8.into());
    }
    if !duplicates.is_empty() {
        notes.push(duplicate_note(&duplicates));
    }
    let Raw::Object(mut fields) = value else {
        return Parsed::Rejected(Diagnostic::error(
            at(1),
            "a JSONL line must hold a JSON object",
        ));
    };
    let kind = fields.remove("type");
    let result = match kind.as_ref().and_then(Raw::as_str) {
        Some("document") => record::document(fields).map(|mut d| {
            d.line = Some(line_no);
            d.warnings.extend(notes);
            Parsed::Document(d)
        }),
        Some("incident") => record::incident(fields).map(|mut i| {
            i.line = Some(line_no);
            i.warnings.extend(notes);
            Parsed::Incident(i)
        }),
        Some(other) => Err(RecordError {
            id: fields.get("id").and_then(Raw::as_str).map(str::to_owned),
            message: format!(
                "unknown record type {other:?} (expected \"document\" or \"incident\")"
            ),
        }),
        None => Err(RecordError {
            id: fields.get("id").and_then(Raw::as_str).map(str::to_owned),
            message: "missing \"type\" (\"document\" or \"incident\")".into(),
        }),
    };
    result.unwrap_or_else(|e| Parsed::Rejected(Diagnostic::error(at(1), with_id(e))))
}

/// One line of a batch: where its bytes are, and how many it consumed from
/// the file (terminator included).
struct Slot {
    line_no: usize,
    range: Range<usize>,
    consumed: usize,
    /// Longer than [`MAX_LINE_BYTES`]: its bytes were not kept.
    too_long: bool,
}

/// Whole lines read from the file, waiting to be parsed.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    slots: Vec<Slot>,
}

impl Batch {
    /// Reads lines until the batch is full or the file ends. Returns the
    /// last line number read.
    fn fill(&mut self, reader: &mut impl BufRead, mut line_no: usize) -> io::Result<usize> {
        self.bytes.clear();
        self.slots.clear();
        while self.bytes.len() < BATCH_BYTES {
            let start = self.bytes.len();
            let n = read_line(reader, &mut self.bytes, start)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            let too_long = n > MAX_LINE_BYTES;
            if too_long {
                self.bytes.truncate(start);
            }
            self.slots.push(Slot {
                line_no,
                range: start..self.bytes.len(),
                consumed: n,
                too_long,
            });
        }
        Ok(line_no)
    }

    /// Parses every line, on up to [`MAX_WORKERS`] threads; the results are
    /// in line order.
    fn parse(&self) -> Vec<Parsed> {
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, MAX_WORKERS);
        let shares = self.shares(workers);
        if shares.len() < 2 {
            return self.parse_slots(&self.slots);
        }
        std::thread::scope(|scope| {
            let (first, rest) = shares.split_at(1);
            let handles: Vec<_> = rest
                .iter()
                .map(|share| scope.spawn(|| self.parse_slots(share)))
                .collect();
            let mut out = self.parse_slots(first[0]);
            for handle in handles {
                match handle.join() {
                    Ok(parsed) => out.extend(parsed),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            out
        })
    }

    /// Cuts the lines into up to `workers` contiguous shares of about the
    /// same number of bytes.
    fn shares(&self, workers: usize) -> Vec<&[Slot]> {
        let per_share = self.bytes.len().div_ceil(workers.max(1)).max(1);
        let mut shares = Vec::with_capacity(workers);
        let mut rest = &self.slots[..];
        while !rest.is_empty() {
            let start = rest[0].range.start;
            let cut = if shares.len() + 1 == workers {
                rest.len()
            } else {
                rest.iter()
                    .position(|s| s.range.end - start >= per_share)
                    .map_or(rest.len(), |i| i + 1)
            };
            let (share, tail) = rest.split_at(cut);
            shares.push(share);
            rest = tail;
        }
        shares
    }

    fn parse_slots(&self, slots: &[Slot]) -> Vec<Parsed> {
        slots
            .iter()
            .map(|slot| {
                if slot.too_long {
                    Parsed::Rejected(Diagnostic::error(
                        Location::Position {
                            line: slot.line_no,
                            column: 1,
                        },
                        format!(
                            "line is longer than the {} MiB limit for one record",
                            MAX_LINE_BYTES >> 20
                        ),
                    ))
                } else {
                    parse_line(slot.line_no, &self.bytes[slot.range.clone()])
                }
            })
            .collect()
    }
}

impl Loader<'_> {
    /// Reads the lines after `line_no` (the last one already read).
    pub(super) fn read_jsonl(
        &mut self,
        reader: &mut impl BufRead,
        line_no: usize,
    ) -> io::Result<()> {
        let mut batch = Batch::default();
        let mut line_no = line_no;
        loop {
            line_no = batch.fill(reader, line_no)?;
            if batch.slots.is_empty() {
                return Ok(());
            }
            let parsed = batch.parse();
            for (slot, parsed) in batch.slots.iter().zip(parsed) {
                self.state.bytes_read += slot.consumed as u64;
                self.apply(slot.line_no, parsed);
                if slot.line_no.is_multiple_of(4096) {
                    self.report();
                }
            }
        }
    }

    /// Adds one parsed line to the dataset, in file order.
    pub(super) fn apply(&mut self, line_no: usize, parsed: Parsed) {
        match parsed {
            Parsed::Blank => return,
            Parsed::Document(d) => self.out.dataset.documents.push(d),
            Parsed::Incident(i) => self.add_incident(
                i,
                Location::Position {
                    line: line_no,
                    column: 1,
                },
            ),
            Parsed::Rejected(d) => {
                self.out.rejected += 1;
                self.out.errors.push(d);
            }
        }
        self.out.records_read += 1;
    }
}
