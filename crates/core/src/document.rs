//! [`Document`] and its parts.

use crate::id::{DocId, content_hash};
use crate::signals::QualitySignals;
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// How an input page was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A full-page text dump: the visible text of a page, one block per line.
    Text,
    /// A raw HTML page.
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
        }
    }
}

/// Where the character encoding of an input was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` charset of a WARC response or JSONL record.
    Http,
    /// An HTML `<meta charset>` or `http-equiv` declaration.
    Meta,
    /// An XML declaration.
    XmlDeclaration,
    /// The bytes were valid UTF-8 without a BOM.
    Utf8Valid,
    /// Statistical detection (chardetng).
    Detected,
}

impl EncodingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Http => "http",
            EncodingSource::Meta => "meta",
            EncodingSource::XmlDeclaration => "xml_declaration",
            EncodingSource::Utf8Valid => "utf8_valid",
            EncodingSource::Detected => "detected",
        }
    }
}

/// What a block of a page is. Segmentation gives every non-blank line (text
/// dumps) or DOM block (HTML) exactly one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// The page title.
    Title,
    /// A paragraph of the article body.
    Body,
    /// A heading inside the article body.
    Heading,
    /// An image marker (e.g. `![]() |` in a text dump).
    Image,
    /// An image caption, possibly with a credit.
    Caption,
    /// An inline link to a related article inside the body.
    RelatedLink,
    /// The heading of a sidebar list ("Latest News").
    SidebarHeading,
    /// The headline of a sidebar list item.
    SidebarItem,
    /// The date line of a sidebar list item.
    Timestamp,
    /// Navigation, footers, share bars and other page furniture.
    Boilerplate,
}

impl Label {
    pub const ALL: [Label; 10] = [
        Label::Title,
        Label::Body,
        Label::Heading,
        Label::Image,
        Label::Caption,
        Label::RelatedLink,
        Label::SidebarHeading,
        Label::SidebarItem,
        Label::Timestamp,
        Label::Boilerplate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Title => "title",
            Label::Body => "body",
            Label::Heading => "heading",
            Label::Image => "image",
            Label::Caption => "caption",
            Label::RelatedLink => "related_link",
            Label::SidebarHeading => "sidebar_heading",
            Label::SidebarItem => "sidebar_item",
            Label::Timestamp => "timestamp",
            Label::Boilerplate => "boilerplate",
        }
    }
}

/// One labelled block of a page, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// 0-based position among the page's blocks, in reading order.
    pub position: u32,
    /// First and last line (1-based, inclusive) of the normalised text that
    /// the block covers.
    pub line_start: u32,
    pub line_end: u32,
    pub label: Label,
    /// The block's text as segmentation saw it (markers included), for debugging.
    pub text: String,
    /// The sidebar section the block belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Why segmentation chose the label: the name of the rule that fired.
    #[serde(default)]
    pub rule: String,
    /// Set by deduplication: the block's text repeats across many distinct pages.
    #[serde(default)]
    pub boilerplate: bool,
}

/// An image caption, with the photo credit split off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caption {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// One item of a sidebar list ("Related News", "Latest News"...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidebarItem {
    /// The heading of the list the item is in.
    pub section: String,
    /// 1-based position within its section.
    pub position: u32,
    pub headline: String,
    /// When the linked article was published, in the site's local offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// How a document relates to its duplicate cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    /// Same normalised body as the representative.
    Exact,
    /// Estimated Jaccard similarity with the representative above the threshold.
    Near,
}

impl DuplicateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateKind::Exact => "exact",
            DuplicateKind::Near => "near",
        }
    }
}

/// Set on every member of a duplicate cluster with two or more documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateInfo {
    /// The cluster's id: the representative's `doc_id`.
    pub cluster_id: DocId,
    /// The document kept for the cluster.
    pub representative: DocId,
    /// `None` for the representative itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DuplicateKind>,
    /// Estimated Jaccard similarity of the body with the representative's (1.0 for exact).
    pub similarity: f32,
}

