//! Fold whitespace, keeping the line structure.
//!
//! **What it catches:**
//! - CRLF and lone CR line ends, which become LF;
//! - tabs, no-break spaces (U+00A0, U+202F) and every other Unicode space
//!   (U+2000–U+200A, U+3000, U+1680, U+205F, VT, FF, NEL, and the line and
//!   paragraph separators U+2028/U+2029), which become a plain space;
//! - invisible zero-width characters (U+200B ZWSP, U+2060 word joiner,
//!   U+FEFF BOM), which are removed;
//! - runs of spaces, collapsed to one, and spaces at the start or end of a
//!   line, trimmed.
//!
//! **Why:** scraped pages are full of NBSP between numbers and units, tab
//! indentation and trailing spaces that make equal lines hash differently
//! and confuse line-shape rules in segmentation. Only LF counts as a line
//! end: later stages report line numbers in the normalised text, so the
//! number of lines must equal the number after CRLF/CR → LF (blank lines
//! stay), which is why U+2028 and friends become spaces, not line ends.
//! ZWJ (U+200D) and ZWNJ (U+200C) stay: they carry meaning in emoji
//! sequences and in Persian and Indic scripts, and the corpus is multilingual.
//!
//! **Example:** `"  Giá\u{a0}vàng \t tăng\u{200b} \r\n\r\nTin  mới "` becomes
//! `"Giá vàng tăng\n\nTin mới"`.

use corpus_core::whitespace::{whitespace_len, zero_width_len};

/// Whether `c` is removed outright: one of the characters
/// [`zero_width_len`] matches.
pub fn is_zero_width(c: char) -> bool {
    zero_width_len(c.encode_utf8(&mut [0; 4]).as_bytes()).is_some()
}

/// Whether `c` becomes a plain space: whitespace that does not end a line.
fn is_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

/// Turn CRLF and lone CR into LF, and nothing else. [`crate::Normalizer`]
/// runs this before removing control characters, so that removing the NUL
/// in `"\r\0\n"` cannot join two line ends into one CRLF and lose a line.
pub fn unify_line_ends(text: &mut String) -> bool {
    if !text.contains('\r') {
        return false;
    }
    // CRLF first, so that what is left are lone CRs.
    let crlf = text.replace("\r\n", "\n");
    *text = if crlf.contains('\r') {
        crlf.replace('\r', "\n")
    } else {
        crlf
    };
    true
}

/// Fold whitespace in `text`; see the module docs. Text that is already
/// clean is left in place: one read-only pass finds that out. Returns
/// whether the text changed.
pub fn normalize_whitespace(text: &mut String) -> bool {
    if is_clean(text) {
        return false;
    }
    // `is_clean` is exact (tested against `fold`): the text changes.
    *text = fold(text);
    true
}

/// Whether [`fold`] would return `text` unchanged. Runs over bytes, matching
/// the UTF-8 of the non-ASCII spaces and of the zero-width characters rather
/// than decoding every character.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut prev = b'\n';
    for (i, &byte) in bytes.iter().enumerate() {
        let dirty = match byte {
            b'\r' | b'\t' | 0x0b | 0x0c => true,
            b' ' => prev == b'\n' || prev == b' ',
            b'\n' => prev == b' ',
            0xe2 | 0xef if zero_width_len(&bytes[i..]).is_some() => true,
            0x80.. => whitespace_len(&bytes[i..]).is_some(),
            _ => false,
        };
        if dirty {
            return false;
        }
        prev = byte;
    }
    prev != b' '
}

fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A space seen since the last visible character, written only when
    // another visible character follows on the same line.
    let mut pending_space = false;
    let mut line_has_text = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    continue;
                }
                out.push('\n');
                pending_space = false;
                line_has_text = false;
            }
            c if is_zero_width(c) => {}
            c if is_space(c) => pending_space = line_has_text,
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
                line_has_text = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(text: &str) -> String {
        let mut text = text.to_string();
        normalize_whitespace(&mut text);
        text
    }

    #[test]
    fn no_break_and_unicode_spaces_become_plain_spaces() {
        assert_eq!(ws("a\u{a0}b"), "a b");
        assert_eq!(ws("10\u{202f}000\u{3000}VND"), "10 000 VND");
        assert_eq!(ws("a\tb\u{2003}c\u{2028}d"), "a b c d");
    }

    #[test]
    fn crlf_and_lone_cr_become_lf_and_keep_the_line_count() {
        let text = "Title\r\n\r\nBody one\rBody two\r\n";
        let folded = ws(text);
        assert_eq!(folded, "Title\n\nBody one\nBody two\n");
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        assert_eq!(folded.lines().count(), lf.lines().count());
    }

    #[test]
    fn line_ends_alone_can_be_unified() {
        let mut text = String::from("a\r\n\rb \r");
        unify_line_ends(&mut text);
        assert_eq!(text, "a\n\nb \n");
        // A lone CR before a CRLF is a line end of its own.
        let mut text = String::from("a\r\r\nb\r\n\r");
        unify_line_ends(&mut text);
        assert_eq!(text, "a\n\nb\n\n");
    }

    #[test]
    fn runs_collapse_and_line_edges_are_trimmed_but_blank_lines_stay() {
        assert_eq!(
            ws("  Giá\u{a0}vàng \t tăng\u{200b} \r\n \r\nTin  mới "),
            "Giá vàng tăng\n\nTin mới"
        );
        assert_eq!(ws("\n\n \n"), "\n\n\n");
    }

    #[test]
    fn zero_width_characters_vanish_without_splitting_words() {
        assert_eq!(ws("Hà\u{200b}Nội\u{feff}"), "HàNội");
        assert_eq!(ws("a \u{200b} b"), "a b");
    }

    #[test]
    fn joiners_that_carry_meaning_stay() {
        // Persian "می‌خواهم" needs its ZWNJ; a family emoji needs its ZWJs.
        assert_eq!(ws("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(ws("👩\u{200d}👧"), "👩\u{200d}👧");
    }

    #[test]
    fn clean_text_is_left_in_place() {
        let mut text = String::from("Title\n\nBody line one.\nTwo");
        let before = text.as_ptr();
        normalize_whitespace(&mut text);
        assert_eq!(text.as_ptr(), before);
    }

    #[test]
    fn the_clean_check_agrees_with_folding() {
        for text in [
            "", " ", "a ", " a", "a  b", "a\n b", "a \nb", "a\n\nb", "\u{a0}", "a\r", "x",
        ] {
            assert_eq!(is_clean(text), fold(text) == text, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_clean_check_agrees_with_folding_on_any_mix(
            text in "[ a\n\r\t\u{0b}\u{85}\u{a0}\u{1680}\u{2009}\u{200b}\u{200d}\u{2060}\u{3000}\u{feff}éđ€ậ]{0,10}"
        ) {
            proptest::prop_assert_eq!(is_clean(&text), fold(&text) == text);
        }
    }
}
