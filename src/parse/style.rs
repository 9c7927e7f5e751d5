//! Stage two: which headline lines start articles, from evidence that
//! points the same way in every dump and from the dump's own house style.
//!
//! Stage one finds the lines shaped and placed like headlines. Which of
//! them start articles and which head sections depends on the dump: in a
//! news dump every one is a headline; in an encyclopedia most are section
//! headings; in a blog front page the titles are the ones under a rule and
//! over a "Posted by" line. Two passes decide it:
//!
//! 1. **Evidence** whose direction holds everywhere: a rule, a link, a wide
//!    gap before the line or a meta line after it; a section under it that
//!    does not go on with the sections before it, and words that run on
//!    into the sections after it ([`Sections`]);
//!    text that recurs (section names do, titles do not); a line right
//!    under another headline line; and how many of the dump's headline
//!    lines show heading evidence at all (in a dump where none does, every
//!    one starts an article). A fitted logistic regression turns it into a
//!    first probability that each line starts an article.
//! 2. **House style**: a dump is consistent with itself. With those
//!    probabilities as soft labels, each trait (case, length, digits, a
//!    first word shared with other headline lines, a paragraph after it
//!    that opens as others do, …) is weighed by how much more often this
//!    dump's likely starts have it than its likely headings (naive Bayes,
//!    each line left out of its own estimate), and a second regression
//!    combines that with the evidence.

use std::collections::HashMap;

use super::cohesion::{Continuity, Sections};
use super::decode::Label;
use super::features::{Context, Features, Local};
use super::markup::atx_level;
use super::tokens::UnitWords;
use super::units::{Mark, Unit, UnitKind};

/// Traits of a headline line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Trait {
    /// The paragraph after it opens with its words.
    OpensWithIt,
    /// The paragraph after it holds most of its words.
    Named,
    /// The same line occurs once more in the dump (a contents entry, a teaser).
    RecursOnce,
    /// The same line occurs three times or more.
    Recurs,
    /// Its shape (digits aside) occurs three times or more, though the line
    /// does not: "Contributors to 1.90.0" after every release post, or
    /// "Announcing Rust 1.90.0" heading every one.
    ShapeRecurs,
    /// A wider gap than usual before it.
    WideGapBefore,
    /// A wider gap than usual after it.
    WideGapAfter,
    /// A rule line right before it.
    AfterRule,
    /// The first line of text after a "continue reading" link.
    AfterLink,
    /// A reprint announcement promised it: right after a credit that
    /// announces the piece below, or, after one that announces several
    /// pieces, one of the headlines after the first, up to their number.
    PromisedReprint,
    /// A byline, date or meta line right after it.
    BeforeMeta,
    /// All capitals.
    AllCapitals,
    /// Most words capitalised.
    Capitalised,
    /// Ends as a sentence does.
    EndsLikeSentence,
    /// Three words or fewer.
    FewWords,
    /// Eight words or more.
    ManyWords,
    /// The words around it change subject (lexical cohesion ranks low).
    LowCohesion,
    /// The next unit is another headline line.
    BeforeHeadline,
    /// The unit before is another headline line.
    AfterHeadline,
    /// Opens with the same word as two or more other headline lines.
    SharedFirstWord,
    /// The paragraph after it opens with the same words as the paragraphs
    /// after two or more other headline lines ("The Rust team is happy to
    /// announce…").
    NextOpensAlike,
    /// A link names it.
    NamedByLink,
    /// A Markdown `#` heading.
    MarkdownHeading,
    /// Holds a digit.
    HasDigit,
    /// Ends with a bracket: "(AP)".
    EndsWithBracket,
    /// Underlined.
    Underlined,
    /// Its section barely shares a word with the sections before it.
    NewSubject,
    /// Its section goes on with one before it.
    SameSubject,
    /// Nothing but another headline line under it.
    EmptySection,
    /// A top-level mark: `# Title`, or underlined with `===`.
    TopLevelMark,
    /// A lower-level mark: `## Section`, or underlined with `---`.
    SubLevelMark,
    /// Its section's start is a dip in similarity between the sections on
    /// either side: the subject changes here more than around it.
    DeepBoundary,
    /// No dip: the sections on either side are as alike across it as
    /// within.
    NoBoundary,
    /// Its rarer words run on into the next section after its own.
    EchoesOnce,
    /// … into two or more of the next sections.
    EchoesOn,
}

