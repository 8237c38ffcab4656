//! The review journal on disk: JSON Lines, appended to, never rewritten.
//!
//! Durability: [`ReviewJournal::append`] writes a whole line with one
//! `write` and returns only after `sync_data()`, so an entry whose append
//! returned survives a crash or `kill -9` the next instant. A new journal
//! is created under a temporary name, synced, renamed into place, and its
//! directory synced, so it never exists half-made.
//!
//! A crash in the middle of an append can leave a torn last line (no
//! newline, or not valid JSON). Opening for writing moves those bytes to
//! `JOURNAL.torn` (appended, synced), truncates the journal to its last
//! complete line, and reports a warning; that entry's append never returned,
//! so no decision shown as saved is lost. Other unreadable lines are
//! reported and skipped, and left in the file.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::entry::{Action, Entry, ENTRY_VERSION};
use super::lock::{JournalLock, LockError, LockHolder};
use crate::dataset::Incident;

/// Why a journal could not be opened.
#[derive(Debug)]
pub enum JournalError {
    /// Another live program holds the lock.
    Locked {
        holder: LockHolder,
        lock_path: PathBuf,
    },
    /// The lock file exists but cannot be read as a lock.
    LockUnreadable { lock_path: PathBuf, detail: String },
    /// A line was written by a newer version of the program.
    NewerVersion {
        path: PathBuf,
        line: usize,
        version: u32,
    },
    /// Opening read-only a journal that does not exist.
    NotFound { path: PathBuf },
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Locked { holder, lock_path } => write!(
                f,
                "the review journal is in use by {holder}; close that browser first (if no \
                 `incidents` is running there, delete {})",
                lock_path.display()
            ),
            JournalError::LockUnreadable { lock_path, detail } => write!(
                f,
                "the lock file {} cannot be read ({detail}); if no `incidents` is using this \
                 journal, delete it",
                lock_path.display()
            ),
            JournalError::NewerVersion {
                path,
                line,
                version,
            } => write!(
                f,
                "{}:{line}: journal format version {version} is newer than this program \
                 understands ({ENTRY_VERSION}); upgrade incidents",
                path.display()
            ),
            JournalError::NotFound { path } => {
                write!(f, "no review journal at {}", path.display())
            }
            JournalError::Io {
                path,
                action,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Something found while opening that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalWarning {
    /// 1-based line in the journal, when about one line.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for JournalWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// An open journal. Holds the lock (unless read-only) until dropped.
#[derive(Debug)]
pub struct ReviewJournal {
    path: PathBuf,
    reviewer: String,
    /// `None` when read-only.
    file: Option<File>,
    /// Length of the file up to its last complete entry.
    len: u64,
    /// A failed sync leaves the file's state unknown; stop writing.
    poisoned: bool,
    _lock: Option<JournalLock>,
}

/// The path beside `path` with `suffix` added to its name.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl ReviewJournal {
    /// Opens (creating it durably if needed) the journal at `path` for
    /// writing as `reviewer`, taking its lock. Returns the entries read and
    /// what was found wrong on the way.
    pub fn open(
        path: &Path,
        reviewer: &str,
    ) -> Result<(ReviewJournal, Vec<Entry>, Vec<JournalWarning>), JournalError> {
        let lock_path = beside(path, ".lock");
        let io_err = |action, source| JournalError::Io {
            path: path.to_path_buf(),
            action,
            source,
        };
        let (lock, took_over) = JournalLock::acquire(&lock_path).map_err(|e| match e {
            LockError::Held(holder) => JournalError::Locked {
                holder,
                lock_path: lock_path.clone(),
            },
            LockError::Unreadable(detail) => JournalError::LockUnreadable {
                lock_path: lock_path.clone(),
                detail,
            },
            LockError::Io(source) => JournalError::Io {
                path: lock_path.clone(),
                action: "take the lock",
                source,
            },
        })?;
        let mut warnings: Vec<JournalWarning> = took_over
            .into_iter()
            .map(|message| JournalWarning {
                line: None,
                message,
            })
            .collect();
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                create_durably(path).map_err(|e| io_err("create", e))?;
                Vec::new()
            }
            Err(e) => return Err(io_err("read", e)),
        };
        let parsed = parse(path, &bytes)?;
        warnings.extend(parsed.warnings);
        if let Some(torn) = parsed.torn {
            let torn_path = beside(path, ".torn");
            save_torn(&torn_path, &bytes[torn.start..])
                .map_err(|e| io_err("save the torn last line of", e))?;
            let f = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| io_err("repair", e))?;
            f.set_len(torn.start as u64)
                .and_then(|()| f.sync_all())
                .map_err(|e| io_err("repair", e))?;
            warnings.push(JournalWarning {
                line: Some(torn.line),
                message: format!(
                    "the last line was incomplete (the program stopped while writing it); \
                     skipped, and its {} byte(s) moved to {}",
                    bytes.len() - torn.start,
                    torn_path.display()
                ),
            });
        }
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io_err("open for writing", e))?;
        let journal = ReviewJournal {
            path: path.to_path_buf(),
            reviewer: reviewer.to_string(),
            file: Some(file),
            len: parsed.good_len as u64,
            poisoned: false,
            _lock: Some(lock),
        };
        Ok((journal, parsed.entries, warnings))
    }

    /// Reads the journal without locking or repairing it (export, a second
    /// browser). A torn last line is skipped and reported. Appending to it
    /// fails.
    pub fn open_read_only(
        path: &Path,
    ) -> Result<(ReviewJournal, Vec<Entry>, Vec<JournalWarning>), JournalError> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(JournalError::NotFound {
                    path: path.to_path_buf(),
                })
            }
            Err(source) => {
                return Err(JournalError::Io {
                    path: path.to_path_buf(),
                    action: "read",
                    source,
                })
            }
        };
        let mut parsed = parse(path, &bytes)?;
        if let Some(torn) = parsed.torn {
            parsed.warnings.push(JournalWarning {
                line: Some(torn.line),
                message: "the last line is incomplete (the program stopped while writing it, \
                          or is writing it now); skipped"
                    .into(),
            });
        }
        let journal = ReviewJournal {
            path: path.to_path_buf(),
            reviewer: String::new(),
            file: None,
            len: parsed.good_len as u64,
            poisoned: false,
            _lock: None,
        };
        Ok((journal, parsed.entries, parsed.warnings))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    pub fn is_read_only(&self) -> bool {
        self.file.is_none()
    }

    /// An entry by this journal's reviewer, stamped now.
    pub fn entry(&self, incident: &Incident, action: Action) -> Entry {
        Entry::new(&self.reviewer, incident, action)
    }

    /// Appends one entry as one line and returns once it is on disk
    /// (`sync_data`). On an error nothing of the entry stays in the file
    /// (as far as the file system lets us undo a partial write), and after
    /// a failed sync the journal refuses further appends: the caller must
    /// show the decision as not saved.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        if self.poisoned {
            return Err(io::Error::other(
                "an earlier write to the review journal failed; reopen it",
            ));
        }
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the review journal is open read-only",
            ));
        };
        let mut line = entry.to_line().map_err(io::Error::other)?;
        line.push('\n');
        let written = file
            .write_all(line.as_bytes())
            .and_then(|()| file.sync_data());
        if let Err(e) = written {
            self.poisoned = true;
            if file
                .set_len(self.len)
                .and_then(|()| file.sync_data())
                .is_ok()
            {
                self.poisoned = false;
            }
            return Err(e);
        }
        self.len += line.len() as u64;
        Ok(())
    }
}

