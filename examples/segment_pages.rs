//! Read, normalize and segment pages on every core, keeping nothing: the
//! part of `corpus ingest` that does what `trafilatura.extract` does, for
//! `bench/ingest_vs_reference.py` to time against it like for like (files
//! in, article text in memory out; no deduplication, no Parquet).
//!
//! Usage: `segment_pages [--threads N] [--out PRED.jsonl] PATH...`
//!
//! Prints one JSON line: inputs, documents, rejects, documents with a body
//! and body characters. `--out` also writes `{"id", "body"}` JSONL (the
//! source path as id, the body as `documents.parquet` holds it), which the
//! eval set's `score.py` reads.

// The allocator `corpus` runs with, so the timing is the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result, bail};
use corpus_core::{Record, apply_stage};
use corpus_normalize::{NormalizeConfig, Normalizer};
use corpus_read::ReadConfig;
use corpus_segment::{SegmentConfig, Segmenter};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// What one page left: a reject, or a document's body (its text kept only
/// for `--out`).
enum Outcome {
    Reject,
    Document {
        source: String,
        chars: usize,
        body: Option<String>,
    },
}

fn main() -> Result<()> {
    let mut threads = None;
    let mut out = None;
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                let n = args.next().context("--threads needs a number")?;
                threads = Some(n.parse::<usize>().context("--threads needs a number")?);
            }
            "--out" => out = Some(PathBuf::from(args.next().context("--out needs a file")?)),
            flag if flag.starts_with("--") => bail!("unknown option {flag}"),
            path => roots.push(PathBuf::from(path)),
        }
    }
    if roots.is_empty() {
        bail!("usage: segment_pages [--threads N] [--out PRED.jsonl] PATH...");
    }
    if let Some(threads) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }

    let (inputs, missing) = corpus_read::discover(&roots);
    let read = ReadConfig::default();
    let normalizer = Normalizer::new(NormalizeConfig::default());
    let segmenter = Segmenter::new(SegmentConfig::default())?;
    let keep_body = out.is_some();
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .flat_map_iter(|input| {
            corpus_read::records(input, &read).map(|record| {
                match apply_stage(&segmenter, apply_stage(&normalizer, record)) {
                    Record::Document(doc) => {
                        let body = doc.body_text();
                        Outcome::Document {
                            chars: body.chars().count(),
                            body: keep_body.then_some(body),
                            source: doc.source,
                        }
                    }
                    Record::Reject(_) => Outcome::Reject,
                }
            })
        })
        .collect();

    let (mut documents, mut rejects, mut with_body, mut chars) = (0, missing.len(), 0, 0);
    let mut writer = match &out {
        Some(path) => Some(BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => None,
    };
    for outcome in &outcomes {
        match outcome {
            Outcome::Reject => rejects += 1,
            Outcome::Document {
                source,
                chars: body_chars,
                body,
            } => {
                documents += 1;
                with_body += usize::from(*body_chars > 0);
                chars += body_chars;
                if let (Some(writer), Some(body)) = (&mut writer, body) {
                    let line = serde_json::json!({ "id": source, "body": body });
                    writeln!(writer, "{line}")?;
                }
            }
        }
    }
    if let Some(mut writer) = writer {
        writer.flush()?;
    }
    println!(
        "{}",
        serde_json::json!({
            "inputs": inputs.len(),
            "documents": documents,
            "rejects": rejects,
            "with_body": with_body,
            "chars": chars,
        })
    );
    Ok(())
}
