//! Source lines for HTML blocks.
//!
//! The parser does not report positions, so a block's lines are found by
//! searching the source for its words, moving forward through the page:
//! `line_start` is the line of the block's first plain word (ASCII letters
//! and digits only, so character references such as `&amp;` cannot hide it)
//! found after the previous block, and `line_end` the line of its last plain
//! word found shortly after that. A block with no plain word found (all
//! non-ASCII text written as references, say) gets the line where the
//! previous block ended. The search starts at `<body`, so a paragraph
//! repeated in a `<meta>` description is not matched. The result is exact
//! for ordinary markup and approximate, never out of range, otherwise.
//! Searching is bounded: once a few times the source length has been
//! scanned (many unfindable blocks in a huge page), the remaining blocks
//! take the last position, so the locator stays linear.

pub(crate) struct Locator<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    cursor: usize,
    /// Bytes the searches may still scan.
    budget: usize,
}

impl<'a> Locator<'a> {
    pub fn new(src: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1))
            .collect();
        let cursor = src
            .as_bytes()
            .windows(5)
            .position(|w| w.eq_ignore_ascii_case(b"<body"))
            .unwrap_or(0);
        Self {
            src,
            line_starts,
            cursor,
            budget: src.len().saturating_mul(4).saturating_add(1 << 16),
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(line.max(1)).unwrap_or(u32::MAX)
    }

    /// The 1-based source lines a block with this text spans.
    pub fn locate(&mut self, text: &str) -> (u32, u32) {
        // Plain words of three letters or more, walked from both ends
        // without collecting them (this runs once per block).
        let mut words = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 3);
        let here = self.line_of(self.cursor);
        let Some(first) = words
            .clone()
            .find(|w| w.len() >= 5)
            .or_else(|| words.clone().next())
        else {
            return (here, here);
        };
        let last = words.next_back();
        let Some(start) = self.find(first, self.cursor, self.src.len()) else {
            return (here, here);
        };
        let mut end = start + first.len();
        // The last word is looked for only shortly after the first: a
        // one-word block's word recurs far down the page, if at all.
        let reach = end
            .saturating_add(text.len() * 3 + 512)
            .saturating_add(last.map_or(0, str::len));
        if let Some(last) = last
            && let Some(pos) = self.find(last, end, reach)
        {
            end = pos + last.len();
        }
        self.cursor = end;
        (self.line_of(start), self.line_of(end.saturating_sub(1)))
    }

    /// Where `needle` first starts in the source between `from` and `to`.
    fn find(&mut self, needle: &str, from: usize, to: usize) -> Option<usize> {
        let rest = self.src.as_bytes().get(from..to.min(self.src.len()))?;
        let found = if self.budget == 0 {
            None
        } else {
            memchr::memmem::find(rest, needle.as_bytes())
        };
        let scanned = found.map_or(rest.len(), |i| i + needle.len());
        self.budget = self.budget.saturating_sub(scanned);
        found.map(|i| from + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_in_order_with_their_range() {
        let src = "<html><head><meta content=\"Rivers rise fast\"></head>\n<body>\n<p>Rivers rise\nfast tonight</p>\n<p>Second &amp; last</p>\n</body>";
        let mut loc = Locator::new(src);
        assert_eq!(loc.locate("Rivers rise fast tonight"), (3, 4));
        assert_eq!(loc.locate("Second & last"), (5, 5));
    }

    #[test]
    fn unfindable_text_takes_the_previous_position() {
        let mut loc = Locator::new("<body>\n<p>Alpha beta</p>\n<p>&#272;&#7897;</p>");
        assert_eq!(loc.locate("Alpha beta"), (2, 2));
        assert_eq!(loc.locate("Độ"), (2, 2));
        assert_eq!(Locator::new("").locate("x"), (1, 1));
    }

    #[test]
    fn one_word_blocks_do_not_spend_the_budget() {
        // Each one-word block's word recurs only at the end of the page:
        // looking for it again as the block's last word must not scan there.
        let items: String = (0..200).map(|i| format!("<li>Item{i:03}</li>\n")).collect();
        let tail: String = (0..200).map(|i| format!("Item{i:03} ")).collect();
        let src = format!("<body>\n{items}{}\n{tail}", "x".repeat(50_000));
        let mut loc = Locator::new(&src);
        for i in 0..200 {
            let line = u32::try_from(i + 2).unwrap();
            assert_eq!(loc.locate(&format!("Item{i:03}")), (line, line));
        }
    }

    #[test]
    fn searching_stops_when_the_budget_is_spent() {
        let src = format!("<body>\n{}\n<p>Found later</p>", "x".repeat(1000));
        let mut loc = Locator::new(&src);
        loc.budget = 10;
        assert_eq!(loc.locate("Missing words"), (1, 1));
        assert_eq!(loc.locate("Found later"), (1, 1));
    }
}
