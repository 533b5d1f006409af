//! `sidebar_links.parquet`: one row per sidebar list item ("Latest News",
//! "Related News"...) of every document.

use super::{DictBuilder, TableBuilder, append_dict, dictionary, timestamp};
use arrow::array::{
    ArrayBuilder, ArrayRef, StringBuilder, TimestampMillisecondBuilder, UInt32Builder,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use arrow::error::ArrowError;
use arrow::record_batch::RecordBatch;
use corpus_core::Document;
use std::sync::Arc;

/// The schema of `sidebar_links.parquet`. `published_at` is the instant the
/// page printed, stored as epoch milliseconds and annotated with `tz`, the
/// site's zone, so readers display the local time the page showed.
pub fn sidebar_links_schema(tz: &str) -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("section", dictionary(), false),
        Field::new("position", DataType::UInt32, false),
        Field::new("headline", DataType::Utf8, false),
        Field::new("published_at", timestamp(TimeUnit::Millisecond, tz), true),
        Field::new("category", dictionary(), true),
    ]))
}

pub(crate) struct SidebarLinksBuilder {
    schema: SchemaRef,
    doc_id: StringBuilder,
    section: DictBuilder,
    position: UInt32Builder,
    headline: StringBuilder,
    published_at: TimestampMillisecondBuilder,
    category: DictBuilder,
}

impl SidebarLinksBuilder {
    pub(crate) fn new(tz: &str) -> Self {
        Self {
            schema: sidebar_links_schema(tz),
            doc_id: StringBuilder::new(),
            section: DictBuilder::new(),
            position: UInt32Builder::new(),
            headline: StringBuilder::new(),
            published_at: TimestampMillisecondBuilder::new().with_timezone(tz),
            category: DictBuilder::new(),
        }
    }

    /// Append every sidebar item of `doc`.
    pub(crate) fn append(&mut self, doc: &Document) -> Result<(), ArrowError> {
        for item in &doc.sidebar {
            self.doc_id.append_value(doc.doc_id.as_str());
            append_dict(&mut self.section, Some(&item.section))?;
            self.position.append_value(item.position);
            self.headline.append_value(&item.headline);
            self.published_at
                .append_option(item.published_at.map(|t| t.timestamp_millis()));
            append_dict(&mut self.category, item.category.as_deref())?;
        }
        Ok(())
    }
}

impl TableBuilder for SidebarLinksBuilder {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn len(&self) -> usize {
        self.doc_id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.section.finish()),
            Arc::new(self.position.finish()),
            Arc::new(self.headline.finish()),
            Arc::new(self.published_at.finish()),
            Arc::new(self.category.finish()),
        ];
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&sidebar_links_schema(
            "Asia/Ho_Chi_Minh"
        )));
    }
}
