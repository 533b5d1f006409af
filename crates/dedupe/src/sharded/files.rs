//! The map step's files, one folder per shard, and their readers.
//!
//! - `signatures.bin`: one fixed-size row per document in shard order: id
//!   key, words, body hash, whether a MinHash is stored, the MinHash. Read
//!   back a row at a time (`pread`) for the rare pages that need it.
//! - `exact.bin`, `bands.bin`, `lines.bin`: entries routed to buckets. The
//!   writer buffers a few MB of entries, then appends each bucket's as one
//!   run; `index.json` lists the runs, so a reduce task reads only its
//!   bucket's bytes of every shard.
//! - `other_ids.json`: ids that are not 16 hex digits (hand-edited
//!   records), which an id key cannot spell back.

use super::{bucket_of, write_atomic};
use crate::minhash::{MinValue, mix64};
use crate::{DedupeConfig, DocSignature, Seeds, ids, lsh};
use corpus_core::DocId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

const SIGNATURES: &str = "signatures.bin";
const INDEX: &str = "index.json";
const OTHER_IDS: &str = "other_ids.json";
/// Buffered entry bytes before the runs are appended.
const FLUSH_BYTES: usize = 16 << 20;

/// The three kinds of bucketed entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// body hash (16), index (4), words (4): routed by body hash.
    Exact,
    /// band (2), band values (2 each), index (4): routed by band hash.
    Bands,
    /// line hash (8), index (4): routed by line hash.
    Lines,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Exact, Kind::Bands, Kind::Lines];

    fn file(self) -> &'static str {
        match self {
            Kind::Exact => "exact.bin",
            Kind::Bands => "bands.bin",
            Kind::Lines => "lines.bin",
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// One run: a bucket's entries appended at `offset`, `len` bytes.
type Run = (u32, u64, u64);

/// What a shard's map wrote: `index.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShardSummary {
    /// Documents in the shard.
    pub pages: u32,
    /// Of those, pages whose body has no words.
    pub empty_bodies: u64,
    /// Bytes of every file of deduplication data the shard wrote.
    pub dedupe_bytes: u64,
    /// Width of a stored MinHash, to check the reader's configuration.
    permutations: usize,
    runs: BTreeMap<String, Vec<Run>>,
}

/// Receives a shard's signatures in input order and writes its folder.
pub struct ShardWriter {
    dir: PathBuf,
    config: DedupeConfig,
    buckets: u32,
    seeds: Seeds,
    signatures: BufWriter<File>,
    /// Per kind, per bucket: entry bytes not yet appended.
    pending: [Vec<Vec<u8>>; 3],
    pending_bytes: usize,
    files: [File; 3],
    offsets: [u64; 3],
    runs: [Vec<Run>; 3],
    other_ids: BTreeMap<u32, DocId>,
    pages: u32,
    empty_bodies: u64,
}

