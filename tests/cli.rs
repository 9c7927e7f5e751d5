//! The real binary: listings, showing an article, and every bad input the
//! loader promises to survive with a clear message.

use std::fs;
use std::path::Path;

use std::process::{Command, Stdio};

use assert_cmd::prelude::*;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// Where the tests' parse cache goes, unless a test names its own: inside
/// the build's target directory, never the cache of the person running them.
const TEST_CACHE: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/parse-cache");

/// folio as cron or CI runs it: standard input a character device
/// (`/dev/null`), so no path means the bundled sample.
fn folio() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("folio"));
    command
        .stdin(Stdio::null())
        .env("FOLIO_CACHE_DIR", TEST_CACHE);
    command
}

/// folio with `input` piped into standard input.
fn folio_fed(input: &str) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("folio").expect("folio binary is built");
    command
        .write_stdin(input)
        .env("FOLIO_CACHE_DIR", TEST_CACHE);
    command
}

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/front-page.txt");

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    fs::write(&path, bytes).expect("temp file is writable");
    path.display().to_string()
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("folio runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

#[test]
fn list_without_a_path_lists_the_bundled_sample() {
    let out = stdout_of(folio().arg("--list"));
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 20);
    assert!(
        rows[0].starts_with(" 1  Senior AKEL delegation visits China "),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].ends_with("excerpt"),
        "post 2 ends with a Continue reading link"
    );
    assert!(!rows[0].ends_with("excerpt"));
    assert!(rows[19].starts_with("20  ‘Clash of civilisations’ is essentially a racist concept"));
}

#[test]
fn list_json_has_the_documented_fields() {
    let out = stdout_of(folio().args(["--list", "--json", SAMPLE]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let articles = json.as_array().expect("an array");
    assert_eq!(articles.len(), 20);
    let first = &articles[0];
    for field in [
        "id",
        "title",
        "source",
        "line",
        "truncated",
        "words",
        "headings",
        "credits",
    ] {
        assert!(first.get(field).is_some(), "missing {field}");
    }
    assert_eq!(first["line"], 1);
    assert_eq!(first["source"], SAMPLE);
    assert_eq!(first["headings"][0]["line"], 15);
    // Line 13 credits the IDCPC's website and the Xinhua News Agency.
    assert_eq!(
        first["credits"],
        serde_json::json!(["IDCPC", "Xinhua News Agency"])
    );
}

#[test]
fn several_paths_make_one_list_in_order() {
    let dir = TempDir::new().expect("temp dir");
    let extra = write(
        &dir,
        "extra.txt",
        b"An extra headline here\n\nSome body text.\n",
    );
    let out = stdout_of(folio().args(["--list", "--json", SAMPLE, &extra]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(21));
    assert_eq!(json[20]["title"], "An extra headline here");
    assert_eq!(json[20]["source"], extra.as_str());
}

#[test]
fn a_dash_reads_standard_input() {
    let output = folio_fed("Piped headline here\n\nPiped body.\n")
        .args(["--list", "-"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert!(out.starts_with("1  Piped headline here"), "{out}");
}

#[test]
fn piped_input_is_read_without_a_dash_and_dev_null_is_not() {
    for args in [&["--list"][..], &["--list", "--json"]] {
        let output = folio_fed("Piped headline here\n\nPiped body.\n")
            .args(args)
            .assert()
            .success();
        let out = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
        assert!(out.contains("Piped headline here"), "{out}");
        assert!(!out.contains("Senior AKEL"), "not the sample: {out}");
    }
    // A character device is no input: the sample, as before.
    let out = stdout_of(folio().arg("--list"));
    assert!(out.contains("Senior AKEL"), "{out}");
}

#[test]
fn show_prints_one_article_wrapped_to_the_width() {
    let out = stdout_of(folio().args(["--show", "1", "--width", "60"]));
    assert!(
        out.starts_with("Senior AKEL delegation visits China\n===="),
        "{out}"
    );
    assert!(out.lines().all(|line| unicode_width(line) <= 60), "{out}");
    assert!(out.contains("\nLiu Jianchao Meets with a Delegation of the AKEL of Cyprus\n---"));
    assert!(!out.contains("Continue reading"));
}

#[test]
fn show_of_an_excerpt_says_the_text_continues_and_drops_the_link() {
    let out = stdout_of(folio().args(["--show", "2", "--width", "80"]));
    assert!(out.contains("[Excerpt: the full text continues on the original site.]"));
    assert!(!out.contains("Continue reading"));
}

fn unicode_width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn show_out_of_range_is_one_clear_sentence() {
    for n in ["0", "21"] {
        folio()
            .args(["--show", n])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "folio: there is no article {n}: articles are numbered 1 to 20\n"
            ));
    }
}

#[test]
fn a_missing_file_is_named_and_nothing_else_loads() {
    folio()
        .args(["--list", "no-such-file.txt"])
        .assert()
        .code(2)
        .stderr("folio: no-such-file.txt: no such file\nfolio: nothing could be loaded\n");
}

#[test]
fn a_bad_path_does_not_stop_the_good_ones() {
    folio()
        .args(["--list", "no-such-file.txt", SAMPLE])
        .assert()
        .success()
        .stderr("folio: no-such-file.txt: no such file\n")
        .stdout(predicate::str::contains(
            "Senior AKEL delegation visits China",
        ));
}

#[test]
fn a_folder_with_nothing_readable_says_so() {
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(dir.path().join("photo.jpg"), b"\xff\xd8\xff\xe0").expect("write");
    std::fs::write(dir.path().join(".hidden.md"), "# Hidden").expect("write");
    let name = dir.path().display().to_string();
    folio()
        .args(["--list", &name])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "folio: {name}: a folder with no file folio can read in it"
        )))
        .stderr(predicate::str::contains(format!(
            "{name}: skipped 1 file of unknown type"
        )));
}

