//! One cache entry as bytes: a header that says exactly which file, which
//! build of folio and which marks it was made for, then the segmentation
//! of the file's cleaned text, compactly.
//!
//! Nothing read back is trusted. The header must match what is being
//! opened field for field, the payload's checksum must match, and every
//! span, range and count of the payload is checked against the text it
//! will index before anything is built from it, so a truncated, damaged or
//! foreign file is a miss — never a panic, never an article outside the
//! text.
//!
//! Layout (little-endian): the magic, the format number, the [`Stamp`]'s
//! fixed fields, the path's length and bytes, the payload's length and
//! [`stable_hash`], then the payload: the two counts, where the articles
//! begin (so blocks and articles are read on two cores at once), then
//! blocks and articles as LEB128 numbers (positions as signed deltas from
//! the previous record's, so most take a byte or two), credits as length
//! and UTF-8, ids as eight bytes.

use std::ops::Range;

use crate::article::{Article, ArticleId, Block, BlockKind, stable_hash};
use crate::memory::ask_for_huge_pages;
use crate::parse::Parsed;
use crate::text::acts_on_terminal;

/// The first bytes of every entry.
const MAGIC: &[u8; 8] = b"folioPC\x01";

/// Bumped whenever the layout below changes: an older entry is then a miss.
const FORMAT: u32 = 2;

/// Longest path an entry names (longer ones are not cached).
const MAX_PATH_BYTES: usize = 16 * 1024;

/// Everything an entry must agree with to be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Which build of folio and parser weights wrote it.
    pub build: u64,
    /// The `--headline`/`--separator` marks it was parsed with.
    pub marks: u64,
    /// The file's size in bytes.
    pub size: u64,
    /// The file's modification time, seconds and nanoseconds.
    pub modified: (i64, u32),
    /// The file's inode and device: a file replaced by another (an editor's
    /// save-by-rename) is another file.
    pub inode: u64,
    /// See `inode`.
    pub device: u64,
    /// The file's canonical path, as bytes.
    pub path: Vec<u8>,
}

/// The segmentation an entry holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Segmentation {
    /// Articles and blocks, as the parser gave them.
    pub parsed: Parsed,
    /// Each article's id, in order.
    pub ids: Vec<ArticleId>,
}

/// A segmentation read from an entry whose spans lie within the length of
/// the text it was made for, not yet checked against the text itself
/// (which is read at the same time, on another thread).
#[derive(Debug)]
pub struct Unchecked {
    found: Segmentation,
    text_len: usize,
}

impl Unchecked {
    /// The segmentation, if `text` is as long as the one it was made for
    /// and every span starts and ends on one of its character boundaries.
    pub fn check(self, text: &str) -> Option<Segmentation> {
        let fits = self.text_len == text.len()
            && self
                .found
                .parsed
                .articles
                .iter()
                .all(|article| on_boundaries(text, &article.title_span))
            && self
                .found
                .parsed
                .blocks
                .iter()
                .all(|block| on_boundaries(text, &block.span));
        fits.then_some(self.found)
    }
}

/// The entry for `parsed` (with its articles' `ids`), found in a cleaned
/// text of `text_len` bytes, or `None` when the stamp's path is too long to
/// name.
pub fn encode(
    stamp: &Stamp,
    text_len: usize,
    parsed: &Parsed,
    ids: &[ArticleId],
) -> Option<Vec<u8>> {
    if stamp.path.len() > MAX_PATH_BYTES || ids.len() != parsed.articles.len() {
        return None;
    }
    let payload = encode_payload(parsed, ids);
    let mut out = Vec::with_capacity(payload.len() + 128 + stamp.path.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    for field in stamp_fields(stamp) {
        out.extend_from_slice(&field.to_le_bytes());
    }
    out.extend_from_slice(&(stamp.path.len() as u32).to_le_bytes());
    out.extend_from_slice(&stamp.path);
    out.extend_from_slice(&(text_len as u64).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&stable_hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Some(out)
}

/// The stamp's numbers in the order they are written.
fn stamp_fields(stamp: &Stamp) -> [u64; 7] {
    [
        stamp.build,
        stamp.marks,
        stamp.size,
        stamp.modified.0 as u64,
        u64::from(stamp.modified.1),
        stamp.inode,
        stamp.device,
    ]
}

/// The segmentation in `bytes`, if they are an intact entry made for
/// exactly `stamp`, every span in them within the text's length.
pub fn decode(bytes: &[u8], stamp: &Stamp) -> Option<Unchecked> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len())? != MAGIC || reader.u32()? != FORMAT {
        return None;
    }
    for expected in stamp_fields(stamp) {
        if reader.u64()? != expected {
            return None;
        }
    }
    let path_len = reader.u32()? as usize;
    if reader.take(path_len)? != stamp.path.as_slice() {
        return None;
    }
    let text_len = usize::try_from(reader.u64()?).ok()?;
    let payload_len = usize::try_from(reader.u64()?).ok()?;
    let checksum = reader.u64()?;
    let payload = reader.take(payload_len)?;
    if reader.at != bytes.len() || stable_hash(payload) != checksum {
        return None;
    }
    decode_payload(payload, text_len)
}

