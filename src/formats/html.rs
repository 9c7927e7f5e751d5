//! HTML into blocks: the one walk over a DOM that feeds' content, saved
//! pages, EPUB chapters and HTML mail all go through. Paragraphs, headings,
//! lists, quotes and code become blocks; emphasis, code and links become
//! styled runs; images become `[image: alt]`. Scripts, styles, forms and
//! embedded frames are dropped, never rendered, and links that are not
//! `http(s)`/`mailto` are not offered.

mod simple;

use dom_query::{Document, LocalName, NodeData, NodeRef};
use url::Url;

use crate::article::{BlockKind, Inline};
use crate::formats::build::{Builder, Lists};

/// Elements whose content is never text for a reader.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed",
    "form", "button", "input", "select", "textarea", "canvas", "video", "audio", "nav", "title",
    "meta", "link",
];

/// Elements that start and end a block of running text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "center",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "body",
    "html",
    "hgroup",
];

/// Nesting past which elements are read for their text only: a hostile
/// page nested a million deep must not exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Walks `node`'s children into `builder`, resolving links against `base`.
pub fn walk(node: &NodeRef, builder: &mut Builder, base: Option<&Url>) {
    walk_tree(node, builder, base);
}

fn walk_tree<N: Walkable>(node: &N, builder: &mut Builder, base: Option<&Url>) {
    let mut walker = Walker {
        builder,
        base,
        lists: Lists::default(),
        quotes: 0,
        items: 0,
    };
    walker.children(node, 0);
    walker.builder.block(BlockKind::Paragraph);
}

/// Walks a whole HTML text (a fragment or a document) into `builder`:
/// plain HTML read directly, the rest through the HTML parser.
pub fn walk_html(html: &str, builder: &mut Builder, base: Option<&Url>) {
    if let Some(tree) = simple::parse(html) {
        walk_tree(&tree.root(), builder, base);
        return;
    }
    let document = Document::fragment(tamed(html).as_ref());
    walk(&document.root(), builder, base);
}

/// An element's name, as the tree it comes from holds it.
enum Name {
    Atom(LocalName),
    Known(&'static str),
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Name::Atom(atom) => atom,
            Name::Known(name) => name,
        }
    }
}

/// What the walk reads of a tree: the HTML parser's DOM, or the simple
/// tree plain HTML is read into.
trait Walkable: Sized {
    /// Writes the node's text to `builder` if it is a text node, and says
    /// whether it was.
    fn write_text(&self, builder: &mut Builder) -> bool;
    /// The element's lower-case name, when it is an element.
    fn name(&self) -> Option<Name>;
    /// Whether it is the root of a document or a fragment.
    fn is_root(&self) -> bool;
    /// An attribute's decoded value.
    fn attr(&self, name: &str) -> Option<String>;
    /// All the text under it.
    fn all_text(&self) -> String;
    /// Its children, in order.
    fn children(&self) -> impl Iterator<Item = Self>;
}

impl Walkable for NodeRef<'_> {
    fn write_text(&self, builder: &mut Builder) -> bool {
        self.is_text()
            && self
                .query(|tree| {
                    if let NodeData::Text { contents } = &tree.data {
                        builder.text(contents);
                    }
                })
                .is_some()
    }

    fn name(&self) -> Option<Name> {
        // The parser gives HTML element names in lower case.
        self.qual_name_ref()
            .map(|name| Name::Atom(name.local.clone()))
    }

    fn is_root(&self) -> bool {
        self.is_document() || self.is_fragment()
    }

    fn attr(&self, name: &str) -> Option<String> {
        NodeRef::attr(self, name).map(|value| value.to_string())
    }

    fn all_text(&self) -> String {
        self.text().to_string()
    }

    fn children(&self) -> impl Iterator<Item = Self> {
        self.children_it(false)
    }
}

impl Walkable for simple::Node<'_, '_> {
    fn write_text(&self, builder: &mut Builder) -> bool {
        self.text().map(|text| builder.text(&text)).is_some()
    }

    fn name(&self) -> Option<Name> {
        simple::Node::name(self).map(Name::Known)
    }

    fn is_root(&self) -> bool {
        simple::Node::is_root(self)
    }

    fn attr(&self, name: &str) -> Option<String> {
        simple::Node::attr(self, name).map(|value| value.into_owned())
    }

    fn all_text(&self) -> String {
        simple::Node::all_text(self)
    }

    fn children(&self) -> impl Iterator<Item = Self> {
        simple::Node::children(self)
    }
}

/// Elements open at once past which a page is read for its text only: the
/// HTML parser's time grows with the square of the nesting (a hostile page
/// of 100,000 nested `<div>`s would take minutes), and no real page nests
/// a tenth as deep.
const MAX_NESTING: usize = 2_000;

/// `html` as it is, or, nested past [`MAX_NESTING`], with its tags taken
/// out so only its text is parsed.
pub fn tamed(html: &str) -> std::borrow::Cow<'_, str> {
    if nesting(html) <= MAX_NESTING {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(text)
}

