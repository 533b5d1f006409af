//! `ingest --incremental`: a re-run processes only new or changed inputs and
//! writes the dataset a full run would.

use crate::support::{assert_same_dataset, read_table, run_ok, seeds_dir, strs};
use std::fs;
use std::path::Path;

const HTML_PAGE: &str = "<html><head><title>Harbour reopens</title></head><body>\
    <article><h1>Harbour reopens after storm</h1>\
    <p>The harbour reopened on Monday after three days of repairs to the breakwater, \
    the port authority said in a statement.</p>\
    <p>Fishing boats were the first to leave, followed by two cargo ships that had \
    waited outside the bay since the weekend.</p></article></body></html>";

fn ingest(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "ingest",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run_ok(&args);
}

/// `config.incremental` of the dataset's manifest.
fn cache_stats(out: &Path) -> serde_json::Value {
    let manifest = fs::read_to_string(out.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    manifest["config"]["incremental"].clone()
}

fn counts(stats: &serde_json::Value) -> (u64, u64, u64) {
    let n = |key: &str| stats[key].as_u64().unwrap();
    (n("reused"), n("processed"), n("gone"))
}

/// Two seed pages and an HTML page in a fresh directory.
fn pages(dir: &Path) -> std::path::PathBuf {
    let pages = dir.join("pages");
    fs::create_dir_all(&pages).unwrap();
    for seed in fs::read_dir(seeds_dir()).unwrap() {
        let seed = seed.unwrap().path();
        fs::copy(&seed, pages.join(seed.file_name().unwrap())).unwrap();
    }
    fs::write(pages.join("harbour.html"), HTML_PAGE).unwrap();
    pages
}

#[test]
fn a_rerun_processes_only_new_and_changed_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages(dir.path());
    let out = dir.path().join("out");

    ingest(&pages, &out, &["--incremental"]);
    let first = cache_stats(&out);
    assert_eq!(counts(&first), (0, 3, 0));
    assert_eq!(first["fresh_because"], "no previous cache");

    ingest(&pages, &out, &["--incremental"]);
    assert_eq!(counts(&cache_stats(&out)), (3, 0, 0), "nothing changed");

    // One page edited, one added, one removed.
    let edited = HTML_PAGE.replace("three days", "four days");
    fs::write(pages.join("harbour.html"), edited).unwrap();
    fs::write(
        pages.join("bridge.html"),
        HTML_PAGE.replace("harbour", "bridge"),
    )
    .unwrap();
    let seed = fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    fs::remove_file(&seed).unwrap();
    ingest(&pages, &out, &["--incremental"]);
    assert_eq!(counts(&cache_stats(&out)), (1, 2, 1));

    let full = dir.path().join("full");
    ingest(&pages, &full, &[]);
    assert_same_dataset(&out, &full);
    let bodies = strs(&read_table(&out, "documents"), "body");
    let harbour: Vec<&String> = bodies.iter().filter(|b| b.contains("harbour")).collect();
    assert_eq!(harbour.len(), 1, "{bodies:?}");
    assert!(
        harbour[0].contains("four days"),
        "the edit is in: {harbour:?}"
    );
}

#[test]
fn changed_settings_process_every_input_again() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages(dir.path());
    let out = dir.path().join("out");
    ingest(&pages, &out, &["--incremental"]);

    ingest(&pages, &out, &["--incremental", "--no-mojibake"]);
    let stats = cache_stats(&out);
    assert_eq!(counts(&stats), (0, 3, 0));
    assert!(
        stats["fresh_because"]
            .as_str()
            .unwrap()
            .contains("settings changed"),
        "{stats}"
    );
    // Deduplication settings do not change what a page segments to.
    ingest(
        &pages,
        &out,
        &["--incremental", "--no-mojibake", "--threshold", "0.9"],
    );
    assert_eq!(counts(&cache_stats(&out)), (3, 0, 0));
}

#[test]
fn a_damaged_cache_costs_time_not_data() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages(dir.path());
    let out = dir.path().join("out");
    ingest(&pages, &out, &["--incremental"]);
    let records = out.join(".corpus-cache/records.zst");
    let len = fs::metadata(&records).unwrap().len() as usize;
    fs::write(&records, vec![0xA5; len]).unwrap();

    ingest(&pages, &out, &["--incremental"]);
    assert_eq!(counts(&cache_stats(&out)), (0, 3, 0));
    let full = dir.path().join("full");
    ingest(&pages, &full, &[]);
    assert_same_dataset(&out, &full);

    // The damaged cache was replaced by a good one.
    ingest(&pages, &out, &["--incremental"]);
    assert_eq!(counts(&cache_stats(&out)), (3, 0, 0));
}

#[test]
fn without_the_flag_no_cache_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pages(dir.path());
    let out = dir.path().join("out");
    ingest(&pages, &out, &[]);
    assert!(!out.join(".corpus-cache").exists());
    assert!(cache_stats(&out).is_null());
}
