//! Reading a CSV export (ACLED, UCDP GED, GTD, our own) row by row into the
//! loader: [`crate::dataset::csv_import`] says which column goes where; this
//! file streams the rows, numbers their lines, and keeps the tally: records
//! read are the file's rows, each loaded or rejected once.
//!
//! HDX's HXL hashtag row under the header is skipped with a note; so is a
//! row that repeats an earlier one cell for cell (copy and paste leaves
//! them), read and rejected once, naming the line it repeats. Two rows with
//! one id and different cells stay an error: which is right is not known. A cell
//! that is not UTF-8 is read as Windows-1252 (the GTD's files often are),
//! with one note for the file and one on the record naming the column.
//! Dates whose order of day and month the file decides are read once every
//! row is (see [`Loader::settle_dates`]).
//!
//! A row with more or fewer fields than the header is skipped with a
//! warning on the dataset naming its line: its values cannot be matched to
//! columns (an unquoted comma in the notes shifts every later column), and
//! loading it anyway could put a wrong number into the casualty sums. It
//! counts as read and rejected. A row that cannot form an incident (no id, a
//! count that is not a number) is an error on its line, as in JSONL.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use super::{with_id, Loader};
use crate::dataset::csv_import::dates::DateOrder;
use crate::dataset::csv_import::{self, is_hxl_row, map_row, split_header_line, Header};
use crate::dataset::diagnostic::Location;
use crate::dataset::json_value::Object;
use crate::dataset::model::line_number;
use crate::dataset::record;
use crate::dataset::sanitize::clean_inline;

