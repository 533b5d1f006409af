//! WARC containers (ISO 28500, WARC/1.0 and 1.1), plain or `.warc.gz`.
//!
//! A small streaming reader of our own rather than the `warc` crate: we need
//! the per-record size cap applied *before* a block is read into memory (an
//! oversized record is skipped, not buffered), resynchronisation on the next
//! `WARC/1.` line after a damaged record, and the HTTP response inside each
//! record parsed for its status and `Content-Type` charset, which the crate
//! leaves to the caller. Gzip (one member per record, or one for the whole
//! file) and zstd come from [`crate::container::Stream`].
//!
//! Only `response` records (an HTTP response: status, headers, payload) and
//! `resource` records (a payload with its own `Content-Type`) become pages;
//! `warcinfo`, `request`, `metadata`, `revisit` and other records are skipped
//! silently but still counted, so `crawl.warc.gz#3` is the third record of
//! the file. For a response:
//!
//! - a status other than 2xx (a redirect, a 404) is an `unsupported` reject;
//! - a `Content-Type` that is not HTML or plain text (an image, a PDF, a
//!   script) is an `unsupported` reject; none at all is sniffed as for files;
//! - the `charset` of the `Content-Type` decides the encoding (after a BOM,
//!   before `<meta>`), recorded as `EncodingSource::Http`;
//! - `Transfer-Encoding: chunked` is undone; a gzip or zstd
//!   `Content-Encoding` is undone by magic like any compressed input;
//! - `WARC-Target-URI` becomes `url` and `WARC-Date` becomes `fetched_at`.

use crate::container::{Line, Stream, read_line, record_source, reject};
use crate::error::ReadError;
use crate::{Failure, Hints, ReadConfig, document};
use chrono::{DateTime, Utc};
use corpus_core::{Document, Format, Record};
use encoding_rs::Encoding;
use std::io::{self, Read};

/// The longest header line kept, in a WARC record or its HTTP response.
const HEADER_LINE_CAP: u64 = 64 * 1024;
/// The most header lines a WARC record may have.
const MAX_HEADER_LINES: usize = 1024;

/// The pages of a WARC container, read record by record.
pub(crate) struct Pages {
    source: String,
    stream: Stream,
    config: ReadConfig,
    record: u64,
    buf: Vec<u8>,
    /// A version line found while skipping a damaged record.
    pending: Option<Vec<u8>>,
    done: bool,
}

/// One step of reading a record.
enum Step {
    /// A record to hand out.
    Emit(Record),
    /// A record that is not a page: read on.
    Skip,
    /// The end of the container.
    End,
}

impl Pages {
    pub fn new(source: &str, stream: Stream, config: &ReadConfig) -> Self {
        Self {
            source: source.to_string(),
            stream,
            config: *config,
            record: 0,
            buf: Vec::new(),
            pending: None,
            done: false,
        }
    }

