//! What can go wrong reading a dataset or writing its report.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a readable Parquet table: {source}")]
    Parquet {
        path: PathBuf,
        source: parquet::errors::ParquetError,
    },
    #[error("{path}: {source}")]
    Arrow {
        path: PathBuf,
        source: arrow::error::ArrowError,
    },
    #[error("{path}: column `{column}` is missing or not of the type the schema gives it")]
    Column { path: PathBuf, column: String },
    #[error("{path}: not a corpus manifest: {source}")]
    Manifest {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{dir}: no {table} table: neither {table}.parquet nor a folder {table}/ of part-*.parquet files"
    )]
    NoTable { dir: PathBuf, table: &'static str },
    #[error("no page with source or doc_id `{0}` in the dataset")]
    NoSuchPage(String),
}

impl ReportError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
