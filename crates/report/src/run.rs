//! The run, from `manifest.json`: configuration, versions, timings per
//! stage, peak memory, throughput.

use crate::error::ReportError;
use crate::table::Dataset;
use corpus_export::{MANIFEST_FILE, Manifest};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    pub version: String,
    pub created_at: String,
    pub command: Option<String>,
    pub inputs: u64,
    pub rows: BTreeMap<String, u64>,
    pub timings_ms: BTreeMap<String, u64>,
    /// Documents failing each `--filter` rule, as the run counted them.
    pub filtered: BTreeMap<String, u64>,
    /// Pages the run made documents of (before `--drop-*`), input bytes
    /// read, and peak resident memory, when the run recorded them.
    pub documents: Option<u64>,
    pub bytes: Option<u64>,
    pub peak_rss_bytes: Option<u64>,
    pub pages_per_second: Option<f64>,
    pub megabytes_per_second: Option<f64>,
    /// The manifest's `config`, pretty-printed.
    pub config: String,
}

pub fn read(dataset: &Dataset) -> Result<Run, ReportError> {
    let path = dataset.dir().join(MANIFEST_FILE);
    let text = std::fs::read(&path).map_err(ReportError::io(&path))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|source| ReportError::Manifest {
            path: path.clone(),
            source,
        })?;
    let seconds = manifest
        .timings_ms
        .get("total")
        .filter(|&&ms| ms > 0)
        .map(|&ms| ms as f64 / 1000.0);
    let per_second =
        |n: Option<u64>, unit: f64| n.zip(seconds).map(|(n, seconds)| n as f64 / unit / seconds);
    let config =
        serde_json::to_string_pretty(&manifest.config).map_err(|source| ReportError::Manifest {
            path: path.clone(),
            source,
        })?;
    Ok(Run {
        command: manifest.config["command"].as_str().map(str::to_string),
        pages_per_second: per_second(manifest.documents, 1.0),
        megabytes_per_second: per_second(manifest.bytes, 1e6),
        version: manifest.version,
        created_at: manifest.created_at,
        inputs: manifest.inputs,
        rows: manifest.rows,
        timings_ms: manifest.timings_ms,
        filtered: manifest.filtered,
        documents: manifest.documents,
        bytes: manifest.bytes,
        peak_rss_bytes: manifest.peak_rss_bytes,
        config,
    })
}
