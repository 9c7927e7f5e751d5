//! The article model: what the parser produces and everything else reads.
//!
//! Text is not copied into each article. Headlines and blocks are byte spans
//! of the cleaned text of their source (owned once by the [`Library`]), and
//! an article's blocks are a run of one list shared by all articles, so a
//! 100 MB dump costs one 100 MB buffer plus a few words per paragraph, and a
//! million short posts cost no allocation each.
//!
//! [`Library`]: crate::library::Library

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use chrono::{DateTime, Utc};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
        hash.write_separator();
        let start = &first_paragraph[..first_paragraph.floor_char_boundary(ID_PARAGRAPH_BYTES)];
        hash.write_folded(start);
        ArticleId(hash.finish())
    }
}

impl ArticleId {
    /// The id of an article its source names (a feed entry's guid, id or
    /// link), which stays the same when the entry's text is edited. Marked
    /// apart from [`ArticleId::derive`]'s input, so a key never collides with
    /// a headline and paragraph by construction.
    ///
    /// Each word of the key goes through the full finaliser: keys are
    /// often alike but for a digit or two (`feed-30-123`, `feed-38-456`),
    /// and the one multiply per word of [`stable_hash`] lets differences in
    /// two words cancel.
    pub fn keyed(key: &str) -> Self {
        let key = key.trim().as_bytes();
        let mut state = SEED ^ KEY_SALT;
        for word in key.chunks(8) {
            let mut lanes = [0u8; 8];
            lanes[..word.len()].copy_from_slice(word);
            state = finalise(state ^ u64::from_le_bytes(lanes), word.len() as u64);
        }
        ArticleId(finalise(state, key.len() as u64))
    }

    /// Reads an id as it is written (see [`fmt::Display`]: sixteen
    /// lower-case hex digits, nothing else), so ids kept in a store are
    /// compared with a library's as numbers, not by writing out a million
    /// ids as strings.
    pub fn parse(written: &str) -> Option<ArticleId> {
        let hex = |byte: u8| matches!(byte, b'0'..=b'9' | b'a'..=b'f');
        if written.len() != 16 || !written.bytes().all(hex) {
            return None;
        }
        u64::from_str_radix(written, 16).ok().map(ArticleId)
    }
}

/// A set of ids hashed by their own bits: an id already is a well-mixed
/// hash, and hashing it again would only slow a scan of every article.
pub type IdSet = HashSet<ArticleId, BuildHasherDefault<IdHasher>>;

