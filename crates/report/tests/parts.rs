//! A dataset whose tables are folders of parts (`documents/part-00000.parquet`,
//! …, as a sharded ingest writes them) reports exactly what the same rows in
//! one file per table do.

// Helpers outside `#[test]` functions are not covered by `allow-unwrap-in-tests`.
#![allow(clippy::unwrap_used)]

use arrow::array::RecordBatch;
use chrono::DateTime;
use corpus_core::{
    Block, DocId, Document, DuplicateInfo, DuplicateKind, EncodingSource, Format, Label,
    QualitySignals, Record, Reject, RejectKind, SidebarItem,
};
use corpus_export::{DatasetWriter, ExportConfig, MANIFEST_FILE, RunInfo, Table};
use corpus_report::page::PageBlocks;
use corpus_report::{Dataset, Report, ReportError};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::properties::WriterProperties;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::ops::Range;
use std::path::Path;

/// How a table's rows are cut into parts, given their number.
type Cut = fn(usize) -> Vec<Range<usize>>;
/// A cluster's members: page, kind, similarity.
type Members = &'static [(usize, Option<DuplicateKind>, f32)];

const FOOTER: &str = "Copyright 2024 Harbour Daily News. All rights reserved.";
const SHARE: &str = "Share this story with your friends";

fn block(position: u32, label: Label, text: &str, section: Option<&str>) -> Block {
    Block {
        position,
        line_start: position + 1,
        line_end: position + 1,
        label,
        text: text.into(),
        section: section.map(Into::into),
        rule: format!("rule_{}", label.as_str()),
        boilerplate: label == Label::Boilerplate,
    }
}

/// Page `i`: sources of several containers and compressions, one to four
/// body paragraphs (none on every seventh page), flagged footer lines,
/// sidebar items, signals on most pages, a page type on some.
fn page(i: usize) -> Document {
    let source = match i % 3 {
        0 => format!("site/{i:02}.txt"),
        1 => format!("site/{i:02}.html.gz"),
        _ => format!("crawl.warc.gz#{i}"),
    };
    let format = if i % 3 == 0 {
        Format::Text
    } else {
        Format::Html
    };
    let mut doc = Document::new(source, format, format!("raw page {i}").as_bytes());
    doc.encoding = Some(if i % 4 == 0 { "windows-1258" } else { "UTF-8" }.into());
    doc.encoding_source = Some(if i % 4 == 0 {
        EncodingSource::Detected
    } else {
        EncodingSource::Utf8Valid
    });
    let title = format!("Harbour notice {i}");
    doc.title = Some(title.clone());
    doc.page_type = (i % 5 != 0).then(|| ["article", "listing"][i % 2].to_string());
    let mut blocks = vec![block(0, Label::Title, &title, None)];
    let paragraphs = if i % 7 == 0 { 0 } else { i % 4 + 1 };
    for p in 0..paragraphs {
        let text = format!("Pier {p} of town {i} opened on Monday, the port office said.");
        blocks.push(block(blocks.len() as u32, Label::Body, &text, None));
        doc.body.push(text);
    }
    blocks.push(block(blocks.len() as u32, Label::Boilerplate, FOOTER, None));
    if i % 2 == 0 {
        blocks.push(block(blocks.len() as u32, Label::Boilerplate, SHARE, None));
    }
    for n in 0..(i % 3) as u32 {
        let headline = format!("Latest story {n}");
        blocks.push(block(
            blocks.len() as u32,
            Label::SidebarItem,
            &headline,
            Some("Latest"),
        ));
        doc.sidebar.push(SidebarItem {
            section: "Latest".into(),
            position: n + 1,
            headline,
            published_at: DateTime::parse_from_rfc3339(&format!(
                "2024-05-{:02}T08:30:00+07:00",
                i % 28 + 1
            ))
            .ok(),
            category: (n == 0).then(|| "News".into()),
        });
    }
    doc.blocks = blocks;
    if i % 6 != 5 {
        doc.language = Some(if i % 2 == 0 { "en" } else { "vi" }.into());
        doc.language_score = Some(0.5 + (i % 5) as f32 / 10.0);
        doc.quality = Some(QualitySignals {
            gopher_word_count: (i * 13) as u32,
            gopher_alpha_words: (i % 10) as f32 / 10.0,
            c4_sentences: (i % 9) as u32,
            fineweb_punct_lines: (i % 4) as f32 / 4.0,
            ..QualitySignals::default()
        });
        if i % 4 == 1 {
            doc.filtered_by = vec!["gopher:short_doc".into(), "c4:too_few_sentences".into()];
        }
    }
    doc
}

