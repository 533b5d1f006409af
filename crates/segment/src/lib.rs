//! Segmentation: label every line of a page and build the parts of the record.
//!
//! The [`Segmenter`] is the `segment` [`Stage`]. It reads `doc.text` and writes
//! `title`, `blocks`, `body`, `captions`, `related` and `sidebar`:
//!
//! - every non-blank line of a text dump (or text-bearing DOM block of an
//!   HTML page) becomes exactly one [`Block`] with a
//!   [`Label`](corpus_core::Label) and the name of the rule that chose it, so a
//!   developer can see why a line was kept or dropped;
//! - the labels then give the title, the body paragraphs, the captions (credit
//!   split off), inline related headlines and sidebar items (section,
//!   position, zoned time, category).
//!
//! Text dumps ([`Format::Text`]) go through the line rules in `text/`; HTML
//! pages ([`Format::Html`]) through the DOM walk in `html/`. The rules are
//! general — line shape, position, neighbours, headings, date lines — and
//! never match a site's wording; [`SegmentConfig`] holds the site's time zone,
//! the credit labels and optional heading hints.
//!
//! Whether a block is main content is then the learned models' call
//! ([`model`], trained by `just train`): a first pass scores each block from
//! its own [`features`], a second pass scores it again among the first
//! pass's scores of its neighbours and containers, and a page-type model
//! tells the kind of page. The rules keep what is not a keep/drop question
//! (title, image markers, captions, date lines); [`Segmenter::segment_explained`]
//! returns the scores and features behind each decision.
//!
//! Segmenting is idempotent (the fields it writes are replaced, not appended
//! to), never fails, and never panics: a page without body is still a document.
//!
//! ```
//! use corpus_core::{Document, Format, Label, Stage};
//! use corpus_segment::{SegmentConfig, Segmenter};
//!
//! let text = "Rail link to the port opens\n\
//!             ![]() |\n\
//!             The first train at the new station. Photo: An Vu |\n\
//!             The line cuts the trip from the city to the port to forty minutes.\n\
//!             Freight services start next month.\n\
//!             Latest\n\
//!             \n\
//!             Airport adds night flights\n\
//!             08:00 | 26/11/2023 Transport\n";
//! let mut doc = Document::new("news/rail.txt", Format::Text, text.as_bytes());
//! doc.text = text.to_string();
//!
//! let doc = Segmenter::new(SegmentConfig::default()).unwrap().process(doc).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Rail link to the port opens"));
//! assert_eq!(doc.captions[0].credit.as_deref(), Some("An Vu"));
//! let item = &doc.sidebar[0];
//! assert_eq!((item.section.as_str(), item.position), ("Latest", 1));
//! assert_eq!(item.published_at.unwrap().to_rfc3339(), "2023-11-26T08:00:00+07:00");
//! assert_eq!(doc.blocks[2].label, Label::Caption);
//! assert_eq!(doc.blocks[2].rule, "caption_after_image");
//! ```
//!
//! HTML pages take the same stage; `line_start`/`line_end` then point into
//! the HTML source:
//!
//! ```
//! use corpus_core::{Document, Format, Label, Stage};
//! use corpus_segment::{SegmentConfig, Segmenter};
//!
//! let html = "<html><head><meta property=\"og:title\" content=\"Rail link opens\"></head>\n\
//!             <body><nav><a href=\"/\">Home</a></nav>\n\
//!             <article><h1>Rail link opens</h1>\n\
//!             <p>The line cuts the trip to forty minutes.</p></article></body></html>";
//! let mut doc = Document::new("news/rail.html", Format::Html, html.as_bytes());
//! doc.text = html.to_string();
//!
//! let doc = Segmenter::new(SegmentConfig::default()).unwrap().process(doc).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Rail link opens"));
//! assert_eq!(doc.blocks[1].label, Label::Title);
//! assert_eq!((doc.blocks[2].line_start, doc.blocks[2].line_end), (4, 4));
//! assert!(doc.page_type.is_some());
//! ```

mod config;
mod context;
mod decide;
pub mod features;
mod html;
pub mod model;
mod page;
mod regex_util;
mod text;

pub use config::{ConfigError, DEFAULT_CREDIT_LABELS, SegmentConfig};
pub use decide::Scored;
pub use model::{ModelError, Models, PAGE_TYPES, most_likely_page_type};

