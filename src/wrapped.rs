//! An article laid out for the reading pane: wrapped once for a width, so
//! each frame only slices ready lines. Filter matches are found on the lines
//! shown (or searched for by `n`), so a new filter never re-wraps.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::article::{Article, BlockKind, Inline, preformatted_lines, wrap_at};
use crate::filter::matching::text_hits;
use crate::filter::query::Query;
use crate::library::Library;
use crate::parts::{EXCERPT_NOTE, Part, lead, parts, tight};
use crate::text::fit;

/// What a line of the reading pane is, which decides its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The headline.
    Title,
    /// Source, words, reading time, credits.
    Meta,
    /// Running text.
    Body,
    /// An in-article heading.
    Heading,
    /// A line of code, a table or verse, as the source has it.
    Preformatted,
    /// A line of a quoted passage.
    Quote,
    /// One of the article's links, listed at its end.
    Link,
    /// The note that an excerpt continues elsewhere.
    Note,
    /// Space between blocks.
    Blank,
}

/// One wrapped line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedLine {
    /// The text, at most the wrap width.
    pub text: String,
    /// How to set it.
    pub kind: LineKind,
    /// The block it belongs to: 0 for the title and meta line, then 1 + the
    /// block's index. A block survives re-wrapping; a line number does not.
    pub block: usize,
    /// Styled runs of `text` (byte ranges, in order): emphasis, code, links.
    pub styles: Vec<(Range<usize>, Inline)>,
}

/// An article wrapped for one width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedArticle {
    /// The lines, top to bottom.
    pub lines: Vec<WrappedLine>,
    /// The wrap width.
    pub width: usize,
}

impl WrappedArticle {
    /// Wraps `article` to `width` columns.
    pub fn new(library: &Library, article: &Article, width: u16) -> Self {
        let width = usize::from(width);
        let mut wrapped = WrappedArticle {
            lines: Vec::new(),
            width,
        };
        if width == 0 {
            return wrapped;
        }
        let mut previous = None;
        for part in parts(library, article) {
            match part {
                Part::Title(title) => wrapped.push_wrapped(title, LineKind::Title, 0),
                Part::Meta(meta) => wrapped.push_wrapped(&meta, LineKind::Meta, 0),
                Part::Block {
                    number,
                    kind,
                    text,
                    styles,
                } => {
                    if !tight(previous, kind) {
                        wrapped.push_blank(number);
                    }
                    previous = Some(kind);
                    let line_kind = match kind {
                        BlockKind::Preformatted => {
                            wrapped.push_preformatted(&text, number);
                            continue;
                        }
                        BlockKind::Heading => LineKind::Heading,
                        BlockKind::Quote => LineKind::Quote,
                        BlockKind::Paragraph | BlockKind::ListItem { .. } => LineKind::Body,
                    };
                    let (first, rest) = lead(kind, &text);
                    wrapped.push_block(&text, &styles, line_kind, number, (&first, &rest));
                }
                Part::ExcerptNote { number } => {
                    wrapped.push_blank(number);
                    wrapped.push_wrapped(EXCERPT_NOTE, LineKind::Note, number);
                }
                Part::Links { number, links } => {
                    wrapped.push_blank(number);
                    wrapped.push_wrapped("Links", LineKind::Heading, number);
                    let width = links.len().to_string().len();
                    for (index, link) in links.iter().enumerate() {
                        let label = format!("[{:>width$}] ", index + 1);
                        let hang = " ".repeat(label.len());
                        let text = format!("{label}{link}");
                        let styles = [(label.len()..text.len(), Inline::Link)];
                        wrapped.push_block(&text, &styles, LineKind::Link, number, ("", &hang));
                    }
                }
            }
        }
        wrapped
    }

    fn push_blank(&mut self, block: usize) {
        self.lines.push(WrappedLine {
            text: String::new(),
            kind: LineKind::Blank,
            block,
            styles: Vec::new(),
        });
    }

    fn push_wrapped(&mut self, text: &str, kind: LineKind, block: usize) {
        self.push_block(text, &[], kind, block, ("", ""));
    }

    /// Wraps one block, each line after the first marks in `lead` (see
    /// [`lead`]), carrying the styled runs that fall on each line.
    fn push_block(
        &mut self,
        text: &str,
        styles: &[(Range<usize>, Inline)],
        kind: LineKind,
        block: usize,
        (first, rest): (&str, &str),
    ) {
        let width = self.width.saturating_sub(rest.width()).max(1);
        let mut lines = Vec::new();
        wrap_at(text, width, &mut |line: &str, at: usize| {
            let prefix = if lines.is_empty() { first } else { rest };
            let end = at + line.len();
            let shift = prefix.len();
            let on_line = styles
                .iter()
                .filter(|(range, _)| range.start < end && range.end > at)
                .map(|(range, style)| {
                    let start = range.start.max(at) - at + shift;
                    let stop = range.end.min(end) - at + shift;
                    (start..stop, *style)
                })
                .collect();
            lines.push(WrappedLine {
                text: format!("{prefix}{line}"),
                kind,
                block,
                styles: on_line,
            });
        });
        self.lines.append(&mut lines);
    }

    /// Lines kept as they are; one wider than the pane is cut, with a mark
    /// where it was cut, rather than wrapped into something it never said.
    fn push_preformatted(&mut self, text: &str, block: usize) {
        for line in preformatted_lines(text) {
            self.lines.push(WrappedLine {
                text: fit(line, self.width),
                kind: LineKind::Preformatted,
                block,
                styles: Vec::new(),
            });
        }
    }

