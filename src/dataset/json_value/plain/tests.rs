use super::Reader;
use crate::dataset::json_read::parse;

/// The plain reader either leaves `text` to serde_json or reads exactly
/// what serde_json reads. Returns whether it read it.
fn agrees(text: &str) -> bool {
    let mut r = Reader::new(text);
    r.skip_ws();
    let Some(fast) = r.value(1).filter(|_| r.at_end()) else {
        return false;
    };
    let slow =
        parse(text).unwrap_or_else(|e| panic!("read {text:?}, which serde_json rejects: {e}"));
    assert_eq!(fast, slow.value, "{text:?}");
    assert!(slow.duplicate_keys.is_empty(), "{text:?} repeats a key");
    true
}

const INCIDENT: &str = r#"{"type": "incident", "id": "inc-0000000", "date": "2015-07-17", "province": "Baghdad", "district": "Abu Ghraib", "location": "football pitch near Abu Ghraib", "perpetrator": "Turkish Armed Forces", "target": "Peshmerga positions", "event_type": "clash", "killed": 4, "wounded": 1, "confidence": 0.8, "sources": [{"document": "doc-0000000", "evidence": [{"field": "province", "start": 133, "end": 140}, {"field": "perpetrator", "quote": "Turkish Armed Forces attacked"}]}], "extractor": "bench-v1"}"#;

const DOCUMENT: &str = r#"{"type": "document", "id": "doc-0000000", "title": "Clash kills 4 in Baghdad", "language": "en", "text": "ABU GHRAIB, Iraq \u2014 attacked \"positions\" in Baghdad province (بغداد)\non 2015-07-17 \ud83d\ude00.", "extra": {"a": [1, -2, 3.5e1, true, null, {}], "b": []}}"#;

