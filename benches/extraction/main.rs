//! The extraction benchmark: speed of the built-in rules on generated text,
//! and their quality against hand-coded gold.
//!
//! cargo bench --bench extraction
//!
//! Speed: 100,000 generated one-event notes (seeded; `--notes N`,
//! `--seed S`) and a generated stream of news paragraphs (not with
//! `--notes-only`), read on one thread. `--dump FILE` writes every draft
//! found (speed inputs and gold documents) to FILE, so a change meant only
//! to be faster can be shown to find byte for byte the same. Quality: each gold dataset found (the repository's test corpus,
//! the sample, and `../shared/extraction-dev/gold.json` when present, or
//! any given with `--gold FILE`) has its incidents taken away, is extracted
//! from, and is compared with its gold as `incidents compare` does; the
//! one-event notes in `tests/fixtures/extraction/notes.jsonl` are scored on
//! killed exact.

use std::path::{Path, PathBuf};
use std::time::Instant;

use incidents::compare::compare;
use incidents::dataset::{load_bytes, load_path, Dataset, PartialDate};
use incidents::evidence::{Gazetteer, Gazetteers};
use incidents::extract::{drafts_jsonl, prepare, Article, Extractor, Lexicon};

/// A small seeded generator (xorshift64*), so the input is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PLACES: &[&str] = &[
    "Hawija",
    "Tikrit",
    "Baiji",
    "Muqdadiyah",
    "Khanaqin",
    "Tuz Khurmatu",
    "Samarra",
    "Mosul",
    "Tal Afar",
    "Ramadi",
    "Fallujah",
    "Rutba",
    "Daquq",
    "Jalawla",
    "Makhmour",
    "Sinjar",
];
const ACTORS: &[&str] = &[
    "IS militants",
    "ISIS fighters",
    "Unknown gunmen",
    "Daesh cells",
    "Militants",
];
const WEAPONS: &[&str] = &[
    "attacked",
    "ambushed",
    "opened fire on",
    "fired mortar rounds at",
    "detonated an IED targeting",
];
const TARGETS: &[&str] = &[
    "an army patrol",
    "a PMF post",
    "a police checkpoint",
    "shepherds",
    "a Peshmerga position",
];
const MONTHS: &[&str] = &["January", "March", "May", "July", "September", "November"];
const WORDS: &[&str] = &["two", "three", "four", "five", "six"];

fn note(r: &mut Rng) -> String {
    let day = 1 + r.below(28);
    let year = 2015 + r.below(8);
    let month = r.pick(MONTHS);
    let toll = match r.below(4) {
        0 => format!(
            "{} soldiers were killed and {} wounded.",
            1 + r.below(9),
            r.below(6)
        ),
        1 => format!("killing {} of them.", r.pick(WORDS)),
        2 => "No casualties reported.".to_string(),
        _ => format!("{} fatalities.", 1 + r.below(20)),
    };
    format!(
        "On {day} {month} {year}, {} {} {} near {} (Iraq). {toll} Fatalities coded as reported.",
        r.pick(ACTORS),
        r.pick(WEAPONS),
        r.pick(TARGETS),
        r.pick(PLACES)
    )
}

fn paragraph(r: &mut Rng) -> String {
    match r.below(3) {
        0 => note(r),
        1 => format!(
            "Security officials said reinforcements were sent to {} and a search operation was under way in the surrounding orchards, according to a statement.",
            r.pick(PLACES)
        ),
        _ => format!(
            "In a separate attack, a roadside bomb struck a vehicle in the village of {} on Wednesday, wounding {} civilians, police said.",
            r.pick(PLACES),
            r.pick(WORDS)
        ),
    }
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn speed(notes: usize, seed: u64, news: bool, dump: &mut Option<String>) {
    let mut r = Rng(seed.max(1));
    let ex = Extractor::new(Lexicon::built_in(), &[Gazetteer::iraq()]);
    let published = PartialDate::parse("2023-01-01");
    let texts: Vec<String> = (0..notes).map(|_| note(&mut r)).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let mut drafts = 0;
    for t in &texts {
        let found = ex.extract(t, published.as_ref());
        drafts += found.len();
        if let Some(d) = dump.as_mut() {
            d.push_str(&format!("{found:?}\n"));
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "notes: {notes} generated one-event notes (seed {seed}), {:.1} MB: {s:.2} s, {:.1} MB/s, {drafts} drafts",
        mb(bytes),
        mb(bytes) / s
    );
    // The same notes as `incidents extract` reads them: every core, and
    // the drafts written as JSON Lines.
    let prepared: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            prepare(&Article {
                id: format!("note{i}"),
                published: Some("2023-01-01".to_string()),
                text: t.clone(),
                ..Article::default()
            })
        })
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let t = Instant::now();
    let jsonl = drafts_jsonl(&prepared, &ex, &mut |_| {});
    let s = t.elapsed().as_secs_f64();
    println!(
        "notes to JSON Lines on {cores} cores: {s:.2} s, {:.1} MB/s, {:.1} MB written",
        mb(bytes) / s,
        mb(jsonl.len())
    );
    if !news {
        return;
    }
    let mut article = String::new();
    while article.len() < 20_000_000 {
        article.push_str(&paragraph(&mut r));
        article.push_str("\n\n");
    }
    let t = Instant::now();
    let found = ex.extract(&article, published.as_ref());
    let s = t.elapsed().as_secs_f64();
    let n = found.len();
    if let Some(d) = dump.as_mut() {
        d.push_str(&format!("{found:?}\n"));
    }
    println!(
        "news: one generated article of {:.1} MB: {s:.2} s, {:.1} MB/s, {n} drafts",
        mb(article.len()),
        mb(article.len()) / s
    );
}

