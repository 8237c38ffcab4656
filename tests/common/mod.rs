//! Helpers shared by the integration tests that read the CSV fixtures.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

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

pub fn extra<'a>(i: &'a Incident, key: &str) -> Option<&'a str> {
    i.extra.get(key).and_then(Value::as_str)
}

/// A scratch directory of this test's own.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}
