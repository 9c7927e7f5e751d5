//! Bookmarks on disk, so that none a person made is ever lost.
//!
//! - The file is pretty JSON a person can read and edit:
//!   `{"version": 1, "bookmarks": [{"id", "title", "source", "added"}]}`;
//!   fields this version does not know are kept on rewrite.
//! - Every save takes an exclusive lock on a sidecar lock file, re-reads the
//!   file, applies this instance's changes (add or remove by id) and writes
//!   it atomically (temporary file, sync, rename, sync the directory), so two
//!   folios bookmarking at once lose nothing and a crash leaves the old file
//!   or the new one, never a torn one.
//! - A file that cannot be parsed (or has an unknown version) is renamed,
//!   under the lock, to `bookmarks.json.corrupt-<timestamp>` (never over an
//!   earlier one) and never overwritten; `--bookmarks` only reports it.
//! - When saving fails (read-only directory, full disk, a lock another folio
//!   holds), changes stay in memory and are retried; what still cannot be
//!   saved at quit goes to a recovery file named in the message.

pub mod disk;
pub mod reading;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::text::inert;
pub use disk::Access;
use disk::{JsonFile, LOCK_PATIENCE, READER_LOCK_PATIENCE, VERSION, Versioned, rfc3339_utc};

/// The bookmarks file's name in the config directory.
pub const FILE_NAME: &str = "bookmarks.json";

/// The environment variable that overrides the config directory.
pub const CONFIG_DIR_VAR: &str = "FOLIO_CONFIG_DIR";

/// Where folio keeps its files: `--config-dir`, else `$FOLIO_CONFIG_DIR`
/// (when set and not empty), else the platform's config directory
/// (`$XDG_CONFIG_HOME/folio` or `~/.config/folio` on Linux). `None` when
/// there is no usable home directory.
pub fn config_dir(explicit: Option<PathBuf>, from_env: Option<OsString>) -> Option<PathBuf> {
    chosen_dir(explicit, from_env).or_else(|| {
        directories::ProjectDirs::from("", "", "folio").map(|dirs| dirs.config_dir().to_path_buf())
    })
}

/// The environment variable that overrides the parse cache's directory.
pub const CACHE_DIR_VAR: &str = "FOLIO_CACHE_DIR";

/// Where the parse cache and the copies of fetched addresses live:
/// `--cache-dir`, else `$FOLIO_CACHE_DIR`, else `cache` inside a config directory the person chose (`--config-dir`
/// or `$FOLIO_CONFIG_DIR`, so a separate profile is separate throughout),
/// else the platform's cache directory (`$XDG_CACHE_HOME/folio` or
/// `~/.cache/folio` on Linux).
pub fn cache_dir(
    (explicit, from_env): (Option<PathBuf>, Option<OsString>),
    (config_explicit, config_from_env): (Option<PathBuf>, Option<OsString>),
) -> Option<PathBuf> {
    chosen_dir(explicit, from_env)
        .or_else(|| chosen_dir(config_explicit, config_from_env).map(|dir| dir.join("cache")))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "folio")
                .map(|dirs| dirs.cache_dir().to_path_buf())
        })
}

/// Where folio keeps reading state: the same override as [`config_dir`],
/// else the platform's state directory (`$XDG_STATE_HOME/folio` or
/// `~/.local/state/folio` on Linux), else its local data directory.
pub fn state_dir(explicit: Option<PathBuf>, from_env: Option<OsString>) -> Option<PathBuf> {
    chosen_dir(explicit, from_env).or_else(|| {
        directories::ProjectDirs::from("", "", "folio").map(|dirs| {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .to_path_buf()
        })
    })
}

/// The directory a person chose: the flag, else a non-empty variable.
fn chosen_dir(explicit: Option<PathBuf>, from_env: Option<OsString>) -> Option<PathBuf> {
    explicit.or_else(|| from_env.filter(|dir| !dir.is_empty()).map(PathBuf::from))
}

/// One saved bookmark.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The article's id (16 hex digits).
    pub id: String,
    /// Its headline, so the bookmark means something without the file.
    pub title: String,
    /// Where it was read from.
    pub source: String,
    /// When it was added, RFC 3339 in UTC.
    pub added: String,
    /// Fields a newer folio wrote, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Bookmark {
    /// A bookmark made now.
    pub fn new(id: String, title: String, source: String) -> Self {
        Bookmark {
            id,
            title,
            source,
            added: rfc3339_utc(SystemTime::now()),
            extra: Map::new(),
        }
    }
}

