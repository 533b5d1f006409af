//! Property tests: normalisation is idempotent, yields NFC, keeps the line
//! count and never panics, whatever the input.

use corpus_normalize::{NormalizeConfig, Normalizer};
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
];

fn text() -> impl Strategy<Value = String> {
    let c = prop_oneof![3 => prop::sample::select(TRICKY), 1 => any::<char>()];
    prop::collection::vec(c, 0..80).prop_map(String::from_iter)
}

fn configs() -> impl Strategy<Value = NormalizeConfig> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(nfc, whitespace, control_chars)| {
        NormalizeConfig {
            nfc,
            whitespace,
            control_chars,
        }
    })
}

fn normalized(config: NormalizeConfig, text: &str) -> String {
    let mut text = text.to_string();
    Normalizer::new(config).normalize(&mut text);
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
        prop_assert!(is_nfc(&normalized(NormalizeConfig::default(), &text)));
    }

    #[test]
    fn line_count_after_crlf_conversion_is_kept(text in text()) {
        let lf = text.replace("\r\n", "\n").replace('\r', "\n");
        let out = normalized(NormalizeConfig::default(), &text);
        prop_assert_eq!(line_count(&out), line_count(&lf));
    }

    #[test]
    fn output_is_clean(text in text()) {
        let out = normalized(NormalizeConfig::default(), &text);
        prop_assert!(!out.contains('\r'));
        prop_assert!(!out.contains("  "));
        prop_assert!(out.split('\n').all(|line| line.trim_matches(' ') == line));
        prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
        prop_assert!(!out.chars().any(|c| c.is_whitespace() && c != ' ' && c != '\n'));
    }

    #[test]
    fn never_panics_on_any_string(config in configs(), text in any::<String>()) {
        let _ = normalized(config, &text);
    }
}
