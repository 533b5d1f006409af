//! [`HtmlBlockFeatures`] of every block of a page: first what the walk
//! knows (text, links, element, containers, repeated structure), then what
//! the rules decided and what the neighbours are.

use super::classify::Layout;
use super::walk::{RawBlock, Walked};
use crate::context::GROUPS;
use crate::features::{HtmlBlockFeatures, TextShape, flag, log, share, with_shape};
use corpus_core::Block;
use std::collections::HashMap;

/// How many containers up a block looks for repeated structure.
const REPEAT_LEVELS: usize = 6;
/// Blocks on each side that make a block's window.
const WINDOW: usize = 3;

/// Per container: text totals over its subtree, depth, and how many of its
/// siblings share its element and class.
struct NodeStats {
    chars: Vec<usize>,
    link_chars: Vec<usize>,
    depth: Vec<usize>,
    repeats: Vec<usize>,
    group_chars: Vec<usize>,
}

fn node_stats(walked: &Walked) -> NodeStats {
    let nodes = &walked.nodes;
    let mut chars = vec![0usize; nodes.len()];
    let mut link_chars = vec![0usize; nodes.len()];
    for b in &walked.blocks {
        if let Some(n) = b.node.filter(|&n| n < nodes.len()) {
            chars[n] += b.chars;
            link_chars[n] += b.link_chars;
        }
    }
    // Pre-order: a parent's index is smaller than its children's.
    for n in (0..nodes.len()).rev() {
        if let Some(p) = nodes[n].parent.filter(|&p| p < n) {
            chars[p] += chars[n];
            link_chars[p] += link_chars[n];
        }
    }
    let mut depth = vec![0usize; nodes.len()];
    for n in 0..nodes.len() {
        if let Some(p) = nodes[n].parent.filter(|&p| p < n) {
            depth[n] = depth[p] + 1;
        }
    }
    let mut groups: HashMap<(Option<usize>, u64), (usize, usize)> = HashMap::new();
    for (n, node) in nodes.iter().enumerate() {
        let g = groups.entry((node.parent, node.signature)).or_default();
        g.0 += 1;
        g.1 += chars[n];
    }
    let (repeats, group_chars) = nodes
        .iter()
        .map(|node| groups[&(node.parent, node.signature)])
        .unzip();
    NodeStats {
        chars,
        link_chars,
        depth,
        repeats,
        group_chars,
    }
}

/// The features the walk alone decides, for every block.
pub(crate) fn from_walk(
    walked: &Walked,
    source_len: usize,
    json_ld_body: bool,
) -> Vec<HtmlBlockFeatures> {
    let stats = node_stats(walked);
    let nodes = &walked.nodes;
    let blocks = &walked.blocks;
    let n = blocks.len();
    let page_chars: usize = blocks.iter().map(|b| b.chars).sum();
    let page_links: usize = blocks.iter().map(|b| b.link_chars).sum();
    let mut same_text: HashMap<&str, usize> = HashMap::new();
    for b in blocks {
        *same_text.entry(b.text.as_str()).or_default() += 1;
    }
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut f = with_shape!(HtmlBlockFeatures, TextShape::of(&b.text), {
                link_density: b.link_density(),
                link_chars: log(b.link_chars),
                has_link: flag(b.first_link.is_some()),
                link_words: log(b
                    .first_link
                    .as_deref()
                    .map_or(0, |l| l.split_whitespace().count())),
                in_article: flag(b.in_article),
                in_figure: flag(b.in_figure),
                has_time: flag(b.datetime.is_some()),
                position: share(i, n.max(1)),
                blocks_before: log(i),
                blocks_after: log(n - i - 1),
                text_repeats: log(same_text.get(b.text.as_str()).map_or(0, |c| c - 1)),
                page_blocks: log(n),
                page_chars: log(page_chars),
                page_bytes: log(source_len),
                page_link_density: share(page_links, page_chars),
                json_ld_body: flag(json_ld_body),
                ..HtmlBlockFeatures::default()
            });
            tag_features(&mut f, b);
            furniture_features(&mut f, b);
            if let Some(node) = b.node.filter(|&n| n < nodes.len()) {
                let info = &nodes[node];
                let range = info.first_block..info.end_block.min(n);
                f.node_blocks = log(range.len());
                f.node_chars = log(stats.chars[node]);
                f.node_link_density = share(stats.link_chars[node], stats.chars[node]);
                let same = blocks[range.clone()]
                    .iter()
                    .filter(|o| o.tag == b.tag)
                    .count();
                f.node_same_tag = share(same, range.len());
                f.depth = stats.depth[node] as f32;
                f.sibling_repeats = log(stats.repeats[node] - 1);
                if let Some(p) = info.parent.filter(|&p| p < nodes.len()) {
                    f.parent_chars = log(stats.chars[p]);
                    f.parent_link_density = share(stats.link_chars[p], stats.chars[p]);
                }
                let (mut best, mut best_chars, mut hints) = (0, 0, 0);
                let mut at = Some(node);
                let mut level = 0;
                while let Some(a) = at.filter(|&a| a < nodes.len()) {
                    if level < REPEAT_LEVELS && stats.repeats[a] > best {
                        best = stats.repeats[a];
                        best_chars = stats.group_chars[a];
                    }
                    hints += usize::from(nodes[a].content_hint);
                    at = nodes[a].parent.filter(|&p| p < a);
                    level += 1;
                }
                f.ancestor_repeats = log(best.saturating_sub(1));
                f.repeat_group_chars = share(best_chars, page_chars);
                f.content_hints = hints as f32;
            }
            f
        })
        .collect()
}

