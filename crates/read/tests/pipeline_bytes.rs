//! The stable-toolchain twin of the `fuzz/` target: arbitrary bytes, under
//! names that select every reader (text, HTML, JSONL, WARC, compressed),
//! through read → normalize → segment. Nothing may panic, every record is a
//! document or a reject, and normalised text keeps its line count. Crashes
//! found by `cargo fuzz` are kept in `fuzz/regressions/` and replayed here, with
//! the fuzz seeds.

#![allow(clippy::unwrap_used)]

use corpus_core::{Record, Stage};
use corpus_normalize::Normalizer;
use corpus_read::{ReadConfig, read_bytes};
use corpus_segment::{SegmentConfig, Segmenter};
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "page.txt",
    "page.html",
    "dump.jsonl",
    "crawl.warc",
    "crawl.warc.gz",
    "page.txt.gz",
    "x.zst",
];

fn run(name: &str, bytes: &[u8]) {
    let config = ReadConfig { max_bytes: 1 << 16 };
    let normalizer = Normalizer::default();
    let segmenter = Segmenter::new(SegmentConfig::default()).unwrap();
    for record in read_bytes(name, bytes.to_vec(), &config) {
        let Record::Document(doc) = record else {
            continue;
        };
        let lines = doc
            .text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
            .count();
        let doc = normalizer.process(*doc).unwrap();
        assert_eq!(doc.text.split('\n').count(), lines);
        let _ = segmenter.process(doc);
    }
}

/// Bytes that look a little like the formats, so the fuzzing gets past the
/// first checks.
fn seeded_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        prop::sample::select(vec![
            &b"WARC/1.0\r\n"[..],
            b"WARC-Type: response\r\n",
            b"Content-Length: 40\r\n",
            b"\r\n",
            b"HTTP/1.1 200 OK\r\n",
            b"Content-Type: text/html; charset=windows-1258\r\n",
            b"{\"text\": \"",
            b"\"}\n",
            b"<div>",
            b"</div>",
            b"<meta charset=utf-8>",
            b"\xc3\xa9",
            b"\xe2\x80\x99",
            b"![]() |",
            b"[a](b)",
            b"&amp;",
            b"\n",
            b"\x1f\x8b",
            b"\0",
        ])
        .prop_map(<[u8]>::to_vec),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn never_panics_on_arbitrary_bytes(name in prop::sample::select(NAMES), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        run(name, &bytes);
    }

    #[test]
    fn never_panics_on_format_like_bytes(name in prop::sample::select(NAMES), bytes in seeded_bytes()) {
        run(name, &bytes);
    }
}

/// Every crash `cargo fuzz` found (`fuzz/regressions/`) and every fuzz seed
/// (`fuzz/seeds/`), under every reader.
#[test]
fn fuzz_regressions_and_seeds_replay() {
    for dir in ["regressions", "seeds"] {
        let dir = format!("{}/../../fuzz/{dir}", env!("CARGO_MANIFEST_DIR"));
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            for name in NAMES {
                run(name, &bytes);
            }
            // As the fuzz target reads it: the first byte picks the name.
            if let Some((&pick, rest)) = bytes.split_first() {
                run(NAMES[usize::from(pick) % NAMES.len()], rest);
            }
        }
    }
}
