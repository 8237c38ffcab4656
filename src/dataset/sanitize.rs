//! Makes untrusted text safe to put on a terminal, once, at load time.
//!
//! Removed: C0 and C1 control characters (ESC, CSI U+009B, BEL, NUL,
//! backspace, DEL…), bidirectional embeddings, overrides, isolates and marks,
//! and invisible format characters that could hide or disguise text. Tabs
//! become spaces, CRLF becomes LF, and a lone CR or a Unicode line separator
//! becomes a line break (so it cannot return the cursor over earlier text).
//! ZWJ and ZWNJ are kept between two visible characters, where Arabic,
//! Persian/Kurdish and emoji sequences need them.
//!
//! Article text keeps a map from every original code point to its byte
//! offset in the cleaned text, so evidence offsets stay right.

use serde_json::Value;

use super::invisible::{is_invisible, is_variation_selector};

const TAB: &str = "    ";

/// What cleaning does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treatment {
    Keep,
    /// Removed as hostile or invisible: counted.
    Remove,
    /// Removed as harmless (the CR of a CRLF): not counted.
    Drop,
    LineBreak,
    Tab,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn is_control(c: char) -> bool {
    c.is_control() // C0, DEL and C1
}

/// Could this character need any treatment? Controls, the Unicode line
/// and paragraph separators, and every format or default-ignorable
/// character (bidirectional controls, joiners and variation selectors
/// among them) from Unicode's own table.
fn suspicious(c: char) -> bool {
    is_control(c) || matches!(c, '\u{2028}' | '\u{2029}') || is_invisible(c)
}

/// A character a joiner or variation selector can attach to: visible, or
/// a variation selector itself (the `FE0F` of an emoji before a ZWJ).
fn attachable(c: Option<char>) -> bool {
    c.is_some_and(|x| !x.is_whitespace() && (!suspicious(x) || is_variation_selector(x)))
}

fn treat(c: char, prev: Option<char>, next: Option<char>) -> Treatment {
    match c {
        '\n' => Treatment::LineBreak,
        '\t' => Treatment::Tab,
        '\r' if next == Some('\n') => Treatment::Drop,
        '\r' | '\u{2028}' | '\u{2029}' => Treatment::LineBreak,
        c if is_joiner(c) => {
            if attachable(prev) && attachable(next) {
                Treatment::Keep
            } else {
                Treatment::Remove
            }
        }
        // Kept after something it can modify (not after another selector:
        // a run of them hides nothing but is no use either).
        c if is_variation_selector(c) => {
            if prev.is_some_and(|x| !x.is_whitespace() && !suspicious(x)) {
                Treatment::Keep
            } else {
                Treatment::Remove
            }
        }
        c if is_control(c) || is_invisible(c) => Treatment::Remove,
        _ => Treatment::Keep,
    }
}

/// Cleaned article text and the offset map evidence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanText {
    pub text: String,
    /// Characters removed as hostile or invisible.
    pub removed: usize,
    /// Byte offset in `text` of each original code point, plus the end.
    /// `None` when nothing changed.
    pub offsets: Option<Box<[u32]>>,
}

/// Does this text hold any character cleaning could change? Most text is
/// plain: a byte scan settles it without decoding characters (every
/// suspicious character is a control byte below 0x20, DEL, or outside ASCII).
fn needs_cleaning(input: &str) -> bool {
    let bytes = input.as_bytes();
    let mut at = 0;
    loop {
        at += printable_ascii_run(bytes.get(at..).unwrap_or(&[]));
        if at >= bytes.len() {
            return false;
        }
        let lead = bytes[at];
        if lead < 0x80 {
            return true; // a C0 control or DEL
        }
        if lead < 0xE0 {
            // Two bytes (Latin, Greek, Cyrillic, Arabic...): the only
            // suspicious ones are C1 controls and a few format characters
            // (U+00AD, U+034F, U+0600-0605, U+061C, U+06DD, U+070F), told
            // from the code point without a table.
            let next = bytes.get(at + 1).copied().unwrap_or(0);
            let cp = (u32::from(lead & 0x1F) << 6) | u32::from(next & 0x3F);
            if matches!(cp, 0x80..=0x9F | 0xAD | 0x34F | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F) {
                return true;
            }
            at += 2;
            continue;
        }
        // Three or four bytes: decode that one character.
        let Some(c) = input.get(at..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        if suspicious(c) {
            return true;
        }
        at += c.len_utf8();
    }
}

/// How many bytes at the start of `bytes` are printable ASCII (0x20 to
/// 0x7E), eight at a time: most of an article is, and a byte at a time
/// was the largest single cost of loading one.
fn printable_ascii_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(eight);
        // A byte below 0x20 (the classic "has less than" test), or one of
        // 0x7F and above (adding 1 sets its high bit, or it was set).
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let above = (x.wrapping_add(ONES) | x) & HIGH;
        if below | above != 0 {
            break;
        }
        n += 8;
    }
    let rest = bytes.get(n..).unwrap_or(&[]);
    n + rest
        .iter()
        .position(|b| !(0x20..0x7F).contains(b))
        .unwrap_or(rest.len())
}

