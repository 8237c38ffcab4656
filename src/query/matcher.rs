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
use super::index::{self, province_key, short_fields, SearchIndex, FIELD_SEPARATOR};
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
        let (s, e) = period(date);
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
    Exact(String),
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
    words: Vec<String>,
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
            words: query.fuzzy_words().map(str::to_owned).collect(),
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Whether incident `i` matches every term.
    pub fn matches(&self, i: usize) -> bool {
        let Some(incident) = self.dataset.incidents.get(i) else {
            return false;
        };
        self.checks
            .iter()
            .all(|(negated, check)| self.check(check, i, incident) != *negated)
    }

    fn check(&self, check: &Check, i: usize, incident: &Incident) -> bool {
        match check {
            Check::Fuzzy(word) => fuzzy_in_record(self.index.record(i), word),
            Check::Exact(phrase) => {
                text::contains(self.index.record(i), phrase)
                    || incident
                        .sources
                        .iter()
                        .filter_map(|s| s.document.and_then(|d| self.dataset.documents.get(d)))
                        .any(|d| text::contains(&d.text, phrase))
            }
            Check::Field(n, value) => text::contains(self.index.field(i, *n), value),
            Check::Outlet(value) => self.index.outlets(i).any(|o| text::contains(o, value)),
            Check::Province(entries) => entries
                .get(self.index.province_entry(i))
                .copied()
                .unwrap_or(false),
            Check::Count(CountField::Killed, test) => test.holds(incident.killed),
            Check::Count(CountField::Wounded, test) => test.holds(incident.wounded),
            Check::Date(test) => incident.date_parsed.is_some_and(|d| test.holds(d)),
            Check::Has(Flag::Warning) => !incident.warnings.is_empty(),
            Check::Has(Flag::Ungrounded) => incident.flags.ungrounded,
            Check::Has(Flag::Mismatch) => incident.flags.mismatch,
            Check::Has(Flag::NoEvidence) => incident.flags.noevidence,
            Check::Status(test) => test.holds((self.status)(i)),
        }
    }

    /// Relevance of incident `i`: for each fuzzy word, the best skim score
    /// over the short fields, summed. Zero when the query has no fuzzy words.
    pub fn score(&self, i: usize) -> i64 {
        let Some(incident) = self.dataset.incidents.get(i) else {
            return 0;
        };
        self.words
            .iter()
            .map(|w| {
                short_fields(self.dataset, incident)
                    .filter_map(|f| self.skim.fuzzy_match(f, w))
                    .max()
                    .unwrap_or(0)
            })
            .sum()
    }

    pub fn has_fuzzy_words(&self) -> bool {
        !self.words.is_empty()
    }
}

fn compile(kind: &TermKind, dataset: &Dataset, index: &SearchIndex) -> Check {
    match kind {
        TermKind::Fuzzy(w) => Check::Fuzzy(text::fold(w)),
        TermKind::Exact(p) => Check::Exact(text::fold(p)),
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
    if word.is_ascii() {
        let pat = word.as_bytes();
        if pat.is_empty() {
            return true;
        }
        let mut at = 0;
        for &b in record.as_bytes() {
            if b == FIELD_SEPARATOR {
                at = 0;
            } else if b == pat[at] {
                at += 1;
                if at == pat.len() {
                    return true;
                }
            }
        }
        false
    } else {
        record
            .split(char::from(FIELD_SEPARATOR))
            .any(|f| text::is_subsequence(f, word))
    }
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