#[test]
fn reads_the_records_of_a_generated_dataset() {
    assert!(agrees(INCIDENT));
    assert!(agrees(DOCUMENT));
    assert!(agrees(r#"{"type":"incident","id":"a","sources":[]}"#));
    assert!(agrees(
        " {\"type\" : \"document\" ,\"id\":\"d\",\"text\":\"\"}\t"
    ));
}

#[test]
fn leaves_everything_else_to_serde_json() {
    for text in [
        // Not plain: serde_json reads it, and reports what it must.
        r#"{"type": "incident", "id": "a", "id": "b"}"#,
        r#"{"type": "incident", "type": "document"}"#,
        r#"{"type": "incident", "i\u0064": "a"}"#,
        r#"{"type": "incident", "x": {"a": 1, "a": 2}}"#,
        r#"{"type": "incident", "sources": [], "sources": []}"#,
        r#"{"type": "incident", "text": "\ud800 alone"}"#,
        // Malformed: serde_json says where.
        r#"{"type": "incident", "id": "a",}"#,
        r#"{"type": "incident", "id": "a"} x"#,
        r#"{"type": "incident", "killed": 01}"#,
        r#"{"type": "incident", "killed": 1.}"#,
        r#"{"type": "incident", "id": "tab	inside"}"#,
        r#"{"type": "incident", "id": "\x"}"#,
        r#"{"type": "incident", "id": "a""#,
        r#"{"type": "incident", "ok": tru}"#,
        r#"{"type": "incident""#,
        "",
    ] {
        assert!(!agrees(text), "{text:?} should be left to serde_json");
    }
}

#[test]
fn numbers_read_as_serde_json_reads_them() {
    for n in [
        "0",
        "7",
        "18446744073709551615",
        "18446744073709551616",
        "9999999999999999999",
        "-0",
        "-12",
        "0.1",
        "0.8",
        "0.80",
        "12.5",
        "00.5",
        "0.123456789012345",
        "0.1234567890123456",
        "99999.9999999999",
        "0.000000000000001",
        "7.0",
        "1.5e1",
        "0.30000000000000004",
        "1e2",
        "1E+2",
        "2.5e-3",
        "1e400",
        "-9223372036854775809",
    ] {
        let text = format!(r#"{{"type": "incident", "killed": {n}}}"#);
        let read = agrees(&text);
        assert_eq!(read, n != "1e400" && n != "00.5", "{text}");
    }
}

/// Fractions of up to 15 digits read as serde_json reads them, bit for bit.
#[test]
fn short_fractions_read_as_serde_json_reads_them() {
    let mut rng = Rng(15);
    for _ in 0..200_000 {
        let int_digits = 1 + rng.below(8);
        let frac_digits = 1 + rng.below(15 - int_digits);
        let digit = |rng: &mut Rng| char::from(b'0' + rng.below(10) as u8);
        let mut text: String = (0..int_digits).map(|_| digit(&mut rng)).collect();
        if text.starts_with('0') {
            text.truncate(1);
        }
        text.push('.');
        text.extend((0..frac_digits).map(|_| digit(&mut rng)));
        let ours = super::short_fraction(&text).expect("a short fraction");
        let theirs: f64 = serde_json::from_str(&text).expect("a number");
        assert_eq!(ours.to_bits(), theirs.to_bits(), "{text}");
    }
}

/// SplitMix64: the generator below is reproducible without a crate.
pub(in crate::dataset) struct Rng(pub u64);

impl Rng {
    pub(in crate::dataset) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(in crate::dataset) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(in crate::dataset) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "id",
    "text",
    "province",
    "killed",
    "confidence",
    "sources",
    "extra",
    "x",
    "é ك",
    "",
];
const STRING_PARTS: &[&str] = &[
    "Kirkuk",
    " ",
    "كركوك",
    "\\\"",
    "\\\\",
    "\\/",
    "\\n",
    "\\t",
    "\\u0041",
    "\\u00e9",
    "\\u202e",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\udc00x",
    "\\u0000",
    "\\q",
    "😀",
    "\u{7f}",
    "\t",
    "\u{1}",
];
const NUMBERS: &[&str] = &[
    "0",
    "3",
    "42",
    "-1",
    "-0",
    "0.5",
    "1e3",
    "1E-2",
    "01",
    "1.",
    ".5",
    "+1",
    "2.5e+01",
    "18446744073709551616",
    "1e999",
    "--1",
];
const SPACES: &[&str] = &["", "", " ", "\t", "\n", "  "];

fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(4) {
        out.push_str(rng.pick(STRING_PARTS));
    }
    out.push('"');
}

pub(in crate::dataset) fn value(rng: &mut Rng, depth: usize, out: &mut String) {
    match rng.below(if depth > 3 { 6 } else { 8 }) {
        0 | 1 => string(rng, out),
        2 => out.push_str(rng.pick(NUMBERS)),
        3 => out.push_str(rng.pick(&["true", "false", "null"])),
        4 | 5 => out.push_str(rng.pick(NUMBERS.get(..4).unwrap_or(NUMBERS))),
        6 => {
            out.push('[');
            for i in 0..rng.below(3) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(rng.pick(SPACES));
                value(rng, depth + 1, out);
            }
            out.push(']');
        }
        _ => object(rng, depth + 1, KEYS, out),
    }
}

fn object(rng: &mut Rng, depth: usize, keys: &[&str], out: &mut String) {
    out.push('{');
    for i in 0..rng.below(4) {
        if i > 0 {
            out.push(',');
        }
        out.push_str(rng.pick(SPACES));
        out.push('"');
        out.push_str(rng.pick(keys));
        out.push_str("\":");
        out.push_str(rng.pick(SPACES));
        value(rng, depth, out);
    }
    out.push('}');
}

fn sources(rng: &mut Rng, out: &mut String) {
    out.push('[');
    for i in 0..rng.below(3) {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("{\"document\": ");
        value(rng, 4, out);
        if rng.below(4) > 0 {
            out.push_str(", \"evidence\": [");
            for j in 0..rng.below(4) {
                if j > 0 {
                    out.push(',');
                }
                object(rng, 4, &["field", "start", "end", "quote", "note"], out);
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push(']');
}

fn record(rng: &mut Rng) -> String {
    let mut out = String::from("{");
    out.push_str(rng.pick(&[
        "\"type\": \"incident\"",
        "\"type\": \"incident\"",
        "\"type\": \"document\"",
        "\"type\": \"other\"",
        "\"id\": \"a\"",
    ]));
    for _ in 0..rng.below(8) {
        out.push(',');
        out.push_str(rng.pick(SPACES));
        let key = rng.pick(KEYS);
        out.push('"');
        out.push_str(key);
        out.push_str("\": ");
        if key == "sources" {
            sources(rng, &mut out);
        } else {
            value(rng, 1, &mut out);
        }
    }
    out.push('}');
    out
}

/// Deletes, repeats or inserts a character.
pub(in crate::dataset) fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let mut out: String = chars.iter().take(at).collect();
    match rng.below(3) {
        0 => {}
        1 => out.extend(chars.get(at)),
        _ => out.push_str(rng.pick(&[
            "\"", ",", "}", "]", "{", "[", ":", "\\", "0", "-", " ", "\u{0}",
        ])),
    }
    out.extend(chars.iter().skip(at + 1));
    out
}

/// Generated records, and each with one character changed: the plain
/// reader agrees with serde_json on every one it reads, and it reads a fair
/// share of them (else this test would prove nothing).
#[test]
fn agrees_with_serde_json_on_generated_and_broken_records() {
    let mut rng = Rng(20_261_121);
    let (mut whole, mut read, mut broken_read) = (0, 0, 0);
    for _ in 0..20_000 {
        let text = record(&mut rng);
        whole += 1;
        if agrees(&text) {
            read += 1;
        }
        let broken = mutate(&mut rng, &text);
        if agrees(&broken) {
            broken_read += 1;
        }
    }
    assert!(
        read * 5 > whole,
        "the plain reader read only {read} of {whole}"
    );
    assert!(broken_read > 0, "no changed record was read plainly");
}
