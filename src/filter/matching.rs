//! Matching one article against a query: headline first, text second.
//!
//! Every positive term is tried on the headline (fuzzy or exact, per its
//! kind). A fuzzy or exact term that the headline lacks may instead be found
//! in the article text, as a whole word start, case-insensitively; such an
//! article is a text match and ranks below all headline matches.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

use super::fold::{fold_char, is_word_start_after};
use super::index::SearchIndex;
use super::query::{Query, Term, TermKind};

/// Where a match was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Where {
    /// Every term matched the headline.
    Title,
    /// At least one term matched only the article text.
    Text,
}

/// One matching article: an index into the library and how well it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the article in the library.
    pub index: u32,
    /// Headline score (title matches) or number of text hits (text matches).
    pub score: i64,
    /// Headline or text.
    pub place: Where,
}

impl Match {
    /// Sort key: headline matches first by score, then text matches by hits;
    /// ties keep the original order, so the ranking is deterministic.
    pub fn rank_key(&self) -> (Where, std::cmp::Reverse<i64>, u32) {
        (self.place, std::cmp::Reverse(self.score), self.index)
    }
}

/// A query prepared for many articles: the skim matcher and, per term, a
/// searcher for article text, built once per run.
pub struct CompiledQuery {
    query: Query,
    matcher: SkimMatcherV2,
    text_finders: Vec<Option<memmem::Finder<'static>>>,
}

impl CompiledQuery {
    /// Prepares `query` for matching.
    pub fn new(query: Query) -> Self {
        let text_finders = query
            .terms
            .iter()
            .map(|term| {
                searches_text(term)
                    .then(|| memmem::Finder::new(term.folded_text().as_bytes()).into_owned())
            })
            .collect();
        CompiledQuery {
            query,
            matcher: SkimMatcherV2::default().respect_case(),
            text_finders,
        }
    }

    /// The query this was compiled from.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Matches article `index`; `None` when it does not match.
    pub fn evaluate(&self, index: &SearchIndex, article: usize) -> Option<Match> {
        let mut score = 0;
        let mut needs_text = false;
        for term in &self.query.terms {
            let headline = index.headline(article, term.case_sensitive);
            if term.negated {
                if constraint_holds(headline, term) {
                    return None;
                }
                continue;
            }
            match self.headline_score(headline, term) {
                Some(term_score) => score += term_score,
                None if searches_text(term) => needs_text = true,
                None => return None,
            }
        }
        let article_u32 = u32::try_from(article).ok()?;
        if !needs_text {
            return Some(Match {
                index: article_u32,
                score,
                place: Where::Title,
            });
        }
        let body = index.body(article);
        let mut hits = 0;
        for (term, finder) in self.query.terms.iter().zip(&self.text_finders) {
            let Some(finder) = finder else { continue };
            if self
                .headline_score(index.headline(article, term.case_sensitive), term)
                .is_some()
            {
                continue;
            }
            let term_hits = count_word_hits(body, finder);
            if term_hits == 0 {
                return None;
            }
            hits += term_hits;
        }
        Some(Match {
            index: article_u32,
            score: i64::try_from(hits).unwrap_or(i64::MAX),
            place: Where::Text,
        })
    }

    /// Scores `term` against a folded headline; `None` when it does not match.
    fn headline_score(&self, headline: &str, term: &Term) -> Option<i64> {
        if term.kind == TermKind::Fuzzy {
            if !is_subsequence(term.text.as_bytes(), headline.as_bytes()) {
                return None;
            }
        } else if !constraint_holds(headline, term) {
            return None;
        }
        self.matcher.fuzzy_match(headline, &term.text)
    }

