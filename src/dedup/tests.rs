//! Each criterion with pairs that must and must not match, the taxonomy,
//! clustering, and a property: clusters do not depend on input order.

use super::*;
use crate::dataset::{Dataset, Document, Field, Incident, PartialDate, Source};
use crate::evidence::Gazetteer;

/// An incident: id, date, province, district, location, event type,
/// perpetrator, target, killed, wounded (empty text: none).
#[allow(clippy::too_many_arguments)]
fn inc(
    id: &str,
    date: &str,
    province: &str,
    district: &str,
    location: &str,
    event: &str,
    perpetrator: &str,
    target: &str,
    killed: Option<u64>,
    wounded: Option<u64>,
) -> Incident {
    let text = |s: &str| (!s.is_empty()).then(|| s.into());
    Incident {
        id: id.into(),
        date: text(date),
        date_parsed: PartialDate::parse(date),
        province: text(province),
        district: text(district),
        location: text(location),
        event_type: text(event),
        perpetrator: text(perpetrator),
        target: text(target),
        killed,
        wounded,
        ..Incident::default()
    }
}

/// The Kirkuk IED of 2019-03-11 as one outlet reports it.
pub(super) fn kirkuk_ied(id: &str) -> Incident {
    inc(
        id,
        "2019-03-11",
        "Kirkuk",
        "Kirkuk",
        "Shorja market",
        "IED",
        "Islamic State",
        "civilians",
        Some(4),
        Some(11),
    )
}

pub(super) fn dated(mut i: Incident, date: &str) -> Incident {
    i.date = Some(date.into());
    i.date_parsed = PartialDate::parse(date);
    i
}

fn dataset(incidents: Vec<Incident>) -> Dataset {
    Dataset {
        incidents,
        ..Dataset::default()
    }
}

pub(super) fn found(incidents: Vec<Incident>, options: &Options) -> (Dataset, Duplicates) {
    let ds = dataset(incidents);
    let dups = find(&ds, &[Gazetteer::iraq()], &Taxonomy::built_in(), options);
    (ds, dups)
}

/// The clusters as lists of ids.
fn clusters(incidents: Vec<Incident>, options: &Options) -> Vec<Vec<String>> {
    let (ds, dups) = found(incidents, options);
    dups.clusters()
        .iter()
        .map(|c| {
            c.members()
                .iter()
                .map(|&i| ds.incidents[i].id.to_string())
                .collect()
        })
        .collect()
}

fn pair_matches(a: Incident, b: Incident) -> bool {
    let mut ids = vec![a.id.to_string(), b.id.to_string()];
    ids.sort();
    let mut found = clusters(vec![a, b], &Options::default());
    found.iter_mut().for_each(|c| c.sort());
    found == [ids]
}

#[test]
fn another_outlets_report_with_other_spellings_and_a_day_later_matches() {
    let mut b = kirkuk_ied("b");
    b.date = Some("2019-03-12".into());
    b.date_parsed = PartialDate::parse("2019-03-12");
    b.province = Some("Tameem".into());
    b.location = Some("al-Shorja market".into());
    b.event_type = Some("roadside bomb".into());
    b.perpetrator = Some("ISIS".into());
    b.killed = Some(5);
    assert!(pair_matches(kirkuk_ied("a"), b));
}

/// The cluster view highlights what differs by these rules: one
/// province under two names agrees, a spacing or case change agrees, a
/// different toll does not.
#[test]
fn members_agree_on_a_field_by_canonical_province_and_folded_text() {
    let a = kirkuk_ied("a");
    let mut b = kirkuk_ied("b");
    b.province = Some("Tameem".into());
    b.province_canonical = Some("Kirkuk".into());
    let mut a = a;
    a.province_canonical = Some("Kirkuk".into());
    b.location = Some("shorja  Market".into());
    b.killed = Some(5);
    let both = [&a, &b];
    assert!(agree_on(Field::Province, &both), "one province, two names");
    assert!(agree_on(Field::Location, &both), "case and spacing");
    assert!(!agree_on(Field::Killed, &both), "4 and 5");
    b.province_canonical = Some("Erbil".into());
    assert!(!agree_on(Field::Province, &[&a, &b]));
}

