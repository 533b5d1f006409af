//! What was rejected, by stage and kind, with the first examples of each.

use crate::EXAMPLES_PER_GROUP;
use crate::error::ReportError;
use crate::table::Dataset;
use corpus_export::Table;
use serde::Serialize;
use std::ops::ControlFlow;

#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Rejects {
    pub total: u64,
    /// One group per (stage, kind), in stage then kind order.
    pub groups: Vec<RejectGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectGroup {
    pub stage: String,
    pub kind: String,
    pub count: u64,
    /// The first few, in input order.
    pub examples: Vec<RejectExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectExample {
    pub source: String,
    pub message: String,
}

pub fn read(dataset: &Dataset) -> Result<Rejects, ReportError> {
    // (stage, kind) pairs are a handful: a linear search finds a row's group
    // without allocating a key per row.
    let mut groups: Vec<RejectGroup> = Vec::new();
    let mut total = 0;
    dataset
        .scan(Table::Rejects, &["source", "stage", "kind", "message"])
        .for_each(|batch| {
            let (source, stage, kind, message) = (
                batch.str("source")?,
                batch.str("stage")?,
                batch.str("kind")?,
                batch.str("message")?,
            );
            for row in 0..batch.len() {
                total += 1;
                let stage = stage.get(row).unwrap_or_default();
                let kind = kind.get(row).unwrap_or_default();
                let at = match groups
                    .iter()
                    .position(|g| g.stage == stage && g.kind == kind)
                {
                    Some(at) => at,
                    None => {
                        groups.push(RejectGroup {
                            stage: stage.to_string(),
                            kind: kind.to_string(),
                            count: 0,
                            examples: Vec::new(),
                        });
                        groups.len() - 1
                    }
                };
                let group = &mut groups[at];
                group.count += 1;
                if group.examples.len() < EXAMPLES_PER_GROUP {
                    group.examples.push(RejectExample {
                        source: source.get(row).unwrap_or_default().to_string(),
                        message: message.get(row).unwrap_or_default().to_string(),
                    });
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
    groups.sort_by(|a, b| (&a.stage, &a.kind).cmp(&(&b.stage, &b.kind)));
    Ok(Rejects { total, groups })
}
