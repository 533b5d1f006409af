//! HTML rules: one label per [`RawBlock`].
//!
//! First the page is scored. A block's *prose* is its text outside links
//! when it reads like a paragraph (25 characters or more, under a third in
//! links, not a heading). Furniture containers (`nav`, `aside`,
//! `header`/`footer` outside the article, and `class`/`id` hint words such as
//! menu, share, related, comment, cookie, newsletter, byline) are furniture
//! unless a soft hint holds 40 % of the page's prose (`<div class="entry
//! share">` around the whole article). The *main container* is the element
//! whose prose, less half its link and furniture text, scores highest
//! (a content hint such as `<article>` or `entry-content` adds a fifth).
//!
//! Then, in order, the first rule that applies:
//! - `html_title_heading`: the first heading whose text is the page title.
//! - `html_timestamp`: a block that is only a date line (the text-mode
//!   `timestamp_line` shapes), `08:00 | 26/11/2023`; it dates the sidebar
//!   item before it in the same container.
//! - In a furniture container:
//!   - `html_list_heading`: a heading with few links in a link-list
//!     container (aside, sidebar, related) → `SidebarHeading`;
//!   - `html_link_list_item`: a link-dense block there, or a list item with
//!     a link (`<li><a>Other story</a> 08:00 | 26/11/2023</li>`) →
//!     `SidebarItem`; the headline is the first link, the date a `<time
//!     datetime>` or a date line beside the link; its section is the nearest
//!     heading before it in its containers, else the container's hint word;
//!   - `html_furniture`: anything else in furniture → `Boilerplate`.
//! - `html_figcaption`: a `figcaption` (or text in a `figure`) → `Caption`,
//!   credit split off with the configured labels.
//! - `html_lead`: a paragraph of prose (80 characters, 12 words, few
//!   links) between the title heading (else the last `h1`) and the main
//!   container, at most six blocks before it: the standfirst, set apart
//!   from the text → `Body`.
//! - `html_outside_main`: any other block outside the main container →
//!   `Boilerplate`.
//! - `html_inline_link`: a link-dense block of four words or more,
//!   `<p><a>Read: Ports expand capacity</a></p>` → `RelatedLink`.
//! - `html_link_dense`: other link-dense blocks (half the text or more in
//!   links): menus, tag lists → `Boilerplate`.
//! - `html_heading`: `h1`–`h6` → `Heading` (kept in the body, in order).
//! - `html_short_fragment`: a one-word block under 20 characters,
//!   `Advertisement` → `Boilerplate`.
//! - `html_paragraph`: the rest → `Body`.

use super::phrases;
use super::source::Locator;
use super::walk::{RawBlock, Walked};
use crate::Segmented;
use crate::text::TextRules;
use crate::text::timestamp;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use corpus_core::whitespace::single_spaced_words;
use corpus_core::{Block, Label, SidebarItem};
use std::borrow::Cow;
use std::collections::HashMap;

const LINK_DENSE: f32 = 0.5;

/// A block whose link density reaches this is a link, not prose.
const PROSE_LINK_DENSITY: f32 = 0.33;
/// Shortest block (in characters) counted as prose when choosing the main
/// container.
const PROSE_MIN_CHARS: usize = 25;
/// How much a character of links or furniture costs a container, against
/// a character of prose.
const BAD_WEIGHT: f32 = 0.5;
/// A soft-hinted container holding this share of the page's prose is the
/// article, whatever its class says.
const SOFT_HINT_PROSE_SHARE: f32 = 0.4;

/// A widget inside the content container whose text is at least this
/// share of prose is a paragraph box, not a sidebar widget.
const WIDGET_PROSE_SHARE: f32 = 0.6;

/// How many of an article's last paragraphs are checked for appeals to
/// follow or subscribe (`html_tail_prompt`).
const TAIL_BLOCKS: usize = 3;

/// How many levels above the main container prose still joins the article.
const SIBLING_LEVELS: usize = 2;

