//! The scale benchmark: load, search and draw-data figures for a generated
//! dataset of N incidents.
//!
//! cargo bench --bench scale -- --incidents 1000000
//!
//! Options: `--incidents N` (default 100000), `--seed S` (42), `--keep` to
//! leave the generated file in the temporary directory, `--path FILE` to
//! measure an existing file instead of generating one.

mod charts;
mod generate;
mod reviewed;
#[path = "../common/rng.rs"]
mod rng;

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use incidents::app::{Action, App, Msg};
use incidents::dataset::{load_bytes, load_path, Dataset};
use incidents::query::{
    all_unreviewed, highlight_chars, parse, uncorrected, Query, SearchEngine, SearchRequest,
    SortKey,
};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Args {
    incidents: usize,
    seed: u64,
    keep: bool,
    path: Option<PathBuf>,
    /// `--reviewed-only`: after the load, only the section after review
    /// decisions.
    reviewed_only: bool,
}

fn args() -> Args {
    let mut a = Args {
        incidents: 100_000,
        seed: 42,
        keep: false,
        path: None,
        reviewed_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--incidents" => {
                a.incidents = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(a.incidents)
            }
            "--seed" => a.seed = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.seed),
            "--keep" => a.keep = true,
            "--reviewed-only" => a.reviewed_only = true,
            "--path" => a.path = it.next().map(PathBuf::from),
            _ => {} // cargo passes --bench
        }
    }
    a
}

/// A field of /proc/self/status in bytes (VmHWM = peak resident memory).
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

const TYPED: [&str; 4] = [
    "kirkuk",
    "islamic state",
    "province:diyala killed>=2",
    "\"checkpoint\"",
];

