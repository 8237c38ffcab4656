//! The search box: typing asks for a search (an effect run off the UI
//! thread), and the newest result replaces the list and its summary.

use std::cmp::Ordering;

use super::effect::Effect;
use super::state::App;
use super::text_input::InputKey;
use crate::query::SearchResult;

impl App {
    /// The search to run for the box's text and the current sort.
    pub fn search_effect(&mut self) -> Effect {
        self.generation += 1;
        let text = self.search.text().to_string();
        Effect::Search {
            generation: self.generation,
            uses_status: text.contains("status:")
                || text.contains("doc:")
                || super::clusters::uses_clusters(&text),
            query_text: text,
            sort: self.sort,
        }
    }

    /// A key while the search box has the keyboard.
    pub(super) fn search_input(&mut self, key: InputKey) -> Vec<Effect> {
        match key {
            InputKey::Enter => {
                self.search_open = false;
                Vec::new()
            }
            InputKey::Esc => {
                self.search_open = false;
                if self.search.text().is_empty() && self.search_error.is_none() {
                    return Vec::new();
                }
                self.search.set("");
                self.search_error = None;
                vec![self.search_effect()]
            }
            other => {
                if self.search.edit(other) {
                    vec![self.search_effect()]
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// A search has finished. Results older than the newest search asked
    /// for are dropped; a malformed query keeps the last good rows.
    pub(super) fn search_result(&mut self, result: SearchResult) {
        if result.generation != self.generation {
            return;
        }
        self.shown_generation = result.generation;
        if let Some(e) = result.error {
            self.search_error = Some(e.message);
            return;
        }
        self.search_error = None;
        self.undated = result.undated;
        let previous = self.rows.get(self.selected).copied();
        self.rows = result.rows;
        if self.weakest_first {
            let incidents = &self.dataset.incidents;
            // Stable: ties keep the engine's order.
            self.rows.sort_by(|&a, &b| {
                incidents[b]
                    .flags
                    .suspicion
                    .partial_cmp(&incidents[a].flags.suspicion)
                    .unwrap_or(Ordering::Equal)
            });
        }
        self.query = result.query;
        let found = previous.and_then(|p| self.rows.iter().position(|&i| i == p));
        if found.is_none() {
            self.detail_scroll = 0;
            self.evidence_cursor = None;
        }
        self.selected = found.unwrap_or(0);
        self.list_offset = self.visible_offset();
        self.select_pending();
        // The engine summed exactly these rows, in this order; only reviews
        // (or a reordering here) make the summary differ from its.
        let except = self.summary_exceptions();
        self.summary = if except.is_empty() && !self.weakest_first {
            result.summary
        } else {
            self.summarizer
                .summarize_except(&self.dataset.incidents, &self.rows, &except)
        };
    }

    /// True while a search asked for has not come back.
    pub fn search_pending(&self) -> bool {
        self.shown_generation != self.generation
    }
}
