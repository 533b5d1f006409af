//! The reduce step: one bucket's exact groups and near pairs.

use super::files::{Kind, MapFolders};
use super::{Position, index_of, le, position, shard_of, write_atomic};
use crate::DedupeConfig;
use crate::minhash::estimate;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PairKind {
    /// `later` has the body of `earlier`, the first page with it.
    Exact = 0,
    /// `later` shares a band with `earlier`, the page before it in the
    /// band's chain, and their estimated similarity reaches the threshold.
    Near = 1,
}

/// A union the cluster step makes, with what it needs to pick
/// representatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pair {
    pub later: Position,
    pub earlier: Position,
    pub kind: PairKind,
    pub later_words: u32,
    pub earlier_words: u32,
}

impl Pair {
    const SIZE: usize = 1 + 8 + 8 + 4 + 4;

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.kind as u8);
        out.extend_from_slice(&self.later.to_le_bytes());
        out.extend_from_slice(&self.earlier.to_le_bytes());
        out.extend_from_slice(&self.later_words.to_le_bytes());
        out.extend_from_slice(&self.earlier_words.to_le_bytes());
    }

    fn decode(row: &[u8]) -> Option<Self> {
        let u64_at = |at: usize| Some(u64::from_le_bytes(row.get(at..at + 8)?.try_into().ok()?));
        let u32_at = |at: usize| Some(u32::from_le_bytes(row.get(at..at + 4)?.try_into().ok()?));
        Some(Self {
            kind: match row.first()? {
                0 => PairKind::Exact,
                1 => PairKind::Near,
                _ => return None,
            },
            later: u64_at(1)?,
            earlier: u64_at(9)?,
            later_words: u32_at(17)?,
            earlier_words: u32_at(21)?,
        })
    }

    /// Write pairs to `path` (atomically).
    pub fn write_all(path: &Path, pairs: &[Pair]) -> io::Result<()> {
        let mut bytes = Vec::with_capacity(pairs.len() * Self::SIZE);
        for pair in pairs {
            pair.encode(&mut bytes);
        }
        write_atomic(path, &bytes)
    }

    /// Read the pairs a reduce task wrote.
    pub fn read_all(path: &Path) -> io::Result<Vec<Pair>> {
        let bytes = std::fs::read(path)?;
        bytes
            .chunks(Self::SIZE)
            .map(|row| {
                Self::decode(row)
                    .ok_or_else(|| io::Error::other(format!("{}: a bad pair", path.display())))
            })
            .collect()
    }
}

/// The pairs of `bucket`, from the map folders of every shard (in shard
/// order). Sorted, each once.
pub fn reduce(map_dirs: &[PathBuf], bucket: u32, config: &DedupeConfig) -> io::Result<Vec<Pair>> {
    let mut maps = MapFolders::open(map_dirs, config)?;
    let mut pairs = exact_pairs(&maps, bucket)?;
    pairs.extend(near_pairs(&mut maps, bucket, config)?);
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// Every page but the first of each body hash, paired with the first.
fn exact_pairs(maps: &MapFolders, bucket: u32) -> io::Result<Vec<Pair>> {
    let mut entries: Vec<(u128, Position, u32)> = Vec::new();
    for shard in 0..maps.len() {
        let bytes = maps.bucket(shard, Kind::Exact, bucket)?;
        for row in bytes.chunks_exact(24) {
            let hash = u128::from_le_bytes(le(&row[..16]));
            let index = u32::from_le_bytes(le(&row[16..20]));
            let words = u32::from_le_bytes(le(&row[20..24]));
            entries.push((hash, position(shard, index), words));
        }
    }
    entries.sort_unstable();
    let mut pairs = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let (_, first, first_words) = group[0];
        pairs.extend(group[1..].iter().map(|&(_, later, later_words)| Pair {
            later,
            earlier: first,
            kind: PairKind::Exact,
            later_words,
            earlier_words: first_words,
        }));
    }
    Ok(pairs)
}

/// The band chains of the bucket: pages of one band value in input order,
/// exact copies left out, each verified against the one before.
fn near_pairs(maps: &mut MapFolders, bucket: u32, config: &DedupeConfig) -> io::Result<Vec<Pair>> {
    // Each entry's band and values stay in `values` as the map wrote them
    // (bytes equal exactly when the values are); entries sort by them,
    // then by position.
    let rows = crate::lsh::Lsh::new(config.permutations, config.bands, 0).rows();
    let key_len = 2 + 2 * rows;
    let mut values: Vec<u8> = Vec::new();
    let mut entries: Vec<(usize, Position)> = Vec::new();
    for shard in 0..maps.len() {
        let bytes = maps.bucket(shard, Kind::Bands, bucket)?;
        for row in bytes.chunks_exact(key_len + 4) {
            let (value, index) = row.split_at(key_len);
            let index = u32::from_le_bytes(le(index));
            entries.push((values.len(), position(shard, index)));
            values.extend_from_slice(value);
        }
    }
    let key = |start: usize| &values[start..start + key_len];
    entries.sort_unstable_by(|a, b| key(a.0).cmp(key(b.0)).then(a.1.cmp(&b.1)));
    let mut pairs = Vec::new();
    for group in entries.chunk_by(|a, b| key(a.0) == key(b.0)) {
        if group.len() < 2 {
            continue;
        }
        let mut bodies = HashSet::new();
        let mut previous: Option<(Position, super::files::SignatureRow)> = None;
        for &(_, page) in group {
            let row = maps.signature(shard_of(page), index_of(page))?;
            if !bodies.insert(row.body_hash) {
                continue; // an exact copy: never in the band tables
            }
            if let Some((earlier, earlier_row)) = &previous {
                if estimate(&row.minhash, &earlier_row.minhash) >= config.threshold {
                    pairs.push(Pair {
                        later: page,
                        earlier: *earlier,
                        kind: PairKind::Near,
                        later_words: row.words,
                        earlier_words: earlier_row.words,
                    });
                }
            }
            previous = Some((page, row));
        }
    }
    Ok(pairs)
}
