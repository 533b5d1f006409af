//! A sharded ingest: `corpus plan` cuts an ingest into tasks over a work
//! folder, and `corpus map|reduce|cluster|lines|write|commit WORK TASK` runs
//! one task. Any engine that can run commands in order (local processes,
//! Ray, Slurm job arrays) runs them; the result equals `corpus ingest`'s,
//! with each table as a folder of part files.
//!
//! | step | tasks | reads | writes (in WORK unless said) |
//! |------|-------|-------|------------------------------|
//! | plan | 1 (here) | the inputs' names and sizes | `plan.json`, `inputs/NNNNN.json` |
//! | map | one per shard | the shard's inputs | `map/NNNNN/`: records, signatures, bucketed entries, `stats.json` |
//! | reduce | one per bucket | the bucket's entries of every shard | `reduce/NNNNN.bin`: exact and near pairs |
//! | cluster | 1 | every bucket's pairs | `cluster/`: per shard, marks and pages whose body was not new |
//! | lines | one per bucket | the bucket's line entries | `lines/NNNNN.bin`: boilerplate lines |
//! | write | one per shard | its records and marks, every lines file | `OUT/<table>/part-NNNNN.parquet`, `write/NNNNN.json` |
//! | commit | 1 | every write's counts | `OUT/manifest.json` (last), `OUT/report.html` |
//!
//! Every task is retry-safe. It takes a lock on `locks/STEP-NNNNN`, so two
//! copies of one task never run at once; it builds its output under a temp
//! name, removing what a dead copy left, and renames it into place; it
//! writes `done/STEP-NNNNN` last. Running a task again rewrites the same
//! bytes. A step's task refuses to start until every task of the step
//! before it is done.

use crate::Outcome;
use crate::args::{IngestArgs, PlanArgs, TaskArgs};
use crate::commands::ingest::Setup;
use crate::pipeline::{self, Tally};
use crate::progress::Progress;
use anyhow::{Context, Result, bail};
use clap::Parser;
use corpus_core::{Record, Reject};
use corpus_dedupe::DedupeStats;
use corpus_dedupe::sharded::{self, Pair, ShardWriter};
use corpus_export::{DatasetWriter, RunInfo, TaskLock};
use corpus_read::Input;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Instant;

const PLAN_FILE: &str = "plan.json";

/// The steps after plan, in order, and how many tasks each has.
const STEPS: [&str; 6] = ["map", "reduce", "cluster", "lines", "write", "commit"];

