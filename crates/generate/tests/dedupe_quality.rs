#![allow(clippy::unwrap_used)] // test support code: a model load failure should fail the test
//! Deduplication measured on a generated corpus: the real read, normalize,
//! segment and dedupe functions, as `corpus ingest` composes them, scored
//! against the generator's truth.

use corpus_core::{Record, apply_stage};
use corpus_dedupe::{DedupeConfig, Deduper, signature};
use corpus_generate::{GenerateConfig, generate, score};
use corpus_normalize::{NormalizeConfig, Normalizer};
use corpus_read::ReadConfig;
use corpus_segment::{SegmentConfig, Segmenter};
use rayon::prelude::*;

/// `(source, duplicate cluster)` of every page under `root`, after the
/// whole pipeline.
fn clusters(root: &std::path::Path, config: &DedupeConfig) -> Vec<(String, Option<String>)> {
    let (inputs, missing) = corpus_read::discover(&[root.to_path_buf()]);
    assert!(missing.is_empty());
    let normalizer = Normalizer::new(NormalizeConfig::default());
    let segmenter = Segmenter::new(SegmentConfig::default()).unwrap();
    let read = ReadConfig::default();
    let mut docs: Vec<_> = inputs
        .par_iter()
        .flat_map_iter(|input| corpus_read::read_input(input, &read))
        .map(|record| apply_stage(&segmenter, apply_stage(&normalizer, record)))
        .filter_map(|record| match record {
            Record::Document(doc) => Some(doc),
            Record::Reject(reject) => panic!("rejected: {reject:?}"),
        })
        .collect();
    let signatures: Vec<_> = docs.par_iter().map(|doc| signature(config, doc)).collect();
    let mut deduper = Deduper::new(config.clone());
    for sig in signatures {
        deduper.add(sig);
    }
    let result = deduper.finish();
    docs.iter_mut()
        .map(|doc| {
            result.apply(doc);
            let cluster = doc.duplicate.as_ref().map(|d| d.cluster_id.to_string());
            (doc.source.clone(), cluster)
        })
        .collect()
}

#[test]
fn four_thousand_generated_pages_are_clustered_by_article() {
    let dir = tempfile::tempdir().unwrap();
    let config = GenerateConfig {
        pages: 4000,
        seed: 7,
        ..GenerateConfig::default()
    };
    let summary = generate(&config, dir.path()).unwrap();
    assert_eq!(summary.pages, 4000);
    assert!(summary.html_pages > 800 && summary.paragraph_removed > 250);

    let truth = score::read_truth(&dir.path().join("truth.jsonl")).unwrap();
    let predicted = clusters(&dir.path().join("pages"), &DedupeConfig::default());
    let s = score::score(&truth, &predicted);
    assert_eq!(s.missing, 0);
    assert_eq!(s.mixed_clusters, 0, "{s:#?}");
    assert!(s.precision >= 0.99, "{s:#?}");
    assert!(s.recall >= 0.99, "{s:#?}");
    assert_eq!(
        s.copies_apart.get("exact"),
        None,
        "exact copies are always found"
    );
    assert_eq!(
        s.copies_apart.get("rescrape"),
        None,
        "re-scrapes are always found"
    );
}
