//! Decoding bytes to text: choosing the encoding, then judging the damage.
//!
//! The encoding is chosen in this order, first match wins:
//!
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) → [`EncodingSource::Bom`];
//! 2. the charset of the HTTP `Content-Type` the page was served with (a
//!    WARC response) → [`EncodingSource::Http`];
//! 3. for HTML, a declaration in the first bytes ([`crate::prescan`]) →
//!    [`EncodingSource::Meta`] or [`EncodingSource::XmlDeclaration`];
//! 4. UTF-16 without a BOM, recognised by NUL bytes on one side of every pair
//!    → [`EncodingSource::Detected`];
//! 5. bytes that are valid UTF-8 → [`EncodingSource::Utf8Valid`];
//! 6. bytes that are *mostly* UTF-8: at least as many valid multi-byte
//!    characters as invalid sequences (a damaged UTF-8 file, not a legacy one)
//!    → UTF-8, [`EncodingSource::Detected`];
//! 7. otherwise chardetng's guess (never UTF-8) → [`EncodingSource::Detected`].
//!
//! Decoding is lenient: an invalid sequence becomes U+FFFD and is counted. A
//! few are damage and noted in `repairs`; too many mean the encoding is wrong
//! or the file is garbage, and it is rejected (see [`UNREADABLE_ONE_IN`] and
//! [`WORD_BREAK_ONE_IN`]).

use crate::error::ReadError;
use crate::prescan;
use corpus_core::{EncodingSource, Format};
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Up to this many invalid sequences are always repaired, however short the
/// text: a couple of broken bytes in a short page are damage, not garbage.
pub const ALWAYS_REPAIRED: usize = 4;

/// Beyond [`ALWAYS_REPAIRED`], an input is rejected when more than 1 in this
/// many decoded characters (1%) are unreadable: U+FFFD from invalid
/// sequences, or, in a single-byte legacy encoding, C1 controls from bytes
/// the encoding leaves undefined (0x81, 0x8D... in windows-1252). Real
/// damage (a truncated download, a bad copy) stays far below 1%; a wrong
/// encoding or a binary blob is far above it.
pub const UNREADABLE_ONE_IN: usize = 100;

/// A guessed single-byte legacy encoding (chardetng's pick, nothing
/// declared) must yield at least one ASCII space, tab or newline per this
/// many characters. Prose in every single-byte script has word or line
/// breaks (Russian and Greek ~15%, even Thai ~2%); random high bytes, which
/// every single-byte encoding decodes without error, have none. A file of
/// one word and no newline in a legacy encoding is rejected by this too.
pub const WORD_BREAK_ONE_IN: usize = 256;

/// How far into the input the BOM-less UTF-16 check looks.
const UTF16_SNIFF_LEN: usize = 4096;

/// The text of an input and how it was decoded.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    /// Damage repaired while decoding, for `Document::repairs`.
    pub repairs: Vec<String>,
}

/// The encoding chosen for an input, and the length of its BOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    pub bom_len: usize,
}

/// Decode `bytes` (already decompressed) of an input of `format`.
pub fn decode(bytes: &[u8], format: Format) -> Result<Decoded, ReadError> {
    decode_with(bytes, format, None)
}

