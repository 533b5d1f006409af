//! The stages piped one by one give the same dataset as `ingest`.

use crate::support::{assert_same_dataset, corpus, run_ok, seeds_dir};
use std::io::Write;
use std::process::{Child, Command, Stdio};

/// Start `corpus ARGS` reading from `input` (a previous stage's stdout).
fn stage(args: &[&str], input: Option<&mut Child>) -> Child {
    let mut cmd: Command = corpus();
    cmd.args(args)
        .arg("--quiet")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    match input {
        Some(previous) => cmd.stdin(previous.stdout.take().unwrap()),
        None => cmd.stdin(Stdio::null()),
    };
    cmd.spawn().unwrap()
}

#[test]
fn piped_stages_equal_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let ingested = dir.path().join("ingested");
    let piped = dir.path().join("piped");
    let seeds = seeds_dir();
    run_ok(&[
        "ingest",
        seeds.to_str().unwrap(),
        "--out",
        ingested.to_str().unwrap(),
        "--quiet",
        "--filter",
        "gopher,c4,fineweb",
    ]);

    let mut read = stage(&["read", seeds.to_str().unwrap()], None);
    let mut normalize = stage(&["normalize"], Some(&mut read));
    let mut segment = stage(&["segment"], Some(&mut normalize));
    let mut signals = stage(
        &["signals", "--filter", "gopher,c4,fineweb"],
        Some(&mut segment),
    );
    let mut dedupe = stage(&["dedupe"], Some(&mut signals));
    let mut export = stage(
        &["export", "--out", piped.to_str().unwrap()],
        Some(&mut dedupe),
    );
    for (name, child) in [
        ("read", &mut read),
        ("normalize", &mut normalize),
        ("segment", &mut segment),
        ("signals", &mut signals),
        ("dedupe", &mut dedupe),
        ("export", &mut export),
    ] {
        assert!(child.wait().unwrap().success(), "{name} failed");
    }
    assert_same_dataset(&ingested, &piped);
}

#[test]
fn a_stage_reads_jsonl_files_as_well_as_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let read_out = dir.path().join("read.jsonl");
    run_ok(&[
        "read",
        seeds_dir().to_str().unwrap(),
        "-o",
        read_out.to_str().unwrap(),
        "--quiet",
    ]);
    let from_file = run_ok(&["normalize", read_out.to_str().unwrap(), "--quiet"]).stdout;

    let mut child = corpus()
        .args(["normalize", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = std::fs::read(&read_out).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let from_stdin = child.wait_with_output().unwrap().stdout;
    assert_eq!(from_file, from_stdin);
    assert_eq!(from_file.iter().filter(|&&b| b == b'\n').count(), 2);
}
