//! A saved HTML page: one article, its main text found the way Mozilla's
//! readability does it (navigation, ads and footers dropped; the title
//! without its " | Site" suffix; byline and site name kept), or a front
//! page listing several posts, each `<article>` one article with its title
//! and excerpt. A saved article page stays one article even when it
//! carries teasers of other stories: several `<article>`s make a front page
//! only when none of them holds most of the page's text.

use dom_query::{Document as Dom, NodeRef, Selection};
use dom_smoothie::Readability;
use url::Url;

use crate::article::Details;
use crate::formats::build::{Builder, Document, UNTITLED, one_line, parse_date};
use crate::formats::html::{resolve, tamed, walk, walk_html};

/// Share of all `<article>` text that one must hold for the page to be
/// that article (with teasers of others) rather than a front page.
const MAIN_ARTICLE_SHARE: f64 = 0.6;

/// Reads a page.
pub fn read(html: &str) -> Document {
    let html = tamed(html);
    let html = html.as_ref();
    let dom = Dom::from(html);
    let base = page_url(&dom);
    let posts = dom.select("article");
    if is_front_page(&dom, &posts) {
        return front_page(&posts, base.as_ref());
    }
    let fallback_title = one_line(&dom.select("title").text());
    let headline = one_line(&dom.select("h1").first().text());
    let headings: Vec<String> = dom
        .select("h1, h2")
        .nodes()
        .iter()
        .map(|heading| one_line(&heading.text()))
        .filter(|heading| !heading.is_empty())
        .collect();
    let site_name = dom
        .select("meta[property='og:site_name']")
        .attr("content")
        .map(|name| one_line(name.as_ref()));
    let mut builder = Builder::new();
    match Readability::with_document(dom, base.as_ref().map(Url::as_str), None)
        .ok()
        .and_then(|mut readability| readability.parse().ok())
    {
        Some(article) => {
            let site_name = article.site_name.clone().or(site_name);
            let title = [&article.title, &headline, &fallback_title]
                .into_iter()
                .find(|title| !title.trim().is_empty())
                .map_or(String::new(), |title| {
                    without_site(title, &headings, site_name.as_deref())
                });
            builder.article(
                &title,
                Details {
                    url: article
                        .url
                        .as_deref()
                        .and_then(|url| resolve(url, None))
                        .or_else(|| base.as_ref().map(Url::to_string)),
                    author: article.byline.clone(),
                    published: article.published_time.as_deref().and_then(parse_date),
                    ..Details::default()
                },
            );
            walk_html(&article.content, &mut builder, base.as_ref());
        }
        None => {
            // Too little text for readability to pick: the whole body.
            let title = if headline.is_empty() {
                fallback_title
            } else {
                headline
            };
            builder.article(&title, Details::default());
            walk_html(html, &mut builder, base.as_ref());
        }
    }
    let document = builder.finish();
    // A page with no title and no text holds no article.
    let empty = document.parsed.articles.iter().all(|article| {
        article.words == 0 && &document.text[article.title_span.clone()] == UNTITLED
    });
    if empty { Document::default() } else { document }
}

/// The page's own address, if it says one: its canonical link, `og:url`
/// or `<base href>`, when absolute.
fn page_url(dom: &Dom) -> Option<Url> {
    [
        ("link[rel=canonical]", "href"),
        ("meta[property='og:url']", "content"),
        ("base[href]", "href"),
    ]
    .iter()
    .find_map(|(selector, attribute)| {
        let found = dom.select(selector);
        let value = found.attr(attribute)?;
        Url::parse(value.trim())
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
    })
}

/// Whether the page lists several posts rather than being one.
fn is_front_page(dom: &Dom, posts: &Selection) -> bool {
    if posts.length() < 2 {
        return false;
    }
    let says_article = dom
        .select("meta[property='og:type']")
        .attr("content")
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("article"));
    if says_article {
        return false;
    }
    let lengths: Vec<usize> = posts
        .nodes()
        .iter()
        .map(|post| post.text().chars().filter(|c| !c.is_whitespace()).count())
        .collect();
    let total: usize = lengths.iter().sum();
    let largest = lengths.iter().copied().max().unwrap_or(0);
    total > 0 && (largest as f64) < MAIN_ARTICLE_SHARE * total as f64
}

