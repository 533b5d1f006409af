//! Corpus-level deduplication: exact and near-duplicate clusters, and
//! boilerplate lines.
//!
//! Deduplication cannot be a per-document [`corpus_core::Stage`]: it has to see
//! every page before it can mark any. It is therefore split, as in datatrove,
//! into explicit steps, one file each:
//!
//! | step | file | what it does |
//! |------|------|--------------|
//! | 1. signature | `minhash.rs`, [`signature`] | per page, pure, parallel: body hash, MinHash of word shingles, hashes of block texts |
//! | 2. exact | `exact.rs` | pages with the same normalised body (not the same raw page) |
//! | 3. buckets | `lsh.rs` | LSH banding turns signatures into candidate pairs, verified by estimated Jaccard |
//! | 4. cluster | `union_find.rs` | exact groups and verified pairs are unions; one representative per cluster |
//! | 5. boilerplate | `boilerplate.rs` | block texts repeated on many distinct pages |
//!
//! The three roles a caller sees:
//!
//! - [`signature`] turns a [`Document`] into a compact [`DocSignature`]. It is
//!   pure and `Send`: compute signatures in parallel (rayon), then feed them
//!   in input order.
//! - A [`Deduper`] receives the signatures in input order ([`Deduper::add`]):
//!   the n-th call is document n. It never holds a document. Steps 2 to 4
//!   run as signatures arrive; [`Deduper::finish`] picks representatives and
//!   the boilerplate lines.
//! - A [`DedupeResult`] marks documents on a second pass ([`DedupeResult::apply`]),
//!   matching them by `doc_id`.
//!
//! # Rules
//!
//! - **Exact duplicates** share the hash of [`Document::body_text`]: a
//!   re-scrape with a new sidebar is the same article. Pages whose body has
//!   no words are never duplicates of anything.
//! - **Near duplicates**: MinHash over `shingle_words`-word shingles of the
//!   lowercased body words (a body shorter than that is one shingle); pages
//!   sharing an LSH band are candidates, kept when their estimated Jaccard
//!   similarity (signature agreement) is at least `threshold`. Clustering is
//!   transitive, so a member's similarity with its representative can be
//!   below the threshold when it joined through another member.
//! - **The representative** of a cluster is its longest body (most words),
//!   ties broken by the earliest input position. Every member of a cluster of
//!   two or more gets a [`DuplicateInfo`]: `cluster_id` and `representative`
//!   are the representative's `doc_id`; `kind` is `None` for the
//!   representative, `Exact` for a member with its body, `Near` otherwise;
//!   `similarity` is the estimated Jaccard similarity with the representative
//!   (1.0 for it and for exact copies).
//! - **Boilerplate lines**: a block text (3 words or more, trimmed, spacing
//!   collapsed) found on at least `boilerplate_min_docs` distinct pages gets
//!   `block.boilerplate = true` on every page. A page counts only if its body
//!   was new when it arrived, so copies of one article do not make its
//!   paragraphs boilerplate. With `strip_boilerplate` (the default) such
//!   lines also leave the body: a body or heading block that is boilerplate
//!   is relabelled [`Label::Boilerplate`] with the rule
//!   [`REPEATED_LINE_RULE`] and its paragraph is removed from
//!   `Document::body`. This is how repetition across the corpus feeds
//!   segmentation: one page cannot tell a newsletter pitch from a paragraph,
//!   a thousand pages can. Other labels (sidebar items, captions) are kept.
//!   Duplicates were judged on the body before stripping, so the decision
//!   does not depend on which lines turned out to repeat.
//!
//! Results depend only on the signatures and their order: not on the thread
//! count that computed them, nor on any hash map's iteration order.
//!
//! # Memory
//!
//! Per page the [`Deduper`] keeps, with the default configuration:
//!
//! | what | bytes |
//! |------|------:|
//! | signature: 120 values of 16 bits (b-bit MinHash, see `minhash.rs`), in fixed chunks | 240 |
//! | 24 LSH band tables, one `u32` + one control byte per slot, 44–87% full | 140–275 |
//! | exact index entry (pages with a new body) | 15–30 |
//! | id (8), word count (4), exact group (4), union-find (5), flag (1); up to 2× while vectors grow | 22–44 |
//! | boilerplate: a Bloom filter bit-set, 2–4 bytes per new block text (a page's paragraphs) | 20–60 |
//! | **total** | **≈ 440–650** |
//!
//! plus about 20 bytes per distinct block text seen on two pages or more
//! (sidebar headlines, footers): shared by many pages. The
//! `memory_stays_small_per_page` test measures [`Deduper::heap_bytes`] on
//! 20,000 generated pages of about 12 paragraphs: 523 bytes a page, so
//! 10 million pages take about 5.2 GB, well inside 24 GiB. The band
//! tables, exact index and counters are dropped before [`Deduper::finish`]
//! builds the result, which keeps 8 bytes per page (the sorted ids) and about
//! 30 per clustered page.
//!
//! # Speed
//!
//! `benches/dedupe.rs` runs 10,000 generated pages of about 500 words: a
//! signature takes about 40 µs on one core (mostly lowercasing and hashing
//! words; the one-permutation MinHash is about 5% of its instructions), `add`
//! and `finish` together about 3 µs a page.
//!
//! # Example
//!
//! ```
//! use corpus_core::{Document, DuplicateKind, Format};
//! use corpus_dedupe::{DedupeConfig, Deduper, signature};
//!
//! let article = "Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến phố ở Hà Nội ngập sâu, \
//!     giao thông ùn tắc nhiều giờ liền; cơ quan khí tượng dự báo mưa còn kéo dài \
//!     đến hết cuối tuần này.";
//! let mut docs: Vec<Document> = ["a.txt", "b.txt", "c.txt"]
//!     .iter()
//!     .map(|source| Document::new(*source, Format::Text, source.as_bytes()))
//!     .collect();
//! docs[0].body = vec![article.to_string()];
//! docs[1].body = vec![article.to_string(), "Cập nhật.".to_string()];
//! docs[2].body = vec!["Một bài báo hoàn toàn khác về bóng đá Việt Nam tối qua.".to_string()];
//!
//! let config = DedupeConfig::default();
//! let mut deduper = Deduper::new(config.clone());
//! for doc in &docs {
//!     deduper.add(signature(&config, doc));
//! }
//! let result = deduper.finish();
//! for doc in &mut docs {
//!     result.apply(doc);
//! }
//!
//! // The longer page is kept; the shorter one is a near duplicate of it.
//! let dup = docs[0].duplicate.as_ref().unwrap();
//! assert_eq!(dup.representative, docs[1].doc_id);
//! assert_eq!(dup.kind, Some(DuplicateKind::Near));
//! assert!(docs[1].duplicate.as_ref().unwrap().kind.is_none());
//! assert!(docs[2].duplicate.is_none());
//! assert_eq!(result.stats().clusters, 1);
//! ```

