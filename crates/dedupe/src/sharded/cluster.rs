//! The cluster step (one task) and the lines step (one task per bucket).

use super::files::{Kind, MapFolders};
use super::reduce::{Pair, PairKind};
use super::{MarkRow, Position, index_of, le, shard_of, write_atomic};
use crate::minhash::estimate;
use crate::union_find::UnionFind;
use crate::{DedupeConfig, DedupeStats};
use corpus_core::DuplicateKind;
use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// What the cluster step found, for the run's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterOutput {
    /// Every count but `boilerplate_lines`, which the lines step finds.
    pub stats: DedupeStats,
}

fn marks_file(dir: &Path, shard: u32) -> PathBuf {
    dir.join(format!("marks-{shard:05}.jsonl"))
}

fn not_new_file(dir: &Path, shard: u32) -> PathBuf {
    dir.join(format!("not_new-{shard:05}.bin"))
}

/// Union the pairs of every reduce file into clusters, pick each cluster's
/// representative, and write into `out_dir`, per shard, the marks of its
/// clustered pages and the pages whose body was not new.
pub fn cluster(
    map_dirs: &[PathBuf],
    pair_files: &[PathBuf],
    config: &DedupeConfig,
    out_dir: &Path,
) -> io::Result<ClusterOutput> {
    let mut maps = MapFolders::open(map_dirs, config)?;

    // Only pages in some pair can be in a cluster of two or more. The pair
    // files are read twice rather than held: memory is per clustered page.
    let mut nodes: Vec<Position> = Vec::new();
    for file in pair_files {
        for pair in Pair::read_all(file)? {
            nodes.extend([pair.later, pair.earlier]);
        }
        nodes.sort_unstable();
        nodes.dedup();
    }
    let node = |page: Position| nodes.binary_search(&page).unwrap_or(0) as u32;
    let mut words = vec![0u32; nodes.len()];
    // The first page with the same body (itself unless an exact copy).
    let mut group: Vec<u32> = (0..nodes.len() as u32).collect();
    // Later pages of a pair: their body was not new when they came.
    let mut not_new = vec![false; nodes.len()];
    let mut sets = UnionFind::default();
    for _ in &nodes {
        sets.push();
    }
    for file in pair_files {
        for pair in Pair::read_all(file)? {
            let (later, earlier) = (node(pair.later), node(pair.earlier));
            words[later as usize] = pair.later_words;
            words[earlier as usize] = pair.earlier_words;
            not_new[later as usize] = true;
            if pair.kind == PairKind::Exact {
                group[later as usize] = earlier;
            }
            sets.union(later, earlier);
        }
    }

    // The representative of each root: most words, then earliest (nodes
    // are in input order).
    let mut best = vec![u32::MAX; nodes.len()];
    for n in 0..nodes.len() as u32 {
        let root = sets.find(n) as usize;
        if best[root] == u32::MAX || words[n as usize] > words[best[root] as usize] {
            best[root] = n;
        }
    }

    let mut stats = DedupeStats::default();
    for shard in 0..maps.len() {
        let summary = maps.summary(shard).cloned().unwrap_or_default();
        stats.documents += u64::from(summary.pages);
        stats.empty_bodies += summary.empty_bodies;
    }
    std::fs::create_dir_all(out_dir)?;
    // Shard by shard (nodes are in input order, so each shard's are a run):
    // one shard's marks are held at a time.
    let mut representatives: HashMap<u32, corpus_core::DocId> = HashMap::new();
    for shard in 0..maps.len() {
        let start = nodes.partition_point(|&p| shard_of(p) < shard);
        let end = nodes.partition_point(|&p| shard_of(p) <= shard);
        let mut jsonl = Vec::new();
        let mut later_pages = Vec::new();
        for n in start as u32..end as u32 {
            let page = nodes[n as usize];
            if not_new[n as usize] {
                later_pages.extend_from_slice(&index_of(page).to_le_bytes());
            }
            let rep = best[sets.find(n) as usize];
            let kind = if n == rep {
                stats.clusters += 1;
                None
            } else if group[n as usize] == group[rep as usize] {
                stats.exact_duplicates += 1;
                Some(DuplicateKind::Exact)
            } else {
                stats.near_duplicates += 1;
                Some(DuplicateKind::Near)
            };
            let row = maps.signature(shard_of(page), index_of(page))?;
            let rep_page = nodes[rep as usize];
            let similarity = match kind {
                Some(DuplicateKind::Near) => {
                    let rep_row = maps.signature(shard_of(rep_page), index_of(rep_page))?;
                    estimate(&row.minhash, &rep_row.minhash)
                }
                _ => 1.0,
            };
            let representative = match representatives.get(&rep) {
                Some(id) => id.clone(),
                None => {
                    let id = maps.doc_id(shard_of(rep_page), index_of(rep_page))?;
                    representatives.insert(rep, id.clone());
                    id
                }
            };
            let mark = MarkRow {
                key: row.key,
                representative,
                kind,
                similarity,
            };
            serde_json::to_writer(&mut jsonl, &mark).map_err(io::Error::other)?;
            jsonl.write_all(b"\n")?;
        }
        write_atomic(&marks_file(out_dir, shard), &jsonl)?;
        write_atomic(&not_new_file(out_dir, shard), &later_pages)?;
    }
    Ok(ClusterOutput { stats })
}

