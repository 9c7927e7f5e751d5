//! An article laid out for the reading pane: wrapped once for a width, with
//! the filter's matches marked, so each frame only slices ready lines.

use std::ops::Range;

use crate::article::{Article, BlockKind};
use crate::filter::matching::text_hits;
use crate::filter::query::Query;
use crate::library::Library;
use crate::listing::meta_line;

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
    /// The note that an excerpt continues elsewhere.
    Note,
    /// Space between blocks.
    Blank,
}

/// One wrapped line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReaderLine {
    /// The text, at most the wrap width.
    pub text: String,
    /// How to set it.
    pub kind: LineKind,
    /// The block it belongs to: 0 for the title and meta line, then 1 + the
    /// block's index. A block survives re-wrapping; a line number does not.
    pub block: usize,
    /// Byte ranges of `text` to highlight as filter matches.
    pub highlights: Vec<Range<usize>>,
}

/// An article wrapped for one width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedArticle {
    /// The lines, top to bottom.
    pub lines: Vec<ReaderLine>,
    /// Lines of the text (not the title) with a filter match, in order.
    pub hit_lines: Vec<usize>,
    /// The wrap width.
    pub width: usize,
}

impl WrappedArticle {
    /// Wraps `article` to `width` columns, marking matches of `query`.
    pub fn new(library: &Library, article: &Article, width: u16, query: &str) -> Self {
        let width = usize::from(width);
        let query = Query::parse(query);
        let mut wrapped = WrappedArticle {
            lines: Vec::new(),
            hit_lines: Vec::new(),
            width,
        };
        if width == 0 {
            return wrapped;
        }
        wrapped.push_wrapped(&article.title, LineKind::Title, 0, &query);
        wrapped.push_wrapped(&meta_line(library, article), LineKind::Meta, 0, &query);
        for (index, block) in article.blocks.iter().enumerate() {
            wrapped.push_blank(index + 1);
            let kind = match block.kind {
                BlockKind::Paragraph => LineKind::Body,
                BlockKind::Heading => LineKind::Heading,
            };
            wrapped.push_wrapped(library.block_text(article, block), kind, index + 1, &query);
        }
        if article.truncated {
            let last = article.blocks.len() + 1;
            wrapped.push_blank(last);
            wrapped.push_wrapped(
                "The full text continues on the original site.",
                LineKind::Note,
                last,
                &Query::default(),
            );
        }
        wrapped
    }

    fn push_blank(&mut self, block: usize) {
        self.lines.push(ReaderLine {
            text: String::new(),
            kind: LineKind::Blank,
            block,
            highlights: Vec::new(),
        });
    }

    fn push_wrapped(&mut self, text: &str, kind: LineKind, block: usize, query: &Query) {
        for line in textwrap::wrap(text, self.width) {
            let highlights = text_hits(&line, query, usize::MAX);
            if !highlights.is_empty() && matches!(kind, LineKind::Body | LineKind::Heading) {
                self.hit_lines.push(self.lines.len());
            }
            self.lines.push(ReaderLine {
                text: line.into_owned(),
                kind,
                block,
                highlights,
            });
        }
    }

    /// The block shown at `line`.
    pub fn block_at(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |l| l.block)
    }

    /// The first line of `block` (or the last line, past the end).
    pub fn first_line_of_block(&self, block: usize) -> usize {
        self.lines
            .iter()
            .position(|line| line.block >= block)
            .unwrap_or(self.lines.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;

    fn wrapped(text: &str, width: u16, query: &str) -> WrappedArticle {
        let library = Library::from_text("t", text);
        WrappedArticle::new(&library, &library.articles[0], width, query)
    }

    #[test]
    fn lines_fit_the_width_and_keep_their_blocks() {
        let article = wrapped(
            "A headline here\n\nalpha beta gamma delta epsilon zeta.\n\nKey points\n\nlast words.",
            12,
            "",
        );
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
            heading - 1,
            "its blank line first"
        );
    }

    #[test]
    fn an_excerpt_ends_with_a_note() {
        let article = wrapped("A headline here\n\nText.\n\nContinue reading →", 40, "");
        assert_eq!(article.lines.last().map(|l| l.kind), Some(LineKind::Note));
    }

    #[test]
    fn filter_matches_are_marked_in_the_text() {
        let article = wrapped(
            "A headline here\n\nNothing.\n\nThe Norway talks.",
            40,
            "norway",
        );
        let line = &article.lines[article.hit_lines[0]];
        assert_eq!(&line.text[line.highlights[0].clone()], "Norway");
        assert_eq!(article.hit_lines.len(), 1);
    }

    #[test]
    fn zero_width_has_no_lines() {
        assert!(wrapped("A headline here\n\nText.", 0, "").lines.is_empty());
    }
}
