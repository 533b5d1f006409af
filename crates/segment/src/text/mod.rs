//! Text mode: label every non-blank line of a full-page text dump.
//!
//! Each line's shape is computed once ([`line`](mod@line)); then rules run in a fixed
//! order, each labelling only lines no earlier rule took:
//!
//! 1. [`title`]: the first line if it looks like a headline;
//! 2. [`image`]: image markers, inline related links, captions;
//! 3. [`timestamp`]: date lines;
//! 4. [`sidebar`]: items (headline + date), then their headings;
//! 5. [`body`]: the article region (title … first sidebar heading or item
//!    after the first paragraph) gives paragraphs, subheadings and page
//!    furniture; everything after it is boilerplate.
//!
//! Every block records the rule that labelled it.

pub(crate) mod body;
pub(crate) mod features;
pub(crate) mod image;
pub(crate) mod line;
pub(crate) mod sidebar;
pub(crate) mod timestamp;
pub(crate) mod title;

use crate::model::Models;
use crate::{Segmented, decide};
use corpus_core::{Block, Label};
use image::CreditSplitter;
use line::{Line, Shape};

/// The label a rule gave a line, and the rule's name.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub label: Label,
    pub rule: &'static str,
    pub section: Option<String>,
    /// The body text when it differs from the line (markers stripped).
    pub body_text: Option<String>,
}

impl Decision {
    pub fn new(label: Label, rule: &'static str) -> Self {
        Self {
            label,
            rule,
            section: None,
            body_text: None,
        }
    }
}

/// One optional decision per line of the document.
pub(crate) type Labels = Vec<Option<Decision>>;

/// The text-mode settings, prepared once per [`crate::Segmenter`].
#[derive(Debug, Clone)]
pub(crate) struct TextRules {
    pub credits: CreditSplitter,
    pub sidebar_hints: Vec<String>,
    pub zone: chrono_tz::Tz,
}

/// Catch-all for a non-blank line no rule took; the body rules label every
/// line, so this only shows up if the rule order is broken.
const UNCLASSIFIED_RULE: &str = "unclassified";

/// Segment a dump: the rules, then (with `models`) the line model's
/// decisions and the page type. Without models, the rules' labels alone,
/// for the rules' own tests.
pub(crate) fn segment(text: &str, rules: &TextRules, models: Option<&Models>) -> Segmented {
    let lines = line::lines(text);
    let mut labels: Labels = vec![None; lines.len()];

    let title = title::find(&lines);
    if let Some(i) = title {
        labels[i] = Some(Decision::new(Label::Title, title::RULE));
    }

    label_images(&lines, &mut labels, &rules.credits);

    for (i, l) in lines.iter().enumerate() {
        if labels[i].is_none() && l.is_timestamp() {
            labels[i] = Some(Decision::new(Label::Timestamp, timestamp::RULE));
        }
    }

    sidebar::label_items(&lines, &mut labels);
    sidebar::label_headings(&lines, &mut labels, &rules.sidebar_hints);

    let start = title.map_or(0, |t| t + 1);
    let after = body::first_prose(&lines, &labels, start).unwrap_or(start);
    let end = sidebar::first_after(&labels, after).unwrap_or(lines.len());
    body::label(&lines, &mut labels, start, end);

    let sidebar = sidebar::collect(&lines, &mut labels, rules.zone);
    let rows = features::features(&lines, &labels);
    let kept: Vec<(&Line, Option<String>)> = lines
        .iter()
        .zip(&labels)
        .filter(|(l, _)| !l.is_blank())
        .map(|(l, d)| (l, d.as_ref().and_then(|d| d.body_text.clone())))
        .collect();
    let mut out = build(&lines, labels, rules, sidebar);
    let Some(models) = models else {
        return out;
    };
    let page = crate::page::from_text(&rows, &out.blocks, text);
    out.set_page(page.values(), &models.page_type);
    let headings: Vec<bool> = rows.iter().map(|r| r.rule_subheading > 0.0).collect();
    let inputs = decide::Inputs {
        groups: features::groups(&lines, &rows),
        rows: rows.iter().map(|r| r.values()).collect(),
        heading: &headings,
        page_types: &out.page_types,
    };
    let passes = models.passes(corpus_core::Format::Text);
    // Image-link cards are related links by their shape.
    out.scored = decide::apply(&mut out.blocks, inputs, passes, |b| {
        b.rule == image::RELATED_RULE
    });
    // The body again, from the decided labels.
    out.body = out
        .blocks
        .iter()
        .zip(&kept)
        .filter(|(b, _)| matches!(b.label, Label::Body | Label::Heading))
        .map(|(_, (line, cleaned))| body_text(line, cleaned.as_deref()))
        .collect();
    out
}

/// A body line's text: as the rules cleaned it, else without the dumper's
/// trailing cell separator or image markers, and without invisible
/// hyphenation hints. A ` | ` inside a sentence is the page's own text.
fn body_text(line: &Line, cleaned: Option<&str>) -> String {
    let text = match cleaned {
        Some(text) => text.to_string(),
        None if line.text.ends_with('|') || line.text.contains("![") => {
            body::without_markers(line.text)
        }
        None => line.text.to_string(),
    };
    without_soft_hyphens(&text)
}

