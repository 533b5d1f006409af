//! Body rules: what is left in the article region (after the title, before
//! the first sidebar heading or item that follows the first paragraph).
//!
//! - `prose_line` catches a sentence: ends with `.` `!` `?` `:` `;` `…` and
//!   has three words or more, or is long (20 words) whatever its ending.
//!   `The ministry expects exports to grow by 6% this year.`
//!   Why: article paragraphs are sentences; menus and labels are not.
//! - `subheading` catches a short capitalised line without sentence ending
//!   between two paragraphs: `Exports to the EU recover`. Why: in-article
//!   subheadings sit between prose; they are kept out of the body paragraphs.
//! - `between_body` catches any other line between two paragraphs that is
//!   more than a fragment, such as a list item without a full stop.
//!   `- new inspection lanes at the border gate`. Why: inside the article,
//!   a line is body unless its shape says otherwise.
//! - `short_fragment` catches a one-word line between paragraphs: `Advertisement`.
//! - `outside_body` catches non-prose lines before the first or after the
//!   last paragraph: `Home`, `Share this article`. Why: page furniture
//!   surrounds the article.
//! - `marker_residue` catches a line carrying the dumper's `|` cell separator
//!   or an image marker that no image or caption rule took:
//!   `Home | World | Business`. Why: markers must never reach the body.
//! - `copyright_line` catches a line with `©`: `© 2024 Daily News`.
//! - `after_sidebar_start` catches every unlabelled line once the sidebar
//!   region has begun (footers, contact lines). Why: the article has ended.

use super::line::Line;
use super::{Decision, Labels};
use corpus_core::Label;

pub(crate) const PROSE_RULE: &str = "prose_line";
pub(crate) const SUBHEADING_RULE: &str = "subheading";
pub(crate) const BETWEEN_RULE: &str = "between_body";
pub(crate) const FRAGMENT_RULE: &str = "short_fragment";
pub(crate) const OUTSIDE_RULE: &str = "outside_body";
pub(crate) const MARKER_RESIDUE_RULE: &str = "marker_residue";
pub(crate) const COPYRIGHT_RULE: &str = "copyright_line";
pub(crate) const AFTER_SIDEBAR_RULE: &str = "after_sidebar_start";

/// Words from which a line is prose whatever its ending.
const LONG_LINE_WORDS: usize = 20;

/// Is the line a sentence of article prose?
pub(crate) fn is_prose(line: &Line) -> bool {
    line.is_text()
        && !has_marker_residue(line)
        && !line.text.contains('©')
        && ((line.ends_sentence() && line.words >= 3) || line.words >= LONG_LINE_WORDS)
}

/// A `|` cell separator or an image marker (`![alt](src)`) inside the line.
fn has_marker_residue(line: &Line) -> bool {
    line.has_cell_pipe()
        || line
            .text
            .find("![")
            .is_some_and(|i| line.text[i..].contains("]("))
}

fn is_subheading(line: &Line) -> bool {
    (2..=12).contains(&line.words)
        && line.chars <= 100
        && line.starts_capitalised()
        && !line.ends_sentence()
}

/// The first unlabelled prose line at or after `from`.
pub(crate) fn first_prose(lines: &[Line], labels: &Labels, from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| labels[i].is_none() && is_prose(&lines[i]))
}

/// Label every unlabelled non-blank line at or after `start`; the article
/// region ends before `end`.
pub(crate) fn label(lines: &[Line], labels: &mut Labels, start: usize, end: usize) {
    let end = end.min(lines.len());
    let prose: Vec<usize> = (start..end)
        .filter(|&i| labels[i].is_none() && is_prose(&lines[i]))
        .collect();
    let (first, last) = match (prose.first(), prose.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (usize::MAX, 0),
    };
    for i in start..lines.len() {
        let line = &lines[i];
        if labels[i].is_some() || line.is_blank() {
            continue;
        }
        let (label, rule) = if i >= end {
            (Label::Boilerplate, AFTER_SIDEBAR_RULE)
        } else if line.text.contains('©') {
            (Label::Boilerplate, COPYRIGHT_RULE)
        } else if has_marker_residue(line) {
            (Label::Boilerplate, MARKER_RESIDUE_RULE)
        } else if is_prose(line) {
            (Label::Body, PROSE_RULE)
        } else if i < first || i > last {
            (Label::Boilerplate, OUTSIDE_RULE)
        } else if is_subheading(line) {
            (Label::Heading, SUBHEADING_RULE)
        } else if line.words < 2 && line.chars < 20 {
            (Label::Boilerplate, FRAGMENT_RULE)
        } else {
            (Label::Body, BETWEEN_RULE)
        };
        labels[i] = Some(Decision::new(label, rule));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::line::lines;

    fn run(text: &str, end: usize) -> Vec<Option<&'static str>> {
        let ls = lines(text);
        let mut labels: Labels = vec![None; ls.len()];
        label(&ls, &mut labels, 0, end);
        labels.iter().map(|d| d.as_ref().map(|d| d.rule)).collect()
    }

    #[test]
    fn sentences_are_body() {
        let rules = run(
            "Home\nThe ministry expects exports to grow this year.\nOfficials said so:\n\nShare",
            99,
        );
        assert_eq!(
            rules,
            [
                Some(OUTSIDE_RULE),
                Some(PROSE_RULE),
                Some(PROSE_RULE),
                None,
                Some(OUTSIDE_RULE)
            ]
        );
    }

    #[test]
    fn lines_between_paragraphs() {
        let text = "Rice exports rose sharply in May.\nExports to the EU recover\nBuyers returned after the floods.\n- more inspection lanes at the gate\nAdvertisement\nThe port will expand next year.";
        assert_eq!(
            run(text, 99),
            [
                Some(PROSE_RULE),
                Some(SUBHEADING_RULE),
                Some(PROSE_RULE),
                Some(BETWEEN_RULE),
                Some(FRAGMENT_RULE),
                Some(PROSE_RULE)
            ]
        );
    }

    #[test]
    fn pipes_copyright_and_sidebar_region_are_boilerplate() {
        let text = "Home | World | Business\nA long enough sentence is here.\n© 2024 Daily News. All rights reserved.\nAnother full sentence is here.";
        assert_eq!(
            run(text, 3),
            [
                Some(MARKER_RESIDUE_RULE),
                Some(PROSE_RULE),
                Some(COPYRIGHT_RULE),
                Some(AFTER_SIDEBAR_RULE)
            ]
        );
    }

    #[test]
    fn embedded_markers_never_reach_the_body() {
        assert_eq!(
            run("A sentence with ![](x.png) an image in it.", 99),
            [Some(MARKER_RESIDUE_RULE)]
        );
    }

    #[test]
    fn long_lines_are_prose_without_full_stop() {
        let line = "word ".repeat(25);
        assert_eq!(run(&line, 99), [Some(PROSE_RULE)]);
    }
}