impl Trait {
    /// Every trait, in order.
    pub const ALL: [Trait; 35] = [
        Trait::OpensWithIt,
        Trait::Named,
        Trait::RecursOnce,
        Trait::Recurs,
        Trait::ShapeRecurs,
        Trait::WideGapBefore,
        Trait::WideGapAfter,
        Trait::AfterRule,
        Trait::AfterLink,
        Trait::PromisedReprint,
        Trait::BeforeMeta,
        Trait::AllCapitals,
        Trait::Capitalised,
        Trait::EndsLikeSentence,
        Trait::FewWords,
        Trait::ManyWords,
        Trait::LowCohesion,
        Trait::BeforeHeadline,
        Trait::AfterHeadline,
        Trait::SharedFirstWord,
        Trait::NextOpensAlike,
        Trait::NamedByLink,
        Trait::MarkdownHeading,
        Trait::HasDigit,
        Trait::EndsWithBracket,
        Trait::Underlined,
        Trait::NewSubject,
        Trait::SameSubject,
        Trait::EmptySection,
        Trait::TopLevelMark,
        Trait::SubLevelMark,
        Trait::DeepBoundary,
        Trait::NoBoundary,
        Trait::EchoesOnce,
        Trait::EchoesOn,
    ];

    /// The trait's bit in a set of them.
    pub const fn bit(self) -> u64 {
        1 << self as u8
    }

    /// Whether the house style weighs the trait: the traits whose meaning
    /// differs from dump to dump (case, length, digits, shared openings).
    /// The evidence's own traits are left to it: weighed again here, they
    /// would only echo, and amplify, what made a line look like a start.
    pub fn is_style(self) -> bool {
        matches!(
            self,
            Trait::OpensWithIt
                | Trait::Named
                | Trait::RecursOnce
                | Trait::ShapeRecurs
                | Trait::AllCapitals
                | Trait::Capitalised
                | Trait::EndsLikeSentence
                | Trait::FewWords
                | Trait::ManyWords
                | Trait::LowCohesion
                | Trait::BeforeHeadline
                | Trait::AfterHeadline
                | Trait::SharedFirstWord
                | Trait::NextOpensAlike
                | Trait::HasDigit
                | Trait::EndsWithBracket
                | Trait::EchoesOnce
                | Trait::EchoesOn
        )
    }
}

// Every trait has its bit in a set of them.
const _: () = assert!(Trait::ALL.len() <= 64);

/// Continuity under which a section starts a new subject, and from which
/// it goes on with one before it.
const NEW_SUBJECT: f32 = 0.02;
const SAME_SUBJECT: f32 = 0.1;
/// Where among the dump's background similarities a section's similarity
/// to the sections just before it must lie to read as the same subject
/// (above most far pairs), or as a new one (no above the middle of them):
/// in a blog about one subject, every post resembles the one before.
const ABOVE_BACKGROUND: f32 = 0.75;
/// Depth of a dip in similarity from which a section's start reads as a
/// boundary, and up to which it reads as none.
const DEEP: f32 = 0.05;
const SHALLOW: f32 = 0.0;
const NO_MORE_THAN_BACKGROUND: f32 = 0.5;
/// Other headline lines that must share a first word (or the opening of
/// the paragraph after them) for it to count as the dump's habit.
const MIN_SHARED: usize = 2;
/// Words of the paragraph after a line compared for [`Trait::NextOpensAlike`].
const OPENING_WORDS: usize = 4;

/// The dump's headline lines, as stage two reads them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lines {
    /// The unit of each headline line, in order.
    pub units: Vec<usize>,
    /// Its traits.
    pub traits: Vec<u64>,
    /// Its section's continuity with the sections before.
    pub continuity: Vec<Continuity>,
}

