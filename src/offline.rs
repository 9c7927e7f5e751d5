//! The copies of fetched addresses folio keeps, so that what was read once
//! reads again with no network (`--offline`, or a fetch that fails), and so
//! that the next fetch can be conditional: a copy carries the validators
//! its server gave, and an unchanged feed costs one small round trip.
//!
//! Each address is one file in the `web` folder of the cache directory,
//! named by a hash of the address: a header line (`folio-web 1 ` and JSON
//! naming the address, its media type, validators and when it was
//! fetched), then the body as the server sent it. A copy is written whole
//! to a temporary file and renamed into place, so a reader sees the old
//! copy or the new one, never half of one, and two folios writing at once
//! each leave a whole copy. A damaged copy is moved aside (`.damaged`) and
//! said, and the address is fetched again; a copy from another version of
//! folio, or of another address with the same hash, is simply not used.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::article::stable_hash;
use crate::own_files::{open_regular, write_whole};
use crate::text::inert;
use crate::web::{Fetched, Validators};

/// How a copy's file begins, before its version.
const MAGIC: &str = "folio-web";

/// The layout of a copy's file; another version is not read.
const VERSION: u32 = 1;

/// How a copy's file name ends.
const SUFFIX: &str = ".fetched";

/// How a temporary file being written begins.
const TEMP_PREFIX: &str = ".writing-";

/// The longest header line read: the address and validators, not a body.
const MAX_HEADER: usize = 64 * 1024;

/// The copies in one directory.
#[derive(Debug)]
pub struct Copies {
    /// The `web` folder of the cache directory.
    dir: PathBuf,
    /// Why the first write that failed failed, until it is said.
    trouble: Mutex<Option<String>>,
    /// Whether a failure was already recorded: each run says it once.
    troubled: AtomicBool,
}

/// One address's kept copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The body as fetched, with its media type and validators.
    pub fetched: Fetched,
    /// When it was fetched.
    pub fetched_at: SystemTime,
}

impl Kept {
    /// How long ago it was fetched, as a person says it ("3 h ago").
    pub fn age(&self, now: SystemTime) -> String {
        age(now.duration_since(self.fetched_at).unwrap_or_default())
    }
}

/// A copy's header, as written on its first line.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    url: String,
    media_type: Option<String>,
    #[serde(default)]
    validators: Validators,
    /// Seconds since 1970.
    fetched_at: u64,
}

/// What looking a copy up found.
#[derive(Debug)]
pub enum Found {
    /// A whole copy of the address.
    Kept(Kept),
    /// None (or one this folio does not read).
    Nothing,
    /// A damaged copy, moved aside; the sentence says where.
    Damaged(String),
}

impl Copies {
    /// The copies in the `web` folder of `cache_dir`. Nothing is touched on
    /// disk until a copy is read or written.
    pub fn new(cache_dir: &Path) -> Copies {
        Copies {
            dir: cache_dir.join("web"),
            trouble: Mutex::new(None),
            troubled: AtomicBool::new(false),
        }
    }

    /// The copy kept for `url`.
    pub fn get(&self, url: &str) -> Found {
        let path = self.path(url);
        let bytes = match open_regular(&path) {
            Ok(None) => return Found::Nothing,
            Ok(Some(mut file)) => {
                let mut bytes = Vec::new();
                match file.read_to_end(&mut bytes) {
                    Ok(_) => bytes,
                    Err(error) => return self.set_aside(url, &path, &error.to_string()),
                }
            }
            Err(error) => return self.set_aside(url, &path, &error.to_string()),
        };
        match decode(&bytes, url) {
            Ok(Some(kept)) => Found::Kept(kept),
            Ok(None) => Found::Nothing,
            Err(why) => self.set_aside(url, &path, why),
        }
    }

    /// Keeps `fetched` as the copy of `url`, whole or not at all. A copy
    /// that cannot be written costs only reading offline, and is said once
    /// (see [`Copies::take_trouble`]).
    pub fn put(&self, url: &str, fetched: &Fetched, now: SystemTime) {
        let header = Header {
            url: url.to_string(),
            media_type: fetched.media_type.clone(),
            validators: fetched.validators.clone(),
            fetched_at: now
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs(),
        };
        let Err(error) = self.write(&self.path(url), &header, &fetched.bytes) else {
            return;
        };
        if self.troubled.swap(true, Ordering::Relaxed) {
            return;
        }
        let said = format!(
            "fetched addresses cannot be kept for reading offline in {} ({})",
            inert(&self.dir.display().to_string()),
            inert(&error.to_string())
        );
        if let Ok(mut trouble) = self.trouble.lock() {
            *trouble = Some(said);
        }
    }

    /// Why keeping a copy failed, the first time it is asked after a
    /// failure.
    pub fn take_trouble(&self) -> Option<String> {
        self.trouble.lock().ok()?.take()
    }

    fn write(&self, path: &Path, header: &Header, body: &[u8]) -> io::Result<()> {
        let json = serde_json::to_string(header).map_err(io::Error::other)?;
        // Flushed: offline, a lost copy cannot be fetched again.
        write_whole(&self.dir, path, TEMP_PREFIX, true, |file| {
            writeln!(file, "{MAGIC} {VERSION} {json}")?;
            file.write_all(body)
        })
    }

