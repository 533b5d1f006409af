//! The article text a page declares in its JSON-LD (`articleBody`), used
//! when the page's markup holds only a teaser of it: sites that render the
//! article from a script still declare it there for search engines.

use corpus_core::{Block, Label};
use scraper::{ElementRef, Html};

/// The declared text must be at least this long…
const MIN_CHARS: usize = 500;
/// …and this many times the body found in the markup, to replace it.
const MIN_RATIO: usize = 2;

/// The longest `articleBody` string in the page's `application/ld+json`
/// scripts (nested objects and `@graph` arrays included); `source` is the
/// page the tree was parsed from.
pub(crate) fn article_body(html: &Html, source: &str) -> Option<String> {
    // Most pages declare no article text: a scan of the source spares them
    // the walk over the tree and the JSON parse of every ld+json script.
    if !source.contains("\"articleBody\"") {
        return None;
    }
    let mut best: Option<String> = None;
    for node in html.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let e = element.value();
        if e.name() != "script"
            || !e
                .attr("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let raw: String = element.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        longest_article_body(&value, &mut best);
    }
    best
}

fn longest_article_body(value: &serde_json::Value, best: &mut Option<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key == "articleBody"
                    && let Some(text) = v.as_str()
                    && best.as_ref().is_none_or(|b| text.len() > b.len())
                {
                    *best = Some(text.to_string());
                } else {
                    longest_article_body(v, best);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                longest_article_body(v, best);
            }
        }
        _ => {}
    }
}

/// When the declared article is much longer than the body found in the
/// markup, the body blocks give way to its paragraphs: the markup's body
/// becomes `Boilerplate` (`html_superseded_by_json_ld`) and the paragraphs
/// are appended as `Body` (`html_json_ld_body`), located at the script's
/// line. Returns whether it did.
pub(crate) fn supersede(blocks: &mut Vec<Block>, declared: &str, line: u32) -> bool {
    let paragraphs: Vec<String> = declared
        .split(['\n', '\r'])
        .map(super::single_spaced)
        .filter(|p| !p.is_empty())
        .collect();
    let declared_chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    let found_chars: usize = blocks
        .iter()
        .filter(|b| matches!(b.label, Label::Body | Label::Heading))
        .map(|b| b.text.chars().count())
        .sum();
    if declared_chars < MIN_CHARS || declared_chars < MIN_RATIO * found_chars {
        return false;
    }
    for b in blocks.iter_mut() {
        if matches!(b.label, Label::Body | Label::Heading) {
            b.label = Label::Boilerplate;
            b.rule = "html_superseded_by_json_ld".into();
        }
    }
    for text in paragraphs {
        blocks.push(Block {
            position: u32::try_from(blocks.len()).unwrap_or(u32::MAX),
            line_start: line,
            line_end: line,
            label: Label::Body,
            text,
            section: None,
            rule: "html_json_ld_body".into(),
            boilerplate: false,
        });
    }
    true
}

/// The 1-based line of the first `articleBody` key in the source.
pub(crate) fn line_of_article_body(source: &str) -> u32 {
    let at = source.find("\"articleBody\"").unwrap_or(0);
    let lines = source[..at].bytes().filter(|&b| b == b'\n').count() + 1;
    u32::try_from(lines).unwrap_or(u32::MAX)
}