/// Cleans a multi-line text (an article), keeping line breaks and recording
/// where each original code point went.
pub fn clean_text(input: &str) -> CleanText {
    if !needs_cleaning(input) {
        return CleanText {
            text: input.to_owned(),
            removed: 0,
            offsets: None,
        };
    }
    clean_text_changed(input)
}

/// [`clean_text`] for a text we own: plain text is kept as it is, with no
/// copy.
pub fn clean_text_owned(input: String) -> CleanText {
    if !needs_cleaning(&input) {
        return CleanText {
            text: input,
            removed: 0,
            offsets: None,
        };
    }
    clean_text_changed(&input)
}

fn clean_text_changed(input: &str) -> CleanText {
    let chars: Vec<char> = input.chars().collect();
    let mut text = String::with_capacity(input.len());
    let mut offsets = Vec::with_capacity(chars.len() + 1);
    let mut removed = 0;
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        offsets.push(offset_u32(text.len()));
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match treat(c, prev, next) {
            Treatment::Keep => text.push(c),
            Treatment::LineBreak => {
                changed |= c != '\n';
                text.push('\n');
            }
            Treatment::Tab => {
                changed = true;
                text.push_str(TAB);
            }
            Treatment::Drop => changed = true,
            Treatment::Remove => {
                changed = true;
                removed += 1;
            }
        }
    }
    offsets.push(offset_u32(text.len()));
    CleanText {
        text,
        removed,
        offsets: changed.then(|| offsets.into_boxed_slice()),
    }
}

fn offset_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Cleans a one-line value (a field): like [`clean_text`], but line breaks
/// become spaces so a value can never spill onto another row.
/// Returns the text and how many characters were removed.
pub fn clean_inline(input: &str) -> (String, usize) {
    if !needs_cleaning(input) {
        return (input.to_owned(), 0);
    }
    clean_inline_changed(input)
}

/// [`clean_inline`], borrowing the input when it is clean already.
pub fn clean_inline_cow(input: &str) -> (std::borrow::Cow<'_, str>, usize) {
    if !needs_cleaning(input) {
        return (std::borrow::Cow::Borrowed(input), 0);
    }
    let (clean, removed) = clean_inline_changed(input);
    (std::borrow::Cow::Owned(clean), removed)
}

/// [`clean_inline`] into a compact string: values of up to 24 bytes (most
/// ids, dates, names) need no allocation.
pub fn clean_short(input: &str) -> (compact_str::CompactString, usize) {
    // Most values are a few printable ASCII bytes, told eight at a time.
    if printable_ascii_run(input.as_bytes()) == input.len() || !needs_cleaning(input) {
        return (input.into(), 0);
    }
    let (clean, removed) = clean_inline_changed(input);
    (clean.into(), removed)
}

/// [`clean_inline`] for a value we own: a clean value is returned as it is,
/// with no copy.
pub fn clean_inline_owned(input: String) -> (String, usize) {
    if !needs_cleaning(&input) {
        return (input, 0);
    }
    clean_inline_changed(&input)
}

fn clean_inline_changed(input: &str) -> (String, usize) {
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len());
    let mut removed = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        match treat(c, prev, chars.get(i + 1).copied()) {
            Treatment::Keep => out.push(c),
            Treatment::LineBreak | Treatment::Tab => out.push(' '),
            Treatment::Drop => {}
            Treatment::Remove => removed += 1,
        }
    }
    (out, removed)
}

