//! Step 5: boilerplate lines. Block texts repeated across many distinct pages.
//!
//! A block text (trimmed, runs of whitespace collapsed, case kept) seen on at
//! least `boilerplate_min_docs` distinct pages is page furniture: "Theo dõi
//! chúng tôi trên Facebook", a newsletter pitch, a copyright line. Blocks of
//! fewer than [`MIN_BLOCK_WORDS`] words are not counted: short lines such as
//! a section name ("Thế giới"), a date or "Video" repeat everywhere but say
//! too little to judge, and marking them would mostly mark headings.
//!
//! "Distinct" is the point: a page counts only when it brings new content.
//! The deduper counts a page's lines only if, when it arrives, its body is new
//! (not an exact or near duplicate of an earlier page), so ten copies of one
//! article do not make its paragraphs boilerplate. Pages without a body always
//! count: they are not duplicates of anything.
//!
//! Most lines occur once, so counting every line exactly would cost a map
//! entry (about 20 bytes) per distinct line of the corpus. Instead a line's
//! first sighting goes into a Bloom filter (2 bytes per line) and only lines
//! seen again get an exact counter. A false positive of the filter (about 1
//! in 2,000 per filter, see [`Bloom`]) counts a line's first page twice, so a
//! line on `min_docs − 1` pages is marked with that probability.

use crate::minhash::mix64;
use corpus_core::whitespace;
use std::collections::{HashMap, HashSet};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Blocks with fewer words than this are never counted nor marked.
pub const MIN_BLOCK_WORDS: usize = 3;

/// The key of a block text: trimmed, whitespace runs collapsed to one space,
/// hashed; `None` for a block under [`MIN_BLOCK_WORDS`] words.
pub(crate) fn line_hash(text: &str, seed: u64) -> Option<u64> {
    // Normalised blocks are already single-spaced: hash them without a copy.
    if whitespace::is_single_spaced(text) {
        let words = whitespace::single_spaced_words(text);
        return (words >= MIN_BLOCK_WORDS).then(|| xxh3_64_with_seed(text.as_bytes(), seed));
    }
    let words = text.split_whitespace();
    words.clone().nth(MIN_BLOCK_WORDS - 1)?;
    let mut joined = String::with_capacity(text.len());
    for (i, word) in words.enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    Some(xxh3_64_with_seed(joined.as_bytes(), seed))
}

/// In how many distinct pages each line occurs, up to what marking needs.
#[derive(Debug)]
pub(crate) struct LineCounter {
    min_docs: u32,
    seen_once: Bloom,
    counts: HashMap<u64, u32>,
}

impl LineCounter {
    /// `min_docs` 0 is taken as 1: every counted line is boilerplate.
    pub(crate) fn new(min_docs: u32) -> Self {
        Self {
            min_docs: min_docs.max(1),
            seen_once: Bloom::default(),
            counts: HashMap::new(),
        }
    }

    /// Count one page; `lines` are its distinct line hashes.
    pub(crate) fn count_page(&mut self, lines: &[u64]) {
        for &line in lines {
            if let Some(count) = self.counts.get_mut(&line) {
                *count = count.saturating_add(1);
            } else if self.min_docs == 1 {
                self.counts.insert(line, 1);
            } else if !self.seen_once.insert(line) {
                // Seen on one earlier page (or a filter false positive).
                self.counts.insert(line, 2);
            }
        }
    }

    /// The lines that reached `min_docs` pages.
    pub(crate) fn finish(self) -> HashSet<u64> {
        let min_docs = self.min_docs;
        self.counts
            .into_iter()
            .filter(|&(_, count)| count >= min_docs)
            .map(|(line, _)| line)
            .collect()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.seen_once.heap_bytes()
            + self.counts.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
    }
}

/// A scalable Bloom filter: a chain of filters, each twice the capacity of
/// the one before, so it needs no size up front. Each filter has 16 bits per
/// item and 11 probes, a false-positive rate of about 0.05% when full; with
/// `f` filters a new item is a false positive with probability at most
/// `f × 0.05%` (about 0.5% past a billion lines, 0.3% at ten million).
#[derive(Debug, Default)]
struct Bloom {
    filters: Vec<Filter>,
}

