//! Put Vietnamese tone marks in one place: `hòa`/`hoà`, `thủy`/`thuỷ`.
//!
//! **What it catches:** the syllables where Vietnamese writers disagree on
//! which vowel carries the tone mark: an open syllable ending in `oa`, `oe`
//! or `uy` (not after `q`, where `u` belongs to the consonant: `quý`). One
//! style puts the mark on the first vowel (`hòa`, `khỏe`, `thủy`, `lóa`),
//! the other on the second (`hoà`, `khoẻ`, `thuỷ`, `loá`). Closed syllables
//! (`hoàn`, `thuyền`) and triphthongs (`hoài`) are written one way by
//! everyone and are not touched.
//!
//! **Why:** the two spellings are the same word; to deduplication and to
//! any count they are two. Pages of one site mix both (typed on different
//! keyboards, copied from agencies).
//!
//! **Which style:** [`ToneStyle::FirstVowel`] (`hòa`, `thủy`) by default.
//! It is what the large Vietnamese news sites (VnExpress, Tuổi Trẻ,
//! Thanh Niên, VietnamPlus, Nhân Dân) and most administrative texts write,
//! so a news corpus changes least and matches what its readers search for.
//! In Vietnamese usage this is called the old or traditional style ("kiểu
//! cũ"); the "new style" ("kiểu mới", [`ToneStyle::MainVowel`]: `hoà`,
//! `thuỷ`), which marks the phonological main vowel, is the rule of the
//! Ministry of Education for school textbooks (1984, restated in 2018) and
//! can be chosen instead.
//!
//! Only lines that are recognisably Vietnamese are touched (they hold a
//! letter only Vietnamese uses: ă, đ, ơ, ư, or one from the Latin Extended
//! Additional block such as ộ, ủ), so French `Noé` or `Chloé` in an English
//! line stays as it is.
//!
//! **Example:** with the default style, `"Hoà Bình, thuỷ điện, khoẻ"`
//! becomes `"Hòa Bình, thủy điện, khỏe"`.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Where the tone mark of `oa`, `oe`, `uy` goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToneStyle {
    /// On the first vowel: `hòa`, `khỏe`, `thủy` (traditional style, most
    /// news sites).
    #[default]
    FirstVowel,
    /// On the main (second) vowel: `hoà`, `khoẻ`, `thuỷ` (new style,
    /// school textbooks).
    MainVowel,
}

/// The five combining tone marks.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// A letter only Vietnamese uses (in NFC text).
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1ea0}'..='\u{1ef9}'
    )
}

/// Whether `line` holds a letter only Vietnamese uses. Their UTF-8 starts
/// with 0xC4 (ă, đ), 0xC6 (ơ, ư) or 0xE1 (U+1EA0–U+1EF9), so only the
/// characters at those bytes are decoded.
fn is_vietnamese_line(line: &str) -> bool {
    memchr::memchr3_iter(0xc4, 0xc6, 0xe1, line.as_bytes())
        .any(|i| line[i..].chars().next().is_some_and(is_vietnamese_letter))
}

/// One word (letters and marks, NFC) with its tone moved, if it is one of
/// the syllables this step is about and the mark is in the other place.
fn retone(word: &str, style: ToneStyle) -> Option<String> {
    if word.chars().count() > 8 {
        return None;
    }
    // Base letters (other marks kept, tone stripped), and the tone's position.
    let mut bases: Vec<String> = Vec::new();
    let mut tone = None;
    for c in word.chars() {
        let decomposed: Vec<char> = c.nfd().collect();
        let mut base = String::new();
        for d in decomposed {
            if TONES.contains(&d) {
                if tone.is_some() {
                    return None;
                }
                tone = Some((d, bases.len()));
            } else {
                base.push(d);
            }
        }
        bases.push(base.nfc().collect());
    }
    let (mark, at) = tone?;
    let letters: Vec<char> = bases
        .iter()
        .map(|b| b.chars().next().unwrap_or(' '))
        .collect();
    let n = letters.len();
    if n < 2 || bases[n - 2].chars().count() != 1 || bases[n - 1].chars().count() != 1 {
        return None;
    }
    let pair = (
        letters[n - 2].to_ascii_lowercase(),
        letters[n - 1].to_ascii_lowercase(),
    );
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    if n >= 3 {
        let before = letters[n - 3];
        let before_base: char = before.to_ascii_lowercase();
        if is_vowel(before_base) || !bases[n - 3].is_ascii() && before_base != 'đ' {
            return None;
        }
        if pair == ('u', 'y') && before_base == 'q' {
            return None;
        }
    }
    let target = match style {
        ToneStyle::FirstVowel => n - 2,
        ToneStyle::MainVowel => n - 1,
    };
    if at == target || at < n - 2 {
        return None;
    }
    let mut out = String::new();
    for (i, base) in bases.iter().enumerate() {
        if i == target {
            out.extend(format!("{base}{mark}").nfc());
        } else {
            out.push_str(base);
        }
    }
    Some(out)
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Move tone marks in `text` (NFC) to `style`, in place; returns how many
/// words changed.
pub fn place_tone_marks(text: &mut String, style: ToneStyle) -> usize {
    if text.is_ascii() {
        return 0;
    }
    // Most lines need nothing: find the words to change first, and copy
    // the text only when there are some.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        if !is_vietnamese_line(line) {
            continue;
        }
        let mut start = None;
        let mut word_end = |from: usize, to: usize| {
            if let Some(fixed) = retoned(&line[from..to], style) {
                edits.push((offset + from..offset + to, fixed));
            }
        };
        for (i, c) in line.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(from)) => {
                    word_end(from, i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            word_end(from, line.len());
        }
    }
    if edits.is_empty() {
        return 0;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, fixed) in &edits {
        out.push_str(&text[copied..range.start]);
        out.push_str(fixed);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    *text = out;
    edits.len()
}