/// The headline lines of stage one's labels (`first`, where
/// [`Label::Start`] means "a headline line") with their traits.
pub fn lines(
    text: &str,
    units: &[Unit],
    features: &Features,
    words: &UnitWords,
    first: &[Label],
) -> Lines {
    let headlines: Vec<usize> = (0..units.len())
        .filter(|&index| first[index] == Label::Start)
        .collect();
    let (continuity, echo, depth) = continuity(units, words, &headlines);
    let first_words = shared_keys(
        headlines
            .iter()
            .map(|&index| first_word_key(&text[units[index].span.clone()])),
    );
    let openings: Vec<Option<String>> = headlines
        .iter()
        .map(|&index| {
            next_paragraph(units, first, index)
                .and_then(|at| opening_key(&text[units[at].span.clone()]))
        })
        .collect();
    let shared_openings = shared_keys(openings.iter().cloned());
    let promised = promised_reprints(units, &headlines);
    let traits = headlines
        .iter()
        .enumerate()
        .map(|(at, &index)| {
            let mut bits = traits_of(units, features, first, index);
            let mut set = |on: bool, t: Trait| {
                if on {
                    bits |= t.bit();
                }
            };
            set(
                first_word_key(&text[units[index].span.clone()])
                    .is_some_and(|key| first_words.get(&key).is_some_and(|&n| n > MIN_SHARED)),
                Trait::SharedFirstWord,
            );
            set(
                openings[at]
                    .as_ref()
                    .is_some_and(|key| shared_openings.get(key).is_some_and(|&n| n > MIN_SHARED)),
                Trait::NextOpensAlike,
            );
            let line = &text[units[index].span.clone()];
            let underline = units
                .get(index + 1)
                .filter(|next| next.kind == UnitKind::Underline && next.blank_before == 0)
                .map(|next| text[next.span.clone()].starts_with('='));
            let level = atx_level(line);
            set(
                level == Some(1) || underline == Some(true),
                Trait::TopLevelMark,
            );
            set(
                level.is_some_and(|l| l > 1) || underline == Some(false),
                Trait::SubLevelMark,
            );
            set(promised[at], Trait::PromisedReprint);
            set(depth[at].is_some_and(|d| d >= DEEP), Trait::DeepBoundary);
            set(depth[at].is_some_and(|d| d <= SHALLOW), Trait::NoBoundary);
            set(echo[at] == 1, Trait::EchoesOnce);
            set(echo[at] >= 2, Trait::EchoesOn);
            match continuity[at] {
                Continuity::Empty => set(true, Trait::EmptySection),
                Continuity::Measured {
                    near,
                    above_background,
                } => {
                    set(
                        near < NEW_SUBJECT || above_background <= NO_MORE_THAN_BACKGROUND,
                        Trait::NewSubject,
                    );
                    set(
                        near >= SAME_SUBJECT && above_background >= ABOVE_BACKGROUND,
                        Trait::SameSubject,
                    );
                }
                Continuity::TooShort | Continuity::NothingBefore => {}
            }
            bits
        })
        .collect();
    Lines {
        units: headlines,
        traits,
        continuity,
    }
}

/// Which headline lines (`headlines`, unit indices in order) a reprint
/// announcement promised: the one right after an announcement, and, when
/// it announced several pieces, the next headline lines up to their number.
/// An announced reprint that opens with text rather than a headline
/// promises nothing more.
fn promised_reprints(units: &[Unit], headlines: &[usize]) -> Vec<bool> {
    let mut promised = vec![false; headlines.len()];
    let mut next_line = 0;
    // (headlines still promised, the unit the first must be).
    let mut pending: Option<(usize, usize)> = None;
    for (index, unit) in units.iter().enumerate() {
        let is_headline = headlines.get(next_line) == Some(&index);
        if is_headline {
            if let Some((left, first_at)) = pending
                && (first_at == usize::MAX || first_at == index)
            {
                promised[next_line] = true;
                pending = (left > 1).then_some((left - 1, usize::MAX));
            }
            next_line += 1;
        } else if let Some((_, first_at)) = pending
            && first_at == index
        {
            // The announced piece opens with text.
            pending = None;
        }
        if let Mark::Credit(credit) = &unit.mark
            && let Some(announcement) = credit.announcement
        {
            pending = Some((announcement.headlines.max(1), index + 1));
        }
    }
    promised
}

