//! One line of the review journal.
//!
//! A line is one JSON object:
//!
//! ```json
//! {"v":1,"time":"2024-05-01T09:12:44.120Z","reviewer":"ana","incident":"inc-001",
//!  "fingerprint":"fnv1a64:…","extracted":{"date":"2019-03-11","killed":4,…},
//!  "action":"correct","field":"killed","old":4,"new":5}
//! ```
//!
//! `action` is one of `accept`, `reject`, `flag` (optional `reason`), `note`
//! (`text`; empty text removes the note), `correct` (`field`, `old`, `new`;
//! `null` is empty text or an unknown count), `undo`, `redo`. `fingerprint`
//! and `extracted` describe the incident as extracted when the line was
//! written (for `undo`/`redo`: the incident whose action they undo or redo).
//!
//! The structural actions change what the dataset holds: `add_incident`
//! (`extracted` holds the new incident's fields, `document` its article,
//! `evidence` its spans), `add_evidence` and `remove_evidence` (`span`),
//! `move_evidence` (`from`, `to`); a span is a [`SpanEdit`]. Their
//! `fingerprint` is informational. `document_done` and `document_open`
//! (`document`) concern an article, not an incident: they have no
//! `incident` and no `fingerprint`.
//!
//! The duplicate decisions concern a pair: `same_event` (`other`: the
//! incident is the same event as that one) and `not_same` (`other`: it is
//! not, which splits a pair the detector joined). The last decision on a
//! pair, in either order, is the one in effect.
//!
//! Fields a reader does not know are ignored, so later versions may add some
//! without breaking this one.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::field::{Extracted, FieldValue, ReviewField};
use super::fingerprint::Fingerprint;
use super::span::SpanEdit;
use super::time::rfc3339_utc;
use crate::dataset::sanitize::{clean_inline, clean_text};
use crate::dataset::Incident;

/// The journal format version this program writes and reads.
pub const ENTRY_VERSION: u32 = 1;

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Format version ([`ENTRY_VERSION`]).
    pub v: u32,
    /// When it was written: UTC, RFC 3339.
    pub time: String,
    pub reviewer: String,
    /// The incident's id; empty for an action on a document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub incident: String,
    /// `None` for an action on a document (every incident's entry has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<Fingerprint>,
    #[serde(default, skip_serializing_if = "Extracted::is_empty")]
    pub extracted: Extracted,
    #[serde(flatten)]
    pub action: Action,
}

/// What a reviewer did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The extraction is right.
    Accept,
    /// The extraction is wrong: not an incident, a duplicate, out of scope.
    Reject,
    /// Needs a second look, optionally saying why.
    Flag {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Attaches a note, replacing any earlier one; empty text removes it.
    Note { text: String },
    /// Sets a field to a corrected value. `old` is the value shown when the
    /// correction was made (informational; replay uses `extracted`).
    Correct {
        field: ReviewField,
        #[serde(default)]
        old: Option<FieldValue>,
        #[serde(default)]
        new: Option<FieldValue>,
    },
    /// Undoes the last action (of any kind but undo and redo) not yet
    /// undone.
    Undo,
    /// Re-applies the last undone one.
    Redo,
    /// A new incident the extraction missed: its fields are the entry's
    /// `extracted`, its article `document`, its evidence `evidence`.
    AddIncident {
        document: String,
        #[serde(default)]
        evidence: Vec<SpanEdit>,
    },
    /// New evidence for one of the incident's fields.
    AddEvidence { span: SpanEdit },
    /// Evidence put on other words (`from` is removed, `to` added).
    MoveEvidence { from: SpanEdit, to: SpanEdit },
    /// Evidence taken away.
    RemoveEvidence { span: SpanEdit },
    /// Every incident of the article is found.
    DocumentDone { document: String },
    /// The article is open again (not done).
    DocumentOpen { document: String },
    /// The incident is the same event as `other` (an incident id).
    SameEvent { other: String },
    /// The incident is not the same event as `other`.
    NotSame { other: String },
}

impl Action {
    /// Decisions, corrections and notes go on the undo stack; undo and redo
    /// move along it.
    pub fn is_undoable(&self) -> bool {
        !matches!(self, Action::Undo | Action::Redo)
    }

