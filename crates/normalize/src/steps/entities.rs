//! Decode HTML entities left in text.
//!
//! **What it catches:** character references that a scraper copied as
//! text instead of decoding: named ones (`&amp;`, `&nbsp;`, `&quot;`,
//! `&rsquo;`, `&hellip;`, `&eacute;`, `&agrave;`... the common HTML set
//! plus every Latin-1 letter), decimal (`&#8217;`) and hexadecimal
//! (`&#x1EA1;`), with or without the final `;` for the numeric ones.
//! Double-escaped references (`&amp;quot;`) are decoded to the end.
//!
//! **Why:** the same sentence arrives as `Tom &amp; Jerry` from one page and
//! `Tom & Jerry` from another; left as is, they are different text to
//! deduplication and noise to a reader.
//!
//! A reference that would yield a line end (`&#10;`) yields a space, so the
//! line count is kept; one that names no character (`&#0;`, a surrogate,
//! `&bogus;`) is left as it is.
//!
//! **Example:** `"Tom &amp;amp; Jerry&#8217;s &ldquo;show&rdquo;"` becomes
//! `"Tom & Jerry’s “show”"`.

/// Named references decoded, by name.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("shy", '\u{ad}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("times", '×'),
    ("divide", '÷'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("micro", 'µ'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Aring", 'Å'),
    ("AElig", 'Æ'),
    ("Ccedil", 'Ç'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Euml", 'Ë'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Iuml", 'Ï'),
    ("ETH", 'Ð'),
    ("Ntilde", 'Ñ'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Oslash", 'Ø'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("THORN", 'Þ'),
    ("szlig", 'ß'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("aring", 'å'),
    ("aelig", 'æ'),
    ("ccedil", 'ç'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("euml", 'ë'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iuml", 'ï'),
    ("eth", 'ð'),
    ("ntilde", 'ñ'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("oslash", 'ø'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("thorn", 'þ'),
    ("yuml", 'ÿ'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
];

/// The longest reference looked at, `&` and `;` included.
const MAX_LEN: usize = 12;

/// The character a reference body (between `&` and `;`) stands for.
fn resolve(body: &str) -> Option<char> {
    let c = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        if code == 0 {
            return None;
        }
        char::from_u32(code)?
    } else {
        NAMED.iter().find(|(name, _)| *name == body)?.1
    };
    Some(if c == '\n' || c == '\r' { ' ' } else { c })
}

/// The reference starting at `text[at..]` (which starts with `&`): the
/// character and the length of the reference.
fn reference(text: &str, at: usize) -> Option<(char, usize)> {
    let rest = &text[at + 1..];
    let end = rest
        .char_indices()
        .nth(MAX_LEN)
        .map_or(rest.len(), |(i, _)| i);
    let window = &rest[..end];
    if let Some(end) = window.find(';') {
        let c = resolve(&window[..end])?;
        return Some((c, end + 2));
    }
    // A numeric reference without `;`: as many digits as there are.
    let number = window.strip_prefix('#')?;
    let (hex, digits) = match number.strip_prefix(['x', 'X']) {
        Some(hex) => (true, hex),
        None => (false, number),
    };
    let count = digits
        .bytes()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if count == 0 {
        return None;
    }
    let prefix = 1 + usize::from(hex);
    let c = resolve(&window[..prefix + count])?;
    Some((c, 1 + prefix + count))
}

fn pass(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut changed = false;
    for (at, _) in text.match_indices('&') {
        if at < copied {
            continue;
        }
        if let Some((c, len)) = reference(text, at) {
            out.push_str(&text[copied..at]);
            out.push(c);
            copied = at + len;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// Decode references in `text` in place, repeating until none is left
/// (each pass shortens the text, so this ends); returns whether anything
/// changed.
pub fn decode_entities(text: &mut String) -> bool {
    let mut changed = false;
    while text.contains('&') {
        match pass(text) {
            Some(decoded) => {
                *text = decoded;
                changed = true;
            }
            None => break,
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> String {
        let mut text = text.to_string();
        decode_entities(&mut text);
        text
    }

    #[test]
    fn named_numeric_and_double_escaped_references_are_decoded() {
        assert_eq!(
            decode("Tom &amp;amp; Jerry&#8217;s &ldquo;show&rdquo;"),
            "Tom & Jerry’s “show”"
        );
        assert_eq!(decode("Vi&#x1EC7;t &#273;&ocirc;"), "Việt đô");
        assert_eq!(decode("a&#39s b&nbsp;c"), "a's b\u{a0}c");
    }

    #[test]
    fn line_ends_become_spaces_and_non_references_stay() {
        assert_eq!(decode("a&#10;b&#13;c"), "a b c");
        for text in [
            "AT&T", "R&D; x", "&bogus;", "&#0;", "&#xD800;", "&", "&#;", "a & b",
        ] {
            assert_eq!(decode(text), text);
        }
    }
}
