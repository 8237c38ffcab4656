//! Whether an incident matches a query, how well, and which characters to
//! highlight.
//!
//! Semantics, term by term (all terms must hold; `!` inverts one):
//! - a fuzzy word matches when its letters appear in order (ASCII case
//!   ignored) within one short field ([`short_fields`]); this is exactly when
//!   the skim matcher finds a match, and the skim score ranks relevance;
//! - an exact phrase is a substring (ASCII case ignored) of a short field or
//!   of the full text of one of the incident's documents;
//! - `province:` is equality (case-insensitive) with the province as written,
//!   or of canonical names through the gazetteer's aliases; `district:`,
//!   `location:`, `perp:`, `target:`, `type:` and `outlet:` are substrings;
//! - counts compare numbers; an unknown count satisfies only `:unknown`;
//! - dates: see [`DateTest`].

use std::ops::Range;
use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::ast::{
    Cmp, CountField, CountTest, DateTest, Flag, Query, StatusTest, TermKind, TextField,
};
use super::index::{self, province_key, SearchIndex, FIELD_SEPARATOR};
use super::text;
use crate::dataset::{Dataset, Incident, PartialDate};
use crate::review::ReviewStatus;

/// The review status of an incident, by its index in the dataset.
pub type StatusLookup = Arc<dyn Fn(usize) -> ReviewStatus + Send + Sync>;

/// A status lookup for a dataset nobody has reviewed yet.
pub fn all_unreviewed() -> StatusLookup {
    Arc::new(|_| ReviewStatus::Unreviewed)
}

/// The first and last day a partial date covers, as comparable numbers
/// (`YYYYMMDD`; a month's last day is taken as 31, which no real date
/// exceeds).
pub fn period(date: PartialDate) -> (u32, u32) {
    let y = u32::from(date.year) * 10_000;
    let start = y + u32::from(date.month.unwrap_or(1)) * 100 + u32::from(date.day.unwrap_or(1));
    let end = y + u32::from(date.month.unwrap_or(12)) * 100 + u32::from(date.day.unwrap_or(31));
    (start, end)
}

impl DateTest {
    /// Whether an incident dated `date` (its whole period) passes.
    pub fn holds(self, date: PartialDate) -> bool {
        self.holds_for_days(period(date))
    }

    /// The same, for the days a date covers (see [`period`]).
    pub fn holds_for_days(self, (s, e): (u32, u32)) -> bool {
        match self {
            DateTest::Within(p) | DateTest::Compare(Cmp::Eq, p) => {
                let (ps, pe) = period(p);
                s >= ps && e <= pe
            }
            DateTest::Range(a, b) => s >= period(a).0 && e <= period(b).1,
            DateTest::Compare(Cmp::Ge, p) => s >= period(p).0,
            DateTest::Compare(Cmp::Gt, p) => s > period(p).1,
            DateTest::Compare(Cmp::Le, p) => e <= period(p).1,
            DateTest::Compare(Cmp::Lt, p) => e < period(p).0,
        }
    }
}

impl CountTest {
    pub fn holds(self, count: Option<u64>) -> bool {
        match (self, count) {
            (CountTest::Unknown, c) => c.is_none(),
            (CountTest::Compare(cmp, n), Some(c)) => cmp.holds(c, n),
            (CountTest::Compare(..), None) => false,
        }
    }
}

/// A term made ready for fast evaluation.
enum Check {
    Fuzzy(String),
    Exact(text::Needle),
    Field(usize, String),
    Outlet(String),
    /// Which province entries of the index match.
    Province(Vec<bool>),
    Count(CountField, CountTest),
    Date(DateTest),
    Has(Flag),
    Status(StatusTest),
}

impl Check {
    /// Cheap checks run first, so costly ones see fewer incidents.
    fn cost(&self) -> u8 {
        match self {
            Check::Province(_) | Check::Count(..) | Check::Date(_) | Check::Has(_) => 0,
            Check::Status(_) => 1,
            Check::Field(..) | Check::Outlet(_) => 2,
            Check::Fuzzy(_) => 3,
            Check::Exact(_) => 4,
        }
    }
}

