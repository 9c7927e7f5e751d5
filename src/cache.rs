//! The parse cache: what segmenting a large plain-text file found, kept in
//! the user's cache directory, so the second open of the same file skips
//! the parser (seconds for a million articles) and only reads and cleans.
//!
//! An entry is keyed by the file's canonical path and stamped with
//! everything its segmentation depends on: the file's size, modification
//! time, inode and device, folio's build and parser weights, and the
//! person's `--headline`/`--separator` marks ([`entry::Stamp`]). A file
//! that changed, or a folio that changed, is a miss and is parsed again.
//! Entries are written whole to a temporary file and renamed into place,
//! so two folios writing the same entry at once each leave a complete one;
//! a damaged or foreign entry is a miss (see [`entry`]) and is rewritten.
//! The directory is kept under a size budget by evicting the entries used
//! longest ago. A cache that cannot be written costs nothing but the time
//! it would have saved, and is said once.

pub mod entry;

use std::fs;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use crate::article::{ArticleId, stable_hash};
use crate::own_files::{open_regular, write_whole};
use crate::parse::Parsed;
use crate::parse::marks::Marks;
use crate::text::inert;
use entry::{Stamp, Unchecked};

/// The most the cache keeps on disk unless configured otherwise.
pub const DEFAULT_BUDGET_BYTES: u64 = 1 << 30;

/// A file smaller than this is parsed each time: it parses in well under a
/// millisecond, about what reading an entry would cost.
pub const MIN_CACHED_BYTES: usize = 16 * 1024;

/// How an entry's file name ends.
const ENTRY_SUFFIX: &str = ".parse";

/// How a temporary file being written begins.
const TEMP_PREFIX: &str = ".writing-";

/// A temporary file this old was left by a folio that stopped mid-write.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// The parse cache in one directory.
#[derive(Debug)]
pub struct ParseCache {
    /// Where the entries are (the `parse` folder of the cache directory).
    dir: PathBuf,
    /// The most the entries may take together, in bytes.
    budget: u64,
    /// Whether this run wrote an entry (then the budget is checked).
    wrote: AtomicBool,
    /// Why the first write that failed failed, until it is said.
    trouble: Mutex<Option<String>>,
    /// Whether a failure was already recorded: each run says it once.
    troubled: AtomicBool,
}

/// What [`ParseCache::clear`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cleared {
    /// Entries removed.
    pub entries: usize,
    /// Their bytes.
    pub bytes: u64,
}

impl ParseCache {
    /// The cache in `cache_dir`, kept under `budget` bytes. Nothing is
    /// touched on disk until an entry is read or written.
    pub fn new(cache_dir: &Path, budget: u64) -> Self {
        ParseCache {
            dir: cache_dir.join("parse"),
            budget,
            wrote: AtomicBool::new(false),
            trouble: Mutex::new(None),
            troubled: AtomicBool::new(false),
        }
    }

    /// The stamp an entry for the file at `path` (opened, with `metadata`)
    /// parsed with `marks` must carry; `None` when the file cannot be named
    /// canonically.
    pub fn stamp(&self, path: &Path, metadata: &fs::Metadata, marks: &Marks) -> Option<Stamp> {
        let canonical = fs::canonicalize(path).ok()?;
        Some(Stamp {
            build: build_fingerprint(),
            marks: marks_fingerprint(marks),
            size: metadata.size(),
            modified: (metadata.mtime(), metadata.mtime_nsec() as u32),
            inode: metadata.ino(),
            device: metadata.dev(),
            path: canonical.as_os_str().as_bytes().to_vec(),
        })
    }

