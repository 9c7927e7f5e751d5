//! The `folio` command: carries out the plan the command line resolves to
//! (`folio::cli`): loads inputs, prints or opens the reader, and turns every
//! failure into one clear sentence on stderr and an exit status.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;

use std::sync::Arc;

use folio::article::IdSet;
use folio::cache::ParseCache;
use folio::cli::{ArticleTask, BookmarksFormat, Environment, Flags, Mode, Plan};
use folio::config::{self, Config};
use folio::filter::engine::Engine;
use folio::filter::index::SearchIndex;
use folio::library::{Input, Library, LoadError, LoadOptions, LoadReport};
use folio::offline::Copies;
use folio::output::{
    bookmarks_json, bookmarks_markdown, bookmarks_text, filter_json, filter_text, list_json,
    list_text, show_text,
};
use folio::refresh::{Job, count_new, fetch_all};
use folio::store::reading::ReadingState;
use folio::store::{Access, Store};
use folio::subscriptions::{self, opml};
use folio::text::inert;
use folio::tui::{Fetching, Start};

/// Width for `--show` when standard output is not a terminal.
const DEFAULT_SHOW_WIDTH: usize = 80;

/// Exit status when nothing could be done (bad arguments, nothing loaded).
const EXIT_FAILURE: u8 = 2;
/// Exit status of `--filter` when nothing matched, as grep and fzf use.
const EXIT_NO_MATCH: u8 = 1;
/// Exit status of a reader that could not save everything at quit.
const EXIT_UNSAVED: u8 = 1;
/// Exit status of `--refresh` when some address could not be fetched.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit status of `--check-config` when the file has an error.
const EXIT_CONFIG_ERROR: u8 = 1;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say(&format!("internal error: {info}"));
    }));
    let flags = match Flags::try_parse() {
        Ok(flags) => flags,
        Err(error) => return argument_error(&error),
    };
    let result = flags
        .plan(&Environment::current())
        .map_err(anyhow::Error::from)
        .and_then(run);
    match result {
        Ok(code) => code,
        Err(error) => {
            say(&format!("{error:#}"));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Prints `message` on stderr as `folio: …`, every line made inert (a
/// message may quote a file name or an argument). A stderr that is gone
/// (a closed terminal) is no reason to panic: the message is dropped.
fn say(message: &str) {
    let _ = writeln!(io::stderr().lock(), "folio: {}", inert_lines(message));
}

/// `text` made inert line by line, its line breaks kept.
fn inert_lines(text: &str) -> String {
    text.lines().map(inert).collect::<Vec<_>>().join("\n")
}

/// What clap has to say about the arguments (help, version, or a mistake),
/// printed through the same inert filter as everything else: clap quotes
/// argument values as given, escape sequences and all.
fn argument_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let text = inert_lines(error.render().to_string().trim_end());
    let code = u8::try_from(error.exit_code()).unwrap_or(EXIT_FAILURE);
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe (`folio --help | head`) is not an error.
            let _ = writeln!(io::stdout().lock(), "{text}");
        }
        _ => {
            let _ = writeln!(io::stderr().lock(), "{text}");
        }
    }
    ExitCode::from(code)
}

