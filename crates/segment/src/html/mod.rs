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
pub(crate) mod json_ld;
pub(crate) mod phrases;
pub(crate) mod source;
pub(crate) mod walk;

use crate::Segmented;
use crate::text::TextRules;
use scraper::{ElementRef, Html, Node};

pub(crate) fn segment(source: &str, rules: &TextRules) -> Segmented {
    let html = parse(source);
    let walked = walk::walk(&html);
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
    let declared = json_ld::article_body(&html, source);
    let mut out = classify::classify(walked, title, source, rules);
    if let Some(declared) = declared
        && json_ld::supersede(
            &mut out.blocks,
            &declared,
            json_ld::line_of_article_body(source),
        )
    {
        out.body = classify::body_of(&out.blocks);
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

/// `text`'s words joined by single spaces, built in one pass: every block's
/// text goes through here.
pub(crate) fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
