//! The `read` stage: input files in, decoded [`Document`]s (or [`Reject`]s) out.
//!
//! Reading is split into small parts, one file each:
//!
//! - [`discover()`] walks the input roots and lists the files in a stable order,
//!   each with its `source` (the path relative to its root);
//! - [`decompress`] reads a file under a size cap and undoes gzip or zstd,
//!   recognised by magic bytes;
//! - [`binary`] turns away inputs that are not text (PNG, PDF, NUL bytes...);
//! - [`mod@format`] tells an HTML page from a text dump;
//! - [`decode`] chooses the character encoding (BOM, HTTP charset,
//!   `<meta charset>`, UTF-8, detection) and decodes, repairing a little
//!   damage and rejecting a lot;
//! - [`container`] streams JSONL and WARC files (plain, `.gz`, `.zst`) record
//!   by record, each page with the source `container#n`, its URL and fetch
//!   time;
//! - [`http`] undoes the chunked transfer encoding and the `Content-Encoding`
//!   (gzip, deflate, brotli, zstd) of a WARC response's payload.
//!
//! [`records`] runs them in that order for one input ([`read_input`] collects
//! them). Bad input is data,
//! not a crash: every failure becomes a [`Reject`] with `stage: "read"`, a
//! [`RejectKind`](corpus_core::RejectKind) and a message naming the input and what is wrong with it,
//! and the run goes on.
//!
//! ```
//! use corpus_core::Record;
//! use corpus_read::{ReadConfig, discover, read_input};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("page.txt"), "Title\nBody line.\n")?;
//! std::fs::write(dir.path().join("empty.txt"), "")?;
//!
//! let (inputs, rejects) = discover(&[dir.path().to_path_buf()]);
//! assert!(rejects.is_empty());
//! let records: Vec<Record> = inputs
//!     .iter()
//!     .flat_map(|input| read_input(input, &ReadConfig::default()))
//!     .collect();
//!
//! // Sorted by source: "empty.txt" comes first and is rejected...
//! let Record::Reject(reject) = &records[0] else { panic!() };
//! assert_eq!(reject.message, "empty.txt: file is empty (0 bytes)");
//! // ...and "page.txt" is a document.
//! let Record::Document(doc) = &records[1] else { panic!() };
//! assert_eq!(doc.text, "Title\nBody line.\n");
//! assert_eq!(doc.encoding.as_deref(), Some("UTF-8"));
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod binary;
pub mod container;
pub mod decode;
pub mod decompress;
pub mod discover;
mod error;
pub mod format;
pub mod http;
mod jsonl;
pub mod prescan;
mod warc;

pub use discover::discover;
pub use error::ReadError;

use container::{Container, Stream};
use corpus_core::{Document, Record, Reject};
use decompress::Compression;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The stage name recorded in rejects.
pub const STAGE: &str = "read";

/// Limits for reading. Recorded in `manifest.json` with the run's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadConfig {
    /// The largest input accepted, in bytes, both as stored and once
    /// decompressed (so a decompression bomb is a reject, not an OOM).
    pub max_bytes: u64,
}

