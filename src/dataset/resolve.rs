//! Links incidents to their documents once every record has been read (in
//! JSONL, documents may come after the incidents that cite them), and turns
//! code-point evidence offsets into byte ranges of the cleaned text.

use super::id_table::IdIndex;
use super::model::{Anchor, Document, Incident, RangeScratch, Span};

/// A source naming a document that does not exist: the incident's index and
/// the message.
pub struct Dangling {
    pub incident: usize,
    pub message: String,
}

/// Below this many incidents resolving stays on the calling thread.
const PARALLEL_FROM: usize = 4096;

/// The documents by id.
struct Index<'a> {
    documents: &'a [Document],
    ids: &'a IdIndex,
}

impl Index<'_> {
    /// The document with id `id`, tried first at `near` and just before
    /// it. Ids are unique by now (duplicates were rejected), so a document
    /// with that id is the one. Articles are usually next to the incidents
    /// they report, in the same order: the document after the last one
    /// found, or that one again, is then the answer without the memory
    /// waits of a hash lookup.
    fn get(&self, id: &str, near: usize) -> Option<usize> {
        for guess in [near, near.wrapping_sub(1)] {
            if self.documents.get(guess).is_some_and(|d| d.id == id) {
                return Some(guess);
            }
        }
        let id_of = |k: u32| self.documents.get(k as usize).map_or("", |d| d.id.as_str());
        self.ids
            .get(id, self.documents.len(), id_of)
            .map(|k| k as usize)
    }
}

/// Resolves every source, on both cores for a large dataset, given the
/// documents' `ids`; returns the incidents that name missing documents,
/// in order (a schema error: the caller rejects them).
pub fn resolve(documents: &[Document], ids: &IdIndex, incidents: &mut [Incident]) -> Vec<Dangling> {
    let index = Index { documents, ids };
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(2);
    if workers < 2 || incidents.len() < PARALLEL_FROM {
        return resolve_some(documents, &index, incidents, 0);
    }
    let half = incidents.len() / 2;
    let (first, second) = incidents.split_at_mut(half);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| resolve_some(documents, &index, second, half));
        let mut dangling = resolve_some(documents, &index, first, 0);
        match later.join() {
            Ok(more) => dangling.extend(more),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        dangling
    })
}

/// Resolves `incidents`, the first of which has index `offset`.
fn resolve_some(
    documents: &[Document],
    index: &Index,
    incidents: &mut [Incident],
    offset: usize,
) -> Vec<Dangling> {
    let mut dangling = Vec::new();
    let mut spans = Vec::new();
    let mut scratch = RangeScratch::default();
    let mut ranges = Vec::new();
    let mut near = 0;
    for (n, incident) in incidents.iter_mut().enumerate() {
        for (s, source) in incident.sources.iter_mut().enumerate() {
            let Some(doc_index) = index.get(source.document_id.as_str(), near) else {
                dangling.push(Dangling {
                    incident: n + offset,
                    message: format!(
                        "sources[{s}] names document {:?}, which is not in the dataset",
                        source.document_id
                    ),
                });
                continue;
            };
            source.document = Some(doc_index);
            near = doc_index + 1;
            let doc = &documents[doc_index];
            spans.clear();
            spans.extend(source.evidence.iter().filter_map(|ev| match ev.anchor() {
                Anchor::Offsets { start, end } => Some((start, end)),
                Anchor::Quote(_) => None,
            }));
            if spans.is_empty() {
                continue;
            }
            doc.byte_ranges_into(&spans, &mut scratch, &mut ranges);
            let mut ranges = ranges.drain(..);
            let mut len = None;
            for ev in &mut source.evidence {
                let Anchor::Offsets { start, end } = ev.anchor() else {
                    continue;
                };
                ev.span = ranges.next().flatten().and_then(Span::new);
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
