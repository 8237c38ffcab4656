//! What a reviewer adds (a missed incident, evidence added, moved and
//! removed, an article done) through the real binary: exported, checked,
//! reopened with the offsets on the selected words, and searched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use incidents::dataset::{load_bytes, load_path, Dataset, Incident};
use incidents::review::{Action, Entry, ReviewJournal, ReviewState, SpanEdit};
use serde_json::Value;

/// Arabic, an emoji, a bidi embedding (removed on load) and a tab
/// (expanded on load) come before the words selected.
const DATASET: &str = concat!(
    r#"{"type":"document","id":"d1","title":"Blast","text":"بغداد 🙂 \u202bخبر\u202c: A bomb exploded in Kirkuk,\tkilling two members of the police. Three were wounded."}"#,
    "\n",
    r#"{"type":"document","id":"d2","text":"Elsewhere, one man was killed by a sniper."}"#,
    "\n",
    r#"{"type":"incident","id":"i1","province":"Kirkuk","killed":2,"wounded":3,"sources":[{"document":"d1","note":"kept","evidence":[{"field":"killed","start":15,"end":21},{"field":"province","start":34,"end":40,"extra":"kept too"}]}]}"#,
    "\n",
    r#"{"type":"incident","id":"i2","killed":1,"sources":[{"document":"d2","evidence":[{"field":"killed","quote":"one man was killed"}]}]}"#,
    "\n",
);

const SELECTED: &str = "killing two members";

struct Fixture {
    dir: PathBuf,
    dataset: PathBuf,
    journal: PathBuf,
    added: String,
}

fn select(ds: &Dataset, doc: usize, field: &str, words: &str) -> SpanEdit {
    let d = &ds.documents[doc];
    let at = d.text.find(words).expect("in the text");
    SpanEdit::from_byte_range(d, field, at..at + words.len()).expect("a span")
}

