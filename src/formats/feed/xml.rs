//! RSS 0.9x/1.0/2.0 and Atom in one pass over the text (`quick-xml`).
//! The pass only finds where each entry's fields are: every field is kept
//! as a slice of the input, undecoded, so the pass copies nothing and the
//! decoding (entities, CDATA, HTML) happens afterwards on every core.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::{resolve_html5_entity, unescape_with};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use crate::formats::FormatError;

/// What the pass found: the feed's own link and author, and its entries.
#[derive(Default)]
pub struct Feed<'a> {
    /// The site the feed belongs to, which relative links resolve against.
    pub link: Option<Field<'a>>,
    /// The feed's author, who stands in for an entry that names none.
    pub author: Option<Field<'a>>,
    /// The entries (RSS items, Atom entries), in the feed's order.
    pub entries: Vec<Entry<'a>>,
}

/// One entry's fields, each as the feed wrote it.
#[derive(Default)]
pub struct Entry<'a> {
    /// The headline.
    pub title: Option<Field<'a>>,
    /// The entry's own page.
    pub link: Option<Field<'a>>,
    /// Who wrote it: a name, or RSS's "mail (Name)".
    pub author: Option<Field<'a>>,
    /// When it was published.
    pub published: Option<Field<'a>>,
    /// When it was last updated.
    pub updated: Option<Field<'a>>,
    /// The summary (RSS `description`, Atom `summary`).
    pub summary: Option<Field<'a>>,
    /// The full content (`content:encoded`, Atom `content`).
    pub content: Option<Field<'a>>,
    /// The feed's own name for it (RSS `guid`, Atom `id`).
    pub id: Option<Field<'a>>,
}

/// An element's content or an attribute's value, as a slice of the feed.
#[derive(Clone)]
pub struct Field<'a> {
    raw: Cow<'a, str>,
    /// What the text holds once decoded.
    pub kind: Kind,
}

/// What a field's text is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Plain text.
    Text,
    /// HTML, escaped or in CDATA.
    Html,
    /// XHTML markup written inline in the feed (Atom `type="xhtml"`).
    Xhtml,
}

impl<'a> Field<'a> {
    /// The text the field holds: CDATA as it is, the rest with its
    /// entities decoded (HTML's named ones too, which careless feeds use);
    /// inline XHTML as its markup.
    pub fn text(&self) -> Cow<'a, str> {
        let Cow::Borrowed(raw) = self.raw else {
            return self.raw.clone();
        };
        if self.kind == Kind::Xhtml || !raw.contains(['&', '<']) {
            return Cow::Borrowed(raw);
        }
        let trimmed = raw.trim();
        if let Some(inner) = trimmed
            .strip_prefix("<![CDATA[")
            .and_then(|rest| rest.strip_suffix("]]>"))
            .filter(|inner| !inner.contains("]]>"))
        {
            return Cow::Borrowed(inner);
        }
        let mut text = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(start) = rest.find("<![CDATA[") {
            unescaped(&rest[..start], &mut text);
            let section = &rest[start + "<![CDATA[".len()..];
            let end = section.find("]]>").unwrap_or(section.len());
            text.push_str(&section[..end]);
            rest = section.get(end + "]]>".len()..).unwrap_or("");
        }
        unescaped(rest, &mut text);
        Cow::Owned(text)
    }
}

/// `raw` with its entities decoded onto `text`; a stray `&` stays as it is.
fn unescaped(raw: &str, text: &mut String) {
    let resolve = |entity: &str| {
        quick_xml::escape::resolve_predefined_entity(entity)
            .or_else(|| resolve_html5_entity(entity))
    };
    match unescape_with(raw, resolve) {
        Ok(decoded) => text.push_str(&decoded),
        Err(_) => text.push_str(raw),
    }
}

/// Finds the feed's entries in `text`.
pub fn parse(text: &str) -> Result<Feed<'_>, FormatError> {
    let mut reader = Reader::from_str(text);
    // A bare `&` ("Fish & chips") is the commonest slip in real feeds; it
    // stays a character rather than failing the whole feed.
    reader.config_mut().allow_dangling_amp = true;
    let mut feed = Feed::default();
    let mut atom = false;
    let mut depth = 0usize;
    loop {
        let event = next(&mut reader, text)?;
        match event {
            Event::Start(element) => {
                if depth == 0 {
                    atom = root(&element)?;
                }
                match element.local_name().as_ref() {
                    "item" | "entry" if depth > 0 => {
                        let entry = entry(&mut reader, text, atom)?;
                        feed.entries.push(entry);
                    }
                    "link" if depth <= 2 && feed.link.is_none() && is_alternate(&element) => {
                        let inner = inner(&mut reader, text, &element)?;
                        feed.link = href(&element).or(Some(Field {
                            raw: Cow::Borrowed(inner),
                            kind: Kind::Text,
                        }));
                    }
                    "author" | "creator" if depth <= 2 && feed.author.is_none() => {
                        feed.author = person(inner(&mut reader, text, &element)?);
                    }
                    _ => depth += 1,
                }
            }
            Event::Empty(element) => {
                if depth == 0 {
                    root(&element)?;
                }
                if element.local_name().as_ref() == "link"
                    && depth <= 2
                    && feed.link.is_none()
                    && is_alternate(&element)
                {
                    feed.link = href(&element);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(broken(
                    text,
                    text.len() as u64,
                    &"the file ends before the feed does",
                ));
            }
            Event::Eof => return Ok(feed),
            _ => {}
        }
    }
}

