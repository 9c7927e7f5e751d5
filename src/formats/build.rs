//! Writing a structured document into folio's article model: every format
//! reader (HTML, feeds, Markdown, EPUB, mail) pushes headlines, blocks and
//! styled runs here, and gets the same text-and-spans shape the plain-text
//! parser makes, so the filter, ids, bookmarks and the reading pane work on
//! it unchanged. Every character passes the same hygiene as a plain-text
//! dump: nothing that acts on a terminal is kept.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::article::{Article, Block, BlockKind, Details, Inline, Styled, is_openable};
use crate::parse::Parsed;
use crate::parse::words::cjk_extra_words;
use crate::text::acts_on_terminal;

/// What a format reader made: the text its spans index, its articles and
/// blocks, and the styled runs of the text in order.
#[derive(Debug, Default)]
pub struct Document {
    /// Headlines and blocks, a blank line between each.
    pub text: String,
    /// The articles and their blocks, as the plain-text parser gives them.
    pub parsed: Parsed,
    /// Styled runs, in order of where they start.
    pub styles: Vec<Styled>,
}

impl Document {
    /// Each block's kind and text, in order: what the format readers'
    /// tests compare.
    #[cfg(test)]
    pub fn blocks(&self) -> Vec<(BlockKind, &str)> {
        self.parsed
            .blocks
            .iter()
            .map(|block| (block.kind, &self.text[block.span.clone()]))
            .collect()
    }

    /// Each article's title, in order: what the format readers' tests
    /// compare.
    #[cfg(test)]
    pub fn titles(&self) -> Vec<&str> {
        self.parsed
            .articles
            .iter()
            .map(|article| &self.text[article.title_span.clone()])
            .collect()
    }

    /// The documents one after another, as one: each part's spans, lines
    /// and block ranges moved past what comes before it. Parts of a large
    /// input are built on threads of their own and joined here.
    pub fn concat(parts: Vec<Document>) -> Document {
        let mut parts = parts.into_iter().filter(|part| !part.text.is_empty());
        let Some(mut whole) = parts.next() else {
            return Document::default();
        };
        for part in parts {
            whole.text.push_str("\n\n");
            let shift = whole.text.len();
            let line_shift = memchr::memchr_iter(b'\n', whole.text.as_bytes()).count();
            let block_shift = whole.parsed.blocks.len();
            whole.text.push_str(&part.text);
            whole
                .parsed
                .articles
                .extend(part.parsed.articles.into_iter().map(|mut article| {
                    article.title_span =
                        article.title_span.start + shift..article.title_span.end + shift;
                    article.line += line_shift;
                    article.block_range = article.block_range.start + block_shift
                        ..article.block_range.end + block_shift;
                    article
                }));
            whole
                .parsed
                .blocks
                .extend(part.parsed.blocks.into_iter().map(|mut block| {
                    block.span = block.span.start + shift..block.span.end + shift;
                    block.line += line_shift;
                    block
                }));
            whole
                .styles
                .extend(part.styles.into_iter().map(|mut styled| {
                    styled.span = styled.span.start + shift..styled.span.end + shift;
                    styled
                }));
        }
        whole
    }
}

/// A headline for an article whose format gave none.
pub const UNTITLED: &str = "(untitled)";

/// Columns a tab in a code block becomes.
const TAB_SPACES: &str = "    ";

/// Builds a [`Document`] article by article, block by block.
#[derive(Debug, Default)]
pub struct Builder {
    document: Document,
    /// Lines written so far (the 1-based line being written is one more).
    lines: usize,
    /// The block being filled: its kind and where its text starts.
    block: Option<(BlockKind, usize)>,
    /// The kind the next text starts a block of.
    next_kind: Option<BlockKind>,
    /// Whitespace was seen since the last character written.
    space: bool,
    /// Styles begun and not yet ended, with where each starts.
    open_styles: Vec<(Inline, usize)>,
    /// Whether an article has been started.
    started: bool,
    /// Words written into the block being filled.
    words: usize,
}