/// Elements a page may leave unclosed, which an estimate of its nesting
/// must not count as open.
const UNCLOSED: &[&str] = &[
    "br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param",
    "track", "base", "p", "li", "td", "th", "tr", "option", "dt", "dd", "!doctype",
];

/// The deepest nesting of elements in `html`, estimated from its tags
/// alone (opening tags of elements that must be closed, less closing
/// tags), in one pass.
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = rest
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[..name_len]).to_ascii_lowercase();
        let self_closed = rest
            .iter()
            .position(|&byte| byte == b'>')
            .is_some_and(|end| end > 0 && rest[end - 1] == b'/');
        if !UNCLOSED.contains(&name.as_str()) && !self_closed {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The absolute form of `href` against `base`, when it is one folio may
/// open.
pub fn resolve(href: &str, base: Option<&Url>) -> Option<String> {
    resolve_url(href, base).map(String::from)
}

/// [`resolve`], as a parsed URL: for a caller that resolves further links
/// against it.
pub fn resolve_url(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https" | "mailto").then_some(url)
}

struct Walker<'a, 'b> {
    builder: &'a mut Builder,
    base: Option<&'b Url>,
    lists: Lists,
    /// Block quotes open around the walk.
    quotes: usize,
    /// List items open around the walk.
    items: usize,
}

impl Walker<'_, '_> {
    /// The kind of block running text starts here.
    fn running(&self) -> BlockKind {
        if self.quotes > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    fn children<N: Walkable>(&mut self, node: &N, depth: usize) {
        for child in node.children() {
            self.node(&child, depth + 1);
        }
    }

    fn node<N: Walkable>(&mut self, node: &N, depth: usize) {
        if node.write_text(self.builder) {
            return;
        }
        let Some(name) = node.name() else {
            if node.is_root() {
                self.children(node, depth);
            }
            return;
        };
        if depth > MAX_DEPTH {
            self.builder.text(&node.all_text());
            return;
        }
        let name = &*name;
        if DROPPED.contains(&name) {
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.builder.block(BlockKind::Heading);
                self.children(node, depth);
                self.builder.block(self.running());
            }
            "ul" | "ol" | "menu" => {
                let start = node
                    .attr("start")
                    .and_then(|start| start.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.open((name == "ol").then_some(start));
                self.children(node, depth);
                self.lists.close();
                self.builder.block(self.running());
            }
            "li" => self.item(node, depth),
            "blockquote" => {
                self.quotes += 1;
                self.builder.block(BlockKind::Quote);
                self.children(node, depth);
                self.quotes -= 1;
                self.builder.block(self.running());
            }
            "pre" => self.builder.code(&node.all_text()),
            "br" | "hr" => {
                if self.items == 0 {
                    self.builder.block(self.running());
                } else {
                    self.builder.text(" ");
                }
            }
            "img" => {
                let alt = node.attr("alt").unwrap_or_default();
                // An image with no description is decoration (or a tracker).
                if !alt.trim().is_empty() {
                    self.builder.image(&alt);
                }
            }
            "a" => {
                let url = node.attr("href").and_then(|href| resolve(&href, self.base));
                self.builder.begin(Inline::Link);
                self.children(node, depth);
                self.builder.end_link(url.as_deref());
            }
            "em" | "i" | "cite" | "dfn" | "var" => self.styled(node, depth, Inline::Emphasis),
            "strong" | "b" => self.styled(node, depth, Inline::Strong),
            "code" | "kbd" | "samp" | "tt" => self.styled(node, depth, Inline::Code),
            "tr" => {
                self.builder.block(self.running());
                let mut first = true;
                for cell in node.children() {
                    let is_element = cell.name().is_some();
                    if !first && is_element {
                        self.builder.text(" │ ");
                    }
                    first = first && !is_element;
                    self.node(&cell, depth + 1);
                }
                self.builder.block(self.running());
            }
            _ if BLOCKS.contains(&name) && self.items == 0 => {
                self.builder.block(self.running());
                self.children(node, depth);
                self.builder.block(self.running());
            }
            _ => self.children(node, depth),
        }
    }

    fn styled<N: Walkable>(&mut self, node: &N, depth: usize, style: Inline) {
        self.builder.begin(style);
        self.children(node, depth);
        self.builder.end(style);
    }

    /// A list item: its marker, then its text as one block under which
    /// wrapped lines hang; a list inside it is a deeper block of its own.
    fn item<N: Walkable>(&mut self, node: &N, depth: usize) {
        self.lists.item(self.builder);
        self.items += 1;
        self.children(node, depth);
        self.items -= 1;
        self.builder.block(self.running());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Details;
    use crate::formats::build::Document as Built;

    fn walked(html: &str) -> Built {
        let mut builder = Builder::new();
        builder.article("T", Details::default());
        let base = Url::parse("https://example.org/posts/one").ok();
        walk_html(html, &mut builder, base.as_ref());
        builder.finish()
    }

    /// `html` walked through the simple tree and through the HTML parser's
    /// DOM, which must agree wherever the simple tree takes the fragment.
    fn both_ways(html: &str) -> Option<(Built, Built)> {
        let base = Url::parse("https://example.org/posts/one").ok();
        let tree = simple::parse(html)?;
        let mut fast = Builder::new();
        fast.article("T", Details::default());
        walk_tree(&tree.root(), &mut fast, base.as_ref());
        let mut full = Builder::new();
        full.article("T", Details::default());
        walk(&Document::fragment(html).root(), &mut full, base.as_ref());
        Some((fast.finish(), full.finish()))
    }

    #[test]
    fn plain_html_reads_the_same_without_the_html_parser() {
        for html in [
            "<p>One <em>two</em> <strong>three</strong> <a href='/x?a=1&amp;b=2'>four</a>.</p>",
            "<P CLASS=lead>Upper <B>case</B> tags</P>\n\n<p>and a second&nbsp;one &#8212; &#x263A; &lt;ok&gt;</p>",
            "<h2>Head</h2><ul>\n<li>a <code>b</code></li>\n<li>c<ol start=\"4\"><li>d</li></ol></li></ul>",
            "<blockquote><p>quoted</p><p>twice</p></blockquote><pre>\nfirst line\n  second</pre>",
            "<div><figure><img src=a.png alt=\"A &quot;heron&quot;\"><figcaption>Caption</figcaption></figure></div>",
            "plain words<br>after a break<br/>and <span>a span</span><hr>end",
            "<p>a <a href=\"javascript:alert(1)\">bad</a> and <a href=mailto:x@example.org>mail</a></p>",
        ] {
            let (fast, full) = both_ways(html).unwrap_or_else(|| panic!("simple: {html}"));
            assert_eq!(fast.blocks(), full.blocks(), "{html}");
            assert_eq!(fast.styles, full.styles, "{html}");
            assert_eq!(
                fast.parsed.articles[0].details, full.parsed.articles[0].details,
                "{html}"
            );
            assert_eq!(fast.parsed.articles[0].words, full.parsed.articles[0].words);
        }
    }

    #[test]
    fn html_that_needs_the_parsers_rules_is_left_to_it() {
        for html in [
            "<p>left open",
            "<p>one<p>two",
            "<p>a <div>block in a paragraph</div></p>",
            "<ul><li>a<li>b</ul>",
            "<b>mis<i>nested</b></i>",
            "<p>a<!-- comment --></p>",
            "<table><tr><td>x</td></tr></table>",
            "<script>x</script>",
            "<p>fish & chips</p>",
            "<p>&copy 2024</p>",
            "<p>&#128;</p>",
            "<a href=/x><a href=/y>nested</a></a>",
            "<div/>",
            "<p>a\r\nb</p>",
            &format!("{}deep{}", "<div>".repeat(100), "</div>".repeat(100)),
        ] {
            assert!(simple::parse(html).is_none(), "{html}");
        }
    }

    #[test]
    fn blocks_follow_the_markup() {
        let document = walked(
            "<h2>Why</h2><p>One <em>two</em>.</p><ul><li>a<ul><li>b</li></ul></li></ul>\
             <ol start=3><li>c</li></ol><blockquote><p>q</p></blockquote><pre>x\n  y</pre>",
        );
        assert_eq!(
            document.blocks(),
            [
                (BlockKind::Heading, "Why"),
                (BlockKind::Paragraph, "One two."),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        first: true
                    },
                    "• a"
                ),
                (
                    BlockKind::ListItem {
                        depth: 1,
                        first: true
                    },
                    "• b"
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        first: true
                    },
                    "3. c"
                ),
                (BlockKind::Quote, "q"),
                (BlockKind::Preformatted, "x\n  y"),
            ]
        );
    }

    #[test]
    fn scripts_styles_and_unsafe_links_are_dropped() {
        let document = walked(
            "<p>Hi<script>alert('x')</script><style>p{}</style> \
             <a href=\"javascript:alert(1)\">there</a> <a href=\"../two\">next</a></p>",
        );
        assert_eq!(
            document.blocks(),
            [(BlockKind::Paragraph, "Hi there next[1]")]
        );
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(details.links, ["https://example.org/two"]);
    }

    #[test]
    fn nesting_counts_what_stays_open() {
        assert_eq!(
            nesting("<div><p>a<br>b<img src=x/><p>c</div><div><span>d</span></div>"),
            2
        );
    }

    #[test]
    fn images_show_their_alt_text_and_tables_their_cells() {
        let document = walked(
            "<p><img src=a.png alt=\"A heron\"><img src=pixel.gif></p>\
             <table><tr><th>k</th><th>v</th></tr><tr><td>1</td><td>2</td></tr></table>",
        );
        assert_eq!(
            document.blocks(),
            [
                (BlockKind::Paragraph, "[image: A heron]"),
                (BlockKind::Paragraph, "k │ v"),
                (BlockKind::Paragraph, "1 │ 2"),
            ]
        );
    }

    #[test]
    fn a_page_nested_past_any_stack_still_gives_its_text() {
        let html = format!(
            "{}deep{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert!(nesting(&html) > MAX_NESTING);
        let document = walked(&html);
        assert_eq!(document.blocks(), [(BlockKind::Paragraph, "deep")]);
    }
}
