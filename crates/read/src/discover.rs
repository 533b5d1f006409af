//! Finding input files under the roots given on the command line.
//!
//! Directories are walked recursively, following symlinks; hidden files and
//! directories (names starting with `.`) are skipped. Each root's files are
//! sorted by [`Input::source`], so the order, and everything numbered after
//! it, is the same on every machine. A path that cannot be walked (a missing
//! root, an unreadable directory, a broken symlink, a symlink loop) becomes
//! an `Io` reject and the walk goes on.
//!
//! A source names a page for good (its `doc_id` is a hash of it), so two
//! inputs never share one: when two roots hold the same relative path
//! (`crawl-a/x.txt` and `crawl-b/x.txt`), both take their path as given
//! instead, and a file reached twice (the same root listed twice) is read once.

use crate::Input;
use corpus_core::{Reject, RejectKind};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// The stage name recorded in rejects.
const STAGE: &str = "read";

/// Find the input files under `roots`: the files themselves for file roots,
/// every non-hidden regular file below directory roots. Returns the inputs,
/// in a stable order, and a reject for every path that could not be walked.
pub fn discover(roots: &[PathBuf]) -> (Vec<Input>, Vec<Reject>) {
    let mut inputs = Vec::new();
    let mut rejects = Vec::new();
    for root in roots {
        discover_root(root, &mut inputs, &mut rejects);
    }
    let mut seen = HashSet::new();
    inputs.retain(|input| seen.insert(input.path.clone()));
    disambiguate(&mut inputs);
    (inputs, rejects)
}

/// Give every input whose source another input shares its path as given.
fn disambiguate(inputs: &mut [Input]) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for input in inputs.iter() {
        *count.entry(input.source.as_str()).or_default() += 1;
    }
    let shared: HashSet<String> = count
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(source, _)| source.to_string())
        .collect();
    for input in inputs.iter_mut() {
        if shared.contains(&input.source) {
            input.source = path_source(&input.path);
        }
    }
}

/// A path as given on the command line (joined with what was found under it).
fn path_source(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn discover_root(root: &Path, inputs: &mut Vec<Input>, rejects: &mut Vec<Reject>) {
    let metadata = match fs::metadata(root) {
        Ok(metadata) => metadata,
        Err(err) => {
            let source = root.display().to_string();
            let message = format!("cannot read input {}: {err}", root.display());
            rejects.push(Reject::new(source, STAGE, RejectKind::Io, message));
            return;
        }
    };
    if metadata.is_file() {
        inputs.push(Input {
            path: root.to_path_buf(),
            source: file_name(root),
        });
        return;
    }
    if !metadata.is_dir() {
        rejects.push(not_a_file(root, root.display().to_string()));
        return;
    }

    let mut found = Vec::new();
    let mut failed = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry));
    for entry in walk {
        match entry {
            Ok(entry) if entry.file_type().is_file() => found.push(Input {
                path: entry.path().to_path_buf(),
                source: relative_source(root, entry.path()),
            }),
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => failed.push(not_a_file(
                entry.path(),
                relative_source(root, entry.path()),
            )),
            Err(err) => failed.push(walk_reject(root, &err)),
        }
    }
    found.sort_by(|a, b| a.source.cmp(&b.source));
    failed.sort_by(|a, b| a.source.cmp(&b.source));
    inputs.extend(found);
    rejects.extend(failed);
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// `path` relative to `root`, with `/` separators on every platform.
fn relative_source(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(part) => Some(part.to_string_lossy()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        file_name(path)
    } else {
        parts.join("/")
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn not_a_file(path: &Path, source: String) -> Reject {
    let message = format!(
        "{} is not a regular file or directory (a socket, FIFO or device?)",
        path.display()
    );
    Reject::new(source, STAGE, RejectKind::Unsupported, message)
}

/// A reject for a path the walk could not enter, saying what is wrong with it.
fn walk_reject(root: &Path, err: &walkdir::Error) -> Reject {
    let path = err.path().unwrap_or(root);
    let source = relative_source(root, path);
    let message = if let Some(ancestor) = err.loop_ancestor() {
        format!(
            "symlink loop: {} points back to {}",
            path.display(),
            ancestor.display()
        )
    } else {
        let cause = err
            .io_error()
            .map_or_else(|| err.to_string(), ToString::to_string);
        match fs::read_link(path) {
            Ok(target) => format!(
                "broken symlink {} -> {}: {cause}",
                path.display(),
                target.display()
            ),
            Err(_) => format!("cannot read {}: {cause}", path.display()),
        }
    };
    Reject::new(source, STAGE, RejectKind::Io, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, "Title\nBody\n").unwrap();
    }

    #[test]
    fn two_roots_with_the_same_file_names_keep_distinct_sources() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("crawl-a"), dir.path().join("crawl-b"));
        touch(&a.join("x.txt"));
        touch(&b.join("x.txt"));
        touch(&b.join("y.txt"));
        let (inputs, _) = discover(&[a.clone(), b.clone(), b.clone()]);
        let sources: Vec<_> = inputs.iter().map(|i| i.source.as_str()).collect();
        assert_eq!(sources.len(), 3, "the root listed twice is read once");
        assert!(sources[0].ends_with("crawl-a/x.txt"), "{sources:?}");
        assert!(sources[1].ends_with("crawl-b/x.txt"), "{sources:?}");
        assert_eq!(sources[2], "y.txt");
    }

    #[test]
    fn files_are_sorted_by_relative_source_and_hidden_ones_skipped() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "b.txt",
            "a/z.txt",
            "a/b.html",
            ".hidden.txt",
            ".git/x.txt",
            "c/.d/e.txt",
        ] {
            touch(&dir.path().join(name));
        }
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]);
        assert!(rejects.is_empty(), "{rejects:?}");
        let sources: Vec<_> = inputs.iter().map(|i| i.source.as_str()).collect();
        assert_eq!(sources, ["a/b.html", "a/z.txt", "b.txt"]);
        assert_eq!(inputs[0].path, dir.path().join("a/b.html"));
    }

    #[test]
    fn a_file_root_is_named_by_its_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/page.txt");
        touch(&file);
        let (inputs, rejects) = discover(std::slice::from_ref(&file));
        assert!(rejects.is_empty());
        assert_eq!(inputs.len(), 1);
        assert_eq!(
            (inputs[0].path.as_path(), inputs[0].source.as_str()),
            (file.as_path(), "page.txt")
        );
    }

    #[test]
    fn a_missing_root_is_an_io_reject_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let (inputs, rejects) = discover(std::slice::from_ref(&missing));
        assert!(inputs.is_empty());
        assert_eq!(rejects.len(), 1);
        assert_eq!(rejects[0].kind, RejectKind::Io);
        assert_eq!(rejects[0].stage, "read");
        assert!(rejects[0].message.contains(&missing.display().to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn a_broken_symlink_is_rejected_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("good.txt"));
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt"))
            .unwrap();
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 1);
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!(rejects[0].source, "link.txt");
        assert_eq!(rejects[0].kind, RejectKind::Io);
        assert!(
            rejects[0].message.starts_with("broken symlink "),
            "{}",
            rejects[0].message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("sub/a.txt"));
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/back")).unwrap();
        let (inputs, rejects) = discover(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 1);
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert!(
            rejects[0].message.starts_with("symlink loop"),
            "{}",
            rejects[0].message
        );
    }
}
