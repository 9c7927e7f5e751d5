//! A library loaded anew while it is read (a background refresh brought new
//! articles): every per-article state rebuilt for it, and nothing moved
//! under the person — the selected article stays selected on the same
//! screen row, the open article stays open where it was scrolled to, and a
//! filter keeps showing what it showed until it has run again.

use super::*;

impl App {
    /// Reads `index`'s library from now on, in place of the one being read.
    pub fn replace_library(&mut self, index: Arc<SearchIndex>) {
        let old = self.library().clone();
        let id_of = |article: u32| old.id_at(article as usize);
        let selected = self.rows().get(self.selected).and_then(|m| id_of(m.index));
        let screen_row = self.selected.saturating_sub(self.sidebar_top);
        let open = self.open.and_then(|article| old.id_at(article));
        let shown: Vec<(ArticleId, Match)> = self
            .results
            .matches
            .iter()
            .filter_map(|m| Some((id_of(m.index)?, *m)))
            .collect();
        drop(old);

        self.index = index;
        let ids = self.library().ids();
        let places: IdMap<u32> = ids
            .iter()
            .enumerate()
            .filter_map(|(at, id)| Some((*id, u32::try_from(at).ok()?)))
            .collect();
        let read: IdSet = self
            .reading
            .read_ids()
            .filter_map(ArticleId::parse)
            .collect();
        self.read = ids.iter().map(|id| read.contains(id)).collect();
        self.unread = self.read.iter().filter(|&&read| !read).count();
        self.title_order = None;
        self.date_order = None;
        self.dated = std::cell::OnceCell::new();
        self.partial = None;
        self.last_shown = None;
        self.results = if self.query.is_empty() {
            Arc::new(Results::everything(self.index.len()))
        } else {
            // What the filter showed, where it still is, until it has run
            // over the new library.
            let matches = shown
                .into_iter()
                .filter_map(|(id, found)| {
                    Some(Match {
                        index: *places.get(&id)?,
                        ..found
                    })
                })
                .collect();
            self.request_filter();
            Arc::new(Results {
                query: self.query.as_str().to_string(),
                matches,
            })
        };
        self.rebuild_view();

        let now_at = |id: ArticleId| places.get(&id).copied();
        self.open = open.and_then(now_at).map(|article| article as usize);
        if self.open.is_none() {
            self.wrapped = None;
            self.search = None;
        }
        match selected
            .and_then(now_at)
            .and_then(|article| self.rows().iter().position(|m| m.index == article))
        {
            Some(row) => {
                // The same screen row, unless that would leave rows blank.
                let height = usize::from(self.areas().sidebar.height).max(1);
                let lowest_top = self.rows().len().saturating_sub(height);
                self.selected = row;
                self.sidebar_top = row.saturating_sub(screen_row).min(lowest_top);
            }
            None => self.clamp_selection(),
        }
        self.keep_selection_visible();
        if self.open.is_none() && self.focus != Focus::Reader {
            self.open_selected();
        }
    }

    /// What a refresh running in the background has got to, for the status
    /// bar; `None` when none runs.
    pub fn set_refreshing(&mut self, progress: Option<String>) {
        self.refreshing = progress;
    }

    /// What the status bar says of a refresh running, if one is.
    pub fn refreshing(&self) -> Option<&str> {
        self.refreshing.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "Harbour plans approved\n\nThe council met.\n\nContinue reading →\n\n\
        Budget vote delayed\n\nThe vote moves to spring.\n\nContinue reading →\n\n\
        School garden opens\n\nPupils planted beans.\n\nContinue reading →\n\n";

    /// The same posts with two new ones ahead of them, as a feed that
    /// gained entries has them.
    fn grown() -> String {
        format!(
            "Market reopens at dawn\n\nStalls returned after the repairs.\n\nContinue reading →\n\n\
             River path closed\n\nFlooding closed the path.\n\nContinue reading →\n\n{OLD}"
        )
    }

    fn index_of(text: &str) -> Arc<SearchIndex> {
        Arc::new(SearchIndex::new(Arc::new(Library::from_text("t", text))))
    }

    fn app() -> App {
        App::new(index_of(OLD), Store::open(None).0, (100, 30))
    }

    fn selected_title(app: &App) -> String {
        let row = app.rows()[app.selected()];
        let library = app.library();
        library
            .title(&library.articles[row.index as usize])
            .to_string()
    }

    /// `count` posts, numbered from `first`.
    fn posts(first: usize, count: usize) -> String {
        (first..first + count)
            .map(|n| {
                format!(
                    "Report number {n} on the harbour\n\nThe council met.\n\nContinue reading →\n\n"
                )
            })
            .collect()
    }

    #[test]
    fn new_articles_do_not_move_the_selection_or_the_open_article() {
        let mut app = app();
        app.update(Action::Down);
        app.update(Action::Down);
        assert_eq!(selected_title(&app), "School garden opens");
        let unread = app.unread();
        app.replace_library(index_of(&grown()));
        assert_eq!(app.rows().len(), 5);
        assert_eq!(selected_title(&app), "School garden opens");
        assert_eq!(app.sidebar_top(), 0, "all five fit: none is scrolled away");
        let open = app.open_article().expect("an article is open");
        let library = app.library();
        assert_eq!(
            library.title(&library.articles[open]),
            "School garden opens"
        );
        assert_eq!(app.unread(), unread + 2, "the two new ones are unread");
    }

    #[test]
    fn in_a_long_list_the_selected_row_stays_where_it_is_on_screen() {
        let mut app = App::new(index_of(&posts(3, 40)), Store::open(None).0, (100, 12));
        for _ in 0..20 {
            app.update(Action::Down);
        }
        // Up a little, so the selection is mid-screen, not at an edge.
        app.update(Action::Up);
        app.update(Action::Up);
        let title = selected_title(&app);
        let screen_row = app.selected() - app.sidebar_top();
        assert!(app.sidebar_top() > 0, "the list is scrolled");
        app.replace_library(index_of(&(posts(1, 2) + &posts(3, 40))));
        assert_eq!(selected_title(&app), title);
        assert_eq!(app.selected() - app.sidebar_top(), screen_row);
    }

    #[test]
    fn read_marks_follow_their_articles_to_their_new_places() {
        let mut app = app();
        app.update(Action::ToggleRead);
        assert_eq!(app.unread(), 2);
        app.replace_library(index_of(&grown()));
        assert_eq!(app.unread(), 4);
        let library = app.library().clone();
        let read: Vec<&str> = (0..library.articles.len())
            .filter(|&at| app.is_read(at))
            .map(|at| library.title(&library.articles[at]))
            .collect();
        assert_eq!(read, ["Harbour plans approved"]);
    }

    #[test]
    fn a_filter_keeps_what_it_showed_and_runs_again_over_the_new_library() {
        let mut app = app();
        app.update(Action::StartFilter);
        for c in "budget".chars() {
            app.update(Action::FilterChar(c));
        }
        let query = app.take_filter_request().expect("a search was asked for");
        let results = index_of(OLD);
        let mut engine = crate::filter::engine::Engine::new(results);
        app.handle(Event::FilterDone(engine.search(&query)));
        assert_eq!(selected_title(&app), "Budget vote delayed");
        app.replace_library(index_of(&grown()));
        assert_eq!(app.rows().len(), 1);
        assert_eq!(selected_title(&app), "Budget vote delayed");
        assert_eq!(app.take_filter_request().as_deref(), Some("budget"));
    }
}