mod boilerplate;
mod exact;
mod ids;
mod lsh;
mod minhash;
pub mod sharded;
mod union_find;

pub use boilerplate::MIN_BLOCK_WORDS;

use corpus_core::{DocId, Document, DuplicateInfo, DuplicateKind, Label};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Settings of deduplication. The defaults aim at a Jaccard threshold of 0.7
/// on 5-word shingles (datatrove and dolma use 5-grams as well).
///
/// # Why a threshold of 0.7
///
/// The edits that leave "the same article" are small: a corrected word
/// (similarity about 0.99 on a 500-word body), a paragraph added or removed.
/// Removing one paragraph of `P` equal ones leaves a shingle similarity a
/// little under `(P − 1)/P`: 0.78 for a five-paragraph article, 0.82 for six.
/// A threshold of 0.8 loses about half of those pairs to estimation noise
/// (on `corpus-generate` corpora: recall 0.994 at 0.8, almost every miss a
/// removed paragraph); 0.7 keeps them with three standard deviations of
/// margin. Two different news articles share far fewer 5-word shingles (a
/// few percent: quotes, boilerplate phrases), so precision does not suffer.
///
/// # Why 24 bands of 5 rows
///
/// Two pages of shingle similarity `s` share at least one of `b` bands of `r`
/// rows with probability `1 − (1 − s^r)^b`, an S-curve rising around
/// `(1/b)^(1/r)`. With `b = 24`, `r = 5` that point is `(1/24)^(1/5) ≈ 0.53`,
/// well under the threshold so that pairs at it are found: a pair at 0.7
/// becomes a candidate with probability 0.988, at 0.75 with 0.9985, at 0.8
/// with 0.9999; a pair at 0.3 with 0.06 and at 0.1 with 0.0002 (and such
/// candidates are then rejected by verification, which costs 120 compares).
/// 14 bands of 8 rows (the S-curve at 0.72) would miss 44% of the pairs at
/// 0.7. 120 positions keep the estimate's standard deviation at 0.042
/// near 0.7.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DedupeConfig {
    /// Words per shingle. Default 5. 0 is taken as 1.
    pub shingle_words: usize,
    /// MinHash signature positions: the bins of the one-permutation MinHash,
    /// `bands × rows`. Default 120. (Named for compatibility.)
    pub permutations: usize,
    /// LSH bands. Default 24 (5 rows each). 0 turns near-duplicate detection
    /// off; exact duplicates are still found.
    pub bands: usize,
    /// Minimum estimated Jaccard similarity of a candidate pair. Default 0.7.
    pub threshold: f32,
    /// A block text on at least this many distinct pages is boilerplate.
    /// Default 10.
    pub boilerplate_min_docs: u32,
    /// Take boilerplate lines out of the body (relabelling their blocks).
    /// Default true; when false they are only flagged.
    pub strip_boilerplate: bool,
    /// Seed of every hash, so runs are reproducible. Signatures are only
    /// comparable under the same seed and sizes.
    pub seed: u64,
}

