//! `rejects.parquet`: one row per input that did not become a document.

use super::{DictBuilder, TableBuilder, append_dict, dictionary};
use arrow::array::{ArrayBuilder, ArrayRef, StringBuilder, UInt64Builder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
use corpus_core::Reject;
use std::sync::Arc;

/// The schema of `rejects.parquet`. `kind` is a [`corpus_core::RejectKind`]
/// name; `byte_length` is null when the input could not even be sized.
pub fn rejects_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("source", DataType::Utf8, false),
        Field::new("stage", dictionary(), false),
        Field::new("kind", dictionary(), false),
        Field::new("message", DataType::Utf8, false),
        Field::new("byte_length", DataType::UInt64, true),
    ]))
}

pub(crate) struct RejectsBuilder {
    schema: SchemaRef,
    source: StringBuilder,
    stage: DictBuilder,
    kind: DictBuilder,
    message: StringBuilder,
    byte_length: UInt64Builder,
}

impl RejectsBuilder {
    pub(crate) fn new() -> Self {
        Self {
            schema: rejects_schema(),
            source: StringBuilder::new(),
            stage: DictBuilder::new(),
            kind: DictBuilder::new(),
            message: StringBuilder::new(),
            byte_length: UInt64Builder::new(),
        }
    }

    pub(crate) fn append(&mut self, reject: &Reject) -> Result<(), ArrowError> {
        self.source.append_value(&reject.source);
        append_dict(&mut self.stage, Some(&reject.stage))?;
        append_dict(&mut self.kind, Some(reject.kind.as_str()))?;
        self.message.append_value(&reject.message);
        self.byte_length.append_option(reject.byte_len);
        Ok(())
    }
}

impl TableBuilder for RejectsBuilder {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn len(&self) -> usize {
        self.source.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.source.finish()),
            Arc::new(self.stage.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.message.finish()),
            Arc::new(self.byte_length.finish()),
        ];
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&rejects_schema()));
    }
}
