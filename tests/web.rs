//! Addresses as inputs, end to end through the binary against a server on
//! loopback (`support/http.rs`): what a feed or page served over HTTP reads
//! as, and the one sentence each way a fetch can fail says. Never the
//! internet.

#[path = "support/http.rs"]
mod http;

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use http::{Reply, Server};
use serde_json::Value;
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    fs::read(fixture(name)).expect("fixture reads")
}

/// folio with its own empty config directory, `config` as its config
/// file, and no proxy from the environment of whoever runs the tests.
fn folio(config: &str, args: &[&str]) -> Output {
    folio_with_env(config, args, &[])
}

/// [`folio`] with `env` set after the proxy variables are cleared.
fn folio_with_env(config: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = TempDir::new().expect("temp dir");
    folio_in(dir.path(), config, args, env)
}

/// [`folio_with_env`] with `dir` as its config directory, so what one run
/// keeps (in `dir/cache/web`) the next one finds.
fn folio_in(dir: &Path, config: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let file = dir.join("config.toml");
    fs::write(&file, config).expect("config written");
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("folio"));
    for proxy in ["http_proxy", "https_proxy", "all_proxy", "no_proxy"] {
        command
            .env_remove(proxy)
            .env_remove(proxy.to_ascii_uppercase());
    }
    command
        .envs(env.iter().copied())
        .env("FOLIO_CONFIG_DIR", dir)
        .env_remove("FOLIO_CACHE_DIR")
        .arg("--no-cache")
        .arg("--config")
        .arg(&file)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("folio runs")
}

/// The `--list --json` array for `input`, each article without its
/// `source` (a file and an address name theirs differently).
fn listed(input: &str) -> Vec<Value> {
    let output = folio("", &["--list", "--json", input]);
    assert!(
        output.status.success(),
        "{input}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON array");
    for article in &mut articles {
        article.as_object_mut().expect("object").remove("source");
    }
    articles
}

