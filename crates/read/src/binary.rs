//! Binary detection: inputs that are not text at all.
//!
//! Three signals, cheapest first: a known file signature (PNG, PDF, ZIP...),
//! NUL bytes, and a high share of C0 control characters. The last two are
//! counted on bytes for ASCII-compatible encodings and on decoded characters
//! for UTF-16, where every ASCII letter has a NUL byte beside it.

/// Known signatures of formats that are never text, with a name for messages.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "gzip data (compressed twice?)"),
    (b"\x28\xb5\x2f\xfd", "zstd data (compressed twice?)"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
];

/// More NULs than 1 in this many units is binary. A stray NUL or two in a long
/// text is damage that `normalize` removes; a real binary file has NULs
/// everywhere.
pub const NUL_ONE_IN: usize = 1000;

/// More C0 control characters (other than tab, LF, VT, FF, CR) than 1 in this
/// many units (5%) is binary. Text has almost none; random bytes have 12.5%.
pub const CONTROL_ONE_IN: usize = 20;

/// The name of the known binary format `bytes` start with.
pub fn signature(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, name)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(name);
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    if bytes.len() >= 10 && bytes.starts_with(b"BZh") && bytes.get(4..10) == Some(b"1AY&SY") {
        return Some("bzip2 data");
    }
    None
}

fn is_text_control(unit: u32) -> bool {
    matches!(unit, 0x09..=0x0d)
}

/// [`control_verdict`] for bytes. Nearly every page has no control byte
/// at all, which one vectorised pass finds out.
pub fn bytes_verdict(bytes: &[u8]) -> Option<String> {
    if !corpus_core::bytes::any(bytes, |b| b < 0x20 && !is_text_control(u32::from(b))) {
        return None;
    }
    control_verdict(bytes.iter().map(|&b| u32::from(b)), "byte")
}

/// Why a sequence of code units (bytes, or characters for UTF-16) looks
/// binary, if it does. `unit` names them in the message ("byte", "character").
pub fn control_verdict(units: impl Iterator<Item = u32>, unit: &str) -> Option<String> {
    let mut total = 0usize;
    let mut nuls = 0usize;
    let mut first_nul = None;
    let mut controls = 0usize;
    let mut first_control = None;
    for (i, u) in units.enumerate() {
        total += 1;
        if u < 0x20 && !is_text_control(u) {
            controls += 1;
            first_control.get_or_insert(i);
            if u == 0 {
                nuls += 1;
                first_nul.get_or_insert(i);
            }
        }
    }
    if nuls > 0 && nuls.saturating_mul(NUL_ONE_IN) > total {
        return Some(format!(
            "contains NUL {unit}s ({nuls} of {total}, first at {unit} offset {})",
            first_nul.unwrap_or(0)
        ));
    }
    if controls > 0 && controls.saturating_mul(CONTROL_ONE_IN) > total {
        return Some(format!(
            "{controls} of {total} {unit}s are control characters (first at {unit} offset {})",
            first_control.unwrap_or(0)
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_fast_path_agrees_with_the_full_count() {
        for bytes in [
            &b"plain text\r\n\twith tabs"[..],
            b"",
            b"\x00\x00\x00abc",
            b"a\x01b\x02c\x03d",
            b"one\x1b[0m escape in a long enough line of text",
        ] {
            let full = control_verdict(bytes.iter().map(|&b| u32::from(b)), "byte");
            assert_eq!(bytes_verdict(bytes), full, "{bytes:?}");
        }
    }

    #[test]
    fn known_signatures_are_named() {
        assert_eq!(
            signature(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("a PNG image")
        );
        assert_eq!(signature(b"%PDF-1.7\n"), Some("a PDF document"));
        assert_eq!(signature(b"RIFF\0\0\0\0WEBPVP8 "), Some("a WebP image"));
        assert_eq!(signature(b"BZh91AY&SY"), Some("bzip2 data"));
        assert_eq!(signature(b"BZh is not bzip2"), None);
        assert_eq!(signature(b"Title\nBody"), None);
    }

    #[test]
    fn nul_bytes_make_binary_and_say_where() {
        let verdict = bytes_verdict(b"ab\0\0cd").unwrap();
        assert_eq!(
            verdict,
            "contains NUL bytes (2 of 6, first at byte offset 2)"
        );
    }

    #[test]
    fn a_stray_nul_in_a_long_text_is_damage_not_binary() {
        let mut text = b"A line of ordinary news text.\n".repeat(100);
        text[50] = 0;
        assert_eq!(bytes_verdict(&text), None);
    }

    #[test]
    fn control_heavy_bytes_are_binary() {
        let verdict = bytes_verdict(b"\x01\x02\x03text").unwrap();
        assert!(
            verdict.starts_with("3 of 7 bytes are control characters"),
            "{verdict}"
        );
    }

    #[test]
    fn tabs_newlines_and_form_feeds_are_text() {
        assert_eq!(bytes_verdict(b"a\tb\r\nc\x0cd\x0be\n"), None);
    }
}