impl Builder {
    /// A builder with nothing in it.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Starts an article headed `title` (whitespace folded; [`UNTITLED`]
    /// when that leaves nothing), with what its format says about it.
    pub fn article(&mut self, title: &str, mut details: Details) {
        self.end_article();
        details.url = details.url.filter(|url| is_openable(url));
        details.author = details
            .author
            .map(|author| byline_name(&author))
            .filter(|author| !author.is_empty());
        let mut title = one_line(title);
        if title.is_empty() {
            title = UNTITLED.to_string();
        }
        if !self.document.text.is_empty() {
            self.push_raw("\n\n");
        }
        let start = self.document.text.len();
        self.document.text.push_str(&title);
        self.document.parsed.articles.push(Article {
            title_span: start..self.document.text.len(),
            source: 0,
            line: self.lines + 1,
            block_range: self.document.parsed.blocks.len()..self.document.parsed.blocks.len(),
            truncated: false,
            credits: Vec::new(),
            words: 0,
            details: Some(Box::new(details)),
        });
        self.started = true;
        self.next_kind = Some(BlockKind::Paragraph);
    }

    /// Ends the block being filled; text pushed after starts a block of
    /// `kind`.
    pub fn block(&mut self, kind: BlockKind) {
        self.end_block();
        self.next_kind = Some(kind);
    }

