//! RSS 0.9x/1.0/2.0, Atom and JSON Feed: each entry an article with its
//! title, link, author and date, its HTML content (or summary) read by the
//! same walk as a saved page. The XML feeds are read by one pass that only
//! finds each entry's fields ([`xml`]); decoding them and turning their
//! HTML into blocks, nearly all the work, is done a run of entries per core.

mod json;
mod xml;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use url::Url;

use crate::article::{BlockKind, Details};
use crate::formats::FormatError;
use crate::formats::build::{Builder, Document, one_line, parse_date};
use crate::formats::html::{resolve_url, walk_html};
use crate::parallel::{map_ranges, uneven_run_len};

/// Reads a feed.
pub fn read(bytes: &[u8]) -> Result<Document, FormatError> {
    let decoded = crate::text::lossy(bytes);
    let text = decoded.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        let feed = json::parse(text)?;
        let link = feed
            .home_page_url
            .as_deref()
            .and_then(|link| Url::parse(link).ok());
        let author = json::name(feed.author.as_ref(), &feed.authors);
        return Ok(document(&feed.items, link.as_ref(), author, json_item));
    }
    let feed = xml::parse(text)?;
    let link = feed
        .link
        .as_ref()
        .and_then(|link| Url::parse(link.text().trim()).ok());
    let author = feed.author.as_ref().map(|author| person(&author.text()));
    Ok(document(
        &feed.entries,
        link.as_ref(),
        author.as_deref(),
        |entry| xml_item(entry),
    ))
}

/// An entry as every feed format gives it, decoded.
struct Item<'a> {
    title: Cow<'a, str>,
    /// Whether the title is HTML, whose tags are not part of it.
    title_is_html: bool,
    link: Option<Cow<'a, str>>,
    author: Option<Cow<'a, str>>,
    published: Option<DateTime<Utc>>,
    body: Option<Body<'a>>,
    /// The feed's own name for the entry.
    id: Option<Cow<'a, str>>,
}

/// An entry's text.
enum Body<'a> {
    Html(Cow<'a, str>),
    Text(Cow<'a, str>),
}

fn xml_item<'a>(entry: &xml::Entry<'a>) -> Item<'a> {
    let date =
        |field: &Option<xml::Field>| field.as_ref().and_then(|field| parse_date(&field.text()));
    Item {
        title: entry
            .title
            .as_ref()
            .map(xml::Field::text)
            .unwrap_or_default(),
        title_is_html: entry
            .title
            .as_ref()
            .is_some_and(|title| title.kind != xml::Kind::Text),
        link: entry.link.as_ref().map(xml::Field::text),
        id: entry.id.as_ref().map(xml::Field::text),
        author: entry
            .author
            .as_ref()
            .map(|author| Cow::Owned(person(&author.text()))),
        published: date(&entry.published).or_else(|| date(&entry.updated)),
        body: entry
            .content
            .as_ref()
            .or(entry.summary.as_ref())
            .map(|body| match body.kind {
                xml::Kind::Text => Body::Text(body.text()),
                xml::Kind::Html | xml::Kind::Xhtml => Body::Html(body.text()),
            }),
    }
}

fn json_item(item: &json::Item) -> Item<'_> {
    let date = |field: &Option<String>| field.as_deref().and_then(parse_date);
    Item {
        title: Cow::Borrowed(item.title.as_deref().unwrap_or_default()),
        title_is_html: false,
        link: item
            .url
            .as_deref()
            .or(item.external_url.as_deref())
            .map(Cow::Borrowed),
        author: json::name(item.author.as_ref(), &item.authors).map(Cow::Borrowed),
        published: date(&item.date_published).or_else(|| date(&item.date_modified)),
        // Strings by the spec; numbers in the wild.
        id: match &item.id {
            Some(serde_json::Value::String(id)) => Some(Cow::Borrowed(id.as_str())),
            Some(serde_json::Value::Number(id)) => Some(Cow::Owned(id.to_string())),
            _ => None,
        },
        body: item
            .content_html
            .as_deref()
            .map(|html| Body::Html(Cow::Borrowed(html)))
            .or_else(|| plain_body(&item.content_text))
            .or_else(|| plain_body(&item.summary)),
    }
}

