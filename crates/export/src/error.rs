//! [`ExportError`].

use crate::tables::Table;
use arrow::error::ArrowError;
use parquet::errors::ParquetError;
use std::io;
use std::path::PathBuf;

/// Why a dataset could not be written. Every variant names the file or table
/// it concerns.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown time zone {0:?}: expected an IANA name such as \"Asia/Ho_Chi_Minh\"")]
    Timezone(String),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {source}", table.file_name())]
    Arrow { table: Table, source: ArrowError },
    #[error("{}: {source}", table.file_name())]
    Parquet { table: Table, source: ParquetError },
    #[error(
        "{}: another corpus run is writing this directory; wait for it or choose another --out",
        .0.display()
    )]
    Busy(PathBuf),
    #[error("{}: this task is already running in another process", .0.display())]
    TaskBusy(PathBuf),
    #[error("manifest.json: {0}")]
    Manifest(#[source] serde_json::Error),
}

impl ExportError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| ExportError::Io { path, source }
    }

    pub(crate) fn arrow(table: Table) -> impl FnOnce(ArrowError) -> Self {
        move |source| ExportError::Arrow { table, source }
    }

    pub(crate) fn parquet(table: Table) -> impl FnOnce(ParquetError) -> Self {
        move |source| ExportError::Parquet { table, source }
    }
}
