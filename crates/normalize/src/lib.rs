//! The `normalize` stage: clean a document's text in place, keeping its lines.
//!
//! Decoded pages differ in ways a reader never sees: composed or decomposed
//! accents, no-break spaces, CRLF line ends, stray control characters. This
//! stage removes those differences so that equal text is equal bytes for
//! segmentation and deduplication. Each step is its own file under
//! [`steps`], with what it catches, why and an example:
//!
//! - [`steps::mojibake`] repairs UTF-8 read as Windows-1252 (`â€™` → `’`);
//! - [`steps::entities`] decodes HTML entities left in text (`&amp;` → `&`;
//!   text dumps only: in an HTML page the parser decodes them);
//! - [`steps::control`] removes control characters (counted in `repairs`);
//! - [`steps::whitespace`] folds spaces and line ends, keeping every line
//!   (in HTML, only line ends: the segmenter spaces each block's text);
//! - [`steps::markdown`] strips inline markdown residue (`[text](url)` →
//!   `text`), leaving the line-level markers the segmenter reads (text
//!   dumps only);
//! - [`steps::nfc`] composes to Unicode NFC;
//! - [`steps::tone_marks`] writes Vietnamese tone marks in one style
//!   (`hoà`/`hòa` → `hòa`).
//!
//! The [`Normalizer`] runs the enabled steps in the order given in [`steps`]
//! until nothing changes. It never fails, is idempotent, and keeps the line
//! count of the text after CRLF/CR → LF, so line numbers reported by later
//! stages point into the same lines.
//!
//! The switches of the first steps are in [`NormalizeConfig`]; those of the
//! repairs (mojibake, entities, markdown, tone marks) are in [`RepairConfig`],
//! all on by default; [`Normalizer::with_repairs`] sets both.
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

use corpus_core::{Document, Format, Stage, StageError};
use serde::{Deserialize, Serialize};
pub use steps::tone_marks::ToneStyle;

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

/// Which repair steps run, all on by default. Recorded in `manifest.json`
/// beside [`NormalizeConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepairConfig {
    /// Repair UTF-8 read as Windows-1252/Latin-1 ([`steps::mojibake`]).
    pub mojibake: bool,
    /// Decode HTML entities left in text ([`steps::entities`]).
    pub entities: bool,
    /// Strip inline markdown residue ([`steps::markdown`]).
    pub markdown: bool,
    /// Write Vietnamese tone marks in one style ([`steps::tone_marks`]);
    /// `None` leaves them as they are.
    pub tone_marks: Option<ToneStyle>,
}

impl Default for RepairConfig {
    fn default() -> Self {
        Self {
            mojibake: true,
            entities: true,
            markdown: true,
            tone_marks: Some(ToneStyle::default()),
        }
    }
}

/// What normalising a text changed that is worth reporting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Control characters removed.
    pub control_chars: usize,
    /// Runs of mojibake repaired.
    pub mojibake: usize,
    /// Whether HTML entities were decoded.
    pub entities: bool,
}

/// The most rounds of the step sequence; see [`steps`]. Two suffice for
/// every input the property tests have found; the bound keeps a pathological
/// one from looping.
const MAX_ROUNDS: usize = 4;

/// The normalisation stage.
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    config: NormalizeConfig,
    repairs: RepairConfig,
}

impl Normalizer {
    /// A normaliser with the given first steps and every repair on.
    pub fn new(config: NormalizeConfig) -> Self {
        Self::with_repairs(config, RepairConfig::default())
    }

    /// A normaliser with both sets of switches.
    pub fn with_repairs(config: NormalizeConfig, repairs: RepairConfig) -> Self {
        Self { config, repairs }
    }

    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    pub fn repairs(&self) -> &RepairConfig {
        &self.repairs
    }

    /// Normalise `text` in place with the enabled steps; see the crate docs.
    pub fn normalize(&self, text: &mut String) -> Changes {
        self.normalize_as(text, Format::Text)
    }

    /// Normalise `text` as a page of `format`. HTML is markup: the HTML
    /// parser decodes its entities, and decoding them here would turn
    /// `&lt;b&gt;` in a paragraph into a tag and lose it; stars and
    /// underscores in it are class names and URLs, not markdown; its
    /// indentation is layout, and the segmenter joins each block's words
    /// with single spaces as a browser does (folding it here would also
    /// flatten `<pre>`). So the entity, markdown and whitespace-folding
    /// steps run on text dumps only; CRLF still becomes LF.
    pub fn normalize_as(&self, text: &mut String, format: Format) -> Changes {
        let markup = format == Format::Html;
        let mut changes = Changes::default();
        for _ in 0..MAX_ROUNDS {
            if !self.round(text, &mut changes, markup) {
                break;
            }
        }
        changes
    }

    /// One run of the enabled steps, in the order of [`steps`]; whether any
    /// of them changed the text (then another round follows).
    fn round(&self, text: &mut String, changes: &mut Changes, markup: bool) -> bool {
        let (config, repairs) = (&self.config, &self.repairs);
        let mut changed = false;
        if config.whitespace {
            changed |= steps::whitespace::unify_line_ends(text);
        }
        if repairs.mojibake {
            let repaired = steps::mojibake::repair_mojibake(text);
            changes.mojibake += repaired;
            changed |= repaired > 0;
        }
        if repairs.entities && !markup {
            let decoded = steps::entities::decode_entities(text);
            changes.entities |= decoded;
            changed |= decoded;
        }
        if config.control_chars {
            let removed = steps::control::remove_controls(text);
            changes.control_chars += removed;
            changed |= removed > 0;
        }
        if config.whitespace && !markup {
            changed |= steps::whitespace::normalize_whitespace(text);
        }
        if repairs.markdown && !markup {
            changed |= steps::markdown::strip_markdown(text);
        }
        if config.nfc {
            changed |= steps::nfc::to_nfc(text);
        }
        if let Some(style) = repairs.tone_marks {
            changed |= steps::tone_marks::place_tone_marks(text, style) > 0;
        }
        changed
    }
}

impl Stage for Normalizer {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn process(&self, mut doc: Document) -> Result<Document, StageError> {
        let changes = self.normalize_as(&mut doc.text, doc.format);
        if changes.mojibake > 0 {
            doc.repairs.push(format!(
                "repaired {} runs of mojibake (UTF-8 read as Windows-1252)",
                changes.mojibake
            ));
        }
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
    fn html_keeps_its_entities_and_underscores_for_the_parser() {
        let html = "<p class=\"post_title\">a &lt;b&gt; tag &amp; _x_ [y](z)</p>\r\n";
        let mut page = Document::new("a.html", Format::Html, html.as_bytes());
        page.text = html.to_string();
        let page = Normalizer::default().process(page).unwrap();
        assert_eq!(page.text, html.replace("\r\n", "\n"));
        let mut text = html.to_string();
        Normalizer::default().normalize(&mut text);
        assert_eq!(text, "<p class=\"post_title\">a <b> tag & _x_ y</p>\n");
    }

    #[test]
    fn html_keeps_its_layout_for_the_segmenter() {
        let html =
            "<body>\r\n  <pre>a  =\t1\n    b</pre>\n\t<p>Gia\u{301}\u{a0} v\u{e0}ng </p>\r\n";
        let mut text = html.to_string();
        Normalizer::default().normalize_as(&mut text, Format::Html);
        // Line ends unified and NFC applied; spaces, tabs and NBSP kept.
        assert_eq!(
            text,
            "<body>\n  <pre>a  =\t1\n    b</pre>\n\t<p>Giá\u{a0} vàng </p>\n"
        );
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