impl ShardWriter {
    /// Start the files of a shard in `dir` (created; files in it replaced).
    pub fn create(dir: &Path, config: &DedupeConfig, buckets: u32) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let buckets = buckets.max(1);
        let open = |kind: Kind| File::create(dir.join(kind.file()));
        Ok(Self {
            signatures: BufWriter::with_capacity(1 << 20, File::create(dir.join(SIGNATURES))?),
            files: [open(Kind::Exact)?, open(Kind::Bands)?, open(Kind::Lines)?],
            pending: std::array::from_fn(|_| vec![Vec::new(); buckets as usize]),
            pending_bytes: 0,
            offsets: [0; 3],
            runs: Default::default(),
            other_ids: BTreeMap::new(),
            pages: 0,
            empty_bodies: 0,
            seeds: Seeds::new(config.seed),
            dir: dir.to_path_buf(),
            config: config.clone(),
            buckets,
        })
    }

    /// The next document of the shard.
    pub fn add(&mut self, sig: &DocSignature) -> io::Result<()> {
        let index = self.pages;
        self.pages = self
            .pages
            .checked_add(1)
            .ok_or_else(|| io::Error::other("a shard holds at most 2^32 − 1 documents"))?;
        let key = ids::key(&sig.doc_id);
        if !ids::is_canonical(&sig.doc_id) {
            self.other_ids.insert(index, sig.doc_id.clone());
        }
        let has_minhash = !sig.minhash.is_empty() && sig.minhash.len() == self.config.permutations;
        let row = SignatureRow {
            key,
            words: sig.words,
            body_hash: sig.body_hash,
            minhash: if has_minhash {
                sig.minhash.clone()
            } else {
                Vec::new()
            },
        };
        self.signatures
            .write_all(&row.encode(self.config.permutations))?;

        if sig.words == 0 {
            self.empty_bodies += 1;
        } else {
            let mut entry = Vec::with_capacity(24);
            entry.extend_from_slice(&sig.body_hash.to_le_bytes());
            entry.extend_from_slice(&index.to_le_bytes());
            entry.extend_from_slice(&sig.words.to_le_bytes());
            let route = (sig.body_hash as u64) ^ (sig.body_hash >> 64) as u64;
            self.push(Kind::Exact, route, &entry);
        }
        let rows = self.rows();
        if has_minhash && rows > 0 {
            for band in 0..self.config.permutations / rows {
                let values = &sig.minhash[band * rows..(band + 1) * rows];
                let mut entry = Vec::with_capacity(2 + 2 * rows + 4);
                entry.extend_from_slice(&(band as u16).to_le_bytes());
                for value in values {
                    entry.extend_from_slice(&value.to_le_bytes());
                }
                entry.extend_from_slice(&index.to_le_bytes());
                self.push(
                    Kind::Bands,
                    lsh::band_hash(Some(values), band, self.seeds.bands),
                    &entry,
                );
            }
        }
        for &line in &sig.lines {
            let mut entry = [0u8; 12];
            entry[..8].copy_from_slice(&line.to_le_bytes());
            entry[8..].copy_from_slice(&index.to_le_bytes());
            self.push(Kind::Lines, mix64(line), &entry);
        }
        if self.pending_bytes >= FLUSH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Values per band, as the one-process band tables cut them (0: no bands).
    fn rows(&self) -> usize {
        lsh::Lsh::new(self.config.permutations, self.config.bands, 0).rows()
    }

    fn push(&mut self, kind: Kind, route: u64, entry: &[u8]) {
        let bucket = bucket_of(route, self.buckets) as usize;
        if let Some(pending) = self.pending[kind.slot()].get_mut(bucket) {
            pending.extend_from_slice(entry);
            self.pending_bytes += entry.len();
        }
    }

    /// Append every bucket's pending entries as one run each.
    fn flush(&mut self) -> io::Result<()> {
        for kind in Kind::ALL {
            let slot = kind.slot();
            for (bucket, pending) in self.pending[slot].iter_mut().enumerate() {
                if pending.is_empty() {
                    continue;
                }
                self.files[slot].write_all(pending)?;
                let len = pending.len() as u64;
                self.runs[slot].push((bucket as u32, self.offsets[slot], len));
                self.offsets[slot] += len;
                pending.clear();
            }
        }
        self.pending_bytes = 0;
        Ok(())
    }

    /// Complete the files; `index.json` last, so a folder with it is whole.
    pub fn finish(mut self) -> io::Result<ShardSummary> {
        self.flush()?;
        self.signatures.flush()?;
        self.signatures.get_ref().sync_all()?;
        for file in &self.files {
            file.sync_all()?;
        }
        let other_ids = serde_json::to_vec(&self.other_ids).map_err(io::Error::other)?;
        write_atomic(&self.dir.join(OTHER_IDS), &other_ids)?;
        let row_bytes = SignatureRow::size(self.config.permutations) as u64;
        let mut summary = ShardSummary {
            pages: self.pages,
            empty_bodies: self.empty_bodies,
            dedupe_bytes: u64::from(self.pages) * row_bytes
                + self.offsets.iter().sum::<u64>()
                + other_ids.len() as u64,
            permutations: self.config.permutations,
            runs: Kind::ALL
                .iter()
                .map(|kind| (kind.file().to_string(), self.runs[kind.slot()].clone()))
                .collect(),
        };
        let index = serde_json::to_vec(&summary).map_err(io::Error::other)?;
        summary.dedupe_bytes += index.len() as u64;
        let index = serde_json::to_vec(&summary).map_err(io::Error::other)?;
        write_atomic(&self.dir.join(INDEX), &index)?;
        Ok(summary)
    }
}

/// One document's row of `signatures.bin`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SignatureRow {
    pub(crate) key: u64,
    pub(crate) words: u32,
    pub(crate) body_hash: u128,
    /// Empty when the page has none stored (no words).
    pub(crate) minhash: Vec<MinValue>,
}

impl SignatureRow {
    fn size(permutations: usize) -> usize {
        8 + 4 + 16 + 1 + 2 * permutations
    }

    fn encode(&self, permutations: usize) -> Vec<u8> {
        let mut row = Vec::with_capacity(Self::size(permutations));
        row.extend_from_slice(&self.key.to_le_bytes());
        row.extend_from_slice(&self.words.to_le_bytes());
        row.extend_from_slice(&self.body_hash.to_le_bytes());
        let stored = self.minhash.len() == permutations && permutations > 0;
        row.push(u8::from(stored));
        for i in 0..permutations {
            let value = if stored { self.minhash[i] } else { 0 };
            row.extend_from_slice(&value.to_le_bytes());
        }
        row
    }

