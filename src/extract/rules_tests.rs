//! Each rule with a text it must fire on and one it must not. The texts
//! are written for these tests (not taken from the development set).

use super::*;
use crate::dataset::PartialDate;
use crate::evidence::Gazetteer;

fn extractor() -> Extractor {
    Extractor::new(Lexicon::built_in(), &[Gazetteer::iraq()])
}

fn drafts(text: &str, published: Option<&str>) -> Vec<Draft> {
    let p = published.and_then(PartialDate::parse);
    extractor().extract(text, p.as_ref())
}

fn one(text: &str, published: Option<&str>) -> Draft {
    let mut d = drafts(text, published);
    assert_eq!(d.len(), 1, "one draft from {text:?}: {d:#?}");
    d.remove(0)
}

fn value<T: Clone>(v: &Option<Valued<T>>) -> Option<T> {
    v.as_ref().map(|v| v.value.clone())
}

fn text_of<'a>(text: &'a str, v: &Option<Valued<String>>) -> &'a str {
    v.as_ref().map_or("", |v| &text[v.spans[0].clone()])
}

#[test]
fn a_single_attack_gets_every_field_with_its_words() {
    let t = "Gunmen attacked a police checkpoint near the village of Albu Hayat in Anbar province on Tuesday, killing two policemen and wounding three others, a security source said.";
    // 2020-06-04 was a Thursday.
    let d = one(t, Some("2020-06-04"));
    assert_eq!(value(&d.killed), Some(2));
    assert_eq!(value(&d.wounded), Some(3));
    assert_eq!(value(&d.location).as_deref(), Some("Albu Hayat"));
    assert_eq!(text_of(t, &d.location), "the village of Albu Hayat");
    assert_eq!(value(&d.province).as_deref(), Some("Anbar"));
    assert_eq!(value(&d.perpetrator).as_deref(), Some("gunmen"));
    assert_eq!(value(&d.target).as_deref(), Some("police"));
    assert_eq!(
        value(&d.date).map(|d| d.to_string()).as_deref(),
        Some("2020-06-02")
    );
    let date = d.date.as_ref().map(|v| &t[v.spans[0].clone()]);
    assert_eq!(date, Some("Tuesday"), "a worked-out date keeps its weekday");
    assert!(d.confidence > 0.8);
}

#[test]
fn counts_add_up_and_bounds_give_their_figure() {
    let d = one(
        "A roadside bomb killed four soldiers and a policeman near Baiji on Monday.",
        None,
    );
    assert_eq!(value(&d.killed), Some(5));
    let d = one(
        "Militants opened fire on a PMF post in Diyala, killing at least three fighters.",
        None,
    );
    assert_eq!(value(&d.killed), Some(3));
}

#[test]
fn no_casualties_is_zero_and_silence_is_unknown() {
    let t = "A Katyusha rocket landed near a military base in Taji on Sunday. No casualties were reported.";
    let d = one(t, Some("2021-02-01"));
    assert_eq!(value(&d.killed), Some(0));
    assert_eq!(value(&d.wounded), Some(0));
    let d = one(
        "Gunmen attacked an army checkpoint in Hawija on Monday and fled.",
        None,
    );
    assert_eq!(value(&d.killed), None, "nothing said is unknown, not zero");
}

#[test]
fn separate_attacks_are_separate_drafts_and_the_summary_is_none() {
    let t = "Islamic State militants killed six people in two separate attacks in Diyala on Friday, police said.\n\nIn the first attack, a bomb killed four farmers near Jalawla.\n\nIn a separate attack, gunmen killed two shepherds in the village of Qara Tapa.";
    let d = drafts(t, Some("2019-05-04"));
    let killed: Vec<_> = d.iter().map(|d| value(&d.killed)).collect();
    assert_eq!(killed, [Some(4), Some(2)], "{d:#?}");
    // The article's date and actor reach drafts whose sentences lack them.
    assert!(d
        .iter()
        .all(|d| value(&d.date).map(|x| x.to_string()).as_deref() == Some("2019-05-03")));
    assert!(d
        .iter()
        .all(|d| value(&d.perpetrator).as_deref() == Some("Islamic State")));
    assert_eq!(value(&d[0].event_type).as_deref(), Some("bombing"));
}

