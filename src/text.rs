//! Text hygiene: turns untrusted bytes into plain, inert text before any other
//! code looks at them.
//!
//! Everything downstream (the segmenter, listings, the reader) may then assume
//! lines end in `\n`, spaces are ASCII spaces, and no character can move the
//! cursor, change colours, write the clipboard or reorder text on a terminal.
//! The cleaner is fed in chunks so a large file never sits in memory twice.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns between tab stops when tabs are expanded.
const TAB_STOP: usize = 4;

/// What cleaning noticed that a person should hear about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HygieneReport {
    /// Byte offset of the first invalid UTF-8 sequence and how many there were.
    pub invalid_utf8: Option<InvalidUtf8>,
    /// Byte offset of the first NUL byte: the input is binary, not text.
    pub first_nul: Option<u64>,
}

/// Where invalid UTF-8 was replaced with U+FFFD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset of the first invalid sequence in the input.
    pub first_offset: u64,
    /// Number of invalid sequences replaced.
    pub count: u64,
}

/// Where the cleaner is inside a terminal escape sequence, which is dropped
/// whole rather than left half-printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escape {
    None,
    /// After ESC.
    Start,
    /// After ESC and intermediate bytes (as in `ESC ( B`).
    Intermediate,
    /// Inside a CSI sequence, up to its final byte.
    Csi,
    /// Inside an OSC, DCS, SOS, PM or APC string, up to BEL or ST.
    String,
    /// Saw ESC inside a string: `\` ends it.
    StringEsc,
}

/// A streaming cleaner: feed it chunks of bytes, collect clean text.
#[derive(Debug)]
pub struct Cleaner {
    escape: Escape,
    after_cr: bool,
    /// An incomplete UTF-8 sequence at the end of the previous chunk.
    carry: Vec<u8>,
    /// Absolute input offset of the first byte not yet consumed (`carry` included).
    offset: u64,
    /// Output length at the start of the current line, for tab expansion.
    line_start: usize,
    /// Output position and display column last measured on this line.
    column_mark: (usize, usize),
    /// Where in the output an emoji tag sequence began (the tags after a
    /// black flag, as in the flag of Scotland): kept if a cancel tag ends
    /// it, removed if anything else does.
    tag_run: Option<usize>,
    report: HygieneReport,
}

impl Default for Cleaner {
    fn default() -> Self {
        Self::new()
    }
}

impl Cleaner {
    /// A cleaner at the start of an input.
    pub fn new() -> Self {
        Cleaner {
            escape: Escape::None,
            after_cr: false,
            carry: Vec::new(),
            offset: 0,
            line_start: 0,
            column_mark: (0, 0),
            tag_run: None,
            report: HygieneReport::default(),
        }
    }

    /// A cleaner that takes over an input after `clean`, a start of it that
    /// cleaning leaves as it is (see [`unchanged_run`]): what it writes
    /// next goes on the end of `clean`, exactly as if it had cleaned all of
    /// it.
    pub fn after(clean: &str) -> Self {
        let line_start = memchr::memrchr(b'\n', clean.as_bytes()).map_or(0, |at| at + 1);
        Cleaner {
            offset: clean.len() as u64,
            line_start,
            column_mark: (line_start, 0),
            ..Cleaner::new()
        }
    }

    /// Cleans the next chunk of input onto the end of `out`.
    pub fn feed(&mut self, input: &[u8], out: &mut String) {
        let joined;
        let bytes = if self.carry.is_empty() {
            input
        } else {
            let mut owned = std::mem::take(&mut self.carry);
            owned.extend_from_slice(input);
            joined = owned;
            &joined[..]
        };
        let tail = incomplete_tail_len(bytes);
        let (head, rest) = bytes.split_at(bytes.len() - tail);
        self.clean_bytes(head, out);
        self.carry.extend_from_slice(rest);
    }

    /// Ends the input: a sequence cut off at the very end is invalid.
    pub fn finish(mut self, out: &mut String) -> HygieneReport {
        let rest = std::mem::take(&mut self.carry);
        self.clean_bytes(&rest, out);
        self.drop_tag_run(out);
        trim_line_end(out);
        self.report
    }

    /// Whether a NUL byte has been seen: callers stop reading binary input early.
    pub fn saw_nul(&self) -> bool {
        self.report.first_nul.is_some()
    }

