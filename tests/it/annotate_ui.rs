//! Adding what the extraction missed, in the browser with a real journal:
//! a selection becomes evidence (the value it states offered), a new
//! incident, a moved or removed span; an article is marked done; all of
//! it replays, undoes and exports with code-point offsets.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common;
use crate::select_ui::{cursor_to, select_killing_two_members};

use incidents::app::text_input::InputKey;
use incidents::app::{Action, App, Editing, Mode, Msg, Opening};
use incidents::dataset::load_bytes;
use incidents::review::export::{export, ExportFormat, ExportOptions};
use incidents::review::{ReviewJournal, ReviewState, ReviewStatus};
use incidents::session::Session;
use incidents::ui;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The article of `select_ui`, with its toll unknown: the selection's
/// count is then offered as the value.
fn fixture() -> String {
    crate::select_ui::ARTICLE.replace("\"killed\": 2,", "\"killed\": null,")
}

struct Browser {
    app: App,
    session: Session,
    journal: PathBuf,
}

fn open_at(journal: PathBuf, width: u16, height: u16) -> Browser {
    let loaded = load_bytes("tuz.jsonl", fixture().as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut dataset = loaded.dataset;
    let gazetteers = [incidents::evidence::Gazetteer::iraq()];
    incidents::evidence::apply(&mut dataset, &gazetteers);
    let (handle, entries, _) = ReviewJournal::open(&journal, "tester").expect("journal");
    let mut app = App::new(dataset, "tuz");
    let mut review = ReviewState::replay(&entries).0;
    review.compare_with(&app.dataset.incidents);
    app.update(Msg::Opened(Box::new(Opening {
        review,
        journal_label: Some("reviews.jsonl".into()),
        extractor: Some(std::sync::Arc::new(incidents::extract::Extractor::new(
            incidents::extract::Lexicon::built_in(),
            &gazetteers,
        ))),
        ..Opening::default()
    })));
    app.update(Msg::Resize(width, height));
    Browser {
        app,
        session: Session::new(Some(handle), None),
        journal,
    }
}

impl Browser {
    fn act(&mut self, action: Action) {
        self.session.send(&mut self.app, action);
        self.settle();
    }

    fn keys(&mut self, keys: &[InputKey]) {
        for k in keys {
            self.session.send(&mut self.app, Msg::Input(*k));
        }
        self.settle();
    }

    /// Waits for the searches the changes asked for.
    fn settle(&mut self) {
        let start = Instant::now();
        while self.app.search_pending() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "search never came"
            );
            std::thread::sleep(Duration::from_millis(5));
            self.session.receive(&mut self.app);
        }
    }

    fn draw(&self) -> Terminal<TestBackend> {
        let (w, h) = self.app.viewport;
        let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
        t.draw(|f| ui::render(f, &self.app)).expect("draw");
        t
    }

    fn incident(&self, id: &str) -> incidents::dataset::Incident {
        common::incident(&self.app.dataset, id).clone()
    }

    /// The words each of the incident's evidence spans covers, by field.
    fn evidence_words(&self, id: &str) -> Vec<(String, String)> {
        let incident = self.incident(id);
        let source = &incident.sources[0];
        let text = &self.app.dataset.documents[source.document.expect("resolved")].text;
        let mut out: Vec<(String, String)> = source
            .evidence
            .iter()
            .filter_map(|e| Some((e.field.to_string(), text.get(e.range()?)?.to_string())))
            .collect();
        out.sort();
        out
    }

    /// The reviewed dataset exported as JSON Lines, parsed.
    fn export(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        let mut raw = fixture().into_bytes();
        let mut reader: &[u8] = &mut raw;
        export(
            &mut reader,
            &self.app.base,
            &self.app.review,
            ExportOptions {
                format: ExportFormat::Jsonl,
                only: None,
            },
            &mut out,
        )
        .expect("export");
        String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect()
    }
}

