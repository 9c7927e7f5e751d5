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
    let (clean, _) = folio::text::clean(text.replace('\n', "\r\n").as_bytes());
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
    let (clean, _) = folio::text::clean(text.as_bytes());
    let full = folio::parse::parse(&clean);
    // Drop the first post: everything from the second headline on.
    let second = clean
        .match_indices('\n')
        .nth(full.articles[1].line - 2)
        .map(|(at, _)| at + 1)
        .expect("second headline line exists");
    let rest_text = &clean[second..];
    let rest = folio::parse::parse(rest_text);
    let shift = full.articles[1].line - 1;
    // Every remaining post is still there, at its line, with its id: ids
    // come from a post's own headline and opening, not from its place.
    for a in &full.articles[1..] {
        let b = rest
            .articles
            .iter()
            .find(|b| b.line + shift == a.line)
            .unwrap_or_else(|| panic!("post at line {} is still found", a.line));
        assert_eq!(
            (a.id(&clean, &full.blocks), a.title(&clean)),
            (b.id(rest_text, &rest.blocks), b.title(rest_text))
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

#[test]
fn parsing_on_several_threads_gives_the_same_articles_as_one() {
    let sample =
        std::fs::read_to_string(fixture("data/front-page.txt")).expect("sample is readable");
    let truth = truth();
    let titles: std::collections::HashSet<&str> = truth
        .iter()
        .map(|(_, title, _, _)| title.as_str())
        .collect();
    // Over a megabyte, so the text is split; every copy's headlines, and the
    // links that name them, numbered so that no two posts share one.
    let mut big = String::new();
    for copy in 0..12 {
        for line in sample.split('\n') {
            let trimmed = line.trim();
            let named = trimmed
                .strip_prefix("Continue reading ")
                .is_some_and(|title| titles.contains(title));
            big.push_str(line);
            if titles.contains(trimmed) || named {
                big.push_str(&format!(", part {copy}"));
            }
            big.push('\n');
        }
        big.push_str("\n\n");
    }
    let (clean, _) = folio::text::clean(big.as_bytes());
    assert!(clean.len() > 1 << 20);
    let one = folio::parse::parse_with_threads(&clean, &Default::default(), 1);
    // Every line of the posts' text recurs twelve times, which a page's
    // furniture does too: most posts, not all, are told apart in each copy.
    let truth_titles: Vec<&str> = truth
        .iter()
        .map(|(_, title, _, _)| title.as_str())
        .collect();
    for copy in 0..12 {
        let found = truth_titles
            .iter()
            .filter(|title| {
                let numbered = format!("{title}, part {copy}");
                one.articles.iter().any(|a| a.title(&clean) == numbered)
            })
            .count();
        assert!(found >= 18, "copy {copy}: {found} of 20 posts");
    }
    for threads in [2, 3, 7] {
        assert_eq!(
            folio::parse::parse_with_threads(&clean, &Default::default(), threads),
            one,
            "{threads} threads"
        );
    }
}

/// The parse of a fixture: (title, truncated) of each article.
fn titles_of(name: &str) -> Vec<(String, bool)> {
    parsed(Input::Path(fixture(&format!("tests/fixtures/{name}"))))
        .into_iter()
        .map(|(_, title, truncated, _)| (title, truncated))
        .collect()
}

/// The rules that still hold exactly, on the made-up fixtures written for
/// them: page furniture the old rules were certain of is never a headline
/// ("By Maria Lopez", "12 comments", "Leave a comment", "5 min read",
/// "Photo: …", "Posted by …"), and a "continue reading" link marks the
/// post it ends as an excerpt.
#[test]
fn certain_furniture_never_heads_an_article_and_links_mark_excerpts() {
    let furniture = [
        "By Maria Lopez",
        "Photo: Daniel Reyes",
        "12 comments",
        "Share this:",
        "No Comments »",
        "Leave a comment",
        "Posted by Priya Natarajan",
        "5 min read",
        "7 min read",
        "3 hours ago",
        "Read more",
        "Read more »",
        "Continue reading →",
    ];
    for name in [
        "generic-blog.txt",
        "tech-blog.txt",
        "essay-site.txt",
        "news-site.txt",
    ] {
        let titles = titles_of(name);
        assert!(!titles.is_empty(), "{name} has articles");
        for (title, _) in &titles {
            assert!(!furniture.contains(&title.as_str()), "{name}: {title}");
        }
    }
    // The posts that end with a link are excerpts; the one that does not is not.
    let blog = titles_of("generic-blog.txt");
    let excerpt = |title: &str| blog.iter().find(|(t, _)| t == title).map(|(_, e)| *e);
    assert_eq!(excerpt("Local bakery wins national award"), Some(true));
    assert_eq!(excerpt("Five books to read this spring"), Some(true));
    assert_eq!(excerpt("Is remote work here to stay?"), Some(false));
}

/// Text the model would call furniture is never lost: a headline the model
/// missed before a "continue reading" link still opens an article, and the
/// short paragraphs of a post stay in it.
#[test]
fn nothing_before_a_link_or_under_a_headline_is_lost() {
    let text = "Norway backs ceasefire\n\nText.\n\nContinue reading →\n\nNew roads for Oslo\n\nThe Norway plan, and Norway again.\n\nContinue reading →\n\nBudget news\n\nNothing here.";
    let library = Library::from_text("t", text);
    let outline: Vec<(&str, usize)> = library
        .articles
        .iter()
        .map(|article| (library.title(article), article.words))
        .collect();
    assert_eq!(
        outline,
        [
            ("Norway backs ceasefire", 1),
            ("New roads for Oslo", 6),
            ("Budget news", 2)
        ]
    );
}

/// The person's word wins over the model's: with `--headline`, the lines
/// it matches are the articles' headlines and no other line starts one;
/// with `--separator`, each matching line is dropped and the paragraph
/// after it heads the next article.
#[test]
fn headline_and_separator_patterns_decide_the_articles() {
    use folio::parse::marks::{Marks, pattern};
    // Lines shaped like headlines that are not, and headlines in lower case
    // that the model would not take for ones.
    let text = "@@ first of the notes\n\nShort Line In Title Case\n\nBody text of the first note, which runs on for a sentence or two.\n\n\
                @@ second note\n\nAnother Title Case Line\n\nBody of the second.";
    let (clean, _) = folio::text::clean(text.as_bytes());
    let titles = |marks: &Marks| -> Vec<String> {
        let parsed = folio::parse::parse_marked(&clean, marks);
        parsed
            .articles
            .iter()
            .map(|article| clean[article.title_span.clone()].to_string())
            .collect()
    };
    let by_headline = Marks {
        headline: pattern("--headline", "^@@ ").ok(),
        separator: None,
    };
    assert_eq!(
        titles(&by_headline),
        ["@@ first of the notes", "@@ second note"]
    );

    let dump = "Harbour news\n\nThe ferry runs again.\n\n%%\n\nsenate votes on the budget\n\nIt passed.\n\n%%\n\nA Third Piece\n\nIts text.";
    let (clean, _) = folio::text::clean(dump.as_bytes());
    let marks = Marks {
        headline: None,
        separator: pattern("--separator", "^%%$").ok(),
    };
    let parsed = folio::parse::parse_marked(&clean, &marks);
    let outline: Vec<(&str, Vec<&str>)> = parsed
        .articles
        .iter()
        .map(|article| {
            let blocks = parsed.blocks[article.block_range.clone()]
                .iter()
                .map(|block| &clean[block.span.clone()])
                .collect();
            (&clean[article.title_span.clone()], blocks)
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("Harbour news", vec!["The ferry runs again."]),
            ("senate votes on the budget", vec!["It passed."]),
            ("A Third Piece", vec!["Its text."]),
        ],
        "the separators are dropped, and each paragraph after one is a headline"
    );
}
