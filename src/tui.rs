//! The terminal session: start-up, the event loop, and one teardown that
//! runs however the session ends (quit, signal, a terminal gone, error or
//! panic), and always saves first.
//!
//! Keys become actions through the App's keymap ([`App::press`]); mouse,
//! resizes, pastes and filter results become [`Event`]s for
//! [`App::handle`]; the screen is redrawn only after something changed. The
//! loop sleeps in [`wait`] until input, a signal, a filter result or a due
//! save — no fixed tick — and every event waiting is handled before the next
//! frame, so a burst of keys is never left unread. SIGTERM, SIGHUP, SIGINT,
//! SIGQUIT, SIGUSR1/2 and SIGALRM end the session as `q` does; SIGTSTP from
//! anywhere suspends as Ctrl-Z does and SIGCONT redraws; a terminal that
//! hangs up or fails ends the session quietly, state saved.

mod browser;
mod clipboard;
mod full_text;
mod wait;

pub use full_text::Fetching;
use full_text::FullTexts;

use std::io::{self, Stdout, stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TerminalEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::iterator::Signals;

use crate::app::{App, Event, Request};
use crate::config::Config;
use crate::filter::index::SearchIndex;
use crate::filter::worker::{FilterEvent, FilterWorker};
use crate::library::Library;
use crate::refresh::{Job, RefreshEvent, Refresher};
use crate::store::reading::ReadingState;
use crate::store::{Store, Unsaved};
use crate::ui;
use wait::{READ_NOW, Waiter, Waker};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i16 = 3;
/// Most bytes of one paste kept; the filter takes far fewer anyway.
const MAX_PASTE_BYTES: usize = 64 * 1024;
/// Signals that end the session as `q` does (their default would end the
/// process without saving or restoring the terminal).
const ENDING_SIGNALS: [i32; 7] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];

/// Set in the environment, folio panics after its first frame: for testing
/// that a panic restores the terminal.
pub const PANIC_TRIGGER: &str = "FOLIO_TEST_PANIC";

/// Whether the terminal is in folio's modes and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// How a session opens, besides what it reads.
#[derive(Debug)]
pub struct Start<'a> {
    /// Shown on the status bar at once (what went wrong loading).
    pub notice: Option<String>,
    /// `--query`: the filter it opens with.
    pub query: Option<&'a str>,
    /// What a refresh fetches (one starts at once), or why there is
    /// nothing to fetch (`r` says it).
    pub refresh: Result<Job, &'static str>,
    /// How an article's page is fetched for its full text (`f`).
    pub fetching: Fetching,
}

/// How a session ended, and what it could not save.
#[derive(Debug)]
pub struct Ending {
    /// The signal that ended it, if one did (SIGHUP when the terminal
    /// itself went away).
    pub signal: Option<i32>,
    /// What could not be saved, and where it went instead.
    pub unsaved: Vec<Unsaved>,
}

/// What the signal watcher has seen, for the event loop.
#[derive(Default)]
struct Seen {
    /// The ending signal's number, or 0.
    ending: AtomicUsize,
    /// SIGTSTP came from outside: suspend as Ctrl-Z does.
    stop: AtomicBool,
    /// SIGCONT: the terminal may have been used meanwhile; redraw.
    continued: AtomicBool,
    /// The loop has saved and restored: the watcher need not end the process.
    finished: AtomicBool,
    /// SIGWINCH: the terminal has a resize for crossterm to report.
    resized: Arc<AtomicBool>,
}

