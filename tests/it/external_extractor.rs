//! The external extractor end to end: small scripts under
//! `tests/extractors/` stand in for a user's NLP model or LLM script.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use incidents::extract::external::{load_output, ExternalError, ExternalExtractor};

const DOCS: &str = concat!(
    "{\"type\":\"document\",\"id\":\"d1\",\"text\":\"Three were killed in Kirkuk.\"}\n",
    "{\"type\":\"document\",\"id\":\"d2\",\"text\":\"A guard was killed at dawn.\"}\n",
);

fn script(name: &str) -> String {
    format!("{}/tests/extractors/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn extractor(command: &str) -> ExternalExtractor {
    ExternalExtractor::parse(command).expect("parses")
}

fn has(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_good_extractor_cites_each_document() {
    if !has("python3") {
        println!("skipped: python3 is not installed");
        return;
    }
    let ext = extractor(&format!("python3 '{}'", script("good.py")));
    let never = AtomicBool::new(false);
    let out = ext.run(DOCS.as_bytes(), &never).expect("runs");
    let loaded = load_output(&ext.label(), DOCS.as_bytes(), &out);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let ds = &loaded.dataset;
    assert_eq!(ds.incidents.len(), 2);
    for (incident, doc) in ds.incidents.iter().zip(["d1", "d2"]) {
        let source = &incident.sources[0];
        let at = source.document.expect("resolved to its document");
        assert_eq!(ds.documents[at].id, doc);
        assert_eq!(source.evidence.len(), 1);
    }
}

#[test]
fn a_failing_extractor_shows_status_and_stderr() {
    let ext = extractor(&format!("sh '{}'", script("fails.sh")));
    let err = ext
        .run(DOCS.as_bytes(), &AtomicBool::new(false))
        .expect_err("fails");
    assert!(matches!(err, ExternalError::Failed { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("exit status 3"), "{shown}");
    assert!(shown.contains("model weights not found"), "{shown}");
    assert!(shown.contains("fails.sh"), "{shown}");
}

#[test]
fn a_malformed_line_is_named_by_command_and_line() {
    let ext = extractor(&format!("sh '{}'", script("malformed.sh")));
    let out = ext
        .run(DOCS.as_bytes(), &AtomicBool::new(false))
        .expect("runs");
    let loaded = load_output(&ext.label(), DOCS.as_bytes(), &out);
    assert_eq!(loaded.dataset.incidents.len(), 1);
    let rendered: Vec<String> = loaded
        .errors
        .iter()
        .map(|d| d.render(&ext.label()))
        .collect();
    assert_eq!(rendered.len(), 1, "{rendered:?}");
    assert!(
        rendered[0].starts_with("extractor `sh '") && rendered[0].contains("output line 2"),
        "{rendered:?}"
    );
    assert!(rendered[0].contains("malformed JSON"), "{rendered:?}");
}

#[test]
fn a_hanging_extractor_is_stopped_by_cancel() {
    let ext = extractor(&format!("sh '{}'", script("hangs.sh")));
    let cancel = Arc::new(AtomicBool::new(false));
    let setter = Arc::clone(&cancel);
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        setter.store(true, Ordering::Relaxed);
    });
    let started = Instant::now();
    let err = ext.run(DOCS.as_bytes(), &cancel).expect_err("cancelled");
    assert_eq!(err, ExternalError::Cancelled);
    // The shell's `sleep` holds the pipes: only killing the group ends it.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_missing_command_says_so() {
    let ext = extractor("no-such-extractor-anywhere --flag");
    let err = ext
        .run(DOCS.as_bytes(), &AtomicBool::new(false))
        .expect_err("not found");
    assert_eq!(
        err.to_string(),
        "extractor `no-such-extractor-anywhere`: command not found"
    );
}

#[test]
fn a_command_that_never_reads_cannot_deadlock() {
    // Input and output both far larger than a pipe's buffer.
    let doc = format!(
        "{{\"type\":\"document\",\"id\":\"big\",\"text\":\"{}\"}}\n",
        "x".repeat(2 << 20)
    );
    let ext = extractor(&format!("sh '{}'", script("floods.sh")));
    let started = Instant::now();
    let out = ext
        .run(doc.as_bytes(), &AtomicBool::new(false))
        .expect("runs");
    assert!(out.len() >= 5_000_000, "{}", out.len());
    assert!(started.elapsed() < Duration::from_secs(60));
    let loaded = load_output(&ext.label(), doc.as_bytes(), &out);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded
        .dataset
        .warnings
        .iter()
        .any(|w| w == "extractor produced no incidents"));
}
