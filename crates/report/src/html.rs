//! The report as one self-contained HTML page: inline CSS, inline SVG
//! charts each followed by its numbers as a table, and a short inline
//! script that sorts tables and checks the charts (it marks the root
//! element `data-ok` or `data-error`, which the browser test reads). The
//! page references nothing outside itself.

use crate::count::{Counts, Histogram};
use crate::inputs::PagesBytes;
use crate::page::PageBlocks;
use crate::segmentation::SHORT_BODY_CHARS;
use crate::{Report, svg};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Colours of the labels, in [`crate::LABELS`] order; others are grey.
const LABEL_COLOURS: [&str; 10] = [
    "#7b3294", "#1a9641", "#a6d96a", "#fdae61", "#f4a582", "#4393c3", "#92c5de", "#c2a5cf",
    "#d6604d", "#bababa",
];
const OTHER_COLOUR: &str = "#888888";

pub fn label_colour(label: &str) -> &'static str {
    crate::LABELS
        .iter()
        .position(|l| *l == label)
        .map_or(OTHER_COLOUR, |i| LABEL_COLOURS[i])
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1e6)
}

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222}
nav a{margin-right:1em}
h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1em}
td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;background:#f4f4f4}
figure{margin:1em 0}
figcaption{font-weight:600}
svg.plot text{font-size:11px;fill:#333}
rect.bar{fill:#4393c3}
svg.plot .axis{stroke:#999}
.empty{color:#777;font-style:italic}
pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em}
.block{margin:.2em 0;padding:.2em .5em;border-left:6px solid}
.block .tag{font:11px monospace;color:#555;display:block}
.key span{display:inline-block;padding:0 .5em;margin:0 .3em .3em 0;border-left:12px solid}
"#;

/// Sorts a `table.sortable` by the clicked column (numbers as numbers),
/// then checks that each chart has the bars it says, each of a finite size,
/// and as many data rows in its table; the result goes on `<html>`.
const SCRIPT: &str = r#"
(function () {
  function key(cell) {
    var t = cell.getAttribute('data-sort') || cell.textContent;
    var n = parseFloat(t.replace(/,/g, ''));
    return isNaN(n) ? t.toLowerCase() : n;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, column) {
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var down = th.getAttribute('data-order') !== 'down';
        th.setAttribute('data-order', down ? 'down' : 'up');
        rows.sort(function (a, b) {
          var x = key(a.cells[column]), y = key(b.cells[column]);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return down ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var bad = [];
  var charts = document.querySelectorAll('figure.chart');
  charts.forEach(function (figure) {
    var name = figure.getAttribute('data-chart');
    var want = parseInt(figure.getAttribute('data-bars'), 10);
    var bars = figure.querySelectorAll('svg rect.bar');
    var rows = figure.querySelectorAll('table tbody tr');
    var sized = Array.prototype.every.call(bars, function (bar) {
      var box = bar.getBBox();
      return isFinite(box.width) && isFinite(box.height) && box.width >= 0 && box.height >= 0;
    });
    var total = Array.prototype.reduce.call(bars, function (sum, bar) {
      return sum + Number(bar.getAttribute('data-value'));
    }, 0);
    if (!(want > 0) || bars.length !== want || rows.length !== want || !sized || !(total > 0)) {
      bad.push(name);
    }
  });
  var root = document.documentElement;
  root.setAttribute('data-charts', String(charts.length));
  if (bad.length) { root.setAttribute('data-error', bad.join(' ')); }
  else { root.setAttribute('data-ok', 'charts'); }
})();
"#;

/// An HTML document being written.
struct Page {
    html: String,
}

impl Page {
    fn new(title: &str) -> Self {
        let mut html = String::with_capacity(1 << 16);
        let _ = write!(
            html,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n",
            escape(title)
        );
        Self { html }
    }

    fn finish(mut self) -> String {
        let _ = write!(self.html, "<script>{SCRIPT}</script>\n</body></html>\n");
        self.html
    }

    fn raw(&mut self, html: &str) {
        self.html.push_str(html);
    }

    fn heading(&mut self, id: &str, title: &str) {
        let _ = writeln!(self.html, "<h2 id=\"{id}\">{}</h2>", escape(title));
    }

    fn para(&mut self, text: &str) {
        let _ = writeln!(self.html, "<p>{}</p>", escape(text));
    }

    fn empty(&mut self, text: &str) {
        let _ = writeln!(self.html, "<p class=\"empty\">{}</p>", escape(text));
    }

    /// A table; cells are HTML already (escape text with [`escape`]). A
    /// header starting with `#` is a numeric column (the `#` dropped).
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>], sortable: bool) {
        let numeric: Vec<bool> = headers.iter().map(|h| h.starts_with('#')).collect();
        let _ = write!(
            self.html,
            "<table{}>",
            if sortable { " class=\"sortable\"" } else { "" }
        );
        // Headers all empty: a two-column list of facts, no header row.
        if headers.iter().any(|h| !h.is_empty()) {
            self.html.push_str("<thead><tr>");
            for (header, &n) in headers.iter().zip(&numeric) {
                let _ = write!(
                    self.html,
                    "<th{}>{}</th>",
                    if n { " class=\"n\"" } else { "" },
                    escape(header.trim_start_matches('#'))
                );
            }
            self.html.push_str("</tr></thead>");
        }
        self.html.push_str("<tbody>");
        for row in rows {
            self.html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let n = numeric.get(i).copied().unwrap_or(false);
                let _ = write!(
                    self.html,
                    "<td{}>{cell}</td>",
                    if n { " class=\"n\"" } else { "" }
                );
            }
            self.html.push_str("</tr>");
        }
        self.html.push_str("</tbody></table>\n");
    }

    /// A chart and its numbers: `items` as horizontal bars (`columns`
    /// false) or columns, then a table of the same items. Nothing but a note
    /// when every count is zero.
    fn chart(&mut self, id: &str, title: &str, what: &str, items: &[(String, u64)], columns: bool) {
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|(name, n)| vec![escape(name), thousands(*n)])
            .collect();
        self.figure(id, title, items, columns, &[what, "#count"], &rows);
    }

    /// A chart of `items` with the table `headers`/`rows` beneath, one row
    /// per item (the page's self-check counts them).
    fn figure(
        &mut self,
        id: &str,
        title: &str,
        items: &[(String, u64)],
        columns: bool,
        headers: &[&str],
        rows: &[Vec<String>],
    ) {
        if items.iter().all(|(_, n)| *n == 0) {
            self.empty(&format!("{title}: none."));
            return;
        }
        let _ = write!(
            self.html,
            "<figure class=\"chart\" data-chart=\"{id}\" data-bars=\"{}\"><figcaption>{}</figcaption>",
            items.len(),
            escape(title)
        );
        self.raw(&match columns {
            true => svg::columns(items),
            false => svg::bars(items),
        });
        self.table(headers, rows, false);
        self.html.push_str("</figure>\n");
    }

    fn counts_chart(&mut self, id: &str, title: &str, what: &str, counts: &Counts, limit: usize) {
        let items: Vec<(String, u64)> = counts
            .top(limit)
            .into_iter()
            .map(|(name, n)| (name.to_string(), n))
            .collect();
        self.chart(id, title, what, &items, false);
        if counts.0.len() > limit {
            self.para(&format!(
                "The {limit} most frequent of {} values shown.",
                thousands(counts.0.len() as u64)
            ));
        }
    }

    fn histogram(&mut self, id: &str, title: &str, histogram: &Histogram) {
        let items: Vec<(String, u64)> = histogram
            .bins
            .iter()
            .map(|bin| (bin.label.clone(), bin.count))
            .collect();
        self.chart(id, title, &histogram.of, &items, true);
        if histogram.missing > 0 {
            self.para(&format!(
                "{} without a value.",
                thousands(histogram.missing)
            ));
        }
    }

    /// Pages and bytes per name: a chart of pages and a table of both.
    fn pages_bytes(
        &mut self,
        id: &str,
        title: &str,
        what: &str,
        map: &BTreeMap<String, PagesBytes>,
    ) {
        let items: Vec<(String, u64)> = map.iter().map(|(k, v)| (k.clone(), v.pages)).collect();
        let rows: Vec<Vec<String>> = map
            .iter()
            .map(|(k, v)| vec![escape(k), thousands(v.pages), megabytes(v.bytes)])
            .collect();
        self.figure(id, title, &items, false, &[what, "#pages", "#MB"], &rows);
    }
}

const SECTIONS: [(&str, &str); 8] = [
    ("run", "Run"),
    ("inputs", "Inputs"),
    ("rejects", "Rejects"),
    ("segmentation", "Segmentation"),
    ("duplicates", "Duplicates"),
    ("boilerplate", "Boilerplate"),
    ("sidebar", "Sidebar links"),
    ("signals", "Languages and quality"),
];

/// The report page.
pub fn report(report: &Report) -> String {
    let mut page = Page::new("corpus run report");
    page.raw("<h1>corpus run report</h1>\n<nav>");
    for (id, title) in SECTIONS {
        let _ = write!(page.html, "<a href=\"#{id}\">{title}</a>");
    }
    page.raw("</nav>\n");
    run(&mut page, report);
    inputs(&mut page, report);
    rejects(&mut page, report);
    segmentation(&mut page, report);
    duplicates(&mut page, report);
    boilerplate(&mut page, report);
    sidebar(&mut page, report);
    signals(&mut page, report);
    page.finish()
}

fn heading(page: &mut Page, id: &str) {
    let title = SECTIONS
        .iter()
        .find(|(section, _)| *section == id)
        .map_or(id, |(_, title)| title);
    page.heading(id, title);
}

fn run(page: &mut Page, report: &Report) {
    let run = &report.run;
    heading(page, "run");
    let mut facts = vec![
        vec![
            "command".to_string(),
            escape(run.command.as_deref().unwrap_or("?")),
        ],
        vec!["corpus version".to_string(), escape(&run.version)],
        vec!["completed (UTC)".to_string(), escape(&run.created_at)],
        vec!["inputs".to_string(), thousands(run.inputs)],
    ];
    if let Some(documents) = run.documents {
        facts.push(vec!["documents made".to_string(), thousands(documents)]);
    }
    if let Some(bytes) = run.bytes {
        facts.push(vec!["input MB".to_string(), megabytes(bytes)]);
    }
    if let Some(pages) = run.pages_per_second {
        facts.push(vec!["pages/s".to_string(), format!("{pages:.1}")]);
    }
    if let Some(mb) = run.megabytes_per_second {
        facts.push(vec!["MB/s".to_string(), format!("{mb:.2}")]);
    }
    if let Some(peak) = run.peak_rss_bytes {
        facts.push(vec![
            "peak memory (RSS) MiB".to_string(),
            format!("{:.0}", peak as f64 / f64::from(1 << 20)),
        ]);
    }
    page.table(&["", ""], &facts, false);
    let timings: Vec<(String, u64)> = run
        .timings_ms
        .iter()
        .map(|(phase, ms)| (phase.clone(), *ms))
        .collect();
    page.chart("timings", "Time per phase (ms)", "phase", &timings, false);
    let rows: Vec<Vec<String>> = run
        .rows
        .iter()
        .map(|(table, n)| vec![escape(table), thousands(*n)])
        .collect();
    page.table(&["table", "#rows"], &rows, false);
    let _ = writeln!(
        page.html,
        "<details><summary>Configuration</summary><pre>{}</pre></details>",
        escape(&run.config)
    );
}

fn inputs(page: &mut Page, report: &Report) {
    let inputs = &report.inputs;
    heading(page, "inputs");
    page.para(&format!(
        "{} pages became documents ({} MB); {} inputs were rejected ({} MB known).",
        thousands(inputs.documents.pages),
        megabytes(inputs.documents.bytes),
        thousands(inputs.rejected.pages),
        megabytes(inputs.rejected.bytes),
    ));
    page.pages_bytes("format", "Documents by format", "format", &inputs.by_format);
    page.pages_bytes(
        "container",
        "Documents by container",
        "container",
        &inputs.by_container,
    );
    page.pages_bytes(
        "compression",
        "Documents by compression (from the file name)",
        "compression",
        &inputs.by_compression,
    );
    page.pages_bytes(
        "encoding",
        "Documents by encoding",
        "encoding",
        &inputs.by_encoding,
    );
    let mut ways: Vec<&str> = inputs
        .encoding_decided_by
        .values()
        .flat_map(|by| by.keys().map(String::as_str))
        .collect();
    ways.sort_unstable();
    ways.dedup();
    let mut headers = vec!["encoding"];
    let numeric: Vec<String> = ways.iter().map(|w| format!("#{w}")).collect();
    headers.extend(numeric.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = inputs
        .encoding_decided_by
        .iter()
        .map(|(encoding, by)| {
            let mut row = vec![escape(encoding)];
            row.extend(
                ways.iter()
                    .map(|w| thousands(by.get(*w).copied().unwrap_or(0))),
            );
            row
        })
        .collect();
    page.para("How each encoding was decided (pages):");
    page.table(&headers, &rows, true);
}

fn rejects(page: &mut Page, report: &Report) {
    let rejects = &report.rejects;
    heading(page, "rejects");
    if rejects.total == 0 {
        page.empty("No input was rejected.");
        return;
    }
    let items: Vec<(String, u64)> = rejects
        .groups
        .iter()
        .map(|g| (format!("{} / {}", g.stage, g.kind), g.count))
        .collect();
    page.chart(
        "rejects",
        "Rejects by stage and kind",
        "stage / kind",
        &items,
        false,
    );
    for group in &rejects.groups {
        let _ = writeln!(
            page.html,
            "<h3>{} / {}: {}</h3>",
            escape(&group.stage),
            escape(&group.kind),
            thousands(group.count)
        );
        let rows: Vec<Vec<String>> = group
            .examples
            .iter()
            .map(|e| vec![escape(&e.source), escape(&e.message)])
            .collect();
        page.table(&["source", "message"], &rows, false);
    }
}

fn segmentation(page: &mut Page, report: &Report) {
    let seg = &report.segmentation;
    heading(page, "segmentation");
    page.para(&format!(
        "{} blocks on {} pages.",
        thousands(seg.blocks),
        thousands(seg.pages_with_blocks)
    ));
    let per_label: Vec<(String, u64)> = seg
        .labels
        .iter()
        .cloned()
        .zip(seg.blocks_per_label.iter().copied())
        .collect();
    page.chart("labels", "Blocks per label", "label", &per_label, false);
    let with_label: Vec<(String, u64)> = seg
        .labels
        .iter()
        .cloned()
        .zip(seg.pages_with_label.iter().copied())
        .collect();
    page.chart(
        "pages-with-label",
        "Pages with at least one block of each label",
        "label",
        &with_label,
        false,
    );
    page.counts_chart("rules", "Blocks per rule", "rule", &seg.blocks_per_rule, 30);

    if !seg.first_pages.is_empty() {
        let _ = write!(
            page.html,
            "<figure class=\"chart\" data-chart=\"labels-per-page\" data-bars=\"{}\"><figcaption>Labels per page, the first {} pages (click a column to sort)</figcaption><p class=\"key\">",
            seg.first_pages.len(),
            seg.first_pages.len()
        );
        let colours: Vec<&str> = seg.labels.iter().map(|l| label_colour(l)).collect();
        for (label, colour) in seg.labels.iter().zip(&colours) {
            let _ = write!(
                page.html,
                "<span style=\"border-color:{colour}\">{}</span>",
                escape(label)
            );
        }
        page.raw("</p>");
        let most = seg
            .first_pages
            .iter()
            .map(|p| p.counts.iter().sum::<u64>())
            .max()
            .unwrap_or(1)
            .max(1);
        let scale = 300.0 / most as f64;
        let mut headers = vec!["source", "#blocks"];
        let numeric: Vec<String> = seg.labels.iter().map(|l| format!("#{l}")).collect();
        headers.extend(numeric.iter().map(String::as_str));
        headers.push("blocks by label");
        let rows: Vec<Vec<String>> = seg
            .first_pages
            .iter()
            .map(|p| {
                let mut row = vec![
                    format!(
                        "<span title=\"{}\">{}</span>",
                        escape(&p.doc_id),
                        escape(&p.source)
                    ),
                    thousands(p.counts.iter().sum()),
                ];
                row.extend(p.counts.iter().map(|n| thousands(*n)));
                row.push(svg::stacked(&p.counts, &seg.labels, &colours, scale));
                row
            })
            .collect();
        page.table(&headers, &rows, true);
        page.raw("</figure>\n");
    }

    page.histogram("body-chars", "Body length (characters)", &seg.body_chars);
    page.histogram("paragraphs", "Body paragraphs", &seg.paragraphs);
    page.para(&format!(
        "{} pages have an empty body, {} a body under {SHORT_BODY_CHARS} characters.",
        thousands(seg.empty_bodies),
        thousands(seg.short_bodies)
    ));
    if !seg.short_examples.is_empty() {
        let rows: Vec<Vec<String>> = seg
            .short_examples
            .iter()
            .map(|s| {
                vec![
                    escape(&s.source),
                    escape(&s.title),
                    thousands(u64::from(s.chars)),
                ]
            })
            .collect();
        page.table(&["source", "title", "#characters"], &rows, true);
    }
    match &seg.page_types {
        Some(types) => page.counts_chart("page-types", "Page types", "page type", types, 20),
        None => page.empty("This dataset has no page_type column."),
    }
}

fn duplicates(page: &mut Page, report: &Report) {
    let dup = &report.duplicates;
    heading(page, "duplicates");
    if dup.clusters == 0 {
        page.empty("No duplicates were found.");
        return;
    }
    page.para(&format!(
        "{} duplicates in {} clusters.",
        thousands(dup.duplicates),
        thousands(dup.clusters)
    ));
    page.histogram(
        "cluster-sizes",
        "Cluster size (members)",
        &dup.cluster_sizes,
    );
    page.counts_chart(
        "duplicate-kinds",
        "Duplicates by kind",
        "kind",
        &dup.kinds,
        10,
    );
    page.para("exact: the same page bytes; re-scrape: the same body in a page that differs elsewhere; near: a similar body.");
    page.histogram(
        "similarity",
        "Similarity of near duplicates to their representative",
        &dup.similarity,
    );
    page.raw("<h3>Largest clusters</h3>\n");
    for cluster in &dup.largest {
        let _ = writeln!(
            page.html,
            "<p><b>{}</b> members, cluster {}</p>",
            thousands(cluster.size),
            escape(&cluster.cluster_id)
        );
        let rows: Vec<Vec<String>> = cluster
            .members
            .iter()
            .map(|m| {
                vec![
                    escape(&m.kind),
                    format!("{:.3}", m.similarity),
                    escape(&m.title),
                    escape(&m.source),
                ]
            })
            .collect();
        page.table(&["member", "#similarity", "title", "source"], &rows, false);
    }
}

fn boilerplate(page: &mut Page, report: &Report) {
    let bp = &report.boilerplate;
    heading(page, "boilerplate");
    if bp.blocks == 0 {
        page.empty("No block was flagged boilerplate.");
        return;
    }
    page.para(&format!(
        "{} blocks flagged boilerplate, {} distinct lines.",
        thousands(bp.blocks),
        thousands(bp.lines)
    ));
    let items: Vec<(String, u64)> = bp.top.iter().map(|l| (l.text.clone(), l.pages)).collect();
    page.chart(
        "boilerplate-lines",
        "Most repeated lines (pages each was on)",
        "line",
        &items,
        false,
    );
}

fn sidebar(page: &mut Page, report: &Report) {
    let sb = &report.sidebar;
    heading(page, "sidebar");
    if sb.links == 0 {
        page.empty("No sidebar links.");
        return;
    }
    page.para(&format!(
        "{} sidebar links, {} without a time.",
        thousands(sb.links),
        thousands(sb.without_time)
    ));
    page.counts_chart(
        "sections",
        "Links per section",
        "section",
        &sb.per_section,
        30,
    );
    let series: Vec<(String, u64)> = sb.published.iter().map(|(k, v)| (k.clone(), *v)).collect();
    page.chart(
        "published",
        "Links by published_at (UTC day or month)",
        "date",
        &series,
        true,
    );
}

fn signals(page: &mut Page, report: &Report) {
    heading(page, "signals");
    let Some(signals) = &report.signals else {
        page.empty("This dataset has no language or quality signals (made with --no-signals).");
        return;
    };
    page.counts_chart(
        "languages",
        "Documents per language",
        "language",
        &signals.languages,
        20,
    );
    page.histogram(
        "language-score",
        "Language identification score",
        &signals.language_score,
    );
    for histogram in &signals.distributions {
        let id = histogram.of.replace('_', "-");
        page.histogram(&id, &histogram.of, histogram);
    }
    page.para(&format!(
        "{} documents failed at least one --filter rule.",
        thousands(signals.filtered_documents)
    ));
    page.counts_chart(
        "failed-checks",
        "Documents failing each rule:check",
        "rule:check",
        &signals.failed_checks,
        40,
    );
    if !report.run.filtered.is_empty() {
        let rows: Vec<Vec<String>> = report
            .run
            .filtered
            .iter()
            .map(|(rule, n)| vec![escape(rule), thousands(*n)])
            .collect();
        page.table(
            &["rule", "#documents failing (counted by the run)"],
            &rows,
            false,
        );
    }
}

/// One page's blocks in order, each highlighted in its label's colour,
/// with its line range, rule, section and boilerplate flag.
pub fn page(blocks: &PageBlocks) -> String {
    let title = format!("corpus inspect: {}", blocks.source);
    let mut page = Page::new(&title);
    let _ = writeln!(page.html, "<h1>{}</h1>", escape(&blocks.source));
    page.table(
        &["", ""],
        &blocks
            .facts()
            .iter()
            .map(|(k, v)| vec![escape(k), escape(v)])
            .collect::<Vec<_>>(),
        false,
    );
    page.raw("<p class=\"key\">");
    for label in crate::LABELS {
        let _ = write!(
            page.html,
            "<span style=\"border-color:{}\">{label}</span>",
            label_colour(label)
        );
    }
    page.raw("</p>\n");
    for block in &blocks.blocks {
        let colour = label_colour(&block.label);
        let _ = writeln!(
            page.html,
            "<div class=\"block\" style=\"border-color:{colour};background:{colour}22\"><span class=\"tag\">{}</span>{}</div>",
            escape(&block.tag()),
            escape(&block.text)
        );
    }
    page.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