fn main() {
    let args = args();
    println!("# incidents scale benchmark");
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model()
    );

    let (path, generated) = match &args.path {
        Some(p) => (p.clone(), false),
        None => {
            let path = std::env::temp_dir().join(format!(
                "incidents-scale-{}-{}.jsonl",
                args.incidents, args.seed
            ));
            let t = Instant::now();
            let file = std::fs::File::create(&path).expect("create the dataset file");
            let mut out = BufWriter::with_capacity(1 << 20, file);
            generate::write_dataset(&mut out, args.incidents, args.seed).expect("write dataset");
            out.flush().expect("flush dataset");
            println!(
                "generated {} incidents in {:.1} s: {}",
                args.incidents,
                t.elapsed().as_secs_f64(),
                path.display()
            );
            (path, true)
        }
    };
    let file_size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let rss_before = proc_status_bytes("VmRSS:").unwrap_or(0);

    // Load, then the evidence checks: together what opening the file costs
    // before the browser's list is complete.
    let t = Instant::now();
    let mut loaded = load_path(&path, &mut |_| {});
    let load_time = t.elapsed();
    let peak_load = proc_status_bytes("VmHWM:").unwrap_or(0);
    let rss_loaded = proc_status_bytes("VmRSS:").unwrap_or(0);
    let t = Instant::now();
    incidents::evidence::apply(
        &mut loaded.dataset,
        &[incidents::evidence::Gazetteer::iraq()],
    );
    let check_time = t.elapsed();
    let peak_checked = proc_status_bytes("VmHWM:").unwrap_or(0);
    println!("\n## load");
    println!(
        "file {:.0} MB, {} incidents, {} documents, {} errors",
        mb(file_size),
        loaded.dataset.incidents.len(),
        loaded.dataset.documents.len(),
        loaded.errors.len()
    );
    println!(
        "load (read, parse, clean, resolve): {:.2} s = {:.0} MB/s",
        load_time.as_secs_f64(),
        mb(file_size) / load_time.as_secs_f64()
    );
    println!(
        "evidence checks: {:.2} s; load + checks: {:.2} s = {:.0} MB/s",
        check_time.as_secs_f64(),
        (load_time + check_time).as_secs_f64(),
        mb(file_size) / (load_time + check_time).as_secs_f64()
    );
    println!(
        "memory: peak RSS during load {:.0} MB = {:.2}x the file (RSS before {:.0} MB, after {:.0} MB = {:.2}x); peak after the checks {:.0} MB = {:.2}x",
        mb(peak_load),
        peak_load as f64 / file_size.max(1) as f64,
        mb(rss_before),
        mb(rss_loaded),
        rss_loaded as f64 / file_size.max(1) as f64,
        mb(peak_checked),
        peak_checked as f64 / file_size.max(1) as f64,
    );

    // Search engine: index, then typing.
    let dataset = Arc::new(loaded.dataset);
    let small = {
        let mut bytes = Vec::new();
        generate::write_dataset(&mut bytes, 100, args.seed).expect("write small dataset");
        Arc::new(load_bytes("small", &bytes).dataset)
    };
    if args.reviewed_only {
        reviewed::after_decisions(&[("100", &small), ("full", &dataset)]);
        return;
    }
    let engine = SearchEngine::new(Arc::clone(&dataset));
    let mut generation = 0;
    let mut search = |text: &str, sort: SortKey| {
        generation += 1;
        engine
            .search_blocking(SearchRequest {
                generation,
                query_text: text.into(),
                sort,
                descending: false,
                status: all_unreviewed(),
                corrected: uncorrected(),
            })
            .expect("search worker alive")
    };
    let t = Instant::now();
    let first = search("", SortKey::Date);
    println!("\n## search");
    println!(
        "index + date order + first list ready {:.0} ms after start ({} rows)",
        ms(t.elapsed()),
        first.rows.len()
    );
    let peak_index = proc_status_bytes("VmHWM:").unwrap_or(0);
    println!(
        "memory: peak RSS with the search index {:.0} MB = {:.2}x the file",
        mb(peak_index),
        peak_index as f64 / file_size.max(1) as f64
    );

    for sort in [SortKey::Date, SortKey::Relevance] {
        let mut times = Vec::new();
        for text in TYPED {
            let mut line = format!("  {:<28}", format!("{text:?}"));
            let mut prefix = String::new();
            for c in text.chars() {
                prefix.push(c);
                let r = search(&prefix, sort);
                if r.error.is_none() {
                    times.push(r.elapsed);
                    line.push_str(&format!(
                        " {:.0}{}",
                        ms(r.elapsed),
                        if r.narrowed { "n" } else { "" }
                    ));
                } else {
                    line.push_str(" err");
                }
            }
            let last = search(text, sort);
            line.push_str(&format!(" -> {} rows", last.rows.len()));
            println!("{line}");
            // Clearing the box: the empty query, from the cached order.
            let cleared = search("", sort);
            times.push(cleared.elapsed);
        }
        times.sort();
        println!(
            "per keystroke, sorted by {} (ms; n = narrowed; clearing the box included): median {:.1}, p90 {:.1}, max {:.1} over {}",
            sort.name(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.9)),
            ms(percentile(&times, 1.0)),
            times.len()
        );
    }

    // Typing faster than the search: every keystroke submitted at once,
    // only the last one's result matters.
    for text in TYPED {
        let t = Instant::now();
        let mut prefix = String::new();
        let mut last_generation = 0;
        for c in text.chars() {
            prefix.push(c);
            generation += 1;
            last_generation = generation;
            engine.submit(SearchRequest {
                generation,
                query_text: prefix.clone(),
                sort: SortKey::Date,
                descending: false,
                status: all_unreviewed(),
                corrected: uncorrected(),
            });
        }
        let mut delivered = 0;
        loop {
            let r = engine
                .recv_timeout(Duration::from_secs(600))
                .expect("a result");
            delivered += 1;
            if r.generation == last_generation {
                break;
            }
        }
        println!(
            "  burst {:<28} all keystrokes at once: last result after {:.0} ms ({} of {} results delivered)",
            format!("{text:?}"),
            ms(t.elapsed()),
            delivered,
            text.chars().count()
        );
        generation += 1;
        engine.search_blocking(SearchRequest {
            generation,
            query_text: String::new(),
            sort: SortKey::Date,
            descending: false,
            status: all_unreviewed(),
            corrected: uncorrected(),
        });
    }

    // Frame data: the visible rows' cells with highlights.
    println!("\n## frame (visible rows: 40 rows x 6 cells + highlights)");
    let query = parse("kirkuk").expect("valid");
    for (label, ds) in [("100", &small), ("full", &dataset)] {
        let rows: Vec<usize> = (0..ds.incidents.len()).collect();
        let per_frame = frame_time(ds, &rows, &query);
        println!(
            "  {label:>5} ({} incidents): {:.1} µs per frame",
            ds.incidents.len(),
            per_frame.as_secs_f64() * 1e6
        );
    }

    // A whole screen, as the browser draws it: every pane, the summary bar
    // and the status line, into a test terminal.
    println!("\n## frame (a whole 160x45 screen drawn: list, detail, summary bar, status line)");
    for (label, ds) in [("100", &small), ("full", &dataset)] {
        let per_frame = screen_time(Arc::clone(ds));
        println!(
            "  {label:>5} ({} incidents): {:.1} µs per frame",
            ds.incidents.len(),
            per_frame.as_secs_f64() * 1e6
        );
    }

    println!("\n## timeline and frequency table (160x45 screen)");
    for (name, open) in [
        ("timeline", Action::ToggleTimeline),
        ("frequency table", Action::ToggleFrequency),
    ] {
        for (label, ds) in [("100", &small), ("full", &dataset)] {
            let per_frame = charts::screen_time(Arc::clone(ds), open);
            println!(
                "  {name} open, {label:>5} ({} incidents): {:.1} µs per frame",
                ds.incidents.len(),
                per_frame.as_secs_f64() * 1e6
            );
        }
    }
    charts::keystrokes_with_timeline(Arc::clone(&dataset));
    reviewed::after_decisions(&[("100", &small), ("full", &dataset)]);

    println!("\n## fzf");
    fzf_comparison(&dataset);

    // Last: its copy of the dataset would raise the peaks measured above.
    review_edits(&dataset);

    if generated && !args.keep {
        let _ = std::fs::remove_file(&path);
    }
}

