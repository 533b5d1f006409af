//! Small SVG charts, written as text: horizontal bars for named counts,
//! columns for histograms and time series, and one stacked bar per page.
//! Every drawn bar is a `rect` of class `bar` carrying its value in
//! `data-value`, which the report's self-check counts in the browser.

use crate::html::escape;
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 190.0;
const ROW_HEIGHT: f64 = 18.0;

/// One bar per (name, value), longest bar = largest value.
pub fn bars(items: &[(String, u64)]) -> String {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let height = ROW_HEIGHT * items.len() as f64 + 4.0;
    let room = WIDTH - LABEL_WIDTH - 70.0;
    let mut svg = open(WIDTH, height);
    for (i, (name, value)) in items.iter().enumerate() {
        let y = i as f64 * ROW_HEIGHT + 2.0;
        let width = (*value as f64 / max * room).max(if *value > 0 { 1.0 } else { 0.0 });
        let short: String = name.chars().take(30).collect();
        let _ = write!(
            svg,
            r#"<text x="{lx:.0}" y="{ty:.1}" text-anchor="end">{label}</text><rect class="bar" x="{LABEL_WIDTH:.0}" y="{y:.1}" width="{width:.1}" height="{h:.1}" data-value="{value}"><title>{title}: {value}</title></rect><text x="{vx:.1}" y="{ty:.1}">{value}</text>"#,
            lx = LABEL_WIDTH - 6.0,
            ty = y + ROW_HEIGHT * 0.7,
            label = escape(&short),
            h = ROW_HEIGHT - 4.0,
            title = escape(name),
            vx = LABEL_WIDTH + width + 4.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One column per (label, value), left to right: histograms and series.
pub fn columns(items: &[(String, u64)]) -> String {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let (plot_height, axis) = (160.0, 70.0);
    let slot = (WIDTH - 40.0) / items.len().max(1) as f64;
    let mut svg = open(WIDTH, plot_height + axis);
    for (i, (label, value)) in items.iter().enumerate() {
        let x = 40.0 + i as f64 * slot;
        let height =
            (*value as f64 / max * (plot_height - 14.0)).max(if *value > 0 { 1.0 } else { 0.0 });
        let y = plot_height - height;
        let cx = x + slot / 2.0;
        let _ = write!(
            svg,
            r#"<rect class="bar" x="{bx:.1}" y="{y:.1}" width="{bw:.1}" height="{height:.1}" data-value="{value}"><title>{title}: {value}</title></rect><text x="{cx:.1}" y="{vy:.1}" text-anchor="middle">{value}</text><text x="{cx:.1}" y="{ly:.1}" text-anchor="end" transform="rotate(-40 {cx:.1} {ly:.1})">{title}</text>"#,
            bx = x + slot * 0.1,
            bw = slot * 0.8,
            title = escape(label),
            vy = (y - 3.0).max(10.0),
            ly = plot_height + 14.0,
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="40" y1="{plot_height}" x2="{WIDTH}" y2="{plot_height}" class="axis"/></svg>"#
    );
    svg
}

/// A page's blocks per label as one stacked bar, `scale` pixels per block;
/// `colours[i]` colours `counts[i]`.
pub fn stacked(counts: &[u64], names: &[String], colours: &[&str], scale: f64) -> String {
    let total: u64 = counts.iter().sum();
    let width = (total as f64 * scale).max(1.0);
    let mut svg = format!(
        r#"<svg width="{w:.0}" height="14" viewBox="0 0 {w:.1} 14"><rect class="bar" x="0" y="0" width="{width:.1}" height="14" data-value="{total}" fill="none"/>"#,
        w = width + 1.0,
    );
    let mut x = 0.0;
    for ((n, name), colour) in counts.iter().zip(names).zip(colours) {
        if *n == 0 {
            continue;
        }
        let w = *n as f64 * scale;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="14" fill="{colour}"><title>{name}: {n}</title></rect>"#,
            name = escape(name)
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

fn open(width: f64, height: f64) -> String {
    format!(
        r#"<svg class="plot" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img">"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_one_bar_with_its_value() {
        let items = vec![("a<b".to_string(), 3), ("c".to_string(), 0)];
        for svg in [bars(&items), columns(&items)] {
            assert_eq!(svg.matches(r#"class="bar""#).count(), 2, "{svg}");
            assert!(svg.contains(r#"data-value="3""#) && svg.contains(r#"data-value="0""#));
            assert!(svg.contains("a&lt;b") && !svg.contains("a<b"), "{svg}");
        }
    }
}
