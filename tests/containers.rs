//! Pages packed in containers keep the container's path and record number,
//! and a JSONL record's other fields as `metadata`.

use crate::support::{read_table, run_ok, seeds_dir, strings, strs};

#[test]
fn jsonl_records_become_documents_with_url_and_record_number() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(seeds_dir().join("004_9bfabe07e541028b.txt")).unwrap();
    let lines = [
        serde_json::json!({"url": "https://example.com/a", "text": page, "site": "example", "tags": ["a", 1]}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"url": "https://example.com/b", "html": "<html><head><title>B</title></head><body><article><h1>B</h1><p>A short article body with a full sentence in it.</p></article></body></html>"}).to_string(),
    ];
    std::fs::write(dir.path().join("crawl.jsonl"), lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    run_ok(&[
        "ingest",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);

    let docs = read_table(&out, "documents");
    assert_eq!(strs(&docs, "source"), ["crawl.jsonl#1", "crawl.jsonl#3"]);
    assert_eq!(strs(&docs, "format"), ["text", "html"]);
    assert_eq!(
        strings(&docs, "url"),
        [
            Some("https://example.com/a".into()),
            Some("https://example.com/b".into())
        ]
    );
    // The fields read did not use stay with the page, as JSON text.
    assert_eq!(
        strings(&docs, "metadata"),
        [Some(r#"{"site":"example","tags":["a",1]}"#.into()), None]
    );
    let rejects = read_table(&out, "rejects");
    assert_eq!(strs(&rejects, "source"), ["crawl.jsonl#2"]);
    assert_eq!(strs(&rejects, "kind"), ["parse"]);
    let links = read_table(&out, "sidebar_links");
    assert_eq!(links.num_rows(), 22);
}
