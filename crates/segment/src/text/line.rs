//! Line features: each line's shape is decided once, here, and every rule
//! reads these features instead of re-parsing the text.

use super::{image, timestamp};
use chrono::NaiveDateTime;

/// One line of a text dump with its shape and a few measurements.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// 1-based line number in `doc.text`.
    pub number: u32,
    /// The line, trimmed.
    pub text: &'a str,
    pub shape: Shape,
    /// Whitespace-separated words.
    pub words: usize,
    /// Unicode scalar values.
    pub chars: usize,
}

/// What a line looks like, before any neighbour is considered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Blank,
    /// An image marker on its own: `![]() |`.
    ImageMarker,
    /// An image-link card with a headline: `![]() | Headline |`.
    InlineLink(String),
    /// A date line such as `08:00 | 26/11/2023 Economy`.
    Timestamp(Stamp),
    /// Anything else.
    Text,
}

/// A parsed timestamp line: local time (zone not yet applied) and the
/// category printed after it, if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stamp {
    pub local: NaiveDateTime,
    pub category: Option<String>,
}

impl<'a> Line<'a> {
    /// Classify line `index` (0-based) of a document.
    pub fn new(index: usize, raw: &'a str) -> Self {
        let text = raw.trim();
        let shape = if text.is_empty() {
            Shape::Blank
        } else if let Some(marker) = image::parse_marker(text) {
            match marker {
                Some(headline) => Shape::InlineLink(headline),
                None => Shape::ImageMarker,
            }
        } else if let Some(stamp) = timestamp::parse(text) {
            Shape::Timestamp(stamp)
        } else {
            Shape::Text
        };
        Self {
            number: u32::try_from(index).map_or(u32::MAX, |i| i.saturating_add(1)),
            text,
            shape,
            words: word_count(text),
            chars: text.chars().count(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.shape == Shape::Blank
    }

    pub fn is_text(&self) -> bool {
        self.shape == Shape::Text
    }

    pub fn is_timestamp(&self) -> bool {
        matches!(self.shape, Shape::Timestamp(_))
    }

    /// The last character that is not a closing quote or bracket: `said.”`
    /// ends a sentence as much as `said.` does.
    fn last_significant(&self) -> Option<char> {
        self.text
            .chars()
            .rev()
            .find(|c| !matches!(c, '"' | '\'' | '’' | '”' | '»' | ')' | ']' | '*'))
    }

    /// Ends like a sentence: `.`, `!`, `?`, `…`, `:` or `;` (also the
    /// full-width forms), possibly followed by closing quotes.
    pub fn ends_sentence(&self) -> bool {
        matches!(
            self.last_significant(),
            Some('.' | '!' | '?' | '…' | ':' | ';' | '。' | '！' | '？' | '：' | '；')
        )
    }

    /// Ends with a full stop (not an ellipsis written as `...`).
    pub fn ends_with_period(&self) -> bool {
        matches!(self.last_significant(), Some('.' | '。')) && !self.text.ends_with("...")
    }

    /// Carries the `|` cell separator the dumper puts after markers and
    /// captions: a trailing `|` or a ` | ` between parts.
    pub fn has_cell_pipe(&self) -> bool {
        self.text.ends_with('|') || self.text.contains(" | ")
    }

    /// Starts with an uppercase letter or a digit (headings and headlines do).
    pub fn starts_capitalised(&self) -> bool {
        self.text
            .chars()
            .find(|c| !matches!(c, '"' | '\'' | '“' | '‘' | '«' | '('))
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    }
}

/// Whitespace-separated words; text in scripts written without spaces
/// (Chinese, Japanese, Thai) counts one word per two such characters.
fn word_count(text: &str) -> usize {
    let spaced = text.split_whitespace().count();
    let unspaced = text
        .chars()
        .filter(|c| {
            matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F)
        })
        .count();
    spaced.max(unspaced / 2)
}

/// Split a text into classified lines, numbered from 1.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| Line::new(i, raw))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_decided_once() {
        let ls = lines(
            "Floods close mountain pass\n\n![]() |\n![]() | Rice prices rise |\n07:30 | 02/03/2024 Weather\nRain continues.",
        );
        let shapes: Vec<_> = ls.iter().map(|l| l.shape.clone()).collect();
        assert_eq!(shapes[0], Shape::Text);
        assert_eq!(shapes[1], Shape::Blank);
        assert_eq!(shapes[2], Shape::ImageMarker);
        assert_eq!(shapes[3], Shape::InlineLink("Rice prices rise".into()));
        assert!(matches!(shapes[4], Shape::Timestamp(_)));
        assert_eq!(ls[5].number, 6);
    }

    #[test]
    fn sentence_endings_look_through_closing_quotes() {
        let l = Line::new(0, "“We will finish the road this year,” he said.”");
        assert!(l.ends_sentence() && l.ends_with_period());
        let l = Line::new(0, "The plan has three steps:");
        assert!(l.ends_sentence() && !l.ends_with_period());
        let l = Line::new(0, "Market watch");
        assert!(!l.ends_sentence());
        assert!(!Line::new(0, "Wait for it...").ends_with_period());
    }

    #[test]
    fn measures_words_and_chars() {
        let l = Line::new(0, "  Hà Nội hosts fair  ");
        assert_eq!((l.words, l.chars, l.text), (4, 17, "Hà Nội hosts fair"));
        assert!(l.starts_capitalised());
        assert!(!Line::new(0, "and then").starts_capitalised());
    }
}