fn tag_features(f: &mut HtmlBlockFeatures, b: &RawBlock) {
    let tag = b.tag.as_str();
    match tag {
        "p" => f.tag_p = 1.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            f.tag_heading = f32::from(tag.as_bytes()[1] - b'0');
        }
        "li" => f.tag_li = 1.0,
        "td" | "th" => f.tag_cell = 1.0,
        "dd" | "dt" => f.tag_def = 1.0,
        "pre" => f.tag_pre = 1.0,
        "blockquote" => f.tag_quote = 1.0,
        "figcaption" | "caption" => f.tag_caption = 1.0,
        "address" | "summary" | "legend" => {}
        _ => f.tag_loose = 1.0,
    }
}

/// Furniture hints around the block, by what they say: every hint the
/// walk found counts, whether or not the rules overruled it.
fn furniture_features(f: &mut HtmlBlockFeatures, b: &RawBlock) {
    f.fur_count = b.furniture.len() as f32;
    f.fur_hard = flag(b.furniture.iter().any(|x| x.hard));
    for x in &b.furniture {
        let slot = match x.hint {
            "nav" | "menu" | "breadcrumb" | "crumb" | "pagination" => &mut f.fur_nav,
            "aside" | "sidebar" | "widget" => &mut f.fur_aside,
            "header" | "banner" => &mut f.fur_header,
            "footer" => &mut f.fur_footer,
            "comment" => &mut f.fur_comment,
            "related" => &mut f.fur_related,
            "social" | "share" | "sharing" => &mut f.fur_share,
            "ad" | "ads" | "advert" | "promo" => &mut f.fur_ad,
            "byline" | "author" | "autor" | "meta" | "postmeta" | "bio" | "tags" => &mut f.fur_meta,
            "caption" | "credit" => &mut f.fur_caption,
            "noscript" => &mut f.fur_noscript,
            _ => &mut f.fur_notice,
        };
        *slot = 1.0;
    }
}

/// The containers of every block for the second pass: its innermost
/// container, that one's parent and grandparent, and the group of
/// repeated siblings (same parent, element and class) nearest above it
/// within [`REPEAT_LEVELS`] that has the most members.
pub(crate) fn groups(walked: &Walked) -> Vec<[Option<u64>; GROUPS]> {
    let nodes = &walked.nodes;
    let mut members: HashMap<(Option<usize>, u64), usize> = HashMap::new();
    for node in nodes {
        *members.entry((node.parent, node.signature)).or_default() += 1;
    }
    let parent = |n: usize| nodes[n].parent.filter(|&p| p < n);
    walked
        .blocks
        .iter()
        .map(|b| {
            let Some(node) = b.node.filter(|&n| n < nodes.len()) else {
                return [None; GROUPS];
            };
            let up = parent(node);
            let up2 = up.and_then(parent);
            let mut repeated: Option<(usize, u64)> = None;
            let mut at = Some(node);
            for _ in 0..REPEAT_LEVELS {
                let Some(a) = at else { break };
                let key = (nodes[a].parent, nodes[a].signature);
                let count = members[&key];
                if count > 1 && repeated.is_none_or(|(c, _)| count > c) {
                    // Parent index and signature name the group.
                    let id = nodes[a].signature
                        ^ (nodes[a].parent.map_or(0, |p| p as u64 + 1))
                            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    repeated = Some((count, id));
                }
                at = parent(a);
            }
            [
                Some(node as u64),
                up.map(|n| n as u64),
                up2.map(|n| n as u64),
                repeated.map(|(_, id)| id),
            ]
        })
        .collect()
}

