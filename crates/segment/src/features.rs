//! The features the models read, declared once for training and run time.
//!
//! - [`HtmlBlockFeatures`]: one HTML block in its DOM context, filled by
//!   `html::features`;
//! - [`TextLineFeatures`]: one line of a text dump among its neighbours,
//!   filled by `text::features`;
//! - [`PageFeatures`]: the whole page, for the page-type classifier.
//!
//! Lengths enter as `ln(1 + n)`, shares as 0..1, flags as 0/1, so that one
//! tree split means the same on a short page and a long one. The rules'
//! labels enter as flags (`rule_*`): the rules become evidence, and the
//! model decides.

use crate::model::feature_set;

feature_set! {
    /// One HTML block: its text, its links, its element and containers, the
    /// rules' verdict, its neighbours, and the page around it.
    pub struct HtmlBlockFeatures = "html_block/1" {
        chars, words, ends_sentence, starts_upper, punct_share, digit_share,
        upper_share, mean_word_len, sentences, comma_rate, ends_colon, copyright,
        link_density, link_chars, has_link, link_words,
        tag_p, tag_heading, tag_li, tag_cell, tag_def, tag_pre, tag_quote,
        tag_caption, tag_loose,
        in_article, in_figure, has_time,
        fur_count, fur_hard, fur_active, fur_nav, fur_aside, fur_header,
        fur_footer, fur_comment, fur_related, fur_share, fur_ad, fur_meta,
        fur_notice, fur_caption, fur_noscript,
        depth, content_hints,
        position, blocks_before, blocks_after,
        node_blocks, node_chars, node_link_density, node_same_tag,
        sibling_repeats, ancestor_repeats, repeat_group_chars,
        parent_chars, parent_link_density,
        in_main, in_around, main_distance, main_share, main_chars,
        rule_title, rule_body, rule_heading, rule_caption, rule_related,
        rule_sidebar, rule_timestamp, rule_furniture, rule_outside_main,
        rule_link_dense, rule_short, rule_trimmed, rule_lead,
        prev_chars, prev_link_density, prev_body, next_chars,
        next_link_density, next_body, window_body, window_link_density,
        window_chars, since_heading, prev_heading,
        text_repeats,
        page_blocks, page_chars, page_bytes, page_link_density, json_ld_body,
    }
}

feature_set! {
    /// One non-blank line of a text dump: its shape, the rules' verdict,
    /// the lines around it, and the page.
    pub struct TextLineFeatures = "text_line/1" {
        chars, words, ends_sentence, starts_upper, punct_share, digit_share,
        upper_share, mean_word_len, sentences, comma_rate, ends_colon, copyright,
        image_marker, inline_link, timestamp, cell_pipe, bullet, prose,
        rule_title, rule_body, rule_subheading, rule_caption, rule_image,
        rule_related, rule_sidebar_item, rule_sidebar_heading, rule_timestamp,
        rule_outside, rule_after_sidebar, rule_other,
        position, lines_before, lines_after,
        prev_chars, prev_prose, prev2_prose, next_chars, next_prose, next2_prose,
        prev_timestamp, next_timestamp, blank_before, blank_after,
        window_prose, window_chars, prose_distance, run_prose_chars,
        after_title, text_repeats,
        page_lines, page_prose, page_chars,
    }
}

feature_set! {
    /// A whole page, HTML or text dump, for the page-type classifier.
    pub struct PageFeatures = "page/1" {
        is_html, blocks, chars, bytes, link_density,
        share_li, share_cell, share_heading, share_body, share_sidebar,
        share_short, share_pre, mean_chars, prose_blocks, headings,
        max_repeats, repeat_groups, main_share,
        jl_article, jl_product, jl_forum, jl_collection, jl_service, jl_docs,
        og_article, og_product, price_marks, code_marks, question_marks,
        date_lines,
    }
}

