//! Segmentation: splits cleaned text into posts, headings and paragraphs.
//!
//! A dump marks nothing but paragraphs (one per line, blank lines between),
//! so each headline-shaped line is judged by its context, in one pass:
//!
//! - the first paragraph, and the one after a "continue reading" link, start
//!   a post;
//! - bylines, datelines, captions and credit lines are never headlines;
//! - a headline-shaped line right after a reprint announcement is the
//!   reprinted piece's headline (an in-article heading);
//! - a line after a wider gap than the dump's usual one between paragraphs
//!   (two blank lines where paragraphs are one apart) starts a post;
//! - lines after one that ends in a colon are items of a list;
//! - a line right after a headline is its standfirst or byline;
//! - a line of a few words inside a post is a subheading;
//! - any other headline-shaped line starts a post.
//!
//! A link that names an earlier line corrects a missed start afterwards.

use std::ops::Range;

use crate::article::{Article, Block, BlockKind};
use crate::parse::Parsed;

use super::lines::{
    LineFacts, LineKind, MAX_COUNTED_GAP, count_words, for_each_line_fact, spacing,
};
use super::link::names_headline;
use super::shape::{HeadlineShape, headline_shape};

/// Longest headline, in characters, that starts a post; longer label-like
/// lines are captions or unpunctuated paragraphs. Reprint headlines, which
/// follow an announcement, may be as long as any heading.
const MAX_POST_HEADLINE_CHARS: usize = 160;
/// Most words in a headline that starts a post.
const MAX_POST_HEADLINE_WORDS: usize = 28;
/// Most words in a line read as a subheading rather than a post's headline.
const MAX_SUBHEADING_WORDS: usize = 3;

/// Splits cleaned text into articles. Spans in the result index `text`.
pub fn segment(text: &str) -> Parsed {
    segment_with_threads(
        text,
        std::thread::available_parallelism().map_or(1, usize::from),
    )
}

/// [`segment`] with a given number of threads: the spacing and the line
/// facts are worked out in parallel, the decisions in one pass.
pub fn segment_with_threads(text: &str, threads: usize) -> Parsed {
    let spacing = spacing(text, threads);
    let mut segmenter = Segmenter {
        text,
        // Every article and every block has a line of its own, so this is
        // the most there can be; the pages never written to are never touched.
        finished: Vec::with_capacity(spacing.lines),
        blocks: Vec::with_capacity(spacing.lines),
        draft: None,
        previous: Previous::Nothing,
        post_gap: usual_gap(&spacing.gaps) + 1,
    };
    for_each_line_fact(text, threads, |facts| segmenter.line(facts));
    segmenter.finish_draft(false);
    Parsed {
        articles: segmenter.finished,
        blocks: segmenter.blocks,
    }
}

/// What the previous paragraph turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Previous {
    Nothing,
    Headline,
    Heading,
    Paragraph,
    Announcement,
    /// A paragraph ending in a colon: what follows is a list or a quote.
    ListLead,
    ListItem,
    Link,
}

/// What a paragraph is, decided by [`role`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Start,
    Heading,
    Paragraph,
    ListItem,
}

/// The facts about a paragraph's surroundings that [`role`] weighs.
#[derive(Clone, Copy, Debug)]
struct Context {
    in_article: bool,
    previous: Previous,
    blank_before: usize,
    /// Blank lines that mark a post boundary on their own.
    post_gap: usize,
    reprint_headline_due: bool,
}

/// Decides a paragraph's role from its shape and its context.
fn role(shape: Option<HeadlineShape>, context: Context) -> Role {
    if !context.in_article || context.previous == Previous::Link {
        return Role::Start;
    }
    let Some(shape) = shape else {
        return Role::Paragraph;
    };
    if context.reprint_headline_due {
        return Role::Heading;
    }
    if shape.chars > MAX_POST_HEADLINE_CHARS || shape.words > MAX_POST_HEADLINE_WORDS {
        return Role::Paragraph;
    }
    if context.blank_before >= context.post_gap {
        return Role::Start;
    }
    match context.previous {
        Previous::ListLead | Previous::ListItem => Role::ListItem,
        Previous::Headline => Role::Paragraph,
        _ if shape.words <= MAX_SUBHEADING_WORDS => Role::Heading,
        _ => Role::Start,
    }
}

