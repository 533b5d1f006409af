//! Image rules: markers, inline related links, captions and their credits.
//!
//! - `image_marker` catches a bare image marker, `![]() |` (or `![alt](src)`).
//!   Why: the dumper writes one per picture; it is never text.
//! - `inline_related_link` catches an image-link card with a headline,
//!   `![]() | Farmers switch to drought-resistant rice |`. Why: news pages put
//!   cards to related articles between paragraphs; their headline is not body.
//! - `caption_after_image` catches the line right after an image marker when
//!   it ends with the dumper's `|` or carries a credit label,
//!   `The new bridge opened on Monday. Photo: Le Minh |`.
//! - `credit_suffix` catches a `|`-terminated line ending in a credit label
//!   whose image marker was lost: a caption without its picture.
//!
//! [`CreditSplitter`] splits the credit off a caption with the configured
//! labels (`Photo:`, `Ảnh:`, `Foto:`…), also in parentheses: `(Photo: VNA)`.

use super::line::Line;
use crate::regex_util::static_regex;
use corpus_core::Caption;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) const MARKER_RULE: &str = "image_marker";
pub(crate) const RELATED_RULE: &str = "inline_related_link";
pub(crate) const CAPTION_RULE: &str = "caption_after_image";
pub(crate) const CREDIT_RULE: &str = "credit_suffix";

/// A Markdown-style image, then optionally `| text`, then an optional `|`.
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^!\[[^\]]*\]\([^)]*\)\s*(?:\|\s*(?P<text>.*?))?\s*\|?$"));

