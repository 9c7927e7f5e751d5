//! The filter worker: runs queries on a thread of its own, so the interface
//! keeps drawing while a large library is searched.
//!
//! Every submitted query gets a generation number. A newer submission
//! cancels the run in progress at its next check, queued older queries are
//! skipped, and results of a superseded query are never handed out.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use super::engine::{Engine, Results};
use super::index::SearchIndex;
use super::matching::Match;

/// What the worker hands back.
#[derive(Clone, Debug)]
pub enum FilterEvent {
    /// The best rows so far of a run that is taking longer than a frame.
    Partial {
        /// The submission this belongs to.
        generation: u64,
        /// Best matches so far, best first.
        top: Vec<Match>,
        /// Candidates examined so far, and in all.
        examined: usize,
        /// Candidates in all.
        candidates: usize,
    },
    /// The complete, ranked results.
    Done {
        /// The submission this belongs to.
        generation: u64,
        /// The results.
        results: Arc<Results>,
    },
}

impl FilterEvent {
    /// The submission the event belongs to.
    pub fn generation(&self) -> u64 {
        match self {
            FilterEvent::Partial { generation, .. } | FilterEvent::Done { generation, .. } => {
                *generation
            }
        }
    }
}

/// A background thread owning an [`Engine`].
pub struct FilterWorker {
    jobs: Option<Sender<(u64, String)>>,
    events: Receiver<FilterEvent>,
    latest: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl FilterWorker {
    /// Starts the worker for `index`; it calls `on_event` after each event
    /// it sends, so the event loop can sleep until there is something to
    /// draw instead of polling. The worker first prepares the index, while
    /// the reader draws its first frame.
    pub fn spawn(index: Arc<SearchIndex>, on_event: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_queue) = mpsc::channel::<(u64, String)>();
        let (event_sender, events) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let current = latest.clone();
        let thread = std::thread::Builder::new()
            .name("folio-filter".into())
            .spawn(move || {
                index.prepare();
                serve(
                    Engine::new(index),
                    &job_queue,
                    &event_sender,
                    &current,
                    &on_event,
                );
            })
            .ok();
        FilterWorker {
            jobs: Some(jobs),
            events,
            latest,
            thread,
        }
    }

    /// Submits a query, superseding any earlier one; returns its generation.
    pub fn submit(&self, query: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(jobs) = &self.jobs {
            // A send fails only if the worker has gone; then nothing will come back.
            let _ = jobs.send((generation, query.to_string()));
        }
        generation
    }

    /// The generation of the latest submission.
    pub fn latest(&self) -> u64 {
        self.latest.load(Ordering::SeqCst)
    }

    /// The next event for the latest submission, without waiting.
    pub fn try_recv(&self) -> Option<FilterEvent> {
        self.events
            .try_iter()
            .find(|event| event.generation() == self.latest())
    }

    /// The next event for the latest submission, waiting up to `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<FilterEvent> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if event.generation() == self.latest() => return Some(event),
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

impl Drop for FilterWorker {
    fn drop(&mut self) {
        // Cancel the run in progress, close the queue, and wait for the thread.
        self.latest.fetch_add(1, Ordering::SeqCst);
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The worker loop: take the newest job, run it, send what it finds; with
/// no job waiting, fold article text ahead one chunk at a time, so the
/// first text search finds it folded and a query that comes meanwhile
/// waits for one chunk at most.
fn serve(
    mut engine: Engine,
    jobs: &Receiver<(u64, String)>,
    events: &Sender<FilterEvent>,
    latest: &AtomicU64,
    on_event: &dyn Fn(),
) {
    let mut text_left = true;
    loop {
        let mut job = if text_left {
            match jobs.try_recv() {
                Ok(job) => job,
                Err(TryRecvError::Empty) => {
                    text_left = engine.index().fold_text_ahead();
                    continue;
                }
                Err(TryRecvError::Disconnected) => return,
            }
        } else {
            match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        // Skip straight to the newest queued query.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (generation, query) = job;
        let superseded = || latest.load(Ordering::SeqCst) != generation;
        let mut report = |progress: super::engine::Progress<'_>| {
            let _ = events.send(FilterEvent::Partial {
                generation,
                top: progress.top.to_vec(),
                examined: progress.examined,
                candidates: progress.candidates,
            });
            on_event();
        };
        if let Some(results) = engine.run(&query, &superseded, &mut report)
            && !superseded()
        {
            let _ = events.send(FilterEvent::Done {
                generation,
                results,
            });
            on_event();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn worker(posts: usize) -> FilterWorker {
        let mut text = String::new();
        for i in 0..posts {
            text.push_str(&format!(
                "Headline number {i} about rivers\n\nBody {i}.\n\n"
            ));
        }
        FilterWorker::spawn(
            Arc::new(SearchIndex::new(Arc::new(Library::from_text("t", &text)))),
            || {},
        )
    }

    fn wait_done(worker: &FilterWorker) -> (u64, Arc<Results>) {
        loop {
            match worker.recv_timeout(Duration::from_secs(30)) {
                Some(FilterEvent::Done {
                    generation,
                    results,
                }) => return (generation, results),
                Some(FilterEvent::Partial { .. }) => continue,
                None => panic!("the worker did not answer"),
            }
        }
    }

    #[test]
    fn results_come_back_for_the_submitted_query() {
        let worker = worker(50);
        let generation = worker.submit("number 7");
        let (done, results) = wait_done(&worker);
        assert_eq!(done, generation);
        assert_eq!(results.query, "number 7");
        assert!(!results.matches.is_empty());
    }

    #[test]
    fn a_superseded_query_never_delivers_results() {
        let worker = worker(20_000);
        let first = worker.submit("rivers");
        let second = worker.submit("number 19999");
        assert!(second > first);
        let (done, results) = wait_done(&worker);
        assert_eq!(done, second);
        assert_eq!(results.query, "number 19999");
        // Nothing from the first submission is waiting behind it either.
        assert!(worker.try_recv().is_none());
    }

    #[test]
    fn each_result_rings_the_wake_up_already_waiting_to_be_taken() {
        let (rings, rung) = mpsc::channel();
        let library = Library::from_text(
            "t",
            "Rivers rise here\n\nBody.\n\nHills fall there\n\nMore.",
        );
        let worker =
            FilterWorker::spawn(Arc::new(SearchIndex::new(Arc::new(library))), move || {
                let _ = rings.send(());
            });
        let generation = worker.submit("hills");
        // The event loop sleeps until this wake: no key, no polling.
        rung.recv_timeout(Duration::from_secs(30)).expect("a wake");
        match worker.try_recv() {
            Some(FilterEvent::Done {
                generation: done,
                results,
            }) => {
                assert_eq!(done, generation);
                assert_eq!(results.matches.len(), 1);
            }
            _ => panic!("the result was not there when the wake came"),
        }
    }
}