/// How many reprinted headlines an announcement promised, and how many came.
#[derive(Clone, Copy, Debug)]
struct Reprint {
    expected: usize,
    seen: usize,
}

/// The post being built. Its blocks are the last run of the segmenter's
/// block list: pushed there as they come, never gathered per post.
#[derive(Debug)]
struct Draft {
    title: Range<usize>,
    line: usize,
    blocks: Range<usize>,
    /// Words in the blocks.
    words: usize,
    /// Credits by the index (within the draft) of the block that holds them.
    credits: Vec<(usize, Vec<String>)>,
    reprint: Option<Reprint>,
}

impl Draft {
    /// A draft whose blocks will start at `first_block` of the block list.
    fn new(title: Range<usize>, line: usize, first_block: usize) -> Self {
        Draft {
            title,
            line,
            blocks: first_block..first_block,
            words: 0,
            credits: Vec::new(),
            reprint: None,
        }
    }

    fn push(&mut self, blocks: &mut Vec<Block>, kind: BlockKind, facts: &LineFacts) {
        blocks.push(Block {
            kind,
            line: facts.line,
            span: facts.span.clone(),
        });
        self.blocks.end = blocks.len();
        self.words += facts.words;
    }

    /// Cuts the draft at its block `at`, which becomes the headline of the
    /// returned draft (and leaves the block list); the blocks after it go
    /// along.
    fn split_off(&mut self, at: usize, blocks: &mut Vec<Block>, text: &str) -> Draft {
        let cut = self.blocks.start + at;
        let moved_words: usize = blocks[cut..self.blocks.end]
            .iter()
            .map(|block| count_words(&text[block.span.clone()]))
            .sum();
        self.words -= moved_words;
        let headline = blocks.remove(cut);
        let words = moved_words - count_words(&text[headline.span.clone()]);
        let credits = self
            .credits
            .extract_if(.., |(index, _)| *index > at)
            .map(|(index, outlets)| (index - at - 1, outlets))
            .collect();
        self.credits.retain(|(index, _)| *index < at);
        self.blocks.end = cut;
        Draft {
            title: headline.span,
            line: headline.line,
            blocks: cut..blocks.len(),
            words,
            credits,
            reprint: None,
        }
    }
}

struct Segmenter<'t> {
    text: &'t str,
    finished: Vec<Article>,
    /// Every finished article's blocks, then the draft's.
    blocks: Vec<Block>,
    draft: Option<Draft>,
    previous: Previous,
    post_gap: usize,
}

