use super::*;

fn read(name: &str, bytes: &[u8]) -> (Article, Vec<String>) {
    article_from_bytes(name, bytes, &ReadOptions::default()).expect("an article")
}

#[test]
fn plain_text_title_is_its_first_line_and_its_date_comes_from_the_name() {
    let (a, w) = read(
        "2021-11-25-kirkuk.txt",
        b"\n\nISIS attack kills 2 soldiers\n\nERBIL - Militants attacked...",
    );
    assert_eq!(a.id, "2021-11-25-kirkuk");
    assert_eq!(a.title.as_deref(), Some("ISIS attack kills 2 soldiers"));
    assert_eq!(a.published.as_deref(), Some("2021-11-25"));
    assert!(w.is_empty(), "{w:?}");
    let (a, _) = read("kirkuk_20211125.txt", b"Text");
    assert_eq!(a.published.as_deref(), Some("2021-11-25"));
    let (a, w) = read("report-1234567.txt", b"Text");
    assert_eq!(a.published, None, "no date in a number that is not one");
    assert!(w.iter().any(|w| w.contains("no publication date")));
}

#[test]
fn front_matter_gives_fields_and_is_not_text() {
    let text = "---\ntitle: \"Bomb in Mosul\"\npublished: 2020-05-01\nurl: https://example.org/a\noutlet: Tigris Daily\nlanguage: en\n---\n# Bomb in Mosul\n\nA bomb went off.";
    let (a, _) = read("a.md", text.as_bytes());
    assert_eq!(a.title.as_deref(), Some("Bomb in Mosul"));
    assert_eq!(a.published.as_deref(), Some("2020-05-01"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.outlet.as_deref(), Some("Tigris Daily"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(a.text.starts_with("# Bomb in Mosul"));
    // Not closed: text as it is.
    let (a, _) = read("b.md", b"---\ntitle: x\nno end here");
    assert!(a.text.starts_with("---"));
}

#[test]
fn a_dateline_dates_the_article_and_published_wins_over_everything() {
    let (a, _) = read("a.txt", b"Title\n\nPublished: 25 November 2021\n\nText.");
    assert_eq!(a.published.as_deref(), Some("2021-11-25"));
    let options = ReadOptions {
        published: Some("2020-01-02".into()),
    };
    let (a, _) = article_from_bytes("2021-11-25-x.txt", b"Text", &options).expect("reads");
    assert_eq!(a.published.as_deref(), Some("2020-01-02"));
}

#[test]
fn html_keeps_the_visible_article_and_reads_its_meta_tags() {
    let html = r#"<!doctype html><html lang="en"><head><title>Bomb kills 3 - Tigris Daily</title>
<meta property="article:published_time" content="2019-10-26T08:00:00Z">
<meta property="og:site_name" content="Tigris Daily"><meta property="og:url" content="https://t.example/a">
<style>p { color: red }</style><script>var x = "killed 99";</script></head>
<body><nav>Home | World</nav><header>Menu</header>
<h1>Bomb kills 3 in Mosul</h1><article><p>A car bomb exploded in <b>Mosul</b>,
 killing three   people.</p><p>Police said&nbsp;so.<br>New line.</p>
<form>Leave a comment <button>Send</button></form></article>
<footer>Copyright</footer></body></html>"#;
    let (a, _) = read("page.html", html.as_bytes());
    assert_eq!(a.title.as_deref(), Some("Bomb kills 3 in Mosul"));
    assert_eq!(a.published.as_deref(), Some("2019-10-26"));
    assert_eq!(a.outlet.as_deref(), Some("Tigris Daily"));
    assert_eq!(a.url.as_deref(), Some("https://t.example/a"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(
        a.text,
        "Bomb kills 3 in Mosul\n\nA car bomb exploded in Mosul, killing three people.\n\nPolice said so.\nNew line."
    );
}

#[test]
fn html_without_an_article_element_keeps_the_body() {
    let (a, _) = read("p.htm", b"<p>One.</p><div>Two</div><script>no</script>");
    assert_eq!(a.text, "One.\n\nTwo");
    assert_eq!(a.title, None);
}

#[test]
fn deep_nesting_is_read_in_one_pass() {
    let n = 100_000;
    let html = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
    let (a, _) = read("deep.html", html.as_bytes());
    assert_eq!(a.text, "deep");
    let html = format!("{}bold", "<b>".repeat(n));
    assert_eq!(read("b.html", html.as_bytes()).0.text, "bold");
}

#[test]
fn windows_1252_is_read_with_a_warning_and_utf8_without() {
    let (a, w) = read("a.txt", b"Iraq\x92s army \x93said\x94");
    assert_eq!(a.text, "Iraq’s army “said”");
    assert!(w.iter().any(|w| w.contains("Windows-1252")), "{w:?}");
    let (_, w) = read("2020-01-01-b.txt", "Iraq’s".as_bytes());
    assert!(w.is_empty(), "{w:?}");
    let (a, _) = read("c.txt", b"\xEF\xBB\xBFText");
    assert_eq!(a.text, "Text");
}

#[test]
fn empty_and_binary_files_are_refused() {
    let o = ReadOptions::default();
    assert_eq!(
        article_from_bytes("a.txt", b"  \n ", &o).err().as_deref(),
        Some("the file is empty")
    );
    assert_eq!(
        article_from_bytes("a.txt", b"PK\x03\x04\x00\x00binary", &o)
            .err()
            .as_deref(),
        Some("binary file, not an article")
    );
}

#[test]
fn article_paths_are_folders_and_article_extensions() {
    assert!(is_article_path(Path::new("x/a.TXT")));
    assert!(is_article_path(Path::new("a.html")));
    assert!(!is_article_path(Path::new("a.jsonl")));
    assert!(!is_article_path(Path::new("a.csv")));
}

proptest::proptest! {
    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
        let _ = article_from_bytes("a.txt", &bytes, &ReadOptions::default());
        let _ = article_from_bytes("a.html", &bytes, &ReadOptions::default());
    }

    #[test]
    fn html_like_text_never_panics(s in "(<[a-z/!]{0,6}[^>]{0,10}>|[a-z &;#0-9]{0,8}){0,60}") {
        let _ = article_from_bytes("a.html", s.as_bytes(), &ReadOptions::default());
    }
}