/// Runs the reader on `library`, with bookmarks in `store` and keys, colours
/// and layout from `config`, until the person quits, a signal ends it or the
/// terminal goes away. `notice`, if any, shows in the status bar first
/// (what went wrong loading the inputs or the config). What cannot be saved
/// at the end goes to a recovery file in the first of `fallbacks` that takes
/// it.
pub fn run(
    library: Library,
    store: Store,
    reading: ReadingState,
    config: Config,
    opening: Start,
    fallbacks: &[PathBuf],
) -> io::Result<Ending> {
    let Start {
        notice,
        query,
        refresh,
        fetching,
    } = opening;
    let mut waiter = Waiter::new()?;
    let waker = waiter.waker();
    let seen = Arc::new(Seen::default());
    watch_signals(seen.clone(), waker.clone())?;
    // A resize is noted, then rings the wake-up pipe; crossterm then reads
    // its own news of it.
    let resized = signal_hook::flag::register(SIGWINCH, seen.resized.clone())?;
    let resize = signal_hook::low_level::pipe::register_raw(SIGWINCH, waker.raw_fd())?;
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    let worker = filter_worker(&index, &waker);
    let mut terminal = start()?;
    let teardown = Teardown;
    let size = terminal.size()?;
    let mut app = App::new(index, store, (size.width, size.height))
        .with_config(config)
        .with_reading_state(reading)
        .with_query(query.unwrap_or_default());
    if let Some(notice) = notice {
        app.set_message(notice);
    }
    let mut background = Background {
        worker,
        refresh,
        refresher: None,
        full_texts: FullTexts::new(fetching),
        waker: waker.clone(),
    };
    if background.refresh.is_ok() {
        background.start_refresh(&mut app);
    }
    let ended_by = event_loop(&mut app, &mut terminal, &mut waiter, &mut background, &seen);
    let unsaved = app.save_or_recover(fallbacks);
    seen.finished.store(true, Ordering::SeqCst);
    // Ratatui's own teardown prints (and so panics) when the terminal is
    // gone; the cursor is shown by `restore` below either way.
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    drop(teardown);
    signal_hook::low_level::unregister(resize);
    signal_hook::low_level::unregister(resized);
    drop(waker);
    Ok(Ending {
        signal: ended_by,
        unsaved,
    })
}

/// The filter worker for `index`, waking the event loop with each result.
fn filter_worker(index: &Arc<SearchIndex>, waker: &Waker) -> FilterWorker {
    let waker = waker.clone();
    FilterWorker::spawn(index.clone(), move || waker.wake())
}

/// The threads working for the reader: the filter worker, and the refresh
/// fetching the addresses again while one runs.
struct Background {
    worker: FilterWorker,
    /// What a refresh fetches, or why there is nothing to fetch.
    refresh: Result<Job, &'static str>,
    refresher: Option<Refresher>,
    /// Pages fetched for their full text.
    full_texts: FullTexts,
    waker: Waker,
}

impl Background {
    /// Starts a refresh, unless one runs or there is nothing to refresh.
    fn start_refresh(&mut self, app: &mut App) {
        match &self.refresh {
            Err(why) => app.set_message((*why).to_string()),
            Ok(_) if self.refresher.is_some() => {
                app.set_message("a refresh is running already".to_string());
            }
            Ok(job) => {
                let waker = self.waker.clone();
                self.refresher = Some(Refresher::spawn(
                    job.clone(),
                    app.library().clone(),
                    move || waker.wake(),
                ));
                app.set_refreshing(Some("refreshing".to_string()));
            }
        }
    }

    /// Hands the pages that arrived for their full text to the App;
    /// returns whether any did.
    fn take_full_texts(&mut self, app: &mut App) -> bool {
        let mut came = false;
        while let Some((id, page)) = self.full_texts.try_recv() {
            app.show_full_text(id, page);
            came = true;
        }
        came
    }

    /// Hands what the refresh sent to the App: progress, a new library
    /// (with a new filter worker for it), the end. Returns whether anything
    /// came.
    fn take_refresh(&mut self, app: &mut App) -> bool {
        let mut came = false;
        while let Some(event) = self.refresher.as_ref().and_then(Refresher::try_recv) {
            came = true;
            match event {
                RefreshEvent::Progress(tally) => app.set_refreshing(Some(tally.progress())),
                RefreshEvent::Reloaded { library, tally } => {
                    let index = Arc::new(SearchIndex::new(Arc::new(library)));
                    let old =
                        std::mem::replace(&mut self.worker, filter_worker(&index, &self.waker));
                    // The old worker may be preparing its index: let it
                    // finish elsewhere instead of waiting for it here.
                    let _ = std::thread::Builder::new()
                        .name("folio-filter-end".into())
                        .spawn(move || drop(old));
                    app.replace_library(index);
                    app.set_refreshing(Some(tally.progress()));
                }
                RefreshEvent::Finished(tally) => {
                    self.refresher = None;
                    app.set_refreshing(None);
                    let mut said = tally.summary();
                    if let Some(first) = tally.failed.first() {
                        said.push_str(&format!(" · {first}"));
                    } else if let Some(first) = tally.notes.first() {
                        said.push_str(&format!(" · {first}"));
                    }
                    app.set_message(said);
                }
            }
        }
        came
    }
}