impl Default for DedupeConfig {
    fn default() -> Self {
        Self {
            shingle_words: 5,
            permutations: 120,
            bands: 24,
            threshold: 0.7,
            boilerplate_min_docs: 10,
            strip_boilerplate: true,
            seed: 0x636F_7270_7573_2D64, // "corpus-d"
        }
    }
}

/// Seeds of the independent hash families, derived from [`DedupeConfig::seed`].
struct Seeds {
    words: u64,
    minhash: u64,
    lines: u64,
    bands: u64,
}

impl Seeds {
    fn new(seed: u64) -> Self {
        Self {
            words: minhash::mix64(seed),
            minhash: minhash::mix64(seed ^ 1),
            lines: minhash::mix64(seed ^ 2),
            bands: minhash::mix64(seed ^ 3),
        }
    }
}

/// What deduplication needs to know of one page: a few hundred bytes, made by
/// [`signature`]. Its position in the input is the order of
/// [`Deduper::add`] calls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocSignature {
    doc_id: DocId,
    body_hash: u128,
    words: u32,
    minhash: Vec<u16>,
    lines: Vec<u64>,
}

impl DocSignature {
    pub fn doc_id(&self) -> &DocId {
        &self.doc_id
    }

    /// XXH3-128 of the body text: `format!("{:032x}", ..)` is [`Document::body_hash`].
    pub fn body_hash(&self) -> u128 {
        self.body_hash
    }

    /// Words in the body, as [`Document::word_count`] (saturating at `u32::MAX`).
    pub fn words(&self) -> u32 {
        self.words
    }

    /// The b-bit MinHash values; empty when the body has no words.
    pub fn minhash(&self) -> &[u16] {
        &self.minhash
    }

