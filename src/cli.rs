//! The command line in two steps, as ripgrep's `hiargs` does it: [`Flags`]
//! is what was typed (clap's parse, nothing decided), and [`Flags::plan`]
//! turns it and the environment into a [`Plan`]: one [`Mode`], the inputs
//! and the directories. Every rule about which flags go together and what a
//! missing one means lives here, as a pure function a test can call; the
//! `folio` binary only carries the plan out.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::{CommandFactory, Parser};

use crate::config::{self, ParseOptions};
use crate::library::{Input, saved};
use crate::parse::marks::{Marks, PatternError, pattern};
use crate::store;

/// A terminal reader for article collections.
///
/// Give it plain-text dumps of articles (a blog front page or an article
/// export saved as text); with no path it opens the bundled sample.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about)]
pub struct Flags {
    /// Files, folders or http(s):// addresses to read; `-` reads standard
    /// input. Several make one list.
    paths: Vec<PathBuf>,

    /// Print one line per article (number, title, words, reading time) and exit.
    #[arg(long, conflicts_with_all = ["show", "filter"])]
    list: bool,

    /// Print the headlines matching QUERY, best first, and exit (status 1 if
    /// none). Syntax as fzf: terms AND, 'exact, ^prefix, suffix$, !not;
    /// and #tag for a subscription's tag.
    #[arg(long, value_name = "QUERY", conflicts_with = "show")]
    filter: Option<String>,

    /// Open the reader already filtered by QUERY.
    #[arg(long, value_name = "QUERY", conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "json"])]
    query: Option<String>,

    /// With --list, --filter or --bookmarks: print a JSON array instead.
    #[arg(long)]
    json: bool,

    /// List bookmarks (date, title, source), newest first, and exit.
    #[arg(long, conflicts_with_all = ["list", "show", "filter"])]
    bookmarks: bool,

    /// Write the bookmarks to standard output as a Markdown reading list or
    /// JSON, and exit.
    #[arg(long, value_name = "FORMAT", conflicts_with_all = ["list", "show", "filter", "bookmarks"])]
    export_bookmarks: Option<ExportFormat>,

    /// Keep bookmarks, reading state and config.toml in DIR instead of the
    /// config directory (default: $FOLIO_CONFIG_DIR, else ~/.config/folio).
    #[arg(long, value_name = "DIR")]
    config_dir: Option<PathBuf>,

    /// Keep the parse cache and the copies of fetched addresses in DIR
    /// (default: $FOLIO_CACHE_DIR, else `cache` in a config directory given
    /// by --config-dir or $FOLIO_CONFIG_DIR, else ~/.cache/folio).
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,

    /// Parse every file afresh, neither reading nor writing the parse cache
    /// (copies of fetched addresses are still kept for reading offline).
    #[arg(long)]
    no_cache: bool,

    /// Fetch nothing: read addresses from the copies kept when they were
    /// last fetched.
    #[arg(long)]
    offline: bool,

    /// Fetch every address again (the subscriptions, or the addresses
    /// given), keep what changed for reading offline, print a summary, and
    /// exit (status 1 if any failed): for cron.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "query", "clear_cache", "offline", "json"])]
    refresh: bool,

    /// Add the feeds in an OPML FILE (another reader's export) to the
    /// subscriptions file, and exit.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "query", "clear_cache", "paths"])]
    import_opml: Option<PathBuf>,

    /// Write the subscriptions as OPML to standard output, and exit.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "query", "clear_cache", "paths", "import_opml"])]
    export_opml: bool,

    /// Empty the parse cache, say what it held, and exit.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "no_cache", "query"])]
    clear_cache: bool,

    /// Read keys, colours and layout from FILE instead of config.toml in the
    /// config directory.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Print the default config file, every option documented, and exit:
    /// `folio --print-config > ~/.config/folio/config.toml` starts your own.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "check_config"])]
    print_config: bool,

    /// Print a completion script for SHELL and exit: `folio --completions
    /// bash > ~/.local/share/bash-completion/completions/folio`.
    #[arg(long, value_name = "SHELL", conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "print_config", "check_config", "man"])]
    completions: Option<clap_complete::Shell>,

    /// Print folio's manual page (roff) and exit: `folio --man > folio.1`.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "print_config", "check_config"])]
    man: bool,

    /// Check the config file and print every problem with its line and
    /// column; exit 1 if any is an error (warnings alone exit 0).
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks"])]
    check_config: bool,

    /// A line matching REGEX is an article's headline, and no other line
    /// starts one: for a dump folio splits wrongly (as `headline` under
    /// [parse] in config.toml).
    #[arg(long, value_name = "REGEX")]
    headline: Option<String>,

