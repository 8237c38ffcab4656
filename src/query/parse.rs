//! Reads the search box's text into a [`Query`].
//!
//! Terms are separated by white space. A term is one of:
//! - a bare word, matched fuzzily: `kirkuk`, `isstate`;
//! - a `"quoted phrase"`, matched exactly (ignoring ASCII case). A quote left
//!   open runs to the end of the text, so a phrase being typed already
//!   filters;
//! - `name:value` for `province`, `district`, `location`, `perp`
//!   (`perpetrator`), `target`, `type` (`event_type`), `outlet`; the value
//!   may be quoted: `perp:"islamic state"`;
//! - `killed` / `wounded` with `>=`, `>`, `<=`, `<`, `=` or `:` and a number,
//!   or `:unknown`;
//! - `date:` with `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a range `A..B`, or a
//!   comparison `>=A` (`date>=A` also works);
//! - `has:problem|note|ungrounded|mismatch|noevidence` (`has:warning` is
//!   `has:problem`);
//! - `status:unreviewed|accepted|rejected|flagged|corrected|added|reviewed`;
//! - `doc:done|open` (the incident's first source document).
//!
//! A leading `!` negates any term. A lone `!` is ignored (it is a term still
//! being typed). Filter names are case-insensitive. A word that looks like a
//! filter with an unknown name (`provnce:kirkuk`) is an error rather than a
//! fuzzy word that silently matches nothing.

use super::ast::{
    is_separator, Cmp, CountField, CountTest, DateTest, DocumentTest, DuplicateTest, Flag, Query,
    QueryError, StatusTest, Term, TermKind, TextField,
};
use crate::dataset::{Field, PartialDate, ValueKind};
use crate::review::ReviewStatus;

/// Parses the search box's text. Never panics; a malformed filter is an
/// error naming the term's byte range.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let mut p = Parser { text, pos: 0 };
    let mut terms = Vec::new();
    loop {
        p.skip_separators();
        let Some(c) = p.peek() else {
            break;
        };
        let start = p.pos;
        let negated = c == '!';
        if negated {
            p.bump();
        }
        match p.peek() {
            None => break,
            Some(c) if is_separator(c) => continue,
            Some(_) => {}
        }
        let kind = p.term(start)?;
        terms.push(Term {
            negated,
            kind,
            span: start..p.pos,
        });
    }
    Ok(Query { terms })
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

/// What came between a filter's name and its value.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    Colon,
    Compare(Cmp),
}

enum Key {
    Text(TextField),
    Count(CountField),
    Date,
    Has,
    Status,
    Document,
    Duplicate,
}

/// A filter's name: an incident field's filter name or its name in the
/// format, or one of the filters that are no field.
fn key_named(name: &str) -> Option<Key> {
    let name = name.to_ascii_lowercase();
    let field = Field::ALL
        .into_iter()
        .find(|f| f.filter_name() == name || f.name() == name);
    if let Some(field) = field {
        return Some(match field.kind() {
            ValueKind::Date => Key::Date,
            ValueKind::Text => Key::Text(TextField::Incident(field)),
            ValueKind::Count => Key::Count(CountField::of(field)?),
        });
    }
    Some(match name.as_str() {
        "outlet" => Key::Text(TextField::Outlet),
        "has" => Key::Has,
        "status" => Key::Status,
        "doc" => Key::Document,
        "dup" => Key::Duplicate,
        _ => return None,
    })
}

