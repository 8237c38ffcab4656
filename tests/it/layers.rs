//! The core never imports the terminal, the app or the UI (see
//! ARCHITECTURE.md): every source file under the core's folders is read
//! and its imports checked, so a wrong arrow fails here, not in review.

use std::path::Path;

const CORE: &[&str] = &[
    "src/dataset",
    "src/query",
    "src/review",
    "src/evidence",
    "src/extract",
    "src/compare",
    "src/dedup",
    "src/summary",
    "src/config.rs",
];

/// What the core may not name.
const OUTSIDE: &[&str] = &[
    "ratatui",
    "crossterm",
    "crate::app",
    "crate::ui",
    "crate::tui",
    "crate::session",
    "crate::commands",
    "crate::input",
    "crate::settings",
    "crate::cli",
];

fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("core folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for e in entries {
            sources(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn the_core_imports_nothing_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for place in CORE {
        sources(&root.join(place), &mut files);
    }
    assert!(files.len() > 50, "found the core's files: {}", files.len());
    let mut wrong = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in OUTSIDE {
                if code.contains(name) {
                    wrong.push(format!("{}:{}: {name}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core imports from above it:\n{}",
        wrong.join("\n")
    );
}
