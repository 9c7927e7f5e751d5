//! The reader's state and the two places it changes: [`App::update`] for
//! what a key asks ([`Action`], through the keymap in force, [`App::press`])
//! and [`App::handle`] for what the terminal or the filter worker reports
//! ([`Event`]). Rendering reads
//! `&App` and never changes it. Work that grows with the text (wrapping the
//! open article) happens here, once per article and width, never per frame.
//! Filtering is asked for through [`App::take_filter_request`] so the caller
//! can run it off the interface thread.
//!
//! This file holds the state, its accessors and `update`; the work is split
//! by job: `event` (resizes, results, pastes, the mouse), `navigation` (selection, scrolling, opening, wrapping, mouse),
//! `filtering` (the query and its results), `bookmarks` (the bookmarks
//! view's join), `reading` (positions, read marks, saving).

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::action::{Action, Focus};
use crate::article::{ArticleId, IdMap, IdSet};
use crate::config::Config;
use crate::filter::engine::Results;
use crate::filter::index::SearchIndex;
use crate::filter::matching::{CompiledQuery, Match, Where};
use crate::filter::query::Query;
use crate::keymap::always_quits;
use crate::keymap::notation::{KeyPress, display_sequence};
use crate::layout::{Areas, Pane, areas, help_rows_shown};
use crate::library::{Library, saved};
use crate::line::EditLine;
use crate::store::reading::ReadingState;
use crate::store::{Bookmark, SaveError, Store, Unsaved};
use crate::text::clean;
use crate::wrapped::WrappedArticle;

mod bookmarks;
mod event;
mod filtering;
mod full_text;
mod links;
mod navigation;
mod reading;
mod reload;
mod search;

pub use event::Event;
pub use links::Request;
pub use search::ArticleSearch;

/// How the list is ordered when no filter ranks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// As the inputs have them.
    File,
    /// By headline, case ignored.
    Title,
    /// Unread articles first, each part in file order.
    UnreadFirst,
    /// Newest first, undated articles last: offered when any has a date.
    Newest,
}

impl Sort {
    /// The order after this one; newest first only when articles are
    /// `dated`.
    fn next(self, dated: bool) -> Sort {
        match self {
            Sort::File => Sort::Title,
            Sort::Title => Sort::UnreadFirst,
            Sort::UnreadFirst if dated => Sort::Newest,
            Sort::UnreadFirst | Sort::Newest => Sort::File,
        }
    }

    /// How the status bar names it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::File => "file order",
            Sort::Title => "by title",
            Sort::UnreadFirst => "unread first",
            Sort::Newest => "newest first",
        }
    }
}

/// What a confirmation would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirm {
    /// Mark the articles shown read.
    MarkAllRead,
}

/// The largest count a key takes (`99999j`).
const MAX_COUNT: usize = 99_999;

/// The most of outside text (a paste, `--query`) that goes into a query,
/// in characters.
const MAX_PASTE_CHARS: usize = 256;

/// The whole state of the reader.
pub struct App {
    index: Arc<SearchIndex>,
    store: Store,
    reading: ReadingState,
    /// Per article, by index: read. Kept in step with `reading`, so a row's
    /// mark costs no id lookup.
    read: Vec<bool>,
    unread: usize,
    /// Rows of read articles left out (`H`).
    hide_read: bool,
    /// How the unfiltered list is ordered.
    sort: Sort,
    /// Per article, its place in title order: worked out the first time
    /// that order is asked for.
    title_order: Option<Vec<u32>>,
    /// Per article, its place in newest-first order: worked out the first
    /// time that order is asked for.
    date_order: Option<Vec<u32>>,
    /// A question waiting for its answer (`y`), and what it would do.
    confirm: Option<Confirm>,
    /// A count typed before a key (`5` of `5j`), for the action it
    /// precedes.
    count: Option<usize>,
    bookmarks_view: bool,
    /// The rows shown: the results, or in the bookmarks view the bookmarked
    /// ones among them, newest bookmark first.
    view: Vec<Match>,
    /// In the bookmarks view, bookmarks of articles not loaded now.
    missing: Vec<Bookmark>,
    /// The filter bar's line: the query and its cursor.
    query: EditLine,
    /// The reading pane's search prompt, while one is typed.
    search_line: EditLine,
    /// The search of the open article last run, until another article opens.
    search: Option<ArticleSearch>,
    /// `query` compiled, kept in step with it.
    compiled: Option<CompiledQuery>,
    filter_request: Option<String>,
    results: Arc<Results>,
    partial: Option<Vec<Match>>,
    selected: usize,
    sidebar_top: usize,
    focus: Focus,
    open: Option<usize>,
    wrapped: Option<WrappedArticle>,
    reader_top: usize,
    /// The article, first line and pane last judged for "seen to the end".
    last_shown: Option<(usize, usize, Rect)>,
    help: bool,
    /// The first row of help shown: it scrolls on short screens.
    help_top: usize,
    message: Option<String>,
    size: (u16, u16),
    /// Where each part of the screen is at `size`: worked out once per
    /// resize or layout change, read by paging, scrolling, clicks, wrapping
    /// and drawing alike.
    areas: Areas,
    quit: bool,
    suspend: bool,
    /// What the session is asked to do for the App (open or copy a link).
    request: Option<Request>,
    /// Whether any article has a date (so newest-first is offered), found
    /// the first time the order is changed.
    dated: std::cell::OnceCell<bool>,
    config: Config,
    /// Keys of a sequence begun but not finished (the first `g` of `g g`).
    pending_keys: Vec<KeyPress>,
    /// How far a background refresh has got, while one runs.
    refreshing: Option<String>,
    /// Pages fetched for the full text of articles (`f`), shown in their
    /// place, by article.
    full_texts: IdMap<Arc<Library>>,
    /// Articles whose page was asked for on opening (`+full-text`), so
    /// each is fetched once.
    full_texts_asked: IdSet,
}

