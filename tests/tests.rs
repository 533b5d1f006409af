//! End-to-end tests: the `corpus` binary on real files, the dataset read back.

// Test helpers outside `#[test]` functions unwrap too: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod cli;
mod containers;
mod crash;
mod incremental;
mod piped;
mod rejects;
mod report;
mod seeds;
mod sharded;
mod signals;
