//! The reviewers' duplicate decisions: per pair of incidents, "same
//! event" or "not the same", the last in effect deciding; and the groups
//! of incidents joined by "same event" decisions, transitively.

use std::collections::HashMap;
use std::sync::Arc;

use super::ReviewState;

/// A pair's key: the lesser id first, so either incident's decision on the
/// pair lands on the same stack.
pub(super) fn key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Incidents decided to be one event, transitively (a = b and b = c make
/// a, b and c one event, whatever was decided between a and c).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SameGroups {
    /// Each group's members, by id; groups ordered by their first id.
    groups: Vec<Vec<String>>,
    /// Each member's group, by its place in `groups`.
    group_of: HashMap<String, usize>,
}

impl SameGroups {
    /// Every group, each with its members in id order.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// The group `id` belongs to: its members, the first of which is the
    /// one the others are duplicates of.
    pub fn group_of(&self, id: &str) -> Option<&[String]> {
        self.group_of.get(id).map(|&g| self.groups[g].as_slice())
    }

    /// The incident `id` is a duplicate of: its group's first member, when
    /// that is another incident.
    pub fn duplicate_of(&self, id: &str) -> Option<&str> {
        self.group_of(id)
            .and_then(|g| g.first())
            .map(String::as_str)
            .filter(|first| *first != id)
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    fn build<'a>(same: impl Iterator<Item = (&'a str, &'a str)>) -> SameGroups {
        let mut ids: Vec<&str> = Vec::new();
        let mut place: HashMap<&str, usize> = HashMap::new();
        let mut parent: Vec<usize> = Vec::new();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (a, b) in same {
            let mut at = |id: &'a str| {
                *place.entry(id).or_insert_with(|| {
                    ids.push(id);
                    parent.push(parent.len());
                    parent.len() - 1
                })
            };
            let (x, y) = (at(a), at(b));
            let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
            parent[rx.max(ry)] = rx.min(ry);
        }
        let mut by_root: HashMap<usize, Vec<String>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            let r = root(&mut parent, i);
            by_root.entry(r).or_default().push(id.to_string());
        }
        let mut groups: Vec<Vec<String>> = by_root.into_values().collect();
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        let group_of = groups
            .iter()
            .enumerate()
            .flat_map(|(g, members)| members.iter().map(move |m| (m.clone(), g)))
            .collect();
        SameGroups { groups, group_of }
    }
}

impl ReviewState {
    /// The decision in effect on the pair `a`, `b`: `Some(true)` same
    /// event, `Some(false)` not the same, `None` undecided.
    pub fn pair_decision(&self, a: &str, b: &str) -> Option<bool> {
        let stack = self.by_pair.get(&key(a, b))?;
        let &last = stack.last()?;
        self.actions[last].action.pair().map(|(_, same)| same)
    }

    /// Every decided pair `(a, b, same)`, `a` the lesser id, in id order.
    pub fn duplicate_decisions(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        self.by_pair.iter().filter_map(|((a, b), stack)| {
            let same = self.actions[*stack.last()?].action.pair()?.1;
            Some((a.as_str(), b.as_str(), same))
        })
    }

    /// Whether any pair is decided (the duplicate filters and export then
    /// have something to say).
    pub fn any_duplicate_decision(&self) -> bool {
        !self.by_pair.is_empty()
    }

    /// The groups of incidents decided to be one event.
    pub fn same_groups(&self) -> Arc<SameGroups> {
        self.same_groups
            .get_or_init(|| {
                Arc::new(SameGroups::build(
                    self.duplicate_decisions()
                        .filter(|(_, _, same)| *same)
                        .map(|(a, b, _)| (a, b)),
                ))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use crate::dataset::Incident;
    use crate::review::{Action, Entry, ReviewState};

    fn inc(id: &str) -> Incident {
        Incident {
            id: id.into(),
            ..Incident::default()
        }
    }

    fn same(a: &str, b: &str) -> Entry {
        Entry::duplicate("ana", &inc(a), b, true)
    }

    fn split(a: &str, b: &str) -> Entry {
        Entry::duplicate("ana", &inc(a), b, false)
    }

    fn undo() -> Entry {
        Entry::new("ana", &inc("x"), Action::Undo)
    }

    fn redo() -> Entry {
        Entry::new("ana", &inc("x"), Action::Redo)
    }

    #[test]
    fn same_decisions_join_transitively_and_the_last_decision_on_a_pair_wins() {
        let (state, warnings) =
            ReviewState::replay(&[same("b", "a"), same("c", "b"), same("e", "d")]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let groups = state.same_groups();
        assert_eq!(groups.groups(), [vec!["a", "b", "c"], vec!["d", "e"]]);
        assert_eq!(groups.duplicate_of("c"), Some("a"));
        assert_eq!(groups.duplicate_of("a"), None);
        assert_eq!(state.pair_decision("a", "b"), Some(true));
        // Decided from the other side, the pair is the same pair.
        let (state, _) = ReviewState::replay(&[same("b", "a"), split("a", "b")]);
        assert_eq!(state.pair_decision("b", "a"), Some(false));
        assert!(state.same_groups().is_empty());
        assert_eq!(
            state.duplicate_decisions().collect::<Vec<_>>(),
            [("a", "b", false)]
        );
    }

    #[test]
    fn duplicate_decisions_undo_and_redo_on_the_one_stack_and_leave_the_status_alone() {
        let accept = Entry::new("ana", &inc("a"), Action::Accept);
        let (state, _) = ReviewState::replay(&[accept.clone(), same("a", "b"), undo()]);
        assert_eq!(state.pair_decision("a", "b"), None);
        assert!(state.same_groups().is_empty());
        assert_eq!(state.status("a"), crate::review::ReviewStatus::Accepted);
        let (state, _) = ReviewState::replay(&[
            accept,
            same("a", "b"),
            split("a", "b"),
            undo(),
            undo(),
            redo(),
        ]);
        assert_eq!(state.pair_decision("a", "b"), Some(true));
        assert_eq!(
            state.same_groups().group_of("b").map(<[String]>::len),
            Some(2)
        );
        assert_eq!(state.status("b"), crate::review::ReviewStatus::Unreviewed);
        assert_eq!(state.undo_target(), Some("a"));
    }

    #[test]
    fn a_decision_on_itself_or_without_the_other_is_skipped() {
        let (state, warnings) = ReviewState::replay(&[same("a", "a"), same("a", "")]);
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].message.contains("itself"), "{}", warnings[0]);
        assert!(!state.any_duplicate_decision());
    }
}