impl App {
    /// A reader over `index` for a terminal of `size` (columns, rows), with
    /// the first article open.
    pub fn new(index: Arc<SearchIndex>, store: Store, size: (u16, u16)) -> Self {
        let everything = Arc::new(Results::everything(index.len()));
        let unread = index.len();
        let mut app = App {
            index,
            store,
            reading: ReadingState::open(None).0,
            read: vec![false; unread],
            unread,
            hide_read: false,
            count: None,
            sort: Sort::File,
            title_order: None,
            date_order: None,
            confirm: None,
            bookmarks_view: false,
            view: everything.matches.clone(),
            missing: Vec::new(),
            query: EditLine::default(),
            search_line: EditLine::default(),
            search: None,
            compiled: None,
            filter_request: None,
            results: everything,
            partial: None,
            selected: 0,
            sidebar_top: 0,
            focus: Focus::Headlines,
            open: None,
            wrapped: None,
            reader_top: 0,
            last_shown: None,
            help: false,
            help_top: 0,
            message: None,
            size,
            areas: Areas::default(),
            quit: false,
            suspend: false,
            request: None,
            dated: std::cell::OnceCell::new(),
            config: Config::default(),
            pending_keys: Vec::new(),
            refreshing: None,
            full_texts: IdMap::default(),
            full_texts_asked: IdSet::default(),
        };
        app.lay_out();
        app.open_selected();
        app
    }

    /// Uses `config` for keys, colours and layout.
    pub fn with_config(mut self, config: Config) -> Self {
        self.config = config;
        self.lay_out();
        self.rewrap();
        self
    }

    /// The keys, theme and layout in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A count and keys of an unfinished sequence, as help would show them
    /// (`5`, `g`, `10g`).
    pub fn pending_keys(&self) -> Option<String> {
        let count = self
            .count
            .map(|count| count.to_string())
            .unwrap_or_default();
        (self.count.is_some() || !self.pending_keys.is_empty())
            .then(|| format!("{count}{}", display_sequence(&self.pending_keys)))
    }

    /// Applies a key press through the keymap in force: nothing yet if it
    /// begins a sequence, else whatever the keys mean where the focus is.
    /// Over the help overlay, movement keys scroll it and any other key,
    /// bound or not, closes it, `q` too, as the overlay says; only Ctrl-C
    /// quits from there.
    pub fn press(&mut self, key: KeyEvent) {
        let key = KeyPress::from_event(key);
        if key == always_quits() {
            self.quit = true;
            return;
        }
        if let Some(question) = self.confirm.take() {
            if key.typed_char() == Some('y') {
                match question {
                    Confirm::MarkAllRead => self.mark_all_shown_read(),
                }
            } else {
                self.message = Some("nothing marked".into());
            }
            return;
        }
        if let Some(digit) = self.count_digit(key) {
            self.count = Some(
                self.count
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(digit)
                    .min(MAX_COUNT),
            );
            return;
        }
        let actions = self
            .config
            .keymap
            .press(self.focus, &mut self.pending_keys, key);
        if self.help && actions.is_empty() && self.pending_keys.is_empty() {
            self.help = false;
        }
        for action in actions {
            self.update(action);
        }
        if self.pending_keys.is_empty() {
            self.count = None;
        }
    }

    /// A digit typed as a count: in the headlines or the reader, not bound
    /// to anything, and not a leading 0.
    fn count_digit(&self, key: KeyPress) -> Option<usize> {
        if self.help
            || !matches!(self.focus, Focus::Headlines | Focus::Reader)
            || !self.pending_keys.is_empty()
            || self.config.keymap.binds(self.focus, key)
        {
            return None;
        }
        let digit = key.typed_char()?.to_digit(10)? as usize;
        (digit > 0 || self.count.is_some()).then_some(digit)
    }

    /// How many times the action at hand repeats: its count, else once.
    fn times(&self) -> isize {
        self.count.map_or(1, |count| count as isize)
    }

    /// The library being read.
    pub fn library(&self) -> &Arc<Library> {
        self.index.library()
    }

    /// The search index, for highlighting.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// The filter as typed.
    pub fn query(&self) -> &str {
        self.query.as_str()
    }

    /// Rows of the sidebar: the partial rows of a running filter, else the
    /// complete results.
    pub fn rows(&self) -> &[Match] {
        self.partial.as_deref().unwrap_or(&self.view)
    }

    /// Rows and missing bookmarks together: what the selection moves over.
    fn row_count(&self) -> usize {
        self.rows().len() + self.missing.len()
    }

    /// True while a filter is still running.
    pub fn is_filtering(&self) -> bool {
        self.partial.is_some() || self.results.query != self.query.as_str()
    }

    /// Position of the selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// First sidebar row shown.
    pub fn sidebar_top(&self) -> usize {
        self.sidebar_top
    }

    /// Where keys go.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The article in the reader.
    pub fn open_article(&self) -> Option<usize> {
        self.open
    }

    /// The open article, wrapped for the reader's width.
    pub fn wrapped(&self) -> Option<&WrappedArticle> {
        self.wrapped.as_ref()
    }

    /// First reader line shown.
    pub fn reader_top(&self) -> usize {
        self.reader_top
    }

    /// The first help row shown, when the overlay is scrolled.
    pub fn help_top(&self) -> usize {
        self.help_top
    }

    /// Whether the help overlay is up.
    pub fn help_visible(&self) -> bool {
        self.help
    }

    /// A message for the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Whether the reader should close.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The terminal size last seen.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Shows `message` in the status bar until the next action, e.g. what
    /// went wrong loading the inputs.
    pub fn set_message(&mut self, message: String) {
        self.message = Some(message);
    }