/// A query compiled against one dataset and its index.
pub struct Matcher<'a> {
    dataset: &'a Dataset,
    index: &'a SearchIndex,
    status: &'a StatusLookup,
    checks: Vec<(bool, Check)>,
    folded_words: Vec<String>,
    skim: SkimMatcherV2,
}

impl<'a> Matcher<'a> {
    pub fn new(
        query: &Query,
        dataset: &'a Dataset,
        index: &'a SearchIndex,
        status: &'a StatusLookup,
    ) -> Matcher<'a> {
        let mut checks: Vec<(bool, Check)> = query
            .terms
            .iter()
            .map(|t| (t.negated, compile(&t.kind, dataset, index)))
            .collect();
        checks.sort_by_key(|(_, c)| c.cost());
        Matcher {
            dataset,
            index,
            status,
            checks,
            folded_words: query.fuzzy_words().map(text::fold).collect(),
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Whether incident `i` matches every term.
    ///
    /// Reads the index's compact columns, not the incident's record, except
    /// for exact phrases (its documents' text): touching a million scattered
    /// records would cost more than the matching itself.
    pub fn matches(&self, i: usize) -> bool {
        i < self.index.len()
            && self
                .checks
                .iter()
                .all(|(negated, check)| self.check(check, i) != *negated)
    }

    fn incident(&self, i: usize) -> Option<&Incident> {
        self.dataset.incidents.get(i)
    }

    fn count(&self, i: usize, field: CountField) -> Option<u64> {
        match (self.index.counts(i), field) {
            (Some((k, _)), CountField::Killed) => (k != index::UNKNOWN).then_some(u64::from(k)),
            (Some((_, w)), CountField::Wounded) => (w != index::UNKNOWN).then_some(u64::from(w)),
            (None, CountField::Killed) => self.incident(i).and_then(|inc| inc.killed),
            (None, CountField::Wounded) => self.incident(i).and_then(|inc| inc.wounded),
        }
    }

    fn check(&self, check: &Check, i: usize) -> bool {
        match check {
            Check::Fuzzy(word) => fuzzy_in_record(self.index.record(i), word),
            Check::Exact(phrase) => {
                phrase.find(self.index.record(i).as_bytes()).is_some()
                    || self.incident(i).is_some_and(|incident| {
                        incident
                            .sources
                            .iter()
                            .filter_map(|s| s.document.and_then(|d| self.dataset.documents.get(d)))
                            .any(|d| phrase.find(d.text.as_bytes()).is_some())
                    })
            }
            Check::Field(n, value) => text::contains(self.index.field(i, *n), value),
            Check::Outlet(value) => self.index.outlets(i).any(|o| text::contains(o, value)),
            Check::Province(entries) => entries
                .get(self.index.province_entry(i))
                .copied()
                .unwrap_or(false),
            Check::Count(field, test) => test.holds(self.count(i, *field)),
            Check::Date(test) => self.index.date(i).is_some_and(|d| test.holds_for_days(d)),
            Check::Has(flag) => {
                let bit = match flag {
                    Flag::Warning => index::WARNING,
                    Flag::Ungrounded => index::UNGROUNDED,
                    Flag::Mismatch => index::MISMATCH,
                    Flag::NoEvidence => index::NOEVIDENCE,
                };
                self.index.flags(i) & bit != 0
            }
            Check::Status(test) => test.holds((self.status)(i)),
        }
    }

    /// Relevance of incident `i`: for each fuzzy word, the best skim score
    /// over the short fields, summed; 0 without fuzzy words. Scored on the
    /// index's ASCII-lower-cased fields (the records stay untouched, and
    /// case does not change the ranking), skipping fields the word cannot
    /// match before skim copies them into characters.
    pub fn score(&self, i: usize) -> i64 {
        let record = self.index.record(i);
        self.folded_words
            .iter()
            .map(|w| {
                record
                    .split(char::from(FIELD_SEPARATOR))
                    .filter(|f| !f.is_empty() && text::is_subsequence(f, w))
                    .filter_map(|f| self.skim.fuzzy_match(f, w))
                    .max()
                    .unwrap_or(0)
            })
            .sum()
    }

    pub fn has_fuzzy_words(&self) -> bool {
        !self.folded_words.is_empty()
    }
}

fn compile(kind: &TermKind, dataset: &Dataset, index: &SearchIndex) -> Check {
    match kind {
        TermKind::Fuzzy(w) => Check::Fuzzy(text::fold(w)),
        TermKind::Exact(p) => Check::Exact(text::Needle::new(text::fold(p).as_bytes())),
        TermKind::Text(TextField::Province, v) => {
            Check::Province(province_entries(v, dataset, index))
        }
        TermKind::Text(TextField::Outlet, v) => Check::Outlet(text::fold(v)),
        TermKind::Text(field, v) => {
            let n = match field {
                TextField::District => index::DISTRICT,
                TextField::Location => index::LOCATION,
                TextField::Perpetrator => index::PERPETRATOR,
                TextField::Target => index::TARGET,
                _ => index::EVENT_TYPE,
            };
            Check::Field(n, text::fold(v))
        }
        TermKind::Count(field, test) => Check::Count(*field, *test),
        TermKind::Date(test) => Check::Date(*test),
        TermKind::Has(flag) => Check::Has(*flag),
        TermKind::Status(test) => Check::Status(*test),
    }
}

/// The province entries `province:value` selects: the name as written, or
/// the same canonical name (the typed name taken through the aliases).
fn province_entries(value: &str, dataset: &Dataset, index: &SearchIndex) -> Vec<bool> {
    let Some(typed) = province_key(value) else {
        return vec![false; index.provinces.len()];
    };
    let meant = dataset
        .province_aliases
        .get(&typed)
        .and_then(|c| province_key(c))
        .unwrap_or_else(|| typed.clone());
    index
        .provinces
        .iter()
        .map(|e| e.written.as_ref() == Some(&typed) || e.name.as_ref() == Some(&meant))
        .collect()
}

/// Whether `word` (folded) is a subsequence of one field of a record.
fn fuzzy_in_record(record: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return record
            .split(char::from(FIELD_SEPARATOR))
            .any(|f| text::is_subsequence(f, word));
    }
    let (rec, pat) = (record.as_bytes(), word.as_bytes());
    // Most records fail even the weaker test of the word being a
    // subsequence of the whole record; jumping from letter to letter with
    // memchr settles that quickly. A single letter needs nothing more.
    if !subsequence_by_jumps(rec, pat) {
        return false;
    }
    let Some((&first, rest)) = pat.split_first() else {
        return true;
    };
    if rest.is_empty() {
        return true;
    }
    // Only fields holding the first letter can match, and within a field
    // matching greedily from its first occurrence is as good as any.
    let mut from = 0;
    while let Some(at) = rec.get(from..).and_then(|r| memchr::memchr(first, r)) {
        let start = from + at + 1;
        let end = rec
            .get(start..)
            .and_then(|r| memchr::memchr(FIELD_SEPARATOR, r))
            .map_or(rec.len(), |e| start + e);
        if rec
            .get(start..end)
            .is_some_and(|f| subsequence_by_jumps(f, rest))
        {
            return true;
        }
        from = end + 1;
    }
    false
}