/// The file as stored.
#[derive(Debug, Serialize, Deserialize)]
struct BookmarkFile {
    version: u64,
    bookmarks: Vec<Bookmark>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Default for BookmarkFile {
    fn default() -> Self {
        BookmarkFile {
            version: VERSION,
            bookmarks: Vec::new(),
            extra: Map::new(),
        }
    }
}

impl Versioned for BookmarkFile {
    fn version(&self) -> u64 {
        self.version
    }
}

/// A change not yet known to be on disk.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    Add(Bookmark),
    Remove(String),
}

/// Why a save did not reach the disk. The change is kept for the next try.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// No config directory: bookmarks live in memory only.
    #[error("bookmarks are kept in memory only: no config directory")]
    NoDirectory,
    /// The file system refused, or another folio holds the lock.
    #[error("{what} not saved yet ({reason}); kept in memory, folio will retry")]
    Io {
        /// What was not saved: "bookmarks", "reading position".
        what: &'static str,
        /// What the file system said.
        reason: String,
    },
}

/// What a store could not save even at quit, and where it went instead.
#[derive(Debug, thiserror::Error)]
#[error("{what} could not be saved ({reason}); {}", match recovered {
    Some(path) => format!("kept in {} instead", inert(&path.display().to_string())),
    None => "nor kept anywhere else: lost".into(),
})]
pub struct Unsaved {
    /// What was not saved, with how many: "2 bookmark changes".
    pub what: String,
    /// Why the save failed.
    pub reason: String,
    /// The recovery file that holds them, if one could be written.
    pub recovered: Option<PathBuf>,
}

/// Least time between two retries of a save that failed.
pub const RETRY_EVERY: Duration = Duration::from_secs(2);

/// The bookmarks of one config directory.
#[derive(Debug)]
pub struct Store {
    dir: Option<PathBuf>,
    bookmarks: Vec<Bookmark>,
    /// The ids of `bookmarks`: asking whether a row is bookmarked costs the
    /// same with a million bookmarks as with one.
    ids: HashSet<String>,
    pending: Vec<Change>,
    last_try: Option<Instant>,
}

impl Store {
    /// Opens the store in `dir` (`None`: memory only) for the reader.
    /// Returns notices for a person: a damaged file moved aside, a directory
    /// that cannot be used.
    pub fn open(dir: Option<PathBuf>) -> (Store, Vec<String>) {
        Store::open_with(dir, Access::ReadWrite)
    }

    /// Opens the store in `dir`; with [`Access::ReadOnly`] nothing on disk
    /// changes, a damaged file included (it is only reported).
    pub fn open_with(dir: Option<PathBuf>, access: Access) -> (Store, Vec<String>) {
        let mut notices = Vec::new();
        let mut store = Store {
            dir,
            bookmarks: Vec::new(),
            ids: HashSet::new(),
            pending: Vec::new(),
            last_try: None,
        };
        match &store.dir {
            None => notices.push(SaveError::NoDirectory.to_string()),
            Some(dir) => {
                let (file, notice): (BookmarkFile, _) = bookmarks_file(dir).load(access);
                store.set_bookmarks(file.bookmarks);
                notices.extend(notice);
            }
        }
        (store, notices)
    }

    fn set_bookmarks(&mut self, bookmarks: Vec<Bookmark>) {
        self.ids = bookmarks.iter().map(|b| b.id.clone()).collect();
        self.bookmarks = bookmarks;
    }

    /// Bookmarks, newest first.
    pub fn bookmarks(&self) -> Vec<&Bookmark> {
        let mut list: Vec<&Bookmark> = self.bookmarks.iter().collect();
        list.sort_by(|a, b| b.added.cmp(&a.added));
        list
    }

    /// The config directory the bookmarks live in, if any: a bookmarked
    /// web article's copy is kept beside them.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// How many bookmarks there are.
    pub fn len(&self) -> usize {
        self.bookmarks.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bookmarks.is_empty()
    }