/// Time to build the cells of one screen of rows from the middle of the
/// list, averaged over many frames.
/// What a structural change of the review costs (an incident added,
/// evidence edited, or their undo): `review::with_edits` over the whole
/// dataset with a handful of edits in the journal, as the commands build
/// it once, and `Edited::refresh`, as the browser brings its copy up to date.
fn review_edits(dataset: &Dataset) {
    use incidents::review::{with_edits, Action, Entry, ReviewState, SpanEdit};
    let mut state = ReviewState::default();
    let doc = &dataset.documents[0];
    let words = doc.text.char_indices().nth(20).map_or(0, |(b, _)| b);
    let span = |field: &str| {
        SpanEdit::from_byte_range(doc, field, 0..words).expect("a span in the first article")
    };
    let new = incidents::dataset::Incident {
        id: state.new_incident_id(dataset, "bench").into(),
        killed: Some(2),
        ..Default::default()
    };
    let far = &dataset.incidents[dataset.incidents.len() / 2];
    let entries = [
        Entry::added("bench", &new, &doc.id, vec![span("killed")]),
        Entry::new(
            "bench",
            &dataset.incidents[0],
            Action::AddEvidence {
                span: span("wounded"),
            },
        ),
        Entry::new(
            "bench",
            far,
            Action::AddEvidence {
                span: span("location"),
            },
        ),
        Entry::new(
            "bench",
            far,
            Action::MoveEvidence {
                from: span("location"),
                to: span("target"),
            },
        ),
        Entry::document("bench", &doc.id, true),
    ];
    for e in &entries {
        state.apply(e).expect("applies");
    }
    let mut times = Vec::new();
    let mut incidents = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let edited = with_edits(dataset, &state).expect("edits");
        times.push(t.elapsed());
        incidents = edited.incidents.len();
        if times.len() == 3 {
            println!(
                "RSS with the edited copy alive: {:.0} MB",
                mb(proc_status_bytes("VmRSS:").unwrap_or(0))
            );
        }
    }
    times.sort();
    // The browser's way: one edited copy, brought up to date in place.
    let mut live = incidents::review::overlay::edit(dataset, &state).expect("edits");
    let undo = Entry::document("bench", "", true).with_action(Action::Undo);
    let mut refreshes = Vec::new();
    for e in [&undo, &undo, &entries[1], &entries[2]] {
        state.apply(e).expect("applies");
        let t = Instant::now();
        live.refresh(dataset, &state);
        refreshes.push(t.elapsed());
    }
    refreshes.sort();
    println!("\n## review edits");
    println!(
        "Edited::refresh after an undo or an edit: median {:.1} ms (min {:.1}, max {:.1}) of 4",
        ms(refreshes[1]),
        ms(refreshes[0]),
        ms(refreshes[3])
    );
    println!(
        "with_edits, {} structural edits, {} incidents out: median {:.0} ms (min {:.0}, max {:.0}) of 3",
        entries.len() - 1,
        incidents,
        ms(times[1]),
        ms(times[0]),
        ms(times[2])
    );
}

