//! Casualties per province: pure arithmetic over a set of incidents.
//!
//! Unknown counts are not zero: they add nothing to the sums and are counted
//! on their own, so a reader sees how much of a total is missing.

use std::collections::HashMap;

use serde::Serialize;

use crate::dataset::Incident;

pub mod calendar;
pub mod frequency;
mod listed;
pub mod timeline;

pub use calendar::BinUnit;
pub use frequency::{Column, FrequencyColumn, FrequencyRow, FrequencyTable, SortBy};
pub use listed::{DateColumn, Listed};
pub use timeline::{Timeline, TimelineError};

/// The label for incidents without a province.
pub const UNKNOWN_PROVINCE: &str = "(unknown)";

/// Counts for one province, or for everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub incidents: u64,
    pub killed: u64,
    pub wounded: u64,
    pub killed_unknown: u64,
    pub wounded_unknown: u64,
}

impl Totals {
    fn add(&mut self, incident: &Incident) {
        self.add_counts(incident.killed, incident.wounded);
    }

    /// Counts one incident with these casualty counts (`None` unknown).
    pub fn add_counts(&mut self, killed: Option<u64>, wounded: Option<u64>) {
        self.incidents += 1;
        match killed {
            Some(k) => self.killed = self.killed.saturating_add(k),
            None => self.killed_unknown += 1,
        }
        match wounded {
            Some(w) => self.wounded = self.wounded.saturating_add(w),
            None => self.wounded_unknown += 1,
        }
    }

    /// Adds another set of totals to these.
    pub fn absorb(&mut self, other: &Totals) {
        self.incidents += other.incidents;
        self.killed = self.killed.saturating_add(other.killed);
        self.wounded = self.wounded.saturating_add(other.wounded);
        self.killed_unknown += other.killed_unknown;
        self.wounded_unknown += other.wounded_unknown;
    }

    /// Counts that are unknown, killed and wounded together.
    pub fn unknown(&self) -> u64 {
        self.killed_unknown + self.wounded_unknown
    }
}

/// The incidents a summary counts otherwise than the dataset has them,
/// by dataset index (see [`Counted`]).
pub type Exceptions = HashMap<usize, Counted, foldhash::fast::RandomState>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceTotals {
    pub province: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Casualties per province, largest first, and the overall total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub provinces: Vec<ProvinceTotals>,
    pub total: Totals,
}

/// The key a province groups under: case and surrounding space do not split
/// a province in two.
fn group_key(province: Option<&str>) -> String {
    match province.map(str::trim) {
        Some(p) if !p.is_empty() => p.to_lowercase(),
        _ => String::new(),
    }
}

/// Sums the incidents given. Provinces are sorted by killed, then wounded,
/// then incidents (all descending), then by name, so ties are stable.
pub fn summarize<'a>(incidents: impl IntoIterator<Item = &'a Incident>) -> Summary {
    let mut by_key: HashMap<String, ProvinceTotals> = HashMap::new();
    let mut total = Totals::default();
    for incident in incidents {
        total.add(incident);
        let province = incident
            .province_canonical
            .as_deref()
            .or(incident.province.as_deref());
        let key = group_key(province);
        by_key
            .entry(key)
            .or_insert_with(|| ProvinceTotals {
                province: match province.map(str::trim) {
                    Some(p) if !p.is_empty() => p.to_string(),
                    _ => UNKNOWN_PROVINCE.to_string(),
                },
                totals: Totals::default(),
            })
            .totals
            .add(incident);
    }
    let mut provinces: Vec<ProvinceTotals> = by_key.into_values().collect();
    sort_provinces(&mut provinces);
    Summary { provinces, total }
}

/// Sums many subsets of one set of incidents quickly (the search engine
/// sums the matching incidents on every keystroke): each incident's province
/// group and counts are worked out once, in compact arrays, so summing a
/// million incidents touches a few megabytes instead of a million records.
/// Gives exactly what [`summarize`] gives for the same incidents in the same
/// order.
#[derive(Debug, Clone, Default)]
pub struct Summarizer {
    /// Each incident's group (index into `groups`).
    group_of: Vec<u32>,
    groups: usize,
    /// Each group's key (see `group_key`) to its index.
    group_ids: HashMap<String, u32>,
    /// Killed and wounded, `u32::MAX` for unknown. `None` when some count
    /// does not fit, and the records are read instead.
    counts: Option<Vec<(u32, u32)>>,
}