    /// The next non-blank line, or `None` at the end of the input.
    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            match read_line(&mut self.stream.reader, HEADER_LINE_CAP, &mut self.buf)? {
                Line::Eof => return Ok(None),
                Line::TooLong(_) => return Ok(Some(b"(an over-long line)".to_vec())),
                Line::Full if trim(&self.buf).is_empty() => {}
                Line::Full => return Ok(Some(self.buf.clone())),
            }
        }
    }

    /// Skip lines up to the next `WARC/1.` version line, kept for the next
    /// record. Whether one was found.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            match read_line(&mut self.stream.reader, HEADER_LINE_CAP, &mut self.buf)? {
                Line::Eof => return Ok(false),
                Line::TooLong(_) => {}
                Line::Full if self.buf.starts_with(crate::container::WARC_MAGIC) => {
                    self.pending = Some(self.buf.clone());
                    return Ok(true);
                }
                Line::Full => {}
            }
        }
    }

    fn step(&mut self) -> io::Result<Step> {
        let version = match self.pending.take() {
            Some(line) => line,
            None => match self.next_line()? {
                Some(line) => line,
                None => return Ok(Step::End),
            },
        };
        self.record += 1;
        let source = record_source(&self.source, self.record);
        let parse =
            |message: String| reject(&source, Failure::new(ReadError::Container(message), None));

        if !version.starts_with(b"WARC/") {
            let found = self.resync()?;
            let what = String::from_utf8_lossy(clip(trim(&version), 40)).into_owned();
            let then = if found {
                "skipped to the next record"
            } else {
                "no record follows"
            };
            return Ok(Step::Emit(parse(format!(
                "expected a WARC record header (`WARC/1.x`), found {what:?}; {then}"
            ))));
        }

        let mut headers = Vec::new();
        loop {
            match read_line(&mut self.stream.reader, HEADER_LINE_CAP, &mut self.buf)? {
                Line::Eof => {
                    return Ok(Step::Emit(parse(
                        "WARC record truncated in its headers".to_string(),
                    )));
                }
                Line::TooLong(len) => {
                    self.resync()?;
                    return Ok(Step::Emit(parse(format!(
                        "WARC header line of {len} bytes is too long; skipped to the next record"
                    ))));
                }
                Line::Full => {
                    let line = trim(&self.buf);
                    if line.is_empty() {
                        break;
                    }
                    if headers.len() == MAX_HEADER_LINES {
                        self.resync()?;
                        return Ok(Step::Emit(parse(format!(
                            "WARC record has more than {MAX_HEADER_LINES} header lines; skipped to the next record"
                        ))));
                    }
                    if let Some(header) = split_header(line) {
                        headers.push(header);
                    }
                }
            }
        }
        let warc = Headers(headers);
        let Some(length) = warc
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            self.resync()?;
            return Ok(Step::Emit(parse(
                "WARC record has no valid Content-Length; skipped to the next record".to_string(),
            )));
        };
        let kind = warc.get("warc-type").unwrap_or("").to_ascii_lowercase();
        let is_page = kind == "response" || kind == "resource";
        if !is_page || length > self.config.max_bytes {
            let skipped = io::copy(&mut (&mut self.stream.reader).take(length), &mut io::sink())?;
            if skipped < length {
                self.done = true;
                return Ok(Step::Emit(parse(format!(
                    "WARC record truncated: {skipped} of {length} bytes"
                ))));
            }
            if !is_page {
                return Ok(Step::Skip);
            }
            let error = ReadError::TooLarge {
                size: length,
                limit: self.config.max_bytes,
            };
            return Ok(Step::Emit(reject(&source, Failure::new(error, length))));
        }
        let capacity = usize::try_from(length.min(1 << 20)).unwrap_or(0);
        let mut block = Vec::with_capacity(capacity);
        (&mut self.stream.reader)
            .take(length)
            .read_to_end(&mut block)?;
        if (block.len() as u64) < length {
            self.done = true;
            return Ok(Step::Emit(parse(format!(
                "WARC record truncated: {} of {length} bytes",
                block.len()
            ))));
        }
        let result = if kind == "response" {
            response(&source, block, &self.config)
        } else {
            let content_type = warc.get("content-type").unwrap_or("");
            payload(&source, block, content_type, &self.config, Vec::new())
        };
        let result = result.map(|mut doc| {
            doc.url = warc
                .get("warc-target-uri")
                .map(|uri| uri.trim_matches(['<', '>']).to_string());
            doc.fetched_at = warc
                .get("warc-date")
                .and_then(|date| DateTime::parse_from_rfc3339(date).ok())
                .map(|date| date.with_timezone(&Utc));
            doc
        });
        Ok(Step::Emit(crate::into_record(&source, result)))
    }
}

impl Iterator for Pages {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while !self.done {
            match self.step() {
                Ok(Step::Emit(record)) => return Some(record),
                Ok(Step::Skip) => {}
                Ok(Step::End) => self.done = true,
                Err(err) => {
                    self.done = true;
                    let source = record_source(&self.source, self.record.max(1));
                    let error = self.stream.error(err);
                    return Some(reject(&source, Failure::new(error, None)));
                }
            }
        }
        None
    }
}

/// Header fields, names compared without case.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn split_header(line: &[u8]) -> Option<(String, String)> {
    let colon = memchr::memchr(b':', line)?;
    let name = String::from_utf8_lossy(trim(&line[..colon])).into_owned();
    let value = String::from_utf8_lossy(trim(&line[colon + 1..])).into_owned();
    Some((name, value))
}

