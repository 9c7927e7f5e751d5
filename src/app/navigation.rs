//! Moving through the headlines and the open article: selection, scrolling,
//! paging, opening and wrapping, and jumping to the filter's matches.

use super::*;

impl App {
    pub(super) fn page(&self) -> usize {
        let areas = self.areas();
        let height = if matches!(self.focus, Focus::Reader | Focus::Search) {
            areas.reader.height
        } else {
            areas.sidebar.height
        };
        usize::from(height.saturating_sub(1)).max(1)
    }

    /// Moves the selection (sidebar, filter) or the text (reader) by `delta`.
    pub(super) fn step(&mut self, delta: isize) {
        if matches!(self.focus, Focus::Reader | Focus::Search) {
            self.scroll_reader(delta);
        } else {
            self.select(self.selected.saturating_add_signed(delta));
            self.open_selected();
        }
    }

    pub(super) fn select(&mut self, position: usize) {
        self.selected = position.min(self.row_count().saturating_sub(1));
        self.keep_selection_visible();
    }

    pub(super) fn clamp_selection(&mut self) {
        self.select(self.selected);
    }

    pub(super) fn keep_selection_visible(&mut self) {
        let height = usize::from(self.areas().sidebar.height).max(1);
        if self.selected < self.sidebar_top {
            self.sidebar_top = self.selected;
        } else if self.selected >= self.sidebar_top + height {
            self.sidebar_top = self.selected + 1 - height;
        }
    }

    pub(super) fn scroll_sidebar(&mut self, delta: isize) {
        let height = usize::from(self.areas().sidebar.height).max(1);
        let last_top = self.row_count().saturating_sub(height);
        self.sidebar_top = self.sidebar_top.saturating_add_signed(delta).min(last_top);
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
        let lines = self.wrapped.as_ref().map_or(0, |w| w.lines.len());
        let height = usize::from(self.areas().reader.height).max(1);
        let last_top = lines.saturating_sub(height);
        self.reader_top = self.reader_top.saturating_add_signed(delta).min(last_top);
        if delta != 0 {
            self.remember_position();
        }
    }

    /// How far through the open article the bottom of the reading pane
    /// is, in percent: the one figure the status bar and messages give.
    pub fn reading_percent(&self) -> Option<usize> {
        let wrapped = self.wrapped.as_ref()?;
        let total = wrapped.lines.len().max(1);
        let bottom = (self.reader_top + usize::from(self.areas().reader.height)).min(total);
        Some(bottom * 100 / total)
    }

    /// Whether the end of the open article is on screen.
    pub(super) fn at_article_end(&self) -> bool {
        let lines = self.wrapped.as_ref().map_or(0, |w| w.lines.len());
        let height = usize::from(self.areas().reader.height).max(1);
        self.reader_top + height >= lines
    }

    pub(super) fn move_article(&mut self, delta: isize) {
        self.select(self.selected.saturating_add_signed(delta));
        self.open_selected();
    }

    /// Opens the selected row's article, unless it is already open.
    pub(super) fn open_selected(&mut self) {
        let Some(article) = self.rows().get(self.selected).map(|m| m.index as usize) else {
            return;
        };
        if self.open != Some(article) {
            self.open = Some(article);
            self.search = None;
            self.reader_top = 0;
            self.wrap(article);
            self.full_text_if_wanted(article);
            let text_match = self
                .rows()
                .get(self.selected)
                .is_some_and(|row| row.place() == Where::Text);
            let Some(id) = self.article_id(article) else {
                return;
            };
            self.reading.set_last_opened(&id);
            let position = self.reading.get(&id).map_or(0, |state| state.position);
            if position == 0 && text_match {
                // Found by its text: open where the filter matched it.
                self.jump_to_first_text_hit();
                return;
            }
            if position > 0
                && let Some(wrapped) = &self.wrapped
            {
                self.reader_top = wrapped.first_line_of_block(position);
                self.scroll_reader(0);
                if let Some(percent) = self.reading_percent() {
                    self.message = Some(format!("resumed at {percent}%"));
                }
            }
        }
    }

    /// To the first line of the text where the filter matches, a line of
    /// context above.
    pub(super) fn jump_to_first_text_hit(&mut self) {
        let (Some(wrapped), Some(query)) = (&self.wrapped, &self.compiled) else {
            return;
        };
        if let Some(line) = wrapped.find_hit(query.query(), 0, true) {
            self.reader_top = line.saturating_sub(1);
            self.scroll_reader(0);
        }
    }

    pub(super) fn rewrap(&mut self) {
        if let Some(article) = self.open {
            let before = self.wrapped.as_ref().map(|w| w.block_at(self.reader_top));
            self.wrap(article);
            if let (Some(block), Some(wrapped)) = (before, &self.wrapped) {
                self.reader_top = wrapped.first_line_of_block(block);
            }
            self.scroll_reader(0);
            self.find_search_hits();
        }
        // A taller screen may show rows the old offset scrolled past.
        self.scroll_sidebar(0);
        self.keep_selection_visible();
    }

    pub(super) fn wrap(&mut self, article: usize) {
        let width = self.areas().text_width;
        self.wrapped = self
            .shown(article)
            .map(|(library, a)| WrappedArticle::new(library, a, width));
    }

    pub(super) fn jump_to_hit(&mut self, forward: bool) {
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
                .key_for(Focus::Headlines, &Action::StartFilter);
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

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if areas.sidebar.contains((column, row).into()) {
            let position = self.sidebar_top + usize::from(row - areas.sidebar.y);
            if position < self.row_count() {
                self.focus = Focus::Headlines;
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