/// One input page as it moves through the pipeline. See the crate docs for
/// which stage writes which field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub doc_id: DocId,
    /// Path relative to the input root; `container#n` for the n-th record of
    /// a JSONL or WARC file.
    pub source: String,
    pub format: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<Utc>>,
    /// The WHATWG name of the encoding the bytes were decoded from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_source: Option<EncodingSource>,
    /// Length of the raw (decompressed) input in bytes.
    pub byte_len: u64,
    /// [`content_hash`] of the raw (decompressed) bytes.
    pub raw_hash: String,
    /// The page's text: decoded by `read`, cleaned in place by `normalize`.
    pub text: String,
    /// Damage repaired on the way (e.g. "invalid UTF-8 replaced: 3 sequences").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<String>,
    /// What the input says about the page beyond what `read` uses: the
    /// fields of a JSONL record other than the ones that became `text`,
    /// `url` and `fetched_at`, as they were. `None` when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What kind of page this is, as the segment stage's classifier tells
    /// it: `article`, `forum`, `product`, `collection`, `listing`,
    /// `documentation` or `service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// Every non-blank line (text) or DOM block (HTML), labelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
    /// The article's paragraphs, in order, markers stripped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<Caption>,
    /// Headlines of related articles linked inline in the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sidebar: Vec<SidebarItem>,

    /// The body's language (ISO 639-1 where it exists, else 639-3; `und`
    /// when too short to tell), set by the `signals` stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// How sure the language identification is, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_score: Option<f32>,
    /// The body's quality signals, set by the `signals` stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualitySignals>,
    /// The quality rules the document failed (`rule:check`), when filters
    /// are on; such a document is kept unless the run drops filtered ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filtered_by: Vec<String>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<DuplicateInfo>,
}

impl Document {
    /// A freshly read document: identity and raw facts set, text still empty.
    pub fn new(source: impl Into<String>, format: Format, raw: &[u8]) -> Self {
        let source = source.into();
        Self {
            doc_id: DocId::from_source(&source),
            source,
            format,
            url: None,
            fetched_at: None,
            encoding: None,
            encoding_source: None,
            byte_len: raw.len() as u64,
            raw_hash: content_hash(raw),
            text: String::new(),
            repairs: Vec::new(),
            metadata: None,
            title: None,
            page_type: None,
            blocks: Vec::new(),
            body: Vec::new(),
            captions: Vec::new(),
            related: Vec::new(),
            sidebar: Vec::new(),
            language: None,
            language_score: None,
            quality: None,
            filtered_by: Vec::new(),
            duplicate: None,
        }
    }

    /// The body as one string, paragraphs joined by `\n`.
    pub fn body_text(&self) -> String {
        self.body.join("\n")
    }

    /// [`content_hash`] of [`Self::body_text`]: the exact-duplicate key. A
    /// re-scrape with a new sidebar has the same body, so the same hash.
    pub fn body_hash(&self) -> String {
        content_hash(self.body_text().as_bytes())
    }

    /// Number of whitespace-separated words in the body.
    pub fn word_count(&self) -> usize {
        self.body.iter().map(|p| p.split_whitespace().count()).sum()
    }

    /// Number of characters (Unicode scalar values) in [`Self::body_text`].
    pub fn char_count(&self) -> usize {
        let chars: usize = self.body.iter().map(|p| p.chars().count()).sum();
        chars + self.body.len().saturating_sub(1)
    }

    /// The latest publication time among the sidebar items: pages list their
    /// newest neighbours, so this is a lower bound on when the page was crawled.
    pub fn latest_sidebar_time(&self) -> Option<DateTime<FixedOffset>> {
        self.sidebar
            .iter()
            .filter_map(|item| item.published_at)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with_body(paragraphs: &[&str]) -> Document {
        let mut doc = Document::new("a.txt", Format::Text, b"");
        doc.body = paragraphs.iter().map(|p| p.to_string()).collect();
        doc
    }

    #[test]
    fn counts_cover_the_joined_body() {
        let doc = doc_with_body(&["Hà Nội news", "two words"]);
        assert_eq!(doc.body_text(), "Hà Nội news\ntwo words");
        assert_eq!(doc.word_count(), 5);
        assert_eq!(doc.char_count(), doc.body_text().chars().count());
    }

    #[test]
    fn metadata_round_trips_and_is_left_out_when_absent() {
        let mut doc = doc_with_body(&["Body"]);
        let json = serde_json::to_string(&doc).unwrap();
        assert!(!json.contains("metadata"), "{json}");
        let mut metadata = serde_json::Map::new();
        metadata.insert("site".into(), "vnexpress".into());
        metadata.insert("tags".into(), serde_json::json!(["a", 1, null]));
        doc.metadata = Some(metadata);
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn empty_body_counts_zero() {
        let doc = doc_with_body(&[]);
        assert_eq!((doc.word_count(), doc.char_count()), (0, 0));
    }
}
