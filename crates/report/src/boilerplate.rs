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
    // The flagged blocks' text is the costliest read of the report: the two
    // halves of the table's row groups (numbered across its parts, if it is
    // in parts) are read on two threads, then merged.
    let groups = dataset.row_groups(Table::Blocks)?;
    let middle = groups / 2;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| count_lines(dataset, middle..groups));
        let first = count_lines(dataset, 0..middle);
        match second.join() {
            Ok(second) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (mut lines, second) = (first?, second?);
    lines.merge(second);
    let distinct = lines.pages.len() as u64;
    let mut top: Vec<RepeatedLine> = lines
        .pages
        .into_iter()
        .map(|(text, seen)| RepeatedLine {
            text,
            pages: seen.pages,
        })
        .collect();
    top.sort_by(|a, b| b.pages.cmp(&a.pages).then_with(|| a.text.cmp(&b.text)));
    top.truncate(LISTED_LINES);
    Ok(Boilerplate {
        blocks: lines.blocks,
        lines: distinct,
        top,
    })
}

/// Where a text was seen in a run of row groups: on how many distinct
/// pages, and the first and last of them (to join two runs).
struct Seen {
    pages: u64,
    first_doc: String,
    last_doc: String,
}

#[derive(Default)]
struct LineCounts {
    blocks: u64,
    pages: HashMap<String, Seen>,
}

impl LineCounts {
    /// Add the counts of the row groups that follow these. A page's blocks
    /// are contiguous, so a page counted on both sides of the cut is the
    /// last page of this side and the first of the next.
    fn merge(&mut self, next: LineCounts) {
        self.blocks += next.blocks;
        for (text, seen) in next.pages {
            match self.pages.get_mut(&text) {
                Some(mine) => {
                    mine.pages += seen.pages - u64::from(mine.last_doc == seen.first_doc);
                    mine.last_doc = seen.last_doc;
                }
                None => {
                    self.pages.insert(text, seen);
                }
            }
        }
    }
}

fn count_lines(
    dataset: &Dataset,
    row_groups: std::ops::Range<usize>,
) -> Result<LineCounts, ReportError> {
    let mut counts = LineCounts::default();
    if row_groups.is_empty() {
        return Ok(counts);
    }
    dataset
        .scan(Table::Blocks, &["doc_id", "text"])
        .row_groups(row_groups)
        .keep_where("boilerplate", |flags| {
            flags
                .as_any()
                .downcast_ref::<BooleanArray>()
                .cloned()
                .unwrap_or_else(|| BooleanArray::from(vec![false; flags.len()]))
        })
        .for_each(|batch| {
            let (doc_id, text) = (batch.str("doc_id")?, batch.str("text")?);
            counts.blocks += batch.len() as u64;
            for row in 0..batch.len() {
                let (text, doc) = (
                    text.get(row).unwrap_or_default(),
                    doc_id.get(row).unwrap_or_default(),
                );
                match counts.pages.get_mut(text) {
                    Some(seen) if seen.last_doc != doc => {
                        seen.pages += 1;
                        doc.clone_into(&mut seen.last_doc);
                    }
                    Some(_) => {}
                    None => {
                        counts.pages.insert(
                            text.to_string(),
                            Seen {
                                pages: 1,
                                first_doc: doc.to_string(),
                                last_doc: doc.to_string(),
                            },
                        );
                    }
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(entries: &[(&str, u64, &str, &str)]) -> LineCounts {
        LineCounts {
            blocks: entries.len() as u64,
            pages: entries
                .iter()
                .map(|(text, pages, first, last)| {
                    (
                        text.to_string(),
                        Seen {
                            pages: *pages,
                            first_doc: first.to_string(),
                            last_doc: last.to_string(),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn a_page_cut_between_two_runs_is_counted_once() {
        let mut a = counts(&[("footer", 2, "p1", "p2"), ("menu", 1, "p1", "p1")]);
        let b = counts(&[
            ("footer", 3, "p2", "p4"),
            ("menu", 1, "p3", "p3"),
            ("ad", 1, "p4", "p4"),
        ]);
        a.merge(b);
        assert_eq!(a.pages["footer"].pages, 4); // p1, p2, p3, p4
        assert_eq!(a.pages["menu"].pages, 2);
        assert_eq!(a.pages["ad"].pages, 1);
        assert_eq!(a.blocks, 5);
    }
}
