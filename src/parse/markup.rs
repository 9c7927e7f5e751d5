//! Text markup left in dumps: the marks Markdown, reStructuredText, e-mail
//! and text browsers put on a line to say what it is.
//!
//! Each test reads one trimmed line on its own. What a mark means in its
//! place (a `---` under a line underlines it; alone it is a rule) is decided
//! where paragraphs are built ([`super::units`]); what a mark says about a
//! headline is a feature ([`super::features`]).

/// Fewest repeated characters that make a rule line.
const MIN_RULE_CHARS: usize = 3;

/// Characters that rule lines are drawn with.
fn is_rule_char(c: char) -> bool {
    matches!(
        c,
        '-' | '_'
            | '*'
            | '='
            | '~'
            | '#'
            | '+'
            | '.'
            | '•'
            | '·'
            | '─'
            | '━'
            | '═'
            | '—'
            | '–'
            | '▬'
            | '■'
            | '◆'
            | '◇'
            | '§'
    ) || ('\u{2500}'..='\u{257f}').contains(&c)
}

/// A line drawn with one character, spaces allowed between ("-----",
/// "━━━━", "* * *", "=====", "§"), which separates rather than says.
///
/// A text browser may cut a long rule in the middle of a character, so a
/// replacement character at the very end is allowed.
pub fn is_rule(line: &str) -> bool {
    let line = line.trim_end_matches('\u{fffd}');
    let mut chars = line.chars().filter(|c| *c != ' ');
    let Some(first) = chars.next() else {
        return false;
    };
    if !is_rule_char(first) {
        return false;
    }
    let mut count = 1;
    for c in chars {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= MIN_RULE_CHARS || (first == '§' && count == 1)
}

/// A setext underline: only `=` or only `-`, at least three. Under a line
/// of text it makes that line a heading; elsewhere it is a rule.
pub fn is_underline(line: &str) -> bool {
    line.len() >= MIN_RULE_CHARS
        && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// The level of a Markdown heading (`# Title` is 1, `### Title` is 3).
pub fn atx_level(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' ') && line.len() > level + 1)
        .then_some(level)
}

/// A bullet list item: "- item", "* item", "• item", "◦ item".
pub fn is_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    let marker = chars.next();
    matches!(
        marker,
        Some('-' | '*' | '+' | '•' | '◦' | '‣' | '▪' | '●' | '○' | '–' | '·')
    ) && chars.next() == Some(' ')
        && chars.any(|c| c != ' ')
}

/// A numbered list item: "1. item", "2) item", "(3) item", "a) item".
pub fn is_numbered(line: &str) -> bool {
    let rest = line.strip_prefix('(').unwrap_or(line);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if digits > 0 {
        digits
    } else {
        // One lower-case letter as a marker: "a) item".
        usize::from(rest.bytes().next().is_some_and(|b| b.is_ascii_lowercase()))
    };
    (1..=3).contains(&marker)
        && ((digits > 0 && rest[marker..].starts_with(". ")) || rest[marker..].starts_with(") "))
}

/// A quoted line, as e-mail and Markdown mark it: "> text".
pub fn is_quote(line: &str) -> bool {
    line.starts_with('>') && !line.starts_with(">>>")
}

/// A code fence: three or more backticks or tildes, with an optional
/// language after them. Returns the fence character and its length, which
/// the closing fence must match.
pub fn fence(line: &str) -> Option<(u8, usize)> {
    let mark = *line.as_bytes().first()?;
    if mark != b'`' && mark != b'~' {
        return None;
    }
    let length = line.bytes().take_while(|&b| b == mark).count();
    (length >= 3 && !line[length..].contains('`')).then_some((mark, length))
}

/// Whether `line` closes a fence opened with `mark` repeated `length` times.
pub fn closes_fence(line: &str, (mark, length): (u8, usize)) -> bool {
    let run = line.bytes().take_while(|&b| b == mark).count();
    run >= length && line[run..].trim().is_empty()
}

/// A row or border of a drawn table: "| a | b |", "+----+----+".
pub fn is_table_row(line: &str) -> bool {
    let bordered = line.len() >= 3 && line.starts_with('|') && line.ends_with('|');
    let border = line.starts_with("+-") && line.ends_with('+');
    bordered || border
}

/// Columns of indentation that make a line code (or verse set apart), as in
/// Markdown.
pub const CODE_INDENT: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_one_character_repeated() {
        for rule in [
            "---",
            "***",
            "* * *",
            "━━━━━━━━━━",
            "=====",
            "_______",
            "~~~~",
            "─────",
            "*       *       *",
            "━━━━━━\u{fffd}",
            "§",
        ] {
            assert!(is_rule(rule), "{rule}");
        }
        for text in ["--", "-- a", "=-=", "Text", "", "* item", "1999", "—Name"] {
            assert!(!is_rule(text), "{text}");
        }
    }

    #[test]
    fn underlines_are_equals_or_hyphens_only() {
        assert!(is_underline("==="));
        assert!(is_underline("------"));
        assert!(!is_underline("--"));
        assert!(!is_underline("* * *"));
        assert!(!is_underline("━━━"));
    }

    #[test]
    fn markdown_headings_need_a_space_after_the_hashes() {
        assert_eq!(atx_level("# Title"), Some(1));
        assert_eq!(atx_level("### Why it matters"), Some(3));
        assert_eq!(atx_level("#[test] macro added"), None);
        assert_eq!(atx_level("#hashtag"), None);
        assert_eq!(atx_level("####### seven"), None);
        assert_eq!(atx_level("# "), None);
    }

    #[test]
    fn list_items_have_a_marker_and_a_space() {
        for item in [
            "- item",
            "* item",
            "• Portfolio",
            "◦ nested",
            "–  dash item",
        ] {
            assert!(is_bullet(item), "{item}");
        }
        for text in ["-item", "*emphasis*", "- ", "Text - more", "-- item"] {
            assert!(!is_bullet(text), "{text}");
        }
        for item in ["1. First", "12) Twelfth", "(3) Third", "a) letter"] {
            assert!(is_numbered(item), "{item}");
        }
        for text in [
            "1999 was a year",
            "2.5 million",
            "1.In",
            "a. letter",
            "I) roman",
        ] {
            assert!(!is_numbered(text), "{text}");
        }
    }

    #[test]
    fn quotes_fences_and_tables_are_recognised() {
        assert!(is_quote("> quoted"));
        assert!(is_quote(">quoted"));
        assert!(!is_quote(">>> prompt"));
        assert_eq!(fence("```rust"), Some((b'`', 3)));
        assert_eq!(fence("~~~~"), Some((b'~', 4)));
        assert_eq!(fence("``inline``"), None);
        assert_eq!(fence("`code`"), None);
        assert!(closes_fence("```", (b'`', 3)));
        assert!(closes_fence("`````", (b'`', 3)));
        assert!(!closes_fence("``", (b'`', 3)));
        assert!(!closes_fence("```rust", (b'`', 3)));
        assert!(is_table_row("| a | b |"));
        assert!(is_table_row("+----+----+"));
        assert!(!is_table_row("|"));
        assert!(!is_table_row("a | b"));
    }
}
