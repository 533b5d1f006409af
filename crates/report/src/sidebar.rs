//! Sidebar links: how many per section, and their `published_at` over time.

use crate::count::Counts;
use crate::error::ReportError;
use crate::table::Dataset;
use arrow::array::Array;
use chrono::{DateTime, Datelike, NaiveDate};
use corpus_export::Table;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// More days than this are shown by month.
const MAX_DAYS: usize = 62;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sidebar {
    pub links: u64,
    pub per_section: Counts,
    /// Links per day (`2023-11-26`) or, over a longer span, per month
    /// (`2023-11`), in UTC.
    pub published: BTreeMap<String, u64>,
    pub without_time: u64,
}

const MS_PER_DAY: i64 = 86_400_000;

pub fn read(dataset: &Dataset) -> Result<Sidebar, ReportError> {
    let mut per_section = Counts::default();
    let mut per_day: BTreeMap<i64, u64> = BTreeMap::new();
    let (mut links, mut without_time) = (0, 0);
    dataset
        .scan(Table::SidebarLinks, &["section", "published_at"])
        .for_each(|batch| {
            links += batch.len() as u64;
            per_section.add_column(batch.str("section")?, batch.len());
            let published = batch.timestamp_ms("published_at")?;
            without_time += published.null_count() as u64;
            for ms in published.iter().flatten() {
                *per_day.entry(ms.div_euclid(MS_PER_DAY)).or_default() += 1;
            }
            Ok(ControlFlow::Continue(()))
        })?;
    let dates = per_day.into_iter().filter_map(|(day, n)| {
        DateTime::from_timestamp_millis(day * MS_PER_DAY).map(|t| (t.date_naive(), n))
    });
    Ok(Sidebar {
        links,
        per_section,
        published: by_day_or_month(dates),
        without_time,
    })
}

/// Counts per day when the span is short enough to read, else per month.
fn by_day_or_month(dates: impl Iterator<Item = (NaiveDate, u64)>) -> BTreeMap<String, u64> {
    let dates: Vec<(NaiveDate, u64)> = dates.collect();
    let span = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => (last.0 - first.0).num_days() as usize + 1,
        _ => 0,
    };
    let mut out = BTreeMap::new();
    for (date, n) in dates {
        let key = match span <= MAX_DAYS {
            true => date.format("%Y-%m-%d").to_string(),
            false => format!("{:04}-{:02}", date.year(), date.month()),
        };
        *out.entry(key).or_default() += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_span_is_counted_by_month() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let short = by_day_or_month([(day(2023, 11, 26), 2), (day(2023, 11, 28), 1)].into_iter());
        assert_eq!(
            short.keys().collect::<Vec<_>>(),
            ["2023-11-26", "2023-11-28"]
        );
        let long = by_day_or_month(
            [
                (day(2023, 1, 2), 2),
                (day(2023, 1, 30), 1),
                (day(2023, 6, 1), 4),
            ]
            .into_iter(),
        );
        assert_eq!(
            long.into_iter().collect::<Vec<_>>(),
            [("2023-01".to_string(), 3), ("2023-06".to_string(), 4)]
        );
    }
}
