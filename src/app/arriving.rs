//! The incident list while a large file is still loading: the selection
//! and scroll offset over the incidents read so far, the rows on screen,
//! and casualty totals kept up to date as incidents arrive.
//!
//! The loader shares what it has read in a vector it locks to append to
//! and, at the end, takes back (empty) to check. So this state keeps a copy
//! of the rows on screen only: when the vector is busy or gone the screen
//! still shows the last rows, and the selection stays among them. Nothing
//! here reads the whole vector twice: new incidents are folded into the
//! totals once, as they arrive.

use std::collections::HashMap;

use super::state::keep_visible;
use crate::dataset::{Incident, Progress};
use crate::summary::{summarize, ProvinceTotals, Summary, Totals};

/// What the loader is doing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    /// Reading the file; incidents arrive.
    #[default]
    Reading,
    /// The file is read; the evidence checks run (no new incidents, and
    /// the loader holds the incidents).
    Checking,
}

/// A movement of the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
    PageDown,
    PageUp,
    /// The first incident.
    Top,
    /// The last incident so far; the selection then follows new ones.
    Bottom,
}

/// The loading screen's state.
#[derive(Debug, Clone, Default)]
pub struct Arriving {
    /// The loader's last progress report.
    pub progress: Progress,
    pub phase: Phase,
    selected: usize,
    offset: usize,
    /// Rows of incidents the screen shows.
    page: usize,
    /// Incidents read so far (folded into the totals).
    seen: usize,
    /// The shared vector could be read at the last look and was not taken
    /// back: the selection may go anywhere among the incidents seen.
    live: bool,
    /// The user moved the selection (the browser then opens on it).
    moved: bool,
    /// The selection was following new rows when they stopped coming: the
    /// browser then opens on the last incident read.
    followed_to_the_end: bool,
    /// Copies of incidents `cache_from..cache_from + cache.len()`.
    cache: Vec<Incident>,
    cache_from: usize,
    by_province: HashMap<String, ProvinceTotals>,
    summary: Summary,
}

fn add(to: &mut Totals, more: &Totals) {
    to.incidents = to.incidents.saturating_add(more.incidents);
    to.killed = to.killed.saturating_add(more.killed);
    to.wounded = to.wounded.saturating_add(more.wounded);
    to.killed_unknown = to.killed_unknown.saturating_add(more.killed_unknown);
    to.wounded_unknown = to.wounded_unknown.saturating_add(more.wounded_unknown);
}

impl Arriving {
    /// An empty list showing `page` rows.
    pub fn new(page: usize) -> Arriving {
        Arriving {
            page: page.max(1),
            ..Arriving::default()
        }
    }

    /// The screen now shows `page` rows.
    pub fn set_page(&mut self, page: usize) {
        self.page = page.max(1);
        self.offset = keep_visible(self.offset, self.selected, self.page);
    }

    /// Takes in the shared vector as it is now: folds the incidents not
    /// seen before into the totals, follows them if the selection was on
    /// the last row, and copies the rows on screen. A vector shorter than
    /// what was seen has been taken back by the loader: the copies stay.
    pub fn take_in(&mut self, shared: &[Incident]) {
        if self.phase == Phase::Checking || shared.len() < self.seen {
            self.stop_following();
            return;
        }
        self.live = true;
        let new = &shared[self.seen..];
        if !new.is_empty() {
            self.fold(new);
            // Like `tail -f`: on the last row, the selection follows.
            if self.seen > 0 && self.selected + 1 == self.seen {
                self.selected = shared.len() - 1;
                self.offset = keep_visible(self.offset, self.selected, self.page);
            }
            self.seen = shared.len();
        }
        let end = (self.offset + self.page).min(self.seen);
        let start = self.offset.min(end);
        if self.cache_from != start || self.cache.len() != end - start {
            self.cache = shared[start..end].to_vec();
            self.cache_from = start;
        }
    }

    /// Adds `new` incidents to the running totals per province (grouped by
    /// the province as written: canonical names come with the checks).
    fn fold(&mut self, new: &[Incident]) {
        let batch = summarize(new);
        for p in batch.provinces {
            let key = p.province.trim().to_lowercase();
            let entry = self
                .by_province
                .entry(key)
                .or_insert_with(|| ProvinceTotals {
                    province: p.province.clone(),
                    totals: Totals::default(),
                });
            add(&mut entry.totals, &p.totals);
        }
        add(&mut self.summary.total, &batch.total);
        let mut provinces: Vec<ProvinceTotals> = self.by_province.values().cloned().collect();
        // Largest first, as in the browser's summary.
        provinces.sort_by(|a, b| {
            (b.totals.killed, b.totals.wounded, b.totals.incidents)
                .cmp(&(a.totals.killed, a.totals.wounded, a.totals.incidents))
                .then_with(|| a.province.cmp(&b.province))
        });
        self.summary.provinces = provinces;
    }

