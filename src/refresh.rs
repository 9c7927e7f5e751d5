//! Refreshing: every address fetched again, several at once but one at a
//! time per host ([`web::politely`]), each asking only whether it changed
//! (its kept copy's validators), its copy renewed when it did; then the
//! library loaded anew from what is kept. `--refresh` runs it once and
//! prints the [`Tally`]; the reader runs it on a thread of its own
//! ([`Refresher`]) and takes each reload as it comes, so the interface never
//! waits on the network.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::article::IdSet;
use crate::cache::ParseCache;
use crate::library::{Input, Library, LoadOptions, renew};
use crate::offline::Copies;
use crate::parse::marks::Marks;
use crate::web::{self, FetchError, Limits};

/// Everything a refresh needs, owned, so it can run on its own thread.
#[derive(Clone, Debug)]
pub struct Job {
    /// The inputs as the reader loaded them; the addresses among them are
    /// fetched again, and all of them read again.
    pub inputs: Vec<Input>,
    /// `--headline`, `--separator` and `[parse]`.
    pub marks: Marks,
    /// The parse cache's directory, unless `--no-cache`.
    pub cache_dir: Option<PathBuf>,
    /// Where the copies of fetched addresses are kept.
    pub copies_dir: PathBuf,
    /// Where bookmarked web articles are kept, so one its feed dropped
    /// stays in every library the refresh reads.
    pub bookmarked_dir: Option<PathBuf>,
    /// `[web]`.
    pub limits: Limits,
    /// The parse cache's budget, `[cache]`.
    pub cache_budget: u64,
    /// The reader opened on the first few inputs only (enough for its
    /// first screen): the rest are read from their kept copies before
    /// anything is fetched.
    pub load_first: bool,
}

