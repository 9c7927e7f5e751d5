//! Filter speed on synthetic libraries of 100,000 and 1,000,000 articles.
//!
//! - cold: a fresh engine (nothing cached) runs a 1-, 3- and 10-character
//!   query and a two-word query to completion;
//! - keystroke: with the query typed up to character k-1, the time to
//!   complete results after typing character k (incremental narrowing).
//!
//! The index, including the folded article text, is prepared before timing:
//! it is built once per library, not per query.

#[path = "support/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::Library;

/// The queries of the cold runs: 1, 3 and 10 characters, and two words.
const COLD_QUERIES: [(&str, &str); 4] = [
    ("1 char", "s"),
    ("3 chars", "min"),
    ("10 chars", "parliament"),
    ("two words", "trade talks"),
];

/// The query typed key by key.
const TYPED: &str = "parliament";

fn index(count: usize) -> Arc<SearchIndex> {
    let library = Library::from_text("bench", &corpus::dump(&corpus::articles(count)));
    // The parser is measured elsewhere (PARSING.md): here it need only find
    // nearly every article (99,629 of 100,000 on this synthetic text).
    let found = library.articles.len();
    assert!(
        found.abs_diff(count) * 100 <= count,
        "the dump parses into about its {count} articles, not {found}"
    );
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    // Fold the text ahead, as the reader's worker does before a person types.
    while index.fold_text_ahead() {}
    index
}

fn bench_cold(c: &mut Criterion, label: &str, index: &Arc<SearchIndex>) {
    let mut group = c.benchmark_group(format!("filter/{label}/cold"));
    group.sample_size(10);
    for (name, query) in COLD_QUERIES {
        group.bench_function(name, |b| {
            b.iter_batched(
                || Engine::new(index.clone()),
                |mut engine| black_box(engine.search(query).matches.len()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn bench_keystrokes(c: &mut Criterion, label: &str, index: &Arc<SearchIndex>) {
    let mut group = c.benchmark_group(format!("filter/{label}/keystroke"));
    group.sample_size(10);
    for typed in 1..=TYPED.len() {
        let name = format!("{typed:02} {}", &TYPED[..typed]);
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let mut engine = Engine::new(index.clone());
                    for before in 1..typed {
                        engine.search(&TYPED[..before]);
                    }
                    engine
                },
                |mut engine| black_box(engine.search(&TYPED[..typed]).matches.len()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let small = index(100_000);
    bench_cold(c, "100k", &small);
    bench_keystrokes(c, "100k", &small);
    drop(small);
    let large = index(1_000_000);
    bench_cold(c, "1M", &large);
}

criterion_group!(filter, benches);
criterion_main!(filter);
