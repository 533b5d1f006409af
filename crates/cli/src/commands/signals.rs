//! `corpus signals`: language and quality signals of JSONL records.

use crate::args::SignalsArgs;
use crate::commands::stage;
use crate::progress::Progress;
use crate::{Outcome, config, jsonl_io, pipeline};
use anyhow::Result;

pub fn run(args: &SignalsArgs, progress: Progress) -> Result<Outcome> {
    let signaler = config::signaler(args.config.as_deref(), &args.signals)?;
    let records = jsonl_io::records(&args.io.inputs, "signals")?;
    match signaler {
        Some(signaler) => {
            let records = pipeline::map_stage(&signaler, records, args.run.batch_size);
            stage::emit("signals", records, &args.io.output, progress)
        }
        // --no-signals: the records pass through as they are.
        None => stage::emit("signals", records, &args.io.output, progress),
    }
}
