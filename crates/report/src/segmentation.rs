//! How pages were cut into body and furniture: labels per page, body length
//! and paragraph histograms, pages with an empty or very short body, page
//! types.

use crate::count::{Counts, Histogram};
use crate::error::ReportError;
use crate::table::{Batch, Dataset, StrColumn};
use crate::{LISTED_EXAMPLES, LISTED_PAGES};
use arrow::array::Array;
use corpus_export::Table;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::ControlFlow;

/// Labels in reading order of a typical page; a label the dataset has
/// beyond these (a newer version's) is added after them.
pub const LABELS: [&str; 10] = [
    "title",
    "body",
    "heading",
    "image",
    "caption",
    "related_link",
    "sidebar_heading",
    "sidebar_item",
    "timestamp",
    "boilerplate",
];

/// A body shorter than this many characters is listed as very short.
pub const SHORT_BODY_CHARS: u32 = 200;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segmentation {
    /// Pages with at least one block.
    pub pages_with_blocks: u64,
    pub blocks: u64,
    /// The labels, in the order of the per-label vectors below.
    pub labels: Vec<String>,
    pub blocks_per_label: Vec<u64>,
    /// Pages with at least one block of each label.
    pub pages_with_label: Vec<u64>,
    pub blocks_per_rule: Counts,
    /// The first pages' blocks per label, for the stacked bars.
    pub first_pages: Vec<PageLabels>,
    pub body_chars: Histogram,
    pub paragraphs: Histogram,
    pub empty_bodies: u64,
    /// Bodies of 1 to `SHORT_BODY_CHARS - 1` characters.
    pub short_bodies: u64,
    /// The first pages with an empty or very short body.
    pub short_examples: Vec<ShortBody>,
    /// Pages per page type; `None` when the dataset has no `page_type`.
    pub page_types: Option<Counts>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageLabels {
    pub doc_id: String,
    pub source: String,
    /// Blocks per label, in the order of [`Segmentation::labels`].
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortBody {
    pub source: String,
    pub title: String,
    pub chars: u32,
}

/// Blocks counted per label, page by page. A page's blocks are contiguous
/// in `blocks` with rising positions, so a position that does not
/// rise starts the next page: no doc id needs decoding to tell pages apart.
struct LabelTally {
    labels: Vec<String>,
    totals: Vec<u64>,
    pages_with: Vec<u64>,
    page: Vec<u64>,
    pages: u64,
    previous_position: Option<u32>,
}

impl LabelTally {
    fn new() -> Self {
        let labels: Vec<String> = LABELS.iter().map(|l| l.to_string()).collect();
        let n = labels.len();
        Self {
            labels,
            totals: vec![0; n],
            pages_with: vec![0; n],
            page: vec![0; n],
            pages: 0,
            previous_position: None,
        }
    }

    fn label_index(&mut self, label: &str) -> usize {
        match self.labels.iter().position(|l| l == label) {
            Some(i) => i,
            None => {
                self.labels.push(label.to_string());
                self.totals.push(0);
                self.pages_with.push(0);
                self.page.push(0);
                self.labels.len() - 1
            }
        }
    }

    /// Close the current page; its counts, if it had blocks.
    fn end_page(&mut self) -> Option<Vec<u64>> {
        self.previous_position?;
        self.pages += 1;
        for (with, &n) in self.pages_with.iter_mut().zip(&self.page) {
            *with += u64::from(n > 0);
        }
        let counts = self.page.clone();
        self.page.iter_mut().for_each(|n| *n = 0);
        self.previous_position = None;
        Some(counts)
    }

    /// Count a batch's rows; `on_page(row, counts)` gets each page that
    /// ends before `row` (the first row of the next page).
    fn add(
        &mut self,
        batch: &Batch<'_>,
        mut on_page: impl FnMut(usize, Vec<u64>) -> ControlFlow<()>,
    ) -> Result<ControlFlow<()>, ReportError> {
        let position = batch.u32("position")?;
        let label = batch.str("label")?;
        // Dictionary keys resolved to label indexes once per batch.
        let key_index: Vec<usize> = match label {
            StrColumn::Dict(_, values) => (0..values.len())
                .map(|key| self.label_index(values.value(key)))
                .collect(),
            StrColumn::Plain(_) => Vec::new(),
        };
        for row in 0..batch.len() {
            let at = position.value(row);
            let ended = match self.previous_position {
                Some(previous) if at <= previous => self.end_page(),
                _ => None,
            };
            if ended.is_some_and(|counts| on_page(row, counts).is_break()) {
                return Ok(ControlFlow::Break(()));
            }
            self.previous_position = Some(at);
            let index = match label {
                StrColumn::Dict(dict, _) if dict.is_valid(row) => {
                    usize::try_from(dict.keys().value(row))
                        .ok()
                        .and_then(|key| key_index.get(key).copied())
                }
                StrColumn::Dict(..) => None,
                StrColumn::Plain(_) => label.get(row).map(|l| self.label_index(l)),
            };
            if let Some(index) = index {
                self.totals[index] += 1;
                self.page[index] += 1;
            }
        }
        Ok(ControlFlow::Continue(()))
    }
}

pub fn read(dataset: &Dataset) -> Result<Segmentation, ReportError> {
    let mut tally = LabelTally::new();
    let mut rules = Counts::default();
    dataset
        .scan(Table::Blocks, &["position", "label", "rule"])
        .for_each(|batch| {
            rules.add_column(batch.str("rule")?, batch.len());
            tally.add(batch, |_, _| ControlFlow::Continue(()))
        })?;
    tally.end_page();

    let first_pages = first_pages(dataset, &tally.labels)?;
    let mut sources: HashMap<String, usize> = first_pages
        .iter()
        .enumerate()
        .map(|(i, page)| (page.doc_id.clone(), i))
        .collect();
    let mut first_pages = first_pages;

    let mut body_chars = Histogram::counts(
        "body characters",
        &[0, 1, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000],
    );
    let mut paragraphs = Histogram::counts("body paragraphs", &[0, 1, 2, 3, 5, 10, 20, 50, 100]);
    let mut page_types: Option<Counts> = None;
    let (mut empty_bodies, mut short_bodies) = (0, 0);
    let mut short_examples = Vec::new();
    dataset
        .scan(
            Table::Documents,
            &[
                "doc_id",
                "source",
                "title",
                "char_count",
                "paragraph_count",
                "page_type",
            ],
        )
        .for_each(|batch| {
            let chars = batch.u32("char_count")?;
            body_chars.add_u32(chars);
            paragraphs.add_u32(batch.u32("paragraph_count")?);
            if let Some(types) = batch.opt_str("page_type")? {
                page_types
                    .get_or_insert_with(Counts::default)
                    .add_column(types, batch.len());
            }
            let source = batch.str("source")?;
            let title = batch.str("title")?;
            if !sources.is_empty() {
                let doc_id = batch.str("doc_id")?;
                for row in 0..batch.len() {
                    if let Some(i) = doc_id.get(row).and_then(|id| sources.remove(id)) {
                        first_pages[i].source = source.get(row).unwrap_or_default().to_string();
                    }
                }
            }
            for (row, n) in chars.values().iter().enumerate() {
                if *n >= SHORT_BODY_CHARS {
                    continue;
                }
                match n {
                    0 => empty_bodies += 1,
                    _ => short_bodies += 1,
                }
                if short_examples.len() < LISTED_EXAMPLES {
                    short_examples.push(ShortBody {
                        source: source.get(row).unwrap_or_default().to_string(),
                        title: title.get(row).unwrap_or_default().to_string(),
                        chars: *n,
                    });
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;

    Ok(Segmentation {
        pages_with_blocks: tally.pages,
        blocks: tally.totals.iter().sum(),
        labels: tally.labels,
        blocks_per_label: tally.totals,
        pages_with_label: tally.pages_with,
        blocks_per_rule: rules,
        first_pages,
        body_chars,
        paragraphs,
        empty_bodies,
        short_bodies,
        short_examples,
        page_types,
    })
}

/// Blocks per label of the first [`LISTED_PAGES`] pages: a scan that also
/// decodes `doc_id`, stopped as soon as they are counted.
fn first_pages(dataset: &Dataset, labels: &[String]) -> Result<Vec<PageLabels>, ReportError> {
    let mut tally = LabelTally::new();
    // The same label order as the whole table's, so columns line up.
    for label in labels {
        tally.label_index(label);
    }
    let mut pages: Vec<PageLabels> = Vec::new();
    let mut current_id = String::new();
    let mut finished = false;
    dataset
        .scan(Table::Blocks, &["doc_id", "position", "label"])
        .for_each(|batch| {
            let doc_id = batch.str("doc_id")?;
            if current_id.is_empty() && batch.len() > 0 {
                current_id = doc_id.get(0).unwrap_or_default().to_string();
            }
            let flow = tally.add(batch, |row, counts| {
                let ended = std::mem::replace(
                    &mut current_id,
                    doc_id.get(row).unwrap_or_default().to_string(),
                );
                pages.push(page_labels(ended, counts));
                match pages.len() >= LISTED_PAGES {
                    true => ControlFlow::Break(()),
                    false => ControlFlow::Continue(()),
                }
            })?;
            finished = flow.is_break();
            Ok(flow)
        })?;
    let last = match finished {
        true => None,
        false => tally.end_page(),
    };
    if let Some(counts) = last {
        pages.push(page_labels(current_id, counts));
    }
    for page in &mut pages {
        page.counts.resize(labels.len(), 0);
    }
    Ok(pages)
}

fn page_labels(doc_id: String, counts: Vec<u64>) -> PageLabels {
    PageLabels {
        source: doc_id.clone(),
        doc_id,
        counts,
    }
}
