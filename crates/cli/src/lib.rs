//! The `corpus` command line.
//!
//! `corpus ingest` composes the same functions ([`pipeline`]) that the stage
//! subcommands (`read`, `normalize`, `segment`, `dedupe`, `export`) call one
//! at a time over JSONL, so piping the stages gives the same dataset as
//! `ingest`. Only this crate prints: stdout carries data (JSONL) only;
//! progress bars, the summary and errors go to stderr.

mod args;
mod commands;
mod config;
mod incremental;
mod jsonl_io;
mod memory;
mod pipeline;
mod progress;

use args::{Cli, Command};
use clap::Parser;
use progress::Progress;
use std::process::ExitCode;

/// What a finished run reports back for the exit code.
pub(crate) struct Outcome {
    pub rejects: u64,
}

/// Exit status when `--strict` is given and some input was rejected.
const EXIT_REJECTS: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.threads
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
    {
        eprintln!("corpus: cannot start {threads} threads: {err}");
        return ExitCode::FAILURE;
    }
    let progress = Progress::new(cli.quiet);
    let (result, strict) = match &cli.command {
        Command::Ingest(args) => (commands::ingest::run(args, progress), args.run.strict),
        Command::Read(args) => (commands::read::run(args, progress), args.run.strict),
        Command::Normalize(args) => (commands::normalize::run(args, progress), args.run.strict),
        Command::Segment(args) => (commands::segment::run(args, progress), args.run.strict),
        Command::Signals(args) => (commands::signals::run(args, progress), args.run.strict),
        Command::Dedupe(args) => (commands::dedupe::run(args, progress), args.run.strict),
        Command::Export(args) => (commands::export::run(args, progress), args.run.strict),
        Command::Explain(args) => (commands::explain::run(args, progress), args.run.strict),
        Command::Report(args) => (commands::report::run(args, progress), false),
        Command::Inspect(args) => (commands::inspect::run(args), false),
        Command::Plan(args) => (commands::sharded::plan(args, progress), false),
        Command::Map(args) => (commands::sharded::map(args, progress), false),
        Command::Reduce(args) => (commands::sharded::reduce(args, progress), false),
        Command::Cluster(args) => (commands::sharded::cluster(args, progress), false),
        Command::Lines(args) => (commands::sharded::lines(args, progress), false),
        Command::Write(args) => (commands::sharded::write(args, progress), false),
        Command::Commit(args) => (commands::sharded::commit(args, progress), false),
    };
    match result {
        Ok(outcome) if strict && outcome.rejects > 0 => {
            eprintln!(
                "corpus: {} input(s) rejected (--strict); see rejects in the output",
                outcome.rejects
            );
            ExitCode::from(EXIT_REJECTS)
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("corpus: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