/// The traits a headline line has on its own and from its neighbours.
fn traits_of(units: &[Unit], features: &Features, first: &[Label], index: usize) -> u64 {
    let context_has = |feature: Context| features.context[index] & (1 << feature as u8) != 0;
    let local_has = |at: usize, feature: Local| features.local[at] & feature.bit() != 0;
    let headline = |at: usize| first.get(at) == Some(&Label::Start);
    let before = index.checked_sub(1);
    let after = (index + 1 < units.len()).then_some(index + 1);
    let unit = &units[index];
    let mut bits = 0;
    let mut set = |on: bool, t: Trait| {
        if on {
            bits |= t.bit();
        }
    };
    set(context_has(Context::OpensWithIt), Trait::OpensWithIt);
    set(
        context_has(Context::NamedAll) || context_has(Context::NamedMost),
        Trait::Named,
    );
    set(context_has(Context::RecursTwice), Trait::RecursOnce);
    set(
        context_has(Context::RecursThreeToFiveTimes) || context_has(Context::RecursSixTimesOrMore),
        Trait::Recurs,
    );
    set(context_has(Context::ShapeRecurs), Trait::ShapeRecurs);
    set(
        context_has(Context::GapBeforeWider) || context_has(Context::GapBeforeMuchWider),
        Trait::WideGapBefore,
    );
    set(
        context_has(Context::GapAfterWider) || context_has(Context::GapAfterMuchWider),
        Trait::WideGapAfter,
    );
    set(
        before.is_some_and(|at| local_has(at, Local::Rule)),
        Trait::AfterRule,
    );
    set(context_has(Context::FirstAfterLink), Trait::AfterLink);
    set(
        after.is_some_and(|at| {
            [
                Local::Byline,
                Local::MetaLine,
                Local::OpensLikeMeta,
                Local::Dateline,
                Local::TimeLabel,
            ]
            .iter()
            .any(|&f| local_has(at, f))
        }),
        Trait::BeforeMeta,
    );
    set(local_has(index, Local::AllCapitals), Trait::AllCapitals);
    set(
        local_has(index, Local::MostWordsCapitalised),
        Trait::Capitalised,
    );
    set(
        [
            Local::EndsWithPeriod,
            Local::EndsWithQuestionMark,
            Local::EndsWithExclamationMark,
        ]
        .iter()
        .any(|&f| local_has(index, f)),
        Trait::EndsLikeSentence,
    );
    set(unit.words <= 3, Trait::FewWords);
    set(unit.words >= 8, Trait::ManyWords);
    set(
        context_has(Context::CohesionLowestTenth)
            || context_has(Context::CohesionLowQuarter)
            || context_has(Context::CohesionNone),
        Trait::LowCohesion,
    );
    set(after.is_some_and(headline), Trait::BeforeHeadline);
    set(before.is_some_and(headline), Trait::AfterHeadline);
    set(context_has(Context::NamedByLink), Trait::NamedByLink);
    set(
        local_has(index, Local::MarkdownHeading),
        Trait::MarkdownHeading,
    );
    set(local_has(index, Local::HasDigit), Trait::HasDigit);
    set(
        local_has(index, Local::EndsWithBracket),
        Trait::EndsWithBracket,
    );
    set(context_has(Context::Underlined), Trait::Underlined);
    bits
}

/// The first paragraph of text after the headline line at `index`, before
/// the next headline line.
fn next_paragraph(units: &[Unit], first: &[Label], index: usize) -> Option<usize> {
    (index + 1..units.len())
        .take_while(|&at| first[at] != Label::Start)
        .find(|&at| units[at].kind == UnitKind::Text && units[at].words as usize >= OPENING_WORDS)
}

