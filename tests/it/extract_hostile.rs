//! The extractor on untrusted text: hostile sizes and shapes never panic,
//! and every span it writes lies inside its document and reads as its
//! value.

use incidents::dataset::PartialDate;
use incidents::evidence::casualty::{read, Casualty};
use incidents::evidence::{Gazetteer, Gazetteers};
use incidents::extract::article::{article_from_bytes, ReadOptions};
use incidents::extract::{Draft, Extractor, Lexicon, Valued};
use proptest::prelude::*;

fn extractor() -> Extractor {
    Extractor::new(Lexicon::built_in(), &[Gazetteer::iraq()])
}

/// Checks every span of every draft against the text.
fn check(text: &str, drafts: &[Draft]) {
    let list = [Gazetteer::iraq()];
    let gaz = Gazetteers::new(&list);
    let inside = |r: &std::ops::Range<usize>| {
        assert!(
            r.start < r.end && text.get(r.clone()).is_some(),
            "{r:?} outside the text"
        );
        &text[r.clone()]
    };
    for d in drafts {
        for (field, v) in [
            (Casualty::Killed, &d.killed),
            (Casualty::Wounded, &d.wounded),
        ] {
            if let Some(Valued { value, spans }) = v {
                for r in spans {
                    let words = inside(r);
                    // The rules read the group `IS` as a name, not the verb.
                    let plain = words
                        .split(' ')
                        .map(|w| if w == "IS" { "I5" } else { w })
                        .collect::<Vec<_>>()
                        .join(" ");
                    let again = read(&plain, field).map(|x| x.count.low);
                    assert_eq!(again, Some(*value), "{words:?} does not read as {value}");
                }
            }
        }
        if let Some(v) = &d.location {
            let words = inside(&v.spans[0]);
            assert!(
                words.contains(v.value.as_str()),
                "{words:?} lacks {:?}",
                v.value
            );
        }
        if let Some(v) = &d.province {
            let words = inside(&v.spans[0]);
            let named = gaz.province(words).map(|p| p.name.as_str()) == Some(v.value.as_str())
                || gaz.district(words).map(|(p, _)| p.name.as_str()) == Some(v.value.as_str());
            assert!(named, "{words:?} does not name {:?}", v.value);
        }
        for v in [&d.perpetrator, &d.target, &d.event_type, &d.district]
            .into_iter()
            .flatten()
        {
            for r in &v.spans {
                inside(r);
            }
        }
        if let Some(v) = &d.date {
            for r in &v.spans {
                inside(r);
            }
        }
    }
}

fn words() -> impl Strategy<Value = String> {
    let vocab = prop::sample::select(vec![
        "killed",
        "killing",
        "wounded",
        "injuring",
        "three",
        "two",
        "a",
        "no",
        "one",
        "casualties",
        "were",
        "and",
        "at",
        "least",
        "soldiers",
        "policemen",
        "in",
        "the",
        "town",
        "of",
        "village",
        "near",
        "Kirkuk",
        "Hawija",
        "Dujail",
        "Mosul",
        "كركوك",
        "Baghdad",
        "north",
        "ISIS",
        "IS",
        "gunmen",
        "attacked",
        "bomb",
        "exploded",
        "mortar",
        "on",
        "Wednesday",
        "9",
        "May",
        "2020",
        "1,200",
        "27-year-old",
        "45th",
        "km",
        ".",
        ",",
        "\n\n",
        "—",
        "(",
        ")",
        "Read More:",
        "separate attack",
        "\u{202E}",
        "\u{1b}[31m",
        "\u{0}",
        "🙂",
    ]);
    prop::collection::vec(vocab, 0..120).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_inside_and_read_as_their_values(text in words()) {
        let clean = incidents::dataset::sanitize::clean_text(&text).text;
        let published = PartialDate::parse("2021-11-25");
        let drafts = extractor().extract(&clean, published.as_ref());
        check(&clean, &drafts);
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,400}") {
        let clean = incidents::dataset::sanitize::clean_text(&text).text;
        check(&clean, &extractor().extract(&clean, None));
    }
}

#[test]
fn hostile_sizes_and_shapes_do_not_panic() {
    let ex = extractor();
    // A long article: one attack paragraph many times over (duplicates
    // are read once), then many different ones.
    let para = "Gunmen killed two soldiers near Hawija on Monday, police said.\n\n";
    let mut big = para.repeat(20_000);
    for i in 0..20_000 {
        big.push_str(&format!(
            "A bomb killed {} people in Mosul on day {i}.\n\n",
            i % 50
        ));
    }
    check(&big, &ex.extract(&big, None));
    // A 1 MB line without spaces, and 100,000 numbers in a row.
    let line = "x".repeat(1 << 20);
    assert!(ex.extract(&line, None).is_empty());
    let numbers: String = (0..100_000).map(|i| format!("{i} ")).collect();
    let text = format!("killed {numbers} wounded");
    check(&text, &ex.extract(&text, None));
    let commas = format!("killing {}", "1, ".repeat(100_000));
    check(&commas, &ex.extract(&commas, None));
    // HTML nested 10,000 deep, and hostile strings in a page.
    let deep = format!(
        "{}killing two soldiers in Kirkuk{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let (a, _) =
        article_from_bytes("deep.html", deep.as_bytes(), &ReadOptions::default()).expect("reads");
    assert_eq!(
        a.text,
        "killing two soldiers in Kirkuk",
        "{:?}",
        &a.text[..a.text.len().min(80)]
    );
    let junk = "<script>\u{1b}]0;x\u{7}</script><p>\u{202E}3 killed\u{8}</p><!-- <p> -->";
    assert!(article_from_bytes("j.html", junk.as_bytes(), &ReadOptions::default()).is_ok());
}
