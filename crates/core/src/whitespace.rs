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

/// The length in bytes of the invisible zero-width character that `bytes`
/// starts with, if it starts with one: U+200B zero-width space, U+2060 word
/// joiner, U+FEFF byte-order mark. ZWJ and ZWNJ are not among them: they
/// carry meaning in emoji sequences and in Persian and Indic scripts.
pub fn zero_width_len(bytes: &[u8]) -> Option<usize> {
    match *bytes {
        [0xe2, 0x80, 0x8b, ..] | [0xe2, 0x81, 0xa0, ..] | [0xef, 0xbb, 0xbf, ..] => Some(3),
        _ => None,
    }
}

/// The number of characters of `text` that are not whitespace, counted
/// over bytes in passes the compiler vectorises: characters start at every
/// byte that is not a continuation byte; whitespace is ASCII but for a few
/// characters behind four lead bytes.
pub fn non_whitespace_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let chars = crate::bytes::count(bytes, |b| b & 0xc0 != 0x80);
    let ascii_spaces = crate::bytes::count(bytes, |b| matches!(b, b'\t'..=b'\r' | b' '));
    chars - ascii_spaces - non_ascii_whitespace(text)
}

/// Whether `text` is words joined by single spaces: no space at either
/// end, no two in a row, and no other whitespace. Whole-slice passes rather
/// than one loop that branches on every byte: callers run this on every
/// block of every page, and most blocks are.
pub fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !crate::bytes::any(bytes, |b| matches!(b, b'\t'..=b'\r'))
        && memchr::memmem::find(bytes, b"  ").is_none()
        && non_ascii_whitespace(text) == 0
}

/// The number of words of a text [`is_single_spaced`] accepts.
pub fn single_spaced_words(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        crate::bytes::count(text.as_bytes(), |b| b == b' ') + 1
    }
}

/// How many whitespace characters outside ASCII `text` holds. They all
/// start with 0xC2, 0xE1, 0xE2 or 0xE3; only there is a sequence matched.
fn non_ascii_whitespace(text: &str) -> usize {
    if text.is_ascii() {
        return 0;
    }
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            matches!(bytes[i], 0xc2 | 0xe1 | 0xe2 | 0xe3) && whitespace_len(&bytes[i..]).is_some()
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_width_matches_its_three_characters_only() {
        let mut buf = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}').then_some(3);
            assert_eq!(zero_width_len(bytes), expected, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn counts_non_whitespace_characters_as_chars_does() {
        for text in [
            "",
            "  ",
            "Giá\u{a0}vàng  tăng\u{3000}mạnh\t\n",
            "a\u{200b}b \u{1680}c\u{2029}😀",
        ] {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(non_whitespace_chars(text), expected, "{text:?}");
        }
    }

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

    #[test]
    fn single_spaced_texts_are_recognised_and_counted() {
        for (text, words) in [
            ("Hà Nội mới", Some(3)),
            ("đường", Some(1)),
            ("", Some(0)),
            ("a  b", None),
            (" a", None),
            ("a ", None),
            ("a\tb", None),
            ("a\u{a0}b", None),
            ("a\u{3000}b", None),
            ("a\u{2009}b", None),
            ("a\u{85}b", None),
            ("Ấn Độ ơi", Some(3)),
        ] {
            let got = is_single_spaced(text).then(|| single_spaced_words(text));
            assert_eq!(got, words, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_single_spaced_check_agrees_with_collapsing(
            text in "[ ab\t\n\u{85}\u{a0}\u{1680}\u{2009}\u{3000}éậ]{0,12}"
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            let collapsed = words.join(" ");
            proptest::prop_assert_eq!(is_single_spaced(&text), collapsed == text);
            if collapsed == text {
                proptest::prop_assert_eq!(single_spaced_words(&text), words.len());
            }
        }

        #[test]
        fn non_whitespace_count_agrees_on_any_text(text in "(\\PC|\\s|\u{a0}|\u{3000}|\u{200b}){0,64}") {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            proptest::prop_assert_eq!(non_whitespace_chars(&text), expected);
        }
    }
}
