//! The command line as a user meets it: help, exit codes, stdout hygiene.

use crate::support::{corpus, run_ok, seeds_dir};

#[test]
fn every_subcommand_has_help() {
    for sub in [
        "ingest",
        "read",
        "normalize",
        "segment",
        "dedupe",
        "export",
        "report",
        "inspect",
    ] {
        let out = run_ok(&[sub, "--help"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: corpus"), "{sub}: {text}");
    }
}

#[test]
fn read_writes_only_jsonl_records_to_stdout() {
    let out = run_ok(&["read", seeds_dir().to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each stdout line is a JSON record"))
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| r["record"] == "document"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 documents"));
}

#[test]
fn a_bad_option_fails_with_a_clear_message() {
    let out = corpus()
        .args(["ingest", "seeds", "--timezone", "Mars/Olympus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown time zone"));
}

#[test]
fn a_broken_jsonl_line_becomes_a_reject() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.jsonl");
    std::fs::write(&file, "{\"record\": \"document\"\n").unwrap();
    let out = run_ok(&["segment", file.to_str().unwrap(), "--quiet"]);
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["record"], "reject");
    assert_eq!(record["kind"], "parse");
    assert_eq!(record["stage"], "segment");
}

#[test]
fn explain_shows_each_line_with_its_label_and_rule() {
    let seed = seeds_dir().join("004_9bfabe07e541028b.txt");
    let out = run_ok(&["explain", seed.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |line: u32| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{line} ")))
            .unwrap_or_else(|| panic!("no row for line {line}:\n{text}"))
            .to_string()
    };
    assert!(row(1).contains("title"));
    assert!(row(4).contains("image") && row(4).contains("image_marker"));
    assert!(row(6).contains("body"));
    assert!(text.contains("11 body paragraphs, 3 captions, 2 related links, 22 sidebar items"));
    // The title is the rules' alone; a body line carries the model's score.
    let score = |row: &str| {
        row.split_whitespace().find_map(|w| {
            w.parse::<f64>()
                .ok()
                .filter(|v| w.contains('.') && *v <= 1.0)
        })
    };
    assert_eq!(score(&row(1)), None, "{}", row(1));
    assert!(score(&row(6)).is_some_and(|s| s >= 0.5), "{}", row(6));
}

#[test]
fn explain_why_names_the_features_that_moved_a_score() {
    let seed = seeds_dir().join("004_9bfabe07e541028b.txt");
    let out = run_ok(&["explain", seed.to_str().unwrap(), "--why", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let why: Vec<&str> = text.lines().filter(|l| l.contains("moved by")).collect();
    assert!(!why.is_empty(), "{text}");
    // Two named features with signed log-odds each.
    for line in why {
        let named = line.split("moved by ").nth(1).unwrap();
        assert_eq!(named.split(", ").count(), 2, "{line}");
        assert!(named.contains(" +") || named.contains(" -"), "{line}");
    }
}

/// The command list a user first sees; a change to it shows in review.
#[test]
fn top_level_help_snapshot() {
    let out = run_ok(&["--help"]);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

/// The end-of-run summary, with the timing line's figures masked.
#[test]
fn ingest_summary_snapshot() {
    let out_dir = tempfile::tempdir().unwrap();
    let seeds = seeds_dir();
    let out = corpus()
        .current_dir(seeds.parent().unwrap())
        .args(["ingest", "seeds", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(&out_dir.path().display().to_string(), "OUT");
    let masked: Vec<String> = stderr
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("time") {
                "  time       [masked]".to_string()
            } else {
                line.to_string()
            }
        })
        .collect();
    insta::assert_snapshot!(masked.join("\n"));
}

/// pages/s counts documents, not input files: one JSONL file of 30 pages.
#[test]
fn the_summary_rates_count_documents() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(seeds_dir().join("000_0974627a06fa0476.txt")).unwrap();
    let lines: Vec<String> = (0..30)
        .map(|i| serde_json::json!({ "text": format!("{page}\nPage {i}.") }).to_string())
        .collect();
    std::fs::write(dir.path().join("pages.jsonl"), lines.join("\n")).unwrap();
    let out = dir.path().join("out");
    let run = corpus()
        .args([
            "ingest",
            dir.path().join("pages.jsonl").to_str().unwrap(),
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let time = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("time"))
        .unwrap();
    let numbers: Vec<f64> = time
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (seconds, pages_per_second) = (numbers[0], numbers[1]);
    // seconds is printed to 0.01 s: allow that rounding.
    let pages = seconds * pages_per_second;
    assert!(
        (pages - 30.0).abs() <= pages_per_second * 0.006 + 0.5,
        "{time}: {pages} pages"
    );
}

#[test]
fn a_site_config_file_is_read_and_a_broken_one_named() {
    let config = seeds_dir().parent().unwrap().join("config/segment.toml");
    let out = tempfile::tempdir().unwrap();
    run_ok(&[
        "ingest",
        seeds_dir().to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    let links = crate::support::read_table(out.path(), "sidebar_links");
    assert_eq!(links.num_rows(), 44);

    let broken = out.path().join("broken.toml");
    std::fs::write(&broken, "timezone = 7\n").unwrap();
    let result = corpus()
        .args(["segment", "--config", broken.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("broken.toml"));
}
