//! The stages composed. `ingest` and the stage subcommands call the same
//! functions here, so piping the stages gives the same dataset as `ingest`.

use anyhow::{Context, Result};
use corpus_core::{Record, Stage, apply_stage, spill};
use corpus_dedupe::{DedupeConfig, DedupeResult, DedupeStats, Deduper, DocSignature};
use corpus_normalize::Normalizer;
use corpus_read::{Input, ReadConfig};
use corpus_segment::Segmenter;
use corpus_signals::Signaler;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The per-document stages, ready to run on any thread.
pub struct PerDocument {
    pub read: ReadConfig,
    pub normalizer: Normalizer,
    pub segmenter: Segmenter,
    /// `None` with `--no-signals`.
    pub signaler: Option<Signaler>,
}

impl PerDocument {
    /// Everything `ingest` does to one input before deduplication.
    /// Containers (JSONL, WARC) are streamed record by record.
    pub fn process_input<'a>(&'a self, input: &Input) -> impl Iterator<Item = Record> + 'a {
        corpus_read::records(input, &self.read).map(|record| self.transform(record))
    }

    /// [`Self::process_input`] for a dataset. Past segmentation nothing
    /// reads the page text (blocks carry theirs, and line numbers into it),
    /// and it is most of a record's bytes, so it is dropped before the spill
    /// file and the cache.
    pub fn dataset_records<'a>(&'a self, input: &Input) -> impl Iterator<Item = Record> + 'a {
        self.process_input(input).map(|mut record| {
            if let Record::Document(doc) = &mut record {
                doc.text = String::new();
            }
            record
        })
    }

    fn transform(&self, record: Record) -> Record {
        let segmented = apply_stage(&self.segmenter, apply_stage(&self.normalizer, record));
        match &self.signaler {
            Some(signaler) => apply_stage(signaler, segmented),
            None => segmented,
        }
    }
}

/// Read inputs batch by batch, each batch in parallel, keeping input order.
/// Memory holds one batch of documents at a time. `on_batch` learns how
/// many inputs each batch had and how many records they made.
pub fn process_inputs<'a>(
    stages: &'a PerDocument,
    inputs: &'a [Input],
    batch_size: usize,
    on_batch: impl Fn(usize, usize) + Send + 'a,
) -> impl Iterator<Item = Record> + Send + 'a {
    inputs.chunks(batch_size.max(1)).flat_map(move |batch| {
        let records: Vec<Record> = batch
            .par_iter()
            .flat_map_iter(|input| stages.dataset_records(input))
            .collect();
        on_batch(batch.len(), records.len());
        records
    })
}

/// Run a per-document stage over a stream of records, batch by batch in
/// parallel, keeping order.
pub fn map_stage<'a, S: Stage>(
    stage: &'a S,
    records: impl Iterator<Item = Record> + 'a,
    batch_size: usize,
) -> impl Iterator<Item = Record> + 'a {
    Batches::new(records, batch_size).flat_map(move |batch| {
        batch
            .into_par_iter()
            .map(|record| apply_stage(stage, record))
            .collect::<Vec<_>>()
    })
}

/// Groups an iterator into vectors of at most `size` items.
struct Batches<I> {
    inner: I,
    size: usize,
}

impl<I> Batches<I> {
    fn new(inner: I, size: usize) -> Self {
        Self {
            inner,
            size: size.max(1),
        }
    }
}

impl<I: Iterator> Iterator for Batches<I> {
    type Item = Vec<I::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch: Vec<_> = self.inner.by_ref().take(self.size).collect();
        (!batch.is_empty()).then_some(batch)
    }
}

/// What the deduplication pass measured.
pub struct DedupeReport {
    pub stats: DedupeStats,
    /// Time spent receiving and indexing the stream (includes upstream stages
    /// when they are lazy iterators).
    pub index: Duration,
    pub cluster: Duration,
    /// Time spent marking and handing records to `sink` (includes export).
    pub mark: Duration,
}

