//! The detector's clusters with decisions applied, and counting once.

use std::borrow::Cow;

use super::tests::{dated, found, kirkuk_ied};
use super::*;
use crate::dataset::Incident;
use crate::review::{Entry, ReviewState};

fn state(decisions: &[(&str, &str, bool)]) -> ReviewState {
    let entries: Vec<Entry> = decisions
        .iter()
        .map(|(a, b, same)| {
            let inc = Incident {
                id: (*a).into(),
                ..Incident::default()
            };
            Entry::duplicate("ana", &inc, b, *same)
        })
        .collect();
    let (state, warnings) = ReviewState::replay(&entries);
    assert!(warnings.is_empty(), "{warnings:?}");
    state
}

/// Three reports of one attack and one of another, a year later.
fn reports() -> Vec<Incident> {
    vec![
        kirkuk_ied("a"),
        kirkuk_ied("b"),
        kirkuk_ied("c"),
        dated(kirkuk_ied("z"), "2020-03-11"),
    ]
}

fn ids(ds: &crate::dataset::Dataset, members: &[usize]) -> Vec<String> {
    members
        .iter()
        .map(|&m| ds.incidents[m].id.to_string())
        .collect()
}

#[test]
fn undecided_clusters_are_candidates_and_same_decisions_on_every_member_confirm() {
    let (ds, dups) = found(reports(), &Options::default());
    let r = resolve(&ds, &dups, &ReviewState::default());
    assert_eq!(r.clusters.len(), 1);
    assert!(!r.clusters[0].confirmed);
    assert_eq!(ids(&ds, &r.clusters[0].members), ["a", "b", "c"]);
    assert!(!r.clusters[0].undecided.is_empty());
    let r = resolve(&ds, &dups, &state(&[("a", "b", true)]));
    assert!(!r.clusters[0].confirmed, "c is not decided yet");
    let r = resolve(&ds, &dups, &state(&[("a", "b", true), ("c", "b", true)]));
    assert!(r.clusters[0].confirmed);
    assert_eq!(r.confirmed().count(), 1);
}

#[test]
fn not_the_same_splits_a_cluster_and_same_joins_what_the_detector_kept_apart() {
    let (ds, dups) = found(reports(), &Options::default());
    let r = resolve(
        &ds,
        &dups,
        &state(&[("a", "b", false), ("a", "c", false), ("b", "c", true)]),
    );
    assert_eq!(r.clusters.len(), 1);
    assert_eq!(ids(&ds, &r.clusters[0].members), ["b", "c"]);
    assert!(r.clusters[0].confirmed);
    assert_eq!(r.split.len(), 2);
    let a = ds.incidents.iter().position(|i| i.id == "a");
    assert_eq!(a.and_then(|a| r.cluster_of(a)), None);
    // The detector keeps z apart (a year later); the reviewer knows better.
    let r = resolve(&ds, &dups, &state(&[("z", "a", true)]));
    let z = ds.incidents.iter().position(|i| i.id == "z").expect("z");
    assert_eq!(r.cluster_of(z).map(|c| c.members.len()), Some(4));
    assert!(!r.cluster_of(z).expect("joined").confirmed);
}

#[test]
fn a_confirmed_group_counts_once_with_its_lowest_known_counts() {
    let mut incidents = reports();
    incidents[1].killed = Some(6);
    incidents[2].killed = None;
    incidents[2].wounded = Some(9);
    let groups = state(&[("a", "b", true), ("b", "c", true)]).same_groups();
    let counted = count_once(incidents.iter().map(Cow::Borrowed).collect(), &groups);
    let shown: Vec<(&str, Option<u64>, Option<u64>)> = counted
        .iter()
        .map(|i| (i.id.as_str(), i.killed, i.wounded))
        .collect();
    assert_eq!(shown, [("a", Some(4), Some(9)), ("z", Some(4), Some(11))]);
    let total: u64 = counted.iter().filter_map(|i| i.killed).sum();
    assert_eq!(total, 8, "not 4 + 6 + 4 for the one attack");
}
