//! The article model: what the parser produces and everything else reads.
//!
//! Body text is not copied into each article. Blocks hold byte spans into the
//! cleaned text of their source (owned once by the [`Library`]), so a 100 MB
//! dump costs one 100 MB buffer plus a few words per paragraph.
//!
//! [`Library`]: crate::library::Library

use std::fmt;
use std::ops::Range;

/// Words a person reads per minute; used for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 230;

/// A content-derived identity that stays the same across runs, paths and
/// neighbouring edits, so bookmarks and reading state survive re-exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// Derives the id from the headline and the start of the first paragraph,
    /// folded so that whitespace and case changes in a re-export keep it.
    pub fn derive(title: &str, first_paragraph: &str) -> Self {
        let mut hash = Fnv1a::new();
        hash.write_folded(title);
        hash.write(b"\n");
        let start = first_paragraph
            .char_indices()
            .nth(ID_PARAGRAPH_CHARS)
            .map_or(first_paragraph, |(end, _)| &first_paragraph[..end]);
        hash.write_folded(start);
        ArticleId(hash.finish())
    }
}

/// How much of the first paragraph goes into an id: enough to tell apart two
/// posts with the same headline, little enough to survive edits further down.
const ID_PARAGRAPH_CHARS: usize = 200;

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// FNV-1a, 64 bit: tiny and specified, unlike `DefaultHasher`, whose output may
/// change between Rust releases and would silently orphan saved bookmarks.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Hashes `text` lower-cased with runs of whitespace folded to one space.
    fn write_folded(&mut self, text: &str) {
        let mut buf = [0u8; 4];
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                self.write(b" ");
            }
            if word.is_ascii() {
                for byte in word.bytes() {
                    self.write(&[byte.to_ascii_lowercase()]);
                }
                continue;
            }
            for c in word.chars().flat_map(char::to_lowercase) {
                self.write(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// What a block of an article is, which decides how readers set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// An in-article heading: a reprinted article's own headline or a subheading.
    Heading,
}

/// One paragraph or heading, as a span of the text it was parsed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Paragraph or heading.
    pub kind: BlockKind,
    /// 1-based line of the block in its source file.
    pub line: usize,
    /// Byte range of the block's text in its source's cleaned text.
    pub span: Range<usize>,
}

/// One post of a dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// Stable identity; see [`ArticleId::derive`].
    pub id: ArticleId,
    /// The headline, cleaned.
    pub title: String,
    /// Index into the library's sources (0 for a single parsed text).
    pub source: usize,
    /// 1-based line of the headline in its source.
    pub line: usize,
    /// Paragraphs and in-article headings, in order.
    pub blocks: Vec<Block>,
    /// The post ended with a "Continue reading …" link: only an excerpt is here.
    pub truncated: bool,
    /// Outlets named by reprint credit lines ("originally published by …").
    pub credits: Vec<String>,
    /// Words in the body (headings and paragraphs, not the headline).
    pub words: usize,
}

impl Article {
    /// Estimated minutes to read the body; at least one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// The in-article headings, for listings and navigation.
    pub fn headings(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|block| block.kind == BlockKind::Heading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ignores_case_and_whitespace_but_not_words() {
        let a = ArticleId::derive("China  and Norway", "First  paragraph here.");
        let b = ArticleId::derive("china and norway", "First paragraph\u{20}here.");
        let c = ArticleId::derive("China and Sweden", "First paragraph here.");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn id_depends_only_on_the_start_of_the_first_paragraph() {
        let long = "word ".repeat(100);
        let a = ArticleId::derive("T", &format!("{long} ending one"));
        let b = ArticleId::derive("T", &format!("{long} ending two"));
        assert_eq!(a, b);
        assert_ne!(
            ArticleId::derive("T", "alpha beta"),
            ArticleId::derive("T", "alpha gamma")
        );
    }

    #[test]
    fn fnv1a_matches_the_published_test_vector() {
        // From the FNV reference: FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
        let mut hash = Fnv1a::new();
        hash.write(b"a");
        assert_eq!(hash.finish(), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn id_displays_as_sixteen_hex_digits() {
        assert_eq!(ArticleId(0xab).to_string(), "00000000000000ab");
    }

    #[test]
    fn reading_time_rounds_up_and_is_at_least_a_minute() {
        let mut article = Article {
            id: ArticleId(0),
            title: String::new(),
            source: 0,
            line: 1,
            blocks: Vec::new(),
            truncated: false,
            credits: Vec::new(),
            words: 0,
        };
        assert_eq!(article.reading_minutes(), 1);
        article.words = 231;
        assert_eq!(article.reading_minutes(), 2);
        article.words = 460;
        assert_eq!(article.reading_minutes(), 2);
    }
}
