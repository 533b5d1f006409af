//! Decoding gives the text back: random text encoded as UTF-8, UTF-16 (with
//! and without a BOM), windows-1252 and windows-1258 reads back unchanged.

use corpus_core::Record;
use corpus_read::{ReadConfig, read_bytes};
use encoding_rs::{Encoding, WINDOWS_1252, WINDOWS_1258};
use proptest::prelude::*;

/// Every character a single-byte encoding can write (printable bytes only).
fn alphabet(encoding: &'static Encoding) -> Vec<char> {
    (0x20u8..=0xff)
        .filter(|b| *b != 0x7f)
        .filter_map(|b| {
            let byte = [b];
            let (text, had_errors) = encoding.decode_without_bom_handling(&byte);
            let c = text.chars().next()?;
            (!had_errors && !c.is_control()).then_some(c)
        })
        .collect()
}

/// Words from `chars`, with spaces and newlines, long enough to read as text.
fn text_from(chars: Vec<char>) -> impl Strategy<Value = String> {
    let word = proptest::collection::vec(proptest::sample::select(chars), 1..9)
        .prop_map(|w| w.into_iter().collect::<String>());
    proptest::collection::vec((word, prop_oneof![Just(" "), Just("\n")]), 20..120).prop_map(
        |words| {
            let mut text = String::from("Page title\n");
            for (word, sep) in words {
                text.push_str(word.trim());
                text.push_str(sep);
            }
            text
        },
    )
}

fn decoded(source: &str, bytes: Vec<u8>) -> (String, Option<String>) {
    match read_bytes(source, bytes, &ReadConfig::default()).remove(0) {
        Record::Document(doc) => (doc.text, doc.encoding),
        Record::Reject(reject) => panic!("rejected: {}", reject.message),
    }
}

/// An HTML page declaring its charset, so the test checks decoding, not guessing.
fn page(charset: &str, body: &str) -> String {
    format!("<html><head><meta charset=\"{charset}\"></head><body><p>{body}</p></body></html>")
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend(if big_endian {
            [0xfe, 0xff]
        } else {
            [0xff, 0xfe]
        });
    }
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn utf8_reads_back(text in "[a-zA-Z0-9 .,\u{e0}-\u{1b0}\u{1ea0}-\u{1ef9}\u{4e00}-\u{4e80}\n]{1,400}") {
        let text = format!("Title\n{text}");
        let (back, encoding) = decoded("p.txt", text.clone().into_bytes());
        prop_assert_eq!(back, text);
        prop_assert_eq!(encoding.as_deref(), Some("UTF-8"));
    }

    #[test]
    fn utf16_with_a_bom_reads_back(text in text_from(alphabet(WINDOWS_1252)), big_endian in any::<bool>()) {
        let (back, _) = decoded("p.txt", utf16(&text, big_endian, true));
        prop_assert_eq!(back, text);
    }

    #[test]
    fn utf16_without_a_bom_reads_back(text in "[a-zA-Z .,\u{e0}-\u{ff}\n]{40,400}", big_endian in any::<bool>()) {
        let text = format!("Page title\n{text}");
        let (back, encoding) = decoded("p.txt", utf16(&text, big_endian, false));
        prop_assert_eq!(back, text);
        prop_assert!(encoding.unwrap_or_default().starts_with("UTF-16"));
    }

    #[test]
    fn windows_1252_reads_back(body in text_from(alphabet(WINDOWS_1252))) {
        let html = page("windows-1252", &body.replace(['<', '>', '&'], " "));
        let (bytes, _, unmappable) = WINDOWS_1252.encode(&html);
        prop_assert!(!unmappable);
        let (back, encoding) = decoded("p.html", bytes.into_owned());
        prop_assert_eq!(back, html);
        prop_assert_eq!(encoding.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn windows_1258_reads_back(body in text_from(alphabet(WINDOWS_1258))) {
        let html = page("windows-1258", &body.replace(['<', '>', '&'], " "));
        let (bytes, _, unmappable) = WINDOWS_1258.encode(&html);
        prop_assert!(!unmappable);
        let (back, encoding) = decoded("p.html", bytes.into_owned());
        prop_assert_eq!(back, html);
        prop_assert_eq!(encoding.as_deref(), Some("windows-1258"));
    }
}
