//! Deduplication end to end: signatures in, marked documents out.

mod common;

use common::{article, page, pages};
use corpus_core::{Document, DuplicateKind, Label};
use corpus_dedupe::{DedupeConfig, DedupeResult, DedupeStats, Deduper, signature};
use rayon::prelude::*;

fn dedupe_with(config: &DedupeConfig, docs: &mut [Document]) -> DedupeResult {
    let mut deduper = Deduper::new(config.clone());
    for doc in docs.iter() {
        deduper.add(signature(config, doc));
    }
    let result = deduper.finish();
    for doc in docs.iter_mut() {
        result.apply(doc);
    }
    result
}

fn dedupe(docs: &mut [Document]) -> DedupeStats {
    dedupe_with(&DedupeConfig::default(), docs).stats()
}

fn kind(doc: &Document) -> Option<Option<DuplicateKind>> {
    doc.duplicate.as_ref().map(|d| d.kind)
}

#[test]
fn rescrape_with_a_new_sidebar_is_an_exact_duplicate() {
    let body = article(1, 300);
    let mut docs = vec![
        page("a", &[&body], &["Tin mới: giá vàng tăng mạnh hôm nay"]),
        page(
            "b",
            &[&body],
            &[
                "Tin mới: đội tuyển thắng trận đầu tiên",
                "Quảng cáo ở đây nhé",
            ],
        ),
    ];
    assert_ne!(docs[0].blocks, docs[1].blocks);
    let stats = dedupe(&mut docs);

    let dup = docs[1].duplicate.as_ref().unwrap();
    assert_eq!(dup.kind, Some(DuplicateKind::Exact));
    assert_eq!(dup.similarity, 1.0);
    assert_eq!(
        dup.representative, docs[0].doc_id,
        "tie on length: earliest wins"
    );
    assert_eq!(dup.cluster_id, docs[0].doc_id);
    let rep = docs[0].duplicate.as_ref().unwrap();
    assert_eq!((rep.kind, rep.similarity), (None, 1.0));
    assert_eq!(rep.representative, docs[0].doc_id);
    assert_eq!(
        (
            stats.clusters,
            stats.exact_duplicates,
            stats.near_duplicates
        ),
        (1, 1, 0)
    );
}

#[test]
fn edited_copy_of_a_long_article_is_a_near_duplicate() {
    let body = article(2, 400);
    let mut words: Vec<&str> = body.split(' ').collect();
    words[200] = "thayđổi";
    let edited = words.join(" ");
    let mut docs = vec![page("orig", &[&body], &[]), page("edit", &[&edited], &[])];
    let stats = dedupe(&mut docs);

    let dup = docs[1].duplicate.as_ref().unwrap();
    assert_eq!(dup.kind, Some(DuplicateKind::Near));
    assert!(dup.similarity > 0.8, "similarity {}", dup.similarity);
    assert!(dup.similarity < 1.0);
    assert_eq!(dup.representative, docs[0].doc_id);
    assert_eq!(kind(&docs[0]), Some(None));
    assert_eq!((stats.clusters, stats.near_duplicates), (1, 1));
}

#[test]
fn unrelated_articles_are_not_clustered() {
    let mut docs: Vec<Document> = (0..20)
        .map(|i| page(&format!("p{i}"), &[&article(100 + i, 300)], &[]))
        .collect();
    let stats = dedupe(&mut docs);
    assert!(docs.iter().all(|d| d.duplicate.is_none()));
    assert_eq!(stats.clusters, 0);
    assert_eq!(stats.documents, 20);
}

#[test]
fn empty_bodies_are_never_duplicates() {
    let mut docs = vec![
        page("a", &[], &["Trang chủ chuyên mục thời sự"]),
        page("b", &[], &["Trang chủ chuyên mục thời sự"]),
        page("c", &[""], &[]),
        page("d", &["  ", ""], &[]),
    ];
    let stats = dedupe(&mut docs);
    assert!(docs.iter().all(|d| d.duplicate.is_none()));
    assert_eq!((stats.clusters, stats.empty_bodies), (0, 4));
}

#[test]
fn short_bodies_are_one_shingle() {
    let mut docs = vec![
        page("a", &["Tin ngắn"], &[]),
        page("b", &["tin   NGẮN"], &[]),
        page("c", &["Tin khác"], &[]),
    ];
    dedupe(&mut docs);
    // Same words once lowercased: one shingle, identical signatures.
    assert_eq!(kind(&docs[1]), Some(Some(DuplicateKind::Near)));
    assert_eq!(docs[1].duplicate.as_ref().unwrap().similarity, 1.0);
    assert!(docs[2].duplicate.is_none());
}

