//! Sidebar rules: lists of headline + date pairs under a short heading.
//!
//! - `headline_before_timestamp` catches a headline-like line directly
//!   followed by a timestamp line:
//!   `Port throughput hits record` / `09:12 | 04/03/2024 Economy`.
//!   Why: a news sidebar is a list of links to other articles with their
//!   dates; the date line gives the list away whatever the wording.
//! - `heading_before_items` catches a short line without sentence ending
//!   followed (after optional blank lines) by such an item: `Most read`.
//!   Why: it names the list, and every item below it belongs to it.
//! - `configured_heading` catches a line equal to one of the configured
//!   `sidebar_headings` hints, for sites whose lists have no dates.
//!
//! Items get the nearest heading above them as their section and their
//! 1-based position in it; items before any heading have an empty section.

use super::line::{Line, Shape};
use super::timestamp;
use super::{Decision, Labels};
use corpus_core::{Label, SidebarItem};

pub(crate) const ITEM_RULE: &str = "headline_before_timestamp";
pub(crate) const HEADING_RULE: &str = "heading_before_items";
pub(crate) const HINT_RULE: &str = "configured_heading";

/// A list headline: short enough for a link, not a sentence.
fn is_headline(line: &Line) -> bool {
    line.is_text()
        && line.words <= 30
        && line.chars <= 250
        && !line.ends_with_period()
        && !line.has_cell_pipe()
}

/// A list heading: a few words, no sentence ending (a trailing ':' is fine).
fn is_heading_shape(line: &Line) -> bool {
    line.is_text()
        && line.words <= 8
        && line.chars <= 60
        && (line.text.ends_with(':') || !line.ends_sentence())
        && !line.has_cell_pipe()
}

/// Normalise a heading hint or line for comparison.
fn hint_key(text: &str) -> String {
    text.trim().trim_end_matches(':').trim().to_lowercase()
}

/// Label items (and leave their timestamp lines, already labelled).
pub(crate) fn label_items(lines: &[Line], labels: &mut Labels) {
    for i in 0..lines.len().saturating_sub(1) {
        if labels[i].is_none() && is_headline(&lines[i]) && lines[i + 1].is_timestamp() {
            labels[i] = Some(Decision::new(Label::SidebarItem, ITEM_RULE));
        }
    }
}

/// Label headings: configured hints, then short lines above an item.
pub(crate) fn label_headings(lines: &[Line], labels: &mut Labels, hints: &[String]) {
    let hints: Vec<String> = hints
        .iter()
        .map(|h| hint_key(h))
        .filter(|h| !h.is_empty())
        .collect();
    for i in 0..lines.len() {
        if labels[i].is_some() || !lines[i].is_text() {
            continue;
        }
        if !hints.is_empty() && hints.contains(&hint_key(lines[i].text)) {
            labels[i] = Some(Decision::new(Label::SidebarHeading, HINT_RULE));
            continue;
        }
        if !is_heading_shape(&lines[i]) {
            continue;
        }
        let next = (i + 1..lines.len()).find(|&j| !lines[j].is_blank());
        let before_item = next.is_some_and(|j| {
            labels[j]
                .as_ref()
                .is_some_and(|d| d.label == Label::SidebarItem)
        });
        if before_item {
            labels[i] = Some(Decision::new(Label::SidebarHeading, HEADING_RULE));
        }
    }
}

/// The first sidebar heading or item after line index `after`.
pub(crate) fn first_after(labels: &Labels, after: usize) -> Option<usize> {
    labels
        .iter()
        .enumerate()
        .skip(after + 1)
        .find_map(|(i, d)| {
            d.as_ref()
                .is_some_and(|d| matches!(d.label, Label::SidebarHeading | Label::SidebarItem))
                .then_some(i)
        })
}

