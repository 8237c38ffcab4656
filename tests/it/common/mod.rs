//! Helpers shared by the integration tests. Each test binary uses only part
//! of them, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};
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

use incidents::dataset::{load_path, Dataset, Incident, Loaded};
use serde_json::Value;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn load(name: &str) -> Loaded {
    let loaded = load_path(&fixture(name), &mut |_| {});
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded
}

pub fn incident<'a>(ds: &'a Dataset, id: &str) -> &'a Incident {
    ds.incidents
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("incident {id} loaded"))
}

/// The text of the document an incident cites.
pub fn text<'a>(ds: &'a Dataset, id: &str) -> Option<&'a str> {
    let source = incident(ds, id).sources.first()?;
    Some(
        ds.document(source.document.expect("resolved"))?
            .text
            .as_str(),
    )
}

pub fn extra(i: &Incident, key: &str) -> Option<String> {
    i.extra
        .to_map()
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A scratch directory of this test's own.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// An incident with one killed and nothing else, to review.
pub fn one_killed(id: &str) -> incidents::dataset::Incident {
    incidents::dataset::Incident {
        id: id.into(),
        killed: Some(1),
        ..incidents::dataset::Incident::default()
    }
}

/// One province's summary: (province, incidents, killed, wounded, killed
/// unknown, wounded unknown).
pub type ProvinceRow = (String, u64, u64, u64, u64, u64);

/// The summary per province, as `incidents summary` prints it.
pub fn per_province(ds: &Dataset) -> Vec<ProvinceRow> {
    incidents::summary::summarize(&ds.incidents)
        .provinces
        .into_iter()
        .map(|p| {
            let t = p.totals;
            let counts = (t.killed, t.wounded, t.killed_unknown, t.wounded_unknown);
            (
                p.province,
                t.incidents,
                counts.0,
                counts.1,
                counts.2,
                counts.3,
            )
        })
        .collect()
}

/// A row of [`per_province`].
pub fn row(p: &str, n: u64, k: u64, w: u64, ku: u64, wu: u64) -> ProvinceRow {
    (p.to_string(), n, k, w, ku, wu)
}
