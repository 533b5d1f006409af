//! `corpus report` and `corpus inspect` on real datasets: the aggregates a
//! user reads in report.html, and one page's blocks.

use crate::support::{TABLES, corpus, ingest_seeds, read_table, run_ok, strs};
use parquet::arrow::ArrowWriter;
use std::path::Path;

/// A small generated corpus (text and HTML pages, copies, re-scrapes and
/// edits), one empty input and 12 short pages sharing a footer line
/// (boilerplate, and bodies the filters reject), ingested with filters;
/// the generator's and the dataset's directories.
fn generated_dataset(pages: usize, extra: &[&str]) -> (tempfile::TempDir, tempfile::TempDir) {
    let generated = tempfile::tempdir().unwrap();
    let config = corpus_generate::GenerateConfig {
        pages,
        ..Default::default()
    };
    corpus_generate::generate(&config, generated.path()).unwrap();
    let pages_dir = generated.path().join("pages");
    std::fs::write(pages_dir.join("empty.txt"), b"").unwrap();
    std::fs::create_dir(pages_dir.join("short")).unwrap();
    for i in 0..12 {
        let page = format!(
            "Harbour notice {i}\n\nThe harbour of town {i} opened pier number {i} on Monday, the port office said.\n\nCopyright 2024 Harbour Daily News. All rights reserved.\n"
        );
        std::fs::write(pages_dir.join(format!("short/{i:02}.txt")), page).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "ingest",
        pages_dir.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--filter",
        "gopher,c4,fineweb",
        "--quiet",
    ];
    args.extend(extra);
    run_ok(&args);
    (generated, out)
}

fn aggregates(dataset: &Path) -> serde_json::Value {
    let out = run_ok(&["report", dataset.to_str().unwrap(), "--json"]);
    serde_json::from_slice(&out.stdout).expect("report --json prints one JSON object")
}

/// The report's numbers on 40 generated pages. The run's section (times,
/// memory, paths) differs from run to run and is checked apart.
#[test]
fn report_aggregates_snapshot() {
    let (_generated, out) = generated_dataset(40, &[]);
    let mut report = aggregates(out.path());
    let run = report.as_object_mut().unwrap().remove("run").unwrap();
    assert_eq!(run["command"], "ingest");
    assert_eq!(run["documents"], 52);
    assert_eq!(run["rows"]["rejects"], 1);
    assert!(run["timings_ms"]["total"].as_u64().is_some());
    assert!(run["pages_per_second"].as_f64().unwrap() > 0.0);
    assert!(run["peak_rss_bytes"].as_u64().unwrap() > 1 << 20);
    assert!(run["config"].as_str().unwrap().contains("\"filters\""));
    // One page's label counts per line keeps the snapshot readable.
    let pages = report["segmentation"]["first_pages"].take();
    let pages: Vec<String> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}", p["source"].as_str().unwrap(), p["counts"]))
        .collect();
    insta::assert_snapshot!(format!(
        "{}\nfirst_pages:\n{}",
        compact_json(&report, 0),
        pages.join("\n")
    ));
}

/// JSON indented like `to_string_pretty`, but a value whose compact form
/// fits in 90 characters stays on one line: a histogram bin, a short list.
fn compact_json(value: &serde_json::Value, indent: usize) -> String {
    let compact = value.to_string();
    if compact.len() + indent <= 90 {
        return compact;
    }
    let pad = "  ".repeat(indent + 1);
    let (open, close, items): (&str, &str, Vec<String>) = match value {
        serde_json::Value::Array(items) => (
            "[",
            "]",
            items.iter().map(|v| compact_json(v, indent + 1)).collect(),
        ),
        serde_json::Value::Object(map) => (
            "{",
            "}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", serde_json::json!(k), compact_json(v, indent + 1)))
                .collect(),
        ),
        _ => return compact,
    };
    let items: Vec<String> = items
        .into_iter()
        .map(|item| format!("{pad}{item}"))
        .collect();
    format!(
        "{open}\n{}\n{}{close}",
        items.join(",\n"),
        "  ".repeat(indent)
    )
}

/// What the report claims agrees with the tables it was made from.
#[test]
fn report_counts_match_the_tables() {
    let (_generated, out) = generated_dataset(120, &[]);
    let report = aggregates(out.path());
    let docs = crate::support::read_table(out.path(), "documents");
    let blocks = crate::support::read_table(out.path(), "blocks");
    let dups = crate::support::read_table(out.path(), "duplicates");
    assert_eq!(report["inputs"]["documents"]["pages"], docs.num_rows());
    assert_eq!(report["segmentation"]["blocks"], blocks.num_rows());
    assert_eq!(report["segmentation"]["pages_with_blocks"], docs.num_rows());
    let labels = crate::support::strs(&blocks, "label");
    let names = report["segmentation"]["labels"].as_array().unwrap();
    for (i, name) in names.iter().enumerate() {
        let expected = labels
            .iter()
            .filter(|l| *l == name.as_str().unwrap())
            .count();
        assert_eq!(
            report["segmentation"]["blocks_per_label"][i], expected,
            "{name}"
        );
    }
    let kinds = &report["duplicates"]["kinds"];
    let counted: u64 = kinds
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    let members = crate::support::strings(&dups, "kind")
        .iter()
        .filter(|k| k.is_some())
        .count();
    assert_eq!(counted as usize, members);
    // The generator makes re-scrapes (same article, new sidebar): the
    // report tells them from byte-identical copies.
    assert!(kinds["re-scrape"].as_u64().unwrap() > 0, "{kinds}");
    assert!(kinds["exact"].as_u64().unwrap() > 0, "{kinds}");
    assert!(!report["boilerplate"]["top"].as_array().unwrap().is_empty());
}