/// `plan.json`: everything a task needs besides the work folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Plan {
    /// The corpus version that planned; tasks of another version refuse.
    version: String,
    /// The folder the plan was made in: relative paths in `ingest_args`
    /// (`--config`, `--model-dir`) are taken from there.
    cwd: PathBuf,
    /// The dataset folder, absolute.
    out: PathBuf,
    shards: u32,
    buckets: u32,
    /// The `corpus ingest` options of the run.
    ingest_args: Vec<String>,
    /// Each step and its number of tasks, in order: what an engine runs.
    steps: Vec<StepPlan>,
    /// Inputs given, missing ones included.
    inputs: u64,
    /// XXH3 of the shards' input lists: a plan is the same plan only for
    /// the same inputs. The lists themselves are in `inputs/NNNNN.json`, so
    /// that a task reads its own shard's list only.
    inputs_hash: String,
    /// Inputs that could not be found: rejects, written first by shard 0
    /// as `ingest` writes them first.
    missing: Vec<Reject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StepPlan {
    name: String,
    tasks: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PlannedInput {
    path: PathBuf,
    source: String,
    bytes: u64,
    /// Modification time, in nanoseconds since 1970: with the size, what
    /// tells that an input changed since the plan (a new plan then starts
    /// over rather than keep the old maps).
    modified_ns: u64,
}

impl Plan {
    fn tasks(&self, step: &str) -> u32 {
        self.steps
            .iter()
            .find(|s| s.name == step)
            .map_or(0, |s| s.tasks)
    }
}

/// `IngestArgs` parsed alone, from the arguments a plan keeps.
#[derive(Parser)]
#[command(name = "corpus-ingest")]
struct IngestCommand {
    #[command(flatten)]
    args: IngestArgs,
}

/// Parse `corpus ingest` options alone.
fn parse_ingest(args: &[String]) -> Result<IngestCommand, clap::Error> {
    IngestCommand::try_parse_from(
        std::iter::once("corpus-ingest").chain(args.iter().map(String::as_str)),
    )
}

/// The work folder's paths.
struct Work {
    dir: PathBuf,
}

impl Work {
    fn path(&self, parts: &str) -> PathBuf {
        self.dir.join(parts)
    }

    fn task(&self, folder: &str, index: u32, suffix: &str) -> PathBuf {
        self.dir.join(folder).join(format!("{index:05}{suffix}"))
    }

    fn map_dirs(&self, plan: &Plan) -> Vec<PathBuf> {
        (0..plan.shards).map(|s| self.task("map", s, "")).collect()
    }

    fn buckets(&self, folder: &str, plan: &Plan) -> Vec<PathBuf> {
        (0..plan.buckets)
            .map(|b| self.task(folder, b, ".bin"))
            .collect()
    }

    fn done(&self, step: &str, index: u32) -> PathBuf {
        self.dir.join("done").join(format!("{step}-{index:05}"))
    }

    fn read_plan(&self) -> Result<Plan> {
        let path = self.path(PLAN_FILE);
        let bytes = fs::read(&path).with_context(|| {
            format!(
                "cannot read {} (make the plan first: corpus plan INPUT... --work {})",
                path.display(),
                self.dir.display()
            )
        })?;
        serde_json::from_slice(&bytes).with_context(|| format!("{} is unreadable", path.display()))
    }
}

/// `corpus plan`: list and cut the inputs, write `plan.json`.
pub fn plan(args: &PlanArgs, progress: Progress) -> Result<Outcome> {
    let ingest = &args.ingest;
    if ingest.incremental {
        bail!("--incremental is for one-process runs; a sharded run always processes every input");
    }
    if args.shards == 0 || args.buckets == 0 {
        bail!("--shards and --buckets must be at least 1");
    }
    let ingest_args = ingest_arguments(std::env::args_os())?;
    // The options must make a run: fail here rather than in every task.
    Setup::new(ingest, "ingest-sharded")?;
    let cwd = std::env::current_dir().context("cannot tell the current folder")?;
    let out = cwd.join(&ingest.export.out);

    let (inputs, missing) = corpus_read::discover(&ingest.inputs);
    let planned: Vec<PlannedInput> = inputs
        .into_iter()
        .map(|input| {
            let metadata = fs::metadata(&input.path).ok();
            let modified = metadata.as_ref().and_then(|m| m.modified().ok());
            PlannedInput {
                bytes: metadata.map_or(0, |m| m.len()),
                modified_ns: modified
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64),
                path: cwd.join(&input.path),
                source: input.source,
            }
        })
        .collect();
    let input_count = (planned.len() + missing.len()) as u64;
    let shard_inputs = cut(planned, args.shards);
    let lists: Vec<Vec<u8>> = shard_inputs
        .iter()
        .map(serde_json::to_vec)
        .collect::<Result<_, _>>()?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for list in &lists {
        hasher.update(&(list.len() as u64).to_le_bytes());
        hasher.update(list);
    }
    let steps = STEPS
        .iter()
        .map(|&name| StepPlan {
            name: name.to_string(),
            tasks: match name {
                "map" | "write" => args.shards,
                "reduce" | "lines" => args.buckets,
                _ => 1,
            },
        })
        .collect();
    let plan = Plan {
        version: env!("CARGO_PKG_VERSION").to_string(),
        cwd,
        out: out.clone(),
        shards: args.shards,
        buckets: args.buckets,
        ingest_args,
        steps,
        inputs: input_count,
        inputs_hash: format!("{:032x}", hasher.digest128()),
        missing,
    };

    let work = Work {
        dir: plan.cwd.join(&args.work),
    };
    let kept = match work.read_plan() {
        Ok(old) if old == plan => true,
        Ok(_) => {
            // Another plan's files would mix with this one's.
            fs::remove_dir_all(&work.dir)
                .with_context(|| format!("cannot clear {}", work.dir.display()))?;
            false
        }
        Err(_) => {
            let empty = fs::read_dir(&work.dir).map_or(true, |mut d| d.next().is_none());
            if !empty {
                bail!(
                    "{} is not empty and holds no plan: give an empty or new folder as --work",
                    work.dir.display()
                );
            }
            false
        }
    };
    fs::create_dir_all(&work.dir)
        .with_context(|| format!("cannot create {}", work.dir.display()))?;
    if !kept {
        for (shard, list) in lists.iter().enumerate() {
            write_file(&work.task("inputs", shard as u32, ".json"), list)?;
        }
        // Last: a folder with a plan has its input lists.
        let json = serde_json::to_vec_pretty(&plan)?;
        write_file(&work.path(PLAN_FILE), &json)?;
    }
    // The dataset is not complete until the commit writes a new manifest.
    match fs::remove_file(out.join(corpus_export::MANIFEST_FILE)) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).context("cannot remove the old manifest.json"),
    }

    let mut text = String::new();
    let _ = writeln!(
        text,
        "corpus plan: {input_count} inputs in {} shards, {} buckets -> {}{}",
        plan.shards,
        plan.buckets,
        work.dir.display(),
        if kept {
            " (the same plan: finished tasks are kept)"
        } else {
            ""
        }
    );
    for step in &plan.steps {
        let _ = writeln!(
            text,
            "  {:<8} {:>6} task(s): corpus {} {} TASK",
            step.name,
            step.tasks,
            step.name,
            work.dir.display()
        );
    }
    progress.summary(&text);
    Ok(Outcome { rejects: 0 })
}

