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
//! What becomes of each record, by `WARC-Type` (every record is counted, so
//! `crawl.warc.gz#3` is the third record of the file whatever the types):
//!
//! | `WARC-Type` | becomes |
//! |---|---|
//! | `response` | a page: the HTTP response's payload (see below) |
//! | `resource` | a page: the block, with the record's own `Content-Type` |
//! | `warcinfo`, `request`, `metadata` | nothing: they describe the file, the request sent, or another record, and hold no page |
//! | `revisit` | an `unsupported` reject naming the capture it repeats (`WARC-Refers-To-Target-URI` and `WARC-Refers-To-Date`, the record id and payload digest when given) |
//! | `conversion`, `continuation`, any other | an `unsupported` reject saying what the record is |
//! | none | a `parse` reject |
//!
//! A revisit record stores only the headers of a fetch whose payload was
//! identical to an earlier capture's. It is not resolved to that capture's
//! page: when the capture is in the same file it is already a document of
//! its own (and a copy would only be flagged as its exact duplicate), finding
//! it would mean indexing or re-reading every earlier record of a stream that
//! is read once, and a revisit usually points into an earlier crawl's file
//! anyway. The reject keeps the revisit's own URI and date in its message,
//! so nothing is lost without a trace.
//!
//! For a response:
//!
//! - a status other than 2xx (a redirect, a 404) is an `unsupported` reject;
//! - a `Content-Type` that is not HTML or plain text (an image, a PDF, a
//!   script) is an `unsupported` reject; none at all is sniffed as for files;
//! - the `charset` of the `Content-Type` decides the encoding (after a BOM,
//!   before `<meta>`), recorded as `EncodingSource::Http`;
//! - `Transfer-Encoding: chunked` and a `gzip`, `deflate`, `br` or `zstd`
//!   `Content-Encoding` are undone, under the read size cap (see
//!   [`crate::http`] for how damage is treated);
//! - `WARC-Target-URI` becomes `url` and `WARC-Date` becomes `fetched_at`.