/// The second pass's feature names: a first pass's, then the context's.
pub fn second_pass_names(first: &[&'static str]) -> Vec<&'static str> {
    first
        .iter()
        .chain(ContextFeatures::NAMES)
        .copied()
        .collect()
}

/// The second pass's feature set id, e.g. `html_block/1+context/1`.
pub fn second_pass_id(first: &str) -> String {
    format!("{first}+{}", ContextFeatures::ID)
}

feature_set! {
    /// A block or line among the first pass's scores: its own, its
    /// neighbours', its containers' (four levels, see `context`), the
    /// page's, and the page type. The second pass reads these after the
    /// first pass's features, so that the posts of a thread, the cards of a
    /// listing and the sections of a service page are kept together.
    pub struct ContextFeatures = "context/1" {
        score, prev_score, prev2_score, prev3_score,
        next_score, next2_score, next3_score,
        near_mean, near_max, wide_mean, wide_high,
        g0_mean, g0_high, g0_size, g1_mean, g1_high, g1_size,
        g2_mean, g2_high, g2_size, g3_mean, g3_high, g3_size,
        page_mean, page_high, page_max, above,
        high_before, high_after, high_run,
        type_article, type_forum, type_product, type_collection,
        type_listing, type_documentation, type_service,
    }
}

/// `ln(1 + n)`: lengths and counts on a scale where a split generalises.
pub(crate) fn log(n: usize) -> f32 {
    (n as f32).ln_1p()
}

pub(crate) fn flag(b: bool) -> f32 {
    if b { 1.0 } else { 0.0 }
}

pub(crate) fn share(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        0.0
    } else {
        part as f32 / whole as f32
    }
}

/// A feature struct whose text-shape fields come from a [`TextShape`]
/// (both block and line sets start with them), the rest as given:
/// `with_shape!(TextLineFeatures, TextShape::of(text), { prose: 1.0, ..Default::default() })`.
macro_rules! with_shape {
    ($ty:ident, $shape:expr, { $($rest:tt)* }) => {{
        let shape: $crate::features::TextShape = $shape;
        $ty {
            chars: shape.chars,
            words: shape.words,
            ends_sentence: shape.ends_sentence,
            starts_upper: shape.starts_upper,
            punct_share: shape.punct_share,
            digit_share: shape.digit_share,
            upper_share: shape.upper_share,
            mean_word_len: shape.mean_word_len,
            sentences: shape.sentences,
            comma_rate: shape.comma_rate,
            ends_colon: shape.ends_colon,
            copyright: shape.copyright,
            $($rest)*
        }
    }};
}
pub(crate) use with_shape;

/// How a piece of text reads, in ways that hold across languages:
/// punctuation, digits, capitals, word and sentence lengths.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextShape {
    pub chars: f32,
    pub words: f32,
    pub ends_sentence: f32,
    pub starts_upper: f32,
    pub punct_share: f32,
    pub digit_share: f32,
    pub upper_share: f32,
    pub mean_word_len: f32,
    pub sentences: f32,
    pub comma_rate: f32,
    pub ends_colon: f32,
    pub copyright: f32,
}

/// Scripts written without spaces count one word per two characters.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F)
}

impl TextShape {
    pub fn of(text: &str) -> Self {
        let (mut chars, mut punct, mut digits, mut letters, mut upper) = (0, 0, 0, 0, 0);
        let (mut commas, mut stops, mut unspaced) = (0, 0, 0);
        let mut prev_stop = false;
        for c in text.chars() {
            if c.is_whitespace() {
                if prev_stop {
                    stops += 1;
                }
                prev_stop = false;
                continue;
            }
            chars += 1;
            prev_stop = false;
            if c.is_alphabetic() {
                letters += 1;
                upper += usize::from(c.is_uppercase());
                unspaced += usize::from(is_unspaced(c));
            } else if c.is_numeric() {
                digits += 1;
            } else {
                punct += 1;
                match c {
                    ',' | '،' | '、' | '，' => commas += 1,
                    '.' | '!' | '?' | '。' | '！' | '？' => prev_stop = true,
                    _ => {}
                }
            }
            if matches!(c, '。' | '！' | '？') {
                stops += 1;
                prev_stop = false;
            }
        }
        let words = text.split_whitespace().count().max(unspaced / 2);
        let last = text
            .trim_end()
            .chars()
            .rev()
            .find(|c| !matches!(c, '"' | '\'' | '’' | '”' | '»' | ')' | ']' | '*'));
        let first = text
            .chars()
            .find(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '‘' | '«' | '('));
        Self {
            chars: log(chars),
            words: log(words),
            ends_sentence: flag(matches!(
                last,
                Some('.' | '!' | '?' | '…' | ';' | '。' | '！' | '？' | '；')
            )),
            starts_upper: flag(first.is_some_and(|c| c.is_uppercase() || c.is_numeric())),
            punct_share: share(punct, chars),
            digit_share: share(digits, chars),
            upper_share: share(upper, letters),
            mean_word_len: if words == 0 {
                0.0
            } else {
                (letters + digits) as f32 / words as f32
            },
            sentences: log(stops + usize::from(matches!(last, Some('.' | '!' | '?')))),
            comma_rate: share(commas, words),
            ends_colon: flag(matches!(last, Some(':' | '：'))),
            copyright: flag(text.contains('©')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_match_values() {
        for (names, len) in [
            (
                HtmlBlockFeatures::NAMES,
                HtmlBlockFeatures::default().values().len(),
            ),
            (
                TextLineFeatures::NAMES,
                TextLineFeatures::default().values().len(),
            ),
            (PageFeatures::NAMES, PageFeatures::default().values().len()),
            (
                ContextFeatures::NAMES,
                ContextFeatures::default().values().len(),
            ),
        ] {
            assert_eq!(names.len(), len);
            let mut sorted = names.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len());
        }
    }

    #[test]
    fn shapes_of_prose_and_of_a_menu() {
        let prose =
            TextShape::of("The port handled more cargo this year, officials said. Trade grew.");
        assert_eq!(prose.ends_sentence, 1.0);
        assert!(prose.sentences >= log(2) && prose.comma_rate > 0.0);
        let menu = TextShape::of("HOME");
        assert_eq!((menu.ends_sentence, menu.upper_share), (0.0, 1.0));
        let cjk = TextShape::of("港口今年处理的货物更多。");
        assert!(cjk.words >= log(5) && cjk.ends_sentence == 1.0);
    }
}
