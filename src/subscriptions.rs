//! The person's subscriptions: the addresses folio reads when it starts
//! with no path, kept in `subscriptions` in the config directory, one a
//! line, so the list is as easy to edit, diff and sync as newsboat's
//! `urls`:
//!
//! ```text
//! # comments start with #
//! https://lwn.net/headlines/rss  LWN  #linux #news
//! https://example.org/feed.xml
//! ```
//!
//! After the address, words starting with `#` are tags (a filter term
//! `#linux` keeps only what is tagged so), `+full-text` asks for every
//! entry's full text from its page as it is opened (for feeds that carry
//! only summaries), and the other words are the title shown in place of
//! the address. OPML, the format feed readers
//! trade lists in, is read and written by [`opml`].

pub mod opml;

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use crate::own_files::{open_regular, write_whole};
use crate::text::inert;
use crate::web::is_address;

/// The file's name in the config directory.
pub const FILE_NAME: &str = "subscriptions";

/// The word after an address that asks for full texts.
const FULL_TEXT: &str = "+full-text";

/// The largest subscriptions file read: far past any real list.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// An address to read, with what the person calls it and files it under.
/// An address given on the command line has neither.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Subscription {
    /// The `http://` or `https://` address.
    pub url: String,
    /// Shown in place of the address, when given.
    pub title: Option<String>,
    /// Tags, without their `#`, in lower case.
    pub tags: Vec<String>,
    /// `+full-text`: each entry is shown with the full text of its page.
    pub full_text: bool,
}

impl Subscription {
    /// An address with no title and no tags.
    pub fn of(url: &str) -> Subscription {
        Subscription {
            url: url.to_string(),
            title: None,
            tags: Vec::new(),
            full_text: false,
        }
    }

    /// The subscription as a line of the file.
    pub fn line(&self) -> String {
        let mut line = self.url.clone();
        if let Some(title) = &self.title {
            line.push_str("  ");
            line.push_str(title);
        }
        for tag in &self.tags {
            line.push_str("  #");
            line.push_str(tag);
        }
        if self.full_text {
            line.push_str("  ");
            line.push_str(FULL_TEXT);
        }
        line
    }
}

/// A line of the file that could not be used; the others still are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based.
    pub line: usize,
    /// What is wrong, inert.
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{FILE_NAME} line {}: {}", self.line, self.what)
    }
}

/// Reads the subscriptions in `text`: every usable line, and what is wrong
/// with the others.
pub fn parse(text: &str) -> (Vec<Subscription>, Vec<Problem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (at, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let problem = |what: String| Problem { line: at + 1, what };
        let mut words = line.split_whitespace();
        let Some(url) = words.next().filter(|word| is_address(word)) else {
            problems.push(problem(format!(
                "{} is not an http:// or https:// address; the line is skipped",
                inert(line.split_whitespace().next().unwrap_or(line))
            )));
            continue;
        };
        if !seen.insert(url.to_string()) {
            problems.push(problem(format!(
                "{} is listed twice; the first line is used",
                inert(url)
            )));
            continue;
        }
        let mut full_text = false;
        let (tags, title): (Vec<&str>, Vec<&str>) = words
            .filter(|&word| {
                let option = word == FULL_TEXT;
                full_text |= option;
                !option
            })
            .partition(|word| is_tag(word));
        found.push(Subscription {
            url: url.to_string(),
            title: title_from(&title.join(" ")),
            tags: tags.iter().map(|tag| tag[1..].to_lowercase()).collect(),
            full_text,
        });
    }
    (found, problems)
}

