//! Pages: an article, possibly edited, with a sidebar, rendered as a text
//! dump in the seed format or as an HTML page.

use crate::prose::{self, Article, CATEGORIES};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// How a page relates to its article's original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The first page of an article.
    Original,
    /// The same bytes under another name: a syndicated URL.
    Exact,
    /// The same article scraped again: new sidebar, same title and body.
    Rescrape,
    /// One body word replaced by another (a corrected typo), new sidebar.
    WordChanged,
    /// One paragraph inserted (an update), new sidebar.
    ParagraphAdded,
    /// One paragraph removed, new sidebar.
    ParagraphRemoved,
}

impl Variant {
    /// The variants a copy can be, in the order the plan draws them.
    pub const COPIES: [Variant; 5] = [
        Variant::Exact,
        Variant::Rescrape,
        Variant::WordChanged,
        Variant::ParagraphAdded,
        Variant::ParagraphRemoved,
    ];
}

/// Everything that decides one page's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSpec {
    pub article: u64,
    /// 0 for the original, then 1, 2… for its copies.
    pub copy: u32,
    pub variant: Variant,
    pub html: bool,
}

/// The page's contents: title, body with captions, sidebar.
struct Page {
    article: Article,
    sidebar: Vec<(&'static str, Vec<SidebarItem>)>,
}

struct SidebarItem {
    headline: String,
    time: String,
    category: &'static str,
}

/// Sidebar headlines come from a pool shared by the whole corpus, so the
/// same lines recur on many pages, as on a real site.
const HEADLINE_POOL: u64 = 400;

const SECTIONS: &[&str] = &["Related News", "Latest News", "More News", "Most Read"];

/// Render the page `spec` of the corpus made with `seed`.
pub fn render(seed: u64, spec: &PageSpec) -> String {
    let page = build(seed, spec);
    if spec.html {
        html(&page, spec)
    } else {
        text(&page)
    }
}

/// [`render`], and the page's body as the truth: its paragraphs, in order
/// (no title, captions or sidebar). Training aligns each line with it.
pub fn render_with_body(seed: u64, spec: &PageSpec) -> (String, Vec<String>) {
    let page = build(seed, spec);
    let rendered = if spec.html {
        html(&page, spec)
    } else {
        text(&page)
    };
    (rendered, page.article.paragraphs)
}

fn build(seed: u64, spec: &PageSpec) -> Page {
    let mut article = Article::new(seed, spec.article);
    let mut rng = Rng::new(&[seed, 4, spec.article, u64::from(spec.copy)]);
    match spec.variant {
        Variant::Original | Variant::Exact | Variant::Rescrape => {}
        Variant::WordChanged => {
            let p = rng.below(article.paragraphs.len());
            if let Some(paragraph) = article.paragraphs.get_mut(p) {
                let mut words: Vec<&str> = paragraph.split(' ').collect();
                let w = rng.below(words.len());
                let replacement = *rng.pick(REPLACEMENTS);
                if let Some(word) = words.get_mut(w) {
                    *word = if *word == replacement {
                        "updated"
                    } else {
                        replacement
                    };
                }
                *paragraph = words.join(" ");
            }
        }
        Variant::ParagraphAdded => {
            let at = rng.below(article.paragraphs.len() + 1);
            let new = prose::paragraph(&mut rng);
            article.paragraphs.insert(at, new);
        }
        Variant::ParagraphRemoved => {
            let at = rng.below(article.paragraphs.len());
            article.paragraphs.remove(at);
            let last = article.paragraphs.len().saturating_sub(1);
            for after in &mut article.caption_after {
                *after = (*after).min(last);
            }
        }
    }
    // An exact copy keeps the original's sidebar; every other copy was
    // scraped at another time and shows another one.
    let version = match spec.variant {
        Variant::Original | Variant::Exact => 0,
        _ => u64::from(spec.copy),
    };
    let sidebar = sidebar(seed, spec.article, version);
    Page { article, sidebar }
}

fn sidebar(seed: u64, article: u64, version: u64) -> Vec<(&'static str, Vec<SidebarItem>)> {
    let mut rng = Rng::new(&[seed, 3, article, version]);
    let sections = rng.between(1, SECTIONS.len());
    let start = rng.below(SECTIONS.len());
    (0..sections)
        .map(|s| {
            let name = SECTIONS[(start + s) % SECTIONS.len()];
            let items = (0..rng.between(3, 5))
                .map(|_| {
                    let pick = rng.below(HEADLINE_POOL as usize) as u64;
                    let headline = prose::headline(&mut Rng::new(&[seed, 2, pick]));
                    let time = format!(
                        "{:02}:{:02} | {:02}/{:02}/{}",
                        rng.below(24),
                        rng.below(60),
                        rng.between(1, 28),
                        rng.between(1, 12),
                        rng.between(2021, 2025)
                    );
                    SidebarItem {
                        headline,
                        time,
                        category: rng.pick::<&str>(CATEGORIES),
                    }
                })
                .collect();
            (name, items)
        })
        .collect()
}

/// The seed text format: title line, `![]() |` image lines with `Caption.
/// Photo: NAME |`, one paragraph per line, then sidebar sections of
/// headline and `HH:MM | DD/MM/YYYY Category` pairs separated by blank lines.
fn text(page: &Page) -> String {
    let a = &page.article;
    let mut out = String::with_capacity(8192);
    out.push_str(&a.title);
    out.push('\n');
    for (i, paragraph) in a.paragraphs.iter().enumerate() {
        for (caption, _) in a
            .captions
            .iter()
            .zip(&a.caption_after)
            .filter(|(_, at)| **at == i)
        {
            let _ = write!(out, "![]() |\n{caption} |\n");
        }
        out.push_str(paragraph);
        out.push('\n');
    }
    for (section, items) in &page.sidebar {
        let _ = writeln!(out, "{section}");
        for item in items {
            let _ = write!(
                out,
                "\n{}\n{} {}\n",
                item.headline, item.time, item.category
            );
        }
    }
    out
}

fn slug(headline: &str) -> String {
    let mut slug: String = headline
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.truncate(60);
    slug
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A plausible news page: navigation, the article (`h1`, `p`, `figure` with
/// `figcaption`), an `aside` of related lists, a footer.
fn html(page: &Page, spec: &PageSpec) -> String {
    let a = &page.article;
    let mut out = String::with_capacity(12288);
    let title = escape(&a.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} | Customs News</title>\n\
         <link rel=\"stylesheet\" href=\"/static/site.css\">\n</head>\n<body>\n\
         <header class=\"site-header\">\n<nav class=\"menu\"><ul>\n"
    );
    for category in CATEGORIES.iter().take(6) {
        let _ = writeln!(
            out,
            "<li><a href=\"/{}/\">{category}</a></li>",
            slug(category)
        );
    }
    let _ = write!(
        out,
        "</ul></nav>\n</header>\n<main>\n<article class=\"article-detail\">\n\
         <h1 class=\"article-title\">{title}</h1>\n\
         <p class=\"article-category\"><a href=\"/{}/\">{}</a></p>\n",
        slug(a.category),
        a.category
    );
    for (i, paragraph) in a.paragraphs.iter().enumerate() {
        for (n, (caption, _)) in a
            .captions
            .iter()
            .zip(&a.caption_after)
            .filter(|(_, at)| **at == i)
            .enumerate()
        {
            let _ = write!(
                out,
                "<figure class=\"image\">\n<img src=\"/images/{}-{n}.jpg\" alt=\"\">\n\
                 <figcaption>{}</figcaption>\n</figure>\n",
                spec.article,
                escape(caption)
            );
        }
        let _ = writeln!(out, "<p>{}</p>", escape(paragraph));
    }
    out.push_str("</article>\n<aside class=\"sidebar\">\n");
    for (section, items) in &page.sidebar {
        let _ = write!(out, "<section>\n<h2>{section}</h2>\n<ul>\n");
        for item in items {
            let _ = writeln!(
                out,
                "<li><a href=\"/news/{}.html\">{}</a> <span class=\"time\">{}</span> \
                 <span class=\"category\">{}</span></li>",
                slug(&item.headline),
                escape(&item.headline),
                item.time,
                item.category
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str(
        "</aside>\n</main>\n<footer class=\"site-footer\">\n\
         <p>Customs News, the online newspaper of the customs sector.</p>\n\
         <p>Editor in chief: Nguyen Van Tien. Licence 123/GP-BTTTT.</p>\n\
         <p>Copyright reserved. Reproduction only with the source cited.</p>\n\
         </footer>\n</body>\n</html>\n",
    );
    out
}

/// Words a corrected typo can become.
const REPLACEMENTS: &[&str] = &[
    "revised", "earlier", "larger", "smaller", "further", "several", "official", "initial",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(variant: Variant, copy: u32, html: bool) -> PageSpec {
        PageSpec {
            article: 3,
            copy,
            variant,
            html,
        }
    }

    #[test]
    fn exact_copies_are_byte_identical_and_rescrapes_are_not() {
        let original = render(9, &spec(Variant::Original, 0, false));
        assert_eq!(original, render(9, &spec(Variant::Exact, 1, false)));
        let rescrape = render(9, &spec(Variant::Rescrape, 2, false));
        assert_ne!(original, rescrape);
        let body = |s: &str| s.lines().take(6).collect::<Vec<_>>().join("\n");
        assert_eq!(body(&original), body(&rescrape));
    }

    #[test]
    fn edits_change_the_body() {
        let original = build(9, &spec(Variant::Original, 0, false)).article;
        let changed = build(9, &spec(Variant::WordChanged, 1, false)).article;
        let added = build(9, &spec(Variant::ParagraphAdded, 2, false)).article;
        let removed = build(9, &spec(Variant::ParagraphRemoved, 3, false)).article;
        assert_eq!(changed.paragraphs.len(), original.paragraphs.len());
        assert_ne!(changed.paragraphs, original.paragraphs);
        assert_eq!(added.paragraphs.len(), original.paragraphs.len() + 1);
        assert_eq!(removed.paragraphs.len(), original.paragraphs.len() - 1);
    }

    #[test]
    fn html_has_the_article_and_an_aside() {
        let page = render(9, &spec(Variant::Original, 0, true));
        assert!(page.contains("<article") && page.contains("<aside"));
        assert!(page.contains("<figcaption>") && page.contains("<h1"));
    }
}
