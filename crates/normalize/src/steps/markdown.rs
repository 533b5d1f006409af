//! Remove inline markdown residue that scrapers leave in text dumps.
//!
//! **What it catches:**
//! - links `[text](url)` and `[text](url "title")`, which become `text`;
//! - images `![alt](url)`, and images inside links `[![alt](img)](url)`,
//!   which become a bare marker `![]()`;
//! - strong emphasis `**x**` and `__x__`, which becomes `x`.
//!
//! **What it leaves, on purpose:** line-level structure belongs to the
//! segmenter, which reads it as signal: an image marker line `![]() |`, a
//! caption line ending in ` |`, table-cell pipes ` | `, headings. Those are
//! stripped from body and caption text by segmentation, not here. An image
//! is reduced to `![]()`, not removed, so the segmenter still sees that an
//! image stood there. Single `*x*` and `_x_` are left: in news text they
//! are far more often maths (`a*b*c`), footnote stars or snake_case than
//! emphasis. Emphasis must stand at word edges (`2**3**4` and
//! `snake__case__name` stay), and `__x__` needs a space or a non-ASCII
//! letter inside, so `__init__` stays too.
//!
//! **Why:** a link's URL and the emphasis stars are not words of the
//! article; left in, they make a re-scrape with different link targets look
//! different to deduplication.
//!
//! The step works inside lines and never adds or removes a line end.
//!
//! **Example:** `"Xem **thêm** [bài viết](https://x.vn/a) ![ảnh](a.jpg)"`
//! becomes `"Xem thêm bài viết ![]()"`.

use regex::{Captures, Regex};
use std::sync::LazyLock;

#[allow(clippy::expect_used)]
fn static_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the crate's own regex pattern compiles")
}

/// `[![alt](img)](url)` and `![alt](url)`, but not an already bare `![]()`.
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r#"\[!\[[^\[\]\n]*\]\([^()\n]*\)\]\([^()\s]*(?:\s+"[^"\n]*")?\)|!\[[^\[\]\n]*\]\([^()\n]*\)"#,
    )
});

/// `[text](url)` or `[text](url "title")`, not preceded by `!`.
static LINK: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r#"(^|[^!])\[([^\[\]\n]*)\]\([^()\s]*(?:\s+"[^"\n]*")?\)"#));

/// `**x**` at word edges.
static STARS: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"(^|[^\w*])\*\*([^\s*](?:[^*\n]*[^\s*])?)\*\*($|[^\w*])"));

/// `__x__` at word edges.
static UNDERSCORES: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"(^|[^\w])__([^\s_](?:[^_\n]*[^\s_])?)__($|[^\w])"));

const MARKER: &str = "![]()";

fn pass(text: &str) -> Option<String> {
    let out = IMAGE.replace_all(text, regex::NoExpand(MARKER));
    let out = LINK.replace_all(&out, "$1$2").into_owned();
    let out = STARS.replace_all(&out, "$1$2$3").into_owned();
    let out = UNDERSCORES.replace_all(&out, |caps: &Captures| {
        let inner = &caps[2];
        if inner.contains(' ') || !inner.is_ascii() {
            format!("{}{}{}", &caps[1], inner, &caps[3])
        } else {
            caps[0].to_string()
        }
    });
    (out != text).then(|| out.into_owned())
}

/// Remove inline markdown residue from `text` in place, repeating while
/// something changes (a link inside a link); returns whether it changed.
pub fn strip_markdown(text: &mut String) -> bool {
    if !text.contains(['[', '*', '_']) {
        return false;
    }
    let mut changed = false;
    // Each pass shortens the text, so this ends; the bound is a backstop.
    for _ in 0..16 {
        match pass(text) {
            Some(stripped) => {
                *text = stripped;
                changed = true;
            }
            None => break,
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(text: &str) -> String {
        let mut text = text.to_string();
        strip_markdown(&mut text);
        text
    }

    #[test]
    fn links_images_and_strong_emphasis_are_stripped() {
        assert_eq!(
            strip("Xem **thêm** [bài viết](https://x.vn/a) ![ảnh](a.jpg)"),
            "Xem thêm bài viết ![]()"
        );
        assert_eq!(strip("[![logo](l.png)](https://x.vn)"), "![]()");
        assert_eq!(strip(r#"[Tin](https://x.vn "Trang chủ") mới"#), "Tin mới");
        assert_eq!(strip("__Quan trọng__: đọc"), "Quan trọng: đọc");
        assert_eq!(strip("[[a](u)](v)"), "a");
    }

    #[test]
    fn line_structure_the_segmenter_reads_is_kept() {
        for text in [
            "![]() |",
            "![]() | Rice prices rise |",
            "A caption |",
            "Cell | cell | cell",
            "# Heading",
        ] {
            assert_eq!(strip(text), text);
        }
        let page = "Title\n![](x.jpg) |\nCaption |\n\nBody [link](u).\n";
        let out = strip(page);
        assert_eq!(out, "Title\n![]() |\nCaption |\n\nBody link.\n");
        assert_eq!(out.lines().count(), page.lines().count());
    }

    #[test]
    fn maths_snake_case_and_dunders_are_not_emphasis() {
        for text in [
            "2**3**4",
            "a*b*c",
            "snake__case__name",
            "__init__",
            "** x **",
            "file_name_here",
        ] {
            assert_eq!(strip(text), text);
        }
    }
}
