//! Credit lines: "The following article was originally published by …".
//!
//! A credit names the outlets a post reprints from. When it also points
//! forward ("the following", "below"), it announces a reprint: the next
//! headline-shaped line is the reprinted piece's own headline, an in-article
//! heading rather than a new post. A plural announcement ("articles") may be
//! followed by several such headlines, one per outlet named.

use std::ops::Range;

/// Phrases that say a text was published elsewhere first, lower-case.
const PUBLISHED_PHRASES: [&str; 8] = [
    "originally published",
    "first published",
    "originally appeared",
    "first appeared",
    "was published",
    "were published",
    "republished",
    "reprinted",
];

/// Words that point at the text below the credit, lower-case.
const FORWARD_WORDS: [&str; 4] = ["following", "below", "beneath", "reproduce"];

/// Words that make an announcement plural, lower-case.
const PLURAL_WORDS: [&str; 4] = ["articles", "pieces", "reports", "statements"];

/// Words after a publishing phrase that introduce the outlet, lower-case.
const OUTLET_INTRODUCERS: [&str; 4] = [" by ", " in ", " on ", " at "];

/// Longest outlet name kept, in bytes: longer means the parse went astray.
const MAX_OUTLET_BYTES: usize = 80;

/// What a credit line says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    /// Outlets named, in order ("Xinhua News Agency", "China Daily").
    pub outlets: Vec<String>,
    /// Set when the line announces reprinted text that follows it.
    pub announcement: Option<Announcement>,
}

/// A credit that announces reprinted text below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Announcement {
    /// How many reprinted pieces may open with their own headline.
    pub headlines: usize,
}

/// Reads a credit line; `None` when the line credits nobody.
pub fn credit(line: &str) -> Option<Credit> {
    let lower = line.to_ascii_lowercase();
    let (phrase_end, _) = PUBLISHED_PHRASES
        .iter()
        .filter_map(|phrase| lower.find(phrase).map(|at| (at + phrase.len(), at)))
        .min_by_key(|&(_, at)| at)?;
    let outlets = outlets_after(line, &lower, phrase_end);
    let announcement = FORWARD_WORDS
        .iter()
        .any(|word| lower.contains(word))
        .then(|| {
            let plural = PLURAL_WORDS.iter().any(|word| lower.contains(word));
            Announcement {
                headlines: if plural { outlets.len().max(2) } else { 1 },
            }
        });
    Some(Credit {
        outlets,
        announcement,
    })
}

/// Outlet names following the publishing phrase that ends at `from`.
///
/// `lower` is `line` lower-cased in ASCII only, so byte offsets agree.
fn outlets_after(line: &str, lower: &str, from: usize) -> Vec<String> {
    let Some((start, _)) = OUTLET_INTRODUCERS
        .iter()
        .filter_map(|word| {
            lower[from..]
                .find(word)
                .map(|at| (from + at + word.len(), at))
        })
        .min_by_key(|&(_, at)| at)
        .filter(|&(_, at)| at <= 2)
    else {
        return Vec::new();
    };
    let tail = &line[start..];
    let end = tail
        .find([',', ';', '(', '—', '–'])
        .into_iter()
        .chain(sentence_end(tail))
        .min()
        .unwrap_or(tail.len());
    split_outlets(&tail[..end])
}

/// Byte offset of the first ". " that ends a sentence, or of a final ".".
fn sentence_end(text: &str) -> Option<usize> {
    text.find(". ")
        .or_else(|| text.trim_end().strip_suffix('.').map(str::len))
}

/// Splits "the website of X and by the Y" into ["X", "Y"]. Only an "and"
/// that opens a new outlet phrase splits, so "Foreign Affairs and Trade" holds.
fn split_outlets(list: &str) -> Vec<String> {
    let mut outlets = Vec::new();
    let mut rest = list;
    let mut first = true;
    loop {
        let lower = rest.to_ascii_lowercase();
        let split = lower.match_indices(" and ").map(|(at, _)| at).find(|&at| {
            let next = &lower[at + " and ".len()..];
            ["by ", "on ", "in ", "the "]
                .iter()
                .any(|word| next.starts_with(word))
        });
        let (item, next) = match split {
            Some(at) => (&rest[..at], &rest[at + " and ".len()..]),
            None => (rest, ""),
        };
        if let Some(name) = outlet_name(item, first) {
            outlets.push(name);
        }
        if next.is_empty() {
            return outlets;
        }
        rest = next;
        first = false;
    }
}

/// Strips "the website of the" and similar from an outlet phrase; after an
/// "and", also the repeated "by", "on" or "in".
fn outlet_name(phrase: &str, first: bool) -> Option<String> {
    let mut name = phrase.trim();
    let introducers: &[&str] = if first { &[] } else { &["by ", "on ", "in "] };
    let articles = [
        "the websites of ",
        "the website of ",
        "the site of ",
        "the ",
    ];
    for prefix in introducers.iter().chain(&articles) {
        if name
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        {
            name = &name[prefix.len()..];
        }
    }
    let name = name.trim_end_matches(['.', ' ']);
    (!name.is_empty() && name.len() <= MAX_OUTLET_BYTES).then(|| name.to_string())
}

