//! Structured inputs end to end: each fixture format through the binary,
//! as a person would open it, and hostile versions of each, with every
//! output checked inert (nothing that acts on a terminal).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Where the tests' parse cache goes: inside the build's target directory,
/// never the cache of the person running them.
const TEST_CACHE: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/parse-cache");

fn folio(args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("folio"))
        .env("FOLIO_CACHE_DIR", TEST_CACHE)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("folio runs")
}

/// Whether `text` has nothing that acts on a terminal: no control
/// character but the line end, and no bidi or other format character.
fn is_inert(text: &str) -> bool {
    !text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    })
}

/// Every kind of output folio prints for `path`, each checked inert;
/// returns the `--list --json` array.
fn every_output_inert(path: &str) -> Vec<Value> {
    let mut listed = Vec::new();
    for args in [
        vec!["--list", path],
        vec!["--list", "--json", path],
        vec!["--show", "1", path],
        vec!["--show", "2", path],
        vec!["--filter", "a", path],
        vec!["--filter", "a", "--json", path],
    ] {
        let output = folio(&args);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            is_inert(&stdout),
            "{args:?} printed something live: {stdout:?}"
        );
        assert!(
            is_inert(&stderr),
            "{args:?} said something live: {stderr:?}"
        );
        if args[1] == "--json" && args[0] == "--list" && output.status.success() {
            listed = serde_json::from_slice::<Vec<Value>>(&output.stdout).expect("JSON");
        }
    }
    listed
}

fn titles(listed: &[Value]) -> Vec<&str> {
    listed
        .iter()
        .map(|article| article["title"].as_str().unwrap_or(""))
        .collect()
}

