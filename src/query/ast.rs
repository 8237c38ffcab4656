//! A parsed query: the terms typed in the search box, all of which must hold.
//!
//! `Display` writes a query back in its canonical form, which parses to the
//! same terms.

use std::fmt;
use std::ops::Range;

use crate::dataset::{Field, PartialDate, ValueKind};
use crate::review::ReviewStatus;

/// White space and control characters both separate terms (and a value
/// holding one is written quoted).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Every term must hold (AND). An empty query matches every incident.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// One term of a query and where it was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Typed with a leading `!`: the incident must *not* match.
    pub negated: bool,
    pub kind: TermKind,
    /// Byte range of the term in the query text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TermKind {
    /// A bare word, matched fuzzily (skim) against the short fields.
    Fuzzy(String),
    /// A `"quoted phrase"`: a case-insensitive substring of a short field or
    /// of the full text of one of the incident's documents.
    Exact(String),
    /// `province:`, `district:`... with its value as typed.
    Text(TextField, String),
    /// `killed>=2`, `wounded:unknown`...
    Count(CountField, CountTest),
    /// `date:2020-05`, `date:2020..2021`, `date:>=2021-01-01`.
    Date(DateTest),
    /// `has:warning`...
    Has(Flag),
    /// `status:accepted`...
    Status(StatusTest),
    /// `doc:done`, `doc:open`: whether the incident's first source
    /// document is marked done.
    Document(DocumentTest),
    /// `has:duplicate`, `dup:3`: the incident's cluster of duplicates
    /// (after the reviewers' decisions).
    Duplicate(DuplicateTest),
}

/// What a duplicate filter asks of an incident's cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DuplicateTest {
    /// In any cluster.
    Any,
    /// In the cluster of this number.
    Cluster(u32),
}

impl DuplicateTest {
    pub fn holds(self, cluster: Option<u32>) -> bool {
        match self {
            DuplicateTest::Any => cluster.is_some(),
            DuplicateTest::Cluster(n) => cluster == Some(n),
        }
    }
}

/// The fields a `name:value` filter can name: the incident's text fields
/// (the date has a filter of its own), and the outlet of its documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// One of the incident's [`ValueKind::Text`] fields. For the province:
    /// equality (case-insensitive) with the province as written, its
    /// canonical name, or any alias of that name; for the others, a
    /// substring.
    Incident(Field),
    /// The outlet of any of the incident's documents.
    Outlet,
}

/// The text fields by name, as before they were derived from [`Field`].
#[allow(non_upper_case_globals)]
impl TextField {
    pub const Province: TextField = TextField::Incident(Field::Province);
    pub const District: TextField = TextField::Incident(Field::District);
    pub const Location: TextField = TextField::Incident(Field::Location);
    pub const Perpetrator: TextField = TextField::Incident(Field::Perpetrator);
    pub const Target: TextField = TextField::Incident(Field::Target);
    pub const EventType: TextField = TextField::Incident(Field::EventType);
}

/// How many fields `name:value` filters name.
const TEXT_FILTERS: usize = crate::dataset::number_of_fields(&[ValueKind::Text]) + 1;

impl TextField {
    /// Every text filter: the incident's text fields in display order, then
    /// the outlet.
    pub const ALL: [TextField; TEXT_FILTERS] = {
        let fields: [Field; TEXT_FILTERS - 1] = crate::dataset::fields_of(&[ValueKind::Text]);
        let mut all = [TextField::Outlet; TEXT_FILTERS];
        let mut i = 0;
        while i < fields.len() {
            all[i] = TextField::Incident(fields[i]);
            i += 1;
        }
        all
    };

    /// The filter for an incident field, when it is a text field.
    pub fn of(field: Field) -> Option<TextField> {
        (field.kind() == ValueKind::Text).then_some(TextField::Incident(field))
    }

