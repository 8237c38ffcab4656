//! The review journal on disk: JSON Lines, appended to, never rewritten.
//!
//! Durability: [`ReviewJournal::append`] writes a whole line with one
//! `write` and returns only after `sync_data()`, so an entry whose append
//! returned survives a crash or `kill -9` the next instant. A new journal
//! is created under a temporary name, synced, renamed into place, and its
//! directory synced, so it never exists half-made.
//!
//! Only a regular file is a journal: a device (`/dev/zero` reads forever,
//! `/dev/null` swallows every decision), a FIFO (blocks) or a directory is
//! refused with a message. The journal is locked with the operating
//! system's lock on the file itself (see [`super::lock`]).
//!
//! A crash in the middle of an append can leave an incomplete last line
//! (no final newline, and not a journal entry). Opening for writing moves
//! those bytes to `JOURNAL.torn` (appended, synced), truncates the journal
//! to its last complete line, and reports a warning; that entry's append
//! never returned, so no decision shown as saved is lost. A last entry that
//! is whole but lacks its newline (an editor, a merge) is kept and the
//! newline added. Complete lines that are not entries, the last one too,
//! are reported and skipped, and left in the file.
//!
//! Before each append the journal checks that its path still names the
//! file it writes (device and inode) and that the file still ends in a
//! newline; see [`ReviewJournal::append`].

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::entry::{Action, Entry, ENTRY_VERSION};
use super::lock::{file_id, FileId, JournalLock, LockError, LockHolder};
use crate::dataset::Incident;

mod durable;
mod moved;

pub use durable::{create_durably, write_durably};
pub use moved::Relocation;

/// Why a journal could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Another program holds the journal's lock; who, when it said so.
    #[error("{}", locked_message(path, holder.as_ref()))]
    Locked {
        path: PathBuf,
        holder: Option<LockHolder>,
    },
    /// The journal cannot be written here (a read-only file system or file,
    /// no permission, a full disk during a repair). It can still be read.
    #[error("cannot write the review journal {}: {source}", path.display())]
    NotWritable { path: PathBuf, source: io::Error },
    /// The path names something other than a regular file.
    #[error("{} is {kind}, not a file; a review journal must be a regular file", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    /// A line was written by a newer version of the program.
    #[error(
        "{}:{line}: journal format version {version} is newer than this program \
         understands ({ENTRY_VERSION}); upgrade incidents",
        path.display()
    )]
    NewerVersion {
        path: PathBuf,
        line: usize,
        version: u32,
    },
    /// Opening read-only a journal that does not exist.
    #[error("no review journal at {}", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

fn locked_message(path: &Path, holder: Option<&LockHolder>) -> String {
    match holder {
        Some(holder) => format!(
            "the review journal {} is in use by {holder}; close that browser first",
            path.display()
        ),
        None => format!(
            "the review journal {} is in use by another program (perhaps a browser that \
             opened it through another name); close it first",
            path.display()
        ),
    }
}

impl JournalError {
    /// Whether the journal may still be opened read-only to show its
    /// decisions: another program writes it, or this one cannot.
    pub fn allows_reading(&self) -> bool {
        matches!(
            self,
            JournalError::Locked { .. } | JournalError::NotWritable { .. }
        )
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
    /// Declared before `file` so that the holder's note is removed before
    /// closing the file releases the lock.
    lock: Option<JournalLock>,
    /// `None` when read-only.
    file: Option<File>,
    /// The file's device and inode, to notice the path naming another file.
    id: FileId,
    /// Length of the file up to its last complete entry.
    len: u64,
    /// A failed sync leaves the file's state unknown; stop writing.
    poisoned: bool,
    /// What the last appends found when the path named another file.
    relocation: Option<Relocation>,
}

/// The path beside `path` with `suffix` added to its name.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Errors of writing that reading would not have: the journal can still be
/// opened read-only.
fn cannot_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied
            | io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
    )
}

/// What a file that is not a regular file is, for the message.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Refuses a path naming anything but a regular file (a missing one is
/// fine). Checked before opening, as opening a FIFO blocks.
fn check_regular(path: &Path) -> Result<bool, JournalError> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) => Err(JournalError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&m),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(JournalError::Io {
            path: path.to_path_buf(),
            action: "read",
            source,
        }),
    }
}