/// A paragraph next to the main container that joins it: long enough,
/// almost no links, ending like a sentence.
fn is_sibling_prose(block: &RawBlock) -> bool {
    !block.is_heading()
        && block.chars >= 60
        && block.link_density() < 0.2
        && block
            .text
            .trim_end_matches(['"', '\'', '’', '”', '»', ')'])
            .ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

/// `text` without the first occurrence of `part`, trimmed. Usually the
/// part is at one end, and nothing is copied.
fn without_once<'a>(text: &'a str, part: &str) -> Cow<'a, str> {
    let Some(at) = text.find(part) else {
        return Cow::Borrowed(text.trim());
    };
    let (before, after) = (text[..at].trim(), text[at + part.len()..].trim());
    if before.is_empty() {
        Cow::Borrowed(after)
    } else if after.is_empty() {
        Cow::Borrowed(before)
    } else {
        Cow::Owned(format!(
            "{}{}",
            text[..at].trim_start(),
            text[at + part.len()..].trim_end()
        ))
    }
}

/// How many blocks before the main container a lead paragraph may sit.
const LEAD_REACH: usize = 6;

/// A standfirst: a paragraph of prose with almost no links. Headlines and
/// teasers above an article are shorter or linked.
fn is_lead(block: &RawBlock) -> bool {
    !block.is_heading()
        && block.chars >= 80
        && block.link_density() < 0.2
        && single_spaced_words(&block.text) >= 12
}

/// Prose characters of a block: its text outside links, when it reads like a
/// paragraph (not a heading, long enough, few links).
fn prose_chars(block: &RawBlock) -> usize {
    if block.is_heading()
        || block.chars < PROSE_MIN_CHARS
        || block.link_density() >= PROSE_LINK_DENSITY
    {
        0
    } else {
        block.chars - block.link_chars
    }
}

/// Which containers are furniture after all: element hints (`nav`, `aside`)
/// and hard hints always; a soft class hint unless the container holds a
/// large share of the page's prose.
fn active_furniture(walked: &Walked) -> Vec<bool> {
    let nodes = &walked.nodes;
    let mut prose = vec![0usize; nodes.len()];
    for block in &walked.blocks {
        if let Some(n) = block.node
            && let Some(p) = prose.get_mut(n)
        {
            *p += prose_chars(block);
        }
    }
    for n in (0..nodes.len()).rev() {
        if let Some(parent) = nodes[n].parent
            && parent < n
        {
            prose[parent] += prose[n];
        }
    }
    let mut chars = vec![0usize; nodes.len()];
    for block in &walked.blocks {
        if let Some(n) = block.node
            && let Some(c) = chars.get_mut(n)
        {
            *c += block.chars;
        }
    }
    for n in (0..nodes.len()).rev() {
        if let Some(parent) = nodes[n].parent
            && parent < n
        {
            chars[parent] += chars[n];
        }
    }
    let total: usize = walked.blocks.iter().map(prose_chars).sum();
    let in_content = |n: usize| {
        let mut at = nodes[n].parent;
        while let Some(p) = at.filter(|&p| p < nodes.len()) {
            if nodes[p].content_hint {
                return true;
            }
            at = nodes[p].parent;
        }
        false
    };
    nodes
        .iter()
        .enumerate()
        .map(|(n, node)| match node.furniture {
            Some(f) if f.hard => true,
            Some(f) => {
                let share = prose[n] as f32 / total.max(1) as f32;
                let holds_article = prose[n] >= 200 && share >= SOFT_HINT_PROSE_SHARE;
                // Page builders wrap each paragraph of an article in a
                // "widget": inside the content container, a widget of
                // prose is part of the text.
                let prose_widget = f.hint == "widget"
                    && prose[n] >= 100
                    && prose[n] as f32 >= WIDGET_PROSE_SHARE * chars[n] as f32
                    && in_content(n);
                !(holds_article || prose_widget)
            }
            None => false,
        })
        .collect()
}