    /// The name typed before the colon.
    pub fn key(self) -> &'static str {
        match self {
            TextField::Incident(field) => field.filter_name(),
            TextField::Outlet => "outlet",
        }
    }
}

/// A casualty count a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountField(Field);

/// The counts by name, as before they were derived from [`Field`].
#[allow(non_upper_case_globals)]
impl CountField {
    pub const Killed: CountField = CountField(Field::Killed);
    pub const Wounded: CountField = CountField(Field::Wounded);
}

impl CountField {
    /// The filter for an incident field, when it is a count.
    pub fn of(field: Field) -> Option<CountField> {
        field.is_count().then_some(CountField(field))
    }

    pub fn field(self) -> Field {
        self.0
    }

    pub fn key(self) -> &'static str {
        self.0.filter_name()
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }

    pub fn holds<T: Ord>(self, left: T, right: T) -> bool {
        match self {
            Cmp::Lt => left < right,
            Cmp::Le => left <= right,
            Cmp::Eq => left == right,
            Cmp::Ge => left >= right,
            Cmp::Gt => left > right,
        }
    }
}

/// A test on a casualty count. An unknown count (null) satisfies no
/// comparison, only `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountTest {
    Compare(Cmp, u64),
    Unknown,
}

/// A test on the incident's date. Both the incident's date and the dates
/// typed may be partial (`2020`, `2020-05`); each stands for the period it
/// covers, and the test holds only when it holds for the incident's *whole*
/// period, so an incident dated `2020` is not listed by `date:2020-05` (it
/// may have been in another month) but is by `date:2020` and
/// `date:2019..2021`. Undated incidents, and dates that do not parse, match
/// no date test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTest {
    /// `date:2020-05`: within that period.
    Within(PartialDate),
    /// `date:2020-05-01..2020-06-30`: from the start of the first period to
    /// the end of the second, inclusive.
    Range(PartialDate, PartialDate),
    /// `date:>=2021-01-01`: `>=` starts on or after the start of the period,
    /// `>` starts after its end, `<=` ends on or before its end, `<` ends
    /// before its start. (`=` is written as `Within`.)
    Compare(Cmp, PartialDate),
}

impl DateTest {
    /// Whether an incident dated `date` (its whole period) passes.
    pub fn holds(self, date: PartialDate) -> bool {
        self.holds_for_days(date.period())
    }

    /// The same, for the days a date covers (see [`PartialDate::period`]).
    pub fn holds_for_days(self, (s, e): (u32, u32)) -> bool {
        match self {
            DateTest::Within(p) | DateTest::Compare(Cmp::Eq, p) => {
                let (ps, pe) = p.period();
                s >= ps && e <= pe
            }
            DateTest::Range(a, b) => s >= a.period().0 && e <= b.period().1,
            DateTest::Compare(Cmp::Ge, p) => s >= p.period().0,
            DateTest::Compare(Cmp::Gt, p) => s > p.period().1,
            DateTest::Compare(Cmp::Le, p) => e <= p.period().1,
            DateTest::Compare(Cmp::Lt, p) => e < p.period().0,
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

/// What `has:` asks about an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// The incident has a problem (the `!` in the list); `has:warning`
    /// is the old word for it.
    Problem,
    /// The incident has a note (missing evidence, cleaned characters).
    Note,
    /// A quoted piece of evidence was found nowhere in its document.
    Ungrounded,
    /// A casualty count disagrees with the number its evidence states.
    Mismatch,
    /// Some field with a value has no evidence.
    NoEvidence,
}

impl Flag {
    pub const ALL: [Flag; 5] = [
        Flag::Problem,
        Flag::Note,
        Flag::Ungrounded,
        Flag::Mismatch,
        Flag::NoEvidence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Flag::Problem => "problem",
            Flag::Note => "note",
            Flag::Ungrounded => "ungrounded",
            Flag::Mismatch => "mismatch",
            Flag::NoEvidence => "noevidence",
        }
    }
}

/// What `status:` asks about an incident's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusTest {
    Is(ReviewStatus),
    /// Any status but unreviewed.
    Reviewed,
}

