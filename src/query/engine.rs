//! Searches off the UI thread.
//!
//! The UI [`submit`](SearchEngine::submit)s a request per keystroke and
//! returns at once; a worker thread parses, filters (on every core), sorts
//! and sums, and sends a [`SearchResult`] back through a channel the UI
//! polls with [`try_recv`](SearchEngine::try_recv).
//!
//! - A newer request supersedes an older one: requests waiting in the queue
//!   are skipped, and a running search checks the latest generation every
//!   [`PIECE`] incidents and stops when it is not its own.
//! - Results arrive in submission order, and a result is sent only while its
//!   generation is the latest submitted, so a stale result never arrives
//!   after a newer one.
//! - When the new query refines the last one (see [`super::narrow`]) only
//!   the last result is searched.
//! - Incidents are tested in dataset order (the index is read front to
//!   back, on every core), giving a set; the list is that set taken in the
//!   order of the last result or of the whole dataset for the sort (each
//!   computed once), so only relevance sorts per keystroke.
//! - The summary uses compact per-incident columns
//!   ([`crate::summary::Summarizer`]), not the records.
//! - A malformed query gives a result with `error` set and no rows; the
//!   engine keeps the last good query for narrowing, and the UI should keep
//!   the last good rows on screen.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::ast::{Query, QueryError};
use super::index::SearchIndex;
use super::matcher::{Matcher, StatusLookup};
use super::narrow::refines;
use super::parse::parse;
use super::reviewed::Corrected;
use super::sort::{province_ranks, sort_rows, SortKey, SortSpec};
use super::undated::Undated;
use crate::dataset::Dataset;
use crate::summary::{Summarizer, Summary};

/// Incidents searched between two checks for a newer request.
pub const PIECE: usize = 4096;

/// One search, as the UI asks for it.
#[derive(Clone)]
pub struct SearchRequest {
    /// Increases with every request; results carry it back.
    pub generation: u64,
    pub query_text: String,
    pub sort: SortKey,
    pub descending: bool,
    /// Review statuses for `status:` filters. Pass a new `Arc` whenever a
    /// status changes: the same `Arc` tells the engine the statuses are the
    /// ones the last result was computed with.
    pub status: StatusLookup,
    /// Incidents reviewers corrected, tested with their corrected values.
    /// Like `status`, a new `Arc` whenever a correction changes.
    pub corrected: Corrected,
}

/// What a search found.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub generation: u64,
    pub query_text: String,
    /// The parsed query, for highlighting; `None` when it was malformed.
    pub query: Option<Arc<Query>>,
    /// Indices into `Dataset::incidents`, in list order. Empty on error.
    pub rows: Vec<usize>,
    /// Casualties per province of exactly `rows`.
    pub summary: Summary,
    pub error: Option<QueryError>,
    pub sort: SortSpec,
    /// From `submit` to the result being ready.
    pub elapsed: Duration,
    /// Whether only the last result was searched.
    pub narrowed: bool,
    /// Incidents looked at.
    pub searched: usize,
    /// Incidents the date filter or the date sort could not place.
    pub undated: Option<Undated>,
}

/// The UI's handle on the search worker.
pub struct SearchEngine {
    requests: Option<Sender<(SearchRequest, Instant)>>,
    results: Receiver<SearchResult>,
    latest: Arc<AtomicU64>,
    worker: Option<JoinHandle<()>>,
}

impl SearchEngine {
    /// Starts the worker, which indexes the dataset before its first search.
    pub fn new(dataset: Arc<Dataset>) -> SearchEngine {
        SearchEngine::start(dataset, None)
    }

    /// [`SearchEngine::new`] with the summary columns the caller has built
    /// already for the same dataset (the browser keeps them for its summary
    /// bar), so they are not built and held twice.
    pub fn with_summarizer(dataset: Arc<Dataset>, summarizer: Arc<Summarizer>) -> SearchEngine {
        SearchEngine::start(dataset, Some(summarizer))
    }

