//! [`DatasetWriter`]: records in, a complete dataset directory out.

use crate::atomic::{self, AtomicFile};
use crate::error::ExportError;
use crate::lock::OutputLock;
use crate::manifest::{MANIFEST_FILE, Manifest};
use crate::tables::Table;
use crate::tables::TableBuilder;
use crate::tables::blocks::BlocksBuilder;
use crate::tables::documents::DocumentsBuilder;
use crate::tables::duplicates::DuplicatesBuilder;
use crate::tables::rejects::RejectsBuilder;
use crate::tables::sidebar_links::SidebarLinksBuilder;
use arrow::error::ArrowError;
use corpus_core::Record;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The zone of the news sites the pipeline was built for.
pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";
/// Rows buffered per table before a batch is handed to the Parquet writer.
pub const DEFAULT_BATCH_ROWS: usize = 8192;
/// Upper bound on the rows of one Parquet row group.
pub const MAX_ROW_GROUP_ROWS: usize = 128 * 1024;
/// Upper bound on the encoded (compressed) bytes of one Parquet row group. A
/// row group is held in memory until it is complete; on tables with wide rows
/// (`documents` carries the body) this bound is reached long before
/// [`MAX_ROW_GROUP_ROWS`], so memory stays flat however long the run.
pub const MAX_ROW_GROUP_BYTES: usize = 64 * 1024 * 1024;
const ZSTD_LEVEL: i32 = 3;

/// Where and how a dataset is written.
#[derive(Clone, Debug, Serialize)]
pub struct ExportConfig {
    /// The dataset directory, created if missing.
    pub out_dir: PathBuf,
    /// IANA name of the zone annotating the timestamp columns that come from
    /// the site (`published_at`, `latest_sidebar_at`). Values are instants
    /// either way; the zone only says how readers display them.
    pub timezone: String,
    /// Rows buffered per table before a `RecordBatch` is written.
    pub batch_rows: usize,
    /// Leave duplicates (`duplicate.kind` set) out of `documents`, `blocks`
    /// and `sidebar_links`. They stay in `duplicates`.
    pub drop_duplicates: bool,
    /// Leave documents that failed a quality filter (`filtered_by` not
    /// empty) out of `documents`, `blocks` and `sidebar_links`.
    pub drop_filtered: bool,
}

impl ExportConfig {
    /// The defaults, writing to `out_dir`.
    pub fn new(out_dir: impl Into<PathBuf>) -> Self {
        Self {
            out_dir: out_dir.into(),
            timezone: DEFAULT_TIMEZONE.into(),
            batch_rows: DEFAULT_BATCH_ROWS,
            drop_duplicates: false,
            drop_filtered: false,
        }
    }
}

impl Default for ExportConfig {
    fn default() -> Self {
        Self::new("dataset")
    }
}

/// What the caller wants recorded in `manifest.json` about the run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RunInfo {
    pub config: serde_json::Value,
    pub inputs: u64,
    pub timings_ms: BTreeMap<String, u64>,
    /// Documents that failed each quality filter rule.
    pub filtered: BTreeMap<String, u64>,
    /// Documents made, those left out of the tables included.
    pub documents: Option<u64>,
    /// Input bytes read, after decompression.
    pub bytes: Option<u64>,
    /// Peak resident memory of the run.
    pub peak_rss_bytes: Option<u64>,
}

/// What [`DatasetWriter::finish`] wrote.
#[derive(Clone, Debug, Serialize)]
pub struct ExportSummary {
    /// Rows per table name; every table is present, zero when empty.
    pub rows: BTreeMap<String, u64>,
    /// Final paths of the five tables, then of `manifest.json`.
    pub files: Vec<PathBuf>,
}

/// Writes records into the five tables of a dataset.
///
/// Each table is written to a hidden temp file in `out_dir` from
/// [`DatasetWriter::create`] on. [`DatasetWriter::finish`] completes the
/// files and renames them into place; dropping the writer instead (an error,
/// a panic) deletes the temp files, so a dataset already in `out_dir` is
/// never touched by a run that does not complete.
pub struct DatasetWriter {
    config: ExportConfig,
    documents: TableWriter<DocumentsBuilder>,
    blocks: TableWriter<BlocksBuilder>,
    sidebar_links: TableWriter<SidebarLinksBuilder>,
    duplicates: TableWriter<DuplicatesBuilder>,
    rejects: TableWriter<RejectsBuilder>,
    /// Held until the dataset is complete; dropped last. A part writer
    /// holds none: the task that runs it owns its part files, and the
    /// commit takes the lock.
    lock: Option<OutputLock>,
}