/// The `ingest` options among the command line's arguments: those after
/// `plan`, without plan's own options and the global ones.
fn ingest_arguments(argv: impl Iterator<Item = OsString>) -> Result<Vec<String>> {
    let argv: Vec<String> = argv
        .skip(1)
        .map(|a| {
            a.into_string()
                .map_err(|a| anyhow::anyhow!("argument {a:?} is not UTF-8"))
        })
        .collect::<Result<_>>()?;
    let start = argv.iter().position(|a| a == "plan").map_or(0, |at| at + 1);
    let with_value = ["--work", "--shards", "--buckets", "--threads"];
    let mut kept = Vec::new();
    let mut args = argv[start..].iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            kept.push(arg.clone());
            kept.extend(args.by_ref().cloned());
            break;
        }
        if with_value.contains(&arg.as_str()) {
            args.next();
            continue;
        }
        let is_own = with_value
            .iter()
            .any(|flag| arg.starts_with(&format!("{flag}=")));
        if is_own || arg == "--quiet" || arg == "-q" {
            continue;
        }
        kept.push(arg.clone());
    }
    parse_ingest(&kept).context("the ingest options of the plan do not parse")?;
    Ok(kept)
}

/// Cut inputs, in order, into `shards` runs of about equal bytes. The same
/// inputs always give the same cut.
fn cut(inputs: Vec<PlannedInput>, shards: u32) -> Vec<Vec<PlannedInput>> {
    let total: u64 = inputs.iter().map(|i| i.bytes.max(1)).sum();
    let mut out: Vec<Vec<PlannedInput>> = vec![Vec::new(); shards as usize];
    let mut before: u64 = 0;
    for input in inputs {
        // The shard where the input's middle byte falls.
        let middle = before + input.bytes.max(1) / 2;
        let shard = (u128::from(middle) * u128::from(shards) / u128::from(total.max(1))) as usize;
        before += input.bytes.max(1);
        if let Some(shard) = out.get_mut(shard.min(shards as usize - 1)) {
            shard.push(input);
        }
    }
    out
}

