//! "Continue reading …" links: the line a site prints under an excerpt.
//!
//! Such a line ends a post for certain, and when it names the post it also
//! tells which earlier line was the headline. It is not part of the text.

/// Phrases that open a link to the rest of a post, lower-case.
const LINK_PHRASES: [&str; 12] = [
    "continue reading",
    "keep reading",
    "read the rest of this entry",
    "read the rest",
    "read the full story",
    "read the full article",
    "read the full post",
    "read full story",
    "read full article",
    "read full post",
    "view full article",
    "read more",
];

/// Lines that start like links but mark an advertisement inside an article
/// ("Continue reading the main story" sits under an ad, mid-story): the
/// story goes on after them.
const NOT_LINKS: [&str; 3] = [
    "continue reading the main story",
    "continue reading below",
    "story continues below",
];

/// Link texts too plain to open a line that goes on ("Full story of the
/// crash" is a headline): links only when they are the whole line, arrows
/// and brackets aside.
const WHOLE_LINE_LINKS: [&str; 4] = ["more", "full story", "full article", "read on"];

/// Longest line, in bytes, taken for a link: a link is a headline at most.
const MAX_LINK_BYTES: usize = 400;

/// A "continue reading" line, and the headline it names, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContinueLink<'a> {
    /// The headline named after the phrase, without arrows or ellipses.
    pub target: Option<&'a str>,
}

/// Recognises a line that is only a link to the rest of a post.
pub fn continue_link(line: &str) -> Option<ContinueLink<'_>> {
    if line.len() > MAX_LINK_BYTES || opens_with_another_word(line) {
        return None;
    }
    let inner =
        line.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')') || c.is_whitespace());
    if !may_open_link(inner) {
        return None;
    }
    if NOT_LINKS.iter().any(|marker| {
        inner
            .trim_end_matches(is_decoration)
            .eq_ignore_ascii_case(marker)
    }) {
        return None;
    }
    // "More." is a sentence; "More…", "More..." and "More »" are links.
    let sentence = inner.ends_with('.') && !inner.ends_with("...");
    let bare = inner.trim_matches(|c: char| c.is_whitespace() || is_decoration(c));
    if !sentence
        && WHOLE_LINE_LINKS
            .iter()
            .any(|link| bare.eq_ignore_ascii_case(link))
    {
        return Some(ContinueLink { target: None });
    }
    let phrase = LINK_PHRASES.iter().find(|phrase| {
        inner
            .get(..phrase.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(phrase))
    })?;
    let rest = &inner[phrase.len()..];
    // "Read more about the budget." is a sentence, not a link.
    if !rest.is_empty() && !rest.starts_with(|c: char| c.is_whitespace() || is_decoration(c)) {
        return None;
    }
    if rest.trim_end().ends_with('.') && !rest.trim_end().ends_with("...") {
        return None;
    }
    let target = unquote(rest.trim_matches(|c: char| c.is_whitespace() || is_decoration(c)));
    Some(ContinueLink {
        target: (!target.is_empty()).then_some(target),
    })
}

/// The first four letters of every link wording: a line that opens
/// otherwise, arrows and brackets aside, is no link. Most lines fail here,
/// before any phrase is compared.
const LINK_OPENINGS: [[u8; 4]; LINK_PHRASES.len() + WHOLE_LINE_LINKS.len()] = openings();

const fn openings() -> [[u8; 4]; LINK_PHRASES.len() + WHOLE_LINE_LINKS.len()] {
    let mut openings = [[0; 4]; LINK_PHRASES.len() + WHOLE_LINE_LINKS.len()];
    let mut i = 0;
    while i < openings.len() {
        let wording = if i < LINK_PHRASES.len() {
            LINK_PHRASES[i]
        } else {
            WHOLE_LINE_LINKS[i - LINK_PHRASES.len()]
        };
        let bytes = wording.as_bytes();
        openings[i] = [bytes[0], bytes[1], bytes[2], bytes[3]];
        i += 1;
    }
    openings
}

/// Which letters open a link wording, in either case.
const LINK_INITIALS: [bool; 256] = initials();

const fn initials() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < LINK_OPENINGS.len() {
        let initial = LINK_OPENINGS[i][0];
        table[initial.to_ascii_lowercase() as usize] = true;
        table[initial.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
}

/// A line that opens with a letter or digit no link wording opens with is
/// no link: the one-byte test most lines of a dump fail. Brackets, arrows
/// and spaces before the wording are left to [`may_open_link`].
fn opens_with_another_word(line: &str) -> bool {
    line.as_bytes()
        .first()
        .is_some_and(|&byte| byte.is_ascii_alphanumeric() && !LINK_INITIALS[usize::from(byte)])
}

/// Whether `inner`, decoration aside, opens as a link wording does.
fn may_open_link(inner: &str) -> bool {
    inner
        .trim_start_matches(|c: char| c.is_whitespace() || is_decoration(c))
        .as_bytes()
        .first_chunk::<4>()
        .is_some_and(|opening| {
            LINK_OPENINGS
                .iter()
                .any(|known| opening.eq_ignore_ascii_case(known))
        })
}

/// Drops one pair of quotes around the whole text, as some themes print
/// `Continue reading "Title"`.
fn unquote(text: &str) -> &str {
    for (open, close) in [('“', '”'), ('"', '"'), ('‘', '’'), ('«', '»')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            return inner;
        }
    }
    text
}