    /// Whether the article with `id` is bookmarked.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Whether some changes have not reached the disk yet.
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Adds `bookmark`, or removes the bookmark with its id; returns whether
    /// the article is now bookmarked, and the outcome of saving.
    pub fn toggle(&mut self, bookmark: Bookmark) -> (bool, Result<(), SaveError>) {
        let now_bookmarked = if self.ids.remove(&bookmark.id) {
            self.bookmarks.retain(|b| b.id != bookmark.id);
            self.pending.push(Change::Remove(bookmark.id));
            false
        } else {
            self.ids.insert(bookmark.id.clone());
            self.bookmarks.push(bookmark.clone());
            self.pending.push(Change::Add(bookmark));
            true
        };
        // The reader waits for another folio's lock only briefly.
        (now_bookmarked, self.save_waiting(READER_LOCK_PATIENCE))
    }

    /// Writes pending changes, merged with what is on disk now (another
    /// folio may have saved since), under the lock, waiting for it as long
    /// as start-up and quitting do.
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.save_waiting(LOCK_PATIENCE)
    }

    fn save_waiting(&mut self, patience: Duration) -> Result<(), SaveError> {
        let Some(dir) = self.dir.clone() else {
            return Err(SaveError::NoDirectory);
        };
        if self.pending.is_empty() {
            // Nothing to write: a large file is not rewritten for nothing.
            return Ok(());
        }
        self.last_try = Some(Instant::now());
        let pending = &self.pending;
        let file = bookmarks_file(&dir)
            .update(patience, |file: &mut BookmarkFile| {
                apply(pending, &mut file.bookmarks);
            })
            .map_err(|error| SaveError::Io {
                what: "bookmarks",
                reason: inert(&error.to_string()),
            })?;
        // The merged list is the truth now.
        self.pending.clear();
        self.set_bookmarks(file.bookmarks);
        Ok(())
    }

    /// Retries unsaved changes when the last try is [`RETRY_EVERY`] ago,
    /// waiting for a lock only briefly; `None` when there was nothing to do.
    pub fn retry_if_due(&mut self, now: Instant) -> Option<Result<(), SaveError>> {
        let due = self
            .last_try
            .is_none_or(|last| now.duration_since(last) >= RETRY_EVERY);
        (self.has_unsaved() && self.dir.is_some() && due)
            .then(|| self.save_waiting(READER_LOCK_PATIENCE))
    }

    /// When the next retry is due, if one is waiting.
    pub fn next_retry(&self) -> Option<Instant> {
        (self.has_unsaved() && self.dir.is_some()).then(|| {
            self.last_try
                .map_or_else(Instant::now, |last| last + RETRY_EVERY)
        })
    }

    /// At quit: saves what is pending (waiting for a lock a little); if that
    /// fails, writes this session's bookmarks to a recovery file in the
    /// first of `fallbacks` that takes it (else the temporary directory)
    /// and says so. Memory-only stores have nothing to lose.
    pub fn save_or_recover(&mut self, fallbacks: &[PathBuf]) -> Result<(), Unsaved> {
        let reason = match self.save() {
            Ok(()) | Err(SaveError::NoDirectory) => return Ok(()),
            Err(SaveError::Io { reason, .. }) => reason,
        };
        let changes = self.pending.len();
        let file = BookmarkFile {
            bookmarks: self.bookmarks.clone(),
            ..BookmarkFile::default()
        };
        let recovered = disk::write_recovery(FILE_NAME, &file, fallbacks).ok();
        Err(Unsaved {
            what: match changes {
                1 => "1 bookmark change".into(),
                n => format!("{n} bookmark changes"),
            },
            reason,
            recovered,
        })
    }

    /// Re-reads the file (another folio may have changed it), keeping this
    /// instance's unsaved changes on top.
    pub fn refresh(&mut self) {
        let Some(dir) = &self.dir else {
            return;
        };
        if let Ok(file) = bookmarks_file(dir).read::<BookmarkFile>() {
            let mut bookmarks = file.bookmarks;
            apply(&self.pending, &mut bookmarks);
            self.set_bookmarks(bookmarks);
        }
    }
}

/// Applies changes to a list: adds what is not there, removes by id.
fn apply(changes: &[Change], bookmarks: &mut Vec<Bookmark>) {
    for change in changes {
        match change {
            Change::Add(bookmark) => {
                if !bookmarks.iter().any(|b| b.id == bookmark.id) {
                    bookmarks.push(bookmark.clone());
                }
            }
            Change::Remove(id) => bookmarks.retain(|b| &b.id != id),
        }
    }
}