    /// Character positions in headline `article` to highlight for this query.
    pub fn title_positions(&self, index: &SearchIndex, article: usize) -> Vec<usize> {
        let mut positions = Vec::new();
        for term in self.query.terms.iter().filter(|term| !term.negated) {
            let headline = index.headline(article, term.case_sensitive);
            if term.kind == TermKind::Fuzzy {
                if let Some((_, found)) = self.matcher.fuzzy_indices(headline, &term.text) {
                    positions.extend(found);
                }
            } else if let Some(bytes) = constraint_range(headline, term) {
                let start = headline[..bytes.start].chars().count();
                positions.extend(start..start + term.text.chars().count());
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// Fuzzy and exact terms may be found in article text; anchored ones are
/// about the headline only, and exclusions apply to the headline.
fn searches_text(term: &Term) -> bool {
    !term.negated && matches!(term.kind, TermKind::Fuzzy | TermKind::Exact)
}

/// Whether the exact, prefix, suffix or whole-headline constraint holds.
fn constraint_holds(headline: &str, term: &Term) -> bool {
    constraint_range(headline, term).is_some()
}

/// Where in `headline` the term's text satisfies its constraint (fuzzy terms
/// are treated as exact here: used for exclusions).
fn constraint_range(headline: &str, term: &Term) -> Option<Range<usize>> {
    let len = term.text.len();
    match term.kind {
        TermKind::Fuzzy | TermKind::Exact => headline.find(&term.text).map(|at| at..at + len),
        TermKind::Prefix => headline.starts_with(&term.text).then_some(0..len),
        TermKind::Suffix => headline
            .ends_with(&term.text)
            .then(|| headline.len() - len..headline.len()),
        TermKind::Whole => (headline == term.text).then_some(0..len),
    }
}

/// Whether `needle`'s bytes occur in order in `haystack`: a cheap test that
/// rules out most headlines before skim's scoring runs. Bytes in order is
/// necessary for characters in order, so nothing that matches is lost.
pub fn is_subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    let mut from = 0;
    for &byte in needle {
        match memchr::memchr(byte, &haystack[from..]) {
            Some(at) => from += at + 1,
            None => return false,
        }
    }
    true
}

/// Occurrences of the finder's needle that start a word.
fn count_word_hits(body: &str, finder: &memmem::Finder<'_>) -> usize {
    let bytes = body.as_bytes();
    finder
        .find_iter(bytes)
        .filter(|&at| is_word_start_after(at.checked_sub(1).map(|before| bytes[before])))
        .count()
}

/// Byte ranges in `text` (original, unfolded) where the query's text terms
/// occur as word starts, in order, at most `limit`: what the reader
/// highlights and jumps between.
pub fn text_hits(text: &str, query: &Query, limit: usize) -> Vec<Range<usize>> {
    let needles: Vec<Vec<char>> = query
        .terms
        .iter()
        .filter(|term| searches_text(term))
        .map(|term| term.folded_text().chars().collect())
        .filter(|needle: &Vec<char>| !needle.is_empty())
        .collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(at, c)| (at, fold_char(c)))
        .collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() && hits.len() < limit {
        let word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
        let found = word_start
            .then(|| {
                needles.iter().find(|needle| {
                    chars[i..].len() >= needle.len()
                        && chars[i..i + needle.len()]
                            .iter()
                            .map(|&(_, c)| c)
                            .eq(needle.iter().copied())
                })
            })
            .flatten();
        match found {
            Some(needle) => {
                let end = chars
                    .get(i + needle.len())
                    .map_or(text.len(), |&(at, _)| at);
                hits.push(chars[i].0..end);
                i += needle.len();
            }
            None => i += 1,
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::library::Library;

    fn index(text: &str) -> SearchIndex {
        let mut library = Library::default();
        library.add("t".into(), text.into());
        SearchIndex::new(Arc::new(library))
    }

    fn compiled(query: &str) -> CompiledQuery {
        CompiledQuery::new(Query::parse(query))
    }

    const TWO: &str = "China and Norway call for a ceasefire\n\nThe ministers met in Beijing.\n\nContinue reading →\n\nTrade talks resume in Geneva\n\nNorway’s delegation arrived; the Norwegian minister spoke. Norway again.";

    #[test]
    fn fuzzy_terms_match_headlines_in_order() {
        let index = index(TWO);
        let query = compiled("chnrwy");
        let matched = query.evaluate(&index, 0).expect("c-h-n-r-w-y in order");
        assert_eq!(matched.place, Where::Title);
        assert!(matched.score > 0);
    }

    #[test]
    fn a_term_missing_from_the_headline_may_match_the_text() {
        let index = index(TWO);
        let query = compiled("norway");
        assert_eq!(
            query.evaluate(&index, 0).map(|m| m.place),
            Some(Where::Title)
        );
        let text = query.evaluate(&index, 1).expect("found in the text");
        assert_eq!(text.place, Where::Text);
        // "Norway’s" and "Norway" start words; "Norwegian" does not contain it.
        assert_eq!(text.score, 2);
    }

    #[test]
    fn text_matches_need_whole_word_starts() {
        let index = index(TWO);
        assert!(compiled("orway").evaluate(&index, 1).is_none());
        assert!(compiled("norwegian").evaluate(&index, 1).is_some());
    }

    #[test]
    fn every_term_must_match_somewhere() {
        let index = index(TWO);
        assert!(compiled("trade norway").evaluate(&index, 1).is_some());
        assert!(compiled("trade sweden").evaluate(&index, 1).is_none());
    }

    #[test]
    fn anchors_and_exclusions_apply_to_the_headline() {
        let index = index(TWO);
        assert!(compiled("^china").evaluate(&index, 0).is_some());
        assert!(compiled("^norway").evaluate(&index, 0).is_none());
        assert!(compiled("ceasefire$").evaluate(&index, 0).is_some());
        assert!(
            compiled("^china\\ and\\ norway\\ call\\ for\\ a\\ ceasefire$")
                .evaluate(&index, 0)
                .is_some()
        );
        assert!(compiled("!norway").evaluate(&index, 0).is_none());
        assert!(
            compiled("!norway").evaluate(&index, 1).is_some(),
            "only the headline counts"
        );
        assert!(compiled("'ceasefire").evaluate(&index, 0).is_some());
        assert!(compiled("'cesefire").evaluate(&index, 0).is_none());
    }

    #[test]
    fn smart_case_makes_upper_case_terms_exact_in_case() {
        let index = index(TWO);
        assert!(compiled("Norway").evaluate(&index, 0).is_some());
        assert_eq!(compiled("NORWAY").evaluate(&index, 0), None);
        // Text is searched without regard to case, whatever the term's case.
        let text = compiled("NORWAY").evaluate(&index, 1);
        assert_eq!(text.map(|m| m.place), Some(Where::Text));
    }

    #[test]
    fn web_spaces_in_the_text_match_plain_spaces_in_the_query() {
        let (clean, _) = crate::parse::hygiene::clean(
            "Trade talks resume\n\nEnvoys of Sierra\u{a0}Leone and Costa\u{2002}Rica met."
                .as_bytes(),
        );
        let index = index(&clean);
        assert!(compiled("sierra\\ leone").evaluate(&index, 0).is_some());
        assert!(compiled("'costa\\ rica").evaluate(&index, 0).is_some());
    }

    #[test]
    fn curly_quotes_match_straight_ones() {
        let index = index("Xi’s plan for “common” growth\n\nBody text.");
        assert!(compiled("xi's").evaluate(&index, 0).is_some());
        assert!(compiled("'\"common\"").evaluate(&index, 0).is_some());
    }

    #[test]
    fn title_positions_mark_the_matched_characters() {
        let index = index(TWO);
        // "China and Norway …": c0 h1 … "norway" starts at 10.
        assert_eq!(
            compiled("'norway").title_positions(&index, 0),
            [10, 11, 12, 13, 14, 15]
        );
        assert_eq!(compiled("^chi").title_positions(&index, 0), [0, 1, 2]);
        assert_eq!(compiled("chi").title_positions(&index, 0), [0, 1, 2]);
        assert!(compiled("!china").title_positions(&index, 0).is_empty());
    }

    #[test]
    fn subsequence_checks_bytes_in_order() {
        assert!(is_subsequence(b"nry", b"norway"));
        assert!(!is_subsequence(b"yrn", b"norway"));
        assert!(is_subsequence(b"", b"x"));
        assert!(!is_subsequence(b"x", b""));
    }

    #[test]
    fn text_hits_are_byte_ranges_of_word_starts_in_the_original() {
        let text = "Norway’s envoy met Norwegian and “norway” officials.";
        let hits = text_hits(text, &Query::parse("norway"), 10);
        let found: Vec<&str> = hits.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["Norway", "norway"]);
        assert_eq!(text_hits(text, &Query::parse("norway"), 1).len(), 1);
        assert!(text_hits(text, &Query::parse("^norway !x"), 10).is_empty());
    }
}
