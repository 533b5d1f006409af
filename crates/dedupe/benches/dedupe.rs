//! Signature + add + finish over 10,000 generated news pages, of which about
//! one in ten is an exact re-scrape and one in ten an edited copy.

use corpus_dedupe::{DedupeConfig, Deduper, signature};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

const PAGES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let docs = common::pages(PAGES, 7);
    let config = DedupeConfig::default();
    let mut group = c.benchmark_group("dedupe");
    group.sample_size(10);
    group.throughput(Throughput::Elements(PAGES as u64));
    group.bench_function("signature", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(signature(&config, doc));
            }
        })
    });
    let signatures: Vec<_> = docs.iter().map(|d| signature(&config, d)).collect();
    group.bench_function("add_finish", |b| {
        b.iter(|| {
            let mut deduper = Deduper::new(config.clone());
            for sig in &signatures {
                deduper.add(sig.clone());
            }
            black_box(deduper.finish().stats())
        })
    });
    group.bench_function("signature_add_finish", |b| {
        b.iter(|| {
            let mut deduper = Deduper::new(config.clone());
            for doc in &docs {
                deduper.add(signature(&config, doc));
            }
            black_box(deduper.finish().stats())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
