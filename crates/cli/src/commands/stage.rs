//! What the stage subcommands share: stream records to JSONL and report.

use crate::Outcome;
use crate::args::OutputOpts;
use crate::jsonl_io::JsonlSink;
use crate::pipeline::Tally;
use crate::progress::Progress;
use anyhow::{Context, Result};
use corpus_core::Record;
use std::io;

/// Write every record as JSONL and print a one-line summary.
pub fn emit(
    stage: &'static str,
    records: impl Iterator<Item = Record>,
    output: &OutputOpts,
    progress: Progress,
) -> Result<Outcome> {
    let mut sink = JsonlSink::open(output.output.as_deref())?;
    let bar = progress.spinner(stage);
    let mut tally = Tally::default();
    for record in records {
        tally.observe(&record);
        if let Err(err) = sink.write(&record) {
            return closed_pipe_or(err, tally);
        }
        bar.inc(1);
    }
    if let Err(err) = sink.finish() {
        return closed_pipe_or(err, tally);
    }
    bar.finish_and_clear();
    progress.summary(&format!(
        "corpus {stage}: {} documents, {} rejects\n",
        tally.documents, tally.rejects
    ));
    Ok(Outcome {
        rejects: tally.rejects,
    })
}

/// A reader that stopped early (`corpus read | head`) is not a failure.
fn closed_pipe_or(err: io::Error, tally: Tally) -> Result<Outcome> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Ok(Outcome {
            rejects: tally.rejects,
        })
    } else {
        Err(err).context("cannot write records")
    }
}
