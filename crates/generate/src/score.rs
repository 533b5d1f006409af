//! Scoring duplicate clusters against the ground truth.
//!
//! Pairwise, as usual for clustering: a *true pair* is two pages of the same
//! article, a *predicted pair* two pages in the same predicted cluster.
//! Precision is the share of predicted pairs that are true, recall the share
//! of true pairs predicted. A page of the truth missing from the dataset (a
//! reject) counts as a singleton, so it costs recall. A *mixed cluster*
//! holds pages of two or more articles: the worst error, since an analyst
//! would lose a distinct article.

use crate::{TruthRecord, Variant};
use arrow::array::{Array, AsArray};
use arrow::datatypes::DataType;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Serialize;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}:{line}: {message}")]
    Truth {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Dataset { path: PathBuf, message: String },
}

/// The result of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    /// Pages in the truth.
    pub pages: u64,
    /// Pages of the truth not found in the dataset.
    pub missing: u64,
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub correct_pairs: u64,
    pub precision: f64,
    pub recall: f64,
    /// Predicted clusters holding pages of two articles or more.
    pub mixed_clusters: u64,
    /// Copies (non-originals) not in their original's cluster, by variant.
    pub copies_apart: HashMap<String, u64>,
    /// Copies by variant.
    pub copies: HashMap<String, u64>,
}

/// Read `truth.jsonl`.
pub fn read_truth(path: &Path) -> Result<Vec<TruthRecord>, ScoreError> {
    let io_err = |source| ScoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let reader = BufReader::new(File::open(path).map_err(io_err)?);
    let mut out = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(io_err)?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|e| ScoreError::Truth {
            path: path.to_path_buf(),
            line: n + 1,
            message: e.to_string(),
        })?;
        out.push(record);
    }
    Ok(out)
}

/// `(source, duplicate_cluster)` of every row of a dataset's
/// `documents.parquet` (`dataset` is the directory or the file).
pub fn read_clusters(dataset: &Path) -> Result<Vec<(String, Option<String>)>, ScoreError> {
    let path = if dataset.is_dir() {
        dataset.join("documents.parquet")
    } else {
        dataset.to_path_buf()
    };
    let bad = |message: String| ScoreError::Dataset {
        path: path.clone(),
        message,
    };
    let file = File::open(&path).map_err(|source| ScoreError::Io {
        path: path.clone(),
        source,
    })?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| bad(e.to_string()))?;
    let schema = builder.schema().clone();
    let column = |name: &str| {
        schema
            .index_of(name)
            .map_err(|_| bad(format!("no column {name}")))
    };
    let (source_at, cluster_at) = (column("source")?, column("duplicate_cluster")?);
    let mask = ProjectionMask::roots(builder.parquet_schema(), [source_at, cluster_at]);
    let reader = builder
        .with_projection(mask)
        .build()
        .map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(e.to_string()))?;
        let strings = |name: &str| -> Result<_, ScoreError> {
            let array = batch
                .column_by_name(name)
                .ok_or_else(|| bad(format!("no column {name}")))?;
            arrow::compute::cast(array, &DataType::Utf8).map_err(|e| bad(e.to_string()))
        };
        let (sources, clusters) = (strings("source")?, strings("duplicate_cluster")?);
        let (sources, clusters) = (sources.as_string::<i32>(), clusters.as_string::<i32>());
        for row in 0..batch.num_rows() {
            let cluster = (!clusters.is_null(row)).then(|| clusters.value(row).to_string());
            out.push((sources.value(row).to_string(), cluster));
        }
    }
    Ok(out)
}

