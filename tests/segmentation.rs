//! The parser against the sample's truth file: every post, headline line,
//! in-article heading and truncated flag, exactly.

use std::path::PathBuf;

use folio::library::{Input, Library};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// (line, title, truncated, [(heading line, heading title)]) per article.
type Outline = Vec<(u64, String, bool, Vec<(u64, String)>)>;

fn truth() -> Outline {
    let text = std::fs::read_to_string(fixture("tests/fixtures/front-page.truth.json"))
        .expect("truth file is readable");
    let truth: Value = serde_json::from_str(&text).expect("truth file is JSON");
    let articles = truth["articles"].as_array().expect("articles array");
    articles
        .iter()
        .map(|article| {
            let headings = article["headings"]
                .as_array()
                .expect("headings array")
                .iter()
                .map(|h| {
                    (
                        h["line"].as_u64().expect("line"),
                        h["title"].as_str().expect("title").to_string(),
                    )
                })
                .collect();
            (
                article["line"].as_u64().expect("line"),
                article["title"].as_str().expect("title").to_string(),
                article["truncated"].as_bool().expect("truncated"),
                headings,
            )
        })
        .collect()
}

fn parsed(input: Input) -> Outline {
    let (library, report) = Library::load(&[input]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    library
        .articles
        .iter()
        .map(|article| {
            let headings = library
                .headings(article)
                .map(|block| {
                    (
                        block.line as u64,
                        library.block_text(article, block).to_string(),
                    )
                })
                .collect();
            (
                article.line as u64,
                library.title(article).to_string(),
                article.truncated,
                headings,
            )
        })
        .collect()
}

#[test]
fn the_sample_file_parses_exactly_as_its_truth_file_says() {
    let truth = truth();
    assert_eq!(truth.len(), 20);
    let got = parsed(Input::Path(fixture("data/front-page.txt")));
    for (want, got) in truth.iter().zip(&got) {
        assert_eq!(want, got);
    }
    assert_eq!(got.len(), truth.len());
}

#[test]
fn the_bundled_sample_is_the_same_text() {
    assert_eq!(
        parsed(Input::Sample),
        parsed(Input::Path(fixture("data/front-page.txt")))
    );
}

#[test]
fn crlf_line_endings_parse_the_same() {
    let text = std::fs::read_to_string(fixture("data/front-page.txt")).expect("sample is readable");
    let mut library = Library::default();
    let (clean, _) = folio::parse::hygiene::clean(text.replace('\n', "\r\n").as_bytes());
    library.add("crlf".into(), clean);
    let titles: Vec<&str> = library.articles.iter().map(|a| library.title(a)).collect();
    let truth = truth();
    let want: Vec<&str> = truth
        .iter()
        .map(|(_, title, _, _)| title.as_str())
        .collect();
    assert_eq!(titles, want);
}

#[test]
fn ids_do_not_change_when_other_articles_are_removed() {
    let text = std::fs::read_to_string(fixture("data/front-page.txt")).expect("sample is readable");
    let (clean, _) = folio::parse::hygiene::clean(text.as_bytes());
    let full = folio::parse::parse(&clean);
    // Drop the first post: everything from the second headline on.
    let second = clean
        .match_indices('\n')
        .nth(full.articles[1].line - 2)
        .map(|(at, _)| at + 1)
        .expect("second headline line exists");
    let rest = folio::parse::parse(&clean[second..]);
    assert_eq!(rest.articles.len(), full.articles.len() - 1);
    for (a, b) in full.articles[1..].iter().zip(&rest.articles) {
        assert_eq!(
            (a.id(&clean, &full.blocks), a.title(&clean)),
            (
                b.id(&clean[second..], &rest.blocks),
                b.title(&clean[second..])
            )
        );
    }
    let mut ids: Vec<_> = full
        .articles
        .iter()
        .map(|a| a.id(&clean, &full.blocks))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        full.articles.len(),
        "ids are unique in the sample"
    );
}

