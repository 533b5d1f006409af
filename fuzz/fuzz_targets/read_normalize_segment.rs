//! read → normalize → segment on arbitrary bytes. The first byte picks the
//! name the input is read under (text, HTML, JSONL, WARC, compressed), so
//! every reader is reached. Any panic or abort is a bug; keep the input in
//! `fuzz/regressions/` (replayed by `crates/read/tests/pipeline_bytes.rs`).

#![no_main]

use corpus_core::{Record, Stage};
use corpus_normalize::Normalizer;
use corpus_read::{ReadConfig, read_bytes};
use corpus_segment::{SegmentConfig, Segmenter};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "page.txt",
    "page.html",
    "dump.jsonl",
    "crawl.warc",
    "crawl.warc.gz",
    "page.txt.gz",
    "x.zst",
];

// Loading the models parses them: once, not per input.
static SEGMENTER: std::sync::LazyLock<Segmenter> = std::sync::LazyLock::new(|| {
    Segmenter::new(SegmentConfig::default()).expect("the built-in models load")
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let config = ReadConfig { max_bytes: 1 << 20 };
    let normalizer = Normalizer::default();
    let segmenter = &*SEGMENTER;
    for record in read_bytes(name, bytes.to_vec(), &config) {
        if let Record::Document(doc) = record {
            if let Ok(doc) = normalizer.process(*doc) {
                let _ = segmenter.process(doc);
            }
        }
    }
});