    /// A line matching REGEX ends an article and is dropped; the paragraph
    /// after it is the next headline (as `separator` under [parse]).
    #[arg(long, value_name = "REGEX")]
    separator: Option<String>,

    /// Print article N (as numbered by --list) as wrapped text and exit.
    #[arg(long, value_name = "N")]
    show: Option<usize>,

    /// Wrap and fit output to W columns instead of the terminal's width.
    #[arg(long, value_name = "W", value_parser = clap::value_parser!(u16).range(1..))]
    width: Option<u16>,
}

/// Formats `--export-bookmarks` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A Markdown reading list.
    Md,
    /// A JSON array.
    Json,
}

/// How bookmarks are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookmarksFormat {
    /// `--bookmarks`: aligned lines.
    Text,
    /// `--bookmarks --json` or `--export-bookmarks json`.
    Json,
    /// `--export-bookmarks md`.
    Markdown,
}

/// The one thing this run of folio does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `--print-config`.
    PrintConfig,
    /// `--check-config`.
    CheckConfig,
    /// `--completions SHELL`.
    Completions(clap_complete::Shell),
    /// `--man`.
    Man,
    /// `--clear-cache`.
    ClearCache,
    /// `--bookmarks` or `--export-bookmarks`: read-only, no inputs loaded.
    Bookmarks(BookmarksFormat),
    /// `--import-opml FILE`.
    ImportOpml(PathBuf),
    /// `--export-opml`.
    ExportOpml,
    /// `--refresh`: fetch the addresses again, keep them, say what changed.
    Refresh,
    /// Load the inputs, then do this with the articles.
    Articles(ArticleTask),
}

/// What to do with the articles once loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleTask {
    /// `--filter QUERY`.
    Filter { query: String, json: bool },
    /// `--show N`, wrapped to `width` if given, else the terminal's.
    Show { number: usize, width: Option<usize> },
    /// `--list --json`.
    ListJson,
    /// `--list`, or no mode with standard output not a terminal (the reader
    /// would draw into a pipe).
    ListText { width: Option<usize> },
    /// The reader.
    Read,
}

/// What the environment adds to the flags.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `$FOLIO_CONFIG_DIR`.
    pub config_dir_var: Option<OsString>,
    /// `$FOLIO_CACHE_DIR`.
    pub cache_dir_var: Option<OsString>,
    /// Whether standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Whether standard input brings data: a pipe, a socket or a regular
    /// file (`folio < dump.txt`). A terminal or a character device such as
    /// `/dev/null` (cron, CI) does not.
    pub stdin_brings_data: bool,
}

impl Environment {
    /// This process's environment.
    pub fn current() -> Self {
        use std::io::IsTerminal;
        Environment {
            config_dir_var: std::env::var_os(store::CONFIG_DIR_VAR),
            cache_dir_var: std::env::var_os(store::CACHE_DIR_VAR),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stdin_brings_data: stdin_brings_data(),
        }
    }
}

/// Whether standard input is a pipe, a socket or a regular file.
fn stdin_brings_data() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
        return false;
    };
    std::fs::File::from(fd).metadata().is_ok_and(|meta| {
        let kind = meta.file_type();
        kind.is_fifo() || kind.is_socket() || kind.is_file()
    })
}

/// Everything a run needs to know, decided from the flags and the
/// environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// What to do.
    pub mode: Mode,
    /// What to read, in order. With no path: standard input when it brings
    /// data (`… | folio`, as fzf and less read it), else the bundled sample
    /// (which the subscriptions replace when there are any: see
    /// `subscribed`).
    pub inputs: Vec<Input>,
    /// No path and nothing piped: the subscriptions file, when it lists
    /// anything, is read instead of the sample.
    pub subscribed: bool,
    /// Where bookmarks and config.toml live, if anywhere.
    pub config_dir: Option<PathBuf>,
    /// Where reading state lives, if anywhere.
    pub state_dir: Option<PathBuf>,
    /// Where the parse cache lives; `None` with `--no-cache`.
    pub cache_dir: Option<PathBuf>,
    /// Where copies of fetched addresses are kept (the cache directory,
    /// even with `--no-cache`).
    pub copies_dir: Option<PathBuf>,
    /// `--offline`: nothing is fetched.
    pub offline: bool,
    /// The config file to read, if any.
    pub config_file: Option<PathBuf>,
    /// Whether the config file was named with `--config` (then a missing
    /// one is worth saying).
    pub config_named: bool,
    /// `--headline`, to be compiled against the config's own.
    pub headline: Option<String>,
    /// `--separator`, likewise.
    pub separator: Option<String>,
    /// `--query`: the filter the reader opens with.
    pub query: Option<String>,
}

