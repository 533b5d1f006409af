//! Counters the sections aggregate into: counts by name, and histograms
//! over fixed bins.

use crate::table::StrColumn;
use arrow::array::Array;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many rows had each value of a column; nulls under `(none)`.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Counts(pub BTreeMap<String, u64>);

/// The name under which null values are counted.
pub const NONE: &str = "(none)";

impl Counts {
    pub fn add(&mut self, name: &str, n: u64) {
        match self.0.get_mut(name) {
            Some(count) => *count += n,
            None => {
                self.0.insert(name.to_string(), n);
            }
        }
    }

    /// Count every row of a string column. A dictionary column is counted
    /// by its keys first, so each distinct value is looked up once per
    /// batch rather than once per row.
    pub(crate) fn add_column(&mut self, column: StrColumn<'_>, rows: usize) {
        match column {
            StrColumn::Plain(_) => {
                for row in 0..rows {
                    self.add(column.get(row).unwrap_or(NONE), 1);
                }
            }
            StrColumn::Dict(dict, values) => {
                let mut per_key = vec![0u64; values.len()];
                let mut nulls = 0u64;
                for row in 0..rows {
                    match dict.is_valid(row).then(|| dict.keys().value(row)) {
                        Some(key) => match usize::try_from(key) {
                            Ok(key) if key < per_key.len() => per_key[key] += 1,
                            _ => nulls += 1,
                        },
                        None => nulls += 1,
                    }
                }
                for (key, n) in per_key.into_iter().enumerate() {
                    if n > 0 {
                        let name = column_value(values, key).unwrap_or(NONE);
                        self.add(name, n);
                    }
                }
                if nulls > 0 {
                    self.add(NONE, nulls);
                }
            }
        }
    }

    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// The values by descending count (then name), at most `limit`.
    pub fn top(&self, limit: usize) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self.0.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(limit);
        all
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn column_value(values: &arrow::array::StringArray, key: usize) -> Option<&str> {
    values.is_valid(key).then(|| values.value(key))
}

/// Counts over fixed bins, each `[lower, next lower)`; the last bin is open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// What is counted, for the chart's title and axis.
    pub of: String,
    pub bins: Vec<Bin>,
    /// Null values, not in any bin.
    pub missing: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub label: String,
    #[serde(skip)]
    lower: f64,
    pub count: u64,
}

impl Histogram {
    /// Bins starting at each of `lowers` (ascending); values below the first
    /// go in the first bin. Labels say the range of whole numbers each holds.
    pub fn counts(of: &str, lowers: &[u64]) -> Self {
        let bins = lowers
            .iter()
            .enumerate()
            .map(|(i, &lower)| {
                let label = match lowers.get(i + 1) {
                    Some(&next) if next == lower + 1 => lower.to_string(),
                    Some(&next) => format!("{lower}–{}", next - 1),
                    None => format!("{lower}+"),
                };
                Bin {
                    label,
                    lower: lower as f64,
                    count: 0,
                }
            })
            .collect();
        Self::of_bins(of, bins)
    }

    /// `n` equal bins over `[from, to]`; `to` itself goes in the last bin.
    pub fn fractions(of: &str, from: f64, to: f64, n: usize) -> Self {
        let width = (to - from) / n as f64;
        let bins = (0..n)
            .map(|i| {
                let lower = from + width * i as f64;
                Bin {
                    label: format!("{lower:.2}–{:.2}", lower + width),
                    lower,
                    count: 0,
                }
            })
            .collect();
        Self::of_bins(of, bins)
    }

    fn of_bins(of: &str, bins: Vec<Bin>) -> Self {
        Self {
            of: of.to_string(),
            bins,
            missing: 0,
        }
    }

    pub fn add(&mut self, value: f64) {
        // Bins are few (≤ 20): a scan from the top is as fast as a search.
        let bin = self
            .bins
            .iter()
            .rposition(|bin| value >= bin.lower)
            .unwrap_or(0);
        self.bins[bin].count += 1;
    }

    pub fn add_u32(&mut self, values: &arrow::array::UInt32Array) {
        for value in values.iter() {
            match value {
                Some(v) => self.add(f64::from(v)),
                None => self.missing += 1,
            }
        }
    }

    pub fn add_f32(&mut self, values: &arrow::array::Float32Array) {
        for value in values.iter() {
            match value {
                Some(v) if v.is_finite() => self.add(f64::from(v)),
                _ => self.missing += 1,
            }
        }
    }

    pub fn total(&self) -> u64 {
        self.bins.iter().map(|bin| bin.count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{DictionaryArray, Float32Array, StringArray, UInt32Array};
    use arrow::datatypes::Int32Type;

    #[test]
    fn count_bins_hold_their_range_and_the_last_is_open() {
        let mut h = Histogram::counts("chars", &[0, 1, 100, 1000]);
        h.add_u32(&UInt32Array::from(vec![
            Some(0),
            Some(1),
            Some(99),
            Some(100),
            Some(5000),
            None,
        ]));
        let labels: Vec<&str> = h.bins.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["0", "1–99", "100–999", "1000+"]);
        let counts: Vec<u64> = h.bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 2, 1, 1]);
        assert_eq!(h.missing, 1);
    }

    #[test]
    fn fraction_bins_put_the_top_value_in_the_last_bin() {
        let mut h = Histogram::fractions("score", 0.0, 1.0, 4);
        h.add_f32(&Float32Array::from(vec![
            Some(0.0),
            Some(0.3),
            Some(1.0),
            Some(f32::NAN),
            None,
        ]));
        let counts: Vec<u64> = h.bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 1, 0, 1]);
        assert_eq!(h.missing, 2);
    }

    #[test]
    fn plain_and_dictionary_columns_count_alike() {
        let rows = [Some("body"), None, Some("title"), Some("body")];
        let plain = StringArray::from(rows.to_vec());
        let dict: DictionaryArray<Int32Type> = rows.into_iter().collect();
        let values = dict
            .values()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .clone();
        let mut a = Counts::default();
        a.add_column(StrColumn::Plain(&plain), 4);
        let mut b = Counts::default();
        b.add_column(StrColumn::Dict(&dict, &values), 4);
        assert_eq!(a, b);
        assert_eq!(a.top(1), [("body", 2)]);
        assert_eq!(a.0[NONE], 1);
    }
}