/// A line's first word, lower-cased, as a key.
fn first_word_key(line: &str) -> Option<String> {
    let word = line
        .split(' ')
        .next()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    (word.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| word.to_lowercase())
}

/// A paragraph's first few words, lower-cased, as a key.
fn opening_key(paragraph: &str) -> Option<String> {
    let words: Vec<String> = paragraph
        .split(' ')
        .take(OPENING_WORDS)
        .map(|word| word.to_lowercase())
        .collect();
    (words.len() == OPENING_WORDS).then(|| words.join(" "))
}

/// How often each key occurs.
fn shared_keys(keys: impl Iterator<Item = Option<String>>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for key in keys.flatten() {
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// The continuity of each headline line's section with the sections
/// before it, and the echo of its words in the sections after (see
/// [`Sections`]), in the order of `headlines`.
pub fn continuity(
    units: &[Unit],
    words: &UnitWords,
    headlines: &[usize],
) -> (Vec<Continuity>, Vec<usize>, Vec<Option<f32>>) {
    let sections: Vec<Vec<&[u32]>> = headlines
        .iter()
        .enumerate()
        .map(|(at, &start)| {
            let end = headlines.get(at + 1).copied().unwrap_or(units.len());
            (start + 1..end).map(|unit| words.of(unit)).collect()
        })
        .collect();
    let sections = Sections::new(&sections);
    let lines: Vec<&[u32]> = headlines.iter().map(|&index| words.of(index)).collect();
    (
        sections.continuity(),
        sections.echo(&lines),
        sections.depth(),
    )
}

/// Fewest headline lines that make the dump's shares worth reading.
const MIN_HEADLINES: usize = 5;

/// What stage two weighs, for each headline line: few features, each
/// grouping evidence of one meaning, so that a cue only one dump shows
/// (a rule over every title, a "Posted by" line under it) is learnt from
/// the others that show a cue of the same meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Cue {
    /// Always on.
    Bias,
    /// The dump has fewer than a handful of headline lines.
    FewHeadlines,
    /// Something marks an article's start: a rule, a link or a wide gap
    /// before it, a meta line after it, a link that names it, a top-level
    /// Markdown mark.
    StartMarker,
    /// Something marks a section: a reprint announcement before it, a
    /// lower-level Markdown mark.
    HeadingMarker,
    /// Its section barely shares a word with the sections before it.
    NewSubject,
    /// Its section goes on with one before it.
    SameSubject,
    /// Another headline line right under it.
    EmptySection,
    /// Three words or fewer over a section that goes on with its subject:
    /// a subheading in a dump of any kind.
    ShortContinuation,
    /// A dip in similarity between the sections around it.
    DeepBoundary,
    /// No dip.
    NoBoundary,
    /// The line, or its shape, recurs in the dump.
    Recurs,
    /// It shows no heading evidence (same subject, recurrence).
    LacksEvidence,
    /// The share of the dump's headline lines showing heading evidence,
    /// for a line that lacks it.
    LacksInHierarchy,
    /// That share, for a line that shows it.
    ShowsInHierarchy,
}

impl Cue {
    /// Every cue, in order.
    pub const ALL: [Cue; 14] = [
        Cue::Bias,
        Cue::FewHeadlines,
        Cue::StartMarker,
        Cue::HeadingMarker,
        Cue::NewSubject,
        Cue::SameSubject,
        Cue::EmptySection,
        Cue::ShortContinuation,
        Cue::DeepBoundary,
        Cue::NoBoundary,
        Cue::Recurs,
        Cue::LacksEvidence,
        Cue::LacksInHierarchy,
        Cue::ShowsInHierarchy,
    ];
}

/// What the final pass reads of each headline line beyond the evidence's
/// cues, each per regime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Reading {
    /// The house style's log-odds.
    Style,
    /// The evidence pass's logit and the house style together put the line
    /// above the dump's own split between likely starts and likely headings.
    AboveSplit,
    /// How far above (or below) that split, in the dump's spread of scores.
    SplitMargin,
}

impl Reading {
    /// Every reading, in order.
    pub const ALL: [Reading; 3] = [Reading::Style, Reading::AboveSplit, Reading::SplitMargin];
}