fn encode_payload(parsed: &Parsed, ids: &[ArticleId]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parsed.blocks.len() * 8 + parsed.articles.len() * 24);
    put(&mut out, parsed.blocks.len() as u64);
    put(&mut out, parsed.articles.len() as u64);
    let articles_at = out.len();
    out.extend_from_slice(&0u64.to_le_bytes());
    let (mut end, mut line) = (0, 0);
    for block in &parsed.blocks {
        match block.kind {
            BlockKind::Paragraph => out.push(0),
            BlockKind::Heading => out.push(1),
            BlockKind::Preformatted => out.push(2),
            BlockKind::Quote => out.push(3),
            BlockKind::ListItem { depth, first } => out.extend([4, depth, u8::from(first)]),
        }
        put_delta(&mut out, &mut line, block.line);
        put_span(&mut out, &mut end, &block.span);
    }
    let articles_start = (out.len() as u64).to_le_bytes();
    out[articles_at..articles_at + 8].copy_from_slice(&articles_start);
    let (mut end, mut line, mut block_end) = (0, 0, 0);
    for (article, id) in parsed.articles.iter().zip(ids) {
        put_span(&mut out, &mut end, &article.title_span);
        put_delta(&mut out, &mut line, article.line);
        put_span(&mut out, &mut block_end, &article.block_range);
        put(&mut out, article.words as u64);
        put(
            &mut out,
            (article.credits.len() as u64) << 1 | u64::from(article.truncated),
        );
        for credit in &article.credits {
            put(&mut out, credit.len() as u64);
            out.extend_from_slice(credit.as_bytes());
        }
        out.extend_from_slice(&id.0.to_le_bytes());
    }
    out
}

/// The segmentation in a payload, its spans checked against the length of
/// the text as it is read: the blocks on one thread and the articles on
/// another.
fn decode_payload(payload: &[u8], text_len: usize) -> Option<Unchecked> {
    let mut reader = Reader {
        bytes: payload,
        at: 0,
    };
    let block_count = reader.count()?;
    let article_count = reader.count()?;
    let articles_at = usize::try_from(reader.u64()?).ok()?;
    let blocks_part = payload.get(reader.at..articles_at)?;
    let articles_part = &payload[articles_at..];
    let (blocks, articles) = std::thread::scope(|scope| {
        let blocks = scope.spawn(|| decode_blocks(blocks_part, block_count, text_len));
        let articles = decode_articles(articles_part, article_count, block_count, text_len);
        (blocks.join().ok().flatten(), articles)
    });
    let (articles, ids) = articles?;
    Some(Unchecked {
        found: Segmentation {
            parsed: Parsed {
                articles,
                blocks: blocks?,
            },
            ids,
        },
        text_len,
    })
}

/// `count` blocks, which must take up all of `part`.
fn decode_blocks(part: &[u8], count: usize, text_len: usize) -> Option<Vec<Block>> {
    let mut reader = Reader { bytes: part, at: 0 };
    if count > part.len() {
        return None;
    }
    let mut blocks = Vec::with_capacity(count);
    ask_for_huge_pages(&mut blocks);
    let (mut end, mut line) = (0, 0);
    for _ in 0..count {
        let kind = match reader.byte()? {
            0 => BlockKind::Paragraph,
            1 => BlockKind::Heading,
            2 => BlockKind::Preformatted,
            3 => BlockKind::Quote,
            4 => BlockKind::ListItem {
                depth: reader.byte()?,
                first: reader.flag()?,
            },
            _ => return None,
        };
        let line = reader.delta(&mut line)?;
        let span = reader.span(&mut end, text_len)?;
        blocks.push(Block { kind, line, span });
    }
    (reader.at == part.len()).then_some(blocks)
}

