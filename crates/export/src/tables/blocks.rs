//! `blocks.parquet`: one row per labelled block of every document, the
//! segmentation audit trail.

use super::{DictBuilder, append_dict, dictionary, table_builder};
use arrow::array::{BooleanBuilder, StringBuilder, UInt32Builder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
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

table_builder! {
    pub(crate) struct BlocksBuilder() = blocks_schema();
    {
        doc_id: StringBuilder = StringBuilder::new(),
        position: UInt32Builder = UInt32Builder::new(),
        line_start: UInt32Builder = UInt32Builder::new(),
        line_end: UInt32Builder = UInt32Builder::new(),
        label: DictBuilder = DictBuilder::new(),
        section: DictBuilder = DictBuilder::new(),
        rule: DictBuilder = DictBuilder::new(),
        boilerplate: BooleanBuilder = BooleanBuilder::new(),
        text: StringBuilder = StringBuilder::new(),
    }
}

impl BlocksBuilder {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&blocks_schema()));
    }
}