/// Every cue has two weights: one for flat dumps, one for dumps with
/// sections, mixed by the dump's share of headline lines that show heading
/// evidence. What a cue means depends on it: in a flat dump a headline
/// line with no heading evidence starts an article; in one full of
/// sections it may well be another section.
const REGIMES: usize = 2;

/// Features of the evidence pass: every cue, for both regimes.
pub const EVIDENCE: usize = Cue::ALL.len() * REGIMES;

/// Features of the final pass: the evidence's, then every reading, for
/// both regimes.
pub const FEATURES: usize = EVIDENCE + Reading::ALL.len() * REGIMES;

/// The names of the regimes, as feature names end.
const REGIME_NAMES: [&str; REGIMES] = ["Flat", "Sections"];

/// The name of a feature of the evidence pass.
pub fn evidence_name(id: usize) -> String {
    Cue::ALL.get(id / REGIMES).map_or_else(
        || format!("cue {id}"),
        |cue| format!("{cue:?}{}", REGIME_NAMES[id % REGIMES]),
    )
}

/// The name of a feature of the final pass.
pub fn feature_name(id: usize) -> String {
    if id < EVIDENCE {
        return evidence_name(id);
    }
    Reading::ALL.get((id - EVIDENCE) / REGIMES).map_or_else(
        || format!("reading {id}"),
        |reading| format!("{reading:?}{}", REGIME_NAMES[id % REGIMES]),
    )
}

/// Each headline line's cues, as (feature, value) pairs.
pub type Cues = Vec<Vec<(u16, f32)>>;

/// Heading evidence: the section goes on with one before, or the text
/// recurs.
fn shows_heading_evidence(traits: u64) -> bool {
    traits & (Trait::SameSubject.bit() | Trait::Recurs.bit()) != 0
}

/// The evidence cues of every headline line.
pub fn evidence(lines: &Lines) -> Cues {
    let count = lines.units.len();
    let few = count < MIN_HEADLINES;
    // Lines the exact rules decide (a link names them, an announcement
    // promised them) say nothing of how the rest of the dump is organised.
    let decided = Trait::NamedByLink.bit() | Trait::PromisedReprint.bit();
    let open: Vec<u64> = lines
        .traits
        .iter()
        .copied()
        .filter(|traits| traits & decided == 0)
        .collect();
    let showing = open
        .iter()
        .filter(|&&traits| shows_heading_evidence(traits))
        .count();
    let hierarchy = showing as f32 / open.len().max(1) as f32;
    let start_markers = Trait::WideGapBefore.bit()
        | Trait::AfterRule.bit()
        | Trait::AfterLink.bit()
        | Trait::BeforeMeta.bit()
        | Trait::NamedByLink.bit()
        | Trait::TopLevelMark.bit();
    let heading_markers = Trait::PromisedReprint.bit() | Trait::SubLevelMark.bit();
    lines
        .traits
        .iter()
        .map(|&traits| {
            let mut cues = Vec::new();
            let mut on = |cue: Cue, value: f32| {
                let id = cue as usize * REGIMES;
                cues.push((id as u16, value * (1.0 - hierarchy)));
                cues.push((id as u16 + 1, value * hierarchy));
            };
            on(Cue::Bias, 1.0);
            if few {
                on(Cue::FewHeadlines, 1.0);
            }
            let has = |t: Trait| traits & t.bit() != 0;
            if traits & start_markers != 0 {
                on(Cue::StartMarker, 1.0);
            }
            if traits & heading_markers != 0 {
                on(Cue::HeadingMarker, 1.0);
            }
            if has(Trait::FewWords) && has(Trait::SameSubject) {
                on(Cue::ShortContinuation, 1.0);
            }
            for (t, cue) in [
                (Trait::NewSubject, Cue::NewSubject),
                (Trait::SameSubject, Cue::SameSubject),
                (Trait::EmptySection, Cue::EmptySection),
                (Trait::DeepBoundary, Cue::DeepBoundary),
                (Trait::NoBoundary, Cue::NoBoundary),
                (Trait::Recurs, Cue::Recurs),
            ] {
                if has(t) {
                    on(cue, 1.0);
                }
            }
            if shows_heading_evidence(traits) {
                on(Cue::ShowsInHierarchy, hierarchy);
            } else {
                on(Cue::LacksEvidence, 1.0);
                on(Cue::LacksInHierarchy, hierarchy);
            }
            cues
        })
        .collect()
}

