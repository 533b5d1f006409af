//! Whitespace found byte by byte, for loops over every byte of a page.
//!
//! Decoding each character to ask [`char::is_whitespace`] is slow on text
//! where most characters are multi-byte (Vietnamese letters with tone marks
//! all start with 0xE1); the few whitespace characters outside ASCII have
//! fixed UTF-8 sequences that can be matched directly.

/// The length in bytes of the whitespace character (as
/// [`char::is_whitespace`] says) that `bytes` starts with, if it starts with
/// one.
pub fn whitespace_len(bytes: &[u8]) -> Option<usize> {
    match *bytes {
        [b'\t'..=b'\r' | b' ', ..] => Some(1),
        // U+0085 NEL, U+00A0 no-break space
        [0xc2, 0x85 | 0xa0, ..] => Some(2),
        // U+1680 Ogham space mark
        [0xe1, 0x9a, 0x80, ..]
        // U+2000–U+200A spaces, U+2028/U+2029 separators, U+202F narrow no-break space
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        // U+205F medium mathematical space
        | [0xe2, 0x81, 0x9f, ..]
        // U+3000 ideographic space
        | [0xe3, 0x80, 0x80, ..] => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_char_is_whitespace_on_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = c.is_whitespace().then_some(bytes.len());
            assert_eq!(whitespace_len(bytes), expected, "U+{:04X}", u32::from(c));
        }
        assert_eq!(whitespace_len(b""), None);
        assert_eq!(whitespace_len(&[0xe2, 0x80]), None, "cut short");
    }
}