fn titles(articles: &[Value]) -> Vec<&str> {
    articles
        .iter()
        .map(|article| article["title"].as_str().expect("a title"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that folio's first words on stderr were `start`.
fn assert_says(output: &Output, start: &str) {
    let said = stderr(output);
    assert!(said.starts_with(start), "expected {start:?}, got {said:?}");
}

#[test]
fn a_feed_page_or_dump_served_reads_exactly_as_the_same_file() {
    let server = Server::start(|request| match request.path.as_str() {
        "/feed" => Reply::ok(
            "application/rss+xml; charset=utf-8",
            fixture_bytes("formats/feed.rss"),
        ),
        "/page" => Reply::ok("text/html", fixture_bytes("formats/front-page.html")),
        "/dump" => Reply::ok("text/plain", fixture_bytes("news-site.txt")),
        "/notes.md" => Reply::ok("application/octet-stream", fixture_bytes("formats/post.md")),
        _ => Reply::status(404),
    });
    for (path, file) in [
        ("/feed", "formats/feed.rss"),
        ("/page", "formats/front-page.html"),
        ("/dump", "news-site.txt"),
        ("/notes.md", "formats/post.md"),
    ] {
        let from_file = listed(fixture(file).to_str().expect("UTF-8 path"));
        assert!(!from_file.is_empty(), "{file} has articles");
        assert_eq!(
            listed(&server.url(path)),
            from_file,
            "{path} against {file}"
        );
    }
    let feed = listed(&server.url("/feed"));
    assert_eq!(titles(&feed)[0], "Dredging starts on the north quay");
    let agent = server.requests()[0]
        .header("user-agent")
        .map(str::to_string)
        .unwrap_or_default();
    assert!(agent.starts_with("folio/"), "User-Agent: {agent}");
}

#[test]
fn content_decides_when_the_server_names_the_wrong_type() {
    let server = Server::start(|request| match request.path.as_str() {
        "/feed" => Reply::ok("text/plain", fixture_bytes("formats/feed.rss")),
        "/page" => Reply::ok(
            "application/octet-stream",
            fixture_bytes("formats/front-page.html"),
        ),
        "/feed-as-html" => Reply::ok("text/html", fixture_bytes("formats/feed.atom")),
        _ => Reply::status(404),
    });
    for (path, file) in [
        ("/feed", "formats/feed.rss"),
        ("/page", "formats/front-page.html"),
        ("/feed-as-html", "formats/feed.atom"),
    ] {
        let from_file = listed(fixture(file).to_str().expect("UTF-8 path"));
        assert_eq!(
            listed(&server.url(path)),
            from_file,
            "{path} against {file}"
        );
    }
}

#[test]
fn redirects_are_followed_and_a_loop_ends_with_a_sentence() {
    let server = Server::start(|request| match request.path.as_str() {
        "/old" => Reply::redirect("/older"),
        "/older" => Reply::redirect("/feed"),
        "/feed" => Reply::ok("application/rss+xml", fixture_bytes("formats/feed.rss")),
        "/loop" => Reply::redirect("/loop"),
        _ => Reply::status(404),
    });
    assert_eq!(listed(&server.url("/old")), listed(&server.url("/feed")));

    let looping = server.url("/loop");
    let output = folio("", &["--list", &looping]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "folio: {looping}: more than 10 redirects (a loop?); skipped\n\
             folio: nothing could be loaded\n"
        )
    );
    let asked = server
        .requests()
        .iter()
        .filter(|request| request.path == "/loop")
        .count();
    assert!((10..=12).contains(&asked), "asked for /loop {asked} times");
}

#[test]
fn an_error_status_is_named_and_the_other_inputs_still_load() {
    let server = Server::start(|request| match request.path.as_str() {
        "/gone" => Reply::status(404),
        _ => Reply::status(500),
    });
    let gone = server.url("/gone");
    let broken = server.url("/broken");
    let file = fixture("formats/feed.json");
    let output = folio(
        "",
        &[
            "--list",
            "--json",
            &gone,
            file.to_str().expect("path"),
            &broken,
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!(
            "folio: {gone}: the server answered HTTP 404 Not Found; skipped\n\
             folio: {broken}: the server answered HTTP 500 Internal Server Error; skipped\n"
        )
    );
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        titles(&articles),
        ["Saving tomato seed", "Beans that climb"]
    );
}

#[test]
fn a_slow_server_times_out_and_an_endless_body_stops_at_the_cap() {
    let server = Server::start(|request| match request.path.as_str() {
        "/slow" => Reply::Slow(Duration::from_secs(5)),
        _ => Reply::Endless,
    });
    let config = "[web]\ntimeout-seconds = 1\nmax-megabytes = 1\n";
    let slow = server.url("/slow");
    let output = folio(config, &["--list", &slow]);
    assert_eq!(output.status.code(), Some(2));
    assert_says(
        &output,
        &format!("folio: {slow}: no answer within 1 s (timed out); skipped\n"),
    );

    let endless = server.url("/endless");
    let output = folio("[web]\nmax-megabytes = 1\n", &["--list", &endless]);
    assert_says(
        &output,
        &format!(
            "folio: {endless}: larger than 1 MB, folio's limit ([web] max-megabytes); skipped\n"
        ),
    );
}

#[test]
fn a_gzipped_body_is_read_unzipped() {
    let server = Server::start(|request| {
        let body = fixture_bytes("formats/feed.rss");
        let accepts = request
            .header("accept-encoding")
            .is_some_and(|encodings| encodings.contains("gzip"));
        if !accepts {
            return Reply::status(406);
        }
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(&body).expect("gzip");
        Reply::Full {
            status: 200,
            headers: vec![
                ("Content-Type".into(), "application/rss+xml".into()),
                ("Content-Encoding".into(), "gzip".into()),
            ],
            body: encoder.finish().expect("gzip ends"),
        }
    });
    let from_file = listed(fixture("formats/feed.rss").to_str().expect("path"));
    assert_eq!(listed(&server.url("/feed")), from_file);
}

#[test]
fn nothing_listening_binary_bodies_and_bad_addresses_each_say_what_happened() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("address").port()
    };
    let refused = format!("http://127.0.0.1:{port}/feed");
    let output = folio("", &["--list", &refused]);
    assert_says(
        &output,
        &format!("folio: {refused}: connection refused; skipped\n"),
    );

    let server =
        Server::start(|_| Reply::ok("application/rss+xml", fixture_bytes("formats/image.png")));
    let image = server.url("/feed");
    let output = folio("", &["--list", &image]);
    assert_says(
        &output,
        &format!("folio: {image} looks like a binary file (NUL byte at offset"),
    );

    let output = folio("", &["--list", "http://"]);
    assert_says(&output, "folio: http://: not an address folio can fetch");
}

