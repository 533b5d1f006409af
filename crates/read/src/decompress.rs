//! Size-capped reading and transparent decompression.
//!
//! Compression is recognised by magic bytes, not by the file name: a gzip
//! file named `page.txt` is still decompressed, and `page.txt.gz` holding
//! plain text is read as it is. Every read goes through
//! `take(max_bytes + 1)`, so a file or a decompression bomb over the cap costs
//! at most `max_bytes + 1` bytes of memory and becomes a `TooLarge` reject.

use crate::error::ReadError;
use std::fmt;
use std::io::{self, Read};

/// A compression format recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    /// The format `bytes` start with, if any.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// File name extensions that only say "compressed"; they are stripped before
/// the name is used to decide the format (`page.html.gz` is HTML).
const COMPRESSED_EXTENSIONS: [&str; 3] = [".gz", ".zst", ".zstd"];

/// `name` without a trailing compression extension.
pub fn strip_compression_extension(name: &str) -> &str {
    for ext in COMPRESSED_EXTENSIONS {
        if name.len() > ext.len() {
            let split = name.len() - ext.len();
            if let (Some(stem), Some(tail)) = (name.get(..split), name.get(split..)) {
                if tail.eq_ignore_ascii_case(ext) {
                    return stem;
                }
            }
        }
    }
    name
}

/// Read at most `max_bytes + 1` bytes: one more than allowed, so "over the
/// cap" is visible without reading the rest. On error, `buf` keeps what was
/// read before it.
pub fn read_capped(reader: impl Read, max_bytes: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    reader.take(max_bytes.saturating_add(1)).read_to_end(buf)?;
    Ok(())
}

/// Decompress `raw` if it starts with gzip or zstd magic; otherwise return it
/// unchanged. The output is capped at `max_bytes`.
pub fn decompress(raw: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let Some(compression) = Compression::detect(&raw) else {
        return Ok(raw);
    };
    let mut out = Vec::new();
    let result = match compression {
        Compression::Gzip => read_capped(
            flate2::read::MultiGzDecoder::new(&raw[..]),
            max_bytes,
            &mut out,
        ),
        Compression::Zstd => zstd::stream::read::Decoder::new(&raw[..])
            .and_then(|decoder| read_capped(decoder, max_bytes, &mut out)),
    };
    if let Err(source) = result {
        return Err(ReadError::Decompress {
            compression,
            produced: out.len() as u64,
            truncated: source.kind() == io::ErrorKind::UnexpectedEof
                || is_zstd_truncation(compression, &source),
            source,
        });
    }
    if out.len() as u64 > max_bytes {
        return Err(ReadError::TooLargeDecompressed {
            compression,
            limit: max_bytes,
        });
    }
    Ok(out)
}

/// The zstd crate reports a frame cut short as an `Other` error saying so.
fn is_zstd_truncation(compression: Compression, err: &io::Error) -> bool {
    compression == Compression::Zstd && err.to_string().contains("incomplete frame")
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

    #[test]
    fn plain_bytes_pass_through() {
        let out = decompress(b"Title\nBody".to_vec(), 100).unwrap();
        assert_eq!(out, b"Title\nBody");
    }

    #[test]
    fn gzip_and_zstd_are_recognised_by_magic() {
        let text = b"Title\nBody line\n".repeat(10);
        assert_eq!(decompress(gzip(&text), 1000).unwrap(), text);
        let zst = zstd::encode_all(&text[..], 3).unwrap();
        assert_eq!(decompress(zst, 1000).unwrap(), text);
    }

    #[test]
    fn concatenated_gzip_members_are_all_read() {
        let mut both = gzip(b"one\n");
        both.extend(gzip(b"two\n"));
        assert_eq!(decompress(both, 100).unwrap(), b"one\ntwo\n");
    }

    #[test]
    fn truncated_gzip_says_truncated_and_how_far_it_got() {
        let text = b"Some text that compresses\n".repeat(200);
        let gz = gzip(&text);
        let cut = gz[..gz.len() / 2].to_vec();
        let err = decompress(cut, 1 << 20).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("gzip stream truncated after "), "{msg}");
    }

    #[test]
    fn truncated_zstd_says_truncated() {
        let text = b"Some text that compresses\n".repeat(200);
        let zst = zstd::encode_all(&text[..], 3).unwrap();
        let cut = zst[..zst.len() - 4].to_vec();
        let msg = decompress(cut, 1 << 20).unwrap_err().to_string();
        assert!(msg.starts_with("zstd stream truncated after "), "{msg}");
    }

    #[test]
    fn bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![b'a'; 1 << 20]);
        let err = decompress(bomb, 1000).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLargeDecompressed { .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("decompresses to more than"),
            "{err}"
        );
    }

    #[test]
    fn compression_extensions_are_stripped_for_format_decisions() {
        assert_eq!(strip_compression_extension("a/page.html.gz"), "a/page.html");
        assert_eq!(strip_compression_extension("page.txt.ZST"), "page.txt");
        assert_eq!(strip_compression_extension("page.txt"), "page.txt");
        assert_eq!(strip_compression_extension(".gz"), ".gz");
    }
}
