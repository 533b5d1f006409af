//! Reading a dataset's tables column-wise: only the columns a section needs
//! are decoded, batch by batch, so memory holds one batch of them at a time.
//!
//! A table is one file (`documents.parquet`) or a folder of parts
//! (`documents/part-00000.parquet`, …) whose rows, concatenated in file-name
//! order, are the table's. A scan reads either the same way: the parts one
//! after the other, their row groups numbered as one sequence.

use crate::error::ReportError;
use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, DictionaryArray, Float32Array, RecordBatch,
    StringArray, TimestampMillisecondArray, UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Int32Type, Schema, TimeUnit};
use corpus_export::Table;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowPredicateFn, ParquetRecordBatchReaderBuilder, RowFilter};
use std::fs::File;
use std::ops::{ControlFlow, Range};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per decoded batch: large enough that per-batch work (dictionary
/// lookups) is amortised, small enough to stay a few MB per column.
const BATCH_ROWS: usize = 8192;

/// A dataset directory: the Parquet tables and `manifest.json`.
#[derive(Debug, Clone)]
pub struct Dataset {
    dir: PathBuf,
}

impl Dataset {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The files holding `table`'s rows, in row order: when the folder
    /// `DIR/<table>/` exists, its `part-*.parquet` files by name (other
    /// files, such as the hidden temp files of parts still being written,
    /// are not the table's; a folder without parts is an empty table), else
    /// the one file `DIR/<table>.parquet`.
    pub fn files(&self, table: Table) -> Result<Vec<PathBuf>, ReportError> {
        let folder = self.dir.join(table.name());
        if folder.is_dir() {
            let mut parts = Vec::new();
            for entry in std::fs::read_dir(&folder).map_err(ReportError::io(&folder))? {
                let entry = entry.map_err(ReportError::io(&folder))?;
                let name = entry.file_name();
                let is_part = name
                    .to_str()
                    .is_some_and(|name| name.starts_with("part-") && name.ends_with(".parquet"));
                if is_part {
                    parts.push(entry.path());
                }
            }
            parts.sort();
            return Ok(parts);
        }
        let file = self.dir.join(table.file_name());
        match file.exists() {
            true => Ok(vec![file]),
            false => Err(ReportError::NoTable {
                dir: self.dir.clone(),
                table: table.name(),
            }),
        }
    }

    /// A scan of `table` decoding only `columns`; names a file lacks are
    /// left out (columns added in later versions, such as `page_type`), so
    /// a section asks the batch and says what it could not find.
    pub(crate) fn scan<'a>(&'a self, table: Table, columns: &'a [&'a str]) -> Scan<'a> {
        Scan {
            dataset: self,
            table,
            columns,
            keep: None,
            row_groups: None,
        }
    }

    /// The number of row groups of `table`, over all its files.
    pub(crate) fn row_groups(&self, table: Table) -> Result<usize, ReportError> {
        let mut groups = 0;
        for path in self.files(table)? {
            groups += open(&path)?.metadata().num_row_groups();
        }
        Ok(groups)
    }
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>, ReportError> {
    let file = File::open(path).map_err(ReportError::io(path))?;
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|source| ReportError::Parquet {
        path: path.to_path_buf(),
        source,
    })
}

/// Shared by the readers of every file of a table.
type Keep = Arc<dyn Fn(&ArrayRef) -> BooleanArray + Send + Sync>;

pub(crate) struct Scan<'a> {
    dataset: &'a Dataset,
    table: Table,
    columns: &'a [&'a str],
    keep: Option<(&'a str, Keep)>,
    row_groups: Option<Range<usize>>,
}

