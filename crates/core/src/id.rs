//! Stable identifiers and content hashes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A document's stable id: 16 hex digits of the XXH3-64 hash of its `source`.
///
/// The source is the path relative to the input root (plus `#n` for a record
/// inside a container), so the same page gets the same id on every run and on
/// every machine, wherever the input directory lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(String);

impl DocId {
    pub fn from_source(source: &str) -> Self {
        Self(format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(source.as_bytes())
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 32 hex digits of the XXH3-128 hash of `bytes`: the content hash used for raw
/// inputs and normalised bodies. Not cryptographic; collisions are negligible
/// at corpus scale (2^-64 for a billion pages).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_depends_on_source_only() {
        let a = DocId::from_source("site/a.txt");
        assert_eq!(a, DocId::from_source("site/a.txt"));
        assert_ne!(a, DocId::from_source("site/b.txt"));
        assert_eq!(a.as_str().len(), 16);
    }

    #[test]
    fn content_hash_is_128_bit_hex() {
        let h = content_hash(b"body");
        assert_eq!(h.len(), 32);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(h, content_hash(b"body "));
    }
}
