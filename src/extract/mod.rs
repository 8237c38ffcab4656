//! From articles to draft incidents: reading article files (plain text,
//! Markdown with front matter, HTML saved from a browser) into documents,
//! and the built-in rules that propose incidents from them, each field with
//! the span of text it came from. Pure core: no terminal code.

/// One article as read from a file: its text decoded to UTF-8 but not yet
/// cleaned for the terminal (the dataset's sanitising does that, once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The document id: the file name without its extension.
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// The publication date as the format writes it (`YYYY-MM-DD`, or
    /// `YYYY-MM` / `YYYY` when only that much is known).
    pub published: Option<String>,
    pub language: Option<String>,
    pub text: String,
}

pub mod article;
mod dates;
pub mod external;
mod facts;
pub mod lexicon;
mod places;
pub mod rules;
mod segment;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde_json::{json, Map, Value};

pub use lexicon::{Lexicon, Matcher};
pub use rules::{Draft, Valued, RULES_VERSION};

use crate::dataset::sanitize::clean_text;
use crate::dataset::PartialDate;
use crate::evidence::Gazetteer;

/// The built-in rules, ready to read articles.
pub struct Extractor {
    matcher: Matcher,
}

impl std::fmt::Debug for Extractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The compiled automata are large and say nothing to a reader.
        f.debug_struct("Extractor")
            .field("provinces", &self.matcher.provinces.len())
            .field("districts", &self.matcher.districts.len())
            .finish_non_exhaustive()
    }
}

impl Extractor {
    pub fn new(lexicon: Lexicon, gazetteers: &[Gazetteer]) -> Extractor {
        Extractor {
            matcher: Matcher::new(lexicon, gazetteers),
        }
    }

    /// The word lists and gazetteers the rules read with.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Draft incidents of one article whose text is already cleaned.
    pub fn extract(&self, text: &str, published: Option<&PartialDate>) -> Vec<Draft> {
        rules::extract(text, published, &self.matcher)
    }
}

/// Code-point offsets of byte offsets into `text`, in one walk however
/// many there are.
fn code_points_of(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut at, mut cp) = (0, 0);
    for i in order {
        let target = bytes[i].min(text.len());
        cp += text.get(at..target).map_or(0, |s| s.chars().count());
        at = target.max(at);
        out[i] = cp;
    }
    out
}

/// The record of one draft in format version 1, its evidence in code
/// points of `text`.
pub fn draft_record(draft: &Draft, id: &str, document: &str, text: &str) -> Map<String, Value> {
    let mut rec = Map::new();
    rec.insert("type".into(), json!("incident"));
    rec.insert("id".into(), json!(id));
    let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
    let mut text_field =
        |rec: &mut Map<String, Value>, name: &'static str, v: &Option<Valued<String>>| {
            if let Some(v) = v {
                rec.insert(name.into(), json!(v.value));
                spans.extend(v.spans.iter().map(|s| (name, s.clone())));
            }
        };
    if let Some(v) = &draft.date {
        rec.insert("date".into(), json!(v.value.to_string()));
    }
    text_field(&mut rec, "province", &draft.province);
    text_field(&mut rec, "district", &draft.district);
    text_field(&mut rec, "location", &draft.location);
    text_field(&mut rec, "perpetrator", &draft.perpetrator);
    text_field(&mut rec, "target", &draft.target);
    text_field(&mut rec, "event_type", &draft.event_type);
    if let Some(v) = &draft.date {
        spans.extend(v.spans.iter().map(|s| ("date", s.clone())));
    }
    for (name, v) in [("killed", &draft.killed), ("wounded", &draft.wounded)] {
        match v {
            Some(v) => {
                rec.insert(name.into(), json!(v.value));
                spans.extend(v.spans.iter().map(|s| (name, s.clone())));
            }
            None => {
                rec.insert(name.into(), Value::Null);
            }
        }
    }
    rec.insert("confidence".into(), json!(draft.confidence));
    rec.insert("extractor".into(), json!(RULES_VERSION));
    spans.sort_by_key(|(_, r)| (r.start, r.end));
    let offsets: Vec<usize> = spans.iter().flat_map(|(_, r)| [r.start, r.end]).collect();
    let cps = code_points_of(text, &offsets);
    let evidence: Vec<Value> = spans
        .iter()
        .enumerate()
        .map(|(i, (name, _))| json!({"field": name, "start": cps[2 * i], "end": cps[2 * i + 1]}))
        .collect();
    rec.insert(
        "sources".into(),
        json!([{"document": document, "evidence": evidence}]),
    );
    rec
}

