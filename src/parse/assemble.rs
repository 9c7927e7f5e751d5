//! Articles from labelled units.
//!
//! A start opens an article; its headings and body follow until the next
//! start. Nothing a person would read is lost: furniture inside an article
//! stays in it as a paragraph (the parser's body and furniture are one to
//! a reader). Only what is certainly not text is left out: links (which
//! mark their article as an excerpt), rules, underlines, short lines
//! between a "continue reading" link and the next post ("12 comments", the
//! next post's date), and the short furniture before the first article (a
//! site's name and menu, a book's title page) when nothing there reads as
//! an article.

use std::ops::Range;

use crate::article::{Article, Block, BlockKind};

use super::Parsed;
use super::decode::Label;
use super::units::{Mark, Unit, UnitKind};

/// Most words in a line read as furniture between two posts or before the
/// first one; a longer one is text.
const MAX_FURNITURE_WORDS: usize = 12;

/// Builds the articles of `units`, labelled `labels`; `may_start` says
/// which units may be a headline at all, for text before the first start
/// that needs one.
pub fn assemble(units: &[Unit], labels: &[Label], may_start: impl Fn(usize) -> bool) -> Parsed {
    let mut parsed = Parsed::default();
    let mut draft: Option<Draft> = None;
    let first_start = labels.iter().position(|&label| label == Label::Start);
    let opening = first_start.unwrap_or(units.len());
    let mut index = opening_article(units, &labels[..opening], &may_start).unwrap_or(opening);
    if index < opening {
        let mut opened = Draft::new(&units[index], parsed.blocks.len());
        // Text above the line that opens it is the article's too.
        for (unit, &label) in units[..index].iter().zip(labels) {
            opened.take(unit, label, &mut parsed.blocks);
        }
        draft = Some(opened);
        index += 1;
    }
    while index < units.len() {
        let (unit, label) = (&units[index], labels[index]);
        match label {
            Label::Start if index >= opening => {
                if let Some(done) = draft.take() {
                    parsed.articles.push(done.finish(&parsed.blocks));
                }
                draft = Some(Draft::new(unit, parsed.blocks.len()));
            }
            _ => {
                if let Some(draft) = &mut draft {
                    draft.take(unit, label, &mut parsed.blocks);
                }
            }
        }
        index += 1;
    }
    if let Some(done) = draft.take() {
        parsed.articles.push(done.finish(&parsed.blocks));
    }
    parsed
}

/// Where an article opens among the units before the first start
/// (`before`), if anything there reads as one: a "continue reading" link
/// (which ends an article) or a paragraph longer than furniture. It opens
/// at the first of them that may be a headline, and takes in any text above
/// that line; when none may, at the first line of text, whatever its shape,
/// rather than lose the text.
fn opening_article(
    units: &[Unit],
    before: &[Label],
    may_start: &impl Fn(usize) -> bool,
) -> Option<usize> {
    let reads_as_article = units[..before.len()].iter().any(|unit| {
        matches!(unit.mark, Mark::Link(_))
            || (unit.kind == UnitKind::Text && unit.words as usize > MAX_FURNITURE_WORDS)
    });
    if !reads_as_article {
        return None;
    }
    (0..before.len())
        .find(|&index| may_start(index))
        .or_else(|| (0..before.len()).find(|&index| units[index].kind == UnitKind::Text))
}

/// The article being built; its blocks are the end of the block list.
struct Draft {
    title: Range<usize>,
    line: usize,
    first_block: usize,
    truncated: bool,
    credits: Vec<String>,
    words: usize,
    /// After a "continue reading" link: what follows, up to the next post,
    /// is between posts.
    after_link: bool,
}

impl Draft {
    fn new(headline: &Unit, first_block: usize) -> Self {
        Draft {
            title: headline.span.clone(),
            line: headline.line,
            first_block,
            truncated: false,
            credits: Vec::new(),
            words: 0,
            after_link: false,
        }
    }

    /// Takes the next unit of the article, labelled `label`.
    fn take(&mut self, unit: &Unit, label: Label, blocks: &mut Vec<Block>) {
        if matches!(unit.mark, Mark::Link(_)) {
            self.truncated = true;
            self.after_link = true;
            return;
        }
        if matches!(unit.kind, UnitKind::Rule | UnitKind::Underline) {
            return;
        }
        if self.after_link
            && label == Label::Furniture
            && unit.kind == UnitKind::Text
            && unit.words as usize <= MAX_FURNITURE_WORDS
        {
            return;
        }
        let kind = match (label, unit.kind) {
            (Label::Heading, _) => BlockKind::Heading,
            (_, UnitKind::Code | UnitKind::Table) => BlockKind::Preformatted,
            _ => BlockKind::Paragraph,
        };
        if let Mark::Credit(credit) = &unit.mark {
            self.credits.extend(credit.outlets.iter().cloned());
        }
        self.words += unit.words as usize;
        blocks.push(Block {
            kind,
            line: unit.line,
            span: unit.span.clone(),
        });
    }

