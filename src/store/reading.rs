//! Reading state: where each article was left, whether it was read, and the
//! article last opened, so folio picks up where the person stopped.
//!
//! Positions are blocks (paragraphs), not lines, so they survive another
//! terminal width. The file follows the same rules as bookmarks (versioned,
//! unknown fields kept, locked merge, atomic write, damaged files moved
//! aside) and is written on quit and at most every few seconds while
//! reading, never on every key.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::disk::{
    Access, JsonFile, LOCK_PATIENCE, READER_LOCK_PATIENCE, VERSION, Versioned, write_recovery,
};
use super::{SaveError, Unsaved};
use crate::text::inert;

/// The state file's name in the state directory.
pub const STATE_FILE: &str = "state.json";
/// Least time between two saves while reading.
pub const SAVE_EVERY: Duration = Duration::from_secs(5);

/// What folio remembers of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleState {
    /// The block shown at the top of the reader when it was left.
    pub position: usize,
    /// Whether it has been read to the end (or marked read).
    pub read: bool,
    /// Fields a newer folio wrote, kept as they were.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u64,
    #[serde(default)]
    articles: BTreeMap<String, ArticleState>,
    #[serde(default)]
    last_opened: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Default for StateFile {
    fn default() -> Self {
        StateFile {
            version: VERSION,
            articles: BTreeMap::new(),
            last_opened: None,
            extra: Map::new(),
        }
    }
}

impl Versioned for StateFile {
    fn version(&self) -> u64 {
        self.version
    }
}

/// The reading state of one state directory.
#[derive(Debug)]
pub struct ReadingState {
    dir: Option<PathBuf>,
    file: StateFile,
    changed: BTreeMap<String, ArticleState>,
    last_opened_changed: bool,
    last_save: Option<Instant>,
}

impl ReadingState {
    /// Opens the state in `dir` (`None`: memory only), with a notice for a
    /// person if the file was damaged and moved aside.
    pub fn open(dir: Option<PathBuf>) -> (ReadingState, Option<String>) {
        ReadingState::open_with(dir, Access::ReadWrite)
    }

    /// [`ReadingState::open`] with the access wanted: a command that only
    /// prints (`--list --json`) reports a damaged file and moves nothing.
    pub fn open_with(dir: Option<PathBuf>, access: Access) -> (ReadingState, Option<String>) {
        let (file, notice) = match &dir {
            Some(dir) => state_file(dir).load(access),
            None => (StateFile::default(), None),
        };
        let state = ReadingState {
            dir,
            file,
            changed: BTreeMap::new(),
            last_opened_changed: false,
            last_save: None,
        };
        (state, notice)
    }

    /// What is remembered of article `id`.
    pub fn get(&self, id: &str) -> Option<&ArticleState> {
        self.file.articles.get(id)
    }

    /// Whether article `id` has been read.
    pub fn is_read(&self, id: &str) -> bool {
        self.get(id).is_some_and(|state| state.read)
    }

    /// The ids of the articles marked read: few, next to a large library,
    /// so the reader looks for these rather than asking about every article.
    pub fn read_ids(&self) -> impl Iterator<Item = &str> {
        self.file
            .articles
            .iter()
            .filter(|(_, state)| state.read)
            .map(|(id, _)| id.as_str())
    }

    /// The article last opened.
    pub fn last_opened(&self) -> Option<&str> {
        self.file.last_opened.as_deref()
    }

    fn change(&mut self, id: &str, apply: impl FnOnce(&mut ArticleState)) {
        let entry = self.file.articles.entry(id.to_string()).or_default();
        let before = entry.clone();
        apply(entry);
        if *entry != before {
            self.changed.insert(id.to_string(), entry.clone());
        }
    }

    /// Remembers the block at the top of the reader for article `id`.
    pub fn set_position(&mut self, id: &str, block: usize) {
        self.change(id, |state| state.position = block);
    }

    /// Marks article `id` read or unread.
    pub fn set_read(&mut self, id: &str, read: bool) {
        self.change(id, |state| state.read = read);
    }

    /// Remembers `id` as the article last opened.
    pub fn set_last_opened(&mut self, id: &str) {
        if self.file.last_opened.as_deref() != Some(id) {
            self.file.last_opened = Some(id.to_string());
            self.last_opened_changed = true;
        }
    }

    /// Whether something changed since the last save.
    pub fn is_dirty(&self) -> bool {
        !self.changed.is_empty() || self.last_opened_changed
    }

    /// Saves when something changed and the last save is [`SAVE_EVERY`] ago.
    pub fn save_if_due(&mut self, now: Instant) -> Option<Result<(), SaveError>> {
        let due = self
            .last_save
            .is_none_or(|last| now.duration_since(last) >= SAVE_EVERY);
        (self.is_dirty() && due).then(|| {
            self.last_save = Some(now);
            // The reader waits for another folio's lock only briefly.
            self.save_waiting(READER_LOCK_PATIENCE)
        })
    }

    /// When [`ReadingState::save_if_due`] will next save, if something is
    /// waiting to be saved.
    pub fn next_save(&self) -> Option<Instant> {
        // Without a directory there is nowhere to save to: nothing is due.
        (self.dir.is_some() && self.is_dirty()).then(|| {
            self.last_save
                .map_or_else(Instant::now, |last| last + SAVE_EVERY)
        })
    }

