//! The casualty number reader over a table of phrases as they appear in
//! news reports.

use super::casualty::{read, Casualty};
use super::numbers::Count;

const K: Casualty = Casualty::Killed;
const W: Casualty = Casualty::Wounded;

fn exact(n: u64) -> Option<Count> {
    Some(Count::exact(n))
}

fn range(low: u64, high: u64) -> Option<Count> {
    Some(Count::range(low, high))
}

fn at_least(n: u64) -> Option<Count> {
    Some(Count::at_least(n))
}

#[test]
fn phrases_read_as_counts() {
    let table: Vec<(&str, Casualty, Option<Count>)> = vec![
        // Digits and words.
        ("killing 27 people", K, exact(27)),
        ("wounding 11", W, exact(11)),
        ("killing four civilians", K, exact(4)),
        ("wounding three others", W, exact(3)),
        ("killing one policeman", K, exact(1)),
        ("killing 1,200 people", K, exact(1200)),
        ("killing twelve soldiers", K, exact(12)),
        ("nineteen people were killed", K, exact(19)),
        ("killing ninety people", K, exact(90)),
        // Hyphenated and compound numbers.
        ("killing twenty-one people", K, exact(21)),
        ("twenty one people were wounded", W, exact(21)),
        ("killing thirty-five", K, exact(35)),
        ("wounding ninety-nine", W, exact(99)),
        ("one hundred and five people were killed", K, exact(105)),
        ("a hundred people were wounded", W, exact(100)),
        ("killing two thousand five hundred people", K, exact(2500)),
        // At least and other bounds.
        ("killing at least 27 people", K, at_least(27)),
        ("at least seven people were killed", K, at_least(7)),
        ("wounding at least nine people", W, at_least(9)),
        ("no fewer than ten were wounded", W, at_least(10)),
        ("killing more than 20 people", K, at_least(21)),
        ("over 50 people were wounded", W, at_least(51)),
        ("killing about 30 people", K, range(24, 36)),
        ("some 10 people were wounded", W, range(8, 12)),
        ("nearly 40 were killed", K, range(32, 40)),
        ("killing up to 12 people", K, range(1, 12)),
        ("fewer than five people were wounded", W, range(0, 4)),
        ("a total of 14 people were killed", K, exact(14)),
        // Vague quantities.
        ("killing a dozen people", K, range(10, 14)),
        ("about a dozen were wounded", W, range(8, 16)),
        ("dozens were wounded", W, range(24, 99)),
        ("killing dozens of civilians", K, range(24, 99)),
        ("wounding scores of people", W, range(40, 199)),
        ("hundreds of people were killed", K, range(200, 999)),
        ("several people were wounded", W, range(3, 9)),
        ("a few soldiers were wounded", W, range(2, 5)),
        ("half a dozen were killed", K, range(5, 7)),
        ("killing two dozen people", K, range(20, 28)),
        ("both brothers were killed", K, exact(2)),
        // Coordinated sums.
        (
            "three military security personnel and two policemen were killed",
            K,
            exact(5),
        ),
        ("killing three soldiers and two policemen", K, exact(5)),
        ("wounding two engineers and a soldier", W, exact(3)),
        ("killing a woman and her two children", K, exact(3)),
        ("killing four soldiers, two policemen and a civilian", K, exact(7)),
        ("killing three soldiers, two of whom were officers", K, exact(3)),
        // Two fields in one sentence.
        ("killing five people and wounding at least 14", K, exact(5)),
        ("killing five people and wounding at least 14", W, at_least(14)),
        ("Two Peshmerga fighters were killed and four wounded", K, exact(2)),
        ("Two Peshmerga fighters were killed and four wounded", W, exact(4)),
        ("three killed and two wounded", W, exact(2)),
        ("Two bombs killed three soldiers", K, exact(3)),
        ("killing two fighters and wounding a third", W, exact(1)),
        // Articles count as one when nothing better is said.
        ("killing a guard", K, exact(1)),
        ("A fourth fighter was wounded", W, exact(1)),
        ("gunmen assassinated a local council member", K, exact(1)),
        ("Gunmen shot dead a prominent civil-society activist", K, exact(1)),
        (
            "killing a civilian contractor and wounding at least nine people, including a US service member",
            W,
            at_least(9),
        ),
        // Negations.
        ("no one was killed", K, exact(0)),
        ("No one was killed in the blast", K, exact(0)),
        ("nobody was killed", K, exact(0)),
        ("none were hurt", W, exact(0)),
        ("none were hurt", K, exact(0)),
        ("nobody was hurt", K, exact(0)),
        ("no soldiers were hurt", W, exact(0)),
        ("no casualties were reported", K, exact(0)),
        ("causing no casualties", W, exact(0)),
        ("no deaths were reported", K, exact(0)),
        ("the attack ended without casualties", W, exact(0)),
        ("wounding a security guard; no one was killed", K, exact(0)),
        ("wounding a security guard; no one was killed", W, exact(1)),
        // Nothing to read.
        ("no deaths were reported", W, None),
        ("no one was killed", W, None),
        ("officials gave no casualty figures", K, None),
        ("there were no reports of casualties", W, None),
        ("The number of wounded was not immediately known", W, None),
        ("killing its driver", K, None),
        ("later killed the mukhtar", K, None),
        ("a roadside bomb struck a truck about 12 km south of the city", K, None),
        ("a 27-year-old man was shot", K, None),
        ("fighting since 2014 has killed", K, None),
        ("a number of people were wounded", W, None),
        ("killing many people", K, None),
    ];
    assert!(table.len() >= 60, "{} phrases", table.len());
    let mut failures = Vec::new();
    for (phrase, field, expected) in &table {
        let got = read(phrase, *field).map(|r| r.count);
        if got != *expected {
            failures.push(format!(
                "{phrase:?} ({field:?}): got {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_phrase_read_is_reported() {
    let r = read("Islamic State militants killed three members of the PMF", K).expect("a count");
    assert_eq!(r.phrase, "three members of the pmf");
    assert_eq!(r.count.describe(), "3");
    assert_eq!(Count::at_least(7).describe(), "at least 7");
    assert_eq!(Count::range(24, 99).describe(), "24–99");
}
