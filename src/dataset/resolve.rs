//! Links incidents to their documents once every record has been read (in
//! JSONL, documents may come after the incidents that cite them), and turns
//! code-point evidence offsets into byte ranges of the cleaned text.

use std::collections::HashMap;

use super::model::{Anchor, Dataset};

/// A source naming a document that does not exist: the incident's index and
/// the message.
pub struct Dangling {
    pub incident: usize,
    pub message: String,
}

/// Resolves every source; returns the incidents that name missing documents
/// (a schema error: the caller rejects them).
pub fn resolve(dataset: &mut Dataset) -> Vec<Dangling> {
    let mut index: HashMap<&str, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(dataset.documents.len(), Default::default());
    index.extend(
        dataset
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i)),
    );
    let mut dangling = Vec::new();
    for (n, incident) in dataset.incidents.iter_mut().enumerate() {
        for (s, source) in incident.sources.iter_mut().enumerate() {
            let Some(&doc_index) = index.get(source.document_id.as_str()) else {
                dangling.push(Dangling {
                    incident: n,
                    message: format!(
                        "sources[{s}] names document {:?}, which is not in the dataset",
                        source.document_id
                    ),
                });
                continue;
            };
            source.document = Some(doc_index);
            let doc = &dataset.documents[doc_index];
            let mut len = None;
            for ev in &mut source.evidence {
                let Anchor::Offsets { start, end } = ev.anchor else {
                    continue;
                };
                ev.span = doc.byte_range(start, end);
                if ev.span.is_some() {
                    continue;
                }
                let len = *len.get_or_insert_with(|| doc.original_len());
                let problem = if end < start {
                    format!("end {end} is before start {start}")
                } else {
                    format!("span {start}..{end} is past the end of the text ({len} code points)")
                };
                incident.warnings.push(format!(
                    "evidence for {} in {}: {problem}",
                    ev.field, source.document_id
                ));
            }
        }
    }
    dangling
}
