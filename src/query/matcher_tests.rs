use std::collections::HashMap;

use super::*;
use crate::dataset::{load_bytes, EvidenceFlags};
use crate::query::parse;
use crate::query::ReviewMarks;
use crate::review::ReviewStatus;
use std::sync::Arc;

const DATA: &str = r#"{"type": "document", "id": "d1", "title": "Twin blasts hit Kirkuk market", "outlet": "Northern Wire Service", "text": "Two bombs exploded in Kirkuk near a police CHECKPOINT on Monday."}
{"type": "document", "id": "d2", "title": "PMF fighters killed in Diyala", "outlet": "Mesopotamia Press", "text": "Militants attacked a post near Muqdadiyah."}
{"type": "incident", "id": "a", "date": "2019-03-11", "province": "Kirkuk", "district": "Kirkuk", "location": "Shorja market", "perpetrator": "Islamic State (suspected)", "target": "civilians", "event_type": "IED", "killed": 4, "wounded": 11, "sources": [{"document": "d1", "evidence": []}]}
{"type": "incident", "id": "b", "date": "2019-05", "province": "Diyala", "district": "Muqdadiyah", "location": "PMF post", "perpetrator": "Islamic State", "target": "PMF", "event_type": "armed attack", "killed": 3, "wounded": null, "sources": [{"document": "d2", "evidence": []}]}
{"type": "incident", "id": "c", "date": "2020", "province": "Salahuddin", "perpetrator": "unknown gunmen", "target": "Iraqi Army", "event_type": "armed attack", "killed": null, "wounded": 0}
{"type": "incident", "id": "d", "province": "kirkuk ", "target": "police", "event_type": "IED", "killed": 0, "wounded": 2, "sources": [{"document": "d1", "evidence": []}]}
"#;

