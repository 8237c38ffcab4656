//! How many incidents the date filter or the date sort could not place.

use super::ast::Query;
use super::sort::SortKey;
use crate::dataset::Dataset;

/// How many incidents a `date:` filter left out, or the date sort put
/// last, for want of a date that parses (undated, or written in a way not
/// read): the list says so rather than hide them without a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undated {
    pub count: usize,
    /// `true`: a `date:` filter left them out (counted over the dataset);
    /// `false`: the date sort lists them last (counted over the rows).
    pub left_out: bool,
}

impl Undated {
    pub(super) fn of(
        dataset: &Dataset,
        query: &Query,
        key: SortKey,
        rows: &[usize],
    ) -> Option<Undated> {
        let unplaced = |i: &&crate::dataset::Incident| i.date_parsed.is_none();
        let (count, left_out) = if query.uses_dates() {
            (dataset.incidents.iter().filter(unplaced).count(), true)
        } else if key == SortKey::Date {
            let n = rows
                .iter()
                .filter_map(|&r| dataset.incidents.get(r))
                .filter(unplaced)
                .count();
            (n, false)
        } else {
            return None;
        };
        (count > 0).then_some(Undated { count, left_out })
    }

    /// A few words for the list's title: `2 undated left out`.
    pub fn short(&self) -> String {
        let place = if self.left_out { "left out" } else { "last" };
        format!("{} undated {place}", self.count)
    }
}

/// The sentence `incidents search` prints.
impl std::fmt::Display for Undated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let have = if self.count == 1 { "has" } else { "have" };
        let what = if self.left_out {
            "date: filters leave them out"
        } else {
            "sorted by date, they come last"
        };
        write!(
            f,
            "{} {have} no date that parses (undated, or written in a way not read); {what}",
            crate::dataset::plural::of(self.count, "incident")
        )
    }
}