/// What a task's body is given.
struct Ctx {
    work: Work,
    plan: Plan,
    /// The run's ingest options, as planned.
    args: IngestArgs,
    dedupe: corpus_dedupe::DedupeConfig,
    /// Writing into the plan's output folder.
    export: corpus_export::ExportConfig,
    /// Which task of the step.
    index: u32,
}

/// What a finished task records in `done/STEP-NNNNN`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Done {
    elapsed_ms: u64,
    peak_rss_bytes: Option<u64>,
}

/// Run one task of `step`: check the plan and the step before, take the
/// task's lock, run `body`, then mark the task done.
fn task(
    args: &TaskArgs,
    step: &str,
    progress: &Progress,
    body: impl FnOnce(&Ctx) -> Result<String>,
) -> Result<Outcome> {
    let started = Instant::now();
    let work = Work {
        dir: std::path::absolute(&args.work)
            .with_context(|| format!("bad work folder {}", args.work.display()))?,
    };
    let plan = work.read_plan()?;
    if plan.version != env!("CARGO_PKG_VERSION") {
        bail!(
            "{} was planned by corpus {}, this is {}: plan again",
            work.path(PLAN_FILE).display(),
            plan.version,
            env!("CARGO_PKG_VERSION")
        );
    }
    let tasks = plan.tasks(step);
    if args.task >= tasks {
        bail!(
            "{step} has tasks 0 to {} in this plan",
            tasks.saturating_sub(1)
        );
    }
    if let Some(at) = STEPS.iter().position(|s| *s == step) {
        if let Some(before) = at.checked_sub(1).and_then(|b| STEPS.get(b)) {
            for index in 0..plan.tasks(before) {
                if !work.done(before, index).exists() {
                    bail!(
                        "{before} task {index} has not finished: run every {before} task before {step}"
                    );
                }
            }
        }
    }
    std::env::set_current_dir(&plan.cwd).with_context(|| {
        format!(
            "cannot enter {}, where the plan was made",
            plan.cwd.display()
        )
    })?;
    let parsed =
        parse_ingest(&plan.ingest_args).context("the plan's ingest options do not parse")?;
    // Only map and commit need the stages (their models take most of a
    // task's memory): the others make the two settings they use.
    let segment = crate::config::segment(&parsed.args.site, &parsed.args.segment)?;
    let mut export = crate::config::export(
        segment.timezone,
        &parsed.args.export,
        parsed.args.run.batch_size,
    );
    export.out_dir = plan.out.clone();
    let ctx = Ctx {
        work,
        plan,
        dedupe: crate::config::dedupe(&parsed.args.dedupe)?,
        export,
        args: parsed.args,
        index: args.task,
    };
    let work = &ctx.work;

    for folder in ["locks", "done"] {
        fs::create_dir_all(work.path(folder))
            .with_context(|| format!("cannot create {}", work.path(folder).display()))?;
    }
    let lock_path = work.path("locks").join(format!("{step}-{:05}", args.task));
    let _lock = TaskLock::acquire(&lock_path)?;
    let done = work.done(step, args.task);
    match fs::remove_file(&done) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("cannot remove {}", done.display())),
    }
    let note = body(&ctx)?;
    let record = Done {
        elapsed_ms: started.elapsed().as_millis() as u64,
        peak_rss_bytes: crate::memory::peak_rss_bytes(),
    };
    write_file(&done, &serde_json::to_vec(&record)?)?;
    progress.summary(&format!(
        "corpus {step} {}: task {}: {note} in {:.2} s\n",
        work.dir.display(),
        args.task,
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome { rejects: 0 })
}

/// `stats.json` of a map task.
#[derive(Debug, Default, Serialize, Deserialize)]
struct MapStats {
    pages: u64,
    dedupe_bytes: u64,
    record_bytes: u64,
}

