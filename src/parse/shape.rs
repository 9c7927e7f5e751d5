//! The shape of a single line: could it be a headline at all?
//!
//! Headlines in plain-text dumps are lines of their own that read like a
//! label, not a sentence: they start with a capital (or a digit, or a
//! caseless script), do not end in sentence or clause punctuation, and are
//! short. Context decides whether such a line starts a post; see `segment`.

use super::words::count_words;

/// A line that looks like a headline, with the measures context rules use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeadlineShape {
    /// Characters in the line.
    pub chars: usize,
    /// Whitespace-separated words in the line.
    pub words: usize,
}

/// Longest line, in characters, that can be any kind of heading.
pub const MAX_HEADING_CHARS: usize = 300;
/// Most words a heading of any kind may have.
pub const MAX_HEADING_WORDS: usize = 50;

/// Returns the line's measures when it is shaped like a headline.
pub fn headline_shape(line: &str) -> Option<HeadlineShape> {
    headline_shape_with_words(line, count_words(line))
}

/// [`headline_shape`] for a line whose words the caller has counted (with
/// [`count_words`]) already.
pub fn headline_shape_with_words(line: &str, words: usize) -> Option<HeadlineShape> {
    // A cheap bound first: most lines of a dump are long paragraphs.
    if line.len() > MAX_HEADING_CHARS * 4 || line.is_empty() {
        return None;
    }
    if !starts_like_a_heading(line)
        || ends_like_a_sentence(line)
        || is_quotation(line)
        || is_list_item(line)
    {
        return None;
    }
    // Lines are cleaned: every space is ASCII, so counting bytes suffices.
    let chars = line.bytes().filter(|&b| !is_continuation_byte(b)).count();
    (chars <= MAX_HEADING_CHARS && words <= MAX_HEADING_WORDS)
        .then_some(HeadlineShape { chars, words })
}

fn is_continuation_byte(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

/// Opening quotes (and Spanish opening marks) may precede a headline's
/// first word.
fn is_opening_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '‘' | '“' | '«' | '‹' | '„' | '‚' | '¿' | '¡'
    )
}

/// A line wrapped whole in double quotes is a quotation (a pull quote, a
/// line of dialogue), not a headline.
fn is_quotation(line: &str) -> bool {
    line.starts_with(['“', '"', '«', '„']) && line.ends_with(['”', '"', '»', '“'])
}

/// "1. Improve the roads", "2) Fund schools", "(3) Hire nurses": items of a
/// numbered list, whatever their shape.
fn is_list_item(line: &str) -> bool {
    let rest = line.strip_prefix('(').unwrap_or(line);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && rest[digits..].starts_with(['.', ')'])
        && rest[digits + 1..].starts_with(' ')
}

/// Closing quotes and brackets may follow a headline's last word.
fn is_closing_mark(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | '»' | '›' | ')' | ']')
}

/// True when the first word begins with a capital, a digit or a caseless
/// letter (CJK, Arabic, …), after any opening quotes. List bullets, brackets
/// and lower-case starts (continuations, URLs) are not headlines.
fn starts_like_a_heading(line: &str) -> bool {
    let Some(first) = line.chars().find(|&c| !is_opening_quote(c)) else {
        return false;
    };
    first.is_numeric() || (first.is_alphabetic() && !first.is_lowercase())
}

/// True when the line, quotes aside, ends as sentences and clauses do:
/// `.`, `,`, `;`, `:`, `!` or an ellipsis. A question mark is allowed, since
/// headlines ask questions.
fn ends_like_a_sentence(line: &str) -> bool {
    let last = line.chars().rev().find(|&c| !is_closing_mark(c));
    matches!(last, Some('.' | ',' | ';' | ':' | '!' | '…') | None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_like_lines_are_headlines() {
        let shape = headline_shape("Markets rally as rates fall").expect("headline");
        assert_eq!(shape.words, 5);
        assert_eq!(shape.chars, 27);
        assert!(headline_shape("2024 in review").is_some());
        assert!(headline_shape("Is the recovery real?").is_some());
    }

    #[test]
    fn quotes_around_the_words_do_not_hide_the_shape() {
        assert!(headline_shape("‘Clash of ideas’ is a lazy concept").is_some());
        assert!(headline_shape("Minister opens the “Freedom Bridge”").is_some());
        assert!(headline_shape("“It was a lie,” she says.").is_none());
        assert!(headline_shape("“And that was that.”").is_none());
    }

    #[test]
    fn sentences_and_clauses_are_not_headlines() {
        for line in [
            "The council met on Monday.",
            "Dear colleagues,",
            "She argues:",
            "It went on;",
            "What a day!",
            "And then…",
        ] {
            assert!(headline_shape(line).is_none(), "{line}");
        }
    }

    #[test]
    fn lower_case_and_bulleted_starts_are_not_headlines() {
        for line in [
            "and the rest of it",
            "https://example.com/page",
            "- a list item",
            "(Photo credit)",
        ] {
            assert!(headline_shape(line).is_none(), "{line}");
        }
    }

    #[test]
    fn quotations_and_numbered_items_are_not_headlines() {
        assert!(headline_shape("“We will not back down”").is_none());
        assert!(headline_shape("\"Nothing is settled yet\"").is_none());
        assert!(headline_shape("“Not afraid”: the minister speaks").is_some());
        assert!(headline_shape("1. Improve the roads in the north").is_none());
        assert!(headline_shape("12) Fund the new schools").is_none());
        assert!(headline_shape("(3) Hire more nurses").is_none());
        assert!(headline_shape("10 things to know about the budget").is_some());
        assert!(headline_shape("2024 in review").is_some());
    }

    #[test]
    fn spanish_opening_marks_may_start_a_headline() {
        assert!(headline_shape("¿Qué pasa con la reforma?").is_some());
    }

    #[test]
    fn caseless_scripts_can_be_headlines() {
        assert!(headline_shape("東京で新しい橋が開通").is_some());
    }

    #[test]
    fn overlong_lines_are_not_headlines() {
        let long = "Word ".repeat(70);
        assert!(headline_shape(long.trim()).is_none());
        let wide = format!("A{}", "b".repeat(MAX_HEADING_CHARS));
        assert!(headline_shape(&wide).is_none());
    }
}
