//! Rule `first_line_title`: the page title is the first non-blank line when it
//! looks like a headline.
//!
//! **Catches** `Farmers in the delta switch to drought-resistant rice` on
//! line 1. **Why** text dumps start with the page's `<h1>`; a first line that
//! is long, ends with a full stop, is a marker, a date or carries the dumper's
//! `|` is something else (a lead paragraph, a menu residue), and then the page
//! has no title rather than a wrong one.

use super::line::Line;

pub(crate) const RULE: &str = "first_line_title";

/// Longest line still taken for a title.
const MAX_CHARS: usize = 250;
const MAX_WORDS: usize = 40;

/// Index of the title line, if the first non-blank line is one.
pub(crate) fn find(lines: &[Line]) -> Option<usize> {
    let (index, line) = lines.iter().enumerate().find(|(_, l)| !l.is_blank())?;
    let headline_like = line.is_text()
        && line.chars <= MAX_CHARS
        && line.words <= MAX_WORDS
        && !line.ends_with_period()
        && !line.has_cell_pipe();
    headline_like.then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::line::lines;

    #[test]
    fn first_non_blank_headline_is_the_title() {
        assert_eq!(
            find(&lines("\n\nCoastal towns brace for storm\nBody text here.")),
            Some(2)
        );
        assert_eq!(find(&lines("Will fuel prices fall again?\nBody.")), Some(0));
    }

    #[test]
    fn sentences_markers_and_dates_are_not_titles() {
        assert_eq!(
            find(&lines("The storm made landfall on Tuesday night.\nMore.")),
            None
        );
        assert_eq!(find(&lines("![]() |\nA caption |")), None);
        assert_eq!(find(&lines("08:00 | 01/02/2024 News")), None);
        assert_eq!(find(&lines("Home | World | Business")), None);
        assert_eq!(find(&lines("\n \n")), None);
        let long = "word ".repeat(60);
        assert_eq!(find(&lines(&long)), None);
    }
}
