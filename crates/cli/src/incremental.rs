//! `ingest --incremental`: a re-run on an output directory reads, normalises
//! and segments only the inputs that are new or whose bytes changed.
//!
//! Next to the dataset, `.corpus-cache/` keeps what segmentation made of each
//! input (its documents and rejects, before deduplication):
//!
//! - `records.zst`: one zstd frame per input holding its records in the
//!   spill codec ([`corpus_core::spill`]);
//! - `index.jsonl`: a header line with the settings key, then one line per
//!   input: `source`, `hash` (XXH3-128 of the input file's bytes, as stored on
//!   disk), the frame's `offset` and `len`, and its record count.
//!
//! A re-run hashes every input. An input whose source and hash are in the
//! index gets its records back from its frame; any other input is processed.
//! Deduplication and export always run over every record, because a new page
//! can duplicate an old one: the dataset is the one a full run would write.
//! The cache holds only for the same per-page settings (read, normalise and
//! segment options and the corpus version); when they differ every input is
//! processed again. A cache that cannot be read only costs time: the input is
//! processed instead.
//!
//! The new cache is written beside the old one and renamed over it once the
//! dataset is complete, so an interrupted run leaves the previous cache.

use crate::pipeline::PerDocument;
use anyhow::{Context, Result};
use corpus_core::{Record, spill};
use corpus_read::Input;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// The cache directory inside the output directory.
pub const CACHE_DIR: &str = ".corpus-cache";
const RECORDS_FILE: &str = "records.zst";
const INDEX_FILE: &str = "index.jsonl";
/// zstd level of the cached frames: fast, the cache is rewritten every run.
const LEVEL: i32 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    settings: String,
}

/// Where one input's records are in `records.zst`.
#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    source: String,
    hash: String,
    offset: u64,
    len: u64,
    records: u64,
}

/// What an incremental run did, for the summary and the manifest.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CacheStats {
    /// Inputs whose records came from the cache.
    pub reused: u64,
    /// Inputs read and segmented in this run.
    pub processed: u64,
    /// Inputs in the previous cache that this run did not see.
    pub gone: u64,
    /// Why nothing could be reused, when that is so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fresh_because: Option<String>,
}

/// The previous run's cache, read, and this run's, being written.
pub struct Cache {
    dir: PathBuf,
    previous: HashMap<String, Entry>,
    previous_records: Option<File>,
    records: BufWriter<File>,
    index: BufWriter<File>,
    offset: u64,
    seen: HashSet<String>,
    /// Set when writing the new cache failed: the old one is then kept.
    write_failed: bool,
    stats: CacheStats,
}

impl Cache {
    /// Open the cache in `out_dir` for a run with these per-page `settings`.
    pub fn open(out_dir: &Path, settings: &serde_json::Value) -> Result<Self> {
        let dir = out_dir.join(CACHE_DIR);
        fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the cache {}", dir.display()))?;
        let settings = corpus_core::content_hash(settings.to_string().as_bytes());
        let (previous, fresh_because) = match load_index(&dir.join(INDEX_FILE), &settings) {
            Ok(entries) => (entries, None),
            Err(why) => (HashMap::new(), Some(why)),
        };
        let previous_records = File::open(dir.join(RECORDS_FILE)).ok();
        let create = |name: &str| -> Result<BufWriter<File>> {
            let path = dir.join(format!("{name}.new"));
            let file = File::create(&path)
                .with_context(|| format!("cannot write the cache file {}", path.display()))?;
            Ok(BufWriter::with_capacity(1 << 20, file))
        };
        let records = create(RECORDS_FILE)?;
        let mut index = create(INDEX_FILE)?;
        serde_json::to_writer(&mut index, &Header { settings })?;
        index.write_all(b"\n")?;
        Ok(Self {
            dir,
            previous,
            previous_records,
            records,
            index,
            offset: 0,
            seen: HashSet::new(),
            write_failed: false,
            stats: CacheStats {
                fresh_because,
                ..CacheStats::default()
            },
        })
    }

    /// The input's records from the previous run, if its bytes are unchanged
    /// and its frame reads back whole.
    fn cached(&self, input: &Input, hash: &str) -> Option<Vec<Record>> {
        let entry = self.previous.get(&input.source)?;
        if entry.hash != hash {
            return None;
        }
        let mut frame = vec![0; usize::try_from(entry.len).ok()?];
        self.previous_records
            .as_ref()?
            .read_exact_at(&mut frame, entry.offset)
            .ok()?;
        let mut decoder = zstd::Decoder::new(frame.as_slice()).ok()?;
        let mut records = Vec::new();
        while let Some(body) = spill::read_frame(&mut decoder).ok()? {
            records.push(spill::decode(&body).ok()?);
        }
        (records.len() as u64 == entry.records).then_some(records)
    }

