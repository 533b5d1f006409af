//! `documents.parquet`: one row per document.

use super::{
    Column, DictBuilder, append_dict, count, dictionary, string_list, string_list_builder,
    table_builder, timestamp,
};
use arrow::array::{
    ArrayBuilder, ArrayRef, BooleanBuilder, Float32Builder, ListArray, ListBuilder, StringBuilder,
    StructArray, TimestampMicrosecondBuilder, TimestampMillisecondBuilder, UInt32Builder,
    UInt64Builder,
};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use arrow::error::ArrowError;
use corpus_core::{Document, QualitySignals, SignalKind, SignalValue};
use std::sync::Arc;

/// The schema of `documents.parquet`. `tz` annotates `latest_sidebar_at`,
/// which comes from the site; `fetched_at` is always UTC.
///
/// Body-derived columns (`body`, `word_count`, `char_count`, `body_hash`) are
/// what the [`Document`] methods of the same names return, so they agree with
/// what deduplication saw. The `duplicate_*` columns are null for documents outside
/// any cluster; `duplicate_of` is set only on members that are not the
/// representative. `metadata` is the input's own fields that `read` did not
/// use (a JSONL record's other keys), as a JSON object text, null when there
/// are none: a string column that DuckDB (`json_extract`), pandas
/// (`json.loads`) and Polars (`str.json_decode`) all read without a schema
/// of its keys, which differ from source to source.
pub fn documents_schema(tz: &str) -> SchemaRef {
    let mut fields = vec![
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("format", dictionary(), false),
        Field::new("url", DataType::Utf8, true),
        Field::new("fetched_at", timestamp(TimeUnit::Microsecond, "UTC"), true),
        Field::new("encoding", dictionary(), true),
        Field::new("encoding_source", dictionary(), true),
        Field::new("byte_length", DataType::UInt64, false),
        Field::new("raw_hash", DataType::Utf8, false),
        Field::new("repairs", string_list(), false),
        Field::new("title", DataType::Utf8, true),
        Field::new("page_type", dictionary(), true),
        Field::new("language", dictionary(), true),
        Field::new("language_score", DataType::Float32, true),
        Field::new("body", DataType::Utf8, false),
        Field::new("paragraph_count", DataType::UInt32, false),
        Field::new("captions", DataType::List(caption_item().into()), false),
        Field::new("related_links", string_list(), false),
        Field::new("sidebar_item_count", DataType::UInt32, false),
        Field::new("word_count", DataType::UInt32, false),
        Field::new("char_count", DataType::UInt32, false),
        Field::new("body_hash", DataType::Utf8, false),
        Field::new("duplicate_cluster", DataType::Utf8, true),
        Field::new("duplicate_of", DataType::Utf8, true),
        Field::new("duplicate_kind", dictionary(), true),
        Field::new("is_duplicate", DataType::Boolean, false),
        Field::new("duplicate_similarity", DataType::Float32, true),
        Field::new(
            "latest_sidebar_at",
            timestamp(TimeUnit::Millisecond, tz),
            true,
        ),
    ];
    fields.extend(SignalsBuilder::fields());
    fields.push(Field::new("filtered_by", string_list(), false));
    fields.push(Field::new("metadata", DataType::Utf8, true));
    Arc::new(Schema::new(fields))
}

fn caption_fields() -> Fields {
    Fields::from(vec![
        Field::new("text", DataType::Utf8, false),
        Field::new("credit", DataType::Utf8, true),
    ])
}

fn caption_item() -> Field {
    Field::new_list_field(DataType::Struct(caption_fields()), false)
}

/// `captions` as three flat buffers, assembled into a `List<Struct>` at
/// [`TableBuilder::finish`]: simpler than a nested builder and needs no
/// downcasting.
#[derive(Default)]
struct CaptionsBuilder {
    lengths: Vec<usize>,
    text: StringBuilder,
    credit: StringBuilder,
}

impl CaptionsBuilder {
    fn append(&mut self, doc: &Document) {
        for caption in &doc.captions {
            self.text.append_value(&caption.text);
            self.credit.append_option(caption.credit.as_deref());
        }
        self.lengths.push(doc.captions.len());
    }
}

impl Column for CaptionsBuilder {
    fn rows(&self) -> usize {
        self.lengths.len()
    }