const UNKNOWN_COUNT: u32 = u32::MAX;

fn display_province(incident: &Incident) -> Option<&str> {
    incident
        .province_canonical
        .as_deref()
        .or(incident.province.as_deref())
}

impl Summarizer {
    pub fn new(incidents: &[Incident]) -> Summarizer {
        let mut ids: HashMap<String, u32> = HashMap::new();
        // Most incidents repeat a few spellings: look those up first
        // without lower-casing.
        let mut by_spelling: HashMap<&str, u32> = HashMap::new();
        let mut group_of = Vec::with_capacity(incidents.len());
        for incident in incidents {
            let spelling = display_province(incident).unwrap_or("");
            let id = match by_spelling.get(spelling) {
                Some(&id) => id,
                None => {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    let id = *ids.entry(group_key(Some(spelling))).or_insert(next);
                    by_spelling.insert(spelling, id);
                    id
                }
            };
            group_of.push(id);
        }
        let narrow = |c: Option<u64>| match c {
            None => Some(UNKNOWN_COUNT),
            Some(n) => u32::try_from(n).ok().filter(|&n| n != UNKNOWN_COUNT),
        };
        let counts = incidents
            .iter()
            .map(|i| Some((narrow(i.killed)?, narrow(i.wounded)?)))
            .collect();
        Summarizer {
            group_of,
            groups: ids.len(),
            group_ids: ids,
            counts,
        }
    }

    /// The summary of `incidents[i]` for each `i` in `rows`, in that order.
    pub fn summarize(&self, incidents: &[Incident], rows: &[usize]) -> Summary {
        self.summarize_except(incidents, rows, &HashMap::default())
    }
}

/// The incident that names a group in a summary.
#[derive(Clone, Copy)]
enum First<'a> {
    /// A row, counted as the dataset has it.
    Row(usize),
    /// An incident counted with other values.
    Shown(&'a Incident),
}

/// How an incident counts in a summary when not as the dataset has it.
#[derive(Debug, Clone)]
pub enum Counted {
    /// Left out (a rejected incident).
    Not,
    /// With these values instead (a corrected incident).
    As(Box<Incident>),
}

impl Summarizer {
    /// [`Summarizer::summarize`], with the incidents in `except` left out
    /// or counted with other values; the same as `summarize` over the
    /// incidents as shown, in order. Reviews touch few incidents, so a
    /// million rows still cost only the compact columns.
    pub fn summarize_except(
        &self,
        incidents: &[Incident],
        rows: &[usize],
        except: &Exceptions,
    ) -> Summary {
        let Some(counts) = &self.counts else {
            let shown: Vec<&Incident> = rows
                .iter()
                .filter_map(|&i| match except.get(&i) {
                    Some(Counted::Not) => None,
                    Some(Counted::As(changed)) => Some(changed.as_ref()),
                    None => incidents.get(i),
                })
                .collect();
            return summarize(shown);
        };
        // Two copies of one loop: without exceptions the compiler drops the
        // lookup from the per-row path.
        if except.is_empty() {
            self.sum_rows(incidents, rows, counts, |_| None)
        } else {
            self.sum_rows(incidents, rows, counts, |i| except.get(&i))
        }
    }