/// Opens or copies a link the App asked for, saying so if it failed; starts
/// a refresh when asked.
fn carry_out(app: &mut App, request: Request, background: &mut Background) {
    let failed = match request {
        Request::Refresh => {
            background.start_refresh(app);
            None
        }
        Request::FullText { id, url } => {
            let waker = background.waker.clone();
            background.full_texts.fetch(id, url, move || waker.wake());
            None
        }
        Request::Open(url) => {
            let browser = std::env::var("BROWSER").ok();
            browser::open(&url, browser.as_deref()).err()
        }
        Request::Copy(url) => clipboard::copy(&mut stdout(), &url)
            .err()
            .map(|error| format!("could not copy: {error}")),
    };
    if let Some(why) = failed {
        app.set_message(why);
    }
}

/// Draws and handles events until the session ends; returns the signal that
/// ended it, if any (SIGHUP for a terminal that went away).
fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    waiter: &mut Waiter,
    background: &mut Background,
    seen: &Seen,
) -> Option<i32> {
    let mut dirty = true;
    let mut last_click = None;
    loop {
        if app.should_quit() {
            return None;
        }
        if let Some(number) = i32::try_from(seen.ending.load(Ordering::SeqCst))
            .ok()
            .filter(|&n| n != 0)
        {
            return Some(number);
        }
        let stop = seen.stop.swap(false, Ordering::SeqCst);
        if app.take_suspend_request() || stop {
            if suspend(terminal).is_err() {
                return Some(SIGHUP);
            }
            dirty = true;
        }
        if seen.continued.swap(false, Ordering::SeqCst) {
            if enter_modes().and_then(|()| terminal.clear()).is_err() {
                return Some(SIGHUP);
            }
            dirty = true;
        }
        dirty |= background.take_refresh(app);
        dirty |= background.take_full_texts(app);
        while let Some(found) = background.worker.try_recv() {
            app.handle(match found {
                FilterEvent::Partial { top, .. } => Event::FilterPartial(top),
                FilterEvent::Done { results, .. } => Event::FilterDone(results),
            });
            dirty = true;
        }
        if let Some(query) = app.take_filter_request() {
            background.worker.submit(&query);
        }
        if let Some(request) = app.take_request() {
            carry_out(app, request, background);
            dirty = true;
        }
        app.save_if_due(Instant::now());
        if dirty {
            if terminal.draw(|frame| ui::render(app, frame)).is_err() {
                return Some(SIGHUP);
            }
            dirty = false;
            // A hidden trigger for the end-to-end test that a panic gives the
            // terminal back.
            if std::env::var_os(PANIC_TRIGGER).is_some() {
                panic!("{PANIC_TRIGGER} is set");
            }
        }
        let ready = match waiter.wait(app.next_save()) {
            Ok(ready) if !ready.gone => ready,
            _ => return Some(SIGHUP),
        };
        // Only input or a resize needs the terminal read: reading after a
        // filter result or a signal alone would wait READ_NOW for nothing
        // before the result is drawn.
        if ready.input || seen.resized.swap(false, Ordering::SeqCst) {
            match read_events(app, &mut last_click) {
                Ok(changed) => dirty |= changed,
                Err(_) => return Some(SIGHUP),
            }
        }
    }
}

/// Handles every event waiting on the terminal; returns whether any
/// changed what is shown. Keys that arrive with a paste, in the same burst,
/// are the paste's own text (a pasted fake end-of-paste marker cannot turn
/// the rest into commands): they join it, and it goes to the filter whole.
fn read_events(app: &mut App, last_click: &mut Option<(Instant, u16, u16)>) -> io::Result<bool> {
    let mut changed = false;
    let mut paste: Option<String> = None;
    while event::poll(READ_NOW)? {
        let event = event::read()?;
        if let Some(text) = &mut paste {
            match &event {
                TerminalEvent::Key(key) => {
                    if key.kind == KeyEventKind::Press
                        && let Some(c) = pasted_char(key)
                        && text.len() + c.len_utf8() <= MAX_PASTE_BYTES
                    {
                        text.push(c);
                    }
                    continue;
                }
                TerminalEvent::Paste(more) => {
                    let room = MAX_PASTE_BYTES.saturating_sub(text.len());
                    text.push_str(&more[..more.floor_char_boundary(room)]);
                    continue;
                }
                _ => {}
            }
        }
        changed = true;
        match event {
            TerminalEvent::Key(key) if key.kind == KeyEventKind::Press => app.press(key),
            TerminalEvent::Paste(text) => {
                paste = Some(text[..text.floor_char_boundary(MAX_PASTE_BYTES)].to_string());
            }
            other => {
                if let Some(event) = event_of(other) {
                    app.handle(double_click(event, last_click, Instant::now()));
                }
            }
        }
    }
    if let Some(text) = paste {
        app.handle(Event::Paste(text));
    }
    Ok(changed)
}

