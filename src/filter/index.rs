//! The search index: everything matching needs, prepared once per library.
//!
//! Headlines are folded at load into two flat buffers (case folded, and case
//! kept for case-sensitive terms). Article text is folded into flat buffers
//! too, but only the first time a query reaches the text, and on every core,
//! so opening a library costs nothing for it.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::library::Library;

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

/// Folded article text, in one buffer per core-sized run of articles.
#[derive(Debug)]
struct FoldedBodies {
    chunks: Vec<FlatStrings>,
    articles_per_chunk: usize,
}

/// Headlines and article text of a library, folded for matching.
#[derive(Debug)]
pub struct SearchIndex {
    library: Arc<Library>,
    lower: FlatStrings,
    cased: FlatStrings,
    bodies: OnceLock<FoldedBodies>,
    threads: usize,
}

impl SearchIndex {
    /// Prepares the headlines of `library` for matching.
    pub fn new(library: Arc<Library>) -> Self {
        let count = library.articles.len();
        let bytes: usize = library.articles.iter().map(|a| a.title.len()).sum();
        let mut lower = FlatStrings::with_capacity(count, bytes);
        let mut cased = FlatStrings::with_capacity(count, bytes);
        for article in &library.articles {
            lower.push_folded(&article.title, true);
            cased.push_folded(&article.title, false);
        }
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        SearchIndex {
            library,
            lower,
            cased,
            bodies: OnceLock::new(),
            threads,
        }
    }

    /// The library this index was built from.
    pub fn library(&self) -> &Arc<Library> {
        &self.library
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
            self.cased.get(index)
        } else {
            self.lower.get(index)
        }
    }

    /// The text of article `index`, folded (case included).
    pub fn body(&self, index: usize) -> &str {
        let bodies = self.bodies.get_or_init(|| self.fold_bodies());
        bodies
            .chunks
            .get(index / bodies.articles_per_chunk.max(1))
            .map_or("", |chunk| {
                chunk.get(index % bodies.articles_per_chunk.max(1))
            })
    }

    /// Folds every article's text, a contiguous run of articles per thread.
    fn fold_bodies(&self) -> FoldedBodies {
        let count = self.len();
        let articles_per_chunk = count.div_ceil(self.threads).max(1);
        let ranges: Vec<Range<usize>> = (0..count)
            .step_by(articles_per_chunk)
            .map(|start| start..(start + articles_per_chunk).min(count))
            .collect();
        let chunks = std::thread::scope(|scope| {
            let handles: Vec<_> = ranges
                .into_iter()
                .map(|range| scope.spawn(move || self.fold_body_range(range)))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_default())
                .collect()
        });
        FoldedBodies {
            chunks,
            articles_per_chunk,
        }
    }

    fn fold_body_range(&self, range: Range<usize>) -> FlatStrings {
        let articles = &self.library.articles[range];
        let mut flat = FlatStrings::with_capacity(articles.len(), 0);
        for article in articles {
            flat.push_folded(self.library.body_text(article), true);
        }
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SearchIndex {
        SearchIndex::new(Arc::new(Library::from_text("t", text)))
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
    fn bodies_are_folded_on_first_use_and_span_all_blocks() {
        let index = index("A Headline Here\n\nFirst “Quoted” paragraph.\n\nKey part\n\nLast one.");
        assert_eq!(
            index.body(0),
            "first \"quoted\" paragraph.\n\nkey part\n\nlast one."
        );
    }
}
