//! Deciding whether an input is a text dump or an HTML page.
//!
//! The file name decides first (`.html`, `.htm`, `.xhtml`, after stripping
//! `.gz`/`.zst`); otherwise the first bytes are sniffed for `<!doctype html`
//! or `<html`, after a BOM, whitespace, an XML declaration and comments.
//! Everything else is a text dump.

use crate::decompress::strip_compression_extension;
use corpus_core::Format;
use encoding_rs::Encoding;

const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// How many leading bytes the sniffer looks at.
const SNIFF_LEN: usize = 1024;

/// The format of an input named `name` (its source) holding `bytes`.
/// `utf16` is the UTF-16 encoding the bytes are in, if any, so the sniffer
/// can read them.
pub fn detect(name: &str, bytes: &[u8], utf16: Option<&'static Encoding>) -> Format {
    if has_html_extension(name) || looks_like_html(bytes, utf16) {
        Format::Html
    } else {
        Format::Text
    }
}

fn has_html_extension(name: &str) -> bool {
    let name = strip_compression_extension(name);
    let file_name = name.rsplit('/').next().unwrap_or(name);
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => HTML_EXTENSIONS
            .iter()
            .any(|html| ext.eq_ignore_ascii_case(html)),
        _ => false,
    }
}

fn looks_like_html(bytes: &[u8], utf16: Option<&'static Encoding>) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let text = match utf16 {
        Some(encoding) => encoding.decode_with_bom_removal(head).0,
        None => String::from_utf8_lossy(head),
    };
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        let skip_to = if rest.starts_with("<?xml") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else {
            break;
        };
        match skip_to.and_then(|end| rest.get(end..)) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    starts_with_tag(rest, "<!doctype html") || starts_with_tag(rest, "<html")
}

/// `text` starts with `tag` (ASCII case-insensitive), not followed by a
/// letter or digit (`<htmlx` is not `<html`).
fn starts_with_tag(text: &str, tag: &str) -> bool {
    let Some(head) = text.get(..tag.len()) else {
        return false;
    };
    head.eq_ignore_ascii_case(tag)
        && !text[tag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_even_under_compression() {
        assert_eq!(detect("site/page.html", b"plain", None), Format::Html);
        assert_eq!(detect("page.HTM.gz", b"plain", None), Format::Html);
        assert_eq!(detect("page.xhtml.zst", b"plain", None), Format::Html);
        assert_eq!(detect("page.txt", b"plain", None), Format::Text);
        assert_eq!(detect(".html", b"plain", None), Format::Text);
    }

    #[test]
    fn html_is_sniffed_after_bom_whitespace_and_prologue() {
        let html = |b: &[u8]| detect("page.txt", b, None);
        assert_eq!(html(b"<!DOCTYPE html>\n<html>"), Format::Html);
        assert_eq!(html(b"\xef\xbb\xbf  \n<HTML lang=vi>"), Format::Html);
        assert_eq!(
            html(b"<?xml version=\"1.0\"?>\n<!-- saved -->\n<html>"),
            Format::Html
        );
        assert_eq!(html(b"<htmlx>"), Format::Text);
        assert_eq!(html(b"Title\n<html> is a tag"), Format::Text);
        assert_eq!(html(b"<!-- never closed <html>"), Format::Text);
    }

    #[test]
    fn utf16_html_is_sniffed_through_its_encoding() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "<html><body>".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let utf16 = Some(encoding_rs::UTF_16LE);
        assert_eq!(detect("page", &bytes, utf16), Format::Html);
    }
}
