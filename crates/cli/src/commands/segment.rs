//! `corpus segment`: label every line of JSONL records.

use crate::args::SegmentArgs;
use crate::commands::stage;
use crate::progress::Progress;
use crate::{Outcome, config, jsonl_io, pipeline};
use anyhow::Result;

pub fn run(args: &SegmentArgs, progress: Progress) -> Result<Outcome> {
    let segmenter = config::segmenter(config::segment(&args.site, &args.segment)?, &args.segment)?;
    let records = jsonl_io::records(&args.io.inputs, "segment")?;
    let records = pipeline::map_stage(&segmenter, records, args.run.batch_size);
    stage::emit("segment", records, &args.io.output, progress)
}
