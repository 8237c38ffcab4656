//! Whether an incident matches a query, how well, and which characters to
//! highlight.
//!
//! Semantics, term by term (all terms must hold; `!` inverts one):
//! - a fuzzy word matches a short field (date, province, district,
//!   location, perpetrator, target, event type) when its letters appear in
//!   order close together, from a word's start ([`text::fuzzy_matches`]),
//!   and a document's title or outlet when it begins one of its words (ASCII
//!   case ignored); the skim score of the fields it matches ranks relevance;
//! - an excluded word (`!word`) hides an incident when it begins a word of
//!   any of those fields: exact, never fuzzy;
//! - an exact phrase is a substring (ASCII case ignored) of a short field or
//!   of the full text of one of the incident's documents;
//! - `province:` is equality (case-insensitive) with the province as written,
//!   or of canonical names through the gazetteer's aliases; `district:`,
//!   `location:`, `perp:`, `target:`, `type:` and `outlet:` are substrings;
//! - counts compare numbers; an unknown count satisfies only `:unknown`;
//! - dates: see [`DateTest`].

use std::ops::Range;
use std::sync::atomic::{AtomicI32, AtomicU8, Ordering};
use std::sync::OnceLock;

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::ast::{
    CountField, CountTest, DateTest, DocumentTest, DuplicateTest, Flag, Query, StatusTest,
    TermKind, TextField,
};
use super::index::{self, province_key, ProvinceEntry, SearchIndex};
use super::reviewed::CorrectedIncidents;
pub use super::reviewed::{all_unreviewed, StatusLookup};
use super::text;
use crate::dataset::{Dataset, Field, Incident, TEXT_FIELDS};

/// Whether each value of the index passes one test, worked out at most
/// once per value per query. A dataset repeats its values (places, actors,
/// outlets, dates), so most incidents cost a few lookups, not a text search.
/// Shared by the threads of a search: a value two threads test at once is
/// tested twice, with the same answer.
struct PerValue {
    known: Vec<AtomicU8>,
}

const UNTESTED: u8 = 0;
const FAILS: u8 = 1;
const PASSES: u8 = 2;

impl PerValue {
    fn new(values: usize) -> PerValue {
        PerValue {
            known: (0..values).map(|_| AtomicU8::new(UNTESTED)).collect(),
        }
    }

    fn holds(&self, value: u32, test: impl FnOnce() -> bool) -> bool {
        self.holds_as(value, 0, test)
    }

    /// [`PerValue::holds`] for one of two tests of the same value (`kind`
    /// 0 or 1), kept in the same byte: a fuzzy word tests a value one way
    /// as a short field and another as a title.
    fn holds_as(&self, value: u32, kind: u8, test: impl FnOnce() -> bool) -> bool {
        let Some(slot) = self.known.get(value as usize) else {
            return test();
        };
        let shift = 2 * kind;
        match (slot.load(Ordering::Relaxed) >> shift) & 3 {
            PASSES => true,
            FAILS => false,
            _ => {
                let passes = test();
                slot.fetch_or(
                    (if passes { PASSES } else { FAILS }) << shift,
                    Ordering::Relaxed,
                );
                passes
            }
        }
    }
}

/// Skim scores of one fuzzy word against each value of the index, worked
/// out at most once per value, like [`PerValue`]. Four bytes a value: a
/// dataset whose titles are all different has millions of values, and a
/// table is made per word of each query sorted by relevance. (Skim scores
/// are sums of small bonuses; one past the 32-bit range is stored as the
/// largest that fits.)
struct ScorePerValue {
    known: Vec<AtomicI32>,
}

const UNSCORED: i32 = i32::MIN;
const NO_MATCH: i32 = i32::MIN + 1;

impl ScorePerValue {
    fn new(values: usize) -> ScorePerValue {
        ScorePerValue {
            known: (0..values).map(|_| AtomicI32::new(UNSCORED)).collect(),
        }
    }

    fn score(&self, value: u32, score: impl FnOnce() -> Option<i64>) -> Option<i64> {
        let encode = |s: Option<i64>| {
            s.map_or(NO_MATCH, |s| {
                i32::try_from(s.clamp(i64::from(NO_MATCH) + 1, i64::from(i32::MAX)))
                    .unwrap_or(i32::MAX)
            })
        };
        let Some(slot) = self.known.get(value as usize) else {
            return score();
        };
        let s = match slot.load(Ordering::Relaxed) {
            UNSCORED => {
                let s = encode(score());
                slot.store(s, Ordering::Relaxed);
                s
            }
            s => s,
        };
        (s != NO_MATCH).then_some(i64::from(s))
    }
}

