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
//! - `heading_without_text` catches a subheading shape not followed by
//!   prose (past images): `Read more`, the title of a teaser list.
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
//! - `cell_prose` catches a line of table cells or image markers whose text,
//!   markers stripped, is prose: `The fund grew 4% in May. | ` → body
//!   `The fund grew 4% in May.`
//! - Before all of these, the article span: the densest run of prose (prose
//!   characters less an offset per prose line and a cost per other line,
//!   maximum-sum subarray);
//!   lines outside it are `outside_body` even when they are sentences
//!   (cookie notices, footer blurbs, comments after a link list).
//! - `weak_tail` catches the span's last groups of prose (split off by two
//!   or more other lines) once one has no paragraph of 250 characters:
//!   `Share this:` / `Facebook` / `Did you like this article? Tell us.`
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
pub(crate) const CELL_PROSE_RULE: &str = "cell_prose";
pub(crate) const HEADING_WITHOUT_TEXT_RULE: &str = "heading_without_text";
pub(crate) const COPYRIGHT_RULE: &str = "copyright_line";
pub(crate) const AFTER_SIDEBAR_RULE: &str = "after_sidebar_start";
pub(crate) const WEAK_TAIL_RULE: &str = "weak_tail";

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

/// What a line that is not prose costs the article span, in characters of
/// prose: a menu entry, a share button, a date; multiplied by its rank in a
/// run of such lines.
const FURNITURE_COST: isize = 20;

/// The rank stops growing here: past it each line of a long run costs the
/// same, so a list inside an article does not cut off the text before it.
const MAX_RUN_RANK: isize = 6;

/// A prose line adds its characters less this to the article span: a short
/// sentence among menu lines (`Sign up for our newsletter!`) adds next to
/// nothing, a paragraph adds much.
const PROSE_LINE_OFFSET: isize = 50;

/// A second dense run of prose joins the article when it scores this share
/// of the densest (an article split by a long list or a picture gallery).
const SECOND_SPAN_SHARE: f32 = 0.10;

/// Lines (other than pictures and captions) between two prose lines that
/// split the article span into separate groups of paragraphs.
const GROUP_GAP_LINES: usize = 2;

/// A group of prose after the main one stays in the article only if one of
/// its lines is at least this long: a real paragraph. Author notes, share
/// prompts, newsletter blurbs and comment forms come in short sentences.
const STRONG_PARAGRAPH_CHARS: usize = 250;

/// The densest spans of prose in `start..end`: the run of lines whose prose
/// characters, less the cost of the other text lines, sum highest
/// (maximum-sum subarray, linear). Menus, cookie notices and footers full of
/// short lines fall outside it even when a sentence sits among them.
fn densest_spans(lines: &[Line], labels: &Labels, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut spans: Vec<(isize, usize, usize)> = Vec::new();
    let mut current: Option<(isize, usize, usize)> = None;
    let (mut sum, mut from) = (0isize, start);
    // Consecutive lines that are not prose: the k-th costs k times the
    // base, so a lone line between paragraphs is cheap and a menu is not.
    let mut run = 0isize;
    for i in start..end {
        let line = &lines[i];
        // `Some(weight)`: not prose, costs base × rank in the run / weight.
        let (value, weight) = match &labels[i] {
            _ if line.is_blank() => (0, None),
            Some(d) if matches!(d.label, Label::Image | Label::Caption | Label::Title) => (0, None),
            Some(_) => (0, Some(1)),
            None if is_prose(line) || cleaned_prose(line).is_some() => {
                run = 0;
                let chars = isize::try_from(line.chars).unwrap_or(isize::MAX);
                ((chars - PROSE_LINE_OFFSET).max(1), None)
            }
            // A longer line without sentence ending (a list item, a spec
            // line) costs less.
            None if line.words >= 6 => (0, Some(4)),
            None => (0, Some(1)),
        };
        let value = match weight {
            Some(weight) => {
                run += 1;
                value - FURNITURE_COST * run.min(MAX_RUN_RANK) / weight
            }
            None => value,
        };
        if sum <= 0 {
            if let Some(run_best) = current.take() {
                spans.push(run_best);
            }
            sum = 0;
            from = i;
        }
        sum = sum.saturating_add(value);
        if value > 0 && current.is_none_or(|(b, _, _)| sum > b) {
            current = Some((sum, from, i));
        }
    }
    spans.extend(current);
    let best = spans.iter().map(|s| s.0).max().unwrap_or(0);
    spans
        .into_iter()
        .filter(|s| s.0 as f32 >= SECOND_SPAN_SHARE * best as f32)
        .map(|(_, a, b)| (a, b))
        .collect()
}

