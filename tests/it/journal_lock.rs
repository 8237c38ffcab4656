//! The journal's lock is the operating system's lock on the journal file:
//! one per file whatever name reaches it, gone when its holder dies (even
//! as a zombie), and nothing left behind that could later turn reviewing
//! off. A journal that cannot be written opens read-only with its
//! decisions; one that is not a regular file is refused.
//!
//! The holder in another process is this test binary itself, running the
//! ignored test `child_holds_the_journal`.
#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use incidents::dataset::Incident;
use incidents::review::{Action, JournalError, ReviewJournal};

const JOURNAL: &str = "INCIDENTS_TEST_LOCK_JOURNAL";

/// The tests of this file run one at a time: a process being started holds
/// a copy of every open descriptor until it runs its program, and with it
/// the lock of a journal another test has just closed.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn dir(name: &str) -> PathBuf {
    crate::common::scratch(&format!("journal-lock-{name}"))
}

fn incident(id: &str) -> Incident {
    crate::common::one_killed(id)
}

/// A journal at `path` holding accepts of `ids`.
fn journal_with(path: &Path, ids: &[&str]) {
    let (mut j, _, _) = ReviewJournal::open(path, "ana").expect("opens");
    for id in ids {
        let e = j.entry(&incident(id), Action::Accept);
        j.append(&e).expect("appends");
    }
}

/// Runs only as a child of the zombie test.
#[test]
#[ignore = "run by the zombie test as a child process"]
fn child_holds_the_journal() {
    let Ok(path) = std::env::var(JOURNAL) else {
        return;
    };
    let (_journal, _, _) = ReviewJournal::open(Path::new(&path), "child").expect("opens");
    println!("<<opened>>");
    thread::sleep(Duration::from_secs(60));
}

fn spawn_holder(journal: &Path) -> Child {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "journal_lock::child_holds_the_journal",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(JOURNAL, journal)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns the child");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    while !line.contains("<<opened>>") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("reads") > 0,
            "the child exited before opening the journal"
        );
    }
    child
}