    /// Whether Ctrl-Z asked to suspend; asking clears it.
    pub fn take_suspend_request(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// A filter query to run, if the last update changed it.
    pub fn take_filter_request(&mut self) -> Option<String> {
        self.filter_request.take()
    }

    /// Where each part of the screen is, at the size the App was last told.
    pub fn areas(&self) -> Areas {
        self.areas
    }

    fn lay_out(&mut self) {
        self.areas = areas(
            Rect::new(0, 0, self.size.0, self.size.1),
            &self.config.layout,
            self.shown_pane(),
        );
    }

    /// The pane a screen too narrow for both shows: the reader while it has
    /// the focus, else the headlines.
    pub fn shown_pane(&self) -> Pane {
        if matches!(self.focus, Focus::Reader | Focus::Search) {
            Pane::Reader
        } else {
            Pane::Headlines
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if self.help {
            self.update_help(action);
        } else {
            self.message = None;
            self.apply(action);
        }
        self.settle();
    }

    pub(super) fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::ToggleHelp => {
                self.help = true;
                self.help_top = 0;
            }
            Action::ToggleBookmark => self.toggle_bookmark(),
            Action::ToggleRead => {
                if let Some(index) = self.rows().get(self.selected).map(|m| m.index as usize) {
                    let read = !self.is_read(index);
                    self.mark_read(index, read);
                    self.message = Some(if read { "Marked read" } else { "Marked unread" }.into());
                }
            }
            Action::ToggleBookmarksView => self.toggle_bookmarks_view(),
            Action::Refresh => self.request = Some(Request::Refresh),
            Action::FullText => self.toggle_full_text(),
            Action::MarkAllRead => {
                let count = self.rows().len();
                if count > 0 {
                    self.confirm = Some(Confirm::MarkAllRead);
                    self.message = Some(format!(
                        "mark all {count} shown read? y marks them, any other key cancels"
                    ));
                }
            }
            Action::OpenLink => self.ask_for_link(Request::Open, "opening"),
            Action::CopyLink => self.ask_for_link(Request::Copy, "copied"),
            Action::CycleSort => {
                let library = self.index.library().clone();
                let dated = *self.dated.get_or_init(|| {
                    library.articles.iter().any(|article| {
                        article
                            .details
                            .as_ref()
                            .is_some_and(|details| details.published.is_some())
                    })
                });
                self.sort = self.sort.next(dated);
                self.rebuild_keeping_selection();
                self.message = Some(format!("sorted: {}", self.sort.name()));
            }
            Action::NextUnread => self.step_unread(true),
            Action::PreviousUnread => self.step_unread(false),
            Action::ToggleHideRead => {
                self.hide_read = !self.hide_read;
                self.rebuild_keeping_selection();
                self.message = Some(
                    if self.hide_read {
                        "read articles hidden"
                    } else {
                        "read articles shown"
                    }
                    .into(),
                );
            }
            Action::Down => self.step(self.times()),
            Action::Up => self.step(-self.times()),
            // At the end of an article, a page down goes on to the next, as
            // in less's and newsboat's reading flow.
            Action::PageDown if self.focus == Focus::Reader && self.at_article_end() => {
                self.move_article(1)
            }
            Action::PageDown => self.step(self.page() as isize * self.times()),
            Action::PageUp => self.step(-(self.page() as isize) * self.times()),
            Action::HalfPageDown => self.step((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.step(-((self.page() / 2).max(1) as isize)),
            // With a count, `10G` (or `10gg`) goes to row or line 10.
            Action::Top | Action::Bottom if self.count.is_some() => {
                let target = self.times() - 1;
                self.step(isize::MIN / 2);
                self.step(target);
            }
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Open => {
                if self.rows().is_empty() {
                    self.message = Some(if !self.query.is_empty() {
                        "no matches to open".into()
                    } else {
                        "no article to open".into()
                    });
                } else {
                    self.open_selected();
                    if self.open.is_some() {
                        self.focus = Focus::Reader;
                    }
                }
            }
            Action::Back => self.focus = Focus::Headlines,
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Headlines if self.open.is_some() => Focus::Reader,
                    _ => Focus::Headlines,
                }
            }
            Action::NextArticle => self.move_article(self.times()),
            Action::PreviousArticle => self.move_article(-self.times()),
            Action::StartFilter => self.focus = Focus::Filter,
            Action::StartSearch => {
                if self.open.is_some() {
                    self.focus = Focus::Search;
                    self.search_line.clear();
                }
            }
            Action::FilterChar(c) => self.edit_line(|line| line.insert(c)),
            Action::FilterBackspace => self.edit_line(EditLine::delete_back),
            Action::DeleteForward => self.edit_line(EditLine::delete_forward),
            Action::DeleteWord => self.edit_line(EditLine::delete_word_back),
            Action::DeleteToStart => self.edit_line(EditLine::delete_to_start),
            Action::DeleteToEnd => self.edit_line(EditLine::delete_to_end),
            Action::CursorLeft => self.edit_line(EditLine::left),
            Action::CursorRight => self.edit_line(EditLine::right),
            Action::WordLeft => self.edit_line(EditLine::word_left),
            Action::WordRight => self.edit_line(EditLine::word_right),
            Action::LineStart => self.edit_line(EditLine::home),
            Action::LineEnd => self.edit_line(EditLine::end),
            Action::AcceptFilter if self.focus == Focus::Search => self.run_search(),
            Action::CancelFilter if self.focus == Focus::Search => self.focus = Focus::Reader,
            Action::AcceptFilter => {
                self.focus = Focus::Headlines;
                // One match left: Enter reads it, as fzf's accept would.
                if !self.is_filtering() && !self.query.is_empty() && self.rows().len() == 1 {
                    self.apply(Action::Open);
                }
            }
            Action::CancelFilter | Action::ClearFilter => {
                self.focus = Focus::Headlines;
                if !self.query.is_empty() {
                    self.query.clear();
                    self.request_filter();
                }
            }
            Action::NextHit if self.search.is_some() => self.step_search(true),
            Action::PreviousHit if self.search.is_some() => self.step_search(false),
            Action::NextHit => self.jump_to_hit(true),
            Action::PreviousHit => self.jump_to_hit(false),
        }
    }