/// `Some(None)` for a bare image marker, `Some(Some(headline))` for a marker
/// carrying a headline, `None` for any other line.
pub(crate) fn parse_marker(line: &str) -> Option<Option<String>> {
    if !line.starts_with("![") {
        return None;
    }
    let caps = MARKER.captures(line)?;
    let text = caps
        .name("text")
        .map(|m| m.as_str().trim().trim_end_matches('|').trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    Some(text)
}

/// Splits a caption into text and credit with the configured labels.
#[derive(Debug, Clone)]
pub(crate) struct CreditSplitter {
    re: Option<Regex>,
}

impl CreditSplitter {
    pub fn new(labels: &[String]) -> Self {
        let mut labels: Vec<&str> = labels
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        // Longest first, so "Photo credit:" wins over "Photo".
        labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        let alternatives: Vec<String> = labels
            .iter()
            .map(|label| {
                let escaped = regex::escape(label).replace(' ', r"\s+");
                // A label ending in a letter ("Photo by") must end on a word
                // boundary; one ending in ':' already does.
                if label.ends_with(|c: char| c.is_alphanumeric()) {
                    format!(r"{escaped}\b")
                } else {
                    escaped
                }
            })
            .collect();
        let re = (!alternatives.is_empty())
            .then(|| {
                Regex::new(&format!(
                    r"(?i)(?:^|[\s(\[–—\-])(?P<label>{})\s*(?P<credit>[^|()\[\]]{{1,60}}?)\s*[)\]]?\s*$",
                    alternatives.join("|")
                ))
                .ok()
            })
            .flatten();
        Self { re }
    }

    /// Split a caption line (trailing `|` allowed) into its text and credit.
    pub fn split(&self, line: &str) -> Caption {
        let line = line.trim().trim_end_matches('|').trim();
        self.credit(line).unwrap_or_else(|| Caption {
            text: line.to_string(),
            credit: None,
        })
    }

    /// Does the line end in a credit?
    pub fn has_credit(&self, line: &str) -> bool {
        self.credit(line.trim().trim_end_matches('|').trim())
            .is_some()
    }

    fn credit(&self, line: &str) -> Option<Caption> {
        let caps = self.re.as_ref()?.captures(line)?;
        let label = caps.name("label")?;
        let credit = caps
            .name("credit")?
            .as_str()
            .trim()
            .trim_end_matches('.')
            .trim();
        if credit.is_empty() || credit.split_whitespace().count() > 8 {
            return None;
        }
        let text = line[..label.start()]
            .trim_end()
            .trim_end_matches(['(', '[', '-', '–', '—'])
            .trim_end();
        Some(Caption {
            text: text.to_string(),
            credit: Some(credit.to_string()),
        })
    }
}

/// Is `line` (the first non-blank line after an image marker) its caption?
pub(crate) fn is_caption_after_image(line: &Line, credits: &CreditSplitter) -> bool {
    line.is_text() && (line.text.ends_with('|') || credits.has_credit(line.text))
}

/// Is `line` a caption that lost its marker: `|`-terminated with a credit?
pub(crate) fn is_orphan_caption(line: &Line, credits: &CreditSplitter) -> bool {
    line.is_text() && line.text.ends_with('|') && credits.has_credit(line.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_CREDIT_LABELS;

    fn splitter() -> CreditSplitter {
        let labels: Vec<String> = DEFAULT_CREDIT_LABELS
            .iter()
            .map(|s| s.to_string())
            .collect();
        CreditSplitter::new(&labels)
    }

    fn split(line: &str) -> (String, Option<String>) {
        let c = splitter().split(line);
        (c.text, c.credit)
    }

    #[test]
    fn markers_and_cards() {
        assert_eq!(parse_marker("![]() |"), Some(None));
        assert_eq!(parse_marker("![](https://x.test/a.jpg)"), Some(None));
        assert_eq!(
            parse_marker("![]() | Port throughput hits record |"),
            Some(Some("Port throughput hits record".into()))
        );
        assert_eq!(
            parse_marker("![]() | Rice: a | b story |"),
            Some(Some("Rice: a | b story".into()))
        );
        assert_eq!(parse_marker("Not ![]() a marker"), None);
        assert_eq!(parse_marker("![broken"), None);
    }

    #[test]
    fn splits_credit_labels() {
        assert_eq!(
            split("Workers repair the dyke. Photo: Le Minh |"),
            ("Workers repair the dyke.".into(), Some("Le Minh".into()))
        );
        assert_eq!(
            split("Lanterns over the old town (Photo: VNA)"),
            ("Lanterns over the old town".into(), Some("VNA".into()))
        );
        assert_eq!(
            split("Khách tham quan hội chợ. Ảnh: T.L |"),
            ("Khách tham quan hội chợ.".into(), Some("T.L".into()))
        );
        assert_eq!(
            split("The harbour at dawn. photo by Anna Berg"),
            ("The harbour at dawn.".into(), Some("Anna Berg".into()))
        );
    }

    #[test]
    fn keeps_captions_without_credit_whole() {
        assert_eq!(
            split("Delegates at the opening session |"),
            ("Delegates at the opening session".into(), None)
        );
        // A long tail is a sentence, not a credit.
        let long = "Prices fell. Source: the ministry said exports would recover strongly over the next two quarters of the year |";
        assert_eq!(split(long).1, None);
        // "Photographer" is not the label "Photo by".
        assert_eq!(split("Photographers gathered at the gate |").1, None);
    }

    #[test]
    fn no_labels_means_no_credits() {
        let c = CreditSplitter::new(&[]).split("A view. Photo: X |");
        assert_eq!((c.text.as_str(), c.credit), ("A view. Photo: X", None));
    }

    #[test]
    fn caption_shapes() {
        let s = splitter();
        assert!(is_caption_after_image(
            &Line::new(0, "Children at school |"),
            &s
        ));
        assert!(is_caption_after_image(
            &Line::new(0, "Children at school. Photo: H.A"),
            &s
        ));
        assert!(!is_caption_after_image(
            &Line::new(0, "The school opened in May."),
            &s
        ));
        assert!(is_orphan_caption(
            &Line::new(0, "Children at school. Photo: H.A |"),
            &s
        ));
        assert!(!is_orphan_caption(
            &Line::new(0, "Children at school |"),
            &s
        ));
    }
}
