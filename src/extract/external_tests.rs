use super::*;

fn words(s: &str) -> (String, Vec<String>) {
    let e = ExternalExtractor::parse(s).expect("parses");
    (e.program().to_string(), e.args().to_vec())
}

#[test]
fn splits_words_and_quotes() {
    assert_eq!(
        words("python3 my.py --model 'big model' \"a \\\"q\\\"\" x\\ y"),
        (
            "python3".into(),
            vec![
                "my.py".into(),
                "--model".into(),
                "big model".into(),
                "a \"q\"".into(),
                "x y".into()
            ]
        )
    );
    assert_eq!(words("  cmd  "), ("cmd".into(), vec![]));
    assert_eq!(words("'a b'"), ("a b".into(), vec![]));
}

#[test]
fn refuses_unbalanced_quotes_and_empty_commands() {
    assert!(ExternalExtractor::parse("cmd 'open").is_err());
    assert!(ExternalExtractor::parse("cmd \"open").is_err());
    assert!(ExternalExtractor::parse("cmd trailing\\").is_err());
    assert!(ExternalExtractor::parse("").is_err());
    assert!(ExternalExtractor::parse("   ").is_err());
    assert!(ExternalExtractor::parse("''").is_err());
}

#[test]
fn label_names_the_command() {
    let e = ExternalExtractor::parse("python3 my.py").expect("parses");
    assert_eq!(e.label(), "extractor `python3 my.py`");
}

const DOCS: &[u8] = b"{\"type\":\"document\",\"id\":\"d1\",\"text\":\"Two were killed.\"}\n";

#[test]
fn output_lines_are_named_in_errors() {
    let out = b"{\"id\":\"i1\",\"killed\":2,\"sources\":[{\"document\":\"d1\"}]}\nnot json\n";
    let loaded = load_output("extractor `x`", DOCS, out);
    assert_eq!(loaded.dataset.incidents.len(), 1);
    assert_eq!(loaded.dataset.incidents[0].line.map(|l| l.get()), Some(1));
    let rendered: Vec<String> = loaded
        .errors
        .iter()
        .map(|d| d.render("extractor `x`"))
        .collect();
    assert_eq!(rendered.len(), 1, "{rendered:?}");
    assert!(
        rendered[0].starts_with("extractor `x`: error: output line 2"),
        "{rendered:?}"
    );
}

#[test]
fn echoed_documents_are_skipped_and_empty_output_warns() {
    let loaded = load_output("x", DOCS, DOCS);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.dataset.documents.len(), 1);
    assert!(loaded
        .dataset
        .warnings
        .iter()
        .any(|w| w == "extractor produced no incidents"));
}

#[test]
fn without_documents_a_bad_first_line_is_named() {
    let loaded = load_output("x", b"", b"oops\n{\"id\":\"i1\"}\n");
    assert!(
        loaded.errors[0].message.starts_with("output line 1"),
        "{:?}",
        loaded.errors
    );
}