#[test]
fn a_lead_that_sums_the_attacks_after_it_is_dropped() {
    let t = "Two bombs killed five people in Kirkuk on Monday. The first, in a market, killed three shoppers. Later, a second bomb killed two policemen at a checkpoint in the city.";
    let killed: Vec<_> = drafts(t, None).iter().map(|d| value(&d.killed)).collect();
    assert_eq!(killed, [Some(3), Some(2)]);
}

#[test]
fn a_restated_toll_is_more_evidence_not_a_second_draft() {
    let t = "Bomb kills three soldiers in Tikrit\n\nThree soldiers were killed on Sunday when a roadside bomb struck their vehicle in Tikrit, officials said. The three deaths were confirmed by the army.";
    let d = one(t, None);
    assert_eq!(value(&d.killed), Some(3));
    let spans = d.killed.as_ref().map_or(0, |v| v.spans.len());
    assert_eq!(spans, 2, "the lead and the confirmation: {d:#?}");
}

#[test]
fn a_paragraph_printed_twice_is_read_once() {
    let p = "Gunmen shot dead a shop owner in Basra on Saturday, police said.";
    one(&format!("{p}\n\n{p}"), None);
}

#[test]
fn an_earlier_attack_in_the_background_is_its_own_draft_with_its_own_date() {
    let t = "An IED killed two soldiers near Tarmiyah on Sunday.\n\nLast month, a similar attack killed four policemen in Mosul.";
    let d = drafts(t, Some("2021-03-10"));
    assert_eq!(d.len(), 2);
    assert_eq!(value(&d[1].killed), Some(4));
    assert_eq!(
        value(&d[1].date).map(|x| x.to_string()).as_deref(),
        Some("2021-02")
    );
    assert_eq!(value(&d[1].province).as_deref(), Some("Nineveh"));
}

#[test]
fn boilerplate_yields_nothing() {
    let t = "Read More: Attack kills soldier in Kirkuk\n\nShare this article on Facebook\n\nLeave a Reply\n\n(Photo: AFP) Soldiers at a checkpoint in Mosul.";
    assert!(drafts(t, None).is_empty());
}

#[test]
fn victories_arrests_rescues_and_sentences_are_not_attacks() {
    for t in [
        "In December 2017, Iraq declared victory over the Islamic State after killing thousands of militants.",
        "Security forces arrested five suspects in Ramadi on Monday.",
        "Police rescued three hostages kidnapped by gunmen near Samarra.",
        "A court in Baghdad sentenced two men to death for killing four policemen in 2016.",
        "ISIS has carried out more than 20 attacks in Kirkuk since 2019, killing hundreds of people.",
        "Troops of the 45th Brigade took part in a training exercise near Tikrit.",
    ] {
        assert!(drafts(t, None).is_empty(), "{t}: {:#?}", drafts(t, None));
    }
}

#[test]
fn years_ages_kilometres_and_brigades_are_not_tolls() {
    let d = one(
        "A bomb killed a 27-year-old soldier of the 45th Brigade some 20 km south of Kirkuk in 2019.",
        None,
    );
    assert_eq!(value(&d.killed), Some(1));
}

#[test]
fn event_types_from_the_weapon() {
    let cases = [
        ("Mortar rounds fell on a village in Tuz Khurmatu, killing a child.", "indirect fire"),
        ("An IED exploded near an army patrol in Baiji, wounding two soldiers.", "bombing"),
        ("Iraqi warplanes carried out airstrikes in the Hamrin mountains, killing six militants.", "airstrike"),
        ("Gunmen abducted and killed a mukhtar in a village near Samarra.", "kidnapping"),
        ("Militants ambushed a Peshmerga patrol near Makhmour, killing two fighters.", "ambush"),
        ("Gunmen opened fire on a car in Baquba, killing its driver.", "attack"),
    ];
    for (t, kind) in cases {
        assert_eq!(
            value(&one(t, None).event_type).as_deref(),
            Some(kind),
            "{t}"
        );
    }
}

#[test]
fn perpetrators_named_unknown_and_the_group_as_victim() {
    let d = one(
        "IS militants attacked a checkpoint in Hit, killing a policeman.",
        None,
    );
    assert_eq!(value(&d.perpetrator).as_deref(), Some("Islamic State"));
    let d = one(
        "Unidentified gunmen shot dead a judge in Amarah on Friday.",
        None,
    );
    assert_eq!(value(&d.perpetrator).as_deref(), Some("unknown"));
    let d = one(
        "Iraqi warplanes struck a hideout in Wadi al-Shay, killing five ISIS militants.",
        None,
    );
    assert_eq!(value(&d.perpetrator).as_deref(), Some("Iraqi Air Force"));
    assert_eq!(value(&d.target).as_deref(), Some("Islamic State"));
}