#[derive(Debug)]
struct Filter {
    words: Vec<u64>,
    items: usize,
    capacity: usize,
}

const FIRST_CAPACITY: usize = 1 << 16;
const BITS_PER_ITEM: usize = 16;
const PROBES: u64 = 11;

impl Filter {
    fn new(capacity: usize) -> Self {
        Self {
            words: vec![0; capacity * BITS_PER_ITEM / 64],
            items: 0,
            capacity,
        }
    }

    /// Bit positions by double hashing; the bit count is a power of two.
    fn probes(&self, item: u64) -> impl Iterator<Item = usize> + use<> {
        let mask = (self.words.len() * 64 - 1) as u64;
        let step = mix64(item) | 1;
        (0..PROBES).map(move |i| (item.wrapping_add(i.wrapping_mul(step)) & mask) as usize)
    }

    fn contains(&self, item: u64) -> bool {
        self.probes(item).all(|bit| {
            self.words
                .get(bit / 64)
                .is_some_and(|w| w >> (bit % 64) & 1 == 1)
        })
    }

    fn insert(&mut self, item: u64) {
        for bit in self.probes(item) {
            if let Some(word) = self.words.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        self.items += 1;
    }
}

impl Bloom {
    /// Add `item`; false when it was (probably) there already.
    fn insert(&mut self, item: u64) -> bool {
        if self.filters.iter().any(|f| f.contains(item)) {
            return false;
        }
        let full = self.filters.last().is_none_or(|f| f.items >= f.capacity);
        if full {
            let capacity = self
                .filters
                .last()
                .map_or(FIRST_CAPACITY, |f| f.capacity.saturating_mul(2));
            self.filters.push(Filter::new(capacity));
        }
        if let Some(filter) = self.filters.last_mut() {
            filter.insert(item);
        }
        true
    }

    fn heap_bytes(&self) -> usize {
        self.filters.iter().map(|f| f.words.capacity() * 8).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_hash_ignores_spacing_but_not_case_or_short_lines() {
        let h = line_hash("  Theo dõi chúng tôi  trên\tFacebook ", 1);
        assert!(h.is_some());
        assert_eq!(h, line_hash("Theo dõi chúng tôi trên Facebook", 1));
        assert_ne!(h, line_hash("theo dõi chúng tôi trên facebook", 1));
        assert_eq!(line_hash("Thế giới", 1), None);
        assert!(line_hash("Xem thêm tin", 1).is_some());
        assert_eq!(line_hash("   ", 1), None);
        assert_eq!(line_hash("", 1), None);
        assert_eq!(line_hash("a\u{a0}b c", 1), line_hash("a b c", 1));
        assert_eq!(line_hash("a b c ", 1), line_hash("a b c", 1));
    }

    #[test]
    fn lines_reaching_min_docs_are_marked() {
        let mut counter = LineCounter::new(10);
        for page in 0..10u64 {
            counter.count_page(&[1, 100 + page]);
            if page < 9 {
                counter.count_page(&[2]);
            }
        }
        let marked = counter.finish();
        assert!(marked.contains(&1), "on 10 pages");
        assert!(!marked.contains(&2), "on 9 pages");
        assert!(!marked.contains(&100));
        assert_eq!(marked.len(), 1);
    }

    #[test]
    fn min_docs_one_or_zero_marks_every_counted_line() {
        for min_docs in [0, 1] {
            let mut counter = LineCounter::new(min_docs);
            counter.count_page(&[5, 6]);
            assert_eq!(counter.finish(), HashSet::from([5, 6]));
        }
    }

    #[test]
    fn bloom_grows_and_rarely_lies() {
        let mut bloom = Bloom::default();
        let n = FIRST_CAPACITY as u64 * 3;
        let items = (0..n).map(|i| mix64(i ^ 0xABCD));
        let new = items.clone().filter(|&item| bloom.insert(item)).count() as u64;
        assert!(bloom.filters.len() >= 2);
        assert!(n - new < n / 500, "false positives: {}", n - new);
        assert!(
            items.clone().all(|item| !bloom.insert(item)),
            "no false negatives"
        );
    }
}