fn subsequence_by_jumps(hay: &[u8], pat: &[u8]) -> bool {
    let mut from = 0;
    for &b in pat {
        match hay.get(from..).and_then(|rest| memchr::memchr(b, rest)) {
            Some(at) => from += at + 1,
            None => return false,
        }
    }
    true
}

/// Character indices of `field_text` that the query's fuzzy words and exact
/// phrases match, sorted, for highlighting one cell of a list row. Call it
/// for the visible rows only.
pub fn highlight_chars(query: &Query, field_text: &str) -> Vec<usize> {
    let skim = SkimMatcherV2::default().ignore_case();
    let mut out: Vec<usize> = query
        .fuzzy_words()
        .filter_map(|w| skim.fuzzy_indices(field_text, w))
        .flat_map(|(_, idx)| idx)
        .collect();
    let ranges = exact_ranges(query, field_text);
    if !ranges.is_empty() {
        for (n, (byte, _)) in field_text.char_indices().enumerate() {
            if ranges.iter().any(|r| r.contains(&byte)) {
                out.push(n);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Byte ranges of `text` (an article) where the query's exact phrases occur,
/// sorted and merged, for highlighting in the detail pane.
pub fn exact_ranges(query: &Query, text_to_search: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = query
        .exact_terms()
        .flat_map(|p| text::find_all(text_to_search, &text::fold(p)))
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
