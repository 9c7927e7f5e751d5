//! Content words: what the word-reading signals ([`super::cohesion`])
//! compare, read once for every unit and kept as hashes.
//!
//! A content word is a run of letters and digits (with inner apostrophes,
//! hyphens, dots and underscores, so "1.90.0", "x86_64" and "Ise-class"
//! stay whole) of two characters or more that is not a function word,
//! lower-cased in ASCII. Plurals are not folded into their singulars: that
//! was tried and weighed, both across paragraphs and where a line's subject
//! is looked for, and scored worse on dumps held out of the fit. Words are
//! hashed as they are read (FNV-1a), byte by byte, without allocating.

use std::ops::Range;

use super::units::{Unit, UnitKind};
use crate::parallel::{map_runs, run_len};

/// Bytes of a long unit read at each end for its words: the words near a
/// boundary are the ones that say whether it is one.
pub const END_BYTES: usize = 600;

/// Function words, too common to say anything about a subject.
const STOP_WORDS: &[&str] = &[
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "on", "or", "so", "to", "up", "us", "we", "all", "and", "any", "are", "but", "can",
    "did", "for", "had", "has", "her", "him", "his", "how", "its", "may", "not", "now", "one",
    "our", "out", "own", "she", "the", "too", "two", "use", "was", "way", "who", "why", "you",
    "about", "after", "again", "also", "been", "before", "being", "between", "both", "could",
    "does", "done", "down", "during", "each", "even", "ever", "every", "first", "from", "have",
    "here", "into", "just", "last", "like", "made", "make", "many", "more", "most", "much", "must",
    "only", "other", "over", "said", "same", "should", "since", "some", "such", "than", "that",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "upon",
    "very", "well", "were", "what", "when", "where", "which", "while", "with", "will", "would",
    "your", "yours", "because", "against", "still", "shall", "never", "itself", "ours", "vs",
];

const FNV_BASIS: u32 = 0x811c_9dc5;

/// One byte of FNV-1a, lower-cased in ASCII.
const fn fnv_step(hash: u32, byte: u8) -> u32 {
    (hash ^ byte.to_ascii_lowercase() as u32).wrapping_mul(0x0100_0193)
}

/// FNV-1a over bytes lower-cased in ASCII.
const fn fnv(bytes: &[u8]) -> u32 {
    let mut hash = FNV_BASIS;
    let mut at = 0;
    while at < bytes.len() {
        hash = fnv_step(hash, bytes[at]);
        at += 1;
    }
    hash
}

/// Longest stop word, in bytes: longer words are never looked up.
const LONGEST_STOP_WORD: usize = 7;

/// Slots of the stop words' hash table: a power of two, about twice the
/// words, so a look-up seldom probes more than once.
const STOP_SLOTS: usize = 256;

/// The stop words' hashes in an open-addressed table (0 marks an empty
/// slot; no stop word hashes to 0).
const STOP_TABLE: [u32; STOP_SLOTS] = {
    let mut table = [0u32; STOP_SLOTS];
    let mut at = 0;
    while at < STOP_WORDS.len() {
        let hash = fnv(STOP_WORDS[at].as_bytes());
        assert!(hash != 0);
        let mut slot = slot_of(hash);
        while table[slot] != 0 && table[slot] != hash {
            slot = (slot + 1) % STOP_SLOTS;
        }
        table[slot] = hash;
        at += 1;
    }
    table
};

const fn slot_of(hash: u32) -> usize {
    ((hash ^ (hash >> 16)) as usize) % STOP_SLOTS
}

