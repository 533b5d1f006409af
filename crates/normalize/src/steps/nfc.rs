//! Compose text to Unicode Normalization Form C.
//!
//! **What it catches:** the same letter stored two ways. Vietnamese is the
//! common case: "Hoà" can be `o` + `à` (U+00E0) or `o` + `a` + combining
//! grave (U+0300), and "ệ" can be one, two or three code points. Pages typed
//! on different keyboards or copied from PDFs mix both.
//!
//! **Why:** without it, equal words hash differently, so deduplication misses
//! duplicates and boilerplate lines, and counts and searches disagree. NFC is
//! the form the Web and most tools expect; NFKC would go further (ﬁ → fi,
//! ² → 2) and change meaning, so it is not used.
//!
//! **Example:** `"Hoa\u{300}"` becomes `"Hoà"` (`"Ho\u{e0}"`).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Compose `text` to NFC in place. The quick check answers "yes" for almost
/// all real text (ASCII and precomposed letters) without allocating.
pub fn to_nfc(text: &mut String) -> bool {
    if quick_check(text) == IsNormalized::Yes {
        return false;
    }
    let composed: String = text.nfc().collect();
    let changed = composed != *text;
    if changed {
        *text = composed;
    }
    changed
}

/// The NFC quick check, run only where it can say anything other than yes.
/// Every character below U+0300 is NFC-stable with combining class 0, so it
/// passes and resets the check: the runs of characters from U+0300 up,
/// whose UTF-8 starts with a byte from 0xCC, can be checked one by one, and
/// the text between them is skipped byte by byte without decoding.
fn quick_check(text: &str) -> IsNormalized {
    let bytes = text.as_bytes();
    let mut answer = IsNormalized::Yes;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b >= 0xcc) {
        let start = at + offset;
        // The run ends at an ASCII byte or at the lead byte of a character
        // below U+0300 (0xC0–0xCB); both are character boundaries.
        let end = bytes[start..]
            .iter()
            .position(|&b| b < 0x80 || (0xc0..0xcc).contains(&b))
            .map_or(bytes.len(), |len| start + len);
        match is_nfc_quick(text[start..end].chars()) {
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => answer = IsNormalized::Maybe,
            IsNormalized::Yes => {}
        }
        at = end;
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_below_u0300_pass_the_quick_check_with_class_zero() {
        for c in '\0'..'\u{300}' {
            let text = c.to_string();
            assert_eq!(
                is_nfc_quick(text.chars()),
                IsNormalized::Yes,
                "U+{:04X}",
                u32::from(c)
            );
            // Class 0: a combining mark after it is in order.
            let marked = format!("{c}\u{301}\u{300}");
            assert_eq!(
                is_nfc_quick(marked.chars()),
                is_nfc_quick("\u{301}\u{300}".chars()),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_skipping_check_agrees_with_the_whole_one(
            text in "(\\PC|[a-zà-ỹ]|\u{300}|\u{301}|\u{323}|\u{302}|\u{340}|\u{1100}|\u{1161}){0,40}"
        ) {
            proptest::prop_assert_eq!(quick_check(&text), is_nfc_quick(text.chars()));
        }
    }

    fn nfc(text: &str) -> String {
        let mut text = text.to_string();
        to_nfc(&mut text);
        text
    }

    #[test]
    fn composed_and_decomposed_vietnamese_become_equal() {
        assert_eq!(nfc("Hoa\u{300}"), "Ho\u{e0}");
        assert_eq!(nfc("Hoa\u{300}"), nfc("Hoà"));
        // ệ as e + circumflex + dot below, and as ê + dot below.
        assert_eq!(nfc("Vie\u{302}\u{323}t"), "Việt");
        assert_eq!(nfc("Vi\u{ea}\u{323}t"), "Việt");
    }

    #[test]
    fn compatibility_characters_are_kept() {
        assert_eq!(nfc("ﬁ x²"), "ﬁ x²");
    }

    #[test]
    fn text_already_in_nfc_is_not_reallocated() {
        let mut text = String::from("Hà Nội, Việt Nam");
        let before = text.as_ptr();
        to_nfc(&mut text);
        assert_eq!(text.as_ptr(), before);
    }
}
