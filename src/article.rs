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
        let mut hash = StableHasher::new();
        hash.write_folded(title);
        hash.write_byte(b'\n');
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

/// A hash defined here, eight bytes at a time, because ids are saved: unlike
/// `DefaultHasher`, its output can never change with a Rust release.
///
/// Over the byte stream: for each 8-byte little-endian word `w` (the last
/// zero-padded), `h = rotl((h ^ w) * M, 29)`, from `h = SEED`; then
/// `h ^= length` and murmur3's 64-bit finaliser.
struct StableHasher {
    state: u64,
    word: u64,
    filled: u32,
    length: u64,
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const MULTIPLIER: u64 = 0xff51_afd7_ed55_8ccd;

impl StableHasher {
    fn new() -> Self {
        StableHasher {
            state: SEED,
            word: 0,
            filled: 0,
            length: 0,
        }
    }

    fn write_byte(&mut self, byte: u8) {
        self.word |= u64::from(byte) << (8 * self.filled);
        self.filled += 1;
        self.length += 1;
        if self.filled == 8 {
            self.mix();
        }
    }

    fn mix(&mut self) {
        self.state = (self.state ^ self.word)
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
        self.word = 0;
        self.filled = 0;
    }

    /// Hashes `text` lower-cased, with runs of whitespace folded to one space
    /// and none at either end.
    fn write_folded(&mut self, text: &str) {
        let mut pending_space = false;
        let mut wrote = false;
        let mut chars = text.char_indices();
        while let Some((_, c)) = chars.next() {
            if c.is_whitespace() {
                pending_space = wrote;
                continue;
            }
            if pending_space {
                self.write_byte(b' ');
                pending_space = false;
            }
            wrote = true;
            if c.is_ascii() {
                self.write_byte(c.to_ascii_lowercase() as u8);
            } else {
                let mut buf = [0u8; 4];
                for lower in c.to_lowercase() {
                    for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                        self.write_byte(byte);
                    }
                }
            }
        }
    }

    fn finish(mut self) -> u64 {
        if self.filled > 0 {
            self.mix();
        }
        let mut x = self.state ^ self.length;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
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
    fn the_hash_is_the_documented_function() {
        // Checked against an independent implementation of the doc comment:
        //   M=0xff51afd7ed558ccd; h=0x9e3779b97f4a7c15; mask=2**64-1
        //   for w in 8-byte little-endian words of "xi’s plan\nfirst words here"
        //   encoded as UTF-8
        //   (zero-padded): h=(((h^w)*M)&mask); h=((h<<29)|(h>>35))&mask
        //   then h^=len, x^=x>>33, x*=M, x^=x>>33, x*=0xc4ceb9fe1a85ec53, x^=x>>33
        let id = ArticleId::derive("Xi’s  Plan", " First words\there ");
        assert_eq!(id.to_string(), "93a10bd6e01340d7");
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