#[test]
fn ingest_writes_the_report_unless_told_not_to() {
    let (_generated, out) = generated_dataset(20, &[]);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("data-chart=\"body-chars\""));
    // Self-contained: no address another machine would have to serve.
    for attribute in [
        "src=",
        "href=\"http",
        "href='http",
        "url(",
        "@import",
        "http://",
        "https://",
    ] {
        assert!(
            !html.contains(attribute),
            "report.html contains {attribute}"
        );
    }
    let (_generated, out) = generated_dataset(20, &["--no-report"]);
    assert!(!out.path().join("report.html").exists());
    // `corpus report` writes it for any dataset.
    run_ok(&["report", out.path().to_str().unwrap(), "--quiet"]);
    assert!(out.path().join("report.html").exists());
}

/// One page's blocks in order with label, rule, section and flags.
#[test]
fn inspect_snapshot_on_a_seed() {
    let out = ingest_seeds(&["--no-report"]);
    let dataset = out.path().to_str().unwrap();
    let by_source = run_ok(&[
        "inspect",
        dataset,
        "004_9bfabe07e541028b.txt",
        "--color",
        "never",
    ]);
    let text = String::from_utf8(by_source.stdout).unwrap();
    assert!(!text.contains('\x1b'));
    insta::assert_snapshot!(text);
    // The doc id finds the same page.
    let doc_id = text
        .lines()
        .find_map(|l| l.strip_prefix("doc_id"))
        .unwrap()
        .trim()
        .to_string();
    let by_id = run_ok(&["inspect", dataset, &doc_id, "--color", "never"]);
    assert_eq!(String::from_utf8(by_id.stdout).unwrap(), text);
    // --color always colours the labels.
    let coloured = run_ok(&["inspect", dataset, &doc_id, "--color", "always"]);
    assert!(
        String::from_utf8(coloured.stdout)
            .unwrap()
            .contains("\x1b[32mbody")
    );
}

#[test]
fn inspect_html_highlights_each_block_and_a_missing_page_is_an_error() {
    let out = ingest_seeds(&["--no-report"]);
    let dataset = out.path().to_str().unwrap();
    let html_path = out.path().join("page.html");
    run_ok(&[
        "inspect",
        dataset,
        "000_0974627a06fa0476.txt",
        "--html",
        html_path.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&html_path).unwrap();
    let blocks = crate::support::read_table(out.path(), "blocks");
    let ids = crate::support::strs(&blocks, "doc_id");
    let first = &ids[0];
    let expected = ids.iter().filter(|id| *id == first).count();
    assert_eq!(html.matches("<div class=\"block\"").count(), expected);
    assert!(html.contains("body · "), "labels are named on each block");

    let missing = corpus()
        .args(["inspect", dataset, "no/such/page.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no page with source or doc_id"));
}

/// Each table of the dataset in `dir` moved into a folder of parts, as a
/// sharded ingest writes them: `documents/part-00000.parquet` with the
/// first half of the rows, an empty `part-00001.parquet`, the rest in
/// `part-00002.parquet`; and a part still being written beside them.
fn move_into_parts(dir: &Path) {
    for table in TABLES {
        let rows = read_table(dir, table);
        let folder = dir.join(table);
        std::fs::create_dir(&folder).unwrap();
        let half = rows.num_rows() / 2;
        let parts = [
            rows.slice(0, half),
            rows.slice(half, 0),
            rows.slice(half, rows.num_rows() - half),
        ];
        for (n, part) in parts.iter().enumerate() {
            let file = std::fs::File::create(folder.join(format!("part-{n:05}.parquet"))).unwrap();
            let mut writer = ArrowWriter::try_new(file, rows.schema(), None).unwrap();
            writer.write(part).unwrap();
            writer.close().unwrap();
        }
        std::fs::write(folder.join(".part-00003.parquet.tmp-77-0"), b"half written").unwrap();
        std::fs::remove_file(dir.join(format!("{table}.parquet"))).unwrap();
    }
}

/// A dataset in part folders inspects and reports as it did in one file
/// per table.
#[test]
fn inspect_and_report_read_tables_in_part_folders() {
    let out = ingest_seeds(&["--no-report"]);
    let dataset = out.path().to_str().unwrap();
    let sources = strs(&read_table(out.path(), "documents"), "source");
    assert!(sources.len() > 1);
    let inspect = |source: &str| {
        let shown = run_ok(&["inspect", dataset, source, "--color", "never"]);
        String::from_utf8(shown.stdout).unwrap()
    };
    let page_html = |name: &str| {
        let path = out.path().join(name);
        run_ok(&[
            "inspect",
            dataset,
            &sources[0],
            "--html",
            path.to_str().unwrap(),
        ]);
        std::fs::read_to_string(&path).unwrap()
    };
    let pages: Vec<String> = sources.iter().map(|source| inspect(source)).collect();
    let html = page_html("single.html");
    let report = aggregates(out.path());

    move_into_parts(out.path());
    assert!(!out.path().join("documents.parquet").exists());
    for (source, page) in sources.iter().zip(&pages) {
        assert_eq!(&inspect(source), page, "{source}");
    }
    assert_eq!(page_html("parts.html"), html);
    assert_eq!(aggregates(out.path()), report);
    run_ok(&["report", dataset, "--quiet"]);
    assert!(out.path().join("report.html").exists());

    // Neither a file nor a folder: the error names the table.
    std::fs::remove_dir_all(out.path().join("rejects")).unwrap();
    let missing = corpus()
        .args(["report", dataset, "--json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("neither rejects.parquet nor a folder rejects/"),
        "{stderr}"
    );
}
