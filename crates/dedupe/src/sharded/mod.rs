//! Deduplication as tasks over files, for corpora no one process can index.
//!
//! [`Deduper`](crate::Deduper) sees every page in one process. Here the same
//! decisions are made by tasks that each hold a slice of the corpus:
//!
//! | step | one task per | reads | writes |
//! |------|--------------|-------|--------|
//! | map ([`ShardWriter`]) | shard | the shard's signatures, in input order | `signatures.bin` and three bucketed entry files |
//! | reduce ([`reduce`]) | bucket | the bucket's entries of every shard | the bucket's exact pairs and verified near pairs |
//! | cluster ([`cluster`]) | (one) | every bucket's pairs | per shard: the marks of its clustered pages and its pages whose body was not new |
//! | lines ([`count_lines`]) | bucket | the bucket's line entries, the not-new pages | the bucket's boilerplate lines |
//! | write ([`shard_result`]) | shard | its marks, every bucket's lines | a [`DedupeResult`] that marks the shard's pages |
//!
//! A page's place in the corpus is its [`Position`]: shard, then index among
//! the shard's documents. Shards are contiguous runs of the inputs, so
//! positions sort in input order, which is all the one-process rules look at.
//!
//! # Why the result is the one-process result
//!
//! - **Exact groups**: pages of one body hash meet in one bucket; the first
//!   position is the group, as [`ExactIndex`](crate::exact) makes it.
//! - **Near pairs**: the one-process band table keeps the latest page of each
//!   band value and compares a new page with it. Exact copies are left out.
//!   So the candidates of a band value are its pages in input order, copies
//!   removed, each compared with the one before. The reduce rebuilds exactly
//!   that chain: all pages of one band value meet in one bucket, and a copy
//!   shares every band value with its original (same body, same signature),
//!   so dropping a member whose body hash an earlier member has drops
//!   exactly the copies.
//! - **Clusters** are unions of those pairs; the representative (most words,
//!   then earliest) and each member's kind and similarity follow as in
//!   [`Deduper::finish`](crate::Deduper::finish).
//! - **Boilerplate**: a page's lines count when its body was new: neither an
//!   exact copy nor the later page of a verified near pair. Those are known
//!   after clustering, so lines are counted in their own step. They are
//!   counted exactly; the one-process counter's Bloom filter can count a
//!   line's first page twice (about 1 in 2,000 lines once it holds millions),
//!   the only way the two can differ.
//!
//! Each step's memory is its own slice, never an index of the whole corpus:
//! a map holds the entries of a few MB of pages before appending them to its
//! bucket files; a reduce, its bucket's exact and band entries (about 30
//! bytes per band entry: 700 bytes a page divided by the buckets); the
//! cluster step, about 30 bytes per page that is in a pair (it reads the
//! pair files twice rather than holding them, and writes one shard's marks
//! at a time); a lines task, its bucket's line entries and one shard's
//! not-new pages at a time; a write task, its shard's marks and the
//! boilerplate lines.
//!
//! # Size on disk
//!
//! Per page, with the default settings: a signature row of 269 bytes (id
//! key 8, words 4, body hash 16, flag 1, 120 MinHash values of 2 bytes), 24
//! band entries of 16 bytes (band 2, values 10, index 4), an exact entry of
//! 24 bytes, and 12 bytes per distinct countable line (about 30 on a news
//! page). About 1,000 bytes a page, written once by the maps and read
//! once by the reduces and lines tasks.

mod cluster;
mod files;
mod reduce;

pub use cluster::{ClusterOutput, cluster, count_lines, read_lines, read_marks, write_lines};
pub use files::{ShardSummary, ShardWriter};
pub use reduce::{Pair, PairKind, reduce};

use crate::{DedupeConfig, DedupeResult, Mark, Seeds};
use corpus_core::{DocId, DuplicateKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

/// A page's place in the corpus: `shard << 32 | index` of the document in
/// its shard. Ordered as the inputs are.
pub type Position = u64;

pub(crate) fn position(shard: u32, index: u32) -> Position {
    (u64::from(shard) << 32) | u64::from(index)
}

pub(crate) fn shard_of(position: Position) -> u32 {
    (position >> 32) as u32
}

pub(crate) fn index_of(position: Position) -> u32 {
    position as u32
}

/// Little-endian integers from the fixed-size rows of the step files
/// (`chunks_exact` hands them whole; a short slice reads as zero bytes).
pub(crate) fn le<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    out
}

/// The bucket of a 64-bit key: its hash mixed once more, so that keys made
/// with the same family of hashes spread evenly.
pub(crate) fn bucket_of(key: u64, buckets: u32) -> u32 {
    (crate::minhash::mix64(key ^ 0x6275_636b) % u64::from(buckets.max(1))) as u32
}

/// How a clustered page is marked, as the cluster step writes it for the
/// page's shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkRow {
    /// The page's id key (see `ids.rs`).
    pub key: u64,
    /// The representative's id.
    pub representative: DocId,
    pub kind: Option<DuplicateKind>,
    pub similarity: f32,
}

/// What the write step of one shard marks its pages with: the shard's
/// `marks` from the cluster step and the `boilerplate` lines of every lines
/// task, as a [`DedupeResult`] that marks every page it is given.
pub fn shard_result(
    config: &DedupeConfig,
    marks: impl IntoIterator<Item = MarkRow>,
    boilerplate: HashSet<u64>,
) -> DedupeResult {
    let mut representatives: Vec<DocId> = Vec::new();
    let mut slots: HashMap<DocId, u32> = HashMap::new();
    let mut by_key = HashMap::new();
    for row in marks {
        let slot = *slots.entry(row.representative.clone()).or_insert_with(|| {
            representatives.push(row.representative.clone());
            representatives.len() as u32 - 1
        });
        // A doc_id given twice keeps its first page's mark, as in one process.
        by_key.entry(row.key).or_insert(Mark {
            slot,
            kind: row.kind,
            similarity: row.similarity,
        });
    }
    DedupeResult {
        line_seed: Seeds::new(config.seed).lines,
        strip_boilerplate: config.strip_boilerplate,
        seen: None,
        marks: by_key,
        representatives,
        stats: crate::DedupeStats {
            boilerplate_lines: boilerplate.len() as u64,
            ..Default::default()
        },
        boilerplate,
    }
}

/// Write `bytes` to `path` through a temp file in the same folder and a
/// rename, so a reader never sees half of it.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other(format!("{} has no file name", path.display())))?;
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)
}
