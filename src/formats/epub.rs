//! An EPUB as articles: each chapter of the spine, in reading order, that
//! is an (X)HTML document (never a cover image or a stylesheet), titled
//! from the table of contents. The archive's declared sizes are checked
//! before anything is unpacked, so a zip bomb is refused, not inflated.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use rbook::Epub;

use crate::article::Details;
use crate::formats::FormatError;
use crate::formats::build::{Builder, Document, one_line};
use crate::formats::html::walk_html;

/// Most bytes an EPUB may unpack to: far past any book's text and images.
const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Most files an EPUB may hold.
const MAX_ENTRIES: usize = 50_000;

/// Reads an EPUB.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    check_archive(bytes)?;
    let shared: Arc<[u8]> = Arc::from(bytes);
    let epub = Epub::read(Cursor::new(shared))
        .map_err(|error| FormatError::new(format!("not a readable EPUB: {error}")))?;
    let titles = toc_titles(&epub);
    let author = epub
        .metadata()
        .creators()
        .next()
        .map(|creator| creator.value().to_string());
    let mut builder = Builder::new();
    for (number, content) in epub.reader().enumerate() {
        let content = content.map_err(|error| {
            FormatError::new(format!(
                "not a readable EPUB: a chapter cannot be read: {error}"
            ))
        })?;
        let entry = content.manifest_entry();
        let kind = entry.kind();
        if !(kind.subtype() == "xhtml" || kind.subtype() == "html") {
            continue;
        }
        let href = entry.href().decode().to_string();
        let html = content.content();
        let title = titles
            .get(&href)
            .cloned()
            .or_else(|| first_heading(html))
            .unwrap_or_else(|| format!("Chapter {}", number + 1));
        builder.article(
            &title,
            Details {
                author: author.clone(),
                ..Details::default()
            },
        );
        walk_html(body_of(html), &mut builder, None);
    }
    Ok(builder.finish())
}

/// Refuses an archive that would unpack past the limits.
fn check_archive(bytes: &[u8]) -> Result<(), FormatError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| FormatError::new(format!("not a readable EPUB (zip): {error}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(FormatError::new(format!(
            "not unpacked: it holds {} files, more than an e-book would ({MAX_ENTRIES})",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|error| FormatError::new(format!("not a readable EPUB (zip): {error}")))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(FormatError::new(format!(
            "not unpacked: it would unpack to {} MB, more than an e-book would",
            total / 1_000_000
        )));
    }
    Ok(())
}

/// Chapter titles by the document they point to (fragment dropped): the
/// first entry of the table of contents for each document.
fn toc_titles(epub: &Epub) -> HashMap<String, String> {
    let mut titles = HashMap::new();
    if let Some(root) = epub.toc().contents() {
        for entry in root.flatten() {
            let Some(href) = entry.href() else {
                continue;
            };
            let decoded = href.decode();
            let document = decoded.split('#').next().unwrap_or("").to_string();
            let label = one_line(entry.label());
            if !label.is_empty() {
                titles.entry(document).or_insert(label);
            }
        }
    }
    titles
}

/// The text of a chapter's first heading, for a chapter the table of
/// contents does not name.
fn first_heading(html: &str) -> Option<String> {
    let document = dom_query::Document::from(html);
    let heading = document.select("h1, h2, h3").first();
    let text = one_line(&heading.text());
    (!text.is_empty()).then_some(text)
}

/// A chapter's `<body>`, or all of it when it has none.
fn body_of(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    match (lower.find("<body"), lower.rfind("</body>")) {
        (Some(start), Some(end)) if start < end => &html[start..end],
        _ => html,
    }
}
