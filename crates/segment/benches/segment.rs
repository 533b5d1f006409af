#![allow(clippy::unwrap_used)] // a benchmark with the built-in models: a load failure should stop it
//! `Segmenter::segment` with the default configuration on 1,000 generated
//! news pages: the text dumps (line rules) and the HTML pages (DOM walk),
//! each as the document the normalize stage hands on.

use corpus_core::{Document, Format};
use corpus_generate::GenerateConfig;
use corpus_segment::{SegmentConfig, Segmenter};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PAGES: usize = 1_000;

fn bench(c: &mut Criterion) {
    let config = GenerateConfig {
        pages: PAGES,
        seed: 7,
        ..GenerateConfig::default()
    };
    let (html, text): (Vec<Document>, Vec<Document>) = corpus_generate::pages(&config)
        .into_iter()
        .map(|(path, page)| {
            let format = if path.ends_with(".html") {
                Format::Html
            } else {
                Format::Text
            };
            let mut doc = Document::new(path, format, page.as_bytes());
            doc.text = page;
            doc
        })
        .partition(|doc| doc.format == Format::Html);
    let segmenter = Segmenter::new(SegmentConfig::default()).unwrap();
    let mut group = c.benchmark_group("segment");
    group.sample_size(20);
    for (name, docs) in [("text", &text), ("html", &html)] {
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        eprintln!("{name}: {} pages, {:.2} MB", docs.len(), bytes as f64 / 1e6);
        group.throughput(Throughput::Elements(docs.len() as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || docs.clone(),
                |docs| {
                    for mut doc in docs {
                        segmenter.segment(&mut doc);
                        black_box(doc);
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