fn bookmarks_file(dir: &std::path::Path) -> JsonFile<'_> {
    JsonFile {
        dir,
        name: FILE_NAME,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;

    fn bookmark(id: &str) -> Bookmark {
        Bookmark::new(id.into(), format!("Title {id}"), "src.txt".into())
    }

    fn on_disk(dir: &Path) -> Value {
        let text = fs::read_to_string(dir.join(FILE_NAME)).expect("the file exists");
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn the_config_dir_comes_from_the_flag_then_the_environment() {
        let flag = Some(PathBuf::from("/flag"));
        let env = Some(OsString::from("/env"));
        assert_eq!(config_dir(flag.clone(), env.clone()), flag);
        assert_eq!(config_dir(None, env), Some(PathBuf::from("/env")));
        let empty = Some(OsString::new());
        assert_ne!(
            config_dir(None, empty),
            Some(PathBuf::new()),
            "an empty variable is unset"
        );
    }

    #[test]
    fn the_cache_dir_is_the_flag_then_the_variable_then_a_chosen_config_dir() {
        let flag = || Some(PathBuf::from("/flag"));
        let var = || Some(OsString::from("/var"));
        let config = || (Some(PathBuf::from("/config")), None);
        assert_eq!(cache_dir((flag(), var()), config()), flag());
        assert_eq!(
            cache_dir((None, var()), config()),
            Some(PathBuf::from("/var"))
        );
        assert_eq!(
            cache_dir((None, Some(OsString::new())), config()),
            Some(PathBuf::from("/config/cache"))
        );
        assert_eq!(
            cache_dir((None, None), (None, Some(OsString::from("/env-config")))),
            Some(PathBuf::from("/env-config/cache"))
        );
    }

    #[test]
    fn bookmarks_round_trip_through_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, notices) = Store::open(Some(dir.path().into()));
        assert!(notices.is_empty());
        let (now, saved) = store.toggle(bookmark("a1"));
        assert!(now && saved.is_ok());
        let json = on_disk(dir.path());
        assert_eq!(json["version"], 1);
        assert_eq!(json["bookmarks"][0]["id"], "a1");
        assert_eq!(json["bookmarks"][0]["title"], "Title a1");
        let (reopened, _) = Store::open(Some(dir.path().into()));
        assert!(reopened.contains("a1"));
        let (mut store, _) = Store::open(Some(dir.path().into()));
        let (now, saved) = store.toggle(bookmark("a1"));
        assert!(!now && saved.is_ok());
        assert_eq!(on_disk(dir.path())["bookmarks"], serde_json::json!([]));
    }

    #[test]
    fn unknown_fields_are_kept_on_rewrite() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(
            dir.path().join(FILE_NAME),
            r#"{"version": 1, "theme": "x", "bookmarks": [{"id": "old", "title": "T", "source": "s", "added": "2020-01-01T00:00:00Z", "note": "keep me"}]}"#,
        )
        .expect("written");
        let (mut store, _) = Store::open(Some(dir.path().into()));
        store.toggle(bookmark("new")).1.expect("saved");
        let json = on_disk(dir.path());
        assert_eq!(json["theme"], "x");
        assert_eq!(json["bookmarks"][0]["note"], "keep me");
        assert_eq!(json["bookmarks"][1]["id"], "new");
    }

    #[test]
    fn a_damaged_file_is_moved_aside_and_never_overwritten() {
        for damaged in ["{not json", r#"{"version": 7, "bookmarks": []}"#] {
            let dir = tempfile::tempdir().expect("temp dir");
            fs::write(dir.path().join(FILE_NAME), damaged).expect("written");
            let (mut store, notices) = Store::open(Some(dir.path().into()));
            assert_eq!(notices.len(), 1);
            assert!(notices[0].contains("moved to"), "{}", notices[0]);
            assert!(store.bookmarks().is_empty());
            let aside: Vec<_> = fs::read_dir(dir.path())
                .expect("listed")
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
                .collect();
            assert_eq!(aside.len(), 1);
            assert_eq!(fs::read_to_string(aside[0].path()).expect("kept"), damaged);
            store
                .toggle(bookmark("b"))
                .1
                .expect("saved to a fresh file");
            assert_eq!(
                fs::read_to_string(aside[0].path()).expect("still kept"),
                damaged
            );
        }
    }

    #[test]
    fn a_leftover_temp_file_does_not_matter_and_is_cleaned() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, _) = Store::open(Some(dir.path().into()));
        store.toggle(bookmark("a")).1.expect("saved");
        let stray = dir.path().join(".bookmarks.json.tmp-99999");
        fs::write(&stray, "{torn").expect("written");
        let (reopened, notices) = Store::open(Some(dir.path().into()));
        assert!(notices.is_empty());
        assert!(reopened.contains("a"));
        assert!(!stray.exists());
    }

    #[test]
    fn two_stores_saving_at_once_lose_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().to_path_buf();
        let handles: Vec<_> = (0..2)
            .map(|who| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let (mut store, _) = Store::open(Some(path));
                    for i in 0..100 {
                        // A save may find the other's lock held for longer
                        // than the reader waits: the change is kept.
                        let _ = store.toggle(bookmark(&format!("{who}-{i}")));
                    }
                    store.save().expect("everything kept is saved");
                })
            })
            .collect();
        for handle in handles {
            handle.join().expect("no panic");
        }
        let json = on_disk(&path);
        assert_eq!(json["bookmarks"].as_array().map(Vec::len), Some(200));
    }

    #[test]
    fn without_a_directory_bookmarks_live_in_memory() {
        let (mut store, notices) = Store::open(None);
        assert!(notices[0].contains("memory only"));
        let (now, saved) = store.toggle(bookmark("m"));
        assert!(now && matches!(saved, Err(SaveError::NoDirectory)));
        assert!(store.contains("m"));
    }

    #[test]
    fn an_unwritable_directory_keeps_changes_for_the_next_save() {
        // A directory path that is a file: creating or writing under it fails,
        // even for root (who ignores permission bits).
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("not-a-dir");
        fs::write(&blocker, "").expect("written");
        let (mut store, _) = Store::open(Some(blocker.clone()));
        let (now, saved) = store.toggle(bookmark("k"));
        assert!(now);
        assert!(matches!(saved, Err(SaveError::Io { .. })), "{saved:?}");
        assert!(store.contains("k") && store.has_unsaved());
        // The obstacle goes; the next save writes what was kept.
        fs::remove_file(&blocker).expect("removed");
        store.save().expect("saved now");
        assert!(!store.has_unsaved());
        assert_eq!(on_disk(&blocker)["bookmarks"][0]["id"], "k");
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("listed")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn two_damaged_files_in_one_second_keep_both_asides() {
        let dir = tempfile::tempdir().expect("temp dir");
        for damaged in ["{first", "{second"] {
            fs::write(dir.path().join(FILE_NAME), damaged).expect("written");
            let (_, notices) = Store::open(Some(dir.path().into()));
            assert!(notices[0].contains("moved to"), "{notices:?}");
        }
        let asides: Vec<String> = names_in(dir.path())
            .into_iter()
            .filter(|n| n.contains(".corrupt-"))
            .collect();
        assert_eq!(asides.len(), 2, "{asides:?}");
        let mut kept: Vec<String> = asides
            .iter()
            .map(|n| fs::read_to_string(dir.path().join(n)).expect("read"))
            .collect();
        kept.sort();
        assert_eq!(kept, ["{first", "{second"]);
    }

    #[test]
    fn read_only_opening_reports_damage_and_moves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(FILE_NAME), "{oops").expect("written");
        let (store, notices) = Store::open_with(Some(dir.path().into()), Access::ReadOnly);
        assert!(store.bookmarks().is_empty());
        assert!(notices[0].contains("left as it is"), "{notices:?}");
        assert_eq!(names_in(dir.path()), [FILE_NAME], "no lock, no aside");
    }

    #[test]
    fn a_symlinked_file_is_written_through_to_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let target = elsewhere.path().join("my-bookmarks.json");
        let link = dir.path().join(FILE_NAME);
        std::os::unix::fs::symlink(&target, &link).expect("linked");
        let (mut store, _) = Store::open(Some(dir.path().into()));
        store.toggle(bookmark("first")).1.expect("saved");
        store.toggle(bookmark("second")).1.expect("saved");
        assert!(
            fs::symlink_metadata(&link)
                .expect("there")
                .file_type()
                .is_symlink(),
            "the link is still a link"
        );
        assert_eq!(on_disk(dir.path())["bookmarks"][1]["id"], "second");
        assert_eq!(
            names_in(elsewhere.path()),
            ["my-bookmarks.json"],
            "no temporary file left beside the target"
        );
    }

    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_never_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "precious").expect("written");
        // The name earlier folios used: predictable from the process id.
        let planted = dir
            .path()
            .join(format!(".{FILE_NAME}.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).expect("planted");
        let (mut store, _) = Store::open(Some(dir.path().into()));
        // Opening cleans stray temporaries; plant it again after.
        if !planted.exists() {
            std::os::unix::fs::symlink(&victim, &planted).expect("planted again");
        }
        store.toggle(bookmark("a")).1.expect("saved");
        assert_eq!(fs::read_to_string(&victim).expect("kept"), "precious");
        assert!(
            !fs::symlink_metadata(dir.path().join(FILE_NAME))
                .expect("there")
                .file_type()
                .is_symlink()
        );
        assert_eq!(on_disk(dir.path())["bookmarks"][0]["id"], "a");
    }

    #[test]
    fn permissions_are_kept_and_new_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| fs::metadata(path).expect("there").permissions().mode() & 0o777;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let (mut store, _) = Store::open(Some(dir.path().into()));
        store.toggle(bookmark("a")).1.expect("saved");
        assert_eq!(mode(&path), 0o600, "a new file is personal");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        store.toggle(bookmark("b")).1.expect("saved");
        assert_eq!(mode(&path), 0o640, "the person's choice is kept");
    }

    #[test]
    fn a_held_lock_delays_a_toggle_briefly_and_the_change_is_retried() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut store, _) = Store::open(Some(dir.path().into()));
        // Another open file description: flock treats it as another folio.
        let holder = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.path().join(format!("{FILE_NAME}.lock")))
            .expect("opened");
        holder.lock().expect("locked");
        let (now, saved) = store.toggle(bookmark("k"));
        assert!(now && store.contains("k") && store.has_unsaved());
        let message = saved.expect_err("locked").to_string();
        assert!(
            message.contains("locked by another folio") && message.contains("kept in memory"),
            "{message}"
        );
        let later = Instant::now() + RETRY_EVERY;
        assert!(
            matches!(store.retry_if_due(later), Some(Err(_))),
            "still held"
        );
        holder.unlock().expect("unlocked");
        assert!(matches!(
            store.retry_if_due(later + RETRY_EVERY),
            Some(Ok(()))
        ));
        assert!(!store.has_unsaved());
        assert_eq!(on_disk(dir.path())["bookmarks"][0]["id"], "k");
    }

    #[test]
    fn a_fifo_in_place_of_a_file_is_refused_not_waited_on() {
        use crate::own_files::tests::make_fifo;
        for name in [FILE_NAME, "bookmarks.json.lock"] {
            let dir = tempfile::tempdir().expect("temp dir");
            make_fifo(&dir.path().join(name));
            let (mut store, notices) = Store::open(Some(dir.path().into()));
            if name == FILE_NAME {
                assert!(notices[0].contains("not a regular file"), "{notices:?}");
            }
            let message = store
                .toggle(bookmark("f"))
                .1
                .expect_err("refused")
                .to_string();
            assert!(message.contains("not a regular file"), "{message}");
            assert!(store.contains("f"), "kept in memory");
        }
    }

    #[test]
    fn what_cannot_be_saved_at_quit_goes_to_a_recovery_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("not-a-dir");
        fs::write(&blocker, "").expect("written");
        let fallback = dir.path().join("fallback");
        let (mut store, _) = Store::open(Some(blocker));
        assert!(store.toggle(bookmark("r")).1.is_err());
        let unsaved = store
            .save_or_recover(std::slice::from_ref(&fallback))
            .expect_err("not saved");
        let message = unsaved.to_string();
        assert!(
            message.starts_with("1 bookmark change could not be saved"),
            "{message}"
        );
        let recovered = unsaved.recovered.expect("written somewhere");
        assert!(recovered.starts_with(&fallback), "{recovered:?}");
        assert!(message.contains(&recovered.display().to_string()));
        let json: Value =
            serde_json::from_str(&fs::read_to_string(&recovered).expect("read")).expect("JSON");
        assert_eq!(json["bookmarks"][0]["id"], "r");
    }

    #[test]
    fn newest_bookmarks_come_first() {
        let (mut store, _) = Store::open(None);
        let mut older = bookmark("old");
        older.added = "2020-01-01T00:00:00Z".into();
        // No directory: each toggle reports NoDirectory, tested above.
        let _ = store.toggle(older);
        let _ = store.toggle(bookmark("new"));
        let ids: Vec<&str> = store.bookmarks().iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["new", "old"]);
    }
}