#[test]
fn representative_is_the_longest_body_then_the_earliest() {
    let base = article(3, 300);
    let longer = format!("{base} {}", article(4, 10));
    let mut docs = vec![
        page("short", &[&base], &[]),
        page("long", &[&longer], &[]),
        page("long-again", &[&longer], &[]),
        page("other", &[&article(5, 300)], &[]),
    ];
    let stats = dedupe(&mut docs);
    let rep = docs[1].doc_id.clone();
    for doc in &docs[..3] {
        let dup = doc.duplicate.as_ref().unwrap();
        assert_eq!(
            (&dup.cluster_id, &dup.representative),
            (&rep, &rep),
            "{}",
            doc.source
        );
    }
    assert_eq!(kind(&docs[0]), Some(Some(DuplicateKind::Near)));
    assert_eq!(kind(&docs[1]), Some(None));
    assert_eq!(kind(&docs[2]), Some(Some(DuplicateKind::Exact)));
    assert!(docs[3].duplicate.is_none());
    assert_eq!(
        (
            stats.clusters,
            stats.exact_duplicates,
            stats.near_duplicates
        ),
        (1, 1, 1)
    );
    assert_eq!(stats.duplicates(), 2);
}

#[test]
fn exact_copies_of_a_near_duplicate_are_near_to_the_representative() {
    let base = article(6, 300);
    let longer = format!("{base} {}", article(7, 10));
    let mut docs = vec![
        page("short", &[&base], &[]),
        page("short-again", &[&base], &[]),
        page("long", &[&longer], &[]),
    ];
    dedupe(&mut docs);
    assert_eq!(kind(&docs[0]), Some(Some(DuplicateKind::Near)));
    assert_eq!(kind(&docs[1]), Some(Some(DuplicateKind::Near)));
    assert_eq!(kind(&docs[2]), Some(None));
    let (a, b) = (docs[0].duplicate.as_ref(), docs[1].duplicate.as_ref());
    assert_eq!(a.map(|d| d.similarity), b.map(|d| d.similarity));
}

const FOOTER: &str = "Theo dõi chúng tôi trên Facebook và Zalo";
const NEWSLETTER: &str = "Đăng ký nhận bản tin mỗi sáng";

fn boilerplate_of(doc: &Document, text: &str) -> Vec<bool> {
    doc.blocks
        .iter()
        .filter(|b| b.text == text)
        .map(|b| b.boilerplate)
        .collect()
}

#[test]
fn a_line_on_ten_distinct_pages_is_boilerplate_and_on_nine_is_not() {
    let mut docs: Vec<Document> = (0..10)
        .map(|i| {
            let sidebar: &[&str] = if i < 9 {
                &[FOOTER, NEWSLETTER]
            } else {
                &[FOOTER]
            };
            page(&format!("p{i}"), &[&article(200 + i, 100)], sidebar)
        })
        .collect();
    let labels: Vec<Vec<Label>> = docs
        .iter()
        .map(|d| d.blocks.iter().map(|b| b.label).collect())
        .collect();
    let stats = dedupe(&mut docs);

    assert!(docs.iter().all(|d| boilerplate_of(d, FOOTER) == [true]));
    assert!(
        docs[..9]
            .iter()
            .all(|d| boilerplate_of(d, NEWSLETTER) == [false])
    );
    assert!(
        docs.iter().all(|d| !d.blocks[0].boilerplate),
        "body paragraphs"
    );
    assert_eq!(stats.boilerplate_lines, 1);
    let after: Vec<Vec<Label>> = docs
        .iter()
        .map(|d| d.blocks.iter().map(|b| b.label).collect())
        .collect();
    assert_eq!(labels, after, "labels are not changed");
}

/// Ten distinct articles whose body ends with the same newsletter pitch, as
/// a site's template puts it inside the article.
fn articles_with_a_pitch_in_the_body() -> Vec<Document> {
    let pitch = "Đăng ký nhận bản tin của chúng tôi để không bỏ lỡ tin nào";
    (0..10)
        .map(|i| page(&format!("p{i}"), &[&article(300 + i, 80), pitch], &[]))
        .collect()
}

#[test]
fn a_body_line_on_ten_distinct_pages_leaves_the_body() {
    let mut docs = articles_with_a_pitch_in_the_body();
    let articles: Vec<String> = docs.iter().map(|d| d.body[0].clone()).collect();
    dedupe(&mut docs);

    for (doc, article) in docs.iter().zip(&articles) {
        assert_eq!(
            doc.body,
            std::slice::from_ref(article),
            "only the article stays"
        );
        let pitch = &doc.blocks[1];
        assert!(pitch.boilerplate);
        assert_eq!(pitch.label, Label::Boilerplate);
        assert_eq!(pitch.rule, corpus_dedupe::REPEATED_LINE_RULE);
        assert_eq!(doc.blocks[0].label, Label::Body);
        assert!(doc.duplicate.is_none(), "distinct articles stay distinct");
    }
}

#[test]
fn repeated_body_lines_can_be_kept_and_only_flagged() {
    let mut docs = articles_with_a_pitch_in_the_body();
    let config = DedupeConfig {
        strip_boilerplate: false,
        ..DedupeConfig::default()
    };
    dedupe_with(&config, &mut docs);

    for doc in &docs {
        assert_eq!(doc.body.len(), 2);
        assert!(doc.blocks[1].boilerplate);
        assert_eq!(doc.blocks[1].label, Label::Body);
    }
}

