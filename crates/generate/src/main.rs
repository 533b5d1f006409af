//! `corpus-generate`: write a labelled synthetic corpus, or score a dataset
//! against one.
//!
//! ```text
//! corpus-generate --pages 100000 --seed 1 --html-share 0.3 --out /tmp/gen
//! corpus ingest /tmp/gen/pages --out /tmp/out
//! corpus-generate score --truth /tmp/gen/truth.jsonl --dataset /tmp/out
//! ```

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use corpus_generate::{GenerateConfig, generate, score};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "corpus-generate",
    about = "Write a labelled synthetic news corpus, or score duplicate clusters against its truth",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: GenerateArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Pairwise precision and recall of a dataset's duplicate clusters.
    Score(ScoreArgs),
}

#[derive(Args)]
struct GenerateArgs {
    /// Pages to write.
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// Seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of articles rendered as HTML.
    #[arg(long, default_value_t = 0.3)]
    html_share: f64,
    /// Share of articles that have copies.
    #[arg(long, default_value_t = 0.5)]
    copied_share: f64,
    /// Output directory (pages/ and truth.jsonl go inside).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct ScoreArgs {
    /// truth.jsonl written by the generator.
    #[arg(long)]
    truth: PathBuf,
    /// The dataset directory (or its documents.parquet).
    #[arg(long)]
    dataset: PathBuf,
    /// Fail (exit 1) when precision or recall is below this, or a cluster mixes articles.
    #[arg(long)]
    min: Option<f64>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Score(args)) => run_score(&args),
        None => run_generate(&cli.generate),
    }
}

fn run_generate(args: &GenerateArgs) -> Result<()> {
    let Some(out) = &args.out else {
        bail!("--out DIR is required");
    };
    if !(0.0..=1.0).contains(&args.html_share) || !(0.0..=1.0).contains(&args.copied_share) {
        bail!("--html-share and --copied-share are between 0 and 1");
    }
    let config = GenerateConfig {
        pages: args.pages,
        seed: args.seed,
        html_share: args.html_share,
        copied_share: args.copied_share,
    };
    let started = Instant::now();
    let summary =
        generate(&config, out).with_context(|| format!("generating into {}", out.display()))?;
    eprintln!(
        "wrote {} pages ({} articles, {} HTML, {:.1} MB) in {:.1}s",
        summary.pages,
        summary.articles,
        summary.html_pages,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

fn run_score(args: &ScoreArgs) -> Result<()> {
    let truth = score::read_truth(&args.truth)?;
    let predicted = score::read_clusters(&args.dataset)?;
    let result = score::score(&truth, &predicted);
    println!("{}", serde_json::to_string_pretty(&result)?);
    eprintln!(
        "precision {:.5}  recall {:.5}  mixed clusters {}  missing pages {}",
        result.precision, result.recall, result.mixed_clusters, result.missing
    );
    if let Some(min) = args.min
        && (result.precision < min || result.recall < min || result.mixed_clusters > 0)
    {
        bail!("below {min}, or mixed clusters");
    }
    Ok(())
}