    /// Running text: whitespace (line breaks included) folds to one space,
    /// and nothing that acts on a terminal is kept.
    pub fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // A run of printable ASCII, nearly all text, goes in at once:
            // as one write when its words are single-spaced, else a word
            // at a time.
            let run = bytes[at..]
                .iter()
                .take_while(|byte| matches!(byte, b' '..=b'~'))
                .count();
            if run > 0 {
                self.ascii(&text[at..at + run]);
                at += run;
                continue;
            }
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            if c.is_whitespace() {
                self.space = true;
            } else if !acts_on_terminal(c) {
                let mut utf8 = [0; 4];
                self.write(c.encode_utf8(&mut utf8));
            }
        }
    }

    /// A run of printable ASCII: its spaces collapse as any whitespace does.
    fn ascii(&mut self, run: &str) {
        let words = run.trim_start_matches(' ');
        if words.len() < run.len() {
            self.space = true;
        }
        let body = words.trim_end_matches(' ');
        if !body.is_empty() {
            if body.contains("  ") {
                for (n, word) in body.split(' ').filter(|word| !word.is_empty()).enumerate() {
                    self.space |= n > 0;
                    self.write(word);
                }
            } else {
                self.write(body);
                self.words += memchr::memchr_iter(b' ', body.as_bytes()).count();
            }
        }
        if body.len() < words.len() {
            self.space = true;
        }
    }

    /// Writes kept characters, after the space owed before them.
    fn write(&mut self, kept: &str) {
        self.open_block();
        if !self.has_text() {
            self.words += 1;
        } else if self.space {
            self.document.text.push(' ');
            self.words += 1;
        }
        self.space = false;
        self.document.text.push_str(kept);
    }

    /// Starts a styled run at the next character written.
    pub fn begin(&mut self, style: Inline) {
        // A run begun before its block opens starts where the block does.
        let at = if self.block.is_some() {
            self.document.text.len() + usize::from(self.space && self.has_text())
        } else {
            usize::MAX
        };
        self.open_styles.push((style, at));
    }

    /// Ends the latest styled run of `style` here.
    pub fn end(&mut self, style: Inline) {
        let Some(position) = self
            .open_styles
            .iter()
            .rposition(|(open, _)| *open == style)
        else {
            return;
        };
        let (_, start) = self.open_styles.remove(position);
        self.record(style, start);
    }

    /// Ends a link's text: the link gets its reference number, `[n]`,
    /// written after its text, if `url` may be opened; otherwise its text
    /// stays plain.
    pub fn end_link(&mut self, url: Option<&str>) {
        let Some(position) = self
            .open_styles
            .iter()
            .rposition(|(open, _)| *open == Inline::Link)
        else {
            return;
        };
        let (_, start) = self.open_styles.remove(position);
        let Some(url) = url.filter(|url| is_openable(url)) else {
            return;
        };
        if start >= self.document.text.len() || !self.has_text() {
            return;
        }
        let number = self.link_number(url);
        self.record(Inline::Link, start);
        self.text(&format!("[{number}]"));
        let end = self.document.text.len();
        let label = end - format!("[{number}]").len();
        self.document.styles.push(Styled {
            span: label..end,
            style: Inline::Link,
        });
    }

    /// An image, written as `[image: alt]` (or `[image]`).
    pub fn image(&mut self, alt: &str) {
        let alt = one_line(alt);
        self.space = self.space || self.has_text();
        self.begin(Inline::Image);
        if alt.is_empty() {
            self.text("[image]");
        } else {
            self.text(&format!("[image: {alt}]"));
        }
        self.end(Inline::Image);
    }

    /// A code block, kept line for line: tabs become four spaces and
    /// anything else that acts on a terminal is dropped.
    pub fn code(&mut self, code: &str) {
        self.end_block();
        let lines: Vec<String> = code
            .trim_end()
            .split('\n')
            .map(|line| {
                line.trim_end()
                    .replace('\t', TAB_SPACES)
                    .chars()
                    .filter(|&c| !acts_on_terminal(c))
                    .collect()
            })
            .skip_while(|line: &String| line.is_empty())
            .collect();
        if lines.is_empty() {
            return;
        }
        self.next_kind = Some(BlockKind::Preformatted);
        self.open_block();
        let joined = lines.join("\n");
        self.push_raw(&joined);
        self.end_block();
    }

    /// The document, its last article ended.
    pub fn finish(mut self) -> Document {
        self.end_article();
        // Runs are recorded as they end; an outer run ends after an inner.
        self.document.styles.sort_by_key(|styled| styled.span.start);
        self.document
    }

    /// Whether the block being filled has any text yet.
    fn has_text(&self) -> bool {
        self.block
            .is_some_and(|(_, start)| start < self.document.text.len())
    }

    /// The reference number of `url` in the current article, added to its
    /// links if new.
    fn link_number(&mut self, url: &str) -> usize {
        let Some(details) = self
            .document
            .parsed
            .articles
            .last_mut()
            .and_then(|article| article.details.as_mut())
        else {
            return 0;
        };
        match details.links.iter().position(|link| link == url) {
            Some(index) => index + 1,
            None => {
                details.links.push(url.to_string());
                details.links.len()
            }
        }
    }

    fn record(&mut self, style: Inline, start: usize) {
        let end = self.document.text.len();
        if start < end {
            self.document.styles.push(Styled {
                span: start..end,
                style,
            });
        }
    }

    /// Starts the block text goes into, if none is open; text before any
    /// article starts one headed [`UNTITLED`].
    fn open_block(&mut self) {
        if self.block.is_some() {
            return;
        }
        if !self.started {
            self.article("", Details::default());
        }
        let kind = self.next_kind.unwrap_or(BlockKind::Paragraph);
        self.push_raw("\n\n");
        let start = self.document.text.len();
        self.block = Some((kind, start));
        self.space = false;
        for (_, at) in &mut self.open_styles {
            if *at == usize::MAX {
                *at = start;
            }
        }
    }

    fn end_block(&mut self) {
        let Some((kind, start)) = self.block.take() else {
            return;
        };
        // Styles still open close with their block and reopen in the next.
        let open: Vec<(Inline, usize)> = std::mem::take(&mut self.open_styles);
        for &(style, at) in &open {
            self.record(style, at.min(self.document.text.len()));
        }
        let end = self.document.text.len();
        self.open_styles = open
            .into_iter()
            .map(|(style, _)| (style, usize::MAX))
            .collect();
        let text = &self.document.text[start..end];
        let words = match kind {
            // Code is written whole, not word by word.
            BlockKind::Preformatted => text.split_whitespace().count(),
            _ => std::mem::take(&mut self.words),
        } + cjk_extra_words(text);
        self.words = 0;
        let line = self.lines + 1;
        self.lines += text.matches('\n').count();
        self.document.parsed.blocks.push(Block {
            kind,
            line,
            span: start..end,
        });
        if let Some(article) = self.document.parsed.articles.last_mut() {
            article.block_range.end = self.document.parsed.blocks.len();
            article.words += words;
        }
        self.space = false;
    }

    fn end_article(&mut self) {
        self.end_block();
        self.open_styles.clear();
    }

    /// Writes text the builder made itself (separators), counting lines.
    fn push_raw(&mut self, text: &str) {
        if self.block.is_none() {
            self.lines += text.matches('\n').count();
        }
        self.document.text.push_str(text);
    }
}

