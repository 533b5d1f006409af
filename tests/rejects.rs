//! Bad inputs become rejects with a reason; the rest of the run completes.

use crate::support::{corpus, read_table, seeds_dir, strs};
use std::io::Write;
use std::path::Path;

/// A directory with one good page and one file of each kind of damage.
fn damaged_inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(seeds_dir().join("000_0974627a06fa0476.txt")).unwrap();
    std::fs::write(dir.path().join("good.txt"), &good).unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2048u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(dir.path().join("picture.txt"), png).unwrap();
    let garbage: Vec<u8> = (0..4096u32).map(|i| 0x80 + (i * 13 % 0x7f) as u8).collect();
    std::fs::write(dir.path().join("invalid-utf8.txt"), garbage).unwrap();
    let mut gz = flate2_gzip(&good);
    gz.truncate(gz.len() / 2);
    std::fs::write(dir.path().join("truncated.txt.gz"), gz).unwrap();
    dir
}

fn flate2_gzip(bytes: &[u8]) -> Vec<u8> {
    // The test crate avoids a flate2 dependency: gzip via the system's gzip.
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout
}

fn ingest(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    corpus()
        .args([
            "ingest",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn each_bad_file_lands_in_rejects_with_a_reason_and_the_run_completes() {
    let inputs = damaged_inputs();
    let out = tempfile::tempdir().unwrap();
    let result = ingest(inputs.path(), out.path(), &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );

    let docs = read_table(out.path(), "documents");
    assert_eq!(strs(&docs, "source"), ["good.txt"]);

    let rejects = read_table(out.path(), "rejects");
    let sources = strs(&rejects, "source");
    let kinds = strs(&rejects, "kind");
    let messages = strs(&rejects, "message");
    let stages = strs(&rejects, "stage");
    let by_source = |name: &str| {
        let i = sources
            .iter()
            .position(|s| s == name)
            .unwrap_or_else(|| panic!("{name} is not in rejects: {sources:?}"));
        (kinds[i].as_str(), messages[i].as_str(), stages[i].as_str())
    };
    assert_eq!(by_source("empty.txt").0, "empty");
    assert_eq!(by_source("picture.txt").0, "binary");
    assert_eq!(by_source("invalid-utf8.txt").0, "decode");
    assert_eq!(by_source("truncated.txt.gz").0, "decompress");
    for (kind, message, stage) in [
        "empty.txt",
        "picture.txt",
        "invalid-utf8.txt",
        "truncated.txt.gz",
    ]
    .map(by_source)
    {
        assert_eq!(stage, "read", "{kind}");
        assert!(
            message.len() > 10,
            "{kind}: the reason is too terse: {message:?}"
        );
    }
    assert_eq!(rejects.num_rows(), 4);
}

#[test]
fn strict_fails_the_run_on_rejects_but_still_writes_the_dataset() {
    let inputs = damaged_inputs();
    let out = tempfile::tempdir().unwrap();
    let result = ingest(inputs.path(), out.path(), &["--strict"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("rejected"));
    assert_eq!(read_table(out.path(), "rejects").num_rows(), 4);
}

#[test]
fn a_missing_input_is_a_reject_not_a_crash() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("no-such-dir");
    let result = ingest(&missing, &out.path().join("data"), &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let rejects = read_table(&out.path().join("data"), "rejects");
    assert_eq!(strs(&rejects, "kind"), ["io"]);
}
