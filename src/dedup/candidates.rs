//! Which pairs are compared at all: incidents of one province whose
//! periods come within the window of each other, and incidents with
//! coordinates in neighbouring cells of a grid a window wide. Never all
//! pairs: each incident meets only the few reported near it in place
//! and time.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::profile::{Profiles, NONE};

/// Km in a degree of latitude.
const KM_PER_DEGREE: f64 = 111.2;

/// What `eval` makes of every candidate pair `(a, b)`, `a < b` (indices
/// into the profiles), where it makes something. The provinces are
/// shared between `threads` threads; the order of the result is not
/// defined.
pub(super) fn pairs<T: Send>(
    p: &Profiles,
    days: u32,
    km: f64,
    threads: usize,
    eval: &(dyn Fn(usize, usize) -> Option<T> + Sync),
) -> Vec<T> {
    let window = i64::from(days);
    // By province, then by first day.
    let mut order: Vec<u32> = (0..p.list.len())
        .filter(|&i| p.list[i].days.is_some() && p.list[i].block != NONE)
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    let start = |i: u32| p.list[i as usize].days.map_or(0, |d| i64::from(d.0));
    order.sort_unstable_by_key(|&i| (p.list[i as usize].block, start(i), i));
    // Runs of whole provinces, one a thread: a window never leaves its
    // province, so each run is worked through on its own.
    let mut runs = Vec::new();
    let mut from = 0;
    for t in 1..=threads.max(1) {
        let mut to = (order.len() * t / threads.max(1)).max(from);
        while to < order.len()
            && to > 0
            && p.list[order[to] as usize].block == p.list[order[to - 1] as usize].block
        {
            to += 1;
        }
        runs.push(&order[from..to]);
        from = to;
    }
    let mut out: Vec<T> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(move || province_pairs(p, run, window, eval)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    grid_pairs(p, window, km, &mut |a, b| out.extend(eval(a, b)));
    out
}

/// The pairs within `run` (sorted by province and first day).
fn province_pairs<T>(
    p: &Profiles,
    run: &[u32],
    window: i64,
    eval: &(dyn Fn(usize, usize) -> Option<T> + Sync),
) -> Vec<T> {
    let start = |i: u32| p.list[i as usize].days.map_or(0, |d| i64::from(d.0));
    let end = |i: u32| p.list[i as usize].days.map_or(0, |d| i64::from(d.1));
    let mut out = Vec::new();
    for (n, &i) in run.iter().enumerate() {
        let block = p.list[i as usize].block;
        let last = end(i) + window;
        for &j in &run[n + 1..] {
            if p.list[j as usize].block != block || start(j) > last {
                break;
            }
            let (a, b) = (i.min(j) as usize, i.max(j) as usize);
            // Both coordinates decide the place on their own; the grid
            // below finds those pairs.
            if p.list[a].coords.is_some() && p.list[b].coords.is_some() {
                continue;
            }
            out.extend(eval(a, b));
        }
    }
    out
}

/// Pairs that both carry coordinates, within `km` of each other's cell.
fn grid_pairs(p: &Profiles, window: i64, km: f64, pair: &mut dyn FnMut(usize, usize)) {
    let cell = km.max(0.001) / KM_PER_DEGREE;
    let mut cells: HashMap<(i64, i64), Vec<u32>, RandomState> = HashMap::default();
    for (i, x) in p.list.iter().enumerate() {
        if let (Some((lat, lon)), Some(_)) = (x.coords, x.days) {
            let key = ((lat / cell).floor() as i64, (lon / cell).floor() as i64);
            cells
                .entry(key)
                .or_default()
                .push(u32::try_from(i).unwrap_or(NONE));
        }
    }
    let start = |i: u32| p.list[i as usize].days.map_or(0, |d| i64::from(d.0));
    let end = |i: u32| p.list[i as usize].days.map_or(0, |d| i64::from(d.1));
    // Each cell by first day, with its longest period, so a search by
    // first day knows how far back to look.
    let mut longest: HashMap<(i64, i64), i64, RandomState> = HashMap::default();
    for (key, list) in cells.iter_mut() {
        list.sort_unstable_by_key(|&i| (start(i), i));
        let span = list.iter().map(|&i| end(i) - start(i)).max().unwrap_or(0);
        longest.insert(*key, span);
    }
    for (&(cy, cx), list) in &cells {
        for &i in list {
            let Some((lat, _)) = p.list[i as usize].coords else {
                continue;
            };
            // A degree of longitude is shorter away from the equator, so
            // more cells east and west lie within the distance.
            let cos = lat.to_radians().cos().max(0.01);
            let reach = (1.0 / cos).ceil() as i64;
            let (first, last) = (start(i) - window, end(i) + window);
            for dy in -1..=1 {
                for dx in -reach..=reach {
                    let key = (cy + dy, cx + dx);
                    let Some(other) = cells.get(&key) else {
                        continue;
                    };
                    let from = first - longest.get(&key).copied().unwrap_or(0);
                    let at = other.partition_point(|&j| start(j) < from);
                    for &j in &other[at..] {
                        if start(j) > last {
                            break;
                        }
                        if j > i && end(j) >= first {
                            pair(i as usize, j as usize);
                        }
                    }
                }
            }
        }
    }
}
