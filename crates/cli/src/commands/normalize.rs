//! `corpus normalize`: clean the text of JSONL records.

use crate::args::NormalizeArgs;
use crate::commands::stage;
use crate::progress::Progress;
use crate::{Outcome, config, jsonl_io, pipeline};
use anyhow::Result;

pub fn run(args: &NormalizeArgs, progress: Progress) -> Result<Outcome> {
    let normalizer = config::normalizer(&args.normalize);
    let records = jsonl_io::records(&args.io.inputs, "normalize")?;
    let records = pipeline::map_stage(&normalizer, records, args.run.batch_size);
    stage::emit("normalize", records, &args.io.output, progress)
}