/// The lists open around a format reader's walk, innermost last, so
/// nested items get their depth and ordered ones their numbers.
#[derive(Debug, Default)]
pub struct Lists(Vec<OpenList>);

#[derive(Debug)]
struct OpenList {
    /// The next item's number, for an ordered list.
    next: Option<u64>,
    /// An item of it has been started.
    started: bool,
}

impl Lists {
    /// A list opens: numbered from `start` when ordered.
    pub fn open(&mut self, start: Option<u64>) {
        self.0.push(OpenList {
            next: start,
            started: false,
        });
    }

    /// The innermost list closes.
    pub fn close(&mut self) {
        self.0.pop();
    }

    /// Whether no list is open.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Starts an item of the innermost list in `builder`: a list-item
    /// block that opens with its marker ("•", "3.").
    pub fn item(&mut self, builder: &mut Builder) {
        let depth = u8::try_from(self.0.len().saturating_sub(1)).unwrap_or(u8::MAX);
        let (marker, first) = match self.0.last_mut() {
            Some(list) => {
                let marker = match &mut list.next {
                    Some(number) => {
                        let marker = format!("{number}.");
                        *number += 1;
                        marker
                    }
                    None => "•".to_string(),
                };
                (marker, !std::mem::replace(&mut list.started, true))
            }
            None => ("•".to_string(), true),
        };
        builder.block(BlockKind::ListItem { depth, first });
        builder.text(&marker);
        builder.text(" ");
    }
}

/// `text` on one line: whitespace folded to single spaces, nothing that
/// acts on a terminal, no space at either end.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(char::is_whitespace)
        .filter(|word| !word.is_empty())
    {
        let word: String = word.chars().filter(|&c| !acts_on_terminal(c)).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// An author's name from a byline: "By Jo Penn" is Jo Penn.
fn byline_name(byline: &str) -> String {
    let name = one_line(byline);
    match name.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => name[3..].trim_start().to_string(),
        _ => name,
    }
}

