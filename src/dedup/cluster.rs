//! Pairs above the threshold joined into clusters (union-find: a cluster
//! is every incident linked to another by such a pair, transitively),
//! each incident's best matches, and what a cluster's members disagree
//! on. The order of everything depends on the incidents' ids and dates,
//! never on their order in the file.

use serde::Serialize;

use super::score::Parts;
use super::RUNNERS_UP;
use crate::dataset::{Dataset, Field, Incident};
use crate::evidence::fold::fold_str;

/// A candidate pair that no criterion ruled out, and its score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair {
    /// Indices of the two incidents in the dataset.
    pub a: usize,
    pub b: usize,
    pub score: f32,
    pub parts: Parts,
}

/// One of an incident's best matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The other incident's index.
    pub other: usize,
    pub score: f32,
    /// Whether the score reaches the threshold (the two share a cluster).
    pub duplicate: bool,
}

/// Incidents that are likely one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// 1, 2, ...: clusters ordered by their first member's date and id.
    pub number: usize,
    /// Indices of the members, by date, then id.
    members: Vec<usize>,
    /// The pairs above the threshold that join them, best first.
    pairs: Vec<Pair>,
}

/// A field the members of a cluster give different values for.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub field: Field,
    /// Each member's value as shown (in the members' order; `None` when
    /// it has none).
    pub values: Vec<Option<String>>,
}

/// A count over a cluster's members: the least and the most they report,
/// the middle one (the lower of the two middle ones), and how many do
/// not know it. All `None` when no member knows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CountRange {
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub unknown: usize,
}

/// What [`super::find`] found.
#[derive(Debug, Clone, Default)]
pub struct Duplicates {
    clusters: Vec<Cluster>,
    /// Per incident, its cluster's place in `clusters`.
    cluster_of: Vec<Option<u32>>,
    /// Per incident, where its matches start in `matches` (one more
    /// entry than incidents).
    match_start: Vec<u32>,
    matches: Vec<Match>,
    /// Candidate pairs that no criterion ruled out.
    pub scored_pairs: usize,
    pub threshold: f32,
}

impl Cluster {
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// The fields the members do not all agree on: provinces compared by
    /// canonical name, other text ignoring case, spacing and punctuation
    /// styles, counts as numbers (unknown differing from any number).
    pub fn differences(&self, dataset: &Dataset) -> Vec<Difference> {
        let members: Vec<&Incident> = self
            .members
            .iter()
            .filter_map(|&i| dataset.incidents.get(i))
            .collect();
        Field::ALL
            .into_iter()
            .filter_map(|field| {
                if agree_on(field, &members) {
                    return None;
                }
                let values = members
                    .iter()
                    .map(|i| field.has_value(i).then(|| field.display(i)))
                    .collect();
                Some(Difference { field, values })
            })
            .collect()
    }

    /// Killed over the members (see [`CountRange`]).
    pub fn killed(&self, dataset: &Dataset) -> CountRange {
        self.range(dataset, |i| i.killed)
    }

    /// Wounded over the members.
    pub fn wounded(&self, dataset: &Dataset) -> CountRange {
        self.range(dataset, |i| i.wounded)
    }

    fn range(&self, dataset: &Dataset, count: fn(&Incident) -> Option<u64>) -> CountRange {
        let mut known: Vec<u64> = Vec::new();
        let mut unknown = 0;
        for i in self
            .members
            .iter()
            .filter_map(|&i| dataset.incidents.get(i))
        {
            match count(i) {
                Some(n) => known.push(n),
                None => unknown += 1,
            }
        }
        known.sort_unstable();
        CountRange {
            low: known.first().copied(),
            best: known.get(known.len().saturating_sub(1) / 2).copied(),
            high: known.last().copied(),
            unknown,
        }
    }
}

/// A value as differences compare it.
/// Whether `incidents` all agree on `field`, by the rules of
/// [`Cluster::differences`] (a province by its canonical name, text
/// ignoring case, spacing and punctuation styles, counts as numbers).
pub fn agree_on(field: Field, incidents: &[&Incident]) -> bool {
    incidents
        .windows(2)
        .all(|w| compared_value(field, w[0]) == compared_value(field, w[1]))
}

fn compared_value(field: Field, incident: &Incident) -> Option<String> {
    if !field.has_value(incident) {
        return None;
    }
    match field {
        Field::Province => incident
            .province_canonical
            .as_deref()
            .map(str::to_string)
            .or_else(|| incident.province.as_deref().map(fold_str)),
        Field::Killed | Field::Wounded => Some(field.display(incident)),
        _ => field.text(incident).map(fold_str),
    }
}

impl Duplicates {
    /// Every cluster, by its first member's date and id.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The cluster incident `i` (its index in the dataset) belongs to.
    pub fn cluster_of(&self, i: usize) -> Option<&Cluster> {
        let at = (*self.cluster_of.get(i)?)?;
        self.clusters.get(at as usize)
    }

