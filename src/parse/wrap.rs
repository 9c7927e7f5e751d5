//! Hard-wrapped paragraphs: a book or an e-mail breaks every paragraph into
//! lines near one column, and those lines are one paragraph, not many.
//!
//! Whether a dump is wrapped is decided for the dump as a whole, from the
//! lengths of its lines that run straight on into another line: in wrapped
//! text nearly all of them end a few columns short of one wrap column. Two
//! lines are then one paragraph when the first is so full that the next
//! line's first word would not have fitted after it; verse, addresses,
//! lists and tables, whose lines end early on purpose, keep their lines.

/// Longest line length, in characters, that is counted; longer lines are
/// never wrapped text.
pub const MAX_MEASURED_CHARS: usize = 255;

/// Fewest lines that run on into another before a dump can count as wrapped.
const MIN_RUN_ON_LINES: usize = 8;
/// Narrowest and widest wrap columns seen in wrapped text.
const COLUMNS: std::ops::RangeInclusive<usize> = 30..=150;
/// Share of run-on lines that must end near the wrap column.
const MIN_SHARE_NEAR_COLUMN: f64 = 0.6;
/// Columns short of the measured wrap column that still count as full:
/// the measure is a high percentile, not the wrapper's own setting.
const FULL_SLACK: usize = 3;

/// How many run-on lines had each length (index: characters, up to
/// [`MAX_MEASURED_CHARS`]; longer lines are counted in the last slot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOnLengths(pub Box<[u32; MAX_MEASURED_CHARS + 1]>);

impl Default for RunOnLengths {
    fn default() -> Self {
        RunOnLengths(Box::new([0; MAX_MEASURED_CHARS + 1]))
    }
}

impl RunOnLengths {
    /// Counts one line of `chars` characters that runs on into the next.
    pub fn add(&mut self, chars: usize) {
        self.0[chars.min(MAX_MEASURED_CHARS)] += 1;
    }

    /// Adds another run's counts.
    pub fn merge(&mut self, other: &RunOnLengths) {
        for (total, count) in self.0.iter_mut().zip(other.0.iter()) {
            *total += count;
        }
    }
}

/// The column the dump is wrapped at, or `None` when its lines are not
/// wrapped (one paragraph per line, as most saved pages are).
pub fn wrap_column(lengths: &RunOnLengths) -> Option<usize> {
    let counts = &lengths.0;
    let total: usize = counts.iter().map(|&c| c as usize).sum();
    if total < MIN_RUN_ON_LINES {
        return None;
    }
    // The 95th percentile of run-on lengths.
    let wanted = total - total / 20;
    let mut seen = 0;
    let column = counts.iter().position(|&count| {
        seen += count as usize;
        seen >= wanted
    })?;
    if !COLUMNS.contains(&column) {
        return None;
    }
    let near_from = column - (column / 5).max(12);
    let near: usize = counts[near_from..=(column + 2).min(MAX_MEASURED_CHARS)]
        .iter()
        .map(|&c| c as usize)
        .sum();
    (near as f64 >= MIN_SHARE_NEAR_COLUMN * total as f64).then_some(column)
}

/// Whether a line of `line_chars` characters, followed directly by a line
/// whose first word has `next_word_chars` characters, was broken by the
/// wrapper at `column` rather than ended by the writer.
pub fn runs_on(line_chars: usize, next_word_chars: usize, column: usize) -> bool {
    line_chars + 1 + next_word_chars + FULL_SLACK > column && 2 * line_chars >= column
}

/// Characters in `text`: bytes that do not continue a UTF-8 sequence.
pub fn chars(text: &str) -> usize {
    text.bytes().filter(|&b| b & 0xc0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(of: &[(usize, u32)]) -> RunOnLengths {
        let mut lengths = RunOnLengths::default();
        for &(chars, count) in of {
            lengths.0[chars] += count;
        }
        lengths
    }

    #[test]
    fn lines_ending_near_one_column_are_wrapped_there() {
        let book = lengths(&[(60, 10), (66, 30), (69, 40), (70, 60), (72, 20), (12, 3)]);
        assert_eq!(wrap_column(&book), Some(72));
    }

    #[test]
    fn scattered_or_few_run_on_lines_are_not_wrapping() {
        // Lists and navigation: short lines of every length.
        let list = lengths(&[(5, 10), (12, 10), (20, 10), (33, 10), (41, 10)]);
        assert_eq!(wrap_column(&list), None);
        assert_eq!(wrap_column(&lengths(&[(70, 5)])), None);
        // One paragraph per line: run-on lines are far too long to be wrapped.
        assert_eq!(wrap_column(&lengths(&[(255, 40)])), None);
        assert_eq!(wrap_column(&RunOnLengths::default()), None);
    }

    #[test]
    fn a_full_line_runs_on_and_a_short_one_ends() {
        // "...could not wait" (70) + "for" would have made 74 > 72.
        assert!(runs_on(70, 3, 72));
        assert!(runs_on(66, 5, 72));
        // A line of verse that stops at 40 with room to spare.
        assert!(!runs_on(40, 4, 72));
        // A short word after a line that left room for it.
        assert!(!runs_on(55, 3, 72));
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        assert_eq!(chars("héllo — ok"), 10);
        assert_eq!(chars(""), 0);
    }
}
