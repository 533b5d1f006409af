//! Languages and quality signals, and what each filter removed.

use crate::count::{Counts, Histogram};
use crate::error::ReportError;
use crate::table::Dataset;
use arrow::array::Array;
use corpus_export::Table;
use serde::Serialize;
use std::ops::ControlFlow;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    pub languages: Counts,
    pub language_score: Histogram,
    /// One histogram per signal charted, each named after its column.
    pub distributions: Vec<Histogram>,
    /// Documents failing each `rule:check` (`filtered_by`).
    pub failed_checks: Counts,
    /// Documents failing at least one rule.
    pub filtered_documents: u64,
}

/// The signals charted, each with the bins that show where its filter cuts.
enum Bins {
    Counts(&'static [u64]),
    Fractions,
}

const SIGNALS: [(&str, Bins); 4] = [
    (
        "gopher_word_count",
        Bins::Counts(&[0, 1, 50, 100, 200, 500, 1000, 2000, 5000]),
    ),
    (
        "c4_sentences",
        Bins::Counts(&[0, 1, 2, 3, 4, 5, 10, 20, 50]),
    ),
    ("fineweb_punct_lines", Bins::Fractions),
    ("gopher_alpha_words", Bins::Fractions),
];

/// `None` when the dataset has no signals: made with `--no-signals`, or by
/// a version without them.
pub fn read(dataset: &Dataset) -> Result<Option<Signals>, ReportError> {
    let mut languages = Counts::default();
    let mut language_score = Histogram::fractions("language score", 0.0, 1.0, 10);
    let mut distributions: Vec<Histogram> = SIGNALS
        .iter()
        .map(|(name, bins)| match bins {
            Bins::Counts(lowers) => Histogram::counts(name, lowers),
            Bins::Fractions => Histogram::fractions(name, 0.0, 1.0, 10),
        })
        .collect();
    let mut failed_checks = Counts::default();
    let mut filtered_documents = 0;
    let mut computed = false;
    let mut columns = vec!["language", "language_score", "filtered_by"];
    columns.extend(SIGNALS.iter().map(|(name, _)| *name));
    dataset.scan(Table::Documents, &columns).for_each(|batch| {
        let Some(language) = batch.opt_str("language")? else {
            return Ok(ControlFlow::Break(()));
        };
        let score = batch.f32("language_score")?;
        computed |= score.null_count() < score.len();
        languages.add_column(language, batch.len());
        language_score.add_f32(score);
        for ((name, bins), histogram) in SIGNALS.iter().zip(&mut distributions) {
            if !batch.has(name) {
                continue;
            }
            match bins {
                Bins::Counts(_) => histogram.add_u32(batch.u32(name)?),
                Bins::Fractions => histogram.add_f32(batch.f32(name)?),
            }
        }
        if batch.has("filtered_by") {
            let values = batch.list_values("filtered_by")?;
            for check in values.iter().flatten() {
                failed_checks.add(check, 1);
            }
            filtered_documents += filtered_rows(batch)?;
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(computed.then_some(Signals {
        languages,
        language_score,
        distributions,
        failed_checks,
        filtered_documents,
    }))
}

/// Rows whose `filtered_by` list is not empty.
fn filtered_rows(batch: &crate::table::Batch<'_>) -> Result<u64, ReportError> {
    let lists = batch.list_lengths("filtered_by")?;
    Ok(lists.filter(|&n| n > 0).count() as u64)
}