    fn clean_bytes(&mut self, bytes: &[u8], out: &mut String) {
        // The whole-slice check is much faster than chunking; most input is valid.
        if let Ok(valid) = std::str::from_utf8(bytes) {
            self.clean_str(valid, out);
            self.offset += valid.len() as u64;
            return;
        }
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid();
            self.clean_str(valid, out);
            self.offset += valid.len() as u64;
            let invalid = chunk.invalid();
            if !invalid.is_empty() {
                self.note_invalid();
                self.char('\u{FFFD}', out);
                self.offset += invalid.len() as u64;
            }
        }
    }

    fn note_invalid(&mut self) {
        let offset = self.offset;
        let entry = self.report.invalid_utf8.get_or_insert(InvalidUtf8 {
            first_offset: offset,
            count: 0,
        });
        entry.count += 1;
    }

    fn clean_str(&mut self, text: &str, out: &mut String) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.escape == Escape::None {
                let run_start = i;
                i += plain_text_prefix(&bytes[i..]);
                if i > run_start {
                    self.drop_tag_run(out);
                }
                if i > run_start {
                    let run = &text[run_start..i];
                    out.push_str(run);
                    self.after_cr = false;
                    if let Some(last) = memchr::memrchr(b'\n', run.as_bytes()) {
                        self.line_start = out.len() - run.len() + last + 1;
                        self.column_mark = (self.line_start, 0);
                    }
                }
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c == '\0' && self.report.first_nul.is_none() {
                self.report.first_nul = Some(self.offset + i as u64);
            }
            i += c.len_utf8();
            self.char(c, out);
        }
    }

    fn char(&mut self, c: char, out: &mut String) {
        let after_cr = std::mem::take(&mut self.after_cr);
        match self.escape {
            Escape::None => self.plain_char(c, after_cr, out),
            Escape::Start => {
                self.escape = match c {
                    '[' => Escape::Csi,
                    ']' | 'P' | 'X' | '^' | '_' => Escape::String,
                    ' '..='/' => Escape::Intermediate,
                    '0'..='~' => Escape::None,
                    _ => return self.abort_escape(c, out),
                };
            }
            Escape::Intermediate => match c {
                ' '..='/' => {}
                '0'..='~' => self.escape = Escape::None,
                _ => self.abort_escape(c, out),
            },
            Escape::Csi => match c {
                '0'..='?' | ' '..='/' => {}
                '@'..='~' => self.escape = Escape::None,
                _ => self.abort_escape(c, out),
            },
            Escape::String => match c {
                '\u{7}' | '\u{9c}' => self.escape = Escape::None,
                '\u{1b}' => self.escape = Escape::StringEsc,
                // A string never spans lines here, so an unterminated one cannot
                // swallow the rest of a file.
                '\n' | '\r' => self.abort_escape(c, out),
                _ => {}
            },
            Escape::StringEsc => {
                if c == '\\' {
                    self.escape = Escape::None;
                } else {
                    self.escape = Escape::Start;
                    self.char(c, out);
                }
            }
        }
    }

    /// Drops an unfinished escape sequence and treats `c` as ordinary input.
    fn abort_escape(&mut self, c: char, out: &mut String) {
        self.escape = Escape::None;
        self.plain_char(c, false, out);
    }

    fn plain_char(&mut self, c: char, after_cr: bool, out: &mut String) {
        if is_tag(c) {
            return self.tag(c, out);
        }
        self.drop_tag_run(out);
        match c {
            '\n' if after_cr => {}
            '\r' => {
                self.newline(out);
                self.after_cr = true;
            }
            '\n' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => self.newline(out),
            '\t' => self.tab(out),
            '\u{1b}' => self.escape = Escape::Start,
            '\u{9b}' => self.escape = Escape::Csi,
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => self.escape = Escape::String,
            c if is_unicode_space(c) => out.push(' '),
            c if is_removed(c) => {}
            c => out.push(c),
        }
    }

    /// A tag character: kept only inside an emoji tag sequence, a black
    /// flag then tag letters then a cancel tag.
    fn tag(&mut self, c: char, out: &mut String) {
        let letter = matches!(c, '\u{e0020}'..='\u{e007e}');
        match self.tag_run {
            None if letter && out.ends_with(BLACK_FLAG) => {
                self.tag_run = Some(out.len());
                out.push(c);
            }
            Some(_) if letter => out.push(c),
            Some(_) if c == CANCEL_TAG => {
                out.push(c);
                self.tag_run = None;
            }
            _ => self.drop_tag_run(out),
        }
    }

    /// Removes the tags of a sequence that did not end as one must.
    fn drop_tag_run(&mut self, out: &mut String) {
        if let Some(start) = self.tag_run.take() {
            out.truncate(start);
        }
    }

    fn newline(&mut self, out: &mut String) {
        trim_line_end(out);
        out.push('\n');
        self.line_start = out.len();
        self.column_mark = (self.line_start, 0);
    }

    fn tab(&mut self, out: &mut String) {
        let (mark, mark_column) = self.column_mark;
        let from = mark.max(self.line_start);
        let column = mark_column + out[from..].width();
        let spaces = TAB_STOP - column % TAB_STOP;
        out.extend(std::iter::repeat_n(' ', spaces));
        self.column_mark = (out.len(), column + spaces);
    }
}

