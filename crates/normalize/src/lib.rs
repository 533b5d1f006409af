//! The `normalize` stage: clean a document's text in place, keeping its lines.
//!
//! Decoded pages differ in ways a reader never sees: composed or decomposed
//! accents, no-break spaces, CRLF line ends, stray control characters. This
//! stage removes those differences so that equal text is equal bytes for
//! segmentation and deduplication. Each step is its own file under
//! [`steps`], with what it catches, why and an example:
//!
//! - [`steps::control`] removes control characters (counted in `repairs`);
//! - [`steps::whitespace`] folds spaces and line ends, keeping every line;
//! - [`steps::nfc`] composes to Unicode NFC.
//!
//! The [`Normalizer`] runs the enabled steps in that order (line ends are
//! unified before controls are removed; see [`steps`] for why). It never fails,
//! is idempotent, and keeps the line count of the text after CRLF/CR → LF, so
//! line numbers reported by later stages point into the same lines.
//!
//! ```
//! use corpus_core::{Document, Format, Stage};
//! use corpus_normalize::{NormalizeConfig, Normalizer};
//!
//! let mut doc = Document::new("a.txt", Format::Text, b"");
//! doc.text = "Hoa\u{300} Bi\u{300}nh\u{a0} \r\n\r\nGia\u{301}\u{0} vàng\t".into();
//!
//! let normalizer = Normalizer::new(NormalizeConfig::default());
//! let doc = normalizer.process(doc)?;
//! assert_eq!(doc.text, "Hoà Bình\n\nGiá vàng");
//! assert_eq!(doc.repairs, ["removed 1 control characters"]);
//! # Ok::<(), corpus_core::StageError>(())
//! ```

pub mod steps;

use corpus_core::{Document, Stage, StageError};
use serde::{Deserialize, Serialize};

/// Which steps run. Recorded in `manifest.json`, so a dataset says how its
/// text was cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormalizeConfig {
    /// Compose to Unicode NFC ([`steps::nfc`]).
    pub nfc: bool,
    /// Fold spaces and line ends ([`steps::whitespace`]).
    pub whitespace: bool,
    /// Remove control characters ([`steps::control`]).
    pub control_chars: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        Self {
            nfc: true,
            whitespace: true,
            control_chars: true,
        }
    }
}

/// What normalising a text changed that is worth reporting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Control characters removed.
    pub control_chars: usize,
}

/// The normalisation stage.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    config: NormalizeConfig,
}

impl Normalizer {
    pub fn new(config: NormalizeConfig) -> Self {
        Self { config }
    }

    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    /// Normalise `text` in place with the enabled steps; see the crate docs.
    pub fn normalize(&self, text: &mut String) -> Changes {
        let mut changes = Changes::default();
        if self.config.whitespace {
            steps::whitespace::unify_line_ends(text);
        }
        if self.config.control_chars {
            changes.control_chars = steps::control::remove_controls(text);
        }
        if self.config.whitespace {
            steps::whitespace::normalize_whitespace(text);
        }
        if self.config.nfc {
            steps::nfc::to_nfc(text);
        }
        changes
    }
}

impl Stage for Normalizer {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn process(&self, mut doc: Document) -> Result<Document, StageError> {
        let changes = self.normalize(&mut doc.text);
        if changes.control_chars > 0 {
            doc.repairs.push(format!(
                "removed {} control characters",
                changes.control_chars
            ));
        }
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus_core::{Format, Record, apply_stage};

    fn doc(text: &str) -> Document {
        let mut doc = Document::new("a.txt", Format::Text, text.as_bytes());
        doc.text = text.to_string();
        doc
    }

    #[test]
    fn the_stage_rewrites_text_and_notes_removed_controls() {
        let out = apply_stage(
            &Normalizer::default(),
            Record::Document(Box::new(doc("a\u{0}\u{1}b\r\n"))),
        );
        let Record::Document(doc) = out else {
            panic!("{out:?}")
        };
        assert_eq!(doc.text, "ab\n");
        assert_eq!(doc.repairs, ["removed 2 control characters"]);
    }

    #[test]
    fn running_twice_adds_no_second_note() {
        let normalizer = Normalizer::default();
        let once = normalizer.process(doc("x\u{7}y")).unwrap();
        let twice = normalizer.process(once.clone()).unwrap();
        assert_eq!(once, twice);
    }

    #[test]
    fn disabled_steps_do_not_run() {
        let config = NormalizeConfig {
            nfc: false,
            whitespace: true,
            control_chars: false,
        };
        let mut text = String::from("Hoa\u{300}\u{0}  x");
        let changes = Normalizer::new(config).normalize(&mut text);
        assert_eq!(text, "Hoa\u{300}\u{0} x");
        assert_eq!(changes, Changes::default());
    }

    #[test]
    fn config_round_trips_and_missing_fields_default_to_on() {
        let config = NormalizeConfig {
            nfc: false,
            ..NormalizeConfig::default()
        };
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(
            json,
            r#"{"nfc":false,"whitespace":true,"control_chars":true}"#
        );
        assert_eq!(
            serde_json::from_str::<NormalizeConfig>(&json).unwrap(),
            config
        );
        let partial: NormalizeConfig = serde_json::from_str(r#"{"nfc":false}"#).unwrap();
        assert_eq!(partial, config);
    }
}
