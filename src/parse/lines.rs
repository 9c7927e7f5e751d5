//! Line facts: what the segmenter needs to know about each non-blank line on
//! its own (is it a link, a credit, shaped like a headline, how many words),
//! worked out on every core before the one sequential pass that decides
//! where posts start.

use std::ops::Range;
use std::sync::mpsc;

use crate::parallel::map_runs;

use super::credit::{Credit, credit};
use super::furniture::is_furniture_with_words;
use super::link::continue_link;
use super::shape::{HeadlineShape, headline_shape_with_words};

/// Longest line, in bytes, read as a credit: longer ones are paragraphs that
/// merely mention a publication.
const MAX_CREDIT_BYTES: usize = 600;
/// Text shorter than this is scanned on one thread: spawning costs more.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// What one line is, as far as the line alone can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A "continue reading" link, with the span of the headline it names.
    Link(Option<Range<usize>>),
    /// A credit line ("originally published by …").
    Credit(Box<Credit>),
    /// Any other line: its headline shape, if it has one, whether it ends
    /// in a colon (announcing a list or a quote), and whether it is page
    /// furniture (a byline, a date, "12 comments"), which has no shape.
    Text {
        shape: Option<HeadlineShape>,
        ends_with_colon: bool,
        furniture: bool,
    },
}

/// One non-blank line and its facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFacts {
    /// Byte span of the trimmed line in the text.
    pub span: Range<usize>,
    /// 1-based line number.
    pub line: usize,
    /// Blank lines right before it.
    pub blank_before: usize,
    /// Words in it.
    pub words: usize,
    /// What it is.
    pub kind: LineKind,
}

/// Most blank lines counted as one size of gap by [`spacing`]; wider gaps
/// are rare enough that no dump's usual spacing is one of them.
pub const MAX_COUNTED_GAP: usize = 8;

/// How a text's non-blank lines are spaced: known from one quick pass, before
/// any line's facts, so the sequential pass can judge gaps from its start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spacing {
    /// Non-blank lines in the text.
    pub lines: usize,
    /// How often each number of blank lines (1 to [`MAX_COUNTED_GAP`])
    /// separates two non-blank lines; index 0 is unused.
    pub gaps: [usize; MAX_COUNTED_GAP + 1],
}

/// Counts non-blank lines and the blank gaps between them, as [`LineFacts`]
/// would give them (`blank_before` of every line but the first), using up
/// to `threads` threads on large texts.
pub fn spacing(text: &str, threads: usize) -> Spacing {
    if threads < 2 || text.len() < PARALLEL_MIN_BYTES {
        return spacing_of(text, 0..text.len()).spacing;
    }
    let parts = split_at_lines(text, text.len().div_ceil(threads));
    // One part per thread, each counted on its own and joined in order.
    let runs = map_runs(&parts, 1, |parts| {
        parts
            .iter()
            .map(|range| spacing_of(text, range.clone()))
            .collect::<Vec<_>>()
    });
    join_spacing(runs.into_iter().flatten())
}

/// The spacing of consecutive runs of lines taken together: blank lines at
/// the end of one run and the start of the next make one gap.
fn join_spacing(runs: impl IntoIterator<Item = RunSpacing>) -> Spacing {
    let mut whole = Spacing {
        lines: 0,
        gaps: [0; MAX_COUNTED_GAP + 1],
    };
    let mut carried_blanks = 0;
    for run in runs {
        if run.spacing.lines == 0 {
            carried_blanks += run.leading_blanks;
            continue;
        }
        whole.count_gap(carried_blanks + run.leading_blanks);
        whole.lines += run.spacing.lines;
        for (total, count) in whole.gaps.iter_mut().zip(run.spacing.gaps) {
            *total += count;
        }
        carried_blanks = run.trailing_blanks;
    }
    whole
}

impl Spacing {
    /// Counts a gap before a non-blank line; the first line has none.
    fn count_gap(&mut self, blanks: usize) {
        if self.lines > 0 && (1..=MAX_COUNTED_GAP).contains(&blanks) {
            self.gaps[blanks] += 1;
        }
    }
}

