//! A fast reading of the plain HTML most feed entries are: a few
//! paragraphs, lists, quotes and inline styles, every element closed where
//! it should be. Such HTML parses to the same tree under any HTML parser,
//! so it is read here in one pass, without setting up html5ever for each
//! of a feed's many entries. Anything that would need the HTML parser's
//! rules (an element left open, a block inside a paragraph, a comment, an
//! unknown tag or entity) makes [`parse`] return `None`, and the caller
//! uses html5ever instead.

use std::borrow::Cow;

use quick_xml::escape::{resolve_html5_entity, unescape_with};

/// Elements that hold only inline content.
const INLINE: &[&str] = &[
    "a", "em", "strong", "b", "i", "u", "s", "code", "kbd", "samp", "var", "cite", "dfn", "small",
    "sub", "sup", "span", "mark", "abbr", "time", "q",
];

/// Elements that may hold blocks, and are closed only by their own end tag.
const CONTAINERS: &[&str] = &[
    "div",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "figure",
    "li",
    "ul",
    "ol",
];

/// Blocks that hold only inline content.
const TEXT_BLOCKS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption"];

/// Elements that never have content.
const VOID: &[&str] = &["br", "img", "hr", "wbr"];

/// Elements open at once past which the fragment is not simple.
const MAX_OPEN: usize = 64;

/// No node: the end of a list of children.
const NONE: u32 = u32::MAX;

/// A parsed fragment: its nodes, the first of them the root.
pub struct Tree<'a> {
    nodes: Vec<Item<'a>>,
}

struct Item<'a> {
    kind: Kind<'a>,
    first_child: u32,
    last_child: u32,
    next: u32,
}

enum Kind<'a> {
    Root,
    /// Text as written, entities and all.
    Text(&'a str),
    /// An element's lower-case name and its attributes as written.
    Element {
        name: &'static str,
        attributes: &'a str,
    },
}

/// A node of a [`Tree`].
#[derive(Clone, Copy)]
pub struct Node<'t, 'a> {
    tree: &'t Tree<'a>,
    id: u32,
}

impl<'a> Tree<'a> {
    /// The root, whose children are the fragment's top-level nodes.
    pub fn root(&self) -> Node<'_, 'a> {
        Node { tree: self, id: 0 }
    }

    /// Adds a node as `parent`'s last child; `None` past the ids a `u32`
    /// holds.
    fn push(&mut self, parent: u32, kind: Kind<'a>) -> Option<u32> {
        let id = u32::try_from(self.nodes.len())
            .ok()
            .filter(|id| *id != NONE)?;
        self.nodes.push(Item {
            kind,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
        });
        let previous = self.nodes[parent as usize].last_child;
        if previous == NONE {
            self.nodes[parent as usize].first_child = id;
        } else {
            self.nodes[previous as usize].next = id;
        }
        self.nodes[parent as usize].last_child = id;
        Some(id)
    }
}

impl<'t, 'a> Node<'t, 'a> {
    fn item(&self) -> &'t Item<'a> {
        &self.tree.nodes[self.id as usize]
    }

    /// The text, with its entities decoded, when this is a text node.
    pub fn text(&self) -> Option<Cow<'a, str>> {
        match self.item().kind {
            Kind::Text(raw) => Some(decoded(raw)),
            _ => None,
        }
    }

    /// Whether this is the fragment's root.
    pub fn is_root(&self) -> bool {
        matches!(self.item().kind, Kind::Root)
    }

    /// The element's lower-case name, when this is an element.
    pub fn name(&self) -> Option<&'static str> {
        match self.item().kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// An attribute's value, decoded.
    pub fn attr(&self, wanted: &str) -> Option<Cow<'a, str>> {
        match self.item().kind {
            Kind::Element { attributes, .. } => attribute_list(attributes)?
                .into_iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                .map(|(_, value)| decoded(value)),
            _ => None,
        }
    }

    /// The node's children, in order.
    pub fn children(&self) -> impl Iterator<Item = Node<'t, 'a>> + use<'t, 'a> {
        let tree = self.tree;
        std::iter::successors(
            Some(self.item().first_child).filter(|id| *id != NONE),
            move |id| Some(tree.nodes[*id as usize].next).filter(|id| *id != NONE),
        )
        .map(move |id| Node { tree, id })
    }

    /// All the text under the node, in order.
    pub fn all_text(&self) -> String {
        let mut text = String::new();
        self.gather(&mut text);
        text
    }

    fn gather(&self, text: &mut String) {
        match self.text() {
            Some(own) => text.push_str(&own),
            None => self.children().for_each(|child| child.gather(text)),
        }
    }
}

/// `raw` with its (already checked) entities decoded.
fn decoded(raw: &str) -> Cow<'_, str> {
    unescape_with(raw, resolve_html5_entity).unwrap_or(Cow::Borrowed(raw))
}