impl Segmenter<'_> {
    fn line(&mut self, facts: LineFacts) {
        let (shape, credit, ends_with_colon) = match &facts.kind {
            LineKind::Link(target) => {
                self.link(target.clone());
                return;
            }
            LineKind::Credit(credit) => (None, Some(credit), false),
            LineKind::Text {
                shape,
                ends_with_colon,
                furniture,
            } => {
                if *furniture && self.between_posts() {
                    // "12 comments" under the last post, a date over the
                    // next: part of neither, and never a post's start.
                    return;
                }
                (*shape, None, *ends_with_colon)
            }
        };
        match role(shape, self.context(facts.blank_before)) {
            Role::Start => {
                match self.take_bare_heading() {
                    // "Weekly roundup" then a longer line: a short headline
                    // and its standfirst, not a subheading and a post.
                    Some(headline) if !is_kicker(&self.text[headline.span.clone()]) => {
                        self.finish_draft(false);
                        let mut draft = Draft::new(headline.span, headline.line, self.blocks.len());
                        draft.push(&mut self.blocks, BlockKind::Paragraph, &facts);
                        self.draft = Some(draft);
                        self.previous = Previous::Paragraph;
                        return;
                    }
                    // A section label over the headline: dropped, like furniture.
                    _ => {}
                }
                self.finish_draft(false);
                self.draft = Some(Draft::new(
                    facts.span.clone(),
                    facts.line,
                    self.blocks.len(),
                ));
                self.previous = Previous::Headline;
            }
            Role::Heading => {
                let due = self.reprint_headline_due();
                if let Some(draft) = &mut self.draft {
                    if due && let Some(reprint) = &mut draft.reprint {
                        reprint.seen += 1;
                    }
                    draft.push(&mut self.blocks, BlockKind::Heading, &facts);
                }
                self.previous = Previous::Heading;
            }
            Role::ListItem => {
                self.previous = Previous::ListItem;
                if let Some(draft) = &mut self.draft {
                    draft.push(&mut self.blocks, BlockKind::Paragraph, &facts);
                }
            }
            Role::Paragraph => {
                self.previous = if ends_with_colon {
                    Previous::ListLead
                } else {
                    Previous::Paragraph
                };
                if let Some(draft) = &mut self.draft {
                    if let Some(credit) = credit {
                        if let Some(announcement) = credit.announcement {
                            draft.reprint = Some(Reprint {
                                expected: announcement.headlines,
                                seen: 0,
                            });
                            self.previous = Previous::Announcement;
                        }
                        if !credit.outlets.is_empty() {
                            draft
                                .credits
                                .push((draft.blocks.len(), credit.outlets.clone()));
                        }
                    }
                    draft.push(&mut self.blocks, BlockKind::Paragraph, &facts);
                }
            }
        }
    }

    /// A subheading with nothing under it, right before a post's start, is
    /// no subheading: it is that post's own short headline, or a section
    /// label over it. Takes it back from the post it was put in. Reprinted
    /// headlines stay where the announcement put them.
    fn take_bare_heading(&mut self) -> Option<Block> {
        if self.previous != Previous::Heading {
            return None;
        }
        let draft = self.draft.as_mut()?;
        if draft.reprint.is_some_and(|reprint| reprint.seen > 0) {
            return None;
        }
        // The draft's blocks end the list, so its last block is the list's.
        let last = self.blocks.get(draft.blocks.clone())?.last()?;
        if last.kind != BlockKind::Heading {
            return None;
        }
        let block = self.blocks.pop()?;
        draft.blocks.end = self.blocks.len();
        draft.words -= count_words(&self.text[block.span.clone()]);
        Some(block)
    }

    /// Before the first post, or after a link ended the last one.
    fn between_posts(&self) -> bool {
        self.draft.is_none() || self.previous == Previous::Link
    }

    fn context(&self, blank_before: usize) -> Context {
        Context {
            in_article: self.draft.is_some(),
            previous: self.previous,
            blank_before,
            post_gap: self.post_gap,
            reprint_headline_due: self.reprint_headline_due(),
        }
    }

    /// After an announcement one reprint headline is due; after a plural one,
    /// more are, once the first has come.
    fn reprint_headline_due(&self) -> bool {
        let Some(reprint) = self.draft.as_ref().and_then(|draft| draft.reprint) else {
            return false;
        };
        match self.previous {
            Previous::Announcement => true,
            Previous::Heading | Previous::Paragraph | Previous::ListLead | Previous::ListItem => {
                reprint.seen >= 1 && reprint.seen < reprint.expected
            }
            _ => false,
        }
    }

    /// A "continue reading" link ends the current post. If it names a line
    /// inside the post rather than its headline, that line was a missed start.
    fn link(&mut self, target: Option<Range<usize>>) {
        self.previous = Previous::Link;
        let Some(draft) = &mut self.draft else {
            return;
        };
        if let Some(target) = target.map(|span| &self.text[span])
            && !names_headline(target, &self.text[draft.title.clone()])
        {
            let named = self.blocks[draft.blocks.clone()].iter().rposition(|block| {
                let text = &self.text[block.span.clone()];
                headline_shape(text).is_some() && names_headline(target, text)
            });
            if let Some(at) = named {
                let tail = draft.split_off(at, &mut self.blocks, self.text);
                self.finish_draft(false);
                self.draft = Some(tail);
            }
        }
        self.finish_draft(true);
    }

    fn finish_draft(&mut self, truncated: bool) {
        if let Some(draft) = self.draft.take() {
            self.finished.push(Article {
                title_span: draft.title,
                source: 0,
                line: draft.line,
                block_range: draft.blocks,
                truncated,
                credits: draft
                    .credits
                    .into_iter()
                    .flat_map(|(_, outlets)| outlets)
                    .collect(),
                words: draft.words,
            });
        }
    }
}