/// Is this first line the header of a CSV export? Either it names the
/// columns of one we know, or the file is called `.csv` and the line does not
/// start like JSON (then an unknown header is reported as such).
pub(super) fn is_csv(first_line: &[u8], csv_hint: bool) -> bool {
    let starts_like_json = first_line
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['));
    if starts_like_json {
        return false;
    }
    csv_hint || split_header_line(first_line).is_some_and(|c| csv_import::detect(&c).is_ok())
}

impl Loader<'_> {
    /// Reads a CSV export whose header is `first_line` (already read, at
    /// `header_line`, byte-order mark removed), then the rest of `reader`.
    pub(super) fn read_csv(
        &mut self,
        reader: &mut impl BufRead,
        first_line: &[u8],
        header_line: usize,
    ) -> io::Result<()> {
        // Bytes before the header line (blank lines, a byte-order mark).
        let base = self
            .state
            .bytes_read
            .saturating_sub(first_line.len() as u64);
        let input = LineBreaks::new(io::Cursor::new(first_line.to_vec()).chain(reader));
        let mut rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut record = csv::ByteRecord::new();
        if !rows.read_byte_record(&mut record)? {
            self.file_error("the CSV file has no header row".into());
            return Ok(());
        }
        let names: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let header = match Header::new(&names) {
            Ok(h) => h,
            Err(message) => {
                self.file_error(message);
                return Ok(());
            }
        };
        if header.removed > 0 {
            self.out.dataset.warnings.note(format!(
                "{} removed from the header row",
                super::super::plural::of(header.removed, "control or invisible character")
            ));
        }
        self.csv = Some(CsvState::default());
        self.out.dataset.cannot_carry_evidence = true;
        let mut first_row = true;
        let mut values: Vec<String> = Vec::with_capacity(header.columns());
        let mut count = 0usize;
        while rows.read_byte_record(&mut record)? {
            let end = rows.position().byte();
            self.state.bytes_read = base + end;
            // The row's last byte is on the line after every line break
            // before it; its first line is that less the breaks inside it.
            let last = rows.get_mut().before(end.saturating_sub(1));
            let mut inside: usize = record
                .iter()
                .map(|f| f.iter().filter(|&&b| b == b'\n').count())
                .sum();
            // A quote left open to the end of the file takes the file's
            // last line break, which `before` does not count.
            if record
                .iter()
                .next_back()
                .is_some_and(|f| f.ends_with(b"\n"))
            {
                inside = inside.saturating_sub(1);
            }
            let line = header_line + (last as usize).saturating_sub(inside);
            // A row of empty cells (a spreadsheet's trailing rows) holds nothing.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let swallowed = swallowed_rows(&record, header.columns());
            if swallowed > 0 {
                // They are rows the file meant, not loaded: the tally
                // counts them as read and rejected.
                self.out.records_read += swallowed;
                self.out.dataset.warnings.push(format!(
                    "line {line}: a quote opened on this row runs on over {} of {} fields, read as part of one field; a stray quote? They were not loaded",
                    super::super::plural::of(swallowed, "row"),
                    header.columns(),
                ));
            }
            if std::mem::take(&mut first_row) && is_hxl_row(&record.iter().collect::<Vec<_>>()) {
                let tags: Vec<String> = record
                    .iter()
                    .filter(|t| !t.trim_ascii().is_empty())
                    .take(3)
                    .map(|t| clean_inline(&String::from_utf8_lossy(t)).0)
                    .collect();
                self.out.dataset.warnings.note(format!(
                    "line {line}: HXL hashtag row ({}, ...) skipped: it names the columns, it is no incident",
                    tags.join(", ")
                ));
                continue;
            }
            count += 1;
            if count.is_multiple_of(4096) {
                self.report();
            }
            if record.len() != header.columns() {
                self.out.records_read += 1;
                let first = record.get(0).map(String::from_utf8_lossy);
                let (first, _) = clean_inline(first.as_deref().unwrap_or(""));
                let first: String = first.chars().take(40).collect();
                self.out.dataset.warnings.push(format!(
                    "line {line}: the row has {} fields where the header has {}; it was skipped, as its values cannot be matched to columns (first field {first:?})",
                    record.len(),
                    header.columns()
                ));
                continue;
            }
            if let Some(earlier) = self.csv_state().repeated(&record, line) {
                self.out.records_read += 1;
                let (first, _) = clean_inline(&String::from_utf8_lossy(&record[0]));
                self.out.dataset.warnings.note(format!(
                    "line {line}: the same row as line {earlier} ({:?}); skipped, as a copy",
                    first.chars().take(40).collect::<String>()
                ));
                continue;
            }
            values.clear();
            let mut decoded: Vec<usize> = Vec::new();
            for (column, field) in record.iter().enumerate() {
                match std::str::from_utf8(field) {
                    Ok(s) => values.push(s.to_owned()),
                    Err(_) => {
                        decoded.push(column);
                        let (text, _) =
                            encoding_rs::WINDOWS_1252.decode_without_bom_handling(field);
                        values.push(text.into_owned());
                    }
                }
            }
            let decoded: Vec<&str> = decoded.iter().map(|&c| header.name(c)).collect();
            if !decoded.is_empty() && !std::mem::replace(&mut self.csv_state().windows_1252, true) {
                self.out.dataset.warnings.note(format!(
                    "line {line}: the file is not UTF-8; it was read as Windows-1252 (the records say which of their fields had such bytes)"
                ));
            }
            self.csv_row(&header, &values, line, &decoded);
        }
        Ok(())
    }

    fn csv_state(&mut self) -> &mut CsvState {
        self.csv.get_or_insert_with(CsvState::default)
    }

    /// One data row: an incident, and its document when the row has text.
    /// `decoded`: the columns read as Windows-1252.
    fn csv_row(&mut self, header: &Header, values: &[String], line: usize, decoded: &[&str]) {
        let at = Location::Position { line, column: 1 };
        self.out.records_read += 1;
        let mapped = match map_row(header, values, &mut self.csv_state().order) {
            Ok(m) => m,
            Err(message) => return self.reject(at, message),
        };
        let mut incident = match record::incident(Object::from_map(mapped.incident), None) {
            Ok(i) => i,
            Err(e) => return self.reject(at, with_id(e)),
        };
        let document = match mapped
            .document
            .map(|d| record::document(Object::from_map(d)))
            .transpose()
        {
            Ok(d) => d,
            Err(e) => return self.reject(at, with_id(e)),
        };
        if let Some(mut doc) = document {
            doc.line = line_number(line);
            self.add_document(doc);
        }
        incident.line = line_number(line);
        if !decoded.is_empty() {
            incident.warnings.note(format!(
                "{} not UTF-8; read as Windows-1252",
                if let [one] = decoded {
                    format!("column {one} was")
                } else {
                    format!("columns {} were", decoded.join(", "))
                }
            ));
        }
        incident.warnings.extend(mapped.warnings);
        if let Some(date) = mapped.undecided_date {
            let index = self.added;
            self.csv_state().undecided.push((index, date));
        }
        self.add_incident(incident, at);
    }
}

/// What a CSV load keeps besides the records.
#[derive(Debug, Default)]
pub(super) struct CsvState {
    /// How the file writes day and month, from its dates.
    order: DateOrder,
    /// Incidents (by the order they were added) whose date waits for it.
    undecided: Vec<(usize, csv_import::UndecidedDate)>,
    /// Some cell was read as Windows-1252 (said once for the file).
    windows_1252: bool,
    /// Each row's hash, to the line it was first seen on.
    seen: std::collections::HashMap<u64, usize>,
}

impl CsvState {
    /// The line of an earlier row with the same cells as `record`, if any;
    /// otherwise notes `record` as seen on `line`.
    fn repeated(&mut self, record: &csv::ByteRecord, line: usize) -> Option<usize> {
        use std::hash::{BuildHasher, Hasher};
        let mut h = foldhash::quality::FixedState::default().build_hasher();
        for field in record {
            h.write_usize(field.len());
            h.write(field);
        }
        match self.seen.entry(h.finish()) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(line);
                None
            }
        }
    }
}

