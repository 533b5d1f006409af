#![allow(clippy::unwrap_used)] // a benchmark with the built-in models: a load failure should stop it
//! `DatasetWriter`: write and finish a Parquet dataset (all five tables and
//! the manifest) from 1,000 generated news pages, segmented beforehand
//! (text dumps and HTML pages; blocks, captions and sidebar filled in).

#![allow(clippy::expect_used)]

use corpus_core::{Document, Format, Record};
use corpus_export::{DatasetWriter, ExportConfig, RunInfo};
use corpus_generate::GenerateConfig;
use corpus_segment::{SegmentConfig, Segmenter};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PAGES: usize = 1_000;

fn bench(c: &mut Criterion) {
    let config = GenerateConfig {
        pages: PAGES,
        seed: 7,
        ..GenerateConfig::default()
    };
    let segmenter = Segmenter::new(SegmentConfig::default()).unwrap();
    let records: Vec<Record> = corpus_generate::pages(&config)
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
            Record::Document(Box::new(doc))
        })
        .collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("dataset", |b| {
        b.iter(|| {
            let mut writer =
                DatasetWriter::create(ExportConfig::new(dir.path())).expect("create the dataset");
            for record in &records {
                writer.write(record).expect("write a record");
            }
            let run = RunInfo {
                inputs: records.len() as u64,
                ..RunInfo::default()
            };
            black_box(writer.finish(run).expect("finish the dataset"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