/// A JSON Feed text field as a plain-text body.
fn plain_body(field: &Option<String>) -> Option<Body<'_>> {
    field.as_deref().map(|text| Body::Text(Cow::Borrowed(text)))
}

/// The entries as articles, in runs shared among the cores.
fn document<'a, T: Sync>(
    entries: &'a [T],
    link: Option<&Url>,
    author: Option<&str>,
    item: impl Fn(&'a T) -> Item<'a> + Sync,
) -> Document {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let parts = map_ranges(
        entries.len(),
        uneven_run_len(entries.len(), threads),
        |run| {
            let mut builder = Builder::new();
            for entry in &entries[run] {
                write(&mut builder, item(entry), link, author);
            }
            builder.finish()
        },
    );
    Document::concat(parts)
}

/// One entry into `builder`; relative links resolve against the entry's
/// own page, else the feed's site.
fn write(builder: &mut Builder, item: Item, feed_link: Option<&Url>, feed_author: Option<&str>) {
    let base = item
        .link
        .as_deref()
        .and_then(|link| resolve_url(link, feed_link));
    let title = if item.title_is_html && item.title.contains('<') {
        one_line(&dom_query::Document::fragment(item.title.as_ref()).text())
    } else {
        one_line(&item.title)
    };
    builder.article(
        &title,
        Details {
            url: base.as_ref().map(Url::to_string),
            author: item
                .author
                .map(Cow::into_owned)
                .or_else(|| feed_author.map(str::to_owned))
                .filter(|author| !author.trim().is_empty()),
            published: item.published,
            links: Vec::new(),
            key: item
                .id
                .as_deref()
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .or_else(|| base.as_ref().map(Url::to_string)),
        },
    );
    match item.body {
        Some(Body::Html(html)) if html.contains(['<', '&']) => {
            walk_html(&html, builder, base.as_ref().or(feed_link));
        }
        Some(Body::Html(text) | Body::Text(text)) => {
            for paragraph in text.split("\n\n") {
                builder.text(paragraph);
                builder.block(BlockKind::Paragraph);
            }
        }
        None => {}
    }
}