/// `corpus map WORK SHARD`: read, normalise, segment and sign the shard's
/// inputs; spill its records and write its deduplication data.
pub fn map(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    task(args, "map", &progress, |ctx| {
        let (work, plan, shard) = (&ctx.work, &ctx.plan, ctx.index);
        let setup = Setup::new(&ctx.args, "ingest-sharded")?;
        let dir = work.task("map", shard, "");
        let temp = work.task("map", shard, ".tmp");
        remove_dir(&temp)?;
        fs::create_dir_all(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        let list = work.task("inputs", shard, ".json");
        let planned: Vec<PlannedInput> = serde_json::from_slice(
            &fs::read(&list).with_context(|| format!("cannot read {}", list.display()))?,
        )
        .with_context(|| format!("{} is unreadable", list.display()))?;
        let inputs: Vec<Input> = planned
            .into_iter()
            .map(|i| Input {
                path: i.path,
                source: i.source,
            })
            .collect();
        let missing = match shard {
            0 => plan.missing.clone(),
            _ => Vec::new(),
        };
        let batch_size = ctx.args.run.batch_size.max(1);
        let records = missing
            .into_iter()
            .map(Record::Reject)
            .chain(pipeline::process_inputs(
                &setup.stages,
                &inputs,
                batch_size,
                |_, _| {},
            ));
        let records_path = temp.join("records.zst");
        let file = File::create(&records_path)
            .with_context(|| format!("cannot create {}", records_path.display()))?;
        let mut writer = ShardWriter::create(&temp, &setup.dedupe, plan.buckets)
            .with_context(|| format!("cannot write in {}", temp.display()))?;
        pipeline::spill_signed(records, &setup.dedupe, batch_size, file, |signature| {
            writer
                .add(&signature)
                .context("cannot write the shard's deduplication data")
        })?;
        let summary = writer
            .finish()
            .context("cannot finish the shard's deduplication data")?;
        File::open(&records_path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot sync {}", records_path.display()))?;
        let stats = MapStats {
            pages: u64::from(summary.pages),
            dedupe_bytes: summary.dedupe_bytes,
            record_bytes: fs::metadata(&records_path).map_or(0, |m| m.len()),
        };
        write_file(&temp.join("stats.json"), &serde_json::to_vec(&stats)?)?;
        remove_dir(&dir)?;
        fs::rename(&temp, &dir)
            .with_context(|| format!("cannot move {} into place", dir.display()))?;
        Ok(format!(
            "{} pages, {} bytes of deduplication data ({:.0} a page)",
            stats.pages,
            stats.dedupe_bytes,
            stats.dedupe_bytes as f64 / stats.pages.max(1) as f64
        ))
    })
}

/// `corpus reduce WORK BUCKET`: the bucket's exact and near pairs.
pub fn reduce(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    task(args, "reduce", &progress, |ctx| {
        let (work, plan, bucket) = (&ctx.work, &ctx.plan, ctx.index);
        let pairs = sharded::reduce(&work.map_dirs(plan), bucket, &ctx.dedupe)
            .with_context(|| format!("cannot reduce bucket {bucket}"))?;
        let path = work.task("reduce", bucket, ".bin");
        create_parent(&path)?;
        Pair::write_all(&path, &pairs)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(format!("{} pairs", pairs.len()))
    })
}

/// `stats.json` of the cluster step.
fn cluster_stats_path(work: &Work) -> PathBuf {
    work.path("cluster").join("stats.json")
}

/// `corpus cluster WORK`: clusters, representatives and marks.
pub fn cluster(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    task(args, "cluster", &progress, |ctx| {
        let (work, plan) = (&ctx.work, &ctx.plan);
        let dir = work.path("cluster");
        let temp = work.path("cluster.tmp");
        remove_dir(&temp)?;
        let output = sharded::cluster(
            &work.map_dirs(plan),
            &work.buckets("reduce", plan),
            &ctx.dedupe,
            &temp,
        )
        .context("cannot cluster the pairs")?;
        write_file(
            &temp.join("stats.json"),
            &serde_json::to_vec(&output.stats)?,
        )?;
        remove_dir(&dir)?;
        fs::rename(&temp, &dir)
            .with_context(|| format!("cannot move {} into place", dir.display()))?;
        Ok(format!(
            "{} clusters, {} exact and {} near duplicates",
            output.stats.clusters, output.stats.exact_duplicates, output.stats.near_duplicates
        ))
    })
}

/// `corpus lines WORK BUCKET`: the bucket's boilerplate lines.
pub fn lines(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    task(args, "lines", &progress, |ctx| {
        let (work, plan, bucket) = (&ctx.work, &ctx.plan, ctx.index);
        let lines = sharded::count_lines(
            &work.map_dirs(plan),
            &work.path("cluster"),
            bucket,
            &ctx.dedupe,
        )
        .with_context(|| format!("cannot count the lines of bucket {bucket}"))?;
        let path = work.task("lines", bucket, ".bin");
        create_parent(&path)?;
        sharded::write_lines(&path, &lines)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(format!("{} boilerplate lines", lines.len()))
    })
}

/// `write/NNNNN.json`: what one write task wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
struct WriteStats {
    rows: BTreeMap<String, u64>,
    tally: Tally,
}

/// `corpus write WORK SHARD`: mark the shard's records and write its part
/// of every table.
pub fn write(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    task(args, "write", &progress, |ctx| {
        let (work, plan, shard) = (&ctx.work, &ctx.plan, ctx.index);
        let boilerplate = sharded::read_lines(&work.buckets("lines", plan))
            .context("cannot read the boilerplate lines")?;
        let marks = sharded::read_marks(&work.path("cluster"), shard)
            .with_context(|| format!("cannot read the marks of shard {shard}"))?;
        let result = sharded::shard_result(&ctx.dedupe, marks, boilerplate);
        let records_path = work.task("map", shard, "").join("records.zst");
        let file = File::open(&records_path)
            .with_context(|| format!("cannot open {}", records_path.display()))?;
        let out = ctx.export.out_dir.clone();
        fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
        let mut writer = DatasetWriter::create_part(ctx.export.clone(), shard)
            .with_context(|| format!("cannot write part {shard} in {}", out.display()))?;
        let mut tally = Tally::default();
        let batch_size = ctx.args.run.batch_size.max(1);
        pipeline::replay_marked(file, batch_size, &result, |record| {
            tally.observe(&record);
            writer.write(&record)?;
            Ok(())
        })?;
        let rows = writer.finish_part()?;
        let stats = WriteStats { rows, tally };
        let path = work.task("write", shard, ".json");
        create_parent(&path)?;
        write_file(&path, &serde_json::to_vec(&stats)?)?;
        Ok(format!(
            "{} documents, {} rejects",
            stats.tally.documents, stats.tally.rejects
        ))
    })
}

/// `corpus commit WORK`: the manifest over every part, then the report.
pub fn commit(args: &TaskArgs, progress: Progress) -> Result<Outcome> {
    let mut rejects = 0;
    let outcome = task(args, "commit", &progress, |ctx| {
        let (work, plan) = (&ctx.work, &ctx.plan);
        let setup = Setup::new(&ctx.args, "ingest-sharded")?;
        let mut rows: BTreeMap<String, u64> = BTreeMap::new();
        let mut tally = Tally::default();
        for shard in 0..plan.shards {
            let path = work.task("write", shard, ".json");
            let stats: WriteStats = serde_json::from_slice(
                &fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
            )
            .with_context(|| format!("{} is unreadable", path.display()))?;
            for (table, n) in stats.rows {
                *rows.entry(table).or_default() += n;
            }
            tally.merge(&stats.tally);
        }
        let path = cluster_stats_path(work);
        let mut stats: DedupeStats = serde_json::from_slice(
            &fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
        )?;
        stats.boilerplate_lines = sharded::read_lines(&work.buckets("lines", plan))?.len() as u64;

        // Per step, the sum of its tasks' times and their largest memory.
        let mut timings_ms = BTreeMap::new();
        let mut peak_rss: Option<u64> = None;
        for step in STEPS.iter().filter(|s| **s != "commit") {
            let mut sum = 0;
            for index in 0..plan.tasks(step) {
                let done: Done = fs::read(work.done(step, index))
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or_default();
                sum += done.elapsed_ms;
                peak_rss = peak_rss.max(done.peak_rss_bytes);
            }
            timings_ms.insert(format!("{step}_tasks_total"), sum);
        }
        let mut run_config = setup.run_config.clone();
        run_config["shards"] = serde_json::json!(plan.shards);
        run_config["buckets"] = serde_json::json!(plan.buckets);
        let summary = corpus_export::commit_parts(
            &plan.out,
            plan.shards,
            rows,
            RunInfo {
                config: run_config,
                inputs: plan.inputs,
                timings_ms,
                filtered: tally.filtered.clone(),
                documents: Some(tally.documents),
                bytes: Some(tally.bytes),
                peak_rss_bytes: peak_rss,
            },
        )?;
        let report = match ctx.args.no_report {
            true => String::new(),
            false => format!(", report {}", super::report::write(&plan.out)?.display()),
        };
        rejects = tally.rejects;
        let rows = |table: &str| summary.rows.get(table).copied().unwrap_or(0);
        Ok(format!(
            "{} documents ({} exact + {} near duplicates in {} clusters), {} rejects, {} blocks, {} sidebar links, {} boilerplate lines -> {}{report}",
            tally.documents,
            stats.exact_duplicates,
            stats.near_duplicates,
            stats.clusters,
            tally.rejects,
            rows("blocks"),
            rows("sidebar_links"),
            stats.boilerplate_lines,
            plan.out.display()
        ))
    })?;
    Ok(Outcome {
        rejects: outcome.rejects.max(rejects),
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    create_parent(path)?;
    let mut file = corpus_export::AtomicFile::create(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    std::io::Write::write_all(&mut file, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn create_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("cannot remove {}", dir.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(bytes: u64) -> PlannedInput {
        PlannedInput {
            path: PathBuf::from(format!("{bytes}")),
            source: String::new(),
            bytes,
            modified_ns: 0,
        }
    }

    #[test]
    fn inputs_are_cut_in_order_into_shards_of_similar_bytes() {
        let inputs: Vec<PlannedInput> = [10, 10, 10, 10, 40, 5, 5, 10].map(input).into();
        let shards = cut(inputs.clone(), 4);
        assert_eq!(shards.len(), 4);
        let sizes: Vec<u64> = shards
            .iter()
            .map(|s| s.iter().map(|i| i.bytes).sum())
            .collect();
        assert_eq!(sizes, vec![20, 20, 40, 20]);
        let flat: Vec<PlannedInput> = shards.into_iter().flatten().collect();
        assert_eq!(flat, inputs, "input order is kept");
        assert_eq!(cut(inputs.clone(), 4), cut(inputs, 4), "stable");
        assert_eq!(cut(Vec::new(), 3), vec![Vec::new(); 3]);
        assert_eq!(cut(vec![input(0), input(0)], 7).concat().len(), 2);
    }

    #[test]
    fn a_plan_keeps_the_ingest_options_only() {
        let argv = [
            "corpus",
            "--threads",
            "2",
            "plan",
            "in/",
            "--work",
            "w",
            "--shards=4",
            "--out",
            "o",
            "--buckets",
            "3",
            "-q",
            "--batch-size",
            "7",
        ]
        .map(OsString::from);
        let kept = ingest_arguments(argv.into_iter()).unwrap_or_default();
        assert_eq!(kept, ["in/", "--out", "o", "--batch-size", "7"]);
    }
}