/// Each post of a front page as an article: its first heading the title
/// (linking to the post), the rest its excerpt.
fn front_page(posts: &Selection, base: Option<&Url>) -> Document {
    let mut builder = Builder::new();
    for post in posts.nodes() {
        // An <article> inside another is part of it.
        if post
            .ancestors_it(None)
            .any(|ancestor| is_named(&ancestor, "article"))
        {
            continue;
        }
        let heading = post.descendants_it().find(|node| {
            matches!(
                node.node_name()
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            )
        });
        let title = heading
            .as_ref()
            .map(|heading| one_line(&heading.text()))
            .unwrap_or_default();
        let link = heading
            .as_ref()
            .and_then(|heading| {
                heading
                    .descendants_it()
                    .chain(heading.ancestors_it(Some(2)))
                    .find(|node| is_named(node, "a"))
            })
            .and_then(|anchor| anchor.attr("href"))
            .and_then(|href| resolve(href.as_ref(), base));
        let time = post.descendants_it().find(|node| is_named(node, "time"));
        let published = time.as_ref().and_then(|time| {
            time.attr("datetime")
                .and_then(|stamp| parse_date(stamp.as_ref()))
                .or_else(|| parse_date(&time.text()))
        });
        let author = post
            .descendants_it()
            .find(|node| {
                node.attr("rel").is_some_and(|rel| rel.contains("author"))
                    || node.has_class("author")
                    || node.has_class("byline")
            })
            .map(|node| node.text().to_string());
        builder.article(
            &title,
            Details {
                url: link.clone(),
                author,
                published,
                ..Details::default()
            },
        );
        // The headline, the date and a "Read more" link to the post itself
        // are in the article's title and meta line, not its text.
        if let Some(heading) = heading {
            heading.remove_from_parent();
        }
        if let Some(time) = time {
            time.remove_from_parent();
        }
        let own_links: Vec<NodeRef> = post
            .descendants_it()
            .filter(|node| is_named(node, "a"))
            .filter(|anchor| {
                let target = anchor
                    .attr("href")
                    .and_then(|href| resolve(href.as_ref(), base));
                target.is_some() && target == link && anchor.text().split_whitespace().count() <= 3
            })
            .collect();
        for anchor in own_links {
            anchor.remove_from_parent();
        }
        walk(post, &mut builder, base);
    }
    builder.finish()
}

/// Separators between an article's title and its site's name.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " · ", " :: ", " » "];

/// `title` without its " | Section | Site" parts: the page's heading that
/// the title begins with, followed by a separator; else the title cut at a
/// separator where what is cut is the site's name.
fn without_site(title: &str, headings: &[String], site_name: Option<&str>) -> String {
    let title = one_line(title);
    let starts_a_title = |heading: &String| {
        title
            .get(..heading.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(heading))
            && TITLE_SEPARATORS
                .iter()
                .any(|separator| title[heading.len()..].starts_with(separator))
    };
    if let Some(heading) = headings.iter().find(|heading| starts_a_title(heading)) {
        return title[..heading.len()].to_string();
    }
    let Some(site) = site_name else {
        return title;
    };
    for separator in TITLE_SEPARATORS {
        if let Some((before, after)) = title.rsplit_once(separator)
            && after.trim().eq_ignore_ascii_case(site)
        {
            return before.trim().to_string();
        }
        // "Site | Title", the other way round.
        if let Some((before, after)) = title.split_once(separator)
            && before.trim().eq_ignore_ascii_case(site)
        {
            return after.trim().to_string();
        }
    }
    title
}

fn is_named(node: &NodeRef, name: &str) -> bool {
    node.node_name()
        .is_some_and(|found| found.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_page_gives_each_post() {
        let html = r#"<html><head><link rel="canonical" href="https://blog.example.org/"></head><body>
<nav><a href="/">Home</a></nav>
<article><h2><a href="/one">First post</a></h2><time datetime="2024-02-01">Feb 1</time><p>Short teaser one about things.</p></article>
<article><h2><a href="/two">Second post</a></h2><p>Short teaser two about other things.</p></article>
<footer>© Blog</footer></body></html>"#;
        let document = read(html);
        assert_eq!(document.titles(), ["First post", "Second post"]);
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(details.url.as_deref(), Some("https://blog.example.org/one"));
        assert!(details.published.is_some());
        assert!(
            !document.text.contains("Home"),
            "navigation is not an article's text"
        );
    }

    #[test]
    fn a_title_loses_its_section_and_site() {
        let headings = [
            "Hi, I'm Nicolas.".to_string(),
            "Get your code covered".to_string(),
        ];
        assert_eq!(
            without_site("Get your code covered | Code | Nicolas", &headings, None),
            "Get your code covered"
        );
        assert_eq!(
            without_site("Rivers | The Daily", &[], Some("The Daily")),
            "Rivers"
        );
        assert_eq!(
            without_site("The Daily - Rivers", &[], Some("The Daily")),
            "Rivers"
        );
        assert_eq!(
            without_site("Pros | cons of dams", &[], None),
            "Pros | cons of dams",
            "no heading or site name says where to cut"
        );
    }

    #[test]
    fn an_article_page_with_teasers_stays_one_article() {
        let body = "<p>The long body of the story, which goes on for some time about the river and the town. </p>".repeat(20);
        let html = format!(
            "<html><head><title>River rises | The Daily</title></head><body><nav>Menu Sections Login</nav>\
             <article><h1>River rises</h1>{body}</article>\
             <article><h3>Other story</h3><p>Teaser.</p></article>\
             <div class=\"ad\">Buy now</div></body></html>"
        );
        let document = read(&html);
        assert_eq!(document.titles(), ["River rises"]);
        assert!(document.text.contains("the river and the town"));
    }
}