    fn decode(row: &[u8], permutations: usize) -> Option<Self> {
        let stored = *row.get(28)? == 1;
        let minhash = match stored {
            true => row
                .get(29..29 + 2 * permutations)?
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
            false => Vec::new(),
        };
        Some(Self {
            key: u64::from_le_bytes(row.get(..8)?.try_into().ok()?),
            words: u32::from_le_bytes(row.get(8..12)?.try_into().ok()?),
            body_hash: u128::from_le_bytes(row.get(12..28)?.try_into().ok()?),
            minhash,
        })
    }
}

/// The map folders of every shard, read by the reduce, cluster and lines
/// tasks.
pub(crate) struct MapFolders {
    permutations: usize,
    shards: Vec<Shard>,
}

struct Shard {
    dir: PathBuf,
    summary: ShardSummary,
    other_ids: BTreeMap<u32, DocId>,
    /// Opened on first use.
    signatures: Option<File>,
}

impl MapFolders {
    /// Read the index of every shard folder; a folder without one was not
    /// completed.
    pub(crate) fn open(dirs: &[PathBuf], config: &DedupeConfig) -> io::Result<Self> {
        let mut shards = Vec::with_capacity(dirs.len());
        for dir in dirs {
            let path = dir.join(INDEX);
            let bytes = fs::read(&path).map_err(|err| {
                io::Error::new(
                    err.kind(),
                    format!("{}: {err} (did its map task finish?)", path.display()),
                )
            })?;
            let summary: ShardSummary = serde_json::from_slice(&bytes)
                .map_err(|err| io::Error::other(format!("{}: {err}", path.display())))?;
            if summary.permutations != config.permutations {
                return Err(io::Error::other(format!(
                    "{} was mapped with {} MinHash positions, this run uses {}",
                    dir.display(),
                    summary.permutations,
                    config.permutations
                )));
            }
            let path = dir.join(OTHER_IDS);
            let other_ids = serde_json::from_slice(&fs::read(&path)?)
                .map_err(|err| io::Error::other(format!("{}: {err}", path.display())))?;
            shards.push(Shard {
                dir: dir.clone(),
                summary,
                other_ids,
                signatures: None,
            });
        }
        Ok(Self {
            permutations: config.permutations,
            shards,
        })
    }

    pub(crate) fn len(&self) -> u32 {
        self.shards.len() as u32
    }

    pub(crate) fn summary(&self, shard: u32) -> Option<&ShardSummary> {
        self.shards.get(shard as usize).map(|s| &s.summary)
    }

    /// Every entry of `kind` routed to `bucket` by `shard`, concatenated.
    pub(crate) fn bucket(&self, shard: u32, kind: Kind, bucket: u32) -> io::Result<Vec<u8>> {
        let Some(shard) = self.shards.get(shard as usize) else {
            return Ok(Vec::new());
        };
        let runs = shard.summary.runs.get(kind.file());
        let wanted: Vec<&Run> = runs
            .into_iter()
            .flatten()
            .filter(|run| run.0 == bucket)
            .collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let file = File::open(shard.dir.join(kind.file()))?;
        let mut bytes = vec![0u8; wanted.iter().map(|run| run.2 as usize).sum()];
        let mut at = 0;
        for &&(_, offset, len) in &wanted {
            file.read_exact_at(&mut bytes[at..at + len as usize], offset)?;
            at += len as usize;
        }
        Ok(bytes)
    }

    /// The signature row of one document.
    pub(crate) fn signature(&mut self, shard: u32, index: u32) -> io::Result<SignatureRow> {
        let permutations = self.permutations;
        let shard = self
            .shards
            .get_mut(shard as usize)
            .ok_or_else(|| io::Error::other(format!("no shard {shard}")))?;
        let file = match &mut shard.signatures {
            Some(file) => file,
            none => none.insert(File::open(shard.dir.join(SIGNATURES))?),
        };
        let size = SignatureRow::size(permutations);
        let mut row = vec![0u8; size];
        file.read_exact_at(&mut row, u64::from(index) * size as u64)?;
        SignatureRow::decode(&row, permutations).ok_or_else(|| {
            io::Error::other(format!(
                "{}: row {index} is unreadable",
                shard.dir.join(SIGNATURES).display()
            ))
        })
    }

    /// The id of a document: the shard's other ids, or its row's key
    /// spelled as 16 hex digits.
    pub(crate) fn doc_id(&mut self, shard: u32, index: u32) -> io::Result<DocId> {
        let other = self
            .shards
            .get(shard as usize)
            .and_then(|s| s.other_ids.get(&index));
        if let Some(id) = other {
            return Ok(id.clone());
        }
        let key = self.signature(shard, index)?.key;
        ids::from_key(key).ok_or_else(|| {
            io::Error::other(format!(
                "shard {shard} document {index}: id key {key:016x} cannot be spelled"
            ))
        })
    }
}
