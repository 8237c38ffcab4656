//! Characters that draw nothing: Unicode's General_Category Cf (format
//! characters) and Default_Ignorable_Code_Point, as one sorted table.
//!
//! Generated from the Unicode Character Database as the `regex` crate
//! carries it (its `\p{Cf}` and `\p{Default_Ignorable_Code_Point}` classes).
//! The test `the_table_is_unicodes_own` below recomputes it over every code
//! point and prints the table to paste here when a new Unicode version
//! changes it.

/// Inclusive ranges, sorted and disjoint.
pub(super) const INVISIBLE: &[(char, char)] = &[
    ('\u{AD}', '\u{AD}'),
    ('\u{34F}', '\u{34F}'),
    ('\u{600}', '\u{605}'),
    ('\u{61C}', '\u{61C}'),
    ('\u{6DD}', '\u{6DD}'),
    ('\u{70F}', '\u{70F}'),
    ('\u{890}', '\u{891}'),
    ('\u{8E2}', '\u{8E2}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E0FFF}'),
];

/// Is `c` a format character or default-ignorable? Most text (CJK, Hangul
/// syllables, Arabic letters) is told by one comparison.
pub(super) fn is_invisible(c: char) -> bool {
    if ('\u{3165}'..'\u{FE00}').contains(&c) || c < '\u{AD}' {
        return false;
    }
    INVISIBLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Variation selectors: invisible, but they choose the glyph of the
/// character before them (emoji or text style, CJK variants, Mongolian
/// forms), so they stay after a visible character.
pub(super) fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180D}' | '\u{180F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unicode_ranges() -> Vec<(char, char)> {
        let class = regex::Regex::new(r"^[\p{Cf}\p{Default_Ignorable_Code_Point}]$")
            .expect("a valid class");
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !class.is_match(c.encode_utf8(&mut buf)) {
                continue;
            }
            match ranges.last_mut() {
                Some(last) if u32::from(last.1) + 1 == u32::from(c) => last.1 = c,
                _ => ranges.push((c, c)),
            }
        }
        ranges
    }

    #[test]
    fn the_table_is_unicodes_own() {
        let expected = unicode_ranges();
        let table: String = expected
            .iter()
            .map(|(lo, hi)| {
                format!(
                    "    ('\\u{{{:X}}}', '\\u{{{:X}}}'),\n",
                    *lo as u32, *hi as u32
                )
            })
            .collect();
        assert_eq!(INVISIBLE, expected.as_slice(), "paste this table:\n{table}");
    }

    #[test]
    fn the_lookup_agrees_with_the_table_everywhere() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let listed = INVISIBLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c));
            assert_eq!(is_invisible(c), listed, "{c:?}");
        }
    }

    #[test]
    fn the_characters_the_audit_found_are_invisible() {
        for c in [
            '\u{0600}',
            '\u{0605}',
            '\u{06DD}',
            '\u{070F}',
            '\u{0890}',
            '\u{08E2}',
            '\u{110BD}',
            '\u{110CD}',
            '\u{13430}',
            '\u{1BCA3}',
            '\u{1D17A}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{034F}',
            '\u{17B4}',
            '\u{17B5}',
            '\u{FE0F}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', 'ك', '中', '한', '😀', '\u{0301}', ' '] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }
}