/// Carries out the plan.
fn run(plan: Plan) -> anyhow::Result<ExitCode> {
    let task = match &plan.mode {
        Mode::PrintConfig => {
            write_stdout(config::DEFAULT_FILE)?;
            return Ok(ExitCode::SUCCESS);
        }
        Mode::CheckConfig => return check_config(plan.config_file.as_deref(), plan.config_named),
        Mode::Completions(shell) => {
            write_stdout(&String::from_utf8_lossy(&Flags::completions(*shell)))?;
            return Ok(ExitCode::SUCCESS);
        }
        Mode::Man => {
            let page = Flags::man_page().context("the manual page could not be written")?;
            write_stdout(&String::from_utf8_lossy(&page))?;
            return Ok(ExitCode::SUCCESS);
        }
        Mode::Bookmarks(format) => return bookmarks(plan.config_dir.clone(), *format),
        Mode::ClearCache => return clear_cache(plan.cache_dir.as_deref()),
        Mode::ImportOpml(file) => return import_opml(file, plan.config_dir.as_deref()),
        Mode::ExportOpml => return export_opml(plan.config_dir.as_deref()),
        Mode::Refresh => return refresh(&plan),
        Mode::Articles(task) => task.clone(),
    };
    let (config, config_notices) = load_config(plan.config_file.as_deref(), plan.config_named);
    if task != ArticleTask::Read {
        // The [parse] options shape what is printed: say what was wrong.
        for notice in &config_notices.all {
            say(notice);
        }
    }
    let marks = plan.marks(&config.parse)?;
    let cache = plan
        .cache_dir
        .as_deref()
        .map(|dir| ParseCache::new(dir, config.cache.budget_bytes()));
    let copies = plan.copies_dir.as_deref().map(Copies::new);
    let bookmarked_dir = plan.bookmarked_dir();
    let (inputs, subscription_problems) = inputs(&plan);
    // The reader opens at once on the kept copies and fetches in the
    // background; printing fetches first, as a script expects.
    let refresh_after = task == ArticleTask::Read
        && !plan.offline
        && copies.is_some()
        && inputs.iter().any(|input| matches!(input, Input::Url(_)));
    let options = LoadOptions {
        marks: &marks,
        cache: cache.as_ref(),
        web: config.web.limits(),
        copies: copies.as_ref(),
        offline: plan.offline || refresh_after,
        bookmarked: bookmarked_dir.as_deref(),
    };
    // Many subscriptions: the first screen needs only the first few.
    let first_few = refresh_after && inputs.iter().all(|input| matches!(input, Input::Url(_)));
    let (library, mut report) = if first_few {
        load_first_screen(&inputs, options)
    } else {
        Library::load_with(&inputs, options)
    };
    let load_first = first_few && library.sources.len() < inputs.len();
    if refresh_after {
        // Not kept yet: the refresh brings it.
        report
            .errors
            .retain(|error| !matches!(error, LoadError::NotKept { .. }));
    }
    for problem in subscription_problems.into_iter().rev() {
        report.errors.insert(0, LoadError::Subscriptions(problem));
    }
    for error in &report.errors {
        say(&error.to_string());
    }
    for warning in &report.warnings {
        say(&format!("warning: {warning}"));
    }
    if library.sources.is_empty() && !refresh_after {
        bail!("nothing could be loaded");
    }
    if library.articles.is_empty()
        && matches!(task, ArticleTask::ListText { .. } | ArticleTask::ListJson)
    {
        // As --show says it: an empty list alone could be a silent failure.
        say("no articles were found");
    }
    let output = match task {
        ArticleTask::Filter { query, json } => return filter(library, &query, json),
        ArticleTask::Show { number, width } => {
            let width = width.or_else(terminal_width).unwrap_or(DEFAULT_SHOW_WIDTH);
            show(&library, number, width)?
        }
        ArticleTask::ListJson => {
            // Read-only: listing changes nothing on disk.
            let (store, notices) = Store::open_with(plan.config_dir.clone(), Access::ReadOnly);
            let (reading, reading_notice) =
                ReadingState::open_with(plan.state_dir.clone(), Access::ReadOnly);
            for notice in notices.iter().chain(&reading_notice) {
                say(notice);
            }
            list_json(&library, &|id| reading.is_read(id), &|id| {
                store.contains(id)
            })
        }
        ArticleTask::ListText { width } => list_text(&library, width.or_else(terminal_width)),
        ArticleTask::Read => {
            let problems = report.errors.len() + report.warnings.len();
            let first_problem = report
                .errors
                .first()
                .map(ToString::to_string)
                .or_else(|| report.warnings.first().map(ToString::to_string));
            let refresh = match &plan.copies_dir {
                Some(copies_dir) if refresh_after => Ok(Job {
                    inputs,
                    marks: marks.clone(),
                    cache_dir: plan.cache_dir.clone(),
                    copies_dir: copies_dir.clone(),
                    bookmarked_dir,
                    limits: config.web.limits(),
                    cache_budget: config.cache.budget_bytes(),
                    load_first,
                }),
                _ if plan.offline => Err("offline (--offline): nothing is fetched"),
                _ => Err("nothing to refresh: no addresses are open"),
            };
            return read(
                plan,
                library,
                config,
                (config_notices, problems, first_problem),
                refresh,
            );
        }
    };
    write_stdout(&output)?;
    leave_for_exit(library);
    Ok(ExitCode::SUCCESS)
}