/// Give headings, items and item dates their section; build the items.
pub(crate) fn collect(
    lines: &[Line],
    labels: &mut Labels,
    zone: chrono_tz::Tz,
) -> Vec<SidebarItem> {
    let mut items = Vec::new();
    let mut section: Option<String> = None;
    let mut position = 0u32;
    for i in 0..lines.len() {
        let Some(label) = labels[i].as_ref().map(|d| d.label) else {
            continue;
        };
        match label {
            Label::SidebarHeading => {
                section = Some(lines[i].text.to_string());
                position = 0;
                set_section(labels, i, &section);
            }
            Label::SidebarItem => {
                position = position.saturating_add(1);
                let stamp = match lines.get(i + 1).map(|l| &l.shape) {
                    Some(Shape::Timestamp(stamp)) => Some(stamp),
                    _ => None,
                };
                items.push(SidebarItem {
                    section: section.clone().unwrap_or_default(),
                    position,
                    headline: lines[i].text.to_string(),
                    published_at: stamp.and_then(|s| timestamp::localize(s.local, zone)),
                    category: stamp.and_then(|s| s.category.clone()),
                });
                set_section(labels, i, &section);
                if stamp.is_some() {
                    set_section(labels, i + 1, &section);
                }
            }
            _ => {}
        }
    }
    items
}

fn set_section(labels: &mut Labels, i: usize, section: &Option<String>) {
    if let Some(Some(d)) = labels.get_mut(i) {
        d.section.clone_from(section);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::line::lines;

    const PAGE: &str = "Most read\n\nPort throughput hits record\n09:12 | 04/03/2024 Economy\n\nRain eases in the north\n10:40 | 03/03/2024 Weather\nEditor's picks:\nFestival opens downtown\n18:00 | 02/03/2024 Culture";

    type Ruled = Vec<Option<(Label, &'static str)>>;

    fn run(text: &str, hints: &[String]) -> (Ruled, Vec<SidebarItem>) {
        let ls = lines(text);
        let mut labels: Labels = vec![None; ls.len()];
        for (i, l) in ls.iter().enumerate() {
            if l.is_timestamp() {
                labels[i] = Some(Decision::new(Label::Timestamp, timestamp::RULE));
            }
        }
        label_items(&ls, &mut labels);
        label_headings(&ls, &mut labels, hints);
        let items = collect(&ls, &mut labels, chrono_tz::UTC);
        (
            labels
                .iter()
                .map(|d| d.as_ref().map(|d| (d.label, d.rule)))
                .collect(),
            items,
        )
    }

    #[test]
    fn finds_headings_and_items_by_shape() {
        let (labels, items) = run(PAGE, &[]);
        assert_eq!(labels[0], Some((Label::SidebarHeading, HEADING_RULE)));
        assert_eq!(labels[2], Some((Label::SidebarItem, ITEM_RULE)));
        assert_eq!(labels[7], Some((Label::SidebarHeading, HEADING_RULE)));
        assert_eq!(items.len(), 3);
        assert_eq!(
            (
                items[1].section.as_str(),
                items[1].position,
                items[1].category.as_deref()
            ),
            ("Most read", 2, Some("Weather"))
        );
        assert_eq!(items[2].section, "Editor's picks:");
        assert_eq!(items[2].position, 1);
        assert_eq!(
            items[0].published_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-03-04T09:12:00+00:00")
        );
    }

    #[test]
    fn sentence_before_a_date_is_not_an_item() {
        let (labels, items) = run("The council met again on Friday.\n09:12 | 04/03/2024", &[]);
        assert_eq!(labels[0], None);
        assert!(items.is_empty());
    }

    #[test]
    fn items_without_heading_have_empty_section() {
        let (_, items) = run("Bridge reopens\n07:00 | 01/01/2024", &[]);
        assert_eq!((items[0].section.as_str(), items[0].position), ("", 1));
    }

    #[test]
    fn configured_hints_are_headings_even_without_items() {
        let (labels, _) = run("Trending now:\nSome link text", &["trending now".into()]);
        assert_eq!(labels[0], Some((Label::SidebarHeading, HINT_RULE)));
        let (labels, _) = run("Trending now\nSome link text", &[]);
        assert_eq!(labels[0], None);
    }
}
