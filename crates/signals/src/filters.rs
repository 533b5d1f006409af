//! The published rules as filters over the signals, with datatrove's
//! default thresholds; each can be overridden in the config file.

use corpus_core::QualitySignals;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A rule a document can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Gopher quality and Gopher repetition (Rae et al. 2021).
    Gopher,
    /// C4 (Raffel et al. 2020), as a document filter.
    C4,
    /// FineWeb's own quality rules (Penedo et al. 2024).
    Fineweb,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Gopher, Rule::C4, Rule::Fineweb];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Gopher => "gopher",
            Rule::C4 => "c4",
            Rule::Fineweb => "fineweb",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| format!("unknown filter {s:?}: expected gopher, c4 or fineweb"))
    }
}

/// Gopher's thresholds (quality and repetition).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GopherThresholds {
    pub min_words: u32,
    pub max_words: u32,
    pub min_mean_word_length: f32,
    pub max_mean_word_length: f32,
    pub max_symbol_word_ratio: f32,
    pub max_bullet_lines: f32,
    pub max_ellipsis_lines: f32,
    pub min_alpha_words: f32,
    pub min_stop_words: u32,
    pub max_dup_para_frac: f32,
    pub max_dup_para_char_frac: f32,
    pub max_dup_line_frac: f32,
    pub max_dup_line_char_frac: f32,
    /// For word 2-, 3- and 4-grams.
    pub max_top_ngram_frac: [f32; 3],
    /// For word 5- to 10-grams.
    pub max_dup_ngram_frac: [f32; 6],
}

impl Default for GopherThresholds {
    fn default() -> Self {
        Self {
            min_words: 50,
            max_words: 100_000,
            min_mean_word_length: 3.0,
            max_mean_word_length: 10.0,
            max_symbol_word_ratio: 0.1,
            max_bullet_lines: 0.9,
            max_ellipsis_lines: 0.3,
            min_alpha_words: 0.8,
            min_stop_words: 2,
            max_dup_para_frac: 0.3,
            max_dup_para_char_frac: 0.2,
            max_dup_line_frac: 0.3,
            max_dup_line_char_frac: 0.2,
            max_top_ngram_frac: [0.2, 0.18, 0.16],
            max_dup_ngram_frac: [0.15, 0.14, 0.13, 0.12, 0.11, 0.10],
        }
    }
}

/// C4's thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct C4Thresholds {
    pub min_sentences: u32,
    pub lorem_ipsum: bool,
    pub curly_bracket: bool,
}

impl Default for C4Thresholds {
    fn default() -> Self {
        Self {
            min_sentences: 5,
            lorem_ipsum: true,
            curly_bracket: true,
        }
    }
}

/// FineWeb's thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FinewebThresholds {
    pub min_punct_lines: f32,
    pub max_short_lines: f32,
    pub max_dup_line_chars: f32,
    pub max_newline_ratio: f32,
}

impl Default for FinewebThresholds {
    fn default() -> Self {
        Self {
            min_punct_lines: 0.12,
            max_short_lines: 0.67,
            max_dup_line_chars: 0.01,
            max_newline_ratio: 0.3,
        }
    }
}

/// Every rule's thresholds: the `[filters]` table of the config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    pub gopher: GopherThresholds,
    pub c4: C4Thresholds,
    pub fineweb: FinewebThresholds,
}

impl Thresholds {
    /// The first check of `rule` that the signals fail, by datatrove's
    /// name for it (`short_doc`, `dup_line_frac`…), or `None` if they pass.
    pub fn failed(&self, rule: Rule, s: &QualitySignals) -> Option<&'static str> {
        match rule {
            Rule::Gopher => gopher(&self.gopher, s),
            Rule::C4 => c4(&self.c4, s),
            Rule::Fineweb => fineweb(&self.fineweb, s),
        }
    }
}