fn browser(name: &str) -> Browser {
    let dir = common::scratch(name);
    open_at(dir.join("reviews.jsonl"), 120, 40)
}

/// What a code-point range of `text` holds, as Python's `text[start:end]`.
fn slice(text: &str, start: u64, end: u64) -> String {
    let (start, end) = (start as usize, end as usize);
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn a_selection_becomes_evidence_and_its_count_the_value() {
    let mut b = browser("annotate-evidence");
    select_killing_two_members(&mut b.app);
    b.act(Action::AddEvidence);
    let Some(Editing::Picker(picker)) = &b.app.editing else {
        panic!("the field picker opens");
    };
    let focused = &picker.choices[picker.focus];
    assert_eq!(
        focused.field.name(),
        "killed",
        "the field the selection states"
    );
    assert_eq!(
        focused.offered,
        Some(incidents::review::FieldValue::Count(2))
    );
    insta::assert_snapshot!("field_picker_120x40", b.draw().backend());
    b.keys(&[InputKey::Enter]);
    assert_eq!(b.app.mode(), Mode::Browse, "done: select mode is left");
    let shown = b.app.shown(&b.incident("tuz-1")).into_owned();
    assert_eq!(shown.killed, Some(2), "the offered value is set");
    assert!(b
        .evidence_words("tuz-1")
        .contains(&("killed".into(), "killing two members".into())));
    assert_eq!(b.app.review.status("tuz-1"), ReviewStatus::Corrected);
    let lines = std::fs::read_to_string(&b.journal).expect("journal");
    let actions: Vec<&str> = lines
        .lines()
        .map(|l| {
            if l.contains("\"add_evidence\"") {
                "add_evidence"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(actions, ["add_evidence", "other"]);
    // Undo takes back the correction, then the evidence.
    b.act(Action::Undo);
    b.act(Action::Undo);
    assert!(!b.evidence_words("tuz-1").iter().any(|(f, _)| f == "killed"));
    b.act(Action::Redo);
    assert!(b
        .evidence_words("tuz-1")
        .contains(&("killed".into(), "killing two members".into())));
}

#[test]
fn evidence_moves_to_the_selection_and_is_removed_from_under_the_cursor() {
    let mut b = browser("annotate-move");
    assert_eq!(
        b.evidence_words("tuz-1"),
        [("district".to_string(), "Tuz Khurmatu".to_string())]
    );
    b.act(Action::NextEvidence);
    b.act(Action::Select);
    cursor_to(&mut b.app, "Hawija");
    b.act(Action::MoveEvidence);
    assert_eq!(
        b.evidence_words("tuz-1"),
        [("district".to_string(), "Hawija".to_string())]
    );
    b.act(Action::Select);
    cursor_to(&mut b.app, "Hawija");
    b.act(Action::RemoveEvidence);
    assert!(b.evidence_words("tuz-1").is_empty());
    b.act(Action::Undo);
    assert_eq!(
        b.evidence_words("tuz-1"),
        [("district".to_string(), "Hawija".to_string())]
    );
}

#[test]
fn a_missed_incident_is_added_from_a_sentence_and_survives_reopening_and_export() {
    let name = "annotate-add";
    let mut b = browser(name);
    b.act(Action::Select);
    cursor_to(&mut b.app, "Separately");
    b.act(Action::Extend);
    while !b.app.selected_text().is_some_and(|t| t.ends_with("Hawija")) {
        b.act(Action::NextWord);
    }
    assert_eq!(
        b.app.selected_text(),
        Some("Separately, gunmen attacked a checkpoint in Hawija")
    );
    b.act(Action::AddIncident);
    let Some(Editing::NewIncident(adding)) = &b.app.editing else {
        panic!("the new incident's form opens");
    };
    let district = adding
        .form
        .fields
        .iter()
        .find(|f| f.field.name() == "district")
        .map(|f| f.input.text().to_string());
    assert_eq!(
        district.as_deref(),
        Some("Hawija"),
        "prefilled by the rules"
    );
    insta::assert_snapshot!("new_incident_form_120x40", b.draw().backend());
    b.keys(&[InputKey::Enter]);
    let added = b.app.selected_incident().expect("selected").clone();
    assert!(added.id.contains("added"), "{}", added.id);
    assert_eq!(b.app.review.status(&added.id), ReviewStatus::Added);
    assert_eq!(b.app.rows.len(), 2, "listed");
    assert_eq!(added.district.as_deref(), Some("Hawija"));
    let words = b.evidence_words(&added.id);
    assert!(
        words.contains(&("district".into(), "Hawija".into())),
        "{words:?}"
    );
    // Every article done.
    b.act(Action::DocumentDone);
    assert_eq!(b.app.articles_done().as_deref(), Some("articles done 1/1"));
    assert_eq!(b.app.notice.as_deref(), Some("saved: article done: tuz"));
    // The notice is read once; then the status line counts.
    b.act(Action::Close);
    let status: String = {
        let t = b.draw();
        let buffer = t.backend().buffer();
        (0..buffer.area.width)
            .map(|x| buffer[(x, buffer.area.height - 1)].symbol().to_string())
            .collect()
    };
    assert!(status.contains("articles done 1/1"), "{status}");

    // Reopened from the journal: all there.
    let journal = b.journal.clone();
    drop(b);
    let mut again = open_at(journal, 120, 40);
    assert_eq!(again.app.rows.len(), 2);
    assert_eq!(again.app.review.status(&added.id), ReviewStatus::Added);
    assert!(again.app.review.is_done("tuz"));
    assert_eq!(again.evidence_words(&added.id), words);

    // Exported: an ordinary incident, its offsets code points of the
    // original text (Arabic, an emoji and a removed control character
    // come before them).
    let records = again.export();
    let document = records
        .iter()
        .find(|r| r["type"] == "document")
        .expect("document");
    let text = document["text"].as_str().expect("text");
    let record = records
        .iter()
        .find(|r| r["id"] == added.id.as_str())
        .expect("the added incident is exported");
    assert_eq!(record["review"]["status"], "added");
    assert_eq!(record["district"], "Hawija");
    let evidence = record["sources"][0]["evidence"]
        .as_array()
        .expect("evidence");
    let district = evidence
        .iter()
        .find(|e| e["field"] == "district")
        .expect("district evidence");
    assert_eq!(
        slice(
            text,
            district["start"].as_u64().expect("start"),
            district["end"].as_u64().expect("end")
        ),
        "Hawija"
    );
    // The mark undoes like a decision.
    again.act(Action::Undo);
    assert!(!again.app.review.is_done("tuz"));
}

#[test]
fn a_read_only_review_records_nothing_from_a_selection() {
    let mut b = browser("annotate-read-only");
    let opening = Opening {
        review: b.app.review.clone(),
        read_only: Some("another browser holds the journal".into()),
        ..Opening::default()
    };
    b.app.update(Msg::Opened(Box::new(opening)));
    select_killing_two_members(&mut b.app);
    b.act(Action::AddEvidence);
    assert!(b.app.editing.is_none());
    assert!(b
        .app
        .notice
        .as_deref()
        .is_some_and(|n| n.starts_with("read-only")));
}

#[test]
fn the_picker_and_the_form_fit_a_small_screen() {
    let mut b = open_at(common::scratch("annotate-small").join("r.jsonl"), 60, 20);
    select_killing_two_members(&mut b.app);
    b.act(Action::AddEvidence);
    insta::assert_snapshot!("field_picker_60x20", b.draw().backend());
    b.keys(&[InputKey::Esc]);
    b.act(Action::AddIncident);
    insta::assert_snapshot!("new_incident_form_60x20", b.draw().backend());
}