/// The next event, or the error saying where the feed broke.
fn next<'a>(reader: &mut Reader<&'a [u8]>, text: &str) -> Result<Event<'a>, FormatError> {
    reader
        .read_event()
        .map_err(|error| broken(text, reader.error_position(), &error))
}

/// Whether the root element is Atom's; an error unless it is a feed's.
fn root(element: &BytesStart) -> Result<bool, FormatError> {
    match element.local_name().as_ref() {
        "feed" => Ok(true),
        "rss" | "RDF" => Ok(false),
        other => Err(FormatError::new(format!(
            "not a readable feed: it begins with <{}>, not <rss>, <feed> or <rdf:RDF>",
            other
        ))),
    }
}

/// One entry, read through its closing tag.
fn entry<'a>(
    reader: &mut Reader<&'a [u8]>,
    text: &'a str,
    atom: bool,
) -> Result<Entry<'a>, FormatError> {
    let mut entry = Entry::default();
    loop {
        let event = next(reader, text)?;
        match event {
            Event::Start(element) => {
                let raw = inner(reader, text, &element)?;
                let field = Field {
                    raw: Cow::Borrowed(raw),
                    kind: kind(&element, atom),
                };
                let slot = match element.local_name().as_ref() {
                    "title" => &mut entry.title,
                    "link" => {
                        if is_alternate(&element) || entry.link.is_none() {
                            entry.link = href(&element).or(Some(field));
                        }
                        continue;
                    }
                    "author" | "creator" => {
                        if entry.author.is_none() {
                            entry.author = person(raw);
                        }
                        continue;
                    }
                    "pubDate" | "published" | "issued" | "date" => &mut entry.published,
                    "updated" | "modified" => &mut entry.updated,
                    "description" | "summary" => &mut entry.summary,
                    "encoded" | "content" => &mut entry.content,
                    "guid" | "id" => &mut entry.id,
                    _ => continue,
                };
                slot.get_or_insert(field);
            }
            Event::Empty(element)
                if element.local_name().as_ref() == "link"
                    && (is_alternate(&element) || entry.link.is_none()) =>
            {
                entry.link = href(&element).or(entry.link.take());
            }
            Event::End(_) => return Ok(entry),
            Event::Eof => {
                return Err(broken(
                    text,
                    text.len() as u64,
                    &"the file ends inside an entry",
                ));
            }
            _ => {}
        }
    }
}

/// The text between `element`'s tags, reading through its closing tag.
fn inner<'a>(
    reader: &mut Reader<&'a [u8]>,
    text: &'a str,
    element: &BytesStart,
) -> Result<&'a str, FormatError> {
    let name = element.name().as_ref().to_owned();
    // An element left open is reported where it opened.
    let opened = reader.buffer_position();
    let span = reader
        .read_to_end(QName(&name))
        .map_err(|error| broken(text, opened.max(reader.error_position()), &error))?;
    let range = usize::try_from(span.start).unwrap_or(usize::MAX)
        ..usize::try_from(span.end).unwrap_or(usize::MAX);
    Ok(text.get(range).unwrap_or(""))
}

/// What a text element's content is: Atom says in `type` (text unless it
/// says otherwise); RSS bodies are HTML and its other fields text.
fn kind(element: &BytesStart, atom: bool) -> Kind {
    let declared = element
        .try_get_attribute("type")
        .ok()
        .flatten()
        .map(|value| value.value.to_ascii_lowercase());
    match declared.as_deref() {
        Some("xhtml" | "application/xhtml+xml") => Kind::Xhtml,
        Some(kind) if kind.contains("html") => Kind::Html,
        Some(_) => Kind::Text,
        None if atom => Kind::Text,
        None => match element.local_name().as_ref() {
            "description" | "encoded" | "summary" | "content" => Kind::Html,
            _ => Kind::Text,
        },
    }
}

/// An Atom link's target.
fn href<'a>(element: &BytesStart) -> Option<Field<'a>> {
    let value = element.try_get_attribute("href").ok().flatten()?;
    Some(Field {
        raw: Cow::Owned(value.value.into_owned()),
        kind: Kind::Text,
    })
}

/// Whether a link is the entry's own page (`rel` absent or `alternate`).
fn is_alternate(element: &BytesStart) -> bool {
    element
        .try_get_attribute("rel")
        .ok()
        .flatten()
        .is_none_or(|rel| rel.value == "alternate")
}

/// A person: Atom's `<name>` inside, else the text itself.
fn person(raw: &str) -> Option<Field<'_>> {
    let mut reader = Reader::from_str(raw);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) if element.local_name().as_ref() == "name" => {
                return inner(&mut reader, raw, &element).ok().map(|raw| Field {
                    raw: Cow::Borrowed(raw),
                    kind: Kind::Text,
                });
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let plain = !raw.contains('<') || raw.trim_start().starts_with("<![CDATA[");
    (plain && !raw.trim().is_empty()).then_some(Field {
        raw: Cow::Borrowed(raw),
        kind: Kind::Text,
    })
}

/// A broken feed's error, naming the line and byte where it broke.
fn broken(text: &str, at: u64, what: &dyn std::fmt::Display) -> FormatError {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1;
    FormatError::new(format!(
        "not a readable feed: {what} (line {line}, byte {at})"
    ))
}
