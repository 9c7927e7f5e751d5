//! JSON Feed (1.0 and 1.1): its items, as the spec names their fields.

use serde::Deserialize;

use crate::formats::FormatError;

/// A JSON Feed, with only the fields folio reads.
#[derive(Deserialize)]
pub struct Feed {
    /// The site the feed belongs to.
    pub home_page_url: Option<String>,
    /// The feed's author (1.0).
    pub author: Option<Person>,
    /// The feed's authors (1.1).
    #[serde(default)]
    pub authors: Vec<Person>,
    /// The entries.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// A person, by name.
#[derive(Deserialize)]
pub struct Person {
    /// Their name, when the feed gives one.
    pub name: Option<String>,
}

/// One entry.
#[derive(Deserialize)]
pub struct Item {
    /// The feed's own name for it, unique in the feed.
    pub id: Option<serde_json::Value>,
    /// The entry's own page.
    pub url: Option<String>,
    /// The page the entry is about, when it is a link post.
    pub external_url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The content as HTML.
    pub content_html: Option<String>,
    /// The content as plain text.
    pub content_text: Option<String>,
    /// A plain-text summary.
    pub summary: Option<String>,
    /// When it was published (RFC 3339).
    pub date_published: Option<String>,
    /// When it was last changed (RFC 3339).
    pub date_modified: Option<String>,
    /// Its author (1.0).
    pub author: Option<Person>,
    /// Its authors (1.1).
    #[serde(default)]
    pub authors: Vec<Person>,
}

/// Reads a JSON Feed; the error names the line and column where it broke.
pub fn parse(text: &str) -> Result<Feed, FormatError> {
    serde_json::from_str(text)
        .map_err(|error| FormatError::new(format!("not a readable feed: {error}")))
}

/// The first named of a 1.0 `author` and 1.1 `authors`.
pub fn name<'a>(author: Option<&'a Person>, authors: &'a [Person]) -> Option<&'a str> {
    author
        .into_iter()
        .chain(authors)
        .find_map(|person| person.name.as_deref())
        .filter(|name| !name.trim().is_empty())
}
