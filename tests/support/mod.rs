//! Helpers shared by the end-to-end tests: run the binary, read tables back.

use arrow::array::{Array, AsArray, RecordBatch, RecordBatchReader};
use arrow::compute::{cast, concat_batches};
use arrow::datatypes::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const TABLES: [&str; 5] = [
    "documents",
    "blocks",
    "sidebar_links",
    "duplicates",
    "rejects",
];

pub fn corpus() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corpus"));
    cmd.env_remove("RUST_LOG");
    cmd
}

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seeds ingested into a new temp dir, with `flags` added.
pub fn ingest_seeds(flags: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let (seeds, out_dir) = (seeds_dir(), out.path().to_path_buf());
    let mut args = vec![
        "ingest",
        seeds.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(flags);
    run_ok(&args);
    out
}

/// Run `corpus` with `args`; panics with its stderr when it fails.
pub fn run_ok(args: &[&str]) -> Output {
    let output = corpus()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("corpus runs");
    assert!(
        output.status.success(),
        "corpus {args:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The five tables of two datasets hold the same rows, in the same order.
pub fn assert_same_dataset(a: &Path, b: &Path) {
    for table in TABLES {
        let left = read_table(a, table);
        let right = read_table(b, table);
        assert_eq!(left.schema(), right.schema(), "{table}: schemas differ");
        assert_eq!(left, right, "{table}: rows differ");
    }
}

/// Every row of one table, in one batch: its file, or the part files of its
/// folder in name order.
pub fn read_table(dir: &Path, table: &str) -> RecordBatch {
    let folder = dir.join(table);
    let paths: Vec<PathBuf> = match folder.is_dir() {
        true => {
            let mut parts: Vec<PathBuf> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    name.starts_with("part-") && name.ends_with(".parquet")
                })
                .collect();
            parts.sort();
            parts
        }
        false => vec![dir.join(format!("{table}.parquet"))],
    };
    let mut schema = None;
    let mut batches = Vec::new();
    for path in paths {
        let file = File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        schema = Some(reader.schema());
        batches.extend(reader.map(Result::unwrap));
    }
    concat_batches(&schema.unwrap(), &batches).unwrap()
}

/// `pages` generated pages (seed 5) written under `dir`.
pub fn generated_pages(dir: &Path, pages: usize) {
    let config = corpus_generate::GenerateConfig {
        pages,
        seed: 5,
        ..Default::default()
    };
    for (path, page) in corpus_generate::pages(&config) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, page).unwrap();
    }
}

/// A string column (plain or dictionary-encoded) as `Option<String>`s.
pub fn strings(batch: &RecordBatch, column: &str) -> Vec<Option<String>> {
    let array = batch
        .column_by_name(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let array = cast(array, &DataType::Utf8).unwrap();
    let array = array.as_string::<i32>();
    (0..array.len())
        .map(|i| array.is_valid(i).then(|| array.value(i).to_string()))
        .collect()
}

/// A non-null string column.
pub fn strs(batch: &RecordBatch, column: &str) -> Vec<String> {
    strings(batch, column)
        .into_iter()
        .map(|s| s.unwrap_or_else(|| panic!("null in {column}")))
        .collect()
}
