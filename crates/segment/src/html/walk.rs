//! The DOM walk: one [`RawBlock`] per text-bearing block element, in
//! document order, with the context the rules need (link density, the page
//! furniture containers around it, figure, article).
//!
//! The walk is iterative (open/close edges), so deeply nested markup cannot
//! overflow the stack. Text goes to the innermost open block element; text
//! outside any block (`<div>loose text</div>`) becomes a block of its own,
//! cut at container boundaries, tagged with the container's name.

use crate::regex_util::static_automaton;
use aho_corasick::AhoCorasick;
use corpus_core::whitespace::non_whitespace_chars;
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};
use std::sync::LazyLock;

/// Elements whose text is never page text (`rt`/`rp`: ruby readings and
/// their fallback parentheses, printed above the text, not in it).
const SKIP: &[&str] = &[
    "head", "script", "style", "template", "svg", "math", "iframe", "object", "select", "button",
    "rt", "rp",
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

/// Hint words in `class`/`id` that mark page furniture. Matched inside a
/// class or id token (`site-footer`, `sharebar`), except the short ones in
/// [`EDGE_WORDS`].
const HINT_WORDS: &[&str] = &[
    "breadcrumb",
    "sidebar",
    "related",
    "comment",
    "cookie",
    "consent",
    "privacy",
    "gdpr",
    "dsgvo",
    "social",
    "share",
    "sharing",
    "footer",
    "header",
    "menu",
    "nav",
    "newsletter",
    "subscri",
    "advert",
    "promo",
    "widget",
    "popup",
    "modal",
    "pagination",
    "tags",
    "banner",
    "byline",
    "author",
    "autor",
    "meta",
    "ad",
    "ads",
    // Boxes around the article that hold prose which is still not its
    // text: rating prompts, licence notes, alerts.
    "rating",
    "vote",
    "copyright",
    "licen",
    "captcha",
    "alert",
    "flyout",
    "crumb",
    "postmeta",
    "bio",
    "pop",
    // Photo captions and credits outside `<figure>`.
    "caption",
    "credit",
];

/// Hint words too short to match inside a longer token: they must be the
/// whole token or its prefix/suffix (`topnav`, `navbar`; `ad`, `ad-slot`
/// but not `header` or `load`).
const EDGE_WORDS: &[&str] = &["nav", "ad", "ads", "meta", "tags", "bio", "pop"];

/// Words that contain a hint word but name something else: a commentary
/// is an opinion piece, not a comment thread.
const NOT_HINTS: &[&str] = &["commentary", "commentaries"];

/// Hints that hold many words of prose which are still not the article:
/// a comment thread, a cookie or privacy notice (a consent manager's
/// pop-up can outweigh a short article), a modal dialog. Such a container
/// stays furniture however much text it has; the others give way to enough
/// prose (`<div class="entry share">` around a whole article).
const HARD_HINTS: &[&str] = &[
    "comment", "cookie", "consent", "privacy", "gdpr", "dsgvo", "popup", "modal",
];

/// A furniture container around a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Furniture {
    /// The container's index in [`Walked::nodes`].
    pub id: usize,
    /// What gave it away: a hint word, or the element name (`nav`, `aside`).
    pub hint: &'static str,
    /// Given by the element or a hard hint: not overruled by prose.
    pub hard: bool,
}

/// A container element (or a hinted element) of the page, in pre-order:
/// a node's parent has a smaller index, its blocks are
/// `first_block..end_block`.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeInfo {
    pub parent: Option<usize>,
    /// `article`/`main`/`role=main`, or a class/id naming the content
    /// (`article-body`, `entry-content`, `story`).
    pub content_hint: bool,
    pub furniture: Option<Furniture>,
    pub first_block: usize,
    pub end_block: usize,
    /// Hash of the element name and `class`: siblings with the same one
    /// are repeated structure (posts, cards, rows).
    pub signature: u64,
}

