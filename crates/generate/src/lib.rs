//! Labelled synthetic news corpora, to measure deduplication.
//!
//! [`generate`] writes `N` pages into a directory, in the seed text format
//! and (for a share of the articles) as HTML, with a ground truth of which
//! pages are the same article:
//!
//! - **originals**: distinct made-up articles (see `prose.rs`: two originals
//!   share almost no 5-word shingle);
//! - **exact copies**: the same bytes under another name (syndication);
//! - **re-scrapes**: the same article with a new sidebar;
//! - **edited copies**: one word changed, a paragraph added, or a paragraph
//!   removed (each also with a new sidebar).
//!
//! Half the articles have no copy; the others have one to four, each a
//! variant drawn uniformly. An article is rendered in one format only (text
//! or HTML, chosen per article with probability `html_share`), so a text
//! page and an HTML page are never the same article in the truth: HTML
//! extraction is a simple first version and its bodies differ slightly from
//! the text dumps', which would measure extraction, not deduplication.
//!
//! Layout of the output directory:
//!
//! ```text
//! OUT/pages/0000/1f3a…c2.txt     at most 1000 pages per shard, names are hashes
//! OUT/pages/0000/9b07…e1.html
//! OUT/truth.jsonl                 {"source":"pages/0000/1f3a…c2.txt","article":17,"variant":"rescrape","format":"text"}
//! ```
//!
//! Everything is a pure function of the seed: the same arguments give the
//! same bytes on any machine and any thread count. [`score`] compares a
//! dataset's duplicate clusters with the truth.
//!
//! # Example
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let config = corpus_generate::GenerateConfig { pages: 50, ..Default::default() };
//! let summary = corpus_generate::generate(&config, dir.path()).unwrap();
//! assert_eq!(summary.pages, 50);
//! let truth = corpus_generate::score::read_truth(&dir.path().join("truth.jsonl")).unwrap();
//! assert_eq!(truth.len(), 50);
//! ```

mod page;
mod prose;
mod rng;
pub mod score;

pub use page::{PageSpec, Variant, render, render_with_body};
pub use prose::Article;

use rayon::prelude::*;
use rng::Rng;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Pages per shard directory.
pub const SHARD_SIZE: usize = 1000;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateConfig {
    pub pages: usize,
    pub seed: u64,
    /// Share of articles rendered as HTML (0 to 1).
    pub html_share: f64,
    /// Share of articles that have copies (0 to 1).
    pub copied_share: f64,
}

impl Default for GenerateConfig {
    fn default() -> Self {
        Self {
            pages: 1000,
            seed: 1,
            html_share: 0.3,
            copied_share: 0.5,
        }
    }
}

/// One line of `truth.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthRecord {
    /// Path relative to the output directory, `/`-separated.
    pub source: String,
    /// The article: pages with the same number are duplicates.
    pub article: u64,
    pub variant: Variant,
    pub format: String,
}

/// Counts of what was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pages: usize,
    pub articles: usize,
    pub html_pages: usize,
    pub exact: usize,
    pub rescrape: usize,
    pub word_changed: usize,
    pub paragraph_added: usize,
    pub paragraph_removed: usize,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// The pages of a corpus, in file order (shuffled, so the copies of an
/// article are spread over the corpus), each with its file name.
pub fn plan(config: &GenerateConfig) -> Vec<(String, PageSpec)> {
    let mut rng = Rng::new(&[config.seed, 0]);
    let mut specs: Vec<PageSpec> = Vec::with_capacity(config.pages);
    let mut article = 0u64;
    while specs.len() < config.pages {
        let html = rng.chance(config.html_share);
        let copies = if rng.chance(config.copied_share) {
            rng.between(1, 4)
        } else {
            0
        };
        for copy in 0..=copies {
            if specs.len() == config.pages {
                break;
            }
            let variant = if copy == 0 {
                Variant::Original
            } else {
                *rng.pick(&Variant::COPIES)
            };
            specs.push(PageSpec {
                article,
                copy: copy as u32,
                variant,
                html,
            });
        }
        article += 1;
    }
    // Fisher–Yates with the corpus seed.
    for i in (1..specs.len()).rev() {
        specs.swap(i, rng.below(i + 1));
    }
    specs
        .into_iter()
        .enumerate()
        .map(|(position, spec)| {
            let name = rng::mix64(config.seed ^ rng::mix64(spec.article) ^ u64::from(spec.copy));
            let ext = if spec.html { "html" } else { "txt" };
            let path = format!("pages/{:04}/{name:016x}.{ext}", position / SHARD_SIZE);
            (path, spec)
        })
        .collect()
}

