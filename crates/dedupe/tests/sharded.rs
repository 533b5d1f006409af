//! Deduplication as tasks over files gives the one-process result: for any
//! pages, settings, cut into shards and number of buckets.

mod common;

use corpus_core::Document;
use corpus_dedupe::sharded::{
    Pair, ShardWriter, cluster, count_lines, read_lines, read_marks, reduce, shard_result,
    write_lines,
};
use corpus_dedupe::{DedupeConfig, DedupeStats, Deduper, signature};
use proptest::prelude::*;
use std::io;
use std::path::PathBuf;

/// Mark `docs` in one process.
fn one_process(config: &DedupeConfig, docs: &[Document]) -> (Vec<Document>, DedupeStats) {
    let mut deduper = Deduper::new(config.clone());
    for doc in docs {
        deduper.add(signature(config, doc));
    }
    let result = deduper.finish();
    let mut docs = docs.to_vec();
    for doc in &mut docs {
        result.apply(doc);
    }
    (docs, result.stats())
}

/// Mark `docs` through the map, reduce, cluster, lines and write steps,
/// cutting the pages into shards at `cuts`.
fn sharded(
    config: &DedupeConfig,
    docs: &[Document],
    cuts: &[usize],
    buckets: u32,
) -> io::Result<(Vec<Document>, DedupeStats)> {
    let work = tempfile::tempdir()?;
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().map(|&c| c.min(docs.len())));
    bounds.push(docs.len());
    bounds.sort_unstable();
    let shards: Vec<&[Document]> = bounds.windows(2).map(|w| &docs[w[0]..w[1]]).collect();

    let map_dirs: Vec<PathBuf> = (0..shards.len())
        .map(|s| work.path().join(format!("map/{s}")))
        .collect();
    for (shard, dir) in shards.iter().zip(&map_dirs) {
        let mut writer = ShardWriter::create(dir, config, buckets)?;
        for doc in *shard {
            writer.add(&signature(config, doc))?;
        }
        writer.finish()?;
    }
    let mut pair_files = Vec::new();
    for b in 0..buckets {
        let path = work.path().join(format!("pairs-{b}"));
        Pair::write_all(&path, &reduce(&map_dirs, b, config)?)?;
        pair_files.push(path);
    }
    let cluster_dir = work.path().join("cluster");
    let mut stats = cluster(&map_dirs, &pair_files, config, &cluster_dir)?.stats;
    let mut line_files = Vec::new();
    for b in 0..buckets {
        let path = work.path().join(format!("lines-{b}"));
        write_lines(&path, &count_lines(&map_dirs, &cluster_dir, b, config)?)?;
        line_files.push(path);
    }
    let boilerplate = read_lines(&line_files)?;
    stats.boilerplate_lines = boilerplate.len() as u64;
    let mut marked = Vec::new();
    for (s, shard) in shards.iter().enumerate() {
        let result = shard_result(
            config,
            read_marks(&cluster_dir, s as u32)?,
            boilerplate.clone(),
        );
        for doc in *shard {
            let mut doc = doc.clone();
            result.apply(&mut doc);
            marked.push(doc);
        }
    }
    Ok((marked, stats))
}

fn assert_same(expected: &(Vec<Document>, DedupeStats), got: &(Vec<Document>, DedupeStats)) {
    assert_eq!(expected.1, got.1, "stats");
    assert_eq!(expected.0.len(), got.0.len());
    for (a, b) in expected.0.iter().zip(&got.0) {
        assert_eq!(a, b, "{}", a.source);
    }
}

#[test]
fn generated_corpus_is_marked_as_in_one_process() -> io::Result<()> {
    let docs = common::pages(1500, 3);
    let config = DedupeConfig {
        boilerplate_min_docs: 4,
        ..DedupeConfig::default()
    };
    let expected = one_process(&config, &docs);
    assert!(expected.1.clusters > 20, "{:?}", expected.1);
    assert!(expected.1.boilerplate_lines > 0, "{:?}", expected.1);
    for (cuts, buckets) in [
        (vec![], 1),
        (vec![400, 700, 1100], 1),
        (vec![], 8),
        (vec![200, 400, 600, 800, 1000, 1200], 8),
        (vec![0, 0, 1500], 5),
    ] {
        let got = sharded(&config, &docs, &cuts, buckets)?;
        assert_same(&expected, &got);
    }
    Ok(())
}

/// A few words, so that random bodies often repeat or overlap.
const WORDS: &[&str] = &["tin", "mới", "Hà", "Nội", "mưa", "giá", "vàng", "ĐÁ"];

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..10).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn any_cut_and_buckets_give_the_one_process_result(
        pages in prop::collection::vec(
            (prop::collection::vec(paragraph(), 0..4), prop::collection::vec(paragraph(), 0..3)),
            0..40,
        ),
        cuts in prop::collection::vec(0usize..40, 0..5),
        buckets in 1u32..6,
        threshold in 0.2f32..1.0,
        bands in prop::sample::select(vec![0usize, 3, 6, 24, 40]),
        min_docs in 0u32..4,
    ) {
        let config = DedupeConfig {
            threshold,
            bands,
            boilerplate_min_docs: min_docs,
            ..DedupeConfig::default()
        };
        let docs = common::documents(pages);
        let expected = one_process(&config, &docs);
        let got = sharded(&config, &docs, &cuts, buckets)
            .map_err(|err| TestCaseError::fail(err.to_string()))?;
        prop_assert_eq!(&expected.1, &got.1);
        prop_assert_eq!(&expected.0, &got.0);
    }
}