/// `bytes` as text, invalid sequences replaced: borrowed when they are
/// valid, as nearly all input is, after one whole-slice check (much faster
/// than the standard library's chunked lossy decoding).
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(valid) => std::borrow::Cow::Borrowed(valid),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Cleans a whole input at once.
pub fn clean(input: &[u8]) -> (String, HygieneReport) {
    let mut out = String::with_capacity(input.len());
    let mut cleaner = Cleaner::new();
    cleaner.feed(input, &mut out);
    let report = cleaner.finish(&mut out);
    (out, report)
}

/// Replaces anything that could act on a terminal in text that did not come
/// through [`clean`] (file names, error messages) so it can be printed safely.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if acts_on_terminal(c) { '\u{FFFD}' } else { c })
        .collect()
}

fn is_plain_ascii(byte: u8) -> bool {
    (0x20..0x7f).contains(&byte)
}

/// Length of the leading run that cleaning copies as it is, line ends and
/// all: printable ASCII, and newlines that neither open the run (one may
/// follow a carriage return or trailing spaces already written) nor follow
/// a space (trailing spaces are trimmed). Most dumps are one such run.
fn plain_text_prefix(bytes: &[u8]) -> usize {
    let mut len = 0;
    loop {
        len += plain_ascii_prefix(&bytes[len..]);
        match (
            bytes.get(len),
            len.checked_sub(1).map(|before| bytes[before]),
        ) {
            (Some(b'\n'), Some(before)) if before != b' ' => len += 1,
            _ => return len,
        }
    }
}

/// Length of the leading run of printable ASCII, eight bytes at a time: this
/// loop sees nearly every byte of a dump.
fn plain_ascii_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const SPACES: u64 = u64::from_ne_bytes([0x20; 8]);
    let mut len = 0;
    for word in bytes.chunks_exact(8) {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_ne_bytes(lanes);
        // A lane below 0x20 borrows into its high bit; 0x7f and above set it.
        let below_space = x.wrapping_sub(SPACES) & !x & HIGH;
        let del_or_above = (x.wrapping_add(ONES) | x) & HIGH;
        if below_space | del_or_above != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..]
        .iter()
        .take_while(|&&byte| is_plain_ascii(byte))
        .count()
}

fn trim_line_end(out: &mut String) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
}

/// Where the run of `bytes` from `from` ends that cleaning leaves exactly
/// as it is, given that everything before `from` is such a run too: valid
/// UTF-8 with nothing to drop, replace or expand (controls, tabs, carriage
/// returns, special spaces, invisible format characters) and no space
/// before a line end. It ends on a character boundary. Trailing spaces at
/// the very end of an input are the one change it leaves to the caller.
pub fn unchanged_run(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    loop {
        at = plain_lines_end(bytes, at);
        let Some(&byte) = bytes.get(at) else {
            return at;
        };
        if byte == b'\n' {
            if at > 0 && bytes[at - 1] == b' ' {
                return at;
            }
            at += 1;
            continue;
        }
        if is_plain_ascii(byte) {
            at += 1;
            continue;
        }
        let len = match byte {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return at,
        };
        let Some(c) = bytes
            .get(at..at + len)
            .and_then(|sequence| std::str::from_utf8(sequence).ok())
            .and_then(|one| one.chars().next())
        else {
            return at;
        };
        if is_removed(c) || is_unicode_space(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            return at;
        }
        at += len;
    }
}

