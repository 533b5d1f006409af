//! `corpus export`: write JSONL records as a Parquet dataset.

use crate::args::ExportArgs;
use crate::pipeline::Tally;
use crate::progress::Progress;
use crate::{Outcome, config, jsonl_io};
use anyhow::{Context, Result};
use corpus_export::{DatasetWriter, RunInfo};
use std::collections::BTreeMap;
use std::time::Instant;

pub fn run(args: &ExportArgs, progress: Progress) -> Result<Outcome> {
    let started = Instant::now();
    let zone =
        config::timezone(&args.site)?.unwrap_or(corpus_segment::SegmentConfig::default().timezone);
    let export_config = config::export(zone, &args.export, args.run.batch_size);
    let run_config = serde_json::json!({
        "command": "export",
        "inputs": args.inputs,
        "export": export_config,
        "batch_size": args.run.batch_size,
    });
    let out_dir = export_config.out_dir.clone();
    let mut writer = DatasetWriter::create(export_config)
        .with_context(|| format!("cannot write a dataset in {}", out_dir.display()))?;
    let bar = progress.spinner("export");
    let mut tally = Tally::default();
    for record in jsonl_io::records(&args.inputs, "export")? {
        tally.observe(&record);
        writer.write(&record)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    let mut timings_ms = BTreeMap::new();
    timings_ms.insert("total".to_string(), started.elapsed().as_millis() as u64);
    let summary = writer.finish(RunInfo {
        config: run_config,
        inputs: tally.documents + tally.rejects,
        timings_ms,
        filtered: tally.filtered.clone(),
        documents: Some(tally.documents),
        bytes: Some(tally.bytes),
        peak_rss_bytes: crate::memory::peak_rss_bytes(),
    })?;
    progress.summary(&format!(
        "corpus export: {} documents ({} duplicates), {} rejects -> {} ({} blocks, {} sidebar links)\n",
        tally.documents,
        tally.duplicates,
        tally.rejects,
        out_dir.display(),
        summary.rows.get("blocks").copied().unwrap_or(0),
        summary.rows.get("sidebar_links").copied().unwrap_or(0),
    ));
    Ok(Outcome {
        rejects: tally.rejects,
    })
}