/// The main container: the one whose prose, less its links and furniture,
/// scores highest; a content hint (`article`, `entry-content`) adds a
/// fifth. `None` for a page without nodes.
fn main_node(walked: &Walked, active: &[bool], in_furniture: &[bool]) -> Option<usize> {
    let nodes = &walked.nodes;
    let mut score = vec![0f32; nodes.len()];
    for (block, furnished) in walked
        .blocks
        .iter()
        .zip(walked.blocks.iter().map(|b| is_furnished(b, active)))
    {
        let Some(n) = block.node else { continue };
        let value = if furnished {
            -BAD_WEIGHT * block.chars as f32
        } else {
            prose_chars(block) as f32 - BAD_WEIGHT * block.link_chars as f32
        };
        if let Some(s) = score.get_mut(n) {
            *s += value;
        }
    }
    for n in (0..nodes.len()).rev() {
        if let Some(parent) = nodes[n].parent
            && parent < n
        {
            let child = score[n];
            score[parent] += child;
        }
    }
    let mut best: Option<(usize, f32)> = None;
    for (n, node) in nodes.iter().enumerate() {
        if in_furniture[n] {
            continue;
        }
        let s = if node.content_hint && score[n] > 0.0 {
            score[n] * 1.2
        } else {
            score[n]
        };
        if best.is_none_or(|(_, b)| s >= b) {
            best = Some((n, s));
        }
    }
    best.filter(|&(_, s)| s > 0.0).map(|(n, _)| n)
}

/// Is the block inside a container that is furniture after all?
fn is_furnished(block: &RawBlock, active: &[bool]) -> bool {
    block
        .furniture
        .iter()
        .any(|f| active.get(f.id).copied().unwrap_or(true))
}

/// Where the rules put the article: evidence for the block model.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Blocks of the main container.
    pub main: Option<std::ops::Range<usize>>,
    /// Blocks of its ancestors up to [`SIBLING_LEVELS`].
    pub around: Option<std::ops::Range<usize>>,
    /// The main container's share of the page's prose characters.
    pub main_share: f32,
    /// Prose characters in the main container.
    pub main_prose: usize,
    /// Which furniture containers (by node) the rules held to be furniture.
    pub active: Vec<bool>,
}