/// A map from ids, hashed as [`IdSet`] is.
pub type IdMap<V> = HashMap<ArticleId, V, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdSet`] and [`IdMap`]: an id's value is its hash.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// How much of the first paragraph goes into an id, in bytes (cut back to a
/// character boundary): enough to tell apart two posts with the same
/// headline, little enough to survive edits further down.
const ID_PARAGRAPH_BYTES: usize = 200;

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
    buffer: [u8; 64],
    filled: usize,
    length: u64,
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
/// Sets keyed ids apart from derived ones.
const KEY_SALT: u64 = 0x6b65_7965_6420_6964;
const MULTIPLIER: u64 = 0xff51_afd7_ed55_8ccd;

impl StableHasher {
    fn new() -> Self {
        StableHasher {
            state: SEED,
            buffer: [0; 64],
            filled: 0,
            length: 0,
        }
    }

    /// Marks the end of one field, so ("ab", "c") and ("a", "bc") differ.
    fn write_separator(&mut self) {
        self.buffer[self.filled] = b'\n';
        self.filled += 1;
        if self.filled == self.buffer.len() {
            self.absorb();
        }
    }

    /// Mixes the buffered bytes in, eight at a time.
    fn absorb(&mut self) {
        let filled = self.filled;
        self.buffer[filled..].fill(0);
        self.state = mix_words(self.state, &self.buffer[..filled.div_ceil(8) * 8]);
        self.length += filled as u64;
        self.filled = 0;
    }

    /// Hashes `text` lower-cased, with runs of whitespace folded to one space
    /// and none at either end. The buffer and its fill live in locals here:
    /// this loop sees every byte that goes into every id.
    fn write_folded(&mut self, text: &str) {
        let mut buffer = self.buffer;
        let mut filled = self.filled;
        let mut state = self.state;
        let mut length = self.length;
        // Inlined by hand: a closure capturing these by reference kept them
        // in memory and tripled the cost per byte.
        macro_rules! push {
            ($byte:expr) => {{
                buffer[filled] = $byte;
                filled += 1;
                if filled == buffer.len() {
                    state = mix_words(state, &buffer);
                    length += buffer.len() as u64;
                    filled = 0;
                }
            }};
        }
        let mut pending_space = false;
        let mut wrote = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&byte) = bytes.get(i) {
            // Eight bytes of printable ASCII and lone inner spaces at once:
            // the usual case, and every byte of every id passes through here.
            if !pending_space
                && filled + 8 <= buffer.len()
                && let Some(word) = bytes.get(i..i + 8).and_then(plain_ascii_word)
            {
                buffer[filled..filled + 8]
                    .copy_from_slice(&lowercase_ascii_word(word).to_le_bytes());
                filled += 8;
                if filled == buffer.len() {
                    state = mix_words(state, &buffer);
                    length += buffer.len() as u64;
                    filled = 0;
                }
                wrote = true;
                i += 8;
                continue;
            }
            // ASCII, nearly all of it, needs no decoding.
            let c = if byte.is_ascii() {
                char::from(byte)
            } else {
                text[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                pending_space = wrote;
                continue;
            }
            if pending_space {
                push!(b' ');
                pending_space = false;
            }
            wrote = true;
            if byte.is_ascii() {
                push!(byte.to_ascii_lowercase());
            } else {
                let mut utf8 = [0u8; 4];
                for lower in c.to_lowercase() {
                    for &b in lower.encode_utf8(&mut utf8).as_bytes() {
                        push!(b);
                    }
                }
            }
        }
        self.buffer = buffer;
        self.filled = filled;
        self.state = state;
        self.length = length;
    }

    fn finish(mut self) -> u64 {
        self.absorb();
        finalise(self.state, self.length)
    }
}

/// murmur3's 64-bit finaliser over the state and the length hashed.
fn finalise(state: u64, length: u64) -> u64 {
    let mut x = state ^ length;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The ids' hash over raw bytes, unfolded: a checksum that stays the same
/// across Rust releases, for files folio writes and reads back.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let whole = bytes.len() / 8 * 8;
    let mut state = mix_words(SEED, &bytes[..whole]);
    let mut tail = [0u8; 8];
    tail[..bytes.len() - whole].copy_from_slice(&bytes[whole..]);
    if whole < bytes.len() {
        state = mix_words(state, &tail);
    }
    finalise(state, bytes.len() as u64)
}

/// Eight bytes as a little-endian word, if folding would leave them as they
/// are but for case: printable ASCII (space to DEL) whose spaces are single
/// and inside the eight, so none starts, ends or widens a run of whitespace.
fn plain_ascii_word(bytes: &[u8]) -> Option<u64> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = u64::from_le_bytes(bytes.try_into().ok()?);
    // A byte at or above 0x80, or below b' ' (the borrow sets its top bit).
    let below_space = word.wrapping_sub(ONES * u64::from(b' ')) & !word & HIGH;
    if word & HIGH != 0 || below_space != 0 {
        return None;
    }
    // The top bit of each space byte, exactly: a byte of `word ^ spaces` is
    // zero where `word` has a space.
    let differs = word ^ (ONES * u64::from(b' '));
    let spaces = !((differs & LOW7).wrapping_add(LOW7) | differs) & HIGH;
    let first_or_last = 0x8000_0000_0000_0080;
    (spaces & first_or_last == 0 && spaces & (spaces << 8) == 0).then_some(word)
}

/// `A`–`Z` to `a`–`z` in a word of ASCII bytes, all at once: a byte's top
/// bit is set by adding 0x3f when it is at least `A`, and by adding 0x25
/// when it is past `Z`; no sum carries into the next byte.
fn lowercase_ascii_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least_a = word.wrapping_add(ONES * (0x80 - u64::from(b'A')));
    let past_z = word.wrapping_add(ONES * (0x80 - u64::from(b'Z') - 1));
    let upper = at_least_a & !past_z & HIGH;
    word | (upper >> 2)
}

/// `rotl((h ^ w) * M, 29)` over each 8-byte little-endian word of `bytes`.
fn mix_words(mut state: u64, bytes: &[u8]) -> u64 {
    for word in bytes.chunks_exact(8) {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        state = (state ^ u64::from_le_bytes(lanes))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
    }
    state
}

/// What a block of an article is, which decides how readers set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// An in-article heading: a reprinted article's own headline or a subheading.
    Heading,
    /// Code, a table or verse set apart: shown line for line, never re-wrapped.
    Preformatted,
    /// A quoted passage (a block quote in HTML or Markdown, `>` in mail).
    Quote,
    /// One item of a bullet or numbered list. Its text begins with its
    /// marker ("•", "3."), under which wrapped lines hang; `depth` is 0 for
    /// a top-level list, 1 for a list inside an item, and so on; `first`
    /// for the first item of its list (a list is set apart from what
    /// comes before it; its items are not set apart from each other).
    ListItem { depth: u8, first: bool },
}

/// How a run of a block's text is set: what HTML, Markdown and feeds mark
/// inline. Plain-text dumps carry none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Emphasis (`<em>`, `*text*`).
    Emphasis,
    /// Strong importance (`<strong>`, `**text**`).
    Strong,
    /// Code within running text.
    Code,
    /// A link's text, followed in the text by its reference number.
    Link,
    /// An image's place, written as `[image: alt]`.
    Image,
}

/// One styled run: a byte range of its source's text and its style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Styled {
    /// Byte range in the source's text; inside one block.
    pub span: Range<usize>,
    /// How it is set.
    pub style: Inline,
}

/// What a structured format says about an article beside its text: plain
/// text carries none of it, so an article keeps it boxed and optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Details {
    /// Where the article lives on the web (http, https or mailto only).
    pub url: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published (or last updated, when that is all it says).
    pub published: Option<DateTime<Utc>>,
    /// The links in its text, in order: the text refers to link `n` as
    /// `[n]`, which is `links[n - 1]`.
    pub links: Vec<String>,
    /// What its source calls it (a feed entry's guid or id, else its
    /// link): its id then comes from this, so reading state and bookmarks
    /// survive an edited entry across refreshes.
    pub key: Option<String>,
}

/// Whether `url` may be opened or listed: an absolute `http`, `https` or
/// `mailto` address with nothing in it that acts on a terminal. Anything
/// else (`javascript:`, `file:`, `data:`) is never offered.
pub fn is_openable(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || crate::text::acts_on_terminal(c))
}

/// Longest paragraph wrapped best fit (see [`wrap`]).
pub const BEST_FIT_MAX_BYTES: usize = 256 * 1024;

/// Lines of `text` at most `width` columns wide, as many words on each as
/// fit, given to `push` one by one; a word wider than a line is cut.
fn first_fit(text: &str, width: usize, push: &mut impl FnMut(&str)) {
    let width = width.max(1);
    // The line being filled: where it starts in `text`, where its last word
    // ends, and its width so far.
    let mut start = 0;
    let mut end = 0;
    let mut used = 0;
    for (at, word) in text
        .split(' ')
        .scan(0, |offset, word| {
            let at = *offset;
            *offset += word.len() + 1;
            Some((at, word))
        })
        .filter(|(_, word)| !word.is_empty())
    {
        let word_width = word.width();
        if used > 0 && used + 1 + word_width <= width {
            end = at + word.len();
            used += 1 + word_width;
            continue;
        }
        if used > 0 {
            push(&text[start..end]);
        }
        if word_width <= width {
            (start, end, used) = (at, at + word.len(), word_width);
            continue;
        }
        // Too wide for any line: cut it into lines of its own.
        let mut piece_start = at;
        let mut piece_width = 0;
        for (offset, c) in word.char_indices() {
            let c_width = c.width().unwrap_or(0);
            if piece_width + c_width > width && piece_width > 0 {
                push(&text[piece_start..at + offset]);
                (piece_start, piece_width) = (at + offset, 0);
            }
            piece_width += c_width;
        }
        (start, end, used) = (piece_start, at + word.len(), piece_width);
    }
    if used > 0 {
        push(&text[start..end]);
    }
}

/// Wraps flowing `text` to `width` columns, giving each line to `push`:
/// best fit (textwrap) as a reader expects, or, for an absurdly long
/// paragraph (a 100 MB line), greedily: best fit runs at a few MB a second
/// and holds a record per word, many times the text. The reading pane and
/// `--show` both lay paragraphs out with it.
pub fn wrap(text: &str, width: usize, push: &mut impl FnMut(&str)) {
    if text.len() > BEST_FIT_MAX_BYTES {
        first_fit(text, width, push);
    } else {
        for line in textwrap::wrap(text, width) {
            push(&line);
        }
    }
}

/// [`wrap`], giving each line with the byte offset in `text` where it
/// starts, so styled runs of `text` can be placed on the lines.
pub fn wrap_at(text: &str, width: usize, push: &mut impl FnMut(&str, usize)) {
    let base = text.as_ptr() as usize;
    let mut cursor = 0;
    wrap(text, width, &mut |line: &str| {
        let pointer = line.as_ptr() as usize;
        let at = if pointer >= base && pointer + line.len() <= base + text.len() {
            pointer - base
        } else {
            // A line textwrap had to rebuild: find it where the last ended.
            text.get(cursor..)
                .and_then(|rest| rest.find(line))
                .map_or(cursor, |found| cursor + found)
        };
        cursor = at + line.len();
        push(line, at);
    });
}

/// A paragraph's text as one flowing line: the line breaks of a
/// hard-wrapped paragraph (and the indentation after them) become single
/// spaces, so it can be wrapped again to any width.
pub fn flowing(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if index > 0 && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    std::borrow::Cow::Owned(out)
}

/// The lines of a preformatted block with the indentation they all share
/// taken off, so code indented four spaces in a dump is not indented there.
pub fn preformatted_lines(text: &str) -> impl Iterator<Item = &str> {
    let indent = text
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    text.split('\n').map(move |line| {
        line.get(indent..)
            .unwrap_or_else(|| line.trim_start_matches(' '))
    })
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

/// One post of a dump. Its id is derived when asked for ([`Article::id`],
/// or the library's cached [`ids`]), not at parse time: listing or
/// filtering a large dump never pays for ids it does not print.
///
/// [`ids`]: crate::library::Library::ids
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// Byte range of the headline in its source's cleaned text: a headline
    /// is one cleaned line, read where it lies rather than copied.
    pub title_span: Range<usize>,
    /// Index into the library's sources (0 for a single parsed text).
    pub source: usize,
    /// 1-based line of the headline in its source.
    pub line: usize,
    /// Its paragraphs and in-article headings, in order: a range of the
    /// block list the parse produced (the library's [`blocks`]).
    ///
    /// [`blocks`]: crate::library::Library::blocks
    pub block_range: Range<usize>,
    /// The post ended with a "Continue reading …" link: only an excerpt is here.
    pub truncated: bool,
    /// Outlets named by reprint credit lines ("originally published by …").
    pub credits: Vec<String>,
    /// Words in the body (headings and paragraphs, not the headline).
    pub words: usize,
    /// Link, author, date and links, from a format that carries them.
    pub details: Option<Box<Details>>,
}

impl Article {
    /// The article's stable identity (see [`ArticleId::derive`]); `text` is
    /// the cleaned text of its source and `blocks` the block list, which
    /// its spans index.
    pub fn id(&self, text: &str, blocks: &[Block]) -> ArticleId {
        if let Some(key) = self
            .details
            .as_ref()
            .and_then(|details| details.key.as_deref())
        {
            return ArticleId::keyed(key);
        }
        let first_paragraph = self
            .blocks(blocks)
            .iter()
            .find(|block| block.kind == BlockKind::Paragraph)
            .and_then(|block| text.get(block.span.clone()))
            .unwrap_or("");
        ArticleId::derive(self.title(text), first_paragraph)
    }

    /// The headline; `text` is the cleaned text of its source.
    pub fn title<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.title_span.clone()).unwrap_or("")
    }

    /// Estimated minutes to read the body: at least one when there is any
    /// text, none when there is none.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE)
    }

    /// "1 word", "230 words".
    pub fn words_label(&self) -> String {
        match self.words {
            1 => "1 word".to_string(),
            n => format!("{n} words"),
        }
    }

    /// Its own blocks, out of the block list they are a run of.
    pub fn blocks<'b>(&self, blocks: &'b [Block]) -> &'b [Block] {
        blocks.get(self.block_range.clone()).unwrap_or_default()
    }

    /// The in-article headings, for listings and navigation.
    pub fn headings<'b>(&self, blocks: &'b [Block]) -> impl Iterator<Item = &'b Block> {
        self.blocks(blocks)
            .iter()
            .filter(|block| block.kind == BlockKind::Heading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_fit_lines(text: &str, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        first_fit(text, width, &mut |line: &str| lines.push(line.to_string()));
        lines
    }

    #[test]
    fn first_fit_fills_lines_and_cuts_only_words_wider_than_a_line() {
        assert_eq!(
            first_fit_lines("aa bb cc dd  ee", 5),
            ["aa bb", "cc dd", "ee"]
        );
        assert_eq!(
            first_fit_lines("abcdefgh ij", 3),
            ["abc", "def", "gh", "ij"]
        );
        // Wide characters count two columns.
        assert_eq!(first_fit_lines("中文字 ab", 4), ["中文", "字", "ab"]);
        assert!(first_fit_lines("   ", 4).is_empty());
    }

    #[test]
    fn id_ignores_case_and_whitespace_but_not_words() {
        let a = ArticleId::derive("China  and Norway", "First  paragraph here.");
        let b = ArticleId::derive("china and norway", "First paragraph\u{20}here.");
        let c = ArticleId::derive("China and Sweden", "First paragraph here.");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn id_keeps_title_and_paragraph_apart() {
        assert_ne!(ArticleId::derive("ab", "c"), ArticleId::derive("a", "bc"));
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

    /// The id as its documentation defines it, from the folded text, with
    /// none of the hasher's shortcuts.
    fn documented_id(title: &str, first_paragraph: &str) -> String {
        // Character by character: no word-final sigma, as ids have always been.
        let fold = |text: &str| {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let end = first_paragraph.floor_char_boundary(ID_PARAGRAPH_BYTES);
        let mut bytes = format!("{}\n{}", fold(title), fold(&first_paragraph[..end])).into_bytes();
        let length = bytes.len() as u64;
        bytes.resize(bytes.len().div_ceil(8) * 8, 0);
        let mut x = mix_words(SEED, &bytes) ^ length;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        format!("{:016x}", x ^ (x >> 33))
    }

    proptest::proptest! {
        #[test]
        fn any_text_hashes_as_documented(title in "[aZ .,\t\né’Σ]{0,40}", paragraph in "[bY  !\ti̇ß]{0,300}") {
            proptest::prop_assert_eq!(
                ArticleId::derive(&title, &paragraph).to_string(),
                documented_id(&title, &paragraph)
            );
        }
    }

    #[test]
    fn ids_are_the_documented_function_of_the_folded_text() {
        let samples = [
            (
                "A Headline Of Plain ASCII Words",
                "AND A PARAGRAPH that runs on well past eight bytes",
            ),
            (
                "  Leading and   trailing  ",
                "\tTabs\tand\nnewlines  between\u{a0}words ",
            ),
            (
                "Ünïcödé ΣΊΣΥΦΟΣ Straße",
                "İstanbul’s “quoted” words — and dashes",
            ),
            (
                "[Brackets]@^_`{|}~ ZZZ aaa",
                "@AZ[` az{ 0123456789 !!!!!!!! ~~~~~~~~",
            ),
            ("x", &"Long paragraph words ".repeat(20)),
        ];
        for (title, paragraph) in samples {
            assert_eq!(
                ArticleId::derive(title, paragraph).to_string(),
                documented_id(title, paragraph),
                "{title:?} / {paragraph:?}"
            );
        }
    }

    #[test]
    fn words_of_ascii_lowercase_exactly_the_capitals() {
        let all: Vec<u8> = (b'!'..=0x7f).collect();
        for chunk in all.chunks(8).filter(|chunk| chunk.len() == 8) {
            let word = plain_ascii_word(chunk).unwrap_or_else(|| panic!("{chunk:?} is plain"));
            let lowered = lowercase_ascii_word(word).to_le_bytes();
            assert_eq!(lowered.as_slice(), chunk.to_ascii_lowercase().as_slice());
        }
    }

    #[test]
    fn only_words_that_fold_to_themselves_take_the_shortcut() {
        for plain in ["has a sp", "A B C D!", "\x7f\x7f\x7f\x7f!!!!"] {
            assert!(plain_ascii_word(plain.as_bytes()).is_some(), "{plain:?}");
        }
        for folded in [
            "two  sps",
            " leading",
            "ends in ",
            "tab\there",
            "new\nline",
            "caf\u{e9}caf",
        ] {
            assert!(plain_ascii_word(folded.as_bytes()).is_none(), "{folded:?}");
        }
    }

    #[test]
    fn wrapped_paragraphs_flow_as_one_line() {
        assert_eq!(flowing("one line"), "one line");
        assert_eq!(flowing("broken\n  across\nlines"), "broken across lines");
        assert_eq!(flowing("trailing\n"), "trailing");
    }

    #[test]
    fn preformatted_lines_lose_only_their_shared_indentation() {
        let lines: Vec<&str> =
            preformatted_lines("    fn main() {\n\n        run();\n    }").collect();
        assert_eq!(lines, ["fn main() {", "", "    run();", "}"]);
    }

    #[test]
    fn id_displays_as_sixteen_hex_digits() {
        assert_eq!(ArticleId(0xab).to_string(), "00000000000000ab");
    }

    #[test]
    fn an_id_reads_back_from_its_written_form_and_nothing_else() {
        let id = ArticleId::derive("A Headline Here", "Its first paragraph.");
        assert_eq!(ArticleId::parse(&id.to_string()), Some(id));
        assert_eq!(ArticleId::parse("00000000000000ff"), Some(ArticleId(255)));
        for written in [
            "00000000000000FF",
            "0000000000000ff",
            "000000000000000ff",
            "+00000000000000f",
            "00000000000000fg",
            "",
        ] {
            assert_eq!(ArticleId::parse(written), None, "{written:?}");
        }
    }

    #[test]
    fn an_id_set_finds_exactly_its_ids() {
        let ids: Vec<ArticleId> = (0..1_000u64)
            .map(|n| ArticleId(n.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .collect();
        let set: IdSet = ids.iter().step_by(3).copied().collect();
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(set.contains(id), n % 3 == 0, "{n}");
        }
    }

    #[test]
    fn reading_time_rounds_up_and_is_a_minute_for_any_text() {
        let mut article = Article {
            title_span: 0..0,
            source: 0,
            line: 1,
            block_range: 0..0,
            truncated: false,
            credits: Vec::new(),
            details: None,
            words: 0,
        };
        assert_eq!(article.reading_minutes(), 0, "no text, no time");
        assert_eq!(article.words_label(), "0 words");
        article.words = 1;
        assert_eq!(
            (article.reading_minutes(), article.words_label().as_str()),
            (1, "1 word")
        );
        article.words = 231;
        assert_eq!(article.reading_minutes(), 2);
        article.words = 460;
        assert_eq!(article.reading_minutes(), 2);
    }
}