fn fixture(name: &str) -> Fixture {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("review-annot-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("test dir");
    let dataset = dir.join("data.jsonl");
    fs::write(&dataset, DATASET).expect("dataset");
    let journal = dir.join("reviews.jsonl");
    let loaded = load_bytes("t", DATASET.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let ds = loaded.dataset;
    let (i1, i2) = (&ds.incidents[0], &ds.incidents[1]);
    let mut state = ReviewState::default();
    let new = Incident {
        id: state.new_incident_id(&ds, "ana").into(),
        date: Some("2019-03-11".into()),
        province: Some("Kirkuk".into()),
        killed: Some(2),
        ..Incident::default()
    };
    let wrong = SpanEdit::of_evidence(&ds.documents[0], &i1.sources[0].evidence[0])
        .expect("i1's killed evidence fits");
    assert_eq!(
        wrong.quote, "A bomb",
        "the extraction's span is on the wrong words"
    );
    let quoted = SpanEdit {
        field: "killed".into(),
        document: "d2".into(),
        start: 11,
        end: 29,
        quote: "one man was killed".into(),
    };
    let entries = [
        Entry::added(
            "ana",
            &new,
            "d1",
            vec![
                select(&ds, 0, "killed", SELECTED),
                select(&ds, 0, "province", "Kirkuk"),
            ],
        ),
        Entry::new(
            "ana",
            i1,
            Action::AddEvidence {
                span: select(&ds, 0, "wounded", "Three were wounded"),
            },
        ),
        Entry::new(
            "ana",
            i1,
            Action::MoveEvidence {
                from: wrong,
                to: select(&ds, 0, "killed", SELECTED),
            },
        ),
        Entry::new("ana", i2, Action::RemoveEvidence { span: quoted }),
        Entry::document("ana", "d1", true),
        Entry::new("ana", i1, Action::Accept),
    ];
    let (mut j, _, _) = ReviewJournal::open(&journal, "ana").expect("journal");
    for e in &entries {
        j.append(e).expect("append");
        state.apply(e).expect("applies");
    }
    Fixture {
        dir,
        dataset,
        journal,
        added: new.id.to_string(),
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incidents"))
        .args(args)
        .output()
        .expect("runs")
}

fn export(f: &Fixture, out: &str) -> PathBuf {
    let path = f.dir.join(out);
    let o = run(&[
        "export",
        f.dataset.to_str().expect("utf-8"),
        "--reviews",
        f.journal.to_str().expect("utf-8"),
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("review journal:"),
        "every edit applies: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    path
}

/// The exported records, whatever the format (JSON or JSON Lines).
fn records(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).expect("export");
    if path.extension().is_some_and(|e| e == "json") {
        let top: Value = serde_json::from_str(&text).expect("json");
        let mut all = top["documents"].as_array().expect("documents").clone();
        all.extend(top["incidents"].as_array().expect("incidents").clone());
        return all;
    }
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a record"))
        .collect()
}

/// Python's `text[start:end]`: code points.
fn python_slice(text: &str, start: u64, end: u64) -> String {
    let (start, end) = (start as usize, end as usize);
    text.chars().skip(start).take(end - start).collect()
}

/// Each incident's evidence as `(field, the words its offsets select in
/// the exported text)`; quotes as written.
fn evidence_words(records: &[Value], id: &str) -> Vec<(String, String)> {
    let text_of = |doc: &str| {
        records
            .iter()
            .find(|r| r["id"] == doc && r.get("text").is_some())
            .and_then(|r| r["text"].as_str())
            .expect("the document is exported")
            .to_string()
    };
    let incident = records
        .iter()
        .find(|r| r["id"] == id && r.get("text").is_none())
        .expect("the incident is exported");
    let mut out = Vec::new();
    for source in incident["sources"].as_array().expect("sources") {
        let text = text_of(source["document"].as_str().expect("document id"));
        for ev in source["evidence"].as_array().expect("evidence") {
            let field = ev["field"].as_str().expect("field").to_string();
            let words = match (ev["start"].as_u64(), ev["end"].as_u64()) {
                (Some(s), Some(e)) => python_slice(&text, s, e),
                _ => format!("quote {}", ev["quote"]),
            };
            out.push((field, words));
        }
    }
    out
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn exports_carry_added_incidents_and_edited_evidence_on_the_selected_words() {
    let f = fixture("export");
    for name in ["out.jsonl", "out.json"] {
        let out = export(&f, name);
        let check = run(&["check", out.to_str().expect("utf-8")]);
        let said = String::from_utf8_lossy(&check.stdout).to_string();
        assert!(check.status.success(), "{said}");
        assert!(!said.contains("past the end"), "{said}");
        let recs = records(&out);
        assert_eq!(
            evidence_words(&recs, &f.added),
            pairs(&[("killed", SELECTED), ("province", "Kirkuk")]),
            "{name}"
        );
        assert_eq!(
            evidence_words(&recs, "i1"),
            pairs(&[
                ("province", "Kirkuk"),
                ("wounded", "Three were wounded"),
                ("killed", SELECTED)
            ]),
            "{name}"
        );
        assert!(evidence_words(&recs, "i2").is_empty(), "{name}");
        let added = recs.iter().find(|r| r["id"] == *f.added).expect("added");
        assert_eq!(added["review"]["status"], "added");
        assert_eq!(
            (added["killed"].as_u64(), &added["date"]),
            (Some(2), &Value::from("2019-03-11"))
        );
        let i1 = recs.iter().find(|r| r["id"] == "i1").expect("i1");
        assert_eq!(i1["review"]["status"], "accepted");
        assert_eq!(
            i1["sources"][0]["note"], "kept",
            "the source's own keys stay"
        );
        assert_eq!(i1["sources"][0]["evidence"][0]["extra"], "kept too");
        assert_eq!(recs.iter().filter(|r| r.get("text").is_some()).count(), 2);

        // Reopened, the offsets are located on the same words of the
        // cleaned text the browser shows.
        let loaded = load_path(&out, &mut |_| {});
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let ds = loaded.dataset;
        let shown: Vec<String> = ds.incidents[2].sources[0]
            .evidence
            .iter()
            .map(|e| ds.documents[0].text[e.range().expect("located")].to_string())
            .collect();
        assert_eq!(shown, [SELECTED, "Kirkuk"], "{name}");
    }
}

#[test]
fn csv_lists_the_added_incident_as_added() {
    let f = fixture("csv");
    let out = export(&f, "out.csv");
    let text = fs::read_to_string(out).expect("csv");
    let row = text
        .lines()
        .find(|l| l.starts_with(&f.added))
        .expect("a row for the added incident");
    assert!(row.contains(",added,"), "{row}");
    assert!(row.contains("2019-03-11,2019"), "{row}");
    assert_eq!(text.lines().count(), 4, "a header and three incidents");
}

#[test]
fn search_and_summary_see_the_added_incident_and_the_articles_done() {
    let f = fixture("search");
    let data = f.dataset.to_str().expect("utf-8");
    let journal = f.journal.to_str().expect("utf-8");
    let ids = |query: &str| {
        let o = run(&["search", data, query, "--reviews", journal]);
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("status:added"), [f.added.as_str()]);
    let mut done = ids("doc:done");
    done.sort();
    assert_eq!(done, [f.added.clone(), "i1".to_string()]);
    assert_eq!(ids("doc:open"), ["i2"]);
    assert_eq!(ids("status:reviewed killed=2").len(), 2);
    let o = run(&["search", data, "doc:finished", "--reviews", journal]);
    assert_eq!(o.status.code(), Some(2), "a malformed doc: is an error");

    let o = run(&["summary", data, "--reviews", journal, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(s["total"]["incidents"], 3);
    assert_eq!(s["total"]["killed"], 5);
}

#[test]
fn an_export_of_the_dataset_with_edits_already_in_is_refused() {
    let f = fixture("refused");
    let loaded = load_path(&f.dataset, &mut |_| {});
    let bytes = fs::read(&f.journal).expect("journal");
    let entries: Vec<Entry> = String::from_utf8_lossy(&bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("entry"))
        .collect();
    let (state, _) = ReviewState::replay(&entries);
    let edited = incidents::review::with_edits(&loaded.dataset, &state).expect("edits");
    let options = incidents::review::export::ExportOptions {
        format: incidents::review::export::ExportFormat::Jsonl,
        only: None,
    };
    let mut out = Vec::new();
    let e = incidents::review::export::export(
        &mut DATASET.as_bytes(),
        &edited,
        &state,
        options,
        &mut out,
    )
    .expect_err("refused");
    assert!(e.to_string().contains("as loaded"), "{e}");
}
