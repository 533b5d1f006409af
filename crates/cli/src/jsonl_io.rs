//! JSONL in and out for stages run alone.

use anyhow::{Context, Result};
use corpus_core::{Record, jsonl};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The records of JSONL files (or standard input when `paths` is empty or
/// `-`), in order. A line that is not a record becomes a reject naming the
/// stage, so it reaches `rejects.parquet` instead of vanishing.
pub fn records(
    paths: &[PathBuf],
    stage: &'static str,
) -> Result<impl Iterator<Item = Record> + Send> {
    let mut streams: Vec<(String, Box<dyn BufRead + Send>)> = Vec::new();
    if paths.is_empty() {
        streams.push(("<stdin>".into(), Box::new(BufReader::new(io::stdin()))));
    }
    for path in paths {
        if path == Path::new("-") {
            streams.push(("<stdin>".into(), Box::new(BufReader::new(io::stdin()))));
        } else {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            streams.push((path.display().to_string(), Box::new(BufReader::new(file))));
        }
    }
    Ok(streams.into_iter().flat_map(move |(name, reader)| {
        jsonl::Reader::new(reader).map(move |item| {
            item.unwrap_or_else(|err| Record::Reject(err.into_reject(&name, stage)))
        })
    }))
}

/// Where a stage run alone writes its records.
pub struct JsonlSink {
    out: BufWriter<Box<dyn Write>>,
}

impl JsonlSink {
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let out: Box<dyn Write> = match path {
            Some(path) => Box::new(
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
            ),
            None => Box::new(io::stdout().lock()),
        };
        Ok(Self {
            out: BufWriter::with_capacity(1 << 16, out),
        })
    }

    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        jsonl::write_record(&mut self.out, record)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}
