//! Signals: what a corpus cleaner must also say about each page.
//!
//! The [`Signaler`] is the `signals` [`Stage`], run after segmentation. From
//! the body (the title when the body is empty) it writes
//!
//! - `language` and `language_score` ([`language`]: whatlang, plus
//!   Vietnamese typed without its marks); `und` when too short to tell;
//! - `quality`: the signals of the Gopher quality and repetition, C4 and
//!   FineWeb rules ([`quality`]), named and defined as those rules do
//!   (datatrove's implementations are the reference), with words split by
//!   Unicode boundaries so that scripts without spaces work;
//! - with filters on, `filtered_by`: each rule the document fails, as
//!   `rule:check` (`gopher:short_doc`, `c4:too_few_sentences`), with
//!   datatrove's default thresholds unless the config overrides them
//!   ([`filters`]). A filtered document keeps its row; the run drops it
//!   only when asked to.
//!
//! ```
//! use corpus_core::{Document, Format, Stage};
//! use corpus_signals::{Rule, Signaler, Thresholds};
//!
//! let mut doc = Document::new("a.txt", Format::Text, b"");
//! doc.body = vec!["Menu".into(), "Home".into()];
//! let signaler = Signaler::new(vec![Rule::Gopher], Thresholds::default());
//! let doc = signaler.process(doc).unwrap();
//! assert_eq!(doc.language.as_deref(), Some("und"));
//! assert_eq!(doc.filtered_by, ["gopher:short_doc"]);
//! assert_eq!(doc.quality.unwrap().gopher_word_count, 2);
//! ```

pub mod filters;
pub mod language;
pub mod quality;
pub mod words;

pub use filters::{Rule, Thresholds};

use corpus_core::{Document, Stage, StageError};
use regex::Regex;

/// Compile a pattern written in this crate: literals covered by unit
/// tests, so a failure is a bug here, never bad input.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the crate's own regex pattern compiles")
}

/// [`static_regex`] for a set of patterns.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex_set(patterns: &[&str]) -> regex::RegexSet {
    regex::RegexSet::new(patterns).expect("the crate's own regex patterns compile")
}

/// The `signals` stage: language, quality signals and the chosen filters.
#[derive(Debug, Clone, Default)]
pub struct Signaler {
    rules: Vec<Rule>,
    thresholds: Thresholds,
}

impl Signaler {
    /// Signals on every document; `rules` (any subset, in any order) decide
    /// `filtered_by`.
    pub fn new(mut rules: Vec<Rule>, thresholds: Thresholds) -> Self {
        rules.sort();
        rules.dedup();
        Self { rules, thresholds }
    }

    /// The filters this stage applies.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The thresholds they apply.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The signals of one document, in place.
    pub fn apply(&self, doc: &mut Document) {
        let body = doc.body_text();
        let found = if body.trim().is_empty() {
            language::identify(doc.title.as_deref().unwrap_or_default())
        } else {
            language::identify(&body)
        };
        doc.language = Some(found.code.to_string());
        doc.language_score = Some(found.score);
        let signals = quality::signals_of(&doc.body, &body);
        doc.filtered_by = self
            .rules
            .iter()
            .filter_map(|&rule| {
                self.thresholds
                    .failed(rule, &signals)
                    .map(|check| format!("{rule}:{check}"))
            })
            .collect();
        doc.quality = Some(signals);
    }
}

impl Stage for Signaler {
    fn name(&self) -> &'static str {
        "signals"
    }

    fn process(&self, mut doc: Document) -> Result<Document, StageError> {
        self.apply(&mut doc);
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus_core::Format;

    #[test]
    fn signals_are_replaced_not_appended_and_title_stands_in_for_no_body() {
        let signaler = Signaler::new(
            vec![Rule::C4, Rule::Gopher, Rule::C4],
            Thresholds::default(),
        );
        assert_eq!(signaler.rules(), [Rule::Gopher, Rule::C4]);
        let mut doc = Document::new("a.html", Format::Html, b"");
        doc.title =
            Some("Der Zoll hat in diesem Jahr mehr Einnahmen erzielt als im Vorjahr".into());
        let once = signaler.process(doc).unwrap();
        assert_eq!(once.language.as_deref(), Some("de"));
        assert_eq!(once.filtered_by.len(), 2);
        let twice = signaler.process(once.clone()).unwrap();
        assert_eq!(once, twice);
    }
}