    /// The reading is done; the checks run. The incidents are no longer
    /// shared: the list keeps the rows on screen.
    pub fn checking(&mut self) {
        self.stop_following();
        self.phase = Phase::Checking;
    }

    /// The incidents can no longer be read: remember whether the selection
    /// was following them.
    fn stop_following(&mut self) {
        if self.live {
            self.followed_to_the_end = self.following();
            self.live = false;
        }
    }

    /// The selection followed new rows to the end of the file.
    pub fn followed_to_the_end(&self) -> bool {
        self.followed_to_the_end
    }

    /// Moves the selection. While the incidents can be read it goes
    /// anywhere among those seen; once they are taken back, only among the
    /// rows on screen.
    pub fn apply(&mut self, movement: Move) {
        let (first, end) = if self.live {
            (0, self.seen)
        } else {
            (self.cache_from, self.cache_from + self.cache.len())
        };
        if end == 0 || first >= end {
            return;
        }
        let last = end - 1;
        let page = self.page;
        let target = match movement {
            Move::Down => self.selected.saturating_add(1),
            Move::Up => self.selected.saturating_sub(1),
            Move::PageDown => self.selected.saturating_add(page),
            Move::PageUp => self.selected.saturating_sub(page),
            Move::Top => first,
            Move::Bottom => last,
        };
        self.selected = target.clamp(first, last);
        self.moved = true;
        self.offset = keep_visible(self.offset, self.selected, page);
    }

    /// The selected row (file order).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row on screen.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Incidents read so far.
    pub fn seen(&self) -> usize {
        self.seen
    }

    /// New incidents will move the selection (it is on the last row).
    pub fn following(&self) -> bool {
        self.live && self.seen > 0 && self.selected + 1 == self.seen
    }

    /// Casualties per province over the incidents read so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The rows on screen that are at hand, with their positions.
    pub fn visible(&self) -> impl Iterator<Item = (usize, &Incident)> {
        let (offset, page) = (self.offset, self.page);
        self.cache
            .iter()
            .enumerate()
            .map(move |(i, incident)| (self.cache_from + i, incident))
            .filter(move |(i, _)| *i >= offset && *i < offset + page)
    }

