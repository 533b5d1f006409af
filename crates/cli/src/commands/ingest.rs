//! `corpus ingest`: every stage in one process, inputs to Parquet.

use crate::Outcome;
use crate::args::IngestArgs;
use crate::config;
use crate::incremental;
use crate::pipeline::{self, PerDocument, Tally};
use crate::progress::{Progress, Unit};
use anyhow::{Context, Result};
use corpus_core::Record;
use corpus_export::{DatasetWriter, RunInfo};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// What `ingest` and the tasks of a sharded ingest make of the ingest
/// options: the per-page stages, the dedupe and export settings, the run's
/// configuration as the manifest records it, and what the cache depends on.
pub(crate) struct Setup {
    pub stages: PerDocument,
    pub dedupe: corpus_dedupe::DedupeConfig,
    pub export: corpus_export::ExportConfig,
    pub run_config: serde_json::Value,
    pub per_page_settings: serde_json::Value,
}

impl Setup {
    pub(crate) fn new(args: &IngestArgs, command: &str) -> Result<Self> {
        let read_config = config::read(&args.read);
        let normalize_config = config::normalize(&args.normalize);
        let segment_config = config::segment(&args.site, &args.segment)?;
        let dedupe_config = config::dedupe(&args.dedupe)?;
        let export_config =
            config::export(segment_config.timezone, &args.export, args.run.batch_size);
        let segmenter = config::segmenter(segment_config.clone(), &args.segment)?;
        let signaler = config::signaler(args.segment.config.as_deref(), &args.signals)?;
        let models: serde_json::Map<String, serde_json::Value> = segmenter
            .models()
            .infos()
            .into_iter()
            .map(|(name, info)| (name.to_string(), serde_json::json!(info)))
            .collect();
        let run_config = serde_json::json!({
            "command": command,
            "inputs": args.inputs,
            "read": read_config,
            "normalize": normalize_config,
            "repairs": config::repairs(&args.normalize),
            "segment": segment_config,
            "models": models,
            "signals": signaler.as_ref().map(|s| serde_json::json!({
                "filters": s.rules(),
                "thresholds": s.thresholds(),
            })),
            "dedupe": dedupe_config,
            "export": export_config,
            "batch_size": args.run.batch_size,
        });
        // What makes a page's records: the cache is valid only for the same.
        let per_page_settings = serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "read": run_config["read"],
            "normalize": run_config["normalize"],
            "repairs": run_config["repairs"],
            "segment": run_config["segment"],
            "models": run_config["models"],
            "signals": run_config["signals"],
        });
        Ok(Self {
            stages: PerDocument {
                read: read_config,
                normalizer: config::normalizer(&args.normalize),
                segmenter,
                signaler,
            },
            dedupe: dedupe_config,
            export: export_config,
            run_config,
            per_page_settings,
        })
    }
}

