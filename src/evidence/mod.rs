//! Evidence that checks itself: quotes are located in their documents,
//! casualty numbers, place names and dates are checked against the
//! evidence and the sources, provinces are canonicalised through
//! gazetteers, and each incident gets flags and a suspicion score.
//!
//! [`apply`] does all of it once, after loading. Nothing here knows about
//! terminals.

pub mod casualty;
pub mod checks;
pub mod fold;
pub mod gazetteer;
pub mod locate;
pub mod numbers;
mod recheck;

#[cfg(test)]
mod number_table;
#[cfg(test)]
mod tests;

pub use casualty::{Casualty, Reading};
pub use checks::{casualty_mismatches, recheck_counts, Mismatch, Suspicion};
pub use gazetteer::{Gazetteer, Gazetteers};
pub use locate::{APPROXIMATE_MIN_CHARS, APPROXIMATE_THRESHOLD};
pub use numbers::Count;
pub use recheck::recheck_sources;

use crate::dataset::{Anchor, Dataset, EvidenceFlags, Incident, LocateMethod, Warning};
use fold::FoldCache;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The most of a quote a warning repeats.
const QUOTE_IN_WARNING: usize = 80;

/// Fewest incidents worth splitting between threads.
const PARALLEL_MIN: usize = 2_000;

/// Locates every quote, runs the checks (appending warnings to each
/// incident), sets each incident's flags and suspicion score, and
/// canonicalises provinces through `gazetteers` (the first gazetteer that
/// knows a name wins). Call it once per loaded dataset.
///
/// Large datasets are split between two threads; the result is the same
/// as working through the incidents in order (see [`apply_in`]).
pub fn apply(dataset: &mut Dataset, gazetteers: &[Gazetteer]) {
    let threads = if dataset.incidents.len() < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
    };
    apply_in(dataset, gazetteers, threads);
}

