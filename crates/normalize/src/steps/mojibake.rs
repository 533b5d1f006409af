//! Repair mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1.
//!
//! **What it catches:** runs of characters such as `â€™`, `Ã©`, `Ã¢`,
//! `Ä‘Æ°á»ng`, which are the UTF-8 bytes of `’`, `é`, `â`, `đường` read one
//! byte per character. Both readings are handled: Windows-1252 (`€`, `’`,
//! `“` for bytes 0x80–0x9F) and Latin-1 (C1 controls U+0080–U+009F for the
//! same bytes). Text encoded wrongly twice is repaired by repeating.
//!
//! **Why:** scrapers and CMSes that guess the encoding wrong produce it by
//! the page; decoding cannot undo it, because the bytes *were* valid
//! Windows-1252. Left alone, "don’t" and "donâ€™t" are different words to
//! deduplication, and Vietnamese turns unreadable.
//!
//! **How, conservatively** (in the spirit of ftfy's `fix_encoding`, checked
//! against it by `tools/ftfy_compare.py`): a maximal run of characters that
//! all exist in Windows-1252/Latin-1 (no ASCII whitespace) and that holds a
//! non-ASCII one is encoded back to bytes. It is replaced only if those bytes
//! are valid UTF-8 *and* every non-ASCII character they decode to is in a
//! script that real text uses (Latin-1 and Latin Extended-A letters, the
//! Vietnamese letters, Greek, Cyrillic, Hebrew, Arabic, Thai, CJK, Hangul,
//! punctuation, currency, symbols and emoji). Correct text is left alone:
//! a real "Â" or "Ã" stands next to letters, which never continue a UTF-8
//! sequence; Vietnamese text holds letters outside Windows-1252 (ộ, ư),
//! which end a run; and "CAFÉ…" would decode to U+0245, a letter from Latin
//! Extended-B that no language here writes, so it stays.
//!
//! **Example:** `"Itâ€™s cafÃ© time"` becomes `"It’s café time"`;
//! `"Ä‘Æ°á»ng"` becomes `"đường"`; `"Âge, SÃO PAULO, CAFÉ…"` is kept.

/// The byte a character stands for in Windows-1252, or, for the C1
/// controls that Latin-1 decoding leaves, in Latin-1. Called for every
/// character of non-ASCII text, so the 27 characters that Windows-1252
/// puts at 0x80–0x9F are a match, not an encoder call (the test checks the
/// table against encoding_rs).
fn byte_of(c: char) -> Option<u8> {
    let code = u32::from(c);
    if code <= 0xff {
        return u8::try_from(code).ok();
    }
    Some(match code {
        0x20ac => 0x80, // €
        0x201a => 0x82, // ‚
        0x0192 => 0x83, // ƒ
        0x201e => 0x84, // „
        0x2026 => 0x85, // …
        0x2020 => 0x86, // †
        0x2021 => 0x87, // ‡
        0x02c6 => 0x88, // ˆ
        0x2030 => 0x89, // ‰
        0x0160 => 0x8a, // Š
        0x2039 => 0x8b, // ‹
        0x0152 => 0x8c, // Œ
        0x017d => 0x8e, // Ž
        0x2018 => 0x91, // ‘
        0x2019 => 0x92, // ’
        0x201c => 0x93, // “
        0x201d => 0x94, // ”
        0x2022 => 0x95, // •
        0x2013 => 0x96, // –
        0x2014 => 0x97, // —
        0x02dc => 0x98, // ˜
        0x2122 => 0x99, // ™
        0x0161 => 0x9a, // š
        0x203a => 0x9b, // ›
        0x0153 => 0x9c, // œ
        0x017e => 0x9e, // ž
        0x0178 => 0x9f, // Ÿ
        _ => return None,
    })
}