/// Where a [`DatasetWriter`] puts each table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// `DIR/documents.parquet`, ...: one file per table.
    Files,
    /// `DIR/documents/part-NNNNN.parquet`, ...: this part of each table.
    Part(u32),
}

impl Layout {
    fn path(self, dir: &Path, table: Table) -> PathBuf {
        match self {
            Layout::Files => dir.join(table.file_name()),
            Layout::Part(part) => dir.join(table.name()).join(part_file_name(part)),
        }
    }
}

/// The file name of part `part` of a table in the part layout.
pub fn part_file_name(part: u32) -> String {
    format!("part-{part:05}.parquet")
}

/// The index of a part file's name (`part-00042.parquet`: 42).
fn part_index(name: &str) -> Option<u32> {
    name.strip_prefix("part-")?
        .strip_suffix(".parquet")?
        .parse()
        .ok()
}

impl DatasetWriter {
    /// Create `out_dir` and one temp file per table in it.
    pub fn create(config: ExportConfig) -> Result<Self, ExportError> {
        check_timezone(&config)?;
        let dir = config.out_dir.as_path();
        fs::create_dir_all(dir).map_err(ExportError::io(dir))?;
        let lock = OutputLock::acquire(dir)?;
        Self::create_in(config, Layout::Files, Some(lock))
    }

    /// A writer of part `part` of every table (`DIR/documents/part-00007.parquet`,
    /// ...), for a sharded run: one task per part, then [`commit_parts`].
    ///
    /// The caller must make sure that no other live writer has the same
    /// part (a sharded run's task lock does): the temp files of this part
    /// that a killed writer left are removed.
    pub fn create_part(config: ExportConfig, part: u32) -> Result<Self, ExportError> {
        check_timezone(&config)?;
        let dir = config.out_dir.as_path();
        let target = part_file_name(part);
        for table in Table::ALL {
            let folder = dir.join(table.name());
            fs::create_dir_all(&folder).map_err(ExportError::io(&folder))?;
            let entries = fs::read_dir(&folder).map_err(ExportError::io(&folder))?;
            for entry in entries {
                let entry = entry.map_err(ExportError::io(&folder))?;
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                let ours = name
                    .strip_prefix('.')
                    .is_some_and(|rest| rest.starts_with(&format!("{target}.tmp-")));
                if ours && atomic::is_temp_name(name) {
                    let path = entry.path();
                    fs::remove_file(&path).map_err(ExportError::io(&path))?;
                }
            }
        }
        Self::create_in(config, Layout::Part(part), None)
    }

    fn create_in(
        config: ExportConfig,
        layout: Layout,
        lock: Option<OutputLock>,
    ) -> Result<Self, ExportError> {
        let tz = config.timezone.as_str();
        let dir = config.out_dir.as_path();
        let batch_rows = config.batch_rows.max(1);
        let path = |table| layout.path(dir, table);
        Ok(Self {
            lock,
            documents: TableWriter::create(
                path(Table::Documents),
                Table::Documents,
                DocumentsBuilder::new(tz),
                batch_rows,
            )?,
            blocks: TableWriter::create(
                path(Table::Blocks),
                Table::Blocks,
                BlocksBuilder::new(),
                batch_rows,
            )?,
            sidebar_links: TableWriter::create(
                path(Table::SidebarLinks),
                Table::SidebarLinks,
                SidebarLinksBuilder::new(tz),
                batch_rows,
            )?,
            duplicates: TableWriter::create(
                path(Table::Duplicates),
                Table::Duplicates,
                DuplicatesBuilder::new(),
                batch_rows,
            )?,
            rejects: TableWriter::create(
                path(Table::Rejects),
                Table::Rejects,
                RejectsBuilder::new(),
                batch_rows,
            )?,
            config,
        })
    }

