//! The HTTP payload of a WARC `response` record: undo `Transfer-Encoding:
//! chunked`, then the `Content-Encoding` (`gzip`, `deflate`, `br`, `zstd`).
//!
//! WARC stores the payload as it came over the wire, so a page served with
//! `Content-Encoding: br` is stored brotli-compressed, and one served in
//! chunks is stored with its chunk-size lines. What is undone here, and how
//! damage is treated:
//!
//! - **Chunked**: the chunks are joined. A payload whose first line is not a
//!   chunk size was stored already joined (some WARC writers do that and keep
//!   the header): it is read as stored, noted in `repairs`. A payload cut off
//!   inside its chunks (a truncated capture) keeps what was joined, noted in
//!   `repairs`. A chunk-size line broken in the middle keeps the payload as
//!   stored, noted in `repairs`, so nothing after it is dropped.
//! - **Content-Encoding**: each coding listed is undone, last applied first.
//!   `gzip`/`x-gzip`, `deflate` (zlib-wrapped, as the HTTP standard says, or
//!   raw deflate, as some servers send; told apart by the zlib header), `br`
//!   (brotli) and `zstd`; `identity` and `none` mean nothing to undo. The
//!   output is capped at [`ReadConfig::max_bytes`](crate::ReadConfig) like
//!   every other decompression, so a bomb is a `too_large` reject. A
//!   truncated or corrupt payload is a `decompress` reject that names the
//!   coding and how far decoding got. A payload that is not encoded at all
//!   (decoding fails on its first bytes, and the bytes read as text) was
//!   stored decoded with a stale header: it is read as stored, noted in
//!   `repairs`. Other codings (`compress`...) are `unsupported` rejects.

use crate::binary;
use crate::error::{ReadError, Size};
use flate2::{Decompress, FlushDecompress, Status};
use std::fmt;
use std::io::{self, Read};

/// An HTTP content coding this reader can undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Deflate,
    Brotli,
    Zstd,
}

impl Coding {
    /// The coding a `Content-Encoding` token names; `Ok(None)` for identity.
    fn parse(token: &str) -> Result<Option<Self>, String> {
        Ok(Some(match token.to_ascii_lowercase().as_str() {
            "" | "identity" | "none" => return Ok(None),
            "gzip" | "x-gzip" => Coding::Gzip,
            "deflate" => Coding::Deflate,
            "br" => Coding::Brotli,
            "zstd" => Coding::Zstd,
            other => return Err(other.to_string()),
        }))
    }

    fn name(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Deflate => "deflate",
            Coding::Brotli => "br",
            Coding::Zstd => "zstd",
        }
    }
}

impl fmt::Display for Coding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Undo a `Content-Encoding` header's codings on `body`, last applied first.
/// Repairs (a stale header on a payload stored decoded) are pushed onto
/// `repairs`.
pub(crate) fn decode_content(
    mut body: Vec<u8>,
    header: &str,
    max_bytes: u64,
    repairs: &mut Vec<String>,
) -> Result<Vec<u8>, ReadError> {
    if body.is_empty() {
        return Ok(body);
    }
    let mut codings = Vec::new();
    for token in header.split(',') {
        match Coding::parse(token.trim()) {
            Ok(Some(coding)) => codings.push(coding),
            Ok(None) => {}
            Err(other) => {
                return Err(ReadError::Unsupported(format!(
                    "Content-Encoding {other} is not supported"
                )));
            }
        }
    }
    for coding in codings.into_iter().rev() {
        let mut out = Vec::new();
        match decode(coding, &body, max_bytes, &mut out) {
            Ok(()) if out.len() as u64 > max_bytes => {
                return Err(ReadError::TooLargeContent {
                    coding,
                    limit: max_bytes,
                });
            }
            Ok(()) => body = out,
            Err(err) if out.is_empty() && looks_like_text(&body) => {
                repairs.push(format!(
                    "Content-Encoding {coding} declared, but the payload is not {coding} data ({err}); read as stored"
                ));
            }
            Err(source) => {
                return Err(ReadError::Content {
                    coding,
                    produced: out.len() as u64,
                    truncated: source.kind() == io::ErrorKind::UnexpectedEof
                        || source.to_string().contains("incomplete frame"),
                    source,
                });
            }
        }
    }
    Ok(body)
}

