//! RSS 0.9x/1.0/2.0, Atom and JSON Feed, through one parser (`feed-rs`):
//! each entry an article with its title, link, author and date, its HTML
//! content (or summary) read by the same walk as a saved page.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Link, Text};
use url::Url;

use crate::article::Details;
use crate::formats::FormatError;
use crate::formats::build::{Builder, Document, one_line};
use crate::formats::html::{resolve, walk_html};
use crate::parallel::{map_runs, run_len};

/// Reads a feed.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|error| FormatError::new(format!("not a readable feed: {error}")))?;
    Ok(document(&feed))
}

/// The feed's entries as articles, a run of them per core: turning each
/// entry's HTML into blocks is most of the work for a large feed.
fn document(feed: &Feed) -> Document {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = map_runs(
        &feed.entries,
        run_len(feed.entries.len(), threads),
        |entries| entries_document(feed, entries),
    );
    Document::concat(parts)
}

fn entries_document(feed: &Feed, entries: &[Entry]) -> Document {
    let feed_link = feed
        .links
        .first()
        .and_then(|link| Url::parse(&link.href).ok());
    let feed_author = feed.authors.first().map(|person| person.name.clone());
    let mut builder = Builder::new();
    for entry in entries {
        let link = entry_link(&entry.links);
        let base = link
            .as_deref()
            .and_then(|link| Url::parse(link).ok())
            .or_else(|| feed_link.clone());
        builder.article(
            &entry.title.as_ref().map(plain).unwrap_or_default(),
            Details {
                url: link
                    .as_deref()
                    .and_then(|link| resolve(link, feed_link.as_ref())),
                author: entry
                    .authors
                    .first()
                    .map(|person| person.name.clone())
                    .or_else(|| feed_author.clone())
                    .flatten(),
                published: date(entry),
                links: Vec::new(),
            },
        );
        let body = entry
            .content
            .as_ref()
            .and_then(|content| content.body.as_deref())
            .or(entry
                .summary
                .as_ref()
                .map(|summary| summary.content.as_str()));
        if let Some(body) = body {
            if is_plain(entry) || !body.contains(['<', '&']) {
                for paragraph in body.split("\n\n") {
                    builder.text(paragraph);
                    builder.block(crate::article::BlockKind::Paragraph);
                }
            } else {
                walk_html(body, &mut builder, base.as_ref());
            }
        }
    }
    builder.finish()
}

/// When the entry was published, else when it was last updated.
fn date(entry: &Entry) -> Option<DateTime<Utc>> {
    entry.published.or(entry.updated)
}

/// The entry's own page: its `alternate` link, else its first.
fn entry_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| links.first())
        .map(|link| link.href.clone())
}

/// Whether the entry's body is plain text rather than HTML.
fn is_plain(entry: &Entry) -> bool {
    let kind = match (&entry.content, &entry.summary) {
        (Some(content), _) if content.body.is_some() => content.content_type.to_string(),
        (_, Some(summary)) => summary.content_type.to_string(),
        _ => return false,
    };
    kind.starts_with("text/plain")
}

/// A title as text: HTML titles lose their tags.
fn plain(text: &Text) -> String {
    if text.content_type.to_string().contains("html") && text.content.contains('<') {
        one_line(&dom_query::Document::fragment(text.content.as_str()).text())
    } else {
        one_line(&text.content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Field notes</title><link>https://example.org/</link>
<item><title>Herons &amp; egrets</title><link>https://example.org/herons</link>
<author>ann@example.org (Ann)</author><pubDate>Tue, 05 Mar 2024 12:00:00 +0000</pubDate>
<description><![CDATA[<p>They <em>wait</em>. See <a href="/more">more</a>.</p>]]></description></item>
<item><title>Second</title><description>Plain words.</description></item>
</channel></rss>"#;

    #[test]
    fn each_item_is_an_article_with_its_link_date_and_html_body() {
        let document = read(RSS.as_bytes()).expect("a feed");
        let articles = &document.parsed.articles;
        assert_eq!(articles.len(), 2);
        assert_eq!(
            &document.text[articles[0].title_span.clone()],
            "Herons & egrets"
        );
        let details = articles[0].details.as_ref().expect("details");
        assert_eq!(details.url.as_deref(), Some("https://example.org/herons"));
        assert_eq!(
            details.published.map(|date| date.to_rfc3339()).as_deref(),
            Some("2024-03-05T12:00:00+00:00")
        );
        assert_eq!(details.links, ["https://example.org/more"]);
        let first = &document.parsed.blocks[articles[0].block_range.clone()][0];
        assert_eq!(
            &document.text[first.span.clone()],
            "They wait. See more[1]."
        );
    }

    #[test]
    fn atom_and_json_feeds_read_the_same() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; news</title><id>urn:1</id>
<link href="https://example.org/1"/><updated>2024-01-02T00:00:00Z</updated>
<author><name>Bo</name></author><content type="html">&lt;p&gt;Hi&lt;/p&gt;</content></entry></feed>"#;
        let document = read(atom.as_bytes()).expect("atom");
        let article = &document.parsed.articles[0];
        assert_eq!(&document.text[article.title_span.clone()], "Bold news");
        assert_eq!(
            article.details.as_ref().and_then(|d| d.author.as_deref()),
            Some("Bo")
        );
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
            {"id":"1","title":"From JSON","url":"https://example.org/j","content_html":"<p>Body</p>"}]}"#;
        let document = read(json.as_bytes()).expect("json feed");
        assert_eq!(
            &document.text[document.parsed.articles[0].title_span.clone()],
            "From JSON"
        );
    }

    #[test]
    fn a_broken_feed_says_so() {
        let error = read(b"<rss><channel><item><title>cut off").expect_err("broken");
        assert!(
            error.reason.starts_with("not a readable feed"),
            "{}",
            error.reason
        );
    }
}
