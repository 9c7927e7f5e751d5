//! One JSON file in the config directory, handled so nothing is lost: read
//! only when it is a regular file, with a version check; written atomically
//! under an exclusive lock, through a symlink to its target, keeping its
//! permissions; moved aside under the lock, never over another file, when
//! damaged.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::own_files::{naming, not_regular, open_regular, refuse_unless_regular};
use crate::text::inert;

/// The file format version this build reads and writes.
pub const VERSION: u64 = 1;

/// How long start-up and quitting wait for another folio's lock; the reader
/// itself waits [`READER_LOCK_PATIENCE`] at most.
pub const LOCK_PATIENCE: Duration = Duration::from_millis(1500);
/// How long the reader waits for a lock: a save takes milliseconds, so two
/// folios saving at once both get through, while a lock held for long
/// costs a key press no more than this (the change is kept and retried).
pub const READER_LOCK_PATIENCE: Duration = Duration::from_millis(100);
/// Time between two tries of a held lock.
const LOCK_RETRY: Duration = Duration::from_millis(20);
/// Mode of the files folio creates: bookmarks and reading are personal.
const NEW_FILE_MODE: u32 = 0o600;
/// Symlinks followed to a file's target before giving up (as the kernel).
const MAX_LINKS: usize = 40;
/// Names tried for a damaged file's aside before giving up.
const MAX_ASIDES: usize = 1000;

/// A file format with a version number.
pub trait Versioned: DeserializeOwned + Serialize + Default {
    /// The version the file says it has.
    fn version(&self) -> u64;
}

/// Which file a read found: a damaged file is moved aside only if it is
/// still the same file when the move comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
    len: u64,
    modified: i64,
    modified_nanos: i64,
}

impl Identity {
    fn of(meta: &fs::Metadata) -> Self {
        Identity {
            device: meta.dev(),
            inode: meta.ino(),
            len: meta.len(),
            modified: meta.mtime(),
            modified_nanos: meta.mtime_nsec(),
        }
    }
}

/// Why a file could not be read.
pub enum ReadError {
    /// It is there but cannot be used: not JSON, not this shape, another
    /// version. The reason is for people.
    Damaged(String, Identity),
    /// The file system refused, or the path is not a regular file.
    Io(io::Error),
}

/// Whether opening a store may change its files (clean up, move a damaged
/// file aside) or only reads them, as `--bookmarks` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The reader: it will write.
    ReadWrite,
    /// A command that prints and leaves every file as it found it.
    ReadOnly,
}

/// A JSON file of a given name in a directory.
#[derive(Clone, Copy, Debug)]
pub struct JsonFile<'a> {
    /// The directory.
    pub dir: &'a Path,
    /// The file's name.
    pub name: &'static str,
}

