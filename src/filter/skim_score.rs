//! Skim's fuzzy score, as fuzzy-matcher's `SkimMatcherV2` (case respected)
//! gives it from a fresh matcher, computed without its per-call allocations.
//!
//! Two reasons to compute it here. Speed: a broad query scores most of a
//! million headlines, and the matcher collects each headline into a vector
//! of characters and allocates a row of bonuses per call; here ASCII text is
//! read as bytes and the scratch space is kept per thread. Determinism: the
//! matcher keeps its score matrix between calls and, when a pattern letter
//! repeats, reads a bonus its current call never wrote, so a headline could
//! score differently depending on what its thread scored before, not on the
//! headline and the query alone. Here every cell starts as a fresh
//! matcher's does. The dynamic programme is otherwise the
//! matcher's own, step for step (its two-row form, which is what it uses to
//! score), and a test compares the two on many strings.

use std::cell::RefCell;

/// The matcher's default score settings.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
/// The matcher's "no alignment" score.
const NONE: i32 = i16::MIN as i32;

/// Skim's score of `pattern` in `choice`, case respected; `None` when the
/// pattern's characters are not all in the choice, in order.
pub fn skim_score(choice: &str, pattern: &str) -> Option<i64> {
    let mut chars = pattern.chars();
    if let (Some(only), None) = (chars.next(), chars.next()) {
        return single_char_score(choice, only);
    }
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    }
    SCRATCH.with_borrow_mut(|scratch| {
        if choice.is_ascii() && pattern.is_ascii() {
            scratch.dp.score(choice.as_bytes(), pattern.as_bytes())
        } else {
            scratch.choice.clear();
            scratch.choice.extend(choice.chars());
            scratch.pattern.clear();
            scratch.pattern.extend(pattern.chars());
            scratch.dp.score(&scratch.choice, &scratch.pattern)
        }
    })
}

/// Skim's score for a one-character pattern, without the matrix: what the
/// programme comes to for one row, a match (16, less a gap's 1) plus the
/// best bonus among the character's occurrences (doubled at the very start).
fn single_char_score(choice: &str, pattern: char) -> Option<i64> {
    let mut best: Option<i32> = None;
    let mut previous = Kind::Empty;
    for (position, c) in choice.chars().enumerate() {
        let kind = Kind::of(c);
        if c == pattern {
            let multiplier = if position == 0 {
                BONUS_FIRST_CHAR_MULTIPLIER
            } else {
                1
            };
            let bonus = kind.bonus_after(previous) * multiplier;
            best = Some(best.map_or(bonus, |b| b.max(bonus)));
        }
        previous = kind;
    }
    best.map(|bonus| i64::from(SCORE_MATCH + GAP_EXTENSION + bonus))
}

/// What one thread reuses from one score to the next.
#[derive(Default)]
struct Scratch {
    dp: Programme,
    choice: Vec<char>,
    pattern: Vec<char>,
}

/// One cell of the matcher's matrix: the best score ending in a match here
/// (`matched`), or anywhere before (`skipped`), and the bonus a match
/// carries into the next column.
#[derive(Clone, Copy)]
struct Cell {
    matched: i32,
    skipped: i32,
    bonus: i32,
}

/// A cell as a fresh matcher's matrix holds it.
const FRESH: Cell = Cell {
    matched: NONE,
    skipped: NONE,
    bonus: 0,
};

/// The dynamic programme's rows, bonuses and first matches.
#[derive(Default)]
struct Programme {
    cells: Vec<Cell>,
    bonuses: Vec<i32>,
    first_matches: Vec<usize>,
}

/// A character, as bytes of ASCII text or decoded `char`s otherwise.
trait Symbol: Copy + Eq {
    fn kind(self) -> Kind;
}

impl Symbol for u8 {
    fn kind(self) -> Kind {
        BYTE_KINDS[usize::from(self)]
    }
}

/// [`Kind::of`] for every byte, looked up rather than matched: it runs for
/// every character of every headline scored.
const BYTE_KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Empty; 256];
    let mut byte = 0;
    while byte < kinds.len() {
        kinds[byte] = Kind::of(byte as u8 as char);
        byte += 1;
    }
    kinds
};

impl Symbol for char {
    fn kind(self) -> Kind {
        Kind::of(self)
    }
}

/// The matcher's character types, which decide the bonus for a match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSeparator,
    SoftSeparator,
}

impl Kind {
    const fn of(c: char) -> Self {
        match c {
            '\0' => Kind::Empty,
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Kind::HardSeparator,
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Kind::SoftSeparator,
            '0'..='9' => Kind::Number,
            'A'..='Z' => Kind::Upper,
            _ => Kind::Lower,
        }
    }

