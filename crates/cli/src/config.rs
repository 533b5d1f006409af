//! From command-line options to each stage's configuration.

use crate::args::{DedupeOpts, ExportOpts, NormalizeOpts, ReadOpts, SegmentOpts, SiteOpts};
use anyhow::{Context, Result, bail};
use corpus_dedupe::DedupeConfig;
use corpus_export::ExportConfig;
use corpus_normalize::NormalizeConfig;
use corpus_read::ReadConfig;
use corpus_segment::SegmentConfig;

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

pub fn segment(site: &SiteOpts, opts: &SegmentOpts) -> Result<SegmentConfig> {
    let mut config = SegmentConfig {
        timezone: timezone(site)?,
        ..SegmentConfig::default()
    };
    config
        .sidebar_headings
        .extend(opts.sidebar_headings.iter().cloned());
    Ok(config)
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

pub fn export(site: &SiteOpts, opts: &ExportOpts, batch_rows: usize) -> Result<ExportConfig> {
    timezone(site)?;
    Ok(ExportConfig {
        out_dir: opts.out.clone(),
        timezone: site.timezone.clone(),
        batch_rows: batch_rows.max(1),
        drop_duplicates: opts.drop_duplicates,
    })
}

fn timezone(site: &SiteOpts) -> Result<chrono_tz::Tz> {
    site.timezone.parse().ok().with_context(|| {
        format!(
            "unknown time zone {:?} (expected an IANA name such as Asia/Ho_Chi_Minh)",
            site.timezone
        )
    })
}
