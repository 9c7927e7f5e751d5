//! The reader's state and the one place it changes: [`App::update`].
//!
//! Every input becomes an [`Action`] (key presses through the keymap in
//! force, [`App::press`]); `update` applies it. Rendering reads
//! `&App` and never changes it. Work that grows with the text (wrapping the
//! open article) happens here, once per article and width, never per frame.
//! Filtering is asked for through [`App::take_filter_request`] so the caller
//! can run it off the interface thread.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::action::{Action, Focus};
use crate::article::ArticleId;
use crate::config::Config;
use crate::filter::engine::Results;
use crate::filter::index::SearchIndex;
use crate::filter::matching::{CompiledQuery, Match, Where};
use crate::filter::query::Query;
use crate::keymap::notation::{KeyPress, display_sequence};
use crate::layout::{Areas, areas, help_rows_shown};
use crate::library::Library;
use crate::reader::WrappedArticle;
use crate::store::reading::ReadingState;
use crate::store::{Bookmark, SaveError, Store, Unsaved};
use crate::text::clean;

/// The most of a paste that goes into the filter, in characters.
const MAX_PASTE_CHARS: usize = 256;

/// The whole state of the reader.
pub struct App {
    index: Arc<SearchIndex>,
    store: Store,
    reading: ReadingState,
    unread: usize,
    bookmarks_view: bool,
    /// The rows shown: the results, or in the bookmarks view the bookmarked
    /// ones among them, newest bookmark first.
    view: Vec<Match>,
    /// In the bookmarks view, bookmarks of articles not loaded now.
    missing: Vec<Bookmark>,
    query: String,
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
    config: Config,
    /// Keys of a sequence begun but not finished (the first `g` of `g g`).
    pending_keys: Vec<KeyPress>,
}