/// Where the run from `at` of printable ASCII and line ends that follow no
/// space ends, eight bytes at a time (give or take the eight at the end,
/// which the caller looks at one by one): the loop every byte of a clean
/// dump goes through.
fn plain_lines_end(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    // A byte's top bit, exactly where the byte is zero.
    let zero = |v: u64| !(((v & LOW7).wrapping_add(LOW7)) | v) & HIGH;
    let mut space_before = at > 0 && bytes[at - 1] == b' ';
    while let Some(word) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        let newline = zero(x ^ (ONES * u64::from(b'\n')));
        let space = zero(x ^ (ONES * u64::from(b' ')));
        // No lane of `x & LOW7` plus 0x60 carries: the top bit says >= 0x20.
        let printable_or_high = (x & LOW7).wrapping_add(ONES * 0x60) & HIGH;
        let control = !printable_or_high & HIGH;
        let outside = (x & HIGH) | zero(x ^ LOW7) | (control & !newline);
        let space_then_newline = (space << 8 | u64::from(space_before) << 7) & newline;
        if outside | space_then_newline != 0 {
            break;
        }
        space_before = space >> 63 == 1;
        at += 8;
    }
    at
}

/// Length of a UTF-8 sequence cut off at the end of `bytes`, to carry into
/// the next chunk instead of reporting it as invalid.
pub fn incomplete_tail_len(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let byte = bytes[bytes.len() - back];
        if byte & 0xc0 == 0x80 {
            continue;
        }
        let needed = match byte {
            0xf0.. => 4,
            0xe0.. => 3,
            0xc0.. => 2,
            _ => 1,
        };
        return if needed > back { back } else { 0 };
    }
    0
}

/// Spaces other than U+0020 that web pages use (no-break, en, thin, …).
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Whether `c` may not reach a terminal as it is: a control (C0, DEL, C1)
/// or an invisible format character (bidi controls, tags).
pub fn acts_on_terminal(c: char) -> bool {
    c.is_control() || is_removed(c)
}

/// The base of an emoji tag sequence (a subdivision flag).
const BLACK_FLAG: char = '\u{1f3f4}';
/// What ends an emoji tag sequence.
const CANCEL_TAG: char = '\u{e007f}';

/// The Tags block: invisible, and kept only in an emoji tag sequence.
fn is_tag(c: char) -> bool {
    matches!(c, '\u{e0000}'..='\u{e007f}')
}