    /// Writes this instance's changes, merged with what is on disk now,
    /// waiting a little for another folio's lock.
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.save_waiting(LOCK_PATIENCE)
    }

    /// At quit: saves; if that fails, writes the unsaved articles' state to
    /// a recovery file in the first of `fallbacks` that takes it (else the
    /// temporary directory) and says so.
    pub fn save_or_recover(&mut self, fallbacks: &[PathBuf]) -> Result<(), Unsaved> {
        let reason = match self.save() {
            Ok(()) | Err(SaveError::NoDirectory) => return Ok(()),
            Err(SaveError::Io { reason, .. }) => reason,
        };
        let unsaved = StateFile {
            articles: self.changed.clone(),
            last_opened: self.file.last_opened.clone(),
            ..StateFile::default()
        };
        let recovered = write_recovery(STATE_FILE, &unsaved, fallbacks).ok();
        Err(Unsaved {
            what: match self.changed.len() {
                0 => "the article last opened".into(),
                1 => "the reading state of 1 article".into(),
                n => format!("the reading state of {n} articles"),
            },
            reason,
            recovered,
        })
    }

    fn save_waiting(&mut self, patience: Duration) -> Result<(), SaveError> {
        if !self.is_dirty() {
            return Ok(());
        }
        let Some(dir) = self.dir.clone() else {
            return Err(SaveError::NoDirectory);
        };
        let (changed, last_opened) = (&self.changed, self.last_opened_changed);
        let mine = self.file.last_opened.clone();
        let file = state_file(&dir)
            .update(patience, |file: &mut StateFile| {
                for (id, state) in changed {
                    file.articles.insert(id.clone(), state.clone());
                }
                if last_opened {
                    file.last_opened = mine;
                }
            })
            .map_err(|error| SaveError::Io {
                what: "reading position",
                reason: inert(&error.to_string()),
            })?;
        self.changed.clear();
        self.last_opened_changed = false;
        self.file = file;
        Ok(())
    }
}

fn state_file(dir: &std::path::Path) -> JsonFile<'_> {
    JsonFile {
        dir,
        name: STATE_FILE,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn state_round_trips_and_merges_with_other_instances() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut first, notice) = ReadingState::open(Some(dir.path().into()));
        assert!(notice.is_none());
        let (mut second, _) = ReadingState::open(Some(dir.path().into()));
        first.set_position("aa", 7);
        first.set_last_opened("aa");
        first.save().expect("saved");
        second.set_read("bb", true);
        second.save().expect("saved");
        let (again, _) = ReadingState::open(Some(dir.path().into()));
        assert_eq!(again.get("aa").map(|s| s.position), Some(7));
        assert!(
            again.is_read("bb"),
            "the second instance kept the first's change too"
        );
        assert_eq!(again.last_opened(), Some("aa"));
    }

    #[test]
    fn saves_come_at_most_every_few_seconds() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut state, _) = ReadingState::open(Some(dir.path().into()));
        let start = Instant::now();
        assert!(state.save_if_due(start).is_none(), "nothing changed");
        state.set_position("aa", 1);
        assert!(matches!(state.save_if_due(start), Some(Ok(()))));
        state.set_position("aa", 2);
        assert!(
            state.save_if_due(start + Duration::from_secs(1)).is_none(),
            "too soon"
        );
        assert!(matches!(
            state.save_if_due(start + SAVE_EVERY),
            Some(Ok(()))
        ));
    }

    #[test]
    fn a_damaged_state_file_is_moved_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join(STATE_FILE), "[1, 2").expect("written");
        let (state, notice) = ReadingState::open(Some(dir.path().into()));
        assert!(notice.is_some_and(|n| n.contains("moved to")));
        assert!(state.last_opened().is_none());
    }

    #[test]
    fn unknown_fields_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(
            dir.path().join(STATE_FILE),
            r#"{"version": 1, "future": true, "articles": {"aa": {"position": 3, "read": false, "stars": 5}}}"#,
        )
        .expect("written");
        let (mut state, _) = ReadingState::open(Some(dir.path().into()));
        state.set_read("aa", true);
        state.save().expect("saved");
        let json: Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join(STATE_FILE)).expect("read"))
                .expect("valid JSON");
        assert_eq!(json["future"], true);
        assert_eq!(json["articles"]["aa"]["stars"], 5);
        assert_eq!(json["articles"]["aa"]["read"], true);
    }

    #[test]
    fn unsaved_reading_state_says_what_it_is_and_is_recovered_at_quit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("not-a-dir");
        fs::write(&blocker, "").expect("written");
        let (mut state, _) = ReadingState::open(Some(blocker));
        state.set_read("aa", true);
        let message = state.save().expect_err("cannot save").to_string();
        assert!(
            message.starts_with("reading position not saved yet"),
            "not called a bookmark: {message}"
        );
        let fallback = dir.path().join("fallback");
        let unsaved = state
            .save_or_recover(std::slice::from_ref(&fallback))
            .expect_err("not saved");
        assert!(
            unsaved
                .to_string()
                .starts_with("the reading state of 1 article could not be saved")
        );
        let recovered = unsaved.recovered.expect("written");
        let json: Value =
            serde_json::from_str(&fs::read_to_string(recovered).expect("read")).expect("JSON");
        assert_eq!(json["articles"]["aa"]["read"], true);
    }

    #[test]
    fn without_a_directory_state_lives_in_memory() {
        let (mut state, _) = ReadingState::open(None);
        state.set_read("aa", true);
        assert!(state.is_read("aa"));
        assert!(state.next_save().is_none(), "nothing to wake up for");
        assert!(matches!(state.save(), Err(SaveError::NoDirectory)));
    }
}
