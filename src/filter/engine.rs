//! The engine: runs queries over an index, ranks the matches, and remembers
//! enough to make the next keystroke cheap.
//!
//! - A query that extends the previous one looks only at the previous
//!   matches (typing narrows, never widens).
//! - Results are cached by query text, so Backspace is instant.
//! - Large candidate sets are split across every core, in rounds, with
//!   a cancellation check every few thousand articles and the best rows so
//!   far handed out when a run takes longer than a frame.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::index::SearchIndex;
use super::matching::{CompiledQuery, Match, Tier};
use super::query::Query;
use crate::parallel::map_runs;

/// Candidates examined between progress reports and cancellation points
/// shared by all threads.
const ROUND: usize = 32_768;
/// Articles each thread examines between cancellation checks.
const CANCEL_CHECK_EVERY: usize = 4_096;
/// Fewer candidates than this are not worth a thread.
const PARALLEL_THRESHOLD: usize = 8_192;
/// A run longer than a frame at 60 fps shows its best rows so far.
const PARTIAL_AFTER: Duration = Duration::from_millis(16);
/// Rows in a partial result: more than any screen shows.
pub const PARTIAL_ROWS: usize = 200;
/// Queries whose results are kept for Backspace.
const CACHE_ENTRIES: usize = 128;

/// The ranked matches of one query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results {
    /// The query text as typed.
    pub query: String,
    /// Matches, best first.
    pub matches: Vec<Match>,
}

impl Results {
    /// What no filter shows: all `count` articles in their order, unranked.
    pub fn everything(count: usize) -> Self {
        Results {
            query: String::new(),
            matches: (0..count)
                .filter_map(|i| u32::try_from(i).ok())
                .map(|index| Match {
                    index,
                    score: 0,
                    tier: Tier::HeadlineWords,
                })
                .collect(),
        }
    }
}

/// What a long run has found so far.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    /// The best matches so far, best first (at most [`PARTIAL_ROWS`]).
    pub top: &'a [Match],
    /// Matches found so far.
    pub found: usize,
    /// Candidates examined so far, and in all.
    pub examined: usize,
    /// Candidates in all.
    pub candidates: usize,
}

/// Runs queries against one library; keeps the cache and the last results.
pub struct Engine {
    index: Arc<SearchIndex>,
    partial_after: Duration,
    cache: HashMap<String, Arc<Results>>,
    cache_order: VecDeque<String>,
    last: Option<(Query, Arc<Results>)>,
}

impl Engine {
    /// An engine over `index`, with nothing cached yet.
    pub fn new(index: Arc<SearchIndex>) -> Self {
        Engine {
            index,
            partial_after: PARTIAL_AFTER,
            cache: HashMap::new(),
            cache_order: VecDeque::new(),
            last: None,
        }
    }

    /// The index searched.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Runs `input` to completion, with no progress reports.
    pub fn search(&mut self, input: &str) -> Arc<Results> {
        let partial_after = std::mem::replace(&mut self.partial_after, Duration::MAX);
        let results = self.run(input, &|| false, &mut |_| {});
        self.partial_after = partial_after;
        match results {
            Some(results) => results,
            None => Arc::new(Results {
                query: input.to_string(),
                matches: Vec::new(),
            }),
        }
    }