    /// Append the rows of one record to the tables it belongs in.
    pub fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        match record {
            Record::Document(doc) => {
                self.duplicates.push(|b| b.append(doc))?;
                let is_duplicate = doc.duplicate.as_ref().is_some_and(|d| d.kind.is_some());
                let dropped = (self.config.drop_duplicates && is_duplicate)
                    || (self.config.drop_filtered && !doc.filtered_by.is_empty());
                if !dropped {
                    self.documents.push(|b| b.append(doc))?;
                    self.blocks.push(|b| b.append(doc))?;
                    self.sidebar_links.push(|b| b.append(doc))?;
                }
            }
            Record::Reject(reject) => self.rejects.push(|b| b.append(reject))?,
        }
        Ok(())
    }

    /// Complete every table, move the tables into place, then write
    /// `manifest.json`.
    ///
    /// All tables are completed and synced under their temp names before the
    /// first rename, and a manifest from an earlier run is removed before it,
    /// so a `manifest.json` always describes the tables next to it.
    pub fn finish(self, run: RunInfo) -> Result<ExportSummary, ExportError> {
        let dir = self.config.out_dir.clone();
        remove_manifest(&dir)?;
        let (rows, mut files, lock) = self.commit_tables()?;
        // A part layout left by an earlier sharded run would shadow these files.
        for table in Table::ALL {
            remove_parts(&dir.join(table.name()), 0)?;
        }
        let names = Table::ALL
            .iter()
            .map(|t| (t.name().to_owned(), t.file_name().to_owned()))
            .collect();
        let manifest = Manifest::new(run, rows.clone(), names);
        files.push(manifest.write(&dir)?);
        drop(lock);
        Ok(ExportSummary { rows, files })
    }

    /// Complete this part of every table and move it into place. Rows per
    /// table name. No manifest: [`commit_parts`] writes it once every part
    /// is in place.
    pub fn finish_part(self) -> Result<BTreeMap<String, u64>, ExportError> {
        // The manifest of an earlier run no longer describes the parts.
        remove_manifest(&self.config.out_dir)?;
        let (rows, _, _) = self.commit_tables()?;
        Ok(rows)
    }

    /// Complete every table under its temp name, then rename each into place.
    #[allow(clippy::type_complexity)]
    fn commit_tables(
        self,
    ) -> Result<(BTreeMap<String, u64>, Vec<PathBuf>, Option<OutputLock>), ExportError> {
        let closed = [
            self.documents.close()?,
            self.blocks.close()?,
            self.sidebar_links.close()?,
            self.duplicates.close()?,
            self.rejects.close()?,
        ];
        let mut rows = BTreeMap::new();
        let mut files = Vec::with_capacity(closed.len() + 1);
        for closed in closed {
            let path = closed.file.target().to_path_buf();
            files.push(closed.file.commit().map_err(ExportError::io(path))?);
            rows.insert(closed.table.name().to_owned(), closed.rows);
        }
        Ok((rows, files, self.lock))
    }
}

/// Make a dataset of `parts` parts per table visible: write `manifest.json`
/// over the part folders, once every part is in place.
///
/// Takes the directory's [`OutputLock`] (refusing while a one-process run
/// writes there, and removing dead runs' temp files), removes parts numbered
/// `parts` or more (an earlier run with more shards) and single-file tables
/// (the other layout, which readers would otherwise have to choose from).
/// `rows` are the sums over the parts.
pub fn commit_parts(
    dir: &Path,
    parts: u32,
    rows: BTreeMap<String, u64>,
    run: RunInfo,
) -> Result<ExportSummary, ExportError> {
    let lock = OutputLock::acquire(dir)?;
    remove_manifest(dir)?;
    let mut files = Vec::new();
    for table in Table::ALL {
        remove_parts(&dir.join(table.name()), parts)?;
        let single = dir.join(table.file_name());
        match fs::remove_file(&single) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(ExportError::io(single)(err)),
        }
        files.extend((0..parts).map(|p| dir.join(table.name()).join(part_file_name(p))));
    }
    let names = Table::ALL
        .iter()
        .map(|t| (t.name().to_owned(), format!("{}/", t.name())))
        .collect();
    let manifest = Manifest::new(run, rows.clone(), names);
    files.push(manifest.write(dir)?);
    drop(lock);
    Ok(ExportSummary { rows, files })
}