/// A line's logit under `weights`, from its cues.
pub fn logit(weights: &[f32], cues: &[(u16, f32)]) -> f32 {
    cues.iter()
        .map(|&(id, value)| weights.get(usize::from(id)).copied().unwrap_or(0.0) * value)
        .sum()
}

/// The logistic function.
pub fn probability(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit).exp())
}

/// Pseudo-counts of the dump-wide rate of a trait added to each class's
/// counts, so that a trait few lines have moves the odds little.
const PSEUDO_COUNT: f32 = 2.0;
/// Bound on one trait's share of a line's log-odds.
const MAX_TRAIT_ODDS: f32 = 3.0;
/// Bound on a line's house-style log-odds, and the scale it is read at.
const MAX_STYLE_ODDS: f32 = 8.0;
/// Share of headline lines, the likeliest by the evidence, read as the
/// dump's starts, and share, the least likely, read as its headings.
const LIKELIEST: f32 = 0.25;
const LEAST_LIKELY: f32 = 0.5;
/// How far from the middle of the dump's evidence a line must be to be
/// read as a likely start or heading: where the evidence does not tell
/// lines apart (every headline line of a news dump looks alike), no line is
/// read as either, and the house style says nothing.
const MARGIN: f32 = 0.05;

/// Each line's house-style log-odds of starting an article: how much more
/// often the dump's likeliest starts (the quarter of its headline lines the
/// evidence, `start`, ranks highest) have its traits, and lack the ones it
/// lacks, than its least likely ones (the lower half) do. Ranks rather
/// than probabilities, so that in a dump of many headings and few titles
/// the likely starts are still those with more of the titles' traits.
pub fn house_style(lines: &Lines, start: &[f32]) -> Vec<f32> {
    let count = lines.traits.len();
    let mut sorted = start.to_vec();
    sorted.sort_unstable_by(f32::total_cmp);
    let quantile = |share: f32| {
        sorted
            .get(((count as f32 - 1.0) * share).round() as usize)
            .copied()
            .unwrap_or(0.5)
    };
    let (upper, middle) = (quantile(1.0 - LIKELIEST), quantile(LEAST_LIKELY));
    // Some(0): among the likeliest; Some(1): among the least likely.
    let side: Vec<Option<usize>> = start
        .iter()
        .map(|&p| {
            if p >= upper && p >= middle + MARGIN {
                Some(0)
            } else if p <= middle && p <= upper - MARGIN {
                Some(1)
            } else {
                None
            }
        })
        .collect();
    let mut with = [[0.0f32; 2]; Trait::ALL.len()];
    let mut having = [0.0f32; Trait::ALL.len()];
    let mut sizes = [0.0f32; 2];
    for (&traits, side) in lines.traits.iter().zip(&side) {
        if let Some(class) = *side {
            sizes[class] += 1.0;
        }
        for (at, t) in Trait::ALL.iter().enumerate() {
            if traits & t.bit() != 0 {
                having[at] += 1.0;
                if let Some(class) = *side {
                    with[at][class] += 1.0;
                }
            }
        }
    }
    // Each trait's log-odds when a line has it and when it lacks it.
    let odds: Vec<(f32, f32)> = (0..Trait::ALL.len())
        .map(|at| {
            if !Trait::ALL[at].is_style() {
                return (0.0, 0.0);
            }
            let rate = (having[at] + 0.5) / (count as f32 + 1.0);
            let share = |class: usize| {
                (with[at][class] + PSEUDO_COUNT * rate) / (sizes[class] + PSEUDO_COUNT)
            };
            let (in_starts, in_others) = (share(0), share(1));
            let has = (in_starts / in_others).ln();
            let lacks = ((1.0 - in_starts).max(1e-3) / (1.0 - in_others).max(1e-3)).ln();
            (
                has.clamp(-MAX_TRAIT_ODDS, MAX_TRAIT_ODDS),
                lacks.clamp(-MAX_TRAIT_ODDS, MAX_TRAIT_ODDS),
            )
        })
        .collect();
    lines
        .traits
        .iter()
        .map(|&traits| {
            let total: f32 = Trait::ALL
                .iter()
                .zip(&odds)
                .map(|(t, &(has, lacks))| if traits & t.bit() != 0 { has } else { lacks })
                .sum();
            total.clamp(-MAX_STYLE_ODDS, MAX_STYLE_ODDS)
        })
        .collect()
}