/// A section label over a headline ("POLITICS", "Opinion"): one word, or
/// every letter a capital. Short headlines have a few words in ordinary case.
fn is_kicker(line: &str) -> bool {
    let one_word = line.split_whitespace().nth(1).is_none();
    let letters = line.chars().filter(|c| c.is_alphabetic());
    let all_capitals = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
    one_word || all_capitals
}

/// The most common number of blank lines between paragraphs (1 in most
/// dumps, 2 in double-spaced ones), so a "wide gap" means wider than that.
/// `gaps` counts each gap size, as [`spacing`] does.
fn usual_gap(gaps: &[usize; MAX_COUNTED_GAP + 1]) -> usize {
    (1..=MAX_COUNTED_GAP)
        .max_by_key(|&gap| (gaps[gap], std::cmp::Reverse(gap)))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleId;

    /// Parses `text` and returns (title, line, truncated, headings) per article.
    fn outline(text: &str) -> Vec<(String, usize, bool, Vec<String>)> {
        let parsed = segment(text);
        parsed
            .articles
            .iter()
            .map(|article| {
                let headings = article
                    .headings(&parsed.blocks)
                    .map(|block| text[block.span.clone()].to_string())
                    .collect();
                let title = article.title(text).to_string();
                (title, article.line, article.truncated, headings)
            })
            .collect()
    }

    fn titles(text: &str) -> Vec<String> {
        segment(text)
            .articles
            .iter()
            .map(|article| article.title(text).to_string())
            .collect()
    }

    const BODY: &str =
        "The committee met for three hours and agreed on a plan that nobody had expected.";

    fn context(previous: Previous) -> Context {
        Context {
            in_article: true,
            previous,
            blank_before: 1,
            post_gap: 2,
            reprint_headline_due: false,
        }
    }

    fn shape(words: usize, chars: usize) -> Option<HeadlineShape> {
        Some(HeadlineShape { chars, words })
    }

    #[test]
    fn articles_segmented_on_several_threads_are_those_segmented_on_one() {
        // More than a megabyte, so the line facts are scanned on workers.
        let posts = 30_000;
        let text: String = (0..posts)
            .map(|n| format!("Headline number {n} here\n\nThe body of post {n} says little.\n\n"))
            .collect();
        let one = segment_with_threads(&text, 1);
        assert_eq!(one.articles.len(), posts);
        assert_eq!(one.articles[7].title(&text), "Headline number 7 here");
        assert_eq!(
            one.articles[7].id(&text, &one.blocks),
            ArticleId::derive("Headline number 7 here", "The body of post 7 says little.")
        );
        for threads in [2, 3] {
            assert_eq!(
                segment_with_threads(&text, threads),
                one,
                "{threads} threads"
            );
        }
    }

    #[test]
    fn the_first_paragraph_starts_a_post_whatever_its_shape() {
        let first = Context {
            in_article: false,
            ..context(Previous::Nothing)
        };
        assert_eq!(role(None, first), Role::Start);
    }

    #[test]
    fn a_paragraph_after_a_link_starts_a_post() {
        assert_eq!(role(None, context(Previous::Link)), Role::Start);
    }

    #[test]
    fn a_due_reprint_headline_is_a_heading_even_when_long() {
        let due = Context {
            reprint_headline_due: true,
            ..context(Previous::Announcement)
        };
        assert_eq!(role(shape(40, 250), due), Role::Heading);
    }

    #[test]
    fn an_overlong_label_is_a_paragraph() {
        assert_eq!(
            role(shape(30, 150), context(Previous::Paragraph)),
            Role::Paragraph
        );
        assert_eq!(
            role(shape(20, 200), context(Previous::Paragraph)),
            Role::Paragraph
        );
    }

    #[test]
    fn a_wide_gap_starts_a_post_even_for_a_short_line() {
        let gap = Context {
            blank_before: 2,
            ..context(Previous::Paragraph)
        };
        assert_eq!(role(shape(3, 20), gap), Role::Start);
    }

    #[test]
    fn a_few_words_inside_a_post_are_a_subheading() {
        assert_eq!(
            role(shape(3, 20), context(Previous::Paragraph)),
            Role::Heading
        );
    }

    #[test]
    fn a_line_right_after_a_headline_is_its_standfirst() {
        assert_eq!(
            role(shape(3, 20), context(Previous::Headline)),
            Role::Paragraph
        );
        assert_eq!(
            role(shape(12, 70), context(Previous::Headline)),
            Role::Paragraph
        );
    }

    #[test]
    fn lines_after_a_colon_are_list_items() {
        assert_eq!(
            role(shape(8, 50), context(Previous::ListLead)),
            Role::ListItem
        );
        assert_eq!(
            role(shape(8, 50), context(Previous::ListItem)),
            Role::ListItem
        );
        assert_eq!(role(None, context(Previous::ListItem)), Role::Paragraph);
    }

    #[test]
    fn four_words_after_a_paragraph_start_a_post() {
        assert_eq!(
            role(shape(4, 25), context(Previous::Paragraph)),
            Role::Start
        );
    }

    #[test]
    fn a_headline_after_a_paragraph_starts_a_post() {
        assert_eq!(
            role(shape(8, 50), context(Previous::Paragraph)),
            Role::Start
        );
    }

    #[test]
    fn posts_split_at_headline_shaped_lines() {
        let text = format!(
            "First post about budgets\n\n{BODY}\n\n{BODY}\n\nSecond post about rivers\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                ("First post about budgets".into(), 1, false, vec![]),
                ("Second post about rivers".into(), 7, false, vec![]),
            ]
        );
    }

    #[test]
    fn short_lines_inside_a_post_stay_in_it() {
        let text = format!(
            "Council agrees on a budget plan\n\n{BODY}\n\nDear colleagues,\n\n{BODY}\n\nKey figures\n\n{BODY}\n\nThank you, all.\n\nRiver levels rise across the north\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                (
                    "Council agrees on a budget plan".into(),
                    1,
                    false,
                    vec!["Key figures".into()]
                ),
                (
                    "River levels rise across the north".into(),
                    15,
                    false,
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn a_link_marks_the_post_truncated_and_is_not_kept() {
        let text = format!(
            "Council agrees on a budget plan\n\n{BODY}\n\nContinue reading Council agrees on a budget plan\n\nNext one\n\n{BODY}"
        );
        let articles = segment(&text).articles;
        assert_eq!(articles.len(), 2);
        assert!(articles[0].truncated);
        assert_eq!(articles[0].block_range.len(), 1);
        assert!(!articles[1].truncated);
        assert_eq!(articles[1].title(&text), "Next one");
    }

    #[test]
    fn a_link_naming_a_line_inside_the_post_splits_it_there() {
        // "Old mill reopens" is short enough to pass for a subheading, until
        // the link names it.
        let text = format!(
            "Council agrees on a budget plan\n\n{BODY}\n\nOld mill reopens\n\n{BODY}\n\nContinue reading Old mill reopens"
        );
        assert_eq!(
            outline(&text),
            [
                ("Council agrees on a budget plan".into(), 1, false, vec![]),
                ("Old mill reopens".into(), 5, true, vec![]),
            ]
        );
    }

    #[test]
    fn an_announced_reprint_headline_is_a_heading() {
        let text = format!(
            "Council agrees on a budget plan\n\n{BODY}\n\nThe following article was originally published by the Daily Courier.\n\nCourier Reports on the Council Budget Agreement\n\n{BODY}\n\nRiver levels rise across the north\n\n{BODY}"
        );
        let articles = segment(&text).articles;
        assert_eq!(
            outline(&text),
            [
                (
                    "Council agrees on a budget plan".into(),
                    1,
                    false,
                    vec!["Courier Reports on the Council Budget Agreement".into()]
                ),
                (
                    "River levels rise across the north".into(),
                    11,
                    false,
                    vec![]
                ),
            ]
        );
        assert_eq!(articles[0].credits, ["Daily Courier"]);
    }

    #[test]
    fn a_plural_announcement_takes_a_headline_per_outlet_and_no_more() {
        let text = format!(
            "Delegation visits the capital\n\n{BODY}\n\nThe following articles were originally published by the Wire and by the Herald.\n\nWire Story on the Visit by the Delegation\n\n{BODY}\n\n\nHerald story on the same visit by the delegation\n\n{BODY}\n\nA third headline that starts a new post\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                (
                    "Delegation visits the capital".into(),
                    1,
                    false,
                    vec![
                        "Wire Story on the Visit by the Delegation".into(),
                        "Herald story on the same visit by the delegation".into()
                    ]
                ),
                (
                    "A third headline that starts a new post".into(),
                    16,
                    false,
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn a_reprint_that_opens_with_text_has_no_heading() {
        let text = format!(
            "Envoy speaks at the assembly\n\n{BODY}\n\nThe following text was first published by the Mission.\n\nMister Chair,\n\n{BODY}\n\nThank you, Mister Chair.\n\nRiver levels rise across the north\n\n{BODY}"
        );
        assert_eq!(
            titles(&text),
            [
                "Envoy speaks at the assembly",
                "River levels rise across the north"
            ]
        );
    }

    #[test]
    fn counters_after_a_link_and_dates_before_a_headline_start_nothing() {
        let text = format!(
            "March 3, 2025\n\nBridge reopens after repairs\n\n{BODY}\n\nRead more »\n\n12 comments\n\nShare this:\n\nMarch 1, 2025\n\nSchools extend the holidays\n\n{BODY}"
        );
        assert_eq!(
            titles(&text),
            [
                "Bridge reopens after repairs",
                "Schools extend the holidays"
            ]
        );
        let articles = segment(&text).articles;
        assert!(articles[0].truncated);
        // Dropped, not folded into either post.
        assert_eq!(articles[0].block_range.len(), 1);
        assert_eq!(articles[1].block_range.len(), 1);
    }

    #[test]
    fn advertisement_markers_neither_end_a_post_nor_head_a_section() {
        let text = format!(
            "Bridge reopens after repairs\n\n{BODY}\n\nAdvertisement\n\nContinue reading the main story\n\n{BODY}\n\nSchools extend the holidays\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                ("Bridge reopens after repairs".to_string(), 1, false, vec![]),
                ("Schools extend the holidays".to_string(), 11, false, vec![]),
            ]
        );
    }

    #[test]
    fn a_short_headline_over_a_standfirst_starts_its_post() {
        let text = format!(
            "Budget talks resume in Oslo\n\n{BODY}\n\nWeekly roundup\n\nHere is what the council did this week\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                ("Budget talks resume in Oslo".to_string(), 1, false, vec![]),
                ("Weekly roundup".to_string(), 5, false, vec![]),
            ]
        );
        let articles = segment(&text).articles;
        assert_eq!(
            articles[0].block_range.len(),
            1,
            "the first post lost nothing else"
        );
        assert_eq!(articles[1].block_range.len(), 2, "standfirst and body");
        assert_eq!(articles[0].words + articles[1].words, 2 * 15 + 8);
    }

    #[test]
    fn sharing_buttons_under_a_post_are_no_headline_of_the_next() {
        let text = format!(
            "Budget talks resume in Oslo\n\n{BODY}\n\nShare on Twitter\n\nSenate passes the spending bill after a late vote\n\n{BODY}"
        );
        assert_eq!(
            titles(&text),
            [
                "Budget talks resume in Oslo",
                "Senate passes the spending bill after a late vote"
            ]
        );
    }

    #[test]
    fn a_section_label_over_a_headline_is_neither_title_nor_heading() {
        for label in ["POLITICS", "Opinion", "WORLD NEWS"] {
            let text = format!(
                "Budget talks resume in Oslo\n\n{BODY}\n\n{label}\n\nSenate passes the spending bill after a late vote\n\n{BODY}"
            );
            assert_eq!(
                outline(&text),
                [
                    ("Budget talks resume in Oslo".to_string(), 1, false, vec![]),
                    (
                        "Senate passes the spending bill after a late vote".to_string(),
                        7,
                        false,
                        vec![]
                    ),
                ],
                "{label}"
            );
        }
    }

    #[test]
    fn a_subheading_with_text_under_it_stays_a_subheading() {
        let text = format!("Budget talks resume in Oslo\n\n{BODY}\n\nWhat comes next\n\n{BODY}");
        assert_eq!(
            outline(&text),
            [(
                "Budget talks resume in Oslo".to_string(),
                1,
                false,
                vec!["What comes next".to_string()]
            )]
        );
    }

    #[test]
    fn furniture_inside_a_post_stays_in_it() {
        let text = format!("Bridge reopens after repairs\n\nBy Jane Doe\n\n{BODY}\n\n3 comments");
        let Parsed { articles, blocks } = segment(&text);
        assert_eq!(articles.len(), 1);
        let texts: Vec<&str> = articles[0]
            .blocks(&blocks)
            .iter()
            .map(|block| &text[block.span.clone()])
            .collect();
        assert_eq!(texts, ["By Jane Doe", BODY, "3 comments"]);
    }

    #[test]
    fn credit_lines_are_never_headlines() {
        let text = format!(
            "Council agrees on a budget plan\n\n{BODY}\n\nThis piece first appeared in the Weekly Review\n\n{BODY}"
        );
        let articles = segment(&text).articles;
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].credits, ["Weekly Review"]);
    }

    #[test]
    fn lines_keep_their_numbers_and_spans_skip_indentation() {
        let text = "\n\n  Indented headline here  \n\n\tbody text follows.";
        let Parsed { articles, blocks } = segment(text);
        assert_eq!(articles[0].line, 3);
        assert_eq!(articles[0].title(text), "Indented headline here");
        assert_eq!(
            &text[articles[0].blocks(&blocks)[0].span.clone()],
            "body text follows."
        );
    }

    #[test]
    fn words_count_the_body_only() {
        let articles = segment("A headline of five words\n\none two three\n\nfour five").articles;
        assert_eq!(articles[0].words, 5);
    }

    #[test]
    fn the_usual_gap_is_the_most_common_one() {
        let single = format!("Headline number one here\n\n{BODY}\n\n{BODY}\n\n\n{BODY}");
        assert_eq!(usual_gap(&spacing(&single, 1).gaps), 1);
        let double = single.replace("\n\n", "\n\n\n");
        assert_eq!(usual_gap(&spacing(&double, 1).gaps), 2);
        assert_eq!(usual_gap(&spacing("One line only", 1).gaps), 1);
    }

    #[test]
    fn in_a_double_spaced_dump_subheadings_stay_in_their_post() {
        let text = format!(
            "Council agrees on a budget plan\n\n\n{BODY}\n\n\nKey figures\n\n\n{BODY}\n\n\n\nRiver levels rise across the north\n\n\n{BODY}"
        );
        assert_eq!(
            outline(&text),
            [
                (
                    "Council agrees on a budget plan".into(),
                    1,
                    false,
                    vec!["Key figures".into()]
                ),
                (
                    "River levels rise across the north".into(),
                    14,
                    false,
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn empty_and_blank_input_has_no_articles() {
        assert_eq!(segment(""), Parsed::default());
        assert_eq!(segment("\n\n   \n"), Parsed::default());
    }
}