/// Where the stems every credit's wording holds ("ublish", "ppeared",
/// "eprint": published, appeared, reprinted, in any case of the first
/// letter) start in a text, found with one vector search per stem, so that
/// the lines without one, nearly all of them, are never lower-cased and read.
pub struct Stems {
    /// Byte offsets where a stem starts, in order.
    starts: Vec<usize>,
    /// The first start not before the last span asked about.
    next: usize,
}

impl Stems {
    const STEMS: [&'static [u8]; 3] = [b"ublish", b"ppeared", b"eprint"];

    /// Finds the stems in `text`.
    pub fn find(text: &str) -> Self {
        let mut starts: Vec<usize> = Self::STEMS
            .iter()
            .flat_map(|stem| memchr::memmem::find_iter(text.as_bytes(), stem))
            .collect();
        starts.sort_unstable();
        Stems { starts, next: 0 }
    }

    /// Whether a stem starts in `span`; spans are asked about in order. A
    /// stem has no spaces, so one that starts in a line ends in it.
    pub fn within(&mut self, span: &Range<usize>) -> bool {
        while self
            .starts
            .get(self.next)
            .is_some_and(|&at| at < span.start)
        {
            self.next += 1;
        }
        self.starts.get(self.next).is_some_and(|&at| at < span.end)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Whether [`Stems`] finds a stem in each line of `text`.
    fn stem_in_each_line(text: &str) -> Vec<bool> {
        let mut stems = Stems::find(text);
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

    proptest::proptest! {
        /// Stems found in a whole text are those each line holds.
        #[test]
        fn stems_found_in_a_text_are_those_of_each_line(text in "[ abeilnprsuhdP\n]{0,60}") {
            let searched: Vec<bool> = text
                .split('\n')
                .map(|line| ["ublish", "ppeared", "eprint"].iter().any(|stem| line.contains(stem)))
                .collect();
            proptest::prop_assert_eq!(stem_in_each_line(&text), searched);
        }
    }

    #[test]
    fn a_singular_announcement_names_its_outlet() {
        let credit = credit("The following article was originally published by the Daily Courier.")
            .expect("credit");
        assert_eq!(credit.outlets, ["Daily Courier"]);
        assert_eq!(credit.announcement, Some(Announcement { headlines: 1 }));
    }

    #[test]
    fn a_plural_announcement_expects_a_headline_per_outlet() {
        let credit =
            credit("The following articles were first published on the websites of the Harbour Times and the River Post.")
                .expect("credit");
        assert_eq!(credit.outlets, ["Harbour Times", "River Post"]);
        assert_eq!(credit.announcement, Some(Announcement { headlines: 2 }));
    }

    #[test]
    fn a_plural_announcement_with_one_outlet_still_expects_several() {
        let credit = credit("The following articles were originally published by Wire Service.")
            .expect("credit");
        assert_eq!(credit.outlets, ["Wire Service"]);
        assert_eq!(credit.announcement, Some(Announcement { headlines: 2 }));
    }

    #[test]
    fn mixed_introducers_split_into_outlets() {
        let credit =
            credit("The following articles were originally published on the website of the Ministry and by the Wire Agency.")
                .expect("credit");
        assert_eq!(credit.outlets, ["Ministry", "Wire Agency"]);
    }

    #[test]
    fn a_credit_that_points_backwards_announces_nothing() {
        let credit = credit(
            "In this essay, originally published in Weekly Review, the author argues a case.",
        )
        .expect("credit");
        assert_eq!(credit.outlets, ["Weekly Review"]);
        assert_eq!(credit.announcement, None);
    }

    #[test]
    fn a_forward_pointer_in_a_later_sentence_counts() {
        let credit = credit("We reproduce her statement below. It was originally published on the website of the Mission.")
            .expect("credit");
        assert_eq!(credit.outlets, ["Mission"]);
        assert!(credit.announcement.is_some());
    }

    #[test]
    fn outlet_stops_at_the_end_of_its_sentence() {
        let credit = credit("The below article was originally published on the website of the Embassy in the UK. It is followed by a second text.")
            .expect("credit");
        assert_eq!(credit.outlets, ["Embassy in the UK"]);
    }

    #[test]
    fn lines_without_a_publishing_phrase_are_not_credits() {
        assert_eq!(
            credit("The following is the full text of the speech."),
            None
        );
        assert_eq!(credit("Published works include three novels."), None);
    }

    #[test]
    fn a_credit_without_an_outlet_has_none() {
        let credit = credit("The following was first published last year.").expect("credit");
        assert!(credit.outlets.is_empty());
    }
}