    /// The id of the selected incident, if the user moved the selection
    /// (else the browser opens as usual, on its first row).
    pub fn chosen_id(&self) -> Option<&str> {
        if !self.moved {
            return None;
        }
        let i = self.selected.checked_sub(self.cache_from)?;
        self.cache.get(i).map(|incident| incident.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incidents(from: usize, to: usize) -> Vec<Incident> {
        (from..to)
            .map(|i| Incident {
                id: format!("i{i}").into(),
                province: Some(if i % 3 == 0 { "Kirkuk" } else { "Ninawa" }.into()),
                killed: Some(1),
                wounded: if i % 2 == 0 { Some(2) } else { None },
                ..Incident::default()
            })
            .collect()
    }

    fn ids(a: &Arriving) -> Vec<String> {
        a.visible().map(|(_, i)| i.id.to_string()).collect()
    }

    #[test]
    fn scrolling_keeps_the_selection_on_screen_and_clamps() {
        let shared = incidents(0, 50);
        let mut a = Arriving::new(10);
        a.take_in(&shared);
        assert_eq!(a.seen(), 50);
        assert_eq!(ids(&a).first().map(String::as_str), Some("i0"));
        a.apply(Move::Up);
        assert_eq!((a.selected(), a.offset()), (0, 0));
        for _ in 0..12 {
            a.apply(Move::Down);
        }
        a.take_in(&shared);
        assert_eq!((a.selected(), a.offset()), (12, 3));
        assert_eq!(ids(&a).len(), 10);
        assert_eq!(ids(&a)[0], "i3");
        a.apply(Move::PageDown);
        a.apply(Move::PageDown);
        a.apply(Move::PageDown);
        a.apply(Move::PageDown);
        assert_eq!(a.selected(), 49, "clamped to the last incident");
        a.apply(Move::Top);
        assert_eq!((a.selected(), a.offset()), (0, 0));
        a.apply(Move::PageUp);
        assert_eq!(a.selected(), 0);
        a.apply(Move::Bottom);
        a.take_in(&shared);
        assert_eq!((a.selected(), a.offset()), (49, 40));
        assert_eq!(ids(&a).last().map(String::as_str), Some("i49"));
        a.set_page(4);
        assert_eq!(a.offset(), 46, "a shorter screen still shows the selection");
        a.set_page(30);
        assert_eq!(a.offset(), 46, "a taller one does not scroll");
    }

    #[test]
    fn nothing_to_move_over_does_not_panic() {
        let mut a = Arriving::new(0);
        for m in [
            Move::Down,
            Move::Up,
            Move::PageDown,
            Move::Bottom,
            Move::Top,
        ] {
            a.apply(m);
        }
        a.take_in(&[]);
        a.checking();
        a.apply(Move::Bottom);
        assert_eq!(a.selected(), 0);
        assert_eq!(a.chosen_id(), None);
    }

    #[test]
    fn totals_grow_incrementally_and_match_a_full_summary() {
        let mut shared = incidents(0, 7);
        let mut a = Arriving::new(5);
        a.take_in(&shared);
        assert_eq!(a.summary(), &summarize(&shared));
        shared.extend(incidents(7, 30));
        a.take_in(&shared);
        a.take_in(&shared);
        assert_eq!(a.summary().total.incidents, 30, "nothing counted twice");
        assert_eq!(a.summary(), &summarize(&shared));
        // Case and spacing do not split a province.
        shared.push(Incident {
            province: Some(" kirkuk".into()),
            killed: Some(100),
            ..Incident::default()
        });
        a.take_in(&shared);
        assert_eq!(a.summary().provinces.len(), 2);
        assert_eq!(a.summary().provinces[0].province, "Kirkuk");
        assert_eq!(a.summary(), &summarize(&shared));
    }

    #[test]
    fn the_selection_follows_new_rows_from_the_last_row_only() {
        let mut shared = incidents(0, 20);
        let mut a = Arriving::new(5);
        a.take_in(&shared);
        shared.extend(incidents(20, 40));
        a.take_in(&shared);
        assert_eq!(a.selected(), 0, "the first row does not follow");
        assert!(!a.following());
        a.apply(Move::Bottom);
        assert!(a.following());
        shared.extend(incidents(40, 60));
        a.take_in(&shared);
        assert_eq!(a.selected(), 59);
        assert_eq!(ids(&a).last().map(String::as_str), Some("i59"));
        a.apply(Move::Up);
        shared.extend(incidents(60, 80));
        a.take_in(&shared);
        assert_eq!(a.selected(), 58, "off the last row it stays");
        assert!(!a.followed_to_the_end());
        a.apply(Move::Bottom);
        // The loader takes the incidents back while the selection follows.
        a.take_in(&[]);
        assert!(a.followed_to_the_end());
        a.checking();
        assert!(a.followed_to_the_end(), "still, once the checks begin");
    }

    #[test]
    fn the_rows_on_screen_survive_the_vector_being_taken_back() {
        let mut shared = incidents(0, 100);
        let mut a = Arriving::new(10);
        a.take_in(&shared);
        for _ in 0..25 {
            a.apply(Move::Down);
        }
        a.take_in(&shared);
        let before = ids(&a);
        assert_eq!(before[0], "i16");
        let taken = std::mem::take(&mut shared);
        a.take_in(&shared);
        assert_eq!(ids(&a), before);
        assert_eq!(a.seen(), 100);
        assert_eq!(a.summary().total.incidents, 100);
        assert!(!a.following());
        // Only the rows at hand can be selected now.
        a.apply(Move::Bottom);
        assert_eq!(a.selected(), 25);
        a.apply(Move::PageDown);
        assert_eq!(a.selected(), 25);
        a.apply(Move::Top);
        assert_eq!(a.selected(), 16);
        assert_eq!(a.chosen_id(), Some("i16"));
        a.checking();
        a.take_in(&taken);
        assert_eq!(ids(&a), before, "nothing is read once the checks run");
        assert_eq!(a.phase, Phase::Checking);
    }

    #[test]
    fn chosen_only_when_the_user_moved() {
        let shared = incidents(0, 10);
        let mut a = Arriving::new(5);
        a.take_in(&shared);
        assert_eq!(a.chosen_id(), None);
        a.apply(Move::Down);
        a.take_in(&shared);
        assert_eq!(a.chosen_id(), Some("i1"));
    }
}
