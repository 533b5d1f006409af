//! One page of a dataset: its document row's facts and its blocks in
//! reading order, for `corpus inspect`.

use crate::error::ReportError;
use crate::table::Dataset;
use arrow::array::{Array, ArrayRef, BooleanArray, StringArray};
use arrow::compute::kernels::cmp::eq;
use arrow::compute::or;
use corpus_core::DocId;
use corpus_export::Table;
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageBlocks {
    pub doc_id: String,
    pub source: String,
    pub format: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub page_type: Option<String>,
    pub language: Option<String>,
    pub duplicate_cluster: Option<String>,
    pub duplicate_kind: Option<String>,
    pub blocks: Vec<PageBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageBlock {
    pub position: u32,
    pub line_start: u32,
    pub line_end: u32,
    pub label: String,
    pub section: Option<String>,
    pub rule: String,
    pub boilerplate: bool,
    pub text: String,
}

impl PageBlock {
    /// Where the block is and why it got its label, in one line:
    /// `lines 3–4 · body · prose_line · section Latest · boilerplate`.
    pub fn tag(&self) -> String {
        let mut tag = match self.line_start == self.line_end {
            true => format!("line {}", self.line_start),
            false => format!("lines {}–{}", self.line_start, self.line_end),
        };
        tag.push_str(&format!(" · {} · {}", self.label, self.rule));
        if let Some(section) = &self.section {
            tag.push_str(&format!(" · section {section}"));
        }
        if self.boilerplate {
            tag.push_str(" · boilerplate");
        }
        tag
    }
}

/// Rows whose `column` equals one of `wanted`.
fn equals_any(wanted: Vec<String>) -> impl Fn(&ArrayRef) -> BooleanArray + Send + Sync + 'static {
    move |column| {
        let mut keep: Option<BooleanArray> = None;
        for value in &wanted {
            let Ok(hit) = eq(column, &StringArray::new_scalar(value.as_str())) else {
                continue;
            };
            keep = Some(match keep {
                Some(kept) => or(&kept, &hit).unwrap_or(kept),
                None => hit,
            });
        }
        keep.unwrap_or_else(|| BooleanArray::from(vec![false; column.len()]))
    }
}

impl PageBlocks {
    /// The page whose source or doc id is `key`.
    pub fn load(dir: &Path, key: &str) -> Result<Self, ReportError> {
        let dataset = Dataset::new(dir);
        // A doc id is the hash of its source, so either kind of key becomes
        // a filter on the one `doc_id` column.
        let from_source = DocId::from_source(key).as_str().to_string();
        let mut found: Option<PageBlocks> = None;
        dataset
            .scan(
                Table::Documents,
                &[
                    "doc_id",
                    "source",
                    "format",
                    "url",
                    "title",
                    "page_type",
                    "language",
                    "duplicate_cluster",
                    "duplicate_kind",
                ],
            )
            .keep_where("doc_id", equals_any(vec![key.to_string(), from_source]))
            .for_each(|batch| {
                let text = |column: &str, row: usize| -> Result<Option<String>, ReportError> {
                    Ok(batch
                        .opt_str(column)?
                        .and_then(|c| c.get(row))
                        .map(str::to_string))
                };
                for row in 0..batch.len() {
                    let source = text("source", row)?.unwrap_or_default();
                    let doc_id = text("doc_id", row)?.unwrap_or_default();
                    // A key that is both one page's id and another's source
                    // means the page it is the source of.
                    if found.is_some() && source != key {
                        continue;
                    }
                    found = Some(PageBlocks {
                        doc_id,
                        source,
                        format: text("format", row)?.unwrap_or_default(),
                        url: text("url", row)?,
                        title: text("title", row)?,
                        page_type: text("page_type", row)?,
                        language: text("language", row)?,
                        duplicate_cluster: text("duplicate_cluster", row)?,
                        duplicate_kind: text("duplicate_kind", row)?,
                        blocks: Vec::new(),
                    });
                }
                Ok(ControlFlow::Continue(()))
            })?;
        let mut page = found.ok_or_else(|| ReportError::NoSuchPage(key.to_string()))?;
        let mut blocks = Vec::new();
        dataset
            .scan(
                Table::Blocks,
                &[
                    "position",
                    "line_start",
                    "line_end",
                    "label",
                    "section",
                    "rule",
                    "boilerplate",
                    "text",
                ],
            )
            .keep_where("doc_id", equals_any(vec![page.doc_id.clone()]))
            .for_each(|batch| {
                let (position, start, end) = (
                    batch.u32("position")?,
                    batch.u32("line_start")?,
                    batch.u32("line_end")?,
                );
                let (label, section, rule, text) = (
                    batch.str("label")?,
                    batch.str("section")?,
                    batch.str("rule")?,
                    batch.str("text")?,
                );
                let boilerplate = batch.bool("boilerplate")?;
                for row in 0..batch.len() {
                    blocks.push(PageBlock {
                        position: position.value(row),
                        line_start: start.value(row),
                        line_end: end.value(row),
                        label: label.get(row).unwrap_or_default().to_string(),
                        section: section.get(row).map(str::to_string),
                        rule: rule.get(row).unwrap_or_default().to_string(),
                        boilerplate: boilerplate.value(row),
                        text: text.get(row).unwrap_or_default().to_string(),
                    });
                }
                Ok(ControlFlow::Continue(()))
            })?;
        blocks.sort_by_key(|b| b.position);
        page.blocks = blocks;
        Ok(page)
    }

    /// The document's facts worth a line each, in display order.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let mut facts = vec![
            ("doc_id", self.doc_id.clone()),
            ("source", self.source.clone()),
            ("format", self.format.clone()),
        ];
        let optional = [
            ("url", &self.url),
            ("title", &self.title),
            ("page type", &self.page_type),
            ("language", &self.language),
            ("duplicate kind", &self.duplicate_kind),
        ];
        facts.extend(
            optional
                .into_iter()
                .filter_map(|(name, value)| value.clone().map(|v| (name, v))),
        );
        // Said either way: "none" answers the question too.
        facts.push((
            "duplicate cluster",
            self.duplicate_cluster
                .clone()
                .unwrap_or_else(|| "none".into()),
        ));
        facts.push(("blocks", self.blocks.len().to_string()));
        facts
    }
}
