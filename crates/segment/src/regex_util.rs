//! Compiling the crate's fixed patterns.

use regex::Regex;

/// Compile a pattern written in this crate. The patterns are literals covered
/// by unit tests, so a failure is a bug in the crate, never bad input.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the crate's own regex pattern compiles")
}
