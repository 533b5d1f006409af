//! [`SegmentConfig`]: what segmentation may be told about a site.

use serde::{Deserialize, Serialize};

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
}