fn dataset() -> Dataset {
    let loaded = load_bytes("t", DATA.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.dataset
}

fn ids_with(dataset: &Dataset, text: &str, status: &StatusLookup) -> Vec<String> {
    let query = parse(text).expect("valid query");
    let index = SearchIndex::build(dataset);
    let m = Matcher::new(&query, dataset, &index, status);
    (0..dataset.incidents.len())
        .filter(|&i| m.matches(i))
        .map(|i| dataset.incidents[i].id.to_string())
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    ids_with(&dataset(), text, &all_unreviewed())
}

#[test]
fn fuzzy_words_match_letters_in_order_within_one_field() {
    assert_eq!(ids("krk"), ["a", "d"]);
    assert_eq!(ids("KIRKUK"), ["a", "d"], "ASCII case is ignored");
    assert_eq!(ids("islst"), ["a", "b"], "Islamic State");
    assert_eq!(ids("isst"), ["a", "b"], "not d's title: twIn blaSts hiT");
    assert_eq!(ids("muqd"), ["b"]);
    // "kd" spans province (k) and district (d) only across fields: no match
    // in "c", whose fields have no k followed by d.
    assert_eq!(ids("gunmn"), ["c"]);
    assert!(
        ids("kirkukdiyala").is_empty(),
        "letters from two fields do not combine"
    );
}

#[test]
fn fuzzy_words_see_document_titles_and_outlets() {
    assert_eq!(ids("blasts"), ["a", "d"], "a word of d1's title");
    assert_eq!(ids("blas"), ["a", "d"], "a word's prefix");
    assert!(ids("twinblasts").is_empty(), "titles are not fuzzy");
    assert!(ids("lasts").is_empty(), "not where a word begins");
    assert_eq!(ids("mesopotamia"), ["b"]);
    assert_eq!(ids("pres"), ["b"], "the outlet");
    assert_eq!(ids("2019-05"), ["b"], "the date as written");
}

#[test]
fn exact_phrases_search_fields_and_article_text() {
    assert_eq!(ids(r#""police checkpoint""#), ["a", "d"], "in d1's text");
    assert_eq!(ids(r#""police""#), ["a", "d"]);
    assert_eq!(ids(r#""muqdadiyah""#), ["b"]);
    assert!(ids(r#""polic checkpoint""#).is_empty(), "exact, not fuzzy");
    assert_eq!(ids(r#""armed attack""#), ["b", "c"], "a field");
}

#[test]
fn terms_are_and_and_bang_excludes() {
    assert_eq!(ids(r#"islamic "ied""#), ["a"]);
    assert_eq!(ids(r#"islamic !"ied""#), ["b"]);
    assert_eq!(ids("islamic ied"), ["a"], "not b's title: fIghtErs killeD");
    assert_eq!(ids("!ied"), ["b", "c"], "not the letters of b's \"killed\"");
    assert_eq!(ids("!kirk"), ["b", "c"], "d's title names Kirkuk");
    assert_eq!(
        ids("!krk"),
        ["a", "b", "c", "d"],
        "exclusions are not fuzzy"
    );
    assert_eq!(ids(r#"!"checkpoint""#), ["b", "c"]);
    assert_eq!(ids("!province:kirkuk"), ["b", "c"]);
}

#[test]
fn province_is_equality_through_aliases() {
    assert_eq!(
        ids("province:KIRKUK"),
        ["a", "d"],
        "case and spaces ignored"
    );
    assert!(ids("province:kirk").is_empty(), "not a substring");
    let mut ds = dataset();
    ds.province_aliases = HashMap::from([
        ("salahuddin".to_string(), "Salah al-Din".to_string()),
        ("saladin".to_string(), "Salah al-Din".to_string()),
        ("salah al-din".to_string(), "Salah al-Din".to_string()),
    ]);
    let all = all_unreviewed();
    assert_eq!(ids_with(&ds, "province:saladin", &all), ["c"]);
    assert_eq!(ids_with(&ds, r#"province:"Salah al-Din""#, &all), ["c"]);
    ds.incidents[1].province_canonical = Some("Diyala Governorate".into());
    assert_eq!(ids_with(&ds, "province:diyala", &all), ["b"], "as written");
    assert_eq!(
        ids_with(&ds, r#"province:"diyala governorate""#, &all),
        ["b"],
        "canonical"
    );
}

#[test]
fn text_filters_are_substrings_of_their_field() {
    assert_eq!(ids("district:muqd"), ["b"]);
    assert_eq!(ids("location:market"), ["a"]);
    assert_eq!(ids(r#"perp:"islamic state""#), ["a", "b"]);
    assert_eq!(ids("target:POLICE"), ["d"], "not the article text");
    assert_eq!(ids("type:ied"), ["a", "d"]);
    assert_eq!(ids("outlet:wire"), ["a", "d"]);
    assert!(ids("outlet:kirkuk").is_empty(), "titles are not outlets");
}

#[test]
fn counts_compare_and_unknown_is_its_own_value() {
    assert_eq!(ids("killed>=3"), ["a", "b"]);
    assert_eq!(ids("killed>3"), ["a"]);
    assert_eq!(ids("killed<3"), ["d"], "unknown is not less than 3");
    assert_eq!(ids("killed<=0"), ["d"]);
    assert_eq!(ids("killed:3"), ["b"]);
    assert_eq!(ids("killed=4"), ["a"]);
    assert_eq!(ids("killed:unknown"), ["c"]);
    assert_eq!(ids("wounded>0"), ["a", "d"]);
    assert_eq!(ids("wounded:unknown"), ["b"]);
    assert_eq!(ids("!killed>=3"), ["c", "d"], "negation includes unknown");
}

#[test]
fn dates_compare_whole_periods() {
    // a: 2019-03-11, b: 2019-05, c: 2020, d: undated.
    assert_eq!(ids("date:2019"), ["a", "b"]);
    assert_eq!(ids("date:2019-05"), ["b"]);
    assert!(
        ids("date:2019-05-10").is_empty(),
        "a month is not known to be that day"
    );
    assert!(
        ids("date:2020-01").is_empty(),
        "a year is not known to be that month"
    );
    assert_eq!(ids("date:2019-03-01..2019-05-31"), ["a", "b"]);
    assert_eq!(ids("date:2019-04..2020"), ["b", "c"]);
    assert_eq!(ids("date:>=2019-04"), ["b", "c"]);
    assert_eq!(ids("date:>2019-05"), ["c"]);
    assert_eq!(
        ids("date:>2019-05-15"),
        ["c"],
        "May 2019 may be before the 15th"
    );
    assert_eq!(ids("date:<=2019-05"), ["a", "b"]);
    assert_eq!(ids("date:<2019-05-01"), ["a"]);
    assert_eq!(ids("!date:2019"), ["c", "d"]);
}

#[test]
fn has_reads_problems_notes_and_evidence_flags() {
    let mut ds = dataset();
    ds.incidents[0]
        .warnings
        .push("date \"soon\" does not parse");
    ds.incidents[3].warnings.note("no evidence for: date");
    ds.incidents[1].flags = EvidenceFlags {
        ungrounded: true,
        ..EvidenceFlags::default()
    };
    ds.incidents[2].flags = EvidenceFlags {
        mismatch: true,
        noevidence: true,
        ..EvidenceFlags::default()
    };
    let all = all_unreviewed();
    assert_eq!(ids_with(&ds, "has:warning", &all), ["a"]);
    assert_eq!(ids_with(&ds, "has:ungrounded", &all), ["b"]);
    assert_eq!(ids_with(&ds, "has:mismatch", &all), ["c"]);
    assert_eq!(ids_with(&ds, "has:noevidence", &all), ["c"]);
    assert_eq!(ids_with(&ds, "!has:warning", &all), ["b", "c", "d"]);
    // The old word is the new one; a note is not a problem.
    assert_eq!(ids_with(&ds, "has:problem", &all), ["a"]);
    assert_eq!(ids_with(&ds, "has:problems", &all), ["a"]);
    assert_eq!(ids_with(&ds, "has:note", &all), ["d"]);
}

#[test]
fn status_comes_from_the_lookup() {
    let ds = dataset();
    let status: StatusLookup = Arc::new(|i| {
        match i {
            0 => ReviewStatus::Accepted,
            2 => ReviewStatus::Corrected,
            3 => ReviewStatus::Added,
            _ => ReviewStatus::Unreviewed,
        }
        .into()
    });
    assert_eq!(ids_with(&ds, "status:accepted", &status), ["a"]);
    assert_eq!(ids_with(&ds, "status:reviewed", &status), ["a", "c", "d"]);
    assert_eq!(ids_with(&ds, "status:unreviewed", &status), ["b"]);
    assert_eq!(ids_with(&ds, "status:added", &status), ["d"]);
    assert!(ids_with(&ds, "status:rejected", &status).is_empty());
}

#[test]
fn articles_done_come_from_the_lookup() {
    let ds = dataset();
    let marks: StatusLookup = Arc::new(|i| ReviewMarks {
        status: ReviewStatus::Unreviewed,
        document_done: i == 1,
        cluster: None,
    });
    assert_eq!(ids_with(&ds, "doc:done", &marks), ["b"]);
    assert_eq!(ids_with(&ds, "doc:open", &marks), ["a", "c", "d"]);
    assert_eq!(ids_with(&ds, "!doc:done", &marks), ["a", "c", "d"]);
    assert!(ids_with(&ds, "doc:done", &all_unreviewed()).is_empty());
}

#[test]
fn duplicate_clusters_come_from_the_lookup() {
    let ds = dataset();
    let marks: StatusLookup = Arc::new(|i| ReviewMarks {
        cluster: [Some(1), None, Some(2), Some(1)][i],
        ..ReviewMarks::default()
    });
    assert_eq!(ids_with(&ds, "has:duplicate", &marks), ["a", "c", "d"]);
    assert_eq!(ids_with(&ds, "dup:1", &marks), ["a", "d"]);
    assert_eq!(ids_with(&ds, "!has:duplicate", &marks), ["b"]);
    assert!(ids_with(&ds, "dup:3", &marks).is_empty());
    assert!(ids_with(&ds, "has:duplicate", &all_unreviewed()).is_empty());
    assert!(parse("dup:x").is_err() && parse("dup:0").is_err());
    assert_eq!(
        parse("has:duplicates dup:2").expect("valid").to_string(),
        "has:duplicate dup:2"
    );
}

#[test]
fn relevance_prefers_tighter_matches() {
    let ds = dataset();
    let index = SearchIndex::build(&ds);
    let all = all_unreviewed();
    let query = parse("kirkuk").expect("valid");
    let m = Matcher::new(&query, &ds, &index, &all);
    assert!(m.score(0) > 0);
    let query = parse("krk").expect("valid");
    let loose = Matcher::new(&query, &ds, &index, &all);
    assert!(m.score(0) > loose.score(0), "contiguous beats scattered");
    let none = parse("province:kirkuk").expect("valid");
    assert_eq!(Matcher::new(&none, &ds, &index, &all).score(0), 0);
}

#[test]
fn highlights_are_char_indices_of_words_and_phrases() {
    let q = parse(r#"krk "market" !shorja"#).expect("valid");
    assert_eq!(highlight_chars(&q, "Kirkuk"), [0, 2, 3]);
    assert_eq!(highlight_chars(&q, "Shorja Market"), [7, 8, 9, 10, 11, 12]);
    let arabic = parse("كك").expect("valid");
    let h = highlight_chars(&arabic, "كركوك");
    assert_eq!(h.len(), 2);
    assert!(
        h.iter().all(|i| [0, 2, 4].contains(i)),
        "chars, not bytes: {h:?}"
    );
    assert!(highlight_chars(&q, "Diyala").is_empty());
}

#[test]
fn exact_ranges_are_merged_byte_ranges() {
    let q = parse(r#""police" "police check" "monday" !"bombs""#).expect("valid");
    let text = "Two bombs near a police CHECKPOINT on Monday; police left.";
    let ranges = exact_ranges(&q, text);
    let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(found, ["police CHECK", "Monday", "police"]);
}

/// The matcher works each distinct field value out once per query and
/// remembers it; its answers must be the ones a direct reading of every
/// incident's short fields gives, whatever order the incidents are asked in
/// and however often values repeat (in any case).
mod against_the_fields {
    use proptest::prelude::*;

    use super::*;
    use crate::dataset::{Document, Incident, Source};

    const WORDS: [&str; 6] = ["Kirkuk", "KIRKUK", "kirkuk market", "Diyala", "police", ""];

    fn incident(picks: &[usize; 4], doc: Option<usize>) -> Incident {
        let word = |n: usize| Some(WORDS[n % WORDS.len()]).filter(|w| !w.is_empty());
        Incident {
            province: word(picks[0]).map(Into::into),
            district: word(picks[1]).map(Into::into),
            target: word(picks[2]).map(Into::into),
            perpetrator: word(picks[3]).map(Into::into),
            sources: doc
                .map(|d| Source {
                    document: Some(d),
                    ..Source::default()
                })
                .into_iter()
                .collect(),
            ..Incident::default()
        }
    }

    /// Each field's position and value, folded.
    fn fields(ds: &Dataset, i: &Incident) -> Vec<(usize, String)> {
        index::fields_in_order(ds, i)
            .iter()
            .enumerate()
            .filter_map(|(n, f)| f.map(|f| (n, text::fold(f))))
            .collect()
    }

    /// A fuzzy word: letters close together in a short field, a word
    /// prefix in a title or outlet.
    fn fuzzy_holds(n: usize, field: &str, word: &str) -> bool {
        if n >= index::SOURCES_START {
            text::starts_a_word(field, word)
        } else {
            text::fuzzy_matches(field, word)
        }
    }

    fn expected(ds: &Dataset, i: &Incident, query: &str) -> bool {
        let fields = fields(ds, i);
        let holds = |w: &str| {
            fields
                .iter()
                .any(|(n, f)| fuzzy_holds(*n, f, &text::fold(w)))
        };
        let excluded = |w: &str| {
            fields
                .iter()
                .any(|(_, f)| text::starts_a_word(f, &text::fold(w)))
        };
        match query.split_once(':') {
            Some((_, v)) => text::contains(
                &i.district.as_deref().map(text::fold).unwrap_or_default(),
                &text::fold(v),
            ),
            None => match query.strip_prefix('!') {
                Some(w) => !excluded(w),
                None => holds(query),
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn answers_match_a_direct_reading(
            picks in proptest::collection::vec(proptest::array::uniform4(0usize..12), 1..40),
            query in prop_oneof![
                "[krmpd]{1,4}",
                "![krmpd]{1,3}",
                "district:[kr]{1,3}",
            ],
            reversed in any::<bool>(),
        ) {
            let ds = Dataset {
                documents: vec![Document {
                    title: Some("Police post in KIRKUK".into()),
                    outlet: Some("Diyala Wire".into()),
                    ..Document::default()
                }],
                incidents: picks
                    .iter()
                    .enumerate()
                    .map(|(n, p)| incident(p, (n % 3 == 0).then_some(0)))
                    .collect(),
                ..Dataset::default()
            };
            let index = SearchIndex::build(&ds);
            let all = all_unreviewed();
            let parsed = parse(&query).expect("valid query");
            let m = Matcher::new(&parsed, &ds, &index, &all);
            let mut order: Vec<usize> = (0..ds.incidents.len()).collect();
            if reversed {
                order.reverse();
            }
            for _ in 0..2 {
                for &n in &order {
                    let i = &ds.incidents[n];
                    prop_assert_eq!(m.matches(n), expected(&ds, i, &query), "incident {:?}", i);
                }
            }
            if !query.contains([':', '!']) {
                let skim = SkimMatcherV2::default().ignore_case();
                for &n in &order {
                    let word = text::fold(&query);
                    let best = fields(&ds, &ds.incidents[n])
                        .iter()
                        .filter(|(k, f)| fuzzy_holds(*k, f, &word))
                        .filter_map(|(_, f)| skim.fuzzy_match(f, &word))
                        .max()
                        .unwrap_or(0);
                    prop_assert_eq!(m.score(n), best);
                }
            }
        }
    }
}

#[test]
fn searches_fold_diacritics_both_ways() {
    const UCDP: &str = r#"{"type": "document", "id": "d1", "title": "Bomb", "text": "A bomb in Kirkūk killed three."}
{"type": "incident", "id": "u", "province": "Kirkūk province", "location": "Ḩawījah", "sources": [{"document": "d1", "evidence": []}]}
{"type": "incident", "id": "p", "province": "Kirkuk"}
"#;
    let ds = load_bytes("t", UCDP.as_bytes()).dataset;
    let all = all_unreviewed();
    assert_eq!(ids_with(&ds, "kirkuk", &all), ["u", "p"]);
    assert_eq!(ids_with(&ds, "Kirkūk", &all), ["u", "p"]);
    assert_eq!(ids_with(&ds, "hawijah", &all), ["u"]);
    assert_eq!(ids_with(&ds, "\"in kirkuk killed\"", &all), ["u"]);
    // Through the gazetteer, both spellings are the one province.
    let mut ds = ds;
    crate::evidence::apply(&mut ds, &[crate::evidence::Gazetteer::iraq()]);
    assert_eq!(ids_with(&ds, "province:kirkuk", &all), ["u", "p"]);
    // The highlight falls on the original's characters.
    let q = parse("kirkuk").expect("valid");
    assert_eq!(highlight_chars(&q, "Kirkūk"), [0, 1, 2, 3, 4, 5]);
}
