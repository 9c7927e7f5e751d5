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
