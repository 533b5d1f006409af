//! A sharded ingest (`corpus plan`, then every task of each step as its own
//! process, a step's tasks at once) writes the dataset `corpus ingest`
//! writes: the same rows in every table, in the same order, whatever the
//! number of shards and buckets; and a task killed with `kill -9` and run
//! again leaves the same dataset and no temp files.

use crate::support::{assert_same_dataset, corpus, generated_pages, read_table, run_ok};
use arrow::array::AsArray;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The steps of the plan in `work`, with their task counts.
fn steps(work: &Path) -> Vec<(String, u32)> {
    let plan: serde_json::Value =
        serde_json::from_slice(&fs::read(work.join("plan.json")).unwrap()).unwrap();
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["tasks"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

fn spawn_task(step: &str, work: &Path, task: u32) -> Child {
    corpus()
        .args(["--quiet", "--threads", "1", step])
        .arg(work)
        .arg(task.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Run every task of `step` at once and wait for all of them.
fn run_step(step: &str, tasks: u32, work: &Path) {
    let children: Vec<Child> = (0..tasks).map(|t| spawn_task(step, work, t)).collect();
    for (task, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{step} {task}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn plan(pages: &Path, out: &Path, work: &Path, shards: u32, buckets: u32) {
    run_ok(&[
        "plan",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--work",
        work.to_str().unwrap(),
        "--shards",
        &shards.to_string(),
        "--buckets",
        &buckets.to_string(),
        "--batch-size",
        "40",
        "--no-report",
        "--quiet",
    ]);
}

fn ingest(pages: &Path, out: &Path) {
    run_ok(&[
        "ingest",
        pages.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--batch-size",
        "40",
        "--no-report",
        "--quiet",
    ]);
}

/// Files and folders under `dir` whose names say they are temporary.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".tmp") {
                found.push(path.clone());
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

#[test]
fn any_number_of_shards_and_buckets_gives_the_one_process_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    generated_pages(&pages, 300);
    let one = dir.path().join("one");
    ingest(&pages, &one);
    // Not a vacuous comparison: there are clusters and boilerplate to agree on.
    assert!(read_table(&one, "duplicates").num_rows() > 20);
    let blocks = read_table(&one, "blocks");
    let flagged = blocks.column_by_name("boilerplate").unwrap().as_boolean();
    assert!(flagged.true_count() > 0, "some blocks are boilerplate");

    for (shards, buckets) in [(1, 1), (4, 1), (7, 1), (1, 8), (4, 8), (7, 8)] {
        let out = dir.path().join(format!("out-{shards}-{buckets}"));
        let work = dir.path().join(format!("work-{shards}-{buckets}"));
        plan(&pages, &out, &work, shards, buckets);
        assert!(!out.join("manifest.json").exists());
        for (step, tasks) in steps(&work) {
            if step == "commit" {
                assert!(!out.join("manifest.json").exists(), "visible before commit");
            }
            run_step(&step, tasks, &work);
        }
        assert_same_dataset(&one, &out);
        assert_eq!(
            fs::read_dir(out.join("documents")).unwrap().count(),
            shards as usize,
            "one part per shard"
        );
        let (a, b) = (manifest(&one), manifest(&out));
        assert_eq!(a["rows"], b["rows"], "{shards} shards, {buckets} buckets");
        assert_eq!(a["documents"], b["documents"]);
        assert_eq!(a["inputs"], b["inputs"]);
        assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));
        assert!(temp_files(&work).is_empty(), "{:?}", temp_files(&work));
    }
}

/// Start a task and kill it with SIGKILL once `started` sees its work
/// under way (or it ends first: then the kill proves nothing, and false).
fn kill_mid_task(step: &str, work: &Path, task: u32, started: impl Fn() -> bool) -> bool {
    let mut child = spawn_task(step, work, task);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if started() {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        assert!(Instant::now() < deadline, "{step} {task} never started");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn has_temp_part(out: &Path) -> bool {
    fs::read_dir(out.join("documents"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with(".part-00000"))
        })
        .unwrap_or(false)
}

#[test]
fn tasks_killed_mid_run_rerun_to_the_same_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    generated_pages(&pages, 600);
    let one = dir.path().join("one");
    ingest(&pages, &one);
    let (out, work) = (dir.path().join("out"), dir.path().join("work"));
    plan(&pages, &out, &work, 2, 3);
    let done = |step: &str, task: u32| work.join(format!("done/{step}-{task:05}")).exists();

    // A map killed while it spills: its temp folder is left, then replaced.
    let killed = kill_mid_task("map", &work, 0, || work.join("map/00000.tmp").exists());
    assert!(killed, "the map finished before it could be killed");
    assert!(!done("map", 0));
    let refused = corpus()
        .args(["--quiet", "reduce"])
        .arg(&work)
        .arg("0")
        .output()
        .unwrap();
    assert!(!refused.status.success(), "reduce ran before every map");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("map task 0 has not finished"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    run_step("map", 2, &work);

    // A reduce killed once it holds its lock.
    if kill_mid_task("reduce", &work, 1, || {
        work.join("locks/reduce-00001").exists()
    }) {
        assert!(!done("reduce", 1));
    }
    run_step("reduce", 3, &work);
    run_step("cluster", 1, &work);
    run_step("lines", 3, &work);

    // A write killed while its part is half written: the temp file stays
    // until the task runs again.
    let killed = kill_mid_task("write", &work, 0, || has_temp_part(&out));
    assert!(killed, "the write finished before it could be killed");
    assert!(has_temp_part(&out), "a killed write leaves its temp part");
    run_step("write", 2, &work);
    assert!(
        !has_temp_part(&out),
        "the rerun removed the dead task's temp part"
    );
    run_step("commit", 1, &work);

    assert_same_dataset(&one, &out);
    assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));
    assert!(temp_files(&work).is_empty(), "{:?}", temp_files(&work));

    // Running the whole plan again, done tasks and all, rewrites the same.
    plan(&pages, &out, &work, 2, 3);
    assert!(done("map", 1), "the same plan keeps finished tasks");
    for (step, tasks) in steps(&work) {
        run_step(&step, tasks, &work);
    }
    assert_same_dataset(&one, &out);
}

#[test]
fn a_task_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let output = corpus().arg("map").arg(&work).arg("0").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("corpus plan"), "{stderr}");

    let seeds = crate::support::seeds_dir();
    let out = dir.path().join("out");
    plan(&seeds, &out, &work, 2, 2);
    let output = corpus().arg("write").arg(&work).arg("5").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("write has tasks 0 to 1"), "{stderr}");

    fs::write(dir.path().join("other"), b"x").unwrap();
    let output = corpus()
        .args(["plan", seeds.to_str().unwrap(), "--shards", "2", "--work"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "a folder that is not a work folder"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("holds no plan"));
}