use corpus_core::{Block, Caption, Document, Format, SidebarItem, Stage, StageError};
use std::sync::Arc;

/// The `segment` stage.
#[derive(Debug, Clone)]
pub struct Segmenter {
    config: SegmentConfig,
    text: text::TextRules,
    models: Arc<Models>,
}

/// What the models made of a page, beside the document's fields: for
/// `corpus explain` and for training.
#[derive(Debug, Clone, Default)]
pub struct Explained {
    /// One entry per block of `doc.blocks`: its score and features when the
    /// model decided it, `None` where a rule did (title, captions…).
    pub blocks: Vec<Option<Scored>>,
    /// The page's [`features::PageFeatures`] values.
    pub page_features: Vec<f32>,
    /// Probability of each of [`model::PAGE_TYPES`].
    pub page_types: Vec<f64>,
}

impl Segmenter {
    /// A segmenter with the models built into the binary. Fails only if
    /// they do not fit this build's feature code.
    pub fn new(config: SegmentConfig) -> Result<Self, ModelError> {
        Ok(Self::with_models(config, Arc::new(Models::embedded()?)))
    }

    /// A segmenter with other models (`Models::from_dir`).
    pub fn with_models(config: SegmentConfig, models: Arc<Models>) -> Self {
        let text = text::TextRules {
            credits: text::image::CreditSplitter::new(&config.credit_labels),
            sidebar_hints: config.sidebar_headings.clone(),
            zone: config.timezone,
        };
        Self {
            config,
            text,
            models,
        }
    }

    pub fn models(&self) -> &Models {
        &self.models
    }

    pub fn config(&self) -> &SegmentConfig {
        &self.config
    }

    #[cfg(test)]
    pub(crate) fn text_rules(&self) -> &text::TextRules {
        &self.text
    }

    /// Segment `doc` in place, replacing every field this stage writes.
    pub fn segment(&self, doc: &mut Document) {
        self.segment_explained(doc);
    }

    /// [`Self::segment`], and what the models saw and said of each block.
    pub fn segment_explained(&self, doc: &mut Document) -> Explained {
        let out = match doc.format {
            Format::Text => text::segment(&doc.text, &self.text, Some(&self.models)),
            Format::Html => html::segment(&doc.text, &self.text, Some(&self.models)),
        };
        out.apply(doc)
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn process(&self, mut doc: Document) -> Result<Document, StageError> {
        self.segment(&mut doc);
        Ok(doc)
    }
}

/// What segmentation produces for one page, in either mode.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segmented {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub body: Vec<String>,
    pub captions: Vec<Caption>,
    pub related: Vec<String>,
    pub sidebar: Vec<SidebarItem>,
    /// Per block: the model's score, where the model decided it.
    pub scored: Vec<Option<Scored>>,
    pub page_features: Vec<f32>,
    pub page_types: Vec<f64>,
}

impl Segmented {
    /// Tell the page type from the page's features.
    fn set_page(&mut self, features: Vec<f32>, model: &model::Ensemble) {
        self.page_types = model.class_probabilities(&features);
        self.page_features = features;
    }

    /// The most probable page type.
    fn page_type(&self) -> Option<&'static str> {
        model::most_likely_page_type(&self.page_types).map(|(kind, _)| kind)
    }

    /// Overwrite the document's segmentation fields, so running twice gives
    /// the same document.
    fn apply(self, doc: &mut Document) -> Explained {
        doc.page_type = self.page_type().map(str::to_string);
        doc.title = self.title;
        doc.blocks = self.blocks;
        doc.body = self.body;
        doc.captions = self.captions;
        doc.related = self.related;
        doc.sidebar = self.sidebar;
        Explained {
            blocks: self.scored,
            page_features: self.page_features,
            page_types: self.page_types,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segmenting_twice_gives_the_same_document() {
        let text = "Title of a page\nA sentence of body text here.\nMore\n\nLink one\n10:00 | 01/01/2024 News";
        let mut doc = Document::new("a.txt", Format::Text, text.as_bytes());
        doc.text = text.into();
        let seg = Segmenter::new(SegmentConfig::default()).unwrap();
        let once = seg.process(doc).unwrap();
        let twice = seg.process(once.clone()).unwrap();
        assert_eq!(once, twice);
        assert_eq!(once.sidebar.len(), 1);
    }
}