/// Flags that parse but make no sense together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagsError(&'static str);

impl fmt::Display for FlagsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for FlagsError {}

impl Flags {
    /// Decides what to do.
    pub fn plan(self, env: &Environment) -> Result<Plan, FlagsError> {
        if self.json && !self.list && self.filter.is_none() && !self.bookmarks {
            return Err(FlagsError(
                "--json goes with --list, --filter or --bookmarks",
            ));
        }
        let width = self.width.map(usize::from);
        let mode = if let Some(shell) = self.completions {
            Mode::Completions(shell)
        } else if self.man {
            Mode::Man
        } else if self.clear_cache {
            Mode::ClearCache
        } else if let Some(file) = self.import_opml {
            Mode::ImportOpml(file)
        } else if self.export_opml {
            Mode::ExportOpml
        } else if self.refresh {
            Mode::Refresh
        } else if self.print_config {
            Mode::PrintConfig
        } else if self.check_config {
            Mode::CheckConfig
        } else if let Some(format) = self.export_bookmarks {
            Mode::Bookmarks(match format {
                ExportFormat::Md => BookmarksFormat::Markdown,
                ExportFormat::Json => BookmarksFormat::Json,
            })
        } else if self.bookmarks {
            Mode::Bookmarks(if self.json {
                BookmarksFormat::Json
            } else {
                BookmarksFormat::Text
            })
        } else {
            Mode::Articles(if let Some(query) = self.filter {
                ArticleTask::Filter {
                    query,
                    json: self.json,
                }
            } else if let Some(number) = self.show {
                ArticleTask::Show { number, width }
            } else if self.json {
                ArticleTask::ListJson
            } else if self.list || !env.stdout_is_terminal {
                ArticleTask::ListText { width }
            } else {
                ArticleTask::Read
            })
        };
        let inputs = if !self.paths.is_empty() {
            self.paths
                .iter()
                .map(|path| Input::from_arg(path))
                .collect()
        } else if env.stdin_brings_data {
            vec![Input::Stdin]
        } else {
            vec![Input::Sample]
        };
        let subscribed = inputs == [Input::Sample];
        let config_dir = store::config_dir(self.config_dir.clone(), env.config_dir_var.clone());
        let copies_dir = store::cache_dir(
            (self.cache_dir, env.cache_dir_var.clone()),
            (self.config_dir.clone(), env.config_dir_var.clone()),
        );
        let cache_dir = copies_dir.clone().filter(|_| !self.no_cache);
        let state_dir = store::state_dir(self.config_dir, env.config_dir_var.clone());
        let config_named = self.config.is_some();
        let config_file = self
            .config
            .or_else(|| config_dir.as_ref().map(|dir| dir.join(config::FILE_NAME)));
        Ok(Plan {
            mode,
            inputs,
            subscribed,
            config_dir,
            state_dir,
            cache_dir,
            copies_dir,
            offline: self.offline,
            config_file,
            config_named,
            headline: self.headline,
            separator: self.separator,
            query: self.query,
        })
    }
}

impl Flags {
    /// A completion script for `shell`, from the flags' own definition.
    pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Flags::command(), "folio", &mut script);
        script
    }

    /// The manual page, in roff, from the flags' own definition.
    pub fn man_page() -> std::io::Result<Vec<u8>> {
        let mut page = Vec::new();
        clap_mangen::Man::new(Flags::command()).render(&mut page)?;
        Ok(page)
    }
}

impl Plan {
    /// Where bookmarked web articles are kept: beside the bookmarks.
    pub fn bookmarked_dir(&self) -> Option<PathBuf> {
        self.config_dir.as_ref().map(|dir| saved::dir_in(dir))
    }

