//! The search index: everything matching needs, prepared once per library.
//!
//! Headlines are folded into flat buffers, on every core, the first time a
//! search needs them: the reader's worker does it as soon as it starts, in
//! the background, so the first frame never waits for it (see
//! [`SearchIndex::prepare`]). Headlines with case kept (for case-sensitive
//! terms) are folded the same way, but only the first time a query needs
//! them. Article text, searched many times as a person types, is folded in
//! chunks of [`TEXT_CHUNK`] articles: by the worker while it has no query to
//! run ([`SearchIndex::fold_text_ahead`]), or by a search reaching a chunk
//! not folded yet, so no keystroke waits for the whole library's text. For
//! a single search it is folded as it is searched instead (see
//! [`text_search`]), which saves a second copy of the library's text.
//!
//! [`text_search`]: super::text_search

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::article::Article;
use crate::library::Library;
use crate::parallel::{map_runs, run_len};

use super::fold::fold_into;

/// Concatenated strings with their start offsets: one allocation, not one
/// per item, and items next to each other in memory.
#[derive(Debug, Default)]
struct FlatStrings {
    text: String,
    /// `starts[i]..starts[i + 1]` is item `i`.
    starts: Vec<usize>,
}

impl FlatStrings {
    fn with_capacity(items: usize, bytes: usize) -> Self {
        let mut starts = Vec::with_capacity(items + 1);
        starts.push(0);
        FlatStrings {
            text: String::with_capacity(bytes),
            starts,
        }
    }

    fn push_folded(&mut self, item: &str, fold_case: bool) {
        fold_into(item, fold_case, &mut self.text);
        self.starts.push(self.text.len());
    }

    fn get(&self, index: usize) -> &str {
        match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => self.text.get(start..end).unwrap_or(""),
            _ => "",
        }
    }
}

/// One folded string per article, in one buffer per core-sized run of
/// articles, each run folded on its own thread. Runs hold a power of two of
/// articles, so finding an article's run is a shift, not a division: this
/// lookup is in the filter's innermost loop.
#[derive(Debug)]
struct FoldedColumn {
    runs: Vec<FlatStrings>,
    /// log2 of the articles in each run.
    run_shift: u32,
}

impl FoldedColumn {
    /// Folds `item(article)` for every article of `library`, on up to
    /// `threads` threads.
    fn build(
        library: &Library,
        threads: usize,
        fold_case: bool,
        item: impl for<'a> Fn(&'a Library, &'a Article) -> &'a str + Sync,
    ) -> Self {
        let articles = &library.articles;
        let per_run = run_len(articles.len(), threads).max(1).next_power_of_two();
        let runs = map_runs(articles, per_run, |run| {
            let bytes = run.iter().map(|a| item(library, a).len()).sum();
            let mut flat = FlatStrings::with_capacity(run.len(), bytes);
            for article in run {
                flat.push_folded(item(library, article), fold_case);
            }
            flat
        });
        FoldedColumn {
            runs,
            run_shift: per_run.trailing_zeros(),
        }
    }

    fn get(&self, index: usize) -> &str {
        let in_run = index & ((1 << self.run_shift) - 1);
        self.runs
            .get(index >> self.run_shift)
            .map_or("", |run| run.get(in_run))
    }
}

/// log2 of [`TEXT_CHUNK`]: an article's chunk is a shift away.
const TEXT_CHUNK_SHIFT: u32 = 12;
/// Articles whose text is folded together: small enough that folding one
/// chunk (a few hundred kilobytes) never keeps a query waiting, large
/// enough that a million articles are a few hundred chunks.
pub const TEXT_CHUNK: usize = 1 << TEXT_CHUNK_SHIFT;

/// Headlines and article text of a library, folded for matching.
#[derive(Debug)]
pub struct SearchIndex {
    library: Arc<Library>,
    /// Headlines folded to lower case: folded on first use.
    lower: OnceLock<FoldedColumn>,
    /// Headlines with case kept, for terms with a capital: folded the first
    /// time such a term is typed.
    cased: OnceLock<FoldedColumn>,
    /// Article text folded, chunk by chunk; no chunks when no folded text
    /// is kept (see [`SearchIndex::for_one_search`]).
    bodies: Box<[OnceLock<FlatStrings>]>,
    /// The next chunk [`SearchIndex::fold_text_ahead`] folds.
    folded_ahead: AtomicUsize,
    threads: usize,
}