/// Whether a word after the address is a tag: `#` and then letters,
/// digits, `-` or `_`.
fn is_tag(word: &str) -> bool {
    word.strip_prefix('#').is_some_and(|tag| {
        !tag.is_empty()
            && tag
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// A title as written, without quotes around it, made inert; `None` when
/// nothing is left.
fn title_from(words: &str) -> Option<String> {
    let trimmed = words.trim();
    let unquoted = trimmed
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(trimmed);
    let title = inert(unquoted.trim());
    (!title.is_empty()).then_some(title)
}

/// The subscriptions file in `dir`, read: `Ok(None)` when there is none.
pub fn read(dir: &Path) -> io::Result<Option<(Vec<Subscription>, Vec<Problem>)>> {
    let Some(file) = open_regular(&dir.join(FILE_NAME))? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(MAX_BYTES).read_to_end(&mut bytes)?;
    Ok(Some(parse(&String::from_utf8_lossy(&bytes))))
}

/// How many subscriptions [`add`] added, and how many it found already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// Lines appended.
    pub new: usize,
    /// Addresses the file already had.
    pub known: usize,
}

/// Appends the subscriptions the file in `dir` does not have yet, keeping
/// every line it has (comments, and lines folio could not use). The file is
/// written whole to a temporary file and renamed into place, so a crash
/// leaves the old list or the new one.
pub fn add(dir: &Path, more: &[Subscription]) -> io::Result<Added> {
    let path = dir.join(FILE_NAME);
    let old = match open_regular(&path)? {
        Some(file) => {
            let mut bytes = Vec::new();
            file.take(MAX_BYTES).read_to_end(&mut bytes)?;
            String::from_utf8(bytes).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "it is not UTF-8 text, so folio leaves it alone",
                )
            })?
        }
        None => String::new(),
    };
    let (have, _) = parse(&old);
    let mut known: HashSet<&str> = have.iter().map(|sub| sub.url.as_str()).collect();
    let mut added = Added::default();
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for subscription in more {
        if known.insert(&subscription.url) {
            text.push_str(&subscription.line());
            text.push('\n');
            added.new += 1;
        } else {
            added.known += 1;
        }
    }
    if added.new == 0 {
        return Ok(added);
    }
    write_whole(dir, &path, ".subscriptions-", true, |file| {
        file.write_all(text.as_bytes())
    })?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn a_line_is_an_address_then_a_title_and_tags_in_any_order() {
        let text = "# my feeds\n\n  https://lwn.net/rss  LWN  #Linux #news\n\
                    https://a.test/feed #tech The \"A\" +full-text blog\nhttps://b.test/\n";
        let (found, problems) = parse(text);
        assert_eq!(problems, []);
        assert_eq!(
            found,
            [
                Subscription {
                    url: "https://lwn.net/rss".into(),
                    title: Some("LWN".into()),
                    tags: vec!["linux".into(), "news".into()],
                    full_text: false,
                },
                Subscription {
                    url: "https://a.test/feed".into(),
                    title: Some("The \"A\" blog".into()),
                    tags: vec!["tech".into()],
                    full_text: true,
                },
                Subscription::of("https://b.test/"),
            ]
        );
    }

    #[test]
    fn a_quoted_title_loses_its_quotes_and_a_lone_hash_is_a_word() {
        let (found, _) = parse("https://a.test/ \"Issue # 5\" #x\n");
        assert_eq!(found[0].title.as_deref(), Some("Issue # 5"));
        assert_eq!(found[0].tags, ["x"]);
    }

    #[test]
    fn bad_and_repeated_lines_are_said_with_their_numbers_and_skipped() {
        let (found, problems) =
            parse("https://a.test/\nfeeds.txt\nhttps://a.test/ again\nftp://\u{1b}[2J\n");
        assert_eq!(found, [Subscription::of("https://a.test/")]);
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "subscriptions line 2: feeds.txt is not an http:// or https:// address; the line is skipped",
                "subscriptions line 3: https://a.test/ is listed twice; the first line is used",
                "subscriptions line 4: ftp://\u{fffd}[2J is not an http:// or https:// address; the line is skipped",
            ]
        );
    }

    #[test]
    fn a_line_written_reads_back_as_the_same_subscription() {
        let subscription = Subscription {
            url: "https://a.test/feed".into(),
            title: Some("A blog".into()),
            tags: vec!["tech".into(), "daily".into()],
            full_text: true,
        };
        let (found, problems) = parse(&subscription.line());
        assert_eq!(problems, []);
        assert_eq!(found, [subscription]);
    }

    #[test]
    fn adding_keeps_every_old_line_and_skips_known_addresses() {
        let dir = tempfile::tempdir().unwrap();
        let old = "# mine\nhttps://a.test/  A\nnot an address";
        fs::write(dir.path().join(FILE_NAME), old).unwrap();
        let more = [
            Subscription::of("https://a.test/"),
            Subscription::of("https://b.test/"),
            Subscription::of("https://b.test/"),
        ];
        let added = add(dir.path(), &more).unwrap();
        assert_eq!(added, Added { new: 1, known: 2 });
        let now = fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(now, format!("{old}\nhttps://b.test/\n"));
    }

    #[test]
    fn a_missing_file_is_none_and_adding_makes_it() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("profile");
        assert_eq!(read(&profile).unwrap(), None);
        add(&profile, &[Subscription::of("https://a.test/")]).unwrap();
        let (found, _) = read(&profile).unwrap().unwrap();
        assert_eq!(found, [Subscription::of("https://a.test/")]);
    }
}
