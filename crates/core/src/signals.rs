//! What the `signals` stage says about a document's body: its language and
//! the quality signals of the Gopher, C4 and FineWeb rules. Computed by the
//! `corpus-signals` crate; declared here because the record carries them.

use serde::{Deserialize, Serialize};

/// One signal's value, typed as its column is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SignalValue {
    Count(u32),
    Share(f32),
    Flag(bool),
}

/// A signal's column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    Count,
    Share,
    Flag,
}

impl From<u32> for SignalValue {
    fn from(v: u32) -> Self {
        Self::Count(v)
    }
}

impl From<f32> for SignalValue {
    fn from(v: f32) -> Self {
        Self::Share(v)
    }
}

impl From<bool> for SignalValue {
    fn from(v: bool) -> Self {
        Self::Flag(v)
    }
}

macro_rules! kind_of {
    (u32) => {
        SignalKind::Count
    };
    (f32) => {
        SignalKind::Share
    };
    (bool) => {
        SignalKind::Flag
    };
}

macro_rules! quality_signals {
    ($($(#[doc = $doc:expr])* $name:ident: $ty:ident,)*) => {
        /// The body's quality signals, each named as the rule it comes from
        /// names it (see `docs/schema.md` for the definitions and sources).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct QualitySignals {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl QualitySignals {
            /// Every signal's name and type, in column order.
            pub const COLUMNS: &'static [(&'static str, SignalKind)] =
                &[$((stringify!($name), kind_of!($ty)),)*];

            /// Every signal's value, in [`Self::COLUMNS`] order.
            pub fn values(&self) -> Vec<SignalValue> {
                vec![$(SignalValue::from(self.$name),)*]
            }
        }
    };
}

quality_signals! {
    /// Gopher: words that are not only punctuation.
    gopher_word_count: u32,
    /// Gopher: their mean length in characters.
    gopher_mean_word_length: f32,
    /// Gopher: `#` per token (words and runs of punctuation).
    gopher_hash_ratio: f32,
    /// Gopher: `...` and `…` per token.
    gopher_ellipsis_ratio: f32,
    /// Gopher: share of lines starting with a bullet (`•`, `-`).
    gopher_bullet_lines: f32,
    /// Gopher: share of lines ending with an ellipsis.
    gopher_ellipsis_lines: f32,
    /// Gopher: share of tokens with an alphabetic character.
    gopher_alpha_words: f32,
    /// Gopher: how many of the eight stop words occur.
    gopher_stop_words: u32,
    /// Gopher repetition: share of paragraphs that repeat an earlier one.
    gopher_dup_para_frac: f32,
    /// Gopher repetition: their characters' share of the text.
    gopher_dup_para_char_frac: f32,
    /// Gopher repetition: share of lines that repeat an earlier one.
    gopher_dup_line_frac: f32,
    /// Gopher repetition: their characters' share of the text.
    gopher_dup_line_char_frac: f32,
    /// Gopher repetition: the most frequent token 2-gram's characters
    /// (times its count) as a share of the text; likewise 3 and 4.
    gopher_top_2gram_frac: f32,
    gopher_top_3gram_frac: f32,
    gopher_top_4gram_frac: f32,
    /// Gopher repetition: characters of token 5-grams that repeat an
    /// earlier one (non-overlapping), as a share of the text; likewise 6 to 10.
    gopher_dup_5gram_frac: f32,
    gopher_dup_6gram_frac: f32,
    gopher_dup_7gram_frac: f32,
    gopher_dup_8gram_frac: f32,
    gopher_dup_9gram_frac: f32,
    gopher_dup_10gram_frac: f32,
    /// C4: sentences in the lines C4 keeps (ending in terminal punctuation,
    /// at least 3 words, no "javascript", no policy words).
    c4_sentences: u32,
    /// C4: share of lines ending in terminal punctuation (`.`, `?`, `!`, `"`, `'`).
    c4_terminal_lines: f32,
    /// C4: lines mentioning "javascript".
    c4_javascript_lines: u32,
    /// C4: lines with policy words ("terms of use", "privacy policy", cookies).
    c4_policy_lines: u32,
    /// C4: "lorem ipsum" occurs.
    c4_lorem_ipsum: bool,
    /// C4: a `{` occurs in a line C4 would keep.
    c4_curly_bracket: bool,
    /// FineWeb: share of lines ending in terminal punctuation (any script).
    fineweb_punct_lines: f32,
    /// FineWeb: share of lines of at most 30 characters.
    fineweb_short_lines: f32,
    /// FineWeb: characters of lines that repeat an earlier one, as a share
    /// of the text without line breaks.
    fineweb_dup_line_chars: f32,
    /// FineWeb: line breaks per token (high on list-like pages).
    fineweb_newline_ratio: f32,
}
