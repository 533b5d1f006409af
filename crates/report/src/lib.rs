//! The run report of a corpus dataset, and one page's blocks.
//!
//! [`Report::read`] aggregates a dataset directory (the Parquet tables and
//! `manifest.json`, as `corpus ingest` or `corpus export` wrote them; each
//! table one file or a folder of `part-*.parquet` files, see [`Dataset`])
//! column by column, batch by batch: memory holds one batch of the columns
//! a section needs plus its counters, and every list of examples is bounded
//! (see the `LISTED_*` constants). [`html::report`] renders it as one
//! self-contained HTML file (inline CSS, charts as inline SVG with their
//! numbers as tables beneath, a few lines of inline script to sort tables;
//! no network reference of any kind), and [`write_report`] does both into
//! `DIR/report.html`.
//!
//! [`page::PageBlocks::load`] reads one page's blocks in order, for
//! `corpus inspect`.

mod boilerplate;
mod count;
mod duplicates;
mod error;
pub mod html;
mod inputs;
pub mod page;
mod rejects;
mod run;
mod segmentation;
mod sidebar;
mod signals;
mod svg;
mod table;

pub use boilerplate::{Boilerplate, RepeatedLine};
pub use count::{Bin, Counts, Histogram};
pub use duplicates::{Cluster, Duplicates, Member};
pub use error::ReportError;
pub use inputs::{Inputs, PagesBytes, container_and_compression};
pub use rejects::{RejectExample, RejectGroup, Rejects};
pub use run::Run;
pub use segmentation::{LABELS, PageLabels, SHORT_BODY_CHARS, Segmentation, ShortBody};
pub use sidebar::Sidebar;
pub use signals::Signals;
pub use table::Dataset;

use corpus_export::AtomicFile;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The report's file name inside the dataset directory.
pub const REPORT_FILE: &str = "report.html";

/// Examples listed per group of rejects.
pub const EXAMPLES_PER_GROUP: usize = 5;
/// Pages listed with an empty or very short body.
pub const LISTED_EXAMPLES: usize = 20;
/// Pages whose labels are drawn as stacked bars.
pub const LISTED_PAGES: usize = 100;
/// Largest duplicate clusters listed, and members shown of each.
pub const LISTED_CLUSTERS: usize = 10;
pub const MEMBERS_PER_CLUSTER: usize = 5;
/// Most repeated lines listed.
pub const LISTED_LINES: usize = 30;

/// Everything the report shows, aggregated from one dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub run: Run,
    pub inputs: Inputs,
    pub rejects: Rejects,
    pub segmentation: Segmentation,
    pub duplicates: Duplicates,
    pub boilerplate: Boilerplate,
    pub sidebar: Sidebar,
    /// `None` when the dataset has no language and quality signals.
    pub signals: Option<Signals>,
}

impl Report {
    /// Aggregate the dataset in `dir`.
    ///
    /// Sections read their own columns independently, so they run on
    /// threads of their own: the two largest (segmentation and boilerplate
    /// over `blocks`) beside the others.
    pub fn read(dir: &Path) -> Result<Self, ReportError> {
        let dataset = &Dataset::new(dir);
        std::thread::scope(|scope| {
            let segmentation = scope.spawn(|| segmentation::read(dataset));
            let boilerplate = scope.spawn(|| boilerplate::read(dataset));
            let duplicates = scope.spawn(|| duplicates::read(dataset));
            let run = run::read(dataset)?;
            let inputs = inputs::read(dataset)?;
            let rejects = rejects::read(dataset)?;
            let sidebar = sidebar::read(dataset)?;
            let signals = signals::read(dataset)?;
            Ok(Self {
                run,
                inputs,
                rejects,
                segmentation: join(segmentation)?,
                duplicates: join(duplicates)?,
                boilerplate: join(boilerplate)?,
                sidebar,
                signals,
            })
        })
    }
}

/// A section's thread's result; its panic goes on in this thread.
fn join<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, ReportError>>,
) -> Result<T, ReportError> {
    match handle.join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Aggregate the dataset in `dir` and write `dir/report.html` atomically.
pub fn write_report(dir: &Path) -> Result<PathBuf, ReportError> {
    let report = Report::read(dir)?;
    let page = html::report(&report);
    write_file(&dir.join(REPORT_FILE), page.as_bytes())
}

/// Write `bytes` to `path` under a temp name, renamed into place when
/// complete, as the tables are.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    let mut file = AtomicFile::create(path).map_err(ReportError::io(path))?;
    file.write_all(bytes).map_err(ReportError::io(path))?;
    file.commit().map_err(ReportError::io(path))
}
