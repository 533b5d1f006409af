//! Which blocks of a page are main content, by alignment with the page's
//! true main text: the share of a block's word 4-grams found in the truth.
//! Blocks of fewer than four words are content when their words, read on
//! into the next block or back into the previous one, make a 4-gram of the
//! truth: a one-word heading `Ingredients` before the list it heads is,
//! `Home` before `News` in a menu is not.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

const N: usize = 4;

/// Lower-case `\w+` tokens, as the WCXB metric counts words.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn key(words: &[String]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    words.hash(&mut h);
    h.finish()
}

/// The true main text as sets of its 1- to 4-grams.
pub struct Truth {
    grams: [HashSet<u64>; N],
    pub tokens: usize,
}

impl Truth {
    pub fn new(text: &str) -> Self {
        let words = tokens(text);
        let mut grams: [HashSet<u64>; N] = Default::default();
        for (n, set) in grams.iter_mut().enumerate() {
            for w in words.windows(n + 1) {
                set.insert(key(w));
            }
        }
        Self {
            grams,
            tokens: words.len(),
        }
    }

    fn has(&self, words: &[String]) -> bool {
        !words.is_empty() && words.len() <= N && self.grams[words.len() - 1].contains(&key(words))
    }
}

/// For each block (its text, in reading order): its token count and the
/// share of it that aligns with the truth (0..1).
pub fn align(blocks: &[&str], truth: &Truth) -> Vec<(usize, f32)> {
    let per_block: Vec<Vec<String>> = blocks.iter().map(|b| tokens(b)).collect();
    let all: Vec<&String> = per_block.iter().flatten().collect();
    let mut start = 0;
    per_block
        .iter()
        .map(|words| {
            let len = words.len();
            let at = start;
            start += len;
            if len == 0 {
                return (0, 0.0);
            }
            if len >= N {
                let found = words.windows(N).filter(|w| truth.has(w)).count();
                return (len, found as f32 / (len - N + 1) as f32);
            }
            if !truth.has(words) {
                return (len, 0.0);
            }
            let owned = |range: std::ops::Range<usize>| -> Vec<String> {
                all[range].iter().map(|w| (*w).clone()).collect()
            };
            let forward = owned(at..(at + N).min(all.len()));
            let backward = owned((at + len).saturating_sub(N)..at + len);
            let whole_page = all.len() < N;
            let hit = whole_page || truth.has(&forward) || truth.has(&backward);
            (len, if hit { 1.0 } else { 0.0 })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_blocks_by_shared_four_grams_short_ones_in_context() {
        let truth =
            Truth::new("Ingredients\nTwo eggs and a cup of flour, mixed well.\nBake for an hour.");
        let blocks = [
            "Home",
            "News",
            "Ingredients",
            "Two eggs and a cup of flour, mixed well.",
            "Bake for an hour.",
            "Share this recipe with friends",
        ];
        let got: Vec<f32> = align(&blocks, &truth).into_iter().map(|(_, s)| s).collect();
        assert_eq!(got, [0.0, 0.0, 1.0, 1.0, 1.0, 0.0]);
    }

    #[test]
    fn tokens_are_lower_case_words() {
        assert_eq!(
            tokens("Hà Nội, 2024: it's_ok!"),
            ["hà", "nội", "2024", "it", "s_ok"]
        );
    }
}
