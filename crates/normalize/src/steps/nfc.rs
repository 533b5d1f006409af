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
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return false;
    }
    let composed: String = text.nfc().collect();
    let changed = composed != *text;
    if changed {
        *text = composed;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

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
