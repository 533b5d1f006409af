//! Document ids at 8 bytes each.
//!
//! A [`DocId`] is 16 lowercase hex digits in a `String`: 24 bytes inline plus
//! a heap allocation, about 56 bytes a page. The deduper needs every id until
//! it knows the representatives, so it keeps the 64-bit number the digits
//! spell instead, and rebuilds the `DocId` of each representative at the end.
//! Ids in any other form (only a hand-edited record has one) are kept whole
//! on the side and keyed by their hash.

use corpus_core::DocId;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// The lookup key of an id: the number its hex digits spell, or a hash of an
/// id in another form.
pub(crate) fn key(id: &DocId) -> u64 {
    canonical(id).unwrap_or_else(|| xxh3_64(id.as_str().as_bytes()))
}

/// Whether `id` is 16 lowercase hex digits, so its key spells it back.
pub(crate) fn is_canonical(id: &DocId) -> bool {
    canonical(id).is_some()
}

fn canonical(id: &DocId) -> Option<u64> {
    let s = id.as_str();
    let hex = s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if hex {
        u64::from_str_radix(s, 16).ok()
    } else {
        None
    }
}

/// Rebuild a canonical id from its number. A `DocId` is a JSON string in
/// the record format, so it deserialises from one.
pub(crate) fn from_key(key: u64) -> Option<DocId> {
    let digits = format!("{key:016x}");
    let de: StrDeserializer<'_, ValueError> = digits.as_str().into_deserializer();
    DocId::deserialize(de).ok()
}

/// Every document's id key, by input index.
#[derive(Debug, Default)]
pub(crate) struct IdTable {
    keys: Vec<u64>,
    other: HashMap<u32, DocId>,
}

impl IdTable {
    pub(crate) fn push(&mut self, id: &DocId) {
        let index = self.keys.len() as u32;
        match canonical(id) {
            Some(key) => self.keys.push(key),
            None => {
                self.keys.push(key(id));
                self.other.insert(index, id.clone());
            }
        }
    }

    pub(crate) fn key(&self, index: u32) -> Option<u64> {
        self.keys.get(index as usize).copied()
    }

    pub(crate) fn id(&self, index: u32) -> Option<DocId> {
        match self.other.get(&index) {
            Some(id) => Some(id.clone()),
            None => from_key(self.key(index)?),
        }
    }

    /// The keys, sorted and deduplicated, for membership tests.
    pub(crate) fn into_sorted_keys(self) -> Vec<u64> {
        let mut keys = self.keys;
        keys.sort_unstable();
        keys.dedup();
        keys.shrink_to_fit();
        keys
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.other.capacity() * 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odd(s: &str) -> DocId {
        DocId::deserialize(s.into_deserializer()).unwrap_or_else(|e: ValueError| panic!("{e}"))
    }

    #[test]
    fn canonical_ids_round_trip_through_eight_bytes() {
        let mut table = IdTable::default();
        let ids: Vec<_> = (0..50)
            .map(|i| DocId::from_source(&format!("p{i}")))
            .collect();
        for id in &ids {
            table.push(id);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.id(i as u32).as_ref(), Some(id));
            assert_eq!(table.key(i as u32), Some(key(id)));
        }
        assert!(table.other.is_empty());
        assert_eq!(table.id(99), None);
    }

    #[test]
    fn other_ids_are_kept_whole() {
        let mut table = IdTable::default();
        for s in ["hand-made", "00000000000000AB", ""] {
            table.push(&odd(s));
        }
        assert_eq!(table.id(1), Some(odd("00000000000000AB")));
        assert_eq!(table.id(2), Some(odd("")));
        assert_eq!(table.key(0), Some(key(&odd("hand-made"))));
    }
}
