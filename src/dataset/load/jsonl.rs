//! Reading JSON Lines on every core, with the result exactly as if read one
//! line at a time.
//!
//! A reading thread gathers batches of whole lines (a few MB each), worker
//! threads parse whole batches into records (JSON, schema checks,
//! sanitising: the costly part), and the calling thread applies the results
//! in file order while the next batches are read and parsed. Ids, duplicate
//! detection, line numbers, errors, warnings and progress reports therefore
//! come out the same as with one thread.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::ops::Range;
use std::sync::mpsc;

use crate::dataset::json_value::Raw;

use super::{
    duplicate_note, json_message, read_line, trim_line, with_id, Loader, INVALID_UTF8,
    MAX_LINE_BYTES,
};
use crate::dataset::diagnostic::{Diagnostic, Location};
use crate::dataset::model::{line_number, Document, Incident};
use crate::dataset::record::plain_line::{self, Record};
use crate::dataset::record::{self, RecordError};

/// Bytes of lines gathered before a batch is parsed. Large enough that
/// passing it between threads costs nothing next to the parsing, small
/// enough to keep memory flat and progress reports frequent.
const BATCH_BYTES: usize = 2 << 20;

/// At most this many threads parse batches.
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
        Ok(s) => {
            // Nearly every line: built straight from its bytes.
            match plain_line::read(s) {
                Some(Record::Document(mut d)) => {
                    d.line = line_number(line_no);
                    return Parsed::Document(d);
                }
                Some(Record::Incident(mut i)) => {
                    i.line = line_number(line_no);
                    return Parsed::Incident(i);
                }
                None => (Cow::Borrowed(s), false),
            }
        }
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let (value, duplicates, sources) = match crate::dataset::json_sources::parse_record(&text) {
        Ok(c) => (c.value, c.duplicate_keys, c.sources),
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
            d.line = line_number(line_no);
            d.warnings.extend(notes);
            Parsed::Document(d)
        }),
        Some("incident") => record::incident(fields, sources).map(|mut i| {
            i.line = line_number(line_no);
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
    ///
    /// A pipeline: one thread reads batches of lines, [`MAX_WORKERS`]
    /// threads parse whole batches (batch k goes to worker k mod n), and
    /// this thread applies the results in file order, taking them from the
    /// workers in the same turn, and hands the emptied batches back to the
    /// reader. Reading, parsing and applying overlap, so both cores stay
    /// busy; at most a few batches are in flight.
    pub(super) fn read_jsonl(
        &mut self,
        reader: &mut (impl BufRead + Send),
        line_no: usize,
    ) -> io::Result<()> {
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, MAX_WORKERS);
        if workers < 2 {
            let mut batch = Batch::default();
            let mut line_no = line_no;
            loop {
                line_no = batch.fill(reader, line_no)?;
                if batch.slots.is_empty() {
                    self.report();
                    return Ok(());
                }
                let parsed = batch.parse_slots(&batch.slots);
                self.apply_batch(&batch, parsed);
            }
        }
        std::thread::scope(|scope| {
            let (free_tx, free_rx) = mpsc::channel::<Batch>();
            let mut to_workers = Vec::with_capacity(workers);
            let mut from_workers = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (in_tx, in_rx) = mpsc::sync_channel::<Batch>(0);
                let (out_tx, out_rx) = mpsc::sync_channel::<(Batch, Vec<Parsed>)>(0);
                scope.spawn(move || {
                    for batch in in_rx {
                        let parsed = batch.parse_slots(&batch.slots);
                        if out_tx.send((batch, parsed)).is_err() {
                            return;
                        }
                    }
                });
                to_workers.push(in_tx);
                from_workers.push(out_rx);
            }
            let reading = scope.spawn(move || -> io::Result<()> {
                let mut line_no = line_no;
                for turn in 0.. {
                    let mut batch = free_rx.try_recv().unwrap_or_default();
                    line_no = batch.fill(reader, line_no)?;
                    if batch.slots.is_empty() || to_workers[turn % workers].send(batch).is_err() {
                        break;
                    }
                }
                Ok(())
            });
            for turn in 0.. {
                // A worker's channel closes once the reader has stopped and
                // the worker has sent everything it was given.
                let Ok((batch, parsed)) = from_workers[turn % workers].recv() else {
                    break;
                };
                self.apply_batch(&batch, parsed);
                let _ = free_tx.send(batch);
            }
            let read = match reading.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // The last records since the last report reach a watcher too.
            self.report();
            read
        })
    }

    fn apply_batch(&mut self, batch: &Batch, parsed: Vec<Parsed>) {
        for (slot, parsed) in batch.slots.iter().zip(parsed) {
            self.state.bytes_read += slot.consumed as u64;
            self.apply(slot.line_no, parsed);
            if slot.line_no.is_multiple_of(4096) {
                self.report();
            }
        }
    }

    /// Adds one parsed line to the dataset, in file order.
    pub(super) fn apply(&mut self, line_no: usize, parsed: Parsed) {
        match parsed {
            Parsed::Blank => return,
            Parsed::Document(d) => self.add_document(d),
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
