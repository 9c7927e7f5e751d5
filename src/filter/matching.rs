//! Matching one article against a query: headline first, text second.
//!
//! Every positive term is tried on the headline (fuzzy or exact, per its
//! kind). A fuzzy or exact term that the headline lacks may instead be found
//! in the article text, as a whole word start, case-insensitively.
//!
//! Matches rank by what a person most likely meant ([`Tier`]): every term a
//! word or word start of the headline; then every term contiguous in it (or
//! fuzzy within a short span); then the text holding the terms the headline
//! lacks as words; last, headlines whose letters only occur scattered far
//! apart ("deLEgatiON of thE…" for "leone"), which say little. A scattered
//! headline whose text has the term as a word ranks as a text match.

use std::ops::Range;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::{fold_char, fold_into};
use super::index::SearchIndex;
use super::query::{Query, Term, TermKind};
use super::skim_score::skim_score;
use super::text_search::{TextNeedle, with_folded};

/// Where a match was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Where {
    /// Every term matched the headline.
    Title,
    /// At least one term matched only the article text.
    Text,
}

/// How strong the evidence of a match is, strongest first: the first
/// thing results are ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Every term is a word, or the start of one, in the headline.
    HeadlineWords,
    /// Every term is in the headline, contiguous or within a short span.
    HeadlineContiguous,
    /// Terms the headline lacks are words of the text.
    TextWords,
    /// A term's letters are in the headline only scattered far apart.
    HeadlineScattered,
}

impl Tier {
    /// Where the match was found.
    pub fn place(self) -> Where {
        match self {
            Tier::TextWords => Where::Text,
            Tier::HeadlineWords | Tier::HeadlineContiguous | Tier::HeadlineScattered => {
                Where::Title
            }
        }
    }
}

/// One matching article: an index into the library and how well it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index of the article in the library.
    pub index: u32,
    /// Headline score (title matches) or number of text hits (text matches).
    pub score: i64,
    /// How strong the match is.
    pub tier: Tier,
}

impl Match {
    /// Headline or text.
    pub fn place(&self) -> Where {
        self.tier.place()
    }

    /// Sort key: by tier, then by score (skim's for headlines, hits for
    /// text); ties keep the original order, so the ranking is deterministic.
    pub fn rank_key(&self) -> (Tier, std::cmp::Reverse<i64>, u32) {
        (self.tier, std::cmp::Reverse(self.score), self.index)
    }

    /// [`Match::rank_key`] in one integer, for sorting a million matches
    /// fast: tier (2 bits), then score inverted (30 bits; scores beyond
    /// ±2^29 are clamped, far past any skim score or hit count), then index.
    pub fn packed_rank(&self) -> u64 {
        const LIMIT: i64 = 1 << 29;
        let tier = (self.tier as u64) << 62;
        let clamped = self.score.clamp(-LIMIT, LIMIT - 1);
        let inverted = u64::try_from(LIMIT - 1 - clamped).unwrap_or(0);
        tier | (inverted << 32) | u64::from(self.index)
    }
}

/// A query prepared for many articles: the skim matcher (for highlight
/// positions) and, per term, a searcher for article text, built once per run.
pub struct CompiledQuery {
    query: Query,
    matcher: SkimMatcherV2,
    /// Per term, its searcher for article text.
    text_needles: Vec<Option<TextNeedle>>,
    /// The query as alternatives, each a list of terms that must all match
    /// (one, unless the query has `|`): the terms' indices, and the terms.
    conjunctions: Vec<(Vec<usize>, Vec<Term>)>,
}

impl CompiledQuery {
    /// Prepares `query` for matching.
    pub fn new(query: Query) -> Self {
        let text_needles = query
            .terms
            .iter()
            .map(|term| searches_text(term).then(|| TextNeedle::new(&term.folded_text())))
            .collect();
        let conjunctions = query
            .conjunctions()
            .into_iter()
            .map(|chosen| {
                let terms = chosen.iter().map(|&at| query.terms[at].clone()).collect();
                (chosen, terms)
            })
            .collect();
        CompiledQuery {
            conjunctions,
            query,
            matcher: SkimMatcherV2::default().respect_case(),
            text_needles,
        }
    }