fn in_cluster(doc: &mut Document, of: &DocId, kind: Option<DuplicateKind>, similarity: f32) {
    doc.duplicate = Some(DuplicateInfo {
        cluster_id: of.clone(),
        representative: of.clone(),
        kind,
        similarity,
    });
}

/// 45 pages with three duplicate clusters (an exact copy, a re-scrape with
/// other raw bytes, near duplicates), and two rejects among them.
fn records() -> Vec<Record> {
    let mut docs: Vec<Document> = (0..45).map(page).collect();
    let clusters: [(usize, Members); 3] = [
        (
            2,
            &[
                (11, Some(DuplicateKind::Exact), 1.0),
                (30, Some(DuplicateKind::Exact), 1.0),
            ],
        ),
        (5, &[(17, Some(DuplicateKind::Near), 0.82)]),
        (
            8,
            &[
                (20, Some(DuplicateKind::Near), 0.74),
                (40, Some(DuplicateKind::Near), 0.91),
                (44, Some(DuplicateKind::Exact), 1.0),
            ],
        ),
    ];
    for (representative, members) in clusters {
        let id = docs[representative].doc_id.clone();
        in_cluster(&mut docs[representative], &id, None, 1.0);
        for &(member, kind, similarity) in members {
            in_cluster(&mut docs[member], &id, kind, similarity);
        }
    }
    // An exact copy: the same raw bytes as its representative.
    docs[11].raw_hash = docs[2].raw_hash.clone();
    let mut records: Vec<Record> = docs
        .into_iter()
        .map(|doc| Record::Document(Box::new(doc)))
        .collect();
    records.insert(
        7,
        Record::Reject(
            Reject::new("bad.gz", "read", RejectKind::Decompress, "truncated").with_byte_len(10),
        ),
    );
    records.push(Record::Reject(Reject::new(
        "empty.txt",
        "read",
        RejectKind::Empty,
        "empty input",
    )));
    records
}

fn write_single(dir: &Path) {
    let mut writer = DatasetWriter::create(ExportConfig {
        batch_rows: 16,
        ..ExportConfig::new(dir)
    })
    .unwrap();
    let records = records();
    for record in &records {
        writer.write(record).unwrap();
    }
    writer
        .finish(RunInfo {
            config: serde_json::json!({"command": "ingest"}),
            inputs: records.len() as u64,
            timings_ms: BTreeMap::from([("total".to_string(), 1200)]),
            documents: Some(45),
            bytes: Some(4096),
            ..RunInfo::default()
        })
        .unwrap();
}

fn read_rows(path: &Path) -> RecordBatch {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    arrow::compute::concat_batches(&schema, &batches).unwrap()
}

/// The single-file dataset in `single` rewritten into `parts`: each table's
/// rows cut by `cuts(rows)` into `part-00000.parquet`, … (a range may be
/// empty), in row groups of 4 rows, so that row groups, parts and pages
/// all end at different rows.
fn write_parts(single: &Path, parts: &Path, cuts: Cut) {
    fs::create_dir_all(parts).unwrap();
    fs::copy(single.join(MANIFEST_FILE), parts.join(MANIFEST_FILE)).unwrap();
    let properties = WriterProperties::builder()
        .set_max_row_group_row_count(Some(4))
        .build();
    for table in Table::ALL {
        let rows = read_rows(&single.join(table.file_name()));
        let folder = parts.join(table.name());
        fs::create_dir(&folder).unwrap();
        let ranges = cuts(rows.num_rows());
        assert_eq!(
            ranges.iter().map(|r| r.len()).sum::<usize>(),
            rows.num_rows()
        );
        for (n, range) in ranges.into_iter().enumerate() {
            let path = folder.join(format!("part-{n:05}.parquet"));
            let mut writer = ArrowWriter::try_new(
                File::create(path).unwrap(),
                rows.schema(),
                Some(properties.clone()),
            )
            .unwrap();
            writer.write(&rows.slice(range.start, range.len())).unwrap();
            writer.close().unwrap();
        }
        // A part still being written is not the table's.
        fs::write(folder.join(".part-00009.parquet.tmp-1234-0"), b"not yet").unwrap();
    }
}

