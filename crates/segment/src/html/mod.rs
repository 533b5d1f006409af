//! HTML mode: label the text-bearing blocks of a page.
//!
//! A simple, real first version (a scorer comes later): [`walk`] turns the
//! DOM into blocks in document order with their context, [`classify`] gives
//! each one label by element, container hints, link density and article
//! membership, and [`source`] finds each block's lines in the HTML source.
//!
//! When the page declares its article in JSON-LD (`articleBody`) and the
//! markup holds less than half of it (a teaser the site's script expands),
//! [`json_ld`] puts the declared paragraphs in the body instead.
//!
//! The title is the `og:title` meta, else the first `h1` (one inside
//! `<article>`/`<main>` first), else `<title>`.

pub(crate) mod classify;
pub(crate) mod features;
pub(crate) mod json_ld;
pub(crate) mod phrases;
pub(crate) mod source;
pub(crate) mod walk;

use crate::model::Models;
use crate::text::TextRules;
use crate::{Segmented, decide, page};
use corpus_core::whitespace::{is_single_spaced, whitespace_len, zero_width_len};
use scraper::{ElementRef, Html, Node};

/// Segment a page: the rules, then (with `models`) the block model's
/// decisions and the page type. Without models, the rules' labels alone,
/// for the rules' own tests.
pub(crate) fn segment(source: &str, rules: &TextRules, models: Option<&Models>) -> Segmented {
    let html = parse(source);
    let walked = walk::walk(&html);
    let declared = json_ld::article_body(&html, source);
    let mut rows = features::from_walk(&walked, source.len(), declared.is_some());
    let facts = features::facts(&walked);
    let groups = features::groups(&walked);
    let blocks = &walked.blocks;
    let title = meta_title(&html)
        .or_else(|| {
            let h1 = |article: bool| {
                blocks
                    .iter()
                    .find(|b| b.tag == "h1" && (b.in_article || !article))
                    .map(|b| b.text.clone())
            };
            h1(true).or_else(|| h1(false))
        })
        .or_else(|| title_element(&html));
    let (mut out, layout) = classify::classify(walked, title, source, rules);
    features::add_rules(&mut rows, &out.blocks, &facts, &layout);
    if let Some(models) = models {
        let page = page::from_html(&rows, &out.blocks, source);
        out.set_page(page.values(), &models.page_type);
        let headings: Vec<bool> = facts.iter().map(|f| f.heading).collect();
        let inputs = decide::Inputs {
            rows: rows.iter().map(|r| r.values()).collect(),
            groups,
            heading: &headings,
            page_types: &out.page_types,
        };
        let passes = models.passes(corpus_core::Format::Html);
        out.scored = decide::apply(&mut out.blocks, inputs, passes, |_| false);
        out.body = classify::body_of(&out.blocks);
    }
    if let Some(declared) = declared
        && json_ld::supersede(
            &mut out.blocks,
            &declared,
            json_ld::line_of_article_body(source),
        )
    {
        out.body = classify::body_of(&out.blocks);
        out.scored.resize(out.blocks.len(), None);
    }
    out
}

/// Parse as a browser with scripting off does: `<noscript>` content is
/// markup, not raw text. Some sites serve the whole article there for
/// readers without JavaScript (and only a template script otherwise); the
/// walk treats `noscript` as a soft furniture hint, so a small "enable
/// JavaScript" notice stays out of the body.
pub(crate) fn parse(source: &str) -> Html {
    use html5ever::driver::ParseOpts;
    use html5ever::tendril::TendrilSink;
    use html5ever::tree_builder::TreeBuilderOpts;
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    html5ever::driver::parse_document(scraper::HtmlTreeSink::new(Html::new_document()), opts)
        .one(source)
}

fn collapse(text: &str) -> Option<String> {
    let text = single_spaced(text);
    (!text.is_empty()).then_some(text)
}

/// `text`'s words joined by single spaces, without the characters a reader
/// never sees (soft hyphens, zero-width spaces, word joiners, byte-order
/// marks), as a browser renders it. Every block's text goes through here,
/// so it runs over bytes: runs of visible characters are copied whole, and
/// only the few non-ASCII spaces and invisible characters are matched.
pub(crate) fn single_spaced(text: &str) -> String {
    if is_clean_block_text(text) {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Start of the bytes not yet copied; whether whitespace came before them.
    let mut run = 0;
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let (len, is_space) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (1, true),
            0..0x80 => {
                i += 1;
                continue;
            }
            _ => match whitespace_len(&bytes[i..]) {
                Some(len) => (len, true),
                None => match invisible_len(&bytes[i..]) {
                    Some(len) => (len, false),
                    None => {
                        i += 1;
                        continue;
                    }
                },
            },
        };
        push_run(&mut out, &text[run..i], &mut space);
        space |= is_space;
        i += len;
        run = i;
    }
    push_run(&mut out, &text[run..], &mut space);
    out
}

/// Whether `text` is already words joined by single spaces with nothing
/// invisible in it, as most block texts are: then it is copied whole.
fn is_clean_block_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    is_single_spaced(text)
        && !memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes)
            .any(|i| invisible_len(&bytes[i..]).is_some())
}

/// Append a run of visible characters, after a space if whitespace came
/// before it and it is not the first.
fn push_run(out: &mut String, run: &str, space: &mut bool) {
    if !run.is_empty() {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(run);
    }
}

/// The length of the invisible character `bytes` starts with: a soft
/// hyphen (U+00AD) or a zero-width one.
fn invisible_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [0xc2, 0xad, ..] => Some(2),
        _ => zero_width_len(bytes),
    }
}

/// `<meta property="og:title" content="…">` (or `name=`).
fn meta_title(html: &Html) -> Option<String> {
    html.tree.nodes().find_map(|node| match node.value() {
        Node::Element(e)
            if e.name() == "meta"
                && (e.attr("property") == Some("og:title")
                    || e.attr("name") == Some("og:title")) =>
        {
            e.attr("content").and_then(collapse)
        }
        _ => None,
    })
}

/// The text of the first `<title>` element.
fn title_element(html: &Html) -> Option<String> {
    html.tree.nodes().find_map(|node| {
        let element = ElementRef::wrap(node)?;
        if element.value().name() != "title" {
            return None;
        }
        collapse(&element.text().collect::<String>())
    })
}

#[cfg(test)]
mod tests;