/// A term made ready for fast evaluation.
enum Check {
    /// A fuzzy word: [`text::fuzzy_matches`] in a short field, a word
    /// prefix in a title or outlet.
    Fuzzy(String, PerValue),
    /// An excluded word (`!word`): a word prefix in any field, never fuzzy.
    Excluded(String, PerValue),
    /// The phrase, and whether each short-field value holds it.
    Exact(text::Needle, PerValue),
    Field(usize, String, PerValue),
    Outlet(String, PerValue),
    /// Which province entries of the index match.
    Province(ProvinceTest),
    Count(CountField, CountTest),
    Date(DateTest),
    Has(Flag),
    Status(StatusTest),
    Document(DocumentTest),
    Duplicate(DuplicateTest),
}

impl Check {
    /// Cheap checks run first, so costly ones see fewer incidents.
    fn cost(&self) -> u8 {
        match self {
            Check::Province(_) | Check::Count(..) | Check::Date(_) | Check::Has(_) => 0,
            Check::Status(_) | Check::Document(_) | Check::Duplicate(_) => 1,
            Check::Field(..) | Check::Outlet(..) => 2,
            Check::Fuzzy(..) | Check::Excluded(..) => 3,
            Check::Exact(..) => 4,
        }
    }
}

/// `province:value`: the name as typed and as meant (through the aliases),
/// and which province entries of the index are either.
struct ProvinceTest {
    typed: Option<String>,
    meant: Option<String>,
    entries: Vec<bool>,
}

impl ProvinceTest {
    fn holds(&self, e: &ProvinceEntry) -> bool {
        self.typed.is_some()
            && (e.written == self.typed || (e.name.is_some() && e.name == self.meant))
    }
}