    fn finish_into(&mut self, columns: &mut Vec<ArrayRef>) -> Result<(), ArrowError> {
        let items = StructArray::try_new(
            caption_fields(),
            vec![
                Arc::new(self.text.finish()) as ArrayRef,
                Arc::new(self.credit.finish()),
            ],
            None,
        )?;
        let offsets = OffsetBuffer::<i32>::try_from_lengths(std::mem::take(&mut self.lengths))
            .map_err(|err| ArrowError::InvalidArgumentError(format!("captions: {err}")))?;
        columns.push(Arc::new(ListArray::try_new(
            caption_item().into(),
            offsets,
            Arc::new(items),
            None,
        )?));
        Ok(())
    }
}

/// The quality signals, one column each as [`QualitySignals::COLUMNS`]
/// declares them; null where the signals stage did not run.
struct SignalsBuilder {
    columns: Vec<SignalColumn>,
    rows: usize,
}

enum SignalColumn {
    Count(UInt32Builder),
    Share(Float32Builder),
    Flag(BooleanBuilder),
}

impl SignalColumn {
    fn builder_mut(&mut self) -> &mut dyn ArrayBuilder {
        match self {
            SignalColumn::Count(b) => b,
            SignalColumn::Share(b) => b,
            SignalColumn::Flag(b) => b,
        }
    }
}

impl SignalsBuilder {
    fn fields() -> impl Iterator<Item = Field> {
        QualitySignals::COLUMNS.iter().map(|&(name, kind)| {
            let data_type = match kind {
                SignalKind::Count => DataType::UInt32,
                SignalKind::Share => DataType::Float32,
                SignalKind::Flag => DataType::Boolean,
            };
            Field::new(name, data_type, true)
        })
    }

    fn new() -> Self {
        let columns = QualitySignals::COLUMNS
            .iter()
            .map(|&(_, kind)| match kind {
                SignalKind::Count => SignalColumn::Count(UInt32Builder::new()),
                SignalKind::Share => SignalColumn::Share(Float32Builder::new()),
                SignalKind::Flag => SignalColumn::Flag(BooleanBuilder::new()),
            })
            .collect();
        Self { columns, rows: 0 }
    }

    fn append(&mut self, signals: Option<&QualitySignals>) {
        self.rows += 1;
        let Some(signals) = signals else {
            for column in &mut self.columns {
                match column {
                    SignalColumn::Count(b) => b.append_null(),
                    SignalColumn::Share(b) => b.append_null(),
                    SignalColumn::Flag(b) => b.append_null(),
                }
            }
            return;
        };
        for (column, value) in self.columns.iter_mut().zip(signals.values()) {
            match (column, value) {
                (SignalColumn::Count(b), SignalValue::Count(v)) => b.append_value(v),
                (SignalColumn::Share(b), SignalValue::Share(v)) => b.append_value(v),
                (SignalColumn::Flag(b), SignalValue::Flag(v)) => b.append_value(v),
                // COLUMNS and values() come from one declaration.
                _ => unreachable!("signal column and value kinds differ"),
            }
        }
    }
}

impl Column for SignalsBuilder {
    fn rows(&self) -> usize {
        self.rows
    }

    fn finish_into(&mut self, columns: &mut Vec<ArrayRef>) -> Result<(), ArrowError> {
        columns.extend(
            self.columns
                .iter_mut()
                .map(|column| column.builder_mut().finish()),
        );
        self.rows = 0;
        Ok(())
    }
}

table_builder! {
    pub(crate) struct DocumentsBuilder(tz: &str) = documents_schema(tz);
    {
        doc_id: StringBuilder = StringBuilder::new(),
        source: StringBuilder = StringBuilder::new(),
        format: DictBuilder = DictBuilder::new(),
        url: StringBuilder = StringBuilder::new(),
        fetched_at: TimestampMicrosecondBuilder =
            TimestampMicrosecondBuilder::new().with_timezone("UTC"),
        encoding: DictBuilder = DictBuilder::new(),
        encoding_source: DictBuilder = DictBuilder::new(),
        byte_length: UInt64Builder = UInt64Builder::new(),
        raw_hash: StringBuilder = StringBuilder::new(),
        repairs: ListBuilder<StringBuilder> = string_list_builder(),
        title: StringBuilder = StringBuilder::new(),
        page_type: DictBuilder = DictBuilder::new(),
        language: DictBuilder = DictBuilder::new(),
        language_score: Float32Builder = Float32Builder::new(),
        body: StringBuilder = StringBuilder::new(),
        paragraph_count: UInt32Builder = UInt32Builder::new(),
        captions: CaptionsBuilder = CaptionsBuilder::default(),
        related_links: ListBuilder<StringBuilder> = string_list_builder(),
        sidebar_item_count: UInt32Builder = UInt32Builder::new(),
        word_count: UInt32Builder = UInt32Builder::new(),
        char_count: UInt32Builder = UInt32Builder::new(),
        body_hash: StringBuilder = StringBuilder::new(),
        duplicate_cluster: StringBuilder = StringBuilder::new(),
        duplicate_of: StringBuilder = StringBuilder::new(),
        duplicate_kind: DictBuilder = DictBuilder::new(),
        is_duplicate: BooleanBuilder = BooleanBuilder::new(),
        duplicate_similarity: Float32Builder = Float32Builder::new(),
        latest_sidebar_at: TimestampMillisecondBuilder =
            TimestampMillisecondBuilder::new().with_timezone(tz),
        signals: SignalsBuilder = SignalsBuilder::new(),
        filtered_by: ListBuilder<StringBuilder> = string_list_builder(),
        metadata: StringBuilder = StringBuilder::new(),
    }
}

