//! Language, quality signals and filters through `corpus ingest`.

use crate::support::{read_table, run_ok, seeds_dir, strings, strs};
use arrow::array::{Array, AsArray};
use arrow::datatypes::{Float32Type, UInt32Type};
use std::fs;
use std::path::Path;

/// The seeds, plus a page whose body is two sentences: too short for Gopher and C4.
fn inputs(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("in");
    fs::create_dir(&input).unwrap();
    for entry in fs::read_dir(seeds_dir()).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    fs::write(
        input.join("port.html"),
        "<html><head><title>Port news</title></head><body><nav><a href='/'>Home</a></nav>\
         <article><h1>Port opens a new gate</h1><p>The port opened a new gate for trucks \
         today, and drivers said the wait at the entrance was shorter than last week.</p>\
         <p>Officials expect the second gate to open in the spring, once the road to it is \
         finished.</p></article><footer>Contact us</footer></body></html>",
    )
    .unwrap();
    input
}

fn filtered_by(dir: &Path) -> Vec<(String, Vec<String>)> {
    let docs = read_table(dir, "documents");
    let lists = docs.column_by_name("filtered_by").unwrap().as_list::<i32>();
    strs(&docs, "source")
        .into_iter()
        .enumerate()
        .map(|(i, source)| {
            let items = lists.value(i);
            let items = items.as_string::<i32>();
            (
                source,
                (0..items.len())
                    .map(|j| items.value(j).to_string())
                    .collect(),
            )
        })
        .collect()
}

/// `corpus ingest INPUT --out OUT --quiet` and `flags`.
fn ingest_args<'a>(input: &'a Path, out: &'a Path, flags: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "ingest",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend(flags);
    args
}

#[test]
fn every_document_gets_a_language_and_its_signals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_ok(&ingest_args(&seeds_dir(), &out, &[]));
    let docs = read_table(&out, "documents");
    // English about Vietnam, full of Vietnamese names.
    assert!(
        strings(&docs, "language")
            .iter()
            .all(|l| l.as_deref() == Some("en"))
    );
    let score = docs
        .column_by_name("language_score")
        .unwrap()
        .as_primitive::<Float32Type>();
    assert!(
        score.iter().all(|s| s.is_some_and(|s| s > 0.5)),
        "{score:?}"
    );
    let words = docs
        .column_by_name("gopher_word_count")
        .unwrap()
        .as_primitive::<UInt32Type>();
    assert!(
        words.iter().all(|w| w.is_some_and(|w| w > 100)),
        "{words:?}"
    );
    // No --filter: nothing is filtered.
    assert!(filtered_by(&out).iter().all(|(_, rules)| rules.is_empty()));
}

#[test]
fn filters_name_the_failed_rules_and_drop_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let kept = dir.path().join("kept");
    let filter = ["--filter", "gopher,c4,fineweb"];
    run_ok(&ingest_args(&input, &kept, &filter));
    let rows = filtered_by(&kept);
    assert_eq!(rows.len(), 3);
    for (source, rules) in &rows {
        if source == "port.html" {
            assert_eq!(rules, &["gopher:short_doc", "c4:too_few_sentences"]);
        } else {
            assert!(rules.is_empty(), "{source}: {rules:?}");
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(kept.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["filtered"],
        serde_json::json!({"c4": 1, "gopher": 1})
    );

    let dropped = dir.path().join("dropped");
    let mut args = ingest_args(&input, &dropped, &filter);
    args.push("--drop-filtered");
    run_ok(&args);
    let sources: Vec<String> = filtered_by(&dropped).into_iter().map(|(s, _)| s).collect();
    assert_eq!(sources.len(), 2);
    assert!(!sources.contains(&"port.html".to_string()));
    let blocks = read_table(&dropped, "blocks");
    assert!(!strs(&blocks, "doc_id").is_empty());
}

#[test]
fn the_config_file_overrides_thresholds_and_rejects_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path());
    let config = dir.path().join("site.toml");
    fs::write(
        &config,
        "timezone = \"Asia/Ho_Chi_Minh\"\n[filters.gopher]\nmin_words = 30\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let flags = ["--filter", "gopher", "--config", config.to_str().unwrap()];
    run_ok(&ingest_args(&input, &out, &flags));
    let rows = filtered_by(&out);
    assert!(rows.iter().all(|(_, rules)| rules.is_empty()), "{rows:?}");

    fs::write(&config, "[filters.gopher]\nmin_wrods = 1\n").unwrap();
    let output = crate::support::corpus()
        .args(ingest_args(&input, &out, &flags))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("min_wrods"), "{stderr}");
}