/// The pages of a corpus in memory, in file order: (path, contents), the
/// same bytes [`generate`] writes. For benchmarks and tests that want
/// realistic pages without a directory.
pub fn pages(config: &GenerateConfig) -> Vec<(String, String)> {
    plan(config)
        .into_iter()
        .map(|(path, spec)| {
            let page = page::render(config.seed, &spec);
            (path, page)
        })
        .collect()
}

/// Write the corpus and `truth.jsonl` into `out`.
pub fn generate(config: &GenerateConfig, out: &Path) -> Result<Summary, GenerateError> {
    let plan = plan(config);
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenerateError::Write { path, source }
    };
    for shard in 0..plan.len().div_ceil(SHARD_SIZE) {
        let dir = out.join(format!("pages/{shard:04}"));
        fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    }
    let bytes: u64 = plan
        .par_iter()
        .map(|(path, spec)| {
            let page = page::render(config.seed, spec);
            let path = out.join(path);
            fs::write(&path, &page).map_err(write_err(&path))?;
            Ok(page.len() as u64)
        })
        .collect::<Result<Vec<u64>, GenerateError>>()?
        .into_iter()
        .sum();

    let truth_path = out.join("truth.jsonl");
    let file = fs::File::create(&truth_path).map_err(write_err(&truth_path))?;
    let mut truth = BufWriter::new(file);
    let mut summary = Summary {
        pages: plan.len(),
        bytes,
        ..Summary::default()
    };
    for (source, spec) in &plan {
        let record = TruthRecord {
            source: source.clone(),
            article: spec.article,
            variant: spec.variant,
            format: if spec.html { "html" } else { "text" }.to_string(),
        };
        let line = serde_json::to_string(&record).map_err(|e| GenerateError::Write {
            path: truth_path.clone(),
            source: e.into(),
        })?;
        writeln!(truth, "{line}").map_err(write_err(&truth_path))?;
        summary.html_pages += usize::from(spec.html);
        match spec.variant {
            Variant::Original => summary.articles += 1,
            Variant::Exact => summary.exact += 1,
            Variant::Rescrape => summary.rescrape += 1,
            Variant::WordChanged => summary.word_changed += 1,
            Variant::ParagraphAdded => summary.paragraph_added += 1,
            Variant::ParagraphRemoved => summary.paragraph_removed += 1,
        }
    }
    truth.flush().map_err(write_err(&truth_path))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_has_the_pages_asked_and_every_article_an_original() {
        let config = GenerateConfig {
            pages: 2500,
            ..GenerateConfig::default()
        };
        let plan = plan(&config);
        assert_eq!(plan.len(), 2500);
        let mut names: Vec<&String> = plan.iter().map(|(p, _)| p).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 2500, "names are unique");
        assert!(plan[0].0.starts_with("pages/0000/") && plan[2499].0.starts_with("pages/0002/"));
        let originals: std::collections::HashSet<u64> = plan
            .iter()
            .filter(|(_, s)| s.variant == Variant::Original)
            .map(|(_, s)| s.article)
            .collect();
        assert!(plan.iter().all(|(_, s)| originals.contains(&s.article)));
        assert_eq!(plan, super::plan(&config), "reproducible");
    }

    #[test]
    fn pages_in_memory_are_the_files_written() {
        let config = GenerateConfig {
            pages: 30,
            ..GenerateConfig::default()
        };
        let dir = tempfile::tempdir().unwrap();
        generate(&config, dir.path()).unwrap();
        let pages = pages(&config);
        assert_eq!(pages.len(), 30);
        for (path, contents) in pages {
            assert_eq!(fs::read_to_string(dir.path().join(path)).unwrap(), contents);
        }
    }
}
