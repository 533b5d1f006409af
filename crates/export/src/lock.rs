//! [`OutputLock`]: one writer per output directory, and the leftovers of
//! writers that died cleaned up.

use crate::atomic;
use crate::error::ExportError;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Spill files that runs of earlier versions kept by name in the output
/// directory (today's spill has no name, so a killed run leaves none).
const OLD_SPILL_PREFIX: &str = ".corpus-spill-";

/// An exclusive lock on an output directory, held while a dataset is
/// written there and released when dropped (or when the process dies, as
/// the operating system drops it).
///
/// The lock is taken on the directory itself (`flock` on its descriptor),
/// so no lock file is added to the dataset, and none can be removed or
/// replaced under a holder. Holding it proves that no other run writes the
/// directory, so any temp file found there belongs to a run that was
/// killed: taking the lock removes them, and a killed run's leftovers last
/// only until the next run.
#[derive(Debug)]
pub struct OutputLock {
    _dir: Option<File>,
    removed: Vec<PathBuf>,
}

impl OutputLock {
    /// Take the lock on `dir` (which must exist) without waiting, then
    /// remove the temp files of dead runs.
    #[cfg(unix)]
    pub fn acquire(dir: &Path) -> Result<Self, ExportError> {
        let handle = File::open(dir).map_err(ExportError::io(dir))?;
        if !try_lock(&handle).map_err(ExportError::io(dir))? {
            return Err(ExportError::Busy(dir.to_path_buf()));
        }
        let removed = remove_leftovers(dir).map_err(ExportError::io(dir))?;
        Ok(Self {
            _dir: Some(handle),
            removed,
        })
    }

    /// Without `flock` no run can tell a dead run's temp files from a live
    /// one's, so none are removed: the lock is a no-op.
    #[cfg(not(unix))]
    pub fn acquire(dir: &Path) -> Result<Self, ExportError> {
        let _ = dir;
        Ok(Self {
            _dir: None,
            removed: Vec::new(),
        })
    }

    /// The leftovers of dead runs that taking the lock removed.
    pub fn removed(&self) -> &[PathBuf] {
        &self.removed
    }
}

/// An exclusive lock on one task of a sharded run (a lock file in its work
/// folder), held while the task runs: a second copy of the same task (a
/// retry while the first still runs) is refused, and the holder may remove
/// whatever temp files an earlier, dead copy left.
#[derive(Debug)]
pub struct TaskLock {
    _file: File,
}

impl TaskLock {
    /// Take the lock on `path` (created if missing) without waiting.
    pub fn acquire(path: &Path) -> Result<Self, ExportError> {
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(ExportError::io(path))?;
        #[cfg(unix)]
        if !try_lock(&file).map_err(ExportError::io(path))? {
            return Err(ExportError::TaskBusy(path.to_path_buf()));
        }
        Ok(Self { _file: file })
    }
}

/// Take an exclusive `flock` on `dir` without waiting: false when another
/// process holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

#[cfg(unix)]
/// Remove the temp files of [`crate::AtomicFile`]s and the named spill
/// files of earlier versions found directly in `dir`.
fn remove_leftovers(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let leftover = atomic::is_temp_name(name) || name.starts_with(OLD_SPILL_PREFIX);
        if leftover && entry.file_type()?.is_file() {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed.push(entry.path()),
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path()).unwrap();
        let second = OutputLock::acquire(dir.path()).unwrap_err();
        assert!(matches!(second, ExportError::Busy(_)), "{second}");
        assert!(
            second.to_string().contains("another corpus run"),
            "{second}"
        );
        drop(first);
        OutputLock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn leftovers_of_dead_runs_go_and_everything_else_stays() {
        let dir = tempfile::tempdir().unwrap();
        let leftovers = [
            ".documents.parquet.tmp-4242-0",
            ".manifest.json.tmp-17-3",
            ".corpus-spill-AbC123.bin.zst",
        ];
        let kept = [
            "documents.parquet",
            "manifest.json",
            ".documents.parquet.tmp-notapid-0",
            "notes.tmp-1-2",
        ];
        for name in leftovers.iter().chain(&kept) {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        fs::create_dir(dir.path().join(".blocks.parquet.tmp-5-0")).unwrap();
        let lock = OutputLock::acquire(dir.path()).unwrap();
        assert_eq!(lock.removed().len(), leftovers.len());
        for name in leftovers {
            assert!(!dir.path().join(name).exists(), "{name} was left");
        }
        for name in kept {
            assert!(dir.path().join(name).exists(), "{name} was removed");
        }
        assert!(dir.path().join(".blocks.parquet.tmp-5-0").is_dir());
    }
}
