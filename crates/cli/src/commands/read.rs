//! `corpus read`: find inputs, decompress and decode them, one record per page.

use crate::Outcome;
use crate::args::ReadArgs;
use crate::commands::stage;
use crate::config;
use crate::progress::Progress;
use anyhow::Result;
use corpus_core::Record;
use rayon::prelude::*;

pub fn run(args: &ReadArgs, progress: Progress) -> Result<Outcome> {
    let read_config = config::read(&args.read);
    let (inputs, missing) = corpus_read::discover(&args.inputs);
    let records = missing.into_iter().map(Record::Reject).chain(
        inputs.chunks(args.run.batch_size.max(1)).flat_map(|batch| {
            batch
                .par_iter()
                .flat_map_iter(|input| corpus_read::records(input, &read_config))
                .collect::<Vec<_>>()
        }),
    );
    stage::emit("read", records, &args.output, progress)
}