pub(crate) fn classify(
    walked: Walked,
    title: Option<String>,
    source: &str,
    rules: &TextRules,
) -> (Segmented, Layout) {
    let mut out = Segmented {
        title: title.clone(),
        ..Segmented::default()
    };
    let active = active_furniture(&walked);
    let mut in_furniture = vec![false; walked.nodes.len()];
    for n in 0..walked.nodes.len() {
        let parent = walked.nodes[n]
            .parent
            .filter(|&p| p < n)
            .is_some_and(|p| in_furniture[p]);
        in_furniture[n] = active[n] || parent;
    }
    let main_index = main_node(&walked, &active, &in_furniture);
    let main = main_index
        .and_then(|n| walked.nodes.get(n))
        .map(|n| n.first_block..n.end_block);
    // The main container's ancestors up to SIBLING_LEVELS: prose beside it
    // (a lead paragraph in its own box) belongs to the article too.
    let around = main_index
        .and_then(|mut n| {
            for _ in 0..SIBLING_LEVELS {
                n = walked.nodes.get(n)?.parent.filter(|p| !in_furniture[*p])?;
            }
            walked.nodes.get(n)
        })
        .map(|n| n.first_block..n.end_block);
    let total_prose: usize = walked.blocks.iter().map(prose_chars).sum();
    let main_prose: usize = main
        .as_ref()
        .and_then(|m| walked.blocks.get(m.clone()))
        .map_or(0, |m| m.iter().map(prose_chars).sum());
    let layout = Layout {
        main: main.clone(),
        around: around.clone(),
        main_share: main_prose as f32 / total_prose.max(1) as f32,
        main_prose,
        active: active.clone(),
    };
    let Walked { blocks, .. } = walked;
    let title_index = title.as_ref().and_then(|t| {
        let found = |article: bool| {
            blocks
                .iter()
                .position(|b| b.is_heading() && &b.text == t && (b.in_article || !article))
        };
        found(true).or_else(|| found(false))
    });
    // Where the article's head ends: the title heading, else the last `h1`
    // before the main container (the page title may differ from it).
    let headline = title_index.or_else(|| {
        let start = main.as_ref()?.start;
        blocks[..start.min(blocks.len())]
            .iter()
            .rposition(|b| b.tag == "h1")
    });
    let mut locator = Locator::new(source);
    // Last heading seen inside each furniture container.
    let mut headings: HashMap<usize, String> = HashMap::new();
    let mut positions: HashMap<(usize, String), u32> = HashMap::new();
    // The last sidebar item, by index into `out.sidebar`, and its container.
    let mut last_item: Option<(usize, usize)> = None;

    // Blocks that are list or table items: short by nature, not furniture.
    let items: Vec<bool> = blocks
        .iter()
        .map(|b| matches!(b.tag.as_str(), "li" | "td" | "th" | "dd" | "dt"))
        .collect();
    for (i, mut block) in blocks.into_iter().enumerate() {
        block
            .furniture
            .retain(|f| active.get(f.id).copied().unwrap_or(true));
        let in_main = main.as_ref().is_none_or(|m| m.contains(&i));
        let dense = block.link_density() >= LINK_DENSE;
        let link_list = block.furniture.iter().rev().find(|f| f.is_link_list());
        let innermost = block.furniture.last().map(|f| f.id);
        let mut section = None;
        let (label, rule) = if Some(i) == title_index {
            (Label::Title, "html_title_heading")
        } else if let Some(stamp) = timestamp::parse(&block.text) {
            if let Some((item, container)) = last_item
                && Some(container) == innermost
                && let Some(item) = out.sidebar.get_mut(item)
                && item.published_at.is_none()
            {
                item.published_at = timestamp::localize(stamp.local, rules.zone);
                item.category = stamp.category.clone();
                section = Some(item.section.clone());
            }
            (Label::Timestamp, "html_timestamp")
        } else if block
            .furniture
            .last()
            .is_some_and(|f| matches!(f.hint, "caption" | "credit"))
        {
            // A caption box outside `<figure>` (`wp-caption-text`).
            (Label::Caption, "html_caption_class")
        } else if !block.furniture.is_empty() {
            match link_list {
                Some(_) if block.is_heading() && !dense => {
                    for f in &block.furniture {
                        headings.insert(f.id, block.text.clone());
                    }
                    section = Some(block.text.clone());
                    (Label::SidebarHeading, "html_list_heading")
                }
                Some(list) if dense || (block.tag == "li" && block.first_link.is_some()) => {
                    let (owner, name) = block
                        .furniture
                        .iter()
                        .rev()
                        .find_map(|f| headings.get(&f.id).map(|h| (f.id, h.clone())))
                        .unwrap_or_else(|| (list.id, list.hint.to_string()));
                    let position = positions.entry((owner, name.clone())).or_insert(0);
                    *position = position.saturating_add(1);
                    let headline = block
                        .first_link
                        .clone()
                        .filter(|l| !l.is_empty())
                        .unwrap_or_else(|| block.text.clone());
                    // A date line printed next to the link, in the same item.
                    let stamp = timestamp::parse(&without_once(&block.text, &headline));
                    let published_at = block
                        .datetime
                        .as_deref()
                        .and_then(|d| parse_datetime(d, rules.zone))
                        .or_else(|| {
                            stamp
                                .as_ref()
                                .and_then(|s| timestamp::localize(s.local, rules.zone))
                        });
                    out.sidebar.push(SidebarItem {
                        section: name.clone(),
                        position: *position,
                        headline,
                        published_at,
                        category: stamp.and_then(|s| s.category),
                    });
                    last_item = innermost.map(|c| (out.sidebar.len() - 1, c));
                    section = Some(name);
                    (Label::SidebarItem, "html_link_list_item")
                }
                _ => (Label::Boilerplate, "html_furniture"),
            }
        } else if block.tag == "figcaption" || (block.in_figure && !block.is_heading()) {
            (Label::Caption, "html_figcaption")
        } else if !in_main
            && around.as_ref().is_some_and(|a| a.contains(&i))
            && is_sibling_prose(&block)
        {
            (Label::Body, "html_sibling_prose")
        } else if !in_main
            && let (Some(t), Some(m)) = (headline, main.as_ref())
            && t < i
            && i < m.start
            && m.start - i <= LEAD_REACH
            && is_lead(&block)
        {
            (Label::Body, "html_lead")
        } else if !in_main {
            (Label::Boilerplate, "html_outside_main")
        } else if dense
            && block
                .first_link
                .as_deref()
                .is_some_and(|l| single_spaced_words(l) >= 4)
        {
            (Label::RelatedLink, "html_inline_link")
        } else if dense {
            (Label::Boilerplate, "html_link_dense")
        } else if block.is_heading() {
            (Label::Heading, "html_heading")
        } else if single_spaced_words(&block.text) < 2 && block.text.chars().count() < 20 {
            (Label::Boilerplate, "html_short_fragment")
        } else {
            (Label::Body, "html_paragraph")
        };

        match label {
            Label::Caption => out.captions.push(rules.credits.split(&block.text)),
            Label::RelatedLink => out.related.push(
                block
                    .first_link
                    .clone()
                    .unwrap_or_else(|| block.text.clone()),
            ),
            _ => {}
        }
        let (line_start, line_end) = locator.locate(&block.text);
        out.blocks.push(Block {
            position: u32::try_from(out.blocks.len()).unwrap_or(u32::MAX),
            line_start,
            line_end,
            label,
            text: block.text,
            section,
            rule: rule.to_string(),
            boilerplate: false,
        });
    }
    trim_article(&mut out.blocks, &items);
    out.body = body_of(&out.blocks);
    (out, layout)
}

