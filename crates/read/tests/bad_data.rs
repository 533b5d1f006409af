//! The damaged-input corpus: every file under `tests/bad_data/` is read and
//! normalised, and each resulting record is checked against its row in
//! `tests/bad_data/expected.tsv` (source, outcome, what it must show). Every
//! record needs a row and every row a record, so a new fixture cannot go
//! unchecked. The cases too big to commit (a 1 GiB file with no newline,
//! 100 000 nested `<div>`s, a broken symlink, a directory where a file was
//! expected) are generated here.

#![allow(clippy::unwrap_used)]

use corpus_core::{Document, Record, RejectKind, Stage};
use corpus_normalize::Normalizer;
use corpus_read::{Input, ReadConfig, discover, read_input};
use std::collections::BTreeMap;
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad_data");

/// Read and normalise every input under `root`, keyed by source.
fn read_all(root: &Path, config: &ReadConfig) -> BTreeMap<String, Record> {
    let (inputs, rejects) = discover(&[root.to_path_buf()]);
    let normalizer = Normalizer::default();
    let mut out: BTreeMap<String, Record> = rejects
        .into_iter()
        .map(|r| (r.source.clone(), Record::Reject(r)))
        .collect();
    for input in &inputs {
        for record in read_input(input, config) {
            let record = match record {
                Record::Document(doc) => {
                    Record::Document(Box::new(normalizer.process(*doc).unwrap()))
                }
                reject => reject,
            };
            out.insert(record.source().to_string(), record);
        }
    }
    out
}

fn field(doc: &Document, name: &str) -> String {
    match name {
        "encoding" => doc.encoding.clone().unwrap_or_default(),
        "encoding_source" => doc
            .encoding_source
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        "url" => doc.url.clone().unwrap_or_default(),
        "format" => doc.format.as_str().to_string(),
        "metadata" => metadata(doc),
        other => panic!("expected.tsv names an unknown field {other:?}"),
    }
}

/// The document's metadata as JSON text, empty when it has none.
fn metadata(doc: &Document) -> String {
    doc.metadata
        .as_ref()
        .map(|m| serde_json::to_string(m).unwrap())
        .unwrap_or_default()
}

#[test]
fn every_damaged_file_has_its_expected_outcome() {
    let expected = std::fs::read_to_string(Path::new(DIR).join("expected.tsv")).unwrap();
    let config = ReadConfig {
        max_bytes: 64 * 1024,
    };
    let mut records = read_all(Path::new(DIR), &config);
    records.remove("expected.tsv");
    let mut failures = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [source, outcome, what] = cols[..] else {
            panic!("bad expected.tsv row: {line:?}")
        };
        let what = what.replace("\\n", "\n");
        let Some(record) = records.remove(source) else {
            failures.push(format!("{source}: no record"));
            continue;
        };
        match (&record, outcome) {
            (Record::Document(doc), "document") => {
                for check in what.split(';').filter(|c| !c.is_empty()) {
                    let ok = if let Some(fragment) = check.strip_prefix("text~") {
                        doc.text.contains(fragment)
                    } else if let Some(fragment) = check.strip_prefix("metadata~") {
                        metadata(doc).contains(fragment)
                    } else if let Some(fragment) = check.strip_prefix("repairs~") {
                        doc.repairs.iter().any(|r| r.contains(fragment))
                    } else if let Some((name, value)) = check.split_once('=') {
                        field(doc, name) == value
                    } else {
                        panic!("bad check {check:?}")
                    };
                    if !ok {
                        failures.push(format!("{source}: {check:?} fails on {doc:#?}"));
                    }
                }
            }
            (Record::Reject(reject), kind) if reject.kind.as_str() == kind => {
                if !reject.message.contains(&what) || !reject.message.starts_with(source) {
                    failures.push(format!(
                        "{source}: message {:?} lacks {what:?}",
                        reject.message
                    ));
                }
            }
            (record, outcome) => {
                failures.push(format!("{source}: expected {outcome}, got {record:#?}"))
            }
        }
    }
    for source in records.keys() {
        failures.push(format!("{source}: not in expected.tsv"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_huge_file_without_newlines_is_rejected_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 1 GiB long, no disk used, no newline anywhere.
    for name in ["huge.txt", "huge.jsonl"] {
        let file = std::fs::File::create(dir.path().join(name)).unwrap();
        file.set_len(1 << 30).unwrap();
    }
    let config = ReadConfig {
        max_bytes: 64 << 10,
    };
    let records = read_all(dir.path(), &config);
    let Record::Reject(txt) = &records["huge.txt"] else {
        panic!()
    };
    assert_eq!(txt.kind, RejectKind::TooLarge);
    assert!(
        txt.message.contains("over the read limit of 64 KiB"),
        "{}",
        txt.message
    );
    // A container is streamed: the one endless record is skipped with the
    // line buffer capped, and the container cap ends the read at 4 MiB.
    let Record::Reject(jsonl) = &records["huge.jsonl#1"] else {
        panic!("{records:?}")
    };
    assert_eq!(jsonl.kind, RejectKind::Parse, "{}", jsonl.message);
    assert!(
        jsonl
            .message
            .contains("container decompresses to more than 4 MiB"),
        "{}",
        jsonl.message
    );
}

#[test]
fn deeply_nested_html_does_not_overflow_read_normalize_or_segment() {
    let depth = 100_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>Tin mới nhất hôm nay ở Hà Nội.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    // Run on a thread with a small stack, as rayon workers have.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let records =
                corpus_read::read_bytes("deep.html", page.into_bytes(), &ReadConfig::default());
            let Record::Document(doc) = records.into_iter().next().unwrap() else {
                panic!()
            };
            let doc = Normalizer::default().process(*doc).unwrap();
            let segmenter =
                corpus_segment::Segmenter::new(corpus_segment::SegmentConfig::default()).unwrap();
            segmenter
                .process(doc)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .unwrap();
    let result = handle.join();
    assert!(result.is_ok(), "panicked or overflowed");
}

#[cfg(unix)]
#[test]
fn broken_symlinks_and_directories_are_io_rejects() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt")).unwrap();
    let input = Input {
        path: dir.path().to_path_buf(),
        source: "a-directory.txt".into(),
    };
    let records = read_input(&input, &ReadConfig::default());
    let [Record::Reject(reject)] = &records[..] else {
        panic!("{records:?}")
    };
    assert_eq!(reject.kind, RejectKind::Io, "{}", reject.message);
    let records = read_all(dir.path(), &ReadConfig::default());
    let Record::Reject(link) = &records["link.txt"] else {
        panic!("{records:?}")
    };
    assert_eq!(link.kind, RejectKind::Io);
    assert!(link.message.contains("broken symlink"), "{}", link.message);
}
