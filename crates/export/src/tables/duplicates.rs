//! `duplicates.parquet`: one row per member of a duplicate cluster,
//! representatives included, whether or not the member was exported to
//! `documents.parquet`.

use super::{DictBuilder, TableBuilder, append_dict, dictionary};
use arrow::array::{ArrayBuilder, ArrayRef, BooleanBuilder, Float32Builder, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
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

pub(crate) struct DuplicatesBuilder {
    schema: SchemaRef,
    doc_id: StringBuilder,
    source: StringBuilder,
    cluster_id: StringBuilder,
    representative: StringBuilder,
    is_representative: BooleanBuilder,
    kind: DictBuilder,
    similarity: Float32Builder,
}

impl DuplicatesBuilder {
    pub(crate) fn new() -> Self {
        Self {
            schema: duplicates_schema(),
            doc_id: StringBuilder::new(),
            source: StringBuilder::new(),
            cluster_id: StringBuilder::new(),
            representative: StringBuilder::new(),
            is_representative: BooleanBuilder::new(),
            kind: DictBuilder::new(),
            similarity: Float32Builder::new(),
        }
    }

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

impl TableBuilder for DuplicatesBuilder {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.cluster_id.finish()),
            Arc::new(self.representative.finish()),
            Arc::new(self.is_representative.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.similarity.finish()),
        ];
        RecordBatch::try_new(self.schema.clone(), columns)
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