/// `count` articles and their ids, which must take up all of `part`; their
/// block ranges must lie within `block_count`.
fn decode_articles(
    part: &[u8],
    count: usize,
    block_count: usize,
    text_len: usize,
) -> Option<(Vec<Article>, Vec<ArticleId>)> {
    let mut reader = Reader { bytes: part, at: 0 };
    if count > part.len() {
        return None;
    }
    let mut articles = Vec::with_capacity(count);
    ask_for_huge_pages(&mut articles);
    let mut ids = Vec::with_capacity(count);
    let (mut end, mut line, mut block_end) = (0, 0, 0);
    for _ in 0..count {
        let title_span = reader.span(&mut end, text_len)?;
        let line = reader.delta(&mut line)?;
        let block_range = reader.span(&mut block_end, block_count)?;
        let words = usize::try_from(reader.number()?).ok()?;
        let credits_and_truncated = reader.number()?;
        let credit_count = usize::try_from(credits_and_truncated >> 1).ok()?;
        if credit_count > reader.left() {
            return None;
        }
        let credits = (0..credit_count)
            .map(|_| reader.credit())
            .collect::<Option<Vec<String>>>()?;
        let id = ArticleId(reader.u64()?);
        articles.push(Article {
            title_span,
            source: 0,
            line,
            block_range,
            truncated: credits_and_truncated & 1 == 1,
            credits,
            words,
            details: None,
        });
        ids.push(id);
    }
    (reader.at == part.len()).then_some((articles, ids))
}

fn on_boundaries(text: &str, span: &Range<usize>) -> bool {
    text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
}

