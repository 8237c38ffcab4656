//! Durability of the review journal at the process level: a child process
//! appends entries and is killed with SIGKILL at random moments; every
//! entry whose `append` returned (the child prints its number right after)
//! must be in the journal afterwards. Also: a live writer in another
//! process locks out a second one, naming it, and the lock is free once it
//! is dead.
//!
//! The child writes every kind of entry in turn (notes, added incidents,
//! evidence added and moved, articles done), each numbered.
//!
//! The child is this test binary itself, running the ignored test
//! `child_process` with instructions in environment variables.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use incidents::dataset::Incident;
use incidents::review::{Action, Entry, JournalError, ReviewJournal, SpanEdit};

const MODE: &str = "INCIDENTS_TEST_CHILD_MODE";
const JOURNAL: &str = "INCIDENTS_TEST_CHILD_JOURNAL";
const BASE: &str = "INCIDENTS_TEST_CHILD_BASE";

/// Runs only as a child of the tests below.
#[test]
#[ignore = "run by the other tests in this file as a child process"]
fn child_process() {
    let (Ok(mode), Ok(path)) = (std::env::var(MODE), std::env::var(JOURNAL)) else {
        return;
    };
    let base: u64 = std::env::var(BASE)
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(0);
    let (mut journal, _, _) = ReviewJournal::open(Path::new(&path), "child").expect("opens");
    println!("<<opened>>");
    let incident = Incident {
        id: "inc-1".into(),
        killed: Some(1),
        ..Incident::default()
    };
    if mode == "hold" {
        thread::sleep(Duration::from_secs(60));
        return;
    }
    for n in 0..100_000u64 {
        let seq = base + n;
        let e = numbered(&journal, &incident, seq);
        journal.append(&e).expect("appends");
        println!("<<appended {seq}>>");
    }
}

/// Entry number `seq`, of one kind or another by its number.
fn numbered(journal: &ReviewJournal, incident: &Incident, seq: u64) -> Entry {
    let span = |quote: String| SpanEdit {
        field: "killed".into(),
        document: "doc-1".into(),
        start: 0,
        end: 3,
        quote,
    };
    match seq % 5 {
        0 => journal.entry(
            incident,
            Action::Note {
                text: seq.to_string(),
            },
        ),
        1 => {
            let added = Incident {
                id: format!("added-child-{seq}").into(),
                ..incident.clone()
            };
            Entry::added("child", &added, "doc-1", vec![span(String::new())])
        }
        2 => journal.entry(
            incident,
            Action::AddEvidence {
                span: span(seq.to_string()),
            },
        ),
        3 => journal.entry(
            incident,
            Action::MoveEvidence {
                from: span(String::new()),
                to: span(seq.to_string()),
            },
        ),
        _ => Entry::document("child", &format!("doc-{seq}"), true),
    }
}

/// The number an entry of [`numbered`] carries, whatever its kind.
fn sequence(e: &Entry) -> Option<u64> {
    match &e.action {
        Action::Note { text } => text.parse().ok(),
        Action::AddIncident { .. } => e.incident.strip_prefix("added-child-")?.parse().ok(),
        Action::AddEvidence { span } | Action::MoveEvidence { to: span, .. } => {
            span.quote.parse().ok()
        }
        Action::DocumentDone { document } => document.strip_prefix("doc-")?.parse().ok(),
        _ => None,
    }
}

fn spawn_child(mode: &str, journal: &Path, base: u64) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "review_crash::child_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MODE, mode)
        .env(JOURNAL, journal)
        .env(BASE, base.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns the child")
}

/// Collects the child's standard output in the background.
fn collect(child: &mut Child) -> (Arc<Mutex<String>>, thread::JoinHandle<()>) {
    let out = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().expect("piped");
    let sink = Arc::clone(&out);
    let handle = thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .expect("not poisoned")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    (out, handle)
}

fn acknowledged(output: &str) -> Vec<u64> {
    output
        .split("<<appended ")
        .skip(1)
        .filter_map(|rest| rest.split(">>").next()?.parse().ok())
        .collect()
}

fn test_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("review-crash-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("test dir");
    d
}

/// xorshift64*, seeded from the clock; the seed is printed on failure.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % below
    }
}

#[test]
fn every_append_that_returned_survives_sigkill() {
    let dir = test_dir("sigkill");
    let journal = dir.join("reviews.jsonl");
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut total_acknowledged = 0;
    let mut iterations = 0;
    // At least 25 kills; bounded in time so a slow disk cannot hang the suite.
    while iterations < 25 || (iterations < 60 && started.elapsed() < Duration::from_secs(10)) {
        let base = iterations * 1_000_000;
        let mut child = spawn_child("append", &journal, base);
        let (output, reader) = collect(&mut child);
        // Sometimes before the journal is even open, mostly mid-stream.
        thread::sleep(Duration::from_millis(rng.next(120)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        reader.join().expect("reader");
        let output = output.lock().expect("not poisoned").clone();
        let acked = acknowledged(&output);

        // Reopening repairs what the kill left (maybe a torn line) and must
        // find every acknowledged entry, in order, with no gap before the
        // last one.
        let (j, entries, warnings) = ReviewJournal::open(&journal, "checker")
            .unwrap_or_else(|e| panic!("seed {seed}, iteration {iterations}: {e}"));
        drop(j);
        let mine: Vec<u64> = entries
            .iter()
            .filter_map(sequence)
            .filter(|s| (base..base + 1_000_000).contains(s))
            .collect();
        let expected_prefix: Vec<u64> = (base..base + mine.len() as u64).collect();
        assert_eq!(
            mine, expected_prefix,
            "seed {seed}, iteration {iterations}: entries out of order or missing"
        );
        let in_journal: BTreeSet<u64> = mine.into_iter().collect();
        for seq in &acked {
            assert!(
                in_journal.contains(seq),
                "seed {seed}, iteration {iterations}: entry {seq} was acknowledged but is not in the journal ({warnings:?})"
            );
        }
        total_acknowledged += acked.len();
        iterations += 1;
    }
    // The test must have exercised kills with writes in flight, of every
    // kind of entry.
    assert!(
        total_acknowledged >= 5,
        "seed {seed}: {total_acknowledged} appends acknowledged, fewer than the kinds of entry"
    );
    eprintln!(
        "{iterations} kills, {total_acknowledged} acknowledged appends checked (seed {seed})"
    );
}

#[test]
fn a_live_writer_in_another_process_locks_out_a_second_one() {
    let dir = test_dir("lock");
    let journal = dir.join("reviews.jsonl");
    let mut child = spawn_child("hold", &journal, 0);
    let pid = child.id();
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !line.contains("<<opened>>") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("reads") > 0,
            "child exited"
        );
        assert!(Instant::now() < deadline, "child never opened the journal");
    }
    let err = ReviewJournal::open(&journal, "ben").expect_err("locked by the child");
    match &err {
        JournalError::Locked {
            holder: Some(holder),
            ..
        } => assert_eq!(holder.pid, pid),
        other => panic!("expected Locked naming the child, got {other:?}"),
    }
    assert!(err.to_string().contains(&format!("process {pid}")), "{err}");

    // The kernel released the lock with the process: nothing to take over.
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let (_j, _, warnings) = ReviewJournal::open(&journal, "ben").expect("free once it is dead");
    assert!(warnings.is_empty(), "{warnings:?}");
}