    /// The help overlay takes movement to scroll itself; anything else
    /// closes it.
    fn update_help(&mut self, action: Action) {
        let total = self.config.keymap.help_len();
        let shown = help_rows_shown(total, self.size.1);
        let page = shown.max(1) as isize;
        let lines = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::HalfPageDown => (page / 2).max(1),
            Action::HalfPageUp => -(page / 2).max(1),
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => {
                self.help = false;
                return;
            }
        };
        self.scroll_help(lines);
    }

    /// What follows from any change: the panes laid out again when a narrow
    /// screen shows only the focused one and the focus moved, and the open
    /// article marked read once its end is on screen, however it got there
    /// (a short article is seen to the end when it opens).
    pub(super) fn settle(&mut self) {
        if self.areas.single_pane.is_some() && self.areas.single_pane != Some(self.shown_pane()) {
            self.lay_out();
        }
        let Some(open) = self.open.filter(|_| self.wrapped.is_some()) else {
            return;
        };
        // Judged when what the pane shows changes, so `u` on an article
        // whose end is on screen keeps it unread.
        let shown = (open, self.reader_top, self.areas.reader);
        if self.last_shown == Some(shown) {
            return;
        }
        self.last_shown = Some(shown);
        if self.areas.reader.width > 0 && self.at_article_end() && !self.is_read(open) {
            self.mark_read(open, true);
        }
    }

    /// Scrolls the help overlay by `lines`, within its rows.
    fn scroll_help(&mut self, lines: isize) {
        let total = self.config.keymap.help_len();
        let shown = help_rows_shown(total, self.size.1);
        self.help_top = self
            .help_top
            .saturating_add_signed(lines)
            .min(total - shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::engine::Engine;

    const POSTS: &str = "Norway backs a ceasefire\n\nOne.\n\nTwo.\n\nContinue reading →\n\nBudget talks resume in Oslo\n\nThree about Norway.\n\nContinue reading →\n\nRiver levels rise in the north\n\nFour.";

    fn app(text: &str) -> App {
        let index = Arc::new(SearchIndex::new(Arc::new(Library::from_text("t", text))));
        App::new(index, Store::open(None).0, (100, 30))
    }

    /// Types `query` into the filter and runs the engine as the worker would.
    fn filter(app: &mut App, query: &str) {
        app.update(Action::StartFilter);
        let mut engine = Engine::new(app.index().clone());
        for c in query.chars() {
            app.update(Action::FilterChar(c));
        }
        let request = app.take_filter_request().expect("a filter was requested");
        app.handle(Event::FilterDone(engine.search(&request)));
    }

    #[test]
    fn a_paste_goes_into_the_filter_cleaned_and_on_one_line() {
        let mut blank = app(POSTS);
        blank.handle(Event::Paste("\n \n".into()));
        assert_eq!((blank.focus(), blank.query()), (Focus::Headlines, ""));
        let mut app = app(POSTS);
        app.handle(Event::Paste(
            "nor\u{1b}]52;c;aGk=\u{7}way\r\nbacks\u{7}".into(),
        ));
        assert_eq!(app.focus(), Focus::Filter);
        assert_eq!(app.query(), "norway backs");
        assert_eq!(app.take_filter_request().as_deref(), Some("norway backs"));
        app.handle(Event::Paste("x".repeat(10_000)));
        assert_eq!(
            app.query().chars().count(),
            "norway backs".len() + MAX_PASTE_CHARS
        );
    }

    #[test]
    fn a_filter_selects_its_best_match_and_clearing_it_stays_there() {
        let mut app = app(POSTS);
        app.update(Action::Down);
        assert_eq!(app.open_article(), Some(1), "on \"Budget talks…\"");
        filter(&mut app, "ea");
        let rows: Vec<u32> = app.rows().iter().map(|row| row.index).collect();
        // "ceasefire" holds "ea" together; "Budget talks" only apart.
        assert_eq!(rows, [0, 1]);
        assert_eq!((app.selected(), app.open_article()), (0, Some(0)));
        app.update(Action::CancelFilter);
        let mut engine = Engine::new(app.index().clone());
        let request = app.take_filter_request().expect("the filter is cleared");
        app.handle(Event::FilterDone(engine.search(&request)));
        filter(&mut app, "river");
        assert_eq!(app.open_article(), Some(2));
        app.update(Action::CancelFilter);
        let request = app.take_filter_request().expect("the filter is cleared");
        app.handle(Event::FilterDone(engine.search(&request)));
        assert_eq!(app.rows().len(), 3);
        // Found through the filter, kept when the filter goes.
        assert_eq!((app.selected(), app.open_article()), (2, Some(2)));
    }

    #[test]
    fn the_first_article_opens_at_start() {
        let app = app(POSTS);
        assert_eq!(app.open_article(), Some(0));
        assert_eq!(app.focus(), Focus::Headlines);
        assert_eq!(app.rows().len(), 3);
    }

    #[test]
    fn moving_selects_and_opens_within_bounds() {
        let mut app = app(POSTS);
        app.update(Action::Down);
        assert_eq!((app.selected(), app.open_article()), (1, Some(1)));
        app.update(Action::Bottom);
        assert_eq!(app.selected(), 2);
        app.update(Action::Down);
        assert_eq!(app.selected(), 2, "stays on the last row");
        app.update(Action::Top);
        app.update(Action::Up);
        assert_eq!(app.selected(), 0);
    }

    #[test]
    fn open_focuses_the_reader_and_back_returns() {
        let mut app = app(POSTS);
        app.update(Action::Open);
        assert_eq!(app.focus(), Focus::Reader);
        app.update(Action::Back);
        assert_eq!(app.focus(), Focus::Headlines);
        app.update(Action::SwitchFocus);
        assert_eq!(app.focus(), Focus::Reader);
    }

    #[test]
    fn next_article_stays_in_the_reader() {
        let mut app = app(POSTS);
        app.update(Action::Open);
        app.update(Action::NextArticle);
        assert_eq!((app.focus(), app.open_article()), (Focus::Reader, Some(1)));
    }

    #[test]
    fn filtering_narrows_the_rows_and_keeps_a_matching_selection() {
        let mut app = app(POSTS);
        app.update(Action::Down);
        filter(&mut app, "oslo");
        let rows: Vec<u32> = app.rows().iter().map(|m| m.index).collect();
        assert_eq!(rows, [1]);
        assert_eq!(
            app.open_article(),
            Some(1),
            "the selected article still matches"
        );
        app.update(Action::AcceptFilter);
        assert_eq!(app.focus(), Focus::Reader, "the one match left is read");
    }

    #[test]
    fn a_filter_that_drops_the_selection_selects_the_best_match() {
        let mut app = app(POSTS);
        app.update(Action::Bottom);
        filter(&mut app, "norway");
        assert_eq!(app.selected(), 0);
        assert_eq!(app.rows()[0].index, 0);
    }

    #[test]
    fn stale_results_are_ignored() {
        let mut app = app(POSTS);
        let mut engine = Engine::new(app.index().clone());
        app.update(Action::StartFilter);
        app.update(Action::FilterChar('x'));
        app.handle(Event::FilterDone(engine.search("norway")));
        assert_eq!(
            app.rows().len(),
            3,
            "results for another query change nothing"
        );
    }

    #[test]
    fn escape_in_the_filter_clears_it() {
        let mut app = app(POSTS);
        filter(&mut app, "oslo");
        app.update(Action::CancelFilter);
        assert_eq!(app.query(), "");
        assert_eq!(app.take_filter_request().as_deref(), Some(""));
        assert_eq!(app.focus(), Focus::Headlines);
    }

    #[test]
    fn no_matches_keeps_the_last_article_open() {
        let mut app = app(POSTS);
        filter(&mut app, "zzzz");
        assert!(app.rows().is_empty());
        assert_eq!(app.open_article(), Some(0));
        app.update(Action::Down);
        app.update(Action::Open);
        assert_eq!(app.selected(), 0);
    }

    #[test]
    fn an_empty_library_does_nothing_wrong() {
        let mut app = app("");
        for action in [
            Action::Down,
            Action::Up,
            Action::Open,
            Action::Bottom,
            Action::NextArticle,
            Action::NextHit,
            Action::PageDown,
        ] {
            app.update(action);
        }
        assert_eq!(app.open_article(), None);
        assert!(app.rows().is_empty());
    }

    #[test]
    fn a_one_article_library_stays_on_its_article() {
        let mut app = app("The only headline here\n\nIts only paragraph.");
        for action in [
            Action::Down,
            Action::Bottom,
            Action::NextArticle,
            Action::PreviousArticle,
            Action::Up,
        ] {
            app.update(action);
            assert_eq!((app.selected(), app.open_article()), (0, Some(0)));
        }
        app.update(Action::Open);
        app.update(Action::PageDown);
        assert_eq!(app.reader_top(), 0, "a short article does not scroll");
    }

    #[test]
    fn n_without_a_filter_says_how_to_set_one() {
        let mut app = app(POSTS);
        app.update(Action::Open);
        app.update(Action::NextHit);
        assert!(app.message().is_some_and(|m| m.contains("press /")));
        let report = crate::config::parse("[keys.list]\nf = \"filter\"\n\"/\" = \"none\"\n");
        let mut rebound = self::app(POSTS).with_config(report.config);
        rebound.update(Action::Open);
        rebound.update(Action::NextHit);
        assert!(
            rebound.message().is_some_and(|m| m.contains("press f ")),
            "the key bound, not a fixed one: {:?}",
            rebound.message()
        );
    }

    fn app_with_store(text: &str, dir: &std::path::Path) -> App {
        let index = Arc::new(SearchIndex::new(Arc::new(Library::from_text("t", text))));
        App::new(index, Store::open(Some(dir.to_path_buf())).0, (100, 30))
    }

    #[test]
    fn b_bookmarks_the_selected_article_and_b_again_removes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = app_with_store(POSTS, dir.path());
        app.update(Action::Down);
        app.update(Action::ToggleBookmark);
        assert!(app.is_bookmarked(1));
        assert_eq!(app.message(), Some("Bookmarked"));
        let saved = std::fs::read_to_string(dir.path().join("bookmarks.json")).expect("saved");
        assert!(saved.contains("Budget talks resume in Oslo"));
        app.update(Action::ToggleBookmark);
        assert!(!app.is_bookmarked(1));
        assert_eq!(app.message(), Some("Bookmark removed"));
    }

    #[test]
    fn the_bookmarks_view_shows_only_bookmarks_newest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = app_with_store(POSTS, dir.path());
        app.update(Action::ToggleBookmark);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        app.update(Action::Bottom);
        app.update(Action::ToggleBookmark);
        app.update(Action::ToggleBookmarksView);
        let rows: Vec<u32> = app.rows().iter().map(|m| m.index).collect();
        assert_eq!(rows, [2, 0], "the newer bookmark first");
        app.update(Action::ToggleBookmarksView);
        assert_eq!(app.rows().len(), 3);
    }

    #[test]
    fn bookmarks_of_articles_not_loaded_still_show_and_can_be_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("bookmarks.json"),
            r#"{"version": 1, "bookmarks": [{"id": "ffffffffffffffff", "title": "Gone elsewhere", "source": "old.txt", "added": "2020-01-01T00:00:00Z"}]}"#,
        )
        .expect("written");
        let mut app = app_with_store(POSTS, dir.path());
        app.update(Action::ToggleBookmarksView);
        assert!(app.rows().is_empty());
        assert_eq!(app.missing_bookmarks().len(), 1);
        // The filter's own rule applies to them: fuzzy, exclusions and all.
        for (query, shown) in [("gnels", 1), ("!gone", 0), ("'elsewhere", 1), ("zzz", 0)] {
            app.update(Action::ClearFilter);
            filter(&mut app, query);
            assert_eq!(app.missing_bookmarks().len(), shown, "{query}");
        }
        app.update(Action::ClearFilter);
        filter(&mut app, "");
        app.update(Action::ToggleBookmark);
        assert!(app.missing_bookmarks().is_empty());
        assert_eq!(app.message(), Some("Bookmark removed"));
    }

    #[test]
    fn a_loaded_bookmark_filtered_out_is_not_missing_and_a_foreign_id_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = Library::from_text("t", POSTS).ids()[0].to_string();
        std::fs::write(
            dir.path().join("bookmarks.json"),
            format!(
                r#"{{"version": 1, "bookmarks": [
                    {{"id": "{first}", "title": "Kept for later", "source": "t", "added": "2020-01-02T00:00:00Z"}},
                    {{"id": "{}", "title": "Written otherwise", "source": "t", "added": "2020-01-01T00:00:00Z"}}]}}"#,
                first.to_uppercase()
            ),
        )
        .expect("written");
        let mut app = app_with_store(POSTS, dir.path());
        app.update(Action::ToggleBookmarksView);
        let rows: Vec<u32> = app.rows().iter().map(|m| m.index).collect();
        assert_eq!(rows, [0]);
        let missing: Vec<&str> = app
            .missing_bookmarks()
            .iter()
            .map(|b| b.title.as_str())
            .collect();
        assert_eq!(missing, ["Written otherwise"]);
        filter(&mut app, "zzzz");
        assert!(app.rows().is_empty());
        assert!(
            app.missing_bookmarks().is_empty(),
            "filtered out, not missing"
        );
    }

    #[test]
    fn without_a_config_dir_a_bookmark_stays_in_memory_and_says_so() {
        let mut app = app(POSTS);
        app.update(Action::ToggleBookmark);
        assert!(app.is_bookmarked(0));
        assert!(app.message().is_some_and(|m| m.contains("memory only")));
    }

    #[test]
    fn a_reopened_article_resumes_where_it_was_left() {
        let long = format!(
            "A long article here\n\n{}",
            "A paragraph of words that goes on and on. \n\n".repeat(80)
        );
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let mut app =
                app(&long).with_reading_state(ReadingState::open(Some(dir.path().into())).0);
            app.update(Action::Open);
            app.update(Action::PageDown);
            app.update(Action::PageDown);
            assert!(app.save_or_recover(&[]).is_empty(), "saved");
        }
        let mut app = app(&long).with_reading_state(ReadingState::open(Some(dir.path().into())).0);
        assert!(app.reader_top() > 0, "resumed, not at the top");
        assert!(app.message().is_some_and(|m| m.starts_with("resumed at")));
        // At another width the same paragraph is at the top.
        let block = app.wrapped().map(|w| w.block_at(app.reader_top()));
        app.handle(Event::Resize(70, 25));
        assert_eq!(app.wrapped().map(|w| w.block_at(app.reader_top())), block);
    }

    #[test]
    fn reading_to_the_end_marks_read_and_u_toggles() {
        let mut app = app(POSTS);
        assert_eq!(app.unread(), 3);
        app.update(Action::Open);
        app.update(Action::Bottom);
        assert!(app.is_read(0));
        assert_eq!(app.unread(), 2);
        app.update(Action::Back);
        app.update(Action::ToggleRead);
        assert!(!app.is_read(0));
        assert_eq!(app.unread(), 3);
        assert_eq!(app.message(), Some("Marked unread"));
    }

    #[test]
    fn the_last_opened_article_is_selected_at_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let mut app =
                app(POSTS).with_reading_state(ReadingState::open(Some(dir.path().into())).0);
            app.update(Action::Bottom);
            assert!(app.save_or_recover(&[]).is_empty(), "saved");
        }
        let app = app(POSTS).with_reading_state(ReadingState::open(Some(dir.path().into())).0);
        assert_eq!((app.selected(), app.open_article()), (2, Some(2)));
    }

    #[test]
    fn read_marks_come_back_at_start_and_only_for_their_articles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let last = Library::from_text("t", POSTS).ids()[2].to_string();
        {
            let mut reading = ReadingState::open(Some(dir.path().into())).0;
            reading.set_read(&last, true);
            reading.set_read("not an id", true);
            reading.save().expect("saved");
        }
        let app = app(POSTS).with_reading_state(ReadingState::open(Some(dir.path().into())).0);
        let read: Vec<bool> = (0..3).map(|index| app.is_read(index)).collect();
        // The first is read by being shown whole at start; the second is not.
        assert_eq!(read, [true, false, true]);
        assert_eq!(app.unread(), 1);
    }

    #[test]
    fn help_opens_and_any_other_key_closes_it() {
        let mut app = app(POSTS);
        app.update(Action::ToggleHelp);
        assert!(app.help_visible());
        app.update(Action::NextArticle);
        assert!(!app.help_visible());
        assert_eq!(app.selected(), 0, "the key only closed the overlay");
        app.update(Action::ToggleHelp);
        app.press(KeyEvent::from(ratatui::crossterm::event::KeyCode::F(9)));
        assert!(!app.help_visible(), "an unbound key closes it too");
    }

    #[test]
    fn help_scrolls_on_a_short_screen_within_its_rows() {
        let mut app = app(POSTS);
        app.handle(Event::Resize(80, 12));
        app.update(Action::ToggleHelp);
        let total = app.config().keymap.help_len();
        let shown = help_rows_shown(total, 12);
        assert_eq!(shown, 10, "the screen less the overlay's border");
        app.update(Action::Down);
        app.update(Action::Down);
        assert_eq!((app.help_visible(), app.help_top()), (true, 2));
        assert_eq!(app.selected(), 0, "the headlines did not move");
        app.update(Action::Bottom);
        assert_eq!(app.help_top(), total - shown);
        app.update(Action::PageDown);
        assert_eq!(app.help_top(), total - shown, "not past the last row");
        app.update(Action::Top);
        assert_eq!(app.help_top(), 0);
        // "Any key closes", q too: it does not quit from the overlay.
        app.update(Action::Quit);
        assert!(!app.help_visible() && !app.should_quit());
        app.update(Action::ToggleHelp);
        app.press(KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('c'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ));
        assert!(app.should_quit(), "Ctrl-C quits from anywhere");
    }

    #[test]
    fn the_reader_scrolls_within_its_text() {
        let long = format!(
            "A long article here\n\n{}",
            "A paragraph of words that goes on. ".repeat(200)
        );
        let mut app = app(&long);
        app.update(Action::Open);
        app.update(Action::Down);
        assert_eq!(app.reader_top(), 1);
        app.update(Action::Bottom);
        let lines = app.wrapped().map_or(0, |w| w.lines.len());
        let height = usize::from(app.areas().reader.height);
        assert_eq!(app.reader_top(), lines - height);
        app.update(Action::Top);
        assert_eq!(app.reader_top(), 0);
    }

    #[test]
    fn n_jumps_to_matches_in_the_text() {
        let filler = "Filler words here. ".repeat(300);
        let text = format!(
            "Budget talks resume\n\n{filler}\n\nNorway agrees.\n\n{filler}\n\nNorway again.\n\n{filler}"
        );
        let mut app = app(&text);
        filter(&mut app, "norway");
        app.update(Action::Open);
        app.update(Action::NextHit);
        let first = app.reader_top();
        assert!(first > 0);
        app.update(Action::NextHit);
        assert!(app.reader_top() > first);
        app.update(Action::PreviousHit);
        assert_eq!(app.reader_top(), first);
    }

    #[test]
    fn resizing_rewraps_and_keeps_the_place() {
        let long = format!(
            "A long article here\n\n{}",
            "A paragraph of words that goes on and on. \n\n".repeat(50)
        );
        let mut app = app(&long);
        app.update(Action::Open);
        app.update(Action::PageDown);
        let block = app.wrapped().map(|w| w.block_at(app.reader_top()));
        app.handle(Event::Resize(60, 20));
        let wrapped = app.wrapped().expect("still open");
        assert_eq!(Some(wrapped.block_at(app.reader_top())), block);
    }

    #[test]
    fn tiny_and_zero_sizes_are_survived() {
        let mut app = app(POSTS);
        for (w, h) in [(0, 0), (1, 1), (10, 3), (200, 60)] {
            app.handle(Event::Resize(w, h));
            app.update(Action::Down);
            app.update(Action::PageDown);
            app.handle(Event::Click(0, 0));
        }
    }

    #[test]
    fn clicking_a_headline_selects_it() {
        let mut app = app(POSTS);
        let sidebar = app.areas().sidebar;
        app.handle(Event::Click(sidebar.x + 1, sidebar.y + 2));
        assert_eq!(app.selected(), 2);
        assert_eq!(app.open_article(), Some(2));
    }

    /// `count` short articles, "Headline number 1" on.
    fn many(count: usize) -> String {
        (1..=count)
            .map(|n| format!("Headline number {n}\n\nBody of article {n}, a sentence.\n\n"))
            .collect()
    }

    #[test]
    fn a_taller_window_shows_the_rows_a_shorter_one_scrolled_past() {
        let mut app = app(&many(60));
        app.handle(Event::Resize(120, 40));
        app.update(Action::Bottom);
        app.handle(Event::Resize(100, 12));
        app.handle(Event::Resize(120, 40));
        let height = usize::from(app.areas().sidebar.height);
        assert_eq!(app.rows().len(), 60);
        assert_eq!(
            app.sidebar_top(),
            60 - height,
            "no empty rows below the last"
        );
        assert_eq!(app.selected(), 59);
    }

    #[test]
    fn a_short_article_is_read_once_shown_whole_and_u_keeps_it_unread() {
        let mut app = app(POSTS).with_reading_state(ReadingState::open(None).0);
        assert!(
            app.is_read(0),
            "the first article fits: seen to the end at once"
        );
        assert_eq!(app.unread(), 2);
        app.update(Action::ToggleRead);
        assert!(!app.is_read(0), "u is not undone by the next judgement");
        app.update(Action::Down);
        assert!(app.is_read(1), "moving onto a short article shows it whole");
    }

    #[test]
    fn leaving_the_bookmarks_view_keeps_the_selected_article() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = app_with_store(POSTS, dir.path());
        app.update(Action::ToggleBookmark);
        app.update(Action::Bottom);
        app.update(Action::ToggleBookmark);
        app.update(Action::ToggleBookmarksView);
        let in_view = app.rows()[app.selected()].index;
        assert_eq!(
            in_view, 2,
            "the selected article stays selected in the view"
        );
        app.update(Action::ToggleBookmarksView);
        assert_eq!(app.selected(), 2);
        assert_eq!(app.open_article(), Some(2));
    }

    #[test]
    fn enter_on_no_matches_opens_nothing_and_says_so() {
        let mut app = app(POSTS);
        filter(&mut app, "zzzz");
        app.update(Action::AcceptFilter);
        assert!(app.rows().is_empty());
        app.update(Action::Open);
        assert_eq!(app.focus(), Focus::Headlines);
        assert_eq!(app.message(), Some("no matches to open"));
    }

    #[test]
    fn the_resumed_message_gives_the_status_bar_s_percentage() {
        let dir = tempfile::tempdir().expect("temp dir");
        let long = format!(
            "A long article here\n\n{}Second article\n\nShort.",
            "A paragraph of words that goes on and on. \n\n".repeat(80)
        );
        let reading = || ReadingState::open(Some(dir.path().into())).0;
        {
            let mut app = app(&long).with_reading_state(reading());
            app.update(Action::Open);
            app.update(Action::PageDown);
            app.update(Action::PageDown);
            app.update(Action::Down);
            assert!(app.save_or_recover(&[]).is_empty());
        }
        let app = app(&long).with_reading_state(reading());
        let percent = app.reading_percent().expect("open");
        assert!(percent > 0 && percent < 100, "{percent}");
        assert_eq!(
            app.message(),
            Some(format!("resumed at {percent}%").as_str())
        );
    }

    #[test]
    fn a_narrow_screen_shows_one_pane_at_a_time() {
        let mut app = app(POSTS);
        app.handle(Event::Resize(40, 20));
        assert_eq!(app.areas().single_pane, Some(Pane::Headlines));
        assert_eq!(app.areas().sidebar.width, 40);
        app.update(Action::Open);
        assert_eq!(app.areas().single_pane, Some(Pane::Reader));
        assert_eq!(app.areas().reader.width, 40);
        app.update(Action::Back);
        assert_eq!(app.areas().single_pane, Some(Pane::Headlines));
    }

    /// Presses keys by their config-file names (`ctrl-w`, `home`, `x`).
    fn press_keys(app: &mut App, keys: &[&str]) {
        for key in keys {
            let press = KeyPress::parse(key).expect("a key name");
            app.press(press.to_event());
        }
    }

    #[test]
    fn the_filter_line_edits_as_readline_does_through_the_keymap() {
        let mut app = app(POSTS);
        press_keys(&mut app, &["/"]);
        for c in "sierra leone".chars() {
            app.update(Action::FilterChar(c));
        }
        press_keys(&mut app, &["home", "delete"]);
        assert_eq!((app.query(), app.query_cursor()), ("ierra leone", 0));
        press_keys(&mut app, &["alt-f", "right", "x"]);
        assert_eq!(app.query(), "ierra xleone");
        press_keys(&mut app, &["ctrl-e", "ctrl-w"]);
        assert_eq!(app.query(), "ierra ");
        press_keys(&mut app, &["ctrl-a", "ctrl-k"]);
        assert_eq!(app.query(), "");
        assert_eq!(app.take_filter_request().as_deref(), Some(""));
        press_keys(&mut app, &["n", "o"]);
        assert_eq!(app.take_filter_request().as_deref(), Some("no"));
        press_keys(&mut app, &["left", "left", "ctrl-u", "left"]);
        assert_eq!(
            app.take_filter_request(),
            None,
            "moving and deleting nothing ask for no new search"
        );
    }

    /// A long article where "harbour" is on several far-apart lines.
    fn harbour_article() -> String {
        let filler = "Words that go on about other things entirely. ".repeat(12);
        let paragraphs: Vec<String> = (0..6)
            .map(|n| {
                let lighthouse = if n == 4 { " A lighthouse stands." } else { "" };
                format!("{filler}The Harbour number {n} is here.{lighthouse}\n\n")
            })
            .collect();
        format!(
            "A long article about ports\n\n{}Second one\n\nShort.",
            paragraphs.concat()
        )
    }

    #[test]
    fn slash_searches_the_article_and_n_goes_round_with_a_count() {
        let mut app = app(&harbour_article());
        app.handle(Event::Resize(100, 12));
        app.update(Action::Open);
        press_keys(&mut app, &["/"]);
        assert_eq!(app.focus(), Focus::Search);
        for c in "harbour".chars() {
            app.update(Action::FilterChar(c));
        }
        assert_eq!(app.query(), "", "the search is not the filter");
        press_keys(&mut app, &["enter"]);
        assert_eq!(app.focus(), Focus::Reader);
        let search = app.article_search().expect("a search ran").clone();
        assert_eq!(search.hits.len(), 6, "smart case: Harbour matches harbour");
        assert_eq!(search.current, 0);
        let first_line = search.hits[0].0;
        let height = usize::from(app.areas().reader.height);
        assert!((app.reader_top()..app.reader_top() + height).contains(&first_line));
        for expected in 1..6 {
            press_keys(&mut app, &["n"]);
            let search = app.article_search().expect("still searching");
            assert_eq!(search.current, expected);
            let line = search.hits[expected].0;
            assert!((app.reader_top()..app.reader_top() + height).contains(&line));
        }
        press_keys(&mut app, &["n"]);
        assert_eq!(app.article_search().map(|s| s.current), Some(0));
        assert!(
            app.message()
                .is_some_and(|m| m.contains("went on from the top"))
        );
        press_keys(&mut app, &["N"]);
        assert_eq!(app.article_search().map(|s| s.current), Some(5));
        // Another article: the search ends with it.
        assert_eq!(app.library().articles.len(), 2);
        app.update(Action::NextArticle);
        assert!(app.article_search().is_none());
    }

    #[test]
    fn a_search_that_finds_nothing_says_so() {
        let mut app = app(&harbour_article());
        app.update(Action::Open);
        app.update(Action::StartSearch);
        for c in "zebra".chars() {
            app.update(Action::FilterChar(c));
        }
        app.update(Action::AcceptFilter);
        assert!(app.article_search().is_none());
        assert_eq!(app.message(), Some("pattern not found: zebra"));
    }

    #[test]
    fn an_article_found_by_its_text_opens_at_the_match() {
        let mut app = app(&harbour_article());
        app.handle(Event::Resize(100, 12));
        filter(&mut app, "lighthouse");
        app.update(Action::AcceptFilter);
        assert_eq!(app.rows().len(), 1);
        let wrapped = app.wrapped().expect("open");
        let shown = &wrapped.lines[app.reader_top()..];
        let height = usize::from(app.areas().reader.height);
        assert!(
            shown
                .iter()
                .take(height)
                .any(|line| line.text.contains("lighthouse")),
            "the match is on screen"
        );
        assert!(app.reader_top() > 0, "not at the top");
    }

    #[test]
    fn a_page_down_at_the_end_of_an_article_opens_the_next() {
        let mut app = app(POSTS);
        app.update(Action::Open);
        app.update(Action::PageDown);
        assert_eq!((app.focus(), app.open_article()), (Focus::Reader, Some(1)));
    }

    #[test]
    fn enter_on_the_one_match_left_reads_it() {
        let mut app = app(POSTS);
        filter(&mut app, "river");
        app.update(Action::AcceptFilter);
        assert_eq!((app.focus(), app.open_article()), (Focus::Reader, Some(2)));
        let mut two = self::app(POSTS);
        filter(&mut two, "norway");
        two.update(Action::AcceptFilter);
        assert_eq!(two.focus(), Focus::Headlines, "two matches: choose one");
    }

    #[test]
    fn the_reader_can_open_already_filtered() {
        let mut app = app(POSTS).with_query("oslo\u{1b}[2J");
        assert_eq!(app.query(), "oslo");
        assert_eq!(app.take_filter_request().as_deref(), Some("oslo"));
        assert_eq!(app.focus(), Focus::Headlines);
    }

    #[test]
    fn a_count_repeats_a_move_and_goes_to_a_row() {
        let mut app = app(&many(30));
        press_keys(&mut app, &["5", "j"]);
        assert_eq!(app.selected(), 5);
        press_keys(&mut app, &["1", "2"]);
        assert_eq!(app.pending_keys().as_deref(), Some("12"));
        press_keys(&mut app, &["G"]);
        assert_eq!(app.selected(), 11, "12G is the twelfth row");
        press_keys(&mut app, &["j"]);
        assert_eq!(app.selected(), 12, "the count is used once");
        press_keys(&mut app, &["0"]);
        assert_eq!(app.pending_keys(), None, "a leading 0 is no count");
    }

    #[test]
    fn next_unread_hide_read_and_mark_all_read() {
        let mut app = app(&many(6)).with_reading_state(ReadingState::open(None).0);
        // The first is shown whole, so read; mark the third read too.
        app.update(Action::Down);
        app.update(Action::Down);
        assert!(app.is_read(0) && app.is_read(1) && app.is_read(2));
        app.update(Action::Top);
        app.update(Action::NextUnread);
        assert_eq!(app.selected(), 3);
        // Short, so shown whole and read in turn.
        assert!(app.is_read(3));
        app.update(Action::ToggleHideRead);
        let shown: Vec<u32> = app.rows().iter().map(|m| m.index).collect();
        assert_eq!(shown, [4, 5], "read ones left out");
        app.update(Action::ToggleHideRead);
        assert_eq!(app.rows().len(), 6);
        app.update(Action::MarkAllRead);
        press_keys(&mut app, &["n"]);
        assert_eq!(app.message(), Some("nothing marked"));
        assert!(!app.is_read(5));
        app.update(Action::MarkAllRead);
        press_keys(&mut app, &["y"]);
        assert_eq!(app.unread(), 0);
        app.update(Action::NextUnread);
        assert_eq!(app.message(), Some("no unread article below"));
    }

    #[test]
    fn sort_cycles_through_title_and_unread_first() {
        let mut app = app(
            "Zebra crossing opens\n\nOne.\n\nApple harvest begins\n\nTwo.\n\nMango prices fall\n\nThree.",
        )
        .with_reading_state(ReadingState::open(None).0);
        let order = |app: &App| app.rows().iter().map(|m| m.index).collect::<Vec<u32>>();
        assert_eq!(order(&app), [0, 1, 2]);
        app.update(Action::CycleSort);
        assert_eq!((app.sort(), order(&app)), (Sort::Title, vec![1, 2, 0]));
        app.update(Action::CycleSort);
        // The first article was shown whole at start, so it is read.
        assert_eq!(
            (app.sort(), order(&app)),
            (Sort::UnreadFirst, vec![1, 2, 0])
        );
        app.update(Action::CycleSort);
        assert_eq!((app.sort(), order(&app)), (Sort::File, vec![0, 1, 2]));
    }

    #[test]
    fn a_double_click_on_a_headline_opens_it() {
        let mut app = app(POSTS);
        let sidebar = app.areas().sidebar;
        app.handle(Event::DoubleClick(sidebar.x + 1, sidebar.y + 1));
        assert_eq!((app.focus(), app.open_article()), (Focus::Reader, Some(1)));
    }
}