/// A third, an empty part, the rest.
fn thirds(rows: usize) -> Vec<Range<usize>> {
    let cut = rows / 3;
    vec![0..cut, cut..cut, cut..rows]
}

#[test]
fn a_dataset_in_parts_reports_what_the_same_rows_in_one_file_do() {
    let root = tempfile::tempdir().unwrap();
    let (single, parts) = (root.path().join("single"), root.path().join("parts"));
    write_single(&single);
    write_parts(&single, &parts, thirds);

    let expected = Report::read(&single).unwrap();
    // Not a vacuous comparison: every section has something to compare.
    assert_eq!(expected.inputs.documents.pages, 45);
    assert_eq!(expected.rejects.total, 2);
    assert_eq!(expected.duplicates.clusters, 3);
    assert_eq!(expected.boilerplate.top[0].pages, 45);
    assert!(expected.sidebar.links > 0);
    assert!(expected.signals.is_some());
    assert!(expected.segmentation.page_types.is_some());

    let from_parts = Report::read(&parts).unwrap();
    assert_eq!(from_parts, expected);
    assert_eq!(
        serde_json::to_string(&from_parts).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    // The boilerplate section splits blocks' row groups between two
    // threads: here the cut falls inside a part, and pages cross parts.
    let blocks = Dataset::new(&parts).files(Table::Blocks).unwrap();
    assert_eq!(blocks.len(), 3);
    assert!(blocks[0].ends_with("blocks/part-00000.parquet"));
}

#[test]
fn every_cut_of_the_rows_into_parts_reports_the_same() {
    let root = tempfile::tempdir().unwrap();
    let single = root.path().join("single");
    write_single(&single);
    let expected = Report::read(&single).unwrap();
    let cuts: [Cut; 4] = [
        |rows| std::iter::once(0..rows).collect(),
        |rows| vec![0..0, 0..rows],
        |rows| vec![0..1, 1..rows, rows..rows],
        |rows| (0..rows).map(|row| row..row + 1).collect(),
    ];
    for (n, cut) in cuts.into_iter().enumerate() {
        let parts = root.path().join(format!("parts-{n}"));
        write_parts(&single, &parts, cut);
        assert_eq!(Report::read(&parts).unwrap(), expected, "cut {n}");
    }
}

#[test]
fn a_page_in_parts_has_the_same_blocks() {
    let root = tempfile::tempdir().unwrap();
    let (single, parts) = (root.path().join("single"), root.path().join("parts"));
    write_single(&single);
    write_parts(&single, &parts, thirds);
    for key in ["site/00.txt", "crawl.warc.gz#44", "site/21.txt"] {
        let expected = PageBlocks::load(&single, key).unwrap();
        assert!(!expected.blocks.is_empty());
        assert_eq!(PageBlocks::load(&parts, key).unwrap(), expected, "{key}");
        let by_id = PageBlocks::load(&parts, &expected.doc_id).unwrap();
        assert_eq!(by_id, expected, "{key}");
    }
}

#[test]
fn a_folder_wins_over_a_file_and_a_missing_table_is_named() {
    let root = tempfile::tempdir().unwrap();
    let (single, parts) = (root.path().join("single"), root.path().join("parts"));
    write_single(&single);
    write_parts(&single, &parts, thirds);
    // A stale single file beside the folder is not read.
    fs::write(parts.join("rejects.parquet"), b"not parquet").unwrap();
    assert_eq!(
        Report::read(&parts).unwrap(),
        Report::read(&single).unwrap()
    );

    fs::remove_dir_all(parts.join("rejects")).unwrap();
    fs::remove_file(parts.join("rejects.parquet")).unwrap();
    let err = Report::read(&parts).unwrap_err();
    assert!(
        matches!(
            err,
            ReportError::NoTable {
                table: "rejects",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("neither rejects.parquet nor a folder rejects/"),
        "{err}"
    );
}
