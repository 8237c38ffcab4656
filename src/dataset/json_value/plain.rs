//! A one-pass reader for the plain JSON Lines record: the shape nearly
//! every line of a large dataset has.
//!
//! serde_json reads a record token by token through visitors, which costs
//! about half of a load's CPU (1,500 instructions for one evidence span of
//! 45 bytes). [`Reader`] walks the bytes once, and
//! [`crate::dataset::record::plain_line`] reads a plain record with it
//! straight into its [`Document`] or [`Incident`]. For anything it does not
//! read (malformed JSON, a repeated or escaped key, deep nesting, a number
//! other than a small integer or a short fraction) a reader method says
//! `None` and the line is read by serde_json ([`crate::dataset::json_read`]),
//! so messages, positions and duplicate-key reports come from one place.
//! Numbers it does not read itself are handed to serde_json, so every
//! number reads exactly as it does there.
//!
//! The property test below holds the reader to serde_json's tree on
//! generated and mutated JSON.
//!
//! [`Document`]: crate::dataset::Document
//! [`Incident`]: crate::dataset::Incident

use std::borrow::Cow;

use super::{special_byte, Object, Raw};

/// Deeper nesting is left to serde_json (which stops at 128).
const MAX_DEPTH: usize = 64;

/// Objects with more keys are left to serde_json's reader, which indexes
/// their keys.
const MAX_KEYS: usize = 64;