/// Characters dropped from text: C0 and C1 controls, DEL, and format
/// characters (bidi overrides, zero-width and invisible marks, BOM, tags).
/// Zero-width joiners and non-joiners stay: they are part of emoji
/// sequences and of Persian and Indic words.
fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// Cuts `text` to `columns` terminal columns, ending with "…" when cut.
pub fn fit(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        out.push(c);
        used += w;
    }
    if columns > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_unchanged_run_stops_where_cleaning_would_change_something_in_any_lane() {
        for at in 0..20 {
            let with = |inserted: &str| {
                let mut text = "a".repeat(20);
                text.insert_str(at, inserted);
                text
            };
            for stop in ["\t", "\r", "\x7f", "\x1b", "\u{a0}", "\u{200b}", "\u{85}"] {
                let text = with(stop);
                assert_eq!(
                    super::unchanged_run(text.as_bytes(), 0),
                    at,
                    "{stop:?} at {at}"
                );
            }
            let text = with(" \n");
            assert_eq!(
                super::unchanged_run(text.as_bytes(), 0),
                at + 1,
                "space, newline at {at}"
            );
            for kept in ["\n", "é", "“", "😀", "x y"] {
                let text = with(kept);
                assert_eq!(
                    super::unchanged_run(text.as_bytes(), 0),
                    text.len(),
                    "{kept:?} at {at}"
                );
            }
        }
        let cut = "ab€".as_bytes();
        assert_eq!(super::unchanged_run(&cut[..3], 0), 2, "a character cut off");
        assert_eq!(super::unchanged_run(b"x\xff", 0), 1, "not UTF-8");
    }

    use super::*;

    #[test]
    fn fit_cuts_by_display_columns() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("abcdefghij", 5), "abcd…");
        // Each CJK character takes two columns.
        assert_eq!(fit("中文标题很长", 5), "中文…");
        assert_eq!(fit("abc", 0), "");
    }

    fn cleaned(input: &str) -> String {
        clean(input.as_bytes()).0
    }

    #[test]
    fn unicode_spaces_fold_to_a_plain_space() {
        assert_eq!(cleaned("a\u{a0}b\u{2002}c\u{3000}d\u{202f}e"), "a b c d e");
    }

    #[test]
    fn line_ends_are_trimmed_of_spaces_of_every_kind() {
        assert_eq!(
            cleaned("Madam President,\u{2002}\nnext\u{a0} \u{a0}"),
            "Madam President,\nnext"
        );
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        assert_eq!(cleaned("a\r\nb\rc\n\rd"), "a\nb\nc\n\nd");
    }

    #[test]
    fn crlf_split_across_chunks_is_one_newline() {
        let mut out = String::new();
        let mut cleaner = Cleaner::new();
        cleaner.feed(b"a\r", &mut out);
        cleaner.feed(b"\nb", &mut out);
        cleaner.finish(&mut out);
        assert_eq!(out, "a\nb");
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(cleaned("\u{feff}Title\n"), "Title\n");
    }

    #[test]
    fn tabs_expand_to_the_next_tab_stop() {
        assert_eq!(cleaned("\tx"), "    x");
        assert_eq!(cleaned("ab\tx"), "ab  x");
        assert_eq!(cleaned("abcd\tx\ty"), "abcd    x   y");
        assert_eq!(cleaned("a\n\tb"), "a\n    b");
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(cleaned("a\u{7}b\u{8}c\u{7f}d\u{85}e\u{9c}f"), "abcd\nef");
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(cleaned("red \u{1b}[31;1mtext\u{1b}[0m end"), "red text end");
        assert_eq!(cleaned("clear\u{1b}[2J\u{1b}[H"), "clear");
        assert_eq!(cleaned("eight-bit \u{9b}31mcsi"), "eight-bit csi");
    }

    #[test]
    fn osc_strings_are_removed_whole() {
        let osc52 = "copy\u{1b}]52;c;ZXZpbA==\u{7}done";
        assert_eq!(cleaned(osc52), "copydone");
        let link = "\u{1b}]8;;http://x\u{1b}\\label\u{1b}]8;;\u{1b}\\";
        assert_eq!(cleaned(link), "label");
    }

    #[test]
    fn unterminated_osc_ends_at_the_line() {
        assert_eq!(cleaned("a\u{1b}]0;title\nnext line"), "a\nnext line");
    }

    #[test]
    fn other_escapes_are_removed() {
        assert_eq!(cleaned("a\u{1b}(Bb\u{1b}7c\u{1b}Pq#0\u{1b}\\d"), "abcd");
    }

    #[test]
    fn escape_before_non_ascii_keeps_the_character() {
        assert_eq!(cleaned("a\u{1b}é"), "aé");
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_removed() {
        assert_eq!(
            cleaned("a\u{202e}b\u{200b}c\u{2066}d\u{200e}e\u{ad}f"),
            "abcdef"
        );
    }

    #[test]
    fn joiners_that_words_and_emoji_need_are_kept() {
        // A family (man, woman, girl, boy joined by ZWJ), and a Persian word
        // ("mikhaham") whose prefix is held apart by a ZWNJ.
        for text in [
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}",
            "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
        ] {
            assert_eq!(cleaned(text), text);
        }
    }

    #[test]
    fn tag_characters_are_removed_outside_an_emoji_tag_sequence() {
        // The flag of Scotland: black flag, tags "gbsct", cancel tag.
        let scotland = "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        assert_eq!(
            cleaned(&format!("a {scotland} b")),
            format!("a {scotland} b")
        );
        // Every tag character alone, after a letter, is removed.
        let every: String = ('\u{e0000}'..='\u{e007f}').collect();
        assert_eq!(cleaned(&format!("x{every}y")), "xy");
        // After a black flag but never cancelled (by text, a line end, or
        // the end of input), the tags go and the flag stays.
        assert_eq!(cleaned("\u{1f3f4}\u{e0067}\u{e0062}z"), "\u{1f3f4}z");
        assert_eq!(cleaned("\u{1f3f4}\u{e0067}\u{e0062}"), "\u{1f3f4}");
        assert_eq!(cleaned("\u{1f3f4}\u{e0067}\nz"), "\u{1f3f4}\nz");
        // A cancel tag with no tag letters before it is no sequence.
        assert_eq!(cleaned("\u{1f3f4}\u{e007f}"), "\u{1f3f4}");
    }

    #[test]
    fn ordinary_unicode_is_kept() {
        let text = "“Quoted” – Chávez’s 中文 😀 e\u{301}";
        assert_eq!(cleaned(text), text);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported_with_its_offset() {
        let (text, report) = clean(b"ok \xff here \xc3( and \xe2\x82");
        assert_eq!(text, "ok \u{FFFD} here \u{FFFD}( and \u{FFFD}");
        let invalid = report.invalid_utf8.expect("reported");
        assert_eq!(invalid.first_offset, 3);
        assert_eq!(invalid.count, 3);
    }

    #[test]
    fn a_character_split_across_chunks_is_not_invalid() {
        let bytes = "a’b".as_bytes();
        for split in 0..bytes.len() {
            let mut out = String::new();
            let mut cleaner = Cleaner::new();
            cleaner.feed(&bytes[..split], &mut out);
            cleaner.feed(&bytes[split..], &mut out);
            let report = cleaner.finish(&mut out);
            assert_eq!(out, "a’b", "split at {split}");
            assert_eq!(report.invalid_utf8, None);
        }
    }

    #[test]
    fn offsets_count_across_chunks() {
        let mut out = String::new();
        let mut cleaner = Cleaner::new();
        cleaner.feed(b"0123", &mut out);
        cleaner.feed(b"45\xff7", &mut out);
        let report = cleaner.finish(&mut out);
        assert_eq!(report.invalid_utf8.map(|i| i.first_offset), Some(6));
    }

    #[test]
    fn nul_bytes_are_reported_and_dropped() {
        let (text, report) = clean(b"ab\0cd\0");
        assert_eq!(text, "abcd");
        assert_eq!(report.first_nul, Some(2));
    }

    #[test]
    fn plain_ascii_prefix_stops_at_the_first_other_byte_in_any_lane() {
        let plain = b"0123456789abcdefghijklmnopqrstuvwxyz ~!";
        assert_eq!(plain_ascii_prefix(plain), plain.len());
        for stop in [0x00, 0x0a, 0x1f, 0x7f, 0x80, 0xc3, 0xff] {
            for at in 0..plain.len() {
                let mut bytes = plain.to_vec();
                bytes[at] = stop;
                assert_eq!(plain_ascii_prefix(&bytes), at, "byte {stop:#x} at {at}");
            }
        }
    }

    #[test]
    fn plain_text_runs_take_newlines_that_need_no_trimming() {
        assert_eq!(plain_text_prefix(b"ab\ncd\n\nef"), 9);
        assert_eq!(
            plain_text_prefix(b"\nab"),
            0,
            "a run never opens with a newline"
        );
        assert_eq!(
            plain_text_prefix(b"ab \ncd"),
            3,
            "a trailing space stops it"
        );
        assert_eq!(plain_text_prefix(b"ab\r\ncd"), 2);
        assert_eq!(plain_text_prefix(b"ab\tcd"), 2);
    }

    proptest::proptest! {
        /// However the input is cut into chunks (and so wherever the fast
        /// runs start and stop), the cleaned text is the same.
        #[test]
        fn cleaning_does_not_depend_on_chunking(
            input in "[ab \\t\\r\\n\\x1b\\[m\\xa0é]{0,40}",
            cut in 0usize..40,
        ) {
            let (whole, _) = clean(input.as_bytes());
            let bytes = input.as_bytes();
            let cut = cut.min(bytes.len());
            let mut cleaner = Cleaner::new();
            let mut pieces = String::new();
            cleaner.feed(&bytes[..cut], &mut pieces);
            for byte in &bytes[cut..] {
                cleaner.feed(std::slice::from_ref(byte), &mut pieces);
            }
            cleaner.finish(&mut pieces);
            proptest::prop_assert_eq!(whole, pieces);
        }
    }

    #[test]
    fn inert_replaces_controls_in_names() {
        assert_eq!(
            inert("bad\u{1b}]0;x\u{7}.txt"),
            "bad\u{FFFD}]0;x\u{FFFD}.txt"
        );
        assert_eq!(inert("plain – name.txt"), "plain – name.txt");
    }
}