/// Whether a run may hold `c`: a Windows-1252/Latin-1 character that is not
/// ASCII whitespace or an ASCII control.
fn in_run(c: char) -> bool {
    !c.is_ascii_whitespace() && !c.is_ascii_control() && byte_of(c).is_some()
}

/// Whether `c`, decoded from a repaired run, is a character real text uses.
fn is_plausible(c: char) -> bool {
    matches!(u32::from(c),
        0x00..=0x7f
        | 0xa0..=0x17f          // Latin-1 Supplement, Latin Extended-A
        | 0x1a0 | 0x1a1 | 0x1af | 0x1b0 // ơ Ơ ư Ư
        | 0x300..=0x36f         // combining marks
        | 0x370..=0x3ff         // Greek
        | 0x400..=0x4ff         // Cyrillic
        | 0x590..=0x6ff         // Hebrew, Arabic
        | 0xe00..=0xe7f         // Thai
        | 0x1e00..=0x1eff       // Latin Extended Additional (Vietnamese)
        | 0x2000..=0x206f       // punctuation
        | 0x20a0..=0x20cf       // currency
        | 0x2100..=0x22ff       // letterlike, number forms, arrows, maths
        | 0x2600..=0x27bf       // symbols, dingbats
        | 0x3000..=0x9fff       // CJK
        | 0xac00..=0xd7af       // Hangul
        | 0xff00..=0xffef       // full-width forms
        | 0x1f000..=0x1faff     // emoji
    ) && !matches!(u32::from(c), 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x206f)
}

/// `run` encoded back to Windows-1252 bytes and decoded as UTF-8, if every
/// character maps to a byte, the bytes are valid UTF-8 and the text changes.
fn decode_run(run: &str) -> Option<String> {
    if run.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = run.chars().map(byte_of).collect::<Option<_>>()?;
    let fixed = std::str::from_utf8(&bytes).ok()?;
    (fixed != run).then(|| fixed.to_string())
}

/// The repair of one run, if it is mojibake: decoded once, or twice when
/// the text was garbled twice (the first decoding then still holds C1
/// controls or Latin Extended-B letters, which are not plausible).
fn repair_run(run: &str) -> Option<String> {
    let once = decode_run(run)?;
    if once.chars().all(is_plausible) {
        return Some(once);
    }
    let twice = decode_run(&once)?;
    twice.chars().all(is_plausible).then_some(twice)
}

/// Whether `text` holds a character that stands for a UTF-8 lead byte
/// (0xC2–0xF4) followed by one that stands for a continuation byte
/// (0x80–0xBF). A run can only decode to different valid UTF-8 if it holds
/// such a pair, so text without one (ASCII, and nearly all correct text) is
/// passed over without building runs.
///
/// A lead byte read as Windows-1252 or Latin-1 is U+00C2–U+00F4, whose
/// UTF-8 is 0xC3 then 0x82–0xB4: only the characters after such a pair are
/// decoded.
fn has_lead_then_continuation(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xc3, bytes).any(|i| {
        matches!(bytes.get(i + 1), Some(0x82..=0xb4))
            && text
                .get(i + 2..)
                .and_then(|rest| rest.chars().next())
                .and_then(byte_of)
                .is_some_and(|b| (0x80..=0xbf).contains(&b))
    })
}

/// One pass over `text`: every run that is mojibake, repaired. `None` when
/// nothing changed.
fn pass(text: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut repaired = 0usize;
    let mut copied = 0usize;
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inside = in_run(c);
        if inside && start.is_none() {
            start = Some(i);
        }
        let run_ends = !inside || chars.peek().is_none_or(|&(_, next)| !in_run(next));
        if let (true, Some(from)) = (run_ends && inside, start) {
            let to = i + c.len_utf8();
            if let Some(fixed) = repair_run(&text[from..to]) {
                out.push_str(&text[copied..from]);
                out.push_str(&fixed);
                copied = to;
                repaired += 1;
            }
            start = None;
        }
        if !inside {
            start = None;
        }
    }
    if repaired == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, repaired))
}