    /// Moves a damaged copy out of the way, so it is fetched again and the
    /// damage can still be looked at.
    fn set_aside(&self, url: &str, path: &Path, why: &str) -> Found {
        let aside = path.with_extension("damaged");
        let said = match fs::rename(path, &aside) {
            Ok(()) => format!(
                "the copy of {} kept for reading offline was damaged ({}); moved aside to {}",
                inert(url),
                inert(why),
                inert(&aside.display().to_string())
            ),
            Err(error) => format!(
                "the copy of {} kept for reading offline is damaged ({}) and could not be moved aside ({})",
                inert(url),
                inert(why),
                inert(&error.to_string())
            ),
        };
        Found::Damaged(said)
    }

    /// Where the copy of `url` lives.
    fn path(&self, url: &str) -> PathBuf {
        self.dir
            .join(format!("{:016x}{SUFFIX}", stable_hash(url.as_bytes())))
    }
}

/// A copy's file read back: `Ok(None)` for one this folio does not read
/// (another version, another address), an error for damage.
fn decode(bytes: &[u8], url: &str) -> Result<Option<Kept>, &'static str> {
    let end = bytes
        .iter()
        .take(MAX_HEADER)
        .position(|&byte| byte == b'\n')
        .ok_or("no header line")?;
    let line = std::str::from_utf8(&bytes[..end]).map_err(|_| "the header is not text")?;
    let mut fields = line.splitn(3, ' ');
    if fields.next() != Some(MAGIC) {
        return Err("not a copy folio wrote");
    }
    let version: u32 = fields
        .next()
        .and_then(|version| version.parse().ok())
        .ok_or("no version")?;
    if version != VERSION {
        return Ok(None);
    }
    let header: Header = fields
        .next()
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or("the header does not read")?;
    if header.url != url {
        return Ok(None);
    }
    Ok(Some(Kept {
        fetched: Fetched {
            bytes: bytes[end + 1..].to_vec(),
            media_type: header.media_type,
            validators: header.validators,
        },
        fetched_at: SystemTime::UNIX_EPOCH + Duration::from_secs(header.fetched_at),
    }))
}

/// A duration as a person says how long ago something was.
fn age(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    match seconds {
        0..60 => "just now".to_string(),
        60..3_600 => format!("{} min ago", seconds / 60),
        3_600..86_400 => format!("{} h ago", seconds / 3_600),
        86_400..172_800 => "1 day ago".to_string(),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(body: &str) -> Fetched {
        Fetched {
            bytes: body.as_bytes().to_vec(),
            media_type: Some("application/rss+xml".into()),
            validators: Validators {
                etag: Some("\"v1\"".into()),
                last_modified: None,
            },
        }
    }

    #[test]
    fn a_kept_copy_reads_back_whole_with_its_validators() {
        let dir = tempfile::tempdir().unwrap();
        let copies = Copies::new(dir.path());
        let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let body = "<rss>\nline two\n</rss>";
        copies.put("https://a.test/feed", &fetched(body), when);
        assert_eq!(copies.take_trouble(), None);
        let Found::Kept(kept) = copies.get("https://a.test/feed") else {
            panic!("the copy was not found");
        };
        assert_eq!(kept.fetched, fetched(body));
        assert_eq!(kept.fetched_at, when);
        assert!(matches!(copies.get("https://a.test/other"), Found::Nothing));
    }

    #[test]
    fn a_damaged_copy_is_moved_aside_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let copies = Copies::new(dir.path());
        let url = "https://a.test/feed";
        copies.put(url, &fetched("body"), SystemTime::now());
        let path = copies.path(url);
        fs::write(&path, "folio-web 1 {not json\nbody").unwrap();
        let Found::Damaged(said) = copies.get(url) else {
            panic!("the damage was not found");
        };
        assert!(said.contains("moved aside"), "{said}");
        assert!(!path.exists());
        assert!(path.with_extension("damaged").exists());
        assert!(matches!(copies.get(url), Found::Nothing));
    }

    #[test]
    fn a_copy_from_another_version_or_address_is_not_used_nor_moved() {
        let dir = tempfile::tempdir().unwrap();
        let copies = Copies::new(dir.path());
        let url = "https://a.test/feed";
        copies.put(url, &fetched("body"), SystemTime::now());
        let path = copies.path(url);
        fs::write(&path, "folio-web 2 {}\nbody").unwrap();
        assert!(matches!(copies.get(url), Found::Nothing));
        let other = r#"folio-web 1 {"url":"https://b.test/","media_type":null,"fetched_at":0}"#;
        fs::write(&path, format!("{other}\nbody")).unwrap();
        assert!(matches!(copies.get(url), Found::Nothing));
        assert!(path.exists());
    }

    #[test]
    fn an_unwritable_directory_is_said_once_and_inert() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("cache\u{1b}[2J");
        fs::write(&blocker, "a file where the folder would go").unwrap();
        let copies = Copies::new(&blocker);
        copies.put("https://a.test/one", &fetched("body"), SystemTime::now());
        copies.put("https://a.test/two", &fetched("body"), SystemTime::now());
        let said = copies.take_trouble().unwrap();
        assert!(
            said.starts_with("fetched addresses cannot be kept"),
            "{said}"
        );
        assert!(!said.contains('\u{1b}'), "{said}");
        assert_eq!(copies.take_trouble(), None);
    }

    #[test]
    fn ages_read_as_a_person_says_them() {
        assert_eq!(age(Duration::from_secs(5)), "just now");
        assert_eq!(age(Duration::from_secs(125)), "2 min ago");
        assert_eq!(age(Duration::from_secs(3 * 3_600 + 5)), "3 h ago");
        assert_eq!(age(Duration::from_secs(90_000)), "1 day ago");
        assert_eq!(age(Duration::from_secs(10 * 86_400)), "10 days ago");
    }
}
