//! An article as a reader is shown it: headline, meta line, body blocks and,
//! for an excerpt, the note saying so, in that order. This is the one walk
//! over an article that the reading pane (`wrapped`) and `--show`
//! (`output`) both lay out, each in its own medium, so what an article
//! shows and what its note says are decided here once.

use std::borrow::Cow;

use crate::article::{Article, BlockKind, flowing};
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
    },
    /// The note that the article is an excerpt ([`EXCERPT_NOTE`]), numbered
    /// as a block after the last.
    ExcerptNote { number: usize },
}

/// The parts of `article`, top to bottom.
pub fn parts<'a>(library: &'a Library, article: &'a Article) -> impl Iterator<Item = Part<'a>> {
    let blocks = library.blocks(article);
    let body = blocks.iter().enumerate().map(move |(index, block)| {
        let text = library.block_text(article, block);
        Part::Block {
            number: index + 1,
            kind: block.kind,
            text: match block.kind {
                BlockKind::Preformatted => Cow::Borrowed(text),
                BlockKind::Paragraph | BlockKind::Heading => flowing(text),
            },
        }
    });
    let note = article.truncated.then_some(Part::ExcerptNote {
        number: blocks.len() + 1,
    });
    [
        Part::Title(library.title(article)),
        Part::Meta(library.meta_line(article)),
    ]
    .into_iter()
    .chain(body)
    .chain(note)
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
