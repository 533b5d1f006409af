//! Containers: files that hold many pages (JSONL, WARC), read as a stream.
//!
//! A container is recognised by its name (`.jsonl`, `.ndjson`, `.warc`, after
//! stripping `.gz`/`.zst`) or, for WARC, by its first bytes (`WARC/1.`). It
//! is never loaded whole: the file is decompressed as a stream and cut into
//! records one at a time, so memory stays at one record however large the
//! container is.
//!
//! What the caps mean for a container:
//!
//! - [`ReadConfig::max_bytes`] applies to **each record** (a JSONL line, a
//!   WARC record block), as it applies to a plain file. A record over it is a
//!   `TooLarge` reject for `container#n`, skipped without being held in
//!   memory, and the records after it are still read.
//! - The container as a whole may decompress to at most
//!   [`CONTAINER_FACTOR`] × `max_bytes` (16 GiB with the default 256 MiB):
//!   enough for a Common Crawl WARC, and a ceiling on the time a
//!   decompression bomb can cost. Past it, reading stops with a `TooLarge`
//!   reject for the record being read.
//!
//! Each page of a container gets the source `<container source>#<n>`, where
//! `n` is the 1-based record number (the line number in JSONL, the record's
//! position among all WARC records, `warcinfo` and `request` included), so
//! the source points at the record in the file. A damaged record becomes a
//! reject with that source and the reason; the rest continue, unless the
//! damage leaves no way to find the next record (a truncated gzip stream).

use crate::decompress::{Compression, strip_compression_extension};
use crate::error::{ReadError, Size};
use crate::{Failure, ReadConfig, STAGE, jsonl, warc};
use corpus_core::{Record, Reject};
use memchr::memchr;
use std::io::{self, BufRead, BufReader, Read};

/// A container may decompress to this many times the per-record cap.
pub const CONTAINER_FACTOR: u64 = 64;

/// The magic of a WARC file: its first record's version line.
pub const WARC_MAGIC: &[u8] = b"WARC/1.";

/// The kinds of container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// One JSON object per line.
    Jsonl,
    /// A Web ARChive (ISO 28500), WARC/1.0 or 1.1.
    Warc,
}

impl Container {
    /// The container kind a file name says, after stripping `.gz`/`.zst`.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = strip_compression_extension(name);
        let file_name = name.rsplit('/').next().unwrap_or(name);
        let (stem, ext) = file_name.rsplit_once('.')?;
        if stem.is_empty() {
            return None;
        }
        if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") {
            Some(Container::Jsonl)
        } else if ext.eq_ignore_ascii_case("warc") {
            Some(Container::Warc)
        } else {
            None
        }
    }
}

/// A reader that counts what it yields and fails once it passes a limit.
pub(crate) struct Capped<R> {
    inner: R,
    limit: u64,
    read: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "container over its size limit",
            ));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// The decompressed byte stream of a container.
pub(crate) struct Stream {
    pub reader: BufReader<Capped<Box<dyn Read + Send>>>,
    pub compression: Option<Compression>,
}

impl Stream {
    /// Open `raw` (possibly gzip or zstd, recognised by magic) as a stream
    /// capped at [`CONTAINER_FACTOR`] × `max_bytes` decompressed bytes.
    pub fn open(raw: impl Read + Send + 'static, max_bytes: u64) -> io::Result<Self> {
        let mut buffered = BufReader::new(raw);
        let compression = Compression::detect(buffered.fill_buf()?);
        let decoded: Box<dyn Read + Send> = match compression {
            Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(buffered)),
            Some(Compression::Zstd) => {
                Box::new(zstd::stream::read::Decoder::with_buffer(buffered)?)
            }
            None => Box::new(buffered),
        };
        let capped = Capped {
            inner: decoded,
            limit: max_bytes.saturating_mul(CONTAINER_FACTOR),
            read: 0,
        };
        Ok(Self {
            reader: BufReader::with_capacity(64 * 1024, capped),
            compression,
        })
    }

    /// The error to report for an I/O error met while reading the stream.
    pub fn error(&self, err: io::Error) -> ReadError {
        let capped = self.reader.get_ref();
        if err.kind() == io::ErrorKind::FileTooLarge {
            return ReadError::Container(format!(
                "container decompresses to more than {} ({CONTAINER_FACTOR} × the read limit); the rest is not read",
                Size(capped.limit)
            ));
        }
        match self.compression {
            Some(compression) => ReadError::Decompress {
                compression,
                produced: capped.read,
                truncated: err.kind() == io::ErrorKind::UnexpectedEof
                    || err.to_string().contains("incomplete frame"),
                source: err,
            },
            None => ReadError::Io {
                path: std::path::PathBuf::from("container"),
                source: err,
            },
        }
    }
}

