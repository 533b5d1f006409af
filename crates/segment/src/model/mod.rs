//! The learned part of segmentation: named feature sets and the tree
//! models that score them.
//!
//! Each feature set is a struct of `f32` fields declared with
//! [`feature_set!`]; its id (`html_block/1`) and field names, in order, are
//! written into the model file by training and checked at load, so a model
//! and the code that feeds it cannot silently disagree. The same structs are
//! filled at training time (`corpus-train features`) and at run time.
//!
//! Three models ship in `crates/segment/models/` (see its README, the data
//! card): one scores HTML blocks, one scores text-dump lines (is it main
//! content?), one tells the page type.

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
#[derive(Debug, Clone)]
pub struct Models {
    pub html_block: Ensemble,
    pub text_line: Ensemble,
    pub page_type: Ensemble,
}

/// A model's file name and bytes as built into the binary.
const EMBEDDED: [(&str, &[u8]); 3] = [
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
];

impl Models {
    /// The models shipped in `crates/segment/models/`, built into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        let [html, text, page] = EMBEDDED;
        Self::from_bytes(html.1, text.1, page.1)
    }

    /// Models from a directory holding `html_block.json`, `text_line.json`
    /// and `page_type.json` (what `just train` writes), for a model trained
    /// on other data or a cross-validation fold.
    pub fn from_dir(dir: &Path) -> Result<Self, ModelError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| ModelError::Read {
                name: name.into(),
                path,
                source,
            })
        };
        Self::from_bytes(
            &read(EMBEDDED[0].0)?,
            &read(EMBEDDED[1].0)?,
            &read(EMBEDDED[2].0)?,
        )
    }

    fn from_bytes(html: &[u8], text: &[u8], page: &[u8]) -> Result<Self, ModelError> {
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
        })
    }

    /// What `manifest.json` records of each model.
    pub fn infos(&self) -> [(&str, &ModelInfo); 3] {
        [
            ("html_block", self.html_block.info()),
            ("text_line", self.text_line.info()),
            ("page_type", self.page_type.info()),
        ]
    }
}
