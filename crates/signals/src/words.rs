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