#[test]
fn a_dateline_is_where_the_story_was_filed_not_the_place() {
    let d = one(
        "ERBIL (Kurdistan 24) – Gunmen killed two soldiers in Daquq on Monday.",
        None,
    );
    assert_eq!(value(&d.province).as_deref(), Some("Kirkuk"));
    assert_eq!(value(&d.district).as_deref(), Some("Daquq"));
}

#[test]
fn arabic_place_names_and_actors_are_read() {
    let t = "ERBIL — Gunmen from داعش killed three soldiers near كركوك on Monday.";
    let d = one(t, None);
    assert_eq!(value(&d.perpetrator).as_deref(), Some("Islamic State"));
    assert_eq!(value(&d.province).as_deref(), Some("Kirkuk"));
}

#[test]
fn the_death_toll_rising_updates_the_draft() {
    let t =
        "A car bomb killed four people in Sadr City on Thursday. The death toll later rose to 9.";
    let d = one(t, None);
    assert_eq!(value(&d.killed), Some(9));
}

#[test]
fn a_one_event_note_with_its_toll_in_the_next_sentence() {
    let t = "On 3 March 2015, clashes between the PMF and IS in Al-Dour (Salah al-Din). At least 12 fatalities.";
    let d = one(t, None);
    assert_eq!(value(&d.killed), Some(12));
    assert_eq!(
        value(&d.date).map(|x| x.to_string()).as_deref(),
        Some("2015-03-03")
    );
    assert_eq!(value(&d.event_type).as_deref(), Some("armed clash"));
}

#[test]
fn the_record_has_code_point_evidence_that_points_at_the_words() {
    let t = "كركوك — Gunmen killed two soldiers in Hawija on Monday.";
    let d = one(t, None);
    let rec = draft_record(&d, "doc-1", "doc", t);
    let chars: Vec<char> = t.chars().collect();
    let ev = rec["sources"][0]["evidence"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let killed = ev
        .iter()
        .find(|e| e["field"] == "killed")
        .expect("killed evidence");
    let (s, e) = (
        killed["start"].as_u64().unwrap_or(0) as usize,
        killed["end"].as_u64().unwrap_or(0) as usize,
    );
    let words: String = chars[s..e].iter().collect();
    assert_eq!(words, "killed two soldiers");
    assert_eq!(rec["extractor"], RULES_VERSION);
    assert_eq!(rec["killed"], 2);
}

#[test]
fn a_datelines_place_is_the_first_drafts_when_it_names_none() {
    let d = one(
        "KIRKUK, Iraq — Two soldiers were killed when a bomb struck their vehicle near the village of Zanqar.",
        None,
    );
    assert_eq!(value(&d.province).as_deref(), Some("Kirkuk"));
    assert_eq!(value(&d.location).as_deref(), Some("Zanqar"));
    // A place of its own wins over the dateline.
    let d = one(
        "ERBIL (Kurdistan 24) – Gunmen killed two soldiers in Daquq.",
        None,
    );
    assert_eq!(value(&d.province).as_deref(), Some("Kirkuk"));
}

#[test]
fn documents_read_on_several_threads_are_written_in_their_order() {
    let ex = extractor();
    let places = ["Hawija", "Tikrit", "Baiji", "Samarra", "Mosul"];
    let documents: Vec<Prepared> = (0..5 * BATCH + 7)
        .map(|i| {
            prepare(&Article {
                id: format!("doc{i}"),
                published: Some("2023-01-01".into()),
                text: format!(
                    "Gunmen attacked a police checkpoint near {} on Monday, killing {} policemen.",
                    places[i % places.len()],
                    i % 9 + 1
                ),
                ..Article::default()
            })
        })
        .collect();
    let mut seen = Vec::new();
    let got = drafts_jsonl(&documents, &ex, &mut |n| seen.push(n));
    let mut want = Vec::new();
    for d in &documents {
        push_line(&mut want, &d.record);
    }
    for d in &documents {
        want.extend(incident_lines(std::slice::from_ref(d), &ex));
    }
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want)
    );
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&documents.len()));
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("\"id\":\"doc0-1\""));
    assert!(text.contains("\"killed\":8"));
}