/// Appends `value` as LEB128.
fn put(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `value` as a zigzag-coded difference from `last`, then makes it
/// the last.
fn put_delta(out: &mut Vec<u8>, last: &mut usize, value: usize) {
    let delta = value as i64 - *last as i64;
    put(out, ((delta << 1) ^ (delta >> 63)) as u64);
    *last = value;
}

/// Appends a range as its start's difference from the last range's end,
/// and its length.
fn put_span(out: &mut Vec<u8>, end: &mut usize, span: &Range<usize>) {
    put_delta(out, end, span.start);
    put(out, span.len() as u64);
    *end = span.end;
}

/// Reads an entry front to back; every read is bounds-checked and says
/// `None` past the end.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, len: usize) -> Option<&'b [u8]> {
        let taken = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A LEB128 number of at most ten bytes that fits in 64 bits.
    fn number(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A count of records, each at least a byte long: never more than the
    /// bytes left, so a damaged count cannot ask for a huge allocation.
    fn count(&mut self) -> Option<usize> {
        let count = usize::try_from(self.number()?).ok()?;
        (count <= self.left()).then_some(count)
    }

    /// A number written by [`put_delta`] against `last`, which it updates.
    fn delta(&mut self, last: &mut usize) -> Option<usize> {
        let coded = self.number()?;
        let delta = (coded >> 1) as i64 ^ -((coded & 1) as i64);
        let value = usize::try_from(i64::try_from(*last).ok()?.checked_add(delta)?).ok()?;
        *last = value;
        Some(value)
    }

    /// A range written by [`put_span`], which must end by `limit`.
    fn span(&mut self, end: &mut usize, limit: usize) -> Option<Range<usize>> {
        let start = self.delta(end)?;
        let len = usize::try_from(self.number()?).ok()?;
        let stop = start.checked_add(len)?;
        if stop > limit {
            return None;
        }
        *end = stop;
        Some(start..stop)
    }

    /// A credit line: UTF-8 with nothing in it that acts on a terminal.
    fn credit(&mut self) -> Option<String> {
        let len = usize::try_from(self.number()?).ok()?;
        let text = std::str::from_utf8(self.take(len)?).ok()?;
        (!text.chars().any(acts_on_terminal)).then(|| text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use proptest::prelude::*;

    const TEXT: &str = "Héadline one here\n\nA first body, with words.\n\nSecond headline now\n\n\
                        Another body follows.\n\n    code line\n\nThird one\n\nLast words.\n";

    /// A payload read and checked against `text`, as a hit is.
    fn read(payload: &[u8], text: &str) -> Option<Segmentation> {
        decode_payload(payload, text.len()).and_then(|found| found.check(text))
    }

    fn stamp() -> Stamp {
        Stamp {
            build: 7,
            marks: 9,
            size: 1234,
            modified: (1_700_000_000, 5),
            inode: 42,
            device: 3,
            path: b"/home/someone/dump.txt".to_vec(),
        }
    }

    fn made() -> (Parsed, Vec<ArticleId>) {
        let mut parsed = parse(TEXT);
        assert!(parsed.articles.len() >= 2, "{:?}", parsed.articles);
        parsed.articles[1].credits = vec!["The Outlet".into(), "Другое".into()];
        parsed.articles[1].truncated = true;
        parsed.blocks[0].kind = BlockKind::ListItem {
            depth: 2,
            first: true,
        };
        let ids = (0..parsed.articles.len() as u64).map(ArticleId).collect();
        (parsed, ids)
    }

    #[test]
    fn an_entry_reads_back_as_it_was_written() {
        let (parsed, ids) = made();
        let bytes = encode(&stamp(), TEXT.len(), &parsed, &ids).expect("encodes");
        let read = decode(&bytes, &stamp())
            .and_then(|found| found.check(TEXT))
            .expect("decodes");
        assert_eq!(read.parsed, parsed);
        assert_eq!(read.ids, ids);
    }

    #[test]
    fn any_difference_in_the_stamp_is_a_miss() {
        let (parsed, ids) = made();
        let bytes = encode(&stamp(), TEXT.len(), &parsed, &ids).expect("encodes");
        let changes: [fn(&mut Stamp); 8] = [
            |s| s.build += 1,
            |s| s.marks += 1,
            |s| s.size += 1,
            |s| s.modified.0 += 1,
            |s| s.modified.1 += 1,
            |s| s.inode += 1,
            |s| s.device += 1,
            |s| s.path.push(b'x'),
        ];
        for (at, change) in changes.iter().enumerate() {
            let mut other = stamp();
            change(&mut other);
            assert!(decode(&bytes, &other).is_none(), "change {at}");
        }
    }

    #[test]
    fn a_truncated_or_flipped_entry_is_a_miss() {
        let (parsed, ids) = made();
        let bytes = encode(&stamp(), TEXT.len(), &parsed, &ids).expect("encodes");
        for cut in [0, 7, 12, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], &stamp()).is_none(), "{cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, &stamp()).is_none());
        let mut flipped = bytes.clone();
        *flipped.last_mut().expect("bytes") ^= 1;
        assert!(decode(&flipped, &stamp()).is_none());
        let mut foreign = bytes;
        foreign[0] = b'F';
        assert!(decode(&foreign, &stamp()).is_none());
    }

    #[test]
    fn spans_outside_the_text_or_inside_a_character_are_refused() {
        let (mut parsed, ids) = made();
        let shorter = &TEXT[..TEXT.len() - 4];
        let payload = encode_payload(&parsed, &ids);
        assert!(read(&payload, shorter).is_none(), "past the end");
        // "é" is two bytes at 1..3: a title ending at 2 splits it.
        parsed.articles[0].title_span = 0..2;
        let payload = encode_payload(&parsed, &ids);
        assert!(read(&payload, TEXT).is_none(), "inside a character");
    }

    #[test]
    fn a_credit_that_would_act_on_a_terminal_is_refused() {
        let (mut parsed, ids) = made();
        parsed.articles[0].credits = vec!["evil\u{1b}[2J".into()];
        let payload = encode_payload(&parsed, &ids);
        assert!(read(&payload, TEXT).is_none());
    }

    proptest! {
        #[test]
        fn random_bytes_never_panic_nor_reach_outside_the_text(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
        ) {
            if let Some(read) = read(&bytes, TEXT) {
                let inside = |span: &Range<usize>| TEXT.get(span.clone()).is_some();
                for article in &read.parsed.articles {
                    prop_assert!(inside(&article.title_span));
                    prop_assert!(article.block_range.end <= read.parsed.blocks.len());
                    prop_assert!(article.block_range.start <= article.block_range.end);
                }
                for block in &read.parsed.blocks {
                    prop_assert!(inside(&block.span));
                }
            }
            prop_assert!(decode(&bytes, &stamp()).is_none());
        }

        #[test]
        fn a_valid_payload_with_random_bytes_spliced_in_stays_inside(
            at in 0usize..200,
            noise in proptest::collection::vec(any::<u8>(), 1..16),
        ) {
            let (parsed, ids) = made();
            let mut payload = encode_payload(&parsed, &ids);
            let at = at.min(payload.len());
            payload.splice(at..(at + noise.len()).min(payload.len()), noise);
            if let Some(read) = read(&payload, TEXT) {
                for article in &read.parsed.articles {
                    prop_assert!(TEXT.get(article.title_span.clone()).is_some());
                    prop_assert!(article.block_range.end <= read.parsed.blocks.len());
                }
                for block in &read.parsed.blocks {
                    prop_assert!(TEXT.get(block.span.clone()).is_some());
                }
            }
        }
    }
}
