//! The parser: untrusted bytes in, articles out, with no I/O inside.
//!
//! A plain-text dump marks nothing for certain, so the parser weighs
//! evidence instead of following rules:
//!
//! 1. [`crate::text`] has made the text inert and regular (the library
//!    cleans every input before it reaches the parser);
//! 2. [`spacing`] and [`wrap`] measure how the dump is laid out, and
//!    [`units`] groups its lines into paragraphs, code, tables and rules
//!    ([`markup`]);
//! 3. [`features`] describes every unit and its place (with the signals of
//!    [`shape`], [`furniture`], [`link`], [`credit`], [`cohesion`] and
//!    [`recurrence`]);
//! 4. [`model`] scores each label for each unit with the fitted
//!    [`weights`], and [`decode`] finds the best labelling of the whole dump:
//!    first of which lines are headlines of any kind, then, from how each
//!    compares with the dump's other headline lines ([`style`]), which of
//!    them start articles and which head sections;
//! 5. [`assemble`] turns the labels into articles.

pub mod assemble;
pub mod cohesion;
pub mod credit;
pub mod decode;
pub mod features;
pub mod furniture;
pub mod link;
pub mod marks;
pub mod markup;
pub mod model;
pub mod recurrence;
pub mod shape;
pub mod spacing;
pub mod style;
pub mod tokens;
pub mod units;
pub mod weights;
pub mod words;
pub mod wrap;

use crate::article::{Article, Block};

use decode::{ANY, Label};
use features::{Context, Features, Layout};
use marks::Marks;
use model::Stage;
use units::{Mark, Unit, UnitKind};

/// What parsing one text gives: its articles, and the one list of blocks
/// their `blocks` ranges index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The posts, in order.
    pub articles: Vec<Article>,
    /// Every post's paragraphs and headings, post after post.
    pub blocks: Vec<Block>,
}

/// Parses text that has already been through [`crate::text::clean`].
pub fn parse(clean_text: &str) -> Parsed {
    parse_marked(clean_text, &Marks::default())
}

/// [`parse`], with the person's word on how the text is marked.
pub fn parse_marked(clean_text: &str, marks: &Marks) -> Parsed {
    parse_with_threads(
        clean_text,
        marks,
        std::thread::available_parallelism().map_or(1, usize::from),
    )
}

/// [`parse_marked`] with a given number of threads for the work that
/// splits.
pub fn parse_with_threads(clean_text: &str, marks: &Marks, threads: usize) -> Parsed {
    let prepared = prepare(clean_text, marks, threads);
    let labels = label(clean_text, &prepared, &weights::WEIGHTS);
    // The features and words are not needed to assemble the articles: they
    // are let go before the articles' blocks are made.
    let Prepared { units, allowed, .. } = prepared;
    let mut parsed = assemble(&units, &allowed, &labels);
    count_cjk_words(clean_text, &mut parsed);
    parsed
}

/// Adds to each article's words what a reader counts beyond the words
/// between spaces: every Chinese or Japanese character is a word, as word
/// counters count them. Text without such characters costs one fast scan.
fn count_cjk_words(clean_text: &str, parsed: &mut Parsed) {
    for article in &mut parsed.articles {
        let extra: usize = article
            .blocks(&parsed.blocks)
            .iter()
            .filter_map(|block| clean_text.get(block.span.clone()))
            .map(words::cjk_extra_words)
            .sum();
        article.words += extra;
    }
}

/// The articles of units labelled `labels`, given the labels each unit may
/// have (`allowed`).
pub fn assemble(units: &[Unit], allowed: &[u8], labels: &[Label]) -> Parsed {
    assemble::assemble(units, labels, |index| {
        allowed[index] & Label::Start.bit() != 0
    })
}

/// A text's units and their features: everything labelling needs.
#[derive(Debug)]
pub struct Prepared {
    /// The units, in order.
    pub units: Vec<Unit>,
    /// Their features.
    pub features: Features,
    /// The labels each unit may have at all (see [`allowed`]).
    pub allowed: Vec<u8>,
    /// Their content words.
    pub words: tokens::UnitWords,
}

/// Splits `text` into units and works out their features, and the labels
/// each may have given what the person said (`marks`).
pub fn prepare(text: &str, marks: &Marks, threads: usize) -> Prepared {
    let spacing = spacing::spacing(text, threads);
    let wrap = wrap::wrap_column(&spacing.run_on);
    let mut units = units::units(text, &spacing, wrap);
    marks.mark_separators(text, &mut units);
    let layout = Layout {
        usual_gap: spacing.usual_gap(),
        wrapped: wrap.is_some(),
    };
    let words = tokens::UnitWords::new(text, &units, threads);
    let features = features::features(text, &units, &words, layout, threads);
    let mut allowed: Vec<u8> = units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let allowed = allowed(text, unit);
            // The line a "continue reading" link hands on to is the next
            // post's headline, whenever it may be one.
            let after_link = features.context[index] & (1 << Context::FirstAfterLink as u8) != 0;
            if after_link && allowed & Label::Start.bit() != 0 {
                Label::Start.bit()
            } else {
                allowed
            }
        })
        .collect();
    marks.constrain(text, &units, &mut allowed);
    Prepared {
        units,
        features,
        allowed,
        words,
    }
}