    fn sum_rows<'a>(
        &self,
        incidents: &'a [Incident],
        rows: &[usize],
        counts: &[(u32, u32)],
        exception: impl Fn(usize) -> Option<&'a Counted>,
    ) -> Summary {
        let mut totals = vec![Totals::default(); self.groups];
        // Each group's name: the first incident counted in it, as shown
        // (a row is looked up only at the end, off the per-row path).
        let mut first: Vec<Option<First>> = vec![None; self.groups];
        let mut more_groups: HashMap<String, usize> = HashMap::new();
        for &i in rows {
            let (g, named) = match exception(i) {
                Some(Counted::Not) => continue,
                Some(Counted::As(changed)) => {
                    let key = group_key(display_province(changed));
                    let g = match self.group_ids.get(&key) {
                        Some(&g) => g as usize,
                        None => *more_groups.entry(key).or_insert_with(|| {
                            totals.push(Totals::default());
                            first.push(None);
                            totals.len() - 1
                        }),
                    };
                    totals[g].add(changed);
                    (g, First::Shown(changed.as_ref()))
                }
                None => {
                    let (Some(&g), Some(&(killed, wounded))) =
                        (self.group_of.get(i), counts.get(i))
                    else {
                        continue;
                    };
                    let t = &mut totals[g as usize];
                    t.incidents += 1;
                    if killed == UNKNOWN_COUNT {
                        t.killed_unknown += 1;
                    } else {
                        t.killed += u64::from(killed);
                    }
                    if wounded == UNKNOWN_COUNT {
                        t.wounded_unknown += 1;
                    } else {
                        t.wounded += u64::from(wounded);
                    }
                    (g as usize, First::Row(i))
                }
            };
            if first[g].is_none() {
                first[g] = Some(named);
            }
        }
        let mut total = Totals::default();
        let mut provinces = Vec::new();
        for (t, f) in totals.into_iter().zip(first) {
            let Some(f) = f else {
                continue;
            };
            total.absorb(&t);
            let shown = match f {
                First::Row(i) => incidents.get(i),
                First::Shown(incident) => Some(incident),
            };
            let name = match shown.and_then(display_province).map(str::trim) {
                Some(p) if !p.is_empty() => p.to_string(),
                _ => UNKNOWN_PROVINCE.to_string(),
            };
            provinces.push(ProvinceTotals {
                province: name,
                totals: t,
            });
        }
        sort_provinces(&mut provinces);
        Summary { provinces, total }
    }
}

