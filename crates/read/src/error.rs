//! [`ReadError`]: why an input did not become a document.

use crate::decompress::Compression;
use crate::http::Coding;
use corpus_core::{EncodingSource, RejectKind};
use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why an input could not be read as text. Each variant maps to one
/// [`RejectKind`]; its message is written for the person who owns the input
/// ("gzip stream truncated after 812 bytes: unexpected end of file").
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    /// The file is over [`crate::ReadConfig::max_bytes`].
    #[error("file is {}, over the read limit of {}", Size(*size), Size(*limit))]
    TooLarge { size: u64, limit: u64 },

    /// A compressed stream expands past [`crate::ReadConfig::max_bytes`].
    #[error(
        "{compression} stream decompresses to more than the read limit of {} (a decompression bomb?)",
        Size(*limit)
    )]
    TooLargeDecompressed {
        compression: Compression,
        limit: u64,
    },

    /// A compressed stream is truncated or corrupt.
    #[error(
        "{compression} stream {} after {produced} bytes: {source}",
        if *truncated { "truncated" } else { "corrupt" }
    )]
    Decompress {
        compression: Compression,
        /// Decompressed bytes produced before the failure.
        produced: u64,
        truncated: bool,
        source: io::Error,
    },

    /// The HTTP `Content-Encoding` of a WARC response expands past
    /// [`crate::ReadConfig::max_bytes`].
    #[error(
        "HTTP Content-Encoding {coding} payload decompresses to more than the read limit of {} (a decompression bomb?)",
        Size(*limit)
    )]
    TooLargeContent { coding: Coding, limit: u64 },

    /// The HTTP `Content-Encoding` of a WARC response could not be undone:
    /// the payload is truncated or corrupt.
    #[error(
        "HTTP Content-Encoding {coding} payload {} after {produced} bytes: {source}",
        if *truncated { "truncated" } else { "corrupt" }
    )]
    Content {
        coding: Coding,
        /// Decoded bytes produced before the failure.
        produced: u64,
        truncated: bool,
        source: io::Error,
    },

    /// No bytes at all, or only whitespace once decoded.
    #[error("{0}")]
    Empty(String),

    /// The bytes are not text.
    #[error("not text: {0}")]
    Binary(String),

    /// Too much of the input is invalid in the encoding chosen for it.
    #[error(
        "invalid {encoding} at byte offset {offset}: {invalid} of {chars} characters could not be decoded (encoding chosen by {decided_by})"
    )]
    Decode {
        encoding: &'static str,
        /// Byte offset of the first invalid sequence in the decompressed input.
        offset: usize,
        invalid: usize,
        chars: usize,
        /// How the encoding was chosen ("detection", "<meta> declaration"...).
        decided_by: &'static str,
    },

    /// A container, or one of its records, could not be parsed.
    #[error("{0}")]
    Container(String),

    /// The record is not a page (an image response, an HTTP redirect...).
    #[error("not a page: {0}")]
    Unsupported(String),

    /// Not UTF-8, and the legacy encoding detection guessed turns it into
    /// something that is not text either.
    #[error(
        "invalid UTF-8 at byte offset {offset}, and as {guess} (the detected encoding) it does not read as text: {reason}"
    )]
    NotText {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
        guess: &'static str,
        reason: String,
    },
}

impl ReadError {
    /// The stable kind recorded in `rejects.parquet`.
    pub fn kind(&self) -> RejectKind {
        match self {
            ReadError::Io { .. } => RejectKind::Io,
            ReadError::TooLarge { .. }
            | ReadError::TooLargeDecompressed { .. }
            | ReadError::TooLargeContent { .. } => RejectKind::TooLarge,
            ReadError::Decompress { .. } | ReadError::Content { .. } => RejectKind::Decompress,
            ReadError::Empty(_) => RejectKind::Empty,
            ReadError::Binary(_) => RejectKind::Binary,
            ReadError::Decode { .. } | ReadError::NotText { .. } => RejectKind::Decode,
            ReadError::Container(_) => RejectKind::Parse,
            ReadError::Unsupported(_) => RejectKind::Unsupported,
        }
    }
}

/// How an encoding was chosen, for messages.
pub(crate) fn how_chosen(source: EncodingSource) -> &'static str {
    match source {
        EncodingSource::Bom => "byte-order mark",
        EncodingSource::Http => "HTTP Content-Type",
        EncodingSource::Meta => "<meta> declaration",
        EncodingSource::XmlDeclaration => "XML declaration",
        EncodingSource::Utf8Valid => "UTF-8 validity",
        EncodingSource::Detected => "detection",
    }
}

/// A byte count for messages: "256 MiB (268435456 bytes)", or "812 bytes".
pub(crate) struct Size(pub u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
        let bytes = self.0;
        if bytes < 1024 {
            return write!(f, "{bytes} bytes");
        }
        let mut value = bytes as f64;
        let mut unit = "bytes";
        for next in UNITS {
            if value < 1024.0 {
                break;
            }
            value /= 1024.0;
            unit = next;
        }
        if value.fract() == 0.0 {
            write!(f, "{value} {unit} ({bytes} bytes)")
        } else {
            write!(f, "{value:.1} {unit} ({bytes} bytes)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(Size(812).to_string(), "812 bytes");
        assert_eq!(
            Size(256 * 1024 * 1024).to_string(),
            "256 MiB (268435456 bytes)"
        );
        assert_eq!(Size(1536).to_string(), "1.5 KiB (1536 bytes)");
    }

    #[test]
    fn truncated_gzip_message_names_what_failed() {
        let err = ReadError::Decompress {
            compression: Compression::Gzip,
            produced: 812,
            truncated: true,
            source: io::Error::new(io::ErrorKind::UnexpectedEof, "unexpected end of file"),
        };
        assert_eq!(
            err.to_string(),
            "gzip stream truncated after 812 bytes: unexpected end of file"
        );
        assert_eq!(err.kind(), RejectKind::Decompress);
    }
}