    fn finish(self, blocks: &[Block]) -> Article {
        Article {
            title_span: self.title,
            source: 0,
            line: self.line,
            block_range: self.first_block..blocks.len(),
            truncated: self.truncated,
            credits: self.credits,
            details: None,
            words: self.words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(span: Range<usize>, line: usize, kind: UnitKind, mark: Mark) -> Unit {
        Unit {
            words: span.len() as u32,
            span,
            line,
            lines: 1,
            blank_before: 1,
            kind,
            mark,
        }
    }

    fn text(span: Range<usize>, line: usize) -> Unit {
        unit(span, line, UnitKind::Text, Mark::None)
    }

    fn any(_: usize) -> bool {
        true
    }

    fn lines(parsed: &Parsed, article: usize) -> Vec<usize> {
        parsed.articles[article]
            .blocks(&parsed.blocks)
            .iter()
            .map(|b| b.line)
            .collect()
    }

    #[test]
    fn starts_open_articles_and_the_rest_follows_them() {
        let units = [
            text(0..1, 1),
            text(1..2, 2),
            text(2..3, 3),
            text(3..4, 4),
            text(4..5, 5),
        ];
        let labels = [
            Label::Furniture,
            Label::Start,
            Label::Heading,
            Label::Body,
            Label::Start,
        ];
        let parsed = assemble(&units, &labels, any);
        assert_eq!(parsed.articles.len(), 2);
        let first = &parsed.articles[0];
        assert_eq!((first.title_span.clone(), first.line), (1..2, 2));
        let kinds: Vec<BlockKind> = first
            .blocks(&parsed.blocks)
            .iter()
            .map(|b| b.kind)
            .collect();
        assert_eq!(kinds, [BlockKind::Heading, BlockKind::Paragraph]);
        assert_eq!(first.words, 2);
        assert!(parsed.articles[1].blocks(&parsed.blocks).is_empty());
    }

    #[test]
    fn furniture_inside_an_article_is_kept_as_text() {
        let units = [
            text(0..1, 1),
            text(1..2, 2),
            text(2..3, 3),
            unit(3..4, 4, UnitKind::Rule, Mark::None),
            text(4..5, 5),
        ];
        let labels = [
            Label::Start,
            Label::Furniture,
            Label::Body,
            Label::Furniture,
            Label::Furniture,
        ];
        let parsed = assemble(&units, &labels, any);
        assert_eq!(lines(&parsed, 0), [2, 3, 5], "all but the rule");
    }

    #[test]
    fn short_furniture_between_a_link_and_the_next_post_is_left_out() {
        let units = [
            text(0..1, 1),
            text(1..2, 2),
            unit(2..3, 3, UnitKind::Text, Mark::Link(None)),
            text(3..5, 4),
            text(5..25, 5),
            text(25..26, 6),
        ];
        let labels = [
            Label::Start,
            Label::Body,
            Label::Furniture,
            Label::Furniture,
            Label::Furniture,
            Label::Start,
        ];
        let parsed = assemble(&units, &labels, any);
        assert!(parsed.articles[0].truncated);
        // The counter goes; a paragraph of twenty words stays.
        assert_eq!(lines(&parsed, 0), [2, 5]);
    }

    #[test]
    fn a_link_marks_an_excerpt_and_credits_are_collected() {
        let credit = super::super::credit::credit("First published by the Courier.");
        let units = [
            text(0..1, 1),
            unit(
                1..2,
                2,
                UnitKind::Text,
                Mark::Credit(Box::new(credit.expect("a credit"))),
            ),
            unit(2..3, 3, UnitKind::Text, Mark::Link(None)),
            unit(3..4, 4, UnitKind::Code, Mark::None),
        ];
        let labels = [Label::Start, Label::Body, Label::Furniture, Label::Body];
        let parsed = assemble(&units, &labels, any);
        let article = &parsed.articles[0];
        assert!(article.truncated);
        assert_eq!(article.credits, ["Courier"]);
        let kinds: Vec<BlockKind> = article
            .blocks(&parsed.blocks)
            .iter()
            .map(|b| b.kind)
            .collect();
        assert_eq!(kinds, [BlockKind::Paragraph, BlockKind::Preformatted]);
    }

    #[test]
    fn short_furniture_before_the_first_article_is_left_out() {
        let units = [text(0..1, 1), text(1..3, 2), text(3..4, 3), text(4..30, 4)];
        let labels = [
            Label::Furniture,
            Label::Furniture,
            Label::Start,
            Label::Body,
        ];
        let parsed = assemble(&units, &labels, any);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].line, 3);
    }

    #[test]
    fn text_before_the_first_start_that_reads_as_an_article_is_kept() {
        // A headline the model missed, its text and a link: an article.
        let units = [
            text(0..4, 1),
            text(4..5, 2),
            unit(5..6, 3, UnitKind::Text, Mark::Link(None)),
            text(6..7, 4),
            text(7..8, 5),
        ];
        let labels = [
            Label::Furniture,
            Label::Furniture,
            Label::Furniture,
            Label::Start,
            Label::Body,
        ];
        let parsed = assemble(&units, &labels, any);
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(parsed.articles[0].line, 1);
        assert!(parsed.articles[0].truncated);
        assert_eq!(lines(&parsed, 0), [2]);
        // A long paragraph first, which may not be a headline: the article
        // opens at the first line that may, and the paragraph is its text.
        let units = [text(0..40, 1), text(40..41, 2), text(41..80, 3)];
        let labels = [Label::Furniture, Label::Furniture, Label::Furniture];
        let parsed = assemble(&units, &labels, |index| index == 1);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].line, 2);
        assert_eq!(lines(&parsed, 0), [1, 3]);
        // Only a paragraph, too long to be a headline: it heads its article.
        let parsed = assemble(&[text(0..60, 1)], &[Label::Furniture], |_| false);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].title_span, 0..60);
    }

    #[test]
    fn nothing_at_all_gives_no_articles() {
        let parsed = assemble(&[], &[], any);
        assert!(parsed.articles.is_empty());
        assert!(parsed.blocks.is_empty());
    }
}
