//! Everything folio prints without the terminal: `--list`, `--show` and
//! `--filter` (as text and as JSON) and the bookmarks (`--bookmarks`,
//! `--export-bookmarks`).
//!
//! Article text comes from the cleaned library, so it is inert; what comes
//! from a bookmarks file is made inert here, and JSON escapes whatever could
//! act on a terminal. Widths are measured in terminal columns.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::article::{Article, BlockKind, preformatted_lines, wrap};
use crate::filter::engine::Results;
use crate::filter::index::SearchIndex;
use crate::filter::matching::{CompiledQuery, Where, text_hits};
use crate::filter::query::Query;
use crate::library::Library;
use crate::parts::{EXCERPT_NOTE, Part, lead, parts, tight};
use crate::store::Bookmark;
use crate::text::{acts_on_terminal, fit, inert};

/// Marks a post that is only an excerpt in the listing.
const EXCERPT_MARK: &str = "excerpt";
/// Narrowest title column when fitting a listing to a width.
const MIN_TITLE_COLUMNS: usize = 10;

/// The aligned listing: number, title, words, reading time, excerpt mark.
/// With `width`, titles are cut with "…" so each row fits.
pub fn list_text(library: &Library, width: Option<usize>) -> String {
    let articles = &library.articles;
    let number_width = articles.len().to_string().len().max(1);
    let words_width = articles
        .iter()
        .map(|article| article.words.to_string().len())
        .max()
        .unwrap_or(1)
        .max("words".len());
    let longest_title = articles
        .iter()
        .map(|article| library.title(article).width())
        .max()
        .unwrap_or(0);
    // number, 2 spaces, title, 2 spaces, words, " words", 2 spaces, "NN min", 2 spaces, mark
    let fixed = number_width
        + 2
        + 2
        + words_width
        + " words".len()
        + 2
        + "99 min".len()
        + 2
        + EXCERPT_MARK.len();
    let title_width = match width {
        Some(width) => longest_title.min(width.saturating_sub(fixed).max(MIN_TITLE_COLUMNS)),
        None => longest_title,
    };
    let mut out = String::new();
    for (index, article) in articles.iter().enumerate() {
        let title = fit(library.title(article), title_width);
        let padding = title_width.saturating_sub(title.width());
        let mark = if article.truncated { EXCERPT_MARK } else { "" };
        let row = format!(
            "{number:>number_width$}  {title}{pad}  {words:>words_width$} {unit}  {minutes:>2} min  {mark}",
            number = index + 1,
            pad = " ".repeat(padding),
            words = article.words,
            unit = if article.words == 1 { "word " } else { "words" },
            minutes = article.reading_minutes(),
        );
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct ListedArticle<'a> {
    id: String,
    title: &'a str,
    source: &'a str,
    line: usize,
    truncated: bool,
    words: usize,
    reading_minutes: usize,
    headings: Vec<ListedHeading<'a>>,
    credits: &'a [String],
    /// What `--show` takes for it.
    number: usize,
    /// Read, by the reader's reading state.
    read: bool,
    /// Bookmarked.
    bookmarked: bool,
    #[serde(flatten)]
    details: ListedDetails<'a>,
}

/// What a structured format said of an article; absent for plain text.
#[derive(Serialize)]
struct ListedDetails<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    /// RFC 3339, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    links: &'a [String],
}

impl<'a> ListedDetails<'a> {
    fn of(article: &'a Article) -> Self {
        let details = article.details.as_deref();
        ListedDetails {
            url: details.and_then(|details| details.url.as_deref()),
            author: details.and_then(|details| details.author.as_deref()),
            published: details
                .and_then(|details| details.published)
                .map(|date| date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            links: details.map_or(&[], |details| details.links.as_slice()),
        }
    }
}

#[derive(Serialize)]
struct ListedHeading<'a> {
    title: &'a str,
    line: usize,
}

/// The listing as a JSON array, one object per article, with its number
/// for `--show` and whether it is read (`read(id)`) and bookmarked
/// (`bookmarked(id)`).
pub fn list_json(
    library: &Library,
    read: &dyn Fn(&str) -> bool,
    bookmarked: &dyn Fn(&str) -> bool,
) -> String {
    let listed: Vec<ListedArticle<'_>> = library
        .articles
        .iter()
        .enumerate()
        .map(|(index, article)| {
            let id = library.id(article).to_string();
            ListedArticle {
                number: index + 1,
                read: read(&id),
                bookmarked: bookmarked(&id),
                id,
                title: library.title(article),
                source: library.source_name(article),
                line: article.line,
                truncated: article.truncated,
                words: article.words,
                reading_minutes: article.reading_minutes(),
                headings: library
                    .headings(article)
                    .map(|block| ListedHeading {
                        title: library.block_text(article, block),
                        line: block.line,
                    })
                    .collect(),
                credits: &article.credits,
                details: ListedDetails::of(article),
            }
        })
        .collect();
    inert_json(&listed)
}

