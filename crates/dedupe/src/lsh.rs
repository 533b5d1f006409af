//! Step 3: buckets. Locality-sensitive hashing by banding.
//!
//! A signature of `bands × rows` values is cut into `bands` runs of `rows`;
//! two documents whose values agree on a whole band share a bucket and become
//! a candidate pair. For Jaccard similarity `s` the chance of sharing at least
//! one band is `1 − (1 − s^rows)^bands`, an S-curve that rises around
//! `(1/bands)^(1/rows)`.
//!
//! Each band keeps, per bucket, only the latest document that fell in it:
//! a new document is compared with that one, then takes its place. Members
//! of one cluster chain to each other through their buckets, and a table
//! costs one `u32` per bucket: a [`HashTable`] of document indices whose
//! keys are read back from the [`SignatureStore`] rather than stored.

use crate::minhash::{MinValue, SignatureStore, mix64};
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

#[derive(Debug)]
pub(crate) struct Lsh {
    rows: usize,
    seed: u64,
    tables: Vec<HashTable<u32>>,
}

impl Lsh {
    /// Band tables for signatures of `permutations` values. Values past
    /// `bands × rows` (when `bands` does not divide `permutations`) are not
    /// banded, only compared. No bands, or fewer values than bands, means no
    /// candidates at all.
    pub(crate) fn new(permutations: usize, bands: usize, seed: u64) -> Self {
        let rows = permutations.checked_div(bands).unwrap_or(0);
        let bands = if rows == 0 { 0 } else { bands };
        Self {
            rows,
            seed,
            tables: (0..bands).map(|_| HashTable::new()).collect(),
        }
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// File document `doc` (already in `store`) into its buckets, and append
    /// to `candidates` the documents it displaced: those that last shared a
    /// band with it. A candidate may appear once per shared band.
    pub(crate) fn insert(&mut self, doc: u32, store: &SignatureStore, candidates: &mut Vec<u32>) {
        let row = store.row(doc as usize);
        if row.is_empty() {
            return;
        }
        let (rows, seed) = (self.rows, self.seed);
        for (band, table) in self.tables.iter_mut().enumerate() {
            let range = band * rows..(band + 1) * rows;
            let key = row.get(range.clone());
            let hash = band_hash(key, band, seed);
            let same_band = |&other: &u32| store.row(other as usize).get(range.clone()) == key;
            let rehash =
                |&other: &u32| band_hash(store.row(other as usize).get(range.clone()), band, seed);
            match table.entry(hash, same_band, rehash) {
                Entry::Occupied(mut entry) => {
                    candidates.push(*entry.get());
                    *entry.get_mut() = doc;
                }
                Entry::Vacant(entry) => {
                    entry.insert(doc);
                }
            }
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.tables.iter().map(HashTable::allocation_size).sum()
    }
}

/// Hash of one band's values (`None`, for a short row, hashes like empty).
pub(crate) fn band_hash(values: Option<&[MinValue]>, band: usize, seed: u64) -> u64 {
    values
        .unwrap_or(&[])
        .iter()
        .fold(mix64(seed ^ band as u64), |h, &v| mix64(h ^ u64::from(v)))
}

/// Chance that a pair of Jaccard similarity `s` shares at least one band.
#[cfg(test)]
pub(crate) fn candidate_probability(s: f64, bands: usize, rows: usize) -> f64 {
    1.0 - (1.0 - s.powi(rows as i32)).powi(bands as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::minhash::SignatureStore;

    fn store(rows: &[&[MinValue]]) -> SignatureStore {
        let mut store = SignatureStore::new(rows[0].len());
        for row in rows {
            store.push(row);
        }
        store
    }

    #[test]
    fn a_shared_band_makes_a_candidate() {
        let s = store(&[&[1, 2, 3, 4], &[9, 9, 3, 4], &[5, 6, 7, 8]]);
        let mut lsh = Lsh::new(4, 2, 0);
        let mut found = Vec::new();
        lsh.insert(0, &s, &mut found);
        lsh.insert(1, &s, &mut found);
        assert_eq!(found, vec![0], "second band [3, 4] is shared");
        found.clear();
        lsh.insert(2, &s, &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn buckets_point_at_the_latest_document() {
        let s = store(&[&[1, 1], &[1, 1], &[1, 1]]);
        let mut lsh = Lsh::new(2, 1, 0);
        let mut found = Vec::new();
        for doc in 0..3 {
            lsh.insert(doc, &s, &mut found);
        }
        assert_eq!(found, vec![0, 1]);
    }

    #[test]
    fn degenerate_shapes_find_nothing() {
        let s = store(&[&[1, 1], &[1, 1]]);
        for (perms, bands) in [(2, 0), (2, 3), (0, 1)] {
            let mut lsh = Lsh::new(perms, bands, 0);
            let mut found = Vec::new();
            lsh.insert(0, &s, &mut found);
            lsh.insert(1, &s, &mut found);
            assert!(found.is_empty(), "{perms} permutations, {bands} bands");
        }
    }

    #[test]
    fn default_shape_finds_pairs_above_the_threshold() {
        // 14 bands of 8 rows: the S-curve rises around (1/14)^(1/8) ≈ 0.72.
        let p = |s| candidate_probability(s, 14, 8);
        assert!(p(0.8) > 0.92, "{}", p(0.8));
        assert!(p(0.9) > 0.999);
        assert!(p(0.5) < 0.06);
        assert!(p(0.3) < 0.001);
    }
}