fn sort_provinces(provinces: &mut [ProvinceTotals]) {
    provinces.sort_by(|a, b| {
        (b.totals.killed, b.totals.wounded, b.totals.incidents)
            .cmp(&(a.totals.killed, a.totals.wounded, a.totals.incidents))
            .then_with(|| a.province.cmp(&b.province))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inc(province: Option<&str>, killed: Option<u64>, wounded: Option<u64>) -> Incident {
        Incident {
            province: province.map(Into::into),
            killed,
            wounded,
            ..Incident::default()
        }
    }

    #[test]
    fn leaving_out_and_changing_incidents_sums_what_is_shown() {
        let names = [
            Some("Kirkuk"),
            Some("kirkuk "),
            Some("Diyala"),
            None,
            Some(""),
            Some("Anbar"),
        ];
        let incidents: Vec<Incident> = (0..600u64)
            .map(|n| {
                let count = |m: u64| (n % m != 0).then_some(n % 7);
                inc(names[(n % 6) as usize], count(5), count(3))
            })
            .collect();
        let summarizer = Summarizer::new(&incidents);
        for seed in 0..40usize {
            // Rows: a different subset and order each time.
            let rows: Vec<usize> = (0..600)
                .map(|k| (k * (seed * 2 + 1) + seed) % 600)
                .filter(|k| k % (seed % 4 + 1) == 0)
                .collect();
            let mut except = HashMap::default();
            for (j, &i) in rows
                .iter()
                .enumerate()
                .filter(|(j, _)| j % (7 + seed % 5) == 0)
            {
                let counted = match (j + seed) % 4 {
                    0 => Counted::Not,
                    1 => Counted::As(Box::new(inc(Some("Basra"), Some(9), None))),
                    2 => Counted::As(Box::new(inc(names[(j + seed) % 6], None, Some(4)))),
                    _ => Counted::As(Box::new(inc(Some("KIRKUK"), Some(1), Some(1)))),
                };
                except.insert(i, counted);
            }
            let shown: Vec<&Incident> = rows
                .iter()
                .filter_map(|&i| match except.get(&i) {
                    Some(Counted::Not) => None,
                    Some(Counted::As(changed)) => Some(changed.as_ref()),
                    None => Some(&incidents[i]),
                })
                .collect();
            assert_eq!(
                summarizer.summarize_except(&incidents, &rows, &except),
                summarize(shown),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn unknown_counts_are_counted_not_added() {
        let incidents = [
            inc(Some("Kirkuk"), Some(3), None),
            inc(Some("kirkuk "), None, Some(4)),
            inc(Some("Kirkuk"), Some(0), Some(0)),
        ];
        let s = summarize(&incidents);
        assert_eq!(s.provinces.len(), 1);
        let k = &s.provinces[0];
        assert_eq!(k.province, "Kirkuk");
        assert_eq!(
            k.totals,
            Totals {
                incidents: 3,
                killed: 3,
                wounded: 4,
                killed_unknown: 1,
                wounded_unknown: 1
            }
        );
        assert_eq!(s.total, k.totals);
    }

    #[test]
    fn sorted_by_killed_with_unknown_province_grouped() {
        let incidents = [
            inc(Some("Diyala"), Some(1), Some(9)),
            inc(None, Some(5), Some(0)),
            inc(Some("  "), Some(1), None),
            inc(Some("Anbar"), Some(7), Some(1)),
            inc(Some("Basra"), Some(1), Some(9)),
        ];
        let s = summarize(&incidents);
        let names: Vec<_> = s.provinces.iter().map(|p| p.province.as_str()).collect();
        assert_eq!(names, ["Anbar", "(unknown)", "Basra", "Diyala"]);
        assert_eq!(s.provinces[1].totals.incidents, 2);
        assert_eq!(s.provinces[1].totals.killed, 6);
        assert_eq!(s.total.killed, 15);
        assert_eq!(s.total.wounded, 19);
        assert_eq!(s.total.wounded_unknown, 1);
    }

    #[test]
    fn summarizer_gives_what_summarize_gives() {
        let incidents = [
            inc(Some("Diyala"), Some(1), Some(9)),
            inc(None, Some(5), Some(0)),
            inc(Some("kirkuk "), None, Some(2)),
            inc(Some("  "), Some(1), None),
            inc(Some("Kirkuk"), Some(7), Some(1)),
            inc(Some("Basra"), Some(u64::MAX), Some(9)),
        ];
        let fast = Summarizer::new(&incidents[..5]);
        for rows in [
            vec![0, 1, 2, 3, 4],
            vec![4, 2, 0],
            vec![2, 4],
            vec![],
            vec![3, 3],
        ] {
            assert_eq!(
                fast.summarize(&incidents, &rows),
                summarize(rows.iter().map(|&i| &incidents[i])),
                "{rows:?}"
            );
        }
        // "kirkuk " first names the group as written (trimmed).
        assert_eq!(
            fast.summarize(&incidents, &[2, 4]).provinces[0].province,
            "kirkuk"
        );
        // A count too large for the compact form falls back to the records.
        let wide = Summarizer::new(&incidents);
        let all: Vec<usize> = (0..6).collect();
        assert_eq!(
            wide.summarize(&incidents, &all),
            summarize(&incidents),
            "saturating sums"
        );
    }

    #[test]
    fn empty_set_sums_to_zero() {
        let s = summarize(&[]);
        assert!(s.provinces.is_empty());
        assert_eq!(s.total, Totals::default());
    }

    #[test]
    fn json_shape_matches_the_documented_one() {
        let s = summarize(&[inc(Some("Kirkuk"), Some(2), None)]);
        let v = serde_json::to_value(&s).expect("serialises");
        assert_eq!(
            v,
            serde_json::json!({
                "provinces": [{"province": "Kirkuk", "incidents": 1, "killed": 2, "wounded": 0,
                                "killed_unknown": 0, "wounded_unknown": 1}],
                "total": {"incidents": 1, "killed": 2, "wounded": 0, "killed_unknown": 0, "wounded_unknown": 1}
            })
        );
    }
}
