//! The visible article text of an HTML page saved from a browser, and its
//! metadata (`<title>`, `<h1>`, `article:published_time`, `og:site_name`,
//! `og:url`, `<html lang>`).
//!
//! Read with html5ever's tokenizer and no tree: a page is one pass over its
//! tags, so 100,000 nested elements take as long as 100,000 in a row (a
//! tree builder checks the open elements at every tag, which is quadratic
//! in the depth). Elements a reader does not see (script, style, nav,
//! header, footer, forms…) are skipped with what is in them; block
//! elements become paragraph breaks.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What a page gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// Elements whose content is not article text.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "textarea", "object", "canvas", "dialog", "menu", "head",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "main",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "body",
];

/// Which of the page's texts characters go to.
#[derive(Default)]
struct State {
    /// The whole visible text, and the text inside `<article>`.
    all: Text,
    article: Text,
    /// Hidden elements open now (their names), innermost last.
    hidden: Vec<String>,
    /// How many `<article>` elements are open.
    in_article: usize,
    title: Option<String>,
    in_title: bool,
    h1: Option<String>,
    in_h1: bool,
    page: Page,
}

/// Text with white space collapsed and paragraphs as blank lines.
#[derive(Default)]
struct Text {
    out: String,
    /// A space is owed before the next word.
    space: bool,
}

impl Text {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = !self.out.is_empty() && !self.out.ends_with('\n');
            } else {
                if self.space {
                    self.out.push(' ');
                    self.space = false;
                }
                self.out.push(c);
            }
        }
    }

    fn line_break(&mut self, blank: bool) {
        self.space = false;
        let t = self.out.trim_end_matches(' ').len();
        self.out.truncate(t);
        if self.out.is_empty() {
            return;
        }
        let want = if blank { "\n\n" } else { "\n" };
        if !self.out.ends_with(want) && !self.out.ends_with("\n\n") {
            if self.out.ends_with('\n') {
                self.out.push('\n');
            } else {
                self.out.push_str(want);
            }
        }
    }
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

struct Sink {
    state: RefCell<State>,
}

impl Sink {
    fn start(&self, st: &mut State, tag: &Tag) -> TokenSinkResult<()> {
        let name = &*tag.name;
        match name {
            "meta" => {
                let key = attr(tag, "property").or_else(|| attr(tag, "name"));
                let content = attr(tag, "content").map(str::to_string);
                match key.map(str::to_ascii_lowercase).as_deref() {
                    Some("article:published_time" | "datepublished" | "pubdate")
                        if st.page.published.is_none() =>
                    {
                        st.page.published = content;
                    }
                    Some("og:site_name") => st.page.outlet = content,
                    Some("og:url") => st.page.url = content,
                    _ => {}
                }
            }
            "link"
                if st.page.url.is_none()
                    && attr(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                st.page.url = attr(tag, "href").map(str::to_string);
            }
            "html" => st.page.language = attr(tag, "lang").map(str::to_string),
            "title" => st.in_title = true,
            _ => {}
        }
        if tag.self_closing {
            if name == "br" {
                self.line_break(st, false);
            }
            return TokenSinkResult::Continue;
        }
        if HIDDEN.contains(&name) {
            st.hidden.push(name.to_string());
        } else if name == "br" {
            self.line_break(st, false);
        } else if BLOCKS.contains(&name) {
            self.line_break(st, true);
        }
        if name == "article" {
            st.in_article += 1;
        }
        if name == "h1" && st.h1.is_none() && st.hidden.is_empty() {
            st.in_h1 = true;
            st.h1 = Some(String::new());
        }
        // The tokenizer needs to be told how to read these elements'
        // content, as a tree builder would tell it.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }

    fn end(&self, st: &mut State, tag: &Tag) {
        let name = &*tag.name;
        if let Some(at) = st.hidden.iter().rposition(|h| h == name) {
            st.hidden.truncate(at);
            return;
        }
        match name {
            "title" => st.in_title = false,
            "h1" => st.in_h1 = false,
            "article" => st.in_article = st.in_article.saturating_sub(1),
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.line_break(st, true);
        }
    }

    fn line_break(&self, st: &mut State, blank: bool) {
        st.all.line_break(blank);
        if st.in_article > 0 {
            st.article.line_break(blank);
        }
    }

    fn text(&self, st: &mut State, s: &str) {
        if st.in_title {
            st.title.get_or_insert_with(String::new).push_str(s);
            return;
        }
        if !st.hidden.is_empty() {
            return;
        }
        if st.in_h1 {
            if let Some(h) = st.h1.as_mut() {
                h.push_str(s);
            }
        }
        st.all.push(s);
        if st.in_article > 0 {
            st.article.push(s);
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return self.start(&mut st, &tag),
                TagKind::EndTag => self.end(&mut st, &tag),
            },
            Token::CharacterTokens(t) => self.text(&mut st, &t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn collapse(s: &str) -> Option<String> {
    let out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// Reads a page.
pub fn read(html: &str) -> Page {
    let sink = Sink {
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // Every kind of script the sink asks for is handled by the
    // tokenizer itself; `feed` returns only for a script to run, and we
    // run none, so going on is right.
    loop {
        let done = matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done);
        if done || input.is_empty() {
            break;
        }
    }
    tokenizer.end();
    let st = tokenizer.sink.state.into_inner();
    let mut page = st.page;
    let h1 = st.h1.as_deref().and_then(collapse);
    let article = st.article.out.trim().to_string();
    page.text = if article.is_empty() {
        st.all.out.trim().to_string()
    } else {
        // The headline is often outside the <article> element.
        match &h1 {
            Some(h) if !article.starts_with(h.as_str()) => format!("{h}\n\n{article}"),
            _ => article,
        }
    };
    page.title = st.title.as_deref().and_then(collapse);
    page.h1 = h1;
    page
}
