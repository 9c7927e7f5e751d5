//! An article as a reader is shown it: headline, meta line, body blocks and,
//! for an excerpt, the note saying so, in that order. This is the one walk
//! over an article that the reading pane (`wrapped`) and `--show`
//! (`output`) both lay out, each in its own medium, so what an article
//! shows and what its note says are decided here once.

use std::borrow::Cow;

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::article::{Article, BlockKind, Inline, flowing};
use crate::library::Library;

/// What is said under an article that is only an excerpt of a post.
pub const EXCERPT_NOTE: &str = "Excerpt: the full text continues on the original site.";

/// One piece of an article to lay out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// The headline.
    Title(&'a str),
    /// Source, words, reading time and credits ([`Library::meta_line`]).
    Meta(String),
    /// A block of the body. `number` is 1 + the block's index (0 is the
    /// headline and meta line), which a reading position keeps across
    /// widths. Paragraphs and headings come as one flowing line, to be
    /// wrapped; preformatted text keeps its lines.
    Block {
        number: usize,
        kind: BlockKind,
        text: Cow<'a, str>,
        /// Styled runs of `text`, as byte ranges of it, in order.
        styles: Vec<(Range<usize>, Inline)>,
    },
    /// The note that the article is an excerpt ([`EXCERPT_NOTE`]), numbered
    /// as a block after the last.
    ExcerptNote { number: usize },
    /// The URLs the text's `[n]` references point to, in order, numbered as
    /// a block after the last (and after the note).
    Links { number: usize, links: &'a [String] },
}

/// The marks set before a block's wrapped lines: before its first line and
/// before each line after, of the same width, so a list item's lines hang
/// under its text and a quote keeps its bar.
pub fn lead(kind: BlockKind, text: &str) -> (String, String) {
    match kind {
        BlockKind::Quote => (QUOTE_MARK.to_string(), QUOTE_MARK.to_string()),
        BlockKind::ListItem { depth, .. } => {
            let indent = "  ".repeat(usize::from(depth));
            let marker = text.split(' ').next().unwrap_or("");
            let hang = " ".repeat(marker.width() + 1);
            (indent.clone(), indent + &hang)
        }
        BlockKind::Paragraph | BlockKind::Heading | BlockKind::Preformatted => {
            (String::new(), String::new())
        }
    }
}

/// Whether `kind` follows `previous` with no blank line between: items of
/// one list sit together.
pub fn tight(previous: Option<BlockKind>, kind: BlockKind) -> bool {
    matches!(
        (previous, kind),
        (Some(BlockKind::ListItem { .. }), BlockKind::ListItem { depth, first })
            if depth > 0 || !first
    )
}

/// What runs down the left of a quoted block.
pub const QUOTE_MARK: &str = "│ ";

/// The parts of `article`, top to bottom.
pub fn parts<'a>(library: &'a Library, article: &'a Article) -> impl Iterator<Item = Part<'a>> {
    let blocks = library.blocks(article);
    let body = blocks.iter().enumerate().map(move |(index, block)| {
        let text = library.block_text(article, block);
        let text = match block.kind {
            BlockKind::Preformatted => Cow::Borrowed(text),
            _ => flowing(text),
        };
        // Styled runs index the block as stored; a hard-wrapped block that
        // had to be re-flowed comes from plain text, which has none.
        let styles = match text {
            Cow::Borrowed(_) => library
                .styles(article, block)
                .iter()
                .map(|styled| {
                    let start = styled.span.start.saturating_sub(block.span.start);
                    let end = styled.span.end.saturating_sub(block.span.start);
                    (start..end.min(text.len()), styled.style)
                })
                .collect(),
            Cow::Owned(_) => Vec::new(),
        };
        Part::Block {
            number: index + 1,
            kind: block.kind,
            text,
            styles,
        }
    });
    let note = article.truncated.then_some(Part::ExcerptNote {
        number: blocks.len() + 1,
    });
    let links = article
        .details
        .as_ref()
        .filter(|details| !details.links.is_empty())
        .map(|details| Part::Links {
            number: blocks.len() + 2,
            links: &details.links,
        });
    [
        Part::Title(library.title(article)),
        Part::Meta(library.meta_line(article)),
    ]
    .into_iter()
    .chain(body)
    .chain(note)
    .chain(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_walks_headline_meta_blocks_then_its_note() {
        let library = Library::from_text(
            "t.txt",
            "Rivers rise in the north\n\nThe water came up.\n\nContinue reading →\n\nBudget talks resume\n\nMore.",
        );
        let article = &library.articles[0];
        assert!(article.truncated, "the parser marks the excerpt");
        let found: Vec<Part> = parts(&library, article).collect();
        assert_eq!(found[0], Part::Title("Rivers rise in the north"));
        assert!(matches!(&found[1], Part::Meta(meta) if meta.starts_with("t.txt · ")));
        assert_eq!(
            found[2],
            Part::Block {
                number: 1,
                kind: BlockKind::Paragraph,
                text: Cow::Borrowed("The water came up."),
                styles: Vec::new(),
            }
        );
        assert_eq!(
            found.last(),
            Some(&Part::ExcerptNote {
                number: found.len() - 2
            })
        );
    }

    #[test]
    fn a_hard_wrapped_paragraph_arrives_as_one_flowing_line() {
        let library =
            Library::from_text("letters.txt", include_str!("../tests/fixtures/letters.txt"));
        let first = parts(&library, &library.articles[0])
            .find_map(|part| match part {
                Part::Block {
                    kind: BlockKind::Paragraph,
                    text,
                    ..
                } if text.len() > 200 => Some(text),
                _ => None,
            })
            .expect("a long paragraph");
        assert!(first.starts_with(
            "There is a particular pleasure in turning back the pages of an old garden diary and"
        ));
        assert!(!first.contains('\n'));
    }

    #[test]
    fn a_whole_post_has_no_note() {
        let library = Library::from_text(
            "t.txt",
            "Rivers rise\n\nThe water came up.\n\nBudget talks\n\nMore.",
        );
        let article = &library.articles[0];
        assert!(!article.truncated);
        assert!(!parts(&library, article).any(|part| matches!(part, Part::ExcerptNote { .. })));
    }
}