/// Bytes that read as text, not as compressed data: no binary signature, few
/// control characters, and either valid UTF-8 or markup from the first
/// character on (a legacy-encoded HTML page). Compressed data is neither.
fn looks_like_text(bytes: &[u8]) -> bool {
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // Invalid only in a character cut off at the end.
        Err(err) => err.error_len().is_none(),
    };
    let markup = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii_start()
        .starts_with(b"<");
    !bytes.is_empty()
        && (utf8 || markup)
        && binary::signature(bytes).is_none()
        && binary::bytes_verdict(bytes).is_none()
}

/// Decode `data` into `out`, stopping once `out` holds more than `max_bytes`.
fn decode(coding: Coding, data: &[u8], max_bytes: u64, out: &mut Vec<u8>) -> io::Result<()> {
    let limit = max_bytes.saturating_add(1);
    match coding {
        Coding::Gzip => flate2::read::MultiGzDecoder::new(data)
            .take(limit)
            .read_to_end(out)
            .map(drop),
        Coding::Zstd => zstd::stream::read::Decoder::new(data)?
            .take(limit)
            .read_to_end(out)
            .map(drop),
        Coding::Deflate => inflate(data, is_zlib(data), limit, out),
        Coding::Brotli => unbrotli(data, limit, out),
    }
}

/// Whether `data` starts with a zlib header (RFC 1950): deflate method, a
/// window of at most 32 KiB, and the check bits.
fn is_zlib(data: &[u8]) -> bool {
    match data {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// The size of each step of output for the streaming decoders.
const STEP: usize = 64 * 1024;

/// Inflate a zlib or raw deflate stream. Unlike flate2's readers, this tells
/// a stream that ends before its last block (truncated) from a complete one.
fn inflate(data: &[u8], zlib: bool, limit: u64, out: &mut Vec<u8>) -> io::Result<()> {
    let mut inflater = Decompress::new(zlib);
    loop {
        if out.len() as u64 >= limit {
            return Ok(());
        }
        let room = usize::try_from(limit - out.len() as u64).map_or(STEP, |room| room.min(STEP));
        out.reserve_exact(room);
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = usize::try_from(read)
            .ok()
            .and_then(|read| data.get(read..))
            .unwrap_or_default();
        let status = inflater
            .decompress_vec(rest, out, FlushDecompress::None)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
        if status == Status::StreamEnd {
            return Ok(());
        }
        if inflater.total_in() == read && inflater.total_out() == written {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "deflate stream ends before its last block",
            ));
        }
    }
}

/// Decode a brotli stream, telling a truncated one from a corrupt one.
fn unbrotli(data: &[u8], limit: u64, out: &mut Vec<u8>) -> io::Result<()> {
    use brotli_decompressor::{BrotliDecompressStream, BrotliResult, BrotliState, StandardAlloc};
    let mut state = BrotliState::new(
        StandardAlloc::default(),
        StandardAlloc::default(),
        StandardAlloc::default(),
    );
    let mut buf = vec![0u8; STEP];
    let (mut available_in, mut input_offset, mut total_out) = (data.len(), 0, 0);
    loop {
        let (mut available_out, mut output_offset) = (buf.len(), 0);
        let result = BrotliDecompressStream(
            &mut available_in,
            &mut input_offset,
            data,
            &mut available_out,
            &mut output_offset,
            &mut buf,
            &mut total_out,
            &mut state,
        );
        out.extend_from_slice(&buf[..output_offset]);
        match result {
            BrotliResult::ResultSuccess => return Ok(()),
            BrotliResult::NeedsMoreOutput if (out.len() as u64) < limit => {}
            BrotliResult::NeedsMoreOutput => return Ok(()),
            BrotliResult::NeedsMoreInput => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "brotli stream ends before its last block",
                ));
            }
            BrotliResult::ResultFailure => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("invalid brotli data ({:?})", state.error_code),
                ));
            }
        }
    }
}

/// What undoing chunked transfer encoding gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Dechunked {
    /// Every chunk up to the last (size 0) one, joined.
    Whole(Vec<u8>),
    /// The data ran out inside the chunks: what was joined until then.
    Truncated(Vec<u8>),
    /// The first line is not a chunk size: the payload is not chunked.
    NotChunked,
    /// A chunk-size line after the first is broken, at this byte offset.
    Damaged(usize),
}

