//! The second pass's view of a block: the first pass's scores around it.
//!
//! The first pass scores each block or line from what it is and what is
//! near it. Whether it belongs to the body also depends on how the model
//! judged its neighbours and the containers it shares with them: one post
//! of a thread scored low among posts scored high is still a post. Each
//! unit names up to [`GROUPS`] containers (in HTML the innermost element,
//! its parent, its grandparent and the repeated sibling group it is in; in
//! a text dump the paragraph between blank lines, the run of lines of one
//! shape, and the section between sidebar headings), and
//! [`ContextFeatures`] sums up the scores over each, weighted by
//! characters so that a long paragraph counts for more than a date.

use crate::features::{ContextFeatures, log};
use std::collections::HashMap;

/// Containers per unit.
pub(crate) const GROUPS: usize = 4;
/// A score the second pass counts as content.
const HIGH: f64 = 0.5;
/// Units on each side of the near and the wide window.
const NEAR: usize = 2;
const WIDE: usize = 8;
/// The score given to a neighbour that does not exist.
const NONE: f32 = -1.0;

/// One block or line: the first pass's score, its characters and the
/// containers it is in (ids only compare within one slot).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Unit {
    pub score: f64,
    pub chars: usize,
    pub groups: [Option<u64>; GROUPS],
}

/// Weighted score totals over a set of units.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    score: f64,
    weight: f64,
    high: f64,
    count: usize,
}

impl Totals {
    fn add(&mut self, u: &Unit) {
        self.step(u, 1.0);
        self.count += 1;
    }

    /// Without `u` (a unit's own score is a feature of its own).
    fn without(mut self, u: &Unit) -> Self {
        self.step(u, -1.0);
        self.count -= 1;
        self
    }

    /// Add (`sign` 1) or take away (-1) a unit's weighted score.
    fn step(&mut self, u: &Unit, sign: f64) {
        let w = sign * weight(u);
        self.score += u.score * w;
        self.weight += w;
        self.high += if u.score >= HIGH { w } else { 0.0 };
    }

    fn mean(&self) -> f32 {
        if self.weight <= 1e-9 {
            NONE
        } else {
            (self.score / self.weight) as f32
        }
    }

    fn high(&self) -> f32 {
        if self.weight <= 1e-9 {
            NONE
        } else {
            (self.high / self.weight).clamp(0.0, 1.0) as f32
        }
    }
}

fn weight(u: &Unit) -> f64 {
    u.chars.max(1) as f64
}

/// The [`ContextFeatures`] of every unit, in order. `page_types` are the
/// page classifier's probabilities, in `PAGE_TYPES` order.
pub(crate) fn context(units: &[Unit], page_types: &[f64]) -> Vec<ContextFeatures> {
    let n = units.len();
    let mut groups: HashMap<(usize, u64), Totals> = HashMap::new();
    let mut page = Totals::default();
    for u in units {
        page.add(u);
        for (slot, id) in u.groups.iter().enumerate() {
            if let Some(id) = id {
                groups.entry((slot, *id)).or_default().add(u);
            }
        }
    }
    let page_max = units.iter().map(|u| u.score).fold(0.0, f64::max) as f32;
    // Weight of the units scored above each score: sort once.
    let mut by_score: Vec<usize> = (0..n).collect();
    by_score.sort_by(|&a, &b| units[b].score.total_cmp(&units[a].score));
    let mut above = vec![0.0f64; n];
    let mut seen = 0.0;
    let mut k = 0;
    while k < n {
        let s = units[by_score[k]].score;
        let mut end = k;
        let mut tied = 0.0;
        while end < n && units[by_score[end]].score == s {
            tied += weight(&units[by_score[end]]);
            end += 1;
        }
        for &i in &by_score[k..end] {
            above[i] = seen;
        }
        seen += tied;
        k = end;
    }
    let high: Vec<bool> = units.iter().map(|u| u.score >= HIGH).collect();
    let before = distances(high.iter().copied());
    let mut after = distances(high.iter().rev().copied());
    after.reverse();
    let runs = runs(units, &high);
    let window = |i: usize, reach: usize| {
        let mut t = Totals::default();
        let mut max = NONE as f64;
        let start = i.saturating_sub(reach);
        let end = (i + reach + 1).min(n);
        for (j, unit) in units[start..end].iter().enumerate() {
            if start + j != i {
                t.add(unit);
                max = max.max(unit.score);
            }
        }
        (t, max as f32)
    };
    let score_at = |i: Option<usize>| i.filter(|&j| j < n).map_or(NONE, |j| units[j].score as f32);
    let prob = |k: usize| page_types.get(k).map_or(0.0, |&p| p as f32);
    units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let (near, near_max) = window(i, NEAR);
            let (wide, _) = window(i, WIDE);
            let group = |slot: usize| {
                u.groups[slot]
                    .and_then(|id| groups.get(&(slot, id)))
                    .map(|t| t.without(u))
                    .map_or((NONE, NONE, 0.0), |t| (t.mean(), t.high(), log(t.count)))
            };
            let (g0_mean, g0_high, g0_size) = group(0);
            let (g1_mean, g1_high, g1_size) = group(1);
            let (g2_mean, g2_high, g2_size) = group(2);
            let (g3_mean, g3_high, g3_size) = group(3);
            ContextFeatures {
                score: u.score as f32,
                prev_score: score_at(i.checked_sub(1)),
                prev2_score: score_at(i.checked_sub(2)),
                prev3_score: score_at(i.checked_sub(3)),
                next_score: score_at(Some(i + 1)),
                next2_score: score_at(Some(i + 2)),
                next3_score: score_at(Some(i + 3)),
                near_mean: near.mean(),
                near_max,
                wide_mean: wide.mean(),
                wide_high: wide.high(),
                g0_mean,
                g0_high,
                g0_size,
                g1_mean,
                g1_high,
                g1_size,
                g2_mean,
                g2_high,
                g2_size,
                g3_mean,
                g3_high,
                g3_size,
                page_mean: page.mean(),
                page_high: page.high(),
                page_max,
                above: if page.weight > 0.0 {
                    (above[i] / page.weight) as f32
                } else {
                    0.0
                },
                high_before: before[i].map_or(-1.0, log),
                high_after: after[i].map_or(-1.0, log),
                high_run: log(runs[i]),
                type_article: prob(0),
                type_forum: prob(1),
                type_product: prob(2),
                type_collection: prob(3),
                type_listing: prob(4),
                type_documentation: prob(5),
                type_service: prob(6),
            }
        })
        .collect()
}

