//! JSONL and WARC containers: one record per page, each with its
//! `container#n` source, URL, fetch time and encoding; a bad record is a
//! reject and the others are still read.

#![allow(clippy::unwrap_used)]

use corpus_core::{Document, EncodingSource, Format, Record, RejectKind};
use corpus_read::{ReadConfig, discover, read_bytes, read_input};
use std::io::Write;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// One WARC record with the given type, extra headers and block.
fn warc_record(kind: &str, headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend(format!("{name}: {value}\r\n").bytes());
    }
    out.extend(format!("Content-Length: {}\r\n\r\n", block.len()).bytes());
    out.extend(block);
    out.extend(b"\r\n\r\n");
    out
}

fn response(uri: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
    block.extend(body);
    warc_record(
        "response",
        &[
            ("WARC-Target-URI", uri),
            ("WARC-Date", "2024-05-01T08:30:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &block,
    )
}

/// The form windows-1258 stores Vietnamese in: letters with circumflex,
/// breve or horn precomposed, tone marks as separate combining characters.
fn windows_1258_form(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    for c in text.chars() {
        let nfd: String = c.nfd().collect();
        let base: String = nfd.chars().filter(|c| !TONES.contains(c)).nfc().collect();
        out.push_str(&base);
        out.extend(nfd.chars().filter(|c| TONES.contains(c)));
    }
    out
}

fn doc(record: &Record) -> &Document {
    match record {
        Record::Document(doc) => doc,
        Record::Reject(reject) => panic!("expected a document, got {reject:?}"),
    }
}

fn reject_kind(record: &Record) -> (RejectKind, &str) {
    match record {
        Record::Reject(reject) => (reject.kind, reject.message.as_str()),
        Record::Document(doc) => panic!("expected a reject, got {}", doc.source),
    }
}

#[test]
fn jsonl_records_become_pages_and_bad_lines_rejects() {
    let lines = [
        r#"{"text": "Tiêu đề\nNội dung bài báo.", "url": "https://vnexpress.net/a", "fetched_at": "2024-05-01T15:30:00+07:00", "site": "vnexpress"}"#,
        r#"{"html": "<html><body><p>Xin chào</p></body></html>", "uri": "https://x.vn/b"}"#,
        "",
        r#"{"text": 42}"#,
        r#"not json"#,
        r#"["an", "array"]"#,
        r#"{"title": "no text"}"#,
        r#"{"text": "Body", "date": "yesterday"}"#,
    ];
    let data = lines.join("\n");
    let records = read_bytes(
        "dump.jsonl.gz",
        gzip(data.as_bytes()),
        &ReadConfig::default(),
    );
    let sources: Vec<&str> = records.iter().map(Record::source).collect();
    assert_eq!(
        sources,
        [
            "dump.jsonl.gz#1",
            "dump.jsonl.gz#2",
            "dump.jsonl.gz#4",
            "dump.jsonl.gz#5",
            "dump.jsonl.gz#6",
            "dump.jsonl.gz#7",
            "dump.jsonl.gz#8"
        ]
    );
    let first = doc(&records[0]);
    assert_eq!(first.text, "Tiêu đề\nNội dung bài báo.");
    assert_eq!(first.format, Format::Text);
    assert_eq!(first.url.as_deref(), Some("https://vnexpress.net/a"));
    assert_eq!(
        first.fetched_at.unwrap().to_rfc3339(),
        "2024-05-01T08:30:00+00:00"
    );
    assert_eq!(first.encoding.as_deref(), Some("UTF-8"));
    let second = doc(&records[1]);
    assert_eq!(second.format, Format::Html);
    assert_eq!(second.url.as_deref(), Some("https://x.vn/b"));

    let (kind, msg) = reject_kind(&records[2]);
    assert_eq!(kind, RejectKind::Parse);
    assert_eq!(
        msg,
        "dump.jsonl.gz#4: JSONL field `text` is a number, not a string"
    );
    let (kind, msg) = reject_kind(&records[3]);
    assert_eq!(kind, RejectKind::Parse);
    assert!(msg.contains("not valid JSON"), "{msg}");
    assert!(
        reject_kind(&records[4])
            .1
            .contains("an array, not an object")
    );
    assert!(
        reject_kind(&records[5])
            .1
            .contains("no `text`, `content` or `html` string (its keys: title)")
    );
    let last = doc(&records[6]);
    assert_eq!(last.fetched_at, None);
    assert_eq!(
        last.repairs,
        [
            "fetch time \"yesterday\" is not an RFC 3339 time; left empty (kept in metadata as `date`)"
        ]
    );
}

#[test]
fn an_oversized_jsonl_line_is_rejected_and_the_next_is_read() {
    let data = format!(
        "{{\"text\": \"{}\"}}\n{{\"text\": \"small\"}}\n",
        "x".repeat(10_000)
    );
    let config = ReadConfig { max_bytes: 1000 };
    let records = read_bytes("a.ndjson", data.into_bytes(), &config);
    assert_eq!(records.len(), 2);
    let (kind, msg) = reject_kind(&records[0]);
    assert_eq!(kind, RejectKind::TooLarge);
    assert!(msg.starts_with("a.ndjson#1: file is 9.8 KiB"), "{msg}");
    assert_eq!(doc(&records[1]).text, "small");
}

#[test]
fn warc_responses_become_pages_with_url_time_and_http_charset() {
    let vietnamese = "<html><body><p>Hà Nội: thủy điện, hòa bình.</p></body></html>";
    let stored = windows_1258_form(vietnamese);
    let (w1258, _, _) = encoding_rs::WINDOWS_1258.encode(&stored);
    assert!(!w1258.contains(&b'&'), "every letter maps to windows-1258");
    let mut warc = Vec::new();
    // Each record its own gzip member, as crawlers write them.
    for record in [
        warc_record("warcinfo", &[], b"software: test\r\n"),
        warc_record("request", &[], b"GET / HTTP/1.1\r\n\r\n"),
        response(
            "https://baomoi.vn/a.html",
            "Content-Type: text/html; charset=windows-1258\r\n",
            &w1258,
        ),
        response("https://x.vn/moved", "Location: /new\r\n", b""),
        response(
            "https://x.vn/logo.png",
            "Content-Type: image/png\r\n",
            b"\x89PNG",
        ),
        response(
            "https://x.vn/chunked",
            "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n",
            b"6\r\nTitle\n\r\n5\r\nBody.\r\n0\r\n\r\n",
        ),
    ] {
        warc.extend(gzip(&record));
    }
    let records = read_bytes("crawl.warc.gz", warc, &ReadConfig::default());
    let sources: Vec<&str> = records.iter().map(Record::source).collect();
    assert_eq!(
        sources,
        [
            "crawl.warc.gz#3",
            "crawl.warc.gz#4",
            "crawl.warc.gz#5",
            "crawl.warc.gz#6"
        ]
    );

    let page = doc(&records[0]);
    assert_eq!(page.format, Format::Html);
    assert_eq!(page.url.as_deref(), Some("https://baomoi.vn/a.html"));
    assert_eq!(
        page.fetched_at.unwrap().to_rfc3339(),
        "2024-05-01T08:30:00+00:00"
    );
    assert_eq!(page.encoding.as_deref(), Some("windows-1258"));
    assert_eq!(page.encoding_source, Some(EncodingSource::Http));
    // windows-1258 decodes to combining tone marks; normalize composes them.
    use unicode_normalization::UnicodeNormalization;
    assert_eq!(page.text.nfc().collect::<String>(), vietnamese);

    // An empty 200 response is an empty page.
    assert_eq!(reject_kind(&records[1]).0, RejectKind::Empty);
    let (kind, msg) = reject_kind(&records[2]);
    assert_eq!(
        (kind, msg),
        (
            RejectKind::Unsupported,
            "crawl.warc.gz#5: not a page: Content-Type image/png"
        )
    );
    let chunked = doc(&records[3]);
    assert_eq!(chunked.text, "Title\nBody.");
    assert_eq!(chunked.format, Format::Text);
}

#[test]
fn warc_damage_is_a_reject_for_the_record_and_reading_goes_on() {
    let mut warc = Vec::new();
    let mut redirect = response("https://x.vn/r", "Location: /b\r\n", b"");
    let at = redirect.windows(6).position(|w| w == b"200 OK").unwrap();
    redirect.splice(at..at + 6, b"301 Moved".iter().copied());
    // Content-Length was computed before the splice: fix it by rebuilding.
    let block_start = redirect.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let block = redirect[block_start..redirect.len() - 4].to_vec();
    warc.extend(warc_record(
        "response",
        &[("WARC-Target-URI", "https://x.vn/r")],
        &block,
    ));
    warc.extend(b"garbage line\r\nmore garbage\r\n");
    warc.extend(response(
        "https://x.vn/big",
        "Content-Type: text/plain\r\n",
        &b"big ".repeat(500),
    ));
    warc.extend(response(
        "https://x.vn/ok",
        "Content-Type: text/plain\r\n",
        b"Title\nBody",
    ));
    warc.extend(warc_record(
        "response",
        &[],
        b"HTTP/1.1 200 OK\r\n\r\ncut sh",
    ));
    let cut = warc.len() - 8;
    warc.truncate(cut);

    let config = ReadConfig { max_bytes: 1000 };
    // Named .dat: recognised as WARC by its magic.
    let records = read_bytes("crawl.dat", warc, &config);
    let got: Vec<(String, RejectKind)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Reject(rej) => Some((rej.source.clone(), rej.kind)),
            Record::Document(_) => None,
        })
        .collect();
    assert_eq!(
        got,
        [
            ("crawl.dat#1".to_string(), RejectKind::Unsupported),
            ("crawl.dat#2".to_string(), RejectKind::Parse),
            ("crawl.dat#3".to_string(), RejectKind::TooLarge),
            ("crawl.dat#5".to_string(), RejectKind::Parse),
        ],
        "{records:#?}"
    );
    assert_eq!(doc(&records[3]).source, "crawl.dat#4");
    assert!(reject_kind(&records[0]).1.ends_with("HTTP status 301"));
    assert!(
        reject_kind(&records[1])
            .1
            .contains("expected a WARC record header")
    );
    assert!(
        reject_kind(&records[4]).1.contains("WARC record truncated"),
        "{:?}",
        records[4]
    );
}

#[test]
fn a_truncated_warc_gz_keeps_the_records_before_the_damage() {
    let mut warc = Vec::new();
    for i in 0..3 {
        let body = format!("Title {i}\nBody {i}\n").repeat(50);
        warc.extend(gzip(&response(
            "https://x.vn/p",
            "Content-Type: text/plain\r\n",
            body.as_bytes(),
        )));
    }
    let cut = warc.len() - 40;
    warc.truncate(cut);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.warc.gz"), &warc).unwrap();
    let (inputs, _) = discover(&[dir.path().to_path_buf()]);
    let records = read_input(&inputs[0], &ReadConfig::default());
    assert_eq!(records.len(), 3, "{records:#?}");
    assert_eq!(doc(&records[0]).source, "c.warc.gz#1");
    assert_eq!(doc(&records[1]).source, "c.warc.gz#2");
    let (kind, msg) = reject_kind(&records[2]);
    assert_eq!(kind, RejectKind::Decompress);
    assert!(
        msg.starts_with("c.warc.gz#3: gzip stream truncated"),
        "{msg}"
    );
}