/// The prose lines of the article span without its weak tail: the span is
/// cut into groups of paragraphs where two or more other lines come between;
/// after the group with the most prose, groups are kept while each holds a
/// long paragraph. Why: after the article come share prompts, author notes,
/// newsletter forms and teasers, separated by buttons and links and written
/// in short sentences, which the span alone takes in.
fn without_weak_tail(lines: &[Line], labels: &Labels, prose: &[usize]) -> Vec<usize> {
    let Some(&first) = prose.first() else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<usize>> = vec![vec![first]];
    for pair in prose.windows(2) {
        let between = (pair[0] + 1..pair[1])
            .filter(|&j| {
                !lines[j].is_blank()
                    && !labels[j]
                        .as_ref()
                        .is_some_and(|d| matches!(d.label, Label::Image | Label::Caption))
            })
            .count();
        if between >= GROUP_GAP_LINES {
            groups.push(Vec::new());
        }
        if let Some(group) = groups.last_mut() {
            group.push(pair[1]);
        }
    }
    let prose_chars = |g: &[usize]| g.iter().map(|&i| lines[i].chars).sum::<usize>();
    let has_paragraph = |g: &[usize]| g.iter().any(|&i| lines[i].chars >= STRONG_PARAGRAPH_CHARS);
    let main = (0..groups.len())
        .max_by_key(|&k| prose_chars(&groups[k]))
        .unwrap_or(0);
    let kept = (main + 1..groups.len())
        .find(|&k| !has_paragraph(&groups[k]))
        .unwrap_or(groups.len());
    groups[..kept].concat()
}

/// A line of table cells or with image markers, cleaned: `a | b | ` →
/// `a b`; `Some` when what is left reads as prose.
pub(crate) fn cleaned_prose(line: &Line) -> Option<String> {
    if !has_marker_residue(line) {
        return None;
    }
    let text = without_markers(line.text);
    let cleaned = Line::new(0, &text);
    (cleaned.is_text()
        && !cleaned.text.contains('©')
        && (cleaned.ends_sentence() && cleaned.words >= 3 || cleaned.words >= LONG_LINE_WORDS))
        .then(|| cleaned.text.to_string())
}

