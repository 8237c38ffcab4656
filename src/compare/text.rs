//! The report as plain text: counts, precision/recall/F1, the per-field
//! table, the pairs that disagree and the unmatched incidents.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{Report, Side, UnmatchedIncident};

/// A ratio to three decimals, `—` when undefined.
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.3}"))
}

/// `text` padded with spaces to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` right-aligned in `width` columns.
fn rpad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

fn side_line(role: &str, s: &Side) -> String {
    format!(
        "{role:<9}  {}: {} incidents, {} documents ({} also in the other)\n",
        s.name, s.incidents, s.documents, s.documents_matched
    )
}

/// Rows of cells, the first the header, aligned in columns: the first
/// `left` columns (text) to the left, the others (numbers) to the right.
pub fn table(rows: &[Vec<String>], left: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c < left {
                    pad(s, widths[c])
                } else {
                    rpad(s, widths[c])
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
    out
}

fn unmatched_table(title: &str, list: &[UnmatchedIncident]) -> String {
    if list.is_empty() {
        return format!("{title}: none\n");
    }
    let mut rows = vec![[
        "id",
        "documents",
        "date",
        "province",
        "killed",
        "wounded",
        "shared document",
    ]
    .map(String::from)
    .to_vec()];
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
    let count = |n: Option<u64>| n.map_or_else(|| "?".into(), |n| n.to_string());
    for u in list {
        rows.push(vec![
            u.id.clone(),
            u.documents.join(","),
            opt(&u.date),
            opt(&u.province),
            count(u.killed),
            count(u.wounded),
            if u.shared_document { "yes" } else { "no" }.into(),
        ]);
    }
    format!("{title} ({}):\n{}", list.len(), table(&rows, 4))
}

impl Report {
    /// The report as a person reads it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&side_line("reference", &self.reference));
        out.push_str(&side_line("other", &self.other));
        let _ = writeln!(
            out,
            "documents  {} of other's matched by id, {} by identical text{}",
            self.documents.by_id,
            self.documents.by_text,
            if self.documents.same_id_different_text > 0 {
                format!(
                    " ({} with the same id but different text)",
                    self.documents.same_id_different_text
                )
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            out,
            "incidents  {} matched; {} of reference's and {} of other's cite no document the other has (counted as unmatched)",
            self.matched,
            self.reference.incidents_without_shared_document,
            self.other.incidents_without_shared_document
        );
        out.push('\n');
        let _ = writeln!(
            out,
            "precision  {}  ({} of {} other incidents matched)",
            num(self.precision),
            self.matched,
            self.other.incidents
        );
        let _ = writeln!(
            out,
            "recall     {}  ({} of {} reference incidents matched)",
            num(self.recall),
            self.matched,
            self.reference.incidents
        );
        let _ = writeln!(out, "F1         {}", num(self.f1));
        out.push('\n');

        let _ = writeln!(out, "agreement on the {} matched pairs:", self.matched);
        let mut rows = vec![[
            "field",
            "compared",
            "agree",
            "agreement",
            "lenient",
            "kappa",
            "missing in other",
            "extra in other",
        ]
        .map(String::from)
        .to_vec()];
        for f in &self.fields {
            rows.push(vec![
                f.field.to_string(),
                f.compared.to_string(),
                f.agree.to_string(),
                num(f.agreement),
                if f.lenient_agree.is_some() {
                    num(f.lenient_agreement)
                } else {
                    String::new()
                },
                num(f.kappa),
                f.missing_in_other.to_string(),
                f.extra_in_other.to_string(),
            ]);
        }
        out.push_str(&table(&rows, 1));
        out.push('\n');

        let differing: Vec<_> = self
            .matches
            .iter()
            .filter(|m| !m.differences.is_empty())
            .collect();
        if differing.is_empty() {
            out.push_str("matched pairs that differ: none\n");
        } else {
            let _ = writeln!(out, "matched pairs that differ ({}):", differing.len());
            let shown =
                |v: &Option<String>| v.as_deref().map_or("—".to_string(), |s| format!("{s:?}"));
            for m in differing {
                let diffs: Vec<String> = m
                    .differences
                    .iter()
                    .map(|d| format!("{} {} vs {}", d.field, shown(&d.reference), shown(&d.other)))
                    .collect();
                let _ = writeln!(out, "  {} = {}: {}", m.reference, m.other, diffs.join("; "));
            }
        }
        out.push('\n');
        out.push_str(&unmatched_table(
            "unmatched in reference",
            &self.unmatched_reference,
        ));
        out.push_str(&unmatched_table(
            "unmatched in other",
            &self.unmatched_other,
        ));
        out
    }
}
