//! One module per output table: its schema function and a builder that
//! buffers rows and turns them into a [`RecordBatch`].

use arrow::array::{ListBuilder, StringBuilder, StringDictionaryBuilder};
use arrow::datatypes::{DataType, Field, Int32Type, TimeUnit};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
use std::fmt;

pub mod blocks;
pub mod documents;
pub mod duplicates;
pub mod rejects;
pub mod sidebar_links;

/// The tables of a dataset, in the order they are written and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Documents,
    Blocks,
    SidebarLinks,
    Duplicates,
    Rejects,
}

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Documents,
        Table::Blocks,
        Table::SidebarLinks,
        Table::Duplicates,
        Table::Rejects,
    ];

    /// The table's name, as used in the manifest and the summary.
    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Blocks => "blocks",
            Table::SidebarLinks => "sidebar_links",
            Table::Duplicates => "duplicates",
            Table::Rejects => "rejects",
        }
    }

    /// The file the table is written to, inside the output directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Documents => "documents.parquet",
            Table::Blocks => "blocks.parquet",
            Table::SidebarLinks => "sidebar_links.parquet",
            Table::Duplicates => "duplicates.parquet",
            Table::Rejects => "rejects.parquet",
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Buffers the rows of one table until the writer asks for a batch.
pub(crate) trait TableBuilder {
    /// The schema of the batches it makes.
    fn schema(&self) -> arrow::datatypes::SchemaRef;

    /// Rows buffered since the last [`TableBuilder::finish`].
    fn len(&self) -> usize;

    /// Turn the buffered rows into a batch and start empty again.
    fn finish(&mut self) -> Result<RecordBatch, ArrowError>;
}

/// Low-cardinality strings (labels, kinds, encodings): each batch stores the
/// distinct values once and an `Int32` key per row.
pub(crate) type DictBuilder = StringDictionaryBuilder<Int32Type>;

pub(crate) fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// A list of non-null strings. The list itself is never null: a document
/// without repairs has an empty list.
pub(crate) fn string_list() -> DataType {
    DataType::List(string_list_item().into())
}

fn string_list_item() -> Field {
    Field::new_list_field(DataType::Utf8, false)
}

pub(crate) fn string_list_builder() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(string_list_item())
}

/// A timestamp column: `unit` since the epoch (an instant), annotated with the
/// zone readers should display it in.
pub(crate) fn timestamp(unit: TimeUnit, tz: &str) -> DataType {
    DataType::Timestamp(unit, Some(tz.into()))
}

pub(crate) fn append_dict(
    builder: &mut DictBuilder,
    value: Option<&str>,
) -> Result<(), ArrowError> {
    match value {
        Some(value) => builder.append(value).map(drop),
        None => {
            builder.append_null();
            Ok(())
        }
    }
}

/// Counts are `UInt32`; a count that does not fit (over four billion words
/// in one page) saturates rather than wrapping.
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One line per field: `name: type` plus `not null` when it cannot be null.
/// The form the schema snapshots are taken in.
#[cfg(test)]
pub(crate) fn describe(schema: &arrow::datatypes::Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f| {
            let null = if f.is_nullable() { "" } else { " not null" };
            format!("{}: {}{null}\n", f.name(), f.data_type())
        })
        .collect()
}
