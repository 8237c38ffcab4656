//! A plain JSON Lines record read straight into its [`Document`] or
//! [`Incident`], without a tree in between.
//!
//! Nearly every line of a large dataset is plain (see
//! [`crate::dataset::json_value::plain`]): `"type"` first, no key repeated
//! or escaped. For such a line the record's fields go into a slot per key
//! the format defines as they are read, sources and evidence spans are
//! built as their objects end, and only the keys the format does not
//! define are kept as a tree (for `extra`). The record is then built by the
//! same functions as any other record, so it comes out the same.
//!
//! This path only ever succeeds. A line that is not plain, or whose record
//! the format rejects, gets `None`, and the general path reads it again and
//! says what is wrong; a test holds the two paths to the same records.

use std::cell::RefCell;

use super::{incident_with_sources, source_document, span, span_field, Fields};
use crate::dataset::field::{self, key, same_name};
use crate::dataset::json_value::plain::{add_new, Reader};
use crate::dataset::json_value::{Object, Raw};
use crate::dataset::model::{Document, Evidence, Incident, Source};

/// What a plain line held.
pub enum Record {
    Document(Document),
    Incident(Incident),
}

/// Reads `text` as one plain record the format accepts, or says `None`.
pub fn read(text: &str) -> Option<Record> {
    let mut r = Reader::new(text);
    r.skip_ws();
    r.expect(b'{')?;
    r.skip_ws();
    if r.key()? != key::TYPE {
        return None;
    }
    match r.string()?.as_ref() {
        "incident" => incident(&mut r).map(Record::Incident),
        "document" => document(&mut r).map(Record::Document),
        _ => None,
    }
}

/// The keys a record's slots hold: the format's keys but `type` (read
/// first) and `sources` (read into their parts).
const DOCUMENT_KEYS: [&str; field::DOCUMENT_KEYS.len() - 1] = slot_keys(&field::DOCUMENT_KEYS);
const INCIDENT_KEYS: [&str; field::INCIDENT_KEYS.len() - 2] = slot_keys(&field::INCIDENT_KEYS);

/// `all` without `type` and `sources`, in order; `N` must be their number
/// (checked as the program is compiled).
const fn slot_keys<const N: usize>(all: &[&'static str]) -> [&'static str; N] {
    let mut keys = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < all.len() {
        if !same_name(all[i], key::TYPE) && !same_name(all[i], key::SOURCES) {
            keys[n] = all[i];
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "N is not the number of slot keys");
    keys
}

const DOCUMENT_SLOTS: [u8; 32] = slot_table(&DOCUMENT_KEYS);
const INCIDENT_SLOTS: [u8; 32] = slot_table(&INCIDENT_KEYS);

/// A key's place in a table of 32: from its length, first and last byte,
/// which tells apart the keys of each record type (checked as the program
/// is compiled).
#[inline]
const fn hash(key: &[u8]) -> usize {
    match key {
        [] => 0,
        [first, .., last] | [first @ last] => {
            (key.len() + *first as usize * 3 + *last as usize) & 31
        }
    }
}

/// The slot of each key at its [`hash`], `u8::MAX` where no key is.
const fn slot_table<const N: usize>(keys: &[&str; N]) -> [u8; 32] {
    let mut table = [u8::MAX; 32];
    let mut i = 0;
    while i < N {
        let at = hash(keys[i].as_bytes());
        assert!(table[at] == u8::MAX, "two keys share a hash");
        table[at] = i as u8;
        i += 1;
    }
    table
}

/// A record's fields as read: a slot per key the format defines, and the
/// other keys in the order written.
struct Slots<'a, const N: usize> {
    keys: &'static [&'static str; N],
    /// The slot of each key, by [`hash`].
    table: &'static [u8; 32],
    values: [Option<Raw<'a>>; N],
    rest: Object<'a>,
}

impl<'a, const N: usize> Slots<'a, N> {
    fn new(keys: &'static [&'static str; N], table: &'static [u8; 32]) -> Self {
        Slots {
            keys,
            table,
            values: std::array::from_fn(|_| None),
            rest: Object::default(),
        }
    }

    /// The slot of `key`: one table look-up and one comparison.
    #[inline]
    fn at(&self, key: &str) -> Option<usize> {
        let at = usize::from(*self.table.get(hash(key.as_bytes()))?);
        same_name(self.keys.get(at)?, key).then_some(at)
    }

    /// Reads the value of `key` into its slot; a repeated key is not plain.
    fn read(&mut self, r: &mut Reader<'a>, key: &'a str) -> Option<()> {
        if key == key::TYPE {
            return None;
        }
        match self.at(key) {
            Some(at) => {
                let slot = self.values.get_mut(at)?;
                if slot.is_some() {
                    return None;
                }
                *slot = Some(r.value(1)?);
                Some(())
            }
            None => {
                let value = r.value(1)?;
                add_new(&mut self.rest, key, value)
            }
        }
    }
}