/// `--clear-cache`: empties the parse cache and says what it held.
fn clear_cache(dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = dir else {
        bail!("there is no cache directory: no home directory was found");
    };
    let cache = ParseCache::new(dir, 0);
    let shown = inert(&cache.dir().display().to_string());
    let cleared = cache
        .clear()
        .with_context(|| format!("the parse cache in {shown} could not be cleared"))?;
    let entries = match cleared.entries {
        1 => "1 file".to_string(),
        count => format!("{count} files"),
    };
    write_stdout(&format!(
        "cleared the parse cache in {shown}: {entries}, {:.1} MB\n",
        cleared.bytes as f64 / 1e6
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Articles enough for the reader's first screen, with rows to spare.
const FIRST_SCREEN_ARTICLES: usize = 200;

/// The first of `inputs` (addresses, read from their kept copies) that
/// together hold [`FIRST_SCREEN_ARTICLES`], taken 1, 2, 4, … at a time; the
/// background refresh reads the rest before it fetches anything.
fn load_first_screen(inputs: &[Input], options: LoadOptions) -> (Library, LoadReport) {
    let mut count = 1;
    loop {
        let (library, report) = Library::load_with(&inputs[..count.min(inputs.len())], options);
        if count >= inputs.len() || library.articles.len() >= FIRST_SCREEN_ARTICLES {
            return (library, report);
        }
        count *= 2;
    }
}

/// What to load: the plan's inputs, or, with no path and nothing piped,
/// the subscriptions when the file lists any; and what is wrong with the
/// subscriptions file, if anything.
fn inputs(plan: &Plan) -> (Vec<Input>, Vec<String>) {
    let dir = match &plan.config_dir {
        Some(dir) if plan.subscribed => dir,
        _ => return (plan.inputs.clone(), Vec::new()),
    };
    let shown = || inert(&dir.join(subscriptions::FILE_NAME).display().to_string());
    match subscriptions::read(dir) {
        Ok(None) => (plan.inputs.clone(), Vec::new()),
        Ok(Some((found, problems))) => {
            let mut said: Vec<String> = problems.iter().map(ToString::to_string).collect();
            if found.is_empty() {
                said.push(format!(
                    "{} lists no address; the bundled sample is opened",
                    shown()
                ));
                return (plan.inputs.clone(), said);
            }
            (found.into_iter().map(Input::Url).collect(), said)
        }
        Err(error) => (
            plan.inputs.clone(),
            vec![format!(
                "{}: cannot be read ({}); the bundled sample is opened",
                shown(),
                inert(&error.to_string())
            )],
        ),
    }
}

/// `--refresh`: fetches every address again and says what came.
fn refresh(plan: &Plan) -> anyhow::Result<ExitCode> {
    let (config, notices) = load_config(plan.config_file.as_deref(), plan.config_named);
    for notice in &notices.all {
        say(notice);
    }
    let (inputs, problems) = inputs(plan);
    for problem in &problems {
        say(problem);
    }
    let Some(copies_dir) = plan.copies_dir.clone() else {
        bail!(
            "there is no cache directory to keep fetched addresses in: no home directory was found"
        );
    };
    let job = Job {
        inputs,
        marks: plan.marks(&config.parse)?,
        cache_dir: plan.cache_dir.clone(),
        copies_dir,
        bookmarked_dir: plan.bookmarked_dir(),
        limits: config.web.limits(),
        cache_budget: config.cache.budget_bytes(),
        load_first: false,
    };
    if job.urls().is_empty() {
        bail!(
            "nothing to refresh: give addresses, or list them in the subscriptions file in the config directory"
        );
    }
    let copies = Copies::new(&job.copies_dir);
    let (kept, said) = job.load_kept(&copies);
    let before: IdSet = kept.ids().iter().copied().collect();
    drop(kept);
    let mut tally = fetch_all(&job, &copies, |_, _| {});
    tally.notes = said;
    if tally.changed > 0 {
        let (after, said) = job.load_kept(&copies);
        tally.new = count_new(&before, &after);
        tally.note(said);
    }
    for note in &tally.notes {
        say(note);
    }
    for failed in &tally.failed {
        say(&failed.to_string());
    }
    if let Some(trouble) = copies.take_trouble() {
        say(&trouble);
    }
    write_stdout(&format!("{}\n", tally.summary()))?;
    Ok(if tally.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SOME_FAILED)
    })
}

/// `--import-opml FILE`: adds the feeds FILE lists to the subscriptions.
fn import_opml(file: &Path, config_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let shown = inert(&file.display().to_string());
    let Some(dir) = config_dir else {
        bail!("there is no config directory to keep subscriptions in: no home directory was found");
    };
    let bytes = std::fs::read(file).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => anyhow::anyhow!("{shown}: no such file"),
        _ => anyhow::anyhow!("{shown}: cannot read: {}", inert(&error.to_string())),
    })?;
    let found = opml::read(&String::from_utf8_lossy(&bytes))
        .map_err(|why| anyhow::anyhow!("{shown}: {why}; nothing was imported"))?;
    if found.is_empty() {
        bail!("{shown}: no feeds in it (no outline with an http(s) xmlUrl); nothing was imported");
    }
    let target = inert(&dir.join(subscriptions::FILE_NAME).display().to_string());
    let added = subscriptions::add(dir, &found)
        .with_context(|| format!("{target} could not be written; nothing was imported"))?;
    let known = match added.known {
        0 => String::new(),
        1 => " (1 was already there)".to_string(),
        known => format!(" ({known} were already there)"),
    };
    let plural = if added.new == 1 { "" } else { "s" };
    write_stdout(&format!(
        "added {} subscription{plural} to {target}{known}\n",
        added.new
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `--export-opml`: the subscriptions as OPML on standard output.
fn export_opml(config_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = config_dir else {
        bail!("there is no config directory, so no subscriptions: no home directory was found");
    };
    let shown = inert(&dir.join(subscriptions::FILE_NAME).display().to_string());
    let (found, problems) = subscriptions::read(dir)
        .with_context(|| format!("{shown} cannot be read"))?
        .with_context(|| format!("there are no subscriptions: {shown} does not exist"))?;
    for problem in &problems {
        say(&problem.to_string());
    }
    write_stdout(&opml::write(&found))?;
    Ok(ExitCode::SUCCESS)
}

/// `--bookmarks` and `--export-bookmarks`. Printing bookmarks changes
/// nothing on disk, a damaged file included.
fn bookmarks(config_dir: Option<PathBuf>, format: BookmarksFormat) -> anyhow::Result<ExitCode> {
    let (store, notices) = Store::open_with(config_dir, Access::ReadOnly);
    for notice in &notices {
        say(notice);
    }
    let bookmarks = store.bookmarks();
    write_stdout(&match format {
        BookmarksFormat::Markdown => bookmarks_markdown(&bookmarks),
        BookmarksFormat::Json => bookmarks_json(&bookmarks),
        BookmarksFormat::Text => bookmarks_text(&bookmarks),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `--show N`: article N as wrapped text, or what numbers there are.
fn show(library: &Library, number: usize, width: usize) -> anyhow::Result<String> {
    let count = library.articles.len();
    let article = number
        .checked_sub(1)
        .and_then(|index| library.articles.get(index))
        .with_context(|| match count {
            0 => format!("there is no article {number}: no articles were found"),
            1 => format!("there is no article {number}: there is only article 1"),
            _ => format!("there is no article {number}: articles are numbered 1 to {count}"),
        })?;
    Ok(show_text(library, article, width))
}

/// The reader: opens the stores, says what went wrong loading (the first
/// problem on the status bar, all of them on stderr), runs the terminal
/// session and turns how it ended into the exit status.
fn read(
    plan: Plan,
    library: Library,
    config: Config,
    (config_notices, load_problems, first_load_problem): (ConfigNotices, usize, Option<String>),
    refresh: Result<Job, &'static str>,
) -> anyhow::Result<ExitCode> {
    let (store, mut store_notices) = Store::open(plan.config_dir.clone());
    let (reading, reading_notice) = ReadingState::open(plan.state_dir.clone());
    store_notices.extend(reading_notice);
    for notice in &store_notices {
        say(notice);
    }
    for notice in &config_notices.all {
        say(notice);
    }
    let problems = load_problems + store_notices.len() + config_notices.all.len();
    // The first problem in words (a store's own notice says most); the
    // rest stay on the screen behind the reader, seen after quitting.
    let first = store_notices
        .first()
        .cloned()
        .or(first_load_problem)
        .or(config_notices.summary);
    let notice = first.map(|first| match problems {
        1 => first,
        n => format!("{first} (and {} more, shown after you quit)", n - 1),
    });
    // Where what cannot be saved at quit goes instead (the system's
    // temporary directory comes last).
    let fallbacks: Vec<PathBuf> = [plan.state_dir, plan.config_dir]
        .into_iter()
        .flatten()
        .collect();
    let start = Start {
        notice,
        query: plan.query.as_deref(),
        refresh,
        fetching: Fetching {
            copies_dir: plan.copies_dir.clone(),
            limits: config.web.limits(),
            offline: plan.offline,
        },
    };
    let ending = folio::tui::run(library, store, reading, config, start, &fallbacks)
        .context("the terminal could not be used")?;
    for unsaved in &ending.unsaved {
        say(&unsaved.to_string());
    }
    // Ended by a signal: exit as the shell expects, 128 + its number.
    Ok(match (ending.signal, ending.unsaved.is_empty()) {
        (Some(signal), _) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(EXIT_FAILURE)),
        (None, true) => ExitCode::SUCCESS,
        (None, false) => ExitCode::from(EXIT_UNSAVED),
    })
}

/// Hands a large value the process is done with to the exit, which returns
/// all its memory at once: freeing a million articles one by one first
/// takes a tenth of a second for nothing.
fn leave_for_exit<T>(value: T) {
    std::mem::forget(value);
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