/// The walk's result: blocks in reading order and their containers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walked {
    pub blocks: Vec<RawBlock>,
    pub nodes: Vec<NodeInfo>,
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
    /// The innermost container around the block, an index into
    /// [`Walked::nodes`].
    pub node: Option<usize>,
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
    frames: Vec<(Frame, bool, bool, bool, bool)>,
    furniture: Vec<Furniture>,
    containers: Vec<String>,
    nodes: Vec<NodeInfo>,
    open_nodes: Vec<usize>,
    skip: usize,
    article: usize,
    figure: usize,
    link: usize,
    link_text: String,
}

/// Walk the document and return its blocks in reading order.
#[cfg(test)]
pub(crate) fn blocks(html: &Html) -> Vec<RawBlock> {
    walk(html).blocks
}

/// Walk the document: its blocks in reading order and their containers.
pub(crate) fn walk(html: &Html) -> Walked {
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
    let end = w.blocks.len();
    for &open in &w.open_nodes {
        if let Some(node) = w.nodes.get_mut(open) {
            node.end_block = end;
        }
    }
    Walked {
        blocks: w.blocks,
        nodes: w.nodes,
    }
}

impl Walker {
    fn open(&mut self, e: &Element) {
        let name = e.name();
        let (mut is_article, mut is_figure, mut is_link) = (false, false, false);
        let mut is_node = false;
        let attrs = Attrs::of(e);
        let frame = if self.skip > 0 || SKIP.contains(&name) || attrs.hidden {
            self.skip += 1;
            Frame::Skip
        } else {
            let hint = furniture_hint(name, &attrs, self.article > 0);
            let container = CONTAINERS.contains(&name) && name != "br" && name != "hr";
            if hint.is_some() || container {
                // Loose text so far belongs before this element (a hinted
                // inline element inside a paragraph does not cut it).
                if container || self.buffers.len() == 1 {
                    self.flush_top();
                }
                let index = self.nodes.len();
                let furniture = hint.map(|(hint, hard)| Furniture {
                    id: index,
                    hint,
                    hard,
                });
                self.nodes.push(NodeInfo {
                    parent: self.open_nodes.last().copied(),
                    content_hint: content_hint(name, &attrs),
                    furniture,
                    first_block: self.blocks.len(),
                    end_block: self.blocks.len(),
                    signature: signature(name, attrs.class),
                });
                self.open_nodes.push(index);
                is_node = true;
                if let Some(f) = furniture {
                    self.furniture.push(f);
                } else {
                    self.furniture.push(MARKER);
                }
            } else {
                // Keep the stack aligned with frames: a marker entry.
                self.furniture.push(MARKER);
            }
            if matches!(name, "article" | "main") || attrs.role == Some("main") {
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
                && let Some(dt) = attrs.datetime
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
        self.frames
            .push((frame, is_article, is_figure, is_link, is_node));
    }

    fn close(&mut self) {
        let Some((frame, is_article, is_figure, is_link, is_node)) = self.frames.pop() else {
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
                let text = super::single_spaced(&self.link_text);
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
        if is_node {
            // Loose text inside belongs to this node, not to what follows.
            if self.buffers.len() == 1 {
                self.flush_top();
            }
            if let Some(index) = self.open_nodes.pop()
                && let Some(node) = self.nodes.get_mut(index)
            {
                node.end_block = self.blocks.len();
            }
        }
        self.furniture.pop();
    }

    fn text(&mut self, text: &str) {
        if self.skip > 0 {
            return;
        }
        let chars = non_whitespace_chars(text);
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
            node: self.open_nodes.last().copied(),
            ..RawBlock::default()
        }
    }

    /// Emit what the innermost buffer holds so far and keep it open empty.
    fn flush_top(&mut self) {
        let Some(top) = self.buffers.last_mut() else {
            return;
        };
        if top.block.chars == 0 {
            // Only whitespace so far (most flushes, between containers):
            // nothing to emit, so reset in place rather than copy.
            top.raw.clear();
            top.block.link_chars = 0;
            top.block.first_link = None;
            top.block.datetime = None;
            return;
        }
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
        let text = super::single_spaced(&buffer.raw);
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

/// The attributes the walk reads, found in one pass over an element's
/// attributes rather than one lookup each.
#[derive(Default)]
struct Attrs<'a> {
    role: Option<&'a str>,
    class: Option<&'a str>,
    id: Option<&'a str>,
    itemprop: Option<&'a str>,
    datetime: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(e: &'a Element) -> Self {
        let mut attrs = Self::default();
        for (name, value) in e.attrs() {
            match name {
                "role" => attrs.role = Some(value),
                "class" => attrs.class = Some(value),
                "id" => attrs.id = Some(value),
                "itemprop" => attrs.itemprop = Some(value),
                "datetime" => attrs.datetime = Some(value),
                "hidden" => attrs.hidden = true,
                _ => {}
            }
        }
        attrs
    }
}

fn signature(name: &str, class: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    name.hash(&mut hasher);
    class.unwrap_or("").trim().hash(&mut hasher);
    hasher.finish()
}

/// Stack entry for an element that is not furniture.
const MARKER: Furniture = Furniture {
    id: usize::MAX,
    hint: "",
    hard: false,
};

/// Is the element page furniture, what says so, and is it hard? `nav`,
/// `aside` and landmark roles always are (hard); `header`/`footer` only
/// outside an article (inside one they hold its byline); then `class`/`id`
/// hint words (soft, but for [`HARD_HINTS`]).
fn furniture_hint(name: &str, attrs: &Attrs, in_article: bool) -> Option<(&'static str, bool)> {
    let by_element = match (name, attrs.role) {
        ("nav", _) | (_, Some("navigation")) => Some("nav"),
        ("aside", _) | (_, Some("complementary")) => Some("aside"),
        ("header", _) | (_, Some("banner")) if !in_article => Some("header"),
        ("footer", _) | (_, Some("contentinfo")) if !in_article => Some("footer"),
        ("noscript", _) => Some("noscript"),
        _ => None,
    };
    if let Some(hint) = by_element {
        // A header or footer may be left open around the whole page (broken
        // markup), and a `noscript` may hold the whole article: soft, so
        // that holding the page's prose overrules them.
        return Some((hint, !matches!(hint, "header" | "footer" | "noscript")));
    }
    // Page-wide classes (`<body class="has-header">`) say nothing about a block.
    if matches!(name, "html" | "body" | "article" | "main") {
        return None;
    }
    let names = [attrs.class, attrs.id];
    for token in names
        .iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| c.is_whitespace()))
    {
        if token.is_ascii() && !holds_hint_word(token) {
            continue;
        }
        // BEM: `block--modifier`; each segment is judged on its own, so
        // `section--has-ads` is a section that has ads beside it.
        let segments: Vec<Vec<String>> = token
            .split("--")
            .map(class_parts)
            .filter(|parts| !is_layout_flag(parts))
            .collect();
        // `article-header`, `card-header`, `header__title`: the head of a
        // piece of content (its title and lead), not the site's header.
        let names_content = segments
            .iter()
            .flatten()
            .any(|p| CONTENT_WORDS.contains(&p.as_str()) || HEADED_THINGS.contains(&p.as_str()));
        for part in segments.iter().flatten().map(String::as_str) {
            if let Some(word) = hint_word_in(part, in_article || names_content) {
                return Some((word, HARD_HINTS.contains(&word)));
            }
        }
    }
    None
}

/// All hint words, searched for in one pass over a class part.
static HINT_FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| static_automaton(HINT_WORDS));