/// Batches in flight between two threads of a pipeline: one being filled,
/// this many waiting, one being drained. Memory stays a few batches deep.
const PIPELINE_DEPTH: usize = 1;

/// Deduplicate a stream in two passes over a zstd-compressed spill file of
/// binary frames ([`spill`]): [`spill_signed`] writes the records and feeds
/// their signatures to a [`Deduper`], the clusters are formed, then
/// [`replay_marked`] reads the records back, marks them and hands them, in
/// order, to `sink`. `on_second_pass` learns how many records the second
/// pass will hand over.
pub fn dedupe(
    records: impl Iterator<Item = Record> + Send,
    config: &DedupeConfig,
    batch_size: usize,
    spill_dir: &Path,
    on_second_pass: impl FnOnce(u64),
    sink: impl FnMut(Record) -> Result<()>,
) -> Result<DedupeReport> {
    let started = Instant::now();
    // An unnamed file (O_TMPFILE, or unlinked at once where that is
    // missing): the spill never outlives the process, even a killed one.
    let mut spill = tempfile::tempfile_in(spill_dir)
        .with_context(|| format!("cannot create a spill file in {}", spill_dir.display()))?;
    let mut deduper = Deduper::new(config.clone());
    let file = spill.try_clone().context("cannot open the spill file")?;
    let spilled = spill_signed(records, config, batch_size, file, |signature| {
        deduper.add(signature);
        Ok(())
    })?;
    let index = started.elapsed();

    let started = Instant::now();
    let result = deduper.finish();
    let cluster = started.elapsed();

    on_second_pass(spilled);
    let started = Instant::now();
    // The writer's handle shares this one's offset: read from the start.
    spill
        .seek(SeekFrom::Start(0))
        .context("cannot rewind the spill file")?;
    replay_marked(spill, batch_size, &result, sink)?;
    Ok(DedupeReport {
        stats: result.stats(),
        index,
        cluster,
        mark: started.elapsed(),
    })
}