/// A made-up blog front page in another house style: bylines and dates under
/// headlines, a list after a colon, a subheading, a caption, a generic "Read
/// more" link, a wide gap, a question headline and an unpunctuated standfirst.
/// The expected outline was written by hand from the fixture.
#[test]
fn a_blog_in_another_house_style_parses_as_a_reader_would_expect() {
    let want: Outline = vec![
        (
            1,
            "City council approves new cycling lanes".into(),
            true,
            vec![(18, "What happens next".into())],
        ),
        (28, "Is remote work here to stay?".into(), false, vec![]),
        (36, "Local bakery wins national award".into(), true, vec![]),
        (46, "Five books to read this spring".into(), true, vec![]),
    ];
    assert_eq!(
        parsed(Input::Path(fixture("tests/fixtures/generic-blog.txt"))),
        want
    );
}

#[test]
fn parsing_on_several_threads_gives_the_same_articles_as_one() {
    let sample =
        std::fs::read_to_string(fixture("data/front-page.txt")).expect("sample is readable");
    // Over a megabyte, so the text is split; copies numbered so headlines differ.
    let big: String = (0..12)
        .map(|copy| sample.replace("China", &format!("China{copy}")) + "\n\n")
        .collect();
    let (clean, _) = folio::parse::hygiene::clean(big.as_bytes());
    assert!(clean.len() > 1 << 20);
    let one = folio::parse::segment::segment_with_threads(&clean, 1);
    assert_eq!(one.articles.len(), 12 * 20);
    for threads in [2, 3, 7] {
        assert_eq!(
            folio::parse::segment::segment_with_threads(&clean, threads),
            one,
            "{threads} threads"
        );
    }
}

/// A made-up news site page: a pull quote, a numbered list after a colon, a
/// "Related:" line, a wide gap, an editor's note and a Spanish headline. The
/// expected outline was written by hand from the fixture.
#[test]
fn a_news_site_page_parses_as_a_reader_would_expect() {
    let want: Outline = vec![
        (
            1,
            "Analysis: Why the port deal matters for the region".into(),
            false,
            vec![],
        ),
        (
            20,
            "Strike ends as dock workers accept pay offer".into(),
            false,
            vec![],
        ),
        (
            28,
            "¿Qué significa el acuerdo para los pescadores?".into(),
            true,
            vec![],
        ),
    ];
    assert_eq!(
        parsed(Input::Path(fixture("tests/fixtures/news-site.txt"))),
        want
    );
}

/// A made-up engineering blog: a date above each headline, a byline under
/// it, and under each excerpt's "Read more »" the counters and prompts
/// blogs print ("12 comments", "Share this:", "No Comments »", "Leave a
/// comment"). None of those may start a post. The expected outline was
/// written by hand from the fixture.
#[test]
fn a_blog_with_dates_above_and_comment_counters_below_parses_as_a_reader_would_expect() {
    let want: Outline = vec![
        (
            3,
            "Why we moved our build system to Bazel".into(),
            true,
            vec![(11, "The numbers".into())],
        ),
        (
            23,
            "Shipping a database migration without downtime".into(),
            true,
            vec![],
        ),
        (
            37,
            "What I learned from a year of on-call".into(),
            false,
            vec![],
        ),
    ];
    assert_eq!(
        parsed(Input::Path(fixture("tests/fixtures/tech-blog.txt"))),
        want
    );
}

/// A made-up essay site: a reading time under each headline ("5 min read"),
/// a subheading, and the next essay's "3 hours ago" above its headline,
/// which is no subheading. The expected outline was written by hand from
/// the fixture.
#[test]
fn an_essay_site_with_reading_times_parses_as_a_reader_would_expect() {
    let want: Outline = vec![
        (
            1,
            "The quiet cost of context switching".into(),
            false,
            vec![(9, "Batch the meetings".into())],
        ),
        (15, "Notes from a week without Slack".into(), false, vec![]),
    ];
    assert_eq!(
        parsed(Input::Path(fixture("tests/fixtures/essay-site.txt"))),
        want
    );
}