impl JsonFile<'_> {
    fn path(&self) -> PathBuf {
        self.dir.join(self.name)
    }

    fn temp_prefix(&self) -> String {
        format!(".{}.tmp-", self.name)
    }

    /// Takes the exclusive lock on the sidecar lock file, trying for
    /// `patience` while another folio holds it; released on drop. A lock
    /// path that is not a regular file (a FIFO, a directory) is refused
    /// rather than opened, which could block forever.
    pub fn lock(&self, patience: Duration) -> io::Result<File> {
        let path = self.dir.join(format!("{}.lock", self.name));
        refuse_unless_regular(&path).map_err(|error| naming(&path, &error))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(NEW_FILE_MODE)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)?;
        if !file.metadata()?.is_file() {
            return Err(naming(&path, &not_regular(&path)));
        }
        let deadline = Instant::now() + patience;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(LOCK_RETRY);
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!("{} is locked by another folio", shown(&self.path())),
                    ));
                }
                Err(fs::TryLockError::Error(error)) => return Err(error),
            }
        }
    }

    /// Reads the file; a missing file is the default value. Anything but a
    /// regular file (or a symlink to one) is an error, never read.
    pub fn read<T: Versioned>(&self) -> Result<T, ReadError> {
        self.read_identified().map(|(value, _)| value)
    }

    fn read_identified<T: Versioned>(&self) -> Result<(T, Option<Identity>), ReadError> {
        let Some(mut file) = open_regular(&self.path()).map_err(ReadError::Io)? else {
            return Ok((T::default(), None));
        };
        let identity = Identity::of(&file.metadata().map_err(ReadError::Io)?);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
        let Ok(text) = String::from_utf8(bytes) else {
            return Err(ReadError::Damaged("it is not UTF-8 text".into(), identity));
        };
        let value: T = serde_json::from_str(&text)
            .map_err(|error| ReadError::Damaged(format!("it is not valid: {error}"), identity))?;
        if value.version() != VERSION {
            return Err(ReadError::Damaged(
                format!(
                    "it has version {}, this folio reads version {VERSION}",
                    value.version()
                ),
                identity,
            ));
        }
        Ok((value, Some(identity)))
    }

    /// Where writes go: the file, or the file a symlink at its path points
    /// to (followed as editors do, so the link stays a link).
    fn target(&self) -> io::Result<PathBuf> {
        let mut target = self.path();
        for _ in 0..MAX_LINKS {
            match fs::symlink_metadata(&target) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let link = fs::read_link(&target)?;
                    let base = target.parent().unwrap_or(self.dir).to_path_buf();
                    target = base.join(link);
                }
                _ => return Ok(target),
            }
        }
        Err(io::Error::other(format!(
            "{} is a loop of symlinks",
            shown(&self.path())
        )))
    }

    /// Writes `value` to a new temporary file beside the target (created
    /// exclusively, under a name nobody can guess), with the old file's
    /// permissions (0600 for a new one), syncs it, renames it over the
    /// target and syncs the directory: a crash leaves the old file or the
    /// new, and a link planted in the directory is never written through.
    pub fn write<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        let target = self.target()?;
        let mode = match fs::metadata(&target) {
            Ok(meta) if !meta.is_file() => return Err(naming(&target, &not_regular(&target))),
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(_) => NEW_FILE_MODE,
        };
        let dir = target
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .unwrap_or(self.dir);
        let mut temp = tempfile::Builder::new()
            .prefix(&self.temp_prefix())
            .permissions(Permissions::from_mode(NEW_FILE_MODE))
            .tempfile_in(dir)?;
        temp.as_file()
            .set_permissions(Permissions::from_mode(mode))?;
        temp.write_all(json.as_bytes())?;
        temp.write_all(b"\n")?;
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|error| error.error)?;
        File::open(dir)?.sync_all()
    }

    /// Moves the damaged file aside, if it is still the one that was read
    /// (`found`), to a name no other file has. Call under the lock. The
    /// message for a person says what happened either way; `Err` means the
    /// file is still there.
    fn move_aside(&self, reason: &str, found: Identity) -> Result<String, String> {
        let from = self.path();
        let left = |why: String| {
            format!(
                "{} could not be read ({}) nor moved aside ({why}); it is left as it is",
                shown(&from),
                inert(reason),
            )
        };
        match fs::metadata(&from) {
            Ok(meta) if Identity::of(&meta) == found => {}
            _ => return Err(left("it changed since it was read".into())),
        }
        let stamp = rfc3339_utc(SystemTime::now()).replace(':', "-");
        for attempt in 0..MAX_ASIDES {
            let suffix = if attempt == 0 {
                String::new()
            } else {
                format!("-{attempt}")
            };
            let to = self
                .dir
                .join(format!("{}.corrupt-{stamp}{suffix}", self.name));
            // A hard link fails where a rename would replace: no aside is
            // ever lost to another.
            match fs::hard_link(&from, &to) {
                Ok(()) => {
                    return match fs::remove_file(&from) {
                        Ok(()) => Ok(format!(
                            "{} could not be read ({}); it was moved to {} and folio starts afresh",
                            shown(&from),
                            inert(reason),
                            shown(&to)
                        )),
                        Err(error) => {
                            let _ = fs::remove_file(&to);
                            Err(left(inert(&error.to_string())))
                        }
                    };
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(left(inert(&error.to_string()))),
            }
        }
        Err(left("every aside name is taken".into()))
    }

    /// Removes temporary files a crashed save left behind. Call under the lock.
    fn remove_stray_temp_files(&self) {
        let Ok(entries) = fs::read_dir(self.dir) else {
            return;
        };
        let prefix = self.temp_prefix();
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Changes the file under the lock, waiting for it at most `patience`:
    /// creates the directory, reads what is there now (moving a damaged file
    /// aside; if it cannot be moved, nothing is written), applies `change`,
    /// writes it atomically, and returns what was written.
    pub fn update<T: Versioned>(
        &self,
        patience: Duration,
        change: impl FnOnce(&mut T),
    ) -> io::Result<T> {
        fs::create_dir_all(self.dir)?;
        let _lock = self.lock(patience)?;
        let mut value = match self.read_identified() {
            Ok((value, _)) => value,
            Err(ReadError::Damaged(reason, found)) => {
                self.move_aside(&reason, found).map_err(io::Error::other)?;
                T::default()
            }
            Err(ReadError::Io(error)) => return Err(naming(&self.path(), &error)),
        };
        change(&mut value);
        self.write(&value)?;
        Ok(value)
    }

    /// Opens the file for a store. With [`Access::ReadWrite`], under the
    /// lock: cleans up after crashes, reads it, and moves it aside if
    /// damaged. With [`Access::ReadOnly`], only reads. Returns the value and
    /// any notice for a person.
    pub fn load<T: Versioned>(&self, access: Access) -> (T, Option<String>) {
        let lock = match access {
            Access::ReadWrite => self.lock(LOCK_PATIENCE).ok(),
            Access::ReadOnly => None,
        };
        if lock.is_some() {
            self.remove_stray_temp_files();
        }
        match self.read_identified() {
            Ok((value, _)) => (value, None),
            Err(ReadError::Damaged(reason, found)) => {
                let notice = if lock.is_some() {
                    self.move_aside(&reason, found).unwrap_or_else(|left| left)
                } else {
                    format!(
                        "{} could not be read ({}); it is left as it is",
                        shown(&self.path()),
                        inert(&reason)
                    )
                };
                (T::default(), Some(notice))
            }
            Err(ReadError::Io(error)) => (
                T::default(),
                Some(format!(
                    "cannot read {}: {}",
                    shown(&self.path()),
                    inert(&error.to_string())
                )),
            ),
        }
    }
}

/// Writes `value` as `<name>.recovered-<time>.json` in the first of `dirs`
/// that takes it (then the system's temporary directory), created new and
/// 0600: where changes go that could not reach their own file at quit.
pub fn write_recovery<T: Serialize>(
    name: &str,
    value: &T,
    dirs: &[PathBuf],
) -> io::Result<PathBuf> {
    let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let stamp = rfc3339_utc(SystemTime::now()).replace(':', "-");
    let mut last_error = io::Error::other("no directory to write to");
    for dir in dirs.iter().cloned().chain([std::env::temp_dir()]) {
        let written = (|| {
            fs::create_dir_all(&dir)?;
            let mut file = tempfile::Builder::new()
                .prefix(&format!("{name}.recovered-{stamp}-"))
                .suffix(".json")
                .permissions(Permissions::from_mode(NEW_FILE_MODE))
                .tempfile_in(&dir)?;
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.as_file().sync_all()?;
            let (_, path) = file.keep().map_err(|error| error.error)?;
            Ok(path)
        })();
        match written {
            Ok(path) => return Ok(path),
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

/// A path as it may be shown to a person.
fn shown(path: &Path) -> String {
    inert(&path.display().to_string())
}

/// `2026-11-29T21:58:03Z` for a moment.
pub fn rfc3339_utc(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day
/// count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * shifted_month + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    })
    .unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_damaged_file_is_moved_only_if_it_is_still_the_one_read() {
        #[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
        struct Plain {
            version: u64,
        }
        impl Versioned for Plain {
            fn version(&self) -> u64 {
                self.version
            }
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let file = JsonFile {
            dir: dir.path(),
            name: "x.json",
        };
        fs::write(dir.path().join("x.json"), "{damaged").expect("written");
        let Err(ReadError::Damaged(reason, found)) = file.read_identified::<Plain>() else {
            panic!("the file is damaged");
        };
        // Another folio writes a good file in between.
        fs::write(dir.path().join("x.json"), r#"{"version": 1}"#).expect("written");
        let left = file.move_aside(&reason, found).expect_err("not moved");
        assert!(left.contains("changed since it was read"), "{left}");
        assert_eq!(
            fs::read_to_string(dir.path().join("x.json")).expect("kept"),
            r#"{"version": 1}"#
        );
    }

    #[test]
    fn dates_are_rfc3339_utc() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // 2000-02-29T12:34:56Z is 951827696 seconds after the epoch.
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(951_827_696)),
            "2000-02-29T12:34:56Z"
        );
        // 2026-11-29T00:00:00Z is day 20,786 (Python: (date(2026,11,29) - date(1970,1,1)).days).
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(20_786 * 86_400)),
            "2026-11-29T00:00:00Z"
        );
    }
}
