//! How a dump is laid out, from one quick pass over its lines before any
//! paragraph is built: how many blank lines usually separate paragraphs
//! (so a wider gap can be told from the usual one) and how long the lines
//! that run on into another line are (so hard wrapping can be recognised).

use std::ops::Range;

use crate::parallel::map_runs;

use super::markup::CODE_INDENT;
use super::wrap::{MAX_MEASURED_CHARS, RunOnLengths, chars};

/// Most blank lines counted as one size of gap; wider gaps are rare enough
/// that no dump's usual spacing is one of them.
pub const MAX_COUNTED_GAP: usize = 8;

/// Text shorter than this is measured on one thread: spawning costs more.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// A dump's layout measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spacing {
    /// Non-blank lines in the text.
    pub lines: usize,
    /// How often each number of blank lines (1 to [`MAX_COUNTED_GAP`])
    /// separates two non-blank lines; index 0 is unused.
    pub gaps: [usize; MAX_COUNTED_GAP + 1],
    /// Lengths of the lines, not indented as code, that a non-blank line
    /// follows directly.
    pub run_on: RunOnLengths,
}

impl Spacing {
    /// The most common number of blank lines between paragraphs (1 in most
    /// dumps, 2 in double-spaced ones), so a "wide gap" means wider than that.
    pub fn usual_gap(&self) -> usize {
        (1..=MAX_COUNTED_GAP)
            .max_by_key(|&gap| (self.gaps[gap], std::cmp::Reverse(gap)))
            .unwrap_or(1)
    }

    fn empty() -> Self {
        Spacing {
            lines: 0,
            gaps: [0; MAX_COUNTED_GAP + 1],
            run_on: RunOnLengths::default(),
        }
    }

    /// Counts a gap before a non-blank line; the first line has none.
    fn count_gap(&mut self, blanks: usize) {
        if self.lines > 0 && (1..=MAX_COUNTED_GAP).contains(&blanks) {
            self.gaps[blanks] += 1;
        }
    }
}

/// Measures `text`, using up to `threads` threads on large texts; the
/// measures do not depend on the number of threads.
pub fn spacing(text: &str, threads: usize) -> Spacing {
    if threads < 2 || text.len() < PARALLEL_MIN_BYTES {
        return join(std::iter::once(measure(text, 0..text.len())));
    }
    let parts = split_at_lines(text, text.len().div_ceil(threads));
    let runs = map_runs(&parts, 1, |parts| {
        parts
            .iter()
            .map(|range| measure(text, range.clone()))
            .collect::<Vec<_>>()
    });
    join(runs.into_iter().flatten())
}

/// Splits `text` into ranges of about `step` bytes, each ending just after a
/// newline (the last one at the end of the text).
pub fn split_at_lines(text: &str, step: usize) -> Vec<Range<usize>> {
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

/// The measures of one run of lines, and what its ends leave to its
/// neighbours: blank lines that belong to a gap with them, and a last line
/// whose follower is in the next run.
struct RunSpacing {
    spacing: Spacing,
    /// Blank lines before the first non-blank one (all of them if none).
    leading_blanks: usize,
    /// Blank lines after the last non-blank one.
    trailing_blanks: usize,
    /// The length of the last line when it is non-blank and not code: it
    /// runs on if the next run opens with a non-blank line.
    open_line: Option<usize>,
}

/// Joins consecutive runs: blank lines at the end of one and the start of
/// the next make one gap, and a run's open last line runs on into a next
/// run that opens with a non-blank line.
fn join(runs: impl IntoIterator<Item = RunSpacing>) -> Spacing {
    let mut whole = Spacing::empty();
    let mut carried_blanks = 0;
    let mut open_line = None;
    for run in runs {
        if run.spacing.lines == 0 {
            carried_blanks += run.leading_blanks;
            if run.leading_blanks > 0 {
                open_line = None;
            }
            continue;
        }
        let blanks = carried_blanks + run.leading_blanks;
        whole.count_gap(blanks);
        if blanks == 0
            && let Some(chars) = open_line
        {
            whole.run_on.add(chars);
        }
        whole.lines += run.spacing.lines;
        for (total, count) in whole.gaps.iter_mut().zip(run.spacing.gaps) {
            *total += count;
        }
        whole.run_on.merge(&run.spacing.run_on);
        carried_blanks = run.trailing_blanks;
        open_line = run.open_line;
    }
    whole
}

fn measure(text: &str, range: Range<usize>) -> RunSpacing {
    let mut run = RunSpacing {
        spacing: Spacing::empty(),
        leading_blanks: 0,
        trailing_blanks: 0,
        open_line: None,
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
            run.open_line = None;
            continue;
        }
        if run.trailing_blanks == 0
            && let Some(chars) = run.open_line
        {
            run.spacing.run_on.add(chars);
        }
        run.spacing.count_gap(run.trailing_blanks);
        run.spacing.lines += 1;
        run.trailing_blanks = 0;
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        run.open_line = (indent < CODE_INDENT).then(|| {
            let trimmed = line.trim();
            if trimmed.len() > MAX_MEASURED_CHARS * 4 {
                MAX_MEASURED_CHARS
            } else {
                chars(trimmed)
            }
        });
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // "Third" runs on into "Fourth"; nothing else runs on.
        let mut run_on = RunOnLengths::default();
        run_on.add(5);
        assert_eq!(spacing.run_on, run_on);
    }

    #[test]
    fn the_usual_gap_is_the_most_common_one() {
        let single = "Headline\n\nBody.\n\nBody.\n\n\nBody.";
        assert_eq!(spacing(single, 1).usual_gap(), 1);
        let double = single.replace("\n\n", "\n\n\n");
        assert_eq!(spacing(&double, 1).usual_gap(), 2);
        assert_eq!(spacing("One line only", 1).usual_gap(), 1);
    }

    #[test]
    fn code_lines_are_not_measured_as_run_on_text() {
        let text = "    let a = 1;\n    let b = 2;\nplain line\nnext";
        let mut run_on = RunOnLengths::default();
        run_on.add(10);
        assert_eq!(spacing(text, 1).run_on, run_on);
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

    proptest::proptest! {
        /// Measured in runs (as on several threads) and joined, a text
        /// measures as it does whole.
        #[test]
        fn measures_in_runs_join_to_the_whole(
            lines in proptest::collection::vec(
                proptest::sample::select(vec!["", " ", "\u{a0}", "Word", "Two words", "    code", "é", "\t"]),
                0..30,
            )
        ) {
            let text = lines.join("\n");
            let whole = join(std::iter::once(measure(&text, 0..text.len())));
            for step in [1, 3, 8] {
                let runs = split_at_lines(&text, step).into_iter().map(|range| measure(&text, range));
                proptest::prop_assert_eq!(&join(runs), &whole);
            }
        }
    }
}
