//! The cluster view's keys, the reviewer's duplicate decisions from it,
//! and counting each confirmed event once in the summary.

use std::borrow::Cow;
use std::collections::HashMap;

use super::action::Action;
use super::clusters::ClusterView;
use super::effect::Effect;
use super::state::App;
use crate::dataset::Incident;
use crate::review::Action as ReviewAction;
use crate::summary::{Counted, Exceptions};

impl App {
    /// The cluster key and the count-once toggle, from the list.
    pub(super) fn cluster_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::ShowCluster => self.open_cluster(),
            Action::CountOnce => {
                self.clusters.count_once = !self.clusters.count_once;
                self.refresh_summary();
                self.notice = Some(
                    if self.clusters.count_once {
                        "counting confirmed events once (the lowest toll of each)"
                    } else {
                        "counting every incident"
                    }
                    .into(),
                );
            }
            _ => {}
        }
        Vec::new()
    }

    fn open_cluster(&mut self) {
        let Some(&i) = self.rows.get(self.selected) else {
            return;
        };
        if self.finding_duplicates() {
            self.notice = Some("finding duplicates… (a moment)".into());
            return;
        }
        match self.cluster_of(i) {
            Some(c) => {
                let selected = c.members.iter().position(|&m| m == i).unwrap_or(0);
                self.clusters.view = Some(ClusterView {
                    number: c.number,
                    members: c.members,
                    selected,
                });
            }
            None => {
                let id = &self.dataset.incidents[i].id;
                self.notice = Some(format!("{id} is in no cluster of likely duplicates"));
            }
        }
    }

    /// A key while the cluster view is open: `None` lets the browser
    /// carry it out (undo, help, quit).
    pub(super) fn cluster_view_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        let view = self.clusters.view.as_mut()?;
        let n = view.members.len();
        match action {
            Action::Close | Action::ShowCluster => self.clusters.view = None,
            Action::ChartPrev | Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::ChartNext | Action::Down => view.selected = (view.selected + 1).min(n - 1),
            Action::FocusNext => view.selected = (view.selected + 1) % n,
            Action::ChartFilter => {
                let member = view.member();
                self.clusters.view = None;
                if self.rows.contains(&member) {
                    let pos = self.rows.iter().position(|&r| r == member).unwrap_or(0);
                    self.move_selection(pos as isize - self.selected as isize);
                } else {
                    let id = &self.dataset.incidents[member].id;
                    self.notice = Some(format!("{id} is not listed by the search"));
                }
            }
            Action::Accept => return Some(self.decide(true)),
            Action::Reject => return Some(self.decide(false)),
            Action::Undo | Action::Redo | Action::ToggleHelp | Action::Quit => return None,
            _ => {}
        }
        Some(Vec::new())
    }

    /// The member of the open cluster the selected one is decided against:
    /// its best match among the members, else the first other member.
    pub fn cluster_partner(&self) -> Option<usize> {
        let view = self.clusters.view.as_ref()?;
        let member = view.member();
        let others = |o: &usize| *o != member && view.members.contains(o);
        self.duplicates()
            .and_then(|d| d.matches(member).iter().map(|m| m.other).find(others))
            .or_else(|| view.members.iter().copied().find(others))
    }

    /// "Same event" (`same`) or "not the same" for the selected member and
    /// its partner, through the journal as every decision.
    fn decide(&mut self, same: bool) -> Vec<Effect> {
        let (Some(view), Some(other)) = (&self.clusters.view, self.cluster_partner()) else {
            return Vec::new();
        };
        let member = view.member();
        let other = self.dataset.incidents[other].id.to_string();
        self.record(
            member,
            if same {
                ReviewAction::SameEvent { other }
            } else {
                ReviewAction::NotSame { other }
            },
        )
    }

    /// With count-once on, the listed incidents decided one event count
    /// as one (`dedup::count_once`: the first listed, with the lowest
    /// known tolls); added to the summary's other exceptions.
    pub(super) fn count_once_into(&self, except: &mut Exceptions) {
        if !self.clusters.count_once {
            return;
        }
        let groups = self.review.same_groups();
        if groups.is_empty() {
            return;
        }
        let members: Vec<usize> = self
            .rows
            .iter()
            .copied()
            .filter(|&i| groups.group_of(&self.dataset.incidents[i].id).is_some())
            .filter(|i| !matches!(except.get(i), Some(Counted::Not)))
            .collect();
        let incidents: Vec<Cow<'_, Incident>> = members
            .iter()
            .map(|i| match except.get(i) {
                Some(Counted::As(changed)) => Cow::Owned((**changed).clone()),
                _ => Cow::Borrowed(&self.dataset.incidents[*i]),
            })
            .collect();
        let kept: HashMap<String, Cow<'_, Incident>> = crate::dedup::count_once(incidents, &groups)
            .into_iter()
            .map(|inc| (inc.id.to_string(), inc))
            .collect();
        for i in members {
            match kept.get(self.dataset.incidents[i].id.as_str()) {
                None => {
                    except.insert(i, Counted::Not);
                }
                Some(Cow::Owned(counted)) => {
                    except.insert(i, Counted::As(Box::new(counted.clone())));
                }
                Some(Cow::Borrowed(_)) => {}
            }
        }
    }
}
