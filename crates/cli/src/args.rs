//! Every command-line type, in one place.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn raw scraped news pages into clean, deduplicated Parquet datasets.
///
/// `corpus ingest` runs every stage in one process. Each stage is also a
/// subcommand that reads and writes JSONL records, so stages can be run alone
/// and piped:
///
///   corpus read seeds/ | corpus normalize | corpus segment \
///     | corpus signals | corpus dedupe | corpus export --out DIR
#[derive(Debug, Parser)]
#[command(name = "corpus", version, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Hide progress bars and the end-of-run summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Worker threads [default: one per core].
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every stage on input files or directories and write a Parquet dataset.
    Ingest(IngestArgs),
    /// Find inputs, decompress and decode them; write one JSONL record per page.
    Read(ReadArgs),
    /// Clean the text of JSONL records (Unicode NFC, whitespace, control characters).
    Normalize(NormalizeArgs),
    /// Label every line of JSONL records: title, body, captions, sidebar lists.
    Segment(SegmentArgs),
    /// Language and quality signals (Gopher, C4, FineWeb) of JSONL records' bodies.
    Signals(SignalsArgs),
    /// Mark exact and near-duplicate documents and repeated boilerplate lines.
    Dedupe(DedupeArgs),
    /// Write JSONL records as a Parquet dataset.
    Export(ExportArgs),
    /// Show each line of pages with its label and the rule that chose it.
    Explain(ExplainArgs),
    /// Write DATASET/report.html: one self-contained HTML page of charts and tables about a dataset.
    Report(ReportArgs),
    /// Show one page of a dataset: its blocks in order, coloured by label.
    Inspect(InspectArgs),
    /// Cut an ingest into tasks over a work folder, for a cluster: then run
    /// every task of map, reduce, cluster, lines, write and commit in turn.
    Plan(PlanArgs),
    /// Sharded ingest, one shard: read, normalise, segment, sign; spill its records.
    Map(TaskArgs),
    /// Sharded ingest, one bucket: its exact and near-duplicate pairs.
    Reduce(TaskArgs),
    /// Sharded ingest: clusters and representatives from every bucket's pairs.
    Cluster(TaskArgs),
    /// Sharded ingest, one bucket: its lines repeated on enough distinct pages.
    Lines(TaskArgs),
    /// Sharded ingest, one shard: mark its pages and write its part of every table.
    Write(TaskArgs),
    /// Sharded ingest: write manifest.json over every part (last), then report.html.
    Commit(TaskArgs),
}

/// `corpus plan`: the options of `corpus ingest`, and how to cut the run.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// The work folder every task reads and writes (shared by all machines).
    #[arg(long, value_name = "DIR")]
    pub work: PathBuf,
    /// Map and write tasks: the inputs are cut into this many runs of about
    /// equal bytes.
    #[arg(long, value_name = "N")]
    pub shards: u32,
    /// Reduce and lines tasks: deduplication data is routed into this many
    /// buckets.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub buckets: u32,
}