/// Refuse an unknown zone before anything touches the disk.
fn check_timezone(config: &ExportConfig) -> Result<(), ExportError> {
    match config.timezone.parse::<chrono_tz::Tz>() {
        Ok(_) => Ok(()),
        Err(_) => Err(ExportError::Timezone(config.timezone.clone())),
    }
}

/// Remove `manifest.json` first, so that it never describes tables being
/// replaced.
fn remove_manifest(dir: &Path) -> Result<(), ExportError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    match fs::remove_file(&manifest_path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(ExportError::io(manifest_path)(err)),
    }
}

/// Remove the part files numbered `from` or more in a table's folder, and
/// the folder when nothing else is left in it.
fn remove_parts(folder: &Path, from: u32) -> Result<(), ExportError> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(ExportError::io(folder)(err)),
    };
    for entry in entries {
        let entry = entry.map_err(ExportError::io(folder))?;
        let name = entry.file_name();
        let stale = name
            .to_str()
            .and_then(part_index)
            .is_some_and(|index| index >= from);
        if stale {
            let path = entry.path();
            fs::remove_file(&path).map_err(ExportError::io(&path))?;
        }
    }
    if from == 0 {
        // Only when empty: whatever else someone keeps there stays.
        let _ = fs::remove_dir(folder);
    }
    Ok(())
}

/// The Parquet settings shared by every table: ZSTD, page-level statistics
/// (min/max for pruning), row groups bounded in rows and bytes, each
/// written to the file as soon as it is complete. The Arrow schema is embedded
/// (ArrowWriter's default), so readers get dictionary and zoned timestamp
/// types back rather than plain strings and UTC.
fn writer_properties(table: Table) -> Result<WriterProperties, ExportError> {
    let level = ZstdLevel::try_new(ZSTD_LEVEL).map_err(ExportError::parquet(table))?;
    Ok(WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(MAX_ROW_GROUP_ROWS))
        .set_max_row_group_bytes(Some(MAX_ROW_GROUP_BYTES))
        .set_created_by(format!("corpus-export {}", env!("CARGO_PKG_VERSION")))
        .build())
}

/// One table: a builder buffering rows, flushed in batches into a Parquet
/// writer over an [`AtomicFile`].
struct TableWriter<B> {
    table: Table,
    builder: B,
    writer: ArrowWriter<AtomicFile>,
    batch_rows: usize,
    rows: u64,
}

struct ClosedTable {
    table: Table,
    rows: u64,
    file: AtomicFile,
}

impl<B: TableBuilder> TableWriter<B> {
    fn create(
        path: PathBuf,
        table: Table,
        builder: B,
        batch_rows: usize,
    ) -> Result<Self, ExportError> {
        let file = AtomicFile::create(&path).map_err(ExportError::io(&path))?;
        let writer = ArrowWriter::try_new(file, builder.schema(), Some(writer_properties(table)?))
            .map_err(ExportError::parquet(table))?;
        Ok(Self {
            table,
            builder,
            writer,
            batch_rows,
            rows: 0,
        })
    }

    fn push(
        &mut self,
        append: impl FnOnce(&mut B) -> Result<(), ArrowError>,
    ) -> Result<(), ExportError> {
        append(&mut self.builder).map_err(ExportError::arrow(self.table))?;
        if self.builder.len() >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        if self.builder.len() == 0 {
            return Ok(());
        }
        let batch = self
            .builder
            .finish()
            .map_err(ExportError::arrow(self.table))?;
        self.writer
            .write(&batch)
            .map_err(ExportError::parquet(self.table))?;
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Write the last batch and the footer; the file still has its temp name.
    fn close(mut self) -> Result<ClosedTable, ExportError> {
        self.flush()?;
        let file = self
            .writer
            .into_inner()
            .map_err(ExportError::parquet(self.table))?;
        Ok(ClosedTable {
            table: self.table,
            rows: self.rows,
            file,
        })
    }
}
