//! A one-line text field: the search box, a note, a flag reason, a field of
//! the edit form. Pure state; the cursor is a char index.

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
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
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
        match key {
            InputKey::Char(c) if !c.is_control() => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                true
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
    fn control_characters_are_not_typed() {
        let mut t = TextInput::default();
        assert!(!t.edit(InputKey::Char('\u{1b}')));
        assert!(!t.edit(InputKey::Backspace));
        assert_eq!(t.text(), "");
    }
}
