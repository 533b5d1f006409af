//! Which language a body is in.
//!
//! whatlang (trigram profiles of 69 languages, pure Rust, no model file)
//! decides, with one addition: Vietnamese typed without its tone marks and
//! diacritics, which trigram profiles built from marked text take for
//! Tagalog or guess at. Vietnamese is written in syllables of a small,
//! closed shape (onset, vowels, one of eight codas), so a text whose words
//! almost all have that shape is Vietnamese; English prose has about a
//! third such words.

use regex::Regex;
use std::sync::LazyLock;
use whatlang::Lang;

/// The language and how sure of it: `und` with score 0 for a text too
/// short to tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: &'static str,
    pub score: f32,
}

/// Fewer letters than this and no language is named.
const MIN_LETTERS: usize = 20;
/// whatlang reads this many characters at most: a long body's first part
/// tells its language, and the cost stays bounded.
const MAX_CHARS: usize = 1000;
/// Share of a text's words that must be Vietnamese syllables.
const VIETNAMESE_SYLLABLES: f32 = 0.9;
const MIN_SYLLABLE_WORDS: usize = 8;
/// Words read for that share at most.
const SYLLABLE_WORDS: usize = 200;

pub const UNDETERMINED: &str = "und";

pub fn identify(text: &str) -> Language {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return Language {
            code: UNDETERMINED,
            score: 0.0,
        };
    }
    let head = match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    if let Some(score) = toneless_vietnamese(head) {
        return Language { code: "vi", score };
    }
    match whatlang::detect(head) {
        Some(info) => Language {
            code: iso_639_1(info.lang()),
            score: info.confidence() as f32,
        },
        None => Language {
            code: UNDETERMINED,
            score: 0.0,
        },
    }
}

static SYLLABLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::static_regex(
        r"(?i)^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$",
    )
});

/// The share of syllable-shaped words when a text in plain ASCII letters
/// is Vietnamese by that measure. Reads at most [`SYLLABLE_WORDS`] words
/// and stops as soon as too many miss, so other texts cost little.
fn toneless_vietnamese(text: &str) -> Option<f32> {
    let allowed_misses = (SYLLABLE_WORDS as f32 * (1.0 - VIETNAMESE_SYLLABLES)) as usize;
    let (mut words, mut misses) = (0, 0);
    for word in crate::words::words(text) {
        if !word.chars().all(|c| c.is_alphabetic()) {
            continue;
        }
        if !word.is_ascii() {
            return None;
        }
        words += 1;
        misses += usize::from(!SYLLABLE.is_match(word));
        if misses > allowed_misses || words == SYLLABLE_WORDS {
            break;
        }
    }
    let share = 1.0 - misses as f32 / words.max(1) as f32;
    (words >= MIN_SYLLABLE_WORDS && share >= VIETNAMESE_SYLLABLES).then_some(share)
}

/// ISO 639-1 where the language has a code there, else whatlang's ISO
/// 639-3 code.
fn iso_639_1(lang: Lang) -> &'static str {
    let three = lang.code();
    const TWO: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    TWO.iter()
        .find(|(t, _)| *t == three)
        .map_or(three, |(_, two)| two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_with_and_without_marks() {
        let marked = "Hải quan Việt Nam đã thu ngân sách hơn 300 nghìn tỷ đồng trong năm nay, tăng so với cùng kỳ năm trước.";
        let plain = "Hai quan Viet Nam da thu ngan sach hon 300 nghin ty dong trong nam nay, tang so voi cung ky nam truoc.";
        assert_eq!(identify(marked).code, "vi");
        assert_eq!(identify(plain).code, "vi");
    }

    #[test]
    fn english_about_vietnam_stays_english() {
        let text = "Nguyen Van Hung, Director of the Hai Phong Customs Department, said the agency \
                    collected more revenue this year than last, mostly from imported machinery.";
        let found = identify(text);
        assert_eq!(found.code, "en");
        assert!(found.score > 0.5, "{found:?}");
    }

    #[test]
    fn other_scripts_and_short_texts() {
        assert_eq!(
            identify(
                "海关总署今天公布了今年前十个月的进出口数据，贸易总额比去年同期增长了百分之五。"
            )
            .code,
            "zh"
        );
        assert_eq!(
            identify("Der Zoll hat in diesem Jahr mehr Einnahmen erzielt als im Vorjahr.").code,
            "de"
        );
        let short = identify("Hello there");
        assert_eq!((short.code, short.score), (UNDETERMINED, 0.0));
    }
}