/// Text from outside that is printed as it is (a file path, a config key,
/// a message naming them) made safe for a terminal: every character
/// cleaning would remove is shown escaped (`\e`, `\r`, `\u{202e}`), so
/// the user can still tell which file is meant. Line breaks and tabs stay.
pub fn escaped(input: &str) -> std::borrow::Cow<'_, str> {
    if !needs_cleaning(input) {
        return std::borrow::Cow::Borrowed(input);
    }
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        match (c, treat(c, prev, chars.get(i + 1).copied())) {
            (_, Treatment::Keep) | ('\n' | '\t', _) => out.push(c),
            ('\u{1b}', _) => out.push_str("\\e"),
            ('\r', _) => out.push_str("\\r"),
            _ => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as printed in a message: [`escaped`], and bytes that are not
/// UTF-8 shown as U+FFFD.
pub fn shown_path(path: &std::path::Path) -> String {
    escaped(&path.to_string_lossy()).into_owned()
}

/// Cleans every string (keys included) inside a JSON value in place.
/// Returns how many characters were removed.
pub fn clean_value(value: &mut Value) -> usize {
    match value {
        Value::String(s) => {
            let (clean, removed) = clean_inline_owned(std::mem::take(s));
            *s = clean;
            removed
        }
        Value::Array(items) => items.iter_mut().map(clean_value).sum(),
        Value::Object(map) => {
            let mut removed = 0;
            // Rebuilt at its exact size: a record's map of unknown fields
            // would otherwise keep the room of every field parsing put in it.
            let entries = std::mem::replace(map, serde_json::Map::with_capacity(map.len()));
            for (key, mut v) in entries {
                let (key, r) = clean_inline_owned(key);
                removed += r + clean_value(&mut v);
                map.insert(key, v);
            }
            removed
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_needs_no_map() {
        let c = clean_text("Three killed in Kirkuk — “a blast” near 12\u{a0}km.\nكركوك");
        assert_eq!(c.removed, 0);
        assert!(c.offsets.is_none());
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        let c = clean_text("a\u{1b}]0;pwned\u{7}b\u{1b}[2Jc\u{9b}31md");
        assert_eq!(c.text, "a]0;pwnedb[2Jc31md");
        assert_eq!(c.removed, 4);
        assert!(!c.text.chars().any(|ch| ch.is_control()));
    }

    #[test]
    fn bidi_overrides_and_zero_width_are_removed() {
        let (s, n) = clean_inline("evil\u{202E}txt.exe\u{2066}x\u{2069}\u{200B}");
        assert_eq!(s, "eviltxt.exex");
        assert_eq!(n, 4);
    }

    #[test]
    fn joiners_inside_words_survive() {
        // Persian/Kurdish ZWNJ between letters, emoji ZWJ family.
        let word = "می\u{200C}خواهم";
        assert_eq!(clean_inline(word).0, word);
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(clean_inline(family).0, family);
        // A stray joiner at the edge goes.
        assert_eq!(clean_inline("\u{200D}x").0, "x");
    }

    #[test]
    fn tabs_and_line_ends_are_normalised() {
        let c = clean_text("a\tb\r\nc\rd");
        assert_eq!(c.text, "a    b\nc\nd");
        assert_eq!(c.removed, 0);
        assert_eq!(clean_inline("a\nb\tc").0, "a b c");
    }

    #[test]
    fn offsets_follow_the_cleaning() {
        let original = "\u{1b}[31mTwo\u{202E} killed\tin Kirkuk";
        let c = clean_text(original);
        let map = c.offsets.as_ref().expect("changed");
        let chars: Vec<char> = original.chars().collect();
        assert_eq!(map.len(), chars.len() + 1);
        // "Kirkuk" in the original, by code point.
        let start = original.find("Kirkuk").expect("present");
        let start_cp = original[..start].chars().count();
        let end_cp = start_cp + 6;
        let s = map[start_cp] as usize;
        let e = map[end_cp] as usize;
        assert_eq!(&c.text[s..e], "Kirkuk");
        // "Two" starts after the removed ESC and the kept "[31m".
        let two = original[..original.find("Two").expect("present")]
            .chars()
            .count();
        assert_eq!(&c.text[map[two] as usize..map[two + 3] as usize], "Two");
    }

    #[test]
    fn the_fast_check_covers_every_treated_character() {
        let class =
            regex::Regex::new(r"^[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]$")
                .expect("a valid class");
        let slow = |c: char| class.is_match(c.encode_utf8(&mut [0u8; 4]));
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = slow(c);
            assert_eq!(suspicious(c), expected, "{:?}", c);
            let s = format!("ab{c}كركوك");
            assert_eq!(needs_cleaning(&s), expected, "{:?}", c);
        }
        // The scan reads eight bytes at a time: a character is caught at
        // every position in and after a block, and every ASCII byte is told
        // apart whatever its neighbours.
        let plain = "Kirkuk police said ~ 20 people were hurt";
        for c in [
            '\u{0}', '\u{1f}', ' ', '~', '\u{7f}', '\u{80}', '\u{ad}', 'é', '\u{202e}', '\u{6dd}',
        ]
        .into_iter()
        .chain((0..=0x7F_u8).map(char::from))
        {
            for at in 0..=20 {
                let s = format!("{}{c}{}", &plain[..at], &plain[at..]);
                assert_eq!(needs_cleaning(&s), slow(c), "{c:?} at {at}");
            }
        }
        assert!(!needs_cleaning(plain));
    }

    #[test]
    fn format_and_ignorable_characters_the_audit_found_are_removed() {
        let hidden = "\u{0600}\u{0605}\u{06DD}\u{070F}\u{0890}\u{0891}\u{08E2}\u{110BD}\u{110CD}\
                      \u{13430}\u{13438}\u{1BCA0}\u{1BCA3}\u{1D173}\u{1D17A}\u{115F}\u{1160}\u{3164}\
                      \u{FFA0}\u{034F}\u{17B4}\u{17B5}";
        let (s, n) = clean_inline(&format!("a{hidden}b"));
        assert_eq!(s, "ab");
        assert_eq!(n, hidden.chars().count());
        // Offsets still land on the visible text after them.
        let original = format!("{hidden}Kirkuk");
        let c = clean_text(&original);
        let map = c.offsets.as_ref().expect("changed");
        let at = hidden.chars().count();
        assert_eq!(&c.text[map[at] as usize..map[at + 6] as usize], "Kirkuk");
    }

    #[test]
    fn variation_selectors_stay_only_after_what_they_modify() {
        // Emoji presentation, and a ZWJ sequence through it.
        assert_eq!(clean_inline("\u{2764}\u{FE0F}").0, "\u{2764}\u{FE0F}");
        let fire_heart = "\u{2764}\u{FE0F}\u{200D}\u{1F525}";
        assert_eq!(clean_inline(fire_heart).0, fire_heart);
        // At the start, after a space, or after another selector: nothing
        // to modify.
        assert_eq!(clean_inline("\u{FE0F}x y \u{FE0E}").0, "x y ");
        assert_eq!(
            clean_inline("\u{2764}\u{FE0F}\u{FE0F}").0,
            "\u{2764}\u{FE0F}"
        );
    }

    #[test]
    fn printed_text_shows_what_cleaning_removes_escaped() {
        let name = "evil\u{1b}]0;TITLE\u{7}\u{202e}\u{9b}.json";
        assert_eq!(escaped(name), "evil\\e]0;TITLE\\u{7}\\u{202e}\\u{9b}.json");
        assert_eq!(
            shown_path(std::path::Path::new("/tmp/a\rb\u{200b}.json")),
            "/tmp/a\\rb\\u{200b}.json"
        );
        // Plain and script text, line breaks and joiners that cleaning keeps
        // are printed as they are.
        for kept in [
            "Kirkuk: 3 errors\n\tline 2",
            "می\u{200C}خواهم",
            "\u{2764}\u{FE0F}",
        ] {
            assert_eq!(escaped(kept), kept);
        }
    }

    #[test]
    fn json_values_are_cleaned_recursively() {
        let mut v = serde_json::json!({"k\u{1b}": ["x\u{7}", {"y": "\u{202E}z"}], "n": 1});
        assert_eq!(clean_value(&mut v), 3);
        assert_eq!(v, serde_json::json!({"k": ["x", {"y": "z"}], "n": 1}));
    }
}