    /// Hashes of the page's distinct countable block texts, sorted.
    pub fn lines(&self) -> &[u64] {
        &self.lines
    }

    /// Estimated Jaccard similarity of the two bodies' shingle sets; 0 when
    /// either has no words or they were made with different settings.
    pub fn estimated_jaccard(&self, other: &DocSignature) -> f32 {
        minhash::estimate(&self.minhash, &other.minhash)
    }
}

/// Step 1: the signature of one page. Pure, cheap to send across threads.
pub fn signature(config: &DedupeConfig, doc: &Document) -> DocSignature {
    let seeds = Seeds::new(config.seed);
    let words = minhash::word_hashes(&doc.body, seeds.words);
    let minhash = if words.is_empty() {
        Vec::new()
    } else {
        let shingles = minhash::shingles(&words, config.shingle_words);
        minhash::BinnedMinHash::new(config.permutations, seeds.minhash).signature(&shingles)
    };
    let mut lines: Vec<u64> = doc
        .blocks
        .iter()
        .filter_map(|block| boilerplate::line_hash(&block.text, seeds.lines))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    DocSignature {
        doc_id: doc.doc_id.clone(),
        body_hash: exact::body_hash(doc),
        words: u32::try_from(words.len()).unwrap_or(u32::MAX),
        minhash,
        lines,
    }
}

/// Receives every page's signature in input order, then clusters.
///
/// Holds at most `u32::MAX − 1` pages; signatures past that are ignored
/// (their documents stay unmarked).
#[derive(Debug)]
pub struct Deduper {
    config: DedupeConfig,
    ids: ids::IdTable,
    words: Vec<u32>,
    /// The first page with the same body (itself for a new or empty body).
    groups: Vec<u32>,
    /// Whether the page's signature is stored (a body with words, made
    /// with this configuration).
    has_minhash: Vec<bool>,
    signatures: minhash::SignatureStore,
    clusters: union_find::UnionFind,
    exact: exact::ExactIndex,
    lsh: lsh::Lsh,
    lines: boilerplate::LineCounter,
    empty_bodies: u64,
    candidates: Vec<u32>,
}

impl Deduper {
    pub fn new(config: DedupeConfig) -> Self {
        let seeds = Seeds::new(config.seed);
        Self {
            ids: ids::IdTable::default(),
            words: Vec::new(),
            groups: Vec::new(),
            has_minhash: Vec::new(),
            signatures: minhash::SignatureStore::new(config.permutations),
            clusters: union_find::UnionFind::default(),
            exact: exact::ExactIndex::default(),
            lsh: lsh::Lsh::new(config.permutations, config.bands, seeds.bands),
            lines: boilerplate::LineCounter::new(config.boilerplate_min_docs),
            empty_bodies: 0,
            candidates: Vec::new(),
            config,
        }
    }

    /// Steps 2 and 3 for the next page: the n-th call is document n.
    pub fn add(&mut self, sig: DocSignature) {
        let Ok(index) = u32::try_from(self.clusters.len()) else {
            return;
        };
        if index == u32::MAX {
            return;
        }
        self.clusters.push();
        self.ids.push(&sig.doc_id);
        self.words.push(sig.words);
        let has_minhash = !sig.minhash.is_empty() && sig.minhash.len() == self.config.permutations;
        self.has_minhash.push(has_minhash);
        self.signatures
            .push(if has_minhash { &sig.minhash } else { &[] });

        let group = if sig.words == 0 {
            self.empty_bodies += 1;
            index
        } else {
            self.exact.first_with(sig.body_hash, index)
        };
        self.groups.push(group);

        let mut new_body = true;
        if group != index {
            self.clusters.union(index, group);
            new_body = false;
        } else if has_minhash && self.lsh.rows() > 0 {
            // Exact copies are left out of the band tables: they would only
            // point the buckets at a copy of what is already there.
            self.candidates.clear();
            self.lsh
                .insert(index, &self.signatures, &mut self.candidates);
            self.candidates.sort_unstable();
            self.candidates.dedup();
            let row = self.signatures.row(index as usize);
            for &other in &self.candidates {
                let other_row = self.signatures.row(other as usize);
                if minhash::estimate(row, other_row) >= self.config.threshold {
                    self.clusters.union(index, other);
                    new_body = false;
                }
            }
        }
        if new_body {
            self.lines.count_page(&sig.lines);
        }
    }

