//! Every kind of bad input next to a good one: each bad file becomes a reject
//! with the right kind and a message that names it and says what is wrong,
//! and the good file still becomes a document.

// Helpers outside `#[test]` fns build fixtures; a failure there should panic.
#![allow(clippy::unwrap_used)]

use corpus_core::{Document, EncodingSource, Format, Record, Reject, RejectKind};
use corpus_read::{Input, ReadConfig, discover, read_bytes, read_input};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

const SEED: &[u8] = include_bytes!("../../../seeds/000_0974627a06fa0476.txt");

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Discover and read everything under `dir`, keyed by source.
fn read_dir(dir: &Path, config: &ReadConfig) -> BTreeMap<String, Record> {
    let (inputs, rejects) = discover(&[dir.to_path_buf()]);
    let mut records: Vec<Record> = rejects.into_iter().map(Record::Reject).collect();
    for input in &inputs {
        let read = read_input(input, config);
        assert_eq!(read.len(), 1, "{}", input.source);
        records.extend(read);
    }
    records
        .into_iter()
        .map(|record| (record.source().to_string(), record))
        .collect()
}

fn doc<'a>(records: &'a BTreeMap<String, Record>, source: &str) -> &'a Document {
    match &records[source] {
        Record::Document(doc) => doc,
        Record::Reject(reject) => panic!("{source}: expected a document, got {reject:?}"),
    }
}

#[track_caller]
fn assert_reject(
    records: &BTreeMap<String, Record>,
    source: &str,
    kind: RejectKind,
    says: &str,
) -> Reject {
    let Record::Reject(reject) = &records[source] else {
        panic!("{source}: expected a {kind} reject, got a document");
    };
    assert_eq!(reject.kind, kind, "{source}: {}", reject.message);
    assert_eq!(reject.stage, "read");
    assert!(
        reject.message.contains(source),
        "message names the input: {}",
        reject.message
    );
    assert!(
        reject.message.contains(says),
        "{source}: {:?} should say {says:?}",
        reject.message
    );
    reject.clone()
}

#[test]
fn each_bad_input_is_rejected_with_a_reason_and_the_good_one_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good.txt", SEED);
    write(root, "empty.txt", b"");
    write(root, "blank.txt", b"  \n\t\r\n   \n");
    write(root, "nul.txt", b"header\0\0\0\x01\x02payload\0\0");
    write(
        root,
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    write(
        root,
        "garbage.txt",
        &b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc\xff\xfe\xfd".repeat(50),
    );
    let gz = gzip(SEED);
    write(root, "truncated.txt.gz", &gz[..gz.len() / 2]);
    write(root, "bomb.txt.gz", &gzip(&vec![b'a'; 1 << 20]));
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("link.txt")).unwrap();

    let config = ReadConfig {
        max_bytes: 64 * 1024,
    };
    let records = read_dir(root, &config);

    let good = doc(&records, "good.txt");
    assert_eq!(good.text.as_bytes(), SEED);
    assert_eq!(good.format, Format::Text);
    assert_eq!(good.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(good.encoding_source, Some(EncodingSource::Utf8Valid));
    assert!(good.repairs.is_empty());

    let empty = assert_reject(&records, "empty.txt", RejectKind::Empty, "empty (0 bytes)");
    assert_eq!(empty.byte_len, Some(0));
    assert_reject(&records, "blank.txt", RejectKind::Empty, "only whitespace");
    assert_reject(&records, "nul.txt", RejectKind::Binary, "NUL bytes");
    assert_reject(&records, "image.txt", RejectKind::Binary, "PNG image");
    assert_reject(
        &records,
        "garbage.txt",
        RejectKind::Decode,
        "invalid UTF-8 at byte offset 0",
    );
    let truncated = assert_reject(
        &records,
        "truncated.txt.gz",
        RejectKind::Decompress,
        "gzip stream truncated after ",
    );
    assert_eq!(truncated.byte_len, Some((gz.len() / 2) as u64));
    assert_reject(
        &records,
        "bomb.txt.gz",
        RejectKind::TooLarge,
        "gzip stream decompresses to more than the read limit of 64 KiB",
    );
    #[cfg(unix)]
    assert_reject(&records, "link.txt", RejectKind::Io, "broken symlink");

    let expected = if cfg!(unix) { 9 } else { 8 };
    assert_eq!(records.len(), expected, "{:?}", records.keys());
}

