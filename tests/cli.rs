//! The command line as a user meets it: help, exit codes, stdout hygiene.

use crate::support::{corpus, run_ok, seeds_dir};

#[test]
fn every_subcommand_has_help() {
    for sub in ["ingest", "read", "normalize", "segment", "dedupe", "export"] {
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