/// The spacing inside one run of lines, and the blank lines at its ends that
/// belong to gaps with its neighbours.
struct RunSpacing {
    spacing: Spacing,
    /// Blank lines before the first non-blank one (all of them if none).
    leading_blanks: usize,
    /// Blank lines after the last non-blank one.
    trailing_blanks: usize,
}

fn spacing_of(text: &str, range: Range<usize>) -> RunSpacing {
    let mut run = RunSpacing {
        spacing: Spacing {
            lines: 0,
            gaps: [0; MAX_COUNTED_GAP + 1],
        },
        leading_blanks: 0,
        trailing_blanks: 0,
    };
    let bytes = &text.as_bytes()[range.clone()];
    let line_ends = memchr::memchr_iter(b'\n', bytes).map(|at| range.start + at);
    // Text after the last newline is a line; nothing after it is none, as
    // `split_terminator` has it.
    let last_end = (!bytes.is_empty() && bytes.last() != Some(&b'\n')).then_some(range.end);
    let mut start = range.start;
    for end in line_ends.chain(last_end) {
        let line = &text[start..end];
        start = end + 1;
        // Most lines open with a letter: no need to trim them to know.
        let blank =
            !line.as_bytes().first().is_some_and(u8::is_ascii_graphic) && line.trim().is_empty();
        if blank {
            if run.spacing.lines == 0 {
                run.leading_blanks += 1;
            } else {
                run.trailing_blanks += 1;
            }
            continue;
        }
        run.spacing.count_gap(run.trailing_blanks);
        run.spacing.lines += 1;
        run.trailing_blanks = 0;
    }
    run
}

/// Bytes of text in one batch when workers scan ahead of the caller: small
/// enough that the facts in flight stay small, large enough that handing a
/// batch over costs nothing beside scanning it.
const BATCH_BYTES: usize = 1 << 20;
/// Batches each worker may have scanned before the caller takes them.
const BATCHES_AHEAD: usize = 2;

/// Hands the facts of every non-blank line of `text` to `each`, in order.
/// On large texts `threads` workers scan batches ahead of the caller, so the
/// caller's work overlaps the scanning and a dump's facts are never all held
/// at once.
pub fn for_each_line_fact(text: &str, threads: usize, each: impl FnMut(LineFacts)) {
    let threads = if text.len() < PARALLEL_MIN_BYTES {
        1
    } else {
        threads
    };
    scan_in_batches(text, threads, BATCH_BYTES, each);
}

fn scan_in_batches(
    text: &str,
    threads: usize,
    batch_bytes: usize,
    mut each: impl FnMut(LineFacts),
) {
    let mut joiner = Joiner::default();
    if threads < 2 {
        return joiner.take(scan(text, 0..text.len()), &mut each);
    }
    let batches = split_at_lines(text, batch_bytes);
    std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..threads)
            .map(|worker| {
                let (sender, receiver) = mpsc::sync_channel(BATCHES_AHEAD);
                let mine: Vec<_> = batches
                    .iter()
                    .skip(worker)
                    .step_by(threads)
                    .cloned()
                    .collect();
                scope.spawn(move || {
                    for range in mine {
                        if sender.send(scan(text, range)).is_err() {
                            return;
                        }
                    }
                });
                receiver
            })
            .collect();
        // Batch i is worker i % threads's; a worker that panicked hangs up,
        // and the scope then re-raises its panic.
        for index in 0..batches.len() {
            let Ok(chunk) = receivers[index % threads].recv() else {
                return;
            };
            joiner.take(chunk, &mut each);
        }
    });
}

/// The facts of one chunk, with line numbers and leading blanks relative to it.
#[derive(Default)]
struct ChunkFacts {
    facts: Vec<LineFacts>,
    lines: usize,
    trailing_blanks: usize,
}