    /// The query this was compiled from.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// Matches article `index`; `None` when it does not match.
    ///
    /// Cheap tests come first: exclusions, then each term's prefilter or
    /// exact constraint. Skim scores only headlines where every term can
    /// match; an article going to its text never pays for scoring. With
    /// `|`, the best match of any alternative.
    pub fn evaluate(&self, index: &SearchIndex, article: usize) -> Option<Match> {
        if let [(chosen, terms)] = self.conjunctions.as_slice() {
            return self.evaluate_all(index, article, chosen, terms);
        }
        self.conjunctions
            .iter()
            .filter_map(|(chosen, terms)| self.evaluate_all(index, article, chosen, terms))
            .min_by_key(Match::rank_key)
    }

    /// Matches article `article` against `terms` (the query's terms at
    /// `chosen`), all of which must match.
    fn evaluate_all(
        &self,
        index: &SearchIndex,
        article: usize,
        chosen: &[usize],
        terms: &[Term],
    ) -> Option<Match> {
        // Bit i: chosen term i is settled by the headline (an exclusion that
        // passed, or a term that may match there).
        let all = (1u64 << terms.len()) - 1;
        let mut in_headline = 0u64;
        for (i, term) in terms.iter().enumerate() {
            if term.kind == TermKind::Tag {
                if index.has_tag(article, &term.text) == term.negated {
                    return None;
                }
                in_headline |= 1 << i;
                continue;
            }
            let headline = index.headline(article, term.case_sensitive);
            if term.negated {
                if constraint_holds(headline, term) {
                    return None;
                }
                in_headline |= 1 << i;
            } else if headline_may_match(headline, term) {
                in_headline |= 1 << i;
            } else if !searches_text(term) {
                return None;
            }
        }
        let article_u32 = u32::try_from(article).ok()?;
        let mut scattered_headline = None;
        if in_headline == all {
            let mut score = 0;
            let mut tier = Tier::HeadlineWords;
            let mut scattered = 0u64;
            let scored = |term: &&Term| !term.negated && term.kind != TermKind::Tag;
            for (i, term) in terms.iter().enumerate().filter(|(_, t)| scored(t)) {
                let headline = index.headline(article, term.case_sensitive);
                match self.score(headline, term) {
                    Some(term_score) => {
                        score += term_score;
                        let term_tier = headline_tier(headline, term);
                        if term_tier == Tier::HeadlineScattered && searches_text(term) {
                            scattered |= 1 << i;
                        }
                        tier = tier.max(term_tier);
                    }
                    // Bytes in order but not characters: rare, non-ASCII only.
                    None if searches_text(term) => in_headline &= !(1 << i),
                    None => return None,
                }
            }
            if in_headline == all {
                let found = Match {
                    index: article_u32,
                    score,
                    tier,
                };
                if scattered == 0 {
                    return Some(found);
                }
                // Weak evidence: the text may say more. Look there for the
                // scattered terms, and fall back to this.
                scattered_headline = Some(found);
                in_headline &= !scattered;
            }
        }
        match self.text_hits(index, article, chosen, in_headline) {
            Some(hits) => Some(Match {
                index: article_u32,
                score: i64::try_from(hits).unwrap_or(i64::MAX),
                tier: Tier::TextWords,
            }),
            None => scattered_headline,
        }
    }

    /// Hits in article `article`'s text of every chosen term not settled by
    /// the headline (bits of `in_headline`), each as a word start; `None`
    /// when one has none.
    fn text_hits(
        &self,
        index: &SearchIndex,
        article: usize,
        chosen: &[usize],
        in_headline: u64,
    ) -> Option<usize> {
        let count_text_hits = |folded: &str| {
            let mut hits = 0;
            for (i, &term) in chosen.iter().enumerate() {
                let Some(needle) = self.text_needles[term]
                    .as_ref()
                    .filter(|_| in_headline & (1 << i) == 0)
                else {
                    continue;
                };
                match needle.count_in_folded(folded) {
                    0 => return None,
                    term_hits => hits += term_hits,
                }
            }
            Some(hits)
        };
        match index.folded_text(article) {
            Some(folded) => count_text_hits(folded),
            None => with_folded(index.text(article), count_text_hits),
        }
    }

