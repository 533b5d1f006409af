//! [`Record`]: a document or the reason an input could not become one.

use crate::document::Document;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What flows between stages. A rejected input stays in the stream, so piped
/// stages and `ingest` carry it to `rejects.parquet` alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    Document(Box<Document>),
    Reject(Reject),
}

impl Record {
    pub fn source(&self) -> &str {
        match self {
            Record::Document(doc) => &doc.source,
            Record::Reject(reject) => &reject.source,
        }
    }
}

/// Why an input was rejected, as a stable machine-readable kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// The file could not be opened or read.
    Io,
    /// The input holds no bytes, or nothing but whitespace once decoded.
    Empty,
    /// The bytes are not text (NUL bytes, control characters, known binary magic).
    Binary,
    /// A compressed stream is corrupt or truncated.
    Decompress,
    /// The input is larger than the configured cap (also catches decompression bombs).
    TooLarge,
    /// The bytes could not be decoded as text.
    Decode,
    /// A container (JSONL, WARC) or a JSONL record between stages could not be parsed.
    Parse,
    /// The input's format is not supported.
    Unsupported,
    /// A stage failed on the document.
    Stage,
}

impl RejectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectKind::Io => "io",
            RejectKind::Empty => "empty",
            RejectKind::Binary => "binary",
            RejectKind::Decompress => "decompress",
            RejectKind::TooLarge => "too_large",
            RejectKind::Decode => "decode",
            RejectKind::Parse => "parse",
            RejectKind::Unsupported => "unsupported",
            RejectKind::Stage => "stage",
        }
    }
}

impl fmt::Display for RejectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that did not become a document, with the stage and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// Path relative to the input root, as in [`Document::source`].
    pub source: String,
    /// The stage that rejected it (`read`, `normalize`, `segment`...).
    pub stage: String,
    pub kind: RejectKind,
    /// A human-readable reason, with the offset or line where it helps.
    pub message: String,
    /// Size of the input in bytes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_len: Option<u64>,
}

impl Reject {
    pub fn new(
        source: impl Into<String>,
        stage: impl Into<String>,
        kind: RejectKind,
        message: impl Into<String>,
    ) -> Self {
        Self {
            source: source.into(),
            stage: stage.into(),
            kind,
            message: message.into(),
            byte_len: None,
        }
    }

    pub fn with_byte_len(mut self, byte_len: u64) -> Self {
        self.byte_len = Some(byte_len);
        self
    }
}
