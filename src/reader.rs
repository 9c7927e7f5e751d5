//! An article laid out for the reading pane: wrapped once for a width, so
//! each frame only slices ready lines. Filter matches are found on the lines
//! shown (or searched for by `n`), so a new filter never re-wraps.

use crate::article::{Article, BlockKind, flowing, preformatted_lines};
use crate::filter::matching::text_hits;
use crate::filter::query::Query;
use crate::library::Library;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::listing::{fit, meta_line};

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
    /// The note that an excerpt continues elsewhere.
    Note,
    /// Space between blocks.
    Blank,
}

/// Longest paragraph wrapped best fit (see [`WrappedArticle::push_wrapped`]).
const BEST_FIT_MAX_BYTES: usize = 256 * 1024;

/// Lines of `text` at most `width` columns wide, as many words on each as
/// fit, given to `push` one by one; a word wider than a line is cut.
fn first_fit(text: &str, width: usize, push: &mut impl FnMut(&str)) {
    let width = width.max(1);
    // The line being filled: where it starts in `text`, where its last word
    // ends, and its width so far.
    let mut start = 0;
    let mut end = 0;
    let mut used = 0;
    for (at, word) in text
        .split(' ')
        .scan(0, |offset, word| {
            let at = *offset;
            *offset += word.len() + 1;
            Some((at, word))
        })
        .filter(|(_, word)| !word.is_empty())
    {
        let word_width = word.width();
        if used > 0 && used + 1 + word_width <= width {
            end = at + word.len();
            used += 1 + word_width;
            continue;
        }
        if used > 0 {
            push(&text[start..end]);
        }
        if word_width <= width {
            (start, end, used) = (at, at + word.len(), word_width);
            continue;
        }
        // Too wide for any line: cut it into lines of its own.
        let mut piece_start = at;
        let mut piece_width = 0;
        for (offset, c) in word.char_indices() {
            let c_width = c.width().unwrap_or(0);
            if piece_width + c_width > width && piece_width > 0 {
                push(&text[piece_start..at + offset]);
                (piece_start, piece_width) = (at + offset, 0);
            }
            piece_width += c_width;
        }
        (start, end, used) = (piece_start, at + word.len(), piece_width);
    }
    if used > 0 {
        push(&text[start..end]);
    }
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
}

/// An article wrapped for one width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappedArticle {
    /// The lines, top to bottom.
    pub lines: Vec<ReaderLine>,
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
        wrapped.push_wrapped(library.title(article), LineKind::Title, 0);
        wrapped.push_wrapped(&meta_line(library, article), LineKind::Meta, 0);
        for (index, block) in library.blocks(article).iter().enumerate() {
            wrapped.push_blank(index + 1);
            let text = library.block_text(article, block);
            match block.kind {
                BlockKind::Paragraph => {
                    wrapped.push_wrapped(&flowing(text), LineKind::Body, index + 1)
                }
                BlockKind::Heading => {
                    wrapped.push_wrapped(&flowing(text), LineKind::Heading, index + 1)
                }
                BlockKind::Preformatted => wrapped.push_preformatted(text, index + 1),
            }
        }
        if article.truncated {
            let last = library.blocks(article).len() + 1;
            wrapped.push_blank(last);
            wrapped.push_wrapped(
                "The full text continues on the original site.",
                LineKind::Note,
                last,
            );
        }
        wrapped
    }

    fn push_blank(&mut self, block: usize) {
        self.lines.push(ReaderLine {
            text: String::new(),
            kind: LineKind::Blank,
            block,
        });
    }

    /// Wraps `text` best fit (textwrap), or, for an absurdly long
    /// paragraph (a 100 MB line), greedily by itself: best fit wraps a few
    /// MB a second and holds a record per word, many times the text.
    fn push_wrapped(&mut self, text: &str, kind: LineKind, block: usize) {
        let mut push = |line: &str| {
            self.lines.push(ReaderLine {
                text: line.to_string(),
                kind,
                block,
            });
        };
        if text.len() > BEST_FIT_MAX_BYTES {
            first_fit(text, self.width, &mut push);
        } else {
            for line in textwrap::wrap(text, self.width) {
                push(&line);
            }
        }
    }

    /// Lines kept as they are; one wider than the pane is cut, with a mark
    /// where it was cut, rather than wrapped into something it never said.
    fn push_preformatted(&mut self, text: &str, block: usize) {
        for line in preformatted_lines(text) {
            self.lines.push(ReaderLine {
                text: fit(line, self.width),
                kind: LineKind::Preformatted,
                block,
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
                LineKind::Body | LineKind::Heading | LineKind::Preformatted
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
    use super::*;

    fn first_fit_lines(text: &str, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        first_fit(text, width, &mut |line: &str| lines.push(line.to_string()));
        lines
    }

    #[test]
    fn first_fit_fills_lines_and_cuts_only_words_wider_than_a_line() {
        assert_eq!(
            first_fit_lines("aa bb cc dd  ee", 5),
            ["aa bb", "cc dd", "ee"]
        );
        assert_eq!(
            first_fit_lines("abcdefgh ij", 3),
            ["abc", "def", "gh", "ij"]
        );
        // Wide characters count two columns.
        assert_eq!(first_fit_lines("中文字 ab", 4), ["中文", "字", "ab"]);
        assert!(first_fit_lines("   ", 4).is_empty());
    }

    #[test]
    fn a_paragraph_too_long_for_best_fit_keeps_every_word_within_the_width() {
        let words: Vec<String> = (0..60_000).map(|i| format!("w{i}")).collect();
        let text = format!("Title\n\n{}", words.join(" "));
        assert!(text.len() > BEST_FIT_MAX_BYTES);
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
