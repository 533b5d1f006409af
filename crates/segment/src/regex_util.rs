//! Compiling the crate's fixed patterns and word lists.

use aho_corasick::AhoCorasick;
use regex::Regex;

/// Compile a pattern written in this crate. The patterns are literals covered
/// by unit tests, so a failure is a bug in the crate, never bad input.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the crate's own regex pattern compiles")
}

/// One automaton for a word list written in this crate, so that a text is
/// searched for every word of the list in one pass. The lists are literals
/// covered by unit tests, so a failure is a bug in the crate.
#[allow(clippy::expect_used)]
pub(crate) fn static_automaton(words: &[&str]) -> AhoCorasick {
    AhoCorasick::new(words).expect("the crate's own word list builds an automaton")
}
