//! `rejects.parquet`: one row per input that did not become a document.

use super::{DictBuilder, append_dict, dictionary, table_builder};
use arrow::array::{StringBuilder, UInt64Builder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
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

table_builder! {
    pub(crate) struct RejectsBuilder() = rejects_schema();
    {
        source: StringBuilder = StringBuilder::new(),
        stage: DictBuilder = DictBuilder::new(),
        kind: DictBuilder = DictBuilder::new(),
        message: StringBuilder = StringBuilder::new(),
        byte_length: UInt64Builder = UInt64Builder::new(),
    }
}

impl RejectsBuilder {
    pub(crate) fn append(&mut self, reject: &Reject) -> Result<(), ArrowError> {
        self.source.append_value(&reject.source);
        append_dict(&mut self.stage, Some(&reject.stage))?;
        append_dict(&mut self.kind, Some(reject.kind.as_str()))?;
        self.message.append_value(&reject.message);
        self.byte_length.append_option(reject.byte_len);
        Ok(())
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