// One bit per hint word in `hint_word_in`.
const _: () = assert!(HINT_WORDS.len() <= 64);

/// Whether an ASCII class or id token holds a hint word anywhere. Its parts
/// are lower-cased pieces of it, so a token without one has no part with
/// one: most tokens are passed over without splitting them into parts.
fn holds_hint_word(token: &str) -> bool {
    if token.bytes().any(|b| b.is_ascii_uppercase()) {
        HINT_FINDER.is_match(&token.to_ascii_lowercase())
    } else {
        HINT_FINDER.is_match(token)
    }
}

/// The first of [`HINT_WORDS`], in list order, that a class part holds:
/// anywhere in it, or for [`EDGE_WORDS`] as the whole part, its prefix (3
/// letters or more) or, for `nav` and `tags`, its suffix. `header` and
/// `footer` are passed over when `heads_content`.
fn hint_word_in(part: &str, heads_content: bool) -> Option<&'static str> {
    if NOT_HINTS.iter().any(|n| part.contains(n)) {
        return None;
    }
    let mut hits = 0u64;
    for m in HINT_FINDER.find_overlapping_iter(part) {
        let index = m.pattern().as_usize();
        let word = HINT_WORDS[index];
        let hit = if heads_content && matches!(word, "header" | "footer") {
            false
        } else if EDGE_WORDS.contains(&word) {
            (m.start() == 0 && (m.end() == part.len() || word.len() >= 3))
                || (matches!(word, "nav" | "tags") && m.end() == part.len())
        } else {
            true
        };
        if hit {
            hits |= 1 << index;
        }
    }
    (hits != 0).then(|| HINT_WORDS[hits.trailing_zeros() as usize])
}