#[test]
fn high_bytes_without_any_text_are_a_decode_reject() {
    // Every byte 0x80..0xFE, in a stride: no valid UTF-8, and no word breaks
    // in any single-byte encoding that would accept it.
    let garbage: Vec<u8> = (0..4096u32).map(|i| 0x80 + (i * 13 % 0x7f) as u8).collect();
    let records = read_bytes("invalid-utf8.txt", garbage, &ReadConfig::default());
    let [Record::Reject(reject)] = &records[..] else {
        panic!("{records:?}")
    };
    assert_eq!(reject.kind, RejectKind::Decode, "{}", reject.message);
    assert!(
        reject
            .message
            .starts_with("invalid-utf8.txt: invalid UTF-8 at byte offset 0, and as "),
        "{}",
        reject.message
    );
}

#[test]
fn a_missing_file_is_an_io_reject_with_the_os_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = Input {
        path: dir.path().join("vanished.txt"),
        source: "vanished.txt".into(),
    };
    let records = read_input(&input, &ReadConfig::default());
    let [Record::Reject(reject)] = &records[..] else {
        panic!("{records:?}")
    };
    assert_eq!(reject.kind, RejectKind::Io);
    assert!(
        reject.message.starts_with("vanished.txt: cannot read "),
        "{}",
        reject.message
    );
    assert!(reject.message.contains("os error"), "{}", reject.message);
}

#[test]
fn encodings_are_decoded_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = "Tiêu đề\nHà Nội — “tin tức” hôm nay.\n";

    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(root, "utf16.txt", &utf16);

    let french = "Le café de la gare a fermé. « Très triste », dit l’élu.\n".repeat(5);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&french);
    write(root, "latin.txt", &latin);

    let mut page = br#"<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Caf"#.to_vec();
    page.extend(b"\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e</p></body></html>\n");
    write(root, "page.html", &page);

    let records = read_dir(root, &ReadConfig::default());

    let d = doc(&records, "utf16.txt");
    assert_eq!(d.text, text);
    assert_eq!(d.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(d.encoding_source, Some(EncodingSource::Bom));

    let d = doc(&records, "latin.txt");
    assert_eq!(d.text, french);
    assert_eq!(d.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(d.encoding_source, Some(EncodingSource::Detected));

    let d = doc(&records, "page.html");
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(d.encoding_source, Some(EncodingSource::Meta));
    assert!(d.text.contains("<title>Café</title>"), "{}", d.text);
    assert!(d.text.contains("Crème brûlée"), "{}", d.text);
}

#[test]
fn compressed_seeds_read_the_same_as_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "seed.txt", SEED);
    write(root, "seed.txt.gz", &gzip(SEED));
    write(root, "seed.txt.zst", &zstd::encode_all(SEED, 3).unwrap());
    // Magic bytes decide, not the name.
    write(root, "renamed.txt", &gzip(SEED));

    let records = read_dir(root, &ReadConfig::default());
    let plain = doc(&records, "seed.txt");
    for source in ["seed.txt.gz", "seed.txt.zst", "renamed.txt"] {
        let d = doc(&records, source);
        assert_eq!(d.text, plain.text, "{source}");
        assert_eq!(
            (d.byte_len, &d.raw_hash),
            (plain.byte_len, &plain.raw_hash),
            "{source}"
        );
        assert_eq!(d.format, Format::Text, "{source}");
    }
}

#[test]
fn a_little_damage_is_repaired_and_noted() {
    let mut bytes = SEED.to_vec();
    bytes[100] = 0xff;
    let records = read_bytes("damaged.txt", bytes, &ReadConfig::default());
    let [Record::Document(d)] = &records[..] else {
        panic!("{records:?}")
    };
    assert_eq!(d.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(d.text.matches('\u{fffd}').count(), 1);
    assert_eq!(d.repairs.len(), 1);
    assert!(
        d.repairs[0].starts_with("replaced 1 invalid byte sequences"),
        "{:?}",
        d.repairs
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_and_always_give_a_record(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        name in prop::sample::select(vec!["a.txt", "a.html", "a.txt.gz", "noext"]),
    ) {
        let records = read_bytes(name, bytes, &ReadConfig { max_bytes: 4096 });
        prop_assert_eq!(records.len(), 1);
        prop_assert_eq!(records[0].source(), name);
    }

    #[test]
    fn arbitrary_text_like_bytes_never_panic(
        text in "[ -~\u{a0}-\u{17f}\n\t\r\u{feff}<>]{0,400}",
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        html in any::<bool>(),
    ) {
        let mut bytes = if html { format!("<html><meta charset=utf-8>{text}") } else { text }.into_bytes();
        for (at, byte) in flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        let records = read_bytes("p.txt", bytes, &ReadConfig::default());
        prop_assert_eq!(records.len(), 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn read_input_on_arbitrary_files_gives_one_record(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        std::fs::write(&path, &bytes).unwrap();
        let input = Input { path, source: "x.txt".into() };
        let records = read_input(&input, &ReadConfig::default());
        prop_assert_eq!(records.len(), 1);
    }
}
