//! The DOM walk: one [`RawBlock`] per text-bearing block element, in
//! document order, with the context the rules need (link density, the page
//! furniture containers around it, figure, article).
//!
//! The walk is iterative (open/close edges), so deeply nested markup cannot
//! overflow the stack. Text goes to the innermost open block element; text
//! outside any block (`<div>loose text</div>`) becomes a block of its own,
//! cut at container boundaries, tagged with the container's name.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements whose text is never page text.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
    "button",
];

/// Elements that make a block of their own text.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "figcaption",
    "blockquote",
    "pre",
    "td",
    "th",
    "dt",
    "dd",
    "caption",
    "address",
    "summary",
    "legend",
];

/// Elements that cut loose text into separate blocks.
const CONTAINERS: &[&str] = &[
    "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul",
    "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "form", "fieldset", "details",
    "menu", "br", "hr", "center",
];

/// Hint words in `class`/`id` that mark page furniture.
const HINT_WORDS: &[&str] = &[
    "breadcrumb",
    "sidebar",
    "related",
    "comment",
    "cookie",
    "social",
    "share",
    "footer",
    "header",
    "menu",
    "nav",
];

/// A furniture container around a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Furniture {
    /// Unique per container element in the page.
    pub id: usize,
    /// What gave it away: a hint word, or the element name (`nav`, `aside`).
    pub hint: &'static str,
}

impl Furniture {
    /// Containers that hold lists of links to other articles.
    pub fn is_link_list(&self) -> bool {
        matches!(self.hint, "aside" | "sidebar" | "related")
    }
}

/// One text-bearing block of the page.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawBlock {
    /// Element name; for loose text, the enclosing container's.
    pub tag: String,
    /// Whitespace-collapsed text.
    pub text: String,
    /// Non-whitespace characters of the text, and of those inside links.
    pub chars: usize,
    pub link_chars: usize,
    /// Text of the block's first link.
    pub first_link: Option<String>,
    /// `datetime` of a `<time>` inside the block.
    pub datetime: Option<String>,
    /// Furniture containers around the block, outermost first.
    pub furniture: Vec<Furniture>,
    pub in_figure: bool,
    pub in_article: bool,
}

impl RawBlock {
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }
}

#[derive(Default)]
struct Buffer {
    block: RawBlock,
    raw: String,
}

enum Frame {
    Skip,
    Block,
    Container,
    Other,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<RawBlock>,
    /// Open block buffers, innermost last; index 0 is the loose-text buffer.
    buffers: Vec<Buffer>,
    frames: Vec<(Frame, bool, bool, bool)>,
    furniture: Vec<Furniture>,
    containers: Vec<String>,
    next_id: usize,
    skip: usize,
    article: usize,
    figure: usize,
    link: usize,
    link_text: String,
}

/// Walk the document and return its blocks in reading order.
pub(crate) fn blocks(html: &Html) -> Vec<RawBlock> {
    let mut w = Walker {
        buffers: vec![Buffer::default()],
        ..Walker::default()
    };
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => w.open(e),
                Node::Text(t) => w.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    w.close();
                }
            }
        }
    }
    w.flush_top();
    w.blocks
}

impl Walker {
    fn open(&mut self, e: &Element) {
        let name = e.name();
        let (mut is_article, mut is_figure, mut is_link) = (false, false, false);
        let frame = if self.skip > 0 || SKIP.contains(&name) {
            self.skip += 1;
            Frame::Skip
        } else {
            if let Some(hint) = furniture_hint(e, self.article > 0) {
                self.furniture.push(Furniture {
                    id: self.next_id,
                    hint,
                });
                self.next_id += 1;
            } else {
                // Keep the stack aligned with frames: a marker entry.
                self.furniture.push(Furniture {
                    id: usize::MAX,
                    hint: "",
                });
            }
            if matches!(name, "article" | "main") || e.attr("role") == Some("main") {
                self.article += 1;
                is_article = true;
            }
            if name == "figure" {
                self.figure += 1;
                is_figure = true;
            }
            if name == "a" {
                self.link += 1;
                is_link = true;
                if self.link == 1 {
                    self.link_text.clear();
                }
            }
            if name == "time"
                && let Some(dt) = e.attr("datetime")
                && let Some(top) = self.buffers.last_mut()
                && top.block.datetime.is_none()
            {
                top.block.datetime = Some(dt.trim().to_string());
            }
            if BLOCKS.contains(&name) {
                self.flush_top();
                let block = RawBlock {
                    tag: name.to_string(),
                    ..self.context()
                };
                self.buffers.push(Buffer {
                    block,
                    raw: String::new(),
                });
                Frame::Block
            } else if CONTAINERS.contains(&name) {
                self.flush_top();
                if name == "br" || name == "hr" {
                    Frame::Other
                } else {
                    self.containers.push(name.to_string());
                    Frame::Container
                }
            } else {
                Frame::Other
            }
        };
        self.frames.push((frame, is_article, is_figure, is_link));
    }

