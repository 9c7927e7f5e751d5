//! Features of a paragraph: evidence, never verdicts.
//!
//! Every unit gets two sets of yes/no features. [`Local`] features read the
//! unit alone: its kind, size, punctuation, case, and what the older rules
//! knew (headline shape, bylines, dates, counters). [`Context`] features
//! read its place: the gaps around it, how often it recurs in the dump,
//! whether a link names it, whether the words around it change subject.
//! A unit's feature vector is its context features and the local features
//! of the units in a window around it ([`POSITIONS`]), so the weights can
//! say "a short line *followed by a byline*" without a rule saying it.
//!
//! The weights that turn features into a score for each label are fitted
//! to labelled dumps by `folio-train`; nothing here decides anything.

use super::cohesion::{Naming, WINDOW_WORDS, naming, overlap};
use super::credit::Credit;
use super::furniture::{
    contains_ignoring_case, is_advert_marker, is_byline, is_caption, is_dateline,
    is_engagement_label, is_meta_line, is_time_label, label_words, opens_like_meta,
};
use super::link::names_headline;
use super::markup::{atx_level, is_bullet, is_numbered, is_quote};
use super::recurrence::{MAX_COUNTED_BYTES, Recurrence, line_key, shape_key};
use super::shape::headline_shape_with_words;
use super::tokens::UnitWords;
use super::units::{Mark, Unit, UnitKind};
use crate::parallel::{map_ranges, map_runs, run_len};

/// Declares a set of yes/no features: an enum with one variant per feature,
/// the list of all of them and their names, in order.
macro_rules! feature_set {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$doc:meta])* $variant:ident,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum $name { $($(#[$doc])* $variant,)* }

        impl $name {
            /// Every feature of the set, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// How many there are.
            pub const COUNT: usize = Self::ALL.len();

            /// The feature's name, as the weights file and the trainer print it.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }

            /// The feature's bit in a set of them.
            pub const fn bit(self) -> u128 {
                1 << self as u8
            }
        }
    };
}

feature_set! {
    /// What a unit shows on its own.
    pub enum Local {
        /// A "continue reading" link.
        Link,
        /// A credit line.
        Credit,
        /// A credit that announces a reprint below it.
        Announcement,
        /// A rule line.
        Rule,
        /// A setext underline.
        Underline,
        /// Code or verse set apart.
        Code,
        /// A drawn table.
        Table,
        /// A Markdown `#` heading.
        MarkdownHeading,
        /// A bullet list item.
        Bullet,
        /// A numbered list item.
        Numbered,
        /// A quoted line ("> ").
        Quote,
        /// Wrapped whole in emphasis marks ("*Title*", "__Title__").
        Emphasised,
        Words1,
        Words2,
        Words3,
        Words4To6,
        Words7To10,
        Words11To15,
        Words16To25,
        Words26To40,
        Words41To80,
        Words81Plus,
        /// A paragraph joined from several wrapped lines.
        MultiLine,
        EndsWithPeriod,
        EndsWithQuestionMark,
        EndsWithExclamationMark,
        EndsWithColon,
        EndsWithComma,
        EndsWithSemicolon,
        EndsWithEllipsis,
        EndsWithDash,
        EndsWithWord,
        /// A closing bracket last: "(AP)", "(Reuters)", "[link]".
        EndsWithBracket,
        /// A closing quotation mark last.
        EndsWithQuote,
        EndsWithOther,
        StartsWithCapital,
        StartsWithLowerCase,
        StartsWithDigit,
        StartsWithQuote,
        StartsWithBracket,
        StartsWithSymbol,
        /// A letter of a script without case (CJK, Arabic, …).
        StartsCaseless,
        /// Two or more letters and none of them lower-case.
        AllCapitals,
        /// Most words of four letters or more capitalised.
        MostWordsCapitalised,
        /// Some of them.
        SomeWordsCapitalised,
        HasDigit,
        /// A year of the last or this century.
        HasYear,
        /// The older rule's "shaped like a headline": capital first, no
        /// final sentence punctuation, short.
        HeadlineShape,
        /// "By Jane Doe".
        Byline,
        /// "Posted on …", "Share this:", "Related posts".
        MetaLine,
        /// Opens as a meta line does, however long: "Posted by … on … •
        /// Tagged with … • 4 min read".
        OpensLikeMeta,
        /// A short line with a date in it.
        Dateline,
        /// "Photo: Reuters".
        Caption,
        /// "3 hours ago", "5 min read".
        TimeLabel,
        /// "12 comments", "Leave a reply".
        Engagement,
        /// "Advertisement", "Continue reading the main story".
        Advert,
        /// " | ", " • ", " · ", " » " between items: navigation, meta lines.
        Separators,
        /// Mostly punctuation and symbols.
        SymbolHeavy,
        /// Wrapped whole in brackets: an image's alt text, a note.
        Bracketed,
        HasUrl,
        /// "©", "Copyright", "All rights reserved".
        Copyright,
        /// A sentence ends inside it and another begins.
        SeveralSentences,
        /// Three commas or more.
        ManyCommas,
        /// Reads like a line of code.
        CodeLike,
        /// A quarter of its words or more hold digits: a table row, a score
        /// line.
        NumberHeavy,
        /// "Chapter 3", "PART II", "Book One".
        ChapterWord,
    }
}

feature_set! {
    /// What a unit's place in the dump shows.
    pub enum Context {
        /// Always on: the label's prior.
        Bias,
        /// The dump's first unit.
        First,
        /// The dump's last unit.
        Last,
        NoBlankBefore,
        OneBlankBefore,
        TwoBlanksBefore,
        ThreeBlanksBefore,
        FourBlanksOrMoreBefore,
        /// Fewer blank lines before it than the dump usually has.
        GapBeforeNarrower,
        /// As many as usual.
        GapBeforeUsual,
        /// One more than usual.
        GapBeforeWider,
        /// Two or more beyond usual.
        GapBeforeMuchWider,
        GapAfterNarrower,
        GapAfterUsual,
        GapAfterWider,
        GapAfterMuchWider,
        /// A short line that occurs once in the dump.
        Unique,
        /// A short line that occurs twice (a contents entry, a teaser).
        RecursTwice,
        RecursThreeToFiveTimes,
        /// Six times or more: furniture of every page.
        RecursSixTimesOrMore,
        /// Its shape (digits aside) occurs three times or more, though the
        /// line itself does not: "Contributors to 1.90.0", "Page 3 of 12".
        ShapeRecurs,
        /// It recurs, and so does the paragraph after it: a passage the dump
        /// holds more than once (the same post saved twice), not furniture.
        RepeatedPassage,
        /// A later "continue reading" link names it.
        NamedByLink,
        /// The first line of text after a "continue reading" link, rules
        /// and page furniture (counters, dates, sharing prompts) aside.
        FirstAfterLink,
        /// A reprint announcement is one or two units before it.
        AfterAnnouncement,
        /// A plural reprint announcement is within the units before it.
        AfterPluralAnnouncement,
        /// Lexical cohesion across it, ranked among the dump's short lines:
        /// lowest tenth (the subject changes most).
        CohesionLowestTenth,
        CohesionLowQuarter,
        CohesionBelowMedian,
        CohesionAboveMedian,
        CohesionTopQuarter,
        /// Not one content word shared across it.
        CohesionNone,
        /// Some words shared across it, but few: under a tenth.
        CohesionSlight,
        /// A tenth to a fifth.
        CohesionModerate,
        /// More than a fifth: the subject goes on.
        CohesionStrong,
        /// The paragraph after it has all its words among its first words.
        NamedAll,
        /// Most of them.
        NamedMost,
        /// Some.
        NamedSome,
        /// None.
        NamedNone,
        /// The paragraph after it opens with its first words.
        OpensWithIt,
        /// Underlined by the next unit.
        Underlined,
        /// In a run of short text units: alone.
        ShortRunOne,
        ShortRunTwo,
        ShortRunThree,
        ShortRunFourToSix,
        /// Seven or more short units in a row: a contents list, navigation.
        ShortRunSevenOrMore,
        /// The dump is hard-wrapped.
        WrappedDump,
    }
}

// Every feature has its bit in the sets that hold them.
const _: () = assert!(Local::COUNT <= 128 && Context::COUNT <= 64);

/// Where the units whose local features a unit's vector holds sit,
/// relative to it.
pub const POSITIONS: [isize; 5] = [-2, -1, 0, 1, 2];

/// Features of stage one: the local features at each position, then the
/// context features.
pub const FEATURES: usize = POSITIONS.len() * Local::COUNT + Context::COUNT;

/// The name of a stage-one feature, as "local@position" or "context".
pub fn feature_name(id: usize) -> String {
    let locals = POSITIONS.len() * Local::COUNT;
    if id < locals {
        let position = POSITIONS[id / Local::COUNT];
        format!("{}@{position:+}", Local::ALL[id % Local::COUNT].name())
    } else {
        Context::ALL[id - locals].name().to_string()
    }
}

/// Most words in a unit that counts as short (a possible headline) for
/// cohesion, recurrence and runs of short lines.
pub const MAX_SHORT_WORDS: usize = 30;
/// Most words of a short line that ends a run of short units.
const MAX_RUN_WORDS: usize = 12;
/// Bytes of a unit above which its text is not read for the features that
/// only short units can have.
const MAX_READ_BYTES: usize = 400;
/// Units back that a plural announcement still reaches.
const ANNOUNCEMENT_REACH: usize = 30;
/// Units back from a link that the headline it names may be.
const LINK_REACH: usize = 200;
/// Units read on each side of a line for its cohesion.
const COHESION_UNITS: usize = 8;
/// Least words in the paragraph that may name a line's subject.
const MIN_NAMING_WORDS: usize = 8;
/// Units after a line among which that paragraph is looked for.
const NAMING_REACH: usize = 3;

/// Every unit's features.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Local features of each unit.
    pub local: Vec<u128>,
    /// Context features of each unit.
    pub context: Vec<u64>,
}

