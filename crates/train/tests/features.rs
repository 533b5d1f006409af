#![allow(clippy::unwrap_used)] // test code: a failure should fail the test
//! `corpus-train features` end to end on generated pages: the tables a
//! training run reads, with the feature columns the models are checked
//! against, labels that say which blocks are the article, and the second
//! pass's tables from fold models.

use arrow::array::{Array, Float32Array, StringArray};
use corpus_segment::features::{ContextFeatures, HtmlBlockFeatures, TextLineFeatures};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-train"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn table(path: &Path) -> arrow::record_batch::RecordBatch {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap()
}

fn floats<'a>(batch: &'a arrow::record_batch::RecordBatch, name: &str) -> &'a Float32Array {
    batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .as_any()
        .downcast_ref::<Float32Array>()
        .unwrap()
}

fn feature_names(batch: &arrow::record_batch::RecordBatch) -> Vec<String> {
    const META: [&str; 7] = [
        "page",
        "domain",
        "page_type",
        "block",
        "tokens",
        "truth_tokens",
        "share",
    ];
    batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .filter(|n| !META.contains(&n.as_str()))
        .collect()
}

/// `corpus-train features` on 24 generated pages (seed 3) into `out`,
/// with `extra` arguments.
fn features(out: &str, extra: &[&str]) {
    let mut args = vec!["features", "--generated", "24", "--seed", "3", "--out", out];
    args.extend(extra);
    run(&args);
}

#[test]
fn generated_pages_give_labelled_tables_for_both_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let out_s = out.to_str().unwrap();
    features(out_s, &[]);

    for (file, names) in [
        ("html_blocks.parquet", HtmlBlockFeatures::NAMES),
        ("text_lines.parquet", TextLineFeatures::NAMES),
    ] {
        let batch = table(&out.join(file));
        assert!(batch.num_rows() > 24, "{file}: {} rows", batch.num_rows());
        assert_eq!(feature_names(&batch), names, "{file}");
        // Article paragraphs are content, the sidebars and menus are not.
        let share = floats(&batch, "share");
        let content = share.values().iter().filter(|&&s| s >= 0.5).count();
        assert!(
            content > 0 && content < batch.num_rows(),
            "{file}: {content}"
        );
        assert!(share.values().iter().all(|s| (0.0..=1.0).contains(s)));
        let domain = batch
            .column_by_name("domain")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert!((0..domain.len()).all(|i| domain.value(i) == "generated"));
    }
    assert_eq!(table(&out.join("pages.parquet")).num_rows(), 24);

    // One fold whose first-pass models are the shipped ones.
    let folds = dir.path().join("folds");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../segment/models");
    std::fs::create_dir_all(folds.join("fold-0")).unwrap();
    for name in ["html_block.json", "text_line.json", "page_type.json"] {
        std::fs::copy(models.join(name), folds.join("fold-0").join(name)).unwrap();
    }
    std::fs::write(folds.join("folds.json"), r#"{"generated": 0}"#).unwrap();
    features(out_s, &["--fold-dir", folds.to_str().unwrap()]);
    for (file, first) in [
        ("html_context.parquet", HtmlBlockFeatures::NAMES),
        ("text_context.parquet", TextLineFeatures::NAMES),
    ] {
        let batch = table(&out.join(file));
        // Spelled out here rather than taken from second_pass_names, so the
        // test pins the layout the trainer reads.
        let expected: Vec<&str> = first
            .iter()
            .chain(ContextFeatures::NAMES)
            .copied()
            .collect();
        assert_eq!(feature_names(&batch), expected, "{file}");
        // The first pass's score is a probability, and it tells content
        // from the rest on these pages.
        let score = floats(&batch, "score");
        let share = floats(&batch, "share");
        assert!(score.values().iter().all(|s| (0.0..=1.0).contains(s)));
        let agree = score
            .values()
            .iter()
            .zip(share.values())
            .filter(|(s, l)| (**s >= 0.5) == (**l >= 0.5))
            .count();
        assert!(
            agree * 10 >= batch.num_rows() * 8,
            "{file}: {agree} of {}",
            batch.num_rows()
        );
    }
}

#[test]
fn a_fold_dir_without_its_map_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-train"))
        .args(["features", "--generated", "2", "--out"])
        .arg(dir.path().join("t"))
        .arg("--fold-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("folds.json"), "{err}");
}
