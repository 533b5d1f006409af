//! What came in: pages and bytes by format, container, compression and
//! encoding, and how each encoding was decided.

use crate::count::NONE;
use crate::error::ReportError;
use crate::table::Dataset;
use corpus_export::Table;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct PagesBytes {
    pub pages: u64,
    pub bytes: u64,
}

impl PagesBytes {
    fn add(&mut self, bytes: u64) {
        self.pages += 1;
        self.bytes += bytes;
    }
}

#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Inputs {
    /// Pages that became documents (in `documents.parquet`).
    pub documents: PagesBytes,
    /// Inputs rejected, with the bytes of those whose size is known.
    pub rejected: PagesBytes,
    pub by_format: BTreeMap<String, PagesBytes>,
    /// `file`, or the container (`warc`, `jsonl`) a page was a record of.
    pub by_container: BTreeMap<String, PagesBytes>,
    /// By the file name's extension: `gzip`, `zstd` or `none`.
    pub by_compression: BTreeMap<String, PagesBytes>,
    pub by_encoding: BTreeMap<String, PagesBytes>,
    /// Pages per encoding, then per way it was decided (`bom`, `http`, …).
    pub encoding_decided_by: BTreeMap<String, BTreeMap<String, u64>>,
}

const COLUMNS: &[&str] = &[
    "source",
    "format",
    "encoding",
    "encoding_source",
    "byte_length",
];

pub fn read(dataset: &Dataset) -> Result<Inputs, ReportError> {
    let mut inputs = Inputs::default();
    dataset.scan(Table::Documents, COLUMNS).for_each(|batch| {
        let source = batch.str("source")?;
        let format = batch.str("format")?;
        let encoding = batch.str("encoding")?;
        let decided = batch.str("encoding_source")?;
        let bytes = batch.u64("byte_length")?;
        for row in 0..batch.len() {
            let size = bytes.value(row);
            let (container, compression) = container_and_compression(source.get(row).unwrap_or(""));
            let encoding = encoding.get(row).unwrap_or(NONE);
            inputs.documents.add(size);
            tally(&mut inputs.by_format, format.get(row).unwrap_or(NONE), size);
            tally(&mut inputs.by_container, container, size);
            tally(&mut inputs.by_compression, compression, size);
            tally(&mut inputs.by_encoding, encoding, size);
            let by_source = match inputs.encoding_decided_by.get_mut(encoding) {
                Some(by_source) => by_source,
                None => inputs
                    .encoding_decided_by
                    .entry(encoding.to_string())
                    .or_default(),
            };
            let decided = decided.get(row).unwrap_or(NONE);
            match by_source.get_mut(decided) {
                Some(n) => *n += 1,
                None => {
                    by_source.insert(decided.to_string(), 1);
                }
            }
        }
        Ok(ControlFlow::Continue(()))
    })?;
    dataset
        .scan(Table::Rejects, &["byte_length"])
        .for_each(|batch| {
            let bytes = batch.u64("byte_length")?;
            for size in bytes.iter() {
                inputs.rejected.add(size.unwrap_or(0));
            }
            Ok(ControlFlow::Continue(()))
        })?;
    Ok(inputs)
}

fn tally(map: &mut BTreeMap<String, PagesBytes>, key: &str, bytes: u64) {
    match map.get_mut(key) {
        Some(entry) => entry.add(bytes),
        None => map.entry(key.to_string()).or_default().add(bytes),
    }
}

/// A page's container and compression, from its source: `read` names a
/// record of a container `path#n`, and picks decompression by magic bytes
/// that the dataset does not keep, so the file name's extension stands in.
pub fn container_and_compression(source: &str) -> (&'static str, &'static str) {
    let (file, in_container) = match source.rsplit_once('#') {
        Some((file, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (file, true),
        _ => (source, false),
    };
    let lower = file.to_ascii_lowercase();
    let (stem, compression) = if let Some(stem) = lower.strip_suffix(".gz") {
        (stem, "gzip")
    } else if let Some(stem) = lower.strip_suffix(".zst") {
        (stem, "zstd")
    } else {
        (lower.as_str(), "none")
    };
    let container = match in_container {
        false => "file",
        true if stem.ends_with(".warc") => "warc",
        true if stem.ends_with(".jsonl") || stem.ends_with(".ndjson") => "jsonl",
        true => "other container",
    };
    (container, compression)
}

#[cfg(test)]
mod tests {
    use super::container_and_compression;

    #[test]
    fn sources_name_their_container_and_compression() {
        assert_eq!(container_and_compression("a/page.txt"), ("file", "none"));
        assert_eq!(
            container_and_compression("a/page.html.gz"),
            ("file", "gzip")
        );
        assert_eq!(
            container_and_compression("crawl.warc.gz#12"),
            ("warc", "gzip")
        );
        assert_eq!(
            container_and_compression("dump.JSONL.zst#3"),
            ("jsonl", "zstd")
        );
        // A '#' that is not a record number is part of the file name.
        assert_eq!(
            container_and_compression("notes#draft.txt"),
            ("file", "none")
        );
    }
}
