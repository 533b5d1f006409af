//! `sidebar_links.parquet`: one row per sidebar list item ("Latest News",
//! "Related News"...) of every document.

use super::{DictBuilder, append_dict, dictionary, table_builder, timestamp};
use arrow::array::{StringBuilder, TimestampMillisecondBuilder, UInt32Builder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use arrow::error::ArrowError;
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

table_builder! {
    pub(crate) struct SidebarLinksBuilder(tz: &str) = sidebar_links_schema(tz);
    {
        doc_id: StringBuilder = StringBuilder::new(),
        section: DictBuilder = DictBuilder::new(),
        position: UInt32Builder = UInt32Builder::new(),
        headline: StringBuilder = StringBuilder::new(),
        published_at: TimestampMillisecondBuilder =
            TimestampMillisecondBuilder::new().with_timezone(tz),
        category: DictBuilder = DictBuilder::new(),
    }
}

impl SidebarLinksBuilder {
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
