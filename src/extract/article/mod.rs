//! Article files into [`Article`]s: plain text and Markdown (with an
//! optional front-matter block), HTML saved from a browser, folders of
//! them. Text that is not UTF-8 is read as Windows-1252, with a warning.

mod html;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::Article;
use crate::dataset::PartialDate;

/// What every file is read with.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--published DATE`: the publication date of every file, over what
    /// the files say.
    pub published: Option<String>,
}

/// One article and the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFile {
    pub path: PathBuf,
    pub article: Article,
}

/// Everything read from the paths given.
#[derive(Debug, Clone, Default)]
pub struct ArticleInputs {
    pub articles: Vec<ArticleFile>,
    /// Files in a folder that are not articles.
    pub skipped: Vec<PathBuf>,
    pub warnings: Vec<(PathBuf, String)>,
    /// Files that could not be read as articles, and why.
    pub errors: Vec<(PathBuf, String)>,
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn is_html(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("html" | "htm"))
}

/// Whether PATH is read as articles rather than as a dataset: a folder, or
/// a `.txt`, `.md`, `.markdown`, `.html` or `.htm` file.
pub fn is_article_path(path: &Path) -> bool {
    path.is_dir() || extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Reads the paths in order; a folder gives every article file in it and
/// below it, in name order.
pub fn read_articles(paths: &[PathBuf], options: &ReadOptions) -> ArticleInputs {
    let mut out = ArticleInputs::default();
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            let mut visited = HashSet::new();
            walk(p, 0, &mut visited, &mut found, &mut out.skipped);
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut ids = HashSet::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match read_file(&path) {
            Ok(b) => b,
            Err(e) => {
                out.errors.push((path, e));
                continue;
            }
        };
        match article_from_bytes(&name, &bytes, options) {
            Ok((mut article, warnings)) => {
                article.id = unique(&article.id, &mut ids);
                out.warnings
                    .extend(warnings.into_iter().map(|w| (path.clone(), w)));
                out.articles.push(ArticleFile { path, article });
            }
            Err(e) => out.errors.push((path, e)),
        }
    }
    out
}

/// `x`, then `x-2`, `x-3` for files of the same name in other folders.
fn unique(id: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}

fn walk(
    dir: &Path,
    depth: usize,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<PathBuf>,
    skipped: &mut Vec<PathBuf>,
) {
    // A link back up the tree is read once.
    let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if depth > 64 || !visited.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, depth + 1, visited, found, skipped);
        } else if extension(&path).is_some_and(|e| EXTENSIONS.contains(&e.as_str())) {
            found.push(path);
        } else {
            skipped.push(path);
        }
    }
}

/// The dataset loader's messages, for the same troubles.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err("no such file".into()),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    if !meta.is_file() {
        return Err(
            "is not a regular file (a fifo, socket or device); save it to a file first".into(),
        );
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied: the file cannot be read".into(),
        _ => format!("cannot read: {e}"),
    })
}

/// Bytes to text: UTF-8 (a byte-order mark dropped), UTF-16 with its
/// mark, else Windows-1252 with a warning. `None` for a binary file.
fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        let _ = bom;
        let warning = bad.then(|| format!("not valid {}: bad bytes replaced", enc.name()));
        return Ok((text.into_owned(), warning));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary file, not an article".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                text.into_owned(),
                Some("not UTF-8: read as Windows-1252".into()),
            ))
        }
    }
}

