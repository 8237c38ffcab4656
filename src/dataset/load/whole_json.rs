//! Reading a whole-file JSON dataset: one object with `documents` and
//! `incidents` arrays (and the format's other top-level keys).

use super::{duplicate_note, json_message, Loader};
use crate::dataset::diagnostic::{Diagnostic, Location};
use crate::dataset::json_read;
use crate::dataset::json_value::{Object, Raw};
use crate::dataset::record;
use crate::dataset::sanitize;

impl Loader<'_> {
    pub(super) fn whole_json(&mut self, bytes: &[u8]) {
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(e) => {
                self.out.dataset.warnings.push(format!(
                    "invalid UTF-8 (first at byte {}) replaced with U+FFFD",
                    e.valid_up_to()
                ));
                String::from_utf8_lossy(bytes)
            }
        };
        let value = match json_read::parse(&text) {
            Ok(c) => {
                if !c.duplicate_keys.is_empty() {
                    self.out
                        .dataset
                        .warnings
                        .push(duplicate_note(&c.duplicate_keys));
                }
                c.value
            }
            Err(e) => {
                self.out.errors.push(Diagnostic::error(
                    Location::Position {
                        line: e.line(),
                        column: e.column(),
                    },
                    json_message(&e),
                ));
                return;
            }
        };
        // An array of JSON Lines records (`jq -s` writes them so): each
        // record's "type" says what it is.
        let value = match value {
            Raw::Array(items) => {
                let (documents, incidents) = self.split_records(items);
                let mut top = Object::default();
                top.insert("documents".into(), Raw::Array(documents));
                top.insert("incidents".into(), Raw::Array(incidents));
                Raw::Object(top)
            }
            other => other,
        };
        let Raw::Object(mut top) = value else {
            self.file_error(
                "expected a JSON object {\"documents\": [...], \"incidents\": [...]} or JSON Lines records with a \"type\"".into(),
            );
            return;
        };
        match top.remove("name") {
            Some(Raw::String(name)) => {
                self.out.dataset.name = sanitize::clean_inline(&name).0;
            }
            None | Some(Raw::Null) => {}
            Some(_) => self
                .out
                .dataset
                .warnings
                .push("\"name\" is not a string; ignored"),
        }
        let documents = self.take_array(&mut top, "documents");
        let incidents = self.take_array(&mut top, "incidents");
        for key in top.keys() {
            let (key, _) = sanitize::clean_inline(key);
            self.out
                .dataset
                .warnings
                .push(format!("unknown top-level field {key:?} ignored"));
        }
        for (index, v) in documents.into_iter().enumerate() {
            self.out.records_read += 1;
            let loc = |id| Location::Record {
                collection: "documents",
                index,
                id,
            };
            let Raw::Object(fields) = v else {
                self.reject(loc(None), "a document must be a JSON object".into());
                continue;
            };
            match record::document(fields) {
                Ok(d) => self.add_document(d),
                Err(e) => self.reject(loc(e.id), e.message),
            }
        }
        for (index, v) in incidents.into_iter().enumerate() {
            self.out.records_read += 1;
            let loc = |id| Location::Record {
                collection: "incidents",
                index,
                id,
            };
            let Raw::Object(fields) = v else {
                self.reject(loc(None), "an incident must be a JSON object".into());
                continue;
            };
            match record::incident(fields, None) {
                Ok(i) => {
                    let origin = loc(Some(i.id.to_string()));
                    self.add_incident(i, origin);
                }
                Err(e) => self.reject(loc(e.id), e.message),
            }
        }
    }

    /// Sorts an array of typed records into documents and incidents, their
    /// "type" taken off; records of no known type are rejected.
    fn split_records<'a>(&mut self, items: Vec<Raw<'a>>) -> (Vec<Raw<'a>>, Vec<Raw<'a>>) {
        let (mut documents, mut incidents) = (Vec::new(), Vec::new());
        for (index, item) in items.into_iter().enumerate() {
            let loc = Location::Record {
                collection: "records",
                index,
                id: None,
            };
            let Raw::Object(mut fields) = item else {
                self.out.records_read += 1;
                self.reject(loc, "a record must be a JSON object".into());
                continue;
            };
            match fields.remove("type") {
                Some(Raw::String(t)) if t == "document" => documents.push(Raw::Object(fields)),
                Some(Raw::String(t)) if t == "incident" => incidents.push(Raw::Object(fields)),
                _ => {
                    self.out.records_read += 1;
                    self.reject(
                        loc,
                        "a record in an array needs \"type\": \"document\" or \"incident\"".into(),
                    );
                }
            }
        }
        (documents, incidents)
    }

    fn take_array<'a>(&mut self, top: &mut Object<'a>, key: &str) -> Vec<Raw<'a>> {
        match top.remove(key) {
            Some(Raw::Array(items)) => items,
            None | Some(Raw::Null) => Vec::new(),
            Some(_) => {
                self.file_error(format!("\"{key}\" must be an array"));
                Vec::new()
            }
        }
    }
}