fn list_json(path: &Path) -> Vec<Value> {
    let output = folio(&["--list", "--json", &path.display().to_string()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// `--show number` at width 72, run from the file's folder with its bare
/// name, so the meta line (which starts with the source's name) wraps the
/// same wherever the checkout lives.
fn show(path: &Path, number: usize) -> String {
    let folder = path.parent().expect("a fixture has a folder");
    let name = path.file_name().expect("a fixture has a name");
    let output = Command::new(assert_cmd::cargo::cargo_bin("folio"))
        .env("FOLIO_CACHE_DIR", TEST_CACHE)
        .current_dir(folder)
        .args(["--show", &number.to_string(), "--width", "72"])
        .arg(name)
        .stdin(Stdio::null())
        .output()
        .expect("folio runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn an_rss_feed_lists_each_item_with_link_author_and_date() {
    let listed = list_json(&fixture("feed.rss"));
    assert_eq!(
        titles(&listed),
        [
            "Dredging starts on the north quay",
            "Regatta entries open",
            "Tide tables for April"
        ]
    );
    assert_eq!(
        listed[0]["url"],
        "https://harbour.example.org/2024/03/dredging"
    );
    assert_eq!(listed[0]["author"], "Mara Quill");
    assert_eq!(listed[0]["published"], "2024-03-05T08:30:00Z");
    assert_eq!(
        listed[0]["links"],
        serde_json::json!([
            "https://harbour.example.org/moorings/temporary",
            "https://harbour.example.org/notices"
        ])
    );
    let shown = show(&fixture("feed.rss"), 1);
    for expected in [
        "by Mara Quill · 5 Mar 2024",
        "What changes for boat owners\n----------------------------",
        "• Moorings 1–40 move to the temporary pontoon[1].\n• The fuel berth",
        "  1. weekdays 7–19\n  2. weekends 8–16",
        "│ We have waited nine years for this work.",
        "    Week 2  dredging    (north)",
        "[image: The north quay at low tide]",
        "[1] https://harbour.example.org/moorings/temporary",
    ] {
        assert!(shown.contains(expected), "{expected:?} not in:\n{shown}");
    }
}

#[test]
fn atom_and_json_feeds_read_alike() {
    let atom = list_json(&fixture("feed.atom"));
    assert_eq!(
        titles(&atom),
        ["Why inline is a hint", "Reading assembly without fear"]
    );
    assert_eq!(
        atom[0]["author"], "Ivo Brandt",
        "the feed's author stands in"
    );
    assert_eq!(
        atom[1]["published"], "2024-03-20T09:00:00Z",
        "updated, for want of published"
    );
    let json = list_json(&fixture("feed.json"));
    assert_eq!(titles(&json), ["Saving tomato seed", "Beans that climb"]);
    assert_eq!(json[0]["author"], "Rosa Mendel");
    assert!(
        show(&fixture("feed.json"), 2).contains("Runner beans need poles by June.\n\nSow after")
    );
}

#[test]
fn a_saved_news_page_is_its_main_text_without_the_furniture() {
    let listed = list_json(&fixture("news-page.html"));
    assert_eq!(
        titles(&listed),
        ["Night trains return to the valley line"],
        "no | site suffix"
    );
    assert_eq!(listed[0]["author"], "Jo Penn");
    assert_eq!(
        listed[0]["url"],
        "https://courier.example.org/transport/night-trains"
    );
    let shown = show(&fixture("news-page.html"), 1);
    assert!(shown.contains("After a gap of eleven years"));
    assert!(shown.contains("│ It is the best news for the valley in a decade."));
    for furniture in [
        "Log in",
        "Advertisement",
        "All rights reserved",
        "window.tracking",
        "font-family",
    ] {
        assert!(!shown.contains(furniture), "{furniture} kept:\n{shown}");
    }
}

#[test]
fn a_front_page_gives_each_post_with_its_link_and_date() {
    let listed = list_json(&fixture("front-page.html"));
    assert_eq!(
        titles(&listed),
        [
            "Sharpening a card scraper",
            "Which glue for outdoor joints",
            "Building a bench from one board"
        ]
    );
    assert_eq!(
        listed[0]["url"],
        "https://journal.example.com/2024/07/sharpening"
    );
    assert_eq!(listed[1]["published"], "2024-07-12T00:00:00Z");
    let shown = show(&fixture("front-page.html"), 1);
    assert!(
        !shown.contains("Read more"),
        "a link to the post itself is not its text"
    );
}

#[test]
fn a_markdown_post_takes_its_title_from_front_matter() {
    let listed = list_json(&fixture("post.md"));
    assert_eq!(titles(&listed), ["Keeping a garden diary"]);
    assert_eq!(listed[0]["author"], "Ann Lee");
    let shown = show(&fixture("post.md"), 1);
    for expected in [
        "• What you sowed, and where\n  • the variety",
        "1. Open the diary.\n2. Write one line.",
        "│ The best fertiliser is the gardener's shadow.",
        "    2024-03-02  broad beans, bed 3, cold",
        "See the almanac[1] and [image: a sketch of bed 3].",
        "[1] https://example.org/almanac",
    ] {
        assert!(shown.contains(expected), "{expected:?} not in:\n{shown}");
    }
    assert!(!shown.contains("tags:"), "front matter is not body text");
}

#[test]
fn a_mailbox_gives_each_message() {
    let listed = list_json(&fixture("letters.mbox"));
    assert_eq!(
        titles(&listed),
        [
            "Issue 41: winter birds",
            "Issue 42: frost",
            "Only HTML inside"
        ]
    );
    assert_eq!(listed[0]["author"], "The Weekly Letter");
    assert_eq!(listed[1]["published"], "2024-01-08T09:00:00Z");
    let first = show(&fixture("letters.mbox"), 1);
    assert!(
        first.contains("and how to tell a marsh tit\nfrom a willow tit."),
        "lines flow and wrap to the width:\n{first}"
    );
    assert!(first.contains("│ Last week you asked about robins."));
    let third = show(&fixture("letters.mbox"), 3);
    assert!(
        third.contains("The reading room opens late on Friday. Hours[1]"),
        "{third}"
    );
    assert!(!third.contains("alert"));
}

/// An EPUB of `chapters` (title, body HTML), made in memory.
fn epub(chapters: &[(&str, &str)]) -> Vec<u8> {
    let mut builder = rbook::Epub::builder()
        .identifier("urn:folio-test")
        .title("A Test Book")
        .author("Test Author")
        .language("en");
    for (title, body) in chapters {
        builder = builder
            .chapter(rbook::epub::EpubChapter::new(*title).xhtml_body(body.as_bytes().to_vec()));
    }
    builder.write().to_vec().expect("an EPUB in memory")
}

#[test]
fn an_epub_gives_each_chapter_in_reading_order() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("book.epub");
    fs::write(
        &path,
        epub(&[
            (
                "The Harbour",
                "<h1>The Harbour</h1><p>Boats came in at <em>dusk</em>.</p>",
            ),
            ("The Hill", "<p>The hill road was steep.</p>"),
        ]),
    )
    .expect("write");
    let listed = list_json(&path);
    assert_eq!(titles(&listed), ["The Harbour", "The Hill"]);
    assert_eq!(listed[0]["author"], "Test Author");
    assert!(show(&path, 2).contains("The hill road was steep."));
    every_output_inert(&path.display().to_string());
}

#[test]
fn a_zip_bomb_epub_is_refused_without_unpacking() {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("bomb.epub");
    let file = fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("entry");
    zip.write_all(b"application/epub+zip").expect("write");
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("OEBPS/zeros.xhtml", deflated)
        .expect("entry");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..600 {
        zip.write_all(&zeros).expect("write");
    }
    zip.finish().expect("finish");
    let output = folio(&["--list", &path.display().to_string()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "folio: {}: not unpacked: it would unpack to 629 MB, more than an e-book would; skipped",
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_broken_feed_is_named_and_the_other_inputs_still_load() {
    let dir = TempDir::new().expect("temp dir");
    let broken = dir.path().join("broken.rss");
    fs::write(
        &broken,
        "<?xml version=\"1.0\"?><rss><channel><item><title>Cut off",
    )
    .expect("write");
    let output = folio(&[
        "--list",
        &broken.display().to_string(),
        &fixture("post.md").display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "folio: {}: not a readable feed: ",
            broken.display()
        )),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Keeping a garden diary"));
}

/// Hostile inputs of every format: each loads (or is refused with a
/// message) and nothing it carries reaches the terminal live.
#[test]
fn hostile_inputs_stay_inert() {
    let dir = TempDir::new().expect("temp dir");
    let escape = "\u{1b}[31mRED\u{1b}]52;c;SGVsbG8=\u{7}\u{9b}2J\u{202e}";
    let cases: Vec<(&str, String)> = vec![
        (
            "escapes.rss",
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
                 <item><title>Title {escape}</title><link>javascript:alert(1)</link>\
                 <description><![CDATA[<p>Body {escape}<script>document.write('x')</script>\
                 <a href=\"javascript:alert(2)\">click</a></p>]]></description></item>\
                 <item><title>Two</title><description>a</description></item></channel></rss>"
            ),
        ),
        (
            "laughs.rss",
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">\
             <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
             <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\
             <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\
             <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\
             <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\
             <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\
             <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\
             <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>\
             <rss version=\"2.0\"><channel><title>t</title><item><title>&lol9;</title>\
             <description>laughs</description></item></channel></rss>"
                .to_string(),
        ),
        (
            "escapes.html",
            format!(
                "<!DOCTYPE html><html><head><title>Page {escape}</title></head><body><article>\
                 <h1>Page {escape}</h1><p>{}</p><p>Text {escape} <a href=\"javascript:x()\">j</a>\
                 <img alt=\"{escape}\" src=x></p><script>alert(1)</script><style>*{{}}</style>\
                 </article></body></html>",
                "Long enough paragraph for readability to pick it as the text. ".repeat(10)
            ),
        ),
        (
            "escapes.md",
            format!(
                "---\ntitle: \"Post {escape}\"\n---\n\nText {escape}\n\n```\ncode {escape}\n```\n\n<script>x</script>\n\n[j](javascript:alert(1))\n"
            ),
        ),
        (
            "escapes.mbox",
            format!(
                "From a@b Mon Jan  1 00:00:00 2024\nSubject: Mail {escape}\nFrom: \"Evil {escape}\" <a@b>\n\nBody {escape}\n\n\
                 From a@b Mon Jan  1 00:00:00 2024\nSubject: =?utf-8?B?G1szMW1y?=\nFrom: a@b\n\nTwo\n"
            ),
        ),
    ];
    for (name, content) in cases {
        let path = dir.path().join(name);
        fs::write(&path, content).expect("write");
        let listed = every_output_inert(&path.display().to_string());
        assert!(!listed.is_empty(), "{name} loads");
        for article in &listed {
            if let Some(url) = article["url"].as_str() {
                assert!(url.starts_with("http"), "{name}: {url}");
            }
            for link in article["links"].as_array().into_iter().flatten() {
                assert!(
                    link.as_str().is_some_and(|link| link.starts_with("http")),
                    "{name}: {link}"
                );
            }
        }
        let shown = show(&path, 1);
        assert!(
            !shown.contains("alert") && !shown.contains("document.write"),
            "{name}: {shown}"
        );
    }
}

#[test]
fn broken_encodings_and_huge_attributes_still_load() {
    let dir = TempDir::new().expect("temp dir");
    let latin1 = dir.path().join("latin1.html");
    fs::write(
        &latin1,
        b"<html><body><article><h1>Caf\xe9 news</h1><p>Cr\xe8me br\xfbl\xe9e \x1b[2J for all.</p></article></body></html>",
    )
    .expect("write");
    let listed = every_output_inert(&latin1.display().to_string());
    assert_eq!(titles(&listed), ["Caf\u{fffd} news"]);

    let huge = dir.path().join("huge.html");
    let mut page = String::from("<html><body><article><h1>Big</h1><p data-x=\"");
    page.push_str(&"x".repeat(100 * 1024 * 1024));
    page.push_str("\">Small text.</p></article></body></html>");
    fs::write(&huge, page).expect("write");
    let output = folio(&["--show", "1", &huge.display().to_string()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("Small text.") && shown.len() < 10_000,
        "the attribute is not text"
    );
}

#[test]
fn an_empty_page_has_no_articles_and_says_so() {
    let dir = TempDir::new().expect("temp dir");
    let empty = dir.path().join("empty.html");
    fs::write(&empty, "<html><body></body></html>").expect("write");
    let output = folio(&["--list", &empty.display().to_string()]);
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "folio: no articles were found\n"
    );
}
