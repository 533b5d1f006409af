//! Properties over random pages and settings: no panics, consistent clusters.

mod common;

use corpus_core::{Document, DuplicateKind};
use corpus_dedupe::{DedupeConfig, Deduper, signature};
use proptest::prelude::*;
use std::collections::HashMap;

/// A few words, so that random bodies often repeat or overlap.
const WORDS: &[&str] = &["tin", "mới", "Hà", "Nội", "mưa", "giá", "vàng", "", "ĐÁ"];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..12).prop_map(|w| w.join(" "))
}

fn page() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    (
        prop::collection::vec(paragraph(), 0..4),
        prop::collection::vec(paragraph(), 0..4),
    )
}

fn config() -> impl Strategy<Value = DedupeConfig> {
    (
        0usize..7,
        0usize..40,
        0usize..10,
        0.0f32..1.2,
        0u32..4,
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(
            |(
                shingle_words,
                permutations,
                bands,
                threshold,
                boilerplate_min_docs,
                strip_boilerplate,
                seed,
            )| {
                DedupeConfig {
                    shingle_words,
                    permutations,
                    bands,
                    threshold,
                    boilerplate_min_docs,
                    strip_boilerplate,
                    seed,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn clusters_are_consistent(
        pages in prop::collection::vec(page(), 0..40),
        config in prop_oneof![Just(DedupeConfig::default()), config()],
    ) {
        let mut docs = common::documents(pages);
        let mut deduper = Deduper::new(config.clone());
        for doc in &docs {
            deduper.add(signature(&config, doc));
        }
        let result = deduper.finish();
        // Duplicates are judged on the bodies as they came in; boilerplate
        // stripping happens after.
        let before: HashMap<_, _> = docs.iter().map(|d| (d.doc_id.clone(), d.clone())).collect();
        for doc in &mut docs {
            result.apply(doc);
        }
        for doc in &docs {
            let original = &before[&doc.doc_id];
            let kept: Vec<&String> = original
                .body
                .iter()
                .zip(&doc.blocks)
                .filter(|(_, block)| !(config.strip_boilerplate && block.boilerplate))
                .map(|(paragraph, _)| paragraph)
                .collect();
            prop_assert_eq!(doc.body.iter().collect::<Vec<_>>(), kept, "only flagged lines leave the body");
        }
        let docs: Vec<Document> = docs
            .into_iter()
            .map(|mut d| {
                d.body = before[&d.doc_id].body.clone();
                d
            })
            .collect();
        let stats = result.stats();
        prop_assert_eq!(stats.documents, docs.len() as u64);

        let by_id: HashMap<_, _> = docs.iter().map(|d| (d.doc_id.clone(), d)).collect();
        let mut members: HashMap<_, usize> = HashMap::new();
        let (mut exact, mut near) = (0, 0);
        for doc in &docs {
            let Some(dup) = &doc.duplicate else { continue };
            prop_assert!(doc.word_count() > 0, "an empty body is never a duplicate");
            prop_assert_eq!(&dup.cluster_id, &dup.representative);
            prop_assert!((0.0..=1.0).contains(&dup.similarity));
            let rep = by_id.get(&dup.representative).copied();
            prop_assert!(rep.is_some(), "the representative is one of the pages");
            let Some(rep) = rep else { continue };
            let rep_dup = rep.duplicate.as_ref();
            prop_assert_eq!(rep_dup.map(|d| (&d.representative, d.kind)), Some((&rep.doc_id, None)));
            prop_assert!(rep.word_count() >= doc.word_count(), "the longest body is kept");
            *members.entry(dup.representative.clone()).or_default() += 1;
            match dup.kind {
                None => prop_assert_eq!(&doc.doc_id, &rep.doc_id),
                Some(DuplicateKind::Exact) => {
                    exact += 1;
                    prop_assert_eq!(doc.body_text(), rep.body_text());
                    prop_assert_eq!(dup.similarity, 1.0);
                }
                Some(DuplicateKind::Near) => {
                    near += 1;
                    prop_assert_ne!(doc.body_text(), rep.body_text());
                }
            }
        }
        prop_assert!(members.values().all(|&n| n >= 2), "clusters have two pages or more");
        prop_assert_eq!(stats.clusters, members.len() as u64);
        prop_assert_eq!((stats.exact_duplicates, stats.near_duplicates), (exact, near));
    }
}