    fn close(&mut self) {
        let Some((frame, is_article, is_figure, is_link)) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Skip => {
                self.skip = self.skip.saturating_sub(1);
                return;
            }
            Frame::Block => {
                if self.buffers.len() > 1
                    && let Some(buffer) = self.buffers.pop()
                {
                    self.emit(buffer);
                }
            }
            Frame::Container => {
                self.flush_top();
                self.containers.pop();
            }
            Frame::Other => {}
        }
        if is_link {
            self.link = self.link.saturating_sub(1);
            if self.link == 0 {
                let text = collapse(&self.link_text);
                if let Some(top) = self.buffers.last_mut()
                    && top.block.first_link.is_none()
                    && !text.is_empty()
                {
                    top.block.first_link = Some(text);
                }
            }
        }
        if is_article {
            self.article = self.article.saturating_sub(1);
        }
        if is_figure {
            self.figure = self.figure.saturating_sub(1);
        }
        self.furniture.pop();
    }

    fn text(&mut self, text: &str) {
        if self.skip > 0 {
            return;
        }
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if self.link > 0 {
            self.link_text.push_str(text);
        }
        let loose = self.buffers.len() == 1;
        let context = (loose && chars > 0).then(|| self.context());
        let Some(top) = self.buffers.last_mut() else {
            return;
        };
        if let Some(context) = context
            && top.block.chars == 0
        {
            // Loose text takes the context where it starts.
            let (link_chars, first_link, datetime) = (
                top.block.link_chars,
                top.block.first_link.take(),
                top.block.datetime.take(),
            );
            top.block = RawBlock {
                link_chars,
                first_link,
                datetime,
                ..context
            };
        }
        top.raw.push_str(text);
        top.block.chars += chars;
        if self.link > 0 {
            top.block.link_chars += chars;
        }
    }

    /// The context of a block starting now.
    fn context(&self) -> RawBlock {
        RawBlock {
            tag: self.containers.last().cloned().unwrap_or_default(),
            furniture: self
                .furniture
                .iter()
                .filter(|f| f.id != usize::MAX)
                .copied()
                .collect(),
            in_figure: self.figure > 0,
            in_article: self.article > 0,
            ..RawBlock::default()
        }
    }

    /// Emit what the innermost buffer holds so far and keep it open empty.
    fn flush_top(&mut self) {
        let Some(top) = self.buffers.last_mut() else {
            return;
        };
        let taken = Buffer {
            block: RawBlock {
                text: String::new(),
                chars: 0,
                link_chars: 0,
                first_link: None,
                datetime: None,
                ..top.block.clone()
            },
            raw: String::new(),
        };
        let buffer = std::mem::replace(top, taken);
        self.emit(buffer);
    }

    fn emit(&mut self, mut buffer: Buffer) {
        let text = collapse(&buffer.raw);
        if text.is_empty() {
            return;
        }
        // A block wrapped in a link (`<a><h3>Headline</h3></a>`) is its link.
        if self.link > 0 && buffer.block.first_link.is_none() {
            buffer.block.first_link = Some(text.clone());
        }
        buffer.block.text = text;
        self.blocks.push(buffer.block);
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Is the element page furniture, and what says so? `nav`, `aside` and
/// landmark roles always are; `header`/`footer` only outside an article
/// (inside one they hold its byline); then `class`/`id` hint words.
fn furniture_hint(e: &Element, in_article: bool) -> Option<&'static str> {
    let by_element = match (e.name(), e.attr("role")) {
        ("nav", _) | (_, Some("navigation")) => Some("nav"),
        ("aside", _) | (_, Some("complementary")) => Some("aside"),
        ("header", _) | (_, Some("banner")) if !in_article => Some("header"),
        ("footer", _) | (_, Some("contentinfo")) if !in_article => Some("footer"),
        _ => None,
    };
    if by_element.is_some() {
        return by_element;
    }
    // Page-wide classes (`<body class="has-header">`) say nothing about a block.
    if matches!(e.name(), "html" | "body" | "article" | "main") {
        return None;
    }
    let names = [e.attr("class"), e.attr("id")];
    for token in names
        .iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
    {
        let token = token.to_lowercase();
        for &word in HINT_WORDS {
            if in_article && matches!(word, "header" | "footer") {
                continue;
            }
            // "nav" is short: only as a prefix or suffix (navbar, topnav),
            // so "unavailable" is not a menu.
            let hit = if word == "nav" {
                token.starts_with(word) || token.ends_with(word)
            } else {
                token.contains(word)
            };
            if hit {
                return Some(word);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(html: &str) -> Vec<RawBlock> {
        blocks(&Html::parse_document(html))
    }

    fn texts(html: &str) -> Vec<(String, String)> {
        walk(html).into_iter().map(|b| (b.tag, b.text)).collect()
    }

    #[test]
    fn blocks_in_document_order_without_scripts() {
        let got = texts(
            "<html><head><title>T</title><script>var x=1;</script></head><body>\
             <h1>Flood  warning</h1><p>Rivers <b>rise</b>.</p><style>p{}</style>\
             <ul><li>One</li><li>Two</li></ul><noscript>Enable JS</noscript></body></html>",
        );
        let want = [
            ("h1", "Flood warning"),
            ("p", "Rivers rise."),
            ("li", "One"),
            ("li", "Two"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }

    #[test]
    fn loose_text_and_nested_blocks_each_land_once() {
        let got = texts(
            "<body><div>Loose intro<p>Inner para</p>tail text</div>\
             <blockquote>Quote start<p>quoted para</p></blockquote></body>",
        );
        let want = [
            ("div", "Loose intro"),
            ("p", "Inner para"),
            ("div", "tail text"),
            ("blockquote", "Quote start"),
            ("p", "quoted para"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
    }

    #[test]
    fn records_links_furniture_and_article() {
        let blocks = walk(
            "<body><nav><a href=/>Home</a></nav><article><header>By Lan</header>\
             <p>Text with <a href=/x>a link</a>.</p><figure><figcaption>Cap</figcaption></figure></article>\
             <div class=\"post-related\"><li><a href=/y>Other story</a> <time datetime=\"2024-05-01T08:00:00+07:00\">1 May</time></li></div></body>",
        );
        assert_eq!(blocks[0].furniture[0].hint, "nav");
        assert!(blocks[1].furniture.is_empty() && blocks[1].in_article);
        assert_eq!((blocks[2].link_chars, blocks[2].chars), (5, 14));
        assert!(blocks[3].in_figure);
        let item = &blocks[4];
        assert_eq!(item.furniture[0].hint, "related");
        assert!(item.furniture[0].is_link_list());
        assert_eq!(item.first_link.as_deref(), Some("Other story"));
        assert_eq!(item.datetime.as_deref(), Some("2024-05-01T08:00:00+07:00"));
    }

    #[test]
    fn hint_words_match_whole_parts() {
        let html = "<body><div class=\"unavailable\"><p>Stock note.</p></div><div id=\"topnav\"><p>Menu</p></div></body>";
        let blocks = walk(html);
        assert!(blocks[0].furniture.is_empty());
        assert_eq!(blocks[1].furniture[0].hint, "nav");
    }

    #[test]
    fn page_wide_classes_are_not_furniture() {
        let blocks = walk(
            "<body class=\"has-header sidebar-left\"><article class=\"with-comments\"><p>Story.</p></article></body>",
        );
        assert!(blocks[0].furniture.is_empty());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}<p>deep</p>", "<div>".repeat(20_000));
        let blocks = walk(&html);
        assert_eq!(blocks.last().map(|b| b.text.as_str()), Some("deep"));
    }
}