/// The process's state letter in `/proc/PID/stat` (`Z`: zombie).
fn proc_state(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

#[test]
fn a_killed_holder_not_yet_reaped_holds_nothing() {
    let _one = serial();
    let d = dir("zombie");
    let path = d.join("reviews.jsonl");
    journal_with(&path, &["a"]);
    let mut child = spawn_holder(&path);
    let pid = child.id();
    match ReviewJournal::open(&path, "ben") {
        Err(JournalError::Locked {
            holder: Some(holder),
            ..
        }) => assert_eq!(holder.pid, pid),
        other => panic!("expected the child to hold the journal, got {other:?}"),
    }
    // Killed, and deliberately not reaped: a zombie, as under tmux after
    // `kill -9` until its parent waits for it.
    child.kill().expect("SIGKILL");
    if Path::new("/proc").join(pid.to_string()).exists() {
        let deadline = Instant::now() + Duration::from_secs(20);
        while proc_state(pid) != Some('Z') {
            assert!(Instant::now() < deadline, "the child never became a zombie");
            thread::sleep(Duration::from_millis(10));
        }
    }
    // Its last threads may take a moment more to exit; then the kernel has
    // released the lock, though the process is not reaped.
    let deadline = Instant::now() + Duration::from_secs(10);
    let opened = loop {
        match ReviewJournal::open(&path, "ben") {
            Err(JournalError::Locked { .. }) if Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(50));
            }
            other => break other,
        }
    };
    let still_zombie = proc_state(pid) == Some('Z');
    child.wait().expect("reaped");
    let (j, entries, warnings) = opened.expect("a dead holder, zombie or not, holds no lock");
    assert!(still_zombie, "the child was reaped too early for the test");
    assert!(!j.is_read_only());
    assert_eq!(entries.len(), 1);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_second_writer_through_a_symbolic_or_hard_link_is_refused() {
    let _one = serial();
    let d = dir("links");
    let path = d.join("reviews.jsonl");
    journal_with(&path, &["a"]);
    let (mut first, _, _) = ReviewJournal::open(&path, "ana").expect("opens");
    let symlink = d.join("symlink.jsonl");
    std::os::unix::fs::symlink(&path, &symlink).expect("symlink");
    let hard = d.join("hard.jsonl");
    fs::hard_link(&path, &hard).expect("hard link");

    // Through the symbolic link the holder's note is found and named.
    let err = ReviewJournal::open(&symlink, "ben").expect_err("the same file is locked");
    match &err {
        JournalError::Locked {
            holder: Some(h), ..
        } => assert_eq!(h.pid, std::process::id()),
        other => panic!("expected Locked with the holder, got {other:?}"),
    }
    assert!(err.allows_reading());
    // Through a hard link the note is elsewhere, but the lock is the file's.
    let err = ReviewJournal::open(&hard, "ben").expect_err("the same file is locked");
    assert!(matches!(err, JournalError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("in use by"), "{err}");

    // The browser then opens it read-only, decisions shown.
    assert!(err.allows_reading());
    let (ro, entries, _) = ReviewJournal::open_read_only(&hard).expect("reads");
    assert!(ro.is_read_only());
    assert_eq!(entries.len(), 1);

    let e = first.entry(&incident("b"), Action::Accept);
    first.append(&e).expect("the holder still writes");
    drop(first);
    let (_j, entries, _) = ReviewJournal::open(&hard, "ben").expect("free once closed");
    assert_eq!(entries.len(), 2);
}

#[test]
fn an_empty_or_stale_holder_note_does_not_turn_reviewing_off() {
    let _one = serial();
    let d = dir("empty-note");
    let path = d.join("reviews.jsonl");
    journal_with(&path, &["a", "b", "c"]);
    // What a full disk left before: an empty lock file.
    fs::write(d.join("reviews.jsonl.lock"), "").expect("write");
    let (j, entries, _) = ReviewJournal::open(&path, "ana").expect("opens for writing");
    assert!(!j.is_read_only());
    assert_eq!(entries.len(), 3);
    drop(j);
    // A note naming a process that is gone (or any other) decides nothing.
    fs::write(
        d.join("reviews.jsonl.lock"),
        r#"{"pid":1,"user":"x","host":"y","started":"z","file":null}"#,
    )
    .expect("write");
    ReviewJournal::open(&path, "ana").expect("opens for writing");
}

/// A tmpfs mounted at a fresh directory for the test, unmounted on drop.
/// `None` (the test is skipped) where mounting is not allowed.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(name: &str, size: &str) -> Option<Mount> {
        let d = dir(name);
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&d)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: cannot mount a tmpfs here (not root?); skipping");
            return None;
        }
        Some(Mount(d))
    }

    fn remount(&self, options: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` until a write fails for want of
/// space.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = fs::File::create(&filler).expect("filler");
    let block = vec![0u8; 4096];
    loop {
        match f.write_all(&block).and_then(|()| f.sync_data()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    filler
}

#[test]
fn a_full_disk_at_startup_leaves_no_lock_behind_and_shows_the_decisions() {
    let _one = serial();
    let Some(mount) = Mount::tmpfs("full", "256k") else {
        return;
    };
    let path = mount.0.join("reviews.jsonl");
    journal_with(&path, &["a", "b", "c"]);
    let filler = fill(&mount.0);

    let (mut j, entries, _) = ReviewJournal::open(&path, "ana").expect("opens on a full disk");
    assert_eq!(entries.len(), 3, "the decisions are shown");
    let before = fs::read(&path).expect("read");
    // A decision fits in the last block's slack or is refused whole.
    let e = j.entry(&incident("d"), Action::Accept);
    let mut expected = 3;
    match j.append(&e) {
        Ok(()) => expected += 1,
        Err(err) => {
            assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
            assert_eq!(
                fs::read(&path).expect("read"),
                before,
                "nothing half written"
            );
        }
    }
    drop(j);
    let note = mount.0.join("reviews.jsonl.lock");
    assert!(
        fs::read(&note).map_or(true, |n| !n.is_empty()),
        "an empty lock file was left"
    );

    // Space again: the next opening writes, with every decision.
    fs::remove_file(filler).expect("free the space");
    let (mut j, entries, warnings) = ReviewJournal::open(&path, "ana").expect("opens");
    assert!(!j.is_read_only());
    assert_eq!(entries.len(), expected);
    assert!(warnings.is_empty(), "{warnings:?}");
    j.append(&e).expect("appends");
}

#[test]
fn a_journal_on_a_read_only_file_system_opens_read_only_with_its_decisions() {
    let _one = serial();
    let Some(mount) = Mount::tmpfs("read-only", "1m") else {
        return;
    };
    let path = mount.0.join("reviews.jsonl");
    journal_with(&path, &["a", "b", "c"]);
    mount.remount("ro");

    let err = ReviewJournal::open(&path, "ana").expect_err("cannot write");
    assert!(
        matches!(err, JournalError::NotWritable { .. }),
        "expected NotWritable, got {err:?}"
    );
    assert!(err.to_string().contains("cannot write"), "{err}");
    // The browser then opens it read-only (as when another holds it).
    assert!(err.allows_reading());
    let (ro, entries, _) = ReviewJournal::open_read_only(&path).expect("reads");
    assert!(ro.is_read_only());
    assert_eq!(entries.len(), 3, "the decisions are shown");
    assert!(!mount.0.join("reviews.jsonl.lock").exists());
    // Nothing left behind: writable again, it opens for writing.
    mount.remount("rw");
    ReviewJournal::open(&path, "ana").expect("opens for writing");
}

/// Runs `f` on another thread, failing if it takes more than ten seconds
/// (opening a FIFO used to block for ever).
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("opening did not return")
}

#[test]
fn anything_but_a_regular_file_is_refused_with_a_message() {
    let _one = serial();
    let d = dir("not-regular");
    let fifo = d.join("fifo.jsonl");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let folder = d.join("folder.jsonl");
    fs::create_dir(&folder).expect("dir");
    let mut paths: Vec<PathBuf> = vec![
        "/dev/zero".into(),
        "/dev/null".into(),
        "/dev/full".into(),
        folder,
    ];
    if made {
        paths.push(fifo);
    }
    for path in paths {
        if !path.exists() {
            continue;
        }
        let p = path.clone();
        let (writing, reading) = within_seconds(move || {
            (
                ReviewJournal::open(&p, "ana").map(|_| ()),
                ReviewJournal::open_read_only(&p).map(|_| ()),
            )
        });
        for result in [writing, reading] {
            let err = result.expect_err("refused");
            assert!(
                matches!(err, JournalError::NotRegular { .. }),
                "{}: {err:?}",
                path.display()
            );
            assert!(err.to_string().contains("not a file"), "{err}");
        }
    }
    assert!(
        !d.join("fifo.jsonl.lock").exists(),
        "no lock left behind a FIFO"
    );
}