/// Compare predicted clusters (`source`, cluster id or `None` for a page in
/// no cluster) with the truth. Sources are matched as written in the truth
/// (`pages/0000/x.txt`) or relative to `pages/` (`0000/x.txt`, what
/// `corpus ingest OUT/pages` reports).
pub fn score(truth: &[TruthRecord], predicted: &[(String, Option<String>)]) -> Score {
    let mut cluster_of: HashMap<&str, &str> = HashMap::new();
    let mut present: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (source, cluster) in predicted {
        let source = source.as_str();
        present.insert(source);
        if let Some(cluster) = cluster {
            cluster_of.insert(source, cluster.as_str());
        }
    }
    let lookup = |source: &str| -> (bool, Option<&str>) {
        let short = source.strip_prefix("pages/").unwrap_or(source);
        for key in [source, short] {
            if present.contains(key) {
                return (true, cluster_of.get(key).copied());
            }
        }
        (false, None)
    };

    let mut score = Score {
        pages: truth.len() as u64,
        ..Score::default()
    };
    // Predicted cluster of each truth page: its id, or a singleton.
    let mut article_size: HashMap<u64, u64> = HashMap::new();
    let mut cluster_size: HashMap<&str, u64> = HashMap::new();
    let mut both: HashMap<(&str, u64), u64> = HashMap::new();
    let mut original_cluster: HashMap<u64, Option<&str>> = HashMap::new();
    let mut clusters: Vec<Option<&str>> = Vec::with_capacity(truth.len());
    for record in truth {
        let (found, cluster) = lookup(&record.source);
        score.missing += u64::from(!found);
        *article_size.entry(record.article).or_default() += 1;
        if let Some(cluster) = cluster {
            *cluster_size.entry(cluster).or_default() += 1;
            *both.entry((cluster, record.article)).or_default() += 1;
        }
        if record.variant == Variant::Original {
            original_cluster.insert(record.article, cluster);
        }
        clusters.push(cluster);
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    score.true_pairs = article_size.values().copied().map(pairs).sum();
    score.predicted_pairs = cluster_size.values().copied().map(pairs).sum();
    score.correct_pairs = both.values().copied().map(pairs).sum();
    let mut articles_in: HashMap<&str, u64> = HashMap::new();
    for (cluster, _) in both.keys() {
        *articles_in.entry(cluster).or_default() += 1;
    }
    score.mixed_clusters = articles_in.values().filter(|&&n| n > 1).count() as u64;
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    score.precision = ratio(score.correct_pairs, score.predicted_pairs);
    score.recall = ratio(score.correct_pairs, score.true_pairs);

    for (record, cluster) in truth.iter().zip(&clusters) {
        if record.variant == Variant::Original {
            continue;
        }
        let name = serde_json::to_value(record.variant)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let original = original_cluster.get(&record.article).copied().flatten();
        if cluster.is_none() || *cluster != original {
            *score.copies_apart.entry(name.clone()).or_default() += 1;
        }
        *score.copies.entry(name).or_default() += 1;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(rows: &[(&str, u64, Variant)]) -> Vec<TruthRecord> {
        rows.iter()
            .map(|&(source, article, variant)| TruthRecord {
                source: source.to_string(),
                article,
                variant,
                format: "text".into(),
            })
            .collect()
    }

    fn predicted(rows: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        rows.iter()
            .map(|(s, c)| (s.to_string(), c.map(str::to_string)))
            .collect()
    }

    #[test]
    fn perfect_clusters_score_one() {
        let t = truth(&[
            ("pages/a", 1, Variant::Original),
            ("pages/b", 1, Variant::Exact),
            ("pages/c", 2, Variant::Original),
        ]);
        let p = predicted(&[("a", Some("x")), ("b", Some("x")), ("c", None)]);
        let s = score(&t, &p);
        assert_eq!((s.precision, s.recall, s.mixed_clusters), (1.0, 1.0, 0));
        assert_eq!(s.missing, 0);
    }

    #[test]
    fn merged_articles_cost_precision_and_split_ones_recall() {
        let t = truth(&[
            ("a", 1, Variant::Original),
            ("b", 1, Variant::Rescrape),
            ("c", 1, Variant::WordChanged),
            ("d", 2, Variant::Original),
        ]);
        // c is split off; d is merged with a and b.
        let p = predicted(&[
            ("a", Some("x")),
            ("b", Some("x")),
            ("c", None),
            ("d", Some("x")),
        ]);
        let s = score(&t, &p);
        assert_eq!(
            (s.true_pairs, s.predicted_pairs, s.correct_pairs),
            (3, 3, 1)
        );
        assert_eq!(s.mixed_clusters, 1);
        assert_eq!(s.copies_apart.get("word_changed"), Some(&1));
    }

    #[test]
    fn missing_pages_are_singletons() {
        let t = truth(&[("a", 1, Variant::Original), ("b", 1, Variant::Exact)]);
        let s = score(&t, &predicted(&[("a", None)]));
        assert_eq!((s.missing, s.recall, s.precision), (1, 0.0, 1.0));
    }
}