/// The filters' names, for the message about an unknown one: the text
/// filters, the counts, the date, `has:`, `status:` and `doc:`.
fn filter_names() -> String {
    let counts = Field::ALL.into_iter().filter(|f| f.is_count());
    let dates = Field::ALL
        .into_iter()
        .filter(|f| f.kind() == ValueKind::Date);
    let mut names: Vec<String> = TextField::ALL
        .into_iter()
        .map(|f| format!("{}:", f.key()))
        .collect();
    names.extend(counts.map(|f| f.filter_name().to_string()));
    names.extend(dates.map(|f| format!("{}:", f.filter_name())));
    names.extend(["has:", "status:", "doc:"].map(String::from));
    names.join(" ")
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn skip_separators(&mut self) {
        while self.peek().is_some_and(is_separator) {
            self.bump();
        }
    }

    /// Consumes characters while `keep` holds; returns them.
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        self.text.get(start..self.pos).unwrap_or("")
    }

    /// Reads `"..."` (the opening quote is next); an open quote runs to the
    /// end of the text.
    fn quoted(&mut self) -> String {
        self.bump();
        // Control characters become spaces, like everywhere in the dataset.
        let inner = self
            .take_while(|c| c != '"')
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if self.peek() == Some('"') {
            self.bump();
        }
        inner
    }

    fn error(&self, start: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            message: message.into(),
            span: start..self.pos.max(start),
        }
    }

    fn term(&mut self, start: usize) -> Result<TermKind, QueryError> {
        if self.peek() == Some('"') {
            return Ok(TermKind::Exact(self.quoted()));
        }
        let word_start = self.pos;
        let name = self
            .take_while(|c| c.is_ascii_alphabetic() || c == '_')
            .to_string();
        let next = self.peek();
        if !name.is_empty() && matches!(next, Some(':' | '<' | '>' | '=')) {
            if let Some(key) = key_named(&name) {
                return self.filter(start, &name, key);
            }
            if next == Some(':') {
                self.take_while(|c| !is_separator(c));
                return Err(self.error(
                    start,
                    format!("unknown filter {name}: (filters: {})", filter_names()),
                ));
            }
        }
        self.pos = word_start;
        let word = self.take_while(|c| !is_separator(c) && c != '"');
        Ok(TermKind::Fuzzy(word.to_string()))
    }

    fn op(&mut self, comparisons: bool) -> Option<Op> {
        let colon = self.peek() == Some(':');
        if colon {
            self.bump();
            if !comparisons {
                return Some(Op::Colon);
            }
        }
        let cmp = if self.rest().starts_with(">=") {
            Some((Cmp::Ge, 2))
        } else if self.rest().starts_with("<=") {
            Some((Cmp::Le, 2))
        } else {
            match self.peek() {
                Some('>') => Some((Cmp::Gt, 1)),
                Some('<') => Some((Cmp::Lt, 1)),
                Some('=') => Some((Cmp::Eq, 1)),
                _ => None,
            }
        };
        match cmp {
            Some((cmp, len)) => {
                self.pos += len;
                Some(Op::Compare(cmp))
            }
            None if colon => Some(Op::Colon),
            None => None,
        }
    }

    fn value(&mut self) -> String {
        if self.peek() == Some('"') {
            self.quoted()
        } else {
            self.take_while(|c| !is_separator(c) && c != '"')
                .to_string()
        }
    }

    fn filter(&mut self, start: usize, name: &str, key: Key) -> Result<TermKind, QueryError> {
        let comparisons = matches!(key, Key::Count(_) | Key::Date);
        let op = self.op(comparisons);
        let value = self.value();
        let name = name.to_ascii_lowercase();
        match key {
            Key::Text(field) => {
                if !matches!(op, Some(Op::Colon | Op::Compare(Cmp::Eq))) || value.is_empty() {
                    return Err(
                        self.error(start, format!("{name}: needs a value, e.g. {name}:kirkuk"))
                    );
                }
                Ok(TermKind::Text(field, value))
            }
            Key::Count(field) => {
                let test = match (op, value.as_str()) {
                    (Some(Op::Colon | Op::Compare(Cmp::Eq)), v)
                        if v.eq_ignore_ascii_case("unknown") =>
                    {
                        Some(CountTest::Unknown)
                    }
                    (Some(Op::Colon), v) => v.parse().ok().map(|n| CountTest::Compare(Cmp::Eq, n)),
                    (Some(Op::Compare(cmp)), v) => {
                        v.parse().ok().map(|n| CountTest::Compare(cmp, n))
                    }
                    (None, _) => None,
                };
                test.map(|t| TermKind::Count(field, t)).ok_or_else(|| {
                    self.error(
                        start,
                        format!("{name} needs a number or unknown, e.g. {name}>=2, {name}:unknown"),
                    )
                })
            }
            Key::Date => self.date(start, op, &value).map(TermKind::Date),
            Key::Has
                if ["duplicate", "duplicates"]
                    .iter()
                    .any(|w| value.eq_ignore_ascii_case(w)) =>
            {
                match op {
                    Some(Op::Colon | Op::Compare(Cmp::Eq)) => {
                        Ok(TermKind::Duplicate(DuplicateTest::Any))
                    }
                    _ => Err(self.error(start, "has:duplicate takes no comparison")),
                }
            }
            Key::Duplicate => match (op, value.parse::<u32>()) {
                (Some(Op::Colon | Op::Compare(Cmp::Eq)), Ok(n)) if n > 0 => {
                    Ok(TermKind::Duplicate(DuplicateTest::Cluster(n)))
                }
                _ => Err(self.error(start, "dup: takes a cluster's number, e.g. dup:3")),
            },
            Key::Has => {
                let flag = Flag::ALL.into_iter().find(|f| {
                    f.name().eq_ignore_ascii_case(&value)
                        || value.eq_ignore_ascii_case(&format!("{}s", f.name()))
                        || ["warning", "warnings"]
                            .iter()
                            .any(|w| value.eq_ignore_ascii_case(w))
                            && *f == Flag::Problem
                });
                match (op, flag) {
                    (Some(Op::Colon | Op::Compare(Cmp::Eq)), Some(flag)) => Ok(TermKind::Has(flag)),
                    _ => Err(self.error(
                        start,
                        "has: takes problem, note, ungrounded, mismatch or noevidence",
                    )),
                }
            }
            Key::Status => {
                let test = if value.eq_ignore_ascii_case("reviewed") {
                    Some(StatusTest::Reviewed)
                } else {
                    ReviewStatus::parse(&value).map(StatusTest::Is)
                };
                match (op, test) {
                    (Some(Op::Colon | Op::Compare(Cmp::Eq)), Some(test)) => Ok(TermKind::Status(test)),
                    _ => Err(self.error(
                        start,
                        "status: takes unreviewed, accepted, rejected, flagged, corrected, added or reviewed",
                    )),
                }
            }
            Key::Document => {
                let test = DocumentTest::ALL
                    .into_iter()
                    .find(|d| d.name().eq_ignore_ascii_case(&value));
                match (op, test) {
                    (Some(Op::Colon | Op::Compare(Cmp::Eq)), Some(test)) => {
                        Ok(TermKind::Document(test))
                    }
                    _ => Err(self.error(start, "doc: takes done or open")),
                }
            }
        }
    }

    fn date(&self, start: usize, op: Option<Op>, value: &str) -> Result<DateTest, QueryError> {
        let bad = |what: &str| {
            self.error(
                start,
                format!("date: {what}; use YYYY, YYYY-MM or YYYY-MM-DD, A..B, or >=A"),
            )
        };
        let parse_one = |v: &str| {
            PartialDate::parse(v).ok_or_else(|| {
                if v.is_empty() {
                    bad("needs a date")
                } else {
                    bad(&format!("{v:?} is not a date"))
                }
            })
        };
        match op {
            None => Err(bad("needs a date")),
            Some(Op::Colon | Op::Compare(Cmp::Eq)) => match value.split_once("..") {
                Some((a, b)) if op == Some(Op::Colon) => {
                    let (a, b) = (parse_one(a)?, parse_one(b)?);
                    if a.period().0 > b.period().1 {
                        return Err(bad("the range ends before it starts"));
                    }
                    Ok(DateTest::Range(a, b))
                }
                Some(_) => Err(bad("a range takes no comparison")),
                None => Ok(DateTest::Within(parse_one(value)?)),
            },
            Some(Op::Compare(cmp)) => Ok(DateTest::Compare(cmp, parse_one(value)?)),
        }
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