    /// Whether `headline`, alone (a bookmark whose article is not loaded,
    /// so there is no text to search), matches: the same terms, folding and
    /// scoring as a loaded headline gets from [`CompiledQuery::evaluate`].
    pub fn matches_headline(&self, headline: &str) -> bool {
        let mut folded = String::new();
        fold_into(headline, true, &mut folded);
        let mut cased = String::new();
        fold_into(headline, false, &mut cased);
        self.conjunctions.iter().any(|(_, terms)| {
            terms.iter().all(|term| {
                let headline = if term.case_sensitive { &cased } else { &folded };
                if term.kind == TermKind::Tag {
                    // Its article is not loaded, so it is filed under nothing.
                    term.negated
                } else if term.negated {
                    !constraint_holds(headline, term)
                } else {
                    headline_may_match(headline, term) && self.score(headline, term).is_some()
                }
            })
        })
    }

    /// Skim's score of `term` on a headline it may match (see
    /// [`skim_score`]).
    fn score(&self, headline: &str, term: &Term) -> Option<i64> {
        skim_score(headline, &term.text)
    }

    /// Character positions in headline `article` to highlight for this query.
    pub fn title_positions(&self, index: &SearchIndex, article: usize) -> Vec<usize> {
        let mut positions = Vec::new();
        for term in self.query.terms.iter().filter(|term| !term.negated) {
            let headline = index.headline(article, term.case_sensitive);
            if term.kind == TermKind::Tag {
                continue;
            } else if term.kind == TermKind::Fuzzy {
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

/// The cheap half of matching a term on a headline: a fuzzy term's bytes in
/// order, or an exact term's constraint.
fn headline_may_match(headline: &str, term: &Term) -> bool {
    match term.kind {
        TermKind::Fuzzy => is_subsequence(term.text.as_bytes(), headline.as_bytes()),
        _ => constraint_holds(headline, term),
    }
}

/// How strongly `term`, which matches `headline`, matches it: as a word or
/// word start, contiguously (or fuzzily within a short span), or scattered.
fn headline_tier(headline: &str, term: &Term) -> Tier {
    let text = term.text.as_str();
    let at_word_start = |at: usize| {
        headline[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    match term.kind {
        TermKind::Prefix | TermKind::Whole | TermKind::Tag => Tier::HeadlineWords,
        TermKind::Exact | TermKind::Suffix | TermKind::Fuzzy => {
            let mut found = headline.match_indices(text).map(|(at, _)| at).peekable();
            if found.peek().is_none() {
                return match fuzzy_span(headline.as_bytes(), text.as_bytes()) {
                    Some(span) if span <= text.len() + text.len() / 2 + 1 => {
                        Tier::HeadlineContiguous
                    }
                    _ => Tier::HeadlineScattered,
                };
            }
            if found.any(at_word_start) {
                Tier::HeadlineWords
            } else {
                Tier::HeadlineContiguous
            }
        }
    }
}

/// How many bytes of `haystack` a fuzzy match of `needle` spans: the first
/// match found left to right, tightened right to left (fzf's v1 way). Only
/// for needles that are no substring.
fn fuzzy_span(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let start = memchr::memchr(first, haystack)?;
    let mut end = start;
    let mut wanted = needle.iter();
    wanted.next();
    for &byte in wanted {
        end += 1 + memchr::memchr(byte, &haystack[end + 1..])?;
    }
    let mut begin = end;
    for &byte in needle.iter().rev().skip(1) {
        begin = memchr::memrchr(byte, &haystack[..begin])?;
    }
    Some(end + 1 - begin)
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
        TermKind::Tag => None,
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
        SearchIndex::new(Arc::new(Library::from_text("t", text)))
    }

    fn compiled(query: &str) -> CompiledQuery {
        CompiledQuery::new(Query::parse(query))
    }

    const TWO: &str = "China and Norway call for a ceasefire\n\nThe ministers met in Beijing.\n\nContinue reading →\n\nTrade talks resume in Geneva\n\nNorway’s delegation arrived; the Norwegian minister spoke. Norway again.";

    #[test]
    fn a_headline_alone_matches_as_the_same_headline_in_the_index_does() {
        let index = index(TWO);
        for query in [
            "norway",
            "chnorw",
            "'ceasefire",
            "^china",
            "fire$",
            "!trade",
            "Norway",
            "geneva",
        ] {
            let compiled = compiled(query);
            for article in 0..index.len() {
                let headline = index.library().title(&index.library().articles[article]);
                let in_index = compiled
                    .evaluate(&index, article)
                    .is_some_and(|found| found.place() == Where::Title);
                assert_eq!(
                    compiled.matches_headline(headline),
                    in_index,
                    "{query:?} on {headline:?}"
                );
            }
        }
    }

    #[test]
    fn a_single_search_matches_as_a_kept_index_does() {
        let once = SearchIndex::for_one_search(Arc::new(Library::from_text("t", TWO)));
        let kept = index(TWO);
        for query in [
            "norway",
            "beijing ministers",
            "norw geneva",
            "'spoke",
            "trade !beijing",
        ] {
            let query = compiled(query);
            for article in 0..2 {
                assert_eq!(
                    query.evaluate(&once, article),
                    query.evaluate(&kept, article),
                    "article {article}"
                );
            }
        }
        for (query, article, expected, why) in [
            (
                "norway",
                1,
                Some((Where::Text, 2)),
                "“Norway’s” and “Norway again”; “Norwegian” is not “norway”",
            ),
            (
                "beijing ministers",
                0,
                Some((Where::Text, 2)),
                "both terms from one folding of the text, a hit each",
            ),
            ("beijing geneva", 0, None, "“geneva” is not in the text"),
        ] {
            let found = compiled(query).evaluate(&once, article);
            assert_eq!(found.map(|m| (m.place(), m.score)), expected, "{why}");
        }
    }

    #[test]
    fn fuzzy_terms_match_headlines_in_order() {
        let index = index(TWO);
        let query = compiled("chnrwy");
        let matched = query.evaluate(&index, 0).expect("c-h-n-r-w-y in order");
        assert_eq!(matched.place(), Where::Title);
        assert!(matched.score > 0);
    }

    #[test]
    fn a_term_missing_from_the_headline_may_match_the_text() {
        let index = index(TWO);
        let query = compiled("norway");
        assert_eq!(
            query.evaluate(&index, 0).map(|m| m.place()),
            Some(Where::Title)
        );
        let text = query.evaluate(&index, 1).expect("found in the text");
        assert_eq!(text.place(), Where::Text);
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
        assert_eq!(text.map(|m| m.place()), Some(Where::Text));
    }

    #[test]
    fn web_spaces_in_the_text_match_plain_spaces_in_the_query() {
        let (clean, _) = crate::text::clean(
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
    fn the_packed_rank_orders_as_the_rank_key_does() {
        let matches: Vec<Match> = [
            (0, 5, Where::Title),
            (1, 9, Where::Title),
            (2, 9, Where::Title),
            (3, 40, Where::Text),
            (4, 2, Where::Text),
            (5, 0, Where::Title),
            (6, -7, Where::Title),
            (7, -2, Where::Title),
        ]
        .into_iter()
        .map(|(index, score, place)| Match {
            index,
            score,
            tier: match place {
                Where::Title => Tier::HeadlineWords,
                Where::Text => Tier::TextWords,
            },
        })
        .collect();
        for a in &matches {
            for b in &matches {
                assert_eq!(
                    a.packed_rank().cmp(&b.packed_rank()),
                    a.rank_key().cmp(&b.rank_key()),
                    "{a:?} {b:?}"
                );
            }
        }
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
