//! A bookmarked web article's own copy, so it stays readable after its
//! feed has dropped it (feeds keep their latest few entries; a bookmark is
//! meant to last).
//!
//! - Bookmarking an article read from an address writes its text, styles
//!   and details to `<config dir>/bookmarked/<hash of the address>/<id>.json`,
//!   beside the bookmarks, written whole and flushed; removing the bookmark
//!   removes the file.
//! - Loading an address reads its folder after every input is in: a copy
//!   whose article is still in the library is left unread; one whose
//!   article is gone joins the library as a source of its own, named after
//!   the address's, with its tags, so it is listed, filtered and bookmarked
//!   as before.
//! - The copy is rebuilt through the same builder as every format, so its
//!   text passes the same hygiene whatever the file holds. A copy that
//!   cannot be read is moved aside as `.damaged` and said; nothing is
//!   deleted but by removing a bookmark.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::article::{Article, ArticleId, BlockKind, Details, Inline, stable_hash};
use crate::formats::Document;
use crate::formats::build::{Builder, parse_date};
use crate::own_files::write_whole;
use crate::text::inert;

use super::Library;

/// The folder, in the config directory, that bookmarked articles' copies
/// are kept in.
const DIR_NAME: &str = "bookmarked";

/// Where the copies are kept, for bookmarks kept in `config_dir`.
pub fn dir_in(config_dir: &Path) -> PathBuf {
    config_dir.join(DIR_NAME)
}

/// The copy format's version: a copy of another version is not read.
const VERSION: u64 = 1;

/// One article as kept.
#[derive(Debug, Serialize, Deserialize)]
struct Copy {
    version: u64,
    /// The address its source was fetched from.
    address: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    truncated: bool,
    #[serde(default)]
    credits: Vec<String>,
    blocks: Vec<KeptBlock>,
}

/// One paragraph, heading or other block, with its styled runs as byte
/// ranges of its own text.
#[derive(Debug, Serialize, Deserialize)]
struct KeptBlock {
    kind: Kind,
    text: String,
    #[serde(default)]
    styles: Vec<(usize, usize, Style)>,
}

/// [`BlockKind`] as written.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "is")]
enum Kind {
    Paragraph,
    Heading,
    Preformatted,
    Quote,
    ListItem { depth: u8, first: bool },
}

/// [`Inline`] as written.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Style {
    Emphasis,
    Strong,
    Code,
    Link,
    Image,
}

impl From<BlockKind> for Kind {
    fn from(kind: BlockKind) -> Kind {
        match kind {
            BlockKind::Paragraph => Kind::Paragraph,
            BlockKind::Heading => Kind::Heading,
            BlockKind::Preformatted => Kind::Preformatted,
            BlockKind::Quote => Kind::Quote,
            BlockKind::ListItem { depth, first } => Kind::ListItem { depth, first },
        }
    }
}

impl From<Kind> for BlockKind {
    fn from(kind: Kind) -> BlockKind {
        match kind {
            Kind::Paragraph => BlockKind::Paragraph,
            Kind::Heading => BlockKind::Heading,
            Kind::Preformatted => BlockKind::Preformatted,
            Kind::Quote => BlockKind::Quote,
            Kind::ListItem { depth, first } => BlockKind::ListItem { depth, first },
        }
    }
}

impl From<Inline> for Style {
    fn from(style: Inline) -> Style {
        match style {
            Inline::Emphasis => Style::Emphasis,
            Inline::Strong => Style::Strong,
            Inline::Code => Style::Code,
            Inline::Link => Style::Link,
            Inline::Image => Style::Image,
        }
    }
}

impl From<Style> for Inline {
    fn from(style: Style) -> Inline {
        match style {
            Style::Emphasis => Inline::Emphasis,
            Style::Strong => Inline::Strong,
            Style::Code => Inline::Code,
            Style::Link => Inline::Link,
            Style::Image => Inline::Image,
        }
    }
}

