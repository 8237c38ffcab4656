//! The columns a frequency table groups by, and each incident's group in
//! one, worked out once per dataset (a `u32` an incident) so a table over
//! a million listed incidents costs one pass over compact arrays.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::dataset::{Dataset, Field, Incident};
use crate::query::{TermKind, TextField};
use crate::review::ReviewStatus;

use super::SortBy;

/// A column a frequency table can be built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Column {
    /// Grouped through the gazetteer: aliases count as one province.
    #[default]
    Province,
    District,
    Location,
    Perpetrator,
    Target,
    EventType,
    /// The date's month (`2020-05`); dates without a month are missing.
    Month,
    Year,
    /// The review status.
    Status,
    /// The outlet of the incident's first source that names one.
    Outlet,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Province,
        Column::District,
        Column::Location,
        Column::Perpetrator,
        Column::Target,
        Column::EventType,
        Column::Month,
        Column::Year,
        Column::Status,
        Column::Outlet,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Province => "province",
            Column::District => "district",
            Column::Location => "location",
            Column::Perpetrator => "perpetrator",
            Column::Target => "target",
            Column::EventType => "event_type",
            Column::Month => "month",
            Column::Year => "year",
            Column::Status => "status",
            Column::Outlet => "outlet",
        }
    }

    pub fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The next column in [`Column::ALL`], round again after the last.
    pub fn next(self) -> Column {
        let at = Column::ALL.iter().position(|&c| c == self).unwrap_or(0);
        Column::ALL[(at + 1) % Column::ALL.len()]
    }

    /// Dates read in order; the rest largest first.
    pub fn default_sort(self) -> SortBy {
        match self {
            Column::Month | Column::Year => SortBy::Value,
            _ => SortBy::Killed,
        }
    }

    fn text_filter(self) -> Option<TextField> {
        Some(match self {
            Column::Province => TextField::Province,
            Column::District => TextField::District,
            Column::Location => TextField::Location,
            Column::Perpetrator => TextField::Perpetrator,
            Column::Target => TextField::Target,
            Column::EventType => TextField::EventType,
            Column::Outlet => TextField::Outlet,
            Column::Month | Column::Year | Column::Status => return None,
        })
    }

    /// The search term that lists the incidents with `value` (`province:`
    /// takes aliases; the other text filters match a part of the value,
    /// so they may list a few more, `kirkuk` listing `kirkuk city` too).
    pub fn filter_term(self, value: &str) -> Option<String> {
        match self {
            Column::Month | Column::Year => Some(format!("date:{value}")),
            Column::Status => Some(format!("status:{value}")),
            _ => Some(TermKind::Text(self.text_filter()?, value.to_string()).to_string()),
        }
    }

    fn field(self) -> Option<Field> {
        Some(match self {
            Column::District => Field::District,
            Column::Location => Field::Location,
            Column::Perpetrator => Field::Perpetrator,
            Column::Target => Field::Target,
            Column::EventType => Field::EventType,
            _ => return None,
        })
    }
}

fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// An incident's value in a column, as shown; `None` when missing. (The
/// status is the review's, not the incident's: see `status_group`.)
pub fn value<'a>(
    incident: &'a Incident,
    column: Column,
    dataset: &'a Dataset,
) -> Option<Cow<'a, str>> {
    match column {
        Column::Province => {
            if let Some(c) = present(incident.province_canonical.as_deref()) {
                return Some(Cow::Borrowed(c));
            }
            let written = present(incident.province.as_deref())?;
            Some(
                match dataset.province_aliases.get(&written.to_lowercase()) {
                    Some(canonical) => Cow::Borrowed(canonical.as_str()),
                    None => Cow::Borrowed(written),
                },
            )
        }
        Column::Outlet => incident.sources.iter().find_map(|s| {
            let doc = dataset.documents.get(s.document?)?;
            present(doc.outlet.as_deref()).map(Cow::Borrowed)
        }),
        Column::Month => {
            let d = incident.date_parsed?;
            Some(Cow::Owned(format!("{:04}-{:02}", d.year, d.month?)))
        }
        Column::Year => Some(Cow::Owned(format!("{:04}", incident.date_parsed?.year))),
        Column::Status => None,
        _ => present(column.field()?.text(incident)).map(Cow::Borrowed),
    }
}

