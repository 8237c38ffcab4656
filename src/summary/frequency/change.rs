//! The change column: killed in the last four weeks of the listed range
//! against the four weeks before, as ACLED's Trendfinder compares them.
//! An incident counts in a window only when its whole period is in it.

use serde::{Serialize, Serializer};

use crate::summary::calendar::day_text;

/// The two four-week windows, as day numbers (first, last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub recent: (i32, i32),
    pub prior: (i32, i32),
}

impl Windows {
    /// The four weeks ending on `last` and the four before them.
    pub fn ending(last: i32) -> Windows {
        Windows {
            recent: (last.saturating_sub(27), last),
            prior: (last.saturating_sub(55), last.saturating_sub(28)),
        }
    }
}

impl Serialize for Windows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown {
            last_4_weeks: [String; 2],
            prior_4_weeks: [String; 2],
        }
        Shown {
            last_4_weeks: [day_text(self.recent.0), day_text(self.recent.1)],
            prior_4_weeks: [day_text(self.prior.0), day_text(self.prior.1)],
        }
        .serialize(s)
    }
}

/// Killed in each window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    #[serde(rename = "killed_last_4_weeks")]
    pub recent: u64,
    #[serde(rename = "killed_prior_4_weeks")]
    pub prior: u64,
}

impl Change {
    pub(super) fn add(&mut self, w: Windows, (start, end): (i32, i32), killed: u64) {
        let within = |(a, b): (i32, i32)| start >= a && end <= b;
        if within(w.recent) {
            self.recent = self.recent.saturating_add(killed);
        } else if within(w.prior) {
            self.prior = self.prior.saturating_add(killed);
        }
    }

    /// The change in per cent, rounded; `None` when the four weeks before
    /// had no one killed (no base to compare with).
    pub fn percent(&self) -> Option<i64> {
        if self.prior == 0 {
            return None;
        }
        let (r, p) = (self.recent as f64, self.prior as f64);
        Some(((r - p) / p * 100.0).round() as i64)
    }

    /// `▲ 50%`, `▼ 20%`, `= 0%`, `new` (none killed before), `–` (none in
    /// either window).
    pub fn text(&self) -> String {
        match self.percent() {
            None if self.recent == 0 => "–".to_string(),
            None => "new".to_string(),
            Some(p) if p > 0 => format!("▲ {p}%"),
            Some(p) if p < 0 => format!("▼ {}%", p.unsigned_abs()),
            Some(_) => "= 0%".to_string(),
        }
    }
}