fn is_stop_hash(hash: u32) -> bool {
    let mut slot = slot_of(hash);
    loop {
        match STOP_TABLE[slot] {
            0 => return false,
            found if found == hash => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

/// What a byte is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Ends a word, and cannot join two.
    Other,
    /// An ASCII letter or digit.
    Word,
    /// An apostrophe, hyphen, dot or underscore: inside a word, part of it.
    Joiner,
    /// Starts or continues a character beyond ASCII.
    Wide,
}

const CLASSES: [Class; 256] = {
    let mut classes = [Class::Other; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = if b >= 0x80 {
            Class::Wide
        } else if b.is_ascii_alphanumeric() {
            Class::Word
        } else if matches!(b, b'\'' | b'-' | b'.' | b'_') {
            Class::Joiner
        } else {
            Class::Other
        };
        byte += 1;
    }
    classes
};

/// Appends the hashes of the content words of `text`, in order.
pub fn content_words(text: &str, out: &mut Vec<u32>) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(width) = word_char_at(text, at) else {
            at += char_len(bytes[at]);
            continue;
        };
        let start = at;
        let mut hash = FNV_BASIS;
        let mut chars = 0;
        let take = |bytes: &[u8], hash: &mut u32| {
            for &byte in bytes {
                *hash = fnv_step(*hash, byte);
            }
        };
        take(&bytes[at..at + width], &mut hash);
        at += width;
        chars += 1;
        while at < bytes.len() {
            let width = match CLASSES[usize::from(bytes[at])] {
                Class::Word => 1,
                Class::Other => break,
                Class::Wide | Class::Joiner => {
                    match word_char_at(text, at) {
                        Some(width) => width,
                        // An inner joiner, followed by a word character,
                        // continues the word.
                        None => match joiner_at(bytes, at) {
                            Some(joiner) if word_char_at(text, at + joiner).is_some() => joiner,
                            _ => break,
                        },
                    }
                }
            };
            take(&bytes[at..at + width], &mut hash);
            at += width;
            chars += 1;
        }
        if chars < 2 || (at - start <= LONGEST_STOP_WORD && is_stop_hash(hash)) {
            continue;
        }
        out.push(hash);
    }
}

/// The width of the joiner at byte `at`: an ASCII one, or a right single
/// quotation mark used as an apostrophe.
fn joiner_at(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..at + 3) {
        _ if CLASSES[usize::from(bytes[at])] == Class::Joiner => Some(1),
        Some([0xe2, 0x80, 0x99]) => Some(3),
        _ => None,
    }
}

/// The width in bytes of the word character (letter or digit) at byte
/// `at` of `text`, if there is one.
fn word_char_at(text: &str, at: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(at)?;
    match CLASSES[usize::from(byte)] {
        Class::Word => Some(1),
        Class::Wide => {
            let c = text.get(at..)?.chars().next()?;
            c.is_alphanumeric().then_some(c.len_utf8())
        }
        Class::Other | Class::Joiner => None,
    }
}

/// The length of the UTF-8 sequence a byte starts (1 for a continuation
/// byte, so a scan never stalls).
fn char_len(byte: u8) -> usize {
    match byte {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// Every unit's content words: read once, for all the signals that
/// compare words, in runs of units read side by side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitWords {
    /// Units in each run (the last may hold fewer).
    run_len: usize,
    runs: Vec<Run>,
}

/// A run of units' words, one unit's after another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Run {
    words: Vec<u32>,
    /// Where each unit's words end in `words`.
    ends: Vec<u32>,
}

impl UnitWords {
    /// Reads the content words of every unit of `text`: all of them for a
    /// unit of up to twice [`END_BYTES`], those of its first and last
    /// [`END_BYTES`] for a longer one, none for rules and underlines. Runs
    /// of units are read on `threads` threads, and kept as they are read
    /// rather than copied into one list.
    pub fn new(text: &str, units: &[Unit], threads: usize) -> Self {
        let run_len = run_len(units.len(), threads).max(1);
        UnitWords {
            run_len,
            runs: map_runs(units, run_len, |run| Run::read(text, run)),
        }
    }

    /// The number of units read.
    pub fn len(&self) -> usize {
        self.runs.iter().map(|run| run.ends.len()).sum()
    }

    /// Whether no unit was read.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words of unit `index`, in order (none past the last unit).
    pub fn of(&self, index: usize) -> &[u32] {
        self.runs
            .get(index / self.run_len.max(1))
            .map_or(&[], |run| run.of(index % self.run_len.max(1)))
    }
}

impl Run {
    fn read(text: &str, units: &[Unit]) -> Self {
        let bytes = match (units.first(), units.last()) {
            (Some(first), Some(last)) => last.span.end - first.span.start,
            _ => 0,
        };
        let mut read = Run {
            // A content word takes three bytes at least: room for as many
            // as there can be, so the list never grows by copying. Room
            // not written to costs no memory, and is given back below.
            words: Vec::with_capacity(bytes / 3),
            ends: Vec::with_capacity(units.len()),
        };
        for unit in units {
            if !matches!(unit.kind, UnitKind::Rule | UnitKind::Underline) {
                let span = &text[unit.span.clone()];
                for range in ends_of(span) {
                    content_words(&span[range], &mut read.words);
                }
            }
            read.ends.push(read.words.len() as u32);
        }
        read.words.shrink_to_fit();
        read
    }

    fn of(&self, index: usize) -> &[u32] {
        let start = index
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&end| end as usize);
        let end = self.ends.get(index).map_or(start, |&end| end as usize);
        self.words.get(start..end).unwrap_or_default()
    }
}

