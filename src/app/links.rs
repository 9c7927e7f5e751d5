//! `o` and `y`: the open article's address, or one of its numbered links,
//! handed to the browser or the clipboard. The App only decides which URL
//! and asks; the terminal session carries the request out (it owns the
//! terminal and starts processes), so the App stays pure.

use super::App;
use crate::article::ArticleId;

/// Something the App asks the session to do outside the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Open this URL in the browser.
    Open(String),
    /// Put this URL on the clipboard.
    Copy(String),
    /// Fetch every address again (`r`), unless a refresh is running.
    Refresh,
    /// Fetch article `id`'s page at `url` for its full text (`f`).
    FullText { id: ArticleId, url: String },
}

impl App {
    /// The URL `o` or `y` means: link `count` of the open article when a
    /// count was typed, else the article's own address (or its only link).
    fn chosen_link(&self) -> Result<String, String> {
        let Some(index) = self.open_article() else {
            return Err("no article is open".to_string());
        };
        let details = self
            .shown(index)
            .and_then(|(_, article)| article.details.as_deref());
        let (url, links) = details.map_or((None, &[][..]), |details| {
            (details.url.as_deref(), details.links.as_slice())
        });
        match self.count {
            Some(number) => {
                links
                    .get(number.wrapping_sub(1))
                    .cloned()
                    .ok_or_else(|| match links.len() {
                        0 => "this article has no numbered links".to_string(),
                        1 => format!("no link [{number}]: this article has only [1]"),
                        many => format!("no link [{number}]: this article has [1] to [{many}]"),
                    })
            }
            None => match (url, links) {
                (Some(url), _) => Ok(url.to_string()),
                (None, [only]) => Ok(only.clone()),
                (None, []) => Err("this article has no web address".to_string()),
                (None, _) => Err(format!(
                    "this article has no address of its own: 1o to {}o open its links",
                    links.len()
                )),
            },
        }
    }

    /// Asks for the chosen link to be opened (`o`) or copied (`y`), saying
    /// so with `done` ("opening", "copied").
    pub(super) fn ask_for_link(&mut self, request: fn(String) -> Request, done: &str) {
        match self.chosen_link() {
            Ok(url) => {
                self.message = Some(format!("{done} {url}"));
                self.request = Some(request(url));
            }
            Err(why) => self.message = Some(why),
        }
    }

    /// What the App asked the session to do since last asked; asking
    /// clears it.
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::action::Action;
    use crate::filter::index::SearchIndex;
    use crate::library::{Input, Library};
    use crate::store::Store;

    fn feed_app() -> App {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/feed.rss"
        );
        let (library, _) = Library::load(&[Input::Path(path.into())]);
        let index = Arc::new(SearchIndex::new(Arc::new(library)));
        App::new(index, Store::open(None).0, (100, 30))
    }

    fn type_keys(app: &mut App, keys: &str) {
        for c in keys.chars() {
            app.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn o_asks_for_the_article_page_and_a_count_for_its_link() {
        let mut app = feed_app();
        app.update(Action::Open);
        type_keys(&mut app, "o");
        assert_eq!(
            app.take_request(),
            Some(Request::Open(
                "https://harbour.example.org/2024/03/dredging".into()
            ))
        );
        assert_eq!(app.take_request(), None, "asked once");
        type_keys(&mut app, "2y");
        assert_eq!(
            app.take_request(),
            Some(Request::Copy("https://harbour.example.org/notices".into()))
        );
        type_keys(&mut app, "3o");
        assert_eq!(app.take_request(), None);
        assert_eq!(
            app.message(),
            Some("no link [3]: this article has [1] to [2]")
        );
    }

    #[test]
    fn plain_text_has_no_link_to_open() {
        let library = Library::from_text("t", "Rivers rise\n\nThe water came up.");
        let index = Arc::new(SearchIndex::new(Arc::new(library)));
        let mut app = App::new(index, Store::open(None).0, (100, 30));
        app.update(Action::OpenLink);
        assert_eq!(app.take_request(), None);
        assert_eq!(app.message(), Some("this article has no web address"));
    }

    #[test]
    fn dated_articles_offer_newest_first() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/");
        // The RSS items are dated 5 Mar, 1 Mar and 28 Feb 2024; the Atom
        // entries 2 Apr and 20 Mar 2024 (updated, for want of published).
        let (library, _) = Library::load(&[
            Input::Path(format!("{fixtures}feed.rss").into()),
            Input::Path(format!("{fixtures}feed.atom").into()),
        ]);
        let index = Arc::new(SearchIndex::new(Arc::new(library)));
        let mut app = App::new(index, Store::open(None).0, (100, 30));
        for _ in 0..3 {
            app.update(Action::CycleSort);
        }
        assert_eq!(app.sort(), crate::app::Sort::Newest);
        let order: Vec<u32> = app.rows().iter().map(|row| row.index).collect();
        assert_eq!(order, [3, 4, 0, 1, 2]);
        app.update(Action::CycleSort);
        assert_eq!(app.sort(), crate::app::Sort::File);
    }
}