/// The body: the text of the body paragraphs and headings, in order.
pub(crate) fn body_of(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter(|b| matches!(b.label, Label::Body | Label::Heading))
        .map(|b| b.text.clone())
        .collect()
}

/// Does the text end like a sentence (closing quotes looked through)?
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '’', '”', '»', ')', '*'])
        .ends_with(['.', '!', '?', '…', '。', '！', '？', ';', ':'])
}

/// A paragraph that surely belongs to the article text.
fn is_strong_paragraph(block: &Block) -> bool {
    block.label == Label::Body && block.text.chars().count() >= 80 && ends_sentence(&block.text)
}

/// Second pass over the article's blocks:
/// - `html_copyright`: a paragraph with `©` → `Boilerplate`.
/// - `html_tail_prompt`: one of the last three paragraphs that asks the
///   reader to follow, subscribe, write in or install an app, or discloses
///   paid links, in 40 words or fewer
///   ([`phrases::is_tail_prompt`]) → `Boilerplate`.
/// - `html_heading_without_text`: a heading not followed by a paragraph
///   (only other headings, images or captions between): the title of a
///   teaser list or a share box, `Read more` → `Boilerplate`.
/// - `html_after_text`: after the last long paragraph, short lines (not
///   list or table items) that do not end like a sentence: `Share this page`, `Tags: port, trade`.
fn trim_article(blocks: &mut [Block], items: &[bool]) {
    let first_strong = blocks.iter().position(is_strong_paragraph);
    let last_strong = blocks.iter().rposition(is_strong_paragraph);
    for (i, b) in blocks.iter_mut().enumerate() {
        if !matches!(b.label, Label::Body | Label::Heading) {
            continue;
        }
        // Date lines are the article's header or footer, not its text;
        // between paragraphs they may be part of it (an event's date).
        let outside_text = first_strong.is_none_or(|f| i < f) || last_strong.is_none_or(|l| i > l);
        let rule = if b.label == Label::Body && b.text.contains('©') {
            "html_copyright"
        } else if phrases::is_prompt(&b.text) {
            "html_prompt_phrase"
        } else if phrases::is_credit(&b.text) {
            "html_credit_line"
        } else if outside_text && phrases::is_dateline(&b.text) {
            "html_dateline"
        } else {
            continue;
        };
        b.label = Label::Boilerplate;
        b.rule = rule.into();
    }
    // The last paragraphs of an article are where sites ask to be
    // followed, subscribed to, written to or installed.
    let tail: Vec<usize> = (0..blocks.len())
        .rev()
        .filter(|&i| blocks[i].label == Label::Body)
        .take(TAIL_BLOCKS)
        .collect();
    for i in tail {
        if phrases::is_tail_prompt(&blocks[i].text) {
            blocks[i].label = Label::Boilerplate;
            blocks[i].rule = "html_tail_prompt".into();
        }
    }
    for i in 0..blocks.len() {
        // A heading, or a short label line (`More on this topic:`), that
        // introduces no text.
        let label_line = blocks[i].label == Label::Body
            && blocks[i].text.ends_with(':')
            && single_spaced_words(&blocks[i].text) <= 8;
        if !(blocks[i].label == Label::Heading || label_line)
            || single_spaced_words(&blocks[i].text) >= 10
        {
            continue;
        }
        let next = blocks[i + 1..].iter().find(|b| {
            !matches!(
                b.label,
                Label::Heading | Label::Image | Label::Caption | Label::Timestamp
            )
        });
        if next.is_none_or(|b| b.label != Label::Body) {
            blocks[i].label = Label::Boilerplate;
            blocks[i].rule = if label_line {
                "html_label_without_text"
            } else {
                "html_heading_without_text"
            }
            .into();
        }
    }
    if let Some(last) = blocks.iter().rposition(is_strong_paragraph) {
        for (b, &item) in blocks[last + 1..].iter_mut().zip(&items[last + 1..]) {
            if !item
                && matches!(b.label, Label::Body | Label::Heading)
                && single_spaced_words(&b.text) <= 8
                && !ends_sentence(&b.text)
            {
                b.label = Label::Boilerplate;
                b.rule = "html_after_text".into();
            }
        }
    }
}

