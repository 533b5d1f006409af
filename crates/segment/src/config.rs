//! [`SegmentConfig`]: what segmentation may be told about a site.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
}

/// Settings for [`crate::Segmenter`]. Every field has a default, so a partial
/// JSON object (or `{}`) deserialises.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentConfig {
    /// The zone the site prints its local times in: sidebar timestamps such as
    /// `08:00 | 26/11/2023` are read in this zone. Serialised as the IANA name.
    pub timezone: chrono_tz::Tz,
    /// Labels that introduce a photo credit at the end of a caption
    /// (`… at the border gate. Photo: Nguyen An`). Matched case-insensitively;
    /// the text after the label is the credit.
    pub credit_labels: Vec<String>,
    /// Optional per-site hints: a line equal to one of these (ignoring case and
    /// a trailing colon) is always a sidebar heading. The rules find headings
    /// without them.
    pub sidebar_headings: Vec<String>,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        Self {
            timezone: chrono_tz::Asia::Ho_Chi_Minh,
            credit_labels: DEFAULT_CREDIT_LABELS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            sidebar_headings: Vec::new(),
        }
    }
}

impl SegmentConfig {
    /// Read per-site hints from a TOML file; missing keys take their
    /// defaults (see `config/segment.toml`).
    pub fn from_toml_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Parse per-site hints from TOML text.
    pub fn from_toml_str(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Credit labels common on news sites, in English, Vietnamese, German/Spanish/
/// Italian/Portuguese ("Foto:") and French ("Crédit").
pub const DEFAULT_CREDIT_LABELS: &[&str] = &[
    "Photo:",
    "Photos:",
    "Photo by",
    "Photo credit:",
    "Image:",
    "Credit:",
    "Crédit :",
    "Crédit:",
    "Ảnh:",
    "Nguồn:",
    "Foto:",
    "Source:",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_round_trips_as_iana_name() {
        let config = SegmentConfig::default();
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(json["timezone"], "Asia/Ho_Chi_Minh");
        let back: SegmentConfig = serde_json::from_value(json).unwrap();
        assert_eq!(back, config);
    }

    #[test]
    fn missing_fields_take_defaults() {
        let config: SegmentConfig =
            serde_json::from_str(r#"{"timezone":"Europe/Berlin"}"#).unwrap();
        assert_eq!(config.timezone, chrono_tz::Europe::Berlin);
        assert!(config.credit_labels.iter().any(|l| l == "Photo:"));
        assert!(config.sidebar_headings.is_empty());
    }

    #[test]
    fn reads_toml_hints() {
        let config = SegmentConfig::from_toml_str(
            "timezone = \"Europe/Berlin\"\nsidebar_headings = [\"Most read\"]\n",
        )
        .unwrap();
        assert_eq!(config.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(config.sidebar_headings, ["Most read"]);
        assert!(SegmentConfig::from_toml_str("timezone = 3").is_err());
    }

    #[test]
    fn the_example_file_parses() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/segment.toml");
        let config = SegmentConfig::from_toml_file(path).unwrap();
        assert!(config.sidebar_headings.iter().any(|h| h == "Related News"));
        assert!(SegmentConfig::from_toml_file("/nonexistent/segment.toml").is_err());
    }
}