    /// Runs `input`, reporting progress on long runs; `None` once `cancel`
    /// says the query was superseded.
    pub fn run(
        &mut self,
        input: &str,
        cancel: &(dyn Fn() -> bool + Sync),
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Option<Arc<Results>> {
        let query = Query::parse(input);
        if let Some(cached) = self.cache.get(input).cloned() {
            self.last = Some((query, cached.clone()));
            return Some(cached);
        }
        let matches = if query.is_empty() {
            Results::everything(self.index.len()).matches
        } else {
            let candidates = self.candidates(&query);
            self.rank(
                CompiledQuery::new(query.clone()),
                &candidates,
                cancel,
                progress,
            )?
        };
        let results = Arc::new(Results {
            query: input.to_string(),
            matches,
        });
        self.remember(input, &results);
        self.last = Some((query, results.clone()));
        Some(results)
    }

    /// The articles worth examining: the previous matches when `query` only
    /// narrows the previous query, else all of them.
    fn candidates(&self, query: &Query) -> Vec<u32> {
        match &self.last {
            Some((previous, results)) if query.narrows(previous) => {
                let mut indices: Vec<u32> = results.matches.iter().map(|m| m.index).collect();
                indices.sort_unstable();
                indices
            }
            _ => (0..self.index.len())
                .filter_map(|i| u32::try_from(i).ok())
                .collect(),
        }
    }

    fn rank(
        &self,
        compiled: CompiledQuery,
        candidates: &[u32],
        cancel: &(dyn Fn() -> bool + Sync),
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Option<Vec<Match>> {
        let started = Instant::now();
        let mut reported = started;
        let mut matches = Vec::new();
        let mut examined = 0;
        for round in candidates.chunks(ROUND) {
            matches.extend(self.match_round(&compiled, round, cancel)?);
            examined += round.len();
            if reported.elapsed() >= self.partial_after && examined < candidates.len() {
                progress(Progress {
                    top: &best(&matches, PARTIAL_ROWS),
                    found: matches.len(),
                    examined,
                    candidates: candidates.len(),
                });
                reported = Instant::now();
            }
        }
        matches.sort_unstable_by_key(Match::packed_rank);
        Some(matches)
    }

    /// Matches one round of candidates, split across threads when large.
    fn match_round(
        &self,
        compiled: &CompiledQuery,
        round: &[u32],
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Match>> {
        let threads = self.index.threads();
        if threads < 2 || round.len() < PARALLEL_THRESHOLD {
            return match_slice(compiled, &self.index, round, cancel);
        }
        let per_thread = round.len().div_ceil(threads);
        // A cancelled run gives None, and so does the round.
        let runs = map_runs(round, per_thread, |slice| {
            match_slice(compiled, &self.index, slice, cancel)
        });
        runs.into_iter()
            .collect::<Option<Vec<_>>>()
            .map(|runs| runs.concat())
    }

    fn remember(&mut self, input: &str, results: &Arc<Results>) {
        if self.cache.len() >= CACHE_ENTRIES
            && let Some(oldest) = self.cache_order.pop_front()
        {
            self.cache.remove(&oldest);
        }
        self.cache.insert(input.to_string(), results.clone());
        self.cache_order.push_back(input.to_string());
    }
}

/// Matches a slice of candidates on the current thread.
fn match_slice(
    compiled: &CompiledQuery,
    index: &SearchIndex,
    slice: &[u32],
    cancel: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Match>> {
    let mut found = Vec::new();
    for block in slice.chunks(CANCEL_CHECK_EVERY) {
        if cancel() {
            return None;
        }
        found.extend(
            block
                .iter()
                .filter_map(|&article| compiled.evaluate(index, article as usize)),
        );
    }
    Some(found)
}

/// The best `count` matches, best first, without sorting them all.
fn best(matches: &[Match], count: usize) -> Vec<Match> {
    let mut top = matches.to_vec();
    if top.len() > count {
        top.select_nth_unstable_by_key(count, Match::rank_key);
        top.truncate(count);
    }
    top.sort_unstable_by_key(Match::rank_key);
    top
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::filter::matching::Where;
    use crate::library::Library;

    fn engine(text: &str) -> Engine {
        Engine::new(Arc::new(SearchIndex::new(Arc::new(Library::from_text(
            "t", text,
        )))))
    }

    /// Many small posts with varied headlines, for runs that take rounds.
    fn big_engine(count: usize) -> Engine {
        let words = [
            "river", "budget", "harbour", "council", "school", "garden", "market",
        ];
        let mut text = String::new();
        for i in 0..count {
            let a = words[i % words.len()];
            let b = words[(i / words.len()) % words.len()];
            text.push_str(&format!(
                "Report {i} on the {a} and the {b}\n\nBody of post {i} about the {b}.\n\n"
            ));
        }
        engine(&text)
    }

    fn indices(results: &Results) -> Vec<u32> {
        results.matches.iter().map(|m| m.index).collect()
    }

    #[test]
    fn a_tag_keeps_only_the_articles_filed_under_it() {
        let mut library = Library::from_text(
            "home",
            "Budget talks at the council\n\nThe council met.\n\n",
        );
        library.add(
            "feed".into(),
            "Budget of the river school\n\nThe school spoke.\n\nGarden market opens\n\nStalls.\n\n"
                .into(),
        );
        library.sources[1].tags = vec!["tech".into(), "local".into()];
        let mut engine = Engine::new(Arc::new(SearchIndex::new(Arc::new(library))));
        assert_eq!(indices(&engine.search("#tech")), [1, 2]);
        assert_eq!(indices(&engine.search("#Local budget")), [1]);
        assert_eq!(indices(&engine.search("!#tech")), [0]);
        assert_eq!(indices(&engine.search("budget !#local")), [0]);
        assert_eq!(indices(&engine.search("#nothing")), Vec::<u32>::new());
        assert_eq!(indices(&engine.search("#te")), Vec::<u32>::new());
    }

    const POSTS: &str = "Norway backs ceasefire\n\nText.\n\nContinue reading →\n\nNew roads for Oslo\n\nThe Norway plan, and Norway again.\n\nContinue reading →\n\nNorth river works begin\n\nA plan for Norway.\n\nContinue reading →\n\nBudget news\n\nNothing here.";

    #[test]
    fn an_empty_query_lists_everything_in_order() {
        let mut engine = engine(POSTS);
        assert_eq!(indices(&engine.search("")), [0, 1, 2, 3]);
        assert_eq!(indices(&engine.search("   ")), [0, 1, 2, 3]);
    }

    #[test]
    fn headline_matches_rank_above_text_matches_which_rank_by_hits() {
        let mut engine = engine(POSTS);
        let results = engine.search("norway");
        let places: Vec<(u32, Where)> = results
            .matches
            .iter()
            .map(|m| (m.index, m.place()))
            .collect();
        // 0 matches its headline; 1 has two hits in its text, 2 has one.
        assert_eq!(
            places,
            [(0, Where::Title), (1, Where::Text), (2, Where::Text)]
        );
    }

    #[test]
    fn words_rank_above_contiguous_above_text_words_above_scattered_letters() {
        let mut engine = engine(
            "Delegation of the Social Democratic Party meets\n\nThey met.\n\n\
             Trade news of the week\n\nLeon visited the port today.\n\n\
             Napoleonic wars remembered\n\nA museum opens.\n\n\
             Leon wins the final\n\nA close game.",
        );
        let order: Vec<(u32, Tier)> = engine
            .search("leon")
            .matches
            .iter()
            .map(|m| (m.index, m.tier))
            .collect();
        assert_eq!(
            order,
            [
                (3, Tier::HeadlineWords),
                (2, Tier::HeadlineContiguous),
                (1, Tier::TextWords),
                (0, Tier::HeadlineScattered),
            ]
        );
    }

    #[test]
    fn a_bar_matches_either_side_and_ranks_each_by_its_best_alternative() {
        let mut engine = engine(
            "Norway backs a ceasefire\n\nOne.\n\n\
             Budget talks resume in Oslo\n\nTwo.\n\n\
             River levels rise\n\nThree.",
        );
        let found: Vec<u32> = engine
            .search("oslo | norway")
            .matches
            .iter()
            .map(|m| m.index)
            .collect();
        assert_eq!(found.len(), 2);
        assert!(found.contains(&0) && found.contains(&1));
        let narrowed: Vec<u32> = engine
            .search("oslo | norway budget")
            .matches
            .iter()
            .map(|m| m.index)
            .collect();
        assert_eq!(narrowed, [1]);
    }

    #[test]
    fn a_scattered_headline_whose_text_has_the_word_is_a_text_match() {
        let mut engine = engine(
            "Delegation of the Social Democratic Party meets\n\nThey spoke of Leon.\n\n\
             Other news today\n\nNothing here.",
        );
        let found = engine.search("leon").matches.clone();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].index, found[0].tier), (0, Tier::TextWords));
    }

    #[test]
    fn headline_scores_rank_better_matches_first() {
        let mut engine = engine(
            "Renewal of old bridges\n\nx.\n\nContinue reading →\n\nOld bridge reopens\n\ny.",
        );
        let results = engine.search("old bridge");
        assert_eq!(
            indices(&results),
            [1, 0],
            "the contiguous, earlier match scores higher"
        );
        assert!(results.matches[0].score > results.matches[1].score);
    }

    #[test]
    fn ties_keep_the_original_order_every_time() {
        let mut first =
            engine("Same words here\n\na.\n\nContinue reading →\n\nSame words here\n\nb.");
        let again = first.search("same");
        assert_eq!(indices(&again), [0, 1]);
        assert_eq!(again.matches[0].score, again.matches[1].score);
    }

    #[test]
    fn an_empty_library_matches_nothing() {
        let mut engine = engine("");
        assert!(engine.search("").matches.is_empty());
        assert!(engine.search("x").matches.is_empty());
    }

    #[test]
    fn typing_key_by_key_gives_exactly_the_cold_results() {
        let mut typed = big_engine(1_500);
        let query = "rep 12 bud";
        for end in 1..=query.len() {
            let warm = typed.search(&query[..end]);
            let cold = big_engine(1_500).search(&query[..end]);
            assert_eq!(*warm, *cold, "after typing {:?}", &query[..end]);
        }
        // And back again with Backspace, from the cache.
        for end in (1..query.len()).rev() {
            let back = typed.search(&query[..end]);
            let cold = big_engine(1_500).search(&query[..end]);
            assert_eq!(*back, *cold, "after erasing to {:?}", &query[..end]);
        }
    }

    #[test]
    fn narrowing_examines_only_the_previous_matches() {
        let mut engine = big_engine(1_000);
        let broad = engine.search("harbour");
        let narrow_query = Query::parse("harbour 7");
        assert!(narrow_query.narrows(&Query::parse("harbour")));
        assert_eq!(engine.candidates(&narrow_query).len(), broad.matches.len());
        assert!(broad.matches.len() < 1_000);
    }

    #[test]
    fn backspace_returns_the_cached_results() {
        let mut engine = engine(POSTS);
        let first = engine.search("nor");
        engine.search("norw");
        let back = engine.search("nor");
        assert!(Arc::ptr_eq(&first, &back));
    }

    #[test]
    fn a_cancelled_run_delivers_nothing() {
        let mut engine = big_engine(20_000);
        let checks = AtomicUsize::new(0);
        let cancel = || checks.fetch_add(1, Ordering::Relaxed) >= 2;
        assert!(engine.run("report", &cancel, &mut |_| {}).is_none());
        // Nothing was cached or remembered from the cancelled run.
        assert!(engine.cache.is_empty());
        assert!(engine.last.is_none());
    }

    #[test]
    fn long_runs_report_their_best_rows_so_far() {
        let mut engine = big_engine(70_000);
        engine.partial_after = Duration::ZERO;
        let mut reports = Vec::new();
        let results = engine
            .run("garden", &|| false, &mut |progress| {
                reports.push((
                    progress.top.to_vec(),
                    progress.examined,
                    progress.candidates,
                ))
            })
            .expect("not cancelled");
        // 70,000 candidates take three rounds: a report after each but the last.
        assert_eq!(reports.len(), 2);
        let (top, examined, candidates) = &reports[0];
        assert_eq!((*examined, *candidates), (ROUND, 70_000));
        assert!(top.len() <= PARTIAL_ROWS && !top.is_empty());
        assert!(
            top.windows(2)
                .all(|pair| pair[0].rank_key() <= pair[1].rank_key())
        );
        assert!(results.matches.len() >= top.len());
    }

    #[test]
    fn parallel_rounds_find_the_same_as_one_thread() {
        let mut engine = big_engine(40_000);
        let parallel = engine.search("garden school");
        let index = engine.index().clone();
        let compiled = CompiledQuery::new(Query::parse("garden school"));
        let all: Vec<u32> = (0..40_000).collect();
        let mut single = match_slice(&compiled, &index, &all, &|| false).expect("not cancelled");
        single.sort_unstable_by_key(Match::rank_key);
        assert_eq!(parallel.matches, single);
        assert!(!single.is_empty());
    }

    #[test]
    fn best_picks_the_top_rows_in_rank_order() {
        let matches: Vec<Match> = (0..10)
            .map(|i| Match {
                index: i,
                score: i64::from(i % 4),
                tier: Tier::HeadlineWords,
            })
            .collect();
        let top: Vec<u32> = best(&matches, 3).iter().map(|m| m.index).collect();
        assert_eq!(top, [3, 7, 2]);
    }
}