/// How reading one line ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (with its `\n`, if it had one) is in the buffer.
    Full,
    /// The line was longer than the cap: it was skipped, not kept; its length.
    TooLong(u64),
}

/// Read one line into `buf` (cleared first), keeping at most `cap` bytes in
/// memory: a longer line is read to its end and dropped.
pub(crate) fn read_line(
    reader: &mut impl BufRead,
    cap: u64,
    buf: &mut Vec<u8>,
) -> io::Result<Line> {
    buf.clear();
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(match (total, too_long) {
                (0, _) => Line::Eof,
                (_, true) => Line::TooLong(total),
                (_, false) => Line::Full,
            });
        }
        let (len, end) = match memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        total += len as u64;
        if !too_long {
            if total > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(4096);
            } else {
                buf.extend_from_slice(&available[..len]);
            }
        }
        reader.consume(len);
        if end {
            return Ok(if too_long {
                Line::TooLong(total)
            } else {
                Line::Full
            });
        }
    }
}

/// The source of record `n` of a container.
pub(crate) fn record_source(container: &str, n: u64) -> String {
    format!("{container}#{n}")
}

/// A reject for record `n`, from a read failure.
pub(crate) fn reject(source: &str, failure: Failure) -> Record {
    crate::into_record(source, Err(failure))
}

/// A reject for a whole container that could not be opened.
pub(crate) fn open_reject(source: &str, error: ReadError) -> Record {
    Record::Reject(Reject::new(
        source,
        STAGE,
        error.kind(),
        format!("{source}: {error}"),
    ))
}

/// The records of a container, one page at a time.
pub(crate) enum Pages {
    Jsonl(jsonl::Pages),
    Warc(warc::Pages),
}

impl Pages {
    pub fn new(kind: Container, source: &str, stream: Stream, config: &ReadConfig) -> Self {
        match kind {
            Container::Jsonl => Pages::Jsonl(jsonl::Pages::new(source, stream, config)),
            Container::Warc => Pages::Warc(warc::Pages::new(source, stream, config)),
        }
    }
}

impl Iterator for Pages {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        match self {
            Pages::Jsonl(pages) => pages.next(),
            Pages::Warc(pages) => pages.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_named_by_extension_under_compression() {
        assert_eq!(Container::from_name("a/b.jsonl"), Some(Container::Jsonl));
        assert_eq!(Container::from_name("b.NDJSON.gz"), Some(Container::Jsonl));
        assert_eq!(Container::from_name("crawl.warc.gz"), Some(Container::Warc));
        assert_eq!(
            Container::from_name("crawl.warc.zst"),
            Some(Container::Warc)
        );
        assert_eq!(Container::from_name("page.txt"), None);
        assert_eq!(Container::from_name(".jsonl"), None);
    }

    #[test]
    fn long_lines_are_skipped_not_kept() {
        let data = format!("short\n{}\nafter", "x".repeat(100));
        let mut reader = BufReader::with_capacity(8, data.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut reader, 10, &mut buf).unwrap(), Line::Full);
        assert_eq!(buf, b"short\n");
        assert_eq!(
            read_line(&mut reader, 10, &mut buf).unwrap(),
            Line::TooLong(101)
        );
        assert!(buf.is_empty());
        assert_eq!(read_line(&mut reader, 10, &mut buf).unwrap(), Line::Full);
        assert_eq!(buf, b"after");
        assert_eq!(read_line(&mut reader, 10, &mut buf).unwrap(), Line::Eof);
    }

    #[test]
    fn the_stream_stops_past_the_container_cap() {
        let data = vec![b'a'; 1000];
        let mut stream = Stream::open(io::Cursor::new(data), 10).unwrap();
        let mut out = Vec::new();
        let err = stream.reader.read_to_end(&mut out).unwrap_err();
        let msg = stream.error(err).to_string();
        assert!(
            msg.starts_with("container decompresses to more than 640 bytes"),
            "{msg}"
        );
    }
}
