//! Property tests: normalisation is idempotent, yields NFC, keeps the line
//! count and never panics, whatever the input.

use corpus_normalize::{NormalizeConfig, Normalizer, RepairConfig, ToneStyle};
use proptest::prelude::*;
use unicode_normalization::is_nfc;

/// Characters that exercise every step: line ends, controls, Unicode spaces,
/// zero-width characters, combining marks and Hangul jamo (which compose).
const TRICKY: &[char] = &[
    'a', 'o', 'e', 'H', ' ', ' ', '\n', '\n', '\r', '\t', '\u{0}', '\u{1}', '\u{b}', '\u{c}',
    '\u{1b}', '\u{7f}', '\u{85}', '\u{92}', '\u{a0}', '\u{2003}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{3000}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{300}',
    '\u{301}', '\u{302}', '\u{323}', '\u{338}', 'à', 'ệ', '\u{1100}', '\u{1161}', '\u{11a8}',
    '\u{2000}', 'Å', '\u{212b}',
    // Mojibake, entities, markdown and Vietnamese tone marks.
    'Ã', 'Â', 'â', 'Ä', 'Æ', 'á', '»', '©', '€', '™', '\u{80}', '\u{9d}', '‘', '&', ';', '#', 'x',
    '1', '[', ']', '(', ')', '!', '*', '_', '|', 'u', 'y', 'h', 'q', 'ủ', 'ỷ', 'đ', 'ư', 'ò',
    '\u{309}', '\u{303}',
];

/// Whole fragments that trigger the repairs.
const FRAGMENTS: &[&str] = &[
    "â€™",
    "Ã©",
    "Ä‘Æ°á»\u{9d}ng",
    "&amp;",
    "&#8217;",
    "&#x1EA1;",
    "&nbsp;",
    "&amp;lt;",
    "[a](u)",
    "![x](y)",
    "![]()",
    " | ",
    "**b**",
    "__c d__",
    "hoà",
    "thuỷ",
    "Hòa",
    "khoẻ",
    "quý",
    "Việt",
    "Ã\u{0}©",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(TRICKY).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(FRAGMENTS).prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

type Config = (NormalizeConfig, RepairConfig);

fn configs() -> impl Strategy<Value = Config> {
    let tone = prop_oneof![
        Just(None),
        Just(Some(ToneStyle::FirstVowel)),
        Just(Some(ToneStyle::MainVowel))
    ];
    (prop::array::uniform6(any::<bool>()), tone).prop_map(|(on, tone_marks)| {
        let config = NormalizeConfig {
            nfc: on[0],
            whitespace: on[1],
            control_chars: on[2],
        };
        let repairs = RepairConfig {
            mojibake: on[3],
            entities: on[4],
            markdown: on[5],
            tone_marks,
        };
        (config, repairs)
    })
}

fn default_config() -> Config {
    (NormalizeConfig::default(), RepairConfig::default())
}

fn normalized((config, repairs): Config, text: &str) -> String {
    let mut text = text.to_string();
    Normalizer::with_repairs(config, repairs).normalize(&mut text);
    text
}

fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn idempotent_for_every_config(config in configs(), text in text()) {
        let once = normalized(config, &text);
        prop_assert_eq!(normalized(config, &once), once);
    }

    #[test]
    fn output_is_nfc(text in text()) {
        prop_assert!(is_nfc(&normalized(default_config(), &text)));
    }

    #[test]
    fn line_count_after_crlf_conversion_is_kept(text in text()) {
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        let out = normalized(default_config(), &text);
        prop_assert_eq!(line_count(&out), line_count(&lf));
    }

    #[test]
    fn output_is_clean(text in text()) {
        let out = normalized(default_config(), &text);
        prop_assert!(!out.contains('\r'));
        prop_assert!(!out.contains("  "));
        prop_assert!(out.split('\n').all(|line| line.trim_matches(' ') == line));
        prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
        prop_assert!(!out.chars().any(|c| c.is_whitespace() && c != ' ' && c != '\n'));
    }

    #[test]
    fn line_count_is_kept_for_every_config(config in configs(), text in text()) {
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        let out = normalized(config, &text);
        if config.0.whitespace {
            prop_assert_eq!(line_count(&out), line_count(&lf));
        } else {
            prop_assert_eq!(line_count(&out), line_count(&text));
        }
    }

    #[test]
    fn output_is_nfc_with_tone_marks_in_either_style(text in text(), main in any::<bool>()) {
        let style = if main { ToneStyle::MainVowel } else { ToneStyle::FirstVowel };
        let repairs = RepairConfig { tone_marks: Some(style), ..RepairConfig::default() };
        prop_assert!(is_nfc(&normalized((NormalizeConfig::default(), repairs), &text)));
    }

    #[test]
    fn never_panics_on_any_string(config in configs(), text in any::<String>()) {
        let _ = normalized(config, &text);
    }
}
