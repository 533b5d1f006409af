//! `corpus-train`: the data half of `just train`.
//!
//! `corpus-train features --wcxb DIR --generated N --out DIR` runs every
//! page through the same read, normalize and segment code as `corpus
//! ingest`, aligns each block the models decide with the page's true main
//! text ([`align`]) and writes three Parquet tables of features and labels:
//! `html_blocks.parquet`, `text_lines.parquet` (one row per decided block or
//! line) and `pages.parquet` (one row per page, for the page-type model).
//! `train/train.py` learns from them.
//!
//! `corpus-train exact --generated N --seed S` checks the seed format:
//! the share of generated pages whose body comes out exactly right.
//!
//! Sources: a WCXB split (`html/ID.html.gz`, `text/ID.txt`,
//! `ground-truth/ID.json`), and pages from `corpus-generate` in the seed
//! format, whose truth is their article's paragraphs.

mod align;
mod table;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use corpus_core::Document;
use corpus_core::{Format, Record, Stage};
use corpus_normalize::{NormalizeConfig, Normalizer, RepairConfig};
use corpus_read::ReadConfig;
use corpus_segment::Explained;
use corpus_segment::features::{
    HtmlBlockFeatures, PageFeatures, TextLineFeatures, second_pass_names,
};
use corpus_segment::{Models, SegmentConfig, Segmenter};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use table::{PageRow, Rows};

#[derive(Parser)]
#[command(version, about = "Training data for corpus's segmentation models")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Align pages with their truth and write the feature tables.
    Features {
        /// A WCXB split: html/, text/, ground-truth/.
        #[arg(long, value_name = "DIR")]
        wcxb: Option<PathBuf>,
        /// How many generated seed-format pages to add.
        #[arg(long, default_value_t = 0)]
        generated: usize,
        /// Seed of the generated pages.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Where the tables go.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Models to load (the first-pass features do not depend on them;
        /// any that fit the feature code will do) [default: built in].
        #[arg(long, value_name = "DIR")]
        model_dir: Option<PathBuf>,
        /// Write the second pass's tables instead (`html_context.parquet`,
        /// `text_context.parquet`): each page is scored by the first-pass
        /// models of the fold that did not see its site, `DIR/fold-K/`, as
        /// `DIR/folds.json` (site -> K, written by train.py) assigns them, so
        /// the context reads scores like those of pages never seen.
        #[arg(long, value_name = "DIR", conflicts_with = "model_dir")]
        fold_dir: Option<PathBuf>,
    },
    /// On generated seed-format pages, the share whose body comes out
    /// exactly as the article's paragraphs; lists the first misses. Use a
    /// seed the models were not trained on (`just train` uses 7).
    Exact {
        /// How many pages.
        #[arg(long, default_value_t = 2000)]
        generated: usize,
        #[arg(long, default_value_t = 11)]
        seed: u64,
        /// Models to use [default: built in].
        #[arg(long, value_name = "DIR")]
        model_dir: Option<PathBuf>,
        /// How many misses to show.
        #[arg(long, default_value_t = 5)]
        show: usize,
    },
}

/// One page to align: where it is from and its truth.
struct Page {
    id: String,
    domain: String,
    page_type: String,
    format: Format,
    source: String,
    bytes: Vec<u8>,
    truth: String,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Exact {
            generated,
            seed,
            model_dir,
            show,
        } => exact(generated, seed, model_dir, show),
        Command::Features {
            wcxb,
            generated,
            seed,
            out,
            model_dir,
            fold_dir,
        } => {
            let segmenters = match &fold_dir {
                Some(dir) => Segmenters::folds(dir)?,
                None => Segmenters::one(load_models(model_dir.as_deref())?),
            };
            let mut pages = Vec::new();
            if let Some(dir) = &wcxb {
                pages.extend(wcxb_pages(dir)?);
            }
            pages.extend(generated_pages(generated, seed));
            if pages.is_empty() {
                bail!("no pages: give --wcxb DIR or --generated N");
            }
            let normalizer = normalizer();
            let rows: Vec<(Rows, Option<PageRow>)> = pages
                .par_iter()
                .map(|page| rows_of(page, &normalizer, segmenters.of(&page.domain)))
                .collect();
            std::fs::create_dir_all(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let (mut html, mut text, mut page_rows) =
                (Rows::default(), Rows::default(), Vec::new());
            for ((r, p), page) in rows.into_iter().zip(&pages) {
                match page.format {
                    Format::Html => html.extend(r),
                    Format::Text => text.extend(r),
                }
                page_rows.extend(p);
            }
            if fold_dir.is_some() {
                html.write(
                    &out.join("html_context.parquet"),
                    &second_pass_names(HtmlBlockFeatures::NAMES),
                )?;
                text.write(
                    &out.join("text_context.parquet"),
                    &second_pass_names(TextLineFeatures::NAMES),
                )?;
            } else {
                html.write(&out.join("html_blocks.parquet"), HtmlBlockFeatures::NAMES)?;
                text.write(&out.join("text_lines.parquet"), TextLineFeatures::NAMES)?;
                table::write_pages(&out.join("pages.parquet"), &page_rows, PageFeatures::NAMES)?;
            }
            eprintln!(
                "corpus-train: {} pages; {} HTML blocks, {} text lines -> {}",
                pages.len(),
                html.len(),
                text.len(),
                out.display()
            );
            Ok(())
        }
    }
}