/// Splits `text` into ranges of about `step` bytes, each ending just after a
/// newline (the last one at the end of the text).
fn split_at_lines(text: &str, step: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let step = step.max(1);
    let mut ranges = Vec::with_capacity(text.len() / step + 1);
    let mut start = 0;
    while start < text.len() {
        let target = (start + step).min(text.len());
        let end = match memchr::memchr(b'\n', &bytes[target..]) {
            Some(at) if target < text.len() => target + at + 1,
            _ => text.len(),
        };
        ranges.push(start..end);
        start = end;
    }
    ranges
}

/// Scans the lines of `text[range]`.
fn scan(text: &str, range: Range<usize>) -> ChunkFacts {
    // Room for every line at once (a count of line ends is quick), so the
    // facts are never copied to grow.
    let line_ends = memchr::memchr_iter(b'\n', &text.as_bytes()[range.clone()]).count();
    let mut chunk = ChunkFacts {
        facts: Vec::with_capacity(line_ends + 1),
        ..ChunkFacts::default()
    };
    let mut credit_stems = CreditStems::find(text, range.clone());
    let mut blank_before = 0;
    let mut newlines =
        memchr::memchr_iter(b'\n', &text.as_bytes()[range.clone()]).map(|at| range.start + at);
    let mut start = range.start;
    // Lines as `split_terminator('\n')` gives them, found a vector at a time.
    while start < range.end {
        let end = newlines.next().unwrap_or(range.end);
        let raw = &text[start..end];
        chunk.lines += 1;
        let line_start = start;
        start = end + 1;
        let trimmed = raw.trim_start();
        let lead = raw.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() {
            blank_before += 1;
            continue;
        }
        let span = line_start + lead..line_start + lead + trimmed.len();
        let words = count_words(trimmed);
        let may_be_credit = trimmed.len() <= MAX_CREDIT_BYTES && credit_stems.within(&span);
        chunk.facts.push(LineFacts {
            kind: kind_of(text, trimmed, words, may_be_credit),
            words,
            span,
            line: chunk.lines,
            blank_before,
        });
        blank_before = 0;
    }
    chunk.trailing_blanks = blank_before;
    chunk
}

/// Joins chunks as they come, in order: line numbers become absolute, and
/// blank lines at the end of one chunk count before the first line of the next.
#[derive(Default)]
struct Joiner {
    lines_before: usize,
    carried_blanks: usize,
}

impl Joiner {
    fn take(&mut self, chunk: ChunkFacts, each: &mut impl FnMut(LineFacts)) {
        let mut carried = std::mem::take(&mut self.carried_blanks);
        let any = !chunk.facts.is_empty();
        for mut fact in chunk.facts {
            fact.line += self.lines_before;
            fact.blank_before += std::mem::take(&mut carried);
            each(fact);
        }
        self.carried_blanks = if any {
            chunk.trailing_blanks
        } else {
            carried + chunk.trailing_blanks
        };
        self.lines_before += chunk.lines;
    }
}

/// Longest line, in bytes, tested for furniture when it is not shaped like
/// a headline ("Share this:", "Posted on 7 March 2024, 10:30.").
const MAX_FURNITURE_BYTES: usize = 60;

/// What a trimmed line is. Credits and page furniture are never headlines;
/// only a line that `may_be_credit` is read as a credit.
fn kind_of(text: &str, line: &str, words: usize, may_be_credit: bool) -> LineKind {
    if let Some(link) = continue_link(line) {
        let target = link.target.map(|target| {
            let start = target.as_ptr() as usize - text.as_ptr() as usize;
            start..start + target.len()
        });
        return LineKind::Link(target);
    }
    if let Some(credit) = may_be_credit.then(|| credit(line)).flatten() {
        return LineKind::Credit(Box::new(credit));
    }
    let shape = headline_shape_with_words(line, words);
    // Furniture is short; most lines are long paragraphs and skip the test.
    let furniture = (shape.is_some() || line.len() <= MAX_FURNITURE_BYTES)
        && is_furniture_with_words(line, words);
    LineKind::Text {
        shape: shape.filter(|_| !furniture),
        ends_with_colon: line.ends_with(':'),
        furniture,
    }
}

