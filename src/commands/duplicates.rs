//! `incidents duplicates`: the clusters of likely duplicates (see
//! [`crate::dedup`]), as a report or JSON.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{json, Value};

use crate::dataset::{Dataset, Field, Incident};
use crate::dedup::{self, Cluster, CountRange, Duplicates, Options, Resolved, Taxonomy};

/// grep's exit codes: clusters found, none, trouble.
const FOUND: u8 = 0;
const NOTHING: u8 = 1;
const TROUBLE: u8 = 2;

/// What `incidents duplicates` was asked to do.
pub struct DuplicatesArgs<'a> {
    pub path: Option<&'a Path>,
    pub options: Options,
    pub taxonomies: &'a [PathBuf],
    pub json: bool,
    pub skip_invalid: bool,
    /// The journal whose duplicate decisions apply (default: the
    /// dataset's, if any).
    pub reviews: Option<&'a Path>,
}

pub fn duplicates(a: &DuplicatesArgs<'_>, ctx: &super::Context) -> ExitCode {
    let files: Vec<&Path> = a.taxonomies.iter().map(PathBuf::as_path).collect();
    // A bad taxonomy should not wait for a gigabyte to load.
    let taxonomy = match Taxonomy::with_files(&files) {
        Ok(t) => t,
        Err(e) => {
            say!("incidents: {e}");
            return ExitCode::from(TROUBLE);
        }
    };
    let Some(opened) = super::compare::loaded(
        ctx.open_one(a.path),
        a.skip_invalid,
        "checked for duplicates",
    ) else {
        return ExitCode::from(TROUBLE);
    };
    let dataset = &opened.loaded.dataset;
    let state = match super::journal::review_state(a.path, a.reviews) {
        Ok(state) => state.unwrap_or_default(),
        Err(e) => {
            eprintln!("incidents: {e}");
            return ExitCode::from(TROUBLE);
        }
    };
    let found = dedup::find(dataset, &ctx.gazetteers, &taxonomy, &a.options);
    let resolved = state
        .any_duplicate_decision()
        .then(|| dedup::resolve(dataset, &found, &state));
    let text = if a.json {
        let mut v = report_json(dataset, &found, &a.options);
        if let (Some(r), Value::Object(o)) = (&resolved, &mut v) {
            o.insert("reviewed".into(), reviewed_json(dataset, r));
        }
        match serde_json::to_string_pretty(&v) {
            Ok(text) => text + "\n",
            Err(e) => {
                say!("incidents: {e}");
                return ExitCode::from(TROUBLE);
            }
        }
    } else {
        let mut text = report(dataset, &found, &a.options, &opened.label);
        if let Some(r) = &resolved {
            text.push_str(&reviewed_text(dataset, r));
        }
        text
    };
    super::out::print(&text);
    ExitCode::from(if found.clusters().is_empty() {
        NOTHING
    } else {
        FOUND
    })
}

/// The outlets of the documents an incident cites, without repeats.
fn outlets(dataset: &Dataset, incident: &Incident) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &incident.sources {
        let name = s
            .document
            .and_then(|d| dataset.document(d))
            .map(|d| d.outlet.as_deref().unwrap_or(d.id.as_str()).to_string());
        if let Some(name) = name.filter(|n| !out.contains(n)) {
            out.push(name);
        }
    }
    out
}

/// `4`, `4–5 (best 4)`, `?`, with the unknown ones counted.
fn range_text(r: &CountRange) -> String {
    let known = match (r.low, r.best, r.high) {
        (Some(l), _, Some(h)) if l == h => l.to_string(),
        (Some(l), Some(b), Some(h)) => format!("{l}–{h} (best {b})"),
        _ => "?".to_string(),
    };
    match (r.unknown, r.low) {
        (0, _) | (_, None) => known,
        (n, Some(_)) => format!("{known}, {n} unknown"),
    }
}

/// The fields a member row shows.
const SHOWN: [Field; 9] = [
    Field::Date,
    Field::Province,
    Field::District,
    Field::Location,
    Field::EventType,
    Field::Perpetrator,
    Field::Target,
    Field::Killed,
    Field::Wounded,
];

fn cluster_text(dataset: &Dataset, found: &Duplicates, c: &Cluster) -> String {
    let mut out = String::new();
    let incident = |i: usize| &dataset.incidents[i];
    let _ = writeln!(
        out,
        "cluster {} · {} incidents · killed {} · wounded {}",
        c.number,
        c.members().len(),
        range_text(&c.killed(dataset)),
        range_text(&c.wounded(dataset))
    );
    let mut rows = vec![std::iter::once("id")
        .chain(SHOWN.iter().map(|f| f.name()))
        .chain(["sources", "best match"])
        .map(String::from)
        .collect::<Vec<_>>()];
    for &m in c.members() {
        let i = incident(m);
        let mut row = vec![i.id.to_string()];
        row.extend(SHOWN.iter().map(|f| {
            if f.has_value(i) {
                f.display(i)
            } else {
                "—".into()
            }
        }));
        row.push(outlets(dataset, i).join(", "));
        row.push(found.matches(m).first().map_or(String::new(), |b| {
            format!("{} {:.2}", incident(b.other).id, b.score)
        }));
        rows.push(row);
    }
    out.push_str(&crate::compare::table(&rows, rows[0].len()));
    for p in c.pairs() {
        let _ = writeln!(
            out,
            "  {} = {}  {:.2}  (date {:.2}, place {:.2}, type {:.2}, actors {:.2}, counts {:.2})",
            incident(p.a).id,
            incident(p.b).id,
            p.score,
            p.parts.date,
            p.parts.place,
            p.parts.event_type,
            p.parts.actors,
            p.parts.counts
        );
    }
    let differences = c.differences(dataset);
    if differences.is_empty() {
        out.push_str("  the members agree on every field\n");
    }
    for d in differences {
        let values: Vec<String> = d
            .values
            .iter()
            .map(|v| v.as_deref().map_or("—".into(), |v| format!("{v:?}")))
            .collect();
        let _ = writeln!(out, "  differ: {}: {}", d.field.name(), values.join(" | "));
    }
    out
}