/// The folder an address's copies are kept in.
fn folder(dir: &Path, address: &str) -> PathBuf {
    dir.join(format!("{:016x}", stable_hash(address.as_bytes())))
}

/// Keeps article `index` of `library` in `dir`, if it was read from an
/// address (`Ok(false)` when it was not: a file keeps its own articles).
pub fn keep(dir: &Path, library: &Library, index: usize) -> io::Result<bool> {
    let Some(article) = library.articles.get(index) else {
        return Ok(false);
    };
    let Some(address) = library
        .sources
        .get(article.source)
        .and_then(|source| source.address.clone())
    else {
        return Ok(false);
    };
    let copy = copy_of(library, article, address);
    let folder = folder(dir, &copy.address);
    let path = folder.join(format!("{}.json", library.id(article)));
    write_whole(&folder, &path, ".kept-", true, |out: &mut dyn Write| {
        serde_json::to_writer_pretty(&mut *out, &copy)?;
        out.write_all(b"\n")
    })?;
    Ok(true)
}

/// Removes the copy of the article `id`, whichever address it came from;
/// no copy is no error.
pub fn forget(dir: &Path, id: ArticleId) -> io::Result<()> {
    let folders = match fs::read_dir(dir) {
        Ok(folders) => folders,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let name = format!("{id}.json");
    for folder in folders {
        match fs::remove_file(folder?.path().join(&name)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(())
}

/// What one kept copy of an address read into.
pub(super) enum Found {
    /// Its article, and the id it is known by.
    Article(ArticleId, Document),
    /// The copy could not be read; the sentence says which and why.
    Damaged(String),
}

/// The copies kept for `address`, except those of articles `have` knows.
pub(super) fn read(
    dir: &Path,
    address: &str,
    mut have: impl FnMut(ArticleId) -> bool,
) -> Vec<Found> {
    let Ok(entries) = fs::read_dir(folder(dir, address)) else {
        return Vec::new();
    };
    let mut paths: Vec<(ArticleId, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let stem = path.file_name()?.to_str()?.strip_suffix(".json")?;
            Some((ArticleId::parse(stem)?, path))
        })
        .filter(|(id, _)| !have(*id))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|(id, path)| match read_copy(&path, address, id) {
            Ok(document) => Found::Article(id, document),
            Err(reason) => Found::Damaged(set_aside(&path, &reason)),
        })
        .collect()
}

/// One copy, rebuilt: the article it holds must be the one its name says.
fn read_copy(path: &Path, address: &str, id: ArticleId) -> Result<Document, String> {
    let bytes = fs::read(path).map_err(|error| error.to_string())?;
    let copy: Copy = serde_json::from_slice(&bytes).map_err(|error| error.to_string())?;
    if copy.version != VERSION {
        return Err(format!("it is version {}, not {VERSION}", copy.version));
    }
    if copy.address != address {
        return Err("it was kept for another address".into());
    }
    let document = rebuild(&copy)?;
    let found = document
        .parsed
        .articles
        .first()
        .map(|article| article.id(&document.text, &document.parsed.blocks));
    if found != Some(id) {
        return Err("it holds another article than its name says".into());
    }
    Ok(document)
}

/// Moves a copy that could not be read aside, and says so.
fn set_aside(path: &Path, reason: &str) -> String {
    let aside = path.with_extension("json.damaged");
    let shown = inert(&path.display().to_string());
    match fs::rename(path, &aside) {
        Ok(()) => format!(
            "{shown}: a bookmarked article's copy could not be read ({}); moved aside as {}",
            inert(reason),
            inert(&aside.display().to_string())
        ),
        Err(error) => format!(
            "{shown}: a bookmarked article's copy could not be read ({}), nor moved aside ({error})",
            inert(reason)
        ),
    }
}

/// The article as kept: its blocks' text and styles as its source holds
/// them, its details as its format gave them.
fn copy_of(library: &Library, article: &Article, address: String) -> Copy {
    let text = library.source_text(article);
    let details = article.details.as_deref().cloned().unwrap_or_default();
    let blocks = article
        .blocks(&library.blocks)
        .iter()
        .map(|block| KeptBlock {
            kind: block.kind.into(),
            text: text.get(block.span.clone()).unwrap_or("").to_string(),
            styles: library
                .styles(article, block)
                .iter()
                .filter(|styled| styled.span.end <= block.span.end)
                .map(|styled| {
                    (
                        styled.span.start - block.span.start,
                        styled.span.end - block.span.start,
                        styled.style.into(),
                    )
                })
                .collect(),
        })
        .collect();
    Copy {
        version: VERSION,
        address,
        title: library.title(article).to_string(),
        url: details.url,
        author: details.author,
        published: details.published.map(|date| date.to_rfc3339()),
        key: details.key,
        links: details.links,
        truncated: article.truncated,
        credits: article.credits.clone(),
        blocks,
    }
}

/// The article again, through the builder every format uses.
fn rebuild(copy: &Copy) -> Result<Document, String> {
    let mut builder = Builder::new();
    builder.article(
        &copy.title,
        Details {
            url: copy.url.clone(),
            author: copy.author.clone(),
            published: copy.published.as_deref().and_then(parse_date),
            links: copy.links.clone(),
            key: copy.key.clone(),
        },
    );
    for block in &copy.blocks {
        let kind = BlockKind::from(block.kind);
        if kind == BlockKind::Preformatted {
            builder.code(&block.text);
            continue;
        }
        builder.block(kind);
        write_styled(&mut builder, &block.text, &block.styles)?;
    }
    let mut document = builder.finish();
    if let Some(article) = document.parsed.articles.first_mut() {
        article.truncated = copy.truncated;
        article.credits.clone_from(&copy.credits);
    }
    Ok(document)
}

/// A block's text with its styled runs begun and ended where they were.
fn write_styled(
    builder: &mut Builder,
    text: &str,
    styles: &[(usize, usize, Style)],
) -> Result<(), String> {
    let fits = |at: usize| text.is_char_boundary(at);
    if let Some(&(start, end, _)) = styles
        .iter()
        .find(|&&(start, end, _)| start > end || !fits(start) || !fits(end))
    {
        return Err(format!(
            "a styled run {start}..{end} is not within its text"
        ));
    }
    // Ends before begins at one place; an inner run ends before its outer.
    let mut marks: Vec<(usize, bool, usize)> = Vec::with_capacity(styles.len() * 2);
    for (n, &(start, end, _)) in styles.iter().enumerate() {
        marks.push((start, true, n));
        marks.push((end, false, usize::MAX - n));
    }
    marks.sort_unstable();
    let mut at = 0;
    for (place, begins, n) in marks {
        builder.text(&text[at..place]);
        at = place;
        if begins {
            builder.begin(styles[n].2.into());
        } else {
            builder.end(styles[usize::MAX - n].2.into());
        }
    }
    builder.text(&text[at..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::feed;

    const ADDRESS: &str = "https://example.org/feed.xml";

    /// A library of one feed, as if fetched from [`ADDRESS`].
    fn fetched(feed_xml: &str) -> Library {
        let document = feed::read(feed_xml.as_bytes()).expect("a feed");
        let mut library = Library::default();
        library.add_styled(
            "Example".into(),
            document.text,
            document.parsed,
            document.styles,
        );
        library.sources[0].address = Some(ADDRESS.into());
        library
    }

    /// A block's kind, text and styled runs (as ranges of its text).
    type Shown = (BlockKind, String, Vec<(usize, usize, Inline)>);

    /// Every block of article 0: its kind, text and styled runs within it.
    fn blocks_of(
        text: &str,
        parsed: &crate::parse::Parsed,
        styles: &[crate::article::Styled],
    ) -> Vec<Shown> {
        let article = &parsed.articles[0];
        article
            .blocks(&parsed.blocks)
            .iter()
            .map(|block| {
                let within = styles
                    .iter()
                    .filter(|s| s.span.start >= block.span.start && s.span.end <= block.span.end)
                    .map(|s| {
                        (
                            s.span.start - block.span.start,
                            s.span.end - block.span.start,
                            s.style,
                        )
                    })
                    .collect();
                (block.kind, text[block.span.clone()].to_string(), within)
            })
            .collect()
    }

    const RICH: &str = r#"<rss version="2.0"><channel><title>T</title>
        <item><title>Rich &amp; plain</title><guid>tag:example.org,1</guid>
        <link>https://example.org/1</link><author>a@example.org (Ann Author)</author>
        <pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
        <description><![CDATA[<h2>Part one</h2><p>Some <em>stressed</em> and <strong>strong <em>nested</em></strong>
        words with <a href="https://example.org/more">a link</a> and <code>code()</code>.</p>
        <blockquote><p>A quoted line.</p></blockquote>
        <ul><li>first</li><li>second<ol><li>inner</li></ol></li></ul>
        <pre>fn main() {
            println!("hi");
        }</pre><p>After <img alt="a cat"> the end.</p>]]></description></item>
        </channel></rss>"#;

    #[test]
    fn a_kept_article_reads_back_as_it_was_shown() {
        let library = fetched(RICH);
        let dir = tempfile::tempdir().expect("a temp dir");
        assert!(keep(dir.path(), &library, 0).expect("kept"));
        let found = read(dir.path(), ADDRESS, |_| false);
        let [Found::Article(id, document)] = found.as_slice() else {
            panic!("one article, not {}", found.len());
        };
        assert_eq!(*id, library.id(&library.articles[0]));
        let before = &library.sources[0];
        let original = crate::parse::Parsed {
            articles: library.articles.clone(),
            blocks: library.blocks.clone(),
        };
        let again = blocks_of(&document.text, &document.parsed, &document.styles);
        assert_eq!(again, blocks_of(&before.text, &original, &before.styles));
        // What the feed said, checked by hand rather than against itself.
        let kinds: Vec<BlockKind> = again.iter().map(|(kind, _, _)| *kind).collect();
        assert_eq!(kinds[0], BlockKind::Heading);
        assert!(kinds.contains(&BlockKind::Quote));
        assert!(kinds.contains(&BlockKind::Preformatted));
        assert!(kinds.contains(&BlockKind::ListItem {
            depth: 1,
            first: true
        }));
        assert!(
            again[1]
                .2
                .iter()
                .any(|&(_, _, style)| style == Inline::Link)
        );
        let article = &document.parsed.articles[0];
        assert_eq!(&document.text[article.title_span.clone()], "Rich & plain");
        let details = article.details.as_deref().expect("details");
        assert_eq!(details.links, ["https://example.org/more"]);
        assert_eq!(details.author.as_deref(), Some("Ann Author"));
        assert_eq!(details.url.as_deref(), Some("https://example.org/1"));
        assert_eq!(
            details.published.map(|date| date.to_rfc3339()).as_deref(),
            Some("2026-12-01T10:00:00+00:00")
        );
        assert_eq!(article.words, library.articles[0].words);
    }

    #[test]
    fn a_copy_whose_article_is_loaded_is_not_read() {
        let library = fetched(RICH);
        let dir = tempfile::tempdir().expect("a temp dir");
        keep(dir.path(), &library, 0).expect("kept");
        let id = library.id(&library.articles[0]);
        assert!(read(dir.path(), ADDRESS, |have| have == id).is_empty());
        assert!(read(dir.path(), "https://example.org/other", |_| false).is_empty());
    }

    #[test]
    fn an_article_from_a_file_is_not_kept() {
        let mut library = fetched(RICH);
        library.sources[0].address = None;
        let dir = tempfile::tempdir().expect("a temp dir");
        assert!(!keep(dir.path(), &library, 0).expect("nothing to write"));
        assert!(fs::read_dir(dir.path()).expect("the dir").next().is_none());
    }

    #[test]
    fn forgetting_removes_the_copy_and_nothing_else() {
        let library = fetched(
            r#"<rss><channel><item><title>A</title><guid>1</guid><description>a</description></item>
            <item><title>B</title><guid>2</guid><description>b</description></item></channel></rss>"#,
        );
        let dir = tempfile::tempdir().expect("a temp dir");
        keep(dir.path(), &library, 0).expect("kept");
        keep(dir.path(), &library, 1).expect("kept");
        forget(dir.path(), library.id(&library.articles[0])).expect("forgotten");
        let left: Vec<ArticleId> = read(dir.path(), ADDRESS, |_| false)
            .into_iter()
            .filter_map(|found| match found {
                Found::Article(id, _) => Some(id),
                Found::Damaged(_) => None,
            })
            .collect();
        assert_eq!(left, [library.id(&library.articles[1])]);
        forget(
            tempfile::tempdir().expect("dir").path(),
            ArticleId::keyed("x"),
        )
        .expect("no copy");
    }

    #[test]
    fn a_damaged_copy_is_moved_aside_and_said() {
        let library = fetched(RICH);
        let dir = tempfile::tempdir().expect("a temp dir");
        keep(dir.path(), &library, 0).expect("kept");
        let path =
            folder(dir.path(), ADDRESS).join(format!("{}.json", library.id(&library.articles[0])));
        fs::write(&path, b"{\"version\": 1, \"addr").expect("damaged");
        let found = read(dir.path(), ADDRESS, |_| false);
        let [Found::Damaged(said)] = found.as_slice() else {
            panic!("one damaged copy");
        };
        assert!(said.contains("could not be read"), "{said}");
        assert!(!path.exists());
        assert!(path.with_extension("json.damaged").exists());
    }

    #[test]
    fn a_copy_naming_another_article_or_out_of_range_styles_is_damaged() {
        let library = fetched(RICH);
        let dir = tempfile::tempdir().expect("a temp dir");
        keep(dir.path(), &library, 0).expect("kept");
        let kept =
            folder(dir.path(), ADDRESS).join(format!("{}.json", library.id(&library.articles[0])));
        let other = folder(dir.path(), ADDRESS).join(format!("{}.json", ArticleId::keyed("else")));
        fs::rename(&kept, &other).expect("renamed");
        assert!(matches!(
            read(dir.path(), ADDRESS, |_| false).as_slice(),
            [Found::Damaged(said)] if said.contains("another article")
        ));
        let copy = r#"{"version":1,"address":"https://example.org/feed.xml","title":"T",
            "key":"k","blocks":[{"kind":{"is":"paragraph"},"text":"é","styles":[[0,1,"emphasis"]]}]}"#;
        fs::write(&kept, copy).expect("written");
        fs::rename(
            &kept,
            folder(dir.path(), ADDRESS).join(format!("{}.json", ArticleId::keyed("k"))),
        )
        .expect("renamed");
        assert!(matches!(
            read(dir.path(), ADDRESS, |_| false).as_slice(),
            [Found::Damaged(said)] if said.contains("not within")
        ));
    }

    #[test]
    fn text_that_acts_on_a_terminal_is_dropped_on_reading() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let copy = "{\"version\":1,\"address\":\"https://example.org/feed.xml\",\"title\":\"T\\u001b[2J\",\
            \"key\":\"k\",\"blocks\":[{\"kind\":{\"is\":\"paragraph\"},\"text\":\"a\\u001b]0;x\\u0007b\"}]}";
        let folder = folder(dir.path(), ADDRESS);
        fs::create_dir_all(&folder).expect("folder");
        fs::write(folder.join(format!("{}.json", ArticleId::keyed("k"))), copy).expect("written");
        let found = read(dir.path(), ADDRESS, |_| false);
        let [Found::Article(_, document)] = found.as_slice() else {
            panic!("one article");
        };
        assert!(!document.text.contains('\u{1b}') && !document.text.contains('\u{7}'));
        assert!(document.text.starts_with("T[2J"), "{}", document.text);
    }
}