impl Job {
    /// The addresses among the inputs.
    pub fn urls(&self) -> Vec<&str> {
        self.inputs
            .iter()
            .filter_map(|input| match input {
                Input::Url(subscription) => Some(subscription.url.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The library as the inputs and the kept copies have it now, with
    /// nothing fetched, and what reading them said (a damaged copy moved
    /// aside).
    pub fn load_kept(&self, copies: &Copies) -> (Library, Vec<String>) {
        let cache = self
            .cache_dir
            .as_deref()
            .map(|dir| ParseCache::new(dir, self.cache_budget));
        let options = LoadOptions {
            marks: &self.marks,
            cache: cache.as_ref(),
            web: self.limits,
            copies: Some(copies),
            offline: true,
            bookmarked: self.bookmarked_dir.as_deref(),
        };
        let (library, report) = Library::load_with(&self.inputs, options);
        let said = report.warnings.iter().map(ToString::to_string).collect();
        (library, said)
    }
}

/// How far a refresh has got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Addresses to fetch.
    pub total: usize,
    /// Addresses fetched (or failed) so far.
    pub done: usize,
    /// Of those, how many had changed.
    pub changed: usize,
    /// Of those, the ones that failed, and why.
    pub failed: Vec<FetchError>,
    /// Articles the library has now that it did not have when the refresh
    /// began.
    pub new: usize,
    /// What reading the kept copies again said, each once.
    pub notes: Vec<String>,
}

impl Tally {
    /// Takes in what one reading of the kept copies said, each sentence
    /// once however many reloads say it.
    pub fn note(&mut self, said: Vec<String>) {
        for said in said {
            if !self.notes.contains(&said) {
                self.notes.push(said);
            }
        }
    }

    /// As the status bar shows it while the refresh runs.
    pub fn progress(&self) -> String {
        let mut said = format!("refreshing {}/{}", self.done, self.total);
        if self.new > 0 {
            said.push_str(&format!(" · {} new", self.new));
        }
        if !self.failed.is_empty() {
            said.push_str(&format!(" · {} failed", self.failed.len()));
        }
        said
    }

    /// As it is said when the refresh is over.
    pub fn summary(&self) -> String {
        let addresses = plural(self.total, "address", "addresses");
        let new = plural(self.new, "new article", "new articles");
        let mut said = format!(
            "refreshed {addresses}: {} changed, {} unchanged",
            self.changed,
            self.done - self.changed - self.failed.len()
        );
        if !self.failed.is_empty() {
            said.push_str(&format!(", {} failed", self.failed.len()));
        }
        said.push_str(&format!("; {new}"));
        said
    }
}

/// `count` and its noun, singular or plural.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Fetches every address of `job` again, keeping what changed; `each` hears
/// the tally after every batch of fetches that finished together, with
/// whether any of them changed.
pub fn fetch_all(job: &Job, copies: &Copies, mut each: impl FnMut(&Tally, bool)) -> Tally {
    let urls = job.urls();
    let mut tally = Tally {
        total: urls.len(),
        ..Tally::default()
    };
    web::politely(
        &urls,
        |index| renew(urls[index], job.limits, copies),
        |batch| {
            let mut changed = false;
            for (_, result) in batch {
                tally.done += 1;
                match result {
                    Ok(true) => {
                        tally.changed += 1;
                        changed = true;
                    }
                    Ok(false) => {}
                    Err(failed) => tally.failed.push(failed),
                }
            }
            each(&tally, changed);
        },
    );
    tally
}

/// Articles of `after` whose ids `before` does not have.
pub fn count_new(before: &IdSet, after: &Library) -> usize {
    after.ids().iter().filter(|id| !before.contains(id)).count()
}

/// What a refresh running for the reader reports.
#[derive(Debug)]
pub enum RefreshEvent {
    /// More addresses were fetched; nothing changed.
    Progress(Tally),
    /// Something changed: the library as it is now.
    Reloaded { library: Library, tally: Tally },
    /// The refresh is over.
    Finished(Tally),
}

/// A refresh running on a thread of its own.
#[derive(Debug)]
pub struct Refresher {
    events: Receiver<RefreshEvent>,
}

impl Refresher {
    /// Starts refreshing `job`; new articles are counted against `before`,
    /// the library being read (or, with [`Job::load_first`], the whole
    /// library as kept). `wake` is called after each event is sent.
    pub fn spawn(job: Job, before: Arc<Library>, wake: impl Fn() + Send + 'static) -> Refresher {
        let (sender, events) = mpsc::channel();
        // A refresh that cannot start leaves the reader as it was; its
        // channel closing says it is over.
        let _ = thread::Builder::new()
            .name("refresh".into())
            .spawn(move || {
                let copies = Copies::new(&job.copies_dir);
                let (known, notes) = if job.load_first {
                    let (library, said) = job.load_kept(&copies);
                    let known: IdSet = library.ids().iter().copied().collect();
                    let mut tally = Tally {
                        total: job.urls().len(),
                        ..Tally::default()
                    };
                    tally.note(said);
                    let notes = tally.notes.clone();
                    let _ = sender.send(RefreshEvent::Reloaded { library, tally });
                    wake();
                    (known, notes)
                } else {
                    (before.ids().iter().copied().collect(), Vec::new())
                };
                drop(before);
                let mut last = Tally {
                    notes,
                    ..Tally::default()
                };
                let tally = fetch_all(&job, &copies, |tally, changed| {
                    let mut tally = tally.clone();
                    tally.new = last.new;
                    tally.notes = std::mem::take(&mut last.notes);
                    let event = if changed {
                        let (library, said) = job.load_kept(&copies);
                        tally.note(said);
                        tally.new = count_new(&known, &library);
                        RefreshEvent::Reloaded {
                            library,
                            tally: tally.clone(),
                        }
                    } else {
                        RefreshEvent::Progress(tally.clone())
                    };
                    last = tally;
                    let _ = sender.send(event);
                    wake();
                });
                let _ = sender.send(RefreshEvent::Finished(Tally {
                    new: last.new,
                    notes: last.notes,
                    ..tally
                }));
                wake();
            });
        Refresher { events }
    }

    /// The next event, if one is waiting.
    pub fn try_recv(&self) -> Option<RefreshEvent> {
        self.events.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::Reason;

    #[test]
    fn a_note_said_by_several_reloads_is_kept_once() {
        let mut tally = Tally::default();
        tally.note(vec!["a copy moved aside".into()]);
        tally.note(vec!["a copy moved aside".into(), "another".into()]);
        assert_eq!(tally.notes, ["a copy moved aside", "another"]);
    }

    #[test]
    fn the_tally_reads_as_a_person_says_it() {
        let mut tally = Tally {
            total: 40,
            done: 12,
            changed: 3,
            failed: Vec::new(),
            new: 0,
            notes: Vec::new(),
        };
        assert_eq!(tally.progress(), "refreshing 12/40");
        tally.new = 3;
        tally.failed.push(FetchError {
            url: "https://a.test/".into(),
            reason: Reason::Refused,
        });
        assert_eq!(tally.progress(), "refreshing 12/40 · 3 new · 1 failed");
        tally.done = 40;
        assert_eq!(
            tally.summary(),
            "refreshed 40 addresses: 3 changed, 36 unchanged, 1 failed; 3 new articles"
        );
        let one = Tally {
            total: 1,
            done: 1,
            new: 1,
            ..Tally::default()
        };
        assert_eq!(
            one.summary(),
            "refreshed 1 address: 0 changed, 1 unchanged; 1 new article"
        );
    }
}
