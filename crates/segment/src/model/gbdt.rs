//! Gradient-boosted trees, evaluated: the inference half of a model
//! trained by `just train` (LightGBM, converted to this file format by
//! `train/train.py`).
//!
//! Inference is a few comparisons per tree, so it is written here rather
//! than taken from a binding to the C++ library: the file is plain JSON
//! that names the features it was trained on, in order, and loading checks
//! them against the feature set of the code that will feed it.

use serde::Deserialize;

/// The only file format this code reads.
pub const FORMAT: &str = "corpus-gbdt/1";

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model {name}: not valid JSON for {FORMAT}: {source}")]
    Parse {
        name: String,
        source: serde_json::Error,
    },
    #[error("model {name}: format {found:?}, this build reads {FORMAT:?}")]
    Format { name: String, found: String },
    #[error(
        "model {name}: trained on feature set {found:?} ({count} features), the code computes {expected:?}; retrain with `just train`"
    )]
    Features {
        name: String,
        found: String,
        count: usize,
        expected: String,
    },
    #[error("model {name}: tree {tree} is malformed: {why}")]
    Tree {
        name: String,
        tree: usize,
        why: String,
    },
    #[error(
        "model {name}: {count} page-type thresholds, expected none or one finite value per page type"
    )]
    Thresholds { name: String, count: usize },
    #[error("model {name}: cannot read {path}: {source}")]
    Read {
        name: String,
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// One regression tree. Internal node `i` sends a row left when
/// `value[feature[i]] <= threshold[i]`; a child `c >= 0` is internal node
/// `c`, a child `c < 0` is leaf `!c`.
#[derive(Debug, Clone, Deserialize)]
struct Tree {
    #[serde(default)]
    class: usize,
    feature: Vec<u32>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf: Vec<f64>,
}

/// What the training run recorded about the model.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
pub struct ModelInfo {
    /// A name for this model and its training run, as `manifest.json` records it.
    pub version: String,
    /// Where its training data came from.
    pub trained_on: String,
    /// Cross-validated scores printed by the training run.
    #[serde(default)]
    pub scores: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
struct File {
    format: String,
    feature_set: String,
    features: Vec<String>,
    /// Class names of a multi-class model; empty for a binary one.
    #[serde(default)]
    classes: Vec<String>,
    /// Score from which a binary model says yes.
    #[serde(default = "half")]
    threshold: f64,
    /// A binary model's threshold per page type (in
    /// [`PAGE_TYPES`](super::PAGE_TYPES) order), mixed by the page
    /// classifier's probabilities; empty: `threshold` for every page.
    #[serde(default)]
    page_type_thresholds: Vec<f64>,
    #[serde(default)]
    base_score: Vec<f64>,
    trees: Vec<Tree>,
    info: ModelInfo,
}

fn half() -> f64 {
    0.5
}

/// A loaded tree ensemble, checked against the features that will feed it.
#[derive(Debug, Clone)]
pub struct Ensemble {
    name: String,
    features: Vec<String>,
    classes: Vec<String>,
    threshold: f64,
    page_type_thresholds: Vec<f64>,
    base: Vec<f64>,
    forest: Forest,
    info: ModelInfo,
}

/// Every tree's nodes in one array and every leaf in another, so that
/// scoring a row walks memory that sits together (a node is 16 bytes; the
/// file's five arrays per tree cost a cache miss each per step). A child
/// `c >= 0` is node `c` of `nodes`, `c < 0` is leaf `!c` of `leaves`.
#[derive(Debug, Clone, Default)]
struct Forest {
    nodes: Vec<Node>,
    leaves: Vec<f64>,
    /// Per tree: its root (a node, or a leaf when it has no split) and its output.
    roots: Vec<(i32, usize)>,
}

/// Rows scored side by side by [`Ensemble::probabilities`].
const LANES: usize = 8;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The largest `f32` not above the file's `f64` threshold: for an `f32`
    /// value `v`, `v <= threshold` then decides exactly as `f64::from(v) <=
    /// file threshold` does.
    threshold: f32,
    feature: u32,
    left: i32,
    right: i32,
}

impl Forest {
    /// Lay out checked trees (see [`check_tree`]).
    fn new(trees: &[Tree]) -> Self {
        let mut forest = Self::default();
        for tree in trees {
            let (node0, leaf0) = (forest.nodes.len() as i32, forest.leaves.len() as i32);
            let moved = |child: i32| {
                if child < 0 {
                    !(leaf0 + !child)
                } else {
                    node0 + child
                }
            };
            for i in 0..tree.feature.len() {
                forest.nodes.push(Node {
                    threshold: f32_at_most(tree.threshold[i]),
                    feature: tree.feature[i],
                    left: moved(tree.left[i]),
                    right: moved(tree.right[i]),
                });
            }
            forest.leaves.extend(&tree.leaf);
            let root = if tree.feature.is_empty() { !0 } else { 0 };
            forest.roots.push((moved(root), tree.class));
        }
        forest
    }

    /// The leaf a row reaches from `root`, calling `visit` with each split
    /// passed and the child taken.
    fn leaf(&self, root: i32, values: &[f32], mut visit: impl FnMut(&Node, i32)) -> f64 {
        let mut at = root;
        while at >= 0 {
            let node = &self.nodes[at as usize];
            at = if values[node.feature as usize] <= node.threshold {
                node.left
            } else {
                node.right
            };
            visit(node, at);
        }
        self.leaves[!at as usize]
    }

    /// Add to each row's sum the leaf it reaches from `root` (at most
    /// [`LANES`] rows, walked in step).
    fn add_leaves<R: AsRef<[f32]>>(&self, root: i32, rows: &[R], sums: &mut [f64]) {
        let mut at = [root; LANES];
        let at = &mut at[..rows.len()];
        let mut moving = true;
        while moving {
            moving = false;
            for (at, row) in at.iter_mut().zip(rows) {
                if *at >= 0 {
                    let node = &self.nodes[*at as usize];
                    *at = if row.as_ref()[node.feature as usize] <= node.threshold {
                        node.left
                    } else {
                        node.right
                    };
                    moving = true;
                }
            }
        }
        for (sum, &leaf) in sums.iter_mut().zip(at.iter()) {
            *sum += self.leaves[!leaf as usize];
        }
    }

    /// Mean leaf value under a child (leaves weighted equally).
    fn mean(&self, child: i32) -> f64 {
        if child < 0 {
            return self.leaves[!child as usize];
        }
        let node = &self.nodes[child as usize];
        (self.mean(node.left) + self.mean(node.right)) / 2.0
    }
}

/// The largest `f32` that is not above `t` (NaN stays NaN, so that no
/// value goes left, as with the `f64` comparison).
fn f32_at_most(t: f64) -> f32 {
    let near = t as f32;
    if f64::from(near) <= t || near.is_nan() {
        return near;
    }
    // The next f32 down (`f32::next_down`, newer than this crate's MSRV);
    // `near` is above a number here, so not -inf.
    match near {
        f32::INFINITY => f32::MAX,
        0.0 => -f32::from_bits(1),
        _ if near > 0.0 => f32::from_bits(near.to_bits() - 1),
        _ => f32::from_bits(near.to_bits() + 1),
    }
}

impl Ensemble {
    /// Parse a model file and check that it was trained on `feature_set`
    /// with exactly the features `names`, in order.
    pub fn from_json(
        name: &str,
        json: &[u8],
        feature_set: &str,
        names: &[&str],
    ) -> Result<Self, ModelError> {
        let file: File = serde_json::from_slice(json).map_err(|source| ModelError::Parse {
            name: name.into(),
            source,
        })?;
        if file.format != FORMAT {
            return Err(ModelError::Format {
                name: name.into(),
                found: file.format,
            });
        }
        if file.feature_set != feature_set || file.features.iter().ne(names.iter()) {
            return Err(ModelError::Features {
                name: name.into(),
                found: file.feature_set,
                count: file.features.len(),
                expected: feature_set.into(),
            });
        }
        let thresholds_fit = file.page_type_thresholds.is_empty()
            || file.page_type_thresholds.len() == super::PAGE_TYPES.len();
        if !thresholds_fit || !file.page_type_thresholds.iter().all(|t| t.is_finite()) {
            return Err(ModelError::Thresholds {
                name: name.into(),
                count: file.page_type_thresholds.len(),
            });
        }
        let outputs = file.classes.len().max(1);
        let mut base = file.base_score.clone();
        base.resize(outputs, 0.0);
        for (t, tree) in file.trees.iter().enumerate() {
            check_tree(tree, names.len(), outputs).map_err(|why| ModelError::Tree {
                name: name.into(),
                tree: t,
                why,
            })?;
        }
        Ok(Self {
            name: name.into(),
            features: file.features,
            classes: file.classes,
            threshold: file.threshold,
            page_type_thresholds: file.page_type_thresholds,
            base,
            forest: Forest::new(&file.trees),
            info: file.info,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    pub fn feature_names(&self) -> &[String] {
        &self.features
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The score from which a binary model's answer is yes.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The threshold on a page the classifier gives these page-type
    /// probabilities: each type's threshold weighted by its probability, so
    /// an unsure page gets a blend rather than a jump.
    pub fn threshold_for(&self, page_types: &[f64]) -> f64 {
        let total: f64 = page_types.iter().sum();
        if self.page_type_thresholds.len() != page_types.len() || total <= 0.0 {
            return self.threshold;
        }
        let mixed: f64 = self
            .page_type_thresholds
            .iter()
            .zip(page_types)
            .map(|(t, p)| t * p)
            .sum();
        mixed / total
    }

    /// Raw sums of the trees per output (one for a binary model).
    fn margins(&self, values: &[f32]) -> Vec<f64> {
        let mut out = self.base.clone();
        for &(root, class) in &self.forest.roots {
            out[class] += self.forest.leaf(root, values, |_, _| {});
        }
        out
    }

    /// A binary model's probability of yes.
    pub fn probability(&self, values: &[f32]) -> f64 {
        self.probabilities(&[values])[0]
    }

    /// [`Self::probability`] of many rows at once, and faster: a few rows
    /// walk each tree side by side, so that one row's wait for its next
    /// node overlaps the others' (one row alone is a chain of dependent
    /// loads). Each row still sums its trees in order: the same bits.
    pub fn probabilities<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<f64> {
        let mut margins = vec![self.base[0]; rows.len()];
        for (rows, sums) in rows.chunks(LANES).zip(margins.chunks_mut(LANES)) {
            for &(root, class) in &self.forest.roots {
                if class == 0 {
                    self.forest.add_leaves(root, rows, sums);
                }
            }
        }
        margins.into_iter().map(sigmoid).collect()
    }

    /// A multi-class model's probability of each class, in [`Self::classes`] order.
    pub fn class_probabilities(&self, values: &[f32]) -> Vec<f64> {
        let margins = self.margins(values);
        let max = margins.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp: Vec<f64> = margins.iter().map(|m| (m - max).exp()).collect();
        let sum: f64 = exp.iter().sum();
        exp.into_iter().map(|e| e / sum).collect()
    }

    /// How much each feature moved a binary model's margin for this row:
    /// along each tree's path, the change in the subtree's mean leaf value
    /// is charged to the split's feature (a cheap attribution in the style
    /// of Saabas's method, enough to say why a block was kept).
    pub fn contributions(&self, values: &[f32]) -> Vec<f64> {
        let mut out = vec![0.0; self.features.len()];
        let forest = &self.forest;
        for &(root, _) in forest.roots.iter().filter(|(_, class)| *class == 0) {
            let mut before = forest.mean(root);
            forest.leaf(root, values, |node, child| {
                let after = forest.mean(child);
                out[node.feature as usize] += after - before;
                before = after;
            });
        }
        out
    }
}

/// Every index in range and every path ending in a leaf, so that
/// evaluation cannot go out of bounds or loop.
fn check_tree(tree: &Tree, features: usize, outputs: usize) -> Result<(), String> {
    let n = tree.feature.len();
    if tree.class >= outputs {
        return Err(format!("class {} of {outputs}", tree.class));
    }
    if [tree.threshold.len(), tree.left.len(), tree.right.len()] != [n; 3] {
        return Err("node arrays of different lengths".into());
    }
    if n == 0 {
        return if tree.leaf.len() == 1 {
            Ok(())
        } else {
            Err("a tree without splits needs exactly one leaf".into())
        };
    }
    if tree.leaf.len() != n + 1 {
        return Err(format!("{n} splits need {} leaves", n + 1));
    }
    if let Some(f) = tree.feature.iter().find(|&&f| f as usize >= features) {
        return Err(format!("feature {f} of {features}"));
    }
    // Children point forward only: no cycles, every node reached once.
    for i in 0..n {
        for child in [tree.left[i], tree.right[i]] {
            let ok = if child < 0 {
                (!child as usize) < tree.leaf.len()
            } else {
                (child as usize) > i && (child as usize) < n
            };
            if !ok {
                return Err(format!("node {i} has child {child}"));
            }
        }
    }
    Ok(())
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(trees: &str, classes: &str) -> String {
        format!(
            r#"{{"format":"corpus-gbdt/1","feature_set":"t/1","features":["a","b"],
            "classes":{classes},"trees":{trees},"info":{{"version":"t","trained_on":"none"}}}}"#
        )
    }

    const STUMPS: &str = r#"[
        {"feature":[0],"threshold":[1.5],"left":[-1],"right":[-2],"leaf":[-1.0,2.0]},
        {"feature":[1,1],"threshold":[0.0,5.0],"left":[-1,-2],"right":[1,-3],"leaf":[0.5,0.25,-0.5]}
    ]"#;

    #[test]
    fn sums_the_trees_and_squashes() {
        let m =
            Ensemble::from_json("t", model(STUMPS, "[]").as_bytes(), "t/1", &["a", "b"]).unwrap();
        // a = 1 goes left (-1.0); b = 3 goes right then left (0.25).
        let p = m.probability(&[1.0, 3.0]);
        assert!((p - sigmoid(-0.75)).abs() < 1e-12, "{p}");
        // a = 2 right (2.0); b = 9 right, right (-0.5).
        assert!((m.probability(&[2.0, 9.0]) - sigmoid(1.5)).abs() < 1e-12);
        let c = m.contributions(&[2.0, 9.0]);
        // The attributions add up to the margin less the trees' mean values.
        let mean = 0.5 + (0.5 + (0.25 - 0.5) / 2.0) / 2.0;
        assert!((c[0] + c[1] - (1.5 - mean)).abs() < 1e-12, "{c:?}");
    }

    #[test]
    fn f32_thresholds_split_as_the_f64_ones() {
        let thresholds = [
            0.1,
            -0.1,
            0.0,
            1e-40,
            -1e-40,
            3.0,
            1e39,
            -1e39,
            f64::from(f32::MAX),
        ];
        let values = [
            0.1f32,
            -0.1,
            0.0,
            -0.0,
            1e-40,
            -1e-40,
            3.0,
            f32::MAX,
            f32::MIN,
            1e-45,
        ];
        for t in thresholds {
            let low = f32_at_most(t);
            assert!(f64::from(low) <= t, "{t}");
            for v in values
                .iter()
                .flat_map(|&v| [v, f32::from_bits(v.to_bits() + 1)])
            {
                assert_eq!(v <= low, f64::from(v) <= t, "{v} against {t}");
            }
        }
        assert!(f32_at_most(f64::NAN).is_nan());
    }

    #[test]
    fn many_rows_score_as_one_row_each() {
        let m =
            Ensemble::from_json("t", model(STUMPS, "[]").as_bytes(), "t/1", &["a", "b"]).unwrap();
        let rows: Vec<Vec<f32>> = (0..19)
            .map(|i| vec![i as f32 * 0.25, 9.0 - i as f32 * 0.5])
            .collect();
        let batch = m.probabilities(&rows);
        assert_eq!(batch.len(), rows.len());
        for (row, p) in rows.iter().zip(batch) {
            let a = if row[0] <= 1.5 { -1.0 } else { 2.0 };
            let b = if row[1] <= 0.0 {
                0.5
            } else if row[1] <= 5.0 {
                0.25
            } else {
                -0.5
            };
            assert_eq!(p, sigmoid(a + b), "{row:?}");
        }
    }

    #[test]
    fn a_model_for_other_features_is_refused() {
        let json = model(STUMPS, "[]");
        let err = Ensemble::from_json("t", json.as_bytes(), "t/1", &["a", "c"]).unwrap_err();
        assert!(matches!(err, ModelError::Features { .. }), "{err}");
        let err = Ensemble::from_json("t", json.as_bytes(), "t/2", &["a", "b"]).unwrap_err();
        assert!(err.to_string().contains("retrain"), "{err}");
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let names = ["a", "b"];
        let cases = [
            "{not json".to_string(),
            model(
                r#"[{"feature":[0],"threshold":[1.0],"left":[0],"right":[-1],"leaf":[1.0,2.0]}]"#,
                "[]",
            ),
            model(
                r#"[{"feature":[7],"threshold":[1.0],"left":[-1],"right":[-2],"leaf":[1.0,2.0]}]"#,
                "[]",
            ),
            model(
                r#"[{"feature":[0],"threshold":[1.0],"left":[-1],"right":[-3],"leaf":[1.0,2.0]}]"#,
                "[]",
            ),
            model(
                r#"[{"class":1,"feature":[],"threshold":[],"left":[],"right":[],"leaf":[1.0]}]"#,
                "[]",
            ),
            model(STUMPS, "[]").replace("corpus-gbdt/1", "corpus-gbdt/0"),
        ];
        for json in cases {
            assert!(
                Ensemble::from_json("t", json.as_bytes(), "t/1", &names).is_err(),
                "{json}"
            );
        }
    }

    #[test]
    fn page_type_thresholds_blend_by_probability() {
        let json = model(STUMPS, "[]").replace(
            r#""trees""#,
            r#""threshold":0.5,"page_type_thresholds":[0.5,0.5,0.5,0.2,0.2,0.3,0.3],"trees""#,
        );
        let m = Ensemble::from_json("t", json.as_bytes(), "t/1", &["a", "b"]).unwrap();
        let article = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        assert!((m.threshold_for(&article) - 0.5).abs() < 1e-12);
        let unsure = [0.5, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0];
        assert!((m.threshold_for(&unsure) - 0.35).abs() < 1e-12);
        // No page probabilities: the plain threshold.
        assert_eq!(m.threshold_for(&[]), 0.5);
        let wrong = json.replace("[0.5,0.5,0.5,0.2,0.2,0.3,0.3]", "[0.5,0.2]");
        let err = Ensemble::from_json("t", wrong.as_bytes(), "t/1", &["a", "b"]).unwrap_err();
        assert!(matches!(err, ModelError::Thresholds { .. }), "{err}");
    }

    #[test]
    fn multi_class_probabilities_sum_to_one() {
        let trees = r#"[
            {"class":0,"feature":[0],"threshold":[0.5],"left":[-1],"right":[-2],"leaf":[1.0,-1.0]},
            {"class":1,"feature":[],"threshold":[],"left":[],"right":[],"leaf":[0.0]},
            {"class":2,"feature":[1],"threshold":[0.5],"left":[-1],"right":[-2],"leaf":[-1.0,3.0]}
        ]"#;
        let m = Ensemble::from_json(
            "t",
            model(trees, r#"["x","y","z"]"#).as_bytes(),
            "t/1",
            &["a", "b"],
        )
        .unwrap();
        let p = m.class_probabilities(&[0.0, 1.0]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(p[2] > p[0] && p[0] > p[1], "{p:?}");
    }
}