/// The group of each review status in the status column.
pub(super) fn status_group(status: ReviewStatus) -> usize {
    ReviewStatus::ALL
        .iter()
        .position(|&s| s == status)
        .unwrap_or(0)
}

/// What an incident's value is looked up by while building: the text as
/// stored (no lower-casing for the spellings seen before) or the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Raw<'a> {
    Text(&'a str),
    /// The canonical province and the province as written.
    Province(Option<&'a str>, Option<&'a str>),
    /// Looked up for each incident.
    Each,
    Date(u16, Option<u8>),
    Missing,
}

/// Each incident's group in one column: built once per dataset and
/// column, then every table over any listing reads it.
#[derive(Debug, Clone)]
pub struct FrequencyColumn {
    pub column: Column,
    /// Each incident's group (index into `names`); empty for the status.
    group_of: Vec<u32>,
    /// Each group's value as first written; group 0 is the missing value.
    names: Vec<Option<String>>,
    /// Each group's value, lower-cased, to its group.
    keys: HashMap<String, u32>,
}

impl FrequencyColumn {
    pub fn new(dataset: &Dataset, column: Column) -> FrequencyColumn {
        let mut out = FrequencyColumn {
            column,
            group_of: Vec::new(),
            names: vec![None],
            keys: HashMap::new(),
        };
        if column == Column::Status {
            out.names = ReviewStatus::ALL
                .iter()
                .map(|s| Some(s.name().to_string()))
                .collect();
            return out;
        }
        let mut by_raw: HashMap<Raw, u32> = HashMap::new();
        out.group_of.reserve(dataset.incidents.len());
        for incident in &dataset.incidents {
            let raw = match column {
                Column::Month | Column::Year => match incident.date_parsed {
                    Some(d) if column == Column::Year => Raw::Date(d.year, None),
                    Some(d) if d.month.is_some() => Raw::Date(d.year, d.month),
                    _ => Raw::Missing,
                },
                Column::Province => Raw::Province(
                    incident.province_canonical.as_deref(),
                    incident.province.as_deref(),
                ),
                // The common case: the first source names the outlet.
                Column::Outlet => match incident
                    .sources
                    .first()
                    .and_then(|s| dataset.documents.get(s.document?))
                    .and_then(|d| present(d.outlet.as_deref()))
                {
                    Some(outlet) => Raw::Text(outlet),
                    None => Raw::Each,
                },
                _ => match column.field().and_then(|f| f.text(incident)) {
                    Some(t) => Raw::Text(t),
                    None => Raw::Missing,
                },
            };
            let group = match by_raw.get(&raw) {
                Some(&g) => g,
                None => {
                    let g = out.intern(value(incident, column, dataset).as_deref());
                    if raw != Raw::Each {
                        by_raw.insert(raw, g);
                    }
                    g
                }
            };
            out.group_of.push(group);
        }
        out
    }

    /// The group of a value, added when new.
    fn intern(&mut self, value: Option<&str>) -> u32 {
        let Some(value) = value else {
            return 0;
        };
        let key = value.to_lowercase();
        if let Some(&g) = self.keys.get(&key) {
            return g;
        }
        let g = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(Some(value.to_string()));
        self.keys.insert(key, g);
        g
    }

    /// How many groups there are (the missing value included).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The group of the dataset's incident `i`.
    pub(super) fn group(&self, i: usize) -> usize {
        self.group_of.get(i).map_or(0, |&g| g as usize)
    }

    /// A group's value; `None` for the missing value.
    pub(super) fn name(&self, g: usize) -> Option<String> {
        self.names.get(g).cloned().flatten()
    }

    /// The group of a (corrected) incident's value, or the value when no
    /// incident of the dataset has it.
    pub(super) fn group_of_value(
        &self,
        incident: &Incident,
        dataset: &Dataset,
    ) -> Result<usize, String> {
        let Some(v) = value(incident, self.column, dataset) else {
            return Ok(0);
        };
        match self.keys.get(&v.to_lowercase()) {
            Some(&g) => Ok(g as usize),
            None => Err(v.into_owned()),
        }
    }
}
