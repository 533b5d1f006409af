//! Step 1: signatures. Word shingles of the body and their MinHash.
//!
//! A body becomes the set of its `k`-word shingles (lowercased words, split on
//! whitespace). Its signature is a one-permutation MinHash (Li, Owen and Zhang
//! 2012): each shingle hash is mixed once with the seed; the high 32 bits pick
//! one of `P` bins (multiply-shift, no division) and the low 32 bits are its
//! value; each bin keeps its least value. Two bodies agree on a bin with
//! probability equal to the Jaccard similarity of their shingle sets, so the
//! fraction of agreeing positions estimates it. This costs O(shingles + P)
//! instead of the O(shingles × P) of `P` separate permutations.
//!
//! A set with fewer shingles than about `P` leaves bins empty. Optimal
//! densification (Shrivastava 2017) fills each one with the value of a
//! non-empty bin drawn by a seeded hash of (bin, try) alone, the same draws
//! for every document: agreement at every position stays the Jaccard
//! similarity, so the estimate stays unbiased for short bodies.
//!
//! Only the low 16 bits of each minimum are kept ("b-bit MinHash", Li and
//! König 2010): 2 bytes per position instead of 4. Two different minima
//! then agree by chance with probability 2^-16, which [`estimate`] corrects
//! for; it adds a variance well below that of 120 positions.

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

/// Hashes of the `k`-word shingles, in text order, repeats included (a
/// minimum does not see them, so they are not sorted out). A body with fewer
/// than `k` words (but at least one) is one shingle of all its words; a body
/// with no words has no shingles. `k = 0` is taken as 1.
pub(crate) fn shingles(words: &[u64], k: usize) -> Vec<u64> {
    let k = k.max(1);
    if words.is_empty() {
        Vec::new()
    } else if words.len() < k {
        vec![shingle_hash(words)]
    } else {
        words.windows(k).map(shingle_hash).collect()
    }
}

/// One-permutation MinHash: `P` bins, each keeping the minimum of the
/// shingles hashed into it, empty bins filled by optimal densification.
pub(crate) struct BinnedMinHash {
    /// `P`, at most 2^32 (the bin comes from 32 bits).
    bins: u64,
    seed: u64,
    densify_seed: u64,
}

/// Marks a bin no shingle fell into; values are below 2^32.
const EMPTY: u64 = u64::MAX;

/// Hashed tries before densification falls back to the next bins in order,
/// so that it always ends (never reached in practice: each try hits a
/// non-empty bin with probability at least `1/P`).
const DENSIFY_TRIES: u64 = 1 << 16;

/// `⌊x·n / 2^32⌋` for a 32-bit `x`: a bin in `0..n` without a division.
fn fastrange32(x: u64, n: u64) -> u64 {
    ((x & 0xFFFF_FFFF) * n) >> 32
}

impl BinnedMinHash {
    pub(crate) fn new(bins: usize, seed: u64) -> Self {
        Self {
            bins: u64::try_from(bins).unwrap_or(u64::MAX).min(1 << 32),
            seed,
            densify_seed: mix64(seed ^ 0x6465_6E73_6966_7921), // "densify!"
        }
    }

    /// The b-bit MinHash of a shingle set; empty for an empty set.
    pub(crate) fn signature(&self, shingles: &[u64]) -> Vec<MinValue> {
        self.densified(shingles)
            .into_iter()
            .map(|v| v as MinValue)
            .collect()
    }

    /// The `P` minima in full (32 bits), every bin filled; empty for an
    /// empty set.
    fn densified(&self, shingles: &[u64]) -> Vec<u64> {
        let minima = self.minima(shingles);
        if minima.iter().all(|&m| m == EMPTY) {
            return Vec::new();
        }
        (0..self.bins)
            .zip(&minima)
            .map(|(j, &m)| {
                if m == EMPTY {
                    self.borrow(&minima, j)
                } else {
                    m
                }
            })
            .collect()
    }