    fn start(dataset: Arc<Dataset>, summarizer: Option<Arc<Summarizer>>) -> SearchEngine {
        let (request_tx, request_rx) = mpsc::channel::<(SearchRequest, Instant)>();
        let (result_tx, result_rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let worker_latest = Arc::clone(&latest);
        let worker = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let mut worker = Worker::new(dataset, summarizer, worker_latest, result_tx);
                while let Ok(mut next) = request_rx.recv() {
                    // Only the newest waiting request matters.
                    while let Ok(newer) = request_rx.try_recv() {
                        next = newer;
                    }
                    if !worker.serve(next) {
                        return;
                    }
                }
            })
            .ok();
        SearchEngine {
            requests: worker.as_ref().map(|_| request_tx),
            results: result_rx,
            latest,
            worker,
        }
    }

    /// Queues a search and returns at once; any older search still running
    /// stops at its next check.
    pub fn submit(&self, request: SearchRequest) {
        self.latest.store(request.generation, Ordering::SeqCst);
        if let Some(tx) = &self.requests {
            let _ = tx.send((request, Instant::now()));
        }
    }

    /// The newest result that has arrived, if any (older ones waiting are
    /// dropped: the newest supersedes them).
    pub fn try_recv(&self) -> Option<SearchResult> {
        let mut newest = None;
        while let Ok(r) = self.results.try_recv() {
            newest = Some(r);
        }
        newest
    }

    /// Waits up to `timeout` for the next result.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<SearchResult> {
        self.results.recv_timeout(timeout).ok()
    }

    /// Submits and waits for this request's own result (the `search`
    /// command, tests, the benchmark). `None` if the worker is gone.
    pub fn search_blocking(&self, request: SearchRequest) -> Option<SearchResult> {
        let generation = request.generation;
        self.submit(request);
        loop {
            match self.results.recv_timeout(Duration::from_secs(3600)) {
                Ok(r) if r.generation == generation => return Some(r),
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

impl Drop for SearchEngine {
    fn drop(&mut self) {
        // Stop a running search, close the queue, and wait for the worker.
        self.latest.store(u64::MAX, Ordering::SeqCst);
        self.requests = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The last good search, which a refining query narrows.
struct Last {
    query: Query,
    status: StatusLookup,
    corrected: Corrected,
    spec: SortSpec,
    rows: Arc<[u32]>,
}

struct Worker {
    dataset: Arc<Dataset>,
    index: SearchIndex,
    summarizer: Arc<Summarizer>,
    ranks: Option<Vec<Option<u32>>>,
    full_orders: HashMap<SortSpec, Arc<[u32]>>,
    last: Option<Last>,
    latest: Arc<AtomicU64>,
    results: Sender<SearchResult>,
}

fn same_lookup(a: &StatusLookup, b: &StatusLookup) -> bool {
    std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
}

fn same_terms(a: &Query, b: &Query) -> bool {
    a.terms.len() == b.terms.len()
        && a.terms
            .iter()
            .zip(&b.terms)
            .all(|(x, y)| x.negated == y.negated && x.kind == y.kind)
}

impl Worker {
    fn new(
        dataset: Arc<Dataset>,
        summarizer: Option<Arc<Summarizer>>,
        latest: Arc<AtomicU64>,
        results: Sender<SearchResult>,
    ) -> Worker {
        let index = SearchIndex::build(&dataset);
        let summarizer =
            summarizer.unwrap_or_else(|| Arc::new(Summarizer::new(&dataset.incidents)));
        let mut worker = Worker {
            dataset,
            index,
            summarizer,
            ranks: None,
            full_orders: HashMap::new(),
            last: None,
            latest,
            results,
        };
        // The browser's first list is by date.
        worker.full_order(SortSpec::default());
        worker
    }

    fn current(&self, generation: u64) -> bool {
        self.latest.load(Ordering::SeqCst) == generation
    }

    /// Runs one request; false when the UI side is gone.
    fn serve(&mut self, (request, submitted): (SearchRequest, Instant)) -> bool {
        if !self.current(request.generation) {
            return true;
        }
        let Some(mut result) = self.run(&request) else {
            return true;
        };
        result.elapsed = submitted.elapsed();
        if !self.current(request.generation) {
            return true;
        }
        self.results.send(result).is_ok()
    }

    /// The whole dataset in `spec`'s order, computed once per order.
    fn full_order(&mut self, spec: SortSpec) -> Arc<[u32]> {
        let spec = match spec.key {
            // Without scores, relevance is dataset order either way.
            SortKey::Relevance => SortSpec {
                key: SortKey::Relevance,
                descending: false,
            },
            _ => spec,
        };
        if let Some(order) = self.full_orders.get(&spec) {
            return Arc::clone(order);
        }
        let n = u32::try_from(self.dataset.incidents.len()).unwrap_or(u32::MAX);
        let mut rows: Vec<u32> = (0..n).collect();
        if spec.key != SortKey::Relevance {
            if spec.key == SortKey::Province && self.ranks.is_none() {
                self.ranks = Some(province_ranks(&self.dataset));
            }
            let ranks = self.ranks.as_deref().unwrap_or(&[]);
            sort_rows(&self.dataset, &mut rows, spec, ranks, None);
        }
        let order: Arc<[u32]> = rows.into();
        self.full_orders.insert(spec, Arc::clone(&order));
        order
    }

    /// `None` when a newer request superseded this one.
    fn run(&mut self, request: &SearchRequest) -> Option<SearchResult> {
        let spec = SortSpec {
            key: request.sort,
            descending: request.descending,
        };
        let query = match parse(&request.query_text) {
            Ok(q) => q,
            Err(e) => {
                return Some(SearchResult {
                    generation: request.generation,
                    query_text: request.query_text.clone(),
                    query: None,
                    rows: Vec::new(),
                    summary: Summary::default(),
                    error: Some(e),
                    sort: spec,
                    elapsed: Duration::ZERO,
                    narrowed: false,
                    searched: 0,
                    undated: None,
                })
            }
        };
        let scored = spec.key == SortKey::Relevance && query.has_fuzzy_words();
        let narrow_from = self.last.as_ref().filter(|l| {
            refines(&query, &l.query)
                && (!l.query.uses_status() || same_lookup(&l.status, &request.status))
                && (Arc::ptr_eq(&l.corrected, &request.corrected)
                    || (l.corrected.is_empty() && request.corrected.is_empty()))
        });
        let narrowed = narrow_from.is_some();
        let unchanged = narrow_from.is_some_and(|l| same_terms(&query, &l.query));
        let n = self.dataset.incidents.len();
        // Which incidents to look at: the last result's, or all.
        let candidates = narrow_from.map(|l| Bitset::of(n, &l.rows));
        // The order to list them in: the last result's when it is already in
        // this order, else the whole dataset's.
        let same_order = narrow_from.is_some_and(|l| l.spec == spec);
        let last_rows = narrow_from.map(|l| Arc::clone(&l.rows));
        let searched = candidates.as_ref().map_or(n, Bitset::count);
        // One matcher for filtering and scoring: it remembers, per distinct
        // field value, what it has worked out.
        let matcher = Matcher::new(&query, &self.dataset, &self.index, &request.status)
            .with_corrections(&request.corrected);
        let matched = if unchanged {
            candidates.unwrap_or_else(|| Bitset::full(n))
        } else {
            self.filter(&matcher, candidates.as_ref(), n, request.generation)?
        };
        let rows: Vec<u32> = if scored {
            let mut rows: Vec<u32> = matched.iter().collect();
            let scores = self.scores(&matcher, &rows, request.generation)?;
            sort_rows(&self.dataset, &mut rows, spec, &[], Some(&scores));
            rows
        } else {
            let order = match last_rows {
                Some(rows) if same_order => rows,
                _ => self.full_order(spec),
            };
            order.iter().copied().filter(|&i| matched.has(i)).collect()
        };
        if !self.current(request.generation) {
            return None;
        }
        let out_rows: Vec<usize> = rows.iter().map(|&i| i as usize).collect();
        let summary = self
            .summarizer
            .summarize(&self.dataset.incidents, &out_rows);
        let undated = Undated::of(&self.dataset, &query, spec.key, &out_rows);
        self.last = Some(Last {
            query: query.clone(),
            status: Arc::clone(&request.status),
            corrected: Arc::clone(&request.corrected),
            spec,
            rows: rows.into(),
        });
        Some(SearchResult {
            generation: request.generation,
            query_text: request.query_text.clone(),
            query: Some(Arc::new(query)),
            rows: out_rows,
            summary,
            error: None,
            sort: spec,
            elapsed: Duration::ZERO,
            narrowed,
            searched,
            undated,
        })
    }

    /// The incidents among `candidates` (all when `None`) that match.
    ///
    /// Goes through incidents in dataset order, whatever the list's order:
    /// the index is then read front to back, which is several times faster
    /// than jumping around it. Pieces of [`PIECE`] incidents are handed to
    /// every core in turn; `None` when superseded.
    fn filter(
        &self,
        matcher: &Matcher<'_>,
        candidates: Option<&Bitset>,
        n: usize,
        generation: u64,
    ) -> Option<Bitset> {
        const WORDS: usize = PIECE / 64;
        let total_words = n.div_ceil(64);
        let pieces = total_words.div_ceil(WORDS);
        let parts = self.on_all_cores(pieces, generation, |k| {
            let first_word = k * WORDS;
            let last_word = (first_word + WORDS).min(total_words);
            let mut out = vec![0u64; last_word - first_word];
            for (w, slot) in (first_word..last_word).zip(out.iter_mut()) {
                let mut bits = match candidates {
                    Some(c) => c.word(w),
                    None => Bitset::full_word(w, n),
                };
                while bits != 0 {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if matcher.matches(w * 64 + b) {
                        *slot |= 1 << b;
                    }
                }
            }
            out
        })?;
        Some(Bitset {
            words: parts.into_iter().flatten().collect(),
        })
    }

    /// Relevance scores of `rows`, on every core; `None` when superseded.
    fn scores(&self, matcher: &Matcher<'_>, rows: &[u32], generation: u64) -> Option<Vec<i64>> {
        let pieces: Vec<&[u32]> = rows.chunks(PIECE).collect();
        let parts = self.on_all_cores(pieces.len(), generation, |k| {
            pieces.get(k).map_or_else(Vec::new, |p| {
                p.iter().map(|&i| matcher.score(i as usize)).collect()
            })
        })?;
        Some(parts.into_iter().flatten().collect())
    }

    /// Runs `piece(k)` for every `k < pieces` on every core, checking
    /// before each piece that this search is still the latest. Returns the
    /// results in piece order, or `None` when superseded.
    fn on_all_cores<T: Send>(
        &self,
        pieces: usize,
        generation: u64,
        piece: impl Fn(usize) -> T + Sync,
    ) -> Option<Vec<T>> {
        let next = AtomicUsize::new(0);
        let cancelled = AtomicBool::new(false);
        let work = || {
            let mut done: Vec<(usize, T)> = Vec::new();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= pieces {
                    break;
                }
                if !self.current(generation) {
                    cancelled.store(true, Ordering::Relaxed);
                    break;
                }
                done.push((k, piece(k)));
            }
            done
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(pieces.max(1));
        let mut done = if threads > 1 {
            std::thread::scope(|s| {
                let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
                let mut all = work();
                for h in helpers {
                    // A helper that panicked lost its pieces: fail the search
                    // rather than return part of the rows.
                    match h.join() {
                        Ok(part) => all.extend(part),
                        Err(_) => cancelled.store(true, Ordering::Relaxed),
                    }
                }
                all
            })
        } else {
            work()
        };
        if cancelled.load(Ordering::Relaxed) || !self.current(generation) {
            return None;
        }
        done.sort_unstable_by_key(|(k, _)| *k);
        Some(done.into_iter().map(|(_, t)| t).collect())
    }
}

/// A set of incident indices, one bit each.
struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    fn of(n: usize, rows: &[u32]) -> Bitset {
        let mut words = vec![0u64; n.div_ceil(64)];
        for &i in rows {
            if let Some(w) = words.get_mut(i as usize / 64) {
                *w |= 1 << (i % 64);
            }
        }
        Bitset { words }
    }

    fn full(n: usize) -> Bitset {
        Bitset {
            words: (0..n.div_ceil(64))
                .map(|w| Bitset::full_word(w, n))
                .collect(),
        }
    }

    /// Word `w` of the set of all `n` incidents.
    fn full_word(w: usize, n: usize) -> u64 {
        let left = n.saturating_sub(w * 64);
        if left >= 64 {
            u64::MAX
        } else {
            (1u64 << left) - 1
        }
    }

    fn word(&self, w: usize) -> u64 {
        self.words.get(w).copied().unwrap_or(0)
    }

    fn has(&self, i: u32) -> bool {
        self.word(i as usize / 64) & (1 << (i % 64)) != 0
    }

    fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The members in increasing order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                u32::try_from(w * 64).ok().map(|base| base + b)
            })
        })
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
