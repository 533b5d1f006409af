//! `corpus report`: aggregate a dataset and write DATASET/report.html (or,
//! with `--json`, print the aggregates).

use crate::Outcome;
use crate::args::ReportArgs;
use crate::progress::Progress;
use anyhow::{Context, Result};
use std::io::Write;
use std::time::Instant;

pub fn run(args: &ReportArgs, progress: Progress) -> Result<Outcome> {
    let started = Instant::now();
    let dir = &args.dataset;
    if args.json {
        let report = corpus_report::Report::read(dir)
            .with_context(|| format!("cannot report on the dataset in {}", dir.display()))?;
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report).context("cannot write the aggregates")?;
        writeln!(out).context("cannot write to standard output")?;
        return Ok(Outcome { rejects: 0 });
    }
    let path = write(dir)?;
    progress.summary(&format!(
        "corpus report: {} in {:.2} s\n",
        path.display(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome { rejects: 0 })
}

/// Write the report of the dataset in `dir`; `ingest` calls this too.
pub fn write(dir: &std::path::Path) -> Result<std::path::PathBuf> {
    corpus_report::write_report(dir)
        .with_context(|| format!("cannot write a report of the dataset in {}", dir.display()))
}
