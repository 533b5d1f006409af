//! The learned part of segmentation: named feature sets and the tree
//! models that score them.
//!
//! Each feature set is a struct of `f32` fields declared with
//! [`feature_set!`]; its id (`html_block/1`) and field names, in order, are
//! written into the model file by training and checked at load, so a model
//! and the code that feeds it cannot silently disagree. The same structs are
//! filled at training time (`corpus-train features`) and at run time.
//!
//! Five models ship in `crates/segment/models/` (see its README, the data
//! card): a first pass for HTML blocks and one for text-dump lines (is it
//! main content?), a second pass for each that reads the first pass's scores
//! around the block, and one that tells the page type.

pub mod gbdt;

pub use gbdt::{Ensemble, ModelError, ModelInfo};

use std::path::Path;

/// Declare a feature set: a struct of named `f32` features with a stable
/// order, an id to bump when the meaning of a feature changes, and the
/// names as a slice for model files and Parquet columns.
macro_rules! feature_set {
    ($(#[$meta:meta])* $vis:vis struct $name:ident = $id:literal {
        $($(#[$fmeta:meta])* $field:ident,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        $vis struct $name {
            $($(#[$fmeta])* pub $field: f32,)*
        }

        impl $name {
            /// The feature set's id, recorded in the model file.
            pub const ID: &'static str = $id;
            /// Feature names, in the order of [`Self::values`].
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The features in [`Self::NAMES`] order.
            pub fn values(&self) -> Vec<f32> {
                vec![$(self.$field),*]
            }
        }
    };
}
pub(crate) use feature_set;

/// The page types the page classifier tells apart (the WCXB taxonomy).
pub const PAGE_TYPES: &[&str] = &[
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

/// The models segmentation uses, each checked against its feature set.
///
/// The first pass scores each HTML block (`html_block`) or text line
/// (`text_line`) alone; the second pass (`html_context`, `text_context`)
/// reads the same features followed by the first pass's scores around the
/// block ([`ContextFeatures`](crate::features::ContextFeatures)) and
/// decides. The second-pass models are `None` only in models loaded with
/// [`Models::first_pass_from_dir`], for training the second pass: then the
/// first pass decides.
#[derive(Debug, Clone)]
pub struct Models {
    pub html_block: Ensemble,
    pub text_line: Ensemble,
    pub page_type: Ensemble,
    pub html_context: Option<Ensemble>,
    pub text_context: Option<Ensemble>,
}

/// The most probable of [`PAGE_TYPES`] by the classifier's probabilities,
/// with its probability.
pub fn most_likely_page_type(probabilities: &[f64]) -> Option<(&'static str, f64)> {
    PAGE_TYPES
        .iter()
        .zip(probabilities)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(kind, &p)| (*kind, p))
}

/// A model's file name and bytes as built into the binary.
const EMBEDDED: [(&str, &[u8]); 5] = [
    (
        "html_block.json",
        include_bytes!("../../models/html_block.json"),
    ),
    (
        "text_line.json",
        include_bytes!("../../models/text_line.json"),
    ),
    (
        "page_type.json",
        include_bytes!("../../models/page_type.json"),
    ),
    (
        "html_context.json",
        include_bytes!("../../models/html_context.json"),
    ),
    (
        "text_context.json",
        include_bytes!("../../models/text_context.json"),
    ),
];

impl Models {
    /// The models shipped in `crates/segment/models/`, built into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        let [html, text, page, html2, text2] = EMBEDDED;
        let mut models = Self::first_pass(html.1, text.1, page.1)?;
        models.add_second_pass(html2.1, text2.1)?;
        Ok(models)
    }

    /// Models from a directory holding the five files `just train` writes
    /// (`html_block.json`, `text_line.json`, `page_type.json`,
    /// `html_context.json`, `text_context.json`): models trained on other
    /// data, or a cross-validation fold's.
    pub fn from_dir(dir: &Path) -> Result<Self, ModelError> {
        let mut models = Self::first_pass_from_dir(dir)?;
        models.add_second_pass(&read(dir, EMBEDDED[3].0)?, &read(dir, EMBEDDED[4].0)?)?;
        Ok(models)
    }

    /// The three first-pass models of a directory, without the second
    /// pass: what training the second pass runs on.
    pub fn first_pass_from_dir(dir: &Path) -> Result<Self, ModelError> {
        Self::first_pass(
            &read(dir, EMBEDDED[0].0)?,
            &read(dir, EMBEDDED[1].0)?,
            &read(dir, EMBEDDED[2].0)?,
        )
    }

    fn first_pass(html: &[u8], text: &[u8], page: &[u8]) -> Result<Self, ModelError> {
        use crate::features::{HtmlBlockFeatures, PageFeatures, TextLineFeatures};
        let page_type =
            Ensemble::from_json("page_type", page, PageFeatures::ID, PageFeatures::NAMES)?;
        if page_type.classes().iter().ne(PAGE_TYPES.iter()) {
            return Err(ModelError::Features {
                name: "page_type".into(),
                found: format!("classes {:?}", page_type.classes()),
                count: page_type.classes().len(),
                expected: format!("classes {PAGE_TYPES:?}"),
            });
        }
        Ok(Self {
            html_block: Ensemble::from_json(
                "html_block",
                html,
                HtmlBlockFeatures::ID,
                HtmlBlockFeatures::NAMES,
            )?,
            text_line: Ensemble::from_json(
                "text_line",
                text,
                TextLineFeatures::ID,
                TextLineFeatures::NAMES,
            )?,
            page_type,
            html_context: None,
            text_context: None,
        })
    }

    fn add_second_pass(&mut self, html: &[u8], text: &[u8]) -> Result<(), ModelError> {
        use crate::features::{
            HtmlBlockFeatures, TextLineFeatures, second_pass_id, second_pass_names,
        };
        let load = |name: &str, bytes: &[u8], id: &str, names: &[&'static str]| {
            Ensemble::from_json(name, bytes, &second_pass_id(id), &second_pass_names(names))
        };
        self.html_context = Some(load(
            "html_context",
            html,
            HtmlBlockFeatures::ID,
            HtmlBlockFeatures::NAMES,
        )?);
        self.text_context = Some(load(
            "text_context",
            text,
            TextLineFeatures::ID,
            TextLineFeatures::NAMES,
        )?);
        Ok(())
    }

    /// The two passes for blocks of this format.
    pub(crate) fn passes(&self, format: corpus_core::Format) -> crate::decide::Passes<'_> {
        use corpus_core::Format;
        let (first, second) = match format {
            Format::Html => (&self.html_block, &self.html_context),
            Format::Text => (&self.text_line, &self.text_context),
        };
        crate::decide::Passes {
            first,
            second: second.as_ref(),
        }
    }

    /// The model that decides a block of this format: the second pass
    /// where there is one.
    pub fn deciding(&self, format: corpus_core::Format) -> &Ensemble {
        let passes = self.passes(format);
        passes.second.unwrap_or(passes.first)
    }

    /// The `n` features that moved a block's score most, with how far (in
    /// log-odds; positive towards content), largest first.
    pub fn why(&self, format: corpus_core::Format, features: &[f32], n: usize) -> Vec<(&str, f64)> {
        let model = self.deciding(format);
        let mut moved: Vec<(&str, f64)> = model
            .feature_names()
            .iter()
            .map(String::as_str)
            .zip(model.contributions(features))
            .filter(|(_, c)| *c != 0.0)
            .collect();
        moved.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        moved.truncate(n);
        moved
    }

    /// What `manifest.json` records of each model.
    pub fn infos(&self) -> Vec<(&str, &ModelInfo)> {
        let mut out = vec![
            ("html_block", self.html_block.info()),
            ("text_line", self.text_line.info()),
            ("page_type", self.page_type.info()),
        ];
        for (name, model) in [
            ("html_context", &self.html_context),
            ("text_context", &self.text_context),
        ] {
            out.extend(model.as_ref().map(|m| (name, m.info())));
        }
        out
    }
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, ModelError> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|source| ModelError::Read {
        name: name.into(),
        path,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `train.py` records, for rows of generated pages, what LightGBM
    /// itself predicted; the shipped trees must score them the same, or the
    /// export (or the evaluation here) has drifted from the trainer.
    #[test]
    fn shipped_models_score_as_lightgbm_did() {
        #[derive(serde::Deserialize)]
        struct Check {
            features: Vec<Vec<f32>>,
            predictions: serde_json::Value,
        }
        let checks: std::collections::BTreeMap<String, Check> =
            serde_json::from_str(include_str!("../../models/checks.json")).unwrap();
        let models = Models::embedded().unwrap();
        let by_name = [
            ("html_block", &models.html_block),
            ("text_line", &models.text_line),
            ("page_type", &models.page_type),
            ("html_context", models.html_context.as_ref().unwrap()),
            ("text_context", models.text_context.as_ref().unwrap()),
        ];
        for (name, model) in by_name {
            let check = &checks[name];
            assert!(!check.features.is_empty(), "{name}: no rows");
            let expected: Vec<Vec<f64>> = match &check.predictions {
                serde_json::Value::Array(rows) => rows
                    .iter()
                    .map(|r| match r {
                        serde_json::Value::Array(p) => {
                            p.iter().filter_map(serde_json::Value::as_f64).collect()
                        }
                        other => other.as_f64().into_iter().collect(),
                    })
                    .collect(),
                other => panic!("{name}: predictions {other}"),
            };
            for (row, want) in check.features.iter().zip(expected) {
                let got = if model.classes().is_empty() {
                    vec![model.probability(row)]
                } else {
                    model.class_probabilities(row)
                };
                assert_eq!(got.len(), want.len(), "{name}");
                for (g, w) in got.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-6, "{name}: {got:?} against {want:?}");
                }
            }
        }
    }
}