impl Features {
    /// Calls `each` with the id of every feature unit `index` has.
    pub fn for_each(&self, index: usize, mut each: impl FnMut(usize)) {
        for (slot, offset) in POSITIONS.iter().enumerate() {
            let Some(bits) = index
                .checked_add_signed(*offset)
                .and_then(|at| self.local.get(at))
            else {
                continue;
            };
            for_each_bit(*bits, |bit| each(slot * Local::COUNT + bit));
        }
        let base = POSITIONS.len() * Local::COUNT;
        for_each_bit(u128::from(self.context[index]), |bit| each(base + bit));
    }
}

/// Calls `each` with the index of every set bit, lowest first.
pub fn for_each_bit(mut bits: u128, mut each: impl FnMut(usize)) {
    while bits != 0 {
        each(bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}

/// What the context features need to know of the dump as a whole.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Blank lines that usually separate paragraphs.
    pub usual_gap: usize,
    /// Whether the dump is hard-wrapped.
    pub wrapped: bool,
}

/// Works out every unit's features.
pub fn features(
    text: &str,
    units: &[Unit],
    words: &UnitWords,
    layout: Layout,
    threads: usize,
) -> Features {
    let local: Vec<u128> = map_runs(units, run_len(units.len(), threads), |run| {
        run.iter()
            .map(|unit| local_bits(text, unit))
            .collect::<Vec<_>>()
    })
    .concat();
    let context = context_bits(text, units, words, &local, layout, threads);
    Features { local, context }
}

/// A unit's local features.
pub fn local_bits(text: &str, unit: &Unit) -> u128 {
    let line = &text[unit.span.clone()];
    let words = unit.words as usize;
    let mut bits = words_bit(words);
    match unit.kind {
        UnitKind::Rule => return bits | Local::Rule.bit(),
        UnitKind::Underline => return bits | Local::Underline.bit(),
        UnitKind::Code => return bits | Local::Code.bit() | multi_line(unit),
        UnitKind::Table => return bits | Local::Table.bit() | multi_line(unit),
        UnitKind::Text => {}
    }
    bits |= multi_line(unit);
    bits |= match &unit.mark {
        Mark::Link(_) => Local::Link.bit(),
        Mark::Credit(credit) => credit_bits(credit),
        Mark::None => 0,
    };
    bits |= end_bit(line) | start_bit(line);
    if line.len() > MAX_READ_BYTES {
        return bits;
    }
    bits |= markup_bits(line) | case_bits(line) | digit_bits(line) | furniture_bits(line, unit);
    if headline_shape_with_words(line, words).is_some() {
        bits |= Local::HeadlineShape.bit();
    }
    bits | texture_bits(line, words)
}

fn multi_line(unit: &Unit) -> u128 {
    if unit.lines > 1 {
        Local::MultiLine.bit()
    } else {
        0
    }
}

fn credit_bits(credit: &Credit) -> u128 {
    Local::Credit.bit()
        | if credit.announcement.is_some() {
            Local::Announcement.bit()
        } else {
            0
        }
}

/// The size of a unit in words.
pub fn words_bit(words: usize) -> u128 {
    match words {
        0 | 1 => Local::Words1,
        2 => Local::Words2,
        3 => Local::Words3,
        4..=6 => Local::Words4To6,
        7..=10 => Local::Words7To10,
        11..=15 => Local::Words11To15,
        16..=25 => Local::Words16To25,
        26..=40 => Local::Words26To40,
        41..=80 => Local::Words41To80,
        _ => Local::Words81Plus,
    }
    .bit()
}

/// How a line ends.
pub fn end_bit(line: &str) -> u128 {
    let mut chars = line.chars().rev();
    let last = chars.next();
    let before_quote = match last {
        Some('"' | '\'' | '’' | '”' | '»' | '›') => chars.next(),
        _ => None,
    };
    let feature = match (last, before_quote) {
        (Some('"' | '’' | '”' | '»' | '›'), _) | (Some('\''), Some('.' | '!' | '?' | ',')) => {
            Local::EndsWithQuote
        }
        (Some('.'), _) if line.ends_with("...") => Local::EndsWithEllipsis,
        (Some('.'), _) => Local::EndsWithPeriod,
        (Some('?'), _) => Local::EndsWithQuestionMark,
        (Some('!'), _) => Local::EndsWithExclamationMark,
        (Some(':'), _) => Local::EndsWithColon,
        (Some(','), _) => Local::EndsWithComma,
        (Some(';'), _) => Local::EndsWithSemicolon,
        (Some('…'), _) => Local::EndsWithEllipsis,
        (Some('-' | '–' | '—'), _) => Local::EndsWithDash,
        (Some(')' | ']'), _) => Local::EndsWithBracket,
        (Some(c), _) if c.is_alphanumeric() => Local::EndsWithWord,
        _ => Local::EndsWithOther,
    };
    feature.bit()
}

/// How a line starts.
pub fn start_bit(line: &str) -> u128 {
    let feature = match line.chars().next() {
        Some(c) if c.is_uppercase() => Local::StartsWithCapital,
        Some(c) if c.is_lowercase() => Local::StartsWithLowerCase,
        Some(c) if c.is_numeric() => Local::StartsWithDigit,
        Some(c) if c.is_alphabetic() => Local::StartsCaseless,
        Some('"' | '\'' | '‘' | '“' | '«' | '„' | '¿' | '¡') => Local::StartsWithQuote,
        Some('(' | '[' | '{' | '<') => Local::StartsWithBracket,
        _ => Local::StartsWithSymbol,
    };
    feature.bit()
}

/// Markdown and e-mail marks, and emphasis around the whole line.
pub fn markup_bits(line: &str) -> u128 {
    let mut bits = 0;
    if atx_level(line).is_some() {
        bits |= Local::MarkdownHeading.bit();
    }
    if is_bullet(line) {
        bits |= Local::Bullet.bit();
    }
    if is_numbered(line) {
        bits |= Local::Numbered.bit();
    }
    if is_quote(line) {
        bits |= Local::Quote.bit();
    }
    let emphasised = ["**", "__", "*", "_"]
        .iter()
        .any(|mark| line.len() > 2 * mark.len() && line.starts_with(mark) && line.ends_with(mark));
    if emphasised {
        bits |= Local::Emphasised.bit();
    }
    bits
}

/// The case of a line's letters and of its longer words (of four letters
/// or more), read in one pass.
pub fn case_bits(line: &str) -> u128 {
    let (mut letters, mut lower, mut upper) = (0, 0, 0);
    let (mut long, mut capitalised) = (0, 0);
    // The word being read: whether it has begun (at its first letter or
    // digit), whether that was a capital, and its letters.
    let (mut begun, mut opens_capital, mut word_letters) = (false, false, 0);
    for c in line.chars().chain([' ']) {
        if c == ' ' {
            if word_letters >= 4 {
                long += 1;
                capitalised += usize::from(opens_capital);
            }
            (begun, opens_capital, word_letters) = (false, false, 0);
            continue;
        }
        let is_upper = c.is_uppercase();
        upper += usize::from(is_upper);
        if c.is_alphabetic() {
            letters += 1;
            lower += usize::from(c.is_lowercase());
            word_letters += 1;
        }
        if !begun && c.is_alphanumeric() {
            begun = true;
            opens_capital = is_upper;
        }
    }
    let mut bits = 0;
    if letters >= 2 && lower == 0 && upper > 0 {
        bits |= Local::AllCapitals.bit();
    }
    if long > 0 {
        if capitalised * 5 >= long * 4 {
            bits |= Local::MostWordsCapitalised.bit();
        } else if capitalised * 5 >= long * 2 {
            bits |= Local::SomeWordsCapitalised.bit();
        }
    }
    bits
}

/// Digits and years.
pub fn digit_bits(line: &str) -> u128 {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return 0;
    }
    let year = line
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    Local::HasDigit.bit() | if year { Local::HasYear.bit() } else { 0 }
}