/// [`apply`] with the incidents split into `threads` runs of consecutive
/// incidents, each worked through on its own thread. Every incident's
/// results depend on that incident alone; the province aliases each run
/// finds are merged in incident order, so a later incident's alias still
/// wins as it does with one thread.
pub fn apply_in(dataset: &mut Dataset, gazetteers: &[Gazetteer], threads: usize) {
    let gaz = Gazetteers::new(gazetteers);
    let Dataset {
        documents,
        incidents,
        province_aliases,
        cannot_carry_evidence,
        ..
    } = dataset;
    let expect_evidence = !*cannot_carry_evidence;
    for g in gazetteers.iter().rev() {
        for p in &g.provinces {
            for name in p.names() {
                province_aliases.insert(name.to_lowercase(), p.name.clone());
            }
        }
    }
    let documents: &[crate::dataset::Document] = documents;
    let warn_unknown = !gazetteers.is_empty();
    if threads <= 1 || incidents.len() < 2 {
        apply_to(
            incidents,
            documents,
            &gaz,
            (warn_unknown, expect_evidence),
            province_aliases,
        );
        return;
    }
    let run = incidents.len().div_ceil(threads);
    let found: Vec<HashMap<String, String>> = std::thread::scope(|scope| {
        let gaz = &gaz;
        let handles: Vec<_> = incidents
            .chunks_mut(run)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut aliases = HashMap::new();
                    apply_to(
                        chunk,
                        documents,
                        gaz,
                        (warn_unknown, expect_evidence),
                        &mut aliases,
                    );
                    aliases
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for aliases in found {
        province_aliases.extend(aliases);
    }
}

/// Works through `incidents` in order, recording the province aliases
/// they use in `aliases` (a later one replacing an earlier one).
/// `(warn_unknown, expect_evidence)`: a province the gazetteers do not know
/// is a problem; a field without evidence is worth a note.
fn apply_to(
    incidents: &mut [Incident],
    documents: &[crate::dataset::Document],
    gaz: &Gazetteers,
    (warn_unknown, expect_evidence): (bool, bool),
    aliases: &mut HashMap<String, String>,
) {
    let mut cache = FoldCache::default();
    let mut shared = SharedMessages::default();
    for incident in incidents.iter_mut() {
        locate_quotes(incident, documents, &mut cache);
        if let Some(raw) = incident
            .province
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        {
            match gaz.province(raw) {
                Some(p) => {
                    let alias = raw.trim().to_lowercase();
                    // Inserting the value already there changes nothing.
                    if aliases.get(&alias) != Some(&p.name) {
                        aliases.insert(alias, p.name.clone());
                    }
                    incident.province_canonical = Some(p.name.as_str().into());
                }
                None if warn_unknown => incident.warnings.push(format!(
                    "province {raw:?} is not in the gazetteer; kept as written"
                )),
                None => {}
            }
        }
        check(
            incident,
            documents,
            gaz,
            &mut cache,
            &mut shared,
            expect_evidence,
        );
    }
}

/// The warning on an incident dated after a source was published.
fn late_message(incident: &Incident, document: &str, published: &str) -> String {
    format!(
        "dated {}, after its source {document} was published ({published})",
        incident.date.as_deref().unwrap_or("")
    )
}

/// The flags and suspicion score, given what the checks found.
fn flags_of(incident: &Incident, mismatch: bool, missing: usize) -> EvidenceFlags {
    let (ungrounded, _) = quote_findings(incident);
    EvidenceFlags {
        ungrounded,
        mismatch,
        noevidence: missing > 0,
        suspicion: suspicion_of(incident, mismatch, missing).score(),
    }
}

/// Whether a quote of the incident is ungrounded, and whether one was
/// only found approximately.
fn quote_findings(incident: &Incident) -> (bool, bool) {
    let located = || {
        incident
            .sources
            .iter()
            .flat_map(|s| &s.evidence)
            .filter_map(|e| e.located())
    };
    let ungrounded = located().any(|l| l.method == LocateMethod::NotFound);
    let approximate = located().any(|l| matches!(l.method, LocateMethod::Approximate { .. }));
    (ungrounded, approximate)
}

fn suspicion_of(incident: &Incident, mismatch: bool, missing: usize) -> checks::Suspicion {
    let (ungrounded, approximate) = quote_findings(incident);
    checks::Suspicion::of(
        ungrounded,
        approximate,
        mismatch,
        missing,
        checks::fields_with_value(incident),
        incident.confidence,
    )
}

/// The parts of a checked incident's suspicion score (see
/// [`checks::suspicion`]), as its flags were set: they sum to
/// `incident.flags.suspicion`.
pub fn suspicion_parts(incident: &Incident) -> checks::Suspicion {
    let missing = if incident.flags.noevidence {
        checks::fields_without_evidence(incident).len()
    } else {
        0
    };
    suspicion_of(incident, incident.flags.mismatch, missing)
}

/// Evidence for a field the format does not define and the record does
/// not have among its own fields: it supports nothing, so it is said.
fn unknown_evidence_fields(incident: &Incident) -> Vec<String> {
    let mut out = Vec::new();
    let mut own: Option<serde_json::Map<String, serde_json::Value>> = None;
    for ev in incident.sources.iter().flat_map(|s| &s.evidence) {
        if ev.field.field().is_some() {
            continue;
        }
        let name = ev.field.as_str();
        let own = own.get_or_insert_with(|| incident.extra.to_map());
        if !own.contains_key(name) {
            out.push(format!(
                "evidence for {name:?}, which is not a field of the format or of this record"
            ));
        }
    }
    out
}

/// More dead or wounded than this in one incident is surely a mistake
/// (the largest single attacks recorded are in the thousands).
pub const PLAUSIBLE_COUNT: u64 = 10_000_000;

/// Counts beyond [`PLAUSIBLE_COUNT`]. This is also what keeps the
/// summary's saturating sums honest: reaching 2^64 takes either such a
/// count, which carries this warning, or over 10^12 incidents.
fn implausible_counts(incident: &Incident) -> Vec<String> {
    [("killed", incident.killed), ("wounded", incident.wounded)]
        .into_iter()
        .filter_map(|(name, n)| {
            let n = n.filter(|&n| n > PLAUSIBLE_COUNT)?;
            Some(format!(
                "{name} is {n}, more than 10,000,000 for one incident: totals that include it are not to be trusted"
            ))
        })
        .collect()
}

/// The warning on a quote found nowhere in its document.
fn ungrounded_message(field: &str, document: &str, quote: &str, too_long: bool) -> String {
    if quote.is_empty() {
        return format!(
            "ungrounded: the quote for {field} in {document} is empty (or held only control and invisible characters, removed when loaded)"
        );
    }
    if quote.trim().is_empty() {
        return format!(
            "ungrounded: the quote for {field} in {document} is only white space, which grounds nothing"
        );
    }
    let shown: String = quote.chars().take(QUOTE_IN_WARNING).collect();
    let more = if shown.len() < quote.len() { "…" } else { "" };
    let why = if too_long {
        " (the text is too long for the approximate search)"
    } else {
        ""
    };
    format!("ungrounded: the quote for {field} is not in {document}: “{shown}{more}”{why}")
}

fn locate_quotes(
    incident: &mut Incident,
    documents: &[crate::dataset::Document],
    cache: &mut FoldCache,
) {
    let Incident {
        sources, warnings, ..
    } = incident;
    for source in sources.iter_mut() {
        let Some(doc) = source
            .document
            .and_then(|d| documents.get(d).map(|doc| (d, doc)))
        else {
            continue;
        };
        for ev in &mut source.evidence {
            let Anchor::Quote(quote) = ev.anchor() else {
                continue;
            };
            let found = locate::locate(&doc.1.text, quote, cache, doc.0);
            if found.located.method == LocateMethod::NotFound {
                warnings.push(ungrounded_message(
                    &ev.field,
                    &source.document_id,
                    quote,
                    found.too_long,
                ));
            }
            ev.span = found.span.and_then(crate::dataset::Span::new);
            ev.set_located(found.located);
        }
    }
}

/// One copy of each "no evidence for" message, shared by the incidents
/// that carry it: nearly every incident of an extraction run has one, and
/// there are only as many different ones as sets of fields (a million
/// copies took about 60 MB).
#[derive(Default)]
struct SharedMessages(HashSet<Arc<str>>);

impl SharedMessages {
    fn get(&mut self, message: String) -> Arc<str> {
        if let Some(m) = self.0.get(message.as_str()) {
            return Arc::clone(m);
        }
        let m: Arc<str> = message.into();
        self.0.insert(Arc::clone(&m));
        m
    }
}

fn check(
    incident: &mut Incident,
    documents: &[crate::dataset::Document],
    gaz: &Gazetteers,
    cache: &mut FoldCache,
    shared: &mut SharedMessages,
    expect_evidence: bool,
) {
    let (mismatches, unread) = checks::count_findings(incident, documents);
    let missing = if expect_evidence {
        checks::fields_without_evidence(incident)
    } else {
        Vec::new()
    };
    let places = checks::unnamed_places(incident, documents, gaz, cache);
    let late = checks::dated_after_sources(incident, documents);
    let mut warnings: Vec<Warning> = mismatches
        .iter()
        .map(|m| Warning::problem(m.message()))
        .collect();
    warnings.extend(
        unknown_evidence_fields(incident)
            .into_iter()
            .map(Warning::problem),
    );
    warnings.extend(
        implausible_counts(incident)
            .into_iter()
            .map(Warning::problem),
    );
    if !missing.is_empty() {
        warnings.push(Warning::note(
            shared.get(format!("no evidence for: {}", missing.join(", "))),
        ));
    }
    // Evidence that states no number the reader can read supports the
    // count only as far as a person reading it sees.
    for field in unread {
        warnings.push(Warning::note(
            shared.get(format!("no number can be read in the evidence for {field}")),
        ));
    }
    for (field, value) in places {
        let message = format!("{field} {value:?} is not named in its sources, under any spelling");
        // A CSV row's text is a summary written beside its coded places,
        // not the evidence for them: worth knowing, nothing wrong.
        warnings.push(if expect_evidence {
            Warning::problem(message)
        } else {
            Warning::note(message)
        });
    }
    for (doc, published) in late {
        warnings.push(Warning::problem(late_message(incident, &doc, &published)));
    }
    incident.flags = flags_of(incident, !mismatches.is_empty(), missing.len());
    // Held at their exact size (see `Warnings`).
    incident.warnings.extend(warnings);
}