    /// The segmentation saved for `stamp`, if there is one that matches; it
    /// is then marked as just used. It needs the file's text to be checked
    /// against before it is used, which can be read meanwhile.
    pub fn get(&self, stamp: &Stamp) -> Option<Unchecked> {
        let path = self.entry_path(stamp);
        let mut file = open_regular(&path).ok()??;
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut file, &mut bytes).ok()?;
        let found = entry::decode(&bytes, stamp)?;
        // Recency for eviction (the owner may set it through any handle);
        // a cache that refuses simply forgets it.
        let _ = file.set_modified(SystemTime::now());
        Some(found)
    }

    /// Saves the segmentation `parsed` (with its articles' `ids`) of a
    /// cleaned text of `text_len` bytes for `stamp`, whole or not at all.
    pub fn put(&self, stamp: &Stamp, text_len: usize, parsed: &Parsed, ids: &[ArticleId]) {
        let Some(bytes) = entry::encode(stamp, text_len, parsed, ids) else {
            return;
        };
        if bytes.len() as u64 > self.budget {
            return;
        }
        match self.write_entry(&self.entry_path(stamp), &bytes) {
            Ok(()) => self.wrote.store(true, Ordering::Relaxed),
            Err(error) => self.record_trouble(&error),
        }
    }

    fn write_entry(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // Not flushed to the disk: an entry lost in a crash is parsed again.
        write_whole(&self.dir, path, TEMP_PREFIX, false, |file| {
            file.write_all(bytes)
        })
    }

    fn record_trouble(&self, error: &io::Error) {
        if self.troubled.swap(true, Ordering::Relaxed) {
            return;
        }
        let message = format!(
            "the parse cache in {} cannot be written ({}); large files are parsed on every open",
            inert(&self.dir.display().to_string()),
            inert(&error.to_string()),
        );
        if let Ok(mut trouble) = self.trouble.lock() {
            *trouble = Some(message);
        }
    }

    /// Why writing failed, the first time it is asked after a failure.
    pub fn take_trouble(&self) -> Option<String> {
        self.trouble.lock().ok()?.take()
    }

    /// After entries were written: evicts the entries used longest ago
    /// until the rest fit the budget, and removes temporary files a folio
    /// that stopped mid-write left behind.
    pub fn tidy(&self) {
        if !self.wrote.swap(false, Ordering::Relaxed) {
            return;
        }
        let Ok(listing) = fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut entries = Vec::new();
        for found in listing.flatten() {
            let name = found.file_name();
            let Ok(metadata) = found.metadata() else {
                continue;
            };
            let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX) {
                if now.duration_since(modified).unwrap_or_default() > STALE_TEMP {
                    let _ = fs::remove_file(found.path());
                }
            } else if name.ends_with(ENTRY_SUFFIX) && metadata.is_file() {
                entries.push((modified, metadata.len(), found.path()));
            }
        }
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        entries.sort();
        for (_, len, path) in entries {
            if total <= self.budget {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }

    /// Removes every entry (and any temporary file): `--clear-cache`.
    pub fn clear(&self) -> io::Result<Cleared> {
        let listing = match fs::read_dir(&self.dir) {
            Ok(listing) => listing,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(Cleared::default());
            }
            Err(error) => return Err(error),
        };
        let mut cleared = Cleared::default();
        for found in listing {
            let found = found?;
            let name = found.file_name();
            let name = name.to_string_lossy();
            if !(name.ends_with(ENTRY_SUFFIX) || name.starts_with(TEMP_PREFIX)) {
                continue;
            }
            let len = found.metadata().map_or(0, |metadata| metadata.len());
            fs::remove_file(found.path())?;
            if name.ends_with(ENTRY_SUFFIX) {
                cleared.entries += 1;
                cleared.bytes += len;
            }
        }
        Ok(cleared)
    }

    /// The directory the entries are in, for messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the entry for the file a stamp names lives: one entry per
    /// file, so a file parsed again replaces its old entry.
    fn entry_path(&self, stamp: &Stamp) -> PathBuf {
        self.dir
            .join(format!("{:016x}{ENTRY_SUFFIX}", stable_hash(&stamp.path)))
    }
}

