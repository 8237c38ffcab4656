use std::sync::mpsc;
use std::sync::Mutex;

use proptest::prelude::*;

use super::*;
use crate::query::matcher::all_unreviewed;
use crate::query::reviewed::uncorrected;
use crate::review::ReviewStatus;
use crate::summary::summarize;

fn sample() -> Arc<Dataset> {
    Arc::new(crate::load_sample().dataset)
}

fn request(generation: u64, text: &str, sort: SortKey, descending: bool) -> SearchRequest {
    SearchRequest {
        generation,
        query_text: text.into(),
        sort,
        descending,
        status: all_unreviewed(),
        corrected: uncorrected(),
    }
}

/// The rows a query should give, computed the slow, obvious way.
fn expected(dataset: &Dataset, text: &str, spec: SortSpec, status: &StatusLookup) -> Vec<usize> {
    let query = parse(text).expect("valid query");
    let index = SearchIndex::build(dataset);
    let m = Matcher::new(&query, dataset, &index, status);
    let n = u32::try_from(dataset.incidents.len()).expect("small");
    let mut rows: Vec<u32> = (0..n).filter(|&i| m.matches(i as usize)).collect();
    let scores: Vec<i64> = rows.iter().map(|&i| m.score(i as usize)).collect();
    let ranks = province_ranks(dataset);
    sort_rows(dataset, &mut rows, spec, &ranks, Some(&scores));
    rows.into_iter().map(|i| i as usize).collect()
}

const QUERIES: [&str; 8] = [
    "",
    "kirkuk",
    "islamic state",
    "province:diyala killed>=2",
    "\"checkpoint\"",
    "!ied date:2019",
    "killed:unknown",
    "perp:\"islamic state\" wounded>0",
];

#[test]
fn results_match_a_direct_evaluation_for_every_sort() {
    let ds = sample();
    let engine = SearchEngine::new(Arc::clone(&ds));
    let mut generation = 0;
    for text in QUERIES {
        for key in SortKey::ALL {
            for descending in [false, true] {
                generation += 1;
                let r = engine
                    .search_blocking(request(generation, text, key, descending))
                    .expect("worker alive");
                let spec = SortSpec { key, descending };
                assert_eq!(
                    r.rows,
                    expected(&ds, text, spec, &all_unreviewed()),
                    "{text:?} {spec}"
                );
                assert_eq!(
                    r.summary,
                    summarize(r.rows.iter().map(|&i| &ds.incidents[i])),
                    "the summary describes exactly the rows"
                );
                assert!(r.error.is_none());
            }
        }
    }
}

#[test]
fn typing_narrows_and_gives_the_same_rows_as_a_fresh_search() {
    let ds = sample();
    let engine = SearchEngine::new(Arc::clone(&ds));
    let mut generation = 0;
    for text in [
        "kirkuk",
        "islamic state",
        "province:diyala killed>=2",
        "\"checkpoint\"",
    ] {
        for end in 0..=text.len() {
            let prefix = &text[..end];
            if parse(prefix).is_err() {
                continue;
            }
            generation += 1;
            let r = engine
                .search_blocking(request(generation, prefix, SortKey::Date, false))
                .expect("worker alive");
            assert_eq!(
                r.rows,
                expected(&ds, prefix, SortSpec::default(), &all_unreviewed()),
                "{prefix:?}"
            );
        }
    }
    engine
        .search_blocking(request(generation + 1, "kirkuk", SortKey::Date, false))
        .expect("worker alive");
    generation += 2;
    let r = engine
        .search_blocking(request(generation, "kirkuk ied", SortKey::Killed, true))
        .expect("worker alive");
    assert!(
        r.narrowed,
        "a word added to the last query searches its result"
    );
    assert!(r.searched < ds.incidents.len());
}

#[test]
fn a_malformed_query_reports_and_keeps_the_last_good_one() {
    let ds = sample();
    let engine = SearchEngine::new(Arc::clone(&ds));
    let good = engine
        .search_blocking(request(1, "kirkuk", SortKey::Date, false))
        .expect("worker alive");
    let bad = engine
        .search_blocking(request(2, "kirkuk killed>=", SortKey::Date, false))
        .expect("worker alive");
    let e = bad.error.expect("an error");
    assert_eq!(&"kirkuk killed>="[e.span], "killed>=");
    assert!(bad.rows.is_empty() && bad.query.is_none());
    let next = engine
        .search_blocking(request(3, "kirkuk killed>=1", SortKey::Date, false))
        .expect("worker alive");
    assert!(next.narrowed, "narrows from the last good query");
    assert!(next.rows.iter().all(|i| good.rows.contains(i)));
    assert_eq!(
        next.rows,
        expected(
            &ds,
            "kirkuk killed>=1",
            SortSpec::default(),
            &all_unreviewed()
        )
    );
}