impl App {
    /// A reader over `index` for a terminal of `size` (columns, rows), with
    /// the first article open.
    pub fn new(index: Arc<SearchIndex>, store: Store, size: (u16, u16)) -> Self {
        let everything = Arc::new(Results {
            query: String::new(),
            matches: (0..index.len())
                .filter_map(|i| u32::try_from(i).ok())
                .map(|i| Match {
                    index: i,
                    score: 0,
                    place: Where::Title,
                })
                .collect(),
        });
        let unread = index.len();
        let mut app = App {
            index,
            store,
            reading: ReadingState::open(None).0,
            unread,
            bookmarks_view: false,
            view: everything.matches.clone(),
            missing: Vec::new(),
            query: String::new(),
            compiled: None,
            filter_request: None,
            results: everything,
            partial: None,
            selected: 0,
            sidebar_top: 0,
            focus: Focus::Sidebar,
            open: None,
            wrapped: None,
            reader_top: 0,
            help: false,
            help_top: 0,
            message: None,
            size,
            areas: Areas::default(),
            quit: false,
            suspend: false,
            config: Config::default(),
            pending_keys: Vec::new(),
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

    /// Keys of an unfinished sequence, as help would show them (`g`).
    pub fn pending_keys(&self) -> Option<String> {
        (!self.pending_keys.is_empty()).then(|| display_sequence(&self.pending_keys))
    }

    /// Applies a key press through the keymap in force: nothing yet if it
    /// begins a sequence, else whatever the keys mean where the focus is.
    /// Over the help overlay, movement keys scroll it and any other key,
    /// bound or not, closes it (a quit key quits).
    pub fn press(&mut self, key: KeyEvent) {
        let key = KeyPress::from_event(key);
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
    }

    /// Uses `reading` for positions and read marks, and opens the article
    /// last opened if it is loaded.
    pub fn with_reading_state(mut self, reading: ReadingState) -> Self {
        self.reading = reading;
        self.unread = self
            .library()
            .ids()
            .iter()
            .filter(|id| !self.reading.is_read(&id.to_string()))
            .count();
        let last = self.reading.last_opened().map(str::to_string);
        if let Some(position) = last.and_then(|id| {
            self.rows()
                .iter()
                .position(|m| self.article_id(m.index as usize).as_deref() == Some(id.as_str()))
        }) {
            self.select(position);
        }
        self.open = None;
        self.open_selected();
        self
    }

    fn article_id(&self, index: usize) -> Option<String> {
        self.library().ids().get(index).map(ArticleId::to_string)
    }

    /// Whether article `index` has been read.
    pub fn is_read(&self, index: usize) -> bool {
        self.article_id(index)
            .is_some_and(|id| self.reading.is_read(&id))
    }

    /// Articles not read yet.
    pub fn unread(&self) -> usize {
        self.unread
    }

    /// Saves the reading state if it changed and the last save is a few
    /// seconds ago, and retries bookmarks that could not be saved; never
    /// waits for another folio's lock. A failure shows in the status bar.
    pub fn save_if_due(&mut self, now: std::time::Instant) {
        if let Some(Err(error)) = self.reading.save_if_due(now) {
            self.note_save_error(error);
        }
        match self.store.retry_if_due(now) {
            Some(Err(error)) => self.note_save_error(error),
            Some(Ok(())) => self.message = Some("Bookmarks saved".into()),
            None => {}
        }
    }

    /// When [`App::save_if_due`] next has something to do, if ever: the
    /// event loop sleeps until then.
    pub fn next_save(&self) -> Option<std::time::Instant> {
        match (self.reading.next_save(), self.store.next_retry()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// At quit: saves the reading state and the bookmarks, waiting a little
    /// for another folio's lock; what still cannot be saved goes to a
    /// recovery file in the first of `fallbacks` that takes it. Returns
    /// what was not saved, for the person to be told.
    pub fn save_or_recover(&mut self, fallbacks: &[PathBuf]) -> Vec<Unsaved> {
        [
            self.reading.save_or_recover(fallbacks),
            self.store.save_or_recover(fallbacks),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }

    fn note_save_error(&mut self, error: SaveError) {
        if !matches!(error, SaveError::NoDirectory) {
            self.message = Some(error.to_string());
        }
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
        &self.query
    }

    /// Rows of the sidebar: the partial rows of a running filter, else the
    /// complete results.
    pub fn rows(&self) -> &[Match] {
        self.partial.as_deref().unwrap_or(&self.view)
    }

    /// In the bookmarks view, bookmarks whose article is not loaded: shown
    /// after the rows, dimmed, so nothing vanishes silently.
    pub fn missing_bookmarks(&self) -> &[Bookmark] {
        &self.missing
    }

    /// Rows and missing bookmarks together: what the selection moves over.
    fn row_count(&self) -> usize {
        self.rows().len() + self.missing.len()
    }

    /// Whether only bookmarked articles are shown.
    pub fn bookmarks_view(&self) -> bool {
        self.bookmarks_view
    }

    /// Whether article `index` is bookmarked.
    pub fn is_bookmarked(&self, index: usize) -> bool {
        self.article_id(index)
            .is_some_and(|id| self.store.contains(&id))
    }

    /// True while a filter is still running.
    pub fn is_filtering(&self) -> bool {
        self.partial.is_some() || self.results.query != self.query
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
        );
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if self.help
            && !matches!(
                action,
                Action::Resize(..) | Action::FilterDone(_) | Action::FilterPartial(_)
            )
        {
            self.update_help(action);
            return;
        }
        self.message = None;
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
            Action::ToggleBookmarksView => {
                self.bookmarks_view = !self.bookmarks_view;
                if self.bookmarks_view {
                    // Another folio may have saved bookmarks meanwhile.
                    self.store.refresh();
                }
                self.rebuild_view();
                self.selected = 0;
                self.sidebar_top = 0;
                self.open_selected();
            }
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(self.page() as isize),
            Action::PageUp => self.step(-(self.page() as isize)),
            Action::HalfPageDown => self.step((self.page() / 2).max(1) as isize),
            Action::HalfPageUp => self.step(-((self.page() / 2).max(1) as isize)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Open => {
                self.open_selected();
                if self.open.is_some() {
                    self.focus = Focus::Reader;
                }
            }
            Action::Back => self.focus = Focus::Sidebar,
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Sidebar if self.open.is_some() => Focus::Reader,
                    _ => Focus::Sidebar,
                }
            }
            Action::NextArticle => self.move_article(1),
            Action::PreviousArticle => self.move_article(-1),
            Action::StartFilter => self.focus = Focus::Filter,
            Action::FilterChar(c) => {
                self.query.push(c);
                self.request_filter();
            }
            Action::FilterBackspace => {
                self.query.pop();
                self.request_filter();
            }
            Action::AcceptFilter => self.focus = Focus::Sidebar,
            Action::CancelFilter | Action::ClearFilter => {
                self.focus = Focus::Sidebar;
                if !self.query.is_empty() {
                    self.query.clear();
                    self.request_filter();
                }
            }
            Action::NextHit => self.jump_to_hit(true),
            Action::PreviousHit => self.jump_to_hit(false),
            Action::Resize(columns, rows) => {
                self.size = (columns, rows);
                self.lay_out();
                self.rewrap();
            }
            Action::FilterDone(results) => {
                if results.query == self.query {
                    self.apply_results(results);
                }
            }
            Action::FilterPartial(rows) => {
                self.partial = Some(rows);
                self.clamp_selection();
            }
            Action::Paste(text) => self.paste(&text),
            Action::Click(column, row) => self.click(column, row),
            Action::Scroll(column, row, lines) => {
                let areas = self.areas();
                if areas.sidebar.contains((column, row).into()) {
                    self.scroll_sidebar(lines as isize);
                } else if areas.reader.contains((column, row).into()) {
                    self.scroll_reader(lines as isize);
                }
            }
        }
    }

    /// Pasted text becomes filter text, wherever the focus was: cleaned as
    /// article text is (escape sequences and controls gone), one line, and
    /// no longer than a query needs.
    fn paste(&mut self, text: &str) {
        let (clean, _) = clean(text.as_bytes());
        let line: String = clean
            .replace('\n', " ")
            .chars()
            .take(MAX_PASTE_CHARS)
            .collect();
        if line.trim().is_empty() {
            return;
        }
        self.focus = Focus::Filter;
        self.query.push_str(&line);
        self.request_filter();
    }

    /// The help overlay takes movement to scroll itself; anything else
    /// closes it, and quitting also quits.
    fn update_help(&mut self, action: Action) {
        let total = self.config.keymap.help_rows().len();
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
            Action::Scroll(_, _, lines) => isize::from(lines),
            other => {
                self.help = false;
                self.quit |= other == Action::Quit;
                return;
            }
        };
        self.help_top = self
            .help_top
            .saturating_add_signed(lines)
            .min(total - shown);
    }

    fn request_filter(&mut self) {
        self.filter_request = Some(self.query.clone());
        self.compiled =
            (!self.query.is_empty()).then(|| CompiledQuery::new(Query::parse(&self.query)));
    }

    /// The filter compiled once per change, for every highlight drawn and
    /// every `n`: `None` without a filter.
    pub fn compiled_query(&self) -> Option<&CompiledQuery> {
        self.compiled.as_ref()
    }

    /// New complete results: keep the selected article when it still
    /// matches, else select the best match.
    /// Shows new results. A filter selects its best match, as fzf does; with
    /// the filter cleared, the article that was selected stays selected.
    fn apply_results(&mut self, results: Arc<Results>) {
        let selected_article = self.rows().get(self.selected).map(|m| m.index);
        let best_first = !results.query.is_empty();
        self.partial = None;
        self.results = results;
        self.rebuild_view();
        self.selected = selected_article
            .filter(|_| !best_first)
            .and_then(|article| self.view.iter().position(|m| m.index == article))
            .unwrap_or(0);
        self.sidebar_top = 0;
        self.keep_selection_visible();
        if self.focus != Focus::Reader {
            self.open_selected();
        }
    }

    fn page(&self) -> usize {
        let areas = self.areas();
        let height = if self.focus == Focus::Reader {
            areas.reader.height
        } else {
            areas.sidebar.height
        };
        usize::from(height.saturating_sub(1)).max(1)
    }

    /// Moves the selection (sidebar, filter) or the text (reader) by `delta`.
    fn step(&mut self, delta: isize) {
        if self.focus == Focus::Reader {
            self.scroll_reader(delta);
        } else {
            self.select(self.selected.saturating_add_signed(delta));
            self.open_selected();
        }
    }

    fn select(&mut self, position: usize) {
        self.selected = position.min(self.row_count().saturating_sub(1));
        self.keep_selection_visible();
    }

    fn clamp_selection(&mut self) {
        self.select(self.selected);
    }

    fn keep_selection_visible(&mut self) {
        let height = usize::from(self.areas().sidebar.height).max(1);
        if self.selected < self.sidebar_top {
            self.sidebar_top = self.selected;
        } else if self.selected >= self.sidebar_top + height {
            self.sidebar_top = self.selected + 1 - height;
        }
    }

    fn scroll_sidebar(&mut self, delta: isize) {
        let height = usize::from(self.areas().sidebar.height).max(1);
        let last_top = self.row_count().saturating_sub(height);
        self.sidebar_top = self.sidebar_top.saturating_add_signed(delta).min(last_top);
    }

    fn scroll_reader(&mut self, delta: isize) {
        let lines = self.wrapped.as_ref().map_or(0, |w| w.lines.len());
        let height = usize::from(self.areas().reader.height).max(1);
        let last_top = lines.saturating_sub(height);
        self.reader_top = self.reader_top.saturating_add_signed(delta).min(last_top);
        if delta != 0 {
            self.remember_position(self.reader_top + height >= lines);
        }
    }

    /// Records where the open article is, by block; `at_end` marks it read.
    fn remember_position(&mut self, at_end: bool) {
        let (Some(open), Some(wrapped)) = (self.open, &self.wrapped) else {
            return;
        };
        let block = wrapped.block_at(self.reader_top);
        if let Some(id) = self.article_id(open) {
            self.reading.set_position(&id, block);
        }
        if at_end && !self.is_read(open) {
            self.mark_read(open, true);
        }
    }

    fn mark_read(&mut self, index: usize, read: bool) {
        let Some(id) = self.article_id(index) else {
            return;
        };
        if self.reading.is_read(&id) != read {
            self.reading.set_read(&id, read);
            self.unread = if read {
                self.unread.saturating_sub(1)
            } else {
                self.unread + 1
            };
        }
    }

    fn move_article(&mut self, delta: isize) {
        self.select(self.selected.saturating_add_signed(delta));
        self.open_selected();
    }

    /// Opens the selected row's article, unless it is already open.
    fn open_selected(&mut self) {
        let Some(article) = self.rows().get(self.selected).map(|m| m.index as usize) else {
            return;
        };
        if self.open != Some(article) {
            self.open = Some(article);
            self.reader_top = 0;
            self.wrap(article);
            let Some(id) = self.article_id(article) else {
                return;
            };
            self.reading.set_last_opened(&id);
            let position = self.reading.get(&id).map_or(0, |state| state.position);
            if position > 0
                && let Some(wrapped) = &self.wrapped
            {
                self.reader_top = wrapped.first_line_of_block(position);
                let lines = wrapped.lines.len().max(1);
                self.scroll_reader(0);
                self.message = Some(format!("resumed at {}%", self.reader_top * 100 / lines));
            }
        }
    }

    fn rewrap(&mut self) {
        if let Some(article) = self.open {
            let before = self.wrapped.as_ref().map(|w| w.block_at(self.reader_top));
            self.wrap(article);
            if let (Some(block), Some(wrapped)) = (before, &self.wrapped) {
                self.reader_top = wrapped.first_line_of_block(block);
            }
            self.scroll_reader(0);
        }
        self.keep_selection_visible();
    }

    fn wrap(&mut self, article: usize) {
        let width = self.areas().text_width;
        self.wrapped = self
            .library()
            .articles
            .get(article)
            .map(|a| WrappedArticle::new(self.library(), a, width));
    }

    /// The rows for the current mode: all results, or the bookmarked ones
    /// (newest bookmark first unless a filter ranks them), and the bookmarks
    /// whose article is not loaded.
    fn rebuild_view(&mut self) {
        if !self.bookmarks_view {
            self.view = self.results.matches.clone();
            self.missing.clear();
            return;
        }
        // Looked up by id, once per result: a library may be large.
        let saved: HashMap<&str, &str> = self
            .store
            .bookmarks()
            .into_iter()
            .map(|b| (b.id.as_str(), b.added.as_str()))
            .collect();
        let ids = self.index.library().ids();
        let mut view: Vec<(Match, &str)> = self
            .results
            .matches
            .iter()
            .filter_map(|m| {
                let id = ids.get(m.index as usize)?.to_string();
                saved.get(id.as_str()).map(|&added| (*m, added))
            })
            .collect();
        if self.query.is_empty() {
            view.sort_by(|a, b| b.1.cmp(a.1));
        }
        let view: Vec<Match> = view.into_iter().map(|(m, _)| m).collect();
        // Bookmarks whose article is loaded but filtered out are not missing.
        let mut loaded = HashSet::new();
        for id in ids {
            let id = id.to_string();
            if let Some((&key, _)) = saved.get_key_value(id.as_str()) {
                loaded.insert(key);
            }
        }
        let needle = self.query.to_lowercase();
        let missing: Vec<Bookmark> = self
            .store
            .bookmarks()
            .into_iter()
            .filter(|b| !loaded.contains(b.id.as_str()))
            .filter(|b| b.title.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        self.view = view;
        self.missing = missing;
        self.clamp_selection();
    }

    /// Bookmarks the selected article or removes its bookmark, and says how
    /// saving went.
    fn toggle_bookmark(&mut self) {
        let bookmark = match self.rows().get(self.selected) {
            Some(row) => {
                let Some(article) = self.library().articles.get(row.index as usize) else {
                    return;
                };
                Bookmark::new(
                    self.library().id(article).to_string(),
                    self.library().title(article).to_string(),
                    self.library().source_name(article).to_string(),
                )
            }
            // Past the rows: a bookmark whose article is not loaded.
            None => match self
                .selected
                .checked_sub(self.rows().len())
                .and_then(|i| self.missing.get(i))
            {
                Some(missing) => missing.clone(),
                None => return,
            },
        };
        let (now_bookmarked, saved) = self.store.toggle(bookmark);
        self.message = Some(match (now_bookmarked, saved) {
            (true, Ok(())) => "Bookmarked".into(),
            (false, Ok(())) => "Bookmark removed".into(),
            (_, Err(error)) => error.to_string(),
        });
        if self.bookmarks_view {
            self.rebuild_view();
        }
    }

    fn jump_to_hit(&mut self, forward: bool) {
        let Some(wrapped) = &self.wrapped else {
            return;
        };
        let Some(query) = self
            .compiled
            .as_ref()
            .map(CompiledQuery::query)
            .filter(|query| !query.is_empty())
        else {
            // The key that starts a filter, whatever it is bound to.
            let key = self
                .config
                .keymap
                .key_for(Focus::Sidebar, &Action::StartFilter);
            self.message = Some(match key {
                Some(key) => format!("no filter to find: press {key} and type one"),
                None => "no filter to find, and no key starts one".into(),
            });
            return;
        };
        match wrapped.find_hit(query, self.reader_top, forward) {
            Some(line) => {
                self.reader_top = line;
                self.scroll_reader(0);
            }
            None => {
                self.message = Some(
                    if forward {
                        "no more matches of the filter below"
                    } else {
                        "no more matches of the filter above"
                    }
                    .into(),
                )
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if areas.sidebar.contains((column, row).into()) {
            let position = self.sidebar_top + usize::from(row - areas.sidebar.y);
            if position < self.row_count() {
                self.focus = Focus::Sidebar;
                self.select(position);
                self.open_selected();
            }
        } else if areas.reader.contains((column, row).into()) && self.open.is_some() {
            self.focus = Focus::Reader;
        } else if areas.filter.contains((column, row).into()) {
            self.focus = Focus::Filter;
        }
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
        app.update(Action::FilterDone(engine.search(&request)));
    }

    #[test]
    fn a_paste_goes_into_the_filter_cleaned_and_on_one_line() {
        let mut blank = app(POSTS);
        blank.update(Action::Paste("\n \n".into()));
        assert_eq!((blank.focus(), blank.query()), (Focus::Sidebar, ""));
        let mut app = app(POSTS);
        app.update(Action::Paste(
            "nor\u{1b}]52;c;aGk=\u{7}way\r\nbacks\u{7}".into(),
        ));
        assert_eq!(app.focus(), Focus::Filter);
        assert_eq!(app.query(), "norway backs");
        assert_eq!(app.take_filter_request().as_deref(), Some("norway backs"));
        app.update(Action::Paste("x".repeat(10_000)));
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
        app.update(Action::FilterDone(engine.search(&request)));
        filter(&mut app, "river");
        assert_eq!(app.open_article(), Some(2));
        app.update(Action::CancelFilter);
        let request = app.take_filter_request().expect("the filter is cleared");
        app.update(Action::FilterDone(engine.search(&request)));
        assert_eq!(app.rows().len(), 3);
        // Found through the filter, kept when the filter goes.
        assert_eq!((app.selected(), app.open_article()), (2, Some(2)));
    }

    #[test]
    fn the_first_article_opens_at_start() {
        let app = app(POSTS);
        assert_eq!(app.open_article(), Some(0));
        assert_eq!(app.focus(), Focus::Sidebar);
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
        assert_eq!(app.focus(), Focus::Sidebar);
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
        assert_eq!(app.focus(), Focus::Sidebar);
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
        app.update(Action::FilterDone(engine.search("norway")));
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
        assert_eq!(app.focus(), Focus::Sidebar);
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
        app.update(Action::ToggleBookmark);
        assert!(app.missing_bookmarks().is_empty());
        assert_eq!(app.message(), Some("Bookmark removed"));
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
        app.update(Action::Resize(70, 25));
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
        app.update(Action::Resize(80, 12));
        app.update(Action::ToggleHelp);
        let total = app.config().keymap.help_rows().len();
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
        app.update(Action::Quit);
        assert!(!app.help_visible() && app.should_quit());
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
        app.update(Action::Resize(60, 20));
        let wrapped = app.wrapped().expect("still open");
        assert_eq!(Some(wrapped.block_at(app.reader_top())), block);
    }

    #[test]
    fn tiny_and_zero_sizes_are_survived() {
        let mut app = app(POSTS);
        for (w, h) in [(0, 0), (1, 1), (10, 3), (200, 60)] {
            app.update(Action::Resize(w, h));
            app.update(Action::Down);
            app.update(Action::PageDown);
            app.update(Action::Click(0, 0));
        }
    }

    #[test]
    fn clicking_a_headline_selects_it() {
        let mut app = app(POSTS);
        let sidebar = app.areas().sidebar;
        app.update(Action::Click(sidebar.x + 1, sidebar.y + 2));
        assert_eq!(app.selected(), 2);
        assert_eq!(app.open_article(), Some(2));
    }
}
