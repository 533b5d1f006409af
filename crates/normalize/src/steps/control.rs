//! Remove control characters.
//!
//! **What it catches:** C0 controls (U+0000–U+001F, NUL included), DEL
//! (U+007F) and C1 controls (U+0080–U+009F), except those that are
//! whitespace: tab, LF, VT, FF, CR and NEL (U+0085) are left for
//! [`super::whitespace`], which turns them into spaces or line ends.
//!
//! **Why:** scraped text picks up stray controls from broken encodings
//! (C1 controls are what windows-1252 punctuation becomes when decoded as
//! Latin-1), form feeds and NUL padding. They are invisible, break tokenisers
//! and make otherwise equal lines differ. Removing them loses nothing a
//! reader would see, so the count is all the `repairs` note needs.
//!
//! **Example:** `"Hà\u{0}Nội\u{1b}"` becomes `"HàNội"`; `"a\tb\r\n"` is kept
//! as it is for the whitespace step.

/// Whether `c` is removed: a control character that is not whitespace.
pub fn is_removed(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// Whether `bytes` may hold a character [`is_removed`] takes: C0 controls
/// other than the whitespace ones and DEL are single bytes, found in one
/// vectorised pass; C1 controls (U+0080–U+009F) follow a 0xC2 byte, which
/// is rare enough to look at one by one.
fn may_hold_controls(bytes: &[u8]) -> bool {
    corpus_core::bytes::any(bytes, |b| {
        (b < 0x20 && !matches!(b, b'\t'..=b'\r')) || b == 0x7f
    }) || memchr::memchr_iter(0xc2, bytes).any(|i| {
        bytes
            .get(i + 1)
            .is_some_and(|&next| (0x80..=0x9f).contains(&next))
    })
}

/// Remove control characters from `text` in place; returns how many were
/// removed. Never allocates.
pub fn remove_controls(text: &mut String) -> usize {
    if !may_hold_controls(text.as_bytes()) {
        return 0;
    }
    let mut removed = 0;
    text.retain(|c| {
        let remove = is_removed(c);
        removed += usize::from(remove);
        !remove
    });
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_check_finds_every_removed_character() {
        let mut buf = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            // U+0085 (NEL) is whitespace, kept, but shares C1's byte pattern.
            if is_removed(c) || c == '\u{85}' {
                assert!(may_hold_controls(bytes), "U+{:04X}", u32::from(c));
            } else {
                assert!(!may_hold_controls(bytes), "U+{:04X}", u32::from(c));
            }
        }
    }

    fn clean(text: &str) -> (String, usize) {
        let mut text = text.to_string();
        let removed = remove_controls(&mut text);
        (text, removed)
    }

    #[test]
    fn nul_escape_and_c1_controls_are_removed_and_counted() {
        assert_eq!(clean("Hà\u{0}Nội\u{1b}"), ("HàNội".into(), 2));
        assert_eq!(clean("it\u{92}s \u{7f}ok"), ("its ok".into(), 2));
    }

    #[test]
    fn line_ends_tabs_and_other_whitespace_controls_stay_for_the_whitespace_step() {
        let text = "a\tb\r\nc\u{b}d\u{c}e\u{85}f\n";
        assert_eq!(clean(text), (text.to_string(), 0));
    }

    #[test]
    fn clean_text_is_left_alone() {
        let mut text = String::from("Tiêu đề\nNội dung.");
        let before = text.as_ptr();
        assert_eq!(remove_controls(&mut text), 0);
        assert_eq!(text.as_ptr(), before);
    }
}