    /// The bonus for matching a character of this kind after one of `previous`.
    fn bonus_after(self, previous: Kind) -> i32 {
        match (previous, self) {
            (Kind::Empty | Kind::HardSeparator, _) => BONUS_HEAD,
            (Kind::SoftSeparator, _) => BONUS_BREAK,
            (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
            _ => 0,
        }
    }
}

impl Programme {
    fn score<T: Symbol>(&mut self, choice: &[T], pattern: &[T]) -> Option<i64> {
        if pattern.is_empty() {
            return Some(0);
        }
        // Where each pattern character first fits, in order.
        self.first_matches.clear();
        for (at, &c) in choice.iter().enumerate() {
            match pattern.get(self.first_matches.len()) {
                Some(&p) if p == c => self.first_matches.push(at),
                Some(_) => {}
                None => break,
            }
        }
        if self.first_matches.len() < pattern.len() {
            return None;
        }
        let cols = choice.len() + 1;
        self.bonuses.clear();
        self.bonuses.resize(cols, 0);
        let mut previous = Kind::Empty;
        for (at, &c) in choice.iter().enumerate() {
            let kind = c.kind();
            self.bonuses[at + 1] = kind.bonus_after(previous);
            previous = kind;
        }
        if let Some(first) = self.bonuses.get_mut(1) {
            *first *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        // Two rows, used in turn; the first starts as "nothing matched yet".
        self.cells.clear();
        self.cells.resize(2 * cols, FRESH);
        for cell in &mut self.cells[..cols] {
            cell.skipped = GAP_EXTENSION;
        }
        self.cells[cols + self.first_matches[0]] = FRESH;
        let cells = &mut self.cells;
        for (i, &p) in pattern.iter().enumerate() {
            let row = ((i + 1) & 1) * cols;
            let row_before = (i & 1) * cols;
            let from = self.first_matches[i];
            for (offset, &c) in choice[from..].iter().enumerate() {
                let col = from + offset + 1;
                let (here, left, diagonal) = (row + col, row + col - 1, row_before + col - 1);
                if c == p {
                    let in_place = self.bonuses[col];
                    let consecutive = cells[left].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    cells[left].bonus = consecutive;
                    let extend = cells[diagonal].matched + consecutive;
                    let after_gap = cells[diagonal].skipped + in_place;
                    cells[here].matched = extend.max(after_gap) + SCORE_MATCH;
                } else {
                    cells[here].matched = NONE;
                    cells[here].bonus = 0;
                }
                cells[here].skipped = (GAP_START + GAP_EXTENSION + cells[left].matched)
                    .max(GAP_EXTENSION + cells[left].skipped);
            }
        }
        let last_row = (pattern.len() & 1) * cols;
        let last_first = self.first_matches[pattern.len() - 1];
        cells[last_row + last_first..last_row + cols]
            .iter()
            .map(|cell| cell.matched)
            .max()
            .map(i64::from)
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;

    use super::*;

    fn fresh_skim(choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(choice, pattern)
    }

    #[test]
    fn scores_are_skims_on_headlines() {
        for (choice, pattern) in [
            (
                "Norway backs a peace plan after talks in Geneva",
                "parliament",
            ),
            ("Parliament approves the budget", "parliament"),
            ("parliament approves the budget", "parliament"),
            ("The minister of finance resigns", "min"),
            ("Trade talks resume in Geneva", "trade"),
            ("trade talks resume in geneva", "talks"),
            ("FooBar and foo-bar and foo_bar", "fb"),
            ("", "a"),
            ("abc", ""),
            ("Crème brûlée wins the prize", "brûlée"),
            ("Crème brûlée wins the prize", "cbwp"),
        ] {
            assert_eq!(
                skim_score(choice, pattern),
                fresh_skim(choice, pattern),
                "{choice:?} / {pattern:?}"
            );
        }
        assert_eq!(skim_score("abc", "x"), None);
        assert_eq!(skim_score("abc", "cb"), None);
    }

    #[test]
    fn a_score_does_not_depend_on_what_was_scored_before() {
        // Found by comparing fresh and used matchers: after scoring this
        // pair, fuzzy-matcher's matcher gives "bba A" / "bba" 75, not 71.
        let used = SkimMatcherV2::default().respect_case();
        let _ = used.fuzzy_match("A a b", "a");
        assert_eq!(used.fuzzy_match("bba A", "bba"), Some(75));
        assert_eq!(fresh_skim("bba A", "bba"), Some(71));
        assert_eq!(skim_score("A a b", "a"), fresh_skim("A a b", "a"));
        assert_eq!(skim_score("bba A", "bba"), Some(71));
    }

    #[test]
    fn single_character_scores_equal_skims() {
        let matcher = SkimMatcherV2::default().respect_case();
        let alphabet: Vec<char> = "aAbB1 -/(.:éx'Z".chars().collect();
        // A fixed pseudo-random walk over short strings of tricky characters.
        let mut state = 0x2545_f491_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((state >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            for &pattern in &alphabet {
                let skim = matcher.fuzzy_match(&text, &pattern.to_string());
                assert_eq!(
                    skim_score(&text, &pattern.to_string()),
                    skim,
                    "{text:?} / {pattern:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// On any text, and whatever was scored before on this thread, the
        /// score is a fresh matcher's.
        #[test]
        fn scores_are_a_fresh_matchers(
            choice in "[abAB 1_.(éÉ]{0,16}",
            pattern in "[abAB 1é]{0,5}",
        ) {
            proptest::prop_assert_eq!(skim_score(&choice, &pattern), fresh_skim(&choice, &pattern));
        }
    }
}
