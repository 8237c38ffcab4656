//! The orders of the list.
//!
//! - date: by the parsed date; a less precise date comes before a more
//!   precise one in the same period (`2020` < `2020-01` < `2020-01-01`);
//! - province: by canonical name (else as written), ignoring case;
//! - killed, wounded: by the count;
//! - relevance: best fuzzy match first (for each word, the best skim score
//!   among the short fields, ASCII case ignored; summed over the words);
//!   `descending` puts the weakest first. Without fuzzy
//!   words every score is 0 and the order is the dataset's.
//!
//! Missing values (undated, or a date that does not parse; no province;
//! an unknown count) come last in *both* directions: reversing the order
//! should bring the largest numbers to the top, not the unknowns. Ties keep
//! the dataset's order in both directions.

use std::fmt;

use crate::dataset::{Dataset, Incident};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Date,
    Province,
    Killed,
    Wounded,
    Relevance,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Date,
        SortKey::Province,
        SortKey::Killed,
        SortKey::Wounded,
        SortKey::Relevance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Province => "province",
            SortKey::Killed => "killed",
            SortKey::Wounded => "wounded",
            SortKey::Relevance => "relevance",
        }
    }

    pub fn parse(name: &str) -> Option<SortKey> {
        SortKey::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// The next key for `s`: relevance is offered only while the query has
    /// fuzzy words.
    pub fn next(self, with_relevance: bool) -> SortKey {
        match self {
            SortKey::Date => SortKey::Province,
            SortKey::Province => SortKey::Killed,
            SortKey::Killed => SortKey::Wounded,
            SortKey::Wounded if with_relevance => SortKey::Relevance,
            SortKey::Wounded | SortKey::Relevance => SortKey::Date,
        }
    }
}

/// A key and a direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SortSpec {
    pub key: SortKey,
    pub descending: bool,
}

impl fmt::Display for SortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key {
            // Scores are not a column to read up or down: say which end
            // the best matches are at.
            SortKey::Relevance if self.descending => f.write_str("relevance, best last"),
            SortKey::Relevance => f.write_str("relevance, best first"),
            key => {
                let arrow = if self.descending { "↓" } else { "↑" };
                write!(f, "{} {arrow}", key.name())
            }
        }
    }
}

/// A sort key: whether the value is missing (missing values after every
/// present one), then the value with the direction folded in.
type Key = (bool, u64);

/// A key and the incident, flat so that it takes 16 bytes: a million of
/// them are sorted at once.
type Keyed = (bool, u64, u32);

const MISSING: Key = (true, 0);

fn present(value: u64, descending: bool) -> Key {
    (false, if descending { u64::MAX - value } else { value })
}

/// Each incident's rank among the distinct province names (canonical, else
/// as written; case ignored); `None` for no province.
pub fn province_ranks(dataset: &Dataset) -> Vec<Option<u32>> {
    let mut names: Vec<String> = dataset
        .incidents
        .iter()
        .filter_map(province_name)
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    names.sort();
    let rank: std::collections::HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(n, s)| (s.as_str(), u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    dataset
        .incidents
        .iter()
        .map(|i| province_name(i).and_then(|n| rank.get(n.as_str()).copied()))
        .collect()
}

fn province_name(incident: &Incident) -> Option<String> {
    incident
        .province_canonical
        .as_deref()
        .or(incident.province.as_deref())
        .and_then(super::index::province_key)
}

/// The key of incident `i` for every order but relevance.
fn key_of(incident: &Incident, i: usize, spec: SortSpec, ranks: &[Option<u32>]) -> Key {
    let value = match spec.key {
        SortKey::Date => incident.date_parsed.map(|d| {
            // Missing month/day (None) before any present one, like PartialDate's order.
            u64::from(d.year) << 16
                | u64::from(d.month.unwrap_or(0)) << 8
                | u64::from(d.day.unwrap_or(0))
        }),
        SortKey::Province => ranks.get(i).copied().flatten().map(u64::from),
        SortKey::Killed => incident.killed,
        SortKey::Wounded => incident.wounded,
        SortKey::Relevance => Some(0),
    };
    value.map_or(MISSING, |v| present(v, spec.descending))
}

/// Sorts `rows` (incident indices) for `spec`. For relevance, `scores`
/// gives each row's score (same length as `rows`); without it every score
/// is 0.
pub fn sort_rows(
    dataset: &Dataset,
    rows: &mut [u32],
    spec: SortSpec,
    ranks: &[Option<u32>],
    scores: Option<&[i64]>,
) {
    let mut keyed: Vec<Keyed> = rows
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let key = match (spec.key, scores) {
                (SortKey::Relevance, Some(s)) => {
                    let score = s.get(n).copied().unwrap_or(0);
                    // Best first unless descending: flip the score.
                    let best_first = !spec.descending;
                    let v = i128::from(score) - i128::from(i64::MIN);
                    let v = u64::try_from(v).unwrap_or(u64::MAX);
                    present(v, best_first)
                }
                _ => dataset
                    .incidents
                    .get(i as usize)
                    .map_or(MISSING, |inc| key_of(inc, i as usize, spec, ranks)),
            };
            (key.0, key.1, i)
        })
        .collect();
    par_sort_into(&mut keyed, rows);
}

/// Sorts incident indices in place, for callers outside the engine (the
/// browser before any search). Relevance without a query is dataset order.
pub fn sort_incidents(dataset: &Dataset, rows: &mut [usize], spec: SortSpec) {
    let ranks = if spec.key == SortKey::Province {
        province_ranks(dataset)
    } else {
        Vec::new()
    };
    let mut as_u32: Vec<u32> = rows
        .iter()
        .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    sort_rows(dataset, &mut as_u32, spec, &ranks, None);
    for (slot, i) in rows.iter_mut().zip(as_u32) {
        *slot = i as usize;
    }
}

/// Sorts `keyed` and writes its incidents in that order to `rows` (as
/// long). On two cores when there is enough to sort, merging the sorted
/// halves straight into `rows`. Keys are unique (the index is part of
/// them), so the result is the same as a stable sort.
fn par_sort_into(keyed: &mut [Keyed], rows: &mut [u32]) {
    const PARALLEL_FROM: usize = 50_000;
    if keyed.len() < PARALLEL_FROM {
        keyed.sort_unstable();
        for (slot, k) in rows.iter_mut().zip(keyed.iter()) {
            *slot = k.2;
        }
        return;
    }
    let mid = keyed.len() / 2;
    let (a, b) = keyed.split_at_mut(mid);
    std::thread::scope(|s| {
        s.spawn(|| a.sort_unstable());
        b.sort_unstable();
    });
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    for slot in rows.iter_mut() {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) | (None, _) => b.next(),
            (Some(_), None) => a.next(),
        };
        if let Some(k) = next {
            *slot = k.2;
        }
    }
}

#[cfg(test)]
#[path = "sort_tests.rs"]
mod tests;
