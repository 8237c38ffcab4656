//! Helpers shared by the integration tests. Each test binary uses only part
//! of them, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod pty;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The real binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_incidents");

/// Writes `contents` to a fresh file named `name` in a directory of its own
/// under cargo's target tmpdir, so parallel tests never share a file.
pub fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = temp_dir();
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write the test dataset");
    path
}

/// A fresh, empty directory under cargo's target tmpdir.
pub fn temp_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("t-{}-{n}", std::process::id()));
    // A leftover from an earlier run with the same pid would hold stale files.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a test directory");
    dir
}
