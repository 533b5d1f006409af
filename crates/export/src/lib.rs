//! The last stage of corpus: write the record stream as a Parquet dataset.
//!
//! A [`DatasetWriter`] takes [`Record`](corpus_core::Record)s one at a time
//! and writes one directory:
//!
//! | file                    | one row per                                   | schema                    |
//! |-------------------------|-----------------------------------------------|---------------------------|
//! | `documents.parquet`     | document: metadata, title, body, captions, counts, duplicate status | [`documents_schema`] |
//! | `blocks.parquet`        | labelled block of a document, with the rule that labelled it | [`blocks_schema`] |
//! | `sidebar_links.parquet` | sidebar list item, with its publication time  | [`sidebar_links_schema`]  |
//! | `duplicates.parquet`    | member of a duplicate cluster (always written, even with `drop_duplicates`) | [`duplicates_schema`] |
//! | `rejects.parquet`       | input that did not become a document, and why | [`rejects_schema`]        |
//! | `manifest.json`         | the run: version, time, config, row counts, file names, timings | [`Manifest`] |
//!
//! Every table is written even when empty, so queries never fail on a
//! missing file. Schemas are declared explicitly, one function per table,
//! never inferred from the data. Files are ZSTD-compressed with statistics
//! and embed the Arrow schema, so readers get back dictionary-encoded
//! strings (`Dictionary(Int32, Utf8)` for labels, kinds, encodings) and zoned
//! timestamps: site times (`published_at`, `latest_sidebar_at`) are instants
//! annotated with [`ExportConfig::timezone`], `fetched_at` is UTC.
//!
//! # Atomic output
//!
//! Every file goes through [`AtomicFile`]: it is written under a hidden temp
//! name in the output directory and renamed over its final name only when
//! complete. [`DatasetWriter::finish`] completes all tables before renaming
//! any, and writes `manifest.json` last; a writer dropped without `finish`
//! (an error, a panic) removes its temp files. A dataset already in the
//! directory therefore stays intact until the new one is complete.
//!
//! A writer holds an [`OutputLock`] on its directory from `create` to
//! `finish`: a second run aimed at the same directory is
//! refused rather than interleaved, and since no live run can own them,
//! the temp files found there when the lock is taken (a run killed with
//! `kill -9` cannot remove its own) are removed.
//!
//! ```
//! use corpus_core::{Document, Format, Record, Reject, RejectKind};
//! use corpus_export::{DatasetWriter, ExportConfig, RunInfo};
//!
//! let dir = tempfile::tempdir()?;
//! let mut writer = DatasetWriter::create(ExportConfig::new(dir.path()))?;
//!
//! let mut doc = Document::new("site/a.txt", Format::Text, b"Title\nBody.\n");
//! doc.body = vec!["Body.".into()];
//! writer.write(&Record::Document(Box::new(doc)))?;
//! writer.write(&Record::Reject(Reject::new("b.gz", "read", RejectKind::Decompress, "truncated")))?;
//!
//! let summary = writer.finish(RunInfo { inputs: 2, ..RunInfo::default() })?;
//! assert_eq!(summary.rows["documents"], 1);
//! assert_eq!(summary.rows["rejects"], 1);
//! assert!(dir.path().join("manifest.json").exists());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod atomic;
mod error;
mod lock;
mod manifest;
pub mod tables;
mod writer;

pub use atomic::AtomicFile;
pub use error::ExportError;
pub use lock::{OutputLock, TaskLock};
pub use manifest::{MANIFEST_FILE, Manifest};
pub use tables::Table;
pub use tables::blocks::blocks_schema;
pub use tables::documents::documents_schema;
pub use tables::duplicates::duplicates_schema;
pub use tables::rejects::rejects_schema;
pub use tables::sidebar_links::sidebar_links_schema;
pub use writer::{
    DEFAULT_BATCH_ROWS, DEFAULT_TIMEZONE, DatasetWriter, ExportConfig, ExportSummary,
    MAX_ROW_GROUP_BYTES, MAX_ROW_GROUP_ROWS, RunInfo, commit_parts, part_file_name,
};
