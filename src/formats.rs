//! Structured inputs: the formats that mark their own articles (feeds,
//! HTML pages, Markdown, EPUB, mailboxes), told apart by their content
//! first and their file name second, and read into the same model as a
//! plain-text dump. Where a format says what an article is, folio reads
//! it; only plain text goes to the segmenter.

pub mod build;
pub mod epub;
pub mod feed;
pub mod html;
pub mod markdown;
pub mod mbox;
pub mod page;

use std::path::Path;

pub use build::Document;

/// The kinds of input folio reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A plain-text dump, for the segmenter.
    Text,
    /// RSS, Atom or JSON Feed.
    Feed,
    /// An HTML page: one article, or a front page of several.
    Html,
    /// A Markdown file: one article.
    Markdown,
    /// An e-book: a chapter an article.
    Epub,
    /// A mailbox: a message an article.
    Mbox,
}

impl Format {
    /// The format a file's extension claims, if it claims one.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" | "text" => Format::Text,
            "rss" | "atom" | "xml" | "rdf" => Format::Feed,
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "epub" => Format::Epub,
            "mbox" | "mbx" => Format::Mbox,
            "json" => Format::Feed,
            _ => return None,
        })
    }

    /// The format a server's media type claims, if it claims one that
    /// folio reads (`application/octet-stream` claims nothing).
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        Some(match media_type {
            "text/plain" => Format::Text,
            "application/rss+xml"
            | "application/atom+xml"
            | "application/rdf+xml"
            | "application/feed+json"
            | "application/xml"
            | "text/xml" => Format::Feed,
            "text/html" | "application/xhtml+xml" => Format::Html,
            "text/markdown" | "text/x-markdown" => Format::Markdown,
            "application/epub+zip" => Format::Epub,
            "application/mbox" => Format::Mbox,
            _ => return None,
        })
    }
}

/// Bytes of an input looked at to tell its format.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// The format of an input whose first bytes are `head` and whose name (if
/// it has one) is `path`: what the content shows, else what the extension
/// says, else plain text.
pub fn detect(head: &[u8], path: Option<&Path>) -> Format {
    detect_claimed(head, path.and_then(Format::from_extension))
}

/// The format of an input whose first bytes are `head` and which claims
/// to be `claimed` (by its name or a server's word): what the content
/// shows, else the claim where content cannot show it, else plain text.
pub fn detect_claimed(head: &[u8], claimed: Option<Format>) -> Format {
    if let Some(format) = sniff(head, claimed) {
        return format;
    }
    match claimed {
        // Formats content alone cannot show; JSON or XML that is not a
        // feed is still text.
        Some(format @ (Format::Markdown | Format::Html | Format::Epub | Format::Mbox)) => format,
        _ => Format::Text,
    }
}

/// What the content itself shows, if it shows anything.
fn sniff(head: &[u8], claimed: Option<Format>) -> Option<Format> {
    if head.starts_with(b"PK\x03\x04") {
        let marked = head.get(30..58) == Some(b"mimetypeapplication/epub+zip".as_slice());
        return (marked || claimed == Some(Format::Epub)).then_some(Format::Epub);
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("From ") && looks_like_mail_headers(text) {
        return Some(Format::Mbox);
    }
    if text.starts_with('{') {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        return compact
            .contains("jsonfeed.org/version")
            .then_some(Format::Feed);
    }
    if !text.starts_with('<') {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
        // An XHTML page that quotes a feed's tag in its text is still a page.
        let page_first = lower.find("<html").is_some_and(|html| {
            ["<rss", "<feed", "<rdf:rdf"]
                .iter()
                .filter_map(|tag| lower.find(tag))
                .all(|feed| html < feed)
        });
        return Some(if page_first {
            Format::Html
        } else {
            Format::Feed
        });
    }
    if lower.starts_with("<!doctype html")
        || lower.contains("<html")
        || lower.contains("<head")
        || lower.contains("<body")
        || claimed == Some(Format::Html)
    {
        return Some(Format::Html);
    }
    None
}

/// Whether the lines after an mbox `From ` line are mail headers.
fn looks_like_mail_headers(text: &str) -> bool {
    let mut lines = text.lines().skip(1).take(3).peekable();
    lines.peek().is_some()
        && lines.all(|line| {
            line.split_once(':').is_some_and(|(name, _)| {
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
            }) || line.starts_with([' ', '\t'])
        })
}

/// Why a file that claims a format could not be read as it.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub struct FormatError {
    /// What the format's parser said, in a sentence (with the line or byte
    /// where it says one).
    pub reason: String,
}

impl FormatError {
    /// An error with this reason, made safe to print.
    pub fn new(reason: impl std::fmt::Display) -> Self {
        FormatError {
            reason: crate::text::inert(&reason.to_string()),
        }
    }
}

/// Reads `bytes` as `format` (never [`Format::Text`], which the segmenter
/// reads); `stem` names an article whose format gives it no title.
pub fn read(format: Format, bytes: &[u8], stem: &str) -> Result<Document, FormatError> {
    match format {
        Format::Feed => feed::read(bytes),
        Format::Html => Ok(page::read(&crate::text::lossy(bytes))),
        Format::Markdown => Ok(markdown::read(&crate::text::lossy(bytes), stem)),
        Format::Epub => epub::read(bytes),
        Format::Mbox => mbox::read(bytes),
        Format::Text => Err(FormatError::new("plain text is read by the segmenter")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_before_the_name() {
        let rss = b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>";
        assert_eq!(detect(rss, Some(Path::new("notes.txt"))), Format::Feed);
        assert_eq!(
            detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", None),
            Format::Feed
        );
        assert_eq!(
            detect(
                b"{\n \"version\": \"https://jsonfeed.org/version/1.1\"",
                None
            ),
            Format::Feed
        );
        assert_eq!(detect(b"<!DOCTYPE html><html><head>", None), Format::Html);
        assert_eq!(
            detect(
                b"From someone@example.org Mon Jan  1 00:00:00 2024\nSubject: hi\nFrom: a@b\n",
                None
            ),
            Format::Mbox
        );
        let epub = [
            b"PK\x03\x04".as_slice(),
            &[0; 26],
            b"mimetypeapplication/epub+zip",
        ]
        .concat();
        assert_eq!(detect(&epub, None), Format::Epub);
    }

    #[test]
    fn the_name_decides_what_content_cannot() {
        assert_eq!(
            detect(b"# Notes\n\nSome text.", Some(Path::new("a.md"))),
            Format::Markdown
        );
        assert_eq!(
            detect(b"<div>saved</div>", Some(Path::new("a.html"))),
            Format::Html
        );
        assert_eq!(
            detect(b"# Notes\n\nSome text.", Some(Path::new("a.txt"))),
            Format::Text
        );
        assert_eq!(detect(b"Headline\n\nBody.", None), Format::Text);
        assert_eq!(
            detect(b"From the editor's desk\n\nThis week...", None),
            Format::Text,
            "a dump whose first word is From is still text"
        );
        assert_eq!(
            detect(b"{\"a\": 1}", Some(Path::new("x.json"))),
            Format::Text
        );
    }
}
