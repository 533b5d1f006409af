//! End-to-end tests: the `corpus` binary on real files, the dataset read back.

mod support;

mod cli;
mod piped;
mod rejects;
mod seeds;