/// Things other than the page whose class may name their own header or
/// footer (`card-header`, `recipe-footer`).
const HEADED_THINGS: &[&str] = &["card", "item", "title", "product", "recipe", "teaser"];

/// `has-comments`, `with-sidebar`, `no-share`: a layout flag, not a part;
/// `modal-enabled`, `sidebar-open`, `element-populated`: a state.
fn is_layout_flag(parts: &[String]) -> bool {
    matches!(
        parts.first().map(String::as_str),
        Some("has" | "with" | "no" | "show" | "hide" | "is")
    ) || matches!(
        parts.last().map(String::as_str),
        Some(
            "enabled"
                | "disabled"
                | "active"
                | "open"
                | "opened"
                | "closed"
                | "visible"
                | "populated"
        )
    )
}

/// The lower-case words of a class or id token, split at punctuation and
/// at camelCase humps: `tagStyle_x1` is `tag style x1`, not a `tags` list.
fn class_parts(token: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut prev_lower = false;
    for c in token.chars() {
        if !c.is_alphanumeric() {
            if !part.is_empty() {
                parts.push(std::mem::take(&mut part));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !part.is_empty() {
            parts.push(std::mem::take(&mut part));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        part.extend(c.to_lowercase());
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

/// Words in `class`/`id` that name the article's container.
const CONTENT_WORDS: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "text", "main",
];

/// Does the element say it holds the content: `article`, `main`,
/// `role=main`, `itemprop=articleBody`, or a content word in its class/id?
fn content_hint(name: &str, attrs: &Attrs) -> bool {
    if matches!(name, "article" | "main")
        || attrs.role == Some("main")
        || attrs.itemprop == Some("articleBody")
    {
        return true;
    }
    [attrs.class, attrs.id]
        .iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| !c.is_alphanumeric()))
        .any(|t| {
            let t = t.to_lowercase();
            CONTENT_WORDS.iter().any(|w| t == *w || t.starts_with(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(html: &str) -> Vec<RawBlock> {
        blocks(&super::super::parse(html))
    }

    fn texts(html: &str) -> Vec<(String, String)> {
        walk(html).into_iter().map(|b| (b.tag, b.text)).collect()
    }

    #[test]
    fn blocks_in_document_order_without_scripts() {
        let got = texts(
            "<html><head><title>T</title><script>var x=1;</script></head><body>\
             <h1>Flood  warning</h1><p>Rivers <b>rise</b>.</p><style>p{}</style>\
             <ul><li>One</li><li>Two</li></ul></body></html>",
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
    fn the_token_prefilter_passes_every_hinted_token() {
        assert!(holds_hint_word("SiteFooter") && holds_hint_word("topNAV"));
        assert!(!holds_hint_word("entry-content") && !holds_hint_word("col-md-8"));
        // A prefilter only: the parts decide (`tag style x1` is no list).
        assert!(holds_hint_word("tagStyle_x1"));
        let blocks = walk("<body><div class=\"tagStyle_x1\"><p>Text.</p></div></body>");
        assert!(blocks[0].furniture.is_empty());
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