/// The whole file from its start, whatever the descriptor's position.
fn read_all(mut file: &File) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens the journal at `path` for appending (creating it durably when it
/// does not exist) and locks it. The path is checked again once the lock
/// is held: another opener may have created or replaced the file between
/// our open and our lock, and the lock must be on the file the path names.
fn open_locked(path: &Path) -> Result<(File, JournalLock, FileId), JournalError> {
    let io_err = |action, source| JournalError::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let not_writable = |source| JournalError::NotWritable {
        path: path.to_path_buf(),
        source,
    };
    for _ in 0..4 {
        if !check_regular(path)? {
            match create_durably(path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) if cannot_write(&e) => return Err(not_writable(e)),
                Err(e) => return Err(io_err("create", e)),
            }
        }
        let file = match OpenOptions::new().read(true).append(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) if cannot_write(&e) => return Err(not_writable(e)),
            Err(e) => return Err(io_err("open for writing", e)),
        };
        let meta = file.metadata().map_err(|e| io_err("read", e))?;
        if !meta.is_file() {
            return Err(JournalError::NotRegular {
                path: path.to_path_buf(),
                kind: kind_of(&meta),
            });
        }
        let lock = JournalLock::acquire(&file, path, &meta).map_err(|e| match e {
            LockError::Held(holder) => JournalError::Locked {
                path: path.to_path_buf(),
                holder,
            },
            LockError::Io(source) => io_err("lock", source),
        })?;
        let id = file_id(&meta);
        let still_named = fs::metadata(path).is_ok_and(|m| file_id(&m) == id);
        if still_named {
            return Ok((file, lock, id));
        }
    }
    Err(io_err(
        "open",
        io::Error::other("the journal kept being replaced while opening it; try again"),
    ))
}

impl ReviewJournal {
    /// Opens (creating it durably if needed) the journal at `path` for
    /// writing as `reviewer`, taking its lock. Returns the entries read and
    /// what was found wrong on the way.
    pub fn open(
        path: &Path,
        reviewer: &str,
    ) -> Result<(ReviewJournal, Vec<Entry>, Vec<JournalWarning>), JournalError> {
        let io_err = |action, source| JournalError::Io {
            path: path.to_path_buf(),
            action,
            source,
        };
        // A repair that cannot be written leaves the journal readable.
        let repair_err = |source: io::Error| {
            if cannot_write(&source) {
                JournalError::NotWritable {
                    path: path.to_path_buf(),
                    source,
                }
            } else {
                io_err("repair", source)
            }
        };
        let (file, lock, id) = open_locked(path)?;
        let bytes = read_all(&file).map_err(|e| io_err("read", e))?;
        let parsed = parse(path, &bytes)?;
        let mut warnings = parsed.warnings;
        let mut len = parsed.good_len as u64;
        if let Some(torn) = parsed.torn {
            let torn_path = beside(path, ".torn");
            save_torn(&torn_path, &bytes[torn.start..]).map_err(repair_err)?;
            file.set_len(torn.start as u64)
                .and_then(|()| file.sync_all())
                .map_err(repair_err)?;
            warnings.push(JournalWarning {
                line: Some(torn.line),
                message: format!(
                    "the last line was incomplete (the program stopped while writing it); \
                     skipped, and its {} moved to {}",
                    crate::dataset::plural::of(bytes.len() - torn.start, "byte"),
                    torn_path.display()
                ),
            });
        } else if parsed.needs_newline {
            (&file)
                .write_all(b"\n")
                .and_then(|()| file.sync_data())
                .map_err(repair_err)?;
            len += 1;
        }
        let journal = ReviewJournal {
            path: path.to_path_buf(),
            reviewer: reviewer.to_string(),
            lock: Some(lock),
            file: Some(file),
            id,
            len,
            poisoned: false,
            relocation: None,
        };
        Ok((journal, parsed.entries, warnings))
    }