impl Scan<'_> {
    /// Decode the other columns only for rows where `keep` is true of
    /// `column`: Parquet skips the rest, so a rare flag (boilerplate) does
    /// not cost a whole text column.
    pub(crate) fn keep_where(
        mut self,
        column: &'static str,
        keep: impl Fn(&ArrayRef) -> BooleanArray + Send + Sync + 'static,
    ) -> Self {
        self.keep = Some((column, Arc::new(keep)));
        self
    }

    /// Read only these row groups, so that threads can share a table. They
    /// are numbered over the table's files in order, as
    /// [`Dataset::row_groups`] counts them.
    pub(crate) fn row_groups(mut self, row_groups: Range<usize>) -> Self {
        self.row_groups = Some(row_groups);
        self
    }

    /// Visit every batch, file after file, until `visit` breaks.
    pub(crate) fn for_each(
        self,
        mut visit: impl FnMut(&Batch<'_>) -> Result<ControlFlow<()>, ReportError>,
    ) -> Result<(), ReportError> {
        // The table-wide number of the current file's first row group.
        let mut first = 0;
        for path in self.dataset.files(self.table)? {
            let builder = open(&path)?;
            let groups = builder.metadata().num_row_groups();
            let wanted = self.row_groups.as_ref().map(|range| {
                let local = range.start.max(first)..range.end.min(first + groups);
                local.map(|group| group - first).collect::<Vec<_>>()
            });
            first += groups;
            if wanted.as_ref().is_some_and(Vec::is_empty) {
                continue;
            }
            if self.read(&path, builder, wanted, &mut visit)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Visit the batches of one file's `row_groups` (all when `None`).
    fn read(
        &self,
        path: &Path,
        mut builder: ParquetRecordBatchReaderBuilder<File>,
        row_groups: Option<Vec<usize>>,
        visit: &mut impl FnMut(&Batch<'_>) -> Result<ControlFlow<()>, ReportError>,
    ) -> Result<ControlFlow<()>, ReportError> {
        let parquet_error = |source| ReportError::Parquet {
            path: path.to_path_buf(),
            source,
        };
        let schema = builder.schema().clone();
        let mut wanted = root_indexes(&schema, self.columns.iter().copied());
        if let Some((column, keep)) = &self.keep {
            let filter_root = root_indexes(&schema, [*column]);
            if filter_root.is_empty() {
                return Err(ReportError::Column {
                    path: path.to_path_buf(),
                    column: column.to_string(),
                });
            }
            wanted.extend(&filter_root);
            let mask = ProjectionMask::roots(builder.parquet_schema(), filter_root);
            let keep = Arc::clone(keep);
            let predicate =
                ArrowPredicateFn::new(mask, move |batch: RecordBatch| Ok(keep(batch.column(0))));
            builder = builder.with_row_filter(RowFilter::new(vec![Box::new(predicate)]));
        }
        let mask = ProjectionMask::roots(builder.parquet_schema(), wanted);
        builder = builder.with_projection(mask).with_batch_size(BATCH_ROWS);
        if let Some(row_groups) = row_groups {
            builder = builder.with_row_groups(row_groups);
        }
        let reader = builder.build().map_err(parquet_error)?;
        for batch in reader {
            let batch = batch.map_err(|source| ReportError::Arrow {
                path: path.to_path_buf(),
                source,
            })?;
            if visit(&Batch {
                batch: &batch,
                path,
            })?
            .is_break()
            {
                return Ok(ControlFlow::Break(()));
            }
        }
        Ok(ControlFlow::Continue(()))
    }
}

/// The indexes of the named top-level columns the schema has.
fn root_indexes<'n>(schema: &Schema, names: impl IntoIterator<Item = &'n str>) -> Vec<usize> {
    names
        .into_iter()
        .filter_map(|name| schema.index_of(name).ok())
        .collect()
}

/// One decoded batch of a table, its columns looked up by name.
pub(crate) struct Batch<'a> {
    batch: &'a RecordBatch,
    path: &'a Path,
}

impl<'a> Batch<'a> {
    pub(crate) fn len(&self) -> usize {
        self.batch.num_rows()
    }

    fn missing(&self, column: &str) -> ReportError {
        ReportError::Column {
            path: self.path.to_path_buf(),
            column: column.to_string(),
        }
    }

    /// The column when the file has it (optional columns).
    pub(crate) fn has(&self, column: &str) -> bool {
        self.batch.column_by_name(column).is_some()
    }

    fn typed<T: 'static>(
        &self,
        column: &str,
        cast: impl FnOnce(&'a ArrayRef) -> Option<&'a T>,
    ) -> Result<&'a T, ReportError> {
        self.batch
            .column_by_name(column)
            .and_then(cast)
            .ok_or_else(|| self.missing(column))
    }

    pub(crate) fn str(&self, column: &str) -> Result<StrColumn<'a>, ReportError> {
        let array = self
            .batch
            .column_by_name(column)
            .ok_or_else(|| self.missing(column))?;
        match array.data_type() {
            DataType::Utf8 => Ok(StrColumn::Plain(array.as_string::<i32>())),
            DataType::Dictionary(key, value)
                if **key == DataType::Int32 && **value == DataType::Utf8 =>
            {
                let dict: &DictionaryArray<Int32Type> = array.as_dictionary();
                let values = dict
                    .values()
                    .as_string_opt::<i32>()
                    .ok_or_else(|| self.missing(column))?;
                Ok(StrColumn::Dict(dict, values))
            }
            _ => Err(self.missing(column)),
        }
    }

    /// A string column the file may not have.
    pub(crate) fn opt_str(&self, column: &str) -> Result<Option<StrColumn<'a>>, ReportError> {
        match self.has(column) {
            true => self.str(column).map(Some),
            false => Ok(None),
        }
    }

    pub(crate) fn u32(&self, column: &str) -> Result<&'a UInt32Array, ReportError> {
        self.typed(column, |a| a.as_any().downcast_ref())
    }

    pub(crate) fn u64(&self, column: &str) -> Result<&'a UInt64Array, ReportError> {
        self.typed(column, |a| a.as_any().downcast_ref())
    }

    pub(crate) fn f32(&self, column: &str) -> Result<&'a Float32Array, ReportError> {
        self.typed(column, |a| a.as_any().downcast_ref())
    }

    pub(crate) fn bool(&self, column: &str) -> Result<&'a BooleanArray, ReportError> {
        self.typed(column, |a| a.as_any().downcast_ref())
    }

    /// A timestamp column in milliseconds (any zone: the values are instants).
    pub(crate) fn timestamp_ms(
        &self,
        column: &str,
    ) -> Result<&'a TimestampMillisecondArray, ReportError> {
        self.typed(column, |a| match a.data_type() {
            DataType::Timestamp(TimeUnit::Millisecond, _) => a.as_any().downcast_ref(),
            _ => None,
        })
    }

    /// The number of elements in each row of a list column.
    pub(crate) fn list_lengths(
        &self,
        column: &str,
    ) -> Result<impl Iterator<Item = usize> + 'a, ReportError> {
        let list = self.typed(column, |a| a.as_list_opt::<i32>())?;
        Ok(list
            .offsets()
            .windows(2)
            .map(|w| usize::try_from(w[1] - w[0]).unwrap_or(0)))
    }

    /// The strings of a `list<string>` column, flattened: every element of
    /// every row.
    pub(crate) fn list_values(&self, column: &str) -> Result<&'a StringArray, ReportError> {
        self.typed(column, |a| {
            a.as_list_opt::<i32>()
                .and_then(|list| list.values().as_string_opt::<i32>())
        })
    }
}

/// A string column, plain or dictionary-encoded.
#[derive(Clone, Copy)]
pub(crate) enum StrColumn<'a> {
    Plain(&'a StringArray),
    Dict(&'a DictionaryArray<Int32Type>, &'a StringArray),
}

impl<'a> StrColumn<'a> {
    pub(crate) fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            StrColumn::Plain(array) => array.is_valid(row).then(|| array.value(row)),
            StrColumn::Dict(dict, values) => {
                if dict.is_null(row) {
                    return None;
                }
                let key = usize::try_from(dict.keys().value(row)).ok()?;
                (key < values.len() && values.is_valid(key)).then(|| values.value(key))
            }
        }
    }
}