    /// How the inputs mark their articles: `--headline` and `--separator`,
    /// each in place of its `[parse]` option in the config file.
    pub fn marks(&self, options: &ParseOptions) -> Result<Marks, PatternError> {
        let compile =
            |flag: &Option<String>, name: &str, option: &Option<String>| match (flag, option) {
                (Some(source), _) => pattern(&format!("--{name}"), source).map(Some),
                (None, Some(source)) => pattern(&format!("parse.{name}"), source).map(Some),
                (None, None) => Ok(None),
            };
        Ok(Marks {
            headline: compile(&self.headline, "headline", &options.headline)?,
            separator: compile(&self.separator, "separator", &options.separator)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(args: &[&str], stdout_is_terminal: bool) -> Result<Plan, FlagsError> {
        plan_with(args, stdout_is_terminal, false)
    }

    fn plan_with(
        args: &[&str],
        stdout_is_terminal: bool,
        stdin_brings_data: bool,
    ) -> Result<Plan, FlagsError> {
        let flags = Flags::try_parse_from(std::iter::once("folio").chain(args.iter().copied()))
            .expect("the flags parse");
        flags.plan(&Environment {
            config_dir_var: Some("/cfg".into()),
            cache_dir_var: None,
            stdout_is_terminal,
            stdin_brings_data,
        })
    }

    #[test]
    fn piped_input_is_read_when_no_path_is_given_and_only_then() {
        let piped = plan_with(&[], true, true).expect("a plan");
        assert_eq!(piped.inputs, [Input::Stdin]);
        assert_eq!(piped.mode, Mode::Articles(ArticleTask::Read));
        let named = plan_with(&["a.txt"], true, true).expect("a plan");
        assert_eq!(named.inputs, [Input::Path("a.txt".into())]);
    }

    #[test]
    fn no_flags_read_the_sample_in_a_terminal_and_list_it_into_a_pipe() {
        let read = plan(&[], true).expect("a plan");
        assert_eq!(read.mode, Mode::Articles(ArticleTask::Read));
        assert_eq!(read.inputs, [Input::Sample]);
        assert_eq!(
            plan(&[], false).expect("a plan").mode,
            Mode::Articles(ArticleTask::ListText { width: None })
        );
    }

    #[test]
    fn json_alone_is_refused_and_picks_the_json_form_of_its_mode() {
        assert!(plan(&["--json"], true).is_err());
        assert_eq!(
            plan(&["--list", "--json"], true).expect("a plan").mode,
            Mode::Articles(ArticleTask::ListJson)
        );
        assert_eq!(
            plan(&["--bookmarks", "--json"], true).expect("a plan").mode,
            Mode::Bookmarks(BookmarksFormat::Json)
        );
        assert_eq!(
            plan(&["--filter", "oslo", "--json"], false)
                .expect("a plan")
                .mode,
            Mode::Articles(ArticleTask::Filter {
                query: "oslo".into(),
                json: true
            })
        );
    }

    #[test]
    fn completions_and_the_man_page_come_from_the_flags_themselves() {
        assert_eq!(
            plan(&["--completions", "bash"], true).expect("a plan").mode,
            Mode::Completions(clap_complete::Shell::Bash)
        );
        let script =
            String::from_utf8(Flags::completions(clap_complete::Shell::Bash)).expect("UTF-8");
        assert!(script.contains("--export-bookmarks") && script.contains("--query"));
        let page = String::from_utf8(Flags::man_page().expect("renders")).expect("UTF-8");
        assert!(
            page.starts_with(".ie") || page.contains(".TH folio"),
            "{page}"
        );
        assert!(page.contains("check\\-config"), "every flag is in it");
    }

    #[test]
    fn paths_become_inputs_in_order_with_a_dash_for_standard_input() {
        let plan = plan(&["a.txt", "-", "b.txt"], true).expect("a plan");
        assert_eq!(
            plan.inputs,
            [
                Input::Path("a.txt".into()),
                Input::Stdin,
                Input::Path("b.txt".into())
            ]
        );
    }

    #[test]
    fn the_config_file_is_the_named_one_else_the_config_directory_s() {
        let default = plan(&[], true).expect("a plan");
        assert_eq!(default.config_dir, Some("/cfg".into()));
        assert_eq!(default.config_file, Some("/cfg/config.toml".into()));
        assert!(!default.config_named);
        let named = plan(&["--config", "/x/my.toml"], true).expect("a plan");
        assert_eq!(named.config_file, Some("/x/my.toml".into()));
        assert!(named.config_named);
        let moved = plan(&["--config-dir", "/d"], true).expect("a plan");
        assert_eq!(moved.config_file, Some("/d/config.toml".into()));
        assert_eq!(moved.state_dir, Some("/d".into()));
    }

    #[test]
    fn a_flag_pattern_wins_over_the_config_s_and_a_bad_one_is_named() {
        let plan = plan(&["--headline", "^## "], true).expect("a plan");
        let options = ParseOptions {
            headline: Some("^# ".into()),
            separator: Some("^---$".into()),
        };
        let marks = plan.marks(&options).expect("both compile");
        let headline = marks.headline.expect("a headline pattern");
        assert!(headline.is_match("## Two"));
        assert!(!headline.is_match("# One"));
        assert!(marks.separator.expect("a separator").is_match("---"));
        let broken = ParseOptions {
            headline: None,
            separator: Some("(".into()),
        };
        let error = plan.marks(&broken).expect_err("a broken pattern");
        assert!(error.to_string().contains("parse.separator"), "{error}");
    }
}