/// `corpus-train exact`: generated pages through read, normalize and
/// segment, bodies compared with the truth paragraph for paragraph.
fn exact(generated: usize, seed: u64, model_dir: Option<PathBuf>, show: usize) -> Result<()> {
    let segmenter = segmenter(load_models(model_dir.as_deref())?);
    let normalizer = normalizer();
    let pages = generated_pages(generated, seed);
    let misses: Vec<(&Page, Vec<String>)> = pages
        .par_iter()
        .filter_map(|page| {
            let body = segmented(page, &normalizer, &segmenter)
                .map(|(doc, _)| doc.body)
                .unwrap_or_default();
            let truth: Vec<&str> = page.truth.lines().collect();
            (body.iter().map(String::as_str).ne(truth.iter().copied())).then_some((page, body))
        })
        .collect();
    for (format, name) in [(Format::Text, "text dumps"), (Format::Html, "HTML")] {
        let total = pages.iter().filter(|p| p.format == format).count();
        let missed = misses.iter().filter(|(p, _)| p.format == format).count();
        println!(
            "{name}: {} of {total} bodies exact ({:.2}%)",
            total - missed,
            100.0 * (total - missed) as f64 / total.max(1) as f64
        );
    }
    for (page, body) in misses.iter().take(show) {
        let truth: Vec<&str> = page.truth.lines().collect();
        let lost: Vec<&&str> = truth
            .iter()
            .filter(|t| !body.iter().any(|b| b == **t))
            .collect();
        let extra: Vec<&String> = body
            .iter()
            .filter(|b| !truth.contains(&b.as_str()))
            .collect();
        println!("-- {}: lost {lost:?}; extra {extra:?}", page.source);
    }
    Ok(())
}

/// The segmenter each page is scored with: one for all, or one per
/// cross-validation fold, chosen by the page's site.
struct Segmenters {
    folds: Vec<Segmenter>,
    fold_of: HashMap<String, usize>,
}

fn load_models(dir: Option<&Path>) -> Result<Models> {
    Ok(match dir {
        Some(dir) => Models::from_dir(dir)?,
        None => Models::embedded()?,
    })
}

fn segmenter(models: Models) -> Segmenter {
    Segmenter::with_models(SegmentConfig::default(), Arc::new(models))
}

fn normalizer() -> Normalizer {
    Normalizer::with_repairs(NormalizeConfig::default(), RepairConfig::default())
}

/// Read, normalize and segment one page as ingest does; `None` when it
/// does not come out as a document of its own format.
fn segmented(
    page: &Page,
    normalizer: &Normalizer,
    segmenter: &Segmenter,
) -> Option<(Document, Explained)> {
    let records = corpus_read::read_bytes(&page.source, page.bytes.clone(), &ReadConfig::default());
    let Some(Record::Document(doc)) = records.into_iter().next() else {
        return None;
    };
    let mut doc = normalizer.process(*doc).ok()?;
    if doc.format != page.format {
        return None;
    }
    let explained = segmenter.segment_explained(&mut doc);
    Some((doc, explained))
}

impl Segmenters {
    fn one(models: Models) -> Self {
        Self {
            folds: vec![segmenter(models)],
            fold_of: HashMap::new(),
        }
    }

