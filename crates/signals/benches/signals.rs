#![allow(clippy::unwrap_used)] // a benchmark: a failure to set up should stop it
//! `Signaler::apply` (language, every quality signal, all three filters) on
//! the segmented bodies of 1,000 generated news pages, to set beside
//! `segment/html` and `segment/text` of the segment crate's benchmark.

use corpus_core::{Document, Format};
use corpus_generate::GenerateConfig;
use corpus_segment::{SegmentConfig, Segmenter};
use corpus_signals::{Rule, Signaler, Thresholds};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let config = GenerateConfig {
        pages: 1_000,
        seed: 7,
        ..GenerateConfig::default()
    };
    let segmenter = Segmenter::new(SegmentConfig::default()).unwrap();
    let docs: Vec<Document> = corpus_generate::pages(&config)
        .into_iter()
        .map(|(path, page)| {
            let format = if path.ends_with(".html") {
                Format::Html
            } else {
                Format::Text
            };
            let mut doc = Document::new(path, format, page.as_bytes());
            doc.text = page;
            segmenter.segment(&mut doc);
            doc.text = String::new();
            doc
        })
        .collect();
    let signaler = Signaler::new(Rule::ALL.to_vec(), Thresholds::default());
    let mut group = c.benchmark_group("signals");
    group.sample_size(20);
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("bodies", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                for mut doc in docs {
                    signaler.apply(&mut doc);
                    black_box(doc);
                }
            },
            BatchSize::LargeInput,
        )
    });
    // The parts, to see where the time goes.
    let bodies: Vec<(Vec<String>, String)> = docs
        .iter()
        .map(|d| (d.body.clone(), d.body_text()))
        .collect();
    group.bench_function("language", |b| {
        b.iter(|| {
            for (_, text) in &bodies {
                black_box(corpus_signals::language::identify(text));
            }
        })
    });
    group.bench_function("quality", |b| {
        b.iter(|| {
            for (paragraphs, _) in &bodies {
                black_box(corpus_signals::quality::signals(paragraphs));
            }
        })
    });
    group.bench_function("tokens", |b| {
        b.iter(|| {
            for (_, text) in &bodies {
                black_box(corpus_signals::words::tokens(text));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