impl Default for ReadConfig {
    fn default() -> Self {
        Self {
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// One input file found by [`discover()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where the file is.
    pub path: PathBuf,
    /// The path relative to the root it was found under, with `/` separators;
    /// for a file given directly, its file name. Becomes `Document::source`.
    pub source: String,
}

/// Read one input: a [`Document`] with `text`, `encoding`,
/// `encoding_source` and `repairs` set, or a [`Reject`] saying why not, or,
/// for a JSONL or WARC container, one of those per record (see
/// [`container`]). Collects [`records`]; prefer that for large containers.
pub fn read_input(input: &Input, config: &ReadConfig) -> Vec<Record> {
    records(input, config).collect()
}

/// The records of one input, as a lazy iterator: a container is read one
/// record at a time, so memory stays at one record (at most
/// [`ReadConfig::max_bytes`]) however large the container is.
pub fn records(input: &Input, config: &ReadConfig) -> Records {
    if let Some(kind) = Container::from_name(&input.source) {
        let opened = File::open(&input.path).and_then(|file| Stream::open(file, config.max_bytes));
        return match opened {
            Ok(stream) => Records::pages(kind, &input.source, stream, config),
            Err(source) => {
                let path = input.path.clone();
                Records::one(container::open_reject(
                    &input.source,
                    ReadError::Io { path, source },
                ))
            }
        };
    }
    match load(&input.path, config.max_bytes) {
        Ok(raw) => bytes_records(&input.source, raw, config),
        Err(failure) => Records::one(into_record(&input.source, Err(failure))),
    }
}

/// Read an input already in memory, as [`read_input`] reads a file: `source`
/// names it (and its extension helps decide the format or container), `raw`
/// is its bytes, possibly compressed.
pub fn read_bytes(source: &str, raw: Vec<u8>, config: &ReadConfig) -> Vec<Record> {
    if let Some(kind) = Container::from_name(source) {
        return match Stream::open(std::io::Cursor::new(raw), config.max_bytes) {
            Ok(stream) => Records::pages(kind, source, stream, config).collect(),
            Err(err) => vec![container::open_reject(
                source,
                ReadError::Container(err.to_string()),
            )],
        };
    }
    bytes_records(source, raw, config).collect()
}

/// A file's bytes: a WARC container if they start like one, else one page.
fn bytes_records(source: &str, raw: Vec<u8>, config: &ReadConfig) -> Records {
    if starts_like_warc(&raw) {
        if let Ok(stream) = Stream::open(std::io::Cursor::new(raw), config.max_bytes) {
            return Records::pages(Container::Warc, source, stream, config);
        }
        return Records::one(container::open_reject(
            source,
            ReadError::Container("cannot open WARC stream".into()),
        ));
    }
    Records::one(into_record(
        source,
        document(source, raw, config, Hints::default()),
    ))
}

/// Whether `raw`, once decompressed, starts with the WARC magic. Only the
/// first few bytes are decompressed.
fn starts_like_warc(raw: &[u8]) -> bool {
    let magic = container::WARC_MAGIC;
    let mut head = Vec::with_capacity(magic.len());
    let limit = magic.len() as u64;
    let read = match Compression::detect(raw) {
        None => return raw.starts_with(magic),
        Some(Compression::Gzip) => flate2::read::MultiGzDecoder::new(raw)
            .take(limit)
            .read_to_end(&mut head),
        Some(Compression::Zstd) => zstd::stream::read::Decoder::new(raw)
            .and_then(|decoder| decoder.take(limit).read_to_end(&mut head)),
    };
    read.is_ok() && head == magic
}

/// The records of one input; see [`records`].
pub struct Records(RecordsInner);

enum RecordsInner {
    One(Option<Record>),
    Pages(Box<container::Pages>),
}

impl Records {
    fn one(record: Record) -> Self {
        Records(RecordsInner::One(Some(record)))
    }

    fn pages(kind: Container, source: &str, stream: Stream, config: &ReadConfig) -> Self {
        let pages = container::Pages::new(kind, source, stream, config);
        Records(RecordsInner::Pages(Box::new(pages)))
    }
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        match &mut self.0 {
            RecordsInner::One(record) => record.take(),
            RecordsInner::Pages(pages) => pages.next(),
        }
    }
}

/// A read that failed, with the input's size when it is known.
pub(crate) struct Failure {
    error: ReadError,
    byte_len: Option<u64>,
}

impl Failure {
    pub(crate) fn new(error: ReadError, byte_len: impl Into<Option<u64>>) -> Self {
        Self {
            error,
            byte_len: byte_len.into(),
        }
    }
}

pub(crate) fn into_record(source: &str, result: Result<Document, Failure>) -> Record {
    match result {
        Ok(doc) => Record::Document(Box::new(doc)),
        Err(Failure { error, byte_len }) => {
            let reject = Reject::new(source, STAGE, error.kind(), format!("{source}: {error}"));
            Record::Reject(match byte_len {
                Some(len) => reject.with_byte_len(len),
                None => reject,
            })
        }
    }
}

/// The raw bytes of a file, read under the size cap.
fn load(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failure> {
    let io = |source, byte_len: Option<u64>| {
        let path = path.to_path_buf();
        Failure::new(ReadError::Io { path, source }, byte_len)
    };
    let file = File::open(path).map_err(|err| io(err, None))?;
    let size = file.metadata().map_err(|err| io(err, None))?.len();
    if size > max_bytes {
        return Err(Failure::new(
            ReadError::TooLarge {
                size,
                limit: max_bytes,
            },
            size,
        ));
    }
    let mut raw = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    decompress::read_capped(file, max_bytes, &mut raw).map_err(|err| io(err, Some(size)))?;
    Ok(raw)
}

/// What the container a page came from says about it: the HTTP
/// `Content-Type` of a WARC response, the field of a JSONL record.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hints {
    /// The format, when the container says it (`text/html`, a JSONL `html` field).
    pub format: Option<corpus_core::Format>,
    /// The charset of the HTTP `Content-Type` header.
    pub charset: Option<&'static encoding_rs::Encoding>,
}

/// Raw bytes to a document: decompress, turn away binary, decide the format,
/// decode.
fn document(
    source: &str,
    raw: Vec<u8>,
    config: &ReadConfig,
    hints: Hints,
) -> Result<Document, Failure> {
    let raw_len = raw.len() as u64;
    if raw_len > config.max_bytes {
        let error = ReadError::TooLarge {
            size: raw_len,
            limit: config.max_bytes,
        };
        return Err(Failure::new(error, raw_len));
    }
    if raw.is_empty() {
        return Err(Failure::new(
            ReadError::Empty("file is empty (0 bytes)".into()),
            0,
        ));
    }
    let compression = Compression::detect(&raw);
    let bytes = decompress::decompress(raw, config.max_bytes)
        .map_err(|error| Failure::new(error, raw_len))?;
    let len = bytes.len() as u64;
    let fail = |error| Failure::new(error, len);
    if bytes.is_empty() {
        let what = compression.map_or_else(|| "file".to_string(), |c| format!("{c} stream"));
        return Err(fail(ReadError::Empty(format!(
            "{what} decompresses to 0 bytes"
        ))));
    }

    if let Some(name) = binary::signature(&bytes) {
        return Err(fail(ReadError::Binary(format!("it starts like {name}"))));
    }
    let utf16 = decode::utf16_encoding(&bytes).or(hints
        .charset
        .filter(|e| *e == encoding_rs::UTF_16LE || *e == encoding_rs::UTF_16BE));
    if utf16.is_none() {
        if let Some(reason) = binary::bytes_verdict(&bytes) {
            return Err(fail(ReadError::Binary(reason)));
        }
    }

    let format = hints
        .format
        .unwrap_or_else(|| format::detect(source, &bytes, utf16));
    let decoded = decode::decode_with(&bytes, format, hints.charset).map_err(fail)?;
    if utf16.is_some() {
        let units = decoded.text.chars().map(u32::from);
        if let Some(reason) = binary::control_verdict(units, "character") {
            return Err(fail(ReadError::Binary(reason)));
        }
    }
    if decoded.text.chars().all(is_blank) {
        let message = format!("holds only whitespace ({len} bytes)");
        return Err(fail(ReadError::Empty(message)));
    }

    let mut doc = Document::new(source, format, &bytes);
    doc.text = decoded.text;
    doc.encoding = Some(decoded.encoding.name().to_string());
    doc.encoding_source = Some(decoded.source);
    doc.repairs = decoded.repairs;
    Ok(doc)
}

/// Text that arrived already decoded (a JSONL `text` or `html` field) to a
/// document: the same binary and emptiness checks as for bytes.
fn text_document(
    source: &str,
    text: String,
    format: corpus_core::Format,
) -> Result<Document, Failure> {
    let len = text.len() as u64;
    let fail = |error| Failure::new(error, len);
    if text.is_empty() {
        return Err(fail(ReadError::Empty(
            "holds an empty text (0 bytes)".into(),
        )));
    }
    if let Some(reason) = binary::control_verdict(text.chars().map(u32::from), "character") {
        return Err(fail(ReadError::Binary(reason)));
    }
    if text.chars().all(is_blank) {
        let message = format!("holds only whitespace ({len} bytes)");
        return Err(fail(ReadError::Empty(message)));
    }
    let mut doc = Document::new(source, format, text.as_bytes());
    doc.text = text;
    Ok(doc)
}

/// Whitespace, or a zero-width character that shows nothing either.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus_core::{EncodingSource, Format, RejectKind};