/// Undo HTTP chunked transfer encoding.
pub(crate) fn dechunk(data: &[u8]) -> Dechunked {
    let mut out = Vec::with_capacity(data.len());
    let mut at = 0;
    loop {
        let rest = &data[at..];
        let Some(line_end) = memchr::memchr(b'\n', rest) else {
            return match (
                at,
                rest.trim_ascii().is_empty() || chunk_size(rest).is_some(),
            ) {
                (0, _) if chunk_size(rest).is_none() => Dechunked::NotChunked,
                (_, true) => Dechunked::Truncated(out),
                (_, false) => Dechunked::Damaged(at),
            };
        };
        let Some(size) = chunk_size(&rest[..line_end]) else {
            return if at == 0 {
                Dechunked::NotChunked
            } else {
                Dechunked::Damaged(at)
            };
        };
        at += line_end + 1;
        if size == 0 {
            return Dechunked::Whole(out);
        }
        let rest = &data[at..];
        let Some(chunk) = rest.get(..size) else {
            out.extend_from_slice(rest);
            return Dechunked::Truncated(out);
        };
        out.extend_from_slice(chunk);
        at += size;
        let rest = &data[at..];
        if rest.is_empty() {
            return Dechunked::Truncated(out);
        }
        at += if rest.starts_with(b"\r\n") {
            2
        } else if rest.starts_with(b"\n") {
            1
        } else {
            return Dechunked::Damaged(at);
        };
    }
}

/// The size a chunk-size line gives (hex digits, then optional extensions).
fn chunk_size(line: &[u8]) -> Option<usize> {
    let field = line.split(|&b| b == b';').next()?.trim_ascii();
    if field.is_empty() || field.len() > 15 || !field.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    usize::from_str_radix(std::str::from_utf8(field).ok()?, 16).ok()
}