struct Torn {
    /// Byte offset where the torn line starts.
    start: usize,
    line: usize,
}

struct Parsed {
    entries: Vec<Entry>,
    warnings: Vec<JournalWarning>,
    /// Bytes up to the end of the last complete line kept.
    good_len: usize,
    torn: Option<Torn>,
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed, JournalError> {
    let mut out = Parsed {
        entries: Vec::new(),
        warnings: Vec::new(),
        good_len: bytes.len(),
        torn: None,
    };
    let mut start = 0;
    let mut line_no = 0;
    while start < bytes.len() {
        line_no += 1;
        let newline = bytes[start..].iter().position(|&b| b == b'\n');
        let end = newline.map_or(bytes.len(), |i| start + i);
        let is_last = end + 1 >= bytes.len();
        let line = &bytes[start..end];
        let next = end + 1;
        if newline.is_none() {
            out.torn = Some(Torn {
                start,
                line: line_no,
            });
            out.good_len = start;
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            start = next;
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(entry) if entry.v > ENTRY_VERSION => {
                return Err(JournalError::NewerVersion {
                    path: path.to_path_buf(),
                    line: line_no,
                    version: entry.v,
                })
            }
            Ok(entry) => out.entries.push(entry.sanitized()),
            Err(_) if is_last => {
                out.torn = Some(Torn {
                    start,
                    line: line_no,
                });
                out.good_len = start;
            }
            Err(e) => out.warnings.push(JournalWarning {
                line: Some(line_no),
                message: format!("not a journal entry ({e}); skipped"),
            }),
        }
        start = next;
    }
    Ok(out)
}

/// Creates an empty file at `path` so that it either exists whole or not
/// at all: temporary name, sync, rename, sync of the directory.
pub fn create_durably(path: &Path) -> io::Result<()> {
    write_durably(path, |_| Ok(()))
}

/// Writes a file atomically and durably: `fill` writes it under a
/// temporary name beside `path`, then it is synced, renamed over `path`,
/// and the directory synced.
pub fn write_durably(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = beside(path, &format!(".{}.tmp", std::process::id()));
    let result = (|| {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        let mut w = io::BufWriter::new(&file);
        fill(&mut w)?;
        w.flush()?;
        drop(w);
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn sync_dir(path: &Path) -> io::Result<()> {
    if !cfg!(unix) {
        return Ok(());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

fn save_torn(torn_path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(torn_path)?;
    f.write_all(bytes)?;
    f.write_all(b"\n")?;
    f.sync_data()
}

#[cfg(test)]
mod tests;