/// The stems every credit's wording holds ("ublish", "ppeared", "eprint":
/// published, appeared, reprinted, in any case of the first letter), found
/// in a whole run of lines with one vector search per stem, so that the
/// lines without one, nearly all of them, are never lower-cased and read.
struct CreditStems {
    /// Byte offsets where a stem starts, in order.
    starts: Vec<usize>,
    /// The first start not before the last line asked about.
    next: usize,
}

impl CreditStems {
    const STEMS: [&'static [u8]; 3] = [b"ublish", b"ppeared", b"eprint"];

    fn find(text: &str, range: Range<usize>) -> Self {
        let run = &text.as_bytes()[range.clone()];
        let mut starts: Vec<usize> = Self::STEMS
            .iter()
            .flat_map(|stem| memchr::memmem::find_iter(run, stem))
            .map(|at| range.start + at)
            .collect();
        starts.sort_unstable();
        CreditStems { starts, next: 0 }
    }

    /// Whether a stem starts in `line`, a span of a line (trimmed or not);
    /// lines are asked about in order. A stem has no spaces, so one that
    /// starts in a line ends in it.
    fn within(&mut self, line: &Range<usize>) -> bool {
        while self
            .starts
            .get(self.next)
            .is_some_and(|&at| at < line.start)
        {
            self.next += 1;
        }
        self.starts.get(self.next).is_some_and(|&at| at < line.end)
    }
}

/// Counts runs of non-space bytes. Cleaned text has only ASCII spaces, so
/// bytes suffice; eight are looked at a time, since this sees every byte of
/// every body.
pub fn count_words(text: &str) -> usize {
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // Adding 0x5f to a lane's low seven bits sets its high bit when they are
    // 0x21 or more; lanes can't carry into each other.
    const ABOVE_SPACE: u64 = u64::from_le_bytes([0x80 - 0x21; 8]);
    let bytes = text.as_bytes();
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    // High bit of the last lane: was the byte before this word a space?
    let mut previous_space = HIGH;
    let mut count = 0;
    for word in words {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(word);
        let x = u64::from_le_bytes(lanes);
        let non_space = (((x & LOW7) + ABOVE_SPACE) | x) & HIGH;
        let space = !non_space & HIGH;
        let space_before = (space << 8) | (previous_space >> 56);
        count += (non_space & space_before).count_ones() as usize;
        previous_space = space;
    }
    let mut space_before = previous_space >> 63 == 1;
    for &byte in tail {
        let space = byte <= b' ';
        count += usize::from(space_before && !space);
        space_before = space;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of every non-blank line of `text`, in order.
    fn line_facts(text: &str) -> Vec<LineFacts> {
        let mut facts = Vec::new();
        for_each_line_fact(text, 1, |fact| facts.push(fact));
        facts
    }

    /// Whether [`CreditStems`] finds a stem in each line of `text`.
    fn stem_in_each_line(text: &str) -> Vec<bool> {
        let mut stems = CreditStems::find(text, 0..text.len());
        let mut start = 0;
        text.split('\n')
            .map(|line| {
                let span = start..start + line.len();
                start = span.end + 1;
                stems.within(&span)
            })
            .collect()
    }

    #[test]
    fn credit_stems_are_found_at_either_end_and_in_any_case_of_the_initial() {
        let with = [
            "Published by the Review",
            "first published in",
            "It appeared in the Times",
            "Reprinted with permission",
            "reprint",
            "ublish",
        ];
        let without = [
            "",
            "b",
            "p",
            "Publis",
            "appeare",
            "Eprin",
            "bubble pop",
            "uBlish",
        ];
        let text = [with.join("\n"), without.join("\n")].join("\n");
        let found = stem_in_each_line(&text);
        assert_eq!(found[..with.len()], [true; 6]);
        assert_eq!(found[with.len()..], [false; 8]);
    }

    #[test]
    fn credit_lines_are_read_in_a_run_with_other_lines() {
        let text = "Council agrees\n\nThis piece was first published by the Weekly Review.\n\nPublic transport";
        let facts = line_facts(text);
        assert!(matches!(facts[1].kind, LineKind::Credit(_)));
        assert!(matches!(facts[2].kind, LineKind::Text { .. }));
    }

    proptest::proptest! {
        /// Furniture tests take the segmenter's word count for the one
        /// `split_whitespace` gives, and split words on ASCII whitespace: on
        /// cleaned text all three agree.
        #[test]
        fn cleaned_lines_count_words_as_split_whitespace_does(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::any::<char>(),
                    proptest::sample::select(vec![
                        ' ', '\t', '\r', '\n', '\u{b}', '\u{c}', '\u{85}', '\u{a0}',
                        '\u{1680}', '\u{2003}', '\u{2028}', '\u{202f}', '\u{3000}', 'a',
                    ]),
                ],
                0..40,
            )
        ) {
            let raw: String = chars.into_iter().collect();
            let (clean, _) = super::super::hygiene::clean(raw.as_bytes());
            for line in clean.lines() {
                proptest::prop_assert_eq!(count_words(line), line.split_whitespace().count());
                proptest::prop_assert!(line.split_ascii_whitespace().eq(line.split_whitespace()));
            }
        }

        /// Stems found in a whole run are those each line holds.
        #[test]
        fn stems_found_in_a_run_are_those_of_each_line(text in "[ abeilnprsuhdP\n]{0,60}") {
            let searched: Vec<bool> = text
                .split('\n')
                .map(|line| ["ublish", "ppeared", "eprint"].iter().any(|stem| line.contains(stem)))
                .collect();
            proptest::prop_assert_eq!(stem_in_each_line(&text), searched);
        }
    }