impl<'a, const N: usize> Fields<'a> for Slots<'a, N> {
    #[inline]
    fn take(&mut self, name: &str) -> Option<Raw<'a>> {
        let at = self.at(name)?;
        self.values.get_mut(at)?.take()
    }

    fn rest(self) -> Object<'a> {
        self.rest
    }
}

/// A document's members after its `"type"`, and the end of the line.
fn document(r: &mut Reader<'_>) -> Option<Document> {
    let mut slots = Slots::new(&DOCUMENT_KEYS, &DOCUMENT_SLOTS);
    while r.more(b'}')? {
        let key = r.key()?;
        slots.read(r, key)?;
    }
    if !r.at_end() {
        return None;
    }
    super::document(slots).ok()
}

/// An incident's members after its `"type"`, and the end of the line.
fn incident(r: &mut Reader<'_>) -> Option<Incident> {
    let mut slots = Slots::new(&INCIDENT_KEYS, &INCIDENT_SLOTS);
    let mut sources = None;
    let mut removed = 0;
    while r.more(b'}')? {
        let key = r.key()?;
        if key == key::SOURCES {
            if sources.is_some() {
                return None;
            }
            sources = Some(read_sources(r, &mut removed)?);
            continue;
        }
        slots.read(r, key)?;
    }
    if !r.at_end() {
        return None;
    }
    incident_with_sources(slots, sources.unwrap_or_default(), removed).ok()
}

/// `null`, or an array of sources.
fn read_sources(r: &mut Reader<'_>, removed: &mut usize) -> Option<Vec<Source>> {
    if r.peek()? == b'n' {
        r.literal("null", Raw::Null)?;
        return Some(Vec::new());
    }
    let mut sources = Vec::with_capacity(1);
    r.elements_into(&mut sources, |r| read_source(r, removed))?;
    sources.shrink_to_fit();
    Some(sources)
}

/// A source object with only `document` and `evidence`, each once.
fn read_source(r: &mut Reader<'_>, removed: &mut usize) -> Option<Source> {
    let mut document = None;
    let mut spans = None;
    r.members(|r, key| match key {
        key::DOCUMENT if document.is_none() => {
            document = Some(r.value(3)?);
            Some(())
        }
        key::EVIDENCE if spans.is_none() => {
            spans = Some(read_evidence(r, removed)?);
            Some(())
        }
        _ => None,
    })?;
    Some(Source {
        document_id: source_document(document)?,
        document: None,
        evidence: spans.unwrap_or_default(),
    })
}

thread_local! {
    /// Spans read so far for the source being read: they are copied into a
    /// vector of the exact size when its array ends.
    static SPANS: RefCell<Vec<Evidence>> = const { RefCell::new(Vec::new()) };
}

/// `null`, or an array of evidence spans.
fn read_evidence(r: &mut Reader<'_>, removed: &mut usize) -> Option<Vec<Evidence>> {
    if r.peek()? == b'n' {
        r.literal("null", Raw::Null)?;
        return Some(Vec::new());
    }
    SPANS.with(|spans| {
        let mut spans = spans.try_borrow_mut().ok()?;
        spans.clear();
        r.elements_into(&mut spans, |r| read_span(r, removed))?;
        Some(spans.drain(..).collect())
    })
}

/// One evidence span: `field` and either both offsets (small integers) or
/// a quote, each key once, strings where strings belong; anything else is
/// left to the general path.
fn read_span(r: &mut Reader<'_>, removed: &mut usize) -> Option<Evidence> {
    let (mut field, mut start, mut end, mut quote) = (None, None, None, None);
    r.members(|r, key| {
        match key {
            key::FIELD if field.is_none() => field = Some(r.string()?),
            key::START if start.is_none() => start = Some(usize::try_from(r.integer()?).ok()?),
            key::END if end.is_none() => end = Some(usize::try_from(r.integer()?).ok()?),
            key::QUOTE if quote.is_none() => quote = Some(r.string()?),
            _ => return None,
        }
        Some(())
    })?;
    let name = span_field(&field?, removed);
    span(name, start, end, quote.as_deref(), removed).ok()
}

#[cfg(test)]
mod tests;
