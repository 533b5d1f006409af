//! `Normalizer::normalize` with every step on (the default), on the text of
//! 1,000 generated news pages: clean text dumps, the same with damage to
//! repair (mojibake, HTML entities, NBSP and CRLF), and HTML pages (the
//! markup normalize sees for HTML input, normalised as HTML).

use corpus_core::Format;
use corpus_generate::GenerateConfig;
use corpus_normalize::Normalizer;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PAGES: usize = 1_000;

/// `text` as a scraper with the wrong code page and stray entities leaves it.
fn damaged(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, line) in text.lines().enumerate() {
        if i % 3 == 0 {
            // UTF-8 bytes read as windows-1252: "Hà Nội" -> "HÃ  Ná»™i".
            let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
            out.push_str(&mojibake);
        } else {
            out.push_str(&line.replacen(' ', "&nbsp;", 2).replacen(' ', "\u{a0}", 2));
        }
        out.push_str(" &amp; &#8217;\r\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let config = GenerateConfig {
        pages: PAGES,
        seed: 7,
        ..GenerateConfig::default()
    };
    let (html, text): (Vec<_>, Vec<_>) = corpus_generate::pages(&config)
        .into_iter()
        .map(|(_, page)| page)
        .partition(|page| page.starts_with("<!DOCTYPE html"));
    let dirty: Vec<String> = text.iter().map(|t| damaged(t)).collect();
    let normalizer = Normalizer::default();
    let mut group = c.benchmark_group("normalize");
    group.sample_size(20);
    for (name, pages, format) in [
        ("text", &text, Format::Text),
        ("text_damaged", &dirty, Format::Text),
        ("html", &html, Format::Html),
    ] {
        let bytes: usize = pages.iter().map(String::len).sum();
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
                    for mut page in pages {
                        black_box(normalizer.normalize_as(&mut page, format));
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