    /// An estimate of the heap memory held, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.words.capacity() * 4
            + self.groups.capacity() * 4
            + self.has_minhash.capacity()
            + self.signatures.heap_bytes()
            + self.clusters.heap_bytes()
            + self.exact.heap_bytes()
            + self.lsh.heap_bytes()
            + self.lines.heap_bytes()
    }

    /// Step 4 and the end of step 5: one representative per cluster, and the
    /// block texts that reached `boilerplate_min_docs` pages.
    pub fn finish(self) -> DedupeResult {
        let Deduper {
            config,
            ids,
            words,
            groups,
            has_minhash,
            signatures,
            mut clusters,
            exact,
            lsh,
            lines,
            empty_bodies,
            candidates,
        } = self;
        drop((exact, lsh, candidates));
        let boilerplate = lines.finish();

        // The representative of each root: most words, then earliest.
        let n = clusters.len();
        let mut size = vec![0u32; n];
        let mut best = vec![u32::MAX; n];
        for doc in 0..n as u32 {
            let root = clusters.find(doc) as usize;
            let (Some(size), Some(best)) = (size.get_mut(root), best.get_mut(root)) else {
                continue;
            };
            *size += 1;
            let words_of = |d: u32| words.get(d as usize).copied().unwrap_or(0);
            if *best == u32::MAX || words_of(doc) > words_of(*best) {
                *best = doc;
            }
        }

        let mut stats = DedupeStats {
            documents: n as u64,
            empty_bodies,
            boilerplate_lines: boilerplate.len() as u64,
            ..DedupeStats::default()
        };
        let mut reps: Vec<DocId> = Vec::new();
        let mut slot_of_root: HashMap<u32, u32> = HashMap::new();
        let mut marks: HashMap<u64, Mark> = HashMap::new();
        for doc in 0..n as u32 {
            let root = clusters.find(doc);
            if size.get(root as usize).copied().unwrap_or(0) < 2 {
                continue;
            }
            let Some(&rep) = best.get(root as usize) else {
                continue;
            };
            let slot = match slot_of_root.get(&root) {
                Some(&slot) => slot,
                None => {
                    let Some(id) = ids.id(rep) else { continue };
                    let slot = reps.len() as u32;
                    reps.push(id);
                    slot_of_root.insert(root, slot);
                    stats.clusters += 1;
                    slot
                }
            };
            let group = |d: u32| groups.get(d as usize).copied();
            let kind = if doc == rep {
                None
            } else if group(doc) == group(rep) {
                stats.exact_duplicates += 1;
                Some(DuplicateKind::Exact)
            } else {
                stats.near_duplicates += 1;
                Some(DuplicateKind::Near)
            };
            let similarity = if kind == Some(DuplicateKind::Near) {
                let stored = |d: u32| has_minhash.get(d as usize).copied().unwrap_or(false);
                if stored(doc) && stored(rep) {
                    minhash::estimate(signatures.row(doc as usize), signatures.row(rep as usize))
                } else {
                    0.0
                }
            } else {
                1.0
            };
            if let Some(key) = ids.key(doc) {
                // A doc_id given twice keeps its first page's mark.
                marks.entry(key).or_insert(Mark {
                    slot,
                    kind,
                    similarity,
                });
            }
        }

        DedupeResult {
            line_seed: Seeds::new(config.seed).lines,
            strip_boilerplate: config.strip_boilerplate,
            seen: Some(ids.into_sorted_keys()),
            marks,
            representatives: reps,
            boilerplate,
            stats,
        }
    }
}