/// The text a key stands for when it arrives inside a paste.
fn pasted_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        KeyCode::Enter => Some('\n'),
        KeyCode::Tab => Some('\t'),
        _ => None,
    }
}

/// How long the event loop has to notice an ending signal before the
/// watcher ends the process itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

/// Watches signals on a thread of its own and tells the event loop through
/// `seen`, waking it. An ending signal that the loop has not acted on
/// within [`SIGNAL_GRACE`] (it is stuck somewhere it cannot be woken) makes
/// the watcher restore what it can and exit with 128 + the signal.
fn watch_signals(seen: Arc<Seen>, waker: Waker) -> io::Result<()> {
    let mut watched = ENDING_SIGNALS.to_vec();
    watched.extend([SIGTSTP, SIGCONT]);
    let mut signals = Signals::new(watched)?;
    std::thread::Builder::new()
        .name("folio-signals".into())
        .spawn(move || {
            for number in signals.forever() {
                match number {
                    SIGTSTP => seen.stop.store(true, Ordering::SeqCst),
                    SIGCONT => seen.continued.store(true, Ordering::SeqCst),
                    _ => {
                        let code = usize::try_from(number).unwrap_or(1);
                        seen.ending.store(code, Ordering::SeqCst);
                        waker.wake();
                        std::thread::sleep(SIGNAL_GRACE);
                        if !seen.finished.load(Ordering::SeqCst) {
                            restore();
                            std::process::exit(128 + number);
                        }
                        return;
                    }
                }
                waker.wake();
            }
        })?;
    Ok(())
}

/// Ctrl-Z or SIGTSTP: gives the terminal back, stops until the shell
/// continues folio, then takes the terminal again for a full redraw.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> io::Result<()> {
    restore();
    // SIGTSTP is watched, so raising it would not stop: do what its default
    // would.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    // Running again (SIGCONT).
    enter_modes()?;
    terminal.clear()
}

/// Two clicks on one cell within this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// A click on the cell of the click before, soon enough, is a double click
/// (the terminal reports only single ones).
fn double_click(event: Event, last: &mut Option<(Instant, u16, u16)>, now: Instant) -> Event {
    let Event::Click(column, row) = event else {
        return event;
    };
    let double = last.is_some_and(|(at, c, r)| (c, r) == (column, row) && now - at <= DOUBLE_CLICK);
    *last = if double {
        None
    } else {
        Some((now, column, row))
    };
    if double {
        Event::DoubleClick(column, row)
    } else {
        event
    }
}

/// What a resize, paste or mouse event from the terminal tells the App, if
/// anything (keys go through the keymap, [`App::press`]). Bracketed paste
/// keeps pasted text from arriving as key presses, which would run commands.
fn event_of(event: TerminalEvent) -> Option<Event> {
    match event {
        TerminalEvent::Resize(columns, rows) => Some(Event::Resize(columns, rows)),
        TerminalEvent::Paste(text) => Some(Event::Paste(text)),
        TerminalEvent::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Event::Click(column, row)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(column, row, WHEEL_LINES)),
            MouseEventKind::ScrollUp => Some(Event::Scroll(column, row, -WHEEL_LINES)),
            _ => None,
        },
        _ => None,
    }
}

/// Puts the terminal in folio's modes, after making sure a panic restores
/// it first.
fn start() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enter_modes()?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste: the
/// modes [`restore`] undoes.
fn enter_modes() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Undoes everything `start` did; safe to call any number of times.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        // Nothing more can be done if these fail; each is tried regardless.
        let _ = execute!(
            stdout(),
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
        let _ = disable_raw_mode();
    }
}

/// Restores the terminal when the session ends, by return or by error.
struct Teardown;

impl Drop for Teardown {
    fn drop(&mut self) {
        restore();
    }
}