#[test]
fn same_day_and_place_but_another_attack_type_does_not_match() {
    let mut b = kirkuk_ied("b");
    b.event_type = Some("armed attack".into());
    assert!(!pair_matches(kirkuk_ied("a"), b));
    let mut c = kirkuk_ied("c");
    c.event_type = Some("kidnapping".into());
    assert!(!pair_matches(kirkuk_ied("a"), c));
    // A kind of bombing the taxonomy groups with the IED still matches.
    let mut d = kirkuk_ied("d");
    d.event_type = Some("explosion".into());
    assert!(pair_matches(kirkuk_ied("a"), d));
}

#[test]
fn neighbouring_districts_do_not_match() {
    let mut b = kirkuk_ied("b");
    b.district = Some("Daquq".into());
    assert!(!pair_matches(kirkuk_ied("a"), b));
    // Another province altogether, with the same location name.
    let mut c = kirkuk_ied("c");
    c.province = Some("Diyala".into());
    c.district = None;
    assert!(!pair_matches(kirkuk_ied("a"), c));
    // A district's spelling the gazetteer knows is the same district.
    let mut d = inc(
        "d",
        "2019-05-03",
        "Diyala",
        "Muqdadiyah",
        "Abu Saida",
        "IED",
        "",
        "",
        Some(2),
        None,
    );
    let mut e = d.clone();
    e.id = "e".into();
    e.district = Some("Al-Muqdadiya".into());
    assert!(pair_matches(d.clone(), e));
    d.district = Some("Khanaqin".into());
    let mut f = d.clone();
    f.id = "f".into();
    f.district = Some("Baqubah".into());
    assert!(!pair_matches(d, f));
}

#[test]
fn a_partial_date_matches_when_its_period_overlaps() {
    let mut month = kirkuk_ied("b");
    month.date = Some("2019-03".into());
    month.date_parsed = PartialDate::parse("2019-03");
    assert!(pair_matches(kirkuk_ied("a"), month.clone()));
    let mut april = month;
    april.id = "c".into();
    april.date_parsed = PartialDate::parse("2019-04");
    assert!(!pair_matches(kirkuk_ied("a"), april));
    // A day's report matches its month less well than another day's.
    let (_, dups) = found(
        vec![kirkuk_ied("a"), {
            let mut m = kirkuk_ied("m");
            m.date_parsed = PartialDate::parse("2019-03");
            m
        }],
        &Options {
            threshold: 0.0,
            ..Options::default()
        },
    );
    let parts = dups.clusters()[0].pairs()[0].parts;
    assert!(parts.date < 1.0 && parts.date > 0.0, "{parts:?}");
}

#[test]
fn dates_further_apart_than_the_window_do_not_match() {
    let mut b = kirkuk_ied("b");
    b.date_parsed = PartialDate::parse("2019-03-13");
    assert!(!pair_matches(kirkuk_ied("a"), b.clone()));
    let wider = Options {
        days: 2,
        ..Options::default()
    };
    assert_eq!(clusters(vec![kirkuk_ied("a"), b], &wider).len(), 1);
    // Undated incidents are never compared.
    let mut c = kirkuk_ied("c");
    c.date_parsed = None;
    assert!(!pair_matches(kirkuk_ied("a"), c));
}

fn cited(mut i: Incident, document: usize) -> Incident {
    i.sources = vec![Source {
        document: Some(document),
        ..Source::default()
    }];
    i
}

#[test]
fn one_document_gives_duplicates_only_when_it_reports_the_same_toll_twice() {
    let docs = vec![Document::default()];
    let run = |a: Incident, b: Incident| {
        let ds = Dataset {
            documents: docs.clone(),
            incidents: vec![a, b],
            ..Dataset::default()
        };
        find(
            &ds,
            &[Gazetteer::iraq()],
            &Taxonomy::built_in(),
            &Options::default(),
        )
        .clusters()
        .len()
    };
    let same = cited(kirkuk_ied("b"), 0);
    assert_eq!(run(cited(kirkuk_ied("a"), 0), same.clone()), 1);
    let mut other_toll = same;
    other_toll.killed = Some(5);
    assert_eq!(run(cited(kirkuk_ied("a"), 0), other_toll), 0);
}

