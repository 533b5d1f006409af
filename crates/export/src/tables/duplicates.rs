//! `duplicates.parquet`: one row per member of a duplicate cluster,
//! representatives included, whether or not the member was exported to
//! `documents.parquet`.

use super::{DictBuilder, append_dict, dictionary, table_builder};
use arrow::array::{BooleanBuilder, Float32Builder, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use corpus_core::Document;
use std::sync::Arc;

/// The schema of `duplicates.parquet`. `kind` is null exactly for the
/// representative (`is_representative`), as in [`corpus_core::DuplicateInfo`].
pub fn duplicates_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("cluster_id", DataType::Utf8, false),
        Field::new("representative", DataType::Utf8, false),
        Field::new("is_representative", DataType::Boolean, false),
        Field::new("kind", dictionary(), true),
        Field::new("similarity", DataType::Float32, false),
    ]))
}

table_builder! {
    pub(crate) struct DuplicatesBuilder() = duplicates_schema();
    {
        doc_id: StringBuilder = StringBuilder::new(),
        source: StringBuilder = StringBuilder::new(),
        cluster_id: StringBuilder = StringBuilder::new(),
        representative: StringBuilder = StringBuilder::new(),
        is_representative: BooleanBuilder = BooleanBuilder::new(),
        kind: DictBuilder = DictBuilder::new(),
        similarity: Float32Builder = Float32Builder::new(),
    }
}

impl DuplicatesBuilder {
    /// Append a row if `doc` belongs to a duplicate cluster.
    pub(crate) fn append(&mut self, doc: &Document) -> Result<(), ArrowError> {
        let Some(dup) = &doc.duplicate else {
            return Ok(());
        };
        self.doc_id.append_value(doc.doc_id.as_str());
        self.source.append_value(&doc.source);
        self.cluster_id.append_value(dup.cluster_id.as_str());
        self.representative
            .append_value(dup.representative.as_str());
        self.is_representative.append_value(dup.kind.is_none());
        append_dict(&mut self.kind, dup.kind.map(|k| k.as_str()))?;
        self.similarity.append_value(dup.similarity);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&duplicates_schema()));
    }
}