/// This build of folio and its parser: the version, the parser's weights,
/// and the executable's own size and modification time (a rebuilt parser
/// with the same version and weights is another build).
fn build_fingerprint() -> u64 {
    static BUILD: OnceLock<u64> = OnceLock::new();
    *BUILD.get_or_init(|| {
        let executable = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|metadata| (metadata.size(), metadata.mtime(), metadata.mtime_nsec()))
            .unwrap_or_default();
        let described = format!(
            "{} {:?} {executable:?}",
            env!("CARGO_PKG_VERSION"),
            crate::parse::weights::WEIGHTS,
        );
        stable_hash(described.as_bytes())
    })
}

/// The person's marks, as they change what the parser finds.
fn marks_fingerprint(marks: &Marks) -> u64 {
    let pattern = |regex: &Option<regex::Regex>| {
        regex
            .as_ref()
            .map_or_else(|| "-".to_string(), |regex| format!("+{}", regex.as_str()))
    };
    let described = format!(
        "{}\n{}",
        pattern(&marks.headline),
        pattern(&marks.separator)
    );
    stable_hash(described.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use entry::Segmentation;
    use std::fs::File;

    fn text() -> String {
        (0..40)
            .map(|n| format!("Headline number {n} here\n\nPost {n} says a little more.\n\n"))
            .collect()
    }

    fn setup() -> (tempfile::TempDir, PathBuf, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("dump.txt");
        let text = text();
        fs::write(&file, &text).expect("written");
        (dir, file, text)
    }

    fn stamp_of(cache: &ParseCache, file: &Path) -> Stamp {
        let metadata = fs::metadata(file).expect("metadata");
        cache
            .stamp(file, &metadata, &Marks::default())
            .expect("stamp")
    }

    /// A lookup checked against the text, as loading does it.
    fn hit(cache: &ParseCache, stamp: &Stamp, text: &str) -> Option<Segmentation> {
        cache.get(stamp).and_then(|found| found.check(text))
    }

    fn ids(parsed: &Parsed) -> Vec<ArticleId> {
        (0..parsed.articles.len() as u64).map(ArticleId).collect()
    }

    #[test]
    fn a_saved_segmentation_is_found_again_and_a_changed_file_is_not() {
        let (dir, file, text) = setup();
        let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        let stamp = stamp_of(&cache, &file);
        assert!(hit(&cache, &stamp, &text).is_none(), "nothing saved yet");
        let parsed = parse(&text);
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        let found = hit(&cache, &stamp, &text).expect("a hit");
        assert_eq!(found.parsed, parsed);
        fs::write(&file, format!("{text}One more headline here\n\nMore.\n")).expect("written");
        let changed = stamp_of(&cache, &file);
        assert_ne!(changed, stamp);
        assert!(hit(&cache, &changed, &text).is_none());
        assert!(cache.take_trouble().is_none());
    }

    #[test]
    fn other_marks_are_another_parse() {
        let (dir, file, text) = setup();
        let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        let stamp = stamp_of(&cache, &file);
        let parsed = parse(&text);
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        let marks = Marks {
            headline: Some(regex::Regex::new("^Headline").expect("regex")),
            separator: None,
        };
        let metadata = fs::metadata(&file).expect("metadata");
        let marked = cache.stamp(&file, &metadata, &marks).expect("stamp");
        assert!(hit(&cache, &marked, &text).is_none());
    }

    #[test]
    fn a_damaged_entry_is_a_miss_and_is_replaced() {
        let (dir, file, text) = setup();
        let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        let stamp = stamp_of(&cache, &file);
        let parsed = parse(&text);
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        let entry = cache.entry_path(&stamp);
        let bytes = fs::read(&entry).expect("entry");
        fs::write(&entry, &bytes[..bytes.len() / 2]).expect("truncated");
        assert!(hit(&cache, &stamp, &text).is_none());
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        assert_eq!(fs::read(&entry).expect("entry"), bytes);
    }

    #[test]
    fn a_read_only_cache_is_said_once_and_reading_goes_on() {
        let (dir, file, text) = setup();
        let blocked = dir.path().join("blocked");
        fs::write(&blocked, "a file where the cache folder would be").expect("written");
        let cache = ParseCache::new(&blocked, DEFAULT_BUDGET_BYTES);
        let stamp = stamp_of(&cache, &file);
        let parsed = parse(&text);
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        assert!(hit(&cache, &stamp, &text).is_none());
        let said = cache.take_trouble().expect("said");
        assert!(said.contains("cannot be written"), "{said}");
        assert!(cache.take_trouble().is_none(), "said once");
    }

    #[test]
    fn the_budget_evicts_the_entries_used_longest_ago() {
        let dir = tempfile::tempdir().expect("temp dir");
        let texts: Vec<(PathBuf, String)> = (0..3)
            .map(|n| {
                let path = dir.path().join(format!("dump-{n}.txt"));
                let text = format!("{n}{}", text());
                fs::write(&path, &text).expect("written");
                (path, text)
            })
            .collect();
        let probe = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        let parsed: Vec<Parsed> = texts.iter().map(|(_, text)| parse(text)).collect();
        let (path, text) = &texts[0];
        probe.put(
            &stamp_of(&probe, path),
            text.len(),
            &parsed[0],
            &ids(&parsed[0]),
        );
        let one = fs::read_dir(probe.dir())
            .expect("listing")
            .flatten()
            .map(|entry| entry.metadata().expect("metadata").len())
            .sum::<u64>();
        // Room for two entries of this size, not three.
        let cache = ParseCache::new(&dir.path().join("cache"), one * 2 + one / 2);
        let stamps: Vec<Stamp> = texts
            .iter()
            .map(|(path, _)| stamp_of(&cache, path))
            .collect();
        for ((stamp, parsed), (_, text)) in stamps.iter().zip(&parsed).zip(&texts).skip(1) {
            cache.put(stamp, text.len(), parsed, &ids(parsed));
        }
        // The first is read, so the second is the one used longest ago.
        let old = SystemTime::now() - Duration::from_secs(60);
        File::options()
            .write(true)
            .open(cache.entry_path(&stamps[1]))
            .expect("entry")
            .set_modified(old)
            .expect("set time");
        assert!(hit(&cache, &stamps[0], &texts[0].1).is_some());
        cache.tidy();
        assert!(hit(&cache, &stamps[0], &texts[0].1).is_some());
        assert!(hit(&cache, &stamps[1], &texts[1].1).is_none(), "evicted");
        assert!(hit(&cache, &stamps[2], &texts[2].1).is_some());
    }

    #[test]
    fn two_folios_writing_one_entry_at_once_leave_a_whole_one() {
        let (dir, file, text) = setup();
        let parsed = parse(&text);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
                    let stamp = stamp_of(&cache, &file);
                    for _ in 0..20 {
                        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
                    }
                });
            }
        });
        let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        let found = hit(&cache, &stamp_of(&cache, &file), &text).expect("a hit");
        assert_eq!(found.parsed, parsed);
        let names: Vec<String> = fs::read_dir(cache.dir())
            .expect("listing")
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1, "one entry, no temporary files: {names:?}");
    }

    #[test]
    fn clearing_removes_entries_and_says_how_many() {
        let (dir, file, text) = setup();
        let cache = ParseCache::new(&dir.path().join("cache"), DEFAULT_BUDGET_BYTES);
        assert_eq!(cache.clear().expect("nothing to clear"), Cleared::default());
        let stamp = stamp_of(&cache, &file);
        let parsed = parse(&text);
        cache.put(&stamp, text.len(), &parsed, &ids(&parsed));
        let cleared = cache.clear().expect("cleared");
        assert_eq!(cleared.entries, 1);
        assert!(cleared.bytes > 0);
        assert!(hit(&cache, &stamp, &text).is_none());
    }
}
