//! The `folio` command: parses arguments, loads inputs, prints or opens the
//! reader, and turns every failure into one clear sentence on stderr.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use std::sync::Arc;

use folio::config::{self, Config, ParseOptions};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library};
use folio::listing::{
    bookmarks_json, bookmarks_markdown, bookmarks_text, filter_json, filter_text, list_json,
    list_text, show_text,
};
use folio::parse::hygiene::inert;
use folio::parse::marks::{Marks, pattern};
use folio::store::reading::ReadingState;
use folio::store::{self, Store};

/// Width for `--show` when standard output is not a terminal.
const DEFAULT_SHOW_WIDTH: usize = 80;

/// Exit status when nothing could be done (bad arguments, nothing loaded).
const EXIT_FAILURE: u8 = 2;
/// Exit status of `--filter` when nothing matched, as grep and fzf use.
const EXIT_NO_MATCH: u8 = 1;
/// Exit status of `--check-config` when the file has an error.
const EXIT_CONFIG_ERROR: u8 = 1;

/// A terminal reader for article collections.
///
/// Give it plain-text dumps of articles (a blog front page or an article
/// export saved as text); with no path it opens the bundled sample.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Text files to read; `-` reads standard input. Several make one list.
    paths: Vec<PathBuf>,

    /// Print one line per article (number, title, words, reading time) and exit.
    #[arg(long, conflicts_with_all = ["show", "filter"])]
    list: bool,

    /// Print the headlines matching QUERY, best first, and exit (status 1 if
    /// none). Syntax as fzf: terms AND, 'exact, ^prefix, suffix$, !not.
    #[arg(long, value_name = "QUERY", conflicts_with = "show")]
    filter: Option<String>,

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

    /// Read keys, colours and layout from FILE instead of config.toml in the
    /// config directory.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Print the default config file, every option documented, and exit:
    /// `folio --print-config > ~/.config/folio/config.toml` starts your own.
    #[arg(long, conflicts_with_all = ["list", "show", "filter", "bookmarks", "export_bookmarks", "check_config"])]
    print_config: bool,

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

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("folio: internal error: {info}");
    }));
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("folio: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Formats `--export-bookmarks` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ExportFormat {
    /// A Markdown reading list.
    Md,
    /// A JSON array.
    Json,
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    if cli.json && !cli.list && cli.filter.is_none() && !cli.bookmarks {
        bail!("--json goes with --list, --filter or --bookmarks");
    }
    let config_dir = store::config_dir(
        cli.config_dir.clone(),
        std::env::var_os(store::CONFIG_DIR_VAR),
    );
    let config_file = cli
        .config
        .clone()
        .or_else(|| config_dir.as_ref().map(|dir| dir.join(config::FILE_NAME)));
    if cli.print_config {
        write_stdout(config::DEFAULT_FILE)?;
        return Ok(ExitCode::SUCCESS);
    }
    if cli.check_config {
        return check_config(config_file.as_deref(), cli.config.is_some());
    }
    if cli.bookmarks || cli.export_bookmarks.is_some() {
        let (store, notices) = Store::open(config_dir);
        for notice in &notices {
            eprintln!("folio: {notice}");
        }
        let bookmarks = store.bookmarks();
        let output = match (cli.export_bookmarks, cli.json) {
            (Some(ExportFormat::Md), _) => bookmarks_markdown(&bookmarks),
            (Some(ExportFormat::Json), _) | (None, true) => bookmarks_json(&bookmarks),
            (None, false) => bookmarks_text(&bookmarks),
        };
        write_stdout(&output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (config, config_notices) = load_config(config_file.as_deref(), cli.config.is_some());
    let opens_reader = cli.filter.is_none()
        && cli.show.is_none()
        && !cli.json
        && !cli.list
        && io::stdout().is_terminal();
    if !opens_reader {
        // The [parse] options shape what is printed: say what was wrong.
        for notice in &config_notices.all {
            eprintln!("folio: {notice}");
        }
    }
    let marks = marks(cli, &config.parse)?;
    let inputs: Vec<Input> = if cli.paths.is_empty() {
        vec![Input::Sample]
    } else {
        cli.paths.iter().map(|path| Input::from_arg(path)).collect()
    };
    let (library, report) = Library::load_marked(&inputs, &marks);
    for error in &report.errors {
        eprintln!("folio: {error}");
    }
    for warning in &report.warnings {
        eprintln!("folio: warning: {warning}");
    }
    if library.sources.is_empty() {
        bail!("nothing could be loaded");
    }
    if let Some(query) = &cli.filter {
        return filter(library, query, cli.json);
    }
    let terminal_width = terminal_width();
    let width = cli.width.map(usize::from);
    let output = if let Some(number) = cli.show {
        let count = library.articles.len();
        let article = number
            .checked_sub(1)
            .and_then(|index| library.articles.get(index))
            .with_context(|| match count {
                0 => format!("there is no article {number}: no articles were found"),
                1 => format!("there is no article {number}: there is only article 1"),
                _ => format!("there is no article {number}: articles are numbered 1 to {count}"),
            })?;
        let width = width.or(terminal_width).unwrap_or(DEFAULT_SHOW_WIDTH);
        show_text(&library, article, width)
    } else if cli.json {
        list_json(&library)
    } else if !opens_reader {
        // Piped (`folio | head`), the reader would draw into a pipe: list.
        list_text(&library, width.or(terminal_width))
    } else {
        let (store, mut store_notices) = Store::open(config_dir);
        let state_dir = store::state_dir(
            cli.config_dir.clone(),
            std::env::var_os(store::CONFIG_DIR_VAR),
        );
        let (reading, reading_notice) = ReadingState::open(state_dir);
        store_notices.extend(reading_notice);
        for notice in &store_notices {
            eprintln!("folio: {notice}");
        }
        for notice in &config_notices.all {
            eprintln!("folio: {notice}");
        }
        let problems = report.errors.len()
            + report.warnings.len()
            + store_notices.len()
            + config_notices.all.len();
        // The first problem in words (a store's own notice says most); the
        // rest stay on the screen behind the reader, seen after quitting.
        let first = store_notices
            .first()
            .cloned()
            .or_else(|| report.errors.first().map(ToString::to_string))
            .or_else(|| report.warnings.first().map(ToString::to_string))
            .or(config_notices.summary);
        let notice = first.map(|first| match problems {
            1 => first,
            n => format!("{first} (and {} more, shown after you quit)", n - 1),
        });
        let ended_by = folio::tui::run(library, store, reading, config, notice)
            .context("the terminal could not be used")?;
        // Ended by a signal: exit as the shell expects, 128 + its number.
        return Ok(ended_by.map_or(ExitCode::SUCCESS, |signal| {
            ExitCode::from(u8::try_from(128 + signal).unwrap_or(EXIT_FAILURE))
        }));
    };
    write_stdout(&output)?;
    leave_for_exit(library);
    Ok(ExitCode::SUCCESS)
}

/// Hands a large value the process is done with to the exit, which returns
/// all its memory at once: freeing a million articles one by one first
/// takes a tenth of a second for nothing.
fn leave_for_exit<T>(value: T) {
    std::mem::forget(value);
}

/// How the inputs mark their articles: `--headline` and `--separator`,
/// each in place of its `[parse]` option in the config file.
fn marks(cli: &Cli, options: &ParseOptions) -> anyhow::Result<Marks> {
    let compile = |flag: &Option<String>, name: &str, option: &Option<String>| match (flag, option)
    {
        (Some(source), _) => pattern(&format!("--{name}"), source).map(Some),
        (None, Some(source)) => pattern(&format!("parse.{name}"), source).map(Some),
        (None, None) => Ok(None),
    };
    Ok(Marks {
        headline: compile(&cli.headline, "headline", &options.headline)?,
        separator: compile(&cli.separator, "separator", &options.separator)?,
    })
}

/// What to tell the person about their config file.
#[derive(Default)]
struct ConfigNotices {
    /// Every problem in full, for stderr.
    all: Vec<String>,
    /// One line for the status bar.
    summary: Option<String>,
}

impl ConfigNotices {
    /// A single notice, said in full and in the status bar alike.
    fn one(notice: String) -> Self {
        ConfigNotices {
            all: vec![notice.clone()],
            summary: Some(notice),
        }
    }
}

/// The config for the reader, and what to tell the person about it. Never
/// fails: a file that cannot be used gives the defaults.
fn load_config(path: Option<&Path>, explicit: bool) -> (Config, ConfigNotices) {
    let no_color = config::colour_forbidden(std::env::var_os(config::NO_COLOR_VAR).as_deref());
    let (config, notices) = match (path, path.map(config::load)) {
        (Some(path), Some(Ok(None))) if explicit => (
            Config::default(),
            ConfigNotices::one(format!(
                "there is no config file {}; using the defaults",
                inert(&path.display().to_string())
            )),
        ),
        (_, None | Some(Ok(None))) => (Config::default(), ConfigNotices::default()),
        (_, Some(Err(error))) => (
            Config::default(),
            ConfigNotices::one(format!("{error}; using the defaults")),
        ),
        (_, Some(Ok(Some(report)))) => {
            let name = path.map(display_name).unwrap_or_default();
            let all = report
                .problems
                .iter()
                .map(|problem| format!("{name}:{problem}"))
                .collect();
            // The first problem's place and gist; what was expected is long.
            let summary = report.problems.first().map(|problem| {
                let gist = problem.message.split("; ").next().unwrap_or_default();
                let outcome = if report.has_errors() {
                    "using the defaults"
                } else {
                    "skipped"
                };
                format!(
                    "{name}:{}:{}: {gist} — {outcome} (see folio --check-config)",
                    problem.line, problem.column
                )
            });
            (report.config, ConfigNotices { all, summary })
        }
    };
    let config = if no_color {
        config.without_colour()
    } else {
        config
    };
    (config, notices)
}

/// `--check-config`: every problem of the config file, one per line as
/// `file:line:column: severity: message`. No file in the config directory is
/// fine (the defaults); no file where `--config` pointed is an error.
fn check_config(path: Option<&Path>, explicit: bool) -> anyhow::Result<ExitCode> {
    let Some(path) = path else {
        bail!("there is no config directory (no home directory); give the file with --config");
    };
    let Some(report) = config::load(path)? else {
        if explicit {
            bail!(
                "there is no config file {}",
                inert(&path.display().to_string())
            );
        }
        write_stdout(&format!(
            "{}: no config file; the defaults apply (folio --print-config shows them)\n",
            inert(&path.display().to_string())
        ))?;
        return Ok(ExitCode::SUCCESS);
    };
    let shown = inert(&path.display().to_string());
    let mut output: String = report
        .problems
        .iter()
        .map(|problem| format!("{shown}:{problem}\n"))
        .collect();
    if report.problems.is_empty() {
        output = format!("{shown}: no problems\n");
    }
    write_stdout(&output)?;
    Ok(if report.has_errors() {
        ExitCode::from(EXIT_CONFIG_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

/// A file's name, made safe to print, for short messages.
fn display_name(path: &Path) -> String {
    inert(&path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    ))
}

/// `--filter`: one complete run of the engine, printed best first.
fn filter(library: Library, query: &str, json: bool) -> anyhow::Result<ExitCode> {
    let index = Arc::new(SearchIndex::for_one_search(Arc::new(library)));
    let results = Engine::new(index.clone()).search(query);
    let output = if json {
        filter_json(&index, &results)
    } else {
        filter_text(index.library(), &results)
    };
    write_stdout(&output)?;
    let matched = !results.matches.is_empty();
    leave_for_exit(index);
    Ok(if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NO_MATCH)
    })
}

/// The terminal's width when standard output is one.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(columns, _)| usize::from(columns))
}

/// Writes everything, treating a closed pipe (`folio --list | head`) as done.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}
