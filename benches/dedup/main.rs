//! The duplicates benchmark: how many of the planted duplicate pairs the
//! finder recovers (recall), how many of the pairs it reports are planted
//! (precision), and how long it takes, on a generated dataset.
//!
//! cargo bench --bench dedup -- --incidents 1000000
//!
//! Options: `--incidents N` (default 1000000), `--seed S` (42),
//! `--threshold T` (the default least score), `--days N` (1), `--wrong N`
//! to print N of the clusters that join reports of different events.

mod generate;
#[path = "../common/rng.rs"]
mod rng;

use std::collections::HashMap;
use std::time::Instant;

use incidents::dedup::{self, Options, Taxonomy};
use incidents::evidence::{self, Gazetteer};

struct Args {
    incidents: usize,
    seed: u64,
    options: Options,
    wrong: usize,
}

fn args() -> Args {
    let mut a = Args {
        incidents: 1_000_000,
        seed: 42,
        options: Options::default(),
        wrong: 0,
    };
    let all: Vec<String> = std::env::args().skip(1).collect();
    let mut it = all.iter();
    while let Some(arg) = it.next() {
        let value = it.clone().next();
        match arg.as_str() {
            "--incidents" => {
                a.incidents = value.and_then(|v| v.parse().ok()).unwrap_or(a.incidents)
            }
            "--seed" => a.seed = value.and_then(|v| v.parse().ok()).unwrap_or(a.seed),
            "--threshold" => {
                a.options.threshold = value
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(a.options.threshold)
            }
            "--wrong" => a.wrong = value.and_then(|v| v.parse().ok()).unwrap_or(a.wrong),
            "--days" => {
                a.options.days = value.and_then(|v| v.parse().ok()).unwrap_or(a.options.days)
            }
            _ => continue, // cargo passes --bench
        }
        it.next();
    }
    a
}

/// Pairs within each group (indices, smaller first), as a count of the
/// pairs and a test of membership.
fn pairs_of(groups: &HashMap<u32, Vec<usize>>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for members in groups.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                out.push((a.min(b), a.max(b)));
            }
        }
    }
    out.sort_unstable();
    out
}

/// CPU seconds this process has used (user and system, all threads),
/// from /proc/self/stat: on a shared machine the wall clock also counts
/// the time other programs had the cores.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let a = args();
    let started = Instant::now();
    let (mut dataset, events) = generate::generate(a.incidents, a.seed);
    let gazetteers = [Gazetteer::iraq()];
    evidence::apply(&mut dataset, &gazetteers);
    println!(
        "generated {} incidents of {} events (seed {}) in {:.1} s",
        dataset.incidents.len(),
        events.last().map_or(0, |e| e + 1),
        a.seed,
        started.elapsed().as_secs_f64()
    );
    let taxonomy = Taxonomy::built_in();
    let cpu = cpu_seconds();
    let started = Instant::now();
    let found = dedup::find(&dataset, &gazetteers, &taxonomy, &a.options);
    let took = started.elapsed();
    let cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);

    let mut planted: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &e) in events.iter().enumerate() {
        planted.entry(e).or_default().push(i);
    }
    planted.retain(|_, m| m.len() > 1);
    let truth = pairs_of(&planted);
    let clusters: HashMap<u32, Vec<usize>> = found
        .clusters()
        .iter()
        .map(|c| (c.number as u32, c.members().to_vec()))
        .collect();
    let reported = pairs_of(&clusters);
    let right = reported
        .iter()
        .filter(|p| truth.binary_search(p).is_ok())
        .count();
    // The clusters that join reports of different events, to read.
    let show = |i: usize| {
        let x = &dataset.incidents[i];
        let f =
            |v: &Option<incidents::dataset::CompactString>| v.as_deref().unwrap_or("—").to_string();
        format!(
            "event {:>7}  {}  {}  {}  {}  {}  {}  {}  killed {:?}  wounded {:?}",
            events[i],
            x.id,
            f(&x.date),
            f(&x.province),
            f(&x.district),
            f(&x.location),
            f(&x.event_type),
            f(&x.perpetrator),
            x.killed,
            x.wounded
        )
    };
    let wrong = found.clusters().iter().filter(|c| {
        c.members()
            .iter()
            .any(|&m| events[m] != events[c.members()[0]])
    });
    for c in wrong.take(a.wrong) {
        println!("cluster {} joins other events:", c.number);
        for p in c.pairs() {
            println!("  {} = {}  {:.2} {:?}", p.a, p.b, p.score, p.parts);
        }
        for &m in c.members() {
            println!("  {}", show(m));
        }
    }
    let ratio = |x: usize, y: usize| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    println!(
        "options: dates within {} day(s), {} km, least score {:.2}",
        a.options.days, a.options.km, a.options.threshold
    );
    println!(
        "planted: {} duplicate pairs in {} events reported more than once",
        truth.len(),
        planted.len()
    );
    println!(
        "found:   {} clusters of {} incidents, {} pairs ({} candidate pairs scored)",
        found.clusters().len(),
        found.clustered(),
        reported.len(),
        found.scored_pairs
    );
    println!(
        "pairs:   precision {:.3} ({right} of {} found are planted), recall {:.3} ({right} of {} planted found)",
        ratio(right, reported.len()),
        reported.len(),
        ratio(right, truth.len()),
        truth.len()
    );
    println!(
        "time:    {:.2} s for {} incidents (dedup::find: profiles, candidates, scores, clusters; {} CPU s)",
        took.as_secs_f64(),
        dataset.incidents.len(),
        cpu.map_or("?".to_string(), |c| format!("{c:.2}"))
    );
}
