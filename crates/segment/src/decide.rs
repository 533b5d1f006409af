//! From scores to a body: the step after the block or line model.
//!
//! The rules keep what they are sure of and what is not a keep/drop
//! question: the title, image markers, captions and credits, date lines
//! (and, in text dumps, image-link cards). Every other block is *content*
//! when its model score reaches the model's threshold, and not content
//! otherwise: the first pass scores every block alone, the second pass
//! (`context`) scores it again among the first pass's scores around it, and
//! its threshold follows the page type (lower on listings, where a missed
//! item costs more than a stray line, than on articles).
//! Where the model and the rules agree, the rule's label and
//! name stay; a block the model takes into the body gets `model_content`
//! (a heading element or subheading becomes a [`Label::Heading`]); a block
//! the rules had put in the body and the model not becomes boilerplate
//! (`model_not_content`); other labels (sidebar items and headings,
//! related links) stay as the rules gave them when the model drops them.

use crate::context::{self, GROUPS, Unit};
use crate::model::Ensemble;
use corpus_core::{Block, Label};

pub(crate) const CONTENT_RULE: &str = "model_content";
pub(crate) const NOT_CONTENT_RULE: &str = "model_not_content";

/// A block's model scores and the features the deciding model read.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Probability that the block is main content: the second pass's, or
    /// the first pass's where there is no second pass.
    pub score: f32,
    /// The first pass's probability, from the block's own features.
    pub first_score: f32,
    /// The first pass's features, then the
    /// [`ContextFeatures`](crate::features::ContextFeatures): the second
    /// pass's input.
    pub features: Vec<f32>,
}

/// Whether the model decides this block at all.
pub(crate) fn contested(label: Label) -> bool {
    !matches!(
        label,
        Label::Title | Label::Image | Label::Caption | Label::Timestamp
    )
}

/// The two passes' models for one mode.
#[derive(Clone, Copy)]
pub(crate) struct Passes<'a> {
    pub first: &'a Ensemble,
    pub second: Option<&'a Ensemble>,
}

/// What the decision reads of each block, beside the block itself.
pub(crate) struct Inputs<'a> {
    /// First-pass features, one row per block.
    pub rows: Vec<Vec<f32>>,
    /// Containers per block, for the context.
    pub groups: Vec<[Option<u64>; GROUPS]>,
    /// Whether each block is a heading by its markup or shape.
    pub heading: &'a [bool],
    /// The page classifier's probabilities.
    pub page_types: &'a [f64],
}

/// Score every block with the first pass, every contested one with the
/// second, and relabel the contested ones.
pub(crate) fn apply(
    blocks: &mut [Block],
    inputs: Inputs,
    passes: Passes,
    fixed: impl Fn(&Block) -> bool,
) -> Vec<Option<Scored>> {
    let first = passes.first.probabilities(&inputs.rows);
    // Computed without a second pass too: training the second pass reads them.
    let contexts = {
        let units: Vec<Unit> = blocks
            .iter()
            .zip(&first)
            .enumerate()
            .map(|(i, (b, &score))| Unit {
                score,
                chars: b.text.chars().count(),
                groups: inputs.groups.get(i).copied().unwrap_or_default(),
            })
            .collect();
        context::context(&units, inputs.page_types)
    };
    let threshold = passes
        .second
        .unwrap_or(passes.first)
        .threshold_for(inputs.page_types);
    // The second pass's input of every contested block, scored in one batch.
    let second_rows: Vec<Option<Vec<f32>>> = blocks
        .iter()
        .zip(inputs.rows)
        .zip(&contexts)
        .map(|((block, mut features), context)| {
            (contested(block.label) && !fixed(block)).then(|| {
                features.extend(context.values());
                features
            })
        })
        .collect();
    // Empty without a second pass: each block then keeps its first score.
    let second_scores = passes.second.map_or_else(Vec::new, |second| {
        let rows: Vec<&[f32]> = second_rows.iter().flatten().map(Vec::as_slice).collect();
        second.probabilities(&rows)
    });
    let mut second = second_scores.into_iter();
    blocks
        .iter_mut()
        .zip(second_rows)
        .enumerate()
        .map(|(i, (block, features))| {
            let features = features?;
            let score = second.next().unwrap_or(first[i]);
            let kept = matches!(block.label, Label::Body | Label::Heading);
            if score >= threshold && !kept {
                block.label = if inputs.heading.get(i).copied().unwrap_or(false) {
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
                first_score: first[i] as f32,
                features,
            })
        })
        .collect()
}
