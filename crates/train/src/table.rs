//! The feature tables: one Float32 column per feature, named as in the
//! feature set, beside the page's id, site, type and the label.

use anyhow::{Context, Result};
use arrow::array::{ArrayRef, Float32Builder, StringBuilder, UInt32Builder};
use arrow::datatypes::{Field, Schema};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::path::Path;
use std::sync::Arc;

/// Rows of blocks or lines, column by column.
#[derive(Default)]
pub struct Rows {
    page: Vec<String>,
    domain: Vec<String>,
    page_type: Vec<String>,
    block: Vec<u32>,
    tokens: Vec<u32>,
    truth_tokens: Vec<u32>,
    share: Vec<f32>,
    features: Vec<Vec<f32>>,
}

/// One page for the page-type model.
pub struct PageRow {
    pub id: String,
    pub domain: String,
    pub page_type: String,
    pub format: &'static str,
    pub features: Vec<f32>,
}

impl Rows {
    pub fn push(
        &mut self,
        page: &super::Page,
        block: usize,
        tokens: usize,
        share: f32,
        truth_tokens: usize,
        features: &[f32],
    ) {
        self.page.push(page.id.clone());
        self.domain.push(page.domain.clone());
        self.page_type.push(page.page_type.clone());
        self.block.push(u32::try_from(block).unwrap_or(u32::MAX));
        self.tokens.push(u32::try_from(tokens).unwrap_or(u32::MAX));
        self.truth_tokens
            .push(u32::try_from(truth_tokens).unwrap_or(u32::MAX));
        self.share.push(share);
        self.features.push(features.to_vec());
    }

    pub fn extend(&mut self, other: Rows) {
        self.page.extend(other.page);
        self.domain.extend(other.domain);
        self.page_type.extend(other.page_type);
        self.block.extend(other.block);
        self.tokens.extend(other.tokens);
        self.truth_tokens.extend(other.truth_tokens);
        self.share.extend(other.share);
        self.features.extend(other.features);
    }

    pub fn len(&self) -> usize {
        self.page.len()
    }

    pub fn write(&self, path: &Path, names: &[&str]) -> Result<()> {
        let mut columns: Vec<(&str, ArrayRef)> = vec![
            ("page", strings(&self.page)),
            ("domain", strings(&self.domain)),
            ("page_type", strings(&self.page_type)),
            ("block", u32s(&self.block)),
            ("tokens", u32s(&self.tokens)),
            ("truth_tokens", u32s(&self.truth_tokens)),
            ("share", f32s(self.share.iter().copied())),
        ];
        columns.extend(feature_columns(&self.features, names));
        write(path, columns)
    }
}

pub fn write_pages(path: &Path, pages: &[PageRow], names: &[&str]) -> Result<()> {
    let texts = |f: fn(&PageRow) -> &str| {
        strings(&pages.iter().map(|p| f(p).to_string()).collect::<Vec<_>>())
    };
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        ("page", texts(|p| &p.id)),
        ("domain", texts(|p| &p.domain)),
        ("page_type", texts(|p| &p.page_type)),
        ("format", texts(|p| p.format)),
    ];
    let rows: Vec<Vec<f32>> = pages.iter().map(|p| p.features.clone()).collect();
    columns.extend(feature_columns(&rows, names));
    write(path, columns)
}

fn feature_columns<'a>(rows: &[Vec<f32>], names: &[&'a str]) -> Vec<(&'a str, ArrayRef)> {
    names
        .iter()
        .enumerate()
        .map(|(j, &name)| {
            (
                name,
                f32s(rows.iter().map(|r| r.get(j).copied().unwrap_or(0.0))),
            )
        })
        .collect()
}

fn strings(values: &[String]) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

fn u32s(values: &[u32]) -> ArrayRef {
    let mut b = UInt32Builder::new();
    b.append_slice(values);
    Arc::new(b.finish())
}

fn f32s(values: impl Iterator<Item = f32>) -> ArrayRef {
    let mut b = Float32Builder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

fn write(path: &Path, columns: Vec<(&str, ArrayRef)>) -> Result<()> {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, a)| Field::new(*name, a.data_type().clone(), false))
            .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(
        schema.clone(),
        columns.into_iter().map(|(_, a)| a).collect(),
    )?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut writer = ArrowWriter::try_new(file, schema, Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}