    /// Append one input's records as a frame of the new cache.
    fn append(&mut self, input: &Input, hash: Option<String>, records: &[Record]) -> Result<()> {
        self.seen.insert(input.source.clone());
        // An input that could not be hashed (unreadable) is not cached: the
        // next run reads it again.
        let Some(hash) = hash else { return Ok(()) };
        let mut frame = zstd::Encoder::new(Vec::new(), LEVEL)?;
        for record in records {
            spill::write_frame(&mut frame, &spill::encode(record)?)?;
        }
        let frame = frame.finish()?;
        self.records
            .write_all(&frame)
            .context("cannot write the cache")?;
        let entry = Entry {
            source: input.source.clone(),
            hash,
            offset: self.offset,
            len: frame.len() as u64,
            records: records.len() as u64,
        };
        self.offset += entry.len;
        serde_json::to_writer(&mut self.index, &entry)?;
        self.index.write_all(b"\n")?;
        Ok(())
    }

    /// What the run reused and processed, once every input went by.
    pub fn stats(&self) -> CacheStats {
        let gone = self
            .previous
            .keys()
            .filter(|source| !self.seen.contains(*source))
            .count() as u64;
        CacheStats {
            gone,
            ..self.stats.clone()
        }
    }

    /// Put the new cache in place of the old one; call once the dataset is
    /// complete.
    pub fn commit(self) -> Result<()> {
        if self.write_failed {
            anyhow::bail!("the cache was not updated (see the warning above)");
        }
        for (mut file, name) in [(self.records, RECORDS_FILE), (self.index, INDEX_FILE)] {
            file.flush()
                .with_context(|| format!("cannot write the cache file {name}"))?;
            let file = file.into_inner().map_err(|err| err.into_error())?;
            file.sync_all()?;
            let new = self.dir.join(format!("{name}.new"));
            fs::rename(&new, self.dir.join(name))
                .with_context(|| format!("cannot put {} in place", new.display()))?;
        }
        Ok(())
    }
}

/// The previous index, or why it cannot be used.
fn load_index(path: &Path, settings: &str) -> Result<HashMap<String, Entry>, String> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(_) => return Err("no previous cache".into()),
    };
    let mut lines = BufReader::new(file).lines();
    let header: Header = lines
        .next()
        .and_then(|line| serde_json::from_str(&line.ok()?).ok())
        .ok_or("the previous cache index is unreadable")?;
    if header.settings != settings {
        return Err("read, normalise or segment settings changed".into());
    }
    let mut entries = HashMap::new();
    for line in lines {
        let entry: Entry = line
            .ok()
            .and_then(|line| serde_json::from_str(&line).ok())
            .ok_or("the previous cache index is unreadable")?;
        entries.insert(entry.source.clone(), entry);
    }
    Ok(entries)
}

/// XXH3-128 of a file's bytes, streamed; `None` when it cannot be read (the
/// read stage then makes the reject).
fn hash_file(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(buf.get(..n)?),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(format!("{:032x}", hasher.digest128()))
}

/// [`crate::pipeline::process_inputs`] with the cache: inputs batch by batch,
/// each batch in parallel, in input order; unchanged inputs come from the
/// cache, and every input's records go into the new cache.
pub fn process_inputs<'a>(
    stages: &'a PerDocument,
    inputs: &'a [Input],
    batch_size: usize,
    cache: &'a mut Cache,
    on_batch: impl Fn(usize, usize) + 'a,
) -> impl Iterator<Item = Record> + 'a {
    inputs.chunks(batch_size.max(1)).flat_map(move |batch| {
        let done: Vec<(Option<String>, Vec<Record>, bool)> = {
            let cache = &*cache;
            batch
                .par_iter()
                .map(|input| {
                    let hash = hash_file(&input.path);
                    match hash.as_deref().and_then(|h| cache.cached(input, h)) {
                        Some(records) => (hash, records, true),
                        None => (hash, stages.dataset_records(input).collect(), false),
                    }
                })
                .collect()
        };
        let mut out = Vec::new();
        for (input, (hash, records, reused)) in batch.iter().zip(done) {
            if reused {
                cache.stats.reused += 1;
            } else {
                cache.stats.processed += 1;
            }
            if !cache.write_failed
                && let Err(err) = cache.append(input, hash, &records)
            {
                // The dataset does not depend on the cache: warn and go on.
                eprintln!("corpus: warning: the cache will not be updated: {err:#}");
                cache.write_failed = true;
            }
            out.extend(records);
        }
        on_batch(batch.len(), out.len());
        out
    })
}