/// Arrows, ellipses and separators sites put around link text.
fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '→' | '»' | '›' | '…' | ':' | '-' | '–' | '—' | '>' | '.' | '|'
    )
}

/// Whether `target` (from a link) names `headline`, ignoring case and spacing;
/// a target the site cut short with an ellipsis names any headline it starts.
pub fn names_headline(target: &str, headline: &str) -> bool {
    let mut target_words = target.split_whitespace();
    let mut headline_words = headline.split_whitespace();
    loop {
        match (target_words.next(), headline_words.next()) {
            (None, None) => return true,
            (Some(t), Some(h)) if words_equal(t, h) => {}
            (Some(t), Some(h)) => {
                // The cut may fall inside the last word: "cooperat…".
                return target_words.next().is_none()
                    && target.ends_with(['…', '.'])
                    && starts_with_ignoring_case(h, t.trim_end_matches(['…', '.']));
            }
            (None, Some(_)) => return target.ends_with(['…', '.']),
            (Some(_), None) => return false,
        }
    }
}

fn words_equal(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn starts_with_ignoring_case(word: &str, prefix: &str) -> bool {
    let mut word = word.chars().flat_map(char::to_lowercase);
    prefix
        .chars()
        .flat_map(char::to_lowercase)
        .all(|c| word.next() == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(line: &str) -> Option<Option<&str>> {
        continue_link(line).map(|link| link.target)
    }

    #[test]
    fn continue_reading_names_the_headline() {
        assert_eq!(
            target("Continue reading Budget talks stall"),
            Some(Some("Budget talks stall"))
        );
        assert_eq!(
            target("Continue reading “Budget talks stall” →"),
            Some(Some("Budget talks stall"))
        );
        assert_eq!(
            target("continue reading: Budget talks stall"),
            Some(Some("Budget talks stall"))
        );
    }

    #[test]
    fn generic_links_have_no_target() {
        for line in [
            "Continue reading →",
            "Read more",
            "[Read more »]",
            "(more…)",
            "Read the rest of this entry »",
            "Read full article →",
            "View full article",
            "Full story »",
            "More »",
            "Read on…",
        ] {
            assert_eq!(target(line), Some(None), "{line}");
        }
    }

    #[test]
    fn every_link_wording_passes_the_quick_rejection() {
        // The quick rejection must never turn away a link wording (the
        // advertisement markers are turned away either way).
        for wording in LINK_PHRASES.iter().chain(&WHOLE_LINE_LINKS) {
            assert!(may_open_link(wording), "{wording}");
            assert!(may_open_link(&wording.to_uppercase()), "{wording}");
            let capitalised = wording[..1].to_uppercase() + &wording[1..];
            for line in [*wording, &wording.to_uppercase(), &capitalised] {
                assert!(!opens_with_another_word(line), "{line}");
            }
        }
        assert!(opens_with_another_word("The budget"));
        assert!(opens_with_another_word("2 comments"));
        assert!(!opens_with_another_word("[Continue reading]"));
        assert!(!opens_with_another_word("→ Read more"));
        assert!(!opens_with_another_word(""));
        assert_eq!(target("» More"), Some(None));
        assert_eq!(target("[Continue reading →]"), Some(None));
        assert!(!may_open_link("The budget"));
        assert!(!may_open_link("Reach for the stars"));
        assert!(!may_open_link("→ "));
        assert!(!may_open_link("Mor"));
    }

    #[test]
    fn plain_link_words_opening_a_longer_line_are_not_links() {
        assert_eq!(target("Full story of the crash emerges"), None);
        assert_eq!(target("More rain forecast for the weekend"), None);
        assert_eq!(target("Read on the train: a poem"), None);
        assert_eq!(target("More."), None);
        assert_eq!(target("Continue reading the main story"), None);
        assert_eq!(target("Story continues below"), None);
        assert_eq!(target("Full story."), None);
        assert_eq!(
            target("Read full story: Budget talks stall"),
            Some(Some("Budget talks stall"))
        );
    }

    #[test]
    fn sentences_that_start_with_the_phrase_are_not_links() {
        assert_eq!(target("Read more about the budget in our archive."), None);
        assert_eq!(target("Readmore is a word"), None);
        assert_eq!(target("Continue reading the report, she said."), None);
    }

    #[test]
    fn headline_names_match_ignoring_case_and_spacing() {
        assert!(names_headline("budget  talks stall", "Budget talks stall"));
        assert!(!names_headline("Budget talks", "Budget talks stall"));
        assert!(!names_headline(
            "Budget talks stall again",
            "Budget talks stall"
        ));
    }

    #[test]
    fn a_cut_short_target_names_the_headline_it_starts() {
        assert!(names_headline(
            "Budget talks st…",
            "Budget talks stall in Brussels"
        ));
        assert!(names_headline("Budget talks…", "Budget talks stall"));
        assert!(!names_headline("Budget walks…", "Budget talks stall"));
    }
}