/// Text hits listed per article in `--filter --json`.
const JSON_TEXT_HITS: usize = 5;

/// `--filter` output: matching headlines, best first, one per line.
pub fn filter_text(library: &Library, results: &Results) -> String {
    let mut out = String::new();
    for found in &results.matches {
        if let Some(article) = library.articles.get(found.index as usize) {
            out.push_str(library.title(article));
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct FilteredArticle<'a> {
    id: String,
    title: &'a str,
    source: &'a str,
    line: usize,
    score: i64,
    #[serde(rename = "where")]
    place: &'static str,
    positions: Vec<usize>,
    text_hits: Vec<TextHit>,
    #[serde(flatten)]
    details: ListedDetails<'a>,
}

#[derive(Serialize)]
struct TextHit {
    line: usize,
    column: usize,
}

/// `--filter --json` output: each match with its score, where it matched,
/// the headline characters matched and, for text matches, the first hits.
pub fn filter_json(index: &SearchIndex, results: &Results) -> String {
    let library = index.library();
    let query = Query::parse(&results.query);
    let compiled = CompiledQuery::new(query.clone());
    let listed: Vec<FilteredArticle<'_>> = results
        .matches
        .iter()
        .filter_map(|found| {
            let position = found.index as usize;
            let article = library.articles.get(position)?;
            Some(FilteredArticle {
                details: ListedDetails::of(article),
                id: library.id(article).to_string(),
                title: library.title(article),
                source: library.source_name(article),
                line: article.line,
                score: found.score,
                place: match found.place() {
                    Where::Title => "title",
                    Where::Text => "text",
                },
                positions: compiled.title_positions(index, position),
                text_hits: match found.place() {
                    Where::Title => Vec::new(),
                    Where::Text => first_text_hits(library, article, &query),
                },
            })
        })
        .collect();
    inert_json(&listed)
}

/// Where the query's words first occur in an article's text, as source lines
/// and 1-based character columns.
fn first_text_hits(library: &Library, article: &Article, query: &Query) -> Vec<TextHit> {
    let mut hits = Vec::new();
    for block in library.blocks(article) {
        let text = library.block_text(article, block);
        for range in text_hits(text, query, JSON_TEXT_HITS - hits.len()) {
            hits.push(TextHit {
                line: block.line,
                column: text[..range.start].chars().count() + 1,
            });
        }
        if hits.len() >= JSON_TEXT_HITS {
            break;
        }
    }
    hits
}

/// `--bookmarks`: newest first, one per line: date, title, source. Text
/// from the bookmarks file is made inert: a person or program may edit it.
pub fn bookmarks_text(bookmarks: &[&Bookmark]) -> String {
    let mut out = String::new();
    for bookmark in bookmarks {
        let date = bookmark.added.get(..10).unwrap_or(&bookmark.added);
        // A source named in parentheses already, "(bundled sample)", is
        // not wrapped twice.
        let source = inert(&bookmark.source);
        let source = if source.starts_with('(') && source.ends_with(')') {
            source
        } else {
            format!("({source})")
        };
        out.push_str(&format!(
            "{}  {}  {source}\n",
            inert(date),
            inert(&bookmark.title),
        ));
    }
    out
}

/// `--bookmarks --json` and `--export-bookmarks json`: the bookmarks as a
/// JSON array, newest first.
pub fn bookmarks_json(bookmarks: &[&Bookmark]) -> String {
    inert_json(bookmarks)
}

/// `value` as pretty JSON and a final newline, with every character that
/// could act on a terminal escaped (`\u009b`, `\u202e`): serde_json escapes
/// only C0 controls, and a bookmarks file is whatever someone wrote in it.
fn inert_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".to_string());
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        // Raw line breaks are the layout's own; inside strings they are
        // escaped already.
        if c != '\n' && acts_on_terminal(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// `--export-bookmarks md`: a Markdown reading list.
pub fn bookmarks_markdown(bookmarks: &[&Bookmark]) -> String {
    let mut out = String::from("# Reading list\n\n");
    for bookmark in bookmarks {
        let date = bookmark.added.get(..10).unwrap_or(&bookmark.added);
        out.push_str(&format!(
            "- [ ] {} — {}, saved {}\n",
            markdown_escape(&inert(&bookmark.title)),
            markdown_escape(&inert(&bookmark.source)),
            inert(date)
        ));
    }
    out
}

/// Escapes the characters Markdown would read as markup in a list item.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One article as wrapped plain text: headline underlined with `=`, meta
/// line, body with headings underlined with `-` and preformatted lines
/// indented four spaces, and the excerpt note in brackets.
pub fn show_text(library: &Library, article: &Article, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::new();
    let mut previous = None;
    for part in parts(library, article) {
        match part {
            Part::Title(title) => {
                push_underlined(&mut out, title, '=', width);
                out.push('\n');
            }
            Part::Meta(meta) => push_wrapped(&mut out, &meta, width),
            Part::Block { kind, text, .. } => {
                let together = tight(previous, kind);
                previous = Some(kind);
                if !together {
                    out.push('\n');
                }
                match kind {
                    BlockKind::Paragraph => push_wrapped(&mut out, &text, width),
                    BlockKind::Quote | BlockKind::ListItem { .. } => {
                        let (first, rest) = lead(kind, &text);
                        push_hanging(&mut out, &text, width, &first, &rest);
                    }
                    BlockKind::Preformatted => {
                        for line in preformatted_lines(&text) {
                            if !line.is_empty() {
                                out.push_str("    ");
                                out.push_str(line);
                            }
                            out.push('\n');
                        }
                    }
                    BlockKind::Heading => {
                        out.push('\n');
                        push_underlined(&mut out, &text, '-', width);
                    }
                }
            }
            Part::ExcerptNote { .. } => {
                out.push('\n');
                push_wrapped(&mut out, &format!("[{EXCERPT_NOTE}]"), width);
            }
            Part::Links { links, .. } => {
                out.push_str("\n\n");
                push_underlined(&mut out, "Links", '-', width);
                let digits = links.len().to_string().len();
                for (index, link) in links.iter().enumerate() {
                    let label = format!("[{:>digits$}] ", index + 1);
                    let hang = " ".repeat(label.len());
                    push_hanging(&mut out, &format!("{label}{link}"), width, "", &hang);
                }
            }
        }
    }
    out
}

/// `text` wrapped to `width` with `first` before its first line and `rest`
/// before the others (a list item's hanging indent, a quote's bar).
fn push_hanging(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    let inner = width.saturating_sub(rest.width()).max(1);
    let mut prefix = first;
    wrap(text, inner, &mut |line: &str| {
        out.push_str(prefix);
        out.push_str(line);
        out.push('\n');
        prefix = rest;
    });
}

/// `text` wrapped to `width`, each line ended.
fn push_wrapped(out: &mut String, text: &str, width: usize) {
    wrap(text, width, &mut |line: &str| {
        out.push_str(line);
        out.push('\n');
    });
}

/// `text` wrapped to `width` and underlined with `rule` as wide as its
/// widest line, each line ended.
fn push_underlined(out: &mut String, text: &str, rule: char, width: usize) {
    let mut widest = 0;
    wrap(text, width, &mut |line: &str| {
        widest = widest.max(line.width());
        out.push_str(line);
        out.push('\n');
    });
    out.extend(std::iter::repeat_n(rule, widest));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::filter::engine::Engine;

    fn library(text: &str) -> Library {
        Library::from_text("test.txt", text)
    }

    #[test]
    fn listing_aligns_columns_and_marks_excerpts() {
        let lib = library(
            "Short headline here\n\none two three.\n\nContinue reading Short headline here\n\nA much longer headline here\n\nfour five.",
        );
        let text = list_text(&lib, None);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 2);
        // Titles pad to the longest (27 columns); words right-align in 5.
        let gap = " ".repeat(8 + 2 + 4);
        assert_eq!(
            rows[0],
            format!("1  Short headline here{gap}3 words   1 min  excerpt")
        );
        let gap = " ".repeat(2 + 4);
        assert_eq!(
            rows[1],
            format!("2  A much longer headline here{gap}2 words   1 min")
        );
    }

    #[test]
    fn listing_fits_titles_to_the_width() {
        let lib = library("A headline that is rather long indeed\n\nbody.");
        let text = list_text(&lib, Some(50));
        assert!(text.lines().all(|row| row.width() <= 50), "{text}");
        assert!(text.contains('…'));
    }

    #[test]
    fn json_lists_the_fields_readers_need() {
        let lib = library(
            "Delegation visits the capital\n\nThe following article was first published by the Wire.\n\nWire Story on the Visit\n\nbody.",
        );
        let first_id = lib.id(&lib.articles[0]).to_string();
        let read = |id: &str| id == first_id;
        let json: serde_json::Value =
            serde_json::from_str(&list_json(&lib, &read, &|_| true)).expect("valid JSON");
        let first = &json[0];
        assert_eq!(first["number"], 1);
        assert_eq!(
            (first["read"].as_bool(), first["bookmarked"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(first["title"], "Delegation visits the capital");
        assert_eq!(first["source"], "test.txt");
        assert_eq!(first["line"], 1);
        assert_eq!(first["truncated"], false);
        assert_eq!(first["headings"][0]["title"], "Wire Story on the Visit");
        assert_eq!(first["headings"][0]["line"], 5);
        assert_eq!(first["credits"][0], "Wire");
        assert_eq!(first["id"].as_str().map(str::len), Some(16));
    }

    fn search(text: &str, query: &str) -> (Arc<SearchIndex>, Arc<Results>) {
        let index = Arc::new(SearchIndex::new(Arc::new(library(text))));
        let results = Engine::new(index.clone()).search(query);
        (index, results)
    }

    const TWO: &str = "Norway backs a ceasefire\n\nBody.\n\nContinue reading →\n\nRoads for Oslo\n\nThe plan.\n\nMore on Norway here.";

    #[test]
    fn filter_text_prints_titles_best_first() {
        let (index, results) = search(TWO, "norway");
        assert_eq!(
            filter_text(index.library(), &results),
            "Norway backs a ceasefire\nRoads for Oslo\n"
        );
    }

    #[test]
    fn filter_json_says_where_and_which_characters_matched() {
        let (index, results) = search(TWO, "norway");
        let json: serde_json::Value =
            serde_json::from_str(&filter_json(&index, &results)).expect("valid JSON");
        assert_eq!(json[0]["where"], "title");
        assert_eq!(json[0]["positions"], serde_json::json!([0, 1, 2, 3, 4, 5]));
        assert_eq!(json[0]["text_hits"], serde_json::json!([]));
        assert_eq!(json[1]["where"], "text");
        assert_eq!(json[1]["score"], 1, "one hit");
        // "More on Norway here." is line 11; "Norway" starts at column 9.
        assert_eq!(
            json[1]["text_hits"],
            serde_json::json!([{"line": 11, "column": 9}])
        );
        assert_eq!(json[1]["line"], 7);
    }

    fn saved(title: &str) -> Bookmark {
        Bookmark {
            id: "00000000000000ab".into(),
            title: title.into(),
            source: "news.txt".into(),
            added: "2026-11-29T21:58:03Z".into(),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn bookmarks_print_inert_whatever_the_file_says() {
        let hostile = saved("Evil\u{1b}]52;c;x\u{7} title");
        let text = bookmarks_text(&[&hostile]);
        assert_eq!(
            text,
            "2026-11-29  Evil\u{FFFD}]52;c;x\u{FFFD} title  (news.txt)\n"
        );
        let markdown = bookmarks_markdown(&[&saved("A *bold* [link]")]);
        assert_eq!(
            markdown,
            "# Reading list\n\n- [ ] A \\*bold\\* \\[link\\] — news.txt, saved 2026-11-29\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&bookmarks_json(&[&hostile])).expect("valid JSON");
        assert_eq!(json[0]["id"], "00000000000000ab");
        assert!(!bookmarks_json(&[&hostile]).contains('\u{1b}'));
    }

    #[test]
    fn a_source_in_parentheses_is_not_wrapped_twice() {
        let mut sample = saved("From the sample");
        sample.source = crate::library::SAMPLE_NAME.into();
        assert_eq!(
            bookmarks_text(&[&sample]),
            "2026-11-29  From the sample  (bundled sample)\n"
        );
    }

    #[test]
    fn json_escapes_c1_controls_bidi_overrides_and_tags_too() {
        let title = "a\u{9b}2J b\u{9d}52 c\u{202e}d e\u{e0041}f";
        let json = bookmarks_json(&[&saved(title)]);
        assert!(
            json.chars().all(|c| c == '\n' || !acts_on_terminal(c)),
            "{json:?}"
        );
        for escaped in ["\\u009b", "\\u009d", "\\u202e", "\\udb40\\udc41"] {
            assert!(json.contains(escaped), "{escaped} in {json}");
        }
        // Escaped, not lost: the file's text reads back as it was.
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back[0]["title"], title);
    }

    #[test]
    fn show_wraps_to_the_width_and_sets_headings_apart() {
        let mut lib = Library::outlined(
            "= A headline\n\nalpha beta gamma delta epsilon zeta eta theta.\n\n== Key points\n\niota kappa.",
        );
        lib.articles[0].truncated = true;
        let text = show_text(&lib, &lib.articles[0], 20);
        assert!(text.lines().all(|line| line.width() <= 20), "{text}");
        assert!(text.starts_with("A headline\n==========\n"));
        assert!(text.contains("\n\nKey points\n----------\n"));
        assert!(text.contains("alpha beta gamma\ndelta epsilon zeta\neta theta."));
        assert!(text.contains("[Excerpt:"));
    }
}