/// Markers, cards and captions.
fn label_images(lines: &[line::Line], labels: &mut Labels, credits: &CreditSplitter) {
    for i in 0..lines.len() {
        if labels[i].is_some() {
            continue;
        }
        match lines[i].shape {
            Shape::ImageMarker => {
                labels[i] = Some(Decision::new(Label::Image, image::MARKER_RULE));
                let next = (i + 1..lines.len()).find(|&j| !lines[j].is_blank());
                if let Some(j) = next
                    && labels[j].is_none()
                    && image::is_caption_after_image(&lines[j], credits)
                {
                    labels[j] = Some(Decision::new(Label::Caption, image::CAPTION_RULE));
                }
            }
            Shape::InlineLink(_) => {
                labels[i] = Some(Decision::new(Label::RelatedLink, image::RELATED_RULE));
            }
            _ if image::is_orphan_caption(&lines[i], credits) => {
                labels[i] = Some(Decision::new(Label::Caption, image::CREDIT_RULE));
            }
            _ => {}
        }
    }
}

/// One block per non-blank line, and the fields derived from the labels.
fn build(
    lines: &[line::Line],
    labels: Labels,
    rules: &TextRules,
    sidebar: Vec<corpus_core::SidebarItem>,
) -> Segmented {
    let mut out = Segmented {
        sidebar,
        ..Segmented::default()
    };
    for (line, decision) in lines.iter().zip(labels) {
        if line.is_blank() {
            continue;
        }
        let decision =
            decision.unwrap_or_else(|| Decision::new(Label::Boilerplate, UNCLASSIFIED_RULE));
        match decision.label {
            Label::Title => out.title = Some(line.text.to_string()),
            Label::Body | Label::Heading => out.body.push(without_soft_hyphens(
                decision.body_text.as_deref().unwrap_or(line.text),
            )),
            Label::Caption => out.captions.push(rules.credits.split(line.text)),
            Label::RelatedLink => {
                if let Shape::InlineLink(headline) = &line.shape {
                    out.related.push(headline.clone());
                }
            }
            _ => {}
        }
        out.blocks.push(Block {
            position: u32::try_from(out.blocks.len()).unwrap_or(u32::MAX),
            line_start: line.number,
            line_end: line.number,
            label: decision.label,
            text: line.text.to_string(),
            section: decision.section,
            rule: decision.rule.to_string(),
            boilerplate: false,
        });
    }
    out
}

/// Soft hyphens (U+00AD) are invisible hyphenation hints: a reader sees
/// `Wäh\u{ad}rend` as `Während`, so the body text drops them.
fn without_soft_hyphens(text: &str) -> String {
    text.replace('\u{ad}', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SegmentConfig;

    fn rules() -> TextRules {
        crate::Segmenter::new(SegmentConfig::default())
            .unwrap()
            .text_rules()
            .clone()
    }

    const PAGE: &str = "\
River ferry service resumes after repairs
![]() | Province opens new bus routes |
![]() |
Passengers board the ferry at the east pier. Photo: Minh Chau |
The ferry between the two districts carried its first passengers on Monday.
Repairs took four months and cost more than planned.
![]() |
The refitted deck. Ảnh: K.L |
Local officials said the timetable would double by summer.
Top stories

Bus fares unchanged next year
07:30 | 05/05/2024 Transport

Night market draws crowds
21:10 | 04/05/2024 Life
Contact us: 12 Harbour Road.";

    #[test]
    fn a_small_page_end_to_end() {
        let out = segment(PAGE, &rules(), None);
        assert_eq!(
            out.title.as_deref(),
            Some("River ferry service resumes after repairs")
        );
        assert_eq!(out.body.len(), 3);
        assert_eq!(out.related, ["Province opens new bus routes"]);
        assert_eq!(out.captions.len(), 2);
        assert_eq!(out.captions[1].credit.as_deref(), Some("K.L"));
        assert_eq!(out.sidebar.len(), 2);
        assert_eq!(out.sidebar[1].section, "Top stories");
        assert_eq!(out.sidebar[1].position, 2);
        let last = out.blocks.last().unwrap();
        assert_eq!(
            (last.label, last.rule.as_str()),
            (Label::Boilerplate, body::AFTER_SIDEBAR_RULE)
        );
        let timestamps: Vec<_> = out
            .blocks
            .iter()
            .filter(|b| b.label == Label::Timestamp)
            .collect();
        assert!(
            timestamps
                .iter()
                .all(|b| b.section.as_deref() == Some("Top stories"))
        );
    }

    #[test]
    fn empty_and_blank_texts_give_no_blocks() {
        for text in ["", "\n\n", "   \n\t"] {
            let out = segment(text, &rules(), None);
            assert!(out.blocks.is_empty() && out.body.is_empty() && out.title.is_none());
        }
    }

    #[test]
    fn a_dateline_under_the_title_stays_in_the_article() {
        let text = "Storm season ends early\n06:00 | 01/10/2024 Weather\nForecasters declared the season over on Tuesday.\nMore rain is expected in the south.";
        let out = segment(text, &rules(), None);
        assert_eq!(out.body.len(), 2);
        assert!(out.sidebar.is_empty());
        assert_eq!(out.blocks[1].label, Label::Timestamp);
    }

    #[test]
    fn soft_hyphens_leave_the_body_text() {
        let text = "Hyphen hints\nThe re\u{ad}pairs took four months and cost more than planned.";
        let out = segment(text, &rules(), None);
        assert_eq!(
            out.body,
            ["The repairs took four months and cost more than planned."]
        );
    }
}