impl DocumentsBuilder {
    pub(crate) fn append(&mut self, doc: &Document) -> Result<(), ArrowError> {
        self.doc_id.append_value(doc.doc_id.as_str());
        self.source.append_value(&doc.source);
        append_dict(&mut self.format, Some(doc.format.as_str()))?;
        self.url.append_option(doc.url.as_deref());
        self.fetched_at
            .append_option(doc.fetched_at.map(|t| t.timestamp_micros()));
        append_dict(&mut self.encoding, doc.encoding.as_deref())?;
        append_dict(
            &mut self.encoding_source,
            doc.encoding_source.map(|s| s.as_str()),
        )?;
        self.byte_length.append_value(doc.byte_len);
        self.raw_hash.append_value(&doc.raw_hash);
        self.repairs
            .append_value(doc.repairs.iter().map(|r| Some(r.as_str())));
        self.title.append_option(doc.title.as_deref());
        append_dict(&mut self.page_type, doc.page_type.as_deref())?;
        append_dict(&mut self.language, doc.language.as_deref())?;
        self.language_score.append_option(doc.language_score);
        let body = doc.body_text();
        self.body.append_value(&body);
        self.paragraph_count.append_value(count(doc.body.len()));
        self.captions.append(doc);
        self.related_links
            .append_value(doc.related.iter().map(|r| Some(r.as_str())));
        self.sidebar_item_count
            .append_value(count(doc.sidebar.len()));
        self.word_count.append_value(count(doc.word_count()));
        self.char_count.append_value(count(doc.char_count()));
        self.body_hash
            .append_value(corpus_core::content_hash(body.as_bytes()));

        let dup = doc.duplicate.as_ref();
        let kind = dup.and_then(|d| d.kind);
        self.duplicate_cluster
            .append_option(dup.map(|d| d.cluster_id.as_str()));
        self.duplicate_of.append_option(
            dup.filter(|d| d.kind.is_some())
                .map(|d| d.representative.as_str()),
        );
        append_dict(&mut self.duplicate_kind, kind.map(|k| k.as_str()))?;
        self.is_duplicate.append_value(kind.is_some());
        self.duplicate_similarity
            .append_option(dup.map(|d| d.similarity));
        self.latest_sidebar_at
            .append_option(doc.latest_sidebar_time().map(|t| t.timestamp_millis()));
        self.signals.append(doc.quality.as_ref());
        self.filtered_by
            .append_value(doc.filtered_by.iter().map(|r| Some(r.as_str())));
        let metadata = doc
            .metadata
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|err| ArrowError::ExternalError(Box::new(err)))?;
        self.metadata.append_option(metadata);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::TableBuilder;

    #[test]
    fn schema_snapshot() {
        insta::assert_snapshot!(super::super::describe(&documents_schema(
            "Asia/Ho_Chi_Minh"
        )));
    }

    #[test]
    fn metadata_is_json_text_or_null() {
        use arrow::array::{Array, AsArray};
        let mut builder = DocumentsBuilder::new("UTC");
        let mut doc = Document::new("a.jsonl#1", corpus_core::Format::Text, b"x");
        builder.append(&doc).unwrap();
        let mut metadata = serde_json::Map::new();
        metadata.insert("site".into(), "x.vn".into());
        metadata.insert("tags".into(), serde_json::json!(["a", 1]));
        doc.metadata = Some(metadata);
        builder.append(&doc).unwrap();
        let batch = builder.finish().unwrap();
        let column = batch.column_by_name("metadata").unwrap().as_string::<i32>();
        assert!(column.is_null(0));
        assert_eq!(column.value(1), r#"{"site":"x.vn","tags":["a",1]}"#);
    }
}
