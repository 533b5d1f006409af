//! [`PageFeatures`]: the page as a whole, for the page-type classifier.
//! Built from the block or line features already computed, plus what the
//! page declares of itself (JSON-LD `@type`, `og:type`).

use crate::features::{HtmlBlockFeatures, PageFeatures, TextLineFeatures, flag, log, share};
use corpus_core::Block;

/// The features of an HTML page from its blocks' features.
pub(crate) fn from_html(
    features: &[HtmlBlockFeatures],
    blocks: &[Block],
    source: &str,
) -> PageFeatures {
    let n = features.len();
    let count =
        |pred: &dyn Fn(&HtmlBlockFeatures) -> bool| features.iter().filter(|f| pred(f)).count();
    let chars: f32 = features.iter().map(|f| f.chars.exp_m1()).sum();
    let links: f32 = features.iter().map(|f| f.link_chars.exp_m1()).sum();
    let mut page = PageFeatures {
        is_html: 1.0,
        blocks: log(n),
        chars: (chars).ln_1p(),
        bytes: log(source.len()),
        link_density: if chars > 0.0 { links / chars } else { 0.0 },
        share_li: share(count(&|f| f.tag_li > 0.0), n),
        share_cell: share(count(&|f| f.tag_cell > 0.0), n),
        share_heading: share(count(&|f| f.tag_heading > 0.0), n),
        share_body: share(count(&|f| f.rule_body > 0.0), n),
        share_sidebar: share(count(&|f| f.rule_sidebar > 0.0), n),
        share_short: share(count(&|f| f.words < log(4)), n),
        share_pre: share(count(&|f| f.tag_pre > 0.0), n),
        mean_chars: if n == 0 {
            0.0
        } else {
            features.iter().map(|f| f.chars).sum::<f32>() / n as f32
        },
        prose_blocks: log(count(&|f| f.ends_sentence > 0.0 && f.words > log(8))),
        headings: log(count(&|f| f.tag_heading > 0.0)),
        max_repeats: features
            .iter()
            .map(|f| f.ancestor_repeats)
            .fold(0.0, f32::max),
        repeat_groups: features
            .iter()
            .map(|f| f.repeat_group_chars)
            .fold(0.0, f32::max),
        main_share: features.first().map_or(0.0, |f| f.main_share),
        date_lines: share(count(&|f| f.has_time > 0.0 || f.rule_timestamp > 0.0), n),
        ..PageFeatures::default()
    };
    declared_types(&mut page, source);
    text_marks(&mut page, blocks.iter().map(|b| b.text.as_str()), n);
    page
}

/// The features of a text dump from its lines' features.
pub(crate) fn from_text(
    features: &[TextLineFeatures],
    blocks: &[Block],
    source: &str,
) -> PageFeatures {
    let n = features.len();
    let count =
        |pred: &dyn Fn(&TextLineFeatures) -> bool| features.iter().filter(|f| pred(f)).count();
    let mut page = PageFeatures {
        blocks: log(n),
        chars: features.first().map_or(0.0, |f| f.page_chars),
        bytes: log(source.len()),
        share_cell: share(count(&|f| f.cell_pipe > 0.0), n),
        share_li: share(count(&|f| f.bullet > 0.0), n),
        share_heading: share(count(&|f| f.rule_subheading > 0.0), n),
        share_body: share(count(&|f| f.rule_body > 0.0), n),
        share_sidebar: share(count(&|f| f.rule_sidebar_item > 0.0), n),
        share_short: share(count(&|f| f.words < log(4)), n),
        mean_chars: if n == 0 {
            0.0
        } else {
            features.iter().map(|f| f.chars).sum::<f32>() / n as f32
        },
        prose_blocks: log(count(&|f| f.prose > 0.0)),
        headings: log(count(&|f| f.rule_subheading > 0.0)),
        max_repeats: features.iter().map(|f| f.text_repeats).fold(0.0, f32::max),
        date_lines: share(count(&|f| f.timestamp > 0.0), n),
        ..PageFeatures::default()
    };
    text_marks(&mut page, blocks.iter().map(|b| b.text.as_str()), n);
    page
}

/// Prices, code and questions in the page's text: shares of blocks.
fn text_marks<'a>(page: &mut PageFeatures, texts: impl Iterator<Item = &'a str>, n: usize) {
    let (mut price, mut code, mut question) = (0, 0, 0);
    for text in texts {
        let has_digit = text.bytes().any(|b| b.is_ascii_digit());
        price += usize::from(has_digit && text.contains(['$', '€', '£', '¥', '₫', '₹']));
        code += usize::from(
            text.contains("()") || text.contains('{') || text.contains("=>") || text.contains("::"),
        );
        question += usize::from(text.trim_end().ends_with('?'));
    }
    page.price_marks = share(price, n);
    page.code_marks = share(code, n);
    page.question_marks = share(question, n);
}

/// What the page says it is: JSON-LD `@type` values and the `og:type` meta,
/// found by a scan of the source (no page without them pays for a parse).
fn declared_types(page: &mut PageFeatures, source: &str) {
    let mut rest = source;
    let mut seen = 0;
    while let Some(at) = rest.find("\"@type\"") {
        rest = &rest[at + 7..];
        seen += 1;
        if seen > 200 {
            break;
        }
        let value = rest
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .unwrap_or("");
        let end = value.find([']', '}', ',']).unwrap_or(value.len()).min(200);
        let end = (0..=end)
            .rev()
            .find(|&e| value.is_char_boundary(e))
            .unwrap_or(0);
        let types = value[..end].to_ascii_lowercase();
        for t in types
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            let slot = match t {
                "article" | "newsarticle" | "blogposting" | "reportagenewsarticle" | "report" => {
                    &mut page.jl_article
                }
                "product" | "offer" | "aggregateoffer" | "productgroup" => &mut page.jl_product,
                "discussionforumposting"
                | "qapage"
                | "question"
                | "answer"
                | "socialmediaposting" => &mut page.jl_forum,
                "collectionpage" | "itemlist" | "searchresultspage" | "offercatalog" => {
                    &mut page.jl_collection
                }
                "service"
                | "localbusiness"
                | "faqpage"
                | "professionalservice"
                | "organization" => &mut page.jl_service,
                "techarticle"
                | "softwareapplication"
                | "softwaresourcecode"
                | "apireference"
                | "howto" => &mut page.jl_docs,
                _ => continue,
            };
            *slot = 1.0;
        }
    }
    if let Some(at) = source.find("og:type") {
        let window = &source[at..];
        let end = (0..=window.len().min(200))
            .rev()
            .find(|&e| window.is_char_boundary(e))
            .unwrap_or(0);
        let window = window[..end].to_ascii_lowercase();
        if let Some(c) = window.find("content=") {
            let value = &window[c + 8..];
            page.og_article = flag(value.trim_start_matches(['"', '\'']).starts_with("article"));
            page.og_product = flag(value.trim_start_matches(['"', '\'']).starts_with("product"));
        }
    }
}
