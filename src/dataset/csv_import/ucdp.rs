//! UCDP's Georeferenced Event Dataset (GED). `best` is the count we sum;
//! `low` and `high`, UCDP's range around it, stay as extra fields shown in
//! the detail pane.

use super::{document, put, put_count, put_place, MappedRow, Row};

pub(super) fn map(row: &mut Row) -> Result<MappedRow, String> {
    let mut incident = row.incident("id")?;
    let best = row.take("best");
    let killed = row.count("best", best)?;
    let (date, year) = (row.take("date_start"), row.peek("year"));
    row.date(&mut incident, date, year);
    put_place(&mut incident, "province", row.take("adm_1"));
    put_place(&mut incident, "district", row.take("adm_2"));
    put_place(&mut incident, "location", row.take("where_description"));
    put(&mut incident, "perpetrator", row.take("side_a"));
    put(&mut incident, "target", row.take("side_b"));
    put(
        &mut incident,
        "event_type",
        row.take("type_of_violence").map(violence_label),
    );
    put_count(&mut incident, "killed", killed);
    // GED counts deaths only.
    put_count(&mut incident, "wounded", None);
    // The headline, what the information came from, and the article
    // reference, one paragraph each: together they are what GED holds of
    // the source text.
    let text = ["source_headline", "source_original", "source_article"]
        .into_iter()
        .filter_map(|c| row.take(c))
        .collect::<Vec<_>>()
        .join("\n\n");
    let doc = document(&incident, text).map(|mut doc| {
        put(&mut doc, "outlet", row.take("source_office"));
        doc
    });
    Ok(row.finish(incident, doc))
}

/// GED's `type_of_violence` codes, in UCDP's words; any other value is
/// kept as written.
fn violence_label(code: &str) -> &str {
    match code {
        "1" => "state-based conflict",
        "2" => "non-state conflict",
        "3" => "one-sided violence",
        other => other,
    }
}