    /// Reads the journal without locking or repairing it (export, a second
    /// browser). A torn last line is skipped and reported. Appending to it
    /// fails.
    pub fn open_read_only(
        path: &Path,
    ) -> Result<(ReviewJournal, Vec<Entry>, Vec<JournalWarning>), JournalError> {
        let io_err = |source| JournalError::Io {
            path: path.to_path_buf(),
            action: "read",
            source,
        };
        if !check_regular(path)? {
            return Err(JournalError::NotFound {
                path: path.to_path_buf(),
            });
        }
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(JournalError::NotFound {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => return Err(io_err(e)),
        };
        let meta = file.metadata().map_err(io_err)?;
        if !meta.is_file() {
            return Err(JournalError::NotRegular {
                path: path.to_path_buf(),
                kind: kind_of(&meta),
            });
        }
        let bytes = read_all(&file).map_err(io_err)?;
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
            lock: None,
            file: None,
            id: file_id(&meta),
            len: parsed.good_len as u64,
            poisoned: false,
            relocation: None,
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

    /// What [`append`](Self::append) found when the journal's path no
    /// longer named the file it was writing (replaced by rename, deleted),
    /// since this was last asked. The caller shows it, and applies
    /// [`Relocation::found`] to its review state.
    pub fn take_relocation(&mut self) -> Option<Relocation> {
        self.relocation.take()
    }

    /// Appends one entry as one line and returns once it is on disk
    /// (`sync_data`). On an error nothing of the entry stays in the file
    /// (as far as the file system lets us undo a partial write), and after
    /// a failed sync the journal refuses further appends: the caller must
    /// show the decision as not saved.
    ///
    /// First, the path must still name the file written to. When it names
    /// another file (a `git checkout`, a sync tool's rename) or nothing
    /// (deleted), that file is locked and read, this journal's entries that
    /// it lacks are copied to it, and the entry goes there; what happened
    /// is kept for [`take_relocation`](Self::take_relocation). When the path
    /// names a directory or anything but a regular file, or its new file is
    /// locked by another program, the entry is refused. And if something
    /// else left a partial line at the end, a newline goes first, so the
    /// entry is never glued to it.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        if self.poisoned {
            return Err(io::Error::other(
                "an earlier write to the review journal failed; reopen it",
            ));
        }
        if self.file.is_none() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the review journal is open read-only",
            ));
        }
        self.follow_path()?;
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::other("the review journal is closed"));
        };
        let mut line = String::new();
        let size = file.metadata()?.len();
        if size != self.len {
            // Someone else wrote to the file: start after what they left.
            self.len = size;
            if size > 0 && last_byte(file, size)? != b'\n' {
                line.push('\n');
            }
        }
        line.push_str(&entry.to_line().map_err(io::Error::other)?);
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

/// The byte at `size - 1`.
fn last_byte(mut file: &File, size: u64) -> io::Result<u8> {
    let mut b = [0u8];
    file.seek(SeekFrom::Start(size - 1))?;
    file.read_exact(&mut b)?;
    Ok(b[0])
}

struct Torn {
    /// Byte offset where the torn line starts.
    start: usize,
    line: usize,
}

struct Parsed {
    entries: Vec<Entry>,
    /// Where each entry's line is in the bytes (without its newline).
    spans: Vec<Range<usize>>,
    warnings: Vec<JournalWarning>,
    /// Bytes up to the end of the last complete line kept.
    good_len: usize,
    torn: Option<Torn>,
    /// The last line is a whole entry without its final newline.
    needs_newline: bool,
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed, JournalError> {
    let mut out = Parsed {
        entries: Vec::new(),
        spans: Vec::new(),
        warnings: Vec::new(),
        good_len: bytes.len(),
        torn: None,
        needs_newline: false,
    };
    let mut start = 0;
    let mut line_no = 0;
    while start < bytes.len() {
        line_no += 1;
        let newline = bytes[start..].iter().position(|&b| b == b'\n');
        let end = newline.map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let next = end + 1;
        if newline.is_some() && line.iter().all(u8::is_ascii_whitespace) {
            start = next;
            continue;
        }
        match (newline.is_some(), serde_json::from_slice::<Entry>(line)) {
            (_, Ok(entry)) if entry.v > ENTRY_VERSION => {
                return Err(JournalError::NewerVersion {
                    path: path.to_path_buf(),
                    line: line_no,
                    version: entry.v,
                })
            }
            (complete, Ok(entry)) => {
                out.entries.push(entry.sanitized());
                out.spans.push(start..end);
                out.needs_newline = !complete;
            }
            // Only an incomplete last line is torn.
            (false, Err(_)) => {
                out.torn = Some(Torn {
                    start,
                    line: line_no,
                });
                out.good_len = start;
            }
            (true, Err(e)) => out.warnings.push(JournalWarning {
                line: Some(line_no),
                message: format!("not a journal entry ({e}); skipped"),
            }),
        }
        start = next;
    }
    Ok(out)
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
