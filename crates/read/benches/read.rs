//! The read stage's hot path, `read_bytes`: format sniffing, encoding
//! choice and decoding of pages already in memory (no disk), on 1,000
//! generated news pages: text dumps and HTML in UTF-8, the same text dumps
//! in windows-1258 (no declaration: the encoding is detected), and all
//! pages gzip-compressed.

#![allow(clippy::expect_used)]

use corpus_generate::GenerateConfig;
use corpus_read::{ReadConfig, read_bytes};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use flate2::{Compression, write::GzEncoder};
use std::hint::black_box;
use std::io::Write;

const PAGES: usize = 1_000;

type Inputs = Vec<(String, Vec<u8>)>;

fn inputs() -> (Inputs, Inputs, Inputs, Inputs) {
    let config = GenerateConfig {
        pages: PAGES,
        seed: 7,
        ..GenerateConfig::default()
    };
    let (mut text, mut html, mut legacy, mut gzip) = (vec![], vec![], vec![], vec![]);
    for (path, page) in corpus_generate::pages(&config) {
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(page.as_bytes()).expect("gzip into memory");
        gzip.push((format!("{path}.gz"), gz.finish().expect("gzip into memory")));
        if path.ends_with(".html") {
            html.push((path, page.into_bytes()));
        } else {
            // Vietnamese's legacy code page; what it cannot hold becomes a
            // numeric character reference.
            let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&page);
            legacy.push((path.clone(), bytes.into_owned()));
            text.push((path, page.into_bytes()));
        }
    }
    (text, html, legacy, gzip)
}

fn bench(c: &mut Criterion) {
    let (text, html, legacy, gzip) = inputs();
    let config = ReadConfig::default();
    let mut group = c.benchmark_group("read");
    group.sample_size(20);
    for (name, pages) in [
        ("utf8_text", &text),
        ("utf8_html", &html),
        ("windows1258_text", &legacy),
        ("gzip_mixed", &gzip),
    ] {
        let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
        eprintln!(
            "{name}: {} pages, {:.2} MB",
            pages.len(),
            bytes as f64 / 1e6
        );
        group.throughput(Throughput::Elements(pages.len() as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || pages.clone(),
                |pages| {
                    for (source, raw) in pages {
                        black_box(read_bytes(&source, raw, &config));
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
