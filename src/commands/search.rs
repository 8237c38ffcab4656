//! `incidents search`: the browser's search, headless. It runs the same
//! engine (parse, filter, sort) the browser does, so the two always agree.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::print_errors;
use crate::cli::SortArg;
use crate::dataset::{CompactString, Dataset, Incident, Location};
use crate::query::{
    all_unreviewed, parse, statuses, uncorrected, CorrectedIncidents, QueryError, SearchEngine,
    SearchRequest, SortKey,
};

/// grep's exit codes: something found, nothing found, trouble.
const FOUND: u8 = 0;
const NOTHING: u8 = 1;
const TROUBLE: u8 = 2;

/// What `incidents search` was asked to do.
pub struct SearchArgs<'a> {
    /// `[PATH] QUERY`, as typed.
    pub args: &'a [String],
    pub json: bool,
    pub sort: SortArg,
    pub descending: bool,
    pub skip_invalid: bool,
    /// The review journal; default: the dataset's, as the browser opens.
    pub reviews: Option<&'a Path>,
}

pub fn search(a: &SearchArgs<'_>, ctx: &super::Context) -> ExitCode {
    let SearchArgs {
        args,
        json,
        sort,
        descending,
        skip_invalid,
        reviews,
    } = *a;
    let (path, query_text) = match args {
        // A dataset and no query: every incident, as the browser opens it.
        [path] if Path::new(path).is_file() => (Some(Path::new(path.as_str())), ""),
        [query] => (None, query.as_str()),
        [path, query] => (Some(Path::new(path.as_str())), query.as_str()),
        _ => {
            say!("incidents search: expected [PATH] QUERY, or PATH");
            return ExitCode::from(TROUBLE);
        }
    };
    // A typo in the query should not wait for a gigabyte to load.
    let duplicates = match parse(query_text) {
        Ok(q) => q.uses_duplicates(),
        Err(e) => {
            say_part!("{}", query_error(query_text, &e));
            return ExitCode::from(TROUBLE);
        }
    };
    let opened = ctx.open_one(path);
    if !opened.loaded.errors.is_empty() {
        print_errors(&opened, 20);
        let fatal = opened
            .loaded
            .errors
            .iter()
            .any(|d| matches!(d.location, Location::File));
        if fatal || !skip_invalid {
            say!(
                "incidents: {} in {}; nothing searched{}.",
                crate::dataset::plural::of(opened.loaded.errors.len(), "error"),
                opened.label,
                if fatal {
                    ""
                } else {
                    "; --skip-invalid searches the records that loaded"
                }
            );
            return ExitCode::from(TROUBLE);
        }
    }
    // The statuses and corrected values the browser would search with.
    let review = match super::journal::review_state(path, reviews) {
        Ok(state) => state,
        Err(e) => {
            say!("incidents: {e}");
            return ExitCode::from(TROUBLE);
        }
    };
    // Incidents reviewers added are searched like the others.
    let dataset = Arc::new(match &review {
        Some(state) => super::journal::with_review_edits(opened.loaded.dataset, state),
        None => opened.loaded.dataset,
    });
    let (status, corrected) = match &review {
        // `has:duplicate`, `dup:N`: the clusters `incidents duplicates`
        // shows (default options), after the reviewers' decisions.
        _ if duplicates => {
            let state = review.clone().unwrap_or_default();
            let found = crate::dedup::find(
                &dataset,
                &ctx.gazetteers,
                &crate::dedup::Taxonomy::built_in(),
                &crate::dedup::Options::default(),
            );
            let resolved = crate::dedup::resolve(&dataset, &found, &state);
            (
                crate::query::statuses_with_clusters(&dataset, &state, &resolved),
                Arc::new(CorrectedIncidents::of(&dataset, &state)),
            )
        }
        Some(state) => (
            statuses(&dataset, state),
            Arc::new(CorrectedIncidents::of(&dataset, state)),
        ),
        None => (all_unreviewed(), uncorrected()),
    };
    let engine = SearchEngine::new(Arc::clone(&dataset));
    let Some(result) = engine.search_blocking(SearchRequest {
        generation: 1,
        query_text: query_text.to_string(),
        sort: sort_key(sort),
        descending,
        status,
        corrected,
    }) else {
        say!("incidents: the search stopped unexpectedly");
        return ExitCode::from(TROUBLE);
    };
    if let Some(e) = &result.error {
        say_part!("{}", query_error(query_text, e));
        return ExitCode::from(TROUBLE);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    for &i in &result.rows {
        let Some(incident) = dataset.incidents.get(i) else {
            continue;
        };
        let line = if json {
            Value::Object(incident_json(&dataset, incident)).to_string()
        } else {
            tsv_line(incident)
        };
        // A closed pipe (`| head`) ends the output quietly.
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if let Some(undated) = result.undated {
        say!("incidents: {undated}");
    }
    ExitCode::from(if result.rows.is_empty() {
        NOTHING
    } else {
        FOUND
    })
}

pub fn sort_key(sort: SortArg) -> SortKey {
    match sort {
        SortArg::Date => SortKey::Date,
        SortArg::Province => SortKey::Province,
        SortArg::Killed => SortKey::Killed,
        SortArg::Wounded => SortKey::Wounded,
        SortArg::Relevance => SortKey::Relevance,
    }
}

/// The message, and the query with the bad term underlined.
fn query_error(text: &str, e: &QueryError) -> String {
    let before = text.get(..e.span.start).unwrap_or("");
    let bad = text.get(e.span.clone()).unwrap_or("");
    let pad = crate::app::wrap::width(before);
    let marks = crate::app::wrap::width(bad).max(1);
    format!(
        "incidents: malformed query: {}\n  {text}\n  {}{}\n",
        e.message,
        " ".repeat(pad),
        "^".repeat(marks)
    )
}

/// `id date province killed wounded`, tab-separated; missing values empty.
pub fn tsv_line(incident: &Incident) -> String {
    let count = |c: Option<u64>| c.map_or(String::new(), |n| n.to_string());
    format!(
        "{}\t{}\t{}\t{}\t{}",
        incident.id,
        incident.date.as_deref().unwrap_or(""),
        incident.province.as_deref().unwrap_or(""),
        count(incident.killed),
        count(incident.wounded)
    )
}

/// Every field of an incident as JSON: null for missing values and unknown
/// counts, the document ids it cites, fields the format does not define
/// under `extra`, and its warnings.
pub fn incident_json(dataset: &Dataset, incident: &Incident) -> Map<String, Value> {
    let text = |v: &Option<CompactString>| {
        v.as_ref()
            .map_or(Value::Null, |s| Value::String(s.to_string()))
    };
    let mut m = Map::new();
    m.insert("id".into(), Value::String(incident.id.to_string()));
    m.insert("date".into(), text(&incident.date));
    m.insert("province".into(), text(&incident.province));
    m.insert(
        "province_canonical".into(),
        text(&incident.province_canonical),
    );
    m.insert("district".into(), text(&incident.district));
    m.insert("location".into(), text(&incident.location));
    m.insert("perpetrator".into(), text(&incident.perpetrator));
    m.insert("target".into(), text(&incident.target));
    m.insert("event_type".into(), text(&incident.event_type));
    m.insert(
        "killed".into(),
        incident.killed.map_or(Value::Null, Value::from),
    );
    m.insert(
        "wounded".into(),
        incident.wounded.map_or(Value::Null, Value::from),
    );
    m.insert(
        "confidence".into(),
        incident.confidence.map_or(Value::Null, Value::from),
    );
    let documents = incident
        .sources
        .iter()
        .map(|s| {
            let id = s
                .document
                .and_then(|d| dataset.documents.get(d))
                .map_or(s.document_id.as_str(), |d| d.id.as_str());
            Value::String(id.to_string())
        })
        .collect();
    m.insert("documents".into(), Value::Array(documents));
    m.insert("extra".into(), Value::Object(incident.extra.to_map()));
    m.insert(
        "warnings".into(),
        Value::Array(
            incident
                .warnings
                .iter()
                .map(|w| Value::String(w.to_string()))
                .collect(),
        ),
    );
    m
}
