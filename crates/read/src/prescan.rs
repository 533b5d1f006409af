//! A small prescan of an HTML page's first bytes for a declared encoding.
//!
//! It looks at the first [`PRESCAN_LEN`] bytes only, without parsing the
//! page: an XML declaration at the very start (`<?xml ... encoding="..."?>`),
//! then `<meta charset="...">` or `<meta http-equiv="Content-Type"
//! content="text/html; charset=...">`, skipping comments. It follows the
//! WHATWG prescan closely enough for real pages, not to the letter.

use corpus_core::EncodingSource;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// How far into the page a declaration is looked for. The WHATWG prescan
/// stops at 1024 bytes; news pages often have long `<head>` preambles, and a
/// declaration found a little later is still better than a guess.
pub const PRESCAN_LEN: usize = 4096;

/// The encoding the page declares, and where it was declared.
pub fn declared_encoding(bytes: &[u8]) -> Option<(&'static Encoding, EncodingSource)> {
    let head = &bytes[..bytes.len().min(PRESCAN_LEN)];
    if let Some(encoding) = xml_declaration(head) {
        return Some((encoding, EncodingSource::XmlDeclaration));
    }
    meta_charset(head).map(|encoding| (encoding, EncodingSource::Meta))
}

/// The encoding for a declared label. Labels of the "replacement" encoding
/// (which would decode the whole page to one U+FFFD) are ignored; a UTF-16
/// label read from ASCII bytes cannot be right, so it means UTF-8, and
/// x-user-defined means windows-1252, as in the WHATWG prescan.
fn resolve(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label_no_replacement(label)?;
    Some(if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    })
}

fn xml_declaration(head: &[u8]) -> Option<&'static Encoding> {
    let decl = head.strip_prefix(b"<?xml")?;
    let end = find(decl, b"?>")?;
    let decl = &decl[..end];
    let at = find_ci(decl, b"encoding")?;
    let rest = skip_space(&decl[at + b"encoding".len()..]);
    let rest = skip_space(rest.strip_prefix(b"=")?);
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = value.iter().position(|&b| b == quote)?;
    resolve(&value[..close])
}

fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(offset) = head.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        i += offset;
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(rest.len(), |end| 4 + end + 3);
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_space(rest[5]) || rest[5] == b'/');
        if !is_meta {
            i += 1;
            continue;
        }
        let (attributes, consumed) = attributes(&rest[5..]);
        if let Some(encoding) = meta_encoding(&attributes) {
            return Some(encoding);
        }
        i += 5 + consumed;
    }
    None
}

/// What a `<meta>` tag's attributes declare, if anything. `charset` wins over
/// `http-equiv`, wherever it appears in the tag.
fn meta_encoding(attributes: &[Attribute<'_>]) -> Option<&'static Encoding> {
    let get = |name: &[u8]| {
        attributes
            .iter()
            .find(|(n, _)| n.as_slice() == name)
            .map(|(_, value)| *value)
    };
    if let Some(charset) = get(b"charset") {
        return resolve(charset);
    }
    let http_equiv = get(b"http-equiv")?;
    if !http_equiv.eq_ignore_ascii_case(b"content-type") {
        return None;
    }
    charset_from_content(get(b"content")?)
}

/// The charset in a `content="text/html; charset=..."` value.
fn charset_from_content(content: &[u8]) -> Option<&'static Encoding> {
    let at = find_ci(content, b"charset")?;
    let rest = skip_space(&content[at + b"charset".len()..]);
    let rest = skip_space(rest.strip_prefix(b"=")?);
    let value = match rest.first() {
        Some(&quote @ (b'"' | b'\'')) => {
            let value = &rest[1..];
            &value[..value.iter().position(|&b| b == quote)?]
        }
        _ => {
            let end = rest
                .iter()
                .position(|&b| b == b';' || is_space(b))
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    resolve(value)
}

/// A tag attribute: its lower-cased name and raw value.
type Attribute<'a> = (Vec<u8>, &'a [u8]);

/// Parse a tag's attributes up to its `>`: lower-cased names and raw values,
/// and how many bytes were consumed.
fn attributes(tag: &[u8]) -> (Vec<Attribute<'_>>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < tag.len() && (is_space(tag[i]) || tag[i] == b'/') {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'>' {
            return (out, (i + 1).min(tag.len()));
        }
        let name_start = i;
        while i < tag.len() && !matches!(tag[i], b'=' | b'/' | b'>') && !is_space(tag[i]) {
            i += 1;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        while i < tag.len() && is_space(tag[i]) {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while i < tag.len() && is_space(tag[i]) {
                i += 1;
            }
            match tag.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = tag[start..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(tag.len(), |p| start + p);
                    value = &tag[start..end];
                    i = (end + 1).min(tag.len());
                }
                _ => {
                    let start = i;
                    while i < tag.len() && tag[i] != b'>' && !is_space(tag[i]) {
                        i += 1;
                    }
                    value = &tag[start..i];
                }
            }
        }
        if !out.iter().any(|(n, _): &Attribute<'_>| *n == name) {
            out.push((name, value));
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(html: &str) -> Option<(&'static str, EncodingSource)> {
        declared_encoding(html.as_bytes()).map(|(e, s)| (e.name(), s))
    }

    #[test]
    fn meta_charset_is_found() {
        assert_eq!(
            declared(r#"<!doctype html><html><head><meta charset="iso-8859-1">"#),
            Some(("windows-1252", EncodingSource::Meta))
        );
        assert_eq!(
            declared("<html><head><META CHARSET=utf-8>"),
            Some(("UTF-8", EncodingSource::Meta))
        );
    }

    #[test]
    fn http_equiv_content_type_is_found() {
        let page =
            r#"<head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"/>"#;
        assert_eq!(declared(page), Some(("Shift_JIS", EncodingSource::Meta)));
        let unquoted = "<meta content='text/html;charset=windows-1258' http-equiv=content-type>";
        assert_eq!(
            declared(unquoted),
            Some(("windows-1258", EncodingSource::Meta))
        );
    }

    #[test]
    fn comments_and_other_metas_are_skipped() {
        let page = r#"<!-- <meta charset="koi8-r"> --><meta name="viewport" content="width=device-width"><meta charset="gbk">"#;
        assert_eq!(declared(page), Some(("GBK", EncodingSource::Meta)));
    }

    #[test]
    fn utf16_and_replacement_labels_are_not_taken_literally() {
        assert_eq!(
            declared(r#"<meta charset="utf-16">"#),
            Some(("UTF-8", EncodingSource::Meta))
        );
        assert_eq!(declared(r#"<meta charset="iso-2022-kr">"#), None);
        assert_eq!(declared(r#"<meta charset="no-such-charset">"#), None);
    }

    #[test]
    fn xml_declaration_is_read() {
        let page = "<?xml version=\"1.0\" encoding='ISO-8859-15'?>\n<html>";
        assert_eq!(
            declared(page),
            Some(("ISO-8859-15", EncodingSource::XmlDeclaration))
        );
    }

    #[test]
    fn declarations_past_the_prescan_window_are_ignored() {
        let page = format!("<html>{}<meta charset=\"gbk\">", " ".repeat(PRESCAN_LEN));
        assert_eq!(declared(&page), None);
    }

    #[test]
    fn broken_markup_never_panics() {
        for page in [
            "<meta",
            "<meta ",
            "<meta charset=",
            "<meta charset=\"",
            "<?xml encoding=",
            "<!--",
        ] {
            let _ = declared(page);
        }
    }
}