/// A response record's block: an HTTP status line and headers, then the payload.
fn response(source: &str, block: Vec<u8>, config: &ReadConfig) -> Result<Document, Failure> {
    let len = block.len() as u64;
    let parse = |message: String| Failure::new(ReadError::Container(message), len);
    let unsupported = |message: String| Failure::new(ReadError::Unsupported(message), len);
    let head_len = block.len().min(HEADER_LINE_CAP as usize);
    let (head_end, body_start) = match memchr::memmem::find(&block[..head_len], b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match memchr::memmem::find(&block[..head_len], b"\n\n") {
            Some(i) => (i, i + 2),
            None => return Err(parse("HTTP response has no end of headers".to_string())),
        },
    };
    let mut lines = block[..head_end].split(|&b| b == b'\n').map(trim);
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .strip_prefix(b"HTTP/")
        .and_then(|rest| rest.split(|&b| b == b' ').nth(1))
        .and_then(|code| std::str::from_utf8(code).ok())
        .and_then(|code| code.parse::<u16>().ok());
    let Some(status) = status else {
        let what = String::from_utf8_lossy(clip(status_line, 40)).into_owned();
        return Err(parse(format!("HTTP response has no status line: {what:?}")));
    };
    if !(200..300).contains(&status) {
        return Err(unsupported(format!("HTTP status {status}")));
    }
    let headers = Headers(lines.filter_map(split_header).collect());
    let mut repairs = Vec::new();
    let mut body = block[body_start..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        match dechunk(&body) {
            Some(joined) => body = joined,
            None => {
                repairs.push("chunked transfer encoding is damaged; payload kept as stored".into())
            }
        }
    }
    if let Some(encoding) = headers.get("content-encoding") {
        let encoding = encoding.to_ascii_lowercase();
        if !matches!(
            encoding.as_str(),
            "" | "identity" | "gzip" | "x-gzip" | "zstd"
        ) {
            return Err(unsupported(format!(
                "Content-Encoding {encoding} is not supported"
            )));
        }
    }
    let content_type = headers.get("content-type").unwrap_or("");
    payload(source, body, content_type, config, repairs)
}

/// A payload with its `Content-Type`, to a document.
fn payload(
    source: &str,
    body: Vec<u8>,
    content_type: &str,
    config: &ReadConfig,
    repairs: Vec<String>,
) -> Result<Document, Failure> {
    let len = body.len() as u64;
    let (media_type, charset) = parse_content_type(content_type);
    let format = match media_type.as_str() {
        "" => None,
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "text/plain" => Some(Format::Text),
        other => {
            let error = ReadError::Unsupported(format!("Content-Type {other}"));
            return Err(Failure::new(error, len));
        }
    };
    let hints = Hints {
        format,
        charset: charset.and_then(|label| Encoding::for_label_no_replacement(label.as_bytes())),
    };
    let mut doc = document(source, body, config, hints)?;
    doc.repairs.extend(repairs);
    Ok(doc)
}

/// The media type (lowercase) and `charset` parameter of a `Content-Type`.
pub(crate) fn parse_content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    });
    (media_type, charset)
}

/// Undo HTTP chunked transfer encoding; `None` if the chunks are damaged.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = memchr::memchr(b'\n', data)?;
        let size_field = trim(&data[..line_end]);
        let size_field = size_field.split(|&b| b == b';').next()?;
        let size = usize::from_str_radix(std::str::from_utf8(size_field).ok()?.trim(), 16).ok()?;
        data = &data[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))?;
    }
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

fn clip(bytes: &[u8], n: usize) -> &[u8] {
    &bytes[..bytes.len().min(n)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parameters_are_read() {
        assert_eq!(
            parse_content_type("Text/HTML; charset=\"windows-1258\""),
            ("text/html".to_string(), Some("windows-1258".to_string()))
        );
        assert_eq!(parse_content_type(""), (String::new(), None));
    }

    #[test]
    fn chunks_are_joined_and_damage_is_none() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"zz\r\nWiki"), None);
        assert_eq!(dechunk(b"40\r\nshort"), None);
    }
}
