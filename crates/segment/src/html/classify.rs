//! HTML rules: one label per [`RawBlock`], decided from its element, its
//! furniture containers, its link density and whether it is in the article.
//!
//! In order, the first that applies:
//! - `html_title_heading`: the first heading whose text is the page title.
//! - `html_timestamp`: a block that is only a date line (the text-mode
//!   `timestamp_line` shapes), `08:00 | 26/11/2023`; it dates the sidebar
//!   item before it in the same container.
//! - In a furniture container (`nav`, `aside`, `header`/`footer` outside the
//!   article, or `class`/`id` with nav, menu, footer, header, sidebar, share,
//!   social, cookie, comment, related, breadcrumb):
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
//! - `html_outside_article`: when the page has `<article>`/`<main>`, any
//!   other block outside it → `Boilerplate`.
//! - `html_inline_link`: a link-dense block of four words or more inside the
//!   article, `<p><a>Read: Ports expand capacity</a></p>` → `RelatedLink`.
//! - `html_link_dense`: other link-dense blocks (half the text or more in
//!   links): menus, tag lists → `Boilerplate`.
//! - `html_heading`: `h1`–`h6` → `Heading`.
//! - `html_short_fragment`: a one-word block under 20 characters,
//!   `Advertisement` → `Boilerplate`.
//! - `html_paragraph`: the rest → `Body`.

use super::source::Locator;
use super::walk::RawBlock;
use crate::Segmented;
use crate::text::TextRules;
use crate::text::timestamp;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use corpus_core::{Block, Label, SidebarItem};
use std::collections::HashMap;

const LINK_DENSE: f32 = 0.5;

pub(crate) fn classify(
    blocks: Vec<RawBlock>,
    title: Option<String>,
    source: &str,
    rules: &TextRules,
) -> Segmented {
    let mut out = Segmented {
        title: title.clone(),
        ..Segmented::default()
    };
    let has_article = blocks.iter().any(|b| b.in_article);
    let title_index = title.as_ref().and_then(|t| {
        let found = |article: bool| {
            blocks
                .iter()
                .position(|b| b.is_heading() && &b.text == t && (b.in_article || !article))
        };
        found(true).or_else(|| found(false))
    });
    let mut locator = Locator::new(source);
    // Last heading seen inside each furniture container.
    let mut headings: HashMap<usize, String> = HashMap::new();
    let mut positions: HashMap<(usize, String), u32> = HashMap::new();
    // The last sidebar item, by index into `out.sidebar`, and its container.
    let mut last_item: Option<(usize, usize)> = None;

    for (i, block) in blocks.into_iter().enumerate() {
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
                    let stamp = timestamp::parse(block.text.replacen(&headline, "", 1).trim());
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
        } else if has_article && !block.in_article {
            (Label::Boilerplate, "html_outside_article")
        } else if dense
            && block.in_article
            && block
                .first_link
                .as_deref()
                .is_some_and(|l| l.split_whitespace().count() >= 4)
        {
            (Label::RelatedLink, "html_inline_link")
        } else if dense {
            (Label::Boilerplate, "html_link_dense")
        } else if block.is_heading() {
            (Label::Heading, "html_heading")
        } else if block.text.split_whitespace().count() < 2 && block.text.chars().count() < 20 {
            (Label::Boilerplate, "html_short_fragment")
        } else {
            (Label::Body, "html_paragraph")
        };

        match label {
            Label::Body => out.body.push(block.text.clone()),
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
    out
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
}