    /// Per bin, the least value of the shingles whose hash falls in it: the
    /// high 32 bits of the mixed hash pick the bin, the low 32 are the value.
    fn minima(&self, shingles: &[u64]) -> Vec<u64> {
        let mut minima = vec![EMPTY; self.bins as usize];
        for &shingle in shingles {
            let h = mix64(shingle ^ self.seed);
            if let Some(min) = minima.get_mut(fastrange32(h >> 32, self.bins) as usize) {
                *min = (*min).min(h & 0xFFFF_FFFF);
            }
        }
        minima
    }

    /// Optimal densification (Shrivastava 2017) of empty bin `j`: the value of
    /// the first non-empty bin among those drawn by hashing `(seed, j, try)`.
    /// The draws depend on no document, so two sets agree at `j` when the
    /// first drawn bin non-empty in their union has its minimum in both: with
    /// probability their Jaccard similarity, as at a non-empty bin.
    fn borrow(&self, minima: &[u64], j: u64) -> u64 {
        let hashed = (1..=DENSIFY_TRIES)
            .map(|t| fastrange32(mix64(self.densify_seed ^ ((j << 32) | t)), self.bins));
        let in_order = (1..self.bins).map(|k| (j + k) % self.bins);
        hashed
            .chain(in_order)
            .filter_map(|bin| minima.get(bin as usize).copied())
            .find(|&m| m != EMPTY)
            .unwrap_or(EMPTY)
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

/// Rows per chunk: 4096 rows of 120 values is 960 KiB.
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
        assert!(BinnedMinHash::new(16, SEED).signature(&[]).is_empty());
        assert!(BinnedMinHash::new(0, SEED).signature(&[1, 2]).is_empty());
    }

    #[test]
    fn estimate_is_close_to_true_jaccard() {
        let minhash = BinnedMinHash::new(120, SEED);
        let base = text(0, 400);
        // Replace a growing tail of the text with other words.
        for changed in [0, 20, 60, 120, 200, 300, 400] {
            let other = format!("{} {}", text(0, 400 - changed), text(10_000, changed));
            let (sa, sb) = (shingles(&words(&base), 5), shingles(&words(&other), 5));
            let truth = true_jaccard(&sa, &sb);
            let est = estimate(&minhash.signature(&sa), &minhash.signature(&sb));
            // 3 standard deviations of a 120-position estimate is at most 0.137.
            assert!(
                (est - truth).abs() < 0.137,
                "changed {changed}: est {est} true {truth}"
            );
        }
    }

    #[test]
    fn identical_sets_estimate_one_and_disjoint_near_zero() {
        let minhash = BinnedMinHash::new(120, SEED);
        let a = minhash.signature(&shingles(&words(&text(0, 300)), 5));
        let b = minhash.signature(&shingles(&words(&text(5_000, 300)), 5));
        assert_eq!(estimate(&a, &a), 1.0);
        assert!(estimate(&a, &b) < 0.05);
        assert_eq!(estimate(&a, &[]), 0.0);
        assert_eq!(estimate(&a, &b[..10]), 0.0);
    }

    #[test]
    fn signatures_depend_on_the_seed_only() {
        let s = shingles(&words(&text(0, 50)), 5);
        let one = BinnedMinHash::new(8, 1).signature(&s);
        assert_eq!(one, BinnedMinHash::new(8, 1).signature(&s));
        assert_ne!(one, BinnedMinHash::new(8, 2).signature(&s));
    }

    #[test]
    fn repeated_shingles_change_nothing() {
        let minhash = BinnedMinHash::new(120, SEED);
        let once = shingles(&words(&text(0, 30)), 5);
        let twice = [once.as_slice(), &once].concat();
        assert_eq!(minhash.signature(&once), minhash.signature(&twice));
    }

