//! A one-line text field: the search box, a note, a flag reason, a field of
//! the edit form. Pure state; the cursor is a char index.
//!
//! What is typed is cleaned as loaded text is (bidirectional controls,
//! zero-width and other invisible characters removed), so it is neither
//! echoed nor stored in the journal raw. A joiner or variation selector
//! typed at the cursor waits for the character after it, which it needs
//! to be kept.

use crate::dataset::sanitize::{clean_inline, clean_text};

/// A key as a text field sees it (terminal-free).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKey {
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-W / Ctrl-Backspace: delete the word before the cursor.
    DeleteWord,
    /// Ctrl-U: delete everything before the cursor.
    DeleteToStart,
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
    /// A joiner (ZWJ, ZWNJ) or variation selector just typed, inserted with
    /// the next character typed (alone it would be cleaned away).
    pending: Option<char>,
}

/// Characters kept only next to others: typed, they wait for the next.
fn waits_for_next(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let (text, _) = clean_inline(text);
        let cursor = text.chars().count();
        TextInput {
            text,
            cursor,
            pending: None,
        }
    }

    /// Cleans the text after an edit, keeping the cursor after the same
    /// character it followed.
    fn clean(&mut self) {
        let cleaned = clean_text(&self.text);
        if let Some(map) = cleaned.offsets {
            let byte = map
                .get(self.cursor)
                .or(map.last())
                .map_or(0, |&b| b as usize);
            self.cursor = cleaned.text.get(..byte).map_or(0, |s| s.chars().count());
            self.text = cleaned.text;
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Applies an editing key. Returns true when the text changed.
    pub fn edit(&mut self, key: InputKey) -> bool {
        let len = self.text.chars().count();
        let pending = self.pending.take();
        match key {
            InputKey::Char(c) if waits_for_next(c) => {
                self.pending = Some(c);
                false
            }
            InputKey::Char(c) if !c.is_control() => {
                let before = (self.text.len(), self.cursor);
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                if let Some(joiner) = pending {
                    self.text.insert(at, joiner);
                    self.cursor += 1;
                }
                self.clean();
                (self.text.len(), self.cursor) != before
            }
            InputKey::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                true
            }
            InputKey::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            InputKey::DeleteWord if self.cursor > 0 => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
                true
            }
            InputKey::DeleteToStart if self.cursor > 0 => {
                let b = self.byte_at(self.cursor);
                self.text.replace_range(..b, "");
                self.cursor = 0;
                true
            }
            InputKey::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            InputKey::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            InputKey::Home => {
                self.cursor = 0;
                false
            }
            InputKey::End => {
                self.cursor = len;
                false
            }
            _ => false,
        }
    }

    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[InputKey]) -> TextInput {
        let mut t = TextInput::default();
        for k in keys {
            t.edit(*k);
        }
        t
    }

    #[test]
    fn typing_and_editing_in_the_middle() {
        use InputKey::*;
        let t = typed(&[Char('k'), Char('r'), Left, Char('i'), End, Char('k')]);
        assert_eq!(t.text(), "kirk");
        let t = typed(&[Char('a'), Char('b'), Home, Delete, Backspace]);
        assert_eq!(t.text(), "b");
    }

    #[test]
    fn non_ascii_is_edited_by_character() {
        let mut t = TextInput::new("كركوك");
        assert!(t.edit(InputKey::Backspace));
        assert_eq!(t.text(), "كركو");
        t.edit(InputKey::Home);
        t.edit(InputKey::Right);
        t.edit(InputKey::Char('é'));
        assert_eq!(t.text(), "كéركو");
    }

    #[test]
    fn word_and_line_deletion() {
        let mut t = TextInput::new("province:kirkuk  killed>2");
        t.edit(InputKey::DeleteWord);
        assert_eq!(t.text(), "province:kirkuk  ");
        t.edit(InputKey::DeleteWord);
        assert_eq!(t.text(), "");
        let mut t = TextInput::new("abc");
        t.edit(InputKey::Left);
        t.edit(InputKey::DeleteToStart);
        assert_eq!((t.text(), t.cursor()), ("c", 0));
    }

    #[test]
    fn invisible_and_bidi_characters_typed_are_cleaned_and_the_cursor_follows() {
        use InputKey::*;
        let mut t = typed(&[Char('a'), Char('c'), Left]);
        for c in [
            '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{00AD}', '\u{061C}',
        ] {
            assert!(!t.edit(Char(c)), "{c:?} changed the text");
        }
        assert_eq!((t.text(), t.cursor()), ("ac", 1));
        t.edit(Char('b'));
        assert_eq!((t.text(), t.cursor()), ("abc", 2));
        // Text given to the field is cleaned too.
        let t = TextInput::new("evil\u{202E}txt\u{200B}");
        assert_eq!((t.text(), t.cursor()), ("eviltxt", 7));
    }

    #[test]
    fn joiners_typed_between_letters_are_kept() {
        use InputKey::*;
        // Persian "می‌خواهم": ZWNJ typed after the first word.
        let t = typed(&[Char('م'), Char('ی'), Char('\u{200C}'), Char('خ'), Char('و')]);
        assert_eq!((t.text(), t.cursor()), ("می\u{200C}خو", 5));
        // A joiner typed and left with nothing after it is not kept.
        let t = typed(&[Char('a'), Char('\u{200D}'), Char(' ')]);
        assert_eq!(t.text(), "a ");
    }

    #[test]
    fn control_characters_are_not_typed() {
        let mut t = TextInput::default();
        assert!(!t.edit(InputKey::Char('\u{1b}')));
        assert!(!t.edit(InputKey::Backspace));
        assert_eq!(t.text(), "");
    }
}