impl SearchIndex {
    /// An index of `library` for many searches: headlines and text are
    /// folded once each, the first time a search needs them, so making one
    /// costs nothing.
    pub fn new(library: Arc<Library>) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        SearchIndex {
            lower: OnceLock::new(),
            cased: OnceLock::new(),
            bodies: (0..library.articles.len().div_ceil(TEXT_CHUNK))
                .map(|_| OnceLock::new())
                .collect(),
            library,
            folded_ahead: AtomicUsize::new(0),
            threads,
        }
    }

    /// Prepares `library` for a single search (`folio --filter`), which
    /// folds each article's text as it searches it rather than first
    /// folding all of it into a copy it would use once.
    pub fn for_one_search(library: Arc<Library>) -> Self {
        SearchIndex {
            bodies: Box::new([]),
            ..SearchIndex::new(library)
        }
    }

    /// Folds the headlines now if no search has yet: the reader's worker
    /// calls it when it starts, so that a person's first keystroke does not
    /// wait for a whole-library fold and the first frame need not either.
    pub fn prepare(&self) {
        self.lower();
    }

    fn lower(&self) -> &FoldedColumn {
        self.lower
            .get_or_init(|| FoldedColumn::build(&self.library, self.threads, true, title))
    }

    /// The library this index was built from.
    pub fn library(&self) -> &Arc<Library> {
        &self.library
    }

    /// Whether article `index`'s source is filed under `tag` (lower case).
    pub fn has_tag(&self, index: usize, tag: &str) -> bool {
        self.library
            .articles
            .get(index)
            .and_then(|article| self.library.sources.get(article.source))
            .is_some_and(|source| source.tags.iter().any(|have| have == tag))
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.library.articles.len()
    }

    /// True when the library has no articles.
    pub fn is_empty(&self) -> bool {
        self.library.articles.is_empty()
    }

    /// Threads worth using for a large search on this machine.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Headline `index`, folded; with `case_sensitive`, case kept.
    pub fn headline(&self, index: usize, case_sensitive: bool) -> &str {
        if case_sensitive {
            self.cased
                .get_or_init(|| FoldedColumn::build(&self.library, self.threads, false, title))
                .get(index)
        } else {
            self.lower().get(index)
        }
    }

    /// The text of article `index` folded (case included), if this index
    /// keeps folded text; its chunk is folded on the first call that
    /// reaches it.
    pub fn folded_text(&self, index: usize) -> Option<&str> {
        let chunk = index >> TEXT_CHUNK_SHIFT;
        let folded = self.bodies.get(chunk)?;
        Some(
            folded
                .get_or_init(|| self.fold_text_chunk(chunk))
                .get(index & (TEXT_CHUNK - 1)),
        )
    }

    /// Folds the text of one more chunk, if any is left unfolded, for the
    /// worker to call while no query waits; says whether any may be left.
    pub fn fold_text_ahead(&self) -> bool {
        let chunk = self.folded_ahead.fetch_add(1, Ordering::Relaxed);
        match self.bodies.get(chunk) {
            Some(folded) => {
                folded.get_or_init(|| self.fold_text_chunk(chunk));
                chunk + 1 < self.bodies.len()
            }
            None => false,
        }
    }

    fn fold_text_chunk(&self, chunk: usize) -> FlatStrings {
        let start = (chunk << TEXT_CHUNK_SHIFT).min(self.len());
        let end = (start + TEXT_CHUNK).min(self.len());
        let articles = &self.library.articles[start..end];
        let bytes = articles
            .iter()
            .map(|article| self.library.body_text(article).len())
            .sum();
        let mut flat = FlatStrings::with_capacity(articles.len(), bytes);
        for article in articles {
            flat.push_folded(self.library.body_text(article), true);
        }
        flat
    }

    /// The text of article `index`, as it is.
    pub fn text(&self, index: usize) -> &str {
        self.library
            .articles
            .get(index)
            .map_or("", |article| self.library.body_text(article))
    }
}