impl Loader<'_> {
    /// Reads the dates that waited for the file to say its order of day
    /// and month, once all incidents are back (in the order they were
    /// added). Those that still cannot be read keep their text and are
    /// problems.
    pub(super) fn settle_dates(&mut self) {
        let Some(csv) = self.csv.take() else {
            return;
        };
        if csv.undecided.is_empty() {
            return;
        }
        let decided = csv.order.decide();
        let example = &csv.undecided[0].1.written;
        let (example, _) = clean_inline(example);
        let n = super::super::plural::of(csv.undecided.len(), "date");
        use csv_import::dates::Decided;
        let said = match decided {
            Decided::DayFirst => format!(
                "{n} such as {example:?} read day first, as the file's other dates are written"
            ),
            Decided::MonthFirst => format!(
                "{n} such as {example:?} read month first, as the file's other dates are written"
            ),
            Decided::MonthFirstByDefault => format!(
                "{n} such as {example:?} could be day or month first and no date in the file says which; read month first, as US-English spreadsheets write them"
            ),
            Decided::Mixed => format!(
                "{n} such as {example:?} could be day or month first, and the file writes dates both ways; they are left unread"
            ),
        };
        if decided == Decided::Mixed {
            self.out.dataset.warnings.push(said);
        } else {
            self.out.dataset.warnings.note(said);
        }
        let incidents = &mut self.out.dataset.incidents;
        for (index, date) in csv.undecided {
            let Some(incident) = incidents.get_mut(index) else {
                continue;
            };
            match decided.read(date.first, date.second, date.year) {
                Some(d) => {
                    incident.date = Some(d.to_string().into());
                    incident.date_parsed = Some(d);
                }
                None => {
                    let (written, _) = clean_inline(&date.written);
                    incident.warnings.push(format!(
                        "date {written:?} does not parse: day and month cannot be told apart"
                    ));
                    incident.date = Some(written.into());
                }
            }
        }
    }
}

/// Notes where the line breaks are in what the CSV reader reads, so a row's
/// line can be worked out from its byte offset. (The csv crate's own line
/// numbers are one short after CRLF line ends and after blank lines:
/// rust-csv issues 395 and 208.)
struct LineBreaks<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of the line breaks read but not yet asked about.
    ahead: VecDeque<u64>,
    /// Line breaks before the last offset asked about.
    passed: u64,
}

impl<R> LineBreaks<R> {
    fn new(inner: R) -> Self {
        LineBreaks {
            inner,
            offset: 0,
            ahead: VecDeque::new(),
            passed: 0,
        }
    }

    /// How many line breaks come before byte `at`. Offsets asked about
    /// must not decrease.
    fn before(&mut self, at: u64) -> u64 {
        while self.ahead.front().is_some_and(|&o| o < at) {
            self.ahead.pop_front();
            self.passed += 1;
        }
        self.passed
    }
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let start = self.offset;
        self.ahead.extend(
            buf[..n]
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| start + i as u64),
        );
        self.offset += n as u64;
        Ok(n)
    }
}

/// How many rows of a `columns`-field file one field of `record` holds
/// after its first line (read again as CSV: rows with every field and an
/// id-like first one): the rows a stray opening quote swallowed.
fn swallowed_rows(record: &csv::ByteRecord, columns: usize) -> usize {
    if columns < 2 {
        return 0;
    }
    record
        .iter()
        .filter_map(|f| {
            let newline = f.iter().position(|&b| b == b'\n')?;
            Some(&f[newline + 1..])
        })
        .map(|rest| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(rest)
                .byte_records()
                .filter_map(Result::ok)
                .filter(|r| {
                    // A row starts with an id or a number, not a sentence.
                    let first = r.get(0).unwrap_or_default();
                    r.len() == columns
                        && !first.is_empty()
                        && first.len() <= 40
                        && !first.contains(&b' ')
                })
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use crate::dataset::load_bytes;

    /// The line each incident was read from, by id.
    fn lines(text: &str) -> Vec<(String, Option<usize>)> {
        let l = load_bytes("t", text.as_bytes());
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        l.dataset
            .incidents
            .iter()
            .map(|i| (i.id.to_string(), i.line.map(|l| l.get() as usize)))
            .collect()
    }

    const HEADER: &str = "eventid,iyear,imonth,iday,provstate,gname,summary";

    #[test]
    fn rows_know_their_line_whatever_the_line_ends() {
        let rows = [
            "1,2017,1,1,Basra,X,one",
            "2,2017,1,2,Basra,X,\"two\nlines\"",
            "",
            "3,2017,1,3,Basra,X,three",
        ];
        let want = vec![
            ("1".to_string(), Some(3)),
            ("2".to_string(), Some(4)),
            ("3".to_string(), Some(7)),
        ];
        for end in ["\n", "\r\n"] {
            // Blank lines before the header and between rows count too.
            let text = format!("{end}{HEADER}{end}{}", rows.join(end));
            assert_eq!(lines(&text), want, "line end {end:?}");
            let text = format!("{text}{end}");
            assert_eq!(lines(&text), want, "line end {end:?}, final");
        }
    }
}