/// The final pass's features of each line: its evidence cues, its house
/// style, and where its evidence logit (`logits`, of the evidence pass) and
/// style together put it against the dump's own split between likely starts
/// and likely headings; mixed by regime as the evidence's cues are.
pub fn readings(evidence: &Cues, logits: &[f32], style: &[f32]) -> Cues {
    let scores: Vec<f32> = logits.iter().zip(style).map(|(l, s)| l + s).collect();
    let split = split(&scores);
    evidence
        .iter()
        .zip(style.iter().zip(&scores))
        .map(|(cues, (&odds, &score))| {
            // The bias's two values carry the regime mix.
            let (flat, sections) = (cues[0].1, cues[1].1);
            let mut readings = cues.clone();
            let mut on = |reading: Reading, value: f32| {
                let id = (EVIDENCE + reading as usize * REGIMES) as u16;
                readings.push((id, value * flat));
                readings.push((id + 1, value * sections));
            };
            on(Reading::Style, odds / MAX_STYLE_ODDS);
            if let Some((threshold, spread)) = split {
                if score > threshold {
                    on(Reading::AboveSplit, 1.0);
                }
                on(
                    Reading::SplitMargin,
                    ((score - threshold) / spread).clamp(-MAX_MARGIN, MAX_MARGIN) / MAX_MARGIN,
                );
            }
            readings
        })
        .collect()
}

/// Bound on a line's margin from the split, in spreads.
const MAX_MARGIN: f32 = 3.0;

/// The threshold that best splits `scores` in two (Otsu's method: the
/// greatest variance between the two sides), and the spread of the scores
/// (their standard deviation). `None` for fewer than a handful of scores,
/// or scores all alike.
pub fn split(scores: &[f32]) -> Option<(f32, f32)> {
    if scores.len() < MIN_HEADLINES {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_unstable_by(f32::total_cmp);
    let count = sorted.len() as f32;
    let total: f32 = sorted.iter().sum();
    let mean = total / count;
    let spread = (sorted.iter().map(|s| (s - mean).powi(2)).sum::<f32>() / count).sqrt();
    if spread < 1e-6 {
        return None;
    }
    let mut below = 0.0f32;
    let mut best = (f32::NEG_INFINITY, sorted[0]);
    for (at, &score) in sorted.iter().enumerate().take(sorted.len() - 1) {
        below += score;
        let n0 = (at + 1) as f32;
        let n1 = count - n0;
        let (m0, m1) = (below / n0, (total - below) / n1);
        let between = n0 * n1 * (m0 - m1).powi(2);
        if between > best.0 && sorted[at + 1] > score {
            best = (between, (score + sorted[at + 1]) / 2.0);
        }
    }
    Some((best.1, spread))
}

/// Each headline line's logit of starting an article, through both passes:
/// `first` weighs the evidence, `last` the evidence and the house style.
pub fn start_logits(lines: &Lines, first: &[f32], last: &[f32]) -> Vec<f32> {
    let evidence = evidence(lines);
    let logits: Vec<f32> = evidence.iter().map(|cues| logit(first, cues)).collect();
    let start: Vec<f32> = logits.iter().map(|&l| probability(l)).collect();
    let style = house_style(lines, &start);
    readings(&evidence, &logits, &style)
        .iter()
        .map(|cues| logit(last, cues))
        .collect()
}
