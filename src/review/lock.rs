//! The lock that keeps two programs from writing one journal.
//!
//! The lock is a file beside the journal (`JOURNAL.lock`) holding who took
//! it: pid, user, host and start time, as JSON. It is created atomically
//! with its content: written to a private temporary name, then hard-linked
//! to the lock name, which fails if the lock exists. (A plain `create_new`
//! followed by a write would leave an instant where another opener reads an
//! empty lock; `create_new` remains the fallback on file systems without
//! hard links.) File locks (`flock`) would need a newer Rust than this
//! crate's minimum, or `unsafe`.
//!
//! A lock whose process is gone (same host, no `/proc/PID` on Linux, `kill
//! -0` failing elsewhere on Unix) is stale and is taken over with a warning.
//! The stale file is first renamed aside and checked to be the one judged
//! stale, so two openers racing for a stale lock do not both win, short of
//! the stale lock being replaced between that read and that rename.

use std::fmt;
use std::fs::{self, File, OpenOptions};
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

/// Whether a process on this host is still running. When it cannot be
/// told, it is assumed to be.
fn pid_alive(holder: &LockHolder, me: &LockHolder) -> bool {
    if holder.host != me.host {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(holder.pid.to_string()).exists();
    }
    if cfg!(unix) && holder.user == me.user {
        return std::process::Command::new("kill")
            .args(["-0", &holder.pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .map_or(true, |s| s.success());
    }
    true
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    Held(LockHolder),
    Unreadable(String),
    Io(io::Error),
}

/// A held lock; dropping it removes the lock file if it is still ours.
#[derive(Debug)]
pub struct JournalLock {
    path: PathBuf,
    holder: LockHolder,
}

impl JournalLock {
    /// Takes the lock at `path`. Returns a warning when a stale lock was
    /// taken over.
    pub fn acquire(path: &Path) -> Result<(JournalLock, Option<String>), LockError> {
        let me = LockHolder::me();
        let content = serde_json::to_string(&me).map_err(|e| LockError::Io(e.into()))?;
        let mut warning = None;
        // A few rounds: each either takes the lock, finds a live holder, or
        // removes a stale lock and tries again.
        for _ in 0..4 {
            match create_with_content(path, content.as_bytes()) {
                Ok(()) => {
                    let lock = JournalLock {
                        path: path.to_path_buf(),
                        holder: me,
                    };
                    return Ok((lock, warning));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(LockError::Io(e)),
            }
            let existing = match fs::read_to_string(path) {
                Ok(s) => s,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(LockError::Io(e)),
            };
            let holder: LockHolder = serde_json::from_str(existing.trim())
                .map_err(|e| LockError::Unreadable(e.to_string()))?;
            if pid_alive(&holder, &me) {
                return Err(LockError::Held(holder));
            }
            if remove_if_unchanged(path, &existing).map_err(LockError::Io)? {
                warning = Some(format!(
                    "took over the lock {} left by {holder}: that process is no longer running",
                    path.display()
                ));
            }
        }
        Err(LockError::Io(io::Error::other(
            "the lock kept changing while taking it; try again",
        )))
    }
}

impl Drop for JournalLock {
    fn drop(&mut self) {
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|s| serde_json::from_str::<LockHolder>(s.trim()).ok())
            .is_some_and(|h| h == self.holder);
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates `path` holding `content`, failing with `AlreadyExists` when it
/// exists. Never leaves an empty `path` for another reader to see.
fn create_with_content(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(content)?;
        f.sync_all()
    })();
    let linked = written.and_then(|()| fs::hard_link(&tmp, path));
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        // No hard links here (some network or FAT file systems).
        Err(_) => {
            let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
            f.write_all(content)?;
            f.sync_all()
        }
    }
}

/// Removes a stale lock if it still holds `expected`. Renaming it aside
/// first means that of two openers only one removes it; if what was moved
/// is not what was judged stale, it is put back.
fn remove_if_unchanged(path: &Path, expected: &str) -> io::Result<bool> {
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".stale-{}", std::process::id()));
    let aside = PathBuf::from(aside);
    match fs::rename(path, &aside) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    }
    let moved = fs::read_to_string(&aside).unwrap_or_default();
    if moved == expected {
        fs::remove_file(&aside)?;
        return Ok(true);
    }
    // Someone else's fresh lock: put it back unless a new one appeared.
    let _ = fs::hard_link(&aside, path);
    let _ = fs::remove_file(&aside);
    Ok(false)
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

    #[test]
    fn a_second_taker_is_told_who_holds_the_lock_until_it_is_dropped() {
        let d = dir("held");
        let path = d.join("j.lock");
        let (lock, warning) = JournalLock::acquire(&path).expect("free");
        assert!(warning.is_none());
        match JournalLock::acquire(&path) {
            Err(LockError::Held(h)) => assert_eq!(h.pid, std::process::id()),
            other => panic!("expected held, got {other:?}"),
        }
        drop(lock);
        assert!(!path.exists());
        let (_again, _) = JournalLock::acquire(&path).expect("free again");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over_with_a_warning() {
        let d = dir("stale");
        let path = d.join("j.lock");
        // A pid above the kernel's maximum (4194304) is never running.
        let dead = LockHolder {
            pid: 4_194_305,
            ..LockHolder::me()
        };
        fs::write(&path, serde_json::to_string(&dead).expect("json")).expect("write");
        let (lock, warning) = JournalLock::acquire(&path).expect("stale lock taken");
        let warning = warning.expect("a warning");
        assert!(warning.contains("4194305"), "{warning}");
        assert!(warning.contains("no longer running"), "{warning}");
        drop(lock);
        fs::write(&path, "{not json").expect("write");
        assert!(matches!(
            JournalLock::acquire(&path),
            Err(LockError::Unreadable(_))
        ));
        let _ = fs::remove_dir_all(&d);
    }
}