/// The fragment as a tree, if it is simple enough to read without the
/// HTML parser's rules.
pub fn parse(html: &str) -> Option<Tree<'_>> {
    if html.contains(['\0', '\r']) {
        return None;
    }
    let mut tree = Tree {
        nodes: vec![Item {
            kind: Kind::Root,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
        }],
    };
    // Open elements: node id and name.
    let mut open: Vec<(u32, &str)> = Vec::new();
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let parent = open.last().map_or(0, |(id, _)| *id);
        let lt = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |lt| at + lt);
        if lt > at {
            let mut text = &html[at..lt];
            // The HTML parser drops a line break straight after <pre>.
            if open.last().is_some_and(|(_, name)| *name == "pre")
                && tree.nodes[parent as usize].first_child == NONE
            {
                text = text.strip_prefix('\n').unwrap_or(text);
            }
            if !entities_are_plain(text) {
                return None;
            }
            if !text.is_empty() {
                tree.push(parent, Kind::Text(text))?;
            }
        }
        if lt == bytes.len() {
            break;
        }
        let end = tag_end(bytes, lt)?;
        let tag = &html[lt + 1..end];
        at = end + 1;
        if let Some(closing) = tag.strip_prefix('/') {
            let name = closing.trim_end();
            let (_, open_name) = open.pop()?;
            if !name.eq_ignore_ascii_case(open_name) {
                return None;
            }
            continue;
        }
        let name_len = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if name_len == 0 {
            return None;
        }
        let name = static_name(&tag[..name_len])?;
        let attributes = &tag[name_len..];
        if !attributes.is_empty()
            && !attributes.starts_with(|c: char| c.is_ascii_whitespace() || c == '/')
        {
            return None;
        }
        let self_closed = attributes.trim_end().ends_with('/');
        let attributes = attributes.trim_end().trim_end_matches('/');
        let list = attribute_list(attributes)?;
        if list.iter().any(|(_, value)| !entities_are_plain(value)) {
            return None;
        }
        let parent_name = open.last().map(|(_, name)| *name);
        let void = VOID.contains(&name);
        if !fits(name, parent_name) || (self_closed && !void) {
            return None;
        }
        let id = tree.push(parent, Kind::Element { name, attributes })?;
        if !void {
            // Deeper than the walk follows is left to the HTML parser's
            // path, which reads such nesting for its text.
            if open.len() >= MAX_OPEN {
                return None;
            }
            open.push((id, name));
        }
    }
    open.is_empty().then_some(tree)
}

/// The known element `name` names (in any case), in lower case.
fn static_name(name: &str) -> Option<&'static str> {
    [INLINE, CONTAINERS, TEXT_BLOCKS, VOID]
        .into_iter()
        .flatten()
        .find(|known| known.eq_ignore_ascii_case(name))
        .copied()
}

/// Whether an element `name` may sit in `parent` without the HTML parser
/// moving it: inline content anywhere, blocks only in containers, list
/// items only in lists, no link in a link.
fn fits(name: &str, parent: Option<&str>) -> bool {
    let inline = INLINE.contains(&name) || VOID.contains(&name);
    let parent_holds_blocks = parent.is_none_or(|parent| CONTAINERS.contains(&parent));
    match name {
        "li" => matches!(parent, Some("ul" | "ol")),
        "a" => parent != Some("a"),
        _ if parent.is_some_and(|parent| matches!(parent, "ul" | "ol")) => false,
        _ if inline => true,
        _ => parent_holds_blocks,
    }
}

/// Where the tag opened at `lt` closes: its `>` outside quotes.
fn tag_end(bytes: &[u8], lt: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, &byte) in bytes[lt + 1..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if open == byte => quote = None,
            (None, b'<') => return None,
            (None, b'>') => return Some(lt + 1 + offset),
            _ => {}
        }
    }
    None
}

/// The attributes as (name, raw value) pairs, if they are written
/// plainly: `name`, `name=value`, `name="value"` or `name='value'`.
fn attribute_list(raw: &str) -> Option<Vec<(&str, &str)>> {
    let mut list = Vec::new();
    let mut rest = raw.trim_start();
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() || name.contains(['"', '\'', '<', '/']) {
            return None;
        }
        rest = rest[name_len..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let close = after[1..].find(quote)? + 1;
                    (&after[1..close], &after[close + 1..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    let value = &after[..end];
                    if value.is_empty() || value.contains(['"', '\'', '=', '<', '`']) {
                        return None;
                    }
                    (value, &after[end..])
                }
            };
            rest = remaining.trim_start();
            value
        } else {
            ""
        };
        list.push((name, value));
    }
    Some(list)
}

/// Whether every `&` in `text` begins an entity the HTML parser reads the
/// same way: `&name;` it knows, or a numeric reference to a printable
/// character.
fn entities_are_plain(text: &str) -> bool {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|semi| *semi <= 32) else {
            return false;
        };
        let entity = &after[..semi];
        let plain = match entity.strip_prefix('#') {
            Some(number) => {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.is_some_and(|code| {
                    (0x20..0x7f).contains(&code) || (code >= 0xa0 && char::from_u32(code).is_some())
                })
            }
            None => resolve_html5_entity(entity).is_some(),
        };
        if !plain {
            return false;
        }
        rest = &after[semi + 1..];
    }
    true
}
