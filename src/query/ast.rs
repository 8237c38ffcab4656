//! A parsed query: the terms typed in the search box, all of which must hold.
//!
//! `Display` writes a query back in its canonical form, which parses to the
//! same terms.

use std::fmt;
use std::ops::Range;

use crate::dataset::PartialDate;
use crate::review::ReviewStatus;

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
}

/// The fields a `name:value` filter can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// Equality (case-insensitive) with the province as written, its
    /// canonical name, or any alias of that name.
    Province,
    District,
    Location,
    Perpetrator,
    Target,
    EventType,
    /// The outlet of any of the incident's documents.
    Outlet,
}

impl TextField {
    pub const ALL: [TextField; 7] = [
        TextField::Province,
        TextField::District,
        TextField::Location,
        TextField::Perpetrator,
        TextField::Target,
        TextField::EventType,
        TextField::Outlet,
    ];

    /// The name typed before the colon.
    pub fn key(self) -> &'static str {
        match self {
            TextField::Province => "province",
            TextField::District => "district",
            TextField::Location => "location",
            TextField::Perpetrator => "perp",
            TextField::Target => "target",
            TextField::EventType => "type",
            TextField::Outlet => "outlet",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountField {
    Killed,
    Wounded,
}

impl CountField {
    pub fn key(self) -> &'static str {
        match self {
            CountField::Killed => "killed",
            CountField::Wounded => "wounded",
        }
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

/// What `has:` asks about an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    /// The incident has warnings (the `!` in the list).
    Warning,
    /// A quoted piece of evidence was found nowhere in its document.
    Ungrounded,
    /// A casualty count disagrees with the number its evidence states.
    Mismatch,
    /// Some field with a value has no evidence.
    NoEvidence,
}

impl Flag {
    pub const ALL: [Flag; 4] = [
        Flag::Warning,
        Flag::Ungrounded,
        Flag::Mismatch,
        Flag::NoEvidence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Flag::Warning => "warning",
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

/// A malformed query: a short message for the line under the search box,
/// and the byte range of the offending term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub span: Range<usize>,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

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

    /// Whether the query depends on review statuses.
    pub fn uses_status(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Status(_)))
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
                if value.chars().any(super::parse::is_separator) {
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
        }
    }
}