/// A line without its image markers and cell separators: `a | b | ` → `a b`.
pub(crate) fn without_markers(line: &str) -> String {
    let mut text = line.to_string();
    while let Some(i) = text.find("![") {
        let Some(close) = text[i..]
            .find("](")
            .and_then(|j| text[i + j..].find(')').map(|k| i + j + k + 1))
        else {
            break;
        };
        text.replace_range(i..close, " ");
    }
    text.split(" | ")
        .flat_map(|part| part.split('|'))
        .map(str::trim)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Label every unlabelled non-blank line at or after `start`; the article
/// region ends before `end`.
pub(crate) fn label(lines: &[Line], labels: &mut Labels, start: usize, end: usize) {
    let end = end.min(lines.len());
    let spans = densest_spans(lines, labels, start, end);
    let in_span = |i: usize| spans.iter().any(|&(a, b)| (a..=b).contains(&i));
    let prose: Vec<usize> = (start..end)
        .filter(|&i| labels[i].is_none() && in_span(i) && is_prose(&lines[i]))
        .collect();
    let span_last = prose.last().copied();
    let prose = without_weak_tail(lines, labels, &prose);
    let (first, last) = match (prose.first(), prose.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (usize::MAX, 0),
    };
    let in_weak_tail = |i: usize| i > last && span_last.is_some_and(|s| i <= s);
    for i in start..lines.len() {
        let line = &lines[i];
        if labels[i].is_some() || line.is_blank() {
            continue;
        }
        let (label, rule) = if i >= end {
            (Label::Boilerplate, AFTER_SIDEBAR_RULE)
        } else if line.text.contains('©') {
            (Label::Boilerplate, COPYRIGHT_RULE)
        } else if in_weak_tail(i) {
            (Label::Boilerplate, WEAK_TAIL_RULE)
        } else if !in_span(i) && (i < first || i > last) {
            (Label::Boilerplate, OUTSIDE_RULE)
        } else if has_marker_residue(line) {
            if let Some(text) = cleaned_prose(line) {
                labels[i] = Some(Decision {
                    body_text: Some(text),
                    ..Decision::new(Label::Body, CELL_PROSE_RULE)
                });
                continue;
            }
            (Label::Boilerplate, MARKER_RESIDUE_RULE)
        } else if is_prose(line) {
            (Label::Body, PROSE_RULE)
        } else if i < first || i > last {
            (Label::Boilerplate, OUTSIDE_RULE)
        } else if is_subheading(line) {
            // A heading introduces text: the next line (past pictures) is prose.
            let next = (i + 1..end).find(|&j| {
                !lines[j].is_blank()
                    && !labels[j]
                        .as_ref()
                        .is_some_and(|d| matches!(d.label, Label::Image | Label::Caption))
            });
            if next.is_some_and(|j| labels[j].is_none() && is_prose(&lines[j])) {
                (Label::Heading, SUBHEADING_RULE)
            } else {
                (Label::Boilerplate, HEADING_WITHOUT_TEXT_RULE)
            }
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
        // Paragraphs of realistic length: the article span weighs prose
        // characters against the lines between them.
        let text = "Rice exports rose sharply in May, traders in the delta said on Monday, as buyers from Africa and the Middle East placed large orders.\nExports to the EU recover\nBuyers returned after the floods, and prices held for the third week, the best run since the harvest began in the spring.\n- more inspection lanes at the gate\nAdvertisement\nThe port will expand next year, adding two berths for container ships, a rail spur to the new logistics park and a second customs hall; the province expects the work to double the number of trucks cleared each day and to cut the waiting time at the gate to under an hour.";
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
                Some(OUTSIDE_RULE),
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
            [Some(CELL_PROSE_RULE)]
        );
        assert_eq!(
            cleaned_prose(&Line::new(0, "A sentence with ![](x.png) an image in it.")).as_deref(),
            Some("A sentence with an image in it.")
        );
        assert_eq!(
            cleaned_prose(&Line::new(0, "In 2024 | exports grew by 4% in May. | ")).as_deref(),
            Some("In 2024 exports grew by 4% in May.")
        );
        assert_eq!(
            run(
                "Menu | Home\nA real paragraph of the story is here.\nSport | News",
                99
            ),
            [Some(OUTSIDE_RULE), Some(PROSE_RULE), Some(OUTSIDE_RULE)]
        );
    }

    #[test]
    fn long_lines_are_prose_without_full_stop() {
        let line = "word ".repeat(25);
        assert_eq!(run(&line, 99), [Some(PROSE_RULE)]);
    }

    #[test]
    fn short_sentences_after_the_article_are_a_weak_tail() {
        let paragraph = "The harbour authority approved the expansion on Monday after two years of hearings, and the first berth should open next spring. ";
        let note = "Anna Lee covers shipping and trade for the paper. She lived in the port city for ten years and writes a weekly column on the harbour and its people.";
        let text = format!(
            "{p}\n{p}\nShare this:\nFacebook\n{note}",
            p = paragraph.repeat(2)
        );
        assert_eq!(
            run(&text, 99),
            [
                Some(PROSE_RULE),
                Some(PROSE_RULE),
                Some(WEAK_TAIL_RULE),
                Some(WEAK_TAIL_RULE),
                Some(WEAK_TAIL_RULE)
            ]
        );
        // A long paragraph after the break is still the article.
        let text = format!("{p}\nShare this:\nFacebook\n{p}", p = paragraph.repeat(2));
        assert_eq!(run(&text, 99)[3], Some(PROSE_RULE));
    }

    #[test]
    fn a_short_sentence_amid_menu_lines_does_not_join_the_article() {
        let paragraph =
            "The harbour authority approved the expansion on Monday after two years of hearings. ";
        let text = format!(
            "Home\nNews\nSport\nWeather\nSign up for our newsletter!\nVideo\nPodcasts\nOpinion\n{}",
            paragraph.repeat(3)
        );
        let rules = run(&text, 99);
        assert_eq!(rules[4], Some(OUTSIDE_RULE));
        assert_eq!(rules[8], Some(PROSE_RULE));
    }
}