/// The page furniture the older rules knew, one feature each.
pub fn furniture_bits(line: &str, unit: &Unit) -> u128 {
    let words = unit.words as usize;
    let mut bits = 0;
    for (is, feature) in [
        (is_byline(line, words), Local::Byline),
        (is_meta_line(line, words), Local::MetaLine),
        (opens_like_meta(line), Local::OpensLikeMeta),
        (is_dateline(line, words), Local::Dateline),
        (is_caption(line), Local::Caption),
        (is_advert_marker(line), Local::Advert),
    ] {
        if is {
            bits |= feature.bit();
        }
    }
    if let Some(words) = label_words(line, words) {
        if is_engagement_label(&words) {
            bits |= Local::Engagement.bit();
        }
        if is_time_label(&words) {
            bits |= Local::TimeLabel.bit();
        }
    }
    bits
}

/// What a short line is made of beyond its ends: separators, symbols,
/// brackets, addresses, sentences, code, numbers. One pass counts the
/// characters and notes which ASCII bytes occur, so that the searches for
/// marks run only on lines that hold their first byte.
pub fn texture_bits(line: &str, words: usize) -> u128 {
    let (mut symbols, mut chars, mut commas, mut numeric) = (0, 0, 0, 0);
    let (mut seen, mut wide, mut word_has_digit) = (0u128, false, false);
    for c in line.chars().chain([' ']) {
        if c == ' ' {
            numeric += usize::from(word_has_digit);
            word_has_digit = false;
            continue;
        }
        chars += 1;
        symbols += usize::from(!c.is_alphanumeric());
        if c.is_ascii() {
            seen |= 1 << (c as u32);
            commas += usize::from(c == ',');
            word_has_digit |= c.is_ascii_digit();
        } else {
            wide = true;
        }
    }
    let has = |byte: u8| seen & (1 << byte) != 0;
    let mut bits = 0;
    let mut set = |is: bool, feature: Local| {
        if is {
            bits |= feature.bit();
        }
    };
    set(
        (has(b'|') && line.contains(" | "))
            || (wide && [" • ", " · ", " » "].iter().any(|s| line.contains(s))),
        Local::Separators,
    );
    set(chars > 0 && symbols * 10 > chars * 3, Local::SymbolHeavy);
    set(
        (line.starts_with('[') && line.ends_with(']'))
            || (line.starts_with('(') && line.ends_with(')')),
        Local::Bracketed,
    );
    set(
        (has(b':') && line.contains("://")) || (has(b'.') && contains_ignoring_case(line, "www.")),
        Local::HasUrl,
    );
    set(
        (wide && line.contains('©'))
            || contains_ignoring_case(line, "copyright")
            || contains_ignoring_case(line, "all rights reserved"),
        Local::Copyright,
    );
    set(
        (has(b'.') || has(b'?') || has(b'!')) && has_inner_sentence_end(line),
        Local::SeveralSentences,
    );
    set(commas >= 3, Local::ManyCommas);
    set(is_code_like(line, has), Local::CodeLike);
    set(numeric >= 2 && numeric * 4 >= words, Local::NumberHeavy);
    set(opens_with_chapter_word(line), Local::ChapterWord);
    bits
}