    /// Two random sets of `size` hashes sharing `common` of them.
    fn pair(rng: &mut u64, size: usize, common: usize) -> (Vec<u64>, Vec<u64>) {
        let mut next = || {
            *rng = rng.wrapping_add(1);
            mix64(*rng)
        };
        let shared: Vec<u64> = (0..common).map(|_| next()).collect();
        let mut a = shared.clone();
        let mut b = shared;
        a.extend((common..size).map(|_| next()));
        b.extend((common..size).map(|_| next()));
        (a, b)
    }

    #[test]
    fn a_set_smaller_than_the_signature_fills_every_position() {
        let minhash = BinnedMinHash::new(120, SEED);
        let mut rng = 7;
        let (a, b) = pair(&mut rng, 20, 16);
        let full = minhash.densified(&a);
        assert_eq!(full.len(), 120);
        let kept: HashSet<u64> = minhash.minima(&a).into_iter().collect();
        assert!(kept.len() <= 21, "at most 20 bins hold a shingle");
        assert!(full.iter().all(|v| *v != EMPTY && kept.contains(v)));
        let reversed: Vec<u64> = a.iter().rev().copied().collect();
        assert_eq!(minhash.signature(&a), minhash.signature(&reversed));
        assert_eq!(
            minhash.signature(&[a[0]]),
            vec![full_of(&minhash, a[0]); 120]
        );

        // 16 shared of 24: J = 2/3, averaged over seeds.
        let truth = 16.0 / 24.0;
        let mean = (0..400)
            .map(|seed| {
                let minhash = BinnedMinHash::new(120, mix64(seed));
                estimate(&minhash.signature(&a), &minhash.signature(&b)) as f64
            })
            .sum::<f64>()
            / 400.0;
        eprintln!("20 shingles, J {truth:.3}: mean estimate {mean:.4}");
        assert!((mean - truth).abs() < 0.02, "mean {mean} true {truth}");
    }

    /// The signature value of a one-shingle set.
    fn full_of(minhash: &BinnedMinHash, shingle: u64) -> MinValue {
        (mix64(shingle ^ minhash.seed) & 0xFFFF_FFFF) as MinValue
    }

    /// Over 200 seeds (and random sets), the estimate is unbiased at every
    /// similarity and set size, and for sets larger than the signature its
    /// spread is near that of 120 independent positions, `√(J(1−J)/120)`.
    #[test]
    fn estimates_are_unbiased_over_seeds() {
        const TRIALS: u64 = 200;
        for size in [40, 400] {
            for target in [0.25, 0.5, 0.8] {
                // |A ∩ B| = c with |A| = |B| = size: J = c / (2·size − c).
                let common = (2.0 * size as f64 * target / (1.0 + target)).round() as usize;
                let truth = common as f64 / (2 * size - common) as f64;
                let mut rng = size as u64 * 1000 + common as u64;
                let errors: Vec<f64> = (0..TRIALS)
                    .map(|seed| {
                        let (a, b) = pair(&mut rng, size, common);
                        let minhash = BinnedMinHash::new(120, mix64(seed));
                        estimate(&minhash.signature(&a), &minhash.signature(&b)) as f64 - truth
                    })
                    .collect();
                let mean = errors.iter().sum::<f64>() / TRIALS as f64;
                let spread = (errors.iter().map(|e| (e - mean).powi(2)).sum::<f64>()
                    / (TRIALS - 1) as f64)
                    .sqrt();
                let ideal = (truth * (1.0 - truth) / 120.0).sqrt();
                eprintln!(
                    "size {size} J {truth:.3}: mean error {mean:+.4}, spread {spread:.4} (ideal {ideal:.4})"
                );
                assert!(
                    mean.abs() < 0.01,
                    "size {size} J {truth}: mean error {mean}"
                );
                if size > 120 {
                    assert!(
                        spread < 1.5 * ideal,
                        "size {size} J {truth}: spread {spread}, ideal {ideal}"
                    );
                }
            }
        }
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