/// Decode `bytes` as [`decode`] does, with the encoding the HTTP
/// `Content-Type` header declared, if any (step 2 of the module docs).
pub fn decode_with(
    bytes: &[u8],
    format: Format,
    http: Option<&'static Encoding>,
) -> Result<Decoded, ReadError> {
    let choice = choose_with(bytes, format, http);
    let body = bytes.get(choice.bom_len..).unwrap_or_default();
    let (text, damage) = decode_counting(choice.encoding, body);
    let verdict = judge(&choice, &text, damage);
    if is_guessed_legacy(&choice) {
        // Say first what the user most likely expected: UTF-8.
        let not_text = |reason| {
            let offset = std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            ReadError::NotText {
                offset,
                guess: choice.encoding.name(),
                reason,
            }
        };
        if let Err(ReadError::Decode { invalid, chars, .. }) = verdict {
            let reason = format!("{invalid} of {chars} characters are undefined in it");
            return Err(not_text(reason));
        }
        if let Some(reason) = lacks_word_breaks(&text) {
            return Err(not_text(reason));
        }
    } else {
        verdict?;
    }
    let mut repairs = Vec::new();
    if let Some(offset) = damage.first_invalid {
        repairs.push(format!(
            "replaced {} invalid byte sequences with U+FFFD ({}; first at byte offset {})",
            damage.invalid,
            choice.encoding.name(),
            choice.bom_len + offset
        ));
    }
    Ok(Decoded {
        text,
        encoding: choice.encoding,
        source: choice.source,
        repairs,
    })
}

/// Choose the encoding of `bytes`; see the module docs for the order.
pub fn choose(bytes: &[u8], format: Format) -> Choice {
    choose_with(bytes, format, None)
}

/// [`choose`], with the charset of an HTTP `Content-Type` header.
pub fn choose_with(bytes: &[u8], format: Format, http: Option<&'static Encoding>) -> Choice {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Choice {
            encoding,
            source: EncodingSource::Bom,
            bom_len,
        };
    }
    let found = |encoding, source| Choice {
        encoding,
        source,
        bom_len: 0,
    };
    if let Some(encoding) = http {
        return found(encoding, EncodingSource::Http);
    }
    if format == Format::Html {
        if let Some((encoding, source)) = prescan::declared_encoding(bytes) {
            return found(encoding, source);
        }
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        return found(encoding, EncodingSource::Detected);
    }
    let utf8 = Utf8Stats::of(bytes);
    if utf8.invalid == 0 {
        return found(UTF_8, EncodingSource::Utf8Valid);
    }
    if utf8.multibyte >= utf8.invalid {
        return found(UTF_8, EncodingSource::Detected);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    found(guess, EncodingSource::Detected)
}

/// The UTF-16 encoding `bytes` are in, by BOM or, without one, by NUL bytes
/// on one side of every code unit pair. Binary detection needs this before
/// decoding: NUL bytes are normal in UTF-16.
pub fn utf16_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) if encoding == UTF_16LE || encoding == UTF_16BE => Some(encoding),
        Some(_) => None,
        None => bomless_utf16(bytes),
    }
}

/// UTF-16 without a BOM: in the first 4 KiB, no NUL byte on one side of the
/// pairs and at least half of the other side NUL (Latin-script text; CJK
/// UTF-16 without a BOM is not recognised and is left to binary detection).
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SNIFF_LEN)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if even == 0 && odd * 2 >= pairs {
        Some(UTF_16LE)
    } else if odd == 0 && even * 2 >= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts that tell damaged UTF-8 from a legacy encoding.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Utf8Stats {
    /// Valid characters of two or more bytes.
    multibyte: usize,
    /// Maximal invalid subsequences (each becomes one U+FFFD).
    invalid: usize,
}

impl Utf8Stats {
    fn of(bytes: &[u8]) -> Self {
        let mut stats = Utf8Stats::default();
        for chunk in bytes.utf8_chunks() {
            stats.multibyte += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
            stats.invalid += usize::from(!chunk.invalid().is_empty());
        }
        stats
    }
}

/// Invalid sequences met while decoding.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Damage {
    invalid: usize,
    /// Offset of the first invalid sequence, from the start of the decoded bytes.
    first_invalid: Option<usize>,
}

