use super::*;

fn line(id: &str) -> String {
    let incident = Incident {
        id: id.into(),
        ..Incident::default()
    };
    Entry::new("ana", &incident, Action::Accept)
        .to_line()
        .expect("serialises")
}

#[test]
fn a_bad_line_in_the_middle_is_reported_and_the_rest_kept() {
    let text = format!("{}\n<<<<<<< HEAD\n\n{}\n", line("a"), line("b"));
    let p = parse(Path::new("j"), text.as_bytes()).expect("parses");
    let ids: Vec<_> = p.entries.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].line, Some(2));
    assert!(p.torn.is_none());
    assert_eq!(p.good_len, text.len());
}

#[test]
fn only_an_incomplete_last_line_is_torn() {
    let good = format!("{}\n", line("a"));
    let cut = &line("b")[..20];
    let text = format!("{good}{cut}");
    let p = parse(Path::new("j"), text.as_bytes()).expect("parses");
    assert_eq!(p.entries.len(), 1);
    let torn = p.torn.expect("torn");
    assert_eq!((torn.start, torn.line), (good.len(), 2));
    assert_eq!(p.good_len, good.len());
    assert!(!p.needs_newline);
}

#[test]
fn a_whole_last_entry_without_its_newline_is_kept() {
    let text = format!("{}\n{}", line("a"), line("b"));
    let p = parse(Path::new("j"), text.as_bytes()).expect("parses");
    let ids: Vec<_> = p.entries.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(p.torn.is_none());
    assert!(p.needs_newline);
    assert_eq!(p.good_len, text.len());
}

#[test]
fn a_complete_last_line_that_is_no_entry_is_reported_not_torn() {
    let good = format!("{}\n", line("a"));
    let unknown_action = line("b").replace("\"accept\"", "\"applaud\"");
    for last in [
        "<<<<<<< HEAD",
        r#"{"hello":"world"}"#,
        unknown_action.as_str(),
        "\0\0\0\0",
    ] {
        let text = format!("{good}{last}\n");
        let p = parse(Path::new("j"), text.as_bytes()).expect("parses");
        assert!(p.torn.is_none(), "{last:?} torn");
        assert_eq!(p.good_len, text.len(), "{last:?}");
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.warnings.len(), 1, "{last:?}");
        assert_eq!(p.warnings[0].line, Some(2));
    }
}

#[test]
fn a_line_from_a_newer_format_refuses_the_journal() {
    let newer = line("a").replacen("\"v\":1", "\"v\":2", 1);
    let e = parse(Path::new("j.jsonl"), format!("{newer}\n").as_bytes())
        .err()
        .expect("refused");
    assert!(
        e.to_string()
            .contains("j.jsonl:1: journal format version 2"),
        "{e}"
    );
}
