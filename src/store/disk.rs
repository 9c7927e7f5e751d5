//! One JSON file in the config directory, handled so nothing is lost: read
//! with a version check, written atomically under an exclusive lock, moved
//! aside (never overwritten) when damaged.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::parse::hygiene::inert;

/// The file format version this build reads and writes.
pub const VERSION: u64 = 1;

/// A file format with a version number.
pub trait Versioned: DeserializeOwned + Serialize + Default {
    /// The version the file says it has.
    fn version(&self) -> u64;
}

/// Why a file could not be read.
pub enum ReadError {
    /// It is there but cannot be used: not JSON, not this shape, another
    /// version. The reason is for people.
    Damaged(String),
    /// The file system refused.
    Io(io::Error),
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

    /// Takes the exclusive lock on the sidecar lock file; released on drop.
    pub fn lock(&self) -> io::Result<File> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(format!("{}.lock", self.name)))?;
        file.lock()?;
        Ok(file)
    }

    /// Reads the file; a missing file is the default value.
    pub fn read<T: Versioned>(&self) -> Result<T, ReadError> {
        let text = match fs::read_to_string(self.path()) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(T::default()),
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                return Err(ReadError::Damaged("it is not UTF-8 text".into()));
            }
            Err(error) => return Err(ReadError::Io(error)),
        };
        let value: T = serde_json::from_str(&text)
            .map_err(|error| ReadError::Damaged(format!("it is not valid: {error}")))?;
        if value.version() != VERSION {
            return Err(ReadError::Damaged(format!(
                "it has version {}, this folio reads version {VERSION}",
                value.version()
            )));
        }
        Ok(value)
    }

    /// Writes `value` to a temporary file, syncs it, renames it over the old
    /// one and syncs the directory: a crash leaves the old file or the new.
    pub fn write<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        let temp = self
            .dir
            .join(format!("{}{}", self.temp_prefix(), std::process::id()));
        let written = (|| {
            let mut out = File::create(&temp)?;
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            out.sync_all()?;
            fs::rename(&temp, self.path())?;
            File::open(self.dir)?.sync_all()
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }

    /// Renames a damaged file aside and says so, with where it went.
    pub fn move_aside(&self, reason: &str) -> String {
        let from = self.path();
        let to = self.dir.join(format!(
            "{}.corrupt-{}",
            self.name,
            rfc3339_utc(SystemTime::now()).replace(':', "-")
        ));
        let shown = |path: &Path| inert(&path.display().to_string());
        match fs::rename(&from, &to) {
            Ok(()) => format!(
                "{} could not be read ({}); it was moved to {} and folio starts afresh",
                shown(&from),
                inert(reason),
                shown(&to)
            ),
            Err(error) => format!(
                "{} could not be read ({}) nor moved aside ({}); it is left as it is",
                shown(&from),
                inert(reason),
                inert(&error.to_string())
            ),
        }
    }

    /// Removes temporary files a crashed save left behind. Call under the lock.
    pub fn remove_stray_temp_files(&self) {
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

    /// Changes the file under the lock: creates the directory, reads what is
    /// there now (moving a damaged file aside), applies `change`, writes it
    /// atomically, and returns what was written.
    pub fn update<T: Versioned>(&self, change: impl FnOnce(&mut T)) -> io::Result<T> {
        fs::create_dir_all(self.dir)?;
        let _lock = self.lock()?;
        let mut value = match self.read() {
            Ok(value) => value,
            Err(ReadError::Damaged(reason)) => {
                self.move_aside(&reason);
                T::default()
            }
            Err(ReadError::Io(error)) => return Err(error),
        };
        change(&mut value);
        self.write(&value)?;
        Ok(value)
    }

    /// Opens the file for a store: cleans up after crashes (under the lock),
    /// reads it, and moves it aside if damaged. Returns the value and any
    /// notice for a person.
    pub fn load<T: Versioned>(&self) -> (T, Option<String>) {
        if let Ok(lock) = self.lock() {
            self.remove_stray_temp_files();
            drop(lock);
        }
        match self.read() {
            Ok(value) => (value, None),
            Err(ReadError::Damaged(reason)) => (T::default(), Some(self.move_aside(&reason))),
            Err(ReadError::Io(error)) => (
                T::default(),
                Some(format!(
                    "cannot read {}: {}",
                    inert(&self.path().display().to_string()),
                    inert(&error.to_string())
                )),
            ),
        }
    }
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
