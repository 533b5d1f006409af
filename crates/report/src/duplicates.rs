//! Duplicates: cluster sizes, kinds, similarities, and the largest
//! clusters with their members' titles and sources.

use crate::count::{Counts, Histogram};
use crate::error::ReportError;
use crate::table::Dataset;
use crate::{LISTED_CLUSTERS, MEMBERS_PER_CLUSTER};
use corpus_export::Table;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::ControlFlow;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicates {
    pub clusters: u64,
    /// Members that are not their cluster's representative.
    pub duplicates: u64,
    pub cluster_sizes: Histogram,
    /// `exact` and `near` as deduplication judged them, with `exact` split
    /// by the documents' raw hashes: `exact` the same page bytes, `re-scrape`
    /// the same body in a page that differs elsewhere (a new sidebar).
    pub kinds: Counts,
    /// Similarity of near duplicates to their representative.
    pub similarity: Histogram,
    pub largest: Vec<Cluster>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    pub cluster_id: String,
    pub size: u64,
    /// The first members, representative first.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub doc_id: String,
    pub source: String,
    /// From `documents.parquet`; empty when the page has no title or was
    /// left out of it (`--drop-duplicates`).
    pub title: String,
    pub kind: String,
    pub similarity: f32,
}

/// A 16-hex-digit doc id as a number: keys that cost no allocation.
fn id_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        // Not a corpus id: any stable hash keeps clusters apart all the same.
        id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    })
}

pub fn read(dataset: &Dataset) -> Result<Duplicates, ReportError> {
    // Cluster sizes in first-seen order, so ties among the largest list the
    // earliest cluster first.
    let mut sizes: HashMap<u64, (u64, usize)> = HashMap::new();
    let mut kinds = Counts::default();
    // Near duplicates are judged at --threshold (default 0.7); below 0.5 is
    // rare enough to share the first bin.
    let mut similarity = Histogram::fractions("similarity", 0.5, 1.0, 10);
    similarity.bins[0].label = "0.00–0.55".to_string();
    let mut duplicates = 0;
    dataset
        .scan(
            Table::Duplicates,
            &["cluster_id", "is_representative", "kind", "similarity"],
        )
        .for_each(|batch| {
            let cluster = batch.str("cluster_id")?;
            let is_representative = batch.bool("is_representative")?;
            let kind = batch.str("kind")?;
            let sim = batch.f32("similarity")?;
            for row in 0..batch.len() {
                let next = sizes.len();
                sizes
                    .entry(id_key(cluster.get(row).unwrap_or_default()))
                    .or_insert((0, next))
                    .0 += 1;
                if is_representative.value(row) {
                    continue;
                }
                duplicates += 1;
                let kind = kind.get(row).unwrap_or(crate::count::NONE);
                kinds.add(kind, 1);
                if kind == "near" {
                    similarity.add(f64::from(sim.value(row)));
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;

    let mut cluster_sizes = Histogram::counts("members per cluster", &[2, 3, 4, 5, 6, 11, 21, 51]);
    for (size, _) in sizes.values() {
        cluster_sizes.add(*size as f64);
    }
    let mut by_size: Vec<(u64, u64, usize)> = sizes
        .iter()
        .map(|(id, (size, order))| (*id, *size, *order))
        .collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    by_size.truncate(LISTED_CLUSTERS);
    let listed: HashMap<u64, usize> = by_size
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (*id, i))
        .collect();
    let mut largest: Vec<Cluster> = by_size
        .iter()
        .map(|(_, size, _)| Cluster {
            cluster_id: String::new(),
            size: *size,
            members: Vec::new(),
        })
        .collect();

    // Second pass over the (small) duplicates table for the listed clusters' members.
    let mut titles_wanted: HashMap<u64, (usize, usize)> = HashMap::new();
    if !listed.is_empty() {
        dataset
            .scan(
                Table::Duplicates,
                &[
                    "doc_id",
                    "source",
                    "cluster_id",
                    "is_representative",
                    "kind",
                    "similarity",
                ],
            )
            .for_each(|batch| {
                let cluster = batch.str("cluster_id")?;
                let (doc_id, source, kind) = (
                    batch.str("doc_id")?,
                    batch.str("source")?,
                    batch.str("kind")?,
                );
                let is_representative = batch.bool("is_representative")?;
                let sim = batch.f32("similarity")?;
                for row in 0..batch.len() {
                    let cluster_id = cluster.get(row).unwrap_or_default();
                    let Some(&i) = listed.get(&id_key(cluster_id)) else {
                        continue;
                    };
                    let entry = &mut largest[i];
                    if entry.cluster_id.is_empty() {
                        entry.cluster_id = cluster_id.to_string();
                    }
                    let member = Member {
                        doc_id: doc_id.get(row).unwrap_or_default().to_string(),
                        source: source.get(row).unwrap_or_default().to_string(),
                        title: String::new(),
                        kind: match is_representative.value(row) {
                            true => "representative".to_string(),
                            false => kind.get(row).unwrap_or_default().to_string(),
                        },
                        similarity: sim.value(row),
                    };
                    if is_representative.value(row) {
                        entry.members.insert(0, member);
                    } else if entry.members.len() < MEMBERS_PER_CLUSTER {
                        entry.members.push(member);
                    }
                    entry.members.truncate(MEMBERS_PER_CLUSTER);
                }
                Ok(ControlFlow::Continue(()))
            })?;
        for (i, cluster) in largest.iter().enumerate() {
            for (j, member) in cluster.members.iter().enumerate() {
                titles_wanted.insert(id_key(&member.doc_id), (i, j));
            }
        }
    }

    // Documents: the listed members' titles, and exact duplicates told
    // apart from re-scrapes by comparing raw hashes with the representative's.
    let mut representative_raw: HashMap<u64, u128> = HashMap::new();
    let mut exact_members: Vec<(u64, u128)> = Vec::new();
    dataset
        .scan(
            Table::Documents,
            &[
                "doc_id",
                "title",
                "raw_hash",
                "duplicate_cluster",
                "duplicate_kind",
            ],
        )
        .for_each(|batch| {
            let (doc_id, title, raw, cluster, kind) = (
                batch.str("doc_id")?,
                batch.str("title")?,
                batch.str("raw_hash")?,
                batch.str("duplicate_cluster")?,
                batch.str("duplicate_kind")?,
            );
            for row in 0..batch.len() {
                let Some(cluster_id) = cluster.get(row) else {
                    continue;
                };
                let id = id_key(doc_id.get(row).unwrap_or_default());
                let raw_hash =
                    u128::from_str_radix(raw.get(row).unwrap_or_default(), 16).unwrap_or(0);
                match kind.get(row) {
                    None => {
                        representative_raw.insert(id, raw_hash);
                    }
                    Some("exact") => exact_members.push((id_key(cluster_id), raw_hash)),
                    Some(_) => {}
                }
                if let Some(&(i, j)) = titles_wanted.get(&id) {
                    largest[i].members[j].title = title.get(row).unwrap_or_default().to_string();
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
    let rescrapes = exact_members
        .iter()
        .filter(|(cluster, raw)| representative_raw.get(cluster).is_some_and(|r| r != raw))
        .count() as u64;
    if let Some(exact) = kinds.0.get_mut("exact").filter(|_| rescrapes > 0) {
        // Members left out of documents (--drop-duplicates) stay `exact`.
        let moved = rescrapes.min(*exact);
        *exact -= moved;
        kinds.add("re-scrape", moved);
    }

    Ok(Duplicates {
        clusters: sizes.len() as u64,
        duplicates,
        cluster_sizes,
        kinds,
        similarity,
        largest,
    })
}