fn frame_time(dataset: &Dataset, rows: &[usize], query: &Query) -> Duration {
    const PAGE: usize = 40;
    const FRAMES: u32 = 2000;
    let offset = rows.len() / 2;
    let t = Instant::now();
    let mut sink = 0usize;
    for f in 0..FRAMES {
        let start = (offset + f as usize).min(rows.len().saturating_sub(PAGE));
        let end = (start + PAGE).min(rows.len());
        for &i in &rows[start..end] {
            let inc = &dataset.incidents[i];
            let cells = [
                inc.date.as_deref().unwrap_or_default().to_string(),
                inc.province.as_deref().unwrap_or_default().to_string(),
                inc.location.as_deref().unwrap_or_default().to_string(),
                inc.perpetrator.as_deref().unwrap_or_default().to_string(),
                inc.killed.map_or("?".into(), |k| k.to_string()),
                inc.wounded.map_or("?".into(), |k| k.to_string()),
            ];
            for cell in &cells[..4] {
                sink += highlight_chars(query, cell).len();
            }
            sink += cells.iter().map(String::len).sum::<usize>();
        }
    }
    std::hint::black_box(sink);
    t.elapsed() / FRAMES
}

/// Time to draw the browser's whole screen, moving the selection one row
/// down before each frame (so the list scrolls and the detail pane shows
/// another article), averaged over many frames.
fn screen_time(dataset: Arc<Dataset>) -> Duration {
    const FRAMES: u32 = 300;
    let mut app = App::new(dataset, "bench");
    app.update(Msg::Resize(160, 45));
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
    let t = Instant::now();
    for _ in 0..FRAMES {
        app.update(Action::Down);
        terminal
            .draw(|frame| incidents::ui::render(frame, &app))
            .expect("draw");
    }
    t.elapsed() / FRAMES
}

fn fzf_comparison(dataset: &Dataset) {
    let found = std::process::Command::new("which")
        .arg("fzf")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        println!("fzf is not installed here; no comparison run");
        return;
    }
    let path = std::env::temp_dir().join("incidents-scale-fzf-lines.txt");
    let mut out = BufWriter::new(std::fs::File::create(&path).expect("create fzf input"));
    for inc in &dataset.incidents {
        let _ = writeln!(
            out,
            "{} {} {} {} {} {} {} {}",
            inc.id,
            inc.date.as_deref().unwrap_or(""),
            inc.province.as_deref().unwrap_or(""),
            inc.district.as_deref().unwrap_or(""),
            inc.location.as_deref().unwrap_or(""),
            inc.perpetrator.as_deref().unwrap_or(""),
            inc.target.as_deref().unwrap_or(""),
            inc.event_type.as_deref().unwrap_or(""),
        );
    }
    drop(out);
    for text in ["kirkuk", "islamic state", "checkpoint"] {
        let t = Instant::now();
        let input = std::fs::File::open(&path).expect("open fzf input");
        let res = std::process::Command::new("fzf")
            .args(["--filter", text])
            .stdin(input)
            .stdout(std::process::Stdio::null())
            .status();
        println!(
            "  fzf --filter {text:?}: {:.0} ms ({res:?})",
            ms(t.elapsed())
        );
    }
    let _ = std::fs::remove_file(&path);
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