/// A repair note for a chunked payload that was not joined whole.
pub(crate) fn chunk_repair(result: &Dechunked, stored: usize) -> Option<String> {
    match result {
        Dechunked::Whole(_) => None,
        Dechunked::Truncated(joined) => Some(format!(
            "chunked payload ends inside its chunks (a truncated capture?); kept the {} joined",
            Size(joined.len() as u64)
        )),
        Dechunked::NotChunked => Some(
            "Transfer-Encoding chunked declared, but the payload is not chunked; read as stored"
                .to_string(),
        ),
        Dechunked::Damaged(at) => Some(format!(
            "chunked transfer encoding is damaged at byte {at} of {stored}; payload kept as stored"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn raw_deflate(data: &[u8]) -> Vec<u8> {
        let mut enc =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn brotli(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams::default();
        brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
        out
    }

    fn decoded(body: Vec<u8>, header: &str) -> Result<(Vec<u8>, Vec<String>), String> {
        let mut repairs = Vec::new();
        decode_content(body, header, 1 << 20, &mut repairs)
            .map(|body| (body, repairs))
            .map_err(|err| err.to_string())
    }

    const PAGE: &[u8] =
        "<html><body><p>Hà Nội: thủy điện Hòa Bình xả lũ.</p></body></html>\n".as_bytes();

    #[test]
    fn every_coding_is_undone() {
        let page = PAGE.repeat(20);
        for (body, header) in [
            (gzip(&page), "gzip"),
            (gzip(&page), "X-Gzip"),
            (zlib(&page), "deflate"),
            (raw_deflate(&page), "deflate"),
            (brotli(&page), "br"),
            (zstd::encode_all(&page[..], 3).unwrap(), "zstd"),
            (page.clone(), "identity"),
            (page.clone(), ""),
        ] {
            assert_eq!(
                decoded(body, header),
                Ok((page.clone(), vec![])),
                "{header}"
            );
        }
    }

    #[test]
    fn stacked_codings_are_undone_last_first() {
        let body = brotli(&gzip(PAGE));
        assert_eq!(decoded(body, "gzip, br"), Ok((PAGE.to_vec(), vec![])));
    }

    #[test]
    fn truncated_payloads_say_truncated_and_how_far_they_got() {
        let page = PAGE.repeat(200);
        for (encoded, header) in [
            (gzip(&page), "gzip"),
            (zlib(&page), "deflate"),
            (raw_deflate(&page), "deflate"),
            (brotli(&page), "br"),
            (zstd::encode_all(&page[..], 3).unwrap(), "zstd"),
        ] {
            let cut = encoded[..encoded.len() * 2 / 3].to_vec();
            let err = decoded(cut, header).unwrap_err();
            assert!(
                err.starts_with(&format!(
                    "HTTP Content-Encoding {header} payload truncated after "
                )),
                "{header}: {err}"
            );
        }
    }

    #[test]
    fn corrupt_payloads_are_rejects() {
        // A damaged brotli stream can look corrupt or cut short to the decoder.
        for damaged in [vec![0xff; 40], vec![0x1b, 0xff, 0xff, 0xff]] {
            let err = decoded(damaged, "br").unwrap_err();
            assert!(
                err.starts_with("HTTP Content-Encoding br payload "),
                "{err}"
            );
        }
        let mut body = gzip(&PAGE.repeat(50));
        let middle = body.len() / 2;
        body[middle..].iter_mut().for_each(|b| *b = !*b);
        let err = decoded(body, "gzip").unwrap_err();
        assert!(
            err.starts_with("HTTP Content-Encoding gzip payload corrupt after"),
            "{err}"
        );
        let err = decoded(b"\x78\x9c\xff\xff\xff\xff\x00\x01\x02".to_vec(), "deflate").unwrap_err();
        assert!(
            err.starts_with("HTTP Content-Encoding deflate payload corrupt after 0 bytes"),
            "{err}"
        );
    }

    #[test]
    fn a_payload_stored_decoded_under_a_stale_header_is_read_as_stored() {
        for header in ["gzip", "deflate", "br", "zstd"] {
            let (body, repairs) = decoded(PAGE.to_vec(), header).unwrap();
            assert_eq!(body, PAGE, "{header}");
            assert_eq!(repairs.len(), 1, "{header}");
            assert!(
                repairs[0].starts_with(&format!(
                    "Content-Encoding {header} declared, but the payload is not {header} data"
                )),
                "{repairs:?}"
            );
        }
    }

    #[test]
    fn text_is_told_from_compressed_data() {
        assert!(looks_like_text(PAGE));
        assert!(looks_like_text(b"  <p>caf\xe9</p>"));
        assert!(looks_like_text("Tiêu đề".as_bytes()));
        assert!(!looks_like_text(b"caf\xe9 au lait"));
        assert!(!looks_like_text(&brotli(&PAGE.repeat(5))));
        assert!(!looks_like_text(&[0xff; 40]));
        assert!(!looks_like_text(b""));
    }

    #[test]
    fn a_bomb_stops_at_the_cap() {
        let bomb = vec![b'a'; 1 << 20];
        for (body, header) in [
            (gzip(&bomb), "gzip"),
            (zlib(&bomb), "deflate"),
            (brotli(&bomb), "br"),
        ] {
            let mut repairs = Vec::new();
            let err = decode_content(body, header, 1000, &mut repairs).unwrap_err();
            assert!(matches!(err, ReadError::TooLargeContent { .. }), "{err}");
            assert_eq!(
                err.to_string(),
                format!(
                    "HTTP Content-Encoding {header} payload decompresses to more than the read limit of 1000 bytes (a decompression bomb?)"
                )
            );
        }
    }

    #[test]
    fn unknown_codings_are_unsupported() {
        let err = decoded(PAGE.to_vec(), "compress").unwrap_err();
        assert_eq!(
            err,
            "not a page: Content-Encoding compress is not supported"
        );
    }

    #[test]
    fn zlib_headers_are_told_from_raw_deflate() {
        assert!(is_zlib(&zlib(b"x")));
        assert!(!is_zlib(&raw_deflate(b"x")));
        assert!(!is_zlib(b"<h"));
    }

    #[test]
    fn chunks_are_joined_and_damage_is_told_apart() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n"),
            Dechunked::Whole(b"Wikipedia".to_vec())
        );
        assert_eq!(
            dechunk(b"4\nWiki\n5\npedia\n0\n"),
            Dechunked::Whole(b"Wikipedia".to_vec())
        );
        assert_eq!(dechunk(b"<html>\r\nWiki"), Dechunked::NotChunked);
        assert_eq!(dechunk(b"Title"), Dechunked::NotChunked);
        assert_eq!(dechunk(b""), Dechunked::NotChunked);
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n40\r\nshort"),
            Dechunked::Truncated(b"Wikishort".to_vec())
        );
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n"),
            Dechunked::Truncated(b"Wiki".to_vec())
        );
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5"),
            Dechunked::Truncated(b"Wiki".to_vec())
        );
        assert_eq!(dechunk(b"4\r\nWiki\r\nzz\r\nmore"), Dechunked::Damaged(9));
        assert_eq!(dechunk(b"4\r\nWikipedia\r\n0\r\n"), Dechunked::Damaged(7));
    }
}