    /// The nearest line of the text (not the title) after `from` (or before
    /// it, going back) where `query` matches.
    pub fn find_hit(&self, query: &Query, from: usize, forward: bool) -> Option<usize> {
        let is_hit = |&line: &usize| {
            let line = &self.lines[line];
            matches!(
                line.kind,
                LineKind::Body | LineKind::Heading | LineKind::Preformatted | LineKind::Quote
            ) && !text_hits(&line.text, query, 1).is_empty()
        };
        if forward {
            (from.saturating_add(1)..self.lines.len()).find(is_hit)
        } else {
            (0..from.min(self.lines.len())).rev().find(is_hit)
        }
    }

    /// The block shown at `line`.
    pub fn block_at(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |l| l.block)
    }

    /// The first line of text of `block`, past the blank line before it (or
    /// the last line, past the end).
    pub fn first_line_of_block(&self, block: usize) -> usize {
        self.lines
            .iter()
            .position(|line| line.block >= block && line.kind != LineKind::Blank)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;

    #[test]
    fn a_paragraph_too_long_for_best_fit_keeps_every_word_within_the_width() {
        let words: Vec<String> = (0..60_000).map(|i| format!("w{i}")).collect();
        let text = format!("Title\n\n{}", words.join(" "));
        assert!(text.len() > crate::article::BEST_FIT_MAX_BYTES);
        let article = wrapped(&text, 30);
        let body: Vec<&str> = article
            .lines
            .iter()
            .filter(|line| line.kind == LineKind::Body)
            .map(|line| line.text.as_str())
            .collect();
        assert!(body.iter().all(|line| line.width() <= 30));
        let rejoined: Vec<&str> = body.iter().flat_map(|line| line.split(' ')).collect();
        assert_eq!(rejoined, words);
    }

    fn wrapped(text: &str, width: u16) -> WrappedArticle {
        let library = Library::from_text("t", text);
        WrappedArticle::new(&library, &library.articles[0], width)
    }

    #[test]
    fn lines_fit_the_width_and_keep_their_blocks() {
        let library = Library::outlined(
            "= A headline here\n\nalpha beta gamma delta epsilon zeta.\n\n== Key points\n\nlast words.",
        );
        let article = WrappedArticle::new(&library, &library.articles[0], 12);
        assert!(article.lines.iter().all(|line| line.text.width() <= 12));
        let kinds: Vec<LineKind> = article.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Title);
        assert!(kinds.contains(&LineKind::Heading));
        let heading = article
            .lines
            .iter()
            .position(|l| l.kind == LineKind::Heading)
            .expect("a heading");
        assert_eq!(article.block_at(heading), 2);
        assert_eq!(
            article.first_line_of_block(2),
            heading,
            "past its blank line"
        );
        assert_eq!(
            article.block_at(heading - 1),
            2,
            "the blank line belongs to it"
        );
    }

    #[test]
    fn an_excerpt_ends_with_a_note() {
        let article = wrapped("A headline here\n\nText.\n\nContinue reading →", 40);
        assert_eq!(article.lines.last().map(|l| l.kind), Some(LineKind::Note));
    }

    #[test]
    fn hits_are_found_in_the_text_both_ways() {
        let article = wrapped(
            "Norway in a headline\n\nNothing.\n\nThe Norway talks.\n\nMore.\n\nNorway again.",
            40,
        );
        let query = Query::parse("norway");
        let first = article
            .find_hit(&query, 0, true)
            .expect("a hit below the title");
        assert_eq!(article.lines[first].text, "The Norway talks.");
        let second = article.find_hit(&query, first, true).expect("another hit");
        assert_eq!(article.lines[second].text, "Norway again.");
        assert_eq!(article.find_hit(&query, second, true), None);
        assert_eq!(article.find_hit(&query, second, false), Some(first));
        assert_eq!(
            article.find_hit(&query, first, false),
            None,
            "the title does not count"
        );
    }

    #[test]
    fn wrapped_paragraphs_flow_and_code_keeps_its_lines() {
        // A paragraph hard-wrapped at 60 columns, as a book or a mail is.
        let words = "words ".repeat(120);
        let paragraph = textwrap::fill(words.trim(), 60);
        let text = format!("A headline here\n\n{paragraph}\n\n    let a = 1;\n    let b = 2;");
        let library = Library::from_text("t", &text);
        let article = WrappedArticle::new(&library, &library.articles[0], 1000);
        let texts: Vec<(&str, LineKind)> = article
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Body | LineKind::Preformatted))
            .map(|l| (l.text.as_str(), l.kind))
            .collect();
        assert_eq!(
            texts,
            [
                (words.trim(), LineKind::Body),
                ("let a = 1;", LineKind::Preformatted),
                ("let b = 2;", LineKind::Preformatted),
            ]
        );
    }

    #[test]
    fn preformatted_lines_wider_than_the_pane_are_cut_with_a_mark() {
        let library = Library::from_text(
            "t",
            "A headline here\n\nSome text.\n\n    let long_name = compute(1, 2, 3);",
        );
        let article = WrappedArticle::new(&library, &library.articles[0], 12);
        let code: Vec<&str> = article
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Preformatted)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(code, ["let long_na…"]);
    }

    #[test]
    fn zero_width_has_no_lines() {
        assert!(wrapped("A headline here\n\nText.", 0).lines.is_empty());
    }
}