#[test]
fn a_folder_reads_every_supported_file_in_path_order() {
    let dir = TempDir::new().expect("temp dir");
    let fixtures = std::path::Path::new("tests/fixtures/formats");
    std::fs::create_dir(dir.path().join("b-notes")).expect("mkdir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::copy(fixtures.join("post.md"), dir.path().join("b-notes/post.md")).expect("copy");
    std::fs::copy(fixtures.join("feed.json"), dir.path().join("a-feed")).expect("copy");
    std::fs::copy(fixtures.join("post.md"), dir.path().join(".git/ignored.md")).expect("copy");
    std::fs::copy(fixtures.join("image.png"), dir.path().join("c.png")).expect("copy");
    let name = dir.path().display().to_string();
    let output = folio().args(["--list", &name]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let titles: Vec<&str> = stdout
        .lines()
        .map(|line| line.split("  ").nth(1).unwrap_or("").trim())
        .collect();
    assert_eq!(
        titles,
        [
            "Saving tomato seed",
            "Beans that climb",
            "Keeping a garden diary"
        ],
        "the feed with no extension is found by its content; the hidden folder is left out"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("skipped 1 file of unknown type"));
}

#[test]
fn a_binary_file_is_refused_by_name_and_the_rest_loads() {
    let dir = TempDir::new().expect("temp dir");
    let binary = write(&dir, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    folio()
        .args(["--list", &binary])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "folio: {binary} looks like a binary file (NUL byte at offset 8), not text; skipped"
        )));
    folio()
        .args(["--list", &binary, SAMPLE])
        .assert()
        .success()
        .stdout(predicate::str::contains("Senior AKEL"));
}

#[test]
fn invalid_utf8_is_a_warning_with_the_offset() {
    let dir = TempDir::new().expect("temp dir");
    let file = write(
        &dir,
        "latin1.txt",
        b"Caf\xe9 society returns\n\nA body paragraph.\n",
    );
    let assert = folio().args(["--list", &file]).assert().success();
    assert
        .stderr(format!(
            "folio: warning: {file}: invalid UTF-8 at byte 3, shown as �\n"
        ))
        .stdout(predicate::str::contains("Caf� society returns"));
}

