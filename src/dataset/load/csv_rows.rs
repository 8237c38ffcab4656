//! Reading a CSV export (ACLED, UCDP GED, GTD) row by row into the loader:
//! [`crate::dataset::csv_import`] says which column goes where; this file
//! streams the rows, numbers their lines, and keeps the tally
//! (read = loaded + rejected).
//!
//! A row with more or fewer fields than the header is skipped with a
//! warning on the dataset naming its line: its values cannot be matched to
//! columns (an unquoted comma in the notes shifts every later column), and
//! loading it anyway could put a wrong number into the casualty sums. It
//! counts as read and rejected. A row that cannot form an incident (no id, a
//! count that is not a number) is an error on its line, as in JSONL.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use super::{with_id, Loader, INVALID_UTF8};
use crate::dataset::csv_import::{self, map_row, split_header_line, Header};
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
                "{} control or invisible character(s) removed from the header row",
                header.removed
            ));
        }
        let mut values: Vec<String> = Vec::with_capacity(header.columns());
        let mut count = 0usize;
        while rows.read_byte_record(&mut record)? {
            let end = rows.position().byte();
            self.state.bytes_read = base + end;
            // The row's last byte is on the line after every line break
            // before it; its first line is that less the breaks inside it.
            let last = rows.get_mut().before(end.saturating_sub(1));
            let inside: usize = record
                .iter()
                .map(|f| f.iter().filter(|&&b| b == b'\n').count())
                .sum();
            let line = header_line + (last as usize).saturating_sub(inside);
            // A row of empty cells (a spreadsheet's trailing rows) holds nothing.
            if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
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
            values.clear();
            let mut lossy = false;
            for field in &record {
                match std::str::from_utf8(field) {
                    Ok(s) => values.push(s.to_owned()),
                    Err(_) => {
                        lossy = true;
                        values.push(String::from_utf8_lossy(field).into_owned());
                    }
                }
            }
            self.csv_row(&header, &values, line, lossy);
        }
        Ok(())
    }

    /// One data row: an incident, and its document when the row has text.
    fn csv_row(&mut self, header: &Header, values: &[String], line: usize, lossy: bool) {
        let at = Location::Position { line, column: 1 };
        self.out.records_read += 1;
        let mapped = match map_row(header, values) {
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
            self.out.records_read += 1;
            doc.line = line_number(line);
            if lossy {
                doc.warnings.push(INVALID_UTF8);
            }
            self.add_document(doc);
        }
        incident.line = line_number(line);
        if lossy {
            incident.warnings.push(INVALID_UTF8);
        }
        self.add_incident(incident, at);
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