/// The name of the first check that failed, in the rule's order.
fn first_failed(checks: &[(bool, &'static str)]) -> Option<&'static str> {
    checks
        .iter()
        .find(|(failed, _)| *failed)
        .map(|(_, name)| *name)
}

fn gopher(t: &GopherThresholds, s: &QualitySignals) -> Option<&'static str> {
    let [top2, top3, top4] = t.max_top_ngram_frac;
    let [dup5, dup6, dup7, dup8, dup9, dup10] = t.max_dup_ngram_frac;
    first_failed(&[
        (s.gopher_word_count < t.min_words, "short_doc"),
        (s.gopher_word_count > t.max_words, "long_doc"),
        (
            s.gopher_mean_word_length < t.min_mean_word_length,
            "below_avg_threshold",
        ),
        (
            s.gopher_mean_word_length > t.max_mean_word_length,
            "above_avg_threshold",
        ),
        (
            s.gopher_hash_ratio > t.max_symbol_word_ratio,
            "too_many_hashes",
        ),
        (
            s.gopher_ellipsis_ratio > t.max_symbol_word_ratio,
            "too_many_ellipsis",
        ),
        (
            s.gopher_bullet_lines > t.max_bullet_lines,
            "too_many_bullets",
        ),
        (
            s.gopher_ellipsis_lines > t.max_ellipsis_lines,
            "too_many_end_ellipsis",
        ),
        (
            s.gopher_alpha_words < t.min_alpha_words,
            "below_alpha_threshold",
        ),
        (s.gopher_stop_words < t.min_stop_words, "enough_stop_words"),
        (
            s.gopher_dup_para_frac > t.max_dup_para_frac,
            "dup_para_frac",
        ),
        (
            s.gopher_dup_para_char_frac > t.max_dup_para_char_frac,
            "dup_para_char_frac",
        ),
        (
            s.gopher_dup_line_frac > t.max_dup_line_frac,
            "dup_line_frac",
        ),
        (
            s.gopher_dup_line_char_frac > t.max_dup_line_char_frac,
            "dup_line_char_frac",
        ),
        (s.gopher_top_2gram_frac > top2, "top_2_gram"),
        (s.gopher_top_3gram_frac > top3, "top_3_gram"),
        (s.gopher_top_4gram_frac > top4, "top_4_gram"),
        (s.gopher_dup_5gram_frac > dup5, "duplicated_5_n_grams"),
        (s.gopher_dup_6gram_frac > dup6, "duplicated_6_n_grams"),
        (s.gopher_dup_7gram_frac > dup7, "duplicated_7_n_grams"),
        (s.gopher_dup_8gram_frac > dup8, "duplicated_8_n_grams"),
        (s.gopher_dup_9gram_frac > dup9, "duplicated_9_n_grams"),
        (s.gopher_dup_10gram_frac > dup10, "duplicated_10_n_grams"),
    ])
}

fn c4(t: &C4Thresholds, s: &QualitySignals) -> Option<&'static str> {
    first_failed(&[
        (t.lorem_ipsum && s.c4_lorem_ipsum, "lorem_ipsum"),
        (t.curly_bracket && s.c4_curly_bracket, "curly_bracket"),
        (s.c4_sentences < t.min_sentences, "too_few_sentences"),
    ])
}

fn fineweb(t: &FinewebThresholds, s: &QualitySignals) -> Option<&'static str> {
    // An empty body has no line ending in punctuation, so fails the first
    // check (datatrove names it "empty").
    first_failed(&[
        (
            s.fineweb_punct_lines < t.min_punct_lines,
            "line_punct_ratio",
        ),
        (
            s.fineweb_short_lines > t.max_short_lines,
            "short_line_ratio",
        ),
        (
            s.fineweb_dup_line_chars > t.max_dup_line_chars,
            "char_dup_ratio",
        ),
        (s.fineweb_newline_ratio > t.max_newline_ratio, "list_ratio"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::signals;

    fn prose() -> Vec<String> {
        [
            "The port handled more containers this year, and the new cranes are the reason.",
            "Officials said that trade with the region grew by a fifth over the last twelve months.",
            "Most of the growth came from machinery, electronics and farm goods shipped by sea.",
            "A second terminal will open next spring to take the larger ships that now wait offshore.",
            "Exporters welcomed the plan but asked for faster checks at the gates to cut waiting times.",
            "The customs office expects revenue to rise again, though fuel prices remain a risk.",
            "Shipping lines have added weekly services to three more ports in the south of the country.",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn plain_prose_passes_every_rule() {
        let s = signals(&prose());
        let t = Thresholds::default();
        for rule in Rule::ALL {
            assert_eq!(t.failed(rule, &s), None, "{rule}: {s:?}");
        }
    }

    #[test]
    fn a_short_menu_fails_with_the_reason_named() {
        let body: Vec<String> = ["Home", "News", "Contact", "Home"]
            .map(String::from)
            .to_vec();
        let s = signals(&body);
        let t = Thresholds::default();
        assert_eq!(t.failed(Rule::Gopher, &s), Some("short_doc"));
        assert_eq!(t.failed(Rule::C4, &s), Some("too_few_sentences"));
        assert_eq!(t.failed(Rule::Fineweb, &s), Some("line_punct_ratio"));
        assert_eq!(
            t.failed(Rule::Fineweb, &signals(&[])),
            Some("line_punct_ratio")
        );
    }

    #[test]
    fn thresholds_can_be_loosened() {
        let body: Vec<String> = vec!["A short note that ends well.".into()];
        let s = signals(&body);
        let mut t = Thresholds::default();
        assert_eq!(t.failed(Rule::C4, &s), Some("too_few_sentences"));
        t.c4.min_sentences = 1;
        assert_eq!(t.failed(Rule::C4, &s), None);
    }

    #[test]
    fn rules_parse_from_their_names() {
        assert_eq!("C4".parse::<Rule>(), Ok(Rule::C4));
        assert!("gopher2".parse::<Rule>().is_err());
    }
}