/// Repair mojibake in `text` in place; returns how many runs were repaired.
/// Repeats while something changes (text encoded wrongly twice), at most
/// three times.
pub fn repair_mojibake(text: &mut String) -> usize {
    if text.is_ascii() || !has_lead_then_continuation(text) {
        return 0;
    }
    let mut total = 0;
    for _ in 0..3 {
        match pass(text) {
            Some((fixed, repaired)) => {
                *text = fixed;
                total += repaired;
            }
            None => break,
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    /// Every text of two characters that stand for bytes 0x80–0xFF (the
    /// shape of a 2-byte sequence read as Windows-1252), embedded in words:
    /// the pre-check passes over none that a pass would repair.
    #[test]
    fn pre_check_never_skips_a_repair() {
        let high: Vec<char> = (0x80u32..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|&c| byte_of(c).is_some_and(|b| b >= 0x80))
            .collect();
        assert_eq!(high.len(), 128 + 27, "Latin-1 and Windows-1252 readings");
        let mut repairable = 0;
        for &a in &high {
            for &b in &high {
                let text = format!("x {a}{b}y");
                if pass(&text).is_some() {
                    repairable += 1;
                    assert!(has_lead_then_continuation(&text), "{text:?}");
                }
            }
        }
        assert!(repairable > 1_000, "{repairable}");
        assert!(!has_lead_then_continuation(
            "Hà Nội, café, São Paulo, Ελλάδα"
        ));
    }

    #[test]
    fn byte_table_agrees_with_encoding_rs() {
        for code in 0x80u32..0x3_0000 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let (bytes, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            let by_encoder = match (&bytes[..], unmappable) {
                ([byte], false) if *byte >= 0x80 => Some(*byte),
                // Latin-1 reading: C1 controls and 0xA0–0xFF stand for
                // their own byte.
                _ if code <= 0xff => u8::try_from(code).ok(),
                _ => None,
            };
            assert_eq!(byte_of(c), by_encoder, "U+{code:04X}");
        }
    }

    fn fix(text: &str) -> String {
        let mut text = text.to_string();
        repair_mojibake(&mut text);
        text
    }

    /// UTF-8 bytes of `text` read as Windows-1252 (undefined bytes as C1).
    fn garble(text: &str) -> String {
        text.bytes()
            .map(|b| {
                match WINDOWS_1252
                    .decode_without_bom_handling(&[b])
                    .0
                    .chars()
                    .next()
                {
                    Some('\u{fffd}') | None => char::from(b),
                    Some(c) => c,
                }
            })
            .collect()
    }

    #[test]
    fn windows_1252_mojibake_is_repaired() {
        assert_eq!(fix("Itâ€™s cafÃ© time"), "It’s café time");
        assert_eq!(fix("â€œQuoteâ€\u{9d}"), "“Quote”");
    }

    #[test]
    fn latin1_mojibake_with_c1_controls_is_repaired() {
        assert_eq!(fix("it\u{e2}\u{80}\u{99}s"), "it’s");
    }

    #[test]
    fn vietnamese_mojibake_is_repaired() {
        for text in ["Hà Nội", "đường phố", "thủy điện Hòa Bình", "Việt Nam"] {
            assert_eq!(fix(&garble(text)), text, "{}", garble(text));
        }
    }

    #[test]
    fn double_mojibake_is_repaired() {
        assert_eq!(fix(&garble(&garble("café"))), "café");
    }

    #[test]
    fn correct_text_is_kept() {
        for text in [
            "Âge, SÃO PAULO, CAFÉ…",
            "Hà Nội, thủy điện, hòa bình",
            "« Très triste », dit-il. Größe ½ £5",
            "Москва — столица",
            "naïve façade Ångström",
            "© 2024 Báo Mới ®",
        ] {
            assert_eq!(fix(text), text);
        }
    }
}