/// For each position, how many positions back the nearest `true` is
/// (not counting itself), or `None`.
fn distances(flags: impl Iterator<Item = bool>) -> Vec<Option<usize>> {
    let mut last: Option<usize> = None;
    flags
        .enumerate()
        .map(|(i, f)| {
            let d = last.map(|l| i - l);
            if f {
                last = Some(i);
            }
            d
        })
        .collect()
}

/// Characters of the run of consecutive high units each unit is in (0
/// for a unit below [`HIGH`]).
fn runs(units: &[Unit], high: &[bool]) -> Vec<usize> {
    let mut out = vec![0; units.len()];
    let mut k = 0;
    while k < units.len() {
        if !high[k] {
            k += 1;
            continue;
        }
        let start = k;
        let mut chars = 0;
        while k < units.len() && high[k] {
            chars += units[k].chars;
            k += 1;
        }
        out[start..k].fill(chars);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(score: f64, chars: usize, group: u64) -> Unit {
        Unit {
            score,
            chars,
            groups: [Some(group), None, None, None],
        }
    }

    #[test]
    fn a_low_post_among_high_posts_sees_its_thread() {
        let units = [
            unit(0.9, 400, 1),
            unit(0.2, 300, 1),
            unit(0.8, 500, 1),
            unit(0.1, 20, 2),
        ];
        let f = context(&units, &[0.0, 1.0]);
        assert_eq!(f.len(), 4);
        let low = &f[1];
        assert!((low.score - 0.2).abs() < 1e-6);
        // Its group's others: (0.9 * 400 + 0.8 * 500) / 900.
        assert!((low.g0_mean - 0.8444).abs() < 1e-3);
        assert_eq!(low.g0_high, 1.0);
        assert_eq!((low.prev_score, low.next_score), (0.9, 0.8));
        assert_eq!(low.high_before, log(1));
        assert_eq!(low.high_run, 0.0);
        assert_eq!(f[0].high_run, log(400));
        assert_eq!(f[0].prev_score, NONE);
        assert_eq!(f[0].type_forum, 1.0);
        // The lone unit of group 2 has no others in it.
        assert_eq!((f[3].g0_mean, f[3].g0_size), (NONE, 0.0));
        assert_eq!(f[3].high_after, -1.0);
    }

    #[test]
    fn above_is_the_share_of_characters_scored_higher() {
        let units = [unit(0.9, 100, 1), unit(0.5, 100, 1), unit(0.5, 200, 1)];
        let f = context(&units, &[]);
        assert_eq!(f[0].above, 0.0);
        assert!((f[1].above - 0.25).abs() < 1e-6);
        assert_eq!(f[1].above, f[2].above);
    }
}
