//! Reading state: where each article was left and whether it was read, saved
//! now and then while reading and at quit, with what could not be saved.

use super::*;

impl App {
    /// Uses `reading` for positions and read marks, and opens the article
    /// last opened if it is loaded.
    pub fn with_reading_state(mut self, reading: ReadingState) -> Self {
        self.reading = reading;
        // The state names few articles: each article is looked up among
        // them by number, and not at all when none is marked read.
        let read: IdSet = self
            .reading
            .read_ids()
            .filter_map(ArticleId::parse)
            .collect();
        if !read.is_empty() {
            self.read = self
                .library()
                .ids()
                .iter()
                .map(|id| read.contains(id))
                .collect();
        }
        self.unread = self.read.iter().filter(|&&read| !read).count();
        let last = self.reading.last_opened().and_then(ArticleId::parse);
        if let Some(position) = last.and_then(|last| {
            let ids = self.library().ids();
            self.rows()
                .iter()
                .position(|m| ids.get(m.index as usize) == Some(&last))
        }) {
            self.select(position);
        }
        self.open = None;
        self.open_selected();
        self.last_shown = None;
        self.settle();
        self
    }

    pub(super) fn article_id(&self, index: usize) -> Option<String> {
        self.library()
            .id_at(index)
            .as_ref()
            .map(ArticleId::to_string)
    }

    /// Whether article `index` has been read.
    pub fn is_read(&self, index: usize) -> bool {
        self.read.get(index).copied().unwrap_or(false)
    }

    /// Whether rows of read articles are left out.
    pub fn hides_read(&self) -> bool {
        self.hide_read
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

    pub(super) fn note_save_error(&mut self, error: SaveError) {
        if !matches!(error, SaveError::NoDirectory) {
            self.message = Some(error.to_string());
        }
    }

    /// Records where the open article is, by block. (Whether it has been
    /// read to the end is judged after every change, in `App::settle`.)
    pub(super) fn remember_position(&mut self) {
        let (Some(open), Some(wrapped)) = (self.open, &self.wrapped) else {
            return;
        };
        let block = wrapped.block_at(self.reader_top);
        if let Some(id) = self.article_id(open) {
            self.reading.set_position(&id, block);
        }
    }

    /// Marks every article shown read (`A`, confirmed).
    pub(super) fn mark_all_shown_read(&mut self) {
        let shown: Vec<usize> = self.rows().iter().map(|m| m.index as usize).collect();
        let mut marked = 0;
        for index in shown {
            if !self.is_read(index) {
                self.mark_read(index, true);
                marked += 1;
            }
        }
        self.message = Some(format!("marked {marked} read"));
    }

    /// How the list is ordered when no filter ranks it.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The next (or previous) row after the selection whose article is
    /// unread, selected and opened; a message when there is none.
    pub(super) fn step_unread(&mut self, forward: bool) {
        let rows = self.rows();
        let unread = |m: &Match| !self.is_read(m.index as usize);
        let found = if forward {
            rows.iter()
                .skip(self.selected + 1)
                .position(unread)
                .map(|offset| self.selected + 1 + offset)
        } else {
            rows[..self.selected.min(rows.len())]
                .iter()
                .rposition(unread)
        };
        match found {
            Some(position) => {
                self.select(position);
                self.open_selected();
            }
            None => {
                self.message = Some(
                    if forward {
                        "no unread article below"
                    } else {
                        "no unread article above"
                    }
                    .into(),
                )
            }
        }
    }

    pub(super) fn mark_read(&mut self, index: usize, read: bool) {
        let Some(id) = self.article_id(index) else {
            return;
        };
        if let Some(mark) = self.read.get_mut(index) {
            *mark = read;
        }
        if self.reading.is_read(&id) != read {
            self.reading.set_read(&id, read);
            self.unread = if read {
                self.unread.saturating_sub(1)
            } else {
                self.unread + 1
            };
        }
    }
}