/// One task of a sharded ingest.
#[derive(Debug, Args)]
pub struct TaskArgs {
    /// The work folder `corpus plan` made.
    #[arg(value_name = "WORK")]
    pub work: PathBuf,
    /// Which task of the step (a shard or a bucket), from 0.
    #[arg(value_name = "TASK", default_value_t = 0)]
    pub task: u32,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories to ingest (plain, .gz or .zst; text dumps or HTML).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub normalize: NormalizeOpts,
    #[command(flatten)]
    pub site: SiteOpts,
    #[command(flatten)]
    pub segment: SegmentOpts,
    #[command(flatten)]
    pub signals: SignalOpts,
    #[command(flatten)]
    pub dedupe: DedupeOpts,
    #[command(flatten)]
    pub export: ExportOpts,
    /// Only read, normalise and segment inputs that are new or changed since
    /// the last --incremental run into the same --out (cached in
    /// OUT/.corpus-cache); deduplication and export still cover every input.
    #[arg(long)]
    pub incremental: bool,
    /// Do not write OUT/report.html at the end of the run.
    #[arg(long)]
    pub no_report: bool,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Files or directories to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub output: OutputOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub io: JsonlIo,
    #[command(flatten)]
    pub normalize: NormalizeOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub io: JsonlIo,
    #[command(flatten)]
    pub site: SiteOpts,
    #[command(flatten)]
    pub segment: SegmentOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct SignalsArgs {
    #[command(flatten)]
    pub io: JsonlIo,
    /// A TOML file whose `[filters]` table overrides the filters'
    /// thresholds (see config/segment.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub signals: SignalOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct DedupeArgs {
    #[command(flatten)]
    pub io: JsonlIo,
    #[command(flatten)]
    pub dedupe: DedupeOpts,
    /// Directory for the temporary copy of the stream kept between the two
    /// passes [default: the system temp directory].
    #[arg(long, value_name = "DIR")]
    pub spill_dir: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// JSONL files of records; none or `-` reads standard input.
    #[arg(value_name = "JSONL")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub site: SiteOpts,
    #[command(flatten)]
    pub export: ExportOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files or directories to explain.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Characters of each line to show.
    #[arg(long, default_value_t = 80, value_name = "N")]
    pub width: usize,
    /// Under each line the model decided, the N features that moved its
    /// score most (log-odds, + towards body).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub why: usize,
    #[command(flatten)]
    pub read: ReadOpts,
    #[command(flatten)]
    pub normalize: NormalizeOpts,
    #[command(flatten)]
    pub site: SiteOpts,
    #[command(flatten)]
    pub segment: SegmentOpts,
    #[command(flatten)]
    pub run: RunOpts,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The dataset directory (as written by `ingest --out` or `export --out`).
    #[arg(value_name = "DATASET")]
    pub dataset: PathBuf,
    /// Print the aggregates the report shows as JSON on standard output
    /// instead of writing report.html.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The dataset directory.
    #[arg(value_name = "DATASET")]
    pub dataset: PathBuf,
    /// The page: its source (as in documents.parquet) or its doc_id.
    #[arg(value_name = "SOURCE|DOC_ID")]
    pub page: String,
    /// Colour blocks by label: `auto` when standard output is a terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Write the page as HTML, labels as highlights, to this file instead.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// JSONL in and out for a stage run alone.
#[derive(Debug, Args)]
pub struct JsonlIo {
    /// JSONL files of records; none or `-` reads standard input.
    #[arg(value_name = "JSONL")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputOpts,
}

#[derive(Debug, Args)]
pub struct OutputOpts {
    /// Write JSONL to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunOpts {
    /// Exit with status 2 when any input was rejected.
    #[arg(long)]
    pub strict: bool,
    /// Documents processed in parallel per batch; memory grows with it.
    #[arg(long, default_value_t = 1024, value_name = "N")]
    pub batch_size: usize,
}

#[derive(Debug, Args)]
pub struct ReadOpts {
    /// Largest input accepted, in bytes, before and after decompression.
    #[arg(long, default_value_t = 256 * 1024 * 1024, value_name = "BYTES")]
    pub max_bytes: u64,
}

#[derive(Debug, Args)]
pub struct NormalizeOpts {
    /// Skip Unicode NFC composition.
    #[arg(long)]
    pub no_nfc: bool,
    /// Skip whitespace cleaning (line endings, NBSP, zero-width, runs of spaces).
    #[arg(long)]
    pub no_whitespace: bool,
    /// Keep control characters.
    #[arg(long)]
    pub no_control_chars: bool,
    /// Leave mojibake (UTF-8 read as Windows-1252, `â€™`) unrepaired.
    #[arg(long)]
    pub no_mojibake: bool,
    /// Leave HTML entities (`&amp;`, `&#8217;`) in the text.
    #[arg(long)]
    pub no_entities: bool,
    /// Leave inline markdown residue (`[text](url)`, `**bold**`) in the text.
    #[arg(long)]
    pub no_markdown: bool,
    /// Where Vietnamese tone marks go in oa/oe/uy syllables, so both
    /// spellings of a word become one.
    #[arg(long, value_enum, default_value_t = ToneMarks::FirstVowel, value_name = "STYLE")]
    pub tone_marks: ToneMarks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ToneMarks {
    /// `hòa`, `thủy`: the style of most news sites.
    FirstVowel,
    /// `hoà`, `thuỷ`: the school-textbook style.
    MainVowel,
    /// Leave tone marks as written.
    Off,
}

#[derive(Debug, Args)]
pub struct SiteOpts {
    /// IANA time zone of the site's local times (sidebar timestamps); also
    /// the zone shown on timestamp columns [default: the config file's, else
    /// Asia/Ho_Chi_Minh].
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
}

#[derive(Debug, Args)]
pub struct SegmentOpts {
    /// Per-site segmentation hints in TOML (time zone, sidebar headings,
    /// credit labels); see config/segment.toml. Flags given here win.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A line that is always a sidebar heading on this site (repeatable).
    /// The rules find headings without it; this is a hint.
    #[arg(long = "sidebar-heading", value_name = "TEXT")]
    pub sidebar_headings: Vec<String>,
    /// Directory with the segmentation models (html_block.json,
    /// text_line.json, page_type.json) to use instead of the built-in ones,
    /// for models retrained with `just train` [default: built in].
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SignalOpts {
    /// Apply these quality rules (comma-separated: gopher, c4, fineweb) with
    /// datatrove's default thresholds, or the config file's `[filters]`; a
    /// document that fails keeps its row and lists the rules in
    /// `filtered_by`. Language and signals are computed either way.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "RULES",
        conflicts_with = "no_signals"
    )]
    pub filter: Vec<corpus_signals::Rule>,
    /// Skip language and quality signals (their columns are null): for the
    /// fastest run when they are not wanted.
    #[arg(long)]
    pub no_signals: bool,
}

#[derive(Debug, Args)]
pub struct DedupeOpts {
    /// Words per shingle for near-duplicate detection.
    #[arg(long, value_name = "N")]
    pub shingle_words: Option<usize>,
    /// MinHash signature positions: bins of the one-permutation MinHash (must be bands × rows).
    #[arg(long, value_name = "N")]
    pub permutations: Option<usize>,
    /// LSH bands.
    #[arg(long, value_name = "N")]
    pub bands: Option<usize>,
    /// Estimated Jaccard similarity at or above which two pages are near duplicates.
    #[arg(long, value_name = "0..1")]
    pub threshold: Option<f32>,
    /// A line on at least this many distinct pages is marked boilerplate.
    #[arg(long, value_name = "N")]
    pub boilerplate_min_docs: Option<u32>,
    /// Keep boilerplate lines in the body (only flag them in blocks).
    #[arg(long)]
    pub keep_boilerplate_in_body: bool,
}

#[derive(Debug, Args)]
pub struct ExportOpts {
    /// Output directory of the dataset.
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// Write only one document per duplicate cluster (duplicates.parquet still lists all).
    #[arg(long)]
    pub drop_duplicates: bool,
    /// Leave documents that failed a --filter rule out of documents, blocks
    /// and sidebar links (the manifest still counts them).
    #[arg(long)]
    pub drop_filtered: bool,
}