/// ". The", "? And": one sentence ends inside the line and another begins.
fn has_inner_sentence_end(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.windows(3).enumerate().any(|(at, window)| {
        matches!(window[0], b'.' | b'?' | b'!')
            && window[1] == b' '
            && window[2].is_ascii_uppercase()
            // "Mr. Smith", "U.S. Senate", "St. Louis": not the end of a sentence.
            && !line[..at].rsplit(' ').next().is_some_and(|word| {
                word.len() <= 3 || word.contains('.')
            })
    })
}

/// Punctuation that prose seldom has and code often does; `has` says
/// whether the line holds an ASCII byte, so marks it cannot hold are not
/// searched for.
fn is_code_like(line: &str, has: impl Fn(u8) -> bool) -> bool {
    const MARKS: [&str; 11] = [
        "();", "{", "}", "::", "=>", "->", "</", "/>", "==", "&&", "||",
    ];
    const OPENERS: [&str; 8] = [
        "$ ", "fn ", "let ", "def ", "import ", "#include", "//", "pub ",
    ];
    MARKS
        .iter()
        .any(|mark| has(mark.as_bytes()[0]) && line.contains(mark))
        || line.ends_with(';')
        || OPENERS.iter().any(|opener| line.starts_with(opener))
}

/// "Chapter 3", "PART II", "book one".
fn opens_with_chapter_word(line: &str) -> bool {
    let mut words = line.split(' ');
    let first = words.next().unwrap_or("");
    let Some(second) = words.next() else {
        return false;
    };
    let second = second.trim_end_matches(['.', ':']);
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    is(
        first,
        &[
            "chapter", "part", "book", "section", "act", "canto", "letter",
        ],
    ) && (second.bytes().all(|b| b.is_ascii_digit())
        || second.bytes().all(|b| b"ivxlcIVXLC".contains(&b))
        || is(
            second,
            &[
                "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            ],
        ))
}

/// Whether a unit may be a headline at all, for the features only
/// headline candidates have: one line of text of a few words, no link.
pub fn is_short_line(unit: &Unit) -> bool {
    unit.kind == UnitKind::Text
        && unit.lines == 1
        && unit.words as usize <= MAX_SHORT_WORDS
        && unit.span.len() <= MAX_COUNTED_BYTES
        && !matches!(unit.mark, Mark::Link(_))
}

/// Every unit's context features.
fn context_bits(
    text: &str,
    units: &[Unit],
    words: &UnitWords,
    local: &[u128],
    layout: Layout,
    threads: usize,
) -> Vec<u64> {
    let short: Vec<bool> = units.iter().map(is_short_line).collect();
    let mut recurrence = Recurrence::default();
    let mut shapes = Recurrence::default();
    let keys: Vec<(u64, u64)> = units
        .iter()
        .zip(&short)
        .map(|(unit, &short)| {
            if short {
                let line = &text[unit.span.clone()];
                let keys = (line_key(line), shape_key(line));
                recurrence.add(keys.0);
                shapes.add(keys.1);
                keys
            } else {
                (0, 0)
            }
        })
        .collect();
    let passages = passage_counts(text, units);
    let named = named_by_links(text, units, &short);
    let after_links = first_after_links(units, local);
    let cohesion = cohesion_ranks(words, &short, threads);
    let runs = short_runs(units);
    let mut bits = Vec::with_capacity(units.len());
    let mut last_plural = None;
    for (index, unit) in units.iter().enumerate() {
        let mut set = 0u64;
        let mut on = |feature: Context| set |= 1 << feature as u8;
        on(Context::Bias);
        if index == 0 {
            on(Context::First);
        }
        let next = units.get(index + 1);
        if next.is_none() {
            on(Context::Last);
        }
        on(match unit.blank_before {
            0 => Context::NoBlankBefore,
            1 => Context::OneBlankBefore,
            2 => Context::TwoBlanksBefore,
            3 => Context::ThreeBlanksBefore,
            _ => Context::FourBlanksOrMoreBefore,
        });
        if index > 0 {
            on(gap_feature(
                unit.blank_before as usize,
                layout.usual_gap,
                false,
            ));
        }
        if let Some(next) = next {
            on(gap_feature(
                next.blank_before as usize,
                layout.usual_gap,
                true,
            ));
            if next.kind == UnitKind::Underline && next.blank_before == 0 {
                on(Context::Underlined);
            }
        }
        let repeated_passage = passages[index] >= 2
            && units
                .get(index + 1)
                .is_some_and(|next| next.kind == UnitKind::Text)
            && passages.get(index + 1).is_some_and(|&count| count >= 2);
        if short[index] && repeated_passage {
            on(Context::RepeatedPassage);
        }
        if short[index] {
            let count = recurrence.count(keys[index].0);
            on(match count {
                _ if repeated_passage => Context::Unique,
                0 | 1 => Context::Unique,
                2 => Context::RecursTwice,
                3..=5 => Context::RecursThreeToFiveTimes,
                _ => Context::RecursSixTimesOrMore,
            });
            if count < 3 && shapes.count(keys[index].1) >= 3 {
                on(Context::ShapeRecurs);
            }
            if let Some((level, rank)) = cohesion[index] {
                on(level);
                if let Some(rank) = rank {
                    on(rank);
                }
            }
            if let Some(naming) = naming_after(units, words, index) {
                on(if naming.share >= 1.0 {
                    Context::NamedAll
                } else if naming.share >= 0.5 {
                    Context::NamedMost
                } else if naming.share > 0.0 {
                    Context::NamedSome
                } else {
                    Context::NamedNone
                });
                if naming.opens_with_it {
                    on(Context::OpensWithIt);
                }
            }
        }
        if named[index] {
            on(Context::NamedByLink);
        }
        if after_links[index] {
            on(Context::FirstAfterLink);
        }
        let announces = |at: usize| local[at] & Local::Announcement.bit() != 0;
        if (1..=2).any(|back| index >= back && announces(index - back)) {
            on(Context::AfterAnnouncement);
        }
        if last_plural.is_some_and(|at| index - at <= ANNOUNCEMENT_REACH) {
            on(Context::AfterPluralAnnouncement);
        }
        if let Mark::Credit(credit) = &unit.mark
            && credit.announcement.is_some_and(|a| a.headlines > 1)
        {
            last_plural = Some(index);
        }
        if let Some(run) = runs[index] {
            on(run);
        }
        if layout.wrapped {
            on(Context::WrappedDump);
        }
        bits.push(set);
    }
    bits
}

/// The gap feature for `blanks` blank lines, before a unit or after it.
fn gap_feature(blanks: usize, usual: usize, after: bool) -> Context {
    use std::cmp::Ordering;
    let (narrower, same, wider, much_wider) = if after {
        (
            Context::GapAfterNarrower,
            Context::GapAfterUsual,
            Context::GapAfterWider,
            Context::GapAfterMuchWider,
        )
    } else {
        (
            Context::GapBeforeNarrower,
            Context::GapBeforeUsual,
            Context::GapBeforeWider,
            Context::GapBeforeMuchWider,
        )
    };
    match blanks.cmp(&usual) {
        Ordering::Less => narrower,
        Ordering::Equal => same,
        Ordering::Greater if blanks == usual + 1 => wider,
        Ordering::Greater => much_wider,
    }
}

/// Which units a later "continue reading" link names: the nearest short
/// line before the link whose text the link's target names.
fn named_by_links(text: &str, units: &[Unit], short: &[bool]) -> Vec<bool> {
    let mut named = vec![false; units.len()];
    for (index, unit) in units.iter().enumerate() {
        let Mark::Link(Some(target)) = &unit.mark else {
            continue;
        };
        let target = &text[(**target).clone()];
        let from = index.saturating_sub(LINK_REACH);
        if let Some(at) = (from..index)
            .rev()
            .find(|&at| short[at] && names_headline(target, &text[units[at].span.clone()]))
        {
            named[at] = true;
        }
    }
    named
}

/// Bytes of a paragraph's opening compared to tell a repeated passage.
const PASSAGE_BYTES: usize = 120;

/// How often each text unit's opening occurs in the dump: a line and the
/// paragraph after it that both occur again are a passage held twice.
fn passage_counts(text: &str, units: &[Unit]) -> Vec<u32> {
    let key = |unit: &Unit| {
        let span = &text[unit.span.clone()];
        line_key(&span[..span.floor_char_boundary(PASSAGE_BYTES)])
    };
    let mut counts = Recurrence::default();
    let keys: Vec<Option<u64>> = units
        .iter()
        .map(|unit| (unit.kind == UnitKind::Text).then(|| key(unit)))
        .collect();
    for key in keys.iter().flatten() {
        counts.add(*key);
    }
    keys.iter()
        .map(|key| key.map_or(0, |key| counts.count(key)))
        .collect()
}

/// Local features of page furniture: what may stand between a "continue
/// reading" link and the next post's headline.
const FURNITURE: u128 = Local::Rule.bit()
    | Local::Underline.bit()
    | Local::Link.bit()
    | Local::Byline.bit()
    | Local::MetaLine.bit()
    | Local::Dateline.bit()
    | Local::Caption.bit()
    | Local::TimeLabel.bit()
    | Local::Engagement.bit()
    | Local::Advert.bit();
/// Units after a link looked through for the first line of text.
const AFTER_LINK_REACH: usize = 6;

/// Which units are the first line of text after a "continue reading" link.
fn first_after_links(units: &[Unit], local: &[u128]) -> Vec<bool> {
    let mut first = vec![false; units.len()];
    for (index, bits) in local.iter().enumerate() {
        if bits & Local::Link.bit() == 0 {
            continue;
        }
        if let Some(at) = (index + 1..(index + 1 + AFTER_LINK_REACH).min(units.len()))
            .find(|&at| local[at] & FURNITURE == 0)
        {
            first[at] = true;
        }
    }
    first
}

/// Every short line's cohesion features: the overlap of content words
/// across it, as a level and ranked among the dump's short lines.
fn cohesion_ranks(
    words: &UnitWords,
    short: &[bool],
    threads: usize,
) -> Vec<Option<(Context, Option<Context>)>> {
    let raw: Vec<Option<f32>> = map_ranges(short.len(), run_len(short.len(), threads), |run| {
        let (mut before, mut after) = (Vec::new(), Vec::new());
        run.map(|index| short[index].then(|| cohesion_at(words, index, &mut before, &mut after))?)
            .collect::<Vec<_>>()
    })
    .concat();
    let mut sorted: Vec<f32> = raw.iter().flatten().copied().collect();
    sorted.sort_unstable_by(f32::total_cmp);
    let quantile = |share: f32| -> f32 {
        sorted
            .get(((sorted.len() as f32 - 1.0) * share) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let cuts = [quantile(0.1), quantile(0.25), quantile(0.5), quantile(0.75)];
    raw.iter()
        .map(|value| {
            let value = (*value)?;
            let level = if value == 0.0 {
                Context::CohesionNone
            } else if value < 0.1 {
                Context::CohesionSlight
            } else if value < 0.2 {
                Context::CohesionModerate
            } else {
                Context::CohesionStrong
            };
            let rank = if value == 0.0 {
                None
            } else if value <= cuts[0] {
                Some(Context::CohesionLowestTenth)
            } else if value <= cuts[1] {
                Some(Context::CohesionLowQuarter)
            } else if value <= cuts[2] {
                Some(Context::CohesionBelowMedian)
            } else if value <= cuts[3] {
                Some(Context::CohesionAboveMedian)
            } else {
                Some(Context::CohesionTopQuarter)
            };
            Some((level, rank))
        })
        .collect()
}

/// The overlap of content words across the unit at `index`: of the
/// [`WINDOW_WORDS`] before it with as many after it, within
/// [`COHESION_UNITS`] units; `before` and `after` are buffers to reuse.
fn cohesion_at(
    words: &UnitWords,
    index: usize,
    before: &mut Vec<u32>,
    after: &mut Vec<u32>,
) -> Option<f32> {
    before.clear();
    for at in (index.saturating_sub(COHESION_UNITS)..index).rev() {
        let unit_words = words.of(at);
        let keep = unit_words.len().min(WINDOW_WORDS - before.len());
        before.extend_from_slice(&unit_words[unit_words.len() - keep..]);
        if before.len() >= WINDOW_WORDS {
            break;
        }
    }
    after.clear();
    for at in index + 1..(index + 1 + COHESION_UNITS).min(words.len()) {
        let unit_words = words.of(at);
        let keep = unit_words.len().min(WINDOW_WORDS - after.len());
        after.extend_from_slice(&unit_words[..keep]);
        if after.len() >= WINDOW_WORDS {
            break;
        }
    }
    overlap(before, after)
}

/// How the first long paragraph after a short line names its subject.
fn naming_after(units: &[Unit], words: &UnitWords, index: usize) -> Option<Naming> {
    let paragraph = (index + 1..units.len()).take(NAMING_REACH).find(|&at| {
        units[at].kind == UnitKind::Text && units[at].words as usize >= MIN_NAMING_WORDS
    })?;
    naming(words.of(index), words.of(paragraph))
}

/// For every short text unit, the length of the run of short text units
/// it is in (as a feature).
fn short_runs(units: &[Unit]) -> Vec<Option<Context>> {
    let is_short =
        |unit: &Unit| unit.kind == UnitKind::Text && unit.words as usize <= MAX_RUN_WORDS;
    let mut runs = vec![None; units.len()];
    let mut start = 0;
    while start < units.len() {
        if !is_short(&units[start]) {
            start += 1;
            continue;
        }
        let end = start + units[start..].iter().take_while(|u| is_short(u)).count();
        let feature = match end - start {
            1 => Context::ShortRunOne,
            2 => Context::ShortRunTwo,
            3 => Context::ShortRunThree,
            4..=6 => Context::ShortRunFourToSix,
            _ => Context::ShortRunSevenOrMore,
        };
        runs[start..end].fill(Some(feature));
        start = end;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::spacing::spacing;
    use super::super::units::units;
    use super::super::wrap::wrap_column;
    use super::*;

    fn has(bits: u128, feature: Local) -> bool {
        bits & feature.bit() != 0
    }

    fn dump(text: &str) -> (Vec<Unit>, Features) {
        let spacing = spacing(text, 1);
        let wrap = wrap_column(&spacing.run_on);
        let units = units(text, &spacing, wrap);
        let layout = Layout {
            usual_gap: spacing.usual_gap(),
            wrapped: wrap.is_some(),
        };
        let words = UnitWords::new(text, &units, 1);
        let features = features(text, &units, &words, layout, 1);
        (units, features)
    }

    fn context_has(features: &Features, index: usize, feature: Context) -> bool {
        features.context[index] & (1 << feature as u8) != 0
    }

    #[test]
    fn feature_names_say_where_a_feature_sits() {
        assert_eq!(feature_name(0), "Link@-2");
        assert_eq!(feature_name(2 * Local::COUNT + 1), "Credit@+0");
        assert_eq!(feature_name(POSITIONS.len() * Local::COUNT), "Bias");
    }

    #[test]
    fn words_fall_in_one_size() {
        assert!(has(words_bit(1), Local::Words1));
        assert!(has(words_bit(5), Local::Words4To6));
        assert!(has(words_bit(200), Local::Words81Plus));
        assert_eq!(words_bit(12).count_ones(), 1);
    }

    #[test]
    fn ends_are_told_apart() {
        for (line, feature) in [
            ("The council met.", Local::EndsWithPeriod),
            ("Is it real?", Local::EndsWithQuestionMark),
            ("Stop!", Local::EndsWithExclamationMark),
            ("She said:", Local::EndsWithColon),
            ("Dear all,", Local::EndsWithComma),
            ("And then...", Local::EndsWithEllipsis),
            ("And then…", Local::EndsWithEllipsis),
            ("Pope visits Tibet (AP)", Local::EndsWithBracket),
            ("“It was a lie,” she says", Local::EndsWithWord),
            ("He said “no.”", Local::EndsWithQuote),
            ("The “Freedom Bridge”", Local::EndsWithQuote),
            ("Markets rally", Local::EndsWithWord),
            ("Version 1.2", Local::EndsWithWord),
            ("→", Local::EndsWithOther),
        ] {
            assert!(has(end_bit(line), feature), "{line}: {feature:?}");
        }
    }

    #[test]
    fn starts_are_told_apart() {
        for (line, feature) in [
            ("Markets", Local::StartsWithCapital),
            ("iTunes tops a million", Local::StartsWithLowerCase),
            ("2024 in review", Local::StartsWithDigit),
            ("“Quoted”", Local::StartsWithQuote),
            ("[image]", Local::StartsWithBracket),
            ("• item", Local::StartsWithSymbol),
            ("東京で", Local::StartsCaseless),
        ] {
            assert!(has(start_bit(line), feature), "{line}: {feature:?}");
        }
    }

    #[test]
    fn case_is_read_from_letters_and_longer_words() {
        assert!(has(case_bits("PATRIOTISM AND SPORT."), Local::AllCapitals));
        assert!(!has(case_bits("A"), Local::AllCapitals));
        assert!(!has(case_bits("1999"), Local::AllCapitals));
        let title = case_bits("Frail Pope Ends Tiring Lourdes Pilgrimage");
        assert!(has(title, Local::MostWordsCapitalised));
        let sentence = case_bits("Researchers seek to untangle the e-mail thread");
        assert!(!has(sentence, Local::MostWordsCapitalised));
        assert!(!has(sentence, Local::SomeWordsCapitalised));
        assert!(has(
            case_bits("Reinforcement Learning in unity engines"),
            Local::SomeWordsCapitalised
        ));
    }

    #[test]
    fn digits_and_years_are_seen() {
        assert_eq!(digit_bits("No digits here"), 0);
        assert!(has(digit_bits("Rust 1.90.0"), Local::HasDigit));
        assert!(!has(digit_bits("Rust 1.90.0"), Local::HasYear));
        assert!(has(digit_bits("Review of 2024"), Local::HasYear));
    }

    #[test]
    fn markup_is_read_from_the_line() {
        assert!(has(
            markup_bits("## Why it matters"),
            Local::MarkdownHeading
        ));
        assert!(has(markup_bits("- item"), Local::Bullet));
        assert!(has(markup_bits("2. item"), Local::Numbered));
        assert!(has(markup_bits("> quoted"), Local::Quote));
        assert!(has(markup_bits("*An emphasised title*"), Local::Emphasised));
        assert!(has(markup_bits("**Bold**"), Local::Emphasised));
        assert_eq!(markup_bits("Plain words"), 0);
    }

    #[test]
    fn texture_marks_navigation_code_numbers_and_sentences() {
        let has_texture =
            |line: &str, feature| has(texture_bits(line, line.split(' ').count()), feature);
        assert!(has_texture("Home | About | Contact", Local::Separators));
        assert!(has_texture("━━━ » ━━━", Local::SymbolHeavy));
        assert!(has_texture("[cave-1]", Local::Bracketed));
        assert!(has_texture("See https://example.org", Local::HasUrl));
        assert!(has_texture(
            "© 2024 The Site. All rights reserved.",
            Local::Copyright
        ));
        assert!(has_texture(
            "It rained. Then it stopped.",
            Local::SeveralSentences
        ));
        assert!(!has_texture(
            "Mr. Smith goes to Washington",
            Local::SeveralSentences
        ));
        assert!(!has_texture(
            "The U.S. Senate votes",
            Local::SeveralSentences
        ));
        assert!(has_texture("let x = vec![1, 2];", Local::CodeLike));
        assert!(has_texture("fn main() {", Local::CodeLike));
        assert!(!has_texture("A plain headline here", Local::CodeLike));
        assert!(has_texture(
            "Net profit 12.0 mln vs 8.2 mln",
            Local::NumberHeavy
        ));
        assert!(!has_texture("Rust 1.90.0 is out today", Local::NumberHeavy));
        assert!(has_texture("CHAPTER IV", Local::ChapterWord));
        assert!(has_texture("Part 2: the return", Local::ChapterWord));
        assert!(!has_texture("Part of the plan", Local::ChapterWord));
        assert!(has_texture("one, two, three, four", Local::ManyCommas));
    }

    #[test]
    fn furniture_kinds_are_features_of_their_own() {
        let (units, features) = dump(
            "By Jane Doe\n\nPosted on 7 March 2024\n\n12 comments\n\n5 min read\n\nAdvertisement\n\nPhoto: Reuters",
        );
        let wanted = [
            Local::Byline,
            Local::MetaLine,
            Local::Engagement,
            Local::TimeLabel,
            Local::Advert,
            Local::Caption,
        ];
        assert_eq!(units.len(), wanted.len());
        for (index, feature) in wanted.iter().enumerate() {
            assert!(has(features.local[index], *feature), "{feature:?}");
        }
        assert!(has(features.local[1], Local::Dateline));
    }

    #[test]
    fn kinds_and_marks_become_features() {
        let (_, features) = dump(
            "Title\n\n---\n\n    code line\n\nContinue reading Title\n\nThe following article was first published by the Courier.",
        );
        assert!(has(features.local[1], Local::Rule));
        assert!(has(features.local[2], Local::Code));
        assert!(has(features.local[3], Local::Link));
        assert!(has(features.local[4], Local::Credit));
        assert!(has(features.local[4], Local::Announcement));
        assert!(has(features.local[0], Local::HeadlineShape));
    }

    #[test]
    fn gaps_are_read_against_the_dumps_usual_gap() {
        let (_, features) = dump("One\n\nTwo two\n\nThree three\n\n\n\nFour four\n\nFive");
        assert!(context_has(&features, 0, Context::First));
        assert!(context_has(&features, 1, Context::GapBeforeUsual));
        assert!(context_has(&features, 2, Context::GapAfterMuchWider));
        assert!(context_has(&features, 3, Context::GapBeforeMuchWider));
        assert!(context_has(&features, 3, Context::ThreeBlanksBefore));
        assert!(context_has(&features, 4, Context::Last));
    }

    #[test]
    fn recurring_short_lines_are_counted_across_the_dump() {
        let text =
            "Home\n\nA headline\n\nBody text of the post.\n\nHome\n\nOther one\n\nText.\n\nHome";
        let (_, features) = dump(text);
        assert!(context_has(&features, 0, Context::RecursThreeToFiveTimes));
        assert!(context_has(&features, 1, Context::Unique));
    }

    #[test]
    fn lines_that_recur_but_for_their_digits_are_seen() {
        let text = "Contributors to 1.90.0\n\nNames.\n\nContributors to 1.53.0\n\nNames.\n\nContributors to 1.2.0\n\nNames.\n\nAnnouncing Rust 1.90.0";
        let (_, features) = dump(text);
        assert!(context_has(&features, 0, Context::ShapeRecurs));
        assert!(context_has(&features, 0, Context::Unique));
        assert!(!context_has(&features, 6, Context::ShapeRecurs));
    }

    #[test]
    fn a_post_held_twice_is_a_repeated_passage_not_furniture() {
        let post = "Harbour deal signed\n\nThe authority signed the dredging contract today.\n\n";
        let text =
            format!("{post}Home\n\nNew story\n\nOther text entirely here.\n\nHome\n\n{post}Home");
        let (_, features) = dump(&text);
        assert!(context_has(&features, 0, Context::RepeatedPassage));
        assert!(
            context_has(&features, 0, Context::Unique),
            "not counted as furniture"
        );
        assert!(!context_has(&features, 2, Context::RepeatedPassage));
        assert!(context_has(&features, 2, Context::RecursThreeToFiveTimes));
    }

    #[test]
    fn a_link_names_the_nearest_line_it_names() {
        let text = "Old mill reopens\n\nBody.\n\nOld mill reopens\n\nMore body.\n\nContinue reading Old mill reopens";
        let (_, features) = dump(text);
        assert!(!context_has(&features, 0, Context::NamedByLink));
        assert!(context_has(&features, 2, Context::NamedByLink));
    }

    #[test]
    fn the_first_line_after_a_link_and_its_furniture_is_marked() {
        let text =
            "Post one\n\nBody.\n\nRead more »\n\n12 comments\n\nMarch 1, 2025\n\nPost two\n\nBody.";
        let (_, features) = dump(text);
        assert!(context_has(&features, 5, Context::FirstAfterLink));
        assert!(!context_has(&features, 3, Context::FirstAfterLink));
        assert!(!context_has(&features, 4, Context::FirstAfterLink));
    }

    #[test]
    fn announcements_reach_the_units_after_them() {
        let text = "Post\n\nThe following articles were first published by the Wire and by the Herald.\n\nWire headline\n\nBody.\n\nHerald headline";
        let (_, features) = dump(text);
        assert!(context_has(&features, 2, Context::AfterAnnouncement));
        assert!(!context_has(&features, 4, Context::AfterAnnouncement));
        assert!(context_has(&features, 4, Context::AfterPluralAnnouncement));
    }

    #[test]
    fn a_subject_change_ranks_low_in_cohesion() {
        let text = "Harbour deal signed\n\nThe harbour authority signed the dredging contract for the harbour quay and ferry terminal.\n\nDredging schedule\n\nDredging of the harbour quay starts before the ferry terminal reopens.\n\nSenate budget vote\n\nSenators approved spending bills covering schools, hospitals and pensions nationwide.";
        let (_, features) = dump(text);
        assert!(context_has(&features, 2, Context::CohesionTopQuarter));
        assert!(context_has(&features, 4, Context::CohesionNone));
    }

    #[test]
    fn a_lead_naming_the_line_is_seen() {
        let text = "Robert Boulter\n\nRobert Boulter is an English film, television and theatre actor.\n\nCareer\n\nIn 2000 he had a guest role in a television series of note.";
        let (_, features) = dump(text);
        assert!(context_has(&features, 0, Context::OpensWithIt));
        assert!(context_has(&features, 0, Context::NamedAll));
        assert!(context_has(&features, 2, Context::NamedNone));
        assert!(!context_has(&features, 2, Context::OpensWithIt));
    }

    #[test]
    fn runs_of_short_lines_are_measured() {
        let text = "CONTENTS\n\nONE\n\nTWO\n\nTHREE\n\nFOUR\n\nFIVE\n\nSIX\n\nSEVEN\n\nA long paragraph of many words that goes on and on for a while here.";
        let (_, features) = dump(text);
        assert!(context_has(&features, 0, Context::ShortRunSevenOrMore));
        let runs = [
            Context::ShortRunOne,
            Context::ShortRunTwo,
            Context::ShortRunThree,
            Context::ShortRunFourToSix,
            Context::ShortRunSevenOrMore,
        ];
        assert!(
            runs.iter().all(|run| !context_has(&features, 8, *run)),
            "a long paragraph is in no run"
        );
    }

    #[test]
    fn feature_ids_cover_the_window_and_the_context() {
        let (_, features) = dump("A\n\nB b\n\nC c c");
        let mut ids = Vec::new();
        features.for_each(1, |id| ids.push(id));
        let own = 2 * Local::COUNT + Local::Words2 as usize;
        let before = Local::COUNT + Local::Words1 as usize;
        let after = 3 * Local::COUNT + Local::Words3 as usize;
        let bias = POSITIONS.len() * Local::COUNT + Context::Bias as usize;
        for id in [own, before, after, bias] {
            assert!(ids.contains(&id), "{}", feature_name(id));
        }
        assert!(ids.iter().all(|&id| id < FEATURES));
        assert!(
            ids.iter().all(|&id| id >= Local::COUNT),
            "nothing two units before the second"
        );
    }
}
