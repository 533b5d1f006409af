//! `corpus dedupe`: mark duplicates in a JSONL stream. It must see the whole
//! stream before it can mark anything, so it keeps a compressed copy on disk
//! between its two passes.

use crate::args::DedupeArgs;
use crate::jsonl_io::JsonlSink;
use crate::pipeline::{self, Tally};
use crate::progress::Progress;
use crate::{Outcome, config, jsonl_io};
use anyhow::{Context, Result};

pub fn run(args: &DedupeArgs, progress: Progress) -> Result<Outcome> {
    let dedupe_config = config::dedupe(&args.dedupe)?;
    let records = jsonl_io::records(&args.io.inputs, "dedupe")?;
    let spill_dir = args.spill_dir.clone().unwrap_or_else(std::env::temp_dir);
    let mut sink = JsonlSink::open(args.io.output.output.as_deref())?;
    let bar = progress.spinner("dedupe");
    let mut tally = Tally::default();
    let report = pipeline::dedupe(
        records,
        &dedupe_config,
        args.run.batch_size,
        &spill_dir,
        |_| {},
        |record| {
            tally.observe(&record);
            bar.inc(1);
            sink.write(&record).context("cannot write records")
        },
    )?;
    sink.finish().context("cannot write records")?;
    bar.finish_and_clear();
    progress.summary(&format!(
        "corpus dedupe: {} documents, {} exact + {} near duplicates in {} clusters, {} rejects\n",
        tally.documents,
        report.stats.exact_duplicates,
        report.stats.near_duplicates,
        report.stats.clusters,
        tally.rejects
    ));
    Ok(Outcome {
        rejects: tally.rejects,
    })
}
