//! The detector's clusters with the reviewers' decisions applied.
//!
//! A detected pair decided "not the same" is removed (which can break a
//! cluster in two); a "same event" decision joins its two incidents even
//! when the detector did not pair them. What is joined, transitively, is a
//! cluster; it is **confirmed** when "same event" decisions alone join all
//! its members, a **candidate** otherwise.
//!
//! Counting each confirmed event once ([`count_once`]) keeps one incident
//! per group of incidents decided the same event, with the group's
//! **lowest** known killed and wounded: ACLED codes the most conservative
//! figure when reports of one event disagree. A group whose members all
//! leave a count unknown leaves it unknown.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Duplicates;
use crate::dataset::{Dataset, Incident};
use crate::review::{ReviewState, SameGroups};

/// One cluster after the decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// 1, 2, ...: clusters ordered by their first member's id.
    pub number: usize,
    /// Indices of the members, by id.
    pub members: Vec<usize>,
    /// "Same event" decisions alone join every member.
    pub confirmed: bool,
    /// Detected pairs in it that nobody decided yet.
    pub undecided: Vec<(usize, usize)>,
}

/// The clusters after the decisions, and the detected pairs split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub clusters: Vec<Decided>,
    /// Detected pairs decided "not the same".
    pub split: Vec<(usize, usize)>,
    /// Per incident, its cluster's place in `clusters`.
    cluster_of: HashMap<usize, usize>,
}

impl Resolved {
    /// The cluster incident `i` (its index) belongs to.
    pub fn cluster_of(&self, i: usize) -> Option<&Decided> {
        self.cluster_of.get(&i).map(|&c| &self.clusters[c])
    }

    pub fn confirmed(&self) -> impl Iterator<Item = &Decided> {
        self.clusters.iter().filter(|c| c.confirmed)
    }
}

fn root(parent: &mut HashMap<usize, usize>, mut i: usize) -> usize {
    loop {
        let p = *parent.entry(i).or_insert(i);
        if p == i {
            return i;
        }
        let grand = *parent.entry(p).or_insert(p);
        parent.insert(i, grand);
        i = grand;
    }
}

/// Combines what the detector `found` in `dataset` with the decisions in
/// `state`. Decisions naming an incident not in `dataset` are ignored.
pub fn resolve(dataset: &Dataset, found: &Duplicates, state: &ReviewState) -> Resolved {
    let decisions: Vec<(&str, &str, bool)> = state.duplicate_decisions().collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    if !decisions.is_empty() {
        let named: std::collections::HashSet<&str> =
            decisions.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
        for (i, inc) in dataset.incidents.iter().enumerate() {
            if named.contains(inc.id.as_str()) {
                index.insert(inc.id.as_str(), i);
            }
        }
    }
    let id = |i: usize| dataset.incidents[i].id.as_str();
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let join = |parent: &mut HashMap<usize, usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent.insert(ra.max(rb), ra.min(rb));
    };
    let mut split = Vec::new();
    let mut undecided = Vec::new();
    for c in found.clusters() {
        for p in c.pairs() {
            match state.pair_decision(id(p.a), id(p.b)) {
                Some(false) => split.push((p.a, p.b)),
                decision => {
                    if decision.is_none() {
                        undecided.push((p.a, p.b));
                    }
                    join(&mut parent, p.a, p.b);
                }
            }
        }
    }
    for (a, b, same) in &decisions {
        if let (true, Some(&a), Some(&b)) = (*same, index.get(a), index.get(b)) {
            join(&mut parent, a, b);
        }
    }
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    let touched: Vec<usize> = parent.keys().copied().collect();
    for i in touched {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let mut clusters: Vec<Vec<usize>> = by_root.into_values().filter(|m| m.len() > 1).collect();
    for m in &mut clusters {
        m.sort_by(|&x, &y| id(x).cmp(id(y)).then(x.cmp(&y)));
    }
    clusters.sort_by(|x, y| id(x[0]).cmp(id(y[0])).then(x[0].cmp(&y[0])));
    let groups = state.same_groups();
    let mut cluster_of = HashMap::new();
    let clusters = clusters
        .into_iter()
        .enumerate()
        .map(|(n, members)| {
            for &m in &members {
                cluster_of.insert(m, n);
            }
            let first = groups.group_of(id(members[0])).map(<[String]>::as_ptr);
            let confirmed = first.is_some()
                && members
                    .iter()
                    .all(|&m| groups.group_of(id(m)).map(<[String]>::as_ptr) == first);
            let undecided = undecided
                .iter()
                .copied()
                .filter(|(a, _)| members.binary_search_by(|&x| id(x).cmp(id(*a))).is_ok())
                .collect();
            Decided {
                number: n + 1,
                members,
                confirmed,
                undecided,
            }
        })
        .collect();
    split.sort_by(|x, y| (id(x.0), id(x.1)).cmp(&(id(y.0), id(y.1))));
    Resolved {
        clusters,
        split,
        cluster_of,
    }
}

/// The incidents to add up with each group decided the same event counted
/// once: the group's first incident among `incidents` stands for it, with
/// the group's lowest known killed and wounded (see the module). Incidents
/// in no group pass unchanged, in their order.
pub fn count_once<'a>(
    incidents: Vec<Cow<'a, Incident>>,
    groups: &SameGroups,
) -> Vec<Cow<'a, Incident>> {
    if groups.is_empty() {
        return incidents;
    }
    // Per group (by its first id), the lowest known counts.
    let mut low: HashMap<&str, (Option<u64>, Option<u64>)> = HashMap::new();
    for inc in &incidents {
        if let Some(first) = groups.group_of(&inc.id).and_then(|g| g.first()) {
            let (k, w) = low.entry(first.as_str()).or_default();
            *k = min_known(*k, inc.killed);
            *w = min_known(*w, inc.wounded);
        }
    }
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(incidents.len());
    for inc in incidents {
        let Some(first) = groups.group_of(&inc.id).and_then(|g| g.first()) else {
            out.push(inc);
            continue;
        };
        if !seen.insert(first.clone()) {
            continue;
        }
        let (killed, wounded) = low.get(first.as_str()).copied().unwrap_or_default();
        if inc.killed == killed && inc.wounded == wounded {
            out.push(inc);
        } else {
            let mut one = inc.into_owned();
            one.killed = killed;
            one.wounded = wounded;
            out.push(Cow::Owned(one));
        }
    }
    out
}

fn min_known(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
