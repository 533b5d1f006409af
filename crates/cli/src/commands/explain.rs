//! `corpus explain`: read, normalise and segment pages and show, line by
//! line, the label each got, the rule that chose it and, where the model
//! decided, its score (and with `--why N` the features that moved it). For
//! a developer who wants to know why a line ended up in (or out of) the body.

use crate::args::ExplainArgs;
use crate::progress::Progress;
use crate::{Outcome, config};
use anyhow::{Context, Result};
use corpus_core::{Document, Record, apply_stage};
use corpus_segment::{Explained, Segmenter};
use std::io::{self, Write};

pub fn run(args: &ExplainArgs, _progress: Progress) -> Result<Outcome> {
    let read = config::read(&args.read);
    let normalizer = config::normalizer(&args.normalize);
    let segmenter = config::segmenter(config::segment(&args.site, &args.segment)?, &args.segment)?;
    let (inputs, missing) = corpus_read::discover(&args.inputs);
    let mut out = io::stdout().lock();
    let mut rejects = 0;
    let records = missing.into_iter().map(Record::Reject).chain(
        inputs
            .iter()
            .flat_map(|input| corpus_read::records(input, &read))
            .map(|record| apply_stage(&normalizer, record)),
    );
    for mut record in records {
        let written = match &mut record {
            Record::Document(doc) => {
                let explained = segmenter.segment_explained(doc);
                explain(&mut out, doc, &explained, &segmenter, args)
            }
            Record::Reject(reject) => {
                rejects += 1;
                writeln!(
                    out,
                    "== {}: rejected by {} ({}): {}\n",
                    reject.source, reject.stage, reject.kind, reject.message
                )
            }
        };
        match written {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => break,
            other => other.context("cannot write to standard output")?,
        }
    }
    Ok(Outcome { rejects })
}

fn explain(
    out: &mut impl Write,
    doc: &Document,
    explained: &Explained,
    segmenter: &Segmenter,
    args: &ExplainArgs,
) -> io::Result<()> {
    let width = args.width;
    writeln!(
        out,
        "== {} ({}, {} bytes, {})",
        doc.source,
        doc.format.as_str(),
        doc.byte_len,
        doc.encoding.as_deref().unwrap_or("unknown encoding")
    )?;
    if let Some((kind, p)) = corpus_segment::most_likely_page_type(&explained.page_types) {
        writeln!(out, "-- page type: {kind} ({p:.2})")?;
    }
    writeln!(
        out,
        "{:>5}  {:<15}  {:<26}  {:<16}  {:>5}  text",
        "line", "label", "rule", "section", "score"
    )?;
    for (i, block) in doc.blocks.iter().enumerate() {
        let scored = explained.blocks.get(i).and_then(Option::as_ref);
        let text: String = block.text.chars().take(width).collect();
        let cut = if block.text.chars().count() > width {
            "…"
        } else {
            ""
        };
        let score = scored.map_or(String::new(), |s| format!("{:.2}", s.score));
        writeln!(
            out,
            "{:>5}  {:<15}  {:<26}  {:<16}  {score:>5}  {text}{cut}",
            block.line_start,
            block.label.as_str(),
            block.rule,
            block.section.as_deref().unwrap_or("")
        )?;
        if let Some(scored) = scored.filter(|_| args.why > 0) {
            let why = segmenter
                .models()
                .why(doc.format, &scored.features, args.why)
                .into_iter()
                .map(|(name, moved)| format!("{name} {moved:+.2}"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                out,
                "{:>5}  first pass {:.2}; moved by {why}",
                "", scored.first_score
            )?;
        }
    }
    writeln!(
        out,
        "-- title: {}; {} body paragraphs, {} captions, {} related links, {} sidebar items\n",
        doc.title.as_deref().unwrap_or("(none)"),
        doc.body.len(),
        doc.captions.len(),
        doc.related.len(),
        doc.sidebar.len()
    )
}