    /// Whether it changes what the dataset holds: an added incident or an
    /// evidence edit (see `review::with_edits`).
    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            Action::AddIncident { .. }
                | Action::AddEvidence { .. }
                | Action::MoveEvidence { .. }
                | Action::RemoveEvidence { .. }
        )
    }

    /// The document of a document action.
    pub fn document(&self) -> Option<&str> {
        match self {
            Action::DocumentDone { document } | Action::DocumentOpen { document } => Some(document),
            _ => None,
        }
    }

    /// The other incident of a duplicate decision, and whether it says
    /// "same event".
    pub fn pair(&self) -> Option<(&str, bool)> {
        match self {
            Action::SameEvent { other } => Some((other, true)),
            Action::NotSame { other } => Some((other, false)),
            _ => None,
        }
    }

    /// The name written in the `action` field.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::Flag { .. } => "flag",
            Action::Note { .. } => "note",
            Action::Correct { .. } => "correct",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::AddIncident { .. } => "add_incident",
            Action::AddEvidence { .. } => "add_evidence",
            Action::MoveEvidence { .. } => "move_evidence",
            Action::RemoveEvidence { .. } => "remove_evidence",
            Action::DocumentDone { .. } => "document_done",
            Action::DocumentOpen { .. } => "document_open",
            Action::SameEvent { .. } => "same_event",
            Action::NotSame { .. } => "not_same",
        }
    }
}

impl Entry {
    /// An entry for `incident` (as extracted, not as corrected), stamped now.
    pub fn new(reviewer: &str, incident: &Incident, action: Action) -> Entry {
        Entry::at(SystemTime::now(), reviewer, incident, action)
    }

    /// An entry stamped with a given time.
    pub fn at(time: SystemTime, reviewer: &str, incident: &Incident, action: Action) -> Entry {
        Entry {
            v: ENTRY_VERSION,
            time: rfc3339_utc(time),
            reviewer: reviewer.to_string(),
            incident: incident.id.to_string(),
            fingerprint: Some(Fingerprint::of(incident)),
            extracted: Extracted::of(incident),
            action,
        }
    }

    /// The entry adding `incident` (its id from
    /// `ReviewState::new_incident_id`, its fields as the reviewer gave
    /// them; its sources are ignored) from the article `document_id`, with
    /// `evidence` as its spans. The fingerprint is the incident's as
    /// `review::with_edits` builds it.
    pub fn added(
        reviewer: &str,
        incident: &Incident,
        document_id: &str,
        evidence: Vec<SpanEdit>,
    ) -> Entry {
        let extracted = Extracted::of(incident);
        let built =
            super::overlay::added_incident(&incident.id, &extracted, document_id, &evidence);
        Entry {
            v: ENTRY_VERSION,
            time: rfc3339_utc(SystemTime::now()),
            reviewer: reviewer.to_string(),
            incident: incident.id.to_string(),
            fingerprint: Some(Fingerprint::of(&built)),
            extracted,
            action: Action::AddIncident {
                document: document_id.to_string(),
                evidence,
            },
        }
    }

    /// The entry marking the article `document_id` done (`done`) or open
    /// again.
    pub fn document(reviewer: &str, document_id: &str, done: bool) -> Entry {
        let document = document_id.to_string();
        Entry {
            v: ENTRY_VERSION,
            time: rfc3339_utc(SystemTime::now()),
            reviewer: reviewer.to_string(),
            incident: String::new(),
            fingerprint: None,
            extracted: Extracted::default(),
            action: if done {
                Action::DocumentDone { document }
            } else {
                Action::DocumentOpen { document }
            },
        }
    }

    /// The decision that `incident` is (`same`) or is not the same event as
    /// the incident `other_id`.
    pub fn duplicate(reviewer: &str, incident: &Incident, other_id: &str, same: bool) -> Entry {
        let other = other_id.to_string();
        Entry::new(
            reviewer,
            incident,
            if same {
                Action::SameEvent { other }
            } else {
                Action::NotSame { other }
            },
        )
    }

    /// The same entry (time, reviewer, incident) with another action: an
    /// undo or redo written for the entry it takes back.
    pub fn with_action(mut self, action: Action) -> Entry {
        self.action = action;
        self
    }

