//! Write datasets, read every file back with the Parquet reader, compare.

// Helpers outside `#[test]` functions are not covered by `allow-unwrap-in-tests`.
#![allow(clippy::unwrap_used)]

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::{cast, concat_batches};
use arrow::datatypes::{
    DataType, Float32Type, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    UInt32Type, UInt64Type,
};
use chrono::{DateTime, TimeZone, Utc};
use corpus_core::{
    Block, Caption, DocId, Document, DuplicateInfo, DuplicateKind, EncodingSource, Format, Label,
    Record, Reject, RejectKind, SidebarItem,
};
use corpus_export::{
    DatasetWriter, ExportConfig, ExportSummary, Manifest, RunInfo, Table, blocks_schema,
    commit_parts, documents_schema, duplicates_schema, rejects_schema, sidebar_links_schema,
};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const TZ: &str = "Asia/Ho_Chi_Minh";

fn at(rfc3339: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

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

fn sidebar(
    position: u32,
    headline: &str,
    time: Option<&str>,
    category: Option<&str>,
) -> SidebarItem {
    SidebarItem {
        section: "Tin mới".into(),
        position,
        headline: headline.into(),
        published_at: time.map(at),
        category: category.map(Into::into),
    }
}

/// The representative of a cluster, with every optional field set.
fn representative() -> Document {
    let mut doc = Document::new(
        "site/a.txt",
        Format::Text,
        "Tiêu đề\nĐoạn một.\n".as_bytes(),
    );
    doc.url = Some("https://example.vn/a".into());
    doc.fetched_at = Some(Utc.with_ymd_and_hms(2024, 5, 3, 1, 2, 3).unwrap());
    doc.encoding = Some("UTF-8".into());
    doc.encoding_source = Some(EncodingSource::Utf8Valid);
    doc.repairs = vec!["invalid UTF-8 replaced: 1 sequences".into()];
    doc.metadata = serde_json::json!({"site": "example.vn", "tags": ["a", 1]})
        .as_object()
        .cloned();
    doc.title = Some("Tiêu đề".into());
    doc.blocks = vec![
        block(0, Label::Title, "Tiêu đề", None),
        block(1, Label::Body, "Đoạn một.", None),
        block(2, Label::SidebarItem, "Tin khác", Some("Tin mới")),
    ];
    doc.body = vec!["Đoạn một.".into(), "Đoạn hai có năm từ.".into()];
    doc.captions = vec![
        Caption {
            text: "Ảnh minh họa".into(),
            credit: Some("Ảnh: TTXVN".into()),
        },
        Caption {
            text: "Không ghi công".into(),
            credit: None,
        },
    ];
    doc.related = vec!["Bài liên quan".into()];
    doc.sidebar = vec![
        sidebar(
            1,
            "Tin một",
            Some("2024-05-01T08:30:00+07:00"),
            Some("Thời sự"),
        ),
        sidebar(2, "Tin hai", Some("2024-05-02T21:15:00+07:00"), None),
        sidebar(3, "Tin ba", None, None),
    ];
    doc.duplicate = Some(DuplicateInfo {
        cluster_id: doc.doc_id.clone(),
        representative: doc.doc_id.clone(),
        kind: None,
        similarity: 1.0,
    });
    doc
}

fn near_duplicate_of(rep: &DocId) -> Document {
    let mut doc = Document::new("site/b.html", Format::Html, b"<p>copy</p>");
    doc.blocks = vec![
        block(0, Label::Body, "Đoạn một.", None),
        block(1, Label::Boilerplate, "Chia sẻ", None),
    ];
    doc.body = vec!["Đoạn một.".into()];
    doc.sidebar = vec![sidebar(
        1,
        "Tin bốn",
        Some("2024-05-04T00:00:00+07:00"),
        None,
    )];
    doc.duplicate = Some(DuplicateInfo {
        cluster_id: rep.clone(),
        representative: rep.clone(),
        kind: Some(DuplicateKind::Near),
        similarity: 0.875,
    });
    doc
}

fn plain() -> Document {
    let mut doc = Document::new("site/c.txt", Format::Text, b"x");
    doc.body = vec!["Một mình.".into()];
    doc
}

fn reject() -> Reject {
    Reject::new(
        "bad.gz",
        "read",
        RejectKind::Decompress,
        "truncated at byte 10",
    )
    .with_byte_len(10)
}

fn records() -> Vec<Record> {
    let rep = representative();
    let near = near_duplicate_of(&rep.doc_id);
    vec![
        Record::Document(Box::new(rep)),
        Record::Document(Box::new(near)),
        Record::Reject(reject()),
        Record::Document(Box::new(plain())),
    ]
}

fn config(dir: &Path) -> ExportConfig {
    ExportConfig {
        batch_rows: 2,
        ..ExportConfig::new(dir)
    }
}

fn write(config: ExportConfig, records: &[Record]) -> ExportSummary {
    let mut writer = DatasetWriter::create(config).unwrap();
    for record in records {
        writer.write(record).unwrap();
    }
    writer
        .finish(RunInfo {
            config: serde_json::json!({"threshold": 0.8}),
            inputs: records.len() as u64,
            timings_ms: BTreeMap::from([("export".to_string(), 5)]),
            filtered: BTreeMap::from([("c4".to_string(), 1)]),
            ..RunInfo::default()
        })
        .unwrap()
}

/// Read a whole file back, checking the embedded schema and the file's
/// compression on the way.
fn read(path: &Path) -> RecordBatch {
    let builder = ParquetRecordBatchReaderBuilder::try_new(fs::File::open(path).unwrap()).unwrap();
    for row_group in builder.metadata().row_groups() {
        for column in row_group.columns() {
            assert!(
                matches!(column.compression(), Compression::ZSTD(_)),
                "{}: {:?}",
                path.display(),
                column.compression()
            );
        }
    }
    let schema = builder.schema().clone();
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    concat_batches(&schema, &batches).unwrap()
}

fn strings(batch: &RecordBatch, column: &str) -> Vec<Option<String>> {
    let column = cast(batch.column_by_name(column).unwrap(), &DataType::Utf8).unwrap();
    column
        .as_string::<i32>()
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

fn some(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some(v.to_string())).collect()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const FINAL_FILES: [&str; 6] = [
    "blocks.parquet",
    "documents.parquet",
    "duplicates.parquet",
    "manifest.json",
    "rejects.parquet",
    "sidebar_links.parquet",
];

#[test]
fn round_trip_keeps_types_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dataset");
    let summary = write(config(&out), &records());
    let rep = representative();
    let near_id = near_duplicate_of(&rep.doc_id).doc_id;

    assert_eq!(
        summary.rows,
        BTreeMap::from(
            [
                ("documents", 3),
                ("blocks", 5),
                ("sidebar_links", 4),
                ("duplicates", 2),
                ("rejects", 1)
            ]
            .map(|(k, v)| (k.to_string(), v))
        )
    );
    assert_eq!(summary.files.len(), 6);
    assert!(
        summary
            .files
            .iter()
            .all(|f| f.starts_with(&out) && f.exists())
    );
    assert_eq!(entries(&out), FINAL_FILES);

    // documents
    let docs = read(&out.join("documents.parquet"));
    assert_eq!(docs.schema(), documents_schema(TZ));
    assert_eq!(docs.num_rows(), 3);
    assert_eq!(
        strings(&docs, "doc_id"),
        some(&[
            rep.doc_id.as_str(),
            near_id.as_str(),
            plain().doc_id.as_str()
        ])
    );
    assert_eq!(strings(&docs, "format"), some(&["text", "html", "text"]));
    assert_eq!(
        strings(&docs, "metadata"),
        [
            Some(r#"{"site":"example.vn","tags":["a",1]}"#.to_string()),
            None,
            None
        ]
    );
    assert!(matches!(
        docs.column_by_name("format").unwrap().data_type(),
        DataType::Dictionary(k, v) if **k == DataType::Int32 && **v == DataType::Utf8
    ));
    assert_eq!(
        strings(&docs, "encoding_source"),
        vec![Some("utf8_valid".into()), None, None]
    );
    assert_eq!(
        strings(&docs, "body"),
        some(&["Đoạn một.\nĐoạn hai có năm từ.", "Đoạn một.", "Một mình."])
    );
    assert_eq!(strings(&docs, "body_hash")[0], Some(rep.body_hash()));
    let words = docs
        .column_by_name("word_count")
        .unwrap()
        .as_primitive::<UInt32Type>();
    assert_eq!(words.values(), &[7, 2, 2]);
    let paragraphs = docs
        .column_by_name("paragraph_count")
        .unwrap()
        .as_primitive::<UInt32Type>();
    assert_eq!(paragraphs.values(), &[2, 1, 1]);
    let bytes = docs
        .column_by_name("byte_length")
        .unwrap()
        .as_primitive::<UInt64Type>();
    assert_eq!(bytes.value(0), rep.byte_len);

    let fetched = docs.column_by_name("fetched_at").unwrap();
    assert_eq!(
        fetched.data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    let fetched = fetched.as_primitive::<TimestampMicrosecondType>();
    assert_eq!(fetched.value(0), rep.fetched_at.unwrap().timestamp_micros());
    assert!(fetched.is_null(1));

    let latest = docs.column_by_name("latest_sidebar_at").unwrap();
    assert_eq!(
        latest.data_type(),
        &DataType::Timestamp(TimeUnit::Millisecond, Some(TZ.into()))
    );
    let latest = latest.as_primitive::<TimestampMillisecondType>();
    assert_eq!(
        latest.value(0),
        at("2024-05-02T21:15:00+07:00").timestamp_millis()
    );
    assert!(latest.is_null(2));

    let captions = docs.column_by_name("captions").unwrap().as_list::<i32>();
    let DataType::Struct(fields) = captions.value_type() else {
        panic!("captions are {:?}", captions.value_type());
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(captions.value_length(0), 2);
    assert_eq!(captions.value_length(1), 0);
    let first = captions.value(0);
    let first = first.as_struct();
    let text: Vec<_> = first.column(0).as_string::<i32>().iter().collect();
    let credit: Vec<_> = first.column(1).as_string::<i32>().iter().collect();
    assert_eq!(text, [Some("Ảnh minh họa"), Some("Không ghi công")]);
    assert_eq!(credit, [Some("Ảnh: TTXVN"), None]);

    let repairs = docs.column_by_name("repairs").unwrap().as_list::<i32>();
    assert_eq!(repairs.value(0).as_string::<i32>().value(0), rep.repairs[0]);
    assert_eq!(repairs.value_length(2), 0);

    assert_eq!(
        strings(&docs, "duplicate_cluster"),
        vec![
            Some(rep.doc_id.to_string()),
            Some(rep.doc_id.to_string()),
            None
        ]
    );
    assert_eq!(
        strings(&docs, "duplicate_of"),
        vec![None, Some(rep.doc_id.to_string()), None]
    );
    assert_eq!(
        strings(&docs, "duplicate_kind"),
        vec![None, Some("near".into()), None]
    );
    let is_dup = docs.column_by_name("is_duplicate").unwrap().as_boolean();
    assert_eq!(
        is_dup.iter().collect::<Vec<_>>(),
        [Some(false), Some(true), Some(false)]
    );
    let similarity = docs
        .column_by_name("duplicate_similarity")
        .unwrap()
        .as_primitive::<Float32Type>();
    assert_eq!(similarity.value(1), 0.875);
    assert!(similarity.is_null(2));

    // blocks
    let blocks = read(&out.join("blocks.parquet"));
    assert_eq!(blocks.schema(), blocks_schema());
    assert_eq!(
        strings(&blocks, "label"),
        some(&["title", "body", "sidebar_item", "body", "boilerplate"])
    );
    assert_eq!(
        strings(&blocks, "section"),
        vec![None, None, Some("Tin mới".into()), None, None]
    );
    assert_eq!(strings(&blocks, "rule")[0], Some("rule_title".into()));
    let boilerplate = blocks.column_by_name("boilerplate").unwrap().as_boolean();
    assert!(boilerplate.value(4) && !boilerplate.value(0));

    // sidebar_links
    let links = read(&out.join("sidebar_links.parquet"));
    assert_eq!(links.schema(), sidebar_links_schema(TZ));
    let published = links.column_by_name("published_at").unwrap();
    assert_eq!(
        published.data_type(),
        &DataType::Timestamp(TimeUnit::Millisecond, Some(TZ.into()))
    );
    let published = published.as_primitive::<TimestampMillisecondType>();
    for (i, item) in rep.sidebar.iter().enumerate() {
        match item.published_at {
            Some(t) => {
                assert_eq!(published.value(i), t.timestamp_millis());
                // The instant, read back in the column's zone, is the local time the page showed.
                let zone: chrono_tz::Tz = TZ.parse().unwrap();
                let back = Utc.timestamp_millis_opt(published.value(i)).unwrap();
                assert_eq!(back.with_timezone(&zone).fixed_offset(), t);
                assert_eq!(back.with_timezone(&zone).to_rfc3339(), t.to_rfc3339());
            }
            None => assert!(published.is_null(i)),
        }
    }
    assert_eq!(
        strings(&links, "category"),
        vec![Some("Thời sự".into()), None, None, None]
    );
    assert_eq!(strings(&links, "headline")[3], Some("Tin bốn".into()));

    // duplicates
    let dups = read(&out.join("duplicates.parquet"));
    assert_eq!(dups.schema(), duplicates_schema());
    assert_eq!(
        strings(&dups, "doc_id"),
        some(&[rep.doc_id.as_str(), near_id.as_str()])
    );
    assert_eq!(strings(&dups, "kind"), vec![None, Some("near".into())]);
    let is_rep = dups
        .column_by_name("is_representative")
        .unwrap()
        .as_boolean();
    assert_eq!(is_rep.iter().collect::<Vec<_>>(), [Some(true), Some(false)]);

    // rejects
    let rejects = read(&out.join("rejects.parquet"));
    assert_eq!(rejects.schema(), rejects_schema());
    assert_eq!(strings(&rejects, "source"), some(&["bad.gz"]));
    assert_eq!(strings(&rejects, "stage"), some(&["read"]));
    assert_eq!(strings(&rejects, "kind"), some(&["decompress"]));
    let len = rejects
        .column_by_name("byte_length")
        .unwrap()
        .as_primitive::<UInt64Type>();
    assert_eq!(len.value(0), 10);

    // manifest
    let manifest: Manifest =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest.pipeline, "corpus");
    assert_eq!(manifest.version, env!("CARGO_PKG_VERSION"));
    assert!(DateTime::parse_from_rfc3339(&manifest.created_at).is_ok());
    assert_eq!(manifest.config["threshold"], 0.8);
    assert_eq!(manifest.inputs, 4);
    assert_eq!(manifest.rows, summary.rows);
    assert_eq!(manifest.files["sidebar_links"], "sidebar_links.parquet");
    assert_eq!(manifest.timings_ms["export"], 5);
}

#[test]
fn drop_duplicates_keeps_them_only_in_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let summary = write(
        ExportConfig {
            drop_duplicates: true,
            ..config(dir.path())
        },
        &records(),
    );
    let rep = representative();
    let near_id = near_duplicate_of(&rep.doc_id).doc_id.to_string();

    let docs = read(&dir.path().join("documents.parquet"));
    let ids = strings(&docs, "doc_id");
    assert_eq!(ids.len(), 2);
    assert!(!ids.contains(&Some(near_id.clone())));
    assert!(
        ids.contains(&Some(rep.doc_id.to_string())),
        "the representative stays"
    );
    for table in ["blocks", "sidebar_links"] {
        let batch = read(&dir.path().join(format!("{table}.parquet")));
        assert!(
            !strings(&batch, "doc_id").contains(&Some(near_id.clone())),
            "{table}"
        );
        assert_eq!(batch.num_rows() as u64, summary.rows[table]);
    }
    let dups = read(&dir.path().join("duplicates.parquet"));
    assert!(strings(&dups, "doc_id").contains(&Some(near_id)));
    assert_eq!(summary.rows["duplicates"], 2);
}

#[test]
fn empty_run_writes_every_table_and_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let summary = write(ExportConfig::new(dir.path()), &[]);
    assert_eq!(entries(dir.path()), FINAL_FILES);
    for table in Table::ALL {
        let batch = read(&dir.path().join(table.file_name()));
        assert_eq!(batch.num_rows(), 0, "{table}");
        assert_eq!(summary.rows[table.name()], 0);
    }
    let docs = read(&dir.path().join("documents.parquet"));
    assert_eq!(docs.schema(), documents_schema(TZ));
    let manifest: Manifest =
        serde_json::from_str(&fs::read_to_string(dir.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest.rows.len(), 5);
    assert!(manifest.rows.values().all(|&n| n == 0));
}

#[test]
fn dropped_writer_leaves_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dataset");
    {
        let mut writer = DatasetWriter::create(config(&out)).unwrap();
        for record in &records() {
            writer.write(record).unwrap();
        }
        assert_eq!(
            entries(&out).len(),
            5,
            "one temp file per table while writing"
        );
        assert!(entries(&out).iter().all(|name| name.starts_with('.')));
    }
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn dropped_writer_leaves_an_earlier_dataset_intact() {
    let dir = tempfile::tempdir().unwrap();
    write(config(dir.path()), &records()[..1]);
    let before: Vec<Vec<u8>> = FINAL_FILES
        .iter()
        .map(|f| fs::read(dir.path().join(f)).unwrap())
        .collect();
    {
        let mut writer = DatasetWriter::create(config(dir.path())).unwrap();
        for record in &records() {
            writer.write(record).unwrap();
        }
    }
    assert_eq!(entries(dir.path()), FINAL_FILES);
    for (name, bytes) in FINAL_FILES.iter().zip(before) {
        assert_eq!(fs::read(dir.path().join(name)).unwrap(), bytes, "{name}");
    }
    assert_eq!(read(&dir.path().join("documents.parquet")).num_rows(), 1);
}

#[test]
fn second_run_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    write(config(dir.path()), &records());
    let summary = write(config(dir.path()), &records()[2..]);
    assert_eq!(entries(dir.path()), FINAL_FILES);
    assert_eq!(summary.rows["documents"], 1);
    assert_eq!(read(&dir.path().join("documents.parquet")).num_rows(), 1);
    assert_eq!(read(&dir.path().join("duplicates.parquet")).num_rows(), 0);
}

#[test]
fn many_batches_share_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<Record> = (0..25)
        .map(|i| {
            let mut doc = Document::new(format!("site/{i}.txt"), Format::Text, b"x");
            doc.body = vec![format!("đoạn {i}")];
            doc.blocks = vec![block(0, Label::Body, "đoạn", None)];
            Record::Document(Box::new(doc))
        })
        .collect();
    let summary = write(
        ExportConfig {
            batch_rows: 4,
            ..ExportConfig::new(dir.path())
        },
        &records,
    );
    assert_eq!(summary.rows["documents"], 25);
    let docs = read(&dir.path().join("documents.parquet"));
    assert_eq!(docs.num_rows(), 25);
    assert_eq!(strings(&docs, "body")[24], Some("đoạn 24".into()));
    assert_eq!(strings(&docs, "format"), vec![Some("text".to_string()); 25]);
}

