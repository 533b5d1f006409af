//! Rule `timestamp_line`: a line that is only a date and time, optionally
//! followed by a category.
//!
//! **Catches** the date line under each sidebar headline and datelines under
//! the title: `08:00 | 26/11/2023 Economy`, `26/11/2023 08:00`,
//! `2023-11-26 08:00 Sports`, `26.11.2023 - 08:00`.
//!
//! **Why** sidebars are lists of headline + date pairs; recognising the date
//! line by its shape (time, separator, day-first or ISO date, short trailing
//! words) finds them on any site without knowing the sidebar's wording.
//! The time is site-local: [`localize`] applies the configured zone.

use super::line::Stamp;
use crate::regex_util::static_regex;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) const RULE: &str = "timestamp_line";

const TIME: &str = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)";
const DATE: &str = r"(?P<date>\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2})";
/// A short label after the date: letters first, then letters, digits, spaces
/// and a little punctuation, no sentence ending. Matched apart from the date
/// and time, with no captures: its Unicode classes make a large automaton,
/// which the capturing engines would walk for every line.
const CATEGORY: &str = r"^(?:\s*[|\-–,]?\s*\p{L}[\p{L}\p{N} &/'’\-]{0,47})?$";

static TIME_FIRST: LazyLock<Regex> =
    LazyLock::new(|| static_regex(&format!(r"^{TIME}\s*[|,\-–]?\s*{DATE}")));
static DATE_FIRST: LazyLock<Regex> =
    LazyLock::new(|| static_regex(&format!(r"^{DATE}\s*[|,\-–]?\s*{TIME}")));
static CATEGORY_TAIL: LazyLock<Regex> = LazyLock::new(|| static_regex(CATEGORY));

/// Parse a trimmed line as a timestamp line.
pub(crate) fn parse(line: &str) -> Option<Stamp> {
    // Cheap gate: every accepted shape starts with a digit and has a colon.
    if !line.starts_with(|c: char| c.is_ascii_digit()) || !line.contains(':') || line.len() > 80 {
        return None;
    }
    // The date and time end where a digit is followed by something else, so
    // the first match of the stamp is the only one the tail can follow.
    let caps = TIME_FIRST
        .captures(line)
        .or_else(|| DATE_FIRST.captures(line))?;
    let tail = &line[caps.get(0)?.end()..];
    if !CATEGORY_TAIL.is_match(tail) {
        return None;
    }
    let date = parse_date(caps.name("date")?.as_str())?;
    let time = parse_time(caps.name("time")?.as_str())?;
    let category = tail
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '–' | ','))
        .trim();
    Some(Stamp {
        local: NaiveDateTime::new(date, time),
        category: (!category.is_empty()).then(|| category.to_string()),
    })
}