pub fn run(args: &IngestArgs, progress: Progress) -> Result<Outcome> {
    let started = Instant::now();
    let Setup {
        stages,
        dedupe: dedupe_config,
        export: export_config,
        run_config,
        per_page_settings,
    } = Setup::new(args, "ingest")?;
    let (inputs, missing) = corpus_read::discover(&args.inputs);
    let discovered = started.elapsed();
    let input_count = (inputs.len() + missing.len()) as u64;

    let out_dir = export_config.out_dir.clone();
    let export_drops_filtered = export_config.drop_filtered;
    let mut writer = DatasetWriter::create(export_config)
        .with_context(|| format!("cannot write a dataset in {}", out_dir.display()))?;

    let mut cache = match args.incremental {
        true => Some(incremental::Cache::open(&out_dir, &per_page_settings)?),
        false => None,
    };
    // The first pass reads inputs: its bar counts their bytes (file sizes,
    // looked up once and only when the bar shows) and shows the pages they
    // made. Batches come in input order, so a count of inputs done finds
    // each batch's sizes.
    let read_bar = progress.rate_bar(0, Unit::Bytes, "read");
    let sizes: Vec<u64> = match read_bar.is_hidden() {
        true => Vec::new(),
        false => inputs.iter().map(file_size).collect(),
    };
    read_bar.set_length(sizes.iter().sum());
    let inputs_done = AtomicUsize::new(0);
    let on_batch = |batch_inputs: usize, pages: usize| {
        let first = inputs_done.fetch_add(batch_inputs, Ordering::Relaxed);
        let bytes = sizes
            .get(first..first + batch_inputs)
            .map_or(0, |s| s.iter().sum());
        read_bar.add(bytes, pages as u64);
    };
    let processed: Box<dyn Iterator<Item = Record> + Send> = match cache.as_mut() {
        Some(cache) => Box::new(incremental::process_inputs(
            &stages,
            &inputs,
            args.run.batch_size,
            cache,
            on_batch,
        )),
        None => Box::new(pipeline::process_inputs(
            &stages,
            &inputs,
            args.run.batch_size,
            on_batch,
        )),
    };
    let records = missing.into_iter().map(Record::Reject).chain(processed);
    let mut tally = Tally::default();
    let export_bar = std::cell::OnceCell::new();
    let report = pipeline::dedupe(
        records,
        &dedupe_config,
        args.run.batch_size,
        &out_dir,
        |total| {
            read_bar.finish_and_clear();
            let _ = export_bar.set(progress.rate_bar(total, Unit::Pages, "export"));
        },
        |record| {
            tally.observe(&record);
            writer.write(&record)?;
            if let Some(bar) = export_bar.get() {
                let bytes = match &record {
                    Record::Document(doc) => doc.byte_len,
                    Record::Reject(reject) => reject.byte_len.unwrap_or(0),
                };
                bar.add(1, bytes);
            }
            Ok(())
        },
    )?;
    read_bar.finish_and_clear();
    if let Some(bar) = export_bar.get() {
        bar.finish_and_clear();
    }

    let mut timings_ms = BTreeMap::new();
    timings_ms.insert("discover".to_string(), discovered.as_millis() as u64);
    timings_ms.insert(
        "read_segment_index".to_string(),
        report.index.as_millis() as u64,
    );
    timings_ms.insert("cluster".to_string(), report.cluster.as_millis() as u64);
    timings_ms.insert("mark_export".to_string(), report.mark.as_millis() as u64);
    timings_ms.insert("total".to_string(), started.elapsed().as_millis() as u64);
    let cache_stats = cache.as_ref().map(incremental::Cache::stats);
    let mut run_config = run_config;
    if let Some(stats) = &cache_stats {
        run_config["incremental"] = serde_json::json!(stats);
    }
    let summary = writer.finish(RunInfo {
        config: run_config,
        inputs: input_count,
        timings_ms,
        filtered: tally.filtered.clone(),
        documents: Some(tally.documents),
        bytes: Some(tally.bytes),
        peak_rss_bytes: crate::memory::peak_rss_bytes(),
    })?;
    if let Some(cache) = cache {
        cache.commit()?;
    }
    // The report reads the dataset, manifest included, so it comes last;
    // its time is not in the manifest's timings.
    let report_file = match args.no_report {
        true => None,
        false => Some(super::report::write(&out_dir)?),
    };

    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let mut report_line = String::new();
    if let Some(file) = &report_file {
        let _ = writeln!(report_line, "  report     {}", file.display());
    }
    let rows = |table: &str| summary.rows.get(table).copied().unwrap_or(0);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "corpus ingest: {input_count} inputs -> {}",
        out_dir.display()
    );
    let _ = writeln!(
        text,
        "  documents  {:>10}   ({} exact + {} near duplicates in {} clusters)",
        tally.documents,
        report.stats.exact_duplicates,
        report.stats.near_duplicates,
        report.stats.clusters
    );
    let _ = writeln!(text, "  rejects    {:>10}", tally.rejects);
    if !tally.filtered.is_empty() {
        let by_rule: Vec<String> = tally
            .filtered
            .iter()
            .map(|(rule, n)| format!("{n} {rule}"))
            .collect();
        let _ = writeln!(
            text,
            "  filtered   {:>10}   ({}){}",
            tally.filtered_documents,
            by_rule.join(", "),
            if export_drops_filtered {
                ", left out"
            } else {
                ""
            }
        );
    }
    if let Some(stats) = &cache_stats {
        let _ = writeln!(
            text,
            "  inputs     {:>10} reused, {} processed, {} gone since the last run{}",
            stats.reused,
            stats.processed,
            stats.gone,
            stats
                .fresh_because
                .as_ref()
                .map(|why| format!(" ({why})"))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        text,
        "  rows       {:>10} blocks, {} sidebar links, {} boilerplate lines",
        rows("blocks"),
        rows("sidebar_links"),
        report.stats.boilerplate_lines
    );
    // Rates count documents and their bytes: one input file can hold many
    // pages (a WARC, a JSONL dump).
    let _ = writeln!(
        text,
        "  time       {:>10.2} s   {:.1} pages/s   {:.2} MB/s",
        seconds,
        tally.documents as f64 / seconds,
        tally.bytes as f64 / 1e6 / seconds
    );
    text.push_str(&report_line);
    progress.summary(&text);
    Ok(Outcome {
        rejects: tally.rejects,
    })
}

/// An input's size on disk, 0 when it cannot be read (it becomes a reject).
fn file_size(input: &corpus_read::Input) -> u64 {
    std::fs::metadata(&input.path).map_or(0, |m| m.len())
}