/// Decode with U+FFFD for each invalid sequence, counting them and
/// remembering where the first one was.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, Damage) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len().saturating_add(16));
    let mut damage = Damage::default();
    let mut read = 0usize;
    loop {
        let rest = bytes.get(read..).unwrap_or_default();
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(rest, &mut text, true);
        read += consumed;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(bytes.len().saturating_sub(read).max(16)),
            DecoderResult::Malformed(bad, after) => {
                damage.invalid += 1;
                let start = read.saturating_sub(usize::from(bad) + usize::from(after));
                damage.first_invalid.get_or_insert(start);
                text.push('\u{fffd}');
            }
        }
    }
    (text, damage)
}

/// Reject text with too many unreadable characters; see [`UNREADABLE_ONE_IN`].
fn judge(choice: &Choice, text: &str, damage: Damage) -> Result<(), ReadError> {
    let single_byte = choice.encoding.is_single_byte();
    if !single_byte && damage.invalid <= ALWAYS_REPAIRED {
        // No C1 count to take, and few enough invalid sequences whatever
        // the length: the characters need no counting (nearly every page).
        return Ok(());
    }
    let mut chars = 0usize;
    let mut c1 = 0usize;
    let mut first_c1 = None;
    for c in text.chars() {
        if single_byte && ('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}' {
            c1 += 1;
            // A single-byte encoding maps byte i to character i.
            first_c1.get_or_insert(chars);
        }
        chars += 1;
    }
    let unreadable = damage.invalid + c1;
    if unreadable <= ALWAYS_REPAIRED || unreadable.saturating_mul(UNREADABLE_ONE_IN) <= chars {
        return Ok(());
    }
    let offset = match (damage.first_invalid, first_c1) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => 0,
    };
    Err(ReadError::Decode {
        encoding: choice.encoding.name(),
        offset: choice.bom_len + offset,
        invalid: unreadable,
        chars,
        decided_by: crate::error::how_chosen(choice.source),
    })
}

/// Nothing declared the encoding, and chardetng picked a single-byte one.
fn is_guessed_legacy(choice: &Choice) -> bool {
    choice.source == EncodingSource::Detected
        && choice.encoding.is_single_byte()
        && choice.encoding != UTF_8
}

