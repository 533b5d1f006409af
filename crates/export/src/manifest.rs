//! `manifest.json`: what a dataset holds and how it was made.

use crate::atomic::AtomicFile;
use crate::error::ExportError;
use crate::writer::RunInfo;
use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The content of `manifest.json`. It is written last, after every table is
/// in place, so its `created_at` dates a complete dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `"corpus"`.
    pub pipeline: String,
    /// The version of `corpus-export` that wrote the dataset.
    pub version: String,
    /// When the dataset was completed, RFC 3339 in UTC.
    pub created_at: String,
    /// Whatever configuration the caller chose to record.
    pub config: serde_json::Value,
    /// Number of inputs the run read.
    pub inputs: u64,
    /// Rows per table name.
    pub rows: BTreeMap<String, u64>,
    /// File name per table name, relative to the manifest.
    pub files: BTreeMap<String, String>,
    pub timings_ms: BTreeMap<String, u64>,
    /// Documents that failed each quality filter rule (`--filter`), whether
    /// or not they were left out.
    #[serde(default)]
    pub filtered: BTreeMap<String, u64>,
    /// Documents the run made, those `--drop-duplicates` or
    /// `--drop-filtered` left out included (absent when not recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<u64>,
    /// Bytes of input read (after decompression), rejects included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The run's peak resident memory, where the platform tells it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
}

impl Manifest {
    pub(crate) fn new(
        run: RunInfo,
        rows: BTreeMap<String, u64>,
        files: BTreeMap<String, String>,
    ) -> Self {
        Self {
            pipeline: "corpus".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            created_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            config: run.config,
            inputs: run.inputs,
            rows,
            files,
            timings_ms: run.timings_ms,
            filtered: run.filtered,
            documents: run.documents,
            bytes: run.bytes,
            peak_rss_bytes: run.peak_rss_bytes,
        }
    }

    /// Write the manifest, pretty-printed, atomically into `dir`.
    pub(crate) fn write(&self, dir: &Path) -> Result<PathBuf, ExportError> {
        let path = dir.join(MANIFEST_FILE);
        let mut json = serde_json::to_vec_pretty(self).map_err(ExportError::Manifest)?;
        json.push(b'\n');
        let mut file = AtomicFile::create(&path).map_err(ExportError::io(&path))?;
        file.write_all(&json).map_err(ExportError::io(&path))?;
        file.commit().map_err(ExportError::io(&path))
    }
}
