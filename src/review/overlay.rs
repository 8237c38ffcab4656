//! The dataset as reviewed structurally: the incidents reviewers added, and
//! the evidence they added, moved and removed, applied to the dataset as
//! loaded. The browser, `incidents search`, `summary` and `export` all see
//! the dataset through [`with_edits`], so they agree.
//!
//! Cost: [`with_edits`] clones the dataset (the edits themselves are a
//! handful of lookups): 1.5 to 2 s and the dataset's memory again at a
//! million incidents, so it is for commands that build it once.
//! [`Edited::refresh`] brings an edited dataset up to date in place after
//! a change ([`ReviewState::structure_version`]) for tens of milliseconds
//! (measured in `benches/README.md`).

use std::collections::HashMap;

use super::field::Extracted;
use super::span::SpanEdit;
use super::state::{ReplayWarning, ReviewState};
use super::Action;
use crate::dataset::{Anchor, Dataset, Document, Evidence, Incident, Source, Span};

/// Where a piece of evidence of an edited incident comes from: the
/// incident's own source's evidence (by index), or a journal entry.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceOrigin {
    Base(usize),
    Edit(SpanEdit),
}

/// Where a source of an edited incident comes from (`base`: its index
/// among the incident's sources as loaded; `None` for a new one), and
/// where each of its evidence items does.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceOrigin {
    pub base: Option<usize>,
    pub evidence: Vec<EvidenceOrigin>,
}

/// The dataset with the edits applied, and what the export needs to write
/// them into the dataset file.
#[derive(Debug)]
pub struct Edited {
    pub dataset: Dataset,
    /// Edits that could not apply (also among `dataset.warnings`).
    pub warnings: Vec<ReplayWarning>,
    /// For each incident whose sources changed (by index), its sources'
    /// origins, in the order of its sources.
    pub origins: HashMap<usize, Vec<SourceOrigin>>,
    /// Indices of the added incidents, in the order added (they follow
    /// the dataset's own).
    pub added: std::ops::Range<usize>,
}

/// `base` with `state`'s structural edits applied; `None` when it holds
/// none (then `base` is the dataset as reviewed). Added incidents come
/// after the base's incidents, in the order added, with their documents
/// resolved and their evidence located; the evidence checks are run again
/// on every incident an edit touched. Edits that cannot apply (an unknown
/// document, a span past the end of the text or on other words than its
/// quote, evidence to remove that is not there) are skipped, each with a
/// warning in the dataset's warnings.
pub fn with_edits(base: &Dataset, state: &ReviewState) -> Option<Dataset> {
    edit(base, state).map(|e| e.dataset)
}

/// [`with_edits`], keeping the warnings apart and where each edited
/// incident's evidence comes from.
pub fn edit(base: &Dataset, state: &ReviewState) -> Option<Edited> {
    if !state.has_structural_edits() {
        return None;
    }
    let mut ds = base.clone();
    let (warnings, origins) = apply_into(&mut ds, base, state);
    let added = base.incidents.len()..ds.incidents.len();
    Some(Edited {
        dataset: ds,
        warnings,
        origins,
        added,
    })
}

impl Edited {
    /// Brings the dataset up to date with `state` in place, without a new
    /// copy of `base` (the one it was made from): the incidents the last
    /// edits touched are put back as in `base`, the added ones dropped,
    /// and the edits in effect now applied again. The browser calls this
    /// on each structural change; it costs a look through the documents
    /// and incidents for the ids the edits name, not a copy of them.
    /// With no structural edits left, the dataset is `base` again.
    pub fn refresh(&mut self, base: &Dataset, state: &ReviewState) {
        let ds = &mut self.dataset;
        ds.incidents.truncate(base.incidents.len());
        for &i in self.origins.keys() {
            if let (Some(now), Some(was)) = (ds.incidents.get_mut(i), base.incidents.get(i)) {
                now.clone_from(was);
            }
        }
        ds.warnings.clone_from(&base.warnings);
        let (warnings, origins) = if state.has_structural_edits() {
            apply_into(ds, base, state)
        } else {
            (Vec::new(), HashMap::new())
        };
        self.warnings = warnings;
        self.origins = origins;
        self.added = base.incidents.len()..ds.incidents.len();
    }
}