/// The parts of a unit's text whose words are read: all of it (and an
/// empty part), or its two ends, cut at character boundaries.
fn ends_of(text: &str) -> [Range<usize>; 2] {
    if text.len() <= 2 * END_BYTES {
        return [0..text.len(), text.len()..text.len()];
    }
    let head = text.floor_char_boundary(END_BYTES);
    let tail = text.ceil_char_boundary(text.len() - END_BYTES);
    [0..head, tail..text.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word's hash as the tokenizer computes it: what the tests compare
    /// word lists against.
    fn word_hash(word: &str) -> u32 {
        let mut hashes = Vec::new();
        content_words(word, &mut hashes);
        hashes
            .first()
            .copied()
            .unwrap_or_else(|| fnv(word.as_bytes()))
    }

    fn words(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        content_words(text, &mut out);
        out
    }

    #[test]
    fn content_words_skip_function_words_whatever_the_case() {
        assert_eq!(
            words("The Harbour and the HARBOUR which were rebuilt"),
            [
                word_hash("harbour"),
                word_hash("harbour"),
                word_hash("rebuilt")
            ]
        );
        assert!(words("a an of to it is The").is_empty());
    }

    #[test]
    fn words_keep_inner_marks_and_drop_outer_ones() {
        assert_eq!(
            words("Rust 1.90.0."),
            [word_hash("rust"), word_hash("1.90.0")]
        );
        assert_eq!(
            words("“Ise-class” x86_64!"),
            [word_hash("ise-class"), word_hash("x86_64")]
        );
        assert_eq!(
            words("Chávez’s plan"),
            [word_hash("chávez’s"), word_hash("plan")]
        );
        assert_eq!(
            words("Du Fu (712 – 770)"),
            [
                word_hash("du"),
                word_hash("fu"),
                word_hash("712"),
                word_hash("770")
            ]
        );
    }

    #[test]
    fn words_of_one_character_are_not_content_words() {
        assert_eq!(words("x y z 7 ab"), [word_hash("ab")]);
    }

    #[test]
    fn the_stop_word_table_finds_every_word_and_no_other() {
        for word in ["harbour", "ab", "thee", "wit"] {
            assert!(!is_stop_hash(fnv(word.as_bytes())), "{word}");
        }
        for word in STOP_WORDS {
            assert!(words(word).is_empty(), "{word}");
            assert!(words(&word.to_uppercase()).is_empty(), "{word}");
            assert!(word.len() <= LONGEST_STOP_WORD);
        }
    }

    #[test]
    fn long_units_give_the_words_at_their_ends() {
        let middle = "middle ".repeat(400);
        let text = format!("opening words {middle} closing words");
        let units = [Unit {
            span: 0..text.len(),
            line: 1,
            lines: 1,
            blank_before: 0,
            words: 0,
            kind: UnitKind::Text,
            mark: super::super::units::Mark::None,
        }];
        let read = UnitWords::new(&text, &units, 1);
        let words = read.of(0);
        assert_eq!(words.first(), Some(&word_hash("opening")));
        assert_eq!(words.last(), Some(&word_hash("words")));
        assert!(words.len() < 250, "not every word of the middle");
        assert!(read.of(1).is_empty());
    }

    #[test]
    fn words_read_on_several_threads_are_those_read_on_one() {
        let mut text = String::new();
        let mut units = Vec::new();
        for index in 0..5_000 {
            let start = text.len();
            text.push_str(&format!(
                "harbour {} ferry{} of the quay",
                index + 10,
                index % 7
            ));
            units.push(Unit {
                span: start..text.len(),
                line: index + 1,
                lines: 1,
                blank_before: 1,
                words: 6,
                kind: UnitKind::Text,
                mark: super::super::units::Mark::None,
            });
            text.push('\n');
        }
        let one = UnitWords::new(&text, &units, 1);
        let three = UnitWords::new(&text, &units, 3);
        assert_eq!(one.len(), units.len());
        assert_eq!(three.len(), units.len());
        for index in 0..units.len() {
            assert_eq!(one.of(index), three.of(index), "unit {index}");
            assert_eq!(one.of(index).len(), 4, "harbour, the number, ferry, quay");
        }
        assert!(three.of(units.len()).is_empty());
    }

    proptest::proptest! {
        /// Any text tokenises without panicking, on character boundaries.
        #[test]
        fn any_text_tokenises(text in "\\\\PC{0,80}") {
            let mut out = Vec::new();
            content_words(&text, &mut out);
            for range in ends_of(&text) {
                proptest::prop_assert!(text.get(range).is_some());
            }
        }
    }
}