/// A query compiled against one dataset and its index.
pub struct Matcher<'a> {
    dataset: &'a Dataset,
    index: &'a SearchIndex,
    status: &'a StatusLookup,
    /// Incidents tested from their corrected records instead of the index.
    corrected: Option<&'a CorrectedIncidents>,
    checks: Vec<(bool, Check)>,
    folded_words: Vec<String>,
    /// Per fuzzy word, its scores per value; made on the first
    /// [`Matcher::score`].
    scores: OnceLock<Vec<ScorePerValue>>,
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
            .map(|t| (t.negated, compile(&t.kind, t.negated, dataset, index)))
            .collect();
        checks.sort_by_key(|(_, c)| c.cost());
        Matcher {
            dataset,
            index,
            status,
            corrected: None,
            checks,
            folded_words: query.fuzzy_words().map(text::fold).collect(),
            scores: OnceLock::new(),
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Tests the incidents `corrected` holds with their corrected values.
    pub fn with_corrections(mut self, corrected: &'a CorrectedIncidents) -> Matcher<'a> {
        self.corrected = (!corrected.is_empty()).then_some(corrected);
        self
    }

    /// Whether incident `i` matches every term.
    ///
    /// Reads the index's compact columns, not the incident's record, except
    /// for exact phrases (its documents' text) and corrected incidents:
    /// touching a million scattered records would cost more than the
    /// matching itself.
    pub fn matches(&self, i: usize) -> bool {
        if i >= self.index.len() {
            return false;
        }
        if let Some(shown) = self.corrected.and_then(|c| c.get(i)) {
            return self
                .checks
                .iter()
                .all(|(negated, check)| self.check_corrected(check, i, shown) != *negated);
        }
        self.checks
            .iter()
            .all(|(negated, check)| self.check(check, i) != *negated)
    }

    /// [`Matcher::check`] of incident `i` as a reviewer corrected it
    /// (`shown`): its fields from the record, what corrections cannot
    /// change (documents, flags, status) from the index.
    fn check_corrected(&self, check: &Check, i: usize, shown: &Incident) -> bool {
        let fields = || index::short_fields(self.dataset, shown);
        match check {
            Check::Fuzzy(word, _) => index::fields_in_order(self.dataset, shown)
                .iter()
                .enumerate()
                .any(|(n, v)| v.is_some_and(|v| fuzzy_test(n)(&text::fold(v), word))),
            Check::Excluded(word, _) => fields().any(|v| text::starts_a_word(v, word)),
            Check::Exact(phrase, _) => {
                fields().any(|v| phrase.find(v.as_bytes()).is_some())
                    || self.in_documents(phrase, shown)
            }
            Check::Field(n, value, _) => TEXT_FIELDS
                .get(*n)
                .and_then(|f| f.text(shown))
                .is_some_and(|v| text::contains(v, value)),
            Check::Province(test) => {
                test.holds(&ProvinceEntry::of(shown, &self.dataset.province_aliases))
            }
            Check::Count(field, test) => test.holds(field.field().count(shown)),
            Check::Date(test) => shown
                .date_parsed
                .is_some_and(|d| test.holds_for_days(d.period())),
            Check::Outlet(..)
            | Check::Has(_)
            | Check::Status(_)
            | Check::Document(_)
            | Check::Duplicate(_) => self.check(check, i),
        }
    }

    /// Whether the text of one of `incident`'s documents holds `phrase`.
    fn in_documents(&self, phrase: &text::Needle, incident: &Incident) -> bool {
        incident
            .sources
            .iter()
            .filter_map(|s| s.document.and_then(|d| self.dataset.documents.get(d)))
            .any(|d| {
                phrase.find(d.text.as_bytes()).is_some()
                    || !d.text.is_ascii() && phrase.find(text::fold(&d.text).as_bytes()).is_some()
            })
    }

    fn incident(&self, i: usize) -> Option<&Incident> {
        self.dataset.incidents.get(i)
    }

    fn count(&self, i: usize, field: CountField) -> Option<u64> {
        let known = |n: u32| (n != index::UNKNOWN).then_some(u64::from(n));
        match (self.index.counts(i), field.field()) {
            (Some((k, _)), Field::Killed) => known(k),
            (Some((_, w)), Field::Wounded) => known(w),
            // Not in the compact columns: read the record.
            _ => self.incident(i).and_then(|inc| field.field().count(inc)),
        }
    }

    /// Whether value `k` passes `test`, asking `seen` first.
    fn value_holds(&self, seen: &PerValue, k: u32, test: impl FnOnce(&str) -> bool) -> bool {
        seen.holds(k, || test(self.index.value(k)))
    }

    /// Whether fuzzy `word` matches value `k` at position `n` of an
    /// incident's fields (see [`fuzzy_test`]).
    fn fuzzy_holds(&self, seen: &PerValue, n: usize, k: u32, word: &str) -> bool {
        let title = n >= index::SOURCES_START;
        seen.holds_as(k, u8::from(title), || {
            fuzzy_test(n)(self.index.value(k), word)
        })
    }

    /// Whether one of incident `i`'s short fields passes `test`.
    fn some_field(&self, i: usize, seen: &PerValue, test: impl Fn(&str) -> bool) -> bool {
        self.index
            .fields(i)
            .iter()
            .any(|&k| self.value_holds(seen, k, &test))
    }

    fn check(&self, check: &Check, i: usize) -> bool {
        match check {
            Check::Fuzzy(word, seen) => self
                .index
                .fields(i)
                .iter()
                .enumerate()
                .any(|(n, &k)| self.fuzzy_holds(seen, n, k, word)),
            Check::Excluded(word, seen) => {
                self.some_field(i, seen, |v| text::starts_a_word(v, word))
            }
            Check::Exact(phrase, seen) => {
                self.some_field(i, seen, |v| phrase.find(v.as_bytes()).is_some())
                    || self
                        .incident(i)
                        .is_some_and(|incident| self.in_documents(phrase, incident))
            }
            Check::Field(n, value, seen) => {
                self.value_holds(seen, self.index.field(i, *n), |v| text::contains(v, value))
            }
            Check::Outlet(value, seen) => self
                .index
                .outlets(i)
                .any(|k| self.value_holds(seen, k, |v| text::contains(v, value))),
            Check::Province(test) => test
                .entries
                .get(self.index.province_entry(i))
                .copied()
                .unwrap_or(false),
            Check::Count(field, test) => test.holds(self.count(i, *field)),
            Check::Date(test) => self.index.date(i).is_some_and(|d| test.holds_for_days(d)),
            Check::Has(flag) => {
                let bit = match flag {
                    Flag::Problem => index::PROBLEM,
                    Flag::Note => index::NOTE,
                    Flag::Ungrounded => index::UNGROUNDED,
                    Flag::Mismatch => index::MISMATCH,
                    Flag::NoEvidence => index::NOEVIDENCE,
                };
                self.index.flags(i) & bit != 0
            }
            Check::Status(test) => test.holds((self.status)(i).status),
            Check::Document(test) => test.holds((self.status)(i).document_done),
            Check::Duplicate(test) => test.holds((self.status)(i).cluster),
        }
    }

    /// Relevance of incident `i`: for each fuzzy word, the best skim score
    /// over the short fields, summed; 0 without fuzzy words. Scored on the
    /// index's ASCII-lower-cased values (case does not change the ranking),
    /// each value at most once per query, skipping values the word cannot
    /// match before skim copies them into characters.
    pub fn score(&self, i: usize) -> i64 {
        let scores = self.scores.get_or_init(|| {
            self.folded_words
                .iter()
                .map(|_| ScorePerValue::new(self.index.value_count()))
                .collect()
        });
        let fields = self.index.fields(i);
        let words = self.checks.iter().filter_map(|(negated, c)| match c {
            Check::Fuzzy(w, seen) if !negated => Some((w, seen)),
            _ => None,
        });
        words
            .zip(scores)
            .map(|((w, seen), per_value)| {
                fields
                    .iter()
                    .enumerate()
                    // Only the fields the word matches count.
                    .filter(|&(n, &k)| k != index::EMPTY && self.fuzzy_holds(seen, n, k, w))
                    .filter_map(|(_, &k)| {
                        per_value.score(k, || self.skim.fuzzy_match(self.index.value(k), w))
                    })
                    .max()
                    .unwrap_or(0)
            })
            .sum()
    }

    pub fn has_fuzzy_words(&self) -> bool {
        !self.folded_words.is_empty()
    }
}

fn compile(kind: &TermKind, negated: bool, dataset: &Dataset, index: &SearchIndex) -> Check {
    let per_value = || PerValue::new(index.value_count());
    match kind {
        TermKind::Fuzzy(w) if negated => Check::Excluded(text::fold(w), per_value()),
        TermKind::Fuzzy(w) => Check::Fuzzy(text::fold(w), per_value()),
        TermKind::Exact(p) => {
            Check::Exact(text::Needle::new(text::fold(p).as_bytes()), per_value())
        }
        TermKind::Text(TextField::Province, v) => Check::Province(province_test(v, dataset, index)),
        TermKind::Text(TextField::Outlet, v) => Check::Outlet(text::fold(v), per_value()),
        TermKind::Text(TextField::Incident(field), v) => {
            Check::Field(field.index(), text::fold(v), per_value())
        }
        TermKind::Count(field, test) => Check::Count(*field, *test),
        TermKind::Date(test) => Check::Date(*test),
        TermKind::Has(flag) => Check::Has(*flag),
        TermKind::Status(test) => Check::Status(*test),
        TermKind::Document(test) => Check::Document(*test),
        TermKind::Duplicate(test) => Check::Duplicate(*test),
    }
}

/// How a fuzzy word is tested against field `n` of an incident's fields:
/// letters close together in a short field, a word prefix in a document's
/// title or outlet (long strings, where scattered letters match anything).
fn fuzzy_test(n: usize) -> fn(&str, &str) -> bool {
    if n >= index::SOURCES_START {
        text::starts_a_word
    } else {
        text::fuzzy_matches
    }
}

/// The province entries `province:value` selects: the name as written, or
/// the same canonical name (the typed name taken through the aliases).
fn province_test(value: &str, dataset: &Dataset, index: &SearchIndex) -> ProvinceTest {
    let typed = province_key(value);
    let meant = typed.as_ref().map(|t| {
        dataset
            .province_aliases
            .get(t)
            .and_then(|c| province_key(c))
            .unwrap_or_else(|| t.clone())
    });
    let mut test = ProvinceTest {
        typed,
        meant,
        entries: Vec::new(),
    };
    test.entries = index.provinces.iter().map(|e| test.holds(e)).collect();
    test
}

/// Character indices of `field_text` that the query's fuzzy words and exact
/// phrases match, sorted, for highlighting one cell of a list row. Call it
/// for the visible rows only.
/// Whether a word the search matched fuzzily is in none of `fields` (the
/// incident's short fields): the incident is listed for its document's
/// title or outlet, which the list does not show.
pub fn matched_beyond(query: &Query, fields: &[&str]) -> bool {
    let folded: Vec<String> = fields.iter().map(|f| text::fold(f)).collect();
    query.fuzzy_words().any(|w| {
        let w = text::fold(w);
        !folded
            .iter()
            .any(|f| word_prefix_chars(f, &w).is_some() || text::fuzzy_matches(f, &w))
    })
}

pub fn highlight_chars(query: &Query, field_text: &str) -> Vec<usize> {
    let skim = SkimMatcherV2::default().ignore_case();
    // One character for each: its indices are the original's.
    let folded = text::fold(field_text);
    let field_text = folded.as_str();
    let mut out: Vec<usize> = query
        .fuzzy_words()
        .filter_map(|w| {
            let w = text::fold(w);
            word_prefix_chars(field_text, &w).or_else(|| {
                text::fuzzy_matches(field_text, &w)
                    .then(|| skim.fuzzy_indices(field_text, &w).map(|(_, idx)| idx))
                    .flatten()
            })
        })
        .flatten()
        .collect();
    let ranges = exact_ranges(query, field_text);
    // Byte ranges of the folded text, read back as its characters.
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

/// Character indices of the first occurrence of `word` (folded) in `text`
/// that begins a word, if any.
fn word_prefix_chars(text_to_search: &str, word: &str) -> Option<Vec<usize>> {
    if word.is_empty() {
        return None;
    }
    let at = text::find_all(text_to_search, word)
        .into_iter()
        .map(|r| r.start)
        .find(|&b| text::word_starts_at(text_to_search, b))?;
    let first = text_to_search[..at].chars().count();
    Some((first..first + word.chars().count()).collect())
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