/// Applies `state`'s structural edits to `ds`, which holds what `base`
/// holds: its warnings, and the origins of the incidents it touched.
fn apply_into(
    ds: &mut Dataset,
    base: &Dataset,
    state: &ReviewState,
) -> (Vec<ReplayWarning>, HashMap<usize, Vec<SourceOrigin>>) {
    let edits: Vec<_> = state.structural_edits().collect();
    let mut wanted_docs: HashMap<&str, Option<usize>> = HashMap::new();
    let mut wanted_incidents: HashMap<&str, Option<usize>> = HashMap::new();
    for e in &edits {
        wanted_incidents.insert(&e.entry.incident, None);
        for span in spans_of(&e.entry.action) {
            wanted_docs.insert(&span.document, None);
        }
        if let Action::AddIncident { document, .. } = &e.entry.action {
            wanted_docs.insert(document, None);
        }
    }
    for (i, d) in base.documents.iter().enumerate() {
        if let Some(slot) = wanted_docs.get_mut(d.id.as_str()) {
            slot.get_or_insert(i);
        }
    }
    for (i, inc) in base.incidents.iter().enumerate() {
        if let Some(slot) = wanted_incidents.get_mut(inc.id.as_str()) {
            slot.get_or_insert(i);
        }
    }
    let doc_of = |id: &str| wanted_docs.get(id).copied().flatten();

    let mut warnings = Vec::new();
    let mut origins: HashMap<usize, Vec<SourceOrigin>> = HashMap::new();
    let mut index: HashMap<&str, usize> = wanted_incidents
        .iter()
        .filter_map(|(id, i)| Some((*id, (*i)?)))
        .collect();
    for e in &edits {
        let id = e.entry.incident.as_str();
        let mut warn = |message: String| {
            warnings.push(ReplayWarning {
                entry: e.position,
                message,
            })
        };
        if let Action::AddIncident { document, evidence } = &e.entry.action {
            if index.contains_key(id) {
                warn(format!(
                    "an incident {id:?} is in the dataset already; the one added is skipped"
                ));
                continue;
            }
            let Some(d) = doc_of(document) else {
                warn(format!(
                    "incident {id:?} was added from document {document:?}, which is not in the dataset; skipped"
                ));
                continue;
            };
            let mut incident = added_incident(id, &e.entry.extracted, document, &[]);
            incident.sources[0].document = Some(d);
            incident.province_canonical = incident.province.as_deref().and_then(|p| {
                ds.province_aliases
                    .get(&p.trim().to_lowercase())
                    .map(|c| c.as_str().into())
            });
            let mut origin = vec![SourceOrigin {
                base: None,
                evidence: Vec::new(),
            }];
            for span in evidence {
                if let Err(m) = add_span(&ds.documents, &mut incident, &mut origin, span, doc_of) {
                    warn(format!("evidence of the incident {id:?} added: {m}"));
                }
            }
            index.insert(id, ds.incidents.len());
            origins.insert(ds.incidents.len(), origin);
            ds.incidents.push(incident);
            continue;
        }
        let Some(&i) = index.get(id) else {
            warn(format!(
                "{} for incident {id:?}, which is not in the dataset; skipped",
                e.entry.action.name()
            ));
            continue;
        };
        let origin = origins
            .entry(i)
            .or_insert_with(|| origins_of(&base.incidents[i]));
        let incident = &mut ds.incidents[i];
        let done = match &e.entry.action {
            Action::AddEvidence { span } => add_span(&ds.documents, incident, origin, span, doc_of),
            Action::RemoveEvidence { span } => remove_span(&ds.documents, incident, origin, span),
            Action::MoveEvidence { from, to } => {
                // Only a move whose new place is right takes the old away.
                check_span(&ds.documents, to, doc_of)
                    .and_then(|_| remove_span(&ds.documents, incident, origin, from))
                    .and_then(|()| add_span(&ds.documents, incident, origin, to, doc_of))
            }
            _ => Ok(()),
        };
        if let Err(m) = done {
            warn(format!(
                "{} for incident {id:?}: {m}; skipped",
                e.entry.action.name()
            ));
        }
    }
    let blank = Incident::default();
    for &i in origins.keys() {
        let before = base.incidents.get(i).unwrap_or(&blank);
        let mut after = std::mem::take(&mut ds.incidents[i]);
        crate::evidence::recheck_sources(before, &mut after, &ds.documents);
        ds.incidents[i] = after;
    }
    ds.warnings
        .extend(warnings.iter().map(|w| format!("review journal: {w}")));
    (warnings, origins)
}