/// A document to extract from: its record fields, text cleaned.
pub struct Prepared {
    pub record: Map<String, Value>,
    pub id: String,
    pub text: String,
    pub published: Option<PartialDate>,
}

/// An article's document record, its text cleaned once here so that the
/// evidence offsets the rules write are those of the text written.
pub fn prepare(article: &Article) -> Prepared {
    let text = clean_text(&article.text).text;
    let mut record = Map::new();
    record.insert("type".into(), json!("document"));
    record.insert("id".into(), json!(article.id));
    for (key, v) in [
        ("title", &article.title),
        ("outlet", &article.outlet),
        ("url", &article.url),
        ("published", &article.published),
        ("language", &article.language),
    ] {
        if let Some(v) = v {
            record.insert(key.into(), json!(v));
        }
    }
    record.insert("text".into(), json!(text));
    Prepared {
        record,
        id: article.id.clone(),
        published: article.published.as_deref().and_then(PartialDate::parse),
        text,
    }
}

/// Format-v1 JSON Lines of the documents and the drafts the extractor
/// finds in them: documents first, then incidents, ids `DOC-N` in the
/// order the article reports them (stable for the same text and rules).
/// The documents are read on every core, in batches, and written in
/// their order, so the output is the same however many threads read.
/// `progress` hears how many documents are done, after each batch.
pub fn drafts_jsonl(
    documents: &[Prepared],
    extractor: &Extractor,
    progress: &mut dyn FnMut(usize),
) -> Vec<u8> {
    let mut out = Vec::new();
    for d in documents {
        push_line(&mut out, &d.record);
    }
    let batches = documents.chunks(BATCH).collect::<Vec<_>>();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(batches.len());
    if threads <= 1 {
        for (b, batch) in batches.iter().enumerate() {
            out.extend(incident_lines(batch, extractor));
            progress((b * BATCH + batch.len()).min(documents.len()));
        }
        return out;
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<u8>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, next, batches) = (tx.clone(), &next, &batches);
            scope.spawn(move || loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                let Some(batch) = batches.get(b) else { break };
                if tx.send((b, incident_lines(batch, extractor))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Batches arrive in any order; each is written when those before it are.
        let mut waiting = BTreeMap::new();
        let mut written = 0;
        for (b, lines) in rx {
            waiting.insert(b, lines);
            while let Some(lines) = waiting.remove(&written) {
                out.extend(lines);
                written += 1;
                progress((written * BATCH).min(documents.len()));
            }
        }
    });
    out
}

/// Documents read in one batch of [`drafts_jsonl`]: small enough that
/// progress is heard often, large enough that threads rarely wait.
const BATCH: usize = 64;

/// The incident lines of a batch of documents.
fn incident_lines(documents: &[Prepared], extractor: &Extractor) -> Vec<u8> {
    let mut out = Vec::new();
    for d in documents {
        for (k, draft) in extractor
            .extract(&d.text, d.published.as_ref())
            .iter()
            .enumerate()
        {
            let id = format!("{}-{}", d.id, k + 1);
            push_line(&mut out, &draft_record(draft, &id, &d.id, &d.text));
        }
    }
    out
}

fn push_line(out: &mut Vec<u8>, record: &Map<String, Value>) {
    // Writing a map of plain values to a vector cannot fail.
    if serde_json::to_writer(&mut *out, record).is_ok() {
        out.push(b'\n');
    }
}

#[cfg(test)]
mod rules_tests;
