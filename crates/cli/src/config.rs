//! From command-line options to each stage's configuration.

use crate::args::{
    DedupeOpts, ExportOpts, NormalizeOpts, ReadOpts, SegmentOpts, SignalOpts, SiteOpts, ToneMarks,
};
use anyhow::{Context, Result, bail};
use corpus_dedupe::DedupeConfig;
use corpus_export::ExportConfig;
use corpus_normalize::{NormalizeConfig, Normalizer, RepairConfig, ToneStyle};
use corpus_read::ReadConfig;
use corpus_segment::{Models, SegmentConfig, Segmenter};
use corpus_signals::{Signaler, Thresholds};
use std::path::Path;
use std::sync::Arc;

pub fn read(opts: &ReadOpts) -> ReadConfig {
    ReadConfig {
        max_bytes: opts.max_bytes,
    }
}

pub fn normalize(opts: &NormalizeOpts) -> NormalizeConfig {
    NormalizeConfig {
        nfc: !opts.no_nfc,
        whitespace: !opts.no_whitespace,
        control_chars: !opts.no_control_chars,
    }
}

pub fn repairs(opts: &NormalizeOpts) -> RepairConfig {
    RepairConfig {
        mojibake: !opts.no_mojibake,
        entities: !opts.no_entities,
        markdown: !opts.no_markdown,
        tone_marks: match opts.tone_marks {
            ToneMarks::FirstVowel => Some(ToneStyle::FirstVowel),
            ToneMarks::MainVowel => Some(ToneStyle::MainVowel),
            ToneMarks::Off => None,
        },
    }
}

/// The normalize stage with every step as the flags set it.
pub fn normalizer(opts: &NormalizeOpts) -> Normalizer {
    Normalizer::with_repairs(normalize(opts), repairs(opts))
}

/// The segment settings: the config file's (or the defaults), then the flags.
pub fn segment(site: &SiteOpts, opts: &SegmentOpts) -> Result<SegmentConfig> {
    let mut config = match &opts.config {
        Some(path) => SegmentConfig::from_toml_file(path)?,
        None => SegmentConfig::default(),
    };
    if let Some(zone) = timezone(site)? {
        config.timezone = zone;
    }
    config
        .sidebar_headings
        .extend(opts.sidebar_headings.iter().cloned());
    Ok(config)
}

/// The segment stage with its models: `--model-dir`'s, else the built-in
/// ones. A missing or damaged model is an error here, before any input.
pub fn segmenter(config: SegmentConfig, opts: &SegmentOpts) -> Result<Segmenter> {
    let models = match &opts.model_dir {
        Some(dir) => Models::from_dir(dir)
            .with_context(|| format!("cannot load the models in {}", dir.display()))?,
        None => Models::embedded().context("the built-in segmentation models do not load")?,
    };
    Ok(Segmenter::with_models(config, Arc::new(models)))
}

/// The signals stage: the `--filter` rules with the thresholds of the
/// config file's `[filters]` table, datatrove's defaults where it has none;
/// `None` with `--no-signals`.
pub fn signaler(config: Option<&Path>, opts: &SignalOpts) -> Result<Option<Signaler>> {
    if opts.no_signals {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        filters: Thresholds,
    }
    let thresholds = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str::<File>(&text)
                .with_context(|| format!("{}: the [filters] table", path.display()))?
                .filters
        }
        None => Thresholds::default(),
    };
    Ok(Some(Signaler::new(opts.filter.clone(), thresholds)))
}

pub fn dedupe(opts: &DedupeOpts) -> Result<DedupeConfig> {
    let mut config = DedupeConfig::default();
    if let Some(n) = opts.shingle_words {
        config.shingle_words = n;
    }
    if let Some(n) = opts.permutations {
        config.permutations = n;
    }
    if let Some(n) = opts.bands {
        config.bands = n;
    }
    if let Some(t) = opts.threshold {
        config.threshold = t;
    }
    if let Some(n) = opts.boilerplate_min_docs {
        config.boilerplate_min_docs = n;
    }
    config.strip_boilerplate = !opts.keep_boilerplate_in_body;
    if config.shingle_words == 0 {
        bail!("--shingle-words must be at least 1");
    }
    if config.bands == 0 || config.permutations == 0 || config.permutations % config.bands != 0 {
        bail!(
            "--permutations ({}) must be a positive multiple of --bands ({})",
            config.permutations,
            config.bands
        );
    }
    if !(0.0..=1.0).contains(&config.threshold) {
        bail!(
            "--threshold must be between 0 and 1, got {}",
            config.threshold
        );
    }
    Ok(config)
}

/// The export settings. `zone` annotates the site's timestamp columns: the
/// zone segmentation read them in (ingest), or `--timezone` (export alone).
pub fn export(zone: chrono_tz::Tz, opts: &ExportOpts, batch_rows: usize) -> ExportConfig {
    ExportConfig {
        out_dir: opts.out.clone(),
        timezone: zone.name().to_string(),
        batch_rows: batch_rows.max(1),
        drop_duplicates: opts.drop_duplicates,
        drop_filtered: opts.drop_filtered,
    }
}

/// The zone given with `--timezone`, if any.
pub fn timezone(site: &SiteOpts) -> Result<Option<chrono_tz::Tz>> {
    site.timezone
        .as_deref()
        .map(|name| {
            name.parse().ok().with_context(|| {
                format!(
                    "unknown time zone {name:?} (expected an IANA name such as Asia/Ho_Chi_Minh)"
                )
            })
        })
        .transpose()
}
