//! A run killed with `kill -9` leaves nothing that outlives it: the next run
//! into the same directory removes its temp files and writes the dataset a
//! clean run writes, and the dedupe spill is never a file anyone can see.

use crate::support::{assert_same_dataset, corpus, generated_pages, run_ok};
use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Names in `dir` that a finished run must not leave.
fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-") || name.starts_with(".corpus-spill"))
        .collect();
    names.sort();
    names
}

/// Start `corpus ingest` and return once it has begun writing the dataset
/// (its tables' temp files are there).
fn start_ingest(pages: &str, out: &str) -> Child {
    let mut run = corpus()
        .args(["ingest", pages, "--out", out, "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while leftovers(Path::new(out)).is_empty() {
        assert!(
            run.try_wait().unwrap().is_none(),
            "the run ended before it was seen writing"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temp files appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    run
}

#[test]
fn a_killed_ingest_is_cleaned_up_by_the_next_run_which_equals_a_clean_one() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    generated_pages(&pages, 600);
    let out = tmp.path().join("out");
    let pages_arg = pages.to_str().unwrap();
    let out_arg = out.to_str().unwrap();

    let mut run = start_ingest(pages_arg, out_arg);
    // Kill it a little after it starts writing, while it reads and spills.
    std::thread::sleep(Duration::from_millis(200));
    let seen = leftovers(&out);
    assert!(
        run.try_wait().unwrap().is_none(),
        "the run ended before it could be killed"
    );
    run.kill().unwrap(); // SIGKILL: no destructor runs
    run.wait().unwrap();

    assert!(
        seen.iter().all(|name| !name.starts_with(".corpus-spill")),
        "the spill file was visible: {seen:?}"
    );
    assert!(
        !leftovers(&out).is_empty(),
        "a killed run cannot remove its temp files"
    );
    assert!(!out.join("manifest.json").exists());

    run_ok(&["ingest", pages_arg, "--out", out_arg, "--quiet"]);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let clean = tmp.path().join("clean");
    run_ok(&[
        "ingest",
        pages_arg,
        "--out",
        clean.to_str().unwrap(),
        "--quiet",
    ]);
    assert_same_dataset(&out, &clean);
}

#[test]
fn two_runs_into_one_directory_the_second_is_refused_and_the_first_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    generated_pages(&pages, 300);
    let out = tmp.path().join("out");
    let (pages_arg, out_arg) = (pages.to_str().unwrap(), out.to_str().unwrap());
    let first = start_ingest(pages_arg, out_arg);
    let second = corpus()
        .args(["ingest", pages_arg, "--out", out_arg, "--quiet"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another corpus run is writing"), "{stderr}");
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert!(out.join("manifest.json").exists());
}
