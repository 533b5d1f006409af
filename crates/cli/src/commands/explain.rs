//! `corpus explain`: read, normalise and segment pages and show, line by
//! line, the label each got and the rule that chose it. For a developer who
//! wants to know why a line ended up in (or out of) the body.

use crate::args::ExplainArgs;
use crate::pipeline::PerDocument;
use crate::progress::Progress;
use crate::{Outcome, config};
use anyhow::{Context, Result};
use corpus_core::{Document, Record};
use std::io::{self, Write};

pub fn run(args: &ExplainArgs, _progress: Progress) -> Result<Outcome> {
    let stages = PerDocument {
        read: config::read(&args.read),
        normalizer: config::normalizer(&args.normalize),
        segmenter: config::segmenter(config::segment(&args.site, &args.segment)?, &args.segment)?,
    };
    let (inputs, missing) = corpus_read::discover(&args.inputs);
    let mut out = io::stdout().lock();
    let mut rejects = 0;
    let records = missing
        .into_iter()
        .map(Record::Reject)
        .chain(inputs.iter().flat_map(|input| stages.process_input(input)));
    for record in records {
        let written = match &record {
            Record::Document(doc) => explain(&mut out, doc, args.width),
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

fn explain(out: &mut impl Write, doc: &Document, width: usize) -> io::Result<()> {
    writeln!(
        out,
        "== {} ({}, {} bytes, {})",
        doc.source,
        doc.format.as_str(),
        doc.byte_len,
        doc.encoding.as_deref().unwrap_or("unknown encoding")
    )?;
    writeln!(
        out,
        "{:>5}  {:<15}  {:<26}  {:<16}  text",
        "line", "label", "rule", "section"
    )?;
    for block in &doc.blocks {
        let text: String = block.text.chars().take(width).collect();
        let cut = if block.text.chars().count() > width {
            "…"
        } else {
            ""
        };
        writeln!(
            out,
            "{:>5}  {:<15}  {:<26}  {:<16}  {text}{cut}",
            block.line_start,
            block.label.as_str(),
            block.rule,
            block.section.as_deref().unwrap_or("")
        )?;
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