/// Why a guessed legacy decoding does not read as text, if it has too few
/// word breaks; see [`WORD_BREAK_ONE_IN`].
fn lacks_word_breaks(text: &str) -> Option<String> {
    let mut chars = 0usize;
    let mut breaks = 0usize;
    for c in text.chars() {
        chars += 1;
        breaks += usize::from(c.is_ascii_whitespace());
    }
    if breaks.saturating_mul(WORD_BREAK_ONE_IN) >= chars {
        return None;
    }
    Some(format!("{breaks} word breaks in {chars} characters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> Decoded {
        decode(bytes, Format::Text).unwrap()
    }

    #[test]
    fn valid_utf8_is_taken_as_is() {
        let d = text("Hà Nội, “tin tức”\n".as_bytes());
        assert_eq!(d.text, "Hà Nội, “tin tức”\n");
        assert_eq!(
            (d.encoding.name(), d.source),
            ("UTF-8", EncodingSource::Utf8Valid)
        );
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn boms_decide_and_are_removed() {
        let d = text(b"\xef\xbb\xbfTitle");
        assert_eq!((d.text.as_str(), d.source), ("Title", EncodingSource::Bom));
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "Hà Nội".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let d = text(&utf16);
        assert_eq!((d.text.as_str(), d.encoding.name()), ("Hà Nội", "UTF-16LE"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let be: Vec<u8> = "Title\nBody"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let d = text(&be);
        assert_eq!(
            (d.text.as_str(), d.encoding.name()),
            ("Title\nBody", "UTF-16BE")
        );
        assert_eq!(d.source, EncodingSource::Detected);
    }

    #[test]
    fn windows_1252_without_declaration_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le café de la gare a fermé ses portes. « Très triste », dit-il.\n");
        let d = text(&bytes);
        assert_eq!(d.encoding.name(), "windows-1252");
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("café"), "{}", d.text);
    }

    #[test]
    fn a_few_invalid_bytes_in_utf8_are_repaired_and_noted() {
        let mut bytes = "Hà Nội “tin” ".repeat(50).into_bytes();
        bytes.splice(10..10, [0xff, 0xfe]);
        let d = text(&bytes);
        assert_eq!(d.encoding.name(), "UTF-8");
        assert_eq!(d.text.matches('\u{fffd}').count(), 2);
        assert_eq!(
            d.repairs,
            ["replaced 2 invalid byte sequences with U+FFFD (UTF-8; first at byte offset 10)"]
        );
    }

    #[test]
    fn badly_damaged_utf8_is_rejected_with_the_first_offset() {
        let mut bytes = "Hà Nội là thủ đô của Việt Nam. ".repeat(40).into_bytes();
        for i in (7..bytes.len()).step_by(25) {
            bytes[i] = 0xff;
        }
        let err = decode(&bytes, Format::Text).unwrap_err();
        let msg = err.to_string();
        // Byte 7 is the last byte of "ộ", whose sequence starts at 5.
        assert!(msg.starts_with("invalid UTF-8 at byte offset 5: "), "{msg}");
        assert!(msg.ends_with("(encoding chosen by detection)"), "{msg}");
    }

    #[test]
    fn high_byte_garbage_is_rejected_even_when_a_legacy_encoding_accepts_it() {
        let garbage = b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc".repeat(100);
        let err = decode(&garbage, Format::Text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("invalid UTF-8 at byte offset 0, "), "{msg}");
        assert!(msg.contains("does not read as text"), "{msg}");
    }

    #[test]
    fn legacy_scripts_with_word_breaks_decode() {
        for (encoding, sample) in [
            (
                encoding_rs::WINDOWS_1251,
                "Москва — столица России. «ТАСС» сообщает, что шёл снег.\n",
            ),
            (
                encoding_rs::WINDOWS_1253,
                "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.\n",
            ),
            (
                encoding_rs::WINDOWS_1252,
                "Die Straße war nass. Größere Schäden gab es nicht.\n",
            ),
        ] {
            let sample = sample.repeat(10);
            let (bytes, _, _) = encoding.encode(&sample);
            let d = text(&bytes);
            assert_eq!(d.encoding, encoding, "{sample}");
            assert_eq!(d.text, sample);
        }
    }

    #[test]
    fn declared_utf8_with_latin1_bytes_is_rejected() {
        let mut page = b"<html><head><meta charset=utf-8></head><body>".to_vec();
        page.extend(b"caf\xe9 cr\xe8me br\xfbl\xe9e ".repeat(20));
        let err = decode(&page, Format::Html).unwrap_err();
        assert!(matches!(err, ReadError::Decode { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("(encoding chosen by <meta> declaration)"),
            "{err}"
        );
    }

    #[test]
    fn meta_declaration_decides_html() {
        let mut page = br#"<html><head><meta charset="iso-8859-1"></head><body>"#.to_vec();
        page.extend(b"caf\xe9</body></html>");
        let d = decode(&page, Format::Html).unwrap();
        assert_eq!(
            (d.encoding.name(), d.source),
            ("windows-1252", EncodingSource::Meta)
        );
        assert!(d.text.contains("café"));
    }

    #[test]
    fn undefined_windows_1252_bytes_count_as_unreadable() {
        let bytes = b"\x81\x8d\x8f\x90\x9d".repeat(20);
        let choice = Choice {
            encoding: encoding_rs::WINDOWS_1252,
            source: EncodingSource::Detected,
            bom_len: 0,
        };
        let (text, damage) = decode_counting(choice.encoding, &bytes);
        assert!(judge(&choice, &text, damage).is_err());
        let mut page = b"<meta charset=windows-1252>".to_vec();
        page.extend(&bytes);
        let msg = decode(&page, Format::Html).unwrap_err().to_string();
        assert!(
            msg.starts_with("invalid windows-1252 at byte offset 27: "),
            "{msg}"
        );
    }
}