/// The gold's documents alone, extracted from, as a dataset.
fn extracted(gold: &Dataset, ex: &Extractor, dump: &mut Option<String>) -> Dataset {
    let prepared: Vec<_> = gold
        .documents
        .iter()
        .map(|d| {
            prepare(&Article {
                id: d.id.to_string(),
                published: d.published.as_deref().map(str::to_string),
                text: d.text.clone(),
                ..Article::default()
            })
        })
        .collect();
    let jsonl = drafts_jsonl(&prepared, ex, &mut |_| {});
    if let Some(d) = dump.as_mut() {
        d.push_str(&String::from_utf8_lossy(&jsonl));
    }
    load_bytes("drafts", &jsonl).dataset
}

fn quality(path: &Path, ex: &Extractor, dump: &mut Option<String>) {
    let loaded = load_path(path, &mut |_| {});
    if !loaded.errors.is_empty() {
        println!(
            "{}: cannot be read: {:?}",
            path.display(),
            loaded.errors.first()
        );
        return;
    }
    let gold = loaded.dataset;
    let drafts = extracted(&gold, ex, dump);
    let list = [Gazetteer::iraq()];
    let report = compare(&gold, &drafts, &Gazetteers::new(&list));
    let f = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
    println!(
        "{}: {} documents, {} gold incidents, {} drafts, {} matched: precision {}, recall {}, F1 {}",
        path.display(),
        gold.documents.len(),
        gold.incidents.len(),
        drafts.incidents.len(),
        report.matched,
        f(report.precision),
        f(report.recall),
        f(report.f1)
    );
    let fields: Vec<String> = report
        .fields
        .iter()
        .map(|a| format!("{} {}/{}", a.field, a.agree, a.compared))
        .collect();
    println!("  agreement on matched pairs: {}", fields.join(", "));
}

fn notes_quality(path: &Path, ex: &Extractor) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let (mut with_deaths, mut exact, mut all, mut all_exact) = (0, 0, 0, 0);
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let t = v["text"].as_str().unwrap_or("");
        let published = v["published"].as_str().and_then(PartialDate::parse);
        let clean = incidents::dataset::sanitize::clean_text(t).text;
        let got = ex
            .extract(&clean, published.as_ref())
            .first()
            .and_then(|d| d.killed.as_ref().map(|k| k.value));
        let want = v["killed"].as_u64();
        all += 1;
        all_exact += usize::from(got == want);
        if want.is_some_and(|k| k > 0) {
            with_deaths += 1;
            exact += usize::from(got == want);
        }
    }
    println!(
        "{}: killed exact {exact}/{with_deaths} = {:.3} on the notes that report deaths; {all_exact}/{all} on all notes",
        path.display(),
        exact as f64 / with_deaths.max(1) as f64
    );
}

fn main() {
    let mut notes = 100_000;
    let mut seed = 42;
    let mut golds: Vec<PathBuf> = Vec::new();
    let mut news = true;
    let mut dump_to: Option<PathBuf> = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--notes" => notes = it.next().and_then(|v| v.parse().ok()).unwrap_or(notes),
            "--seed" => seed = it.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--gold" => golds.extend(it.next().map(PathBuf::from)),
            "--notes-only" => news = false,
            "--dump" => dump_to = it.next().map(PathBuf::from),
            _ => {}
        }
    }
    let mut dump = dump_to.as_ref().map(|_| String::new());
    speed(notes, seed, news, &mut dump);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if golds.is_empty() {
        golds.push(root.join("tests/fixtures/extraction/news-gold.json"));
        golds.push(root.join("assets/sample.jsonl"));
        let dev = root.join("../shared/extraction-dev/gold.json");
        if dev.exists() {
            golds.push(dev);
        }
    }
    let ex = Extractor::new(Lexicon::built_in(), &[Gazetteer::iraq()]);
    for g in &golds {
        quality(g, &ex, &mut dump);
    }
    if let (Some(path), Some(d)) = (&dump_to, &dump) {
        if let Err(e) = std::fs::write(path, d) {
            println!("{}: cannot be written: {e}", path.display());
        }
    }
    notes_quality(&root.join("tests/fixtures/extraction/notes.jsonl"), &ex);
}
