use super::*;

fn spanned(t: &str, f: Casualty) -> Option<(u64, &str)> {
    read_spanned(t, f).map(|(r, b)| (r.count.low, &t[b]))
}

#[test]
fn the_span_covers_the_word_the_count_and_the_people_only() {
    let t = "ISIS fighters killed three soldiers and two policemen in the town of Dujail.";
    assert_eq!(
        spanned(t, Casualty::Killed),
        Some((5, "killed three soldiers and two policemen"))
    );
}

#[test]
fn a_count_after_and_belongs_to_the_word_after_it() {
    let t = "Two soldiers were killed and three others wounded on Thursday.";
    assert_eq!(
        spanned(t, Casualty::Killed),
        Some((2, "Two soldiers were killed"))
    );
    assert_eq!(
        spanned(t, Casualty::Wounded),
        Some((3, "three others wounded"))
    );
}

#[test]
fn places_times_speakers_and_parts_are_not_counted() {
    let t = "The death toll rose to 10 on Saturday morning, a PMF official said.";
    assert_eq!(spanned(t, Casualty::Killed).map(|x| x.0), Some(10));
    let t = "A bomb went off, wounding three soldiers, an army officer said.";
    assert_eq!(spanned(t, Casualty::Wounded).map(|x| x.0), Some(3));
    assert_eq!(
        read(
            "Two of the wounded were in critical condition.",
            Casualty::Wounded
        ),
        None
    );
    let t = "Their bodies were found two days later in a dry riverbed.";
    assert_eq!(read(t, Casualty::Killed), None);
}

#[test]
fn a_negation_outweighs_a_bare_article() {
    let t = "No one was killed in the attack, which damaged a hangar.";
    assert_eq!(spanned(t, Casualty::Killed), Some((0, "No one was killed")));
}

#[test]
fn an_aside_and_a_possessive_pair() {
    let t = "At least 25 people, including the assailant, were killed.";
    assert_eq!(spanned(t, Casualty::Killed).map(|x| x.0), Some(25));
    let t = "A drone struck a car, killing a commander and his driver.";
    assert_eq!(spanned(t, Casualty::Killed).map(|x| x.0), Some(2));
    assert_eq!(
        read("Troops of the 45th Brigade killed", Casualty::Killed),
        None
    );
}

#[test]
fn left_dead_is_killed() {
    let r = read(
        "Four soldiers were left dead after the ambush",
        Casualty::Killed,
    );
    assert_eq!(r.map(|r| r.count), Some(Count::exact(4)));
    let r = read(
        "the blast left 10 fighters and three civilians dead",
        Casualty::Killed,
    );
    assert_eq!(r.map(|r| r.count), Some(Count::exact(13)));
    assert_eq!(
        read("Four soldiers were left behind", Casualty::Killed),
        None,
        "left alone is not a death"
    );
}
