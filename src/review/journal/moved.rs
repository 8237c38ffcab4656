//! A journal whose path came to name another file while it was open.
//!
//! Version control and sync tools replace a file by renaming a new one over
//! it; a user may delete it. An open journal would go on appending to the
//! old, unlinked file, and decisions shown as saved would be gone. So each
//! append first checks the path (device and inode); when it names another
//! file, that file is locked and read, the lines of ours it lacks are
//! appended to it (after its own, so on replay ours stand where both
//! decided on one incident), and writing goes on there.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use super::{file_id, kind_of, open_locked, parse, read_all, JournalError, ReviewJournal};
use crate::review::entry::Entry;

/// What an append did on finding the journal's path naming another file.
#[derive(Debug, Clone, PartialEq)]
pub struct Relocation {
    pub path: PathBuf,
    /// The path named nothing (deleted); it was created anew.
    pub deleted: bool,
    /// Entries in the file now at the path that this journal did not hold,
    /// in their order: they are part of the review now.
    pub found: Vec<Entry>,
    /// How many of this journal's entries the file lacked and got.
    pub copied: usize,
    /// Incidents with decisions both among those found and those copied
    /// (ours were written after, so they take effect).
    pub conflicts: Vec<String>,
}

impl fmt::Display for Relocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.deleted {
            "was deleted; created it again"
        } else {
            "was replaced by another file; reloaded it"
        };
        write!(
            f,
            "the review journal {} {what}: {} found there, {} of ours copied to it",
            self.path.display(),
            crate::dataset::plural::of(self.found.len(), "decision"),
            self.copied
        )?;
        if !self.conflicts.is_empty() {
            write!(
                f,
                "; both decided on {} (ours, written last, stand)",
                self.conflicts.join(", ")
            )?;
        }
        Ok(())
    }
}

impl ReviewJournal {
    /// Makes sure the path names the file being written, moving to the
    /// file it names now if not (see the module's comment).
    pub(super) fn follow_path(&mut self) -> io::Result<()> {
        let Some(id) = self.id else {
            return Ok(());
        };
        let deleted = match fs::metadata(&self.path) {
            Ok(m) if file_id(&m) == Some(id) => return Ok(()),
            Ok(m) if !m.is_file() => {
                return Err(io::Error::other(format!(
                    "{} is now {}, no longer the journal; move it away and decide again",
                    self.path.display(),
                    kind_of(&m)
                )))
            }
            Ok(_) => false,
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(e),
        };
        self.move_to_path(deleted)
    }

    fn move_to_path(&mut self, deleted: bool) -> io::Result<()> {
        let refused = |e: JournalError| {
            io::Error::other(format!(
                "the review journal was replaced or deleted while open, and its new file \
                 cannot take this decision: {e}"
            ))
        };
        let Some(old) = self.file.as_ref() else {
            return Ok(());
        };
        let ours_bytes = read_all(old)?;
        let ours = parse(&self.path, &ours_bytes).map_err(refused)?;
        let (file, lock, id) = open_locked(&self.path).map_err(refused)?;
        let theirs_bytes = read_all(&file)?;
        let theirs = parse(&self.path, &theirs_bytes).map_err(refused)?;

        let line = |bytes: &'_ [u8], span: &std::ops::Range<usize>| {
            bytes[span.clone()].trim_ascii().to_vec()
        };
        let their_lines: HashSet<Vec<u8>> = theirs
            .spans
            .iter()
            .map(|s| line(&theirs_bytes, s))
            .collect();
        let our_lines: HashSet<Vec<u8>> = ours.spans.iter().map(|s| line(&ours_bytes, s)).collect();
        let mut missing = Vec::new();
        let mut copied = Vec::new();
        for (entry, span) in ours.entries.iter().zip(&ours.spans) {
            let l = line(&ours_bytes, span);
            if !their_lines.contains(&l) {
                missing.extend_from_slice(&l);
                missing.push(b'\n');
                copied.push(entry);
            }
        }
        let found: Vec<Entry> = theirs
            .entries
            .iter()
            .zip(&theirs.spans)
            .filter(|(_, s)| !our_lines.contains(&line(&theirs_bytes, s)))
            .map(|(e, _)| e.clone())
            .collect();
        // Articles done have no incident: they name none here.
        let copied_ids: HashSet<&str> = copied
            .iter()
            .map(|e| e.incident.as_str())
            .filter(|id| !id.is_empty())
            .collect();
        let mut conflicts: Vec<String> = found
            .iter()
            .map(|e| e.incident.as_str())
            .filter(|id| copied_ids.contains(id))
            .map(str::to_string)
            .collect();
        conflicts.sort();
        conflicts.dedup();

        let mut write = Vec::new();
        if theirs_bytes.last().is_some_and(|&b| b != b'\n') {
            write.push(b'\n');
        }
        write.extend_from_slice(&missing);
        if !missing.is_empty() {
            (&file).write_all(&write)?;
            file.sync_data()?;
        }
        let len = file.metadata()?.len();
        // The new lock's note first; dropping the old lock leaves it alone.
        self.lock = Some(lock);
        self.file = Some(file);
        self.id = id;
        self.len = len;
        self.relocation = Some(Relocation {
            path: self.path.clone(),
            deleted,
            found,
            copied: copied.len(),
            conflicts,
        });
        Ok(())
    }
}