/// A date as feeds, pages and front matter write it: RFC 3339, RFC 2822,
/// or a bare `YYYY-MM-DD` (midnight UTC), with or without a time.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(date) = NaiveDateTime::parse_from_str(text, format) {
            return Some(date.and_utc());
        }
    }
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|date| date.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_texts(document: &Document) -> Vec<&str> {
        document
            .blocks()
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    #[test]
    fn spaces_between_pieces_of_text_collapse_and_words_count_once() {
        let mut builder = Builder::new();
        builder.article("T", Details::default());
        for piece in ["one two ", " three", "four", "  ", "five\tsix  seven"] {
            builder.text(piece);
        }
        let document = builder.finish();
        assert_eq!(block_texts(&document), ["one two threefour five six seven"]);
        assert_eq!(document.parsed.articles[0].words, 6);
    }

    #[test]
    fn articles_and_blocks_are_spans_of_one_text() {
        let mut builder = Builder::new();
        builder.article("  First\n post ", Details::default());
        builder.text("Hello   there,\n world.");
        builder.block(BlockKind::Heading);
        builder.text("Part two");
        builder.article("Second", Details::default());
        builder.text("More.");
        let document = builder.finish();
        let articles = &document.parsed.articles;
        assert_eq!(articles.len(), 2);
        assert_eq!(&document.text[articles[0].title_span.clone()], "First post");
        assert_eq!(
            block_texts(&document),
            ["Hello there, world.", "Part two", "More."]
        );
        assert_eq!(articles[0].block_range, 0..2);
        assert_eq!(articles[0].words, 5);
        assert_eq!(document.parsed.blocks[1].kind, BlockKind::Heading);
        assert_eq!(
            document.text,
            "First post\n\nHello there, world.\n\nPart two\n\nSecond\n\nMore."
        );
        assert_eq!(articles[1].line, 7, "the line its headline is on");
        assert_eq!(document.parsed.blocks[2].line, 9);
    }

    #[test]
    fn styles_cover_their_words_and_links_get_numbers() {
        let mut builder = Builder::new();
        builder.article("T", Details::default());
        builder.text("Read ");
        builder.begin(Inline::Emphasis);
        builder.text("this");
        builder.end(Inline::Emphasis);
        builder.text(" and ");
        builder.begin(Inline::Link);
        builder.text("that");
        builder.end_link(Some("https://example.org/a"));
        builder.text(" or ");
        builder.begin(Inline::Link);
        builder.text("evil");
        builder.end_link(Some("javascript:alert(1)"));
        builder.text(".");
        let document = builder.finish();
        assert_eq!(block_texts(&document), ["Read this and that[1] or evil."]);
        let styled: Vec<(&str, Inline)> = document
            .styles
            .iter()
            .map(|styled| (&document.text[styled.span.clone()], styled.style))
            .collect();
        assert_eq!(
            styled,
            [
                ("this", Inline::Emphasis),
                ("that", Inline::Link),
                ("[1]", Inline::Link)
            ]
        );
        let details = document.parsed.articles[0]
            .details
            .as_ref()
            .expect("details");
        assert_eq!(details.links, ["https://example.org/a"]);
    }

    #[test]
    fn escapes_and_controls_never_reach_the_text() {
        let mut builder = Builder::new();
        builder.article("Title \u{1b}[31mred\u{7}", Details::default());
        builder.text("a\u{1b}]52;c;AAAA\u{7}b \u{202e}c");
        builder.code("x\u{1b}[2J\ty");
        let document = builder.finish();
        assert!(
            !document
                .text
                .chars()
                .any(|c| c != '\n' && acts_on_terminal(c))
        );
        assert!(document.text.contains("x[2J    y"));
    }

    #[test]
    fn code_keeps_its_lines_and_empty_blocks_vanish() {
        let mut builder = Builder::new();
        builder.article("T", Details::default());
        builder.block(BlockKind::Quote);
        builder.block(BlockKind::Paragraph);
        builder.code("\nfn main() {\n    go();\n}\n\n");
        let document = builder.finish();
        assert_eq!(block_texts(&document), ["fn main() {\n    go();\n}"]);
        assert_eq!(document.parsed.blocks[0].kind, BlockKind::Preformatted);
    }

    #[test]
    fn documents_join_as_if_built_as_one() {
        let build = |articles: &[(&str, &str)]| {
            let mut builder = Builder::new();
            for (title, text) in articles {
                builder.article(title, Details::default());
                builder.begin(Inline::Strong);
                builder.text(text);
                builder.end(Inline::Strong);
            }
            builder.finish()
        };
        let whole = build(&[("One", "first"), ("Two", "second"), ("Three", "third")]);
        let joined = Document::concat(vec![
            build(&[("One", "first")]),
            Document::default(),
            build(&[("Two", "second"), ("Three", "third")]),
        ]);
        assert_eq!(joined.text, whole.text);
        assert_eq!(joined.parsed.articles, whole.parsed.articles);
        assert_eq!(joined.parsed.blocks, whole.parsed.blocks);
        assert_eq!(joined.styles, whole.styles);
    }

    #[test]
    fn dates_in_the_forms_feeds_and_front_matter_use() {
        let noon = parse_date("2024-03-05T12:00:00Z").expect("rfc 3339");
        assert_eq!(parse_date("Tue, 05 Mar 2024 12:00:00 +0000"), Some(noon));
        assert_eq!(parse_date("2024-03-05T13:00:00+01:00"), Some(noon));
        assert_eq!(
            parse_date("2024-03-05").map(|date| date.to_rfc3339()),
            Some("2024-03-05T00:00:00+00:00".to_string())
        );
        assert_eq!(parse_date("yesterday"), None);
    }
}
