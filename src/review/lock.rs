//! The lock that keeps two programs from writing one journal.
//!
//! The lock is the operating system's exclusive lock on the journal file
//! itself ([`File::try_lock`]: `flock` on Unix, `LockFileEx` on Windows).
//! It belongs to the file, not to a name, so a symbolic or hard link to the
//! journal reaches the same lock, and the kernel releases it when the
//! holder's last descriptor closes: a process killed with `kill -9` holds
//! nothing, even as a zombie not yet reaped.
//!
//! Who holds it is written, after the lock is taken, to a note beside the
//! journal's canonical path (`JOURNAL.lock`, JSON: pid, user, host, start
//! time, and the journal's device and inode). The note is only for the
//! "in use by" message; it never decides anything, so a note left behind by
//! a crash, an empty one left by a full disk, or none at all (a read-only
//! folder, or a journal reached through a hard link elsewhere) is harmless.

use std::fmt;
use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::time::now_rfc3339;

/// Who holds a journal's lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    pub user: String,
    pub host: String,
    /// When the lock was taken (UTC, RFC 3339).
    pub started: String,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}@{} (process {}, since {})",
            self.user, self.host, self.pid, self.started
        )
    }
}

impl LockHolder {
    /// This process.
    pub fn me() -> LockHolder {
        LockHolder {
            pid: std::process::id(),
            user: login_name().unwrap_or_else(|| "unknown".into()),
            host: host_name(),
            started: now_rfc3339(),
        }
    }
}

/// The login name from the environment.
pub fn login_name() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn host_name() -> String {
    let from_file = fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .ok();
    from_file
        .into_iter()
        .chain(
            ["HOSTNAME", "COMPUTERNAME"]
                .iter()
                .filter_map(|k| std::env::var(k).ok()),
        )
        .map(|h| h.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into())
}

/// A file's identity: device and inode on Unix; `None` elsewhere, where the
/// checks that use it are skipped.
pub type FileId = Option<(u64, u64)>;

#[cfg(unix)]
pub fn file_id(meta: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub fn file_id(_meta: &fs::Metadata) -> FileId {
    None
}

/// What the note beside a locked journal says.
#[derive(Debug, Serialize, Deserialize)]
struct HolderNote {
    #[serde(flatten)]
    holder: LockHolder,
    /// The journal the note is about; a note about another file (the
    /// journal was replaced since) is ignored.
    file: FileId,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another open file holds it; who, when its note says so.
    Held(Option<LockHolder>),
    Io(io::Error),
}

/// How often and how long to retry a held lock (a quarter of a second).
const LOCK_TRIES: u32 = 10;
const LOCK_PAUSE: std::time::Duration = std::time::Duration::from_millis(25);

/// The note of a lock held on a journal. The lock itself lives as long as
/// the journal's `File`; dropping this removes the note if it is still ours.
#[derive(Debug)]
pub struct JournalLock {
    note: Option<PathBuf>,
    holder: LockHolder,
    file: FileId,
}

impl JournalLock {
    /// Takes the exclusive lock on `file`, the journal opened at `path`,
    /// without waiting, then writes who holds it beside the journal (best
    /// effort: a note that cannot be written is no reason to stop).
    pub fn acquire(file: &File, path: &Path, meta: &fs::Metadata) -> Result<Self, LockError> {
        let id = file_id(meta);
        // A holder killed a moment ago keeps the lock until its last thread
        // has exited (its main thread may already show as a zombie), and a
        // child process being started holds a copy of every descriptor until
        // it runs its program: wait a little before saying it is held.
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if tries < LOCK_TRIES => {
                    tries += 1;
                    std::thread::sleep(LOCK_PAUSE);
                }
                Err(TryLockError::WouldBlock) => return Err(LockError::Held(read_note(path, id))),
                Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
            }
        }
        let holder = LockHolder::me();
        let note = note_path(path).filter(|note| {
            let content = HolderNote {
                holder: holder.clone(),
                file: id,
            };
            write_note(note, &content).is_ok()
        });
        Ok(JournalLock {
            note,
            holder,
            file: id,
        })
    }
}

impl Drop for JournalLock {
    fn drop(&mut self) {
        let Some(note) = &self.note else { return };
        let ours = fs::read_to_string(note)
            .ok()
            .and_then(|s| serde_json::from_str::<HolderNote>(s.trim()).ok())
            .is_some_and(|n| n.holder == self.holder && n.file == self.file);
        if ours {
            let _ = fs::remove_file(note);
        }
    }
}

/// `JOURNAL.lock` beside the journal's canonical path, so that a journal
/// reached through a symbolic link finds its holder's note.
fn note_path(path: &Path) -> Option<PathBuf> {
    let canonical = fs::canonicalize(path).ok()?;
    let mut name = canonical.into_os_string();
    name.push(".lock");
    Some(PathBuf::from(name))
}

/// The holder named by the note beside `path`, if it is about this file.
fn read_note(path: &Path, id: FileId) -> Option<LockHolder> {
    let text = fs::read_to_string(note_path(path)?).ok()?;
    let note: HolderNote = serde_json::from_str(text.trim()).ok()?;
    (note.file == id).then_some(note.holder)
}

/// Writes the note whole or not at all (temporary file, rename), so that a
/// reader never sees half of it; not synced, as nothing depends on it.
fn write_note(note: &Path, content: &HolderNote) -> io::Result<()> {
    let dir = match note.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let json = serde_json::to_string(content).map_err(io::Error::other)?;
    tmp.write_all(json.as_bytes())?;
    tmp.persist(note).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("incidents-lock-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).expect("temp dir");
        d
    }

    fn open(path: &Path) -> (File, fs::Metadata) {
        let f = fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .expect("opens");
        let m = f.metadata().expect("stat");
        (f, m)
    }

    #[test]
    fn a_second_taker_is_told_who_holds_the_lock_until_it_is_closed() {
        let d = dir("held");
        let path = d.join("j.jsonl");
        let (first, meta) = open(&path);
        let lock = JournalLock::acquire(&first, &path, &meta).expect("free");
        assert!(d.join("j.jsonl.lock").exists());
        let (second, meta2) = open(&path);
        match JournalLock::acquire(&second, &path, &meta2) {
            Err(LockError::Held(Some(h))) => assert_eq!(h.pid, std::process::id()),
            other => panic!("expected held, got {other:?}"),
        }
        drop(lock);
        drop(first);
        assert!(!d.join("j.jsonl.lock").exists(), "note removed");
        JournalLock::acquire(&second, &path, &meta2).expect("free again");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_note_left_behind_or_unreadable_decides_nothing() {
        let d = dir("note");
        let path = d.join("j.jsonl");
        let dead = HolderNote {
            holder: LockHolder {
                pid: 4_194_305,
                ..LockHolder::me()
            },
            file: None,
        };
        let note = d.join("j.jsonl.lock");
        fs::write(&note, serde_json::to_string(&dead).expect("json")).expect("write");
        let (f, meta) = open(&path);
        drop(JournalLock::acquire(&f, &path, &meta).expect("a stale note is no lock"));
        drop(f);
        fs::write(&note, "").expect("write");
        let (f, meta) = open(&path);
        let _lock = JournalLock::acquire(&f, &path, &meta).expect("an empty note is no lock");
        // Held, with a note about another file: the holder is not named.
        fs::write(&note, serde_json::to_string(&dead).expect("json")).expect("write");
        let (g, meta) = open(&path);
        assert!(matches!(
            JournalLock::acquire(&g, &path, &meta),
            Err(LockError::Held(None))
        ));
        let _ = fs::remove_dir_all(&d);
    }
}