/// A `<time datetime>` value: RFC 3339 with offset, or a local
/// `YYYY-MM-DDTHH:MM[:SS]` read in the site's zone.
fn parse_datetime(value: &str, zone: chrono_tz::Tz) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(dt);
    }
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
    .and_then(|local| timestamp::localize(local, zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_values() {
        let zone = chrono_tz::Asia::Ho_Chi_Minh;
        let at = |v| parse_datetime(v, zone).map(|d| d.to_rfc3339());
        assert_eq!(
            at("2024-05-01T08:00:00Z").as_deref(),
            Some("2024-05-01T08:00:00+00:00")
        );
        assert_eq!(
            at("2024-05-01T08:00").as_deref(),
            Some("2024-05-01T08:00:00+07:00")
        );
        assert_eq!(at("yesterday"), None);
    }

    #[test]
    fn text_without_a_part_as_replacen_gives_it() {
        for (text, part) in [
            ("Port expands 08:00 | 26/11/2023", "Port expands"),
            ("08:00 | 26/11/2023 Port expands", "Port expands"),
            ("A Port expands B", "Port expands"),
            ("Port expands", "Port expands"),
            ("No match here", "Port expands"),
            (" x ", ""),
        ] {
            assert_eq!(
                without_once(text, part),
                text.replacen(part, "", 1).trim(),
                "{text:?} - {part:?}"
            );
        }
    }
}