/// The report as a person reads it.
fn report(dataset: &Dataset, found: &Duplicates, options: &Options, label: &str) -> String {
    let mut out = String::new();
    let clusters = found.clusters();
    let _ = writeln!(
        out,
        "{label}: {} of likely duplicates, {} of {} incidents (dates within {}, coordinates within {} km, least score {:.2})",
        crate::dataset::plural::of(clusters.len(), "cluster"),
        found.clustered(),
        dataset.incidents.len(),
        crate::dataset::plural::of(options.days as usize, "day"),
        options.km,
        options.threshold
    );
    for c in clusters {
        out.push('\n');
        out.push_str(&cluster_text(dataset, found, c));
    }
    out
}

fn range_json(r: &CountRange) -> Value {
    json!({"low": r.low, "best": r.best, "high": r.high, "unknown": r.unknown})
}

/// The report as one JSON object.
fn report_json(dataset: &Dataset, found: &Duplicates, options: &Options) -> Value {
    let id = |i: usize| dataset.incidents[i].id.to_string();
    let clusters: Vec<Value> = found
        .clusters()
        .iter()
        .map(|c| {
            let members: Vec<Value> = c
                .members()
                .iter()
                .map(|&m| {
                    let i = &dataset.incidents[m];
                    let mut o = serde_json::Map::new();
                    o.insert("id".into(), i.id.as_str().into());
                    for f in SHOWN {
                        let v = match f.kind() {
                            crate::dataset::ValueKind::Count => f.count(i).into(),
                            _ => f.text(i).into(),
                        };
                        o.insert(f.name().into(), v);
                    }
                    o.insert("outlets".into(), outlets(dataset, i).into());
                    let matches: Vec<Value> = found
                        .matches(m)
                        .iter()
                        .map(|x| {
                            json!({"id": id(x.other), "score": x.score, "duplicate": x.duplicate})
                        })
                        .collect();
                    o.insert("matches".into(), matches.into());
                    Value::Object(o)
                })
                .collect();
            let pairs: Vec<Value> = c
                .pairs()
                .iter()
                .map(|p| json!({"a": id(p.a), "b": id(p.b), "score": p.score, "parts": p.parts}))
                .collect();
            let differences: Vec<Value> = c
                .differences(dataset)
                .into_iter()
                .map(|d| json!({"field": d.field.name(), "values": d.values}))
                .collect();
            json!({
                "cluster": c.number,
                "members": members,
                "pairs": pairs,
                "differences": differences,
                "killed": range_json(&c.killed(dataset)),
                "wounded": range_json(&c.wounded(dataset)),
            })
        })
        .collect();
    json!({
        "options": {"days": options.days, "km": options.km, "threshold": options.threshold},
        "incidents": dataset.incidents.len(),
        "clustered": found.clustered(),
        "scored_pairs": found.scored_pairs,
        "clusters": clusters,
    })
}

/// The clusters after the reviewers' decisions, as a person reads them.
fn reviewed_text(dataset: &Dataset, r: &Resolved) -> String {
    let id = |i: usize| dataset.incidents[i].id.as_str();
    let mut out = String::from("\nafter the reviewers' decisions:\n");
    for c in &r.clusters {
        let members: Vec<&str> = c.members.iter().map(|&m| id(m)).collect();
        let _ = writeln!(
            out,
            "  cluster {} {}: {}",
            c.number,
            if c.confirmed {
                "confirmed"
            } else {
                "candidate"
            },
            members.join(", ")
        );
    }
    for &(a, b) in &r.split {
        let _ = writeln!(out, "  split: {} is not {}", id(a), id(b));
    }
    out
}

/// The clusters after the reviewers' decisions, as JSON.
fn reviewed_json(dataset: &Dataset, r: &Resolved) -> Value {
    let id = |i: usize| dataset.incidents[i].id.to_string();
    let clusters: Vec<Value> = r
        .clusters
        .iter()
        .map(|c| {
            let members: Vec<String> = c.members.iter().map(|&m| id(m)).collect();
            json!({"cluster": c.number, "members": members, "confirmed": c.confirmed})
        })
        .collect();
    let split: Vec<Value> = r
        .split
        .iter()
        .map(|&(a, b)| json!([id(a), id(b)]))
        .collect();
    json!({"clusters": clusters, "split": split})
}