/// An added incident as its `add_incident` entry gives it: its fields, and
/// its evidence as offsets, grouped by document with `document_id` first.
/// Its documents are not resolved nor its evidence located.
pub(crate) fn added_incident(
    id: &str,
    fields: &Extracted,
    document_id: &str,
    evidence: &[SpanEdit],
) -> Incident {
    let mut incident = Incident {
        id: id.into(),
        ..Incident::default()
    };
    for (field, value) in fields.values() {
        field.set_value(&mut incident, value);
    }
    incident.sources.push(Source {
        document_id: document_id.into(),
        document: None,
        evidence: Vec::new(),
    });
    for span in evidence {
        let at = match incident
            .sources
            .iter()
            .position(|s| s.document_id == span.document)
        {
            Some(at) => at,
            None => {
                incident.sources.push(Source {
                    document_id: span.document.as_str().into(),
                    document: None,
                    evidence: Vec::new(),
                });
                incident.sources.len() - 1
            }
        };
        incident.sources[at].evidence.push(offsets(span));
    }
    incident
}

fn offsets(span: &SpanEdit) -> Evidence {
    Evidence::new(
        span.field.as_str(),
        Anchor::Offsets {
            start: span.start,
            end: span.end,
        },
    )
}

fn spans_of(action: &Action) -> Vec<&SpanEdit> {
    match action {
        Action::AddIncident { evidence, .. } => evidence.iter().collect(),
        Action::AddEvidence { span } | Action::RemoveEvidence { span } => vec![span],
        Action::MoveEvidence { from, to } => vec![from, to],
        _ => Vec::new(),
    }
}

fn origins_of(incident: &Incident) -> Vec<SourceOrigin> {
    incident
        .sources
        .iter()
        .enumerate()
        .map(|(s, source)| SourceOrigin {
            base: Some(s),
            evidence: (0..source.evidence.len())
                .map(EvidenceOrigin::Base)
                .collect(),
        })
        .collect()
}

/// The document of `span` and its byte range there, or why it has none.
fn check_span(
    documents: &[Document],
    span: &SpanEdit,
    doc_of: impl Fn(&str) -> Option<usize>,
) -> Result<(usize, std::ops::Range<usize>), String> {
    let d = doc_of(&span.document)
        .ok_or_else(|| format!("document {:?} is not in the dataset", span.document))?;
    let doc = &documents[d];
    let range = span.byte_range(doc).ok_or_else(|| {
        format!(
            "span {} is past the end of the text ({} code points)",
            span.describe(),
            doc.original_len()
        )
    })?;
    if !span.quote_matches(doc) {
        return Err(format!(
            "span {} no longer selects its quote “{}” (the document changed)",
            span.describe(),
            span.quote
        ));
    }
    Ok((d, range))
}

fn add_span(
    documents: &[Document],
    incident: &mut Incident,
    origin: &mut Vec<SourceOrigin>,
    span: &SpanEdit,
    doc_of: impl Fn(&str) -> Option<usize>,
) -> Result<(), String> {
    let (d, range) = check_span(documents, span, doc_of)?;
    let at = match incident
        .sources
        .iter()
        .position(|s| s.document_id == span.document)
    {
        Some(at) => at,
        None => {
            incident.sources.push(Source {
                document_id: span.document.as_str().into(),
                document: Some(d),
                evidence: Vec::new(),
            });
            origin.push(SourceOrigin {
                base: None,
                evidence: Vec::new(),
            });
            incident.sources.len() - 1
        }
    };
    let mut ev = offsets(span);
    ev.span = Span::new(range);
    incident.sources[at].evidence.push(ev);
    origin[at].evidence.push(EvidenceOrigin::Edit(span.clone()));
    Ok(())
}

fn remove_span(
    documents: &[Document],
    incident: &mut Incident,
    origin: &mut [SourceOrigin],
    span: &SpanEdit,
) -> Result<(), String> {
    let found = incident.sources.iter().enumerate().find_map(|(s, source)| {
        if source.document_id != span.document {
            return None;
        }
        let doc = documents.get(source.document?)?;
        let k = source.evidence.iter().position(|ev| span.is(ev, doc))?;
        Some((s, k))
    });
    let (s, k) =
        found.ok_or_else(|| format!("there is no evidence {} to remove", span.describe()))?;
    incident.sources[s].evidence.remove(k);
    origin[s].evidence.remove(k);
    Ok(())
}

#[cfg(test)]
mod tests;
