//! Words, lines and sentences of a body, split the same way by every signal.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

/// The words of `text` by Unicode word boundaries (UAX #29), punctuation
/// left out: works for scripts without spaces (each Han or kana character
/// is a word), unlike splitting on whitespace.
pub fn words(text: &str) -> Vec<&str> {
    text.unicode_words().collect()
}

/// The tokens of `text`: its words and the punctuation between them, in
/// the shape the rules' word tokenizers (NLTK's, in datatrove) give them,
/// since their ratios (alphabetic words, symbols per word) are set for
/// that: Unicode word boundaries, spaces left out, a run of marks as one
/// token (`...`), and a hyphenated word as one (`long-term`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (start, segment) in text.split_word_bound_indices() {
        if segment.chars().all(char::is_whitespace) {
            continue;
        }
        let end = start + segment.len();
        if let Some(last) = spans.last_mut()
            && last.1 == start
        {
            let before = &text[last.0..last.1];
            let marks = !is_word(before) && !is_word(segment);
            let hyphen = (segment == "-" && is_word(before))
                || (is_word(segment) && before.ends_with('-') && before.len() > 1);
            if marks || hyphen {
                last.1 = end;
                continue;
            }
        }
        spans.push((start, end));
    }
    spans
        .into_iter()
        .map(|(start, end)| &text[start..end])
        .collect()
}

/// Whether a token is a word rather than punctuation or a symbol.
pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Sentences of `text` by Unicode sentence boundaries (UAX #29).
pub fn sentence_count(text: &str) -> usize {
    text.unicode_sentences()
        .filter(|s| !s.trim().is_empty())
        .count()
}

/// Each word's 64-bit hash, computed once: an n-gram is then keyed by
/// combining its words' hashes rather than by hashing its text again for
/// every n.
pub fn word_hashes(words: &[&str]) -> Vec<u64> {
    words.iter().map(|w| xxh3_64(w.as_bytes())).collect()
}

/// The key of the n-gram whose words have these hashes (order matters).
pub fn ngram_key(hashes: &[u64]) -> u64 {
    hashes.iter().fold(0x9E37_79B9_7F4A_7C15, |key, &h| {
        (key.rotate_left(27) ^ h).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A map keyed by [`ngram_key`]s, which are hashes already: the map uses
/// them as they are instead of hashing them again.
pub type NgramMap<V> = HashMap<u64, V, BuildHasherDefault<KeyIsHash>>;

/// The identity hasher of [`NgramMap`].
#[derive(Default)]
pub struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; fold anything else in anyway.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Characters, not bytes: the rules' lengths are Python string lengths.
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_punctuation_apart() {
        assert_eq!(
            tokens("Hi, it's 3.5 km!"),
            ["Hi", ",", "it's", "3.5", "km", "!"]
        );
        assert!(is_word("3.5") && !is_word("…"));
    }

    #[test]
    fn words_leave_punctuation_out_and_split_han() {
        assert_eq!(
            words("It's 3.5 km, isn't it?"),
            ["It's", "3.5", "km", "isn't", "it"]
        );
        assert_eq!(words("海关收入增长").len(), 6);
        assert_eq!(sentence_count("One. Two? Three!"), 3);
        assert_eq!(chars("Hải"), 3);
    }
}
