//! The full text of an entry whose feed carries only a summary (`f`):
//! asked of the session, which fetches the entry's page off the interface
//! thread and reads it as a saved page is read; shown in the summary's
//! place, for that article, until `f` asks for the summary again.

use super::*;
use crate::article::Article;

impl App {
    /// `f`: the full text of the open article, or its summary again.
    pub(super) fn toggle_full_text(&mut self) {
        let Some(index) = self.open else {
            self.message = Some("no article is open".into());
            return;
        };
        let Some(id) = self.library().id_at(index) else {
            return;
        };
        if self.full_texts.remove(&id).is_some() {
            self.message = Some("the feed's own text".into());
            self.rewrap_open();
            return;
        }
        let url = self
            .library()
            .articles
            .get(index)
            .and_then(|article| article.details.as_deref())
            .and_then(|details| details.url.clone());
        match url {
            Some(url) => {
                self.message = Some(format!("fetching the full text from {url}"));
                self.request = Some(Request::FullText { id, url });
            }
            None => {
                self.message =
                    Some("this article has no web address to fetch its text from".into());
            }
        }
    }

    /// On opening article `index` of a subscription marked `+full-text`:
    /// asks for its page once, unless it has been asked for or fetched.
    pub(super) fn full_text_if_wanted(&mut self, index: usize) {
        let library = self.library();
        let Some(article) = library.articles.get(index) else {
            return;
        };
        let wanted = library
            .sources
            .get(article.source)
            .is_some_and(|source| source.full_text);
        let url = article
            .details
            .as_deref()
            .and_then(|details| details.url.clone());
        let (Some(url), Some(id)) = (url.filter(|_| wanted), library.id_at(index)) else {
            return;
        };
        if self.request.is_none() && self.full_texts_asked.insert(id) {
            self.request = Some(Request::FullText { id, url });
        }
    }

    /// Shows `page` (the first article of a fetched page) in place of
    /// article `id`'s own text, or says why it could not be had.
    pub fn show_full_text(&mut self, id: ArticleId, page: Result<Library, String>) {
        match page {
            Ok(page) if !page.articles.is_empty() => {
                self.full_texts.insert(id, Arc::new(page));
                self.message = Some("the full text (f: the feed's own text)".into());
                if self.open.and_then(|index| self.library().id_at(index)) == Some(id) {
                    self.rewrap_open();
                }
            }
            Ok(_) => self.message = Some("the page has no text folio could find".into()),
            Err(why) => self.message = Some(why),
        }
    }

    /// The open article as shown: its full text when one was fetched, else
    /// itself, with the library its spans index.
    pub(super) fn shown(&self, index: usize) -> Option<(&Library, &Article)> {
        let id = self.library().id_at(index)?;
        match self.full_texts.get(&id) {
            Some(page) => page
                .articles
                .iter()
                .max_by_key(|a| a.words)
                .map(|a| (&**page, a)),
            None => {
                let library = self.library();
                library
                    .articles
                    .get(index)
                    .map(|article| (&**library, article))
            }
        }
    }

    /// Wraps the open article again, from its top.
    fn rewrap_open(&mut self) {
        if let Some(index) = self.open {
            self.reader_top = 0;
            self.search = None;
            self.wrap(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Input;

    fn reader(full_text: bool) -> App {
        let feed = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/feed.rss"
        );
        let (mut library, report) = Library::load(&[Input::Path(feed.into())]);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        library.sources[0].full_text = full_text;
        let index = Arc::new(SearchIndex::new(Arc::new(library)));
        App::new(index, Store::open(None).0, (100, 30))
    }

    #[test]
    fn a_full_text_subscription_asks_for_each_page_once_as_it_is_opened() {
        let mut app = reader(true);
        let Some(Request::FullText { url, .. }) = app.take_request() else {
            panic!("the first article's page was not asked for");
        };
        assert!(url.starts_with("https://"), "{url}");
        app.update(Action::Down);
        assert!(matches!(app.take_request(), Some(Request::FullText { .. })));
        app.update(Action::Up);
        assert_eq!(app.take_request(), None, "each page is asked for once");
        assert_eq!(reader(false).take_request(), None);
    }

    #[test]
    fn a_page_that_came_is_shown_and_f_gives_the_feeds_text_back() {
        let mut app = reader(false);
        let id = app.library().id_at(0).expect("an article");
        let page = Library::from_text(
            "page",
            "The whole story\n\nEvery word of it, at length.\n\n",
        );
        app.show_full_text(id, Ok(page));
        let first_line = |app: &App| app.wrapped().map(|w| w.lines[0].text.clone());
        assert_eq!(first_line(&app).as_deref(), Some("The whole story"));
        app.update(Action::FullText);
        assert_ne!(first_line(&app).as_deref(), Some("The whole story"));
        app.show_full_text(id, Err("x.test: connection refused".into()));
        assert_eq!(app.message(), Some("x.test: connection refused"));
    }
}