    fn folds(dir: &Path) -> Result<Self> {
        let path = dir.join("folds.json");
        let fold_of: HashMap<String, usize> = serde_json::from_slice(
            &std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
        )
        .with_context(|| format!("{} is not a site -> fold map", path.display()))?;
        let count = fold_of.values().max().map_or(0, |k| k + 1);
        let folds = (0..count)
            .map(|k| {
                Ok(segmenter(Models::first_pass_from_dir(
                    &dir.join(format!("fold-{k}")),
                )?))
            })
            .collect::<Result<Vec<_>>>()?;
        if folds.is_empty() {
            bail!("{} names no folds", path.display());
        }
        Ok(Self { folds, fold_of })
    }

    /// A site missing from the map has been seen by no fold's training, so
    /// any fold's models score it as unseen: the first.
    fn of(&self, domain: &str) -> &Segmenter {
        &self.folds[self.fold_of.get(domain).copied().unwrap_or(0) % self.folds.len()]
    }
}

/// Read, normalize and segment one page as ingest does, and align its
/// decided blocks with the truth.
fn rows_of(page: &Page, normalizer: &Normalizer, segmenter: &Segmenter) -> (Rows, Option<PageRow>) {
    let mut rows = Rows::default();
    let Some((doc, explained)) = segmented(page, normalizer, segmenter) else {
        return (rows, None);
    };
    let truth = align::Truth::new(&page.truth);
    let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    let aligned = align::align(&texts, &truth);
    for (i, (scored, (tokens, share))) in explained.blocks.iter().zip(aligned).enumerate() {
        let Some(scored) = scored else { continue };
        if tokens == 0 {
            continue;
        }
        rows.push(page, i, tokens, share, truth.tokens, &scored.features);
    }
    let page_row = PageRow {
        id: page.id.clone(),
        domain: page.domain.clone(),
        page_type: page.page_type.clone(),
        format: page.format.as_str(),
        features: explained.page_features,
    };
    (rows, Some(page_row))
}

/// Every page of a WCXB split, as HTML and as a text dump.
fn wcxb_pages(dir: &Path) -> Result<Vec<Page>> {
    let truth_dir = dir.join("ground-truth");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&truth_dir)
        .with_context(|| format!("cannot list {}", truth_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for path in names {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a truth file without a name")?
            .to_string();
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
        )
        .with_context(|| format!("{} is not JSON", path.display()))?;
        let truth = json["ground_truth"]["main_content"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let page_type = match json["_internal"]["page_type"]["primary"].as_str() {
            Some("category") => "collection",
            Some(t) => t,
            None => "article",
        }
        .to_string();
        let domain = host(json["url"].as_str().unwrap_or(&id));
        for (format, file) in [
            (Format::Html, dir.join("html").join(format!("{id}.html.gz"))),
            (Format::Text, dir.join("text").join(format!("{id}.txt"))),
        ] {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            if bytes.is_empty() {
                continue;
            }
            pages.push(Page {
                id: id.clone(),
                domain: domain.clone(),
                page_type: page_type.clone(),
                format,
                source: file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_string(),
                bytes,
                truth: truth.clone(),
            });
        }
    }
    Ok(pages)
}

/// The site of a URL, without `www.`: the unit of the cross-validation folds.
fn host(url: &str) -> String {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_ascii_lowercase()
}

/// `n` generated pages in the seed format (text dumps and HTML), each
/// with its article's paragraphs as truth.
fn generated_pages(n: usize, seed: u64) -> Vec<Page> {
    let config = corpus_generate::GenerateConfig {
        pages: n,
        seed,
        // Copies add no new lines to learn from.
        copied_share: 0.0,
        ..corpus_generate::GenerateConfig::default()
    };
    corpus_generate::plan(&config)
        .into_iter()
        .map(|(path, spec)| {
            let (page, body) = corpus_generate::render_with_body(seed, &spec);
            Page {
                id: format!("gen-{seed}-{path}"),
                domain: "generated".into(),
                page_type: "article".into(),
                format: if spec.html {
                    Format::Html
                } else {
                    Format::Text
                },
                source: path,
                bytes: page.into_bytes(),
                truth: body.join("\n"),
            }
        })
        .collect()
}