    /// The line as written to the journal, without its newline. JSON never
    /// holds a raw newline, so one entry is always one line.
    pub fn to_line(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// Makes every string safe for the terminal. Journals are files anyone
    /// may edit (a team keeps them in version control), so what is read
    /// from one is cleaned like a dataset.
    pub fn sanitized(mut self) -> Entry {
        let inline = |s: &mut String| *s = clean_inline(s).0;
        let inline_opt = |v: &mut Option<String>| {
            if let Some(s) = v {
                *s = clean_inline(s).0;
            }
        };
        inline(&mut self.time);
        inline(&mut self.reviewer);
        inline(&mut self.incident);
        for t in self.extracted.texts_mut() {
            inline(t);
        }
        match &mut self.action {
            Action::Flag { reason } => inline_opt(reason),
            Action::Note { text } => *text = clean_text(text).text,
            Action::Correct { old, new, .. } => {
                for v in [old, new] {
                    if let Some(FieldValue::Text(t)) = v {
                        *t = clean_inline(t).0;
                    }
                }
            }
            Action::AddIncident { document, evidence } => {
                inline(document);
                evidence.iter_mut().for_each(SpanEdit::sanitize);
            }
            Action::AddEvidence { span } | Action::RemoveEvidence { span } => span.sanitize(),
            Action::MoveEvidence { from, to } => {
                from.sanitize();
                to.sanitize();
            }
            Action::DocumentDone { document } | Action::DocumentOpen { document } => {
                inline(document)
            }
            Action::SameEvent { other } | Action::NotSame { other } => inline(other),
            Action::Accept | Action::Reject | Action::Undo | Action::Redo => {}
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn incident() -> Incident {
        Incident {
            id: "inc-001".into(),
            date: Some("2019-03-11".into()),
            killed: Some(4),
            ..Incident::default()
        }
    }

    #[test]
    fn an_entry_is_one_flat_json_line() {
        let e = Entry::at(
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            "ana",
            &incident(),
            Action::Correct {
                field: ReviewField::Killed,
                old: Some(FieldValue::Count(4)),
                new: None,
            },
        );
        let line = e.to_line().expect("serialises");
        assert_eq!(
            line,
            format!(
                r#"{{"v":1,"time":"2023-11-14T22:13:20.000Z","reviewer":"ana","incident":"inc-001","fingerprint":"{}","extracted":{{"date":"2019-03-11","killed":4}},"action":"correct","field":"killed","old":4,"new":null}}"#,
                e.fingerprint.expect("an incident's entry")
            )
        );
        let back: Entry = serde_json::from_str(&line).expect("parses");
        assert_eq!(back, e);
    }

    #[test]
    fn every_action_round_trips_and_multi_line_notes_stay_on_one_line() {
        let actions = [
            Action::Accept,
            Action::Reject,
            Action::Flag { reason: None },
            Action::Flag {
                reason: Some("date, \"maybe\" wrong".into()),
            },
            Action::Note {
                text: "first line\nsecond line".into(),
            },
            Action::Undo,
            Action::Redo,
        ];
        for action in actions {
            let e = Entry::new("ana", &incident(), action);
            let line = e.to_line().expect("serialises");
            assert!(!line.contains('\n'), "{line}");
            let back: Entry = serde_json::from_str(&line).expect("parses");
            assert_eq!(back, e);
        }
    }

    fn span(quote: &str) -> SpanEdit {
        SpanEdit {
            field: "killed".into(),
            document: "doc-1".into(),
            start: 3,
            end: 22,
            quote: quote.into(),
        }
    }

    #[test]
    fn structural_and_document_entries_are_one_line_each_and_round_trip() {
        let mut added = incident();
        added.id = "added-ana-1".into();
        let entries = [
            Entry::added("ana", &added, "doc-1", vec![span("killing two members")]),
            Entry::new(
                "ana",
                &incident(),
                Action::AddEvidence { span: span("two") },
            ),
            Entry::new(
                "ana",
                &incident(),
                Action::MoveEvidence {
                    from: span("two"),
                    to: span("killing two"),
                },
            ),
            Entry::new(
                "ana",
                &incident(),
                Action::RemoveEvidence { span: span("") },
            ),
            Entry::document("ana", "doc-1", true),
            Entry::document("ana", "doc-1", false),
        ];
        for e in entries {
            let line = e.to_line().expect("serialises");
            assert!(!line.contains('\n'), "{line}");
            assert!(line.contains(&format!("\"action\":\"{}\"", e.action.name())));
            let back: Entry = serde_json::from_str(&line).expect("parses");
            assert_eq!(back, e, "{line}");
        }
        let done = Entry::document("ana", "doc-1", true)
            .to_line()
            .expect("line");
        assert!(
            !done.contains("incident") && !done.contains("fingerprint"),
            "{done}"
        );
        assert!(
            done.ends_with(r#""action":"document_done","document":"doc-1"}"#),
            "{done}"
        );
        let add = Entry::added("ana", &added, "doc-1", vec![span("x")]);
        assert_eq!(
            add.extracted.get(ReviewField::Killed),
            Some(FieldValue::Count(4))
        );
    }

    #[test]
    fn lines_written_before_the_new_kinds_still_read_and_unknown_fields_are_ignored() {
        let old = r#"{"v":1,"time":"t","reviewer":"ana","incident":"i","fingerprint":"fnv1a64:00000000000000ff","extracted":{"killed":4},"action":"accept","later":"x"}"#;
        let e: Entry = serde_json::from_str(old).expect("parses");
        assert_eq!(e.fingerprint, Some(Fingerprint(0xff)));
        assert_eq!(e.action, Action::Accept);
        let new = r#"{"v":1,"time":"t","reviewer":"ana","incident":"i","action":"add_evidence","span":{"field":"killed","document":"d","start":1,"end":2,"quote":"x","colour":"red"}}"#;
        let e: Entry = serde_json::from_str(new).expect("parses");
        assert_eq!(e.fingerprint, None);
        assert!(matches!(e.action, Action::AddEvidence { span } if span.end == 2));
    }

    #[test]
    fn hostile_strings_in_spans_and_documents_are_cleaned() {
        let line = r#"{"v":1,"time":"t","reviewer":"a","incident":"i\u001b]0;x\u0007","action":"move_evidence","from":{"field":"kil\u202eled","document":"d\u009b1","start":0,"end":1,"quote":"q\u001b[31m"},"to":{"field":"killed","document":"d","start":1,"end":2,"quote":"two\nmen"}}"#;
        let e: Entry = serde_json::from_str(line).expect("parses");
        let e = e.sanitized();
        assert_eq!(e.incident, "i]0;x");
        let Action::MoveEvidence { from, to } = e.action else {
            panic!("a move");
        };
        assert_eq!(
            (from.field.as_str(), from.document.as_str()),
            ("killed", "d1")
        );
        assert_eq!(from.quote, "q[31m");
        assert!(!to.quote.contains('\n'));
        let doc: Entry = serde_json::from_str(
            r#"{"v":1,"time":"t","reviewer":"a","action":"document_done","document":"d\u0007"}"#,
        )
        .expect("parses");
        assert_eq!(doc.sanitized().action.document(), Some("d"));
    }

    #[test]
    fn hostile_strings_read_from_a_journal_are_cleaned() {
        let line = r#"{"v":1,"time":"t","reviewer":"a\u001b[2Jb","incident":"i","fingerprint":"fnv1a64:0000000000000000","action":"note","text":"x\u009by\nz"}"#;
        let e: Entry = serde_json::from_str(line).expect("parses");
        let e = e.sanitized();
        assert_eq!(e.reviewer, "a[2Jb");
        assert_eq!(
            e.action,
            Action::Note {
                text: "xy\nz".into()
            }
        );
    }

    #[test]
    fn duplicate_decisions_round_trip_and_their_other_id_is_cleaned() {
        for same in [true, false] {
            let e = Entry::duplicate("ana", &incident(), "inc-002", same);
            let line = e.to_line().expect("serialises");
            let name = if same { "same_event" } else { "not_same" };
            assert!(
                line.ends_with(&format!(r#""action":"{name}","other":"inc-002"}}"#)),
                "{line}"
            );
            let back: Entry = serde_json::from_str(&line).expect("parses");
            assert_eq!(back.action.pair(), Some(("inc-002", same)));
        }
        let line = r#"{"v":1,"time":"t","reviewer":"a","incident":"i","action":"same_event","other":"j\u001b[2J"}"#;
        let e: Entry = serde_json::from_str(line).expect("parses");
        assert_eq!(e.sanitized().action.pair(), Some(("j[2J", true)));
    }
}