/// Whether [`retone`] can change `word`: it ends in `oa`, `oe` or `uy`
/// (base letters) and one of the two carries a mark. A cheap test that lets
/// the other words skip `retone`'s decomposition.
fn may_retone(word: &str) -> bool {
    let mut chars = word.chars().rev();
    let (Some(last), Some(prev)) = (chars.next(), chars.next()) else {
        return false;
    };
    if last.is_ascii() && prev.is_ascii() {
        return false;
    }
    let base = |c: char| c.nfd().next().map(|b| b.to_ascii_lowercase());
    matches!(
        (base(prev), base(last)),
        (Some('o'), Some('a' | 'e')) | (Some('u'), Some('y'))
    )
}

/// `word` with its tone moved to `style`, if it needs that.
fn retoned(word: &str, style: ToneStyle) -> Option<String> {
    if may_retone(word) {
        retone(word, style)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_check_finds_every_vietnamese_letter() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let line = format!("a{c}b");
            assert_eq!(
                is_vietnamese_line(&line),
                is_vietnamese_letter(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    fn place(text: &str, style: ToneStyle) -> String {
        let mut text = text.to_string();
        place_tone_marks(&mut text, style);
        text
    }

    #[test]
    fn the_prefilter_lets_through_every_word_retone_changes() {
        let mut words = Vec::new();
        for onset in ["", "h", "th", "kh", "qu", "đ", "ng", "HO", "ư"] {
            for (a, b) in [
                ('o', 'a'),
                ('o', 'e'),
                ('u', 'y'),
                ('O', 'A'),
                ('U', 'Y'),
                ('ô', 'a'),
            ] {
                for tone in TONES {
                    let first: String = [a, tone, b].iter().collect::<String>().nfc().collect();
                    let second: String = [a, b, tone].iter().collect::<String>().nfc().collect();
                    words.push(format!("{onset}{first}"));
                    words.push(format!("{onset}{second}"));
                }
            }
        }
        let mut changed = 0;
        for word in &words {
            for style in [ToneStyle::FirstVowel, ToneStyle::MainVowel] {
                if retone(word, style).is_some() {
                    changed += 1;
                    assert!(may_retone(word), "{word}");
                }
            }
        }
        assert!(changed > 50, "{changed}");
    }

    #[test]
    fn both_spellings_become_one() {
        let first = ToneStyle::FirstVowel;
        assert_eq!(
            place("Hoà Bình, thuỷ điện, khoẻ", first),
            "Hòa Bình, thủy điện, khỏe"
        );
        assert_eq!(
            place("Hòa Bình, thủy điện, khỏe", first),
            "Hòa Bình, thủy điện, khỏe"
        );
        let main = ToneStyle::MainVowel;
        assert_eq!(
            place("Hòa Bình, thủy điện, khỏe", main),
            "Hoà Bình, thuỷ điện, khoẻ"
        );
        assert_eq!(place("HOÀ BÌNH đó", first), "HÒA BÌNH đó");
        assert_eq!(
            place("tuỳ ý, loá mắt, xoè ra ở đây", first),
            "tùy ý, lóa mắt, xòe ra ở đây"
        );
    }

    #[test]
    fn syllables_everyone_writes_alike_are_kept() {
        for text in [
            "hoàn thành",
            "thuyền",
            "hoài niệm",
            "quý khách",
            "quà",
            "Nguyễn",
            "khuya",
        ] {
            let line = format!("{text} ở Việt Nam");
            assert_eq!(place(&line, ToneStyle::FirstVowel), line);
            assert_eq!(place(&line, ToneStyle::MainVowel), line);
        }
    }

    #[test]
    fn lines_that_are_not_vietnamese_are_kept() {
        assert_eq!(
            place("Noé and Chloé met Zoé", ToneStyle::FirstVowel),
            "Noé and Chloé met Zoé"
        );
    }

    #[test]
    fn line_ends_are_kept() {
        let text = "Hoà\nđường\n\nthuỷ\n";
        let out = place(text, ToneStyle::FirstVowel);
        assert_eq!(out, "Hoà\nđường\n\nthủy\n");
    }
}
