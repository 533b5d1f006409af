//! [`TextLineFeatures`] of every non-blank line of a text dump: its shape,
//! the rule that labelled it, the lines around it and the page.

use super::line::{Line, Shape};
use super::{Labels, body, image, sidebar, timestamp, title};
use crate::context::GROUPS;
use crate::features::{TextLineFeatures, TextShape, flag, log, share, with_shape};
use std::collections::HashMap;

/// Lines on each side that make a line's window.
const WINDOW: usize = 5;

/// One feature row per non-blank line, in order.
pub(crate) fn features(lines: &[Line], labels: &Labels) -> Vec<TextLineFeatures> {
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let n = kept.len();
    let prose: Vec<bool> = kept.iter().map(|&i| body::is_prose(&lines[i])).collect();
    let chars: Vec<f32> = kept.iter().map(|&i| log(lines[i].chars)).collect();
    let page_chars: usize = kept.iter().map(|&i| lines[i].chars).sum();
    let page_prose = prose.iter().filter(|&&p| p).count();
    let title_at = kept
        .iter()
        .position(|&i| labels[i].as_ref().is_some_and(|d| d.rule == title::RULE));
    let mut same: HashMap<&str, usize> = HashMap::new();
    for &i in &kept {
        *same.entry(lines[i].text).or_default() += 1;
    }
    // Prose characters of the run of prose lines each line is in (0 for
    // lines outside one).
    let mut run = vec![0usize; n];
    let mut k = 0;
    while k < n {
        if !prose[k] {
            k += 1;
            continue;
        }
        let start = k;
        let mut total = 0;
        while k < n && prose[k] {
            total += lines[kept[k]].chars;
            k += 1;
        }
        run[start..k].fill(total);
    }
    let prose_at: Vec<usize> = (0..n).filter(|&k| prose[k]).collect();
    (0..n)
        .map(|k| {
            let i = kept[k];
            let line = &lines[i];
            let mut f = with_shape!(TextLineFeatures, TextShape::of(line.text), {
                image_marker: flag(line.shape == Shape::ImageMarker),
                inline_link: flag(matches!(line.shape, Shape::InlineLink(_))),
                timestamp: flag(line.is_timestamp()),
                cell_pipe: flag(line.has_cell_pipe()),
                bullet: flag(line.text.starts_with(['-', '•', '*', '·', '–', '►', '»'])),
                prose: flag(prose[k]),
                position: share(k, n.max(1)),
                lines_before: log(k),
                lines_after: log(n - k - 1),
                prev_chars: k.checked_sub(1).map_or(0.0, |j| chars[j]),
                prev_prose: k.checked_sub(1).map_or(0.0, |j| flag(prose[j])),
                prev2_prose: k.checked_sub(2).map_or(0.0, |j| flag(prose[j])),
                next_chars: chars.get(k + 1).copied().unwrap_or(0.0),
                next_prose: prose.get(k + 1).map_or(0.0, |&p| flag(p)),
                next2_prose: prose.get(k + 2).map_or(0.0, |&p| flag(p)),
                prev_timestamp: k
                    .checked_sub(1)
                    .map_or(0.0, |j| flag(lines[kept[j]].is_timestamp())),
                next_timestamp: kept
                    .get(k + 1)
                    .map_or(0.0, |&j| flag(lines[j].is_timestamp())),
                blank_before: flag(i > 0 && lines[i - 1].is_blank()),
                blank_after: flag(lines.get(i + 1).is_some_and(Line::is_blank)),
                run_prose_chars: log(run[k]),
                after_title: flag(title_at.is_some_and(|t| k > t)),
                text_repeats: log(same.get(line.text).map_or(0, |c| c - 1)),
                page_lines: log(n),
                page_prose: share(page_prose, n),
                page_chars: log(page_chars),
                ..TextLineFeatures::default()
            });
            let (lo, hi) = (k.saturating_sub(WINDOW), (k + WINDOW + 1).min(n));
            let others = (lo..hi).filter(|&j| j != k);
            let count = others.clone().count();
            f.window_prose = share(others.clone().filter(|&j| prose[j]).count(), count);
            f.window_chars = if count == 0 {
                0.0
            } else {
                others.map(|j| chars[j]).sum::<f32>() / count as f32
            };
            let nearest = match prose_at.binary_search(&k) {
                Ok(_) => 0,
                Err(p) => {
                    let before = p.checked_sub(1).map(|q| k - prose_at[q]);
                    let after = prose_at.get(p).map(|&q| q - k);
                    before.into_iter().chain(after).min().unwrap_or(n)
                }
            };
            f.prose_distance = log(nearest);
            rule_features(&mut f, labels[i].as_ref().map_or("", |d| d.rule));
            f
        })
        .collect()
}

fn rule_features(f: &mut TextLineFeatures, rule: &str) {
    let slot = match rule {
        title::RULE => &mut f.rule_title,
        body::PROSE_RULE | body::BETWEEN_RULE | body::CELL_PROSE_RULE => &mut f.rule_body,
        body::SUBHEADING_RULE => &mut f.rule_subheading,
        image::CAPTION_RULE | image::CREDIT_RULE => &mut f.rule_caption,
        image::MARKER_RULE => &mut f.rule_image,
        image::RELATED_RULE => &mut f.rule_related,
        sidebar::ITEM_RULE => &mut f.rule_sidebar_item,
        sidebar::HEADING_RULE | sidebar::HINT_RULE => &mut f.rule_sidebar_heading,
        timestamp::RULE => &mut f.rule_timestamp,
        body::OUTSIDE_RULE => &mut f.rule_outside,
        body::AFTER_SIDEBAR_RULE => &mut f.rule_after_sidebar,
        _ => &mut f.rule_other,
    };
    *slot = 1.0;
}

/// The containers of every non-blank line for the second pass: the
/// paragraph between blank lines, the run of lines of one shape (prose or
/// not), the section that starts at each sidebar heading, and the run of
/// lines the rules labelled alike (in the body or not). `rows` are
/// [`features`]' rows of the same lines.
pub(crate) fn groups(lines: &[Line], rows: &[TextLineFeatures]) -> Vec<[Option<u64>; GROUPS]> {
    let mut out = Vec::with_capacity(rows.len());
    let (mut paragraph, mut section, mut run, mut labelled) = (0u64, 0u64, 0u64, 0u64);
    let mut blank = false;
    let mut k = 0;
    for line in lines {
        if line.is_blank() {
            blank = true;
            continue;
        }
        let Some(row) = rows.get(k) else { break };
        if blank {
            paragraph += 1;
            blank = false;
        }
        section += u64::from(row.rule_sidebar_heading > 0.0);
        let (prose, body) = (row.prose > 0.0, row.rule_body + row.rule_subheading > 0.0);
        if k == 0 || prose != (rows[k - 1].prose > 0.0) {
            run = k as u64;
        }
        if k == 0 || body != (rows[k - 1].rule_body + rows[k - 1].rule_subheading > 0.0) {
            labelled = k as u64;
        }
        out.push([Some(paragraph), Some(run), Some(section), Some(labelled)]);
        k += 1;
    }
    out
}