#[test]
fn the_same_article_ten_times_is_not_boilerplate() {
    let body = article(8, 200);
    let mut docs: Vec<Document> = (0..10)
        .map(|i| page(&format!("copy{i}"), &[&body, NEWSLETTER], &[]))
        .collect();
    // Edited copies do not count as new pages either.
    let mut words: Vec<&str> = body.split(' ').collect();
    words[100] = "khác";
    let edited = words.join(" ");
    docs.extend((0..10).map(|i| page(&format!("edit{i}"), &[&edited, NEWSLETTER], &[])));
    let stats = dedupe(&mut docs);
    assert!(docs.iter().all(|d| d.blocks.iter().all(|b| !b.boilerplate)));
    assert_eq!(stats.boilerplate_lines, 0);
    assert_eq!(stats.clusters, 1);
}

#[test]
fn short_lines_are_never_boilerplate() {
    let mut docs: Vec<Document> = (0..12)
        .map(|i| {
            page(
                &format!("p{i}"),
                &[&article(300 + i, 50)],
                &["Thế giới", "Video"],
            )
        })
        .collect();
    let stats = dedupe(&mut docs);
    assert!(docs.iter().all(|d| d.blocks.iter().all(|b| !b.boilerplate)));
    assert_eq!(stats.boilerplate_lines, 0);
}

#[test]
fn a_page_never_added_is_left_untouched() {
    let body = article(9, 100);
    let mut docs = vec![page("a", &[&body], &[]), page("b", &[&body], &[])];
    let result = dedupe_with(&DedupeConfig::default(), &mut docs);
    let mut stranger = page("never-added", &[&body], &[FOOTER]);
    stranger.blocks[1].boilerplate = true;
    let before = stranger.clone();
    result.apply(&mut stranger);
    assert_eq!(stranger, before);
}

#[test]
fn apply_replaces_stale_marks() {
    let mut docs = vec![page("a", &[&article(10, 100)], &[FOOTER])];
    docs[0].blocks[1].boilerplate = true;
    docs[0].duplicate = Some(corpus_core::DuplicateInfo {
        cluster_id: docs[0].doc_id.clone(),
        representative: docs[0].doc_id.clone(),
        kind: None,
        similarity: 1.0,
    });
    dedupe(&mut docs);
    assert!(docs[0].duplicate.is_none());
    assert!(!docs[0].blocks[1].boilerplate);
}

#[test]
fn near_detection_can_be_turned_off() {
    let body = article(11, 300);
    let edited = format!("{body} thêm");
    let mut docs = vec![
        page("a", &[&body], &[]),
        page("b", &[&edited], &[]),
        page("c", &[&body], &[]),
    ];
    let config = DedupeConfig {
        bands: 0,
        ..DedupeConfig::default()
    };
    let stats = dedupe_with(&config, &mut docs).stats();
    assert!(docs[1].duplicate.is_none());
    assert_eq!(kind(&docs[2]), Some(Some(DuplicateKind::Exact)));
    assert_eq!((stats.clusters, stats.near_duplicates), (1, 0));
}

/// What dedupe wrote on each page.
fn marks(docs: &[Document]) -> Vec<(Option<corpus_core::DuplicateInfo>, Vec<bool>)> {
    docs.iter()
        .map(|d| {
            (
                d.duplicate.clone(),
                d.blocks.iter().map(|b| b.boilerplate).collect(),
            )
        })
        .collect()
}

fn run_in_pool(pool: &rayon::ThreadPool, docs: &[Document]) -> (Vec<Document>, DedupeStats) {
    let config = DedupeConfig::default();
    let signatures: Vec<_> =
        pool.install(|| docs.par_iter().map(|d| signature(&config, d)).collect());
    let mut deduper = Deduper::new(config);
    for sig in signatures {
        deduper.add(sig);
    }
    let result = deduper.finish();
    let mut docs = docs.to_vec();
    pool.install(|| docs.par_iter_mut().for_each(|d| result.apply(d)));
    (docs, result.stats())
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let docs = pages(2_000, 11);
    let pool = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    };
    let (one, stats_one) = run_in_pool(&pool(1), &docs);
    let (four, stats_four) = run_in_pool(&pool(4), &docs);
    let (again, _) = run_in_pool(&pool(4), &docs);
    assert_eq!(marks(&one), marks(&four));
    assert_eq!(marks(&four), marks(&again));
    assert_eq!(stats_one, stats_four);
    // The generated corpus has re-scrapes, edited copies and a shared footer.
    assert!(stats_one.exact_duplicates > 100, "{stats_one:?}");
    assert!(stats_one.near_duplicates > 100, "{stats_one:?}");
    assert!(stats_one.boilerplate_lines >= 1, "{stats_one:?}");
}

#[test]
fn memory_stays_small_per_page() {
    let docs = pages(20_000, 12);
    let config = DedupeConfig::default();
    let signatures: Vec<_> = docs.par_iter().map(|d| signature(&config, d)).collect();
    let mut deduper = Deduper::new(config);
    for sig in signatures {
        deduper.add(sig);
    }
    let per_page = deduper.heap_bytes() / docs.len();
    println!("{per_page} bytes per page");
    assert!(per_page < 700, "{per_page} bytes per page");
}