/// Most words in a headline or heading.
pub const MAX_HEADLINE_WORDS: usize = 50;

/// The labels a unit of `text` may have whatever its features: a link, a
/// rule or an underline is furniture; only one line of text can be a
/// headline or a heading, and not one that is certainly page furniture
/// (a byline, "12 comments", "Posted by …").
pub fn allowed(text: &str, unit: &Unit) -> u8 {
    let furniture = Label::Furniture.bit();
    let body = Label::Body.bit() | furniture;
    match unit.kind {
        UnitKind::Rule | UnitKind::Underline => furniture,
        UnitKind::Code | UnitKind::Table => body,
        UnitKind::Text if matches!(unit.mark, Mark::Link(_)) => furniture,
        UnitKind::Text if unit.lines > 1 || unit.words as usize > MAX_HEADLINE_WORDS => body,
        UnitKind::Text
            if furniture::is_never_a_headline(&text[unit.span.clone()], unit.words as usize) =>
        {
            body
        }
        UnitKind::Text => ANY,
    }
}

/// What stage one may call a unit: any label but a heading, a headline
/// there meaning a headline line of either kind.
pub fn first_stage_allowed(allowed: u8) -> u8 {
    allowed & !Label::Heading.bit()
}

/// Stage one's labels and scores: which units are headline lines.
pub fn first_stage(prepared: &Prepared, stage: &Stage<'_>) -> (Vec<Label>, Vec<[f32; 4]>) {
    let scores = model::scores(&prepared.features, stage);
    let allowed: Vec<u8> = prepared
        .allowed
        .iter()
        .map(|&a| first_stage_allowed(a))
        .collect();
    let labels = decode::decode(&scores, &allowed, stage.transitions)
        .into_iter()
        .map(decode::State::label)
        .collect();
    (labels, scores)
}

/// Stage two's labels: each of stage one's headline lines a start when its
/// logit of starting an article is above zero, else a heading; every other
/// unit keeps stage one's label. The first headline line is a start, since
/// no article has begun for it to head a section of. The rules of links and
/// credits still hold exactly: a line that a later "continue reading" link
/// names, or that one hands on to, is a start, and a headline a reprint
/// announcement promised is a heading.
pub fn second_stage(first: &[Label], lines: &style::Lines, starts: &[f32]) -> Vec<Label> {
    let mut labels = first.to_vec();
    for (at, &index) in lines.units.iter().enumerate() {
        let traits = lines.traits[at];
        let linked = style::Trait::NamedByLink.bit() | style::Trait::AfterLink.bit();
        labels[index] = if traits & linked != 0 {
            Label::Start
        } else if traits & style::Trait::PromisedReprint.bit() != 0 {
            Label::Heading
        } else if at == 0 || starts[at] > 0.0 {
            Label::Start
        } else {
            Label::Heading
        };
    }
    labels
}

/// The best labels for prepared units of `text`: stage one finds the
/// headline lines, stage two tells starts from headings.
pub fn label(text: &str, prepared: &Prepared, weights: &model::Weights<'_>) -> Vec<Label> {
    let (first, _) = first_stage(prepared, &weights.one);
    let lines = style::lines(
        text,
        &prepared.units,
        &prepared.features,
        &prepared.words,
        &first,
    );
    let starts = style::start_logits(&lines, weights.evidence, weights.start);
    let labels = second_stage(&first, &lines, &starts);
    labels
        .into_iter()
        .zip(&prepared.allowed)
        .map(|(label, &allowed)| within(label, allowed))
        .collect()
}

/// The label nearest to `label` among those a unit may have (`allowed`):
/// the labels of the two stages are weighed separately, so a person's
/// word, or a rule that admits one label only, is applied to the end.
fn within(label: Label, allowed: u8) -> Label {
    if allowed & label.bit() != 0 {
        return label;
    }
    let order: [Label; 4] = match label {
        Label::Start | Label::Heading => {
            [Label::Heading, Label::Start, Label::Body, Label::Furniture]
        }
        Label::Body | Label::Furniture => {
            [Label::Body, Label::Furniture, Label::Heading, Label::Start]
        }
    };
    order
        .into_iter()
        .find(|candidate| allowed & candidate.bit() != 0)
        .unwrap_or(label)
}