fn with_coords(mut i: Incident, lat: &str, lon: &str) -> Incident {
    let mut map = serde_json::Map::new();
    map.insert("latitude".into(), lat.into());
    map.insert("longitude".into(), lon.into());
    i.extra = crate::dataset::Extra::from_map(&map);
    i
}

#[test]
fn coordinates_within_the_distance_decide_the_place() {
    // ACLED and UCDP name the district differently; the points are 3 km apart.
    let mut b = kirkuk_ied("b");
    b.district = Some("Dibis".into());
    b.province = Some("Kirkuk governorate".into());
    let a = with_coords(kirkuk_ied("a"), "35.4681", "44.3922");
    let near = with_coords(b.clone(), "35.4950", "44.3922");
    assert!(pair_matches(a.clone(), near));
    let far = with_coords(b, "35.6500", "44.3922");
    assert!(!pair_matches(a.clone(), far.clone()));
    let wide = Options {
        km: 25.0,
        ..Options::default()
    };
    assert_eq!(clusters(vec![a, far], &wide).len(), 1);
}

#[test]
fn acleds_sub_event_type_says_what_its_broad_event_type_does_not() {
    let acled = |sub: Option<&str>| {
        let mut i = kirkuk_ied("acled");
        i.event_type = Some("Explosions/Remote violence".into());
        if let Some(sub) = sub {
            let mut map = serde_json::Map::new();
            map.insert("sub_event_type".into(), sub.into());
            i.extra = crate::dataset::Extra::from_map(&map);
        }
        i
    };
    let mut shooting = kirkuk_ied("b");
    shooting.event_type = Some("armed attack".into());
    // The broad class alone is no type the taxonomy knows: nothing rules
    // the pair out.
    assert!(pair_matches(acled(None), shooting.clone()));
    let ied = Some("Remote explosive/landmine/IED");
    assert!(!pair_matches(acled(ied), shooting));
    assert!(pair_matches(acled(ied), kirkuk_ied("c")));
}

#[test]
fn actors_match_either_way_round_and_differ_through_the_taxonomy() {
    // UCDP's side A is the government, ACLED's actor 1 the attacker.
    let a = inc(
        "a",
        "2023-03-14",
        "Diyala",
        "Muqdadiyah",
        "Abu Saida",
        "armed clash",
        "Military Forces of Iraq (2022-)",
        "Islamic State (Iraq)",
        None,
        None,
    );
    let b = inc(
        "b",
        "2023-03-14",
        "Diyala",
        "Muqdadiyah",
        "Abu Saida orchards",
        "clashes",
        "IS",
        "Iraqi Army",
        None,
        None,
    );
    assert!(pair_matches(a.clone(), b));
    let c = inc(
        "c",
        "2023-03-14",
        "Diyala",
        "Muqdadiyah",
        "Abu Saida",
        "armed clash",
        "PKK",
        "Turkish army",
        None,
        None,
    );
    assert!(!pair_matches(a, c));
}

#[test]
fn clusters_are_transitive_and_keep_best_matches_and_runners_up() {
    let a = kirkuk_ied("a");
    let b = dated(kirkuk_ied("b"), "2019-03-12");
    let mut c = dated(kirkuk_ied("c"), "2019-03-13");
    c.killed = Some(5);
    let (ds, dups) = found(vec![c, a, b], &Options::default());
    assert_eq!(dups.clusters().len(), 1);
    let cluster = &dups.clusters()[0];
    let ids: Vec<&str> = cluster
        .members()
        .iter()
        .map(|&i| ds.incidents[i].id.as_str())
        .collect();
    // By date: a and c are two days apart, joined through b.
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(cluster.pairs().len(), 2);
    let b_at = 2;
    let best = dups.matches(b_at);
    assert_eq!(best.len(), 2);
    assert_eq!(ds.incidents[best[0].other].id, "a");
    assert!(best[0].score >= best[1].score && best[0].duplicate);
    assert_eq!(dups.cluster_of(b_at).map(|c| c.number), Some(1));
    let fields: Vec<&str> = cluster
        .differences(&ds)
        .iter()
        .map(|d| d.field.name())
        .collect();
    assert_eq!(fields, ["date", "killed"]);
    assert_eq!(
        cluster.killed(&ds),
        CountRange {
            low: Some(4),
            best: Some(4),
            high: Some(5),
            unknown: 0
        }
    );
}