#[test]
fn new_statuses_are_not_narrowed_from_old_ones() {
    let ds = sample();
    let engine = SearchEngine::new(Arc::clone(&ds));
    let none = engine
        .search_blocking(request(1, "status:accepted", SortKey::Date, false))
        .expect("worker alive");
    assert!(none.rows.is_empty());
    let accepted: StatusLookup = Arc::new(|i| {
        if i % 2 == 0 {
            ReviewStatus::Accepted.into()
        } else {
            ReviewStatus::Unreviewed.into()
        }
    });
    let mut req = request(2, "status:accepted", SortKey::Date, false);
    req.status = Arc::clone(&accepted);
    let some = engine.search_blocking(req).expect("worker alive");
    assert_eq!(
        some.rows,
        expected(&ds, "status:accepted", SortSpec::default(), &accepted)
    );
    assert!(!some.rows.is_empty());
}

/// A status lookup that stops the search at its first call until released.
fn gate() -> (StatusLookup, mpsc::Receiver<()>, mpsc::Sender<()>) {
    let (started_tx, started_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let started_tx = Mutex::new(Some(started_tx));
    let release_rx = Mutex::new(release_rx);
    let lookup: StatusLookup = Arc::new(move |_| {
        if let Some(tx) = started_tx.lock().expect("lock").take() {
            let _ = tx.send(());
            let _ = release_rx.lock().expect("lock").recv();
        }
        ReviewStatus::Unreviewed.into()
    });
    (lookup, started_rx, release_tx)
}

#[test]
fn a_superseded_search_never_delivers_after_a_newer_one() {
    let ds = sample();
    let engine = SearchEngine::new(Arc::clone(&ds));
    let (lookup, started, release) = gate();
    let mut slow = request(1, "status:unreviewed", SortKey::Date, false);
    slow.status = lookup;
    engine.submit(slow);
    started.recv().expect("search 1 is running");
    // While search 1 is stuck in the middle, two newer keystrokes arrive.
    engine.submit(request(2, "kirkuk", SortKey::Date, false));
    engine.submit(request(3, "diyala", SortKey::Date, false));
    release.send(()).expect("release search 1");
    let first = engine
        .recv_timeout(Duration::from_secs(60))
        .expect("a result");
    assert_eq!(first.generation, 3, "1 was superseded, 2 skipped");
    assert_eq!(
        first.rows,
        expected(&ds, "diyala", SortSpec::default(), &all_unreviewed())
    );
    // Nothing older follows: the next result is the next request's.
    let fourth = engine
        .search_blocking(request(4, "", SortKey::Date, false))
        .expect("worker alive");
    assert_eq!(fourth.generation, 4);
    assert!(engine.try_recv().is_none());
}

#[test]
fn try_recv_hands_over_only_the_newest_result() {
    let engine = SearchEngine::new(sample());
    let last = engine
        .search_blocking(request(1, "kirkuk", SortKey::Date, false))
        .expect("worker alive");
    assert_eq!(last.generation, 1);
    assert!(engine.try_recv().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the sequence of queries and sorts, narrowing never changes
    /// what a query lists.
    #[test]
    fn any_sequence_of_searches_gives_fresh_results(
        steps in proptest::collection::vec(
            (proptest::sample::select(vec![
                "k", "ki", "kir", "kirkuk", "kirkuk i", "kirkuk ied", "i", "is", "isl",
                "\"c", "\"ch", "\"check", "killed>=1", "killed>=10", "killed>=1 k",
                "date:2019", "date:2019-03", "!ied", "!ied k", "province:kirkuk",
                "province:kirkuk killed>=1", "outlet:n", "outlet:north",
            ]), 0usize..5, any::<bool>()),
            1..8,
        )
    ) {
        let ds = sample();
        let engine = SearchEngine::new(Arc::clone(&ds));
        for (n, (text, key, desc)) in steps.into_iter().enumerate() {
            let key = SortKey::ALL[key];
            let r = engine
                .search_blocking(request(n as u64 + 1, text, key, desc))
                .expect("worker alive");
            let spec = SortSpec { key, descending: desc };
            prop_assert_eq!(r.rows, expected(&ds, text, spec, &all_unreviewed()), "{} {}", text, spec);
        }
    }
}