/// A cursor over one line's JSON. Each method reads one piece at the
/// cursor and says `None` for anything it does not read.
pub(in crate::dataset) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(in crate::dataset) fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    #[inline]
    pub(in crate::dataset) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Only white space is left.
    pub(in crate::dataset) fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.at == self.bytes.len()
    }

    #[inline]
    pub(in crate::dataset) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    #[inline]
    pub(in crate::dataset) fn expect(&mut self, byte: u8) -> Option<()> {
        if self.peek()? == byte {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// After a member or element: true when a `,` and another one follow
    /// (white space skipped up to it), false at `close`.
    #[inline]
    pub(in crate::dataset) fn more(&mut self, close: u8) -> Option<bool> {
        self.skip_ws();
        let b = self.peek()?;
        self.at += 1;
        if b == close {
            return Some(false);
        }
        if b != b',' {
            return None;
        }
        self.skip_ws();
        Some(true)
    }

    /// A key without escapes, then the `:` and white space after it.
    #[inline]
    pub(in crate::dataset) fn key(&mut self) -> Option<&'a str> {
        // Without the `Cow` of `string`: a key with an escape is not plain.
        let (start, end) = self.string_run()?;
        if *self.bytes.get(end)? != b'"' {
            return None;
        }
        let key = self.text.get(start..end)?;
        self.at = end + 1;
        self.skip_ws();
        self.expect(b':')?;
        self.skip_ws();
        Some(key)
    }

    /// The opening quote of a string, then where its plain run starts and
    /// ends: at its first `"`, `\` or control character.
    #[inline]
    fn string_run(&mut self) -> Option<(usize, usize)> {
        self.expect(b'"')?;
        let start = self.at;
        Some((start, start + special_byte(self.bytes.get(start..)?)?))
    }

    /// A string starting here, borrowed when it holds no escape.
    #[inline]
    pub(in crate::dataset) fn string(&mut self) -> Option<Cow<'a, str>> {
        let (start, end) = self.string_run()?;
        match self.bytes.get(end)? {
            b'"' => {
                self.at = end + 1;
                Some(Cow::Borrowed(self.text.get(start..end)?))
            }
            b'\\' => {
                let mut out = String::with_capacity(end - start + 16);
                out.push_str(self.text.get(start..end)?);
                self.at = end;
                self.escaped_rest(&mut out)?;
                Some(Cow::Owned(out))
            }
            _ => None, // a control character: not JSON
        }
    }

    /// The rest of a string from its first backslash, decoded into `out`.
    fn escaped_rest(&mut self, out: &mut String) -> Option<()> {
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    let escape = *self.bytes.get(self.at + 1)?;
                    self.at += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                _ => {
                    let start = self.at;
                    let end = start + special_byte(self.bytes.get(start..)?)?;
                    if self.bytes.get(end)? < &0x20 {
                        return None;
                    }
                    out.push_str(self.text.get(start..end)?);
                    self.at = end;
                }
            }
        }
    }

    /// The character of a `\u` escape whose four digits start here; a
    /// surrogate pair is read whole. A lone surrogate is left to serde_json.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
            return None;
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.at += 4;
        Some(n)
    }

    pub(in crate::dataset) fn value(&mut self, depth: usize) -> Option<Raw<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Raw::String),
            b'{' if depth < MAX_DEPTH => self.object(depth),
            b'[' if depth < MAX_DEPTH => self.array(depth),
            b't' => self.literal("true", Raw::Bool(true)),
            b'f' => self.literal("false", Raw::Bool(false)),
            b'n' => self.literal("null", Raw::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    pub(in crate::dataset) fn literal(&mut self, word: &str, value: Raw<'a>) -> Option<Raw<'a>> {
        if self.bytes.get(self.at..)?.starts_with(word.as_bytes()) {
            self.at += word.len();
            Some(value)
        } else {
            None
        }
    }

    /// A non-negative integer of at most 19 digits (which cannot
    /// overflow), with no leading zero, sign, point or exponent; `None` for
    /// any other number, the cursor then somewhere inside it.
    pub(in crate::dataset) fn integer(&mut self) -> Option<u64> {
        let start = self.at;
        let mut n = 0u64;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
            self.at += 1;
        }
        let len = self.at - start;
        let integer = (1..=19).contains(&len)
            && (len == 1 || self.bytes.get(start) != Some(&b'0'))
            && !matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E'));
        integer.then_some(n)
    }

    /// A small non-negative integer or a short decimal fraction (a
    /// confidence) is read here; any other number is read by serde_json, so
    /// it comes out exactly as before.
    fn number(&mut self) -> Option<Raw<'a>> {
        let start = self.at;
        if let Some(n) = self.integer() {
            return Some(Raw::Number(n.into()));
        }
        self.at = start;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        let text = self.text.get(start..self.at)?;
        if let Some(f) = short_fraction(text) {
            return serde_json::Number::from_f64(f).map(Raw::Number);
        }
        match serde_json::from_str::<Raw>(text) {
            Ok(n @ Raw::Number(_)) => Some(n),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Raw<'a>> {
        let mut object = Object::default();
        self.members(|r, key| {
            let value = r.value(depth + 1)?;
            add_new(&mut object, key, value)
        })?;
        Some(Raw::Object(object))
    }

    /// The elements of an array, each read by `element`.
    pub(in crate::dataset) fn elements<T>(
        &mut self,
        element: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut items = Vec::with_capacity(4);
        self.elements_into(&mut items, element)?;
        Some(items)
    }

    /// The elements of an array, each read by `element` and pushed onto
    /// `items`.
    pub(in crate::dataset) fn elements_into<T>(
        &mut self,
        items: &mut Vec<T>,
        mut element: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<()> {
        self.expect(b'[')?;
        self.skip_ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            items.push(element(self)?);
            if !self.more(b']')? {
                return Some(());
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Raw<'a>> {
        self.elements(|r| r.value(depth + 1)).map(Raw::Array)
    }

    /// The members of an object, each read by `member` after its key.
    pub(in crate::dataset) fn members(
        &mut self,
        mut member: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.expect(b'{')?;
        self.skip_ws();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            member(self, key)?;
            if !self.more(b'}')? {
                return Some(());
            }
        }
    }
}

/// `text` as a number when it is a fraction written `I.F` with at most 15
/// digits in all (and a JSON integer part), computed as serde_json computes
/// it: all the digits as an integer, divided by the power of ten of the
/// fraction's length (both exact as doubles, so the quotient is the
/// nearest double to the fraction).
fn short_fraction(text: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (int, frac) = text.split_once('.')?;
    let json_int = int.len() == 1 || !int.starts_with('0');
    if int.is_empty() || frac.is_empty() || !json_int || int.len() + frac.len() > 15 {
        return None;
    }
    let mut significand = 0u64;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        significand = significand * 10 + u64::from(b - b'0');
    }
    Some(significand as f64 / POW10.get(frac.len())?)
}

/// Adds a key the object does not hold yet; a repeated key, or one past
/// [`MAX_KEYS`], is left to serde_json.
pub(in crate::dataset) fn add_new<'a>(
    object: &mut Object<'a>,
    key: &'a str,
    value: Raw<'a>,
) -> Option<()> {
    if object.len() >= MAX_KEYS || object.get(key).is_some() {
        return None;
    }
    object.push(key, value);
    Some(())
}

#[cfg(test)]
pub(in crate::dataset) mod tests;
