//! Load times of the structured formats, against the read floor measured
//! in the same run: a ~50 MB RSS feed (beside a plain-text dump of the
//! same articles, which the segmenter reads), and a folder of 10,000
//! Markdown files. Each figure is the median of several loads through the library
//! (`Library::load`, as `folio --list` does), beside the time to read the
//! same bytes from the page cache.
//!
//!     cargo bench --bench formats

#[path = "support/corpus.rs"]
mod corpus;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use folio::library::{Input, Library};

/// Runs of each measurement; the median is reported.
const RUNS: usize = 7;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn time(mut run: impl FnMut()) -> Duration {
    run();
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                run();
                start.elapsed()
            })
            .collect(),
    )
}

/// Escapes text for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An RSS feed of synthetic articles, each body as HTML paragraphs, grown
/// until it is at least `bytes` long, and the same articles as a plain-text
/// dump.
fn feed(bytes: usize) -> (String, String) {
    let mut all = Vec::new();
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Bench</title><link>https://bench.example.org/</link>\n",
    );
    let mut number = 0;
    while out.len() < bytes {
        for article in corpus::articles(2_000) {
            number += 1;
            all.push(corpus::SyntheticArticle {
                headline: article.headline.clone(),
                body: article.body.clone(),
            });
            let body: String = article
                .body
                .split("\n\n")
                .map(|paragraph| format!("<p>{}</p>", xml(paragraph)))
                .collect();
            out.push_str(&format!(
                "<item><title>{}</title><link>https://bench.example.org/{number}</link>\
                 <pubDate>Tue, 05 Mar 2024 08:30:00 +0000</pubDate>\
                 <description><![CDATA[{body}]]></description></item>\n",
                xml(&article.headline)
            ));
            if out.len() >= bytes {
                break;
            }
        }
    }
    out.push_str("</channel></rss>\n");
    (out, corpus::dump(&all))
}

/// `count` Markdown files under `dir`, in 100 subfolders.
fn markdown_folder(dir: &Path, count: usize) -> u64 {
    let mut total = 0;
    for (index, article) in corpus::articles(count).into_iter().enumerate() {
        let folder = dir.join(format!("{:03}", index % 100));
        fs::create_dir_all(&folder).expect("folder");
        let text = format!(
            "---\ntitle: \"{}\"\ndate: 2024-03-05\n---\n\n{}\n\n- a point\n- another\n",
            article.headline.replace('"', "'"),
            article.body
        );
        total += text.len() as u64;
        fs::write(folder.join(format!("{index:05}.md")), text).expect("write");
    }
    total
}

fn read_floor(paths: &[PathBuf]) -> Duration {
    time(|| {
        for path in paths {
            std::hint::black_box(fs::read(path).expect("read"));
        }
    })
}

fn all_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

fn report(what: &str, articles: usize, bytes: u64, load: Duration, floor: Duration) {
    println!(
        "{what:<28} {articles:>7} articles {:>6.1} MB  load {:>7.1} ms  read floor {:>6.1} ms  ({:.0}× the floor)",
        bytes as f64 / 1e6,
        load.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        load.as_secs_f64() / floor.as_secs_f64().max(1e-9),
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");

    let feed_path = dir.path().join("big.rss");
    let dump_path = dir.path().join("big.txt");
    let (feed, dump) = feed(50_000_000);
    fs::write(&feed_path, feed).expect("write the feed");
    fs::write(&dump_path, dump).expect("write the dump");
    let bytes = fs::metadata(&feed_path).map_or(0, |meta| meta.len());
    let inputs = [Input::Path(feed_path.clone())];
    let mut articles = 0;
    let load = time(|| {
        let (library, report) = Library::load(&inputs);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        articles = library.articles.len();
    });
    report("RSS feed", articles, bytes, load, read_floor(&[feed_path]));
    let bytes = fs::metadata(&dump_path).map_or(0, |meta| meta.len());
    let inputs = [Input::Path(dump_path.clone())];
    let load = time(|| {
        let (library, report) = Library::load(&inputs);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        articles = library.articles.len();
    });
    report(
        "the same as plain text",
        articles,
        bytes,
        load,
        read_floor(&[dump_path]),
    );

    let folder = dir.path().join("notes");
    let bytes = markdown_folder(&folder, 10_000);
    let inputs = [Input::Path(folder.clone())];
    let load = time(|| {
        let (library, report) = Library::load(&inputs);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        articles = library.articles.len();
    });
    let mut files = Vec::new();
    all_files(&folder, &mut files);
    report(
        "folder of Markdown files",
        articles,
        bytes,
        load,
        read_floor(&files),
    );
}
