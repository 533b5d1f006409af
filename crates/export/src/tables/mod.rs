//! One module per output table: its schema function and a builder that
//! buffers rows and turns them into a [`RecordBatch`].

use arrow::array::{ArrayBuilder, ArrayRef, ListBuilder, StringBuilder, StringDictionaryBuilder};
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

/// The builder of one or more adjacent columns of a table: any Arrow
/// builder is one column; a table's own compound builders (documents'
/// captions, its quality signals) implement it to give theirs.
pub(crate) trait Column {
    /// Rows appended since the last [`Column::finish_into`].
    fn rows(&self) -> usize;

    /// Push the finished column (or columns, in schema order) and start
    /// empty again.
    fn finish_into(&mut self, columns: &mut Vec<ArrayRef>) -> Result<(), ArrowError>;
}

impl<B: ArrayBuilder> Column for B {
    fn rows(&self) -> usize {
        ArrayBuilder::len(self)
    }

    fn finish_into(&mut self, columns: &mut Vec<ArrayRef>) -> Result<(), ArrowError> {
        columns.push(ArrayBuilder::finish(self));
        Ok(())
    }
}

/// Declares a table's builder once: its columns' builders in schema order,
/// each with the expression that makes it empty. The struct, `new` (with
/// the given arguments, which the schema call and the initial values may
/// use), and [`TableBuilder`] (`schema`, `len` from the first column,
/// `finish` through [`Column`]) follow from that one list, so a column
/// cannot be built and left out of the batch, or finished out of order.
/// Each table still states its schema in its own function, which the
/// snapshot tests show; `every_builder_finishes_batches_of_its_schema`
/// checks that the two agree.
macro_rules! table_builder {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($($arg:ident: $arg_ty:ty),*) = $schema:expr;
        {
            $first:ident: $first_ty:ty = $first_init:expr,
            $($field:ident: $ty:ty = $init:expr,)*
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            schema: arrow::datatypes::SchemaRef,
            $first: $first_ty,
            $($field: $ty,)*
        }

        impl $name {
            $vis fn new($($arg: $arg_ty),*) -> Self {
                Self {
                    schema: $schema,
                    $first: $first_init,
                    $($field: $init,)*
                }
            }
        }

        impl $crate::tables::TableBuilder for $name {
            fn schema(&self) -> arrow::datatypes::SchemaRef {
                self.schema.clone()
            }

            fn len(&self) -> usize {
                $crate::tables::Column::rows(&self.$first)
            }

            fn finish(&mut self) -> Result<arrow::record_batch::RecordBatch, arrow::error::ArrowError> {
                let mut columns = Vec::with_capacity(self.schema.fields().len());
                $crate::tables::Column::finish_into(&mut self.$first, &mut columns)?;
                $($crate::tables::Column::finish_into(&mut self.$field, &mut columns)?;)*
                arrow::record_batch::RecordBatch::try_new(self.schema.clone(), columns)
            }
        }
    };
}
pub(crate) use table_builder;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each builder's columns, finished in its declared order, are its
    /// schema's: a builder out of step with its schema fails here before
    /// it fails a run.
    #[test]
    fn every_builder_finishes_batches_of_its_schema() {
        fn check(table: &str, mut builder: impl TableBuilder, schema: arrow::datatypes::SchemaRef) {
            let batch = builder
                .finish()
                .unwrap_or_else(|err| panic!("{table}: {err}"));
            assert_eq!(batch.num_rows(), 0, "{table}");
            assert_eq!(batch.schema(), schema, "{table}");
            assert_eq!(builder.schema(), schema, "{table}");
        }
        let tz = "Asia/Ho_Chi_Minh";
        check(
            "documents",
            documents::DocumentsBuilder::new(tz),
            documents::documents_schema(tz),
        );
        check(
            "blocks",
            blocks::BlocksBuilder::new(),
            blocks::blocks_schema(),
        );
        check(
            "sidebar_links",
            sidebar_links::SidebarLinksBuilder::new(tz),
            sidebar_links::sidebar_links_schema(tz),
        );
        check(
            "duplicates",
            duplicates::DuplicatesBuilder::new(),
            duplicates::duplicates_schema(),
        );
        check(
            "rejects",
            rejects::RejectsBuilder::new(),
            rejects::rejects_schema(),
        );
    }
}
