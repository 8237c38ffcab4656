use proptest::prelude::*;

use super::*;

fn kinds(text: &str) -> Vec<(bool, TermKind)> {
    parse(text)
        .expect("valid query")
        .terms
        .into_iter()
        .map(|t| (t.negated, t.kind))
        .collect()
}

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).expect("valid date")
}

fn error(text: &str) -> QueryError {
    parse(text).expect_err("malformed query")
}

#[test]
fn words_phrases_and_negation() {
    assert_eq!(
        kinds(r#"kirkuk "police checkpoint" !ied !"car bomb""#),
        vec![
            (false, TermKind::Fuzzy("kirkuk".into())),
            (false, TermKind::Exact("police checkpoint".into())),
            (true, TermKind::Fuzzy("ied".into())),
            (true, TermKind::Exact("car bomb".into())),
        ]
    );
    assert!(kinds("   ").is_empty());
    assert!(kinds("! ").is_empty(), "a lone ! is a term being typed");
}

#[test]
fn an_open_quote_runs_to_the_end() {
    assert_eq!(
        kinds(r#"kirkuk "check"#),
        vec![
            (false, TermKind::Fuzzy("kirkuk".into())),
            (false, TermKind::Exact("check".into())),
        ]
    );
}

#[test]
fn text_filters_take_plain_or_quoted_values() {
    assert_eq!(
        kinds(r#"Province:Kirkuk perp:"islamic state" type:IED outlet:wire !target:police"#),
        vec![
            (false, TermKind::Text(TextField::Province, "Kirkuk".into())),
            (
                false,
                TermKind::Text(TextField::Perpetrator, "islamic state".into())
            ),
            (false, TermKind::Text(TextField::EventType, "IED".into())),
            (false, TermKind::Text(TextField::Outlet, "wire".into())),
            (true, TermKind::Text(TextField::Target, "police".into())),
        ]
    );
    assert_eq!(
        kinds("district:x location:y perpetrator:z event_type:w"),
        vec![
            (false, TermKind::Text(TextField::District, "x".into())),
            (false, TermKind::Text(TextField::Location, "y".into())),
            (false, TermKind::Text(TextField::Perpetrator, "z".into())),
            (false, TermKind::Text(TextField::EventType, "w".into())),
        ]
    );
}

#[test]
fn count_filters() {
    let (killed, wounded) = (CountField::Killed, CountField::Wounded);
    let c = |f, cmp, n| (false, TermKind::Count(f, CountTest::Compare(cmp, n)));
    assert_eq!(
        kinds("killed>=2 killed>2 killed<=3 killed<4 killed=5 killed:6 wounded>0"),
        vec![
            c(killed, Cmp::Ge, 2),
            c(killed, Cmp::Gt, 2),
            c(killed, Cmp::Le, 3),
            c(killed, Cmp::Lt, 4),
            c(killed, Cmp::Eq, 5),
            c(killed, Cmp::Eq, 6),
            c(wounded, Cmp::Gt, 0),
        ]
    );
    assert_eq!(
        kinds("killed:unknown !wounded:UNKNOWN"),
        vec![
            (false, TermKind::Count(killed, CountTest::Unknown)),
            (true, TermKind::Count(wounded, CountTest::Unknown)),
        ]
    );
}

#[test]
fn date_filters() {
    assert_eq!(
        kinds("date:2020 date:2020-05 date:2020-05-01..2020-06-30 date:>=2021-01-01 date<2019"),
        vec![
            (false, TermKind::Date(DateTest::Within(date("2020")))),
            (false, TermKind::Date(DateTest::Within(date("2020-05")))),
            (
                false,
                TermKind::Date(DateTest::Range(date("2020-05-01"), date("2020-06-30")))
            ),
            (
                false,
                TermKind::Date(DateTest::Compare(Cmp::Ge, date("2021-01-01")))
            ),
            (
                false,
                TermKind::Date(DateTest::Compare(Cmp::Lt, date("2019")))
            ),
        ]
    );
}

#[test]
fn flag_and_status_filters() {
    assert_eq!(
        kinds("has:problem has:note has:ungrounded has:mismatch has:noevidence"),
        Flag::ALL
            .into_iter()
            .map(|f| (false, TermKind::Has(f)))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        kinds("status:accepted !status:reviewed"),
        vec![
            (
                false,
                TermKind::Status(StatusTest::Is(ReviewStatus::Accepted))
            ),
            (true, TermKind::Status(StatusTest::Reviewed)),
        ]
    );
    assert_eq!(
        kinds("status:Added doc:done !doc:OPEN"),
        vec![
            (false, TermKind::Status(StatusTest::Is(ReviewStatus::Added))),
            (false, TermKind::Document(DocumentTest::Done)),
            (true, TermKind::Document(DocumentTest::Open)),
        ]
    );
    assert!(parse("doc:done").expect("parses").uses_status());
}

#[test]
fn malformed_filters_name_the_term() {
    let text = "kirkuk killed>=two diyala";
    let e = error(text);
    assert_eq!(&text[e.span.clone()], "killed>=two");
    assert!(e.message.contains("number"), "{}", e.message);

    for (text, bad, says) in [
        ("date:2020-13", "date:2020-13", "not a date"),
        ("x date:2021..2020", "date:2021..2020", "ends before"),
        ("province:", "province:", "needs a value"),
        ("has:everything", "has:everything", "problem, note"),
        ("status:maybe", "status:maybe", "accepted"),
        ("doc:finished", "doc:finished", "done or open"),
        ("doc>done", "doc>done", "done or open"),
        ("provnce:kirkuk", "provnce:kirkuk", "unknown filter"),
        ("a !killed<", "!killed<", "number"),
        ("killed>unknown", "killed>unknown", "number"),
        ("province>x", "province>x", "needs a value"),
    ] {
        let e = error(text);
        assert_eq!(&text[e.span.clone()], bad, "{text}");
        assert!(e.message.contains(says), "{text}: {}", e.message);
    }
}

#[test]
fn words_that_only_look_like_filters_are_words() {
    assert_eq!(
        kinds("12:30 killed a=b"),
        vec![
            (false, TermKind::Fuzzy("12:30".into())),
            (false, TermKind::Fuzzy("killed".into())),
            (false, TermKind::Fuzzy("a=b".into())),
        ]
    );
}

#[test]
fn spans_cover_each_term() {
    let text = "  kirkuk  !\"a b\" killed>=2";
    let q = parse(text).expect("valid");
    let spans: Vec<&str> = q.terms.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(spans, ["kirkuk", "!\"a b\"", "killed>=2"]);
}

#[test]
fn canonical_text_parses_back() {
    let text = r#"Kirkuk !"car bomb" perp:"islamic state" killed:3 date:2020-05-01..2020-06 status:reviewed"#;
    let q = parse(text).expect("valid");
    assert_eq!(
        q.to_string(),
        r#"Kirkuk !"car bomb" perp:"islamic state" killed=3 date:2020-05-01..2020-06 status:reviewed"#
    );
    assert_eq!(kinds(&q.to_string()), kinds(text));
}

fn arb_date() -> impl Strategy<Value = PartialDate> {
    (1990u16..2030, proptest::option::of(1u8..=12), 1u8..=28).prop_map(|(y, m, d)| PartialDate {
        year: y,
        month: m,
        day: m.map(|_| d),
    })
}

fn arb_cmp() -> impl Strategy<Value = Cmp> {
    prop_oneof![
        Just(Cmp::Lt),
        Just(Cmp::Le),
        Just(Cmp::Eq),
        Just(Cmp::Ge),
        Just(Cmp::Gt)
    ]
}

fn arb_kind() -> impl Strategy<Value = TermKind> {
    let word = "[a-zA-Z0-9é\u{643}\u{631}][a-zA-Z0-9é\u{643}\u{631}.,/-]{0,8}";
    let phrase = "[a-zA-Z0-9 é\u{643}:!<>=-]{0,12}";
    let value = "[a-zA-Z0-9é\u{643}!<>=:-][a-zA-Z0-9 é\u{643}!<>=:-]{0,10}";
    prop_oneof![
        word.prop_map(TermKind::Fuzzy),
        phrase.prop_map(TermKind::Exact),
        (0usize..7, value).prop_map(|(f, v)| TermKind::Text(TextField::ALL[f], v)),
        (any::<bool>(), arb_cmp(), any::<u64>()).prop_map(|(k, c, n)| {
            let field = if k {
                CountField::Killed
            } else {
                CountField::Wounded
            };
            TermKind::Count(field, CountTest::Compare(c, n))
        }),
        any::<bool>().prop_map(|k| {
            let field = if k {
                CountField::Killed
            } else {
                CountField::Wounded
            };
            TermKind::Count(field, CountTest::Unknown)
        }),
        arb_date().prop_map(|d| TermKind::Date(DateTest::Within(d))),
        (arb_date(), arb_date()).prop_map(|(a, b)| {
            let (a, b) = if a.period().0 <= b.period().1 {
                (a, b)
            } else {
                (b, a)
            };
            TermKind::Date(DateTest::Range(a, b))
        }),
        (arb_cmp(), arb_date()).prop_map(|(c, d)| {
            if c == Cmp::Eq {
                TermKind::Date(DateTest::Within(d))
            } else {
                TermKind::Date(DateTest::Compare(c, d))
            }
        }),
        (0usize..Flag::ALL.len()).prop_map(|f| TermKind::Has(Flag::ALL[f])),
        (0usize..=ReviewStatus::ALL.len()).prop_map(|s| TermKind::Status(match ReviewStatus::ALL
            .get(s)
        {
            Some(&st) => StatusTest::Is(st),
            None => StatusTest::Reviewed,
        })),
        (0usize..2).prop_map(|d| TermKind::Document(DocumentTest::ALL[d])),
    ]
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        if let Err(e) = parse(&text) {
            prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }

    #[test]
    fn never_panics_on_query_like_text(text in r#"[!"a-z:<>=.0-9 \-]{0,40}"#) {
        if let Ok(q) = parse(&text) {
            for t in &q.terms {
                prop_assert!(t.span.end <= text.len());
            }
        }
    }

    #[test]
    fn structured_terms_round_trip(
        terms in proptest::collection::vec((any::<bool>(), arb_kind()), 0..6)
    ) {
        let query = Query {
            terms: terms
                .iter()
                .map(|(n, k)| Term { negated: *n, kind: k.clone(), span: 0..0 })
                .collect(),
        };
        let text = query.to_string();
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let back: Vec<(bool, TermKind)> =
            back.terms.into_iter().map(|t| (t.negated, t.kind)).collect();
        prop_assert_eq!(back, terms, "{}", text);
    }
}
