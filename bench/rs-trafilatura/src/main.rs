//! `rs-trafilatura-extract --input DIR [--threads N] --out PRED.json`
//!
//! Runs the published rs-trafilatura crate (its defaults: `extract_bytes`,
//! which detects the encoding itself) over every `*.html` / `*.html.gz` file
//! under DIR, on N std threads pulling pages from a shared counter. Writes
//! `{id: main text}` as one JSON object (id: the file name without `.gz` and
//! `.html`), the form the WCXB scorer's `--json-preds` reads, and prints one
//! JSON line: tool, pages, seconds, `pages_per_s`, errors.
//!
//! `seconds` covers the extraction only: every file is read and gunzipped
//! into memory first, and the JSON is written after the clock stops.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use std::{env, fs, io, process, thread};

use flate2::read::GzDecoder;

const TOOL: &str = "rs-trafilatura 0.2.2";

struct Args {
    input: PathBuf,
    threads: usize,
    out: PathBuf,
}

fn usage(msg: &str) -> ! {
    eprintln!("rs-trafilatura-extract: {msg}");
    eprintln!("usage: rs-trafilatura-extract --input DIR [--threads N] --out PRED.json");
    process::exit(2);
}

fn parse_args() -> Args {
    let (mut input, mut threads, mut out) = (None, 1, None);
    let mut it = env::args().skip(1);
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else {
            usage(&format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--input" => input = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--threads" => match value.parse::<usize>() {
                Ok(n) if n > 0 => threads = n,
                _ => usage("--threads takes a positive integer"),
            },
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    let Some(input) = input else {
        usage("--input is required")
    };
    let Some(out) = out else {
        usage("--out is required")
    };
    Args {
        input,
        threads,
        out,
    }
}

/// The id of a page file: its name without `.gz`, then without `.html`/`.htm`.
/// Only these are stripped, since ids may contain dots (`zeit.de.slug`).
fn page_id(name: &str) -> Option<&str> {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    [".html", ".htm", ".xhtml"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
}

/// Every page file under dir, sorted by path, recursively.
fn page_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            page_files(&path, out)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(page_id)
            .is_some()
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_page(path: &Path) -> io::Result<Vec<u8>> {
    let raw = fs::read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut html = Vec::new();
        GzDecoder::new(raw.as_slice()).read_to_end(&mut html)?;
        Ok(html)
    } else {
        Ok(raw)
    }
}

/// The main text of one page; None when the crate returns an error or panics
/// (such a page is written with an empty body and counted in `errors`).
fn extract(html: &[u8]) -> Option<String> {
    match catch_unwind(AssertUnwindSafe(|| rs_trafilatura::extract_bytes(html))) {
        Ok(Ok(result)) => Some(result.content_text),
        _ => None,
    }
}

fn run(args: &Args) -> io::Result<()> {
    let mut files = Vec::new();
    page_files(&args.input, &mut files)?;
    let mut pages = Vec::with_capacity(files.len());
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let id = page_id(name).unwrap_or(name).to_owned();
        pages.push((id, read_page(path)?));
    }

    // Threads take the next page from a shared counter, so a slow page does
    // not leave the other threads idle as a fixed split would.
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let results: Vec<Vec<(usize, Option<String>)>> = thread::scope(|s| {
        let workers: Vec<_> = (0..args.threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((_, html)) = pages.get(i) else { break };
                        done.push((i, extract(html)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();

    let mut bodies = BTreeMap::new();
    let mut errors = 0;
    for (i, text) in results.into_iter().flatten() {
        errors += usize::from(text.is_none());
        bodies.insert(pages[i].0.as_str(), text.unwrap_or_default());
    }
    let mut out = io::BufWriter::new(fs::File::create(&args.out)?);
    serde_json::to_writer(&mut out, &bodies)?;
    out.flush()?;

    let n = pages.len();
    #[allow(clippy::cast_precision_loss)] // page counts are far below 2^52
    let pages_per_s = if seconds > 0.0 {
        n as f64 / seconds
    } else {
        0.0
    };
    // Written by hand to keep the keys in this order.
    println!(
        "{{\"tool\":\"{TOOL}\",\"pages\":{n},\"seconds\":{seconds:.3},\"pages_per_s\":{pages_per_s:.2},\"errors\":{errors}}}"
    );
    Ok(())
}

fn main() {
    let args = parse_args();
    if let Err(err) = run(&args) {
        eprintln!("rs-trafilatura-extract: {err}");
        process::exit(1);
    }
}