#[test]
fn unknown_timezone_is_refused_before_touching_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dataset");
    let err = DatasetWriter::create(ExportConfig {
        timezone: "Mars/Olympus".into(),
        ..ExportConfig::new(&out)
    })
    .err()
    .unwrap();
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    assert!(!out.exists());
}

/// Write `records` as parts: record i goes to part i % parts.
fn write_parts(dir: &Path, records: &[Record], parts: u32) -> ExportSummary {
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    for part in 0..parts {
        let mut writer = DatasetWriter::create_part(config(dir), part).unwrap();
        for record in records.iter().skip(part as usize).step_by(parts as usize) {
            writer.write(record).unwrap();
        }
        for (table, n) in writer.finish_part().unwrap() {
            *rows.entry(table).or_default() += n;
        }
        assert!(
            !dir.join("manifest.json").exists(),
            "no manifest before the commit"
        );
    }
    commit_parts(dir, parts, rows, RunInfo::default()).unwrap()
}

#[test]
fn parts_are_one_folder_per_table_with_one_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let records = records();
    // A dead writer's temp part is removed by the next writer of that part.
    fs::create_dir_all(dir.path().join("documents")).unwrap();
    let dead = dir
        .path()
        .join("documents/.part-00001.parquet.tmp-999999-0");
    fs::write(&dead, b"half").unwrap();
    let summary = write_parts(dir.path(), &records, 3);
    assert!(!dead.exists());
    assert_eq!(
        entries(&dir.path().join("documents")),
        [
            "part-00000.parquet",
            "part-00001.parquet",
            "part-00002.parquet"
        ]
    );
    let documents: usize = (0..3)
        .map(|p| read(&dir.path().join(format!("documents/part-{p:05}.parquet"))).num_rows())
        .sum();
    assert_eq!(documents as u64, summary.rows["documents"]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["files"]["documents"], "documents/");
    assert_eq!(manifest["rows"]["documents"], summary.rows["documents"]);

    // Fewer parts the next time: the extra ones go.
    write_parts(dir.path(), &records, 2);
    assert_eq!(
        entries(&dir.path().join("blocks")),
        ["part-00000.parquet", "part-00001.parquet"]
    );
}

#[test]
fn one_layout_replaces_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let records = records();
    write(config(dir.path()), &records);
    write_parts(dir.path(), &records, 2);
    assert!(
        !dir.path().join("documents.parquet").exists(),
        "parts replace the single files"
    );
    write(config(dir.path()), &records);
    assert!(
        !dir.path().join("documents").exists(),
        "single files replace the parts"
    );
    assert_eq!(entries(dir.path()), FINAL_FILES);
}
