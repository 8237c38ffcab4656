//! Likely duplicates: incidents that report one event (several outlets,
//! several datasets). Candidates are blocked by province and date (or by
//! a grid of coordinates), ruled out by criteria that tell events apart,
//! and scored; pairs above a threshold form clusters, transitively. The
//! reviewer decides; nothing here changes the dataset. Nothing here knows
//! about terminals.
//!
//! The browser needs [`find`], then [`Duplicates::cluster_of`] for an
//! incident's cluster, [`Cluster::members`], [`Duplicates::matches`] for
//! its best match and runners-up, and [`Cluster::differences`] for the
//! fields its members disagree on.

mod candidates;
mod cluster;
mod decided;
#[cfg(test)]
mod decided_tests;
mod profile;
mod score;
pub mod taxonomy;
#[cfg(test)]
mod tests;

pub use cluster::{agree_on, Cluster, CountRange, Difference, Duplicates, Match, Pair};
pub use decided::{count_once, resolve, Decided, Resolved};
pub use score::{Parts, WEIGHTS};
pub use taxonomy::{Class, Scheme, Taxonomy};

use crate::dataset::Dataset;
use crate::evidence::gazetteer::{Gazetteer, Gazetteers};

/// How close two incidents must be to be compared, and how alike to be
/// called duplicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Days between the two periods at most (0: the same day).
    pub days: u32,
    /// Km between two incidents that both carry coordinates at most.
    pub km: f64,
    /// The least score of a pair in a cluster.
    pub threshold: f32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            days: 1,
            km: 10.0,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// The default least score of a duplicate pair (measured on the
/// benchmark's generated duplicates; see benches/README.md).
pub const DEFAULT_THRESHOLD: f32 = 0.75;

/// Fewest incidents worth splitting between threads.
const PARALLEL_MIN: usize = 20_000;

/// The runners-up each incident keeps besides its best match.
pub const RUNNERS_UP: usize = 2;

/// Finds the likely duplicates among `dataset`'s incidents, places
/// compared through `gazetteers` (the first that knows a name wins) and
/// types and actors through `taxonomy`.
pub fn find(
    dataset: &Dataset,
    gazetteers: &[Gazetteer],
    taxonomy: &Taxonomy,
    options: &Options,
) -> Duplicates {
    let gaz = Gazetteers::new(gazetteers);
    let profiles = profile::profiles(&dataset.incidents, &gaz, taxonomy);
    let threads = if dataset.incidents.len() < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
    };
    let pairs = candidates::pairs(&profiles, options.days, options.km, threads, &|a, b| {
        score::compare(&profiles, a, b, options, taxonomy).map(|parts| Pair {
            a,
            b,
            score: parts.score(),
            parts,
        })
    });
    cluster::build(dataset, pairs, options.threshold)
}
