//! The most repeated lines: block texts deduplication flagged as
//! boilerplate, with the number of distinct pages each was on.

use crate::LISTED_LINES;
use crate::error::ReportError;
use crate::table::Dataset;
use arrow::array::{Array, BooleanArray};
use corpus_export::Table;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::ControlFlow;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Boilerplate {
    /// Blocks flagged boilerplate.
    pub blocks: u64,
    /// Distinct flagged texts.
    pub lines: u64,
    /// The most widespread, by pages then text.
    pub top: Vec<RepeatedLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedLine {
    pub text: String,
    pub pages: u64,
}

pub fn read(dataset: &Dataset) -> Result<Boilerplate, ReportError> {
    // Per text: distinct pages, and the last page counted. A page's blocks
    // are contiguous, so comparing with the last page counts each page once.
    let mut pages: HashMap<String, (u64, String)> = HashMap::new();
    let mut blocks = 0;
    dataset
        .scan(Table::Blocks, &["doc_id", "text"])
        .keep_where("boilerplate", |flags| {
            flags
                .as_any()
                .downcast_ref::<BooleanArray>()
                .cloned()
                .unwrap_or_else(|| BooleanArray::from(vec![false; flags.len()]))
        })
        .for_each(|batch| {
            let (doc_id, text) = (batch.str("doc_id")?, batch.str("text")?);
            for row in 0..batch.len() {
                let (text, doc) = (
                    text.get(row).unwrap_or_default(),
                    doc_id.get(row).unwrap_or_default(),
                );
                blocks += 1;
                match pages.get_mut(text) {
                    Some((n, last)) if last != doc => {
                        *n += 1;
                        doc.clone_into(last);
                    }
                    Some(_) => {}
                    None => {
                        pages.insert(text.to_string(), (1, doc.to_string()));
                    }
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
    let lines = pages.len() as u64;
    let mut top: Vec<RepeatedLine> = pages
        .into_iter()
        .map(|(text, (pages, _))| RepeatedLine { text, pages })
        .collect();
    top.sort_by(|a, b| b.pages.cmp(&a.pages).then_with(|| a.text.cmp(&b.text)));
    top.truncate(LISTED_LINES);
    Ok(Boilerplate { blocks, lines, top })
}
