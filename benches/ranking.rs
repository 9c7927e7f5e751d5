//! How well the filter ranks what a person means: the mean reciprocal rank
//! of the intended article over queries built from each corpus's own
//! articles (BENCHMARKS.md has the figures).
//!
//! For every article of a dump (the first 400 of a larger one), three
//! queries, each looked for among that dump's articles alone:
//! - **headline**: its headline's two rarest words (rarest across the
//!   dump's articles, four letters or more);
//! - **text**: the two rarest words of its text that its headline lacks;
//! - **typo**: its headline's rarest word of five letters or more with its
//!   middle letter dropped.
//!
//! A query is kept only when it names one article: no other article's
//! headline has all its words (for a headline or typo query), or no other
//! article has them all in its headline and text (for a text query).
//! "Announcing Rust" names dozens of release notes; no ranking could pick
//! the intended one, so such queries measure nothing.
//!
//! The reciprocal rank is 1 / the intended article's place in the results
//! (0 when it is not among them). Articles sharing a headline count as one.
//!
//! `cargo bench --bench ranking` reads the bundled sample and, when present,
//! the development corpus in `../shared/corpus/dev`; give other dumps as
//! arguments. With `FOLIO_RANKING_MISSES` set, every query whose article is
//! not first is printed on stderr with what came first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library};

/// Most articles of one dump that queries are made for.
const MAX_ARTICLES: usize = 400;

/// Words a query may be made of: lower-cased runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// The `count` rarest of `candidates` (by `frequency`, first seen first on
/// ties), without repeats.
fn rarest(candidates: &[String], frequency: &HashMap<String, usize>, count: usize) -> Vec<String> {
    let mut unique: Vec<(usize, &String)> = Vec::new();
    for (at, word) in candidates.iter().enumerate() {
        if !unique.iter().any(|(_, seen)| *seen == word) {
            unique.push((at, word));
        }
    }
    unique.sort_by_key(|&(at, word)| (frequency.get(word).copied().unwrap_or(0), at));
    unique
        .into_iter()
        .take(count)
        .map(|(_, word)| word.clone())
        .collect()
}

/// Sums of reciprocal ranks and counts, per query kind.
#[derive(Default)]
struct Tally {
    sums: [f64; 3],
    counts: [usize; 3],
}

impl Tally {
    fn add(&mut self, kind: usize, reciprocal: f64) {
        self.sums[kind] += reciprocal;
        self.counts[kind] += 1;
    }

    fn mean(&self, kind: usize) -> f64 {
        self.sums[kind] / self.counts[kind].max(1) as f64
    }

    fn overall(&self) -> f64 {
        self.sums.iter().sum::<f64>() / self.counts.iter().sum::<usize>().max(1) as f64
    }
}

const KINDS: [&str; 3] = ["headline", "text", "typo"];

fn measure(path: &Path) -> Option<Tally> {
    let (library, report) = Library::load(&[Input::Path(path.to_path_buf())]);
    if !report.errors.is_empty() || library.articles.is_empty() {
        return None;
    }
    let library = Arc::new(library);
    let mut frequency: HashMap<String, usize> = HashMap::new();
    let mut headline_words = Vec::new();
    let mut text_words = Vec::new();
    for article in &library.articles {
        let head = words(library.title(article));
        let text = words(library.body_text(article));
        let mut seen: Vec<&String> = head.iter().chain(&text).collect();
        seen.sort();
        seen.dedup();
        for word in seen {
            *frequency.entry(word.clone()).or_default() += 1;
        }
        headline_words.push(head);
        text_words.push(text);
    }
    let sets = |lists: &[Vec<String>]| -> Vec<HashSet<String>> {
        lists
            .iter()
            .map(|words| words.iter().cloned().collect())
            .collect()
    };
    let headline_sets = sets(&headline_words);
    let text_sets = sets(&text_words);
    // How many articles have every one of `query` in their headline (or, with
    // `text`, in their headline and text).
    let holders = |query: &[String], text: bool| {
        (0..headline_sets.len())
            .filter(|&at| {
                query.iter().all(|word| {
                    headline_sets[at].contains(word) || (text && text_sets[at].contains(word))
                })
            })
            .count()
    };
    let index = Arc::new(SearchIndex::new(library.clone()));
    let mut engine = Engine::new(index);
    let show_misses = std::env::var_os("FOLIO_RANKING_MISSES").is_some();
    let mut tally = Tally::default();
    for (number, article) in library.articles.iter().enumerate().take(MAX_ARTICLES) {
        let title = library.title(article);
        let head = &headline_words[number];
        let body: Vec<String> = text_words[number]
            .iter()
            .filter(|word| !head.contains(word))
            .cloned()
            .collect();
        let headline_query = rarest(head, &frequency, 2);
        let text_query = rarest(&body, &frequency, 2);
        let typo_word = rarest(
            &head
                .iter()
                .filter(|word| word.chars().count() >= 5)
                .cloned()
                .collect::<Vec<_>>(),
            &frequency,
            1,
        );
        let typo = typo_word.first().map(|word| {
            let chars: Vec<char> = word.chars().collect();
            let middle = chars.len() / 2;
            chars[..middle]
                .iter()
                .chain(&chars[middle + 1..])
                .collect::<String>()
        });
        let names_one =
            |query: &[String], text: bool| !query.is_empty() && holders(query, text) == 1;
        let queries = [
            names_one(&headline_query, false).then(|| headline_query.join(" ")),
            names_one(&text_query, true).then(|| text_query.join(" ")),
            typo.filter(|_| names_one(&typo_word, false)),
        ];
        for (kind, query) in queries.into_iter().enumerate() {
            let Some(query) = query.filter(|query| !query.is_empty()) else {
                continue;
            };
            let results = engine.search(&query);
            let place = results.matches.iter().position(|found| {
                library
                    .articles
                    .get(found.index as usize)
                    .is_some_and(|other| library.title(other) == title)
            });
            if show_misses && place != Some(0) {
                let first = results
                    .matches
                    .first()
                    .and_then(|found| library.articles.get(found.index as usize))
                    .map_or("", |other| library.title(other));
                eprintln!(
                    "{}\t{query:?}\twanted {title:?} at {place:?}; first {first:?}",
                    KINDS[kind]
                );
            }
            tally.add(kind, place.map_or(0.0, |place| 1.0 / (place + 1) as f64));
        }
    }
    Some(tally)
}

fn main() {
    let mut paths: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        paths.push(PathBuf::from("data/front-page.txt"));
        if let Ok(entries) = std::fs::read_dir("../shared/corpus/dev") {
            let mut dev: Vec<PathBuf> = entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
                .collect();
            dev.sort();
            paths.extend(dev);
        }
    }
    println!("| dump | headline | text | typo | overall | queries |");
    println!("|---|---|---|---|---|---|");
    let mut all = Tally::default();
    for path in &paths {
        let Some(tally) = measure(path) else {
            eprintln!("skipped {}: nothing to read", path.display());
            continue;
        };
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            tally.mean(0),
            tally.mean(1),
            tally.mean(2),
            tally.overall(),
            tally.counts.iter().sum::<usize>()
        );
        for kind in 0..KINDS.len() {
            all.sums[kind] += tally.sums[kind];
            all.counts[kind] += tally.counts[kind];
        }
    }
    println!(
        "| **all** | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
        all.mean(0),
        all.mean(1),
        all.mean(2),
        all.overall(),
        all.counts.iter().sum::<usize>()
    );
}