/// What [`add_rules`] needs of a walked block after the rules took it.
pub(crate) struct Facts {
    furniture: Vec<usize>,
    pub heading: bool,
}

pub(crate) fn facts(walked: &Walked) -> Vec<Facts> {
    walked
        .blocks
        .iter()
        .map(|b| Facts {
            furniture: b.furniture.iter().map(|f| f.id).collect(),
            heading: b.is_heading(),
        })
        .collect()
}

/// Add what the rules decided (labels, the main container) and the
/// neighbours' features. `blocks` are the rules' blocks, one per walked block.
pub(crate) fn add_rules(
    features: &mut [HtmlBlockFeatures],
    blocks: &[Block],
    raw: &[Facts],
    layout: &Layout,
) {
    let n = features.len().min(blocks.len());
    let body = |b: &Block| {
        matches!(
            b.label,
            corpus_core::Label::Body | corpus_core::Label::Heading
        )
    };
    let mut last_heading: Option<usize> = None;
    for i in 0..n {
        let b = &blocks[i];
        let f = &mut features[i];
        let slot = match b.rule.as_str() {
            "html_title_heading" => &mut f.rule_title,
            "html_paragraph" => &mut f.rule_body,
            "html_heading" => &mut f.rule_heading,
            "html_figcaption" | "html_caption_class" => &mut f.rule_caption,
            "html_inline_link" => &mut f.rule_related,
            "html_list_heading" | "html_link_list_item" => &mut f.rule_sidebar,
            "html_timestamp" => &mut f.rule_timestamp,
            "html_furniture" => &mut f.rule_furniture,
            "html_outside_main" => &mut f.rule_outside_main,
            "html_link_dense" => &mut f.rule_link_dense,
            "html_short_fragment" => &mut f.rule_short,
            "html_lead" | "html_sibling_prose" => &mut f.rule_lead,
            _ => &mut f.rule_trimmed,
        };
        *slot = 1.0;
        if let Some(r) = raw.get(i) {
            f.fur_active = flag(
                r.furniture
                    .iter()
                    .any(|&x| layout.active.get(x).copied().unwrap_or(true)),
            );
        }
        f.in_main = flag(layout.main.as_ref().is_none_or(|m| m.contains(&i)));
        f.in_around = flag(layout.around.as_ref().is_some_and(|m| m.contains(&i)));
        f.main_distance = log(layout.main.as_ref().map_or(0, |m| {
            if i < m.start {
                m.start - i
            } else if i >= m.end {
                i + 1 - m.end
            } else {
                0
            }
        }));
        f.main_share = layout.main_share;
        f.main_chars = log(layout.main_prose);
        f.since_heading = log(last_heading.map_or(i + 1, |h| i - h));
        f.prev_heading = flag(last_heading.is_some_and(|h| h + 1 == i));
        if raw.get(i).is_some_and(|r| r.heading) {
            last_heading = Some(i);
        }
    }
    for i in 0..n {
        let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(n));
        let others = (lo..hi).filter(|&j| j != i);
        let count = others.clone().count();
        let bodies = others.clone().filter(|&j| body(&blocks[j])).count();
        let links: f32 = others.clone().map(|j| features[j].link_density).sum();
        let chars: f32 = others.map(|j| features[j].chars).sum();
        let (prev, next) = (i.checked_sub(1), (i + 1 < n).then_some(i + 1));
        let f = HtmlBlockFeatures {
            window_body: share(bodies, count),
            window_link_density: if count == 0 {
                0.0
            } else {
                links / count as f32
            },
            window_chars: if count == 0 {
                0.0
            } else {
                chars / count as f32
            },
            prev_chars: prev.map_or(0.0, |j| features[j].chars),
            prev_link_density: prev.map_or(0.0, |j| features[j].link_density),
            prev_body: prev.map_or(0.0, |j| flag(body(&blocks[j]))),
            next_chars: next.map_or(0.0, |j| features[j].chars),
            next_link_density: next.map_or(0.0, |j| features[j].link_density),
            next_body: next.map_or(0.0, |j| flag(body(&blocks[j]))),
            ..features[i]
        };
        features[i] = f;
    }
}