/// One file's bytes as an article; `file_name` gives its id (the name
/// without its extension) and tells HTML from text.
pub fn article_from_bytes(
    file_name: &str,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(Article, Vec<String>), String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the file is empty".into());
    }
    let (text, warning) = decode(bytes)?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let control = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if control * 10 > text.chars().take(8192).count() {
        return Err("binary file, not an article".into());
    }
    let path = Path::new(file_name);
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "article".into());
    let mut article = if is_html(path) {
        let page = html::read(&text);
        Article {
            id: id.clone(),
            title: page.h1.or(page.title),
            outlet: page.outlet,
            url: page.url,
            published: page.published.as_deref().and_then(date_part),
            language: page.language,
            text: page.text,
        }
    } else {
        let (front, body) = front_matter(&text);
        let title = front.title.clone().or_else(|| first_line(&body));
        Article {
            id: id.clone(),
            title,
            outlet: front.outlet,
            url: front.url,
            published: front.published.as_deref().and_then(date_part),
            language: front.language,
            text: body,
        }
    };
    if article.text.trim().is_empty() {
        return Err("no article text in the file".into());
    }
    if article.published.is_none() {
        article.published = date_in_name(&id).or_else(|| dateline(&article.text));
    }
    if let Some(p) = &options.published {
        article.published = Some(p.clone());
    }
    if article.published.is_none() {
        warnings.push(
            "no publication date (front matter, file name or dateline): weekdays in the text are not dated; --published DATE sets one".into(),
        );
    }
    Ok((article, warnings))
}

/// The first non-empty line, without a Markdown heading's `#`s.
fn first_line(text: &str) -> Option<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(300).collect())
}

/// Fields of a front-matter block.
#[derive(Debug, Default, PartialEq, Eq)]
struct Front {
    title: Option<String>,
    published: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    language: Option<String>,
}

/// A leading `---` block of `key: value` lines, as static-site tools write
/// it, and the text after it. Without a closing `---` in 50 lines it is
/// text.
fn front_matter(text: &str) -> (Front, String) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = body.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return (Front::default(), body.to_string());
    }
    let mut front = Front::default();
    let mut used = first.len();
    for (n, line) in lines.enumerate() {
        used += line.len();
        let l = line.trim();
        if l == "---" {
            return (front, body[used..].to_string());
        }
        if n >= 50 {
            break;
        }
        let Some((key, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if value.is_empty() {
            continue;
        }
        let v = Some(value.to_string());
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => front.title = v,
            "published" | "date" => front.published = v,
            "url" | "link" => front.url = v,
            "outlet" | "source" | "site" | "publisher" => front.outlet = v,
            "language" | "lang" => front.language = v,
            _ => {}
        }
    }
    (Front::default(), body.to_string())
}

/// `2021-11-25`, `2021-11-25T08:00:00Z`, `25 November 2021` as `YYYY-MM-DD`.
fn date_part(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = s.get(..10).and_then(PartialDate::parse) {
        return Some(d.to_string());
    }
    if let Some(d) = PartialDate::parse(s) {
        return Some(d.to_string());
    }
    super::dates::find_dates(s, None)
        .into_iter()
        .find(|d| d.date.day.is_some())
        .map(|d| d.date.to_string())
}

/// A date in a file name: `2021-11-25-kirkuk`, `kirkuk_20211125`,
/// `2021.11.25`.
fn date_in_name(stem: &str) -> Option<String> {
    let b = stem.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        if i > 0 && digit(i - 1) || !(stem[i..].starts_with("19") || stem[i..].starts_with("20")) {
            continue;
        }
        if !(0..4).all(|k| digit(i + k)) {
            continue;
        }
        let sep = b.get(i + 4).copied();
        let (m, d, end) = if matches!(sep, Some(b'-' | b'_' | b'.')) && b.get(i + 7).copied() == sep
        {
            (i + 5, i + 8, i + 10)
        } else {
            (i + 4, i + 6, i + 8)
        };
        if ![m, m + 1, d, d + 1].iter().all(|&k| digit(k)) || digit(end) {
            continue;
        }
        let text = format!(
            "{}-{}-{}",
            &stem[i..i + 4],
            &stem[m..m + 2],
            &stem[d..d + 2]
        );
        if let Some(date) = PartialDate::parse(&text) {
            return Some(date.to_string());
        }
    }
    None
}

/// A full date near the start of the text (`Published: 25 November 2021`,
/// `November 25, 2021 —`).
fn dateline(text: &str) -> Option<String> {
    let head: String = text.chars().take(600).collect();
    super::dates::find_dates(&head, None)
        .into_iter()
        .find(|d| d.date.day.is_some())
        .map(|d| d.date.to_string())
}

#[cfg(test)]
mod tests;