/// `DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY` or ISO `YYYY-MM-DD`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let mut parts = s.split(':').map(str::parse::<u32>);
    let hour = parts.next()?.ok()?;
    let minute = parts.next()?.ok()?;
    let second = parts.next().transpose().ok()?.unwrap_or(0);
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// Give a site-local time its offset in `zone`. An ambiguous time (clocks
/// going back) takes the earlier instant; a time in a spring-forward gap is
/// read one hour later, as clocks would show it.
pub(crate) fn localize(local: NaiveDateTime, zone: chrono_tz::Tz) -> Option<DateTime<FixedOffset>> {
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            let later = local.checked_add_signed(chrono::TimeDelta::hours(1))?;
            zone.from_local_datetime(&later).earliest()
        })
        .map(|dt| dt.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: &str) -> Option<(String, Option<String>)> {
        parse(line).map(|s| (s.local.format("%Y-%m-%d %H:%M:%S").to_string(), s.category))
    }

    #[test]
    fn time_pipe_date_category() {
        assert_eq!(
            at("07:05 | 03/04/2024 Agriculture"),
            Some(("2024-04-03 07:05:00".into(), Some("Agriculture".into())))
        );
        assert_eq!(
            at("21:40 | 9/1/2022 Law & Order"),
            Some(("2022-01-09 21:40:00".into(), Some("Law & Order".into())))
        );
        assert_eq!(
            at("21:40 | 09/01/2022"),
            Some(("2022-01-09 21:40:00".into(), None))
        );
    }

    #[test]
    fn other_common_shapes() {
        assert_eq!(
            at("09/01/2022 21:40"),
            Some(("2022-01-09 21:40:00".into(), None))
        );
        assert_eq!(
            at("2022-01-09 21:40:15 Sports"),
            Some(("2022-01-09 21:40:15".into(), Some("Sports".into())))
        );
        assert_eq!(
            at("09.01.2022 - 21:40"),
            Some(("2022-01-09 21:40:00".into(), None))
        );
        assert_eq!(
            at("08:15 | 12/06/2023 Thời sự"),
            Some(("2023-06-12 08:15:00".into(), Some("Thời sự".into())))
        );
    }

    #[test]
    fn rejects_sentences_and_impossible_dates() {
        assert_eq!(
            at("10:30 on 12/06/2023 the ministers met in the capital."),
            None
        );
        assert_eq!(at("25:10 | 12/06/2023"), None);
        assert_eq!(at("10:10 | 31/02/2023"), None);
        assert_eq!(at("Markets open at 09:00 | 12/06/2023"), None);
        assert_eq!(at("3 Pillars of trade"), None);
    }

    #[test]
    fn localizes_in_the_site_zone() {
        let stamp = parse("08:00 | 26/11/2023").unwrap();
        let dt = localize(stamp.local, chrono_tz::Asia::Ho_Chi_Minh).unwrap();
        assert_eq!(dt.to_rfc3339(), "2023-11-26T08:00:00+07:00");
        // 02:30 does not exist in Berlin on the spring-forward night.
        let gap = parse("02:30 | 31/03/2024").unwrap();
        let dt = localize(gap.local, chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(dt.to_rfc3339(), "2024-03-31T03:30:00+02:00");
    }

    /// The rule as one regex per shape, capturing the category: what
    /// [`parse`] splits in two for speed.
    fn parse_whole(line: &str) -> Option<(String, Option<String>)> {
        static SHAPES: LazyLock<[Regex; 2]> = LazyLock::new(|| {
            let category = r"(?:\s*[|\-–,]?\s*(?P<cat>\p{L}[\p{L}\p{N} &/'’\-]{0,47}))?";
            [
                static_regex(&format!(r"^{TIME}\s*[|,\-–]?\s*{DATE}{category}$")),
                static_regex(&format!(r"^{DATE}\s*[|,\-–]?\s*{TIME}{category}$")),
            ]
        });
        if line.len() > 80 {
            return None;
        }
        let caps = SHAPES.iter().find_map(|shape| shape.captures(line))?;
        let date = parse_date(caps.name("date")?.as_str())?;
        let time = parse_time(caps.name("time")?.as_str())?;
        let category = caps
            .name("cat")
            .map(|m| m.as_str().trim().to_string())
            .filter(|c| !c.is_empty());
        Some((NaiveDateTime::new(date, time).to_string(), category))
    }

    /// Lines near the accepted shapes: real and impossible times and dates,
    /// either order, with and without separators and categories.
    fn stamp_like() -> impl proptest::strategy::Strategy<Value = String> {
        const TIME: &str = "([01]?[0-9]|2[0-5]):[0-5][0-9](:[0-6][0-9])?";
        const DATE: &str = "([0-3]?[0-9][/.\\-](1[0-3]|0?[0-9])[/.\\-](19|20)[0-9]{2}|(19|20)[0-9]{2}-(1[0-3]|0?[0-9])-[0-3]?[0-9])";
        const SEP: &str = " {0,2}[|,\\-–]? {0,2}";
        const TAIL: &str = "( {0,2}[|\\-–,:.]? {0,2}[A-Za-zờ0-9][A-Za-zờ0-9 &/'’\\-.!]{0,50})?";
        proptest::prop_oneof![
            proptest::string::string_regex(&format!("{TIME}{SEP}{DATE}{TAIL}")).unwrap(),
            proptest::string::string_regex(&format!("{DATE}{SEP}{TIME}{TAIL}")).unwrap(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        #[test]
        fn split_matching_agrees_with_the_whole_regex(line in stamp_like()) {
            let line = line.trim();
            proptest::prop_assert_eq!(at(line), parse_whole(line));
        }
    }
}
