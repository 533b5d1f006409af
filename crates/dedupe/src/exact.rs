//! Step 2: exact duplicates, by the hash of the normalised body.
//!
//! The key is the body segmentation extracted, not the raw page: a re-scrape
//! of an article with a new sidebar, new "latest news" or new ads has the same
//! body and so the same key. Pages without a body are never grouped: two
//! category pages with no article are not "the same article".

use corpus_core::Document;
use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3Default;

/// XXH3-128 of [`Document::body_text`], without building the joined string:
/// `format!("{:032x}", body_hash(doc)) == doc.body_hash()`.
pub(crate) fn body_hash(doc: &Document) -> u128 {
    let mut hasher = Xxh3Default::new();
    for (i, paragraph) in doc.body.iter().enumerate() {
        if i > 0 {
            hasher.update(b"\n");
        }
        hasher.update(paragraph.as_bytes());
    }
    hasher.digest128()
}

/// The first document seen with each body hash.
///
/// Keyed by the low 64 bits of the 128-bit hash: 24 to 36 bytes per distinct
/// body instead of 32 to 48, at a chance of about 3 in a million that two of
/// ten million distinct bodies collide.
#[derive(Debug, Default)]
pub(crate) struct ExactIndex {
    first: HashMap<u64, u32>,
}

impl ExactIndex {
    /// Record `doc` under `hash`; returns the first document that had this
    /// hash, which is `doc` itself when the body is new.
    pub(crate) fn first_with(&mut self, hash: u128, doc: u32) -> u32 {
        *self.first.entry(hash as u64).or_insert(doc)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        // hashbrown: one control byte per slot beside the (u64, u32) pair.
        self.first.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus_core::{Block, Format, Label};

    fn doc(source: &str, body: &[&str], sidebar: &str) -> Document {
        let mut doc = Document::new(source, Format::Text, sidebar.as_bytes());
        doc.body = body.iter().map(|p| p.to_string()).collect();
        doc.blocks = vec![Block {
            position: 0,
            line_start: 1,
            line_end: 1,
            label: Label::SidebarItem,
            text: sidebar.into(),
            section: None,
            rule: String::new(),
            boilerplate: false,
        }];
        doc
    }

    #[test]
    fn matches_the_core_body_hash() {
        let d = doc("a", &["Hà Nội mưa lớn.", "Đoạn hai."], "x");
        assert_eq!(format!("{:032x}", body_hash(&d)), d.body_hash());
        let empty = doc("b", &[], "x");
        assert_eq!(format!("{:032x}", body_hash(&empty)), empty.body_hash());
    }

    #[test]
    fn rescrape_with_new_sidebar_has_the_same_hash() {
        let a = doc("a", &["Same article.", "Two paragraphs."], "Latest: one");
        let b = doc("b", &["Same article.", "Two paragraphs."], "Latest: two");
        assert_ne!(a.raw_hash, b.raw_hash);
        assert_eq!(body_hash(&a), body_hash(&b));
        let moved = doc("c", &["Same article. Two paragraphs."], "");
        assert_ne!(body_hash(&a), body_hash(&moved), "paragraph breaks count");
    }

    #[test]
    fn index_returns_the_first_holder() {
        let mut index = ExactIndex::default();
        assert_eq!(index.first_with(7, 0), 0);
        assert_eq!(index.first_with(8, 1), 1);
        assert_eq!(index.first_with(7, 2), 0);
        assert_eq!(index.first_with(7, 3), 0);
    }
}
