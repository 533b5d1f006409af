//! `blocks.parquet`: one row per labelled block of every document, the
//! segmentation audit trail.

use super::{DictBuilder, TableBuilder, append_dict, dictionary};
use arrow::array::{ArrayBuilder, ArrayRef, BooleanBuilder, StringBuilder, UInt32Builder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
use corpus_core::Document;
use std::sync::Arc;

/// The schema of `blocks.parquet`. `rule` names the segmentation rule that
/// chose the label; `boilerplate` is set by deduplication.
pub fn blocks_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("position", DataType::UInt32, false),
        Field::new("line_start", DataType::UInt32, false),
        Field::new("line_end", DataType::UInt32, false),
        Field::new("label", dictionary(), false),
        Field::new("section", dictionary(), true),
        Field::new("rule", dictionary(), false),
        Field::new("boilerplate", DataType::Boolean, false),
        Field::new("text", DataType::Utf8, false),
    ]))
}

pub(crate) struct BlocksBuilder {
    schema: SchemaRef,
    doc_id: StringBuilder,
    position: UInt32Builder,
    line_start: UInt32Builder,
    line_end: UInt32Builder,
    label: DictBuilder,
    section: DictBuilder,
    rule: DictBuilder,
    boilerplate: BooleanBuilder,
    text: StringBuilder,
}

impl BlocksBuilder {
    pub(crate) fn new() -> Self {
        Self {
            schema: blocks_schema(),
            doc_id: StringBuilder::new(),
            position: UInt32Builder::new(),
            line_start: UInt32Builder::new(),
            line_end: UInt32Builder::new(),
            label: DictBuilder::new(),
            section: DictBuilder::new(),
            rule: DictBuilder::new(),
            boilerplate: BooleanBuilder::new(),
            text: StringBuilder::new(),
        }
    }

    /// Append every block of `doc`.
    pub(crate) fn append(&mut self, doc: &Document) -> Result<(), ArrowError> {
        for block in &doc.blocks {
            self.doc_id.append_value(doc.doc_id.as_str());
            self.position.append_value(block.position);
            self.line_start.append_value(block.line_start);
            self.line_end.append_value(block.line_end);
            append_dict(&mut self.label, Some(block.label.as_str()))?;
            append_dict(&mut self.section, block.section.as_deref())?;
            append_dict(&mut self.rule, Some(&block.rule))?;
            self.boilerplate.append_value(block.boilerplate);
            self.text.append_value(&block.text);
        }
        Ok(())
    }
}

impl TableBuilder for BlocksBuilder {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.position.finish()),
            Arc::new(self.line_start.finish()),
            Arc::new(self.line_end.finish()),
            Arc::new(self.label.finish()),
            Arc::new(self.section.finish()),
            Arc::new(self.rule.finish()),
            Arc::new(self.boilerplate.finish()),
            Arc::new(self.text.finish()),
        ];
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&blocks_schema()));
    }
}