impl StatusTest {
    pub fn name(self) -> &'static str {
        match self {
            StatusTest::Is(s) => s.name(),
            StatusTest::Reviewed => "reviewed",
        }
    }

    pub fn holds(self, status: ReviewStatus) -> bool {
        match self {
            StatusTest::Is(s) => s == status,
            StatusTest::Reviewed => status != ReviewStatus::Unreviewed,
        }
    }
}

/// What `doc:` asks about an incident's first source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentTest {
    /// Marked done: every incident in it is found.
    Done,
    /// Not marked done (an incident without sources too).
    Open,
}

impl DocumentTest {
    pub const ALL: [DocumentTest; 2] = [DocumentTest::Done, DocumentTest::Open];

    pub fn name(self) -> &'static str {
        match self {
            DocumentTest::Done => "done",
            DocumentTest::Open => "open",
        }
    }

    pub fn holds(self, document_done: bool) -> bool {
        document_done == (self == DocumentTest::Done)
    }
}

/// A malformed query: a short message for the line under the search box,
/// and the byte range of the offending term.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
    pub span: Range<usize>,
}

impl Query {
    /// The positive fuzzy words: what relevance scores and list highlights.
    pub fn fuzzy_words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Fuzzy(w) if !t.negated => Some(w.as_str()),
            _ => None,
        })
    }

    /// The positive exact phrases: what the detail pane highlights.
    pub fn exact_terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|t| match &t.kind {
            TermKind::Exact(p) if !t.negated && !p.is_empty() => Some(p.as_str()),
            _ => None,
        })
    }

    /// Whether relevance ordering means anything for this query.
    pub fn has_fuzzy_words(&self) -> bool {
        self.fuzzy_words().next().is_some()
    }

    /// Whether the query depends on the review: statuses (`status:`) or
    /// articles done (`doc:`).
    pub fn uses_status(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Status(_) | TermKind::Document(_)))
    }

    /// Whether the query asks for clusters of duplicates (`has:duplicate`,
    /// `dup:N`), which the caller must then find.
    pub fn uses_duplicates(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Duplicate(_)))
    }

    /// Whether the query filters by date (`date:`), which leaves out every
    /// incident whose date does not parse.
    pub fn uses_dates(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Date(_)))
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, term) in self.terms.iter().enumerate() {
            if n > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("!")?;
        }
        write!(f, "{}", self.kind)
    }
}

impl fmt::Display for TermKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TermKind::Fuzzy(w) => f.write_str(w),
            TermKind::Exact(p) => write!(f, "\"{p}\""),
            TermKind::Text(field, value) => {
                if value.chars().any(is_separator) {
                    write!(f, "{}:\"{value}\"", field.key())
                } else {
                    write!(f, "{}:{value}", field.key())
                }
            }
            TermKind::Count(field, CountTest::Unknown) => write!(f, "{}:unknown", field.key()),
            TermKind::Count(field, CountTest::Compare(cmp, n)) => {
                write!(f, "{}{}{n}", field.key(), cmp.symbol())
            }
            TermKind::Date(DateTest::Within(d)) => write!(f, "date:{d}"),
            TermKind::Date(DateTest::Range(a, b)) => write!(f, "date:{a}..{b}"),
            TermKind::Date(DateTest::Compare(cmp, d)) => write!(f, "date:{}{d}", cmp.symbol()),
            TermKind::Has(flag) => write!(f, "has:{}", flag.name()),
            TermKind::Status(s) => write!(f, "status:{}", s.name()),
            TermKind::Document(d) => write!(f, "doc:{}", d.name()),
            TermKind::Duplicate(DuplicateTest::Any) => f.write_str("has:duplicate"),
            TermKind::Duplicate(DuplicateTest::Cluster(n)) => write!(f, "dup:{n}"),
        }
    }
}