    /// Incident `i`'s best match and runners-up, best first (duplicates
    /// or not: a runner-up below the threshold is still worth a look).
    pub fn matches(&self, i: usize) -> &[Match] {
        match (self.match_start.get(i), self.match_start.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.matches[from as usize..to as usize],
            _ => &[],
        }
    }

    /// How many incidents are in some cluster.
    pub fn clustered(&self) -> usize {
        self.clusters.iter().map(|c| c.members.len()).sum()
    }
}

/// Union-find over incident indices, by size, with path halving.
struct Sets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n)
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
            size: vec![1; n],
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] as usize != i {
            let up = self.parent[self.parent[i] as usize];
            self.parent[i] = up;
            i = up as usize;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.root(a), self.root(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = u32::try_from(a).unwrap_or(u32::MAX);
        self.size[a] += self.size[b];
    }
}

/// The clusters and matches of the scored `pairs` of `dataset`.
pub(super) fn build(dataset: &Dataset, mut pairs: Vec<Pair>, threshold: f32) -> Duplicates {
    let incidents = &dataset.incidents;
    let n = incidents.len();
    let id = |i: usize| incidents[i].id.as_str();
    // Order within a pair and among pairs by id, whatever the input order.
    for p in &mut pairs {
        if id(p.a) > id(p.b) {
            std::mem::swap(&mut p.a, &mut p.b);
        }
    }
    let by_score = |x: &Pair, y: &Pair| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| id(x.a).cmp(id(y.a)))
            .then_with(|| id(x.b).cmp(id(y.b)))
    };
    let mut sets = Sets::new(n);
    for p in pairs.iter().filter(|p| p.score >= threshold) {
        sets.join(p.a, p.b);
    }
    // Members of each set of more than one.
    let mut groups: foldhash::HashMap<usize, Vec<usize>> = foldhash::HashMap::default();
    for i in 0..n {
        let r = sets.root(i);
        if sets.size[r] > 1 {
            groups.entry(r).or_default().push(i);
        }
    }
    let by_date = |&a: &usize, &b: &usize| {
        incidents[a]
            .date_parsed
            .cmp(&incidents[b].date_parsed)
            .then_with(|| id(a).cmp(id(b)))
    };
    let mut clusters: Vec<(usize, Cluster)> = groups
        .into_iter()
        .map(|(root, mut members)| {
            members.sort_unstable_by(by_date);
            (
                root,
                Cluster {
                    number: 0,
                    members,
                    pairs: Vec::new(),
                },
            )
        })
        .collect();
    clusters.sort_by(|x, y| by_date(&x.1.members[0], &y.1.members[0]));
    let mut cluster_of: Vec<Option<u32>> = vec![None; n];
    let mut at_root: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (k, (root, c)) in clusters.iter_mut().enumerate() {
        c.number = k + 1;
        at_root.insert(*root, k);
        for &m in &c.members {
            cluster_of[m] = u32::try_from(k).ok();
        }
    }
    let mut clusters: Vec<Cluster> = clusters.into_iter().map(|(_, c)| c).collect();
    for p in pairs.iter().filter(|p| p.score >= threshold) {
        let r = sets.root(p.a);
        if let Some(&k) = at_root.get(&r) {
            clusters[k].pairs.push(*p);
        }
    }
    for c in &mut clusters {
        c.pairs.sort_unstable_by(by_score);
    }
    let (match_start, matches) = best_matches(&pairs, n, threshold, &id);
    Duplicates {
        clusters,
        cluster_of,
        match_start,
        matches,
        scored_pairs: pairs.len(),
        threshold,
    }
}

/// Each incident's best matches: its pairs by score, then the other's id.
fn best_matches<'a>(
    pairs: &[Pair],
    n: usize,
    threshold: f32,
    id: &dyn Fn(usize) -> &'a str,
) -> (Vec<u32>, Vec<Match>) {
    let mut both: Vec<(usize, Match)> = pairs
        .iter()
        .flat_map(|p| {
            let duplicate = p.score >= threshold;
            [
                (
                    p.a,
                    Match {
                        other: p.b,
                        score: p.score,
                        duplicate,
                    },
                ),
                (
                    p.b,
                    Match {
                        other: p.a,
                        score: p.score,
                        duplicate,
                    },
                ),
            ]
        })
        .collect();
    // Ties end at the other's id, which is unique: the order is total.
    both.sort_unstable_by(|(i, x), (j, y)| {
        i.cmp(j)
            .then_with(|| y.score.total_cmp(&x.score))
            .then_with(|| id(x.other).cmp(id(y.other)))
    });
    let mut start = Vec::with_capacity(n + 1);
    let mut kept = Vec::new();
    let mut next = both.iter().peekable();
    for i in 0..n {
        start.push(u32::try_from(kept.len()).unwrap_or(u32::MAX));
        let mut taken = 0;
        while let Some((j, m)) = next.next_if(|(j, _)| *j == i) {
            debug_assert_eq!(*j, i);
            if taken <= RUNNERS_UP {
                kept.push(*m);
                taken += 1;
            }
        }
    }
    start.push(u32::try_from(kept.len()).unwrap_or(u32::MAX));
    (start, kept)
}