use crate::container::{Line, Stream, read_line, record_source, reject};
use crate::error::ReadError;
use crate::http::{self, Dechunked};
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
        let not_page = not_page(&kind, &warc);
        let too_large = length > self.config.max_bytes;
        if not_page.is_some() || too_large {
            let skipped = io::copy(&mut (&mut self.stream.reader).take(length), &mut io::sink())?;
            if skipped < length {
                self.done = true;
                return Ok(Step::Emit(parse(format!(
                    "WARC record truncated: {skipped} of {length} bytes"
                ))));
            }
            let error = match not_page {
                Some(None) => return Ok(Step::Skip),
                Some(Some(error)) => error,
                None => ReadError::TooLarge {
                    size: length,
                    limit: self.config.max_bytes,
                },
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

/// What to do with a record that is not a `response` or `resource`: `None`
/// for those two (read the page), `Some(None)` to skip it (it describes the
/// file or another record), `Some(Some(error))` for a reject that says what
/// the record is and why it gives no page.
fn not_page(kind: &str, warc: &Headers) -> Option<Option<ReadError>> {
    let field = |name: &str| {
        warc.get(name)
            .map(|value| clip_str(value.trim_matches(['<', '>'])))
    };
    let unsupported = |message: String| Some(Some(ReadError::Unsupported(message)));
    match kind {
        "response" | "resource" => None,
        "warcinfo" | "request" | "metadata" => Some(None),
        "revisit" => unsupported(revisit_reason(warc)),
        "conversion" => unsupported(format!(
            "WARC conversion record (another format of {}) is not read",
            field("warc-refers-to")
                .map_or("an earlier record".to_string(), |id| format!("record {id}"))
        )),
        "continuation" => unsupported(format!(
            "WARC continuation record (segment {} of record {}) is not read: segmented records are not joined",
            field("warc-segment-number").unwrap_or("?"),
            field("warc-segment-origin-id").unwrap_or("?"),
        )),
        "" => Some(Some(ReadError::Container(
            "WARC record has no WARC-Type".to_string(),
        ))),
        other => unsupported(format!(
            "WARC-Type {} is not a page record",
            clip_str(other)
        )),
    }
}

/// Why a `revisit` record gives no page, naming the capture it repeats. A
/// revisit stores only the HTTP headers of a fetch whose payload was the
/// same as an earlier capture's (`WARC-Refers-To-Target-URI`,
/// `WARC-Refers-To-Date`; WARC/1.0 has neither, and then the revisit's own
/// URI is the one captured before).
fn revisit_reason(warc: &Headers) -> String {
    let field = |name: &str| {
        warc.get(name)
            .map(|value| clip_str(value.trim_matches(['<', '>'])))
    };
    let mut reason = String::from("WARC revisit record");
    if let Some(profile) = field("warc-profile") {
        let name = profile
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(profile);
        reason.push_str(&format!(" ({name})"));
    }
    if let Some(uri) = field("warc-target-uri") {
        reason.push_str(&format!(" of {uri}"));
    }
    if let Some(date) = field("warc-date") {
        reason.push_str(&format!(" at {date}"));
    }
    reason.push_str(" stores no page of its own; it repeats the capture of ");
    let original = field("warc-refers-to-target-uri").or_else(|| field("warc-target-uri"));
    match (original, field("warc-refers-to-date")) {
        (Some(uri), Some(date)) => reason.push_str(&format!("{uri} at {date}")),
        (Some(uri), None) => reason.push_str(&format!("{uri} at an unrecorded date")),
        (None, Some(date)) => reason.push_str(&format!("an unrecorded URI at {date}")),
        (None, None) => reason.push_str("an unrecorded URI and date"),
    }
    let mut details = Vec::new();
    if let Some(id) = field("warc-refers-to") {
        details.push(format!("record {id}"));
    }
    if let Some(digest) = field("warc-payload-digest") {
        details.push(format!("payload digest {digest}"));
    }
    if !details.is_empty() {
        reason.push_str(&format!(" ({})", details.join(", ")));
    }
    reason
}

/// At most 300 characters of a header value, for messages.
fn clip_str(s: &str) -> &str {
    s.char_indices().nth(300).map_or(s, |(i, _)| &s[..i])
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
        let dechunked = http::dechunk(&body);
        repairs.extend(http::chunk_repair(&dechunked, body.len()));
        if let Dechunked::Whole(joined) | Dechunked::Truncated(joined) = dechunked {
            body = joined;
        }
    }
    if let Some(encoding) = headers.get("content-encoding") {
        let len = body.len() as u64;
        body = http::decode_content(body, encoding, config.max_bytes, &mut repairs)
            .map_err(|error| Failure::new(error, len))?;
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

    fn record(kind: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut out = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n").into_bytes();
        for (name, value) in headers {
            out.extend(format!("{name}: {value}\r\n").bytes());
        }
        out.extend(format!("Content-Length: {}\r\n\r\n", block.len()).bytes());
        out.extend(block);
        out.extend(b"\r\n\r\n");
        out
    }

    fn response(http_headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
        block.extend(body);
        record("response", &[("WARC-Target-URI", "https://x.vn/a")], &block)
    }

    fn read(records: &[Vec<u8>]) -> Vec<Record> {
        crate::read_bytes("c.warc", records.concat(), &ReadConfig::default())
    }

    fn outcome(record: &Record) -> Result<&Document, &corpus_core::Reject> {
        match record {
            Record::Document(doc) => Ok(doc),
            Record::Reject(reject) => Err(reject),
        }
    }

    #[test]
    fn revisits_are_rejects_that_name_the_capture_they_repeat() {
        let revisit = record(
            "revisit",
            &[
                ("WARC-Target-URI", "<https://x.vn/a>"),
                ("WARC-Date", "2024-05-02T08:30:00Z"),
                (
                    "WARC-Profile",
                    "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                ),
                ("WARC-Refers-To-Target-URI", "https://x.vn/a"),
                ("WARC-Refers-To-Date", "2024-05-01T08:30:00Z"),
                ("WARC-Refers-To", "<urn:uuid:1234>"),
                ("WARC-Payload-Digest", "sha1:ABCD"),
            ],
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        );
        // WARC/1.0 revisits have no Refers-To fields: the own URI is the original's.
        let old = record(
            "revisit",
            &[("WARC-Target-URI", "https://x.vn/b")],
            b"HTTP/1.1 304 Not Modified\r\n\r\n",
        );
        let records = read(&[revisit, old]);
        assert_eq!(records.len(), 2);
        let reject = outcome(&records[0]).unwrap_err();
        assert_eq!(reject.kind, corpus_core::RejectKind::Unsupported);
        assert_eq!(
            reject.message,
            "c.warc#1: not a page: WARC revisit record (identical-payload-digest) of https://x.vn/a \
             at 2024-05-02T08:30:00Z stores no page of its own; it repeats the capture of \
             https://x.vn/a at 2024-05-01T08:30:00Z (record urn:uuid:1234, payload digest sha1:ABCD)"
        );
        assert!(reject.byte_len.is_some());
        assert_eq!(
            outcome(&records[1]).unwrap_err().message,
            "c.warc#2: not a page: WARC revisit record of https://x.vn/b stores no page of its \
             own; it repeats the capture of https://x.vn/b at an unrecorded date"
        );
    }

    #[test]
    fn info_request_and_metadata_records_are_skipped_but_counted() {
        let records = read(&[
            record("warcinfo", &[], b"software: test\r\n"),
            record("request", &[], b"GET / HTTP/1.1\r\n\r\n"),
            record("metadata", &[], b"outlinks: https://x.vn/\r\n"),
            response("Content-Type: text/plain\r\n", b"Title\nBody"),
        ]);
        assert_eq!(records.len(), 1);
        assert_eq!(outcome(&records[0]).unwrap().source, "c.warc#4");
    }

    #[test]
    fn other_record_types_are_rejects_that_say_what_they_are() {
        let records = read(&[
            record(
                "continuation",
                &[
                    ("WARC-Segment-Number", "2"),
                    ("WARC-Segment-Origin-ID", "<urn:uuid:1>"),
                ],
                b"rest of a page",
            ),
            record("conversion", &[("WARC-Refers-To", "<urn:uuid:2>")], b"text"),
            record("bogus", &[], b""),
            b"WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\n".to_vec(),
        ]);
        let messages: Vec<(corpus_core::RejectKind, &str)> = records
            .iter()
            .map(|r| outcome(r).unwrap_err())
            .map(|r| (r.kind, r.message.as_str()))
            .collect();
        use corpus_core::RejectKind::{Parse, Unsupported};
        assert_eq!(
            messages,
            [
                (
                    Unsupported,
                    "c.warc#1: not a page: WARC continuation record (segment 2 of record \
                     urn:uuid:1) is not read: segmented records are not joined"
                ),
                (
                    Unsupported,
                    "c.warc#2: not a page: WARC conversion record (another format of record \
                     urn:uuid:2) is not read"
                ),
                (
                    Unsupported,
                    "c.warc#3: not a page: WARC-Type bogus is not a page record"
                ),
                (Parse, "c.warc#4: WARC record has no WARC-Type"),
            ]
        );
    }

    #[test]
    fn content_encodings_are_undone_and_damage_is_a_reject() {
        use std::io::Write;
        let text = "Tiêu đề\nNội dung bài báo hôm nay.\n".repeat(10);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(text.as_bytes()).unwrap();
        let raw = raw.finish().unwrap();
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams::default();
        brotli::BrotliCompress(&mut text.as_bytes(), &mut br, &params).unwrap();
        let (a, b) = gz.split_at(gz.len() / 2);
        let chunked = [
            format!("{:x}\r\n", a.len()).into_bytes(),
            a.to_vec(),
            format!("\r\n{:x}\r\n", b.len()).into_bytes(),
            b.to_vec(),
            b"\r\n0\r\n\r\n".to_vec(),
        ]
        .concat();
        let plain = "Content-Type: text/plain; charset=utf-8\r\n";
        let records = read(&[
            response(&format!("{plain}Content-Encoding: gzip\r\n"), &gz),
            response(&format!("{plain}Content-Encoding: deflate\r\n"), &raw),
            response(&format!("{plain}Content-Encoding: br\r\n"), &br),
            response(
                &format!("{plain}Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"),
                &chunked,
            ),
            response(
                &format!("{plain}Content-Encoding: br\r\n"),
                &br[..br.len() / 2],
            ),
            response(
                &format!("{plain}Content-Encoding: gzip\r\n"),
                text.as_bytes(),
            ),
        ]);
        assert_eq!(records.len(), 6);
        for record in &records[..4] {
            let doc = outcome(record).unwrap();
            assert_eq!(doc.text, text, "{}", doc.source);
            assert!(doc.repairs.is_empty(), "{:?}", doc.repairs);
        }
        let reject = outcome(&records[4]).unwrap_err();
        assert_eq!(reject.kind, corpus_core::RejectKind::Decompress);
        assert!(
            reject
                .message
                .starts_with("c.warc#5: HTTP Content-Encoding br payload truncated after "),
            "{}",
            reject.message
        );
        let stale = outcome(&records[5]).unwrap();
        assert_eq!(stale.text, text);
        assert!(
            stale.repairs[0].starts_with("Content-Encoding gzip declared, but the payload"),
            "{:?}",
            stale.repairs
        );
    }
}
