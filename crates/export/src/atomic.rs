//! [`AtomicFile`]: an output file that appears under its final name complete
//! or not at all.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temp files of one process, so two writers aimed at the same
/// name (or a retry after a failed commit) never share a temp file.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

/// A file written under a hidden temp name (`.<name>.tmp-<pid>-<n>`) in the
/// directory of its final path, and renamed over the final path by
/// [`AtomicFile::commit`].
///
/// The temp file lives in the same directory so the rename stays on one file
/// system, where it is atomic: a reader sees the old file or the new one,
/// never a half-written one. Dropping an `AtomicFile` without committing it
/// (an error, a panic) removes the temp file and leaves the final path as it
/// was.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

/// Whether `name` has the shape of an [`AtomicFile`]'s temp file:
/// `.<name>.tmp-<pid>-<n>`.
pub fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    let Some((_, suffix)) = rest.rsplit_once(".tmp-") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    suffix
        .split_once('-')
        .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

impl AtomicFile {
    /// Create the temp file for `target`. The directory must exist.
    pub fn create(target: impl Into<PathBuf>) -> io::Result<Self> {
        let target = target.into();
        let name = target
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} has no file name", target.display()),
                )
            })?
            .to_string_lossy();
        let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
        let temp = target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        Ok(Self {
            file: Some(file),
            temp,
            target,
            committed: false,
        })
    }

    /// The path the file will have once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temp path being written.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flush and fsync the data, rename the temp file over the target, then
    /// fsync the directory so the rename itself survives a crash. Returns the
    /// final path.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        if let Some(mut file) = self.file.take() {
            file.flush()?;
            file.sync_all()?;
        }
        fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        sync_parent(&self.target);
        Ok(self.target.clone())
    }

    fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("atomic file already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            // Close before removing: some platforms refuse to delete open files.
            drop(self.file.take());
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Best effort: the data is already durable; a directory that cannot be
/// opened or synced (some platforms and file systems) only weakens the
/// guarantee that the new name survives a power loss.
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        assert!(
            file.temp_path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".out.txt.tmp-")
        );
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(file.commit().unwrap(), target);
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(dir.path()), ["out.txt"]);
    }

    #[test]
    fn drop_without_commit_removes_the_temp_and_keeps_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        {
            let mut file = AtomicFile::create(&target).unwrap();
            file.write_all(b"half").unwrap();
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["out.txt"]);
    }

    #[test]
    fn two_files_for_one_target_do_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let a = AtomicFile::create(&target).unwrap();
        let b = AtomicFile::create(&target).unwrap();
        assert_ne!(a.temp_path(), b.temp_path());
    }
}