/// The marks the cluster step wrote for `shard`.
pub fn read_marks(cluster_dir: &Path, shard: u32) -> io::Result<Vec<MarkRow>> {
    let path = marks_file(cluster_dir, shard);
    let file = std::fs::File::open(&path)?;
    BufReader::new(file)
        .lines()
        .map(|line| {
            serde_json::from_str(&line?)
                .map_err(|err| io::Error::other(format!("{}: {err}", path.display())))
        })
        .collect()
}

/// The lines of `bucket` on at least `boilerplate_min_docs` pages whose body
/// was new, sorted.
pub fn count_lines(
    map_dirs: &[PathBuf],
    cluster_dir: &Path,
    bucket: u32,
    config: &DedupeConfig,
) -> io::Result<Vec<u64>> {
    let maps = MapFolders::open(map_dirs, config)?;
    let mut lines: Vec<u64> = Vec::new();
    // Shard by shard, so that only one shard's not-new pages are held.
    for shard in 0..maps.len() {
        let bytes = std::fs::read(not_new_file(cluster_dir, shard))?;
        let not_new: Vec<u32> = bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(le(b)))
            .collect();
        let bytes = maps.bucket(shard, Kind::Lines, bucket)?;
        for row in bytes.chunks_exact(12) {
            let line = u64::from_le_bytes(le(&row[..8]));
            let index = u32::from_le_bytes(le(&row[8..]));
            if not_new.binary_search(&index).is_err() {
                lines.push(line);
            }
        }
    }
    // A page lists each of its lines once, so a line's entries are its pages.
    lines.sort_unstable();
    let min_docs = config.boilerplate_min_docs.max(1) as usize;
    Ok(lines
        .chunk_by(|a, b| a == b)
        .filter(|pages| pages.len() >= min_docs)
        .map(|pages| pages[0])
        .collect())
}

/// Write a lines task's result.
pub fn write_lines(path: &Path, lines: &[u64]) -> io::Result<()> {
    let bytes: Vec<u8> = lines.iter().flat_map(|l| l.to_le_bytes()).collect();
    write_atomic(path, &bytes)
}

/// Read the results of lines tasks into one set.
pub fn read_lines(paths: &[PathBuf]) -> io::Result<HashSet<u64>> {
    let mut lines = HashSet::new();
    for path in paths {
        let bytes = std::fs::read(path)?;
        lines.extend(bytes.chunks_exact(8).map(|b| u64::from_le_bytes(le(b))));
    }
    Ok(lines)
}