/// An article's headline, as a [`FoldedColumn`] item.
fn title<'a>(library: &'a Library, article: &'a Article) -> &'a str {
    library.title(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SearchIndex {
        SearchIndex::new(Arc::new(Library::from_text("t", text)))
    }

    #[test]
    fn making_an_index_folds_nothing_until_prepared_or_searched() {
        let made = index("A Headline Here\n\nBody.\n\nAnother Headline Here\n\nMore.");
        assert!(made.lower.get().is_none(), "nothing folded when made");
        made.prepare();
        assert!(made.lower.get().is_some(), "headlines folded when prepared");
        assert!(
            made.bodies.iter().all(|chunk| chunk.get().is_none()),
            "text waits for a text search or the worker"
        );
        let searched = index("A Headline Here\n\nBody.");
        assert_eq!(searched.headline(0, false), "a headline here");
    }

    #[test]
    fn text_is_folded_ahead_a_chunk_at_a_time_and_then_no_more() {
        let count = TEXT_CHUNK + 3;
        let text: String = (0..count)
            .map(|n| format!("Headline Number {n} Here\n\nBody of Post {n}.\n\n"))
            .collect();
        let ahead = index(&text);
        let folded = |index: &SearchIndex| -> Vec<bool> {
            index
                .bodies
                .iter()
                .map(|chunk| chunk.get().is_some())
                .collect()
        };
        assert_eq!(folded(&ahead), [false, false]);
        assert!(ahead.fold_text_ahead(), "one chunk is left");
        assert_eq!(folded(&ahead), [true, false]);
        assert!(!ahead.fold_text_ahead(), "none is left");
        assert_eq!(folded(&ahead), [true, true]);
        assert!(!ahead.fold_text_ahead(), "still none");
        // Folded ahead or by a search reaching it: the same text.
        let on_demand = index(&text);
        for n in [0, TEXT_CHUNK - 1, TEXT_CHUNK, count - 1] {
            let expected = format!("body of post {n}.");
            assert_eq!(ahead.folded_text(n), Some(expected.as_str()));
            assert_eq!(on_demand.folded_text(n), Some(expected.as_str()));
        }
        assert_eq!(folded(&on_demand), [true, true], "each reached chunk kept");
        let once = SearchIndex::for_one_search(Arc::new(Library::from_text("t", &text)));
        assert!(
            !once.fold_text_ahead(),
            "a single search keeps no folded text"
        );
        assert_eq!(once.folded_text(0), None);
    }

    #[test]
    fn headlines_are_folded_both_ways() {
        let index = index(
            "Xi’s Plan Advances\n\nBody.\n\nContinue reading →\n\nSecond Headline Here\n\nMore.",
        );
        assert_eq!(index.len(), 2);
        assert_eq!(index.headline(0, false), "xi's plan advances");
        assert_eq!(index.headline(0, true), "Xi's Plan Advances");
        assert_eq!(index.headline(1, false), "second headline here");
        assert_eq!(index.headline(2, false), "", "out of range is empty");
    }

    #[test]
    fn every_article_is_found_in_its_run_on_either_side_of_a_boundary() {
        let count = 4_096 + 3;
        let text: String = (0..count)
            .map(|n| format!("Headline Number {n} Here\n\nBody of Post {n}.\n\n"))
            .collect();
        let index = index(&text);
        assert_eq!(index.len(), count);
        // Runs of 4,096 (a power of two) on two cores; other boundaries on more.
        let half = count.div_ceil(2);
        for n in [0, 4_095, 4_096, half - 1, half, count - 1] {
            assert_eq!(
                index.headline(n, false),
                format!("headline number {n} here")
            );
            assert_eq!(index.headline(n, true), format!("Headline Number {n} Here"));
            assert_eq!(index.text(n), format!("Body of Post {n}."));
            assert_eq!(
                index.folded_text(n),
                Some(format!("body of post {n}.").as_str())
            );
        }
        assert_eq!(index.headline(count, false), "", "out of range is empty");
    }

    #[test]
    fn article_text_spans_all_blocks_as_written() {
        let index = SearchIndex::new(Arc::new(Library::outlined(
            "= A Headline Here\n\nFirst “Quoted” paragraph.\n\n== Key part\n\nLast one.",
        )));
        assert_eq!(
            index.text(0),
            "First “Quoted” paragraph.\n\nKey part\n\nLast one."
        );
        assert_eq!(index.text(1), "", "out of range is empty");
        assert_eq!(
            index.folded_text(0),
            Some("first \"quoted\" paragraph.\n\nkey part\n\nlast one.")
        );
        let once =
            SearchIndex::for_one_search(Arc::new(Library::from_text("t", "A Headline\n\nBody.")));
        assert_eq!(
            once.folded_text(0),
            None,
            "a single search keeps no folded copy"
        );
        assert_eq!(once.text(0), "Body.");
    }
}
