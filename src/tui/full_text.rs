//! An article's page fetched for its full text (`f`), on a thread of its
//! own so the reader never waits on the network: read as a saved page is
//! read, and kept with the other fetched addresses, so it opens again
//! offline.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::article::ArticleId;
use crate::library::{Input, Library, LoadError, LoadOptions};
use crate::offline::Copies;
use crate::parse::marks::Marks;
use crate::subscriptions::Subscription;
use crate::web::Limits;

/// How pages are fetched: where copies are kept, within what limits, and
/// whether fetching is allowed at all (`--offline`: kept copies only).
#[derive(Clone, Debug)]
pub struct Fetching {
    /// The cache directory's copies, if there is a cache directory.
    pub copies_dir: Option<PathBuf>,
    /// `[web]`.
    pub limits: Limits,
    /// `--offline`.
    pub offline: bool,
}

/// What came back for one article: its page, or why not.
type Arrived = (ArticleId, Result<Library, String>);

/// Pages being fetched, and the ones that arrived.
pub struct FullTexts {
    fetching: Fetching,
    sender: Sender<Arrived>,
    arrived: Receiver<Arrived>,
}

impl FullTexts {
    /// Ready to fetch with `fetching`.
    pub fn new(fetching: Fetching) -> FullTexts {
        let (sender, arrived) = mpsc::channel();
        FullTexts {
            fetching,
            sender,
            arrived,
        }
    }

    /// Fetches `url`, the page of article `id`, calling `wake` when it is
    /// in (or failed).
    pub fn fetch(&self, id: ArticleId, url: String, wake: impl Fn() + Send + 'static) {
        let fetching = self.fetching.clone();
        let sender = self.sender.clone();
        let started = std::thread::Builder::new()
            .name("full-text".into())
            .spawn(move || {
                let _ = sender.send((id, read_page(&url, &fetching)));
                wake();
            });
        if let Err(error) = started {
            let _ = self.sender.send((
                id,
                Err(format!("the full text could not be fetched: {error}")),
            ));
        }
    }

    /// A page that arrived, if one did.
    pub fn try_recv(&self) -> Option<Arrived> {
        self.arrived.try_recv().ok()
    }
}

/// `url` fetched (or read from its kept copy) and read into a library.
fn read_page(url: &str, fetching: &Fetching) -> Result<Library, String> {
    let copies = fetching.copies_dir.as_deref().map(Copies::new);
    let marks = Marks::default();
    let options = LoadOptions {
        marks: &marks,
        cache: None,
        web: fetching.limits,
        copies: copies.as_ref(),
        offline: fetching.offline,
        bookmarked: None,
    };
    let (library, report) = Library::load_with(&[Input::Url(Subscription::of(url))], options);
    match report.errors.into_iter().next() {
        Some(LoadError::Fetch(failed)) if library.articles.is_empty() => Err(failed.to_string()),
        Some(error) if library.articles.is_empty() => Err(error.to_string()),
        _ => Ok(library),
    }
}