#[test]
fn an_empty_file_is_zero_articles_not_an_error_and_says_so() {
    let dir = TempDir::new().expect("temp dir");
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.txt", &b"\n\n  \n\r\n"[..])] {
        let file = write(&dir, name, bytes);
        folio()
            .args(["--list", &file])
            .assert()
            .success()
            .stdout("")
            .stderr("folio: no articles were found\n");
        folio()
            .args(["--list", "--json", &file])
            .assert()
            .success()
            .stdout("[]\n");
    }
}

#[test]
fn escape_sequences_in_a_file_never_reach_the_output() {
    let dir = TempDir::new().expect("temp dir");
    let file = write(
        &dir,
        "hostile.txt",
        b"Evil \x1b]52;c;ZXZpbA==\x07headline \x1b[2Jhere\n\nBody \x1b[31mred\x1b[0m text\x9b.\n",
    );
    for args in [&["--list"][..], &["--list", "--json"], &["--show", "1"]] {
        let out = stdout_of(folio().args(args).arg(&file));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("Evil headline here"), "{out}");
    }
}

#[test]
fn file_names_with_control_characters_are_printed_inert() {
    let dir = TempDir::new().expect("temp dir");
    let name = dir.path().join("bad\u{1b}[2Jname.txt");
    folio()
        .args(["--list".as_ref(), name.as_os_str()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains('\u{1b}').not())
        .stderr(predicate::str::contains(
            "bad\u{FFFD}[2Jname.txt: no such file",
        ));
}

#[test]
fn json_needs_list_or_filter() {
    folio()
        .args(["--json"])
        .assert()
        .code(2)
        .stderr("folio: --json goes with --list, --filter or --bookmarks\n");
}

#[test]
fn filter_prints_matching_headlines_best_first() {
    let out = stdout_of(folio().args(["--filter", "norway"]));
    let rows: Vec<&str> = out.lines().collect();
    // The one headline with "Norway" in it, contiguous, ranks first.
    assert_eq!(
        rows[0],
        "China and Norway call for immediate ceasefire in Gaza"
    );
    assert!(rows.len() < 20);
}

#[test]
fn filter_finds_words_in_the_text_below_headline_matches() {
    let out = stdout_of(folio().args(["--filter", "'sierra", "--json"]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    let rows = json.as_array().expect("an array");
    // No headline says "Sierra"; post 6 (line 182) talks of Sierra Leone.
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["line"], 182);
    assert_eq!(rows[0]["where"], "text");
    assert!(rows[0]["score"].as_i64().unwrap_or(0) > 10, "many hits");
    // Line 184: "Julius Maada Bio, President of the west African state of Sierra Leone, …"
    assert_eq!(rows[0]["text_hits"][0]["line"], 184);
}

#[test]
fn filter_with_no_match_exits_one_like_grep() {
    folio()
        .args(["--filter", "zzqqxxj"])
        .assert()
        .code(1)
        .stdout("");
    folio()
        .args(["--filter", "zzqqxxj", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn an_empty_filter_lists_everything_in_order() {
    let filtered = stdout_of(folio().args(["--filter", ""]));
    let titles: Vec<String> =
        serde_json::from_str::<Value>(&stdout_of(folio().args(["--list", "--json"])))
            .expect("valid JSON")
            .as_array()
            .expect("an array")
            .iter()
            .map(|a| a["title"].as_str().unwrap_or_default().to_string())
            .collect();
    assert_eq!(filtered.lines().collect::<Vec<_>>(), titles);
}

#[test]
fn filter_on_nothing_loadable_is_an_error() {
    folio()
        .args(["--filter", "x", "no-such-file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing could be loaded"));
}

#[test]
fn help_and_version_work() {
    folio()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--list"));
    folio()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("folio {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_sample_is_embedded_so_folio_runs_from_any_directory() {
    let dir = TempDir::new().expect("temp dir");
    assert!(!Path::new(&dir.path().join("data")).exists());
    let out = stdout_of(folio().current_dir(dir.path()).arg("--list"));
    assert_eq!(out.lines().count(), 20);
}

#[test]
fn bookmarks_list_and_export_from_the_config_dir() {
    let config = TempDir::new().expect("temp dir");
    fs::write(
        config.path().join("bookmarks.json"),
        r#"{"version": 1, "bookmarks": [
            {"id": "00000000000000aa", "title": "Older *one*", "source": "a.txt", "added": "2026-01-02T03:04:05Z"},
            {"id": "00000000000000bb", "title": "Newer one", "source": "b.txt", "added": "2026-05-06T07:08:09Z"}
        ]}"#,
    )
    .expect("written");
    let dir = config.path().display().to_string();
    let listed = stdout_of(folio().args(["--bookmarks", "--config-dir", &dir]));
    assert_eq!(
        listed,
        "2026-05-06  Newer one  (b.txt)\n2026-01-02  Older *one*  (a.txt)\n"
    );
    let markdown = stdout_of(
        folio()
            .args(["--export-bookmarks", "md"])
            .env("FOLIO_CONFIG_DIR", &dir),
    );
    assert_eq!(
        markdown,
        "# Reading list\n\n- [ ] Newer one — b.txt, saved 2026-05-06\n- [ ] Older \\*one\\* — a.txt, saved 2026-01-02\n"
    );
    let json: Value = serde_json::from_str(&stdout_of(folio().args([
        "--export-bookmarks",
        "json",
        "--config-dir",
        &dir,
    ])))
    .expect("valid JSON");
    assert_eq!(json[0]["id"], "00000000000000bb");
}

#[test]
fn a_damaged_bookmarks_file_is_reported_by_read_only_commands_and_left_alone() {
    let config = TempDir::new().expect("temp dir");
    fs::write(config.path().join("bookmarks.json"), "{oops").expect("written");
    let dir = config.path().display().to_string();
    for args in [
        vec!["--bookmarks"],
        vec!["--bookmarks", "--json"],
        vec!["--export-bookmarks", "md"],
    ] {
        folio()
            .args(&args)
            .args(["--config-dir", &dir])
            .assert()
            .success()
            .stderr(
                predicate::str::contains("could not be read")
                    .and(predicate::str::contains("left as it is")),
            );
        let names: Vec<String> = fs::read_dir(config.path())
            .expect("listed")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["bookmarks.json"],
            "{args:?} created or moved nothing"
        );
        assert_eq!(
            fs::read_to_string(config.path().join("bookmarks.json")).expect("kept"),
            "{oops"
        );
    }
}

#[test]
fn standard_input_closed_at_once_is_zero_articles() {
    folio_fed("")
        .args(["--list", "-"])
        .assert()
        .success()
        .stdout("")
        .stderr("folio: no articles were found\n");
}

#[test]
fn a_ten_megabyte_single_line_is_one_article_and_no_trouble() {
    let dir = TempDir::new().expect("temp dir");
    let line = "word ".repeat(2 * 1024 * 1024);
    let file = write(&dir, "one-line.txt", line.as_bytes());
    let out = stdout_of(folio().args(["--list", "--json", &file]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    // Not headline-shaped (lower case), but the first paragraph starts a post.
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["line"], 1);
}

#[test]
fn a_million_line_article_is_one_article() {
    let dir = TempDir::new().expect("temp dir");
    let mut text = String::from("A very long article indeed\n\n");
    for i in 0..1_000_000 {
        text.push_str(&format!("Line {i} of the body.\n"));
    }
    let file = write(&dir, "long.txt", text.as_bytes());
    let out = stdout_of(folio().args(["--list", "--json", &file]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    assert_eq!(json[0]["title"], "A very long article indeed");
    assert_eq!(json[0]["words"], 5_000_000);
}

#[test]
fn a_byte_order_mark_and_mixed_line_endings_are_read_as_text() {
    let dir = TempDir::new().expect("temp dir");
    let file = write(
        &dir,
        "windows.txt",
        b"\xef\xbb\xbfFirst headline here\r\n\r\nBody one.\r\rThe second headline is here\n\nBody two.\n",
    );
    let out = stdout_of(folio().args(["--list", "--json", &file]));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json[0]["title"], "First headline here");
    assert_eq!(json[1]["title"], "The second headline is here");
    assert_eq!(json[1]["line"], 5, "CR LF, CR and LF each end one line");
}

#[test]
fn a_reader_closing_the_pipe_early_is_not_an_error() {
    let dir = TempDir::new().expect("temp dir");
    let text = format!(
        "A long article to show\n\n{}",
        "Words and more words here.\n\n".repeat(50_000)
    );
    let file = write(&dir, "long.txt", text.as_bytes());
    // Far more than a pipe holds, so folio is still writing when it closes.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("folio"))
        .env("FOLIO_CACHE_DIR", TEST_CACHE)
        .args(["--show", "1", "--width", "40", &file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("folio starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("folio ends");
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn print_config_prints_the_documented_defaults_which_check_clean() {
    let printed = stdout_of(folio().arg("--print-config"));
    let asset = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/config.toml"))
        .expect("the default config is in assets");
    assert_eq!(printed, asset);
    // What a new user does: print it into the config directory and check it.
    let dir = TempDir::new().expect("temp dir");
    write(&dir, "config.toml", printed.as_bytes());
    folio()
        .arg("--check-config")
        .env("FOLIO_CONFIG_DIR", dir.path())
        .assert()
        .success()
        .stdout(predicate::str::ends_with("config.toml: no problems\n"));
}

#[test]
fn check_config_lists_every_problem_with_its_place_and_fails_on_errors() {
    let dir = TempDir::new().expect("temp dir");
    let path = write(
        &dir,
        "mine.toml",
        b"[layout]\nmeasure = 5\nsparkles = 1\n[keys.list]\nq = \"qiut\"\n",
    );
    let output = folio()
        .args(["--check-config", "--config", &path])
        .output()
        .expect("folio runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with(&format!("{path}:2:11: error: measure:")));
    assert!(lines[1].starts_with(&format!("{path}:3:1: warning: unknown option")));
    assert!(lines[2].starts_with(&format!("{path}:5:5: error: unknown action \"qiut\"")));
}

#[test]
fn check_config_passes_warnings_alone_and_a_missing_default_file() {
    let dir = TempDir::new().expect("temp dir");
    let path = write(&dir, "newer.toml", b"[layout]\nanimations = true\n");
    folio()
        .args(["--check-config", "--config", &path])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            ":2:1: warning: unknown option \"layout.animations\"",
        ));
    let empty = TempDir::new().expect("temp dir");
    folio()
        .arg("--check-config")
        .env("FOLIO_CONFIG_DIR", empty.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "no config file; the defaults apply",
        ));
}

#[test]
fn check_config_of_a_file_that_is_not_there_is_an_error() {
    let dir = TempDir::new().expect("temp dir");
    let missing = dir.path().join("nope.toml");
    folio()
        .args(["--check-config", "--config"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("there is no config file")
                .and(predicate::str::contains("nope.toml")),
        );
}

/// Titles of `folio --list --json` with `args`.
fn titles_with(args: &[&str]) -> Vec<String> {
    let out = stdout_of(folio().args(["--list", "--json"]).args(args));
    let json: Value = serde_json::from_str(&out).expect("valid JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|article| article["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

const MARKED_DUMP: &[u8] = b"@@ first of the notes\n\nShort Line In Title Case\n\n\
    Body text of the first note, which runs on for a sentence or two.\n\n%%\n\n\
    @@ second note\n\nAnother Title Case Line\n\nBody of the second.\n";

#[test]
fn headline_and_separator_say_how_a_dump_is_marked() {
    let dir = TempDir::new().expect("temp dir");
    let path = write(&dir, "notes.txt", MARKED_DUMP);
    assert_eq!(
        titles_with(&["--headline", "^@@ ", &path]),
        ["@@ first of the notes", "@@ second note"]
    );
    assert_eq!(
        titles_with(&["--separator", "^%%$", &path]),
        ["@@ first of the notes", "@@ second note"]
    );
    // The separator is dropped from the article it ends.
    let shown = stdout_of(folio().args(["--show", "1", "--separator", "^%%$", &path]));
    assert!(shown.contains("Short Line In Title Case"), "{shown}");
    assert!(!shown.contains("%%"), "{shown}");
}

#[test]
fn parse_options_in_the_config_file_apply_and_the_flags_win() {
    let dir = TempDir::new().expect("temp dir");
    let path = write(&dir, "notes.txt", MARKED_DUMP);
    let config = write(
        &dir,
        "config.toml",
        b"[parse]\nheadline = 'Title Case Line$'\n",
    );
    let with_config = |extra: &[&str]| {
        let mut args = vec!["--config", config.as_str()];
        args.extend_from_slice(extra);
        args.push(&path);
        titles_with(&args)
    };
    // Text above the first headline is not lost: it is an article of its
    // own, opening at its first line.
    assert_eq!(
        with_config(&[]),
        ["@@ first of the notes", "Another Title Case Line"]
    );
    assert_eq!(
        with_config(&["--headline", "^@@ "]),
        ["@@ first of the notes", "@@ second note"]
    );
}

#[test]
fn a_bad_pattern_is_one_sentence_naming_the_option() {
    folio()
        .args(["--list", "--headline", "(unclosed", SAMPLE])
        .assert()
        .code(2)
        .stdout("")
        .stderr("folio: --headline: not a valid regular expression (unclosed group)\n");
    folio()
        .args(["--list", "--separator", "", SAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--separator: the pattern is empty",
        ));
    let dir = TempDir::new().expect("temp dir");
    let config = write(&dir, "bad.toml", b"[parse]\nseparator = '[%'\n");
    folio()
        .args(["--check-config", "--config", &config])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            ":2:13: error: parse.separator: not a valid regular expression",
        ));
    // A config with an error gives way to the defaults, and says so.
    folio()
        .args(["--list", "--config", &config, SAMPLE])
        .assert()
        .success()
        .stderr(predicate::str::contains("parse.separator"));
}

#[test]
fn a_config_that_cannot_be_read_is_said_once_and_never_waited_on() {
    let dir = TempDir::new().expect("temp dir");
    let not_utf8 = dir.path().join("bad.toml");
    fs::write(&not_utf8, b"\xff\xfe").expect("written");
    let fifo = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs")
            .success()
    );
    for (path, reason) in [
        (not_utf8.as_path(), "not UTF-8"),
        (dir.path(), "directory"),
        (fifo.as_path(), "not a regular file"),
    ] {
        let output = folio()
            .args(["--check-config", "--config"])
            .arg(path)
            .output()
            .expect("folio runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.matches(reason).count(), 1, "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_file_larger_than_memory_is_refused_in_words_not_an_allocation_failure() {
    // A sparse terabyte: no disk used, but far more than memory holds.
    let dir = TempDir::new().expect("temp dir");
    let huge = dir.path().join("huge.txt");
    fs::File::create(&huge)
        .and_then(|file| file.set_len(1 << 40))
        .expect("a sparse file");
    let output = folio()
        .arg("--list")
        .arg(&huge)
        .output()
        .expect("folio runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("huge.txt is too large to load (1099511 MB"),
        "{stderr}"
    );
    assert!(!stderr.contains("memory allocation"), "{stderr}");
}

/// A dump large enough for the parse cache (16 KiB of text and more).
fn cacheable_dump(articles: usize) -> String {
    (0..articles)
        .map(|n| {
            format!(
                "Council number {n} agrees new plan\n\nThe council met on day {n} and \
                 agreed what the plan for district {n} should be.\n\n"
            )
        })
        .collect()
}

/// `--list --json` of `path` with the parse cache in `cache`.
fn list_json_cached(cache: &Path, path: &Path) -> String {
    stdout_of(
        folio()
            .arg("--cache-dir")
            .arg(cache)
            .args(["--list", "--json"])
            .arg(path),
    )
}

/// The parse cache's entries, as (name, bytes).
fn cache_entries(cache: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(listing) = fs::read_dir(cache.join("parse")) else {
        return Vec::new();
    };
    let mut entries: Vec<(String, Vec<u8>)> = listing
        .flatten()
        .map(|entry| {
            let bytes = fs::read(entry.path()).expect("entry is readable");
            (entry.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn the_second_open_of_a_file_reads_its_parse_from_the_cache_and_says_the_same() {
    let dir = TempDir::new().expect("temp dir");
    let cache = dir.path().join("cache");
    let dump = dir.path().join("dump.txt");
    fs::write(&dump, cacheable_dump(300)).expect("written");
    let fresh = stdout_of(folio().args(["--no-cache", "--list", "--json"]).arg(&dump));
    assert!(cache_entries(&cache).is_empty());
    let cold = list_json_cached(&cache, &dump);
    let entries = cache_entries(&cache);
    assert_eq!(entries.len(), 1, "one entry for one file");
    // Used long ago: a hit marks it used now, and leaves it as it was.
    let entry = cache.join("parse").join(&entries[0].0);
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&entry)
        .and_then(|file| file.set_modified(long_ago))
        .expect("entry time set");
    let warm = list_json_cached(&cache, &dump);
    assert_eq!(cold, fresh);
    assert_eq!(warm, fresh);
    assert_eq!(cache_entries(&cache), entries, "read, not rewritten");
    let used = fs::metadata(&entry).and_then(|meta| meta.modified());
    assert!(used.expect("entry time") > long_ago, "a hit marks it used");
    let json: Value = serde_json::from_str(&warm).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(300));
}

#[test]
fn a_changed_file_is_parsed_again_and_its_entry_replaced() {
    let dir = TempDir::new().expect("temp dir");
    let cache = dir.path().join("cache");
    let dump = dir.path().join("dump.txt");
    fs::write(&dump, cacheable_dump(300)).expect("written");
    list_json_cached(&cache, &dump);
    let before = cache_entries(&cache);
    let mut longer = cacheable_dump(300);
    longer.push_str("One more headline about rivers\n\nThe river rose.\n");
    fs::write(&dump, &longer).expect("rewritten");
    let after_edit = list_json_cached(&cache, &dump);
    let json: Value = serde_json::from_str(&after_edit).expect("JSON");
    let last = json.as_array().and_then(|all| all.last()).cloned();
    assert_eq!(
        last.and_then(|article| article["title"].as_str().map(String::from)),
        Some("One more headline about rivers".to_string())
    );
    let replaced = cache_entries(&cache);
    assert_eq!(replaced.len(), 1);
    assert_ne!(replaced, before);
    // The same bytes under another inode (saved by rename) is another file.
    let copy = dir.path().join("copy.txt");
    fs::write(&copy, &longer).expect("copy");
    let modified = fs::metadata(&dump).and_then(|meta| meta.modified());
    fs::File::options()
        .write(true)
        .open(&copy)
        .and_then(|file| file.set_modified(modified.expect("time")))
        .expect("time copied");
    fs::rename(&copy, &dump).expect("renamed over");
    assert_eq!(list_json_cached(&cache, &dump), after_edit);
    assert_ne!(
        cache_entries(&cache),
        replaced,
        "inode differs: parsed again"
    );
}

#[test]
fn a_damaged_entry_is_ignored_and_rewritten() {
    let dir = TempDir::new().expect("temp dir");
    let cache = dir.path().join("cache");
    let dump = dir.path().join("dump.txt");
    fs::write(&dump, cacheable_dump(300)).expect("written");
    let expected = list_json_cached(&cache, &dump);
    let entries = cache_entries(&cache);
    let entry = cache.join("parse").join(&entries[0].0);
    let mut damaged = entries[0].1.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    for bytes in [damaged, b"not a cache entry at all".to_vec(), Vec::new()] {
        fs::write(&entry, &bytes).expect("damaged");
        let output = folio()
            .arg("--cache-dir")
            .arg(&cache)
            .args(["--list", "--json"])
            .arg(&dump)
            .output()
            .expect("folio runs");
        assert!(output.status.success());
        assert!(output.stderr.is_empty(), "{:?}", output.stderr);
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
        assert_eq!(cache_entries(&cache), entries, "rewritten whole");
    }
}

#[test]
fn an_unwritable_cache_is_said_once_and_everything_still_loads() {
    let dir = TempDir::new().expect("temp dir");
    // A file where the cache folder would go: no one, root included, can
    // make the folder.
    let cache = dir.path().join("in-the-way");
    fs::write(&cache, "not a folder").expect("written");
    let first = dir.path().join("first.txt");
    let second = dir.path().join("second.txt");
    fs::write(&first, cacheable_dump(300)).expect("written");
    fs::write(&second, cacheable_dump(200).replace("Council", "Senate")).expect("written");
    let output = folio()
        .arg("--cache-dir")
        .arg(&cache)
        .arg("--list")
        .args([&first, &second])
        .output()
        .expect("folio runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 500);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("cannot be written").count(), 1, "{stderr}");
    assert!(stderr.contains("in-the-way/parse"), "{stderr}");
}

#[test]
fn standard_input_and_the_sample_are_never_cached_and_clear_cache_empties_it() {
    let dir = TempDir::new().expect("temp dir");
    let cache = dir.path().join("cache");
    stdout_of(folio().arg("--cache-dir").arg(&cache).arg("--list"));
    let piped = folio_fed(&cacheable_dump(300))
        .arg("--cache-dir")
        .arg(&cache)
        .arg("--list")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&piped.get_output().stdout)
            .lines()
            .count(),
        300
    );
    assert!(cache_entries(&cache).is_empty());
    let dump = dir.path().join("dump.txt");
    fs::write(&dump, cacheable_dump(300)).expect("written");
    list_json_cached(&cache, &dump);
    assert_eq!(cache_entries(&cache).len(), 1);
    let cleared = stdout_of(folio().arg("--cache-dir").arg(&cache).arg("--clear-cache"));
    assert!(
        cleared.starts_with("cleared the parse cache in "),
        "{cleared}"
    );
    assert!(cleared.contains(": 1 file, "), "{cleared}");
    assert!(cache_entries(&cache).is_empty());
    let again = stdout_of(folio().arg("--cache-dir").arg(&cache).arg("--clear-cache"));
    assert!(again.contains(": 0 files, 0.0 MB"), "{again}");
}

#[test]
fn the_cache_follows_a_chosen_config_dir_and_no_cache_touches_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let config = dir.path().join("profile");
    let dump = dir.path().join("dump.txt");
    fs::write(&dump, cacheable_dump(300)).expect("written");
    stdout_of(
        folio()
            .env_remove("FOLIO_CACHE_DIR")
            .env("FOLIO_CONFIG_DIR", &config)
            .arg("--no-cache")
            .arg("--list")
            .arg(&dump),
    );
    assert!(cache_entries(&config.join("cache")).is_empty());
    stdout_of(
        folio()
            .env_remove("FOLIO_CACHE_DIR")
            .env("FOLIO_CONFIG_DIR", &config)
            .arg("--list")
            .arg(&dump),
    );
    assert_eq!(cache_entries(&config.join("cache")).len(), 1);
}