/// A person's name from RSS's "mail (Name)", or the name as it is.
fn person(text: &str) -> String {
    let text = text.trim();
    text.strip_suffix(')')
        .and_then(|rest| rest.split_once('('))
        .map(|(_, name)| name.trim())
        .filter(|name| !name.is_empty())
        .unwrap_or(text)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleId;

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

    /// The ids of the articles in `feed`.
    fn ids(feed: &str) -> Vec<ArticleId> {
        let document = read(feed.as_bytes()).expect("a feed");
        let parsed = &document.parsed;
        parsed
            .articles
            .iter()
            .map(|article| article.id(&document.text, &parsed.blocks))
            .collect()
    }

    #[test]
    fn an_entry_is_known_by_its_guid_else_its_link_whatever_its_text_says() {
        let rss = |title: &str, body: &str| {
            format!(
                "<rss version=\"2.0\"><channel>\
                 <item><guid isPermaLink=\"false\">tag:a,1</guid><title>{title}</title><description>{body}</description></item>\
                 <item><link>https://a.test/2</link><title>{title}</title><description>{body}</description></item>\
                 <item><title>{title}</title><description>{body}</description></item>\
                 </channel></rss>"
            )
        };
        let before = ids(&rss("Herons", "They wait."));
        let edited = ids(&rss("Herons, corrected", "They wait, and wait."));
        assert_eq!(before[0], ArticleId::keyed("tag:a,1"));
        assert_eq!(before[1], ArticleId::keyed("https://a.test/2"));
        assert_eq!(&edited[..2], &before[..2], "guid and link outlast an edit");
        assert_ne!(edited[2], before[2], "with neither, the text is the id");
        let atom = ids(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>urn:x:1</id><title>T</title></entry></feed>",
        );
        assert_eq!(atom, [ArticleId::keyed("urn:x:1")]);
        let json = ids(
            r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":7,"title":"T","content_text":"B"}]}"#,
        );
        assert_eq!(json, [ArticleId::keyed("7")]);
    }

    #[test]
    fn keys_alike_but_for_a_few_digits_never_share_an_id() {
        let mut seen = std::collections::HashSet::new();
        for feed in 0..40 {
            for entry in 0..1000 {
                assert!(
                    seen.insert(ArticleId::keyed(&format!("f{feed}-{entry}"))),
                    "f{feed}-{entry} collided"
                );
            }
        }
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

    #[test]
    fn rss_1_0_items_sit_beside_the_channel() {
        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.org/"><title>R</title><link>https://example.org/</link></channel>
<item rdf:about="https://example.org/a"><title>First</title><link>/a</link>
<dc:creator>Cy</dc:creator><dc:date>2024-02-01T10:00:00Z</dc:date></item>
<item rdf:about="https://example.org/b"><title>Second</title><link>/b</link></item>
</rdf:RDF>"#;
        let document = read(rdf.as_bytes()).expect("rss 1.0");
        assert_eq!(document.titles(), ["First", "Second"]);
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(details.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(details.author.as_deref(), Some("Cy"));
        assert_eq!(
            details.published.map(|date| date.to_rfc3339()).as_deref(),
            Some("2024-02-01T10:00:00+00:00")
        );
    }

    #[test]
    fn atom_links_and_inline_xhtml_are_read_as_atom_means_them() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
<link rel="self" href="https://example.org/feed.xml"/><link href="https://example.org/blog/"/>
<entry><title>X</title><link rel="enclosure" href="https://example.org/x.mp3"/>
<link rel="alternate" href="posts/x"/>
<source><title>Not this</title><link href="https://elsewhere.example/"/></source>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One <b>bold</b> word.</p></div></content>
</entry></feed>"#;
        let document = read(atom.as_bytes()).expect("atom");
        assert_eq!(document.titles(), ["X"]);
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(
            details.url.as_deref(),
            Some("https://example.org/blog/posts/x"),
            "the alternate link, against the site rather than the feed's own address"
        );
        assert_eq!(
            document.blocks(),
            [(BlockKind::Paragraph, "One bold word.")]
        );
    }

    #[test]
    fn entities_cdata_and_rss_authors_decode() {
        let rss = r#"<rss version="2.0"><channel>
<item><title>Tea&nbsp;&amp; cake &#8212; <![CDATA[<now>]]></title>
<author>ann@example.org (Ann Lee)</author>
<description>&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;</description></item>
<item><title>Stray & sign</title><author>bo@example.org</author></item>
</channel></rss>"#;
        let document = read(rss.as_bytes()).expect("rss");
        assert_eq!(document.titles(), ["Tea & cake — <now>", "Stray & sign"]);
        let author = |n: usize| {
            document.parsed.articles[n]
                .details
                .as_ref()
                .and_then(|details| details.author.as_deref())
        };
        assert_eq!(author(0), Some("Ann Lee"));
        assert_eq!(author(1), Some("bo@example.org"));
        let first = &document.parsed.blocks[document.parsed.articles[0].block_range.clone()][0];
        assert_eq!(&document.text[first.span.clone()], "Fish & chips");
    }

    #[test]
    fn a_broken_feed_says_where() {
        let error = read(b"<rss><channel>\n<item><title>a</b></item></channel></rss>")
            .expect_err("mismatched");
        assert!(error.reason.contains("line 2"), "{}", error.reason);
        let error = read(b"<html><body>no feed</body></html>").expect_err("not a feed");
        assert!(error.reason.contains("<html>"), "{}", error.reason);
        let error = read(b"{\"items\": [}").expect_err("broken json");
        assert!(error.reason.contains("line 1"), "{}", error.reason);
    }
}
