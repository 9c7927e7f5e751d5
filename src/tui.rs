//! The terminal session: start-up, the event loop, and one teardown that
//! runs however the session ends (quit, error or panic).
//!
//! Keys, mouse, resizes and filter results all become [`Action`]s for
//! [`App::update`]; the screen is redrawn only after something changed.
//! SIGTERM, SIGHUP and SIGINT end the session the way `q` does (state saved,
//! terminal restored), and end the process even when the terminal is gone;
//! Ctrl-Z suspends to the shell and redraws on return.

use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use crate::app::{Action, App};
use crate::config::Config;
use crate::filter::index::SearchIndex;
use crate::filter::worker::{FilterEvent, FilterWorker};
use crate::library::Library;
use crate::store::reading::ReadingState;
use crate::store::{SaveError, Store};
use crate::ui;

/// How long to wait for input while a filter is running: a frame.
const BUSY_POLL: Duration = Duration::from_millis(16);
/// How long to wait for input when idle.
const IDLE_POLL: Duration = Duration::from_millis(250);
/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i16 = 3;

/// Set in the environment, folio panics after its first frame: for testing
/// that a panic restores the terminal.
pub const PANIC_TRIGGER: &str = "FOLIO_TEST_PANIC";

/// Whether the terminal is in folio's modes and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Runs the reader on `library`, with bookmarks in `store` and keys, colours
/// and layout from `config`, until the person quits or a signal ends it;
/// returns that signal, if any. `notice`, if any, shows in the status bar
/// first (what went wrong loading the inputs or the config).
pub fn run(
    library: Library,
    store: Store,
    reading: ReadingState,
    config: Config,
    notice: Option<String>,
) -> io::Result<Option<i32>> {
    let signal = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    watch_signals(signal.clone(), finished.clone())?;
    let index = Arc::new(SearchIndex::new(Arc::new(library)));
    let worker = FilterWorker::spawn(index.clone());
    let mut terminal = start()?;
    let teardown = Teardown;
    let size = terminal.size()?;
    let mut app = App::new(index, store, (size.width, size.height))
        .with_config(config)
        .with_reading_state(reading);
    if let Some(notice) = notice {
        app.set_message(notice);
    }
    let mut dirty = true;
    let mut ended_by = None;
    while !app.should_quit() {
        if let Some(number) = i32::try_from(signal.load(Ordering::SeqCst))
            .ok()
            .filter(|&n| n != 0)
        {
            ended_by = Some(number);
            break;
        }
        if app.take_suspend_request() {
            suspend(&mut terminal)?;
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| ui::render(&app, frame))?;
            dirty = false;
            // A hidden trigger for the end-to-end test that a panic gives the
            // terminal back.
            if std::env::var_os(PANIC_TRIGGER).is_some() {
                panic!("{PANIC_TRIGGER} is set");
            }
        }
        let wait = if app.is_filtering() {
            BUSY_POLL
        } else {
            IDLE_POLL
        };
        if event::poll(wait)? {
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        app.press(key);
                        dirty = true;
                    }
                    other => {
                        if let Some(action) = action_of(other) {
                            app.update(action);
                            dirty = true;
                        }
                    }
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        while let Some(found) = worker.try_recv() {
            app.update(match found {
                FilterEvent::Partial { top, .. } => Action::FilterPartial(top),
                FilterEvent::Done { results, .. } => Action::FilterDone(results),
            });
            dirty = true;
        }
        if let Some(query) = app.take_filter_request() {
            worker.submit(&query);
        }
        app.save_reading_state_if_due(Instant::now());
    }
    let saved = app.save_reading_state();
    let bookmarks_saved = app.save_bookmarks();
    finished.store(true, Ordering::SeqCst);
    drop(teardown);
    if let Err(error) = saved
        && !matches!(error, SaveError::NoDirectory)
    {
        eprintln!("folio: reading position {error}");
    }
    if let Err(error) = bookmarks_saved {
        eprintln!("folio: {error}");
    }
    Ok(ended_by)
}

/// How long the event loop has to notice a signal before the watcher ends
/// the process itself.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Watches for SIGTERM, SIGHUP and SIGINT on a thread of its own: each is
/// passed to the event loop through `signal`, which then quits as `q` does.
/// If the loop has not finished within [`SIGNAL_GRACE`] — crossterm's reader
/// spins forever on a terminal that has gone away, as when its window is
/// closed — the watcher restores what it can and exits with 128 + the signal.
fn watch_signals(signal: Arc<AtomicUsize>, finished: Arc<AtomicBool>) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("folio-signals".into())
        .spawn(move || {
            if let Some(number) = signals.forever().next() {
                signal.store(usize::try_from(number).unwrap_or(1), Ordering::SeqCst);
                std::thread::sleep(SIGNAL_GRACE);
                if !finished.load(Ordering::SeqCst) {
                    restore();
                    std::process::exit(128 + number);
                }
            }
        })?;
    Ok(())
}

/// Ctrl-Z: gives the terminal back, stops until the shell continues folio,
/// then takes the terminal again for a full redraw.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(SIGTSTP)?;
    // Running again (SIGCONT).
    enter_modes()?;
    terminal.clear()
}

/// The action a resize, paste or mouse event means, if any (keys go through
/// the keymap, [`App::press`]). Bracketed paste keeps pasted text from
/// arriving as key presses, which would run commands.
fn action_of(event: Event) -> Option<Action> {
    match event {
        Event::Resize(columns, rows) => Some(Action::Resize(columns, rows)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(column, row)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(column, row, WHEEL_LINES)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(column, row, -WHEEL_LINES)),
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
