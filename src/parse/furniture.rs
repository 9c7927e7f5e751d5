//! Page furniture: bylines, datelines, captions and comment counters.
//!
//! Saved pages carry short label-like lines that are shaped like headlines
//! but never start a post: "By Jane Doe", "Posted on 7 March 2024",
//! "Photo: Reuters". Recognising them keeps them in the post they belong to.

/// Words that open a byline, a post's meta line or a page widget's label
/// (sharing, related posts, newsletters), with the space after them.
const META_OPENERS: [&str; 28] = [
    "posted ",
    "published ",
    "updated ",
    "written by ",
    "filed under",
    "last modified",
    "share this",
    "share on ",
    "share via ",
    "related articles",
    "related posts",
    "more from ",
    "most read",
    "most popular",
    "you may also like",
    "you might also like",
    "recommended for you",
    "subscribe to ",
    "sign up for ",
    "tags:",
    "categories:",
    "related:",
    "related stories",
    "see also",
    "read also",
    "also read",
    "editor's note",
    "editor’s note",
];

/// Which bytes open one of [`META_OPENERS`]: most lines open with none of
/// them and are turned away before any opener is compared.
const META_INITIALS: [bool; 256] = initials(&META_OPENERS);

const fn initials(openers: &[&str]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < openers.len() {
        table[openers[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
}

/// Words that open a picture caption or credit, lower-case.
const CAPTION_OPENERS: [&str; 10] = [
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "illustration",
    "credit",
    "credits",
    "source",
];

/// Most words in a byline or dateline; longer lines are prose.
const MAX_META_WORDS: usize = 10;

/// English month names and their usual abbreviations, lower-case.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// What a post's comment, share and view counters count, lower-case.
const ENGAGEMENT_NOUNS: [&str; 14] = [
    "comment",
    "comments",
    "response",
    "responses",
    "reply",
    "replies",
    "share",
    "shares",
    "like",
    "likes",
    "reaction",
    "reactions",
    "view",
    "views",
];

/// Invitations to comment that blogs print under a post, lower-case.
const ENGAGEMENT_PROMPTS: [&str; 10] = [
    "leave a comment",
    "leave a reply",
    "add a comment",
    "add comment",
    "post a comment",
    "join the discussion",
    "join the conversation",
    "view comments",
    "show comments",
    "read comments",
];

/// What news pages print around advertisements inside a story, lower-case.
const ADVERT_LINES: [&str; 8] = [
    "advertisement",
    "skip advertisement",
    "sponsored",
    "sponsored content",
    "story continues below",
    "story continues below advertisement",
    "continue reading the main story",
    "continue reading below",
];

/// "12 comments", "No Comments »", "1 Response", "Comments (3)", "Leave a
/// comment" (as [`label_words`]): the counters and prompts a blog prints
/// under each post. They are shaped like headlines and follow a post's last
/// line, where a headline would start the next post.
pub fn is_engagement_label(words: &[String]) -> bool {
    let is_noun = |word: &str| ENGAGEMENT_NOUNS.contains(&word);
    match words {
        [count, noun] | [noun, count] if is_count(count) && is_noun(noun) => true,
        [noun] => matches!(noun.as_str(), "comments" | "responses" | "replies"),
        _ => ENGAGEMENT_PROMPTS.contains(&words.join(" ").as_str()),
    }
}

/// "Advertisement", "Continue reading the main story": markers a saved news
/// page keeps where an advertisement was.
pub fn is_advert_marker(line: &str) -> bool {
    line.len() <= 40 && {
        let line = line.trim_end_matches(|c: char| !c.is_alphanumeric());
        ADVERT_LINES
            .iter()
            .any(|marker| line.eq_ignore_ascii_case(marker))
    }
}

/// "3 hours ago", "an hour ago", "yesterday", "5 min read" (as
/// [`label_words`]): when a post appeared, relative to the page, and how
/// long it takes to read.
pub fn is_time_label(words: &[String]) -> bool {
    let is_amount = |word: &str| is_count(word) || matches!(word, "a" | "an");
    match words {
        [word] => matches!(word.as_str(), "yesterday" | "today"),
        [just, now] => just == "just" && now == "now",
        [amount, unit, ago] => {
            (ago == "ago" && is_amount(amount) && TIME_UNITS.contains(&unit.as_str()))
                || (ago == "read"
                    && is_count(amount)
                    && matches!(unit.as_str(), "min" | "mins" | "minute" | "minutes"))
        }
        _ => false,
    }
}

/// Units of "… ago", lower-case.
const TIME_UNITS: [&str; 20] = [
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr",
    "hrs", "day", "days", "week", "weeks", "month", "months", "year", "years",
];

/// A short label's words, lower-case, punctuation and arrows trimmed; `None`
/// for lines of more than four words, which are not labels.
pub fn label_words(line: &str, words: usize) -> Option<Vec<String>> {
    if words > 4 {
        return None;
    }
    Some(
        line.split_ascii_whitespace()
            .map(|word| {
                word.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|word| !word.is_empty())
            .collect(),
    )
}

/// A counter's number: digits (with separators), or "no", "one", "zero".
fn is_count(word: &str) -> bool {
    matches!(word, "no" | "one" | "zero")
        || (word.starts_with(|c: char| c.is_ascii_digit())
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
}

/// "By Jane Doe", "By Jane Doe and John Roe": "By" and a capitalised name.
pub fn is_byline(line: &str, words: usize) -> bool {
    let mut split = line.split_ascii_whitespace();
    let opens_with_by = split.next().is_some_and(|w| w.eq_ignore_ascii_case("by"));
    let name_follows = split
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    opens_with_by && name_follows && words <= MAX_META_WORDS
}

/// Openers of a meta line or widget label that no headline starts with;
/// "Updated", "Published", "Related" and the like may open a headline.
const NEVER_HEADLINE_OPENERS: [&str; 11] = [
    "posted ",
    "written by ",
    "filed under",
    "share this",
    "share on ",
    "share via ",
    "tags:",
    "categories:",
    "leave a ",
    "you may also like",
    "you might also like",
];

/// Page furniture that is certainly no headline or heading: a byline, a
/// comment counter or prompt, a reading time or "3 hours ago", an
/// advertisement marker, a picture credit, a "Posted by …", "Share this:"
/// or "Tags:" line. (A date is not: "Fed holds rates in March" is a
/// headline.)
pub fn is_never_a_headline(line: &str, words: usize) -> bool {
    is_byline(line, words)
        || is_advert_marker(line)
        || is_caption(line)
        || label_words(line, words).is_some_and(|words| {
            is_engagement_label(&words) || (words.len() > 1 && is_time_label(&words))
        })
        || NEVER_HEADLINE_OPENERS
            .iter()
            .any(|opener| starts_with_ignoring_case(line, opener))
}

/// "Posted on …", "Updated 3 hours ago", "Share this:".
pub fn is_meta_line(line: &str, words: usize) -> bool {
    words <= MAX_META_WORDS && opens_like_meta(line)
}

/// Whether a line opens as a post's meta line or a page widget's label
/// does ("Posted by … on … • Tagged with … • 4 min read"), however long.
pub fn opens_like_meta(line: &str) -> bool {
    let Some(initial) = line.bytes().next().map(|b| b.to_ascii_lowercase()) else {
        return false;
    };
    META_INITIALS[usize::from(initial)]
        && META_OPENERS.iter().any(|opener| {
            opener.as_bytes().first() == Some(&initial) && starts_with_ignoring_case(line, opener)
        })
}

/// A short line that holds a date: "7 March 2024", "March 7, 2024 at 10:30",
/// "2024-03-07", "07/03/2024".
pub fn is_dateline(line: &str, words: usize) -> bool {
    // Every date has a digit; most headlines have none.
    if words > MAX_META_WORDS / 2 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    let has_month = words.iter().any(|word| {
        let word = word
            .trim_matches(|c: char| !c.is_alphabetic())
            .to_lowercase();
        word.len() >= 3
            && MONTHS.iter().any(|month| word.starts_with(month))
            && is_month_word(&word)
    });
    has_month || words.iter().any(|word| is_numeric_date(word))
}

/// "mar", "march", "sept" — but not "market" or "maybe".
fn is_month_word(word: &str) -> bool {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL.iter().any(|full| full.starts_with(word)) || word == "sept"
}

/// "2024-03-07", "07/03/2024", "7.3.2024".
fn is_numeric_date(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.']);
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit())
        })
        && parts.iter().any(|part| part.len() == 4 || part.len() == 2)
}

/// "Photo: Reuters", "Image by Jane Doe", "(Photograph: AFP)".
pub fn is_caption(line: &str) -> bool {
    let mut words = line.split_ascii_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_start_matches('(');
    let label = first.trim_end_matches(':');
    let is_opener = CAPTION_OPENERS
        .iter()
        .any(|opener| label.eq_ignore_ascii_case(opener));
    let credit_follows = first.ends_with(':')
        || words.next().is_some_and(|w| {
            ["by", "credit", "courtesy"]
                .iter()
                .any(|word| w.eq_ignore_ascii_case(word))
        });
    (is_opener && credit_follows) || contains_ignoring_case(line, "getty images")
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// ASCII case-insensitive substring test, without allocating: only places
/// where the needle's first letter stands are compared.
pub fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    let (bytes, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    )
    .any(|at| {
        bytes
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any of the kinds of furniture these predicates know.
    fn is_furniture(line: &str) -> bool {
        let words = line.split_ascii_whitespace().count();
        is_advert_marker(line)
            || is_byline(line, words)
            || is_meta_line(line, words)
            || is_dateline(line, words)
            || is_caption(line)
            || label_words(line, words)
                .is_some_and(|words| is_engagement_label(&words) || is_time_label(&words))
    }

    #[test]
    fn certain_furniture_is_never_a_headline_but_dates_and_updates_may_be() {
        for line in [
            "By Jane Doe",
            "12 comments",
            "Leave a comment",
            "5 min read",
            "3 hours ago",
            "Advertisement",
            "Photo: Reuters",
            "Posted by Priya Natarajan",
            "Posted on 4 March 2025 by admin",
            "Share this:",
            "Tags: python, data",
        ] {
            assert!(is_never_a_headline(line, line.split(' ').count()), "{line}");
        }
        for line in [
            "Fed holds rates in March",
            "March 3, 2025",
            "Updated guidance on flu vaccines",
            "Published works of an unknown poet",
            "By the numbers: a year of floods",
            "Comments on the budget",
            "Today",
        ] {
            assert!(
                !is_never_a_headline(line, line.split(' ').count()),
                "{line}"
            );
        }
    }

    #[test]
    fn only_the_openers_initials_pass_the_quick_rejection() {
        assert!(is_meta_line("Also read: the budget", 4));
        assert!(is_meta_line("TAGS: budget, council", 3));
        assert!(META_INITIALS[usize::from(b'a')] && META_INITIALS[usize::from(b'y')]);
        assert!(!META_INITIALS[usize::from(b'b')] && !META_INITIALS[usize::from(b'z')]);
    }

    #[test]
    fn bylines_are_furniture() {
        assert!(is_furniture("By Jane Doe"));
        assert!(is_furniture("by Jane Doe and John Roe"));
        assert!(!is_furniture("By the numbers: a year of growth"));
        assert!(!is_furniture("Bypass opens to traffic"));
    }

    #[test]
    fn meta_lines_are_furniture() {
        assert!(is_furniture("Posted on 7 March 2024 by admin"));
        assert!(is_furniture("Updated three hours ago"));
        assert!(is_furniture("Share this:"));
        assert!(is_furniture("Related: How the budget was made"));
        assert!(is_furniture("See also the council's earlier decision"));
        assert!(is_furniture("Editor’s note: this story was updated"));
        assert!(!is_furniture(
            "Published works of a forgotten poet finally find readers abroad at last after decades"
        ));
    }

    #[test]
    fn datelines_are_furniture() {
        assert!(is_furniture("March 7, 2024"));
        assert!(is_furniture("7 Mar 2024 at 10:30"));
        assert!(is_furniture("2024-03-07"));
        assert!(is_furniture("07/03/2024"));
        assert!(!is_furniture("Market reacts to rate rise"));
        assert!(!is_furniture(
            "May Day rally draws thousands to the capital square"
        ));
        assert!(!is_furniture("Version 2.0 released"));
    }

    #[test]
    fn sharing_and_related_post_widgets_are_furniture() {
        for line in [
            "Share on Facebook",
            "Share via Email",
            "Related articles",
            "More from Opinion",
            "Most read",
            "You may also like",
            "Subscribe to our newsletter",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        assert!(!is_furniture("Shareholders revolt at annual meeting"));
        assert!(!is_furniture("Most councils missed the deadline"));
    }

    #[test]
    fn comment_counters_and_prompts_are_furniture() {
        for line in [
            "12 comments",
            "1 Comment",
            "No Comments »",
            "One response",
            "Comments (12)",
            "Comments: 4",
            "1,204 shares",
            "Comments",
            "Replies",
            "Leave a comment",
            "Leave a Reply →",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for headline in [
            "3 Responses to the budget",
            "Five views of the new bridge",
            "12 comments that changed the debate",
            "No comment from the ministry on tariffs",
            "Likes and dislikes",
        ] {
            assert!(!is_furniture(headline), "{headline}");
        }
    }

    #[test]
    fn relative_times_and_reading_times_are_furniture() {
        for line in [
            "3 hours ago",
            "an hour ago",
            "2 days ago",
            "1 year ago",
            "Yesterday",
            "Just now",
            "5 min read",
            "12 minute read",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for headline in [
            "Three hours ago the dam broke",
            "Years ago",
            "5 minutes to midnight",
            "Read this first",
        ] {
            assert!(!is_furniture(headline), "{headline}");
        }
    }

    #[test]
    fn advertisement_markers_are_furniture() {
        for line in [
            "Advertisement",
            "ADVERTISEMENT",
            "Skip Advertisement",
            "Continue reading the main story",
            "Story continues below advertisement",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        assert!(!is_furniture("Advertisements pulled from state television"));
    }

    #[test]
    fn captions_are_furniture() {
        assert!(is_furniture("Photo: Reuters"));
        assert!(is_furniture("(Photograph: Jane Doe)"));
        assert!(is_furniture("Image by John Roe"));
        assert!(is_furniture("Crowds gather at the square (Getty Images)"));
        assert!(!is_furniture(
            "Photographers gather for the annual festival"
        ));
        assert!(!is_furniture("Image problems for the party"));
    }
}