/// How one clustered page is marked.
#[derive(Debug, Clone, Copy)]
struct Mark {
    /// Index into [`DedupeResult::representatives`].
    slot: u32,
    kind: Option<DuplicateKind>,
    similarity: f32,
}

/// Counts of one deduplication run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DedupeStats {
    /// Signatures added.
    pub documents: u64,
    /// Pages whose body has no words (never duplicates).
    pub empty_bodies: u64,
    /// Clusters of two pages or more.
    pub clusters: u64,
    /// Members with the representative's body (the representative not counted).
    pub exact_duplicates: u64,
    /// Other members (the representative not counted).
    pub near_duplicates: u64,
    /// Distinct block texts marked as boilerplate.
    pub boilerplate_lines: u64,
}

impl DedupeStats {
    /// Pages that are not their cluster's representative.
    pub fn duplicates(&self) -> u64 {
        self.exact_duplicates + self.near_duplicates
    }
}

/// The outcome of deduplication, to mark pages on a second pass.
#[derive(Debug)]
pub struct DedupeResult {
    line_seed: u64,
    strip_boilerplate: bool,
    /// Every added page's id key, sorted; `None`: every page given is one.
    seen: Option<Vec<u64>>,
    marks: HashMap<u64, Mark>,
    representatives: Vec<DocId>,
    boilerplate: HashSet<u64>,
    stats: DedupeStats,
}

impl DedupeResult {
    /// Mark a page: set `doc.duplicate` (None when it is in no cluster) and
    /// every `block.boilerplate`. A page whose `doc_id` was never added is
    /// left untouched.
    pub fn apply(&self, doc: &mut Document) {
        let key = ids::key(&doc.doc_id);
        if let Some(seen) = &self.seen {
            if seen.binary_search(&key).is_err() {
                return;
            }
        }
        doc.duplicate = self.marks.get(&key).and_then(|mark| {
            let rep = self.representatives.get(mark.slot as usize)?;
            Some(DuplicateInfo {
                cluster_id: rep.clone(),
                representative: rep.clone(),
                kind: mark.kind,
                similarity: mark.similarity,
            })
        });
        for block in &mut doc.blocks {
            block.boilerplate = !self.boilerplate.is_empty()
                && boilerplate::line_hash(&block.text, self.line_seed)
                    .is_some_and(|line| self.boilerplate.contains(&line));
        }
        if self.strip_boilerplate {
            strip_boilerplate(doc);
        }
    }

    pub fn stats(&self) -> DedupeStats {
        self.stats.clone()
    }
}

/// The rule name of a body or heading block taken out of the body because its
/// text repeats on many distinct pages.
pub const REPEATED_LINE_RULE: &str = "repeated_across_pages";

/// Take the body and heading blocks flagged boilerplate out of the body.
/// `body` holds one paragraph per body or heading block, in block order (both
/// segmentation modes build it so); a document where that does not hold is
/// left as it is rather than lose the wrong paragraph.
fn strip_boilerplate(doc: &mut Document) {
    let in_body = |block: &corpus_core::Block| matches!(block.label, Label::Body | Label::Heading);
    if !doc.blocks.iter().any(|b| b.boilerplate && in_body(b))
        || doc.blocks.iter().filter(|b| in_body(b)).count() != doc.body.len()
    {
        return;
    }
    let mut keep = Vec::with_capacity(doc.body.len());
    for block in doc.blocks.iter_mut().filter(|b| in_body(b)) {
        keep.push(!block.boilerplate);
        if block.boilerplate {
            block.label = Label::Boilerplate;
            block.rule = REPEATED_LINE_RULE.to_string();
        }
    }
    let mut keep = keep.into_iter();
    doc.body.retain(|_| keep.next().unwrap_or(true));
}