    #[test]
    fn count_words_counts_runs_of_non_spaces() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("   "), 0);
        assert_eq!(count_words("one"), 1);
        assert_eq!(count_words(" one  two\tthree\nfour "), 4);
        assert_eq!(count_words("Chávez’s “words” — here"), 4);
        // Word boundaries on every side of the eight-byte lanes.
        for len in 0..20 {
            let text = "ab ".repeat(len);
            assert_eq!(count_words(&text), len, "{text:?}");
            assert_eq!(count_words(&format!(" {text}")), len);
        }
        assert_eq!(count_words("abcdefgh ijklmnop"), 2);
        assert_eq!(count_words("abcdefg hijklmno"), 2);
    }

    #[test]
    fn facts_carry_spans_lines_blanks_and_kinds() {
        let text = "  Headline here  \n\n\nA sentence.\nIt says:\nContinue reading Headline here";
        let facts = line_facts(text);
        let spans: Vec<&str> = facts.iter().map(|f| &text[f.span.clone()]).collect();
        assert_eq!(
            spans,
            [
                "Headline here",
                "A sentence.",
                "It says:",
                "Continue reading Headline here"
            ]
        );
        let lines: Vec<(usize, usize)> = facts.iter().map(|f| (f.line, f.blank_before)).collect();
        assert_eq!(lines, [(1, 0), (4, 2), (5, 0), (6, 0)]);
        assert!(matches!(
            facts[0].kind,
            LineKind::Text { shape: Some(_), .. }
        ));
        assert!(matches!(
            facts[2].kind,
            LineKind::Text {
                shape: None,
                ends_with_colon: true,
                furniture: false
            }
        ));
        let LineKind::Link(Some(target)) = &facts[3].kind else {
            panic!("a link: {:?}", facts[3].kind);
        };
        assert_eq!(&text[target.clone()], "Headline here");
    }

    #[test]
    fn credits_and_furniture_are_not_headline_shaped() {
        let text = "This piece first appeared in the Weekly Review\n\nBy Jane Doe";
        let facts = line_facts(text);
        assert!(matches!(facts[0].kind, LineKind::Credit(_)));
        assert!(matches!(
            facts[1].kind,
            LineKind::Text {
                shape: None,
                furniture: true,
                ..
            }
        ));
    }

    #[test]
    fn chunks_split_after_newlines_and_cover_the_text() {
        let text = "aaaa\nbbbb\ncccc\ndddd";
        let ranges = split_at_lines(text, 6);
        assert_eq!(ranges.len(), 2);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(text.as_bytes()[pair[0].end - 1], b'\n');
        }
    }

    #[test]
    fn lines_are_counted_as_split_terminator_counts_them() {
        for text in ["", "\n", "a", "a\n", "a\n\n", "\n\na\n \nb", "a\nb\n\n\n"] {
            let chunk = scan(text, 0..text.len());
            assert_eq!(chunk.lines, text.split_terminator('\n').count(), "{text:?}");
            let trailing = text
                .split_terminator('\n')
                .rev()
                .take_while(|line| line.trim().is_empty())
                .count();
            assert_eq!(chunk.trailing_blanks, trailing, "{text:?}");
        }
        let chunk = scan("x\nHead line\n\nBody.", 2..18);
        let spans: Vec<_> = chunk
            .facts
            .iter()
            .map(|f| (f.span.clone(), f.line))
            .collect();
        assert_eq!(spans, [(2..11, 1), (13..18, 3)]);
    }

    #[test]
    fn batches_scanned_ahead_on_workers_give_the_facts_of_one_pass() {
        let text = "First headline here\n\nBody one.\n\n\n\nSecond headline here\n\nBody two.\n\nContinue reading →\n\n\nThird one here\n\nEnd.\n\n\n";
        let whole = line_facts(text);
        assert_eq!(whole.len(), 7);
        for threads in 2..4 {
            for batch_bytes in [1, 5, 12, 40, 200] {
                let mut facts = Vec::new();
                scan_in_batches(text, threads, batch_bytes, |fact| facts.push(fact));
                assert_eq!(
                    facts, whole,
                    "{threads} threads, {batch_bytes}-byte batches"
                );
            }
        }
    }

    #[test]
    fn spacing_counts_the_gaps_between_non_blank_lines() {
        let text = "\n\nFirst\n\nSecond\n   \n\u{3000}\nThird\nFourth\n\n\n\n\n\n\n\n\n\nFifth\n\n";
        let spacing = spacing(text, 1);
        assert_eq!(spacing.lines, 5);
        // One gap of 1, one of 2 (spaces and an ideographic space are blank),
        // none counted for 0, for the two before "First" or for the nine
        // before "Fifth".
        let mut gaps = [0; MAX_COUNTED_GAP + 1];
        gaps[1] = 1;
        gaps[2] = 1;
        assert_eq!(spacing.gaps, gaps);
    }

    proptest::proptest! {
        /// The quick spacing pass sees the lines and gaps the facts record.
        #[test]
        fn spacing_agrees_with_the_facts(
            lines in proptest::collection::vec(
                proptest::sample::select(vec!["", " ", "\u{a0}", "Word", " indented", "é", "\t"]),
                0..30,
            )
        ) {
            let text = lines.join("\n");
            let facts = line_facts(&text);
            let mut gaps = [0; MAX_COUNTED_GAP + 1];
            for fact in facts.iter().skip(1) {
                if (1..=MAX_COUNTED_GAP).contains(&fact.blank_before) {
                    gaps[fact.blank_before] += 1;
                }
            }
            let spacing = spacing(&text, 1);
            proptest::prop_assert_eq!(spacing.lines, facts.len());
            proptest::prop_assert_eq!(&spacing.gaps, &gaps);
            // Counted in runs (as on several threads), joined, the same.
            for step in [1, 3, 8] {
                let runs = split_at_lines(&text, step).into_iter().map(|range| spacing_of(&text, range));
                proptest::prop_assert_eq!(&join_spacing(runs), &spacing);
            }
        }
    }
}