#[test]
fn the_taxonomy_classifies_by_the_leftmost_longest_word_and_takes_a_users_words() {
    let t = Taxonomy::built_in();
    let names = |v: &str| t.event_types.names(t.event_types.classify(v));
    assert_eq!(
        names("IED (sticky bomb)"),
        [Some("IED"), Some("bombing"), Some("explosions")]
    );
    assert_eq!(names("suicide bombing")[0], Some("suicide bombing"));
    assert_eq!(
        names("Bombing/Explosion"),
        [None, Some("bombing"), Some("explosions")]
    );
    assert_eq!(names("protest"), [None, None, None]);
    let user = Taxonomy::with_texts(&[r#"{"event_types": {"entries": [
        {"path": ["IED", "bombing", "explosions"], "words": ["عبوة ناسفة"]},
        {"path": ["protest", "demonstration", "unrest"], "words": ["demonstration"]}
    ]}}"#])
    .expect("a user's taxonomy");
    let names = |v: &str| user.event_types.names(user.event_types.classify(v));
    assert_eq!(names("عبوة ناسفة")[0], Some("IED"));
    assert_eq!(names("a demonstration")[0], Some("protest"));
    assert_eq!(names("roadside bomb")[0], Some("IED"));
    for bad in [
        r#"{"event_types": {"levels": ["a"], "entries": []}}"#,
        r#"{"event_types": {"entries": [{"path": ["a", "b", "c", "d"]}]}}"#,
        r#"{"events": {}}"#,
    ] {
        assert!(Taxonomy::with_texts(&[bad]).is_err(), "{bad}");
    }
}

#[test]
fn day_numbers_and_periods_are_calendar_days() {
    use super::profile::{day_number, period};
    assert_eq!(day_number(1970, 1, 1), 0);
    assert_eq!(day_number(2000, 3, 1), 11_017);
    assert_eq!(day_number(2020, 3, 1) - day_number(2020, 2, 28), 2);
    let feb = PartialDate::parse("2020-02").expect("a month");
    let ((first, last), _) = period(feb);
    assert_eq!(last - first + 1, 29);
}

mod order {
    use super::*;
    use proptest::prelude::*;

    /// Incidents drawn from a few places, days, types and tolls, so
    /// that many pairs are candidates and some clusters chain.
    fn incidents() -> impl Strategy<Value = Vec<Incident>> {
        let one = (0usize..4, 0u32..4, 0usize..3, 0usize..3, 0u64..4, 0usize..3);
        proptest::collection::vec(one, 0..24).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(n, (place, day, kind, location, killed, perp))| {
                    let (province, district) = [
                        ("Kirkuk", "Kirkuk"),
                        ("Kirkuk", "Daquq"),
                        ("Diyala", ""),
                        ("Tamim", "Hawija"),
                    ][place];
                    inc(
                        &format!("i{n:02}"),
                        &format!("2020-05-{:02}", 10 + day),
                        province,
                        district,
                        ["Zab road", "al-Abbasi", ""][location],
                        ["IED", "car bomb", "armed attack"][kind],
                        ["Islamic State", "ISIS", ""][perp],
                        "",
                        Some(killed),
                        None,
                    )
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn clusters_and_best_matches_do_not_depend_on_input_order(
            list in incidents(),
            seed in any::<u64>(),
        ) {
            let mut shuffled = list.clone();
            // A Fisher–Yates shuffle driven by the seed.
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            let summary = |incidents: Vec<Incident>| {
                let (ds, dups) = found(incidents, &Options::default());
                let name = |i: usize| ds.incidents[i].id.to_string();
                let clusters: Vec<Vec<String>> = dups
                    .clusters()
                    .iter()
                    .map(|c| c.members().iter().map(|&i| name(i)).collect())
                    .collect();
                let mut best: Vec<(String, Vec<(String, u32)>)> = (0..ds.incidents.len())
                    .map(|i| {
                        let m = dups
                            .matches(i)
                            .iter()
                            .map(|m| (name(m.other), m.score.to_bits()))
                            .collect();
                        (name(i), m)
                    })
                    .collect();
                best.sort();
                (clusters, best)
            };
            prop_assert_eq!(summary(list), summary(shuffled));
        }
    }
}