#[test]
fn a_bad_web_option_is_reported_with_its_line() {
    let output = folio("[web]\nmax-megabytes = 0\n", &["--check-config"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("web.max-megabytes: expected a whole number of megabytes from 1 to 65535"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_proxy_named_in_the_environment_is_asked_instead_of_the_host() {
    // The proxy is asked to CONNECT to the host, then answers as it.
    let proxy = Server::start(|request| match request.path.as_str() {
        "/notes" => Reply::ok("application/feed+json", fixture_bytes("formats/feed.json")),
        _ => Reply::status(404),
    });
    let output = folio_with_env(
        "",
        &["--list", "--json", "http://feeds.invalid/notes"],
        &[("HTTP_PROXY", &proxy.url(""))],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        titles(&articles),
        ["Saving tomato seed", "Beans that climb"]
    );
    let asked = proxy.requests();
    assert_eq!(asked[0].method, "CONNECT");
    assert_eq!(asked[0].path, "feeds.invalid:80");
}

/// An RSS feed of one item per title, newest first.
fn rss(titles: &[&str]) -> String {
    let items: String = titles
        .iter()
        .map(|title| {
            format!(
                "<item><title>{title}</title><description>The story of {title}, told in a \
                 sentence or two.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kept</title>{items}</channel></rss>"
    )
}

/// 200 with [`rss`] of `titles` and the validator `etag`.
fn feed_tagged(titles: &[&str], etag: &str) -> Reply {
    Reply::Full {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/rss+xml".into()),
            ("ETag".into(), etag.into()),
        ],
        body: rss(titles).into_bytes(),
    }
}

/// The titles `--list --json` gives for `args` run in `dir`, and stderr.
fn listed_in(dir: &Path, args: &[&str]) -> (Vec<String>, String) {
    let mut all = vec!["--list", "--json"];
    all.extend(args);
    let output = folio_in(dir, "", &all, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON array");
    let titles = titles(&articles).into_iter().map(str::to_string).collect();
    (titles, stderr(&output))
}

/// The copies kept in `dir`'s cache, by how their names end.
fn kept_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let Ok(listing) = fs::read_dir(dir.join("cache/web")) else {
        return Vec::new();
    };
    listing
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect()
}

#[test]
fn a_kept_copy_is_asked_about_and_an_unchanged_feed_is_not_sent_again() {
    let server = Server::start(|request| {
        if request.header("if-none-match") == Some("\"v1\"") {
            return Reply::status(304);
        }
        let mut reply = feed_tagged(&["Alpha", "Beta"], "\"v1\"");
        if let Reply::Full { headers, .. } = &mut reply {
            headers.push((
                "Last-Modified".into(),
                "Tue, 01 Dec 2026 10:00:00 GMT".into(),
            ));
        }
        reply
    });
    let dir = TempDir::new().expect("temp dir");
    let url = server.url("/feed");
    let (first, said) = listed_in(dir.path(), &[&url]);
    assert_eq!(first, ["Alpha", "Beta"], "{said}");
    let (second, said) = listed_in(dir.path(), &[&url]);
    assert_eq!(second, first, "{said}");
    assert_eq!(said, "", "an unchanged feed is nothing to mention");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(
        requests[1].header("if-modified-since"),
        Some("Tue, 01 Dec 2026 10:00:00 GMT")
    );
}

#[test]
fn a_feed_that_changed_is_read_anew_and_its_new_copy_kept() {
    let changed = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&changed);
    let server = Server::start(move |_| {
        let titles: &[&str] = if flag.load(Ordering::SeqCst) {
            &["Gamma", "Alpha", "Beta"]
        } else {
            &["Alpha", "Beta"]
        };
        Reply::ok("application/rss+xml", rss(titles))
    });
    let dir = TempDir::new().expect("temp dir");
    let url = server.url("/feed");
    assert_eq!(listed_in(dir.path(), &[&url]).0, ["Alpha", "Beta"]);
    changed.store(true, Ordering::SeqCst);
    assert_eq!(listed_in(dir.path(), &[&url]).0, ["Gamma", "Alpha", "Beta"]);
    server.stop();
    let (offline, said) = listed_in(dir.path(), &["--offline", &url]);
    assert_eq!(offline, ["Gamma", "Alpha", "Beta"], "{said}");
    assert_eq!(kept_files(dir.path(), ".fetched").len(), 1);
}

#[test]
fn offline_reads_every_kept_address_and_fetches_nothing() {
    let server = Server::start(|request| match request.path.as_str() {
        "/feed" => Reply::ok("application/rss+xml", fixture_bytes("formats/feed.rss")),
        "/page" => Reply::ok("text/html", fixture_bytes("formats/front-page.html")),
        _ => Reply::status(404),
    });
    let dir = TempDir::new().expect("temp dir");
    let (feed, page) = (server.url("/feed"), server.url("/page"));
    let (online, _) = listed_in(dir.path(), &[&feed, &page]);
    assert!(online.len() > 2, "{online:?}");
    let fetched = server.requests().len();
    server.stop();
    let never = server.url("/never");
    let output = folio_in(
        dir.path(),
        "",
        &["--list", "--json", "--offline", &feed, &never, &page],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON array");
    assert_eq!(titles(&articles), online);
    assert_says(
        &output,
        &format!(
            "folio: {never}: no copy kept for reading offline (it was never fetched here); skipped"
        ),
    );
    assert_eq!(server.requests().len(), fetched, "--offline fetched");
}

#[test]
fn a_failed_fetch_reads_the_kept_copy_and_says_how_old_it_is() {
    let failing = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&failing);
    let server = Server::start(move |_| {
        if flag.load(Ordering::SeqCst) {
            Reply::status(500)
        } else {
            Reply::ok("application/rss+xml", rss(&["Alpha", "Beta"]))
        }
    });
    let dir = TempDir::new().expect("temp dir");
    let url = server.url("/feed");
    listed_in(dir.path(), &[&url]);
    failing.store(true, Ordering::SeqCst);
    let (titles, said) = listed_in(dir.path(), &[&url]);
    assert_eq!(titles, ["Alpha", "Beta"]);
    assert_eq!(
        said,
        format!(
            "folio: warning: {url}: the server answered HTTP 500 Internal Server Error; \
             showing the copy kept just now\n"
        )
    );
    server.stop();
    let (titles, said) = listed_in(dir.path(), &[&url]);
    assert_eq!(titles, ["Alpha", "Beta"]);
    assert!(said.contains("showing the copy kept just now"), "{said}");
}

#[test]
fn a_damaged_copy_is_moved_aside_and_the_address_fetched_whole_again() {
    let server = Server::start(|request| {
        if request.header("if-none-match").is_some() {
            return Reply::status(304);
        }
        feed_tagged(&["Alpha", "Beta"], "\"v1\"")
    });
    let dir = TempDir::new().expect("temp dir");
    let url = server.url("/feed");
    listed_in(dir.path(), &[&url]);
    let [copy] = &kept_files(dir.path(), ".fetched")[..] else {
        panic!("one copy kept");
    };
    fs::write(copy, b"\x00\x01 not a copy").expect("damaged");
    let (titles, said) = listed_in(dir.path(), &[&url]);
    assert_eq!(titles, ["Alpha", "Beta"]);
    assert!(said.contains("was damaged"), "{said}");
    assert!(said.contains("moved aside"), "{said}");
    assert_eq!(kept_files(dir.path(), ".damaged").len(), 1);
    assert_eq!(server.requests()[1].header("if-none-match"), None);
    assert_eq!(
        listed_in(dir.path(), &["--offline", &url]).0,
        ["Alpha", "Beta"]
    );
}

#[test]
fn with_no_path_the_subscriptions_are_read_with_their_titles() {
    let server = Server::start(|request| match request.path.as_str() {
        "/a" => Reply::ok("application/rss+xml", rss(&["Alpha", "Beta"])),
        "/b" => Reply::ok("application/rss+xml", rss(&["Gamma"])),
        _ => Reply::status(404),
    });
    let dir = TempDir::new().expect("temp dir");
    let list = format!(
        "# mine\n{}  The A feed  #tech\nnot-an-address here\n{}\n",
        server.url("/a"),
        server.url("/b")
    );
    fs::write(dir.path().join("subscriptions"), list).expect("written");
    let output = folio_in(dir.path(), "", &["--list", "--json"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON array");
    assert_eq!(titles(&articles), ["Alpha", "Beta", "Gamma"]);
    let sources: Vec<&str> = articles
        .iter()
        .map(|article| article["source"].as_str().expect("a source"))
        .collect();
    let b = server.url("/b");
    assert_eq!(sources, ["The A feed", "The A feed", b.as_str()]);
    assert_says(
        &output,
        "folio: subscriptions line 3: not-an-address is not an http:// or https:// address; \
         the line is skipped\n",
    );
    let tagged = folio_in(dir.path(), "", &["--filter", "#tech"], &[]);
    assert_eq!(String::from_utf8_lossy(&tagged.stdout), "Alpha\nBeta\n");
    let untagged = folio_in(dir.path(), "", &["--filter", "!#tech"], &[]);
    assert_eq!(String::from_utf8_lossy(&untagged.stdout), "Gamma\n");
    // A path given still reads only that path.
    let output = folio_in(
        dir.path(),
        "",
        &[
            "--list",
            "--json",
            fixture("news-site.txt").to_str().expect("UTF-8"),
        ],
        &[],
    );
    let articles: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON array");
    assert!(!titles(&articles).contains(&"Alpha"));
}

#[test]
fn opml_is_imported_into_the_subscriptions_once_and_exported_back() {
    let dir = TempDir::new().expect("temp dir");
    let opml = dir.path().join("export.opml");
    fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><body>
        <outline text="Tech"><outline text="LWN" xmlUrl="https://lwn.test/rss"/></outline>
        <outline text="Plain" xmlUrl="https://plain.test/feed"/>
        </body></opml>"#,
    )
    .expect("written");
    fs::write(dir.path().join("subscriptions"), "# kept as it is\n").expect("written");
    let path = opml.to_str().expect("UTF-8");
    let output = folio_in(dir.path(), "", &["--import-opml", path], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let list = dir.path().join("subscriptions");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!("added 2 subscriptions to {}\n", list.display())
    );
    assert_eq!(
        fs::read_to_string(&list).expect("read"),
        "# kept as it is\nhttps://lwn.test/rss  LWN  #tech\nhttps://plain.test/feed  Plain\n"
    );
    let again = folio_in(dir.path(), "", &["--import-opml", path], &[]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        format!(
            "added 0 subscriptions to {} (2 were already there)\n",
            list.display()
        )
    );
    let exported = folio_in(dir.path(), "", &["--export-opml"], &[]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let text = String::from_utf8_lossy(&exported.stdout);
    assert!(text.starts_with("<?xml"), "{text}");
    assert!(
        text.contains(r#"text="LWN" title="LWN" xmlUrl="https://lwn.test/rss" category="tech""#),
        "{text}"
    );
    assert!(
        text.contains(r#"xmlUrl="https://plain.test/feed""#),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_opml_imports_nothing_and_says_why() {
    let dir = TempDir::new().expect("temp dir");
    let list = dir.path().join("subscriptions");
    fs::write(&list, "https://a.test/\n").expect("written");
    let feed = fixture("formats/feed.rss");
    let output = folio_in(
        dir.path(),
        "",
        &["--import-opml", feed.to_str().expect("UTF-8")],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_says(
        &output,
        &format!(
            "folio: {}: not an OPML file: it begins with <rss>, not <opml>; nothing was imported",
            feed.display()
        ),
    );
    assert_eq!(
        fs::read_to_string(&list).expect("read"),
        "https://a.test/\n"
    );
    let missing = folio_in(dir.path(), "", &["--import-opml", "nowhere.opml"], &[]);
    assert_says(&missing, "folio: nowhere.opml: no such file");
    let empty = TempDir::new().expect("temp dir");
    let none = folio_in(empty.path(), "", &["--export-opml"], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert_says(&none, "folio: there are no subscriptions: ");
}

#[test]
fn refresh_fetches_every_address_keeps_what_changed_and_says_so() {
    let version = Arc::new(std::sync::atomic::AtomicUsize::new(1));
    let current = Arc::clone(&version);
    let server = Server::start(move |request| {
        if request.path == "/gone" {
            return Reply::status(404);
        }
        let version = current.load(Ordering::SeqCst);
        let etag = format!("\"v{version}\"");
        if request.header("if-none-match") == Some(etag.as_str()) {
            return Reply::status(304);
        }
        let titles: &[&str] = if version == 1 {
            &["Alpha", "Beta"]
        } else {
            &["Gamma", "Alpha", "Beta"]
        };
        feed_tagged(titles, &etag)
    });
    let dir = TempDir::new().expect("temp dir");
    fs::write(
        dir.path().join("subscriptions"),
        format!("{}  Kept  #news\n", server.url("/feed")),
    )
    .expect("written");
    let said = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let first = folio_in(dir.path(), "", &["--refresh"], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(
        said(&first),
        "refreshed 1 address: 1 changed, 0 unchanged; 2 new articles\n"
    );
    let second = folio_in(dir.path(), "", &["--refresh"], &[]);
    assert_eq!(
        said(&second),
        "refreshed 1 address: 0 changed, 1 unchanged; 0 new articles\n"
    );
    assert_eq!(
        server
            .requests()
            .last()
            .and_then(|r| r.header("if-none-match")),
        Some("\"v1\"")
    );
    version.store(2, Ordering::SeqCst);
    let gone = server.url("/gone");
    let third = folio_in(
        dir.path(),
        "",
        &["--refresh", &server.url("/feed"), &gone],
        &[],
    );
    assert_eq!(
        third.status.code(),
        Some(1),
        "a failure is worth a cron mail"
    );
    assert_eq!(
        said(&third),
        "refreshed 2 addresses: 1 changed, 0 unchanged, 1 failed; 1 new article\n"
    );
    assert_says(
        &third,
        &format!("folio: {gone}: the server answered HTTP 404 Not Found\n"),
    );
    server.stop();
    let (offline, _) = listed_in(dir.path(), &["--offline"]);
    assert_eq!(offline, ["Gamma", "Alpha", "Beta"]);
    let nothing = folio_in(
        dir.path(),
        "",
        &[
            "--refresh",
            fixture("news-site.txt").to_str().expect("UTF-8"),
        ],
        &[],
    );
    assert_eq!(nothing.status.code(), Some(2));
    assert_says(&nothing, "folio: nothing to refresh: ");
}

#[test]
fn a_damaged_bookmarked_copy_is_said_by_a_refresh_and_moved_aside() {
    let server = Server::start(|_| Reply::ok("application/rss+xml", rss(&["Alpha"])));
    let dir = TempDir::new().expect("temp dir");
    let url = server.url("/feed");
    fs::write(dir.path().join("subscriptions"), format!("{url}\n")).expect("written");
    // Where a bookmark of this address keeps its articles' text.
    let folder = dir.path().join("bookmarked").join(format!(
        "{:016x}",
        folio::article::stable_hash(url.as_bytes())
    ));
    fs::create_dir_all(&folder).expect("folder");
    let copy = folder.join(format!("{}.json", folio::article::ArticleId::keyed("gone")));
    fs::write(&copy, "{\"version\": 1, \"title\"").expect("damaged copy");
    let refreshed = folio_in(dir.path(), "", &["--refresh"], &[]);
    assert!(refreshed.status.success(), "{}", stderr(&refreshed));
    let said = stderr(&refreshed);
    assert!(
        said.contains("a bookmarked article's copy could not be read"),
        "{said}"
    );
    assert!(!copy.exists());
    assert!(copy.with_extension("json.damaged").exists());
    let listed = folio_in(dir.path(), "", &["--offline", "--list"], &[]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Alpha"));
    assert!(stderr(&listed).is_empty(), "said once: {}", stderr(&listed));
}
