//! `corpus ingest seeds/`: the numbers the seeds were specified with.

use crate::support::{TABLES, ingest_seeds, read_table, seeds_dir, strings, strs};
use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, TimeUnit, TimestampMillisecondType, UInt32Type};
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeMap;
use std::path::Path;

const SEED_A: &str = "000_0974627a06fa0476.txt";
const SEED_B: &str = "004_9bfabe07e541028b.txt";

/// Row index of each seed in a table with a `doc_id` column, via documents.
fn doc_ids(dir: &Path) -> BTreeMap<String, String> {
    let docs = read_table(dir, "documents");
    strs(&docs, "source")
        .into_iter()
        .zip(strs(&docs, "doc_id"))
        .collect()
}

#[test]
fn every_table_and_the_manifest_are_written() {
    let out = ingest_seeds(&[]);
    for table in TABLES {
        assert!(
            out.path().join(format!("{table}.parquet")).is_file(),
            "{table}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["inputs"], 2);
    assert_eq!(manifest["rows"]["documents"], 2);
    assert_eq!(manifest["rows"]["sidebar_links"], 44);
    assert_eq!(manifest["rows"]["rejects"], 0);
    assert!(out.path().join("report.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn documents_hold_title_body_captions_and_related_links() {
    let out = ingest_seeds(&[]);
    let docs = read_table(out.path(), "documents");
    assert_eq!(docs.num_rows(), 2);
    let sources = strs(&docs, "source");
    assert_eq!(sources, [SEED_A, SEED_B]);
    assert_eq!(strs(&docs, "format"), ["text", "text"]);
    assert_eq!(strs(&docs, "encoding"), ["UTF-8", "UTF-8"]);

    let titles = strs(&docs, "title");
    assert_eq!(
        titles[0],
        "Director General Nguyen Van Can works with US Customs and Border Protection"
    );
    assert_eq!(
        titles[1],
        "Ho Chi Minh City Customs wishes to cooperate with US Customs in many fields"
    );

    let bodies = strs(&docs, "body");
    let paragraphs: Vec<Vec<&str>> = bodies.iter().map(|b| b.split('\n').collect()).collect();
    assert_eq!(paragraphs[0].len(), 15);
    assert_eq!(paragraphs[1].len(), 11);
    assert!(paragraphs[0][0].starts_with("Within framework of working session on June 8"));
    assert!(paragraphs[0][14].starts_with("The visit by the Director General Nguyen Van Can"));
    assert!(paragraphs[1][0].starts_with("At the meeting, Director of Ho Chi Minh City Customs"));
    assert!(paragraphs[1][10].starts_with("Thanking Ms. Debbie Seguin"));
    for body in &bodies {
        assert!(!body.contains('|'), "a marker leaked into the body: {body}");
        assert!(!body.contains("![]()"));
        assert!(!body.contains("Photo:"), "a caption leaked into the body");
        assert!(!body.contains("Related News") && !body.contains("Latest News"));
    }
    let counts = docs
        .column_by_name("paragraph_count")
        .unwrap()
        .as_primitive::<UInt32Type>();
    assert_eq!((counts.value(0), counts.value(1)), (15, 11));

    let captions = docs.column_by_name("captions").unwrap().as_list::<i32>();
    assert_eq!(captions.value_length(0), 2);
    assert_eq!(captions.value_length(1), 3);
    let entries = captions.values().as_struct();
    let texts = strs(&arrow::array::RecordBatch::from(entries.clone()), "text");
    let credits = strings(&arrow::array::RecordBatch::from(entries.clone()), "credit");
    assert!(texts[0].starts_with("Director General of Vietnam Customs Nguyen Van Can and"));
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("Photo:") && !t.ends_with('|'))
    );
    assert_eq!(credits[0].as_deref(), Some("Dao Hai"));
    assert_eq!(credits[1].as_deref(), Some("Hien Nguyen"));
    assert_eq!(
        credits[2..],
        [Some("T.H".into()), Some("T.H".into()), Some("T.H".into())]
    );

    let related = docs
        .column_by_name("related_links")
        .unwrap()
        .as_list::<i32>();
    assert_eq!(related.value_length(0), 0);
    assert_eq!(related.value_length(1), 2);
    let related_texts = related.value(1);
    let related_texts = related_texts.as_string::<i32>();
    assert_eq!(
        related_texts.value(0),
        "HCM city Customs Department to move in suitable direction towards Digital Customs"
    );
}

#[test]
fn sidebar_links_carry_section_position_zoned_time_and_category() {
    let out = ingest_seeds(&[]);
    let links = read_table(out.path(), "sidebar_links");
    assert_eq!(links.num_rows(), 44);
    let published = links.column_by_name("published_at").unwrap();
    assert_eq!(
        published.data_type(),
        &DataType::Timestamp(TimeUnit::Millisecond, Some("Asia/Ho_Chi_Minh".into()))
    );
    assert_eq!(published.null_count(), 0);

    let ids = doc_ids(out.path());
    let doc_col = strs(&links, "doc_id");
    for id in ids.values() {
        assert_eq!(doc_col.iter().filter(|d| *d == id).count(), 22);
    }
    let first = doc_col.iter().position(|d| *d == ids[SEED_A]).unwrap();
    let sections = strs(&links, "section");
    let headlines = strs(&links, "headline");
    let categories = strs(&links, "category");
    let positions = links
        .column_by_name("position")
        .unwrap()
        .as_primitive::<UInt32Type>();
    assert_eq!(sections[first], "Related News");
    assert_eq!(positions.value(first), 1);
    assert_eq!(headlines[first], "VNACCS system resumes normal operation");
    assert_eq!(categories[first], "Customs");
    let millis = published
        .as_primitive::<TimestampMillisecondType>()
        .value(first);
    let expected: DateTime<FixedOffset> = "2023-11-26T08:00:00+07:00".parse().unwrap();
    assert_eq!(millis, expected.timestamp_millis());

    let mut per_section: BTreeMap<&str, usize> = BTreeMap::new();
    for (doc, section) in doc_col.iter().zip(&sections) {
        if *doc == ids[SEED_A] {
            *per_section.entry(section).or_default() += 1;
        }
    }
    assert_eq!(
        per_section,
        BTreeMap::from([
            ("Latest News", 4),
            ("More News", 9),
            ("Related News", 4),
            ("Your care", 5)
        ])
    );
    assert!(categories.iter().any(|c| c == "Anti-Smuggling"));
    assert!(headlines.iter().all(|h| !h.contains('|')));

    let docs = read_table(out.path(), "documents");
    let latest = docs.column_by_name("latest_sidebar_at").unwrap();
    let expected: DateTime<FixedOffset> = "2023-11-28T14:55:00+07:00".parse().unwrap();
    let sources = strs(&docs, "source");
    let a = sources.iter().position(|s| s == SEED_A).unwrap();
    assert_eq!(
        latest.as_primitive::<TimestampMillisecondType>().value(a),
        expected.timestamp_millis()
    );
}

#[test]
fn blocks_cover_every_non_blank_line_once_with_a_label() {
    let out = ingest_seeds(&[]);
    let blocks = read_table(out.path(), "blocks");
    let ids = doc_ids(out.path());
    let doc_col = strs(&blocks, "doc_id");
    let labels = strs(&blocks, "label");
    let texts = strs(&blocks, "text");
    let starts = blocks
        .column_by_name("line_start")
        .unwrap()
        .as_primitive::<UInt32Type>();
    for (source, id) in &ids {
        let raw = std::fs::read_to_string(seeds_dir().join(source)).unwrap();
        let non_blank: Vec<(u32, &str)> = raw
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i as u32 + 1, l.trim()))
            .collect();
        let rows: Vec<usize> = (0..blocks.num_rows())
            .filter(|&i| doc_col[i] == *id)
            .collect();
        let covered: Vec<(u32, &str)> = rows
            .iter()
            .map(|&i| (starts.value(i), texts[i].as_str()))
            .collect();
        assert_eq!(
            covered, non_blank,
            "{source}: blocks do not match the lines"
        );
        let count = |label: &str| rows.iter().filter(|&&i| labels[i] == label).count();
        assert_eq!(count("title"), 1);
        assert_eq!(count("sidebar_item"), 22);
        assert_eq!(count("timestamp"), 22);
        assert_eq!(count("sidebar_heading"), 4);
    }
}

#[test]
fn distinct_seeds_are_not_duplicates_and_nothing_is_rejected() {
    let out = ingest_seeds(&[]);
    assert_eq!(read_table(out.path(), "duplicates").num_rows(), 0);
    assert_eq!(read_table(out.path(), "rejects").num_rows(), 0);
    let docs = read_table(out.path(), "documents");
    let flags = docs.column_by_name("is_duplicate").unwrap().as_boolean();
    assert!(!flags.value(0) && !flags.value(1));
}
