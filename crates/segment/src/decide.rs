//! From scores to a body: the step after the block or line model.
//!
//! The rules keep what they are sure of and what is not a keep/drop
//! question: the title, image markers, captions and credits, date lines
//! (and, in text dumps, image-link cards). Every other block is *content*
//! when its model score reaches the model's threshold, and not content
//! otherwise. Where the model and the rules agree, the rule's label and
//! name stay; a block the model takes into the body gets `model_content`
//! (a heading element or subheading becomes a [`Label::Heading`]); a block
//! the rules had put in the body and the model not becomes boilerplate
//! (`model_not_content`); other labels (sidebar items and headings,
//! related links) stay as the rules gave them when the model drops them.

use crate::model::Ensemble;
use corpus_core::{Block, Label};

pub(crate) const CONTENT_RULE: &str = "model_content";
pub(crate) const NOT_CONTENT_RULE: &str = "model_not_content";

/// A block's model score and the features it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Probability that the block is main content.
    pub score: f32,
    pub features: Vec<f32>,
}

/// Whether the model decides this block at all.
pub(crate) fn contested(label: Label) -> bool {
    !matches!(
        label,
        Label::Title | Label::Image | Label::Caption | Label::Timestamp
    )
}

/// Score every contested block and relabel it. `rows[i]` is block `i`'s
/// features; `heading[i]` whether it is a heading by its markup or shape.
pub(crate) fn apply(
    blocks: &mut [Block],
    rows: Vec<Vec<f32>>,
    heading: &[bool],
    model: &Ensemble,
    fixed: impl Fn(&Block) -> bool,
) -> Vec<Option<Scored>> {
    let threshold = model.threshold();
    blocks
        .iter_mut()
        .zip(rows)
        .enumerate()
        .map(|(i, (block, features))| {
            if !contested(block.label) || fixed(block) {
                return None;
            }
            let score = model.probability(&features);
            let kept = matches!(block.label, Label::Body | Label::Heading);
            if score >= threshold && !kept {
                block.label = if heading.get(i).copied().unwrap_or(false) {
                    Label::Heading
                } else {
                    Label::Body
                };
                block.rule = CONTENT_RULE.into();
            } else if score < threshold && kept {
                block.label = Label::Boilerplate;
                block.rule = NOT_CONTENT_RULE.into();
            }
            Some(Scored {
                score: score as f32,
                features,
            })
        })
        .collect()
}