    fn read(source: &str, bytes: &[u8]) -> Record {
        let mut records = read_bytes(source, bytes.to_vec(), &ReadConfig::default());
        assert_eq!(records.len(), 1);
        records.remove(0)
    }

    fn reject(source: &str, bytes: &[u8]) -> Reject {
        match read(source, bytes) {
            Record::Reject(reject) => reject,
            Record::Document(doc) => panic!("expected a reject, got {doc:?}"),
        }
    }

    #[test]
    fn a_text_dump_becomes_a_document() {
        let Record::Document(doc) = read("site/a.txt", "Title\nBody “quoted”\n".as_bytes())
        else {
            panic!()
        };
        assert_eq!(doc.source, "site/a.txt");
        assert_eq!(doc.format, Format::Text);
        assert_eq!(doc.text, "Title\nBody “quoted”\n");
        assert_eq!(doc.encoding_source, Some(EncodingSource::Utf8Valid));
        assert_eq!(doc.byte_len, 24);
    }

    #[test]
    fn rejects_carry_stage_kind_size_and_source() {
        let r = reject("x/blank.txt", b" \n\t\r\n");
        assert_eq!((r.stage.as_str(), r.kind), ("read", RejectKind::Empty));
        assert_eq!(r.byte_len, Some(5));
        assert_eq!(r.message, "x/blank.txt: holds only whitespace (5 bytes)");
    }

    #[test]
    fn binary_is_turned_away_with_the_reason() {
        let r = reject("img.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        assert_eq!(r.kind, RejectKind::Binary);
        assert_eq!(r.message, "img.txt: not text: it starts like a PNG image");
    }

    #[test]
    fn utf16_with_nuls_is_text_not_binary() {
        let bytes: Vec<u8> = "Title\nBody\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let Record::Document(doc) = read("a.txt", &bytes) else {
            panic!()
        };
        assert_eq!(doc.text, "Title\nBody\n");
        assert_eq!(doc.encoding.as_deref(), Some("UTF-16LE"));
    }

    #[test]
    fn config_serialises_for_the_manifest() {
        let json = serde_json::to_string(&ReadConfig::default()).unwrap();
        assert_eq!(json, r#"{"max_bytes":268435456}"#);
        let back: ReadConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(back, ReadConfig::default());
    }

    #[test]
    fn over_the_cap_is_too_large() {
        let config = ReadConfig { max_bytes: 4 };
        let records = read_bytes("big.txt", b"12345".to_vec(), &config);
        let Record::Reject(r) = &records[0] else {
            panic!()
        };
        assert_eq!(r.kind, RejectKind::TooLarge);
        assert_eq!(
            r.message,
            "big.txt: file is 5 bytes, over the read limit of 4 bytes"
        );
    }
}