/// Write `records` to `file` as zstd-compressed spill frames, and hand each
/// document's signature to `on_signature`, in input order. A producer
/// thread pulls batches of records (running the upstream stages when
/// `records` is lazy) and, in parallel per batch, computes signatures and
/// encodes frames; this thread takes the signatures and writes the frames.
/// Returns the number of records written.
pub fn spill_signed(
    records: impl Iterator<Item = Record> + Send,
    config: &DedupeConfig,
    batch_size: usize,
    file: File,
    mut on_signature: impl FnMut(DocSignature) -> Result<()>,
) -> Result<u64> {
    let batch_size = batch_size.max(1);
    thread::scope(|scope| -> Result<u64> {
        let (tx, rx) = mpsc::sync_channel::<Vec<(Option<DocSignature>, Vec<u8>)>>(PIPELINE_DEPTH);
        let producer = scope.spawn(move || -> Result<()> {
            for batch in Batches::new(records, batch_size) {
                let encoded = batch
                    .into_par_iter()
                    .map(|record| {
                        let signature = match &record {
                            Record::Document(doc) => Some(corpus_dedupe::signature(config, doc)),
                            Record::Reject(_) => None,
                        };
                        spill::encode(&record).map(|frame| (signature, frame))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .context("cannot encode a record for the spill file")?;
                if tx.send(encoded).is_err() {
                    break; // the writer stopped on an error of its own
                }
            }
            Ok(())
        });
        let written = (|| -> Result<u64> {
            let mut encoder = zstd::Encoder::new(BufWriter::with_capacity(1 << 20, file), 1)
                .context("cannot start zstd for the spill file")?;
            let mut spilled: u64 = 0;
            for batch in rx {
                spilled += batch.len() as u64;
                for (signature, frame) in batch {
                    if let Some(signature) = signature {
                        on_signature(signature)?;
                    }
                    spill::write_frame(&mut encoder, &frame)
                        .context("cannot write the spill file")?;
                }
            }
            encoder
                .finish()
                .and_then(|mut out| out.flush())
                .context("cannot finish the spill file")?;
            Ok(spilled)
        })();
        join(producer)?;
        written
    })
}

/// Read a spill file written by [`spill_signed`] back, batch by batch: a
/// reader thread decodes each batch and marks its documents with `result`
/// in parallel, while this thread hands every record, in order, to `sink`.
pub fn replay_marked(
    file: File,
    batch_size: usize,
    result: &DedupeResult,
    mut sink: impl FnMut(Record) -> Result<()>,
) -> Result<()> {
    let batch_size = batch_size.max(1);
    thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<Vec<Record>>(PIPELINE_DEPTH);
        let reader = scope.spawn(move || -> Result<()> {
            let decoder = zstd::Decoder::new(file).context("cannot read the spill file")?;
            let mut input = BufReader::with_capacity(1 << 20, decoder);
            let mut read: u64 = 0;
            loop {
                let mut frames = Vec::with_capacity(batch_size);
                while frames.len() < batch_size {
                    match spill::read_frame(&mut input)
                        .with_context(|| format!("spill file record {} is unreadable", read + 1))?
                    {
                        Some(frame) => {
                            read += 1;
                            frames.push(frame);
                        }
                        None => break,
                    }
                }
                if frames.is_empty() {
                    return Ok(());
                }
                let first = read - frames.len() as u64;
                let records = frames
                    .into_par_iter()
                    .enumerate()
                    .map(|(i, frame)| {
                        let mut record = spill::decode(&frame).with_context(|| {
                            format!("spill file record {} is unreadable", first + i as u64 + 1)
                        })?;
                        if let Record::Document(doc) = &mut record {
                            result.apply(doc);
                        }
                        Ok(record)
                    })
                    .collect::<Result<Vec<_>>>()?;
                if tx.send(records).is_err() {
                    return Ok(()); // the sink stopped on an error of its own
                }
            }
        });
        let sunk = rx.into_iter().flatten().try_for_each(&mut sink);
        join(reader)?;
        sunk
    })
}

/// Wait for a pipeline thread; its panic goes on in this thread.
fn join<T>(handle: thread::ScopedJoinHandle<'_, Result<T>>) -> Result<T> {
    match handle.join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Counts of what went by, for the summary and `--strict`.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub documents: u64,
    pub rejects: u64,
    pub duplicates: u64,
    pub bytes: u64,
    /// Documents that failed each filter rule (by rule name).
    pub filtered: BTreeMap<String, u64>,
    /// Documents that failed at least one.
    pub filtered_documents: u64,
}

impl Tally {
    /// Add the counts of another part of the same run.
    pub fn merge(&mut self, other: &Tally) {
        self.documents += other.documents;
        self.rejects += other.rejects;
        self.duplicates += other.duplicates;
        self.bytes += other.bytes;
        self.filtered_documents += other.filtered_documents;
        for (rule, n) in &other.filtered {
            *self.filtered.entry(rule.clone()).or_default() += n;
        }
    }

    pub fn observe(&mut self, record: &Record) {
        match record {
            Record::Document(doc) => {
                self.documents += 1;
                self.bytes += doc.byte_len;
                if doc.duplicate.as_ref().is_some_and(|d| d.kind.is_some()) {
                    self.duplicates += 1;
                }
                self.filtered_documents += u64::from(!doc.filtered_by.is_empty());
                for failed in &doc.filtered_by {
                    let rule = failed.split(':').next().unwrap_or(failed);
                    *self.filtered.entry(rule.to_string()).or_default() += 1;
                }
            }
            Record::Reject(reject) => {
                self.rejects += 1;
                self.bytes += reject.byte_len.unwrap_or(0);
            }
        }
    }
}
